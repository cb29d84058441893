"""At most once for posts: a post whose connection drops after Slack accepted it is never
sent again, neither by slack_sdk's retry nor by the daily scheduler, and is recorded as
unknown. Real Bolt and slack-sdk against the loopback fake, which carries the call out and
then drops the connection (`FakeSlack.dropped`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.retries import IdempotentRetryHandler
from bot.clock import ManualClock, fast_forward
from bot.commands.daily import UNKNOWN_OUTCOME_STATUS
from bot.core.context import ChannelRef
from bot.core.sanitize import MARKUP_LOOK_ALIKES
from tests.slack_fake import TEAM, TOKEN, FakeSlack
from tests.test_slack_e2e import CHANNEL, Slack, start_slack, stop_slack


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack(admins={"U0ADMIN"}) as server:
        yield server


@pytest.fixture
async def slack(tmp_path: Path, fake: FakeSlack, clock: ManualClock) -> AsyncIterator[Slack]:
    running = await start_slack(tmp_path, fake, clock)
    yield running
    await stop_slack(running)


def posts(fake: FakeSlack) -> int:
    return len(fake.calls_to("chat.postMessage"))


async def test_a_poll_post_whose_connection_drops_is_sent_once(slack: Slack) -> None:
    slack.fake.dropped["chat.postMessage"] = 1
    (status, _), url = await slack.command("/poll", 'question:"Once?" options:A | B')
    assert status == 200
    answer = await slack.answer(url)
    assert answer.args["response_type"] == "ephemeral"
    assert "may or may not be in the channel" in answer.args["text"]
    assert "/vote 1 &lt;option&gt;" in answer.args["text"]  # mrkdwn, escaped once
    await slack.adapter.idle()
    assert posts(slack.fake) == 1
    poll = await slack.app.polls.store.get(1)
    assert poll is not None and not poll.closed  # perhaps visible: not discarded


async def test_a_daily_post_whose_connection_drops_is_sent_once(
    slack: Slack, clock: ManualClock
) -> None:
    (status, _), url = await slack.command("/daily", "on time:09:30", user="U0ADMIN")
    assert status == 200 and "posted the schedule" in (await slack.answer(url)).args["text"]
    assert posts(slack.fake) == 1  # the schedule
    slack.fake.dropped["chat.postMessage"] = 1
    await fast_forward(clock, [slack.app.daily], 3600)  # the post is due at 09:30
    assert posts(slack.fake) == 2
    await fast_forward(clock, [slack.app.daily], 2 * 3600)  # past every retry (1, 5, 25 min)
    assert posts(slack.fake) == 2
    state, ref, error = await slack.app.db.fetchone(
        "SELECT state, message_ref, error FROM daily_claims"
    )
    assert (state, ref) == ("posted", None) and error.startswith("outcome unknown:")
    await fast_forward(clock, [slack.app.daily], 86400)  # the next day posts as usual
    assert posts(slack.fake) == 3


async def test_daily_now_whose_connection_drops_says_so_and_is_sent_once(slack: Slack) -> None:
    """Said at once, and by /daily status later, which showed it as a plain last post."""
    slack.fake.dropped["chat.postMessage"] = 1
    (status, _), url = await slack.command("/daily", "now", user="U0ADMIN")
    assert status == 200
    assert "may or may not be here" in (await slack.answer(url)).args["text"]
    assert posts(slack.fake) == 1
    (status, _), url = await slack.command("/daily", "status")
    answer = (await slack.answer(url)).args
    assert answer["response_type"] == "ephemeral"
    _, _, last = answer["text"].partition("Last post: ")
    assert "— Takeaway 1: " in last
    assert last.endswith(f" ({UNKNOWN_OUTCOME_STATUS}).")


async def test_daily_on_whose_post_drops_is_stored_says_so_and_is_sent_once(
    slack: Slack,
) -> None:
    """Slack may have shown the schedule: not refused, not resent, and not claimed as posted."""
    slack.fake.dropped["chat.postMessage"] = 1
    (status, _), url = await slack.command("/daily", "on time:09:30", user="U0ADMIN")
    assert status == 200
    answer = (await slack.answer(url)).args
    assert answer["response_type"] == "ephemeral"
    assert answer["text"].startswith("Daily takeaways on: every day at 09:30 UTC.")
    assert "it may or may not be there, and it is not sent twice" in answer["text"]
    assert posts(slack.fake) == 1
    channel = ChannelRef("slack", TEAM, CHANNEL)
    subscription = await slack.app.daily.store.subscription(channel)
    assert subscription is not None and subscription.active


async def test_edits_and_reads_are_still_retried_after_a_dropped_connection(
    fake: FakeSlack,
) -> None:
    """`chat.update` is idempotent: resent once after the drop, and it succeeds."""
    client = AsyncWebClient(
        token=TOKEN, base_url=fake.base_url, retry_handlers=[IdempotentRetryHandler()]
    )
    posted = await client.chat_postMessage(channel=CHANNEL, text="v1")
    fake.dropped["chat.update"] = 1
    edited = await client.chat_update(channel=CHANNEL, ts=posted["ts"], text="v2")
    assert edited["ok"] and len(fake.calls_to("chat.update")) == 2
    assert fake.messages[(CHANNEL, posted["ts"])]["text"] == "v2"
    fake.dropped["chat.postMessage"] = 1
    with pytest.raises(Exception) as dropped:
        await client.chat_postMessage(channel=CHANNEL, text="once")
    assert "Disconnected" in type(dropped.value).__name__
    assert [c.args["text"] for c in fake.calls_to("chat.postMessage")] == ["v1", "once"]


def announcements(fake: FakeSlack) -> list[str]:
    """The closing announcements Slack took in the channel (refused calls are recorded
    too)."""
    return [
        c.args["text"]
        for c in fake.calls_to("chat.postMessage")
        if c.answer.get("ok") and c.args["channel"] == CHANNEL and "is closed" in c.args["text"]
    ]


@pytest.mark.parametrize("refusals", [["internal_error"], ["internal_error"] * 3])
async def test_a_deadline_announcement_slack_refused_for_a_moment_is_tried_again(
    slack: Slack, clock: ManualClock, refusals: list[str]
) -> None:
    """A timed poll's close is announced by the one sweeper that closed it, and its one post
    met Slack's internal_error: the channel was never told the poll closed, nor who won.
    Nothing was posted, so it is tried again (1, 5, 25 minutes later, as daily posts are),
    and, once posted, never again."""
    (status, _), _ = await slack.command("/poll", 'question:"Lunch?" options:A | B duration:1h')
    assert status == 200
    poll_id, ts, _ = await slack.posted_poll()
    click = slack.click(f"poll:v1:{poll_id}:2", "U0BOB", ts)
    await slack.sender.click(click)
    await slack.answer(click["response_url"])
    slack.fake.errors["chat.postMessage"] = list(refusals)
    await fast_forward(clock, [slack.app.polls], 3600)  # the deadline: refused
    assert slack.fake.errors["chat.postMessage"] == refusals[1:]
    assert announcements(slack.fake) == []
    await fast_forward(clock, [slack.app.polls], 2 * 3600)  # past every retry
    told = f"Poll #{poll_id} “Lunch?” is closed. Winner: “B” with 1 vote (100% of voters)."
    assert announcements(slack.fake) == [told]


async def test_a_deadline_announcement_refused_four_times_is_given_up(
    slack: Slack, clock: ManualClock
) -> None:
    """Four attempts, as for a daily post, then no more: its creator is told instead."""
    await slack.command("/poll", 'question:"Lunch?" options:A | B duration:1h')
    await slack.posted_poll()
    slack.fake.errors["chat.postMessage"] = ["internal_error"] * 4
    await fast_forward(clock, [slack.app.polls], 3 * 3600)
    assert slack.fake.errors["chat.postMessage"] == []
    assert announcements(slack.fake) == []
    [told] = direct_messages(slack.fake, "U0ALICE")
    assert "(Slack chat.postMessage failed: internal_error). What I would have posted" in told


def direct_messages(fake: FakeSlack, user: str) -> list[str]:
    """What the bot told `user` in its DM with them (`chat.postMessage` to their id)."""
    return [c.args["text"] for c in fake.calls_to("chat.postMessage") if c.args["channel"] == user]


async def told_of_a_refused_deadline(
    slack: Slack, clock: ManualClock, poll: str
) -> tuple[int, str]:
    """A timed `/poll` by U0ALICE, a vote for its option 2, then the bot removed from the
    channel before the deadline: the poll's id and the DM its creator got instead of the
    announcement, which went nowhere."""
    await slack.command("/poll", poll)
    poll_id, ts, _ = await slack.posted_poll()
    click = slack.click(f"poll:v1:{poll_id}:2", "U0BOB", ts)
    await slack.sender.click(click)
    await slack.answer(click["response_url"])
    slack.fake.not_in_channel.add(CHANNEL)
    await fast_forward(clock, [slack.app.polls], 2 * 3600)
    assert announcements(slack.fake) == []
    [told] = direct_messages(slack.fake, "U0ALICE")
    return poll_id, told


async def test_the_result_told_to_a_polls_creator_opens_no_code_span(
    slack: Slack, clock: ManualClock
) -> None:
    """A backtick in the question and one in the winner's label, quoted in the DM after
    the refused announcement with plain `safe`, paired on Slack: "now?” is closed. Winner:
    “B" showed as code. They are look-alikes there now, as beside the poll's other
    commands; the hint's `/invite @debatebot` stays the one code span."""
    _, told = await told_of_a_refused_deadline(
        slack, clock, 'question:"Lunch `now?" options:A | B` duration:1h'
    )
    look_alike = MARKUP_LOOK_ALIKES["`"]
    assert f"“Lunch {look_alike}now?” is closed. Winner: “B{look_alike}”" in told
    assert told.count("`") == 2 and "`/invite @debatebot`" in told


async def test_a_deadline_announcement_refused_for_good_is_told_to_the_polls_creator(
    slack: Slack, clock: ManualClock
) -> None:
    """The bot was removed from the channel before the poll's deadline: its result was
    never said there, its message stopped moving, and nobody was told. Its creator now gets
    the refusal, what to do, and the result in a DM, as an admin hears of a paused daily
    schedule; a voter gets nothing."""
    poll_id, told = await told_of_a_refused_deadline(
        slack, clock, 'question:"Lunch?" options:A | B duration:1h'
    )
    assert told == (
        f"Poll #{poll_id} reached its deadline, and I could not say so in <#{CHANNEL}> "
        "(Slack chat.postMessage failed: not_in_channel). What to do in "
        f"<#{CHANNEL}>: I can't post in this channel because I'm not a member. Invite me "
        "with `/invite @debatebot`. What I would have posted there:\n"
        f"Poll #{poll_id} “Lunch?” is closed. Winner: “B” with 1 vote (100% of voters).\n"
        "You get this because you started the poll."
    )
    assert direct_messages(slack.fake, "U0BOB") == []
