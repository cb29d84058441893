"""The async database interface every store is written against.

Stores write portable SQL with `?` placeholders and the few dialect words this interface
exposes (`now_sql`, `serial_key`, ...), so no SQLite- or PostgreSQL-only SQL leaks into the
core and both backends run one contract test suite.
"""

from __future__ import annotations

import os
import traceback
from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any, Protocol

Row = Sequence[Any]
#: One statement and its parameters.
Statement = tuple[str, Sequence[Any]]


class CommitUnknown(Exception):
    """A transaction's COMMIT was sent but never confirmed (its connection dropped while
    waiting for the answer): the transaction may be durable or not. Callers that would
    answer "try again" must find out first, since trying again may repeat what was done.
    Raised from the error that cut the answer off."""


def commit_unknown(error: BaseException | None) -> bool:
    """Whether `error`, or an error it was raised from, is a CommitUnknown."""
    while error is not None:
        if isinstance(error, CommitUnknown):
            return True
        error = error.__cause__
    return False


class Executor(Protocol):
    """Runs statements, either alone (autocommit) or inside a transaction."""

    async def execute(self, sql: str, *params: Any) -> int:
        """Run a statement; returns the number of rows it changed."""
        ...

    async def fetchone(self, sql: str, *params: Any) -> Row | None: ...

    async def fetchall(self, sql: str, *params: Any) -> list[Row]: ...

    async def fetchval(self, sql: str, *params: Any) -> Any:
        """The first column of the first row, or None."""
        ...

    async def fetchall_for_values(self, sql: str, *params: Any) -> list[Row]:
        """`fetchall`, planned for these very parameter values. For a read whose best plan
        depends on them (long IN lists into a growing table), where a plan cached for other
        values may scan what an index would seek."""
        ...

    async def execute_all(self, statements: Sequence[Statement]) -> None:
        """Run statements in this order. A backend may send them all before waiting for the
        first to finish. If one fails its error is raised, and statements after it may or may
        not have run: inside a transaction, which then rolls back, that makes no difference."""
        ...

    async def execute_together(self, statements: Sequence[Statement]) -> None:
        """Run writes that do not depend on each other: none reads or writes a row another
        of them writes, and a row a foreign key needs is listed before the row needing it.
        A backend may run them in this order or as one statement (whose keys are checked
        after all of it), so they cost one wait instead of one each."""
        ...


class Database(ABC):
    """A connection (pool) to one database. Rows come back as sequences (by position)."""

    dialect: str
    #: SQL for the database's current time, as epoch seconds (a float).
    now_sql: str
    #: Column definition of an auto-numbered integer primary key.
    serial_key: str
    #: Row-lock suffix for a SELECT that must keep a row stable until commit ("" where the
    #: whole transaction is already exclusive, as in SQLite's BEGIN IMMEDIATE).
    lock_suffix: str
    #: Statement that serialises migrations across processes (None where a write
    #: transaction already excludes every other writer).
    migration_lock_sql: str | None = None

    @abstractmethod
    async def execute(self, sql: str, *params: Any) -> int: ...

    @abstractmethod
    async def fetchone(self, sql: str, *params: Any) -> Row | None: ...

    @abstractmethod
    async def fetchall(self, sql: str, *params: Any) -> list[Row]: ...

    async def fetchval(self, sql: str, *params: Any) -> Any:
        row = await self.fetchone(sql, *params)
        return row[0] if row else None

    async def fetchall_for_values(self, sql: str, *params: Any) -> list[Row]:
        """See `Executor.fetchall_for_values` (a backend that plans for values overrides
        this)."""
        return await self.fetchall(sql, *params)

    async def execute_all(self, statements: Sequence[Statement]) -> None:
        """Outside a transaction: one after another, each committed on its own."""
        for sql, params in statements:
            await self.execute(sql, *params)

    async def execute_together(self, statements: Sequence[Statement]) -> None:
        """Outside a transaction: as `execute_all`, each committed on its own."""
        await self.execute_all(statements)

    @abstractmethod
    async def refresh_statistics(self, tables: Sequence[str]) -> None:
        """Bring the query planner's statistics of `tables` (names from code, never from
        users) up to date, after they grew (`bot/storage/statistics.py`)."""

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Executor]:
        """A write transaction: committed when the block exits cleanly, else rolled back;
        `CommitUnknown` when a COMMIT's outcome cannot be known (a backend that knows it
        always, like SQLite's, never raises it)."""

    @abstractmethod
    async def close(self) -> None: ...

    async def now(self) -> float:
        """The database's clock, the arbiter of deadlines shared by every bot instance."""
        return float(await self.fetchval(f"SELECT {self.now_sql}"))

    #: Errors that mean the database could not be reached, stopped answering or takes no
    #: writes just now (not that a statement was wrong): a connection refused, dropped or
    #: timed out, a commit never confirmed. A backend adds its driver's own, and `away`
    #: may recognise more (`PostgresDatabase`, `SqliteDatabase`: a full disk, read-only).
    unreachable_errors: tuple[type[BaseException], ...] = (OSError, CommitUnknown)

    def unreachable(self, error: BaseException) -> bool:
        """Whether `error`, or an error it was raised from, says the database is away: a
        failure the next try may not meet, where any other is a fault to fix.

        Only one raised on its way out of the storage layer: a command's connection error is
        not always the database's (aiohttp's are OSErrors: Slack's API away, a chart's file
        refused), and was logged as a database outage, the rest of it at DEBUG."""
        seen: BaseException | None = error
        while seen is not None:
            if self.away(seen) and _through_storage(seen):
                return True
            seen = seen.__cause__ or seen.__context__
        return False

    def away(self, error: BaseException) -> bool:
        """Whether this one error, whatever raised it, is one of `unreachable_errors`."""
        return isinstance(error, self.unreachable_errors)

    def ddl(self, statement: str) -> str:
        """Fill the dialect words of a migration statement (`{serial_key}`, `{real}`, `{now}`:
        the database's clock, in seconds since the epoch)."""
        return statement.format(serial_key=self.serial_key, real=self.real_type, now=self.now_sql)

    real_type: str = "DOUBLE PRECISION"


#: The storage layer's folder: every statement goes out through a module in it.
_STORAGE = str(Path(__file__).resolve().parent) + os.sep


def _through_storage(error: BaseException) -> bool:
    """Whether `error` was raised in, or passed through, a module of the storage layer."""
    return any(
        frame.f_code.co_filename.startswith(_STORAGE)
        for frame, _ in traceback.walk_tb(error.__traceback__)
    )
