"""The database goes away for a moment under the console: the whole bot on a fresh
PostgreSQL database behind a forwarder the test cuts (`DatabaseLine`), typed line by line."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleAdapter
from bot.app import create_app
from bot.clock import ManualClock
from bot.config import Settings
from bot.core.dispatch import FAILED
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
