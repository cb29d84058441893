"""What a start says about migrations: one INFO line, on a fresh database and on an upgrade.

A newcomer's first `make run` printed one "applied migration NNNN name" line per
migration (12) before the console's prompt. Now a fresh database gets one line, an
upgrade one line naming each migration it applied, a database already up to date none;
each migration's own line is at DEBUG."""

from __future__ import annotations

import logging

import pytest

from bot.storage.database import Database
from bot.storage.migrate import migrate
from bot.storage.migrations import Migration, all_migrations

LOGGER = "bot.storage.migrate"


def said(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The INFO (and louder) lines the migrations logged."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == LOGGER and record.levelno >= logging.INFO
    ]


async def test_a_fresh_database_is_one_line(
    empty_database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, LOGGER)
    every = all_migrations()
    await migrate(empty_database)
    last = every[-1].version
    assert said(caplog) == [f"created the bot's tables: migrations 0001-{last:04d} applied"]
    debug = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert debug == [f"applied migration {m.version:04d} {m.name}" for m in every]
    caplog.clear()
    await migrate(empty_database)
    assert said(caplog) == [], "nothing applied, nothing said"


async def released_before(
    db: Database, caplog: pytest.LogCaptureFixture, missing: int
) -> tuple[Migration, ...]:
    """`db` as a release `missing` migrations older left it; every migration, and the
    log from here on."""
    every = all_migrations()
    await migrate(db, every[:-missing])
    caplog.clear()
    caplog.set_level(logging.INFO, LOGGER)
    return every


async def test_an_upgrade_names_each_migration_it_applied(
    empty_database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """An operator upgrading still reads which migrations ran, in one line."""
    every = await released_before(empty_database, caplog, missing=2)
    assert await migrate(empty_database) == [m.version for m in every[-2:]]
    names = ", ".join(f"{m.version:04d} {m.name}" for m in every[-2:])
    assert said(caplog) == [f"applied 2 migrations: {names}"]


async def test_a_failing_upgrade_still_says_what_it_applied(
    empty_database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    every = await released_before(empty_database, caplog, missing=1)
    broken = Migration(every[-1].version + 1, "broken", ("THIS IS NOT SQL",))
    with pytest.raises(Exception, match=r"(?i)syntax"):
        await migrate(empty_database, (*every, broken))
    last = every[-1]
    assert said(caplog) == [f"applied 1 migration: {last.version:04d} {last.name}"]
