"""Open the database named by DATABASE_URL and bring its schema up to date."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bot.config import MASK, masked_url
from bot.storage.database import Database
from bot.storage.migrate import migrate, unknown_entries

SQLITE_PREFIX = "sqlite:///"
SQLITE_MEMORY = ":memory:"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")


class DatabaseUnavailable(Exception):
    """The database cannot be opened or migrated. The message is one line naming the
    database by its masked URL, so it can be printed or logged as it is."""

    def __init__(self, url: str, error: BaseException) -> None:
        reason = " ".join((str(error) or type(error).__name__).split())  # one line
        for secret in _passwords(url):
            reason = reason.replace(secret, MASK)
        super().__init__(f"the database {masked_url(url)} is unusable: {reason}")


def _passwords(url: str) -> list[str]:
    """The URL itself and its password, in every spelling an error message might quote."""
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    spellings = [url, password, unquote(password)] if password else [url]
    return [s for s in spellings if s]


def sqlite_path(url: str) -> str | None:
    """The SQLite file (or `:memory:`) a URL names; None when it is not a SQLite URL."""
    return url.removeprefix(SQLITE_PREFIX) if url.startswith(SQLITE_PREFIX) else None


def misplaced_sqlite_file(url: str) -> str | None:
    """Why the SQLite file a URL names cannot hold a database (it is a folder, or under a
    file), in the words a start uses, for commands that only read (`export-votes`), which
    said "not readable as SQLite: disk I/O error" of a folder. None when nothing is in the
    way, or for PostgreSQL and memory."""
    path = sqlite_path(url)
    if path is None or path == SQLITE_MEMORY:
        return None
    from bot.storage.sqlite import misplaced

    return misplaced(Path(path))


def missing_sqlite_file(url: str) -> Path | None:
    """The SQLite file a URL names if it does not exist, for commands that only read
    (`export-votes`): `open_database` would create it empty, so a typo in DATABASE_URL or
    the wrong working folder would answer "no such poll" and leave an empty database
    behind. None for PostgreSQL (a server database exists or fails to connect) and memory."""
    path = sqlite_path(url)
    if path is None or path == SQLITE_MEMORY or Path(path).exists():
        return None
    return Path(path)


def foreign_sqlite_file(url: str) -> tuple[Path, str] | None:
    """The existing SQLite file a URL names and why it is not this bot's database, for
    commands that only read (`export-votes`): `open_database` would migrate it, adding the
    bot's tables to someone else's file. The file is opened read-only, so this check changes
    nothing (`SqliteDatabase.open` would switch it to WAL). None when the file has a ledger
    of this bot's migrations, or is missing (`missing_sqlite_file`), in memory or not SQLite.
    """
    path = sqlite_path(url)
    if path is None or path == SQLITE_MEMORY or not Path(path).exists():
        return None
    file = Path(path).absolute()
    try:
        with closing(sqlite3.connect(f"{file.as_uri()}?mode=ro", uri=True)) as db:
            has_ledger = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            ).fetchone()
            if not has_ledger:
                return file, "no schema_migrations table"
            unknown = unknown_entries(db.execute("SELECT version, name FROM schema_migrations"))
    except sqlite3.DatabaseError as error:  # not SQLite, or an unreadable file
        return file, f"not readable as SQLite: {error}"
    return (file, _unknown(unknown)) if unknown else None


async def foreign_postgres_database(url: str) -> tuple[str, str] | None:
    """The PostgreSQL database a URL names (masked) and why it is not this bot's, for
    commands that only read, as `foreign_sqlite_file` is for SQLite: `open_database` would
    create the bot's tables in someone else's database. Nothing is written. None when the
    database has a ledger of this bot's migrations, or the URL is not PostgreSQL."""
    if not url.startswith(POSTGRES_PREFIXES):
        return None
    import asyncpg

    from bot.storage.postgres import COMMAND_TIMEOUT, CONNECT_TIMEOUT

    connection = await asyncpg.connect(
        url, timeout=CONNECT_TIMEOUT, command_timeout=COMMAND_TIMEOUT
    )
    try:
        if await connection.fetchval("SELECT to_regclass('schema_migrations')") is None:
            return masked_url(url), "no schema_migrations table"
        rows = await connection.fetch("SELECT version, name FROM schema_migrations")
    finally:
        await connection.close()
    unknown = unknown_entries((row["version"], row["name"]) for row in rows)
    return (masked_url(url), _unknown(unknown)) if unknown else None


def _unknown(entries: list[str]) -> str:
    return f"migrations this bot does not know: {', '.join(entries)}"


async def open_database(url: str) -> Database:
    """`sqlite:///path/to/file.db`, `sqlite:///:memory:` or `postgresql://user@host/db`;
    raises `DatabaseUnavailable` if it cannot be opened or migrated."""
    try:
        return await _open(url)
    except Exception as error:
        raise DatabaseUnavailable(url, error) from error


async def _open(url: str) -> Database:
    path = sqlite_path(url)
    if path is not None:
        from bot.storage.sqlite import SqliteDatabase

        return await _migrated(await SqliteDatabase.open(path))
    if url.startswith(POSTGRES_PREFIXES):
        from bot.storage.postgres import PostgresDatabase

        # Migrations may rightly take longer than any command (an index built over every
        # vote, another instance's migrations to wait for): one connection of their own
        # without the commands' time limit, then the pool the bot runs on.
        unlimited = await PostgresDatabase.open(url, max_size=1, time_limit=False)
        await (await _migrated(unlimited)).close()
        return await PostgresDatabase.open(url)
    raise ValueError(
        f"DATABASE_URL must start with sqlite:/// or postgresql:// (got {url.split(':', 1)[0]!r})"
    )


async def _migrated(db: Database) -> Database:
    """`db` with its schema brought up to date; closed if that fails."""
    try:
        await migrate(db)
    except BaseException:
        await db.close()
        raise
    return db
