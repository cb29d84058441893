"""PostgreSQL through asyncpg, for when one machine (one SQLite file) is not enough."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from asyncpg.types import ServerVersion

from bot.storage.database import CommitUnknown, Database, Executor, Row, Statement

_PLACEHOLDER = re.compile(r"\?")
#: PostgreSQL's limit of bound parameters in one statement (the wire protocol's Int16).
MAX_STATEMENT_PARAMETERS = 32_767
#: The oldest server the bot runs on: `plan_cache_mode` and `ANALYZE (SKIP_LOCKED)` are 12's.
MIN_SERVER_VERSION = 12
#: Seconds to open a connection. asyncpg's default (60) kept a command waiting a minute on
#: a server that accepts the TCP connection but never answers; a reachable server answers
#: within milliseconds, a distant one with TLS within one or two seconds.
CONNECT_TIMEOUT = 5.0
#: Seconds one statement may run before it is given up (and the command answers "try
#: again"): without it a statement sent to a server that stopped answering waited for good.
#: The longest the bot's own statements legitimately take is a vote batch at 500 clicks in
#: flight, p99 about 70 ms (bench/README.md), or ANALYZE of the vote tables: 10 s leaves
#: room for a slow disk and a lock held by another instance's batch. Migrations (an index
#: built over every vote, or waiting for another instance's migrations) have no limit:
#: `open(time_limit=False)`. A timed-out statement's connection may then take as long
#: again to cancel the statement and roll back before it is dropped.
COMMAND_TIMEOUT = 10.0


def _refused(error: Exception) -> bool:
    """Whether the server itself refused (a serialization failure, a deferred constraint):
    its answer came, so nothing was committed. A lost connection (class 08) is no answer."""
    return isinstance(error, asyncpg.PostgresError) and not isinstance(
        error, asyncpg.PostgresConnectionError
    )


@functools.lru_cache(maxsize=128)  # a little more than asyncpg caches statements (100)
def _numbered(sql: str) -> str:
    """Portable `?` placeholders as asyncpg's `$1, $2, ...`. Cached: a vote batch's
    statements carry hundreds of placeholders and recur with every batch of that size
    (renumbering them took ~1.5% of a Slack vote's CPU, py-spy)."""
    counter = itertools.count(1)
    return _PLACEHOLDER.sub(lambda _: f"${next(counter)}", sql)


def _changed(status: str) -> int:
    """Rows changed, from a command tag such as `INSERT 0 1` or `UPDATE 3`."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


def _combined(statements: Sequence[Statement]) -> list[Statement]:
    """Independent writes as few statements as PostgreSQL's parameter limit allows: each
    `WITH w1 AS (...), w2 AS (...) SELECT 1`, whose data-modifying parts all run, on one
    snapshot, with foreign keys checked after the last. One round trip where there were
    one per statement (4 for a batch of votes), each of which waits for a busy event loop.
    """
    groups: list[list[Statement]] = []
    size = MAX_STATEMENT_PARAMETERS + 1
    for statement in statements:
        if size + len(statement[1]) > MAX_STATEMENT_PARAMETERS:
            groups.append([])
            size = 0
        groups[-1].append(statement)
        size += len(statement[1])
    return [
        group[0]
        if len(group) == 1
        else (
            "WITH "
            + ", ".join(f"w{n} AS ({sql})" for n, (sql, _) in enumerate(group, 1))
            + " SELECT 1",
            [value for _, params in group for value in params],
        )
        for group in groups
    ]


def check_server_version(version: ServerVersion) -> None:
    """ValueError naming both versions when the server is older than the bot needs (it
    would otherwise fail at the first vote, on a setting the server does not know)."""
    if version.major < MIN_SERVER_VERSION:
        raise ValueError(
            f"PostgreSQL {MIN_SERVER_VERSION} or later is needed; "
            f"this server is {version.major}.{version.minor}"
        )


async def _keep_session(connection: asyncpg.Connection) -> None:
    """What the pool runs on a connection handed back, after asyncpg has rolled back any
    open transaction: nothing. Its default sends `SELECT pg_advisory_unlock_all(); CLOSE
    ALL; UNLISTEN *; RESET ALL` every time, one more round trip after each statement and
    each transaction (a vote batch's commit waited for it). The bot leaves nothing behind
    in a session for it to clear: settings are `SET LOCAL`, advisory locks
    transaction-level, and it neither listens nor keeps cursors (tests/test_storage.py)."""


class _Statements:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self._connection = connection

    async def execute(self, sql: str, *params: Any) -> int:
        return _changed(await self._connection.execute(_numbered(sql), *params))

    async def fetchone(self, sql: str, *params: Any) -> Row | None:
        return await self._connection.fetchrow(_numbered(sql), *params)

    async def fetchall(self, sql: str, *params: Any) -> list[Row]:
        return list(await self._connection.fetch(_numbered(sql), *params))

    async def fetchval(self, sql: str, *params: Any) -> Any:
        return await self._connection.fetchval(_numbered(sql), *params)

    async def fetchall_for_values(self, sql: str, *params: Any) -> list[Row]:
        # Only inside a transaction (SET LOCAL ends with it): the pool's own default stays.
        await self._connection.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        rows = await self.fetchall(sql, *params)
        await self._connection.execute("SET LOCAL plan_cache_mode TO DEFAULT")
        return rows

    async def execute_all(self, statements: Sequence[Statement]) -> None:
        # One connection runs one statement at a time.
        for sql, params in statements:
            await self.execute(sql, *params)

    async def execute_together(self, statements: Sequence[Statement]) -> None:
        for sql, params in _combined(statements):
            await self.execute(sql, *params)


class PostgresDatabase(Database):
    """A connection pool; each statement or transaction borrows one connection."""

    dialect = "postgresql"
    now_sql = "extract(epoch from clock_timestamp())::double precision"
    serial_key = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    lock_suffix = " FOR UPDATE"
    real_type = "DOUBLE PRECISION"
    migration_lock_sql = "SELECT pg_advisory_xact_lock(72431)"
    #: A connection lost or refused by the server (class 08), or closed under a statement
    #: ("connection was closed in the middle of operation", a subclass); and a server that
    #: takes no writes just now: out of disk or other resources (class 53), or read-only
    #: (25006: a standby after a failover, `default_transaction_read_only`), which whoever
    #: runs the bot must fix and no statement caused.
    unreachable_errors = (
        *Database.unreachable_errors,
        asyncpg.PostgresConnectionError,
        asyncpg.InsufficientResourcesError,
        asyncpg.ReadOnlySQLTransactionError,
    )

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    @classmethod
    async def open(
        cls,
        dsn: str,
        *,
        schema: str | None = None,
        min_size: int = 1,
        max_size: int = 10,
        time_limit: bool = True,
    ) -> PostgresDatabase:
        """Open a pool; `schema` (tests) puts every table in its own PostgreSQL schema.
        Connections time out after CONNECT_TIMEOUT, statements after COMMAND_TIMEOUT unless
        `time_limit` is off (migrations).

        asyncpg prepares each statement once per connection, and after five runs PostgreSQL
        may switch a prepared statement to one generic plan. That is what the foreign-key
        checks of every insert want (planned once, not per row: forcing custom plans on the
        whole connection doubled the cost of inserting a batch of 98 votes, 4.7 to 9.8 ms),
        but not the vote batch's `(poll_id = ? AND ... AND voter_id IN (...)) OR ...` read,
        whose generic plan grew from 2 to 20-35 ms as a poll reached a few thousand votes:
        that read alone is planned for its values (`fetchall_for_values`). Those figures
        are from tables without statistics. With statistics, which the bot now keeps
        (`bot/storage/statistics.py`), both plans seek by key (EXPLAIN at 10,000 votes).
        A fresh database has none until the first refresh, and there the generic plan
        still scans 7x longer than the custom one (34 against 5 ms).
        """
        settings = {"search_path": schema} if schema else {}
        pool = await asyncpg.create_pool(
            dsn,
            min_size=min_size,
            max_size=max_size,
            server_settings=settings,
            reset=_keep_session,
            timeout=CONNECT_TIMEOUT,
            command_timeout=COMMAND_TIMEOUT if time_limit else None,
        )
        async with pool.acquire() as connection:
            version = connection.get_server_version()
        try:
            check_server_version(version)
        except ValueError:
            await pool.close()
            raise
        return cls(pool)

    async def execute(self, sql: str, *params: Any) -> int:
        async with self._pool.acquire() as connection:
            return await _Statements(connection).execute(sql, *params)

    async def fetchone(self, sql: str, *params: Any) -> Row | None:
        async with self._pool.acquire() as connection:
            return await _Statements(connection).fetchone(sql, *params)

    async def fetchall(self, sql: str, *params: Any) -> list[Row]:
        async with self._pool.acquire() as connection:
            return await _Statements(connection).fetchall(sql, *params)

    async def fetchall_for_values(self, sql: str, *params: Any) -> list[Row]:
        async with self.transaction() as tx:
            return await tx.fetchall_for_values(sql, *params)

    async def refresh_statistics(self, tables: Sequence[str]) -> None:
        # SKIP_LOCKED: a table another instance (or autovacuum) is analysing is being done.
        await self.execute(f"ANALYZE (SKIP_LOCKED) {', '.join(tables)}")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Executor]:
        async with self._pool.acquire() as connection:
            committing = False
            try:
                async with connection.transaction():
                    yield _Statements(connection)
                    committing = True
            except Exception as error:
                if committing and not _refused(error):  # the COMMIT's answer is what failed
                    raise CommitUnknown("the database did not confirm a commit") from error
                raise

    async def close(self) -> None:
        await self._pool.close()
