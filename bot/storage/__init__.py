"""Storage: one async database interface, SQLite and PostgreSQL behind it, portable SQL above."""
