"""The database goes away for a moment under the console: the whole bot on a fresh
PostgreSQL database behind a forwarder the test cuts (`DatabaseLine`), typed line by line."""

from __future__ import annotations

import io
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleAdapter
from bot.app import create_app
from bot.clock import ManualClock
from bot.config import Settings
from bot.core.dispatch import FAILED, FAILURE
from tests.database_line import DatabaseLine


@pytest.fixture
async def console(
    tmp_path: Path, line: DatabaseLine, clock: ManualClock
) -> AsyncIterator[tuple[ConsoleAdapter, io.StringIO]]:
    settings = Settings(database_url=line.url, poll_edit_interval=0.05, chart_dir=tmp_path)
    app = await create_app(settings, clock)
    out = io.StringIO()
    adapter = ConsoleAdapter(app, io.StringIO(""), out)
    await app.start()
    await adapter.settle_start_up()
    yield adapter, out
    line.restore()
    await app.close()


async def typed(console: ConsoleAdapter, out: io.StringIO, line: str) -> str:
    """What the console printed for one typed line, once the bot is idle again (so the
    next transaction committed is the next line's)."""
    start = len(out.getvalue())
    await console.handle_line(line)
    await settled(console)
    return out.getvalue()[start:]


async def settled(console: ConsoleAdapter) -> None:
    """Return once no loop of the bot is between two statements."""
    await console.app.polls.wait_idle()
    await console.app.daily.wait_idle()
    await console.app.live.idle()


async def test_a_vote_whose_commit_is_not_confirmed_says_what_is_recorded(
    console: tuple[ConsoleAdapter, io.StringIO], line: DatabaseLine, clock: ManualClock
) -> None:
    adapter, out = console
    await typed(adapter, out, "/poll")
    line.lose_next_commit_answer()
    answer = await typed(adapter, out, "2")
    assert f"{FAILED} Now recorded for you on poll #1: “Aaron Gin”." in answer
    assert "try again" not in answer
    clock.advance(5)
    await settled(adapter)
    line.lose_next_commit_answer()
    answer = await typed(adapter, out, "/vote 1 2")
    told = f"{FAILED} Nothing is recorded for you on poll #1. To vote for “Aaron Gin”, type "
    assert told + "/vote poll:1 option:2 again." in answer


async def test_ending_round_one_whose_commit_is_not_confirmed_announces_round_two(
    console: tuple[ConsoleAdapter, io.StringIO], line: DatabaseLine, clock: ManualClock
) -> None:
    """Told "try again", the creator typed /close again and closed the whole poll."""
    adapter, out = console
    await typed(adapter, out, "/poll rounds:2")
    line.lose_next_commit_answer()
    answer = await typed(adapter, out, "/close 1")
    assert "Round 2 (after) is open on the same message" in answer
    assert "try again" not in answer
    clock.advance(5)
    await settled(adapter)
    answer = await typed(adapter, out, "/vote 1 2")
    assert "Your vote on poll #1 is now “Aaron Gin”." in answer


async def test_a_poll_whose_commit_is_not_confirmed_is_shown_once(
    console: tuple[ConsoleAdapter, io.StringIO], line: DatabaseLine
) -> None:
    adapter, out = console
    line.lose_next_commit_answer()
    answer = await typed(adapter, out, "/poll")
    assert "== Poll #1 ==" in answer and "went wrong" not in answer
    assert await adapter.app.db.fetchval("SELECT count(*) FROM polls") == 1


async def test_commands_log_a_database_outage_once_at_its_start_and_once_at_its_end(
    console: tuple[ConsoleAdapter, io.StringIO],
    line: DatabaseLine,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """As on Slack (tests/test_database_outages.py): one traceback when commands start
    failing for want of the database, not one per command; one line when it answers."""
    adapter, out = console
    await typed(adapter, out, "/poll")
    caplog.clear()
    line.cut()
    for command in ("/vote 1 2", "/results 1", "/help", "/vote 1 1"):
        await typed(adapter, out, command)
    line.restore()
    await typed(adapter, out, "/help")
    commands = [r for r in caplog.records if r.name in ("bot.core.dispatch", "bot.polls.service")]
    assert [(r.levelno, r.getMessage()) for r in commands if r.levelno >= logging.WARNING] == [
        (
            logging.ERROR,
            "the database for commands and clicks failed; retrying at each new one "
            "(command /vote first, platform=console channel=general) until it works",
        ),
        (logging.WARNING, "the database for commands and clicks works again after 3 failed tries"),
    ]
    assert out.getvalue().count(FAILURE) == 3
