"""A poll whose Slack message can no longer be edited: what its operator reads in the log
and what voters are told, end to end through Bolt and slack-sdk against FakeSlack."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from bot.adapters.untold import UntoldVoters
from bot.clock import ManualClock
from bot.core.context import Context
from tests.slack_fake import BOT_NAME, TEAM, TOKEN, FakeSlack
from tests.test_slack_e2e import CHANNEL, Slack

VOTERS = ("U0BOB", "U0CAROL", "U0DAVE", "U0EVE")


def refused_with(code: str) -> Callable[[FakeSlack], None]:
    """Every later `chat.update` refused with Slack's `code`."""

    def refuse(fake: FakeSlack) -> None:
        fake.errors["chat.update"] = [code] * 100

    return refuse


def revoke_the_token(fake: FakeSlack) -> None:
    fake.revoked.add(TOKEN)  # the app uninstalled, or its token revoked: every call refused
    fake.token = "xoxb-another"


async def votes_after(slack_bot: Slack, refuse: Callable[[FakeSlack], None]) -> list[str]:
    """A poll, its message then refused for good by `refuse`, and a vote of each of
    `VOTERS` with its live edit: the confirmations the voters read."""
    await slack_bot.command("/poll", 'question:"Who?" options:"Baker | Gin"')
    poll_id, ts, _ = await slack_bot.posted_poll()
    await slack_bot.app.live.idle()
    refuse(slack_bot.fake)
    told = []
    for number, voter in enumerate(VOTERS):
        vote = slack_bot.click(f"poll:v1:{poll_id}:{number % 2 + 1}", voter, ts)
        await slack_bot.sender.click(vote)
        told.append((await slack_bot.answer(vote["response_url"])).args["text"])
        await slack_bot.app.live.idle()
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
    slack_bot: Slack,
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
        told = await votes_after(slack_bot, refuse)
    refusals = [
        r
        for r in caplog.records
        if r.name == "bot.polls.live" and r.levelno >= logging.WARNING and code in r.getMessage()
    ]
    assert len(refusals) == 1, [r.getMessage() for r in refusals]
    assert refusals[0].levelno == logging.WARNING
    assert slack_bot.fake.calls_to("chat.update")[-1].answer["error"] == code
    assert all(why in text for text in told[1:]), told


async def test_the_first_voter_after_the_bot_was_removed_is_told_too(slack_bot: Slack) -> None:
    """The bot removed from the channel: the first vote after was confirmed as if all
    were well (its tally edit, refused, came after), and only later voters read "Invite
    me back". The first voter now gets that too, once, when the edit their vote led to
    is refused; a voter whose confirmation said it already gets nothing more."""
    told = await votes_after(slack_bot, lambda fake: fake.not_in_channel.add(CHANNEL))
    await slack_bot.adapter.idle()
    assert "Invite me back" not in told[0] and all("Invite me back" in t for t in told[1:])
    answers: dict[str, list[str]] = {}
    for call in slack_bot.fake.calls_to("response_url"):
        answers.setdefault(call.args["name"].split("-")[1], []).append(call.args["text"])
    first, *later = VOTERS
    assert answers[first][0] == told[0]
    [follow_up] = answers[first][1:]
    assert follow_up.startswith("What you did on poll #1 counts, but its message can't show it")
    assert f"Invite me back with `/invite @{BOT_NAME}`" in follow_up
    assert all(len(answers[voter]) == 1 for voter in later)


def test_untold_voters_are_forgotten_oldest_first_past_the_limit() -> None:
    untold: UntoldVoters[tuple[Context, str]] = UntoldVoters(limit=2)
    clock = ManualClock(0.0)
    voters = [Context("slack", TEAM, f"C{n}", "U0BOB", "bob", False, clock) for n in range(3)]
    for n, ctx in enumerate(voters):
        untold.confirmed(ctx.channel, 1, (ctx, f"url-{n}"))
    assert untold.refused("C0", 1, "hint") is None  # the oldest, forgotten
    assert untold.refused("C2", 1, "") is None  # a passing failure tells no one…
    assert untold.refused("C2", 1, "hint") == (voters[2], "url-2")  # …and keeps them
    assert untold.refused("C2", 1, "hint") is None  # told once


async def test_name_lookups_refused_for_the_bots_access_are_logged_once(
    slack_bot: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    """With the bot's token revoked, the name of every voter is looked up (`users.info`)
    and refused: a WARNING per voter, hundreds on a busy poll, each saying the same. The
    refusal is said once until a lookup goes through; the rest are DEBUG."""
    with caplog.at_level(logging.DEBUG, logger="bot.adapters.slack.context"):
        await votes_after(slack_bot, revoke_the_token)
        await slack_bot.adapter.names.settled()
    lookups = [r for r in caplog.records if r.getMessage().startswith("users.info failed")]
    assert len(lookups) >= len(VOTERS)  # every voter's lookup (and perhaps the creator's)
    assert [r.levelno for r in lookups] == [logging.WARNING] + [logging.DEBUG] * (len(lookups) - 1)
    assert "(token_revoked)" in lookups[0].getMessage()


async def test_closing_a_poll_the_bot_can_no_longer_edit_says_its_message_stays_open(
    slack_bot: Slack,
) -> None:
    """Closed after the bot was removed, a poll's message kept its buttons and "Open",
    and its creator heard only that it closed. They are told, once, why the message can't
    show it."""
    await slack_bot.command("/poll", 'question:"Who?" options:"Baker | Gin"')
    poll_id, ts, _ = await slack_bot.posted_poll()
    await slack_bot.app.live.idle()
    slack_bot.fake.not_in_channel.add(CHANNEL)
    close = slack_bot.click(f"poll:v1:{poll_id}:close", "U0ALICE", ts)
    await slack_bot.sender.click(close)
    await slack_bot.app.live.idle()
    await slack_bot.adapter.idle()
    name = close["response_url"].rsplit("/", 1)[1]
    told = [
        c.args["text"] for c in slack_bot.fake.calls_to("response_url") if c.args["name"] == name
    ]
    assert len(told) == 2 and "is closed" in told[0]
    assert told[1].startswith(f"What you did on poll #{poll_id} counts, but its message can't")
    assert "Invite me back" in told[1]
