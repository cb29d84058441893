"""SQLite locked by another writer for longer than the busy timeout ("database is locked"),
through the real console: the user is told to try again, nothing is half-counted, reads go
on (WAL), and once the other writer lets go everything works as before."""

from __future__ import annotations

import asyncio
import io
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from bot import app as bot_app
from bot.adapters.console import PLATFORM, WORKSPACE, ConsoleAdapter
from bot.app import BotApp, create_app
from bot.clock import ManualClock
from bot.config import Settings
from bot.core.context import Context
from bot.core.dispatch import FAILURE
from bot.storage import sqlite


@pytest.fixture
async def app(
    tmp_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[BotApp]:
    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_MS", 50)  # the real 10 s, shortened
    built = await create_app(Settings(database_url=f"sqlite:///{tmp_path / 'bot.db'}"), clock)
    ConsoleAdapter(built)  # the console's outbound, so the services start up
    await built.start()
    yield built
    await built.close()


@contextmanager
def another_writer(path: Path) -> Iterator[None]:
    """A second process's write transaction on the file, held for the block."""
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")


async def converse(app: BotApp, script: str) -> str:
    out = io.StringIO()
    assert await ConsoleAdapter(app, io.StringIO(script), out).run() == 0
    return out.getvalue()


async def test_a_locked_database_answers_try_again_and_counts_nothing(
    app: BotApp, tmp_path: Path
) -> None:
    bob = Context(PLATFORM, WORKSPACE, "general", "bob", "bob", is_admin=False, clock=app.clock)
    await app.dispatcher.run_text(bob, "poll", "")
    await app.dispatcher.run_text(bob, "vote", "1 1")
    await app.live.idle()
    with another_writer(tmp_path / "bot.db"):
        # A poll of its own: the open one asked again is shown, which writes nothing.
        locked = await converse(app, "/vote 1 2\n/results 1\n/poll rounds:2\n")
    assert locked.count(FAILURE) == 2  # the vote and the new poll: nothing stored
    assert "Gavin Baker" in locked and "1 vote" in locked  # reads go on (WAL)
    assert await app.db.fetchval("SELECT COUNT(*) FROM polls") == 1
    assert await app.db.fetchval("SELECT COUNT(*) FROM poll_votes") == 1
    after = await converse(app, "/vote 1 2\n")
    assert "Your vote on poll #1 is now “Aaron Gin”." in after
    assert await app.db.fetchval("SELECT COUNT(*) FROM poll_votes") == 2


async def test_tick_while_a_live_edit_waits_for_the_database_goes_on(
    app: BotApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`:tick` waits for the live edits it set going; one that keeps failing on the locked
    file must not freeze the console until the other writer lets go."""
    monkeypatch.setattr(bot_app, "LIVE_IDLE_TIMEOUT", 0.2)  # the real 10 s, shortened
    await converse(app, "/poll\n")
    with closing(sqlite3.connect(tmp_path / "bot.db", isolation_level=None)) as other:

        def lock_after_commit(_poll_id: int) -> None:  # before the vote's live edit runs
            if not other.in_transaction:
                other.execute("BEGIN IMMEDIATE")

        app.polls.subscribe(lock_after_commit)
        async with asyncio.timeout(30):
            out = await converse(app, "/vote 1 1\n:tick 1m\n")
        other.execute("ROLLBACK")
    assert "Your vote on poll #1 is now “Gavin Baker”." in out
    assert "(the bot's background work did not settle in time; see the log)" in out
    assert "(clock moved 1m on" in out
    await app.live.idle()  # and the edit lands once the file is free
