"""Instances starting at once on a fresh database: every one migrates and starts.

Three processes (real ones, each with its own connection pool) wait at a barrier, then all
migrate the same fresh PostgreSQL schema at the same moment; and the same on one fresh
SQLite file. Before the ledger was created under the migration lock, most such starts on
PostgreSQL failed with a unique violation on `pg_type`.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import asyncpg
import pytest

from bot.storage import postgres
from bot.storage.factory import open_database
from bot.storage.migrate import schema_version
from bot.storage.migrations import all_migrations
from tests.conftest import POSTGRES_URL, drop_postgres_schema, open_postgres_schema
from tests.database_line import DatabaseLine
from tests.test_database_outages import waiting_on_a_lock

ROOT = Path(__file__).resolve().parents[1]
INSTANCES = 3
ROUNDS = 5
#: One starter: connect, say "ready", wait for "go", migrate, print the schema version.
STARTER = """
import asyncio, sys
from bot.storage.migrate import migrate, schema_version
from bot.storage.postgres import PostgresDatabase
from bot.storage.sqlite import SqliteDatabase

async def main(kind, target):
    if kind == "postgresql":
        db = await PostgresDatabase.open(sys.argv[3], schema=target)
    else:
        db = await SqliteDatabase.open(target)
    print("ready", flush=True)
    sys.stdin.readline()
    await migrate(db)
    print(await schema_version(db), flush=True)
    await db.close()

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


async def race(kind: str, target: str) -> list[tuple[int | None, str, str]]:
    """Start the starters, release them together; (exit code, stdout, stderr) of each."""
    starters = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            STARTER,
            kind,
            target,
            POSTGRES_URL,
            cwd=ROOT,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(INSTANCES)
    ]
    for starter in starters:
        assert starter.stdout is not None
        assert await starter.stdout.readline() == b"ready\n"
    for starter in starters:
        assert starter.stdin is not None
        starter.stdin.write(b"go\n")
    for starter in starters:
        assert starter.stdin is not None
        await starter.stdin.drain()
    results = []
    for starter in starters:
        out, err = await starter.communicate()
        results.append((starter.returncode, out.decode(), err.decode()))
    return results


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
async def test_three_instances_migrate_a_fresh_database_at_once(kind: str, tmp_path: Path) -> None:
    latest = max(m.version for m in all_migrations())
    for round_number in range(ROUNDS):
        if kind == "postgresql":
            db, target = await open_postgres_schema()  # a fresh, empty schema
            await db.close()
        else:
            target = str(tmp_path / f"race-{round_number}.db")
        try:
            results = await race(kind, target)
        finally:
            if kind == "postgresql":
                await drop_postgres_schema(target)
        assert [(code, out.strip()) for code, out, _ in results] == [
            (0, str(latest))
        ] * INSTANCES, [err[-800:] for _, _, err in results]


async def test_a_start_waiting_on_another_instances_migrations_outlasts_the_command_limit(
    line: DatabaseLine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another instance migrating (here: holding the migration lock) for longer than a
    statement may run: the start waits for it and migrates, instead of failing as if
    the database were unusable."""
    limit = 0.2
    monkeypatch.setattr(postgres, "COMMAND_TIMEOUT", limit)
    other = await asyncpg.connect(line.server_url)
    try:
        await other.execute("SELECT pg_advisory_lock(72431)")  # the migration lock's key
        opening = asyncio.create_task(open_database(line.server_url))
        await waiting_on_a_lock(other)
        await other.execute("SELECT pg_sleep($1)", 3 * limit)  # the other's migrations
        await other.execute("SELECT pg_advisory_unlock(72431)")
        db = await opening
    finally:
        await other.close()
    try:
        assert await schema_version(db) == all_migrations()[-1].version
    finally:
        await db.close()
