"""Shared fixtures: every storage test runs against SQLite and PostgreSQL alike."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from bot.clock import ManualClock
from bot.storage.database import Database
from bot.storage.migrate import migrate
from bot.storage.postgres import PostgresDatabase
from bot.storage.sqlite import SqliteDatabase

#: The PostgreSQL server every development and CI machine runs (trust auth).
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://root@127.0.0.1:5432/test")
#: 2026-03-02 09:00:00 UTC, a Monday: a fixed start for injected clocks.
START = 1772442000.0


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


async def open_postgres_schema() -> tuple[PostgresDatabase, str]:
    """A fresh PostgreSQL schema so tests never see each other's rows."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    connection = await asyncpg.connect(POSTGRES_URL)
    try:
        await connection.execute(f'CREATE SCHEMA "{schema}"')
    finally:
        await connection.close()
    return await PostgresDatabase.open(POSTGRES_URL, schema=schema, max_size=20), schema


async def drop_postgres_schema(schema: str) -> None:
    connection = await asyncpg.connect(POSTGRES_URL)
    try:
        await connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
    finally:
        await connection.close()


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated database of each kind: the storage contract suite runs against both."""
    if request.param == "sqlite":
        db: Database = await SqliteDatabase.open(str(tmp_path / "bot.db"))
        await migrate(db)
        yield db
        await db.close()
        return
    db, schema = await open_postgres_schema()
    await migrate(db)
    yield db
    await db.close()
    await drop_postgres_schema(schema)
