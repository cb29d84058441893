"""Open the database named by DATABASE_URL and bring its schema up to date."""

from __future__ import annotations

from bot.storage.database import Database
from bot.storage.migrate import migrate

SQLITE_PREFIX = "sqlite:///"


async def open_database(url: str) -> Database:
    """`sqlite:///path/to/file.db`, `sqlite:///:memory:` or `postgresql://user@host/db`."""
    if url.startswith(SQLITE_PREFIX):
        from bot.storage.sqlite import SqliteDatabase

        db: Database = await SqliteDatabase.open(url.removeprefix(SQLITE_PREFIX))
    elif url.startswith(("postgresql://", "postgres://")):
        from bot.storage.postgres import PostgresDatabase

        db = await PostgresDatabase.open(url)
    else:
        raise ValueError(
            "DATABASE_URL must start with sqlite:/// or postgresql:// "
            f"(got {url.split(':', 1)[0]!r})"
        )
    try:
        await migrate(db)
    except BaseException:
        await db.close()
        raise
    return db
