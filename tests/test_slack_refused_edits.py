"""A poll whose Slack message can no longer be edited: what its operator reads in the log
and what voters are told, end to end through Bolt and slack-sdk against FakeSlack."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from tests.slack_fake import TOKEN, FakeSlack
from tests.test_slack_e2e import Slack, start_slack, stop_slack

VOTERS = ("U0BOB", "U0CAROL", "U0DAVE", "U0EVE")


@pytest.fixture
async def slack(tmp_path: Path) -> AsyncIterator[Slack]:
    async with FakeSlack() as fake:
        running = await start_slack(tmp_path, fake)
        yield running
        await stop_slack(running)


def refused_with(code: str) -> Callable[[FakeSlack], None]:
    """Every later `chat.update` refused with Slack's `code`."""

    def refuse(fake: FakeSlack) -> None:
        fake.errors["chat.update"] = [code] * 100

    return refuse


def revoke_the_token(fake: FakeSlack) -> None:
    fake.revoked.add(TOKEN)  # the app uninstalled, or its token revoked: every call refused
    fake.token = "xoxb-another"


async def votes_after(slack: Slack, refuse: Callable[[FakeSlack], None]) -> list[str]:
    """A poll, its message then refused for good by `refuse`, and a vote of each of
    `VOTERS` with its live edit: the confirmations the voters read."""
    await slack.command("/poll", 'question:"Who?" options:"Baker | Gin"')
    poll_id, ts, _ = await slack.posted_poll()
    await slack.app.live.idle()
    refuse(slack.fake)
    told = []
    for number, voter in enumerate(VOTERS):
        vote = slack.click(f"poll:v1:{poll_id}:{number % 2 + 1}", voter, ts)
        await slack.sender.click(vote)
        told.append((await slack.answer(vote["response_url"])).args["text"])
        await slack.app.live.idle()
    return told


@pytest.mark.parametrize(
    ("refuse", "code", "why"),
    [
        (refused_with("is_archived"), "is_archived", "This channel is archived"),
        (refused_with("account_inactive"), "account_inactive", "Only whoever runs the bot"),
        (revoke_the_token, "token_revoked", "Only whoever runs the bot"),
        (refused_with("channel_not_found"), "channel_not_found", "Invite me back"),
    ],
)
async def test_a_poll_message_refused_for_good_is_logged_once(
    slack: Slack,
    caplog: pytest.LogCaptureFixture,
    refuse: Callable[[FakeSlack], None],
    code: str,
    why: str,
) -> None:
    """The channel archived, the bot's user deactivated, its token revoked: every later
    vote's edit logged an ERROR, a line per vote for as long as the poll was used. It is
    logged once for the poll and the cause, as the bot's removal from a (private) channel
    is, and voters after it are told why the tally stopped moving."""
    with caplog.at_level(logging.DEBUG, logger="bot.polls.live"):
        told = await votes_after(slack, refuse)
    refusals = [
        r
        for r in caplog.records
        if r.name == "bot.polls.live" and r.levelno >= logging.WARNING and code in r.getMessage()
    ]
    assert len(refusals) == 1, [r.getMessage() for r in refusals]
    assert refusals[0].levelno == logging.WARNING
    assert slack.fake.calls_to("chat.update")[-1].answer["error"] == code
    assert all(why in text for text in told[1:]), told
