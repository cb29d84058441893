"""The database goes away for a moment: what users see, and what the bot keeps.

The Slack bot runs end to end (Bolt against the loopback fake) on a fresh PostgreSQL
database reached through a forwarder the test cuts and restores (`DatabaseLine`), at the
instant it chooses: while Slack is answering a post, during a click, between two ticks of
a background loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import POSTGRES_URL, require_postgres
from tests.database_line import DatabaseLine
from tests.instances import fresh_database
from tests.slack_fake import FakeSlack
from tests.test_slack_e2e import Slack, all_text, start_slack, stop_slack


@pytest.fixture
async def line() -> AsyncIterator[DatabaseLine]:
    await require_postgres("a database outage test")
    async with fresh_database(POSTGRES_URL) as url, DatabaseLine(url) as forwarder:
        yield forwarder


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack(admins={"U0ADMIN"}) as server:
        yield server


@pytest.fixture
async def slack(tmp_path: Path, fake: FakeSlack, line: DatabaseLine) -> AsyncIterator[Slack]:
    running = await start_slack(tmp_path, fake, DATABASE_URL=line.url)
    yield running
    line.restore()
    await stop_slack(running)


def cut_after(
    fake: FakeSlack, method: str, line: DatabaseLine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database goes away once Slack has carried out the next `method` call, before the
    bot hears Slack's answer."""
    handler_name = "_" + method.replace(".", "_")
    original: Callable[[dict[str, Any]], dict[str, Any]] = getattr(fake, handler_name)

    def then_cut(args: dict[str, Any]) -> dict[str, Any]:
        answer = original(args)
        line.cut()
        monkeypatch.setattr(fake, handler_name, original)
        return answer

    monkeypatch.setattr(fake, handler_name, then_cut)


def posts(fake: FakeSlack) -> int:
    return len(fake.calls_to("chat.postMessage"))


async def test_daily_now_whose_record_fails_after_the_post_says_posted(
    slack: Slack, line: DatabaseLine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The takeaway is in the channel: "something went wrong, try again" would be untrue,
    and trying again would post the next takeaway as well."""
    cut_after(slack.fake, "chat.postMessage", line, monkeypatch)
    (status, _), url = await slack.command("/daily", "now", user="U0ADMIN")
    assert status == 200
    answer = (await slack.answer(url)).args["text"]
    assert answer.startswith("Posted ") and "Something went wrong" not in answer
    assert posts(slack.fake) == 1
    line.restore()
    (status, _), again = await slack.command("/daily", "now", user="U0ADMIN")
    assert (await slack.answer(again)).args["text"].startswith("Posted ")
    first, second = (c.args["text"] for c in slack.fake.calls_to("chat.postMessage"))
    assert first != second  # the rotation moved past the first takeaway all the same


def failed_attaches(slack: Slack, monkeypatch: pytest.MonkeyPatch) -> asyncio.Event:
    """Set once the bot's attempt to attach a posted poll message to its poll has failed."""
    store = slack.app.polls.store
    attach = store.attach_message
    failed = asyncio.Event()

    async def watched(*args: Any) -> None:
        try:
            await attach(*args)
        except Exception:
            failed.set()
            raise

    monkeypatch.setattr(store, "attach_message", watched)
    return failed


async def test_a_poll_posted_as_the_database_drops_still_takes_clicks(
    slack: Slack, line: DatabaseLine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Slack shows the poll message before the bot can attach it to its poll: its buttons
    must not answer "There is no poll #1 here." for good once the database is back."""
    attach_failed = failed_attaches(slack, monkeypatch)
    cut_after(slack.fake, "chat.postMessage", line, monkeypatch)
    (status, _), _ = await slack.command("/poll")
    assert status == 200
    async with asyncio.timeout(10):
        await attach_failed.wait()
    line.restore()
    poll_id, ts, _ = await slack.posted_poll()  # once the bot has finished with it
    click = slack.click(f"poll:v1:{poll_id}:1", "U0BOB", ts)
    assert await slack.sender.click(click) == (200, "")
    await slack.adapter.idle()
    [answer] = [c.args["text"] for c in slack.fake.calls_to("response_url")]
    assert answer.startswith(f"Your vote on poll #{poll_id} is now")
    await slack.app.live.idle()
    assert "Total voters: 1" in all_text(slack.fake.calls_to("chat.update")[-1].args["blocks"])
