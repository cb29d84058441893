"""Shared fixtures: every storage test runs against SQLite and PostgreSQL alike."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import AsyncIterator, Mapping
from pathlib import Path

import asyncpg
import pytest
from hypothesis import HealthCheck, settings

from bot.adapters.discord.client import use_endpoints
from bot.app import BotApp
from bot.clock import ManualClock
from bot.config import Settings
from bot.storage.database import Database
from bot.storage.migrate import migrate
from bot.storage.postgres import PostgresDatabase
from bot.storage.sqlite import SqliteDatabase
from tests.database_line import DatabaseLine
from tests.discord_fake import FakeDiscord
from tests.helpers import make_app
from tests.instances import fresh_database
from tests.slack_fake import FakeSlack
from tests.test_discord_e2e import bot_settings, running_bot
from tests.test_slack_e2e import Slack, start_slack, stop_slack

#: Hypothesis without its clocks: no per-example deadline (200 ms by default) and no
#: "input generation is slow" health check. Both time the machine, not the code: on a
#: shared CI machine one stalled draw of `st.text()` (2.7 s, in a fresh clone) failed a
#: grammar property that generates a few characters. Speed is measured in bench/.
settings.register_profile("untimed", deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: CI (`.ci/run` sets HYPOTHESIS_PROFILE=ci): the same examples on every run, so whether a
#: change lands depends on the change. Random draws found three wrong claims of tests in one
#: day's full runs (each now an `@example`); they keep looking in every `make test` outside CI.
settings.register_profile("ci", settings.get_profile("untimed"), derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "untimed"))

#: The console shows moments in the machine's zone (`terminal_render.local_time`): the
#: suites read them in UTC, on any machine; a test that needs another zone sets its own.
os.environ["TZ"] = "UTC"
time.tzset()

#: The PostgreSQL server every development and CI machine runs (trust auth).
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://root@127.0.0.1:5432/test")
#: 2026-03-02 09:00:00 UTC, a Monday: a fixed start for injected clocks.
START = 1772442000.0


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A loopback Discord for the Discord suites (the Slack suites define their own `fake`);
    afterwards discord.py points at Discord again, as it started."""
    async with FakeDiscord() as server:
        yield server
    use_endpoints(Settings())


@pytest.fixture
async def discord_bot(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[BotApp]:
    """A whole bot on the loopback Discord (`fake`), with the Discord suites' settings."""
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake) as bot:
        yield bot


@pytest.fixture
async def slack_bot(tmp_path: Path) -> AsyncIterator[Slack]:
    """A whole bot on a loopback Slack of its own, with the Slack suites' settings."""
    async with FakeSlack() as server:
        running = await start_slack(tmp_path, server)
        yield running
        await stop_slack(running)


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[BotApp]:
    """A whole bot on a fresh SQLite file and the real clock (suites may override it)."""
    bot = await make_app(tmp_path)
    yield bot
    await bot.close()


#: Set by CI (.ci/run): a missing PostgreSQL server fails the run instead of skipping.
REQUIRE_FLAG = "REQUIRE_POSTGRES"
_reachability: list[str | None] = []  # filled once: None when reachable, else the reason
_skipped_for_postgres: list[str] = []


def postgres_gate(problem: str | None, environ: Mapping[str, str]) -> tuple[str, str] | None:
    """What a PostgreSQL test does when the server is `problem` (None: reachable).

    ("skip", notice) on a developer's machine without the server, ("fail", message) when
    REQUIRE_POSTGRES=1 says the run must cover PostgreSQL, None when the server answers.
    """
    if problem is None:
        return None
    if environ.get(REQUIRE_FLAG, "").strip() not in ("", "0"):
        return "fail", (
            f"{REQUIRE_FLAG} is set but PostgreSQL at {POSTGRES_URL} is not reachable: {problem}"
        )
    return "skip", (
        f"PostgreSQL not reachable at {POSTGRES_URL} ({problem}); start it or set "
        f"TEST_POSTGRES_URL. CI sets {REQUIRE_FLAG}=1, so there these tests never skip."
    )


async def _postgres_problem() -> str | None:
    if not _reachability:
        try:
            connection = await asyncpg.connect(POSTGRES_URL, timeout=5)
        except (OSError, asyncpg.PostgresError, TimeoutError) as error:
            _reachability.append(f"{type(error).__name__}: {error}")
        else:
            await connection.close()
            _reachability.append(None)
    return _reachability[0]


async def require_postgres(test: str) -> None:
    """Skip (or, under REQUIRE_POSTGRES=1, fail) a test when PostgreSQL is not reachable."""
    gate = postgres_gate(await _postgres_problem(), os.environ)
    if gate is None:
        return
    action, message = gate
    if action == "fail":
        pytest.fail(message, pytrace=False)
    _skipped_for_postgres.append(test)
    pytest.skip(message)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One clear notice at the end, so skipped PostgreSQL tests are never missed."""
    if _skipped_for_postgres:
        terminalreporter.write_sep("!", "PostgreSQL tests SKIPPED", yellow=True)
        terminalreporter.write_line(
            f"{len(_skipped_for_postgres)} PostgreSQL tests were skipped: "
            f"no server at {POSTGRES_URL}. Run with {REQUIRE_FLAG}=1 to make that an error."
        )


async def open_postgres_schema() -> tuple[PostgresDatabase, str]:
    """A fresh PostgreSQL schema so tests never see each other's rows."""
    await require_postgres(os.environ.get("PYTEST_CURRENT_TEST", "a PostgreSQL test"))
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
async def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A database of each kind with no schema yet, for tests that migrate it part way."""
    if request.param == "sqlite":
        db: Database = await SqliteDatabase.open(str(tmp_path / "bot.db"))
        yield db
        await db.close()
        return
    db, schema = await open_postgres_schema()
    yield db
    await db.close()
    await drop_postgres_schema(schema)


@pytest.fixture
async def database(empty_database: Database) -> Database:
    """A migrated database of each kind: the storage contract suite runs against both."""
    await migrate(empty_database)
    return empty_database


@pytest.fixture(params=["sqlite", "postgresql"])
async def two_connections(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[Database, Database]]:
    """Two connections to one migrated database, as two bot instances have."""
    if request.param == "sqlite":
        path = str(tmp_path / "bot.db")
        first, second = await SqliteDatabase.open(path), await SqliteDatabase.open(path)
        await migrate(first)
        yield first, second
        await first.close()
        await second.close()
        return
    first_pg, schema = await open_postgres_schema()
    second_pg = await PostgresDatabase.open(POSTGRES_URL, schema=schema, max_size=5)
    await migrate(first_pg)
    yield first_pg, second_pg
    await first_pg.close()
    await second_pg.close()
    await drop_postgres_schema(schema)


@pytest.fixture
async def postgres_server() -> str:
    """The PostgreSQL server's URL once it answers; without it the test skips, or fails
    under REQUIRE_POSTGRES=1, as every PostgreSQL test does. A fixture, so the test module
    reaches this conftest as pytest loaded it, whose list the end-of-run notice reads."""
    await require_postgres(os.environ.get("PYTEST_CURRENT_TEST", "a PostgreSQL test"))
    return POSTGRES_URL


@pytest.fixture
async def line() -> AsyncIterator[DatabaseLine]:
    """A fresh PostgreSQL database of its own, reached through a forwarder the test cuts
    and restores (`line.url` for the bot, `line.server_url` for the test's own checks)."""
    await require_postgres(os.environ.get("PYTEST_CURRENT_TEST", "a database outage test"))
    async with fresh_database(POSTGRES_URL) as url, DatabaseLine(url) as forwarder:
        yield forwarder
