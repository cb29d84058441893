"""SQLite through aiosqlite: WAL, a busy timeout and foreign keys, one serialised writer."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage.database import Database, Executor, Row, Statement

BUSY_TIMEOUT_MS = 10_000
#: SQLite's result codes for a file that takes no writes just now: its disk full, the file
#: or its folder made read-only, an I/O error. Whoever runs the bot must fix those, and no
#: statement is at fault: an outage, logged when it starts and when it ends (`away`), where
#: each vote logged two tracebacks of its own, and the log may be on that same full disk.
REFUSING_WRITES = frozenset({sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR})


def misplaced(file: Path) -> str | None:
    """Why no SQLite database can be at `file`, as the fix an operator makes; None when
    nothing in the way is known. Said before opening: the folders' creation would fail
    with "[Errno 17] File exists" (or 20, "Not a directory"), and SQLite, given a folder,
    with "unable to open database file", neither naming what is in the way."""
    if file.is_dir():
        return (
            f"{file} is a folder, not a file: DATABASE_URL names the database file itself, "
            f"e.g. {file / 'bot.db'}"
        )
    folder = next(folder for folder in file.parents if folder.exists())
    if not folder.is_dir():
        return (
            f"{folder} is a file, not a folder, so {file} cannot be created there: "
            "move that file, or set DATABASE_URL to a path in another folder"
        )
    return None


def _prepare(file: Path) -> None:
    """Create the folders of `file` and check that SQLite can open it there; ValueError
    saying what is wrong and what to do otherwise. The open is tried with the sqlite3
    module: when aiosqlite's fails, its thread calls back into the event loop, which may
    have closed by then (a traceback from that thread as the refused process exits)."""
    problem = misplaced(file)
    if problem:
        raise ValueError(problem)
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ValueError(
            f"cannot create the folder {file.parent} ({error.strerror or error}): "
            "create it, or set DATABASE_URL to a path in a writable folder"
        ) from None
    try:
        sqlite3.connect(file).close()
    except sqlite3.Error as error:
        raise ValueError(
            f"cannot open {file} ({error}): check that the bot may create and write files "
            "in that folder, or set DATABASE_URL to another path"
        ) from None


class _Cursorless:
    """Statement helpers over one aiosqlite connection (shared by autocommit and transactions)."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection

    async def execute(self, sql: str, *params: Any) -> int:
        # A statement that changes rows has finished when execute returns, and its cursor
        # holds nothing: it is left to the garbage collector (as BEGIN's and COMMIT's are)
        # instead of costing a second trip to aiosqlite's thread to close it.
        cursor = await self._connection.execute(sql, params)
        return cursor.rowcount

    async def execute_all(self, statements: Sequence[Statement]) -> None:
        # aiosqlite's thread runs its queue in order. Queued together, the statements cost
        # the event loop one wait for the lot instead of one pass per statement, which is
        # what bounds a group commit of votes on a busy loop.
        done = await asyncio.gather(
            *(self._connection.execute(sql, params) for sql, params in statements),
            return_exceptions=True,
        )
        for outcome in done:
            if isinstance(outcome, BaseException):
                raise outcome

    async def execute_together(self, statements: Sequence[Statement]) -> None:
        await self.execute_all(statements)  # already one wait for the lot

    async def fetchone(self, sql: str, *params: Any) -> Row | None:
        async with self._connection.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def fetchall(self, sql: str, *params: Any) -> list[Row]:
        # One trip to aiosqlite's thread, where execute, fetch and close would be three.
        return list(await self._connection.execute_fetchall(sql, params))

    async def fetchall_for_values(self, sql: str, *params: Any) -> list[Row]:
        # SQLite's planner does not pick plans by parameter values: nothing to re-plan.
        return await self.fetchall(sql, *params)

    async def fetchval(self, sql: str, *params: Any) -> Any:
        row = await self.fetchone(sql, *params)
        return row[0] if row else None


class SqliteDatabase(Database):
    """One connection, used by one task at a time.

    aiosqlite runs every statement on a single thread; interleaving two coroutines'
    transactions on one connection would mix them, so a lock serialises every use. Writers
    take `BEGIN IMMEDIATE` so a second process waits (busy timeout) instead of failing late.
    """

    dialect = "sqlite"
    now_sql = "((julianday('now') - 2440587.5) * 86400.0)"
    serial_key = "INTEGER PRIMARY KEY AUTOINCREMENT"
    lock_suffix = ""
    real_type = "REAL"

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection
        self._statements = _Cursorless(connection)
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str) -> SqliteDatabase:
        """Open (creating folders as needed) with WAL, busy timeout and foreign keys on;
        ValueError naming what is in the way of a path that cannot hold the database."""
        if path != ":memory:":
            _prepare(Path(path))
        connection = await aiosqlite.connect(path, isolation_level=None)
        try:
            await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await connection.execute("PRAGMA journal_mode = WAL")
            await connection.execute("PRAGMA synchronous = NORMAL")
            await connection.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            # aiosqlite's thread is not a daemon: left running, it kept the process alive
            # after "Cannot start: … file is not a database", a start that never ended.
            await connection.close()
            raise
        return cls(connection)

    def away(self, error: BaseException) -> bool:
        code = getattr(error, "sqlite_errorcode", None)
        refusing = isinstance(code, int) and code & 0xFF in REFUSING_WRITES
        return super().away(error) or (isinstance(error, sqlite3.Error) and refusing)

    async def execute(self, sql: str, *params: Any) -> int:
        async with self._lock:
            return await self._statements.execute(sql, *params)

    async def fetchone(self, sql: str, *params: Any) -> Row | None:
        async with self._lock:
            return await self._statements.fetchone(sql, *params)

    async def fetchall(self, sql: str, *params: Any) -> list[Row]:
        async with self._lock:
            return await self._statements.fetchall(sql, *params)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Executor]:
        async with self._lock:
            await self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield self._statements
                await self._connection.execute("COMMIT")
            except BaseException:
                # A failed COMMIT (busy, I/O) may leave the transaction open; never leave
                # the shared connection inside it, or every later BEGIN would fail.
                if self._connection.in_transaction:
                    with contextlib.suppress(Exception):
                        await self._connection.execute("ROLLBACK")
                raise

    async def refresh_statistics(self, tables: Sequence[str]) -> None:
        """Nothing to do: without statistics SQLite's planner already seeks an index by
        every key column an equality or IN list binds (EXPLAIN QUERY PLAN of the vote
        batch's read: `SEARCH poll_votes USING INDEX ... (poll_id=? AND ... voter_id=?)`)."""

    async def close(self) -> None:
        await self._connection.close()
