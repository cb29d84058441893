"""A deadline announcement Slack refused for a moment survives a restart and another
instance: real Bolt and slack-sdk against the loopback fake, on the bot's own database.

It waited in the memory of the process that swept: a restart or a deploy within its half
hour of retries (with several instances, the stop of the one that swept) lost it silently,
the poll closed in the channel with no result posted and nobody told. Now it waits in the
database, and whichever running instance sees it due posts it, once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import ManualClock, fast_forward
from bot.core.outbound import POST_BACKOFF
from tests.instances import fresh_database
from tests.slack_fake import FakeSlack
from tests.test_slack_at_most_once import announcements
from tests.test_slack_e2e import Slack, start_slack, stop_slack

#: Past every retry of an announcement refused at the deadline.
PAST_THE_RETRIES = sum(POST_BACKOFF) + 60


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        yield server


async def refused_at_the_deadline(clock: ManualClock, slack: Slack, *others: Slack) -> str:
    """A one-hour poll with Bob's vote for B, whose closing announcement Slack refuses
    once (`internal_error`: nothing posted); what the channel should be told."""
    await slack.command("/poll", 'question:"Lunch?" options:A | B duration:1h')
    poll_id, ts, _ = await slack.posted_poll()
    click = slack.click(f"poll:v1:{poll_id}:2", "U0BOB", ts)
    await slack.sender.click(click)
    await slack.answer(click["response_url"])
    slack.fake.errors["chat.postMessage"] = ["internal_error"]
    await fast_forward(clock, [s.app.polls for s in (slack, *others)], 3600)
    assert slack.fake.errors["chat.postMessage"] == []  # refused
    assert announcements(slack.fake) == []
    return f"Poll #{poll_id} “Lunch?” is closed. Winner: “B” with 1 vote (100% of voters)."


async def test_a_refused_deadline_announcement_is_posted_after_the_bot_restarts(
    tmp_path: Path, fake: FakeSlack, clock: ManualClock
) -> None:
    first = await start_slack(tmp_path, fake, clock)
    try:
        told = await refused_at_the_deadline(clock, first)
    finally:
        await stop_slack(first)  # a deploy, a minute before the retry
    second = await start_slack(tmp_path, fake, clock)  # the same SQLite file
    try:
        await fast_forward(clock, [second.app.polls], PAST_THE_RETRIES)
    finally:
        await stop_slack(second)
    assert announcements(fake) == [told]


async def test_two_instances_on_one_postgresql_post_a_refused_announcement_once(
    tmp_path: Path, fake: FakeSlack, clock: ManualClock, postgres_server: str
) -> None:
    """Both sweep the whole time: each sees the retry fall due, one posts it."""
    async with fresh_database(postgres_server) as url:
        instances = [await start_slack(tmp_path, fake, clock, DATABASE_URL=url)]
        try:
            instances.append(await start_slack(tmp_path, fake, clock, DATABASE_URL=url))
            told = await refused_at_the_deadline(clock, *instances)
            await fast_forward(clock, [s.app.polls for s in instances], PAST_THE_RETRIES)
        finally:
            for instance in instances:
                await stop_slack(instance)
    assert announcements(fake) == [told]


async def test_the_other_instance_posts_it_when_the_one_that_swept_stops(
    tmp_path: Path, fake: FakeSlack, clock: ManualClock, postgres_server: str
) -> None:
    """The other instance starts once the first has swept, so which one swept is known;
    the first stops before the retry is due, the other running all along."""
    async with fresh_database(postgres_server) as url:
        swept = await start_slack(tmp_path, fake, clock, DATABASE_URL=url)
        try:
            told = await refused_at_the_deadline(clock, swept)
            other = await start_slack(tmp_path, fake, clock, DATABASE_URL=url)
        finally:
            await stop_slack(swept)
        try:
            await fast_forward(clock, [other.app.polls], PAST_THE_RETRIES)
        finally:
            await stop_slack(other)
    assert announcements(fake) == [told]
