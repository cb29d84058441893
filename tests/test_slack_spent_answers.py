"""Answers whose `response_url` Slack will no longer take, end to end through Bolt and
slack_sdk against the loopback fake.

A `response_url` takes 5 answers within 30 minutes; past either, Slack's hooks answer 404
and show nothing. The person who typed or clicked then heard nothing at all: a vote
counted without its confirmation, a `/help` without its answer. They now get it the way an
answer without a `response_url` goes (`chat.postEphemeral` to them in that conversation,
`chat.postMessage` for a public answer), once: only a URL Slack refused outright falls back.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from tests.slack_fake import ANSWERS_PER_URL, TEAM, FakeSlack
from tests.test_slack_e2e import CHANNEL, Slack, all_text, start_slack, stop_slack, vote_count

#: A DM between two people: the bot is in neither it nor any way to post in it.
PEOPLES_DM = "D0PEOPLE"


@pytest.fixture
async def slack(tmp_path: Path) -> AsyncIterator[Slack]:
    async with FakeSlack(not_in_channel={PEOPLES_DM}) as fake:
        running = await start_slack(tmp_path, fake)
        yield running
        await stop_slack(running)


async def spend(slack: Slack, url: str, how: str) -> None:
    """Make `url` one Slack takes no more answers at: past its 30 minutes, or its 5 answers
    used (as earlier answers to the same request would have)."""
    if how == "30 minutes":
        slack.fake.expire(url)
        return
    async with aiohttp.ClientSession() as session:
        for n in range(ANSWERS_PER_URL):
            async with session.post(url, json={"text": f"earlier {n}"}) as response:
                assert response.status == 200


@pytest.mark.parametrize("how", ["30 minutes", "5 answers"])
async def test_an_ephemeral_answer_to_a_spent_url_reaches_its_user_once(
    slack: Slack, how: str
) -> None:
    url = slack.fake.response_url()
    await spend(slack, url, how)
    answer = await slack.sender.command(
        "/help", team=TEAM, channel=CHANNEL, user="U0ALICE", response_url=url
    )
    assert answer == (200, "")
    [fallback] = await slack.fake.wait_for(lambda f: f.calls_to("chat.postEphemeral"))
    assert (fallback.args["channel"], fallback.args["user"]) == (CHANNEL, "U0ALICE")
    assert "/poll" in all_text(fallback.args["blocks"]) and fallback.answer["ok"]
    await slack.adapter.idle()
    refused = [c for c in slack.fake.calls_to("response_url") if c.answer]
    assert [c.answer["error"] for c in refused] == ["expired_url"]  # tried once
    assert len(slack.fake.calls_to("chat.postEphemeral")) == 1


async def test_an_answer_slack_took_is_not_sent_again(slack: Slack) -> None:
    (status, _), url = await slack.command("/help")
    assert status == 200
    assert not (await slack.answer(url)).answer  # taken
    await slack.adapter.idle()
    assert slack.fake.calls_to("chat.postEphemeral") == []


async def test_a_vote_whose_click_url_is_spent_is_confirmed_and_counted_once(
    slack: Slack,
) -> None:
    await slack.command("/poll", 'question:"Ship it?" options:"Yes | No"')
    poll_id, ts, _ = await slack.posted_poll()
    click = slack.click(f"poll:v1:{poll_id}:1", "U0BOB", ts)
    slack.fake.expire(click["response_url"])
    assert (await slack.sender.click(click))[0] == 200
    assert (await slack.sender.click(click, retry_num=1))[0] == 200  # Slack's retry
    [told, retold] = await slack.fake.wait_for(
        lambda f: len(f.calls_to("chat.postEphemeral")) == 2 and f.calls_to("chat.postEphemeral")
    )
    for fallback in (told, retold):
        assert (fallback.args["channel"], fallback.args["user"]) == (CHANNEL, "U0BOB")
        assert fallback.args["text"].startswith(f"Your vote on poll #{poll_id} ")
    assert await vote_count(slack.app, poll_id) == 1


async def test_a_public_answer_to_a_spent_url_is_posted_in_the_channel(slack: Slack) -> None:
    url = slack.fake.response_url()
    slack.fake.expire(url)
    await slack.sender.command(
        "/baker", team=TEAM, channel=CHANNEL, user="U0ALICE", response_url=url
    )
    [post] = await slack.fake.wait_for(lambda f: f.calls_to("chat.postMessage"))
    assert post.args["channel"] == CHANNEL and post.answer["ok"]
    assert post.args["text"].startswith(slack.app.pack.speaker("baker").name)
    await slack.adapter.idle()
    assert slack.fake.calls_to("chat.postEphemeral") == []


async def test_a_spent_url_where_the_bot_cannot_post_either_is_one_warning(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    """In a DM between people no other way reaches them: a warning, not a traceback."""
    url = slack.fake.response_url()
    slack.fake.expire(url)
    await slack.sender.command(
        "/help", team=TEAM, channel=PEOPLES_DM, user="U0ALICE", response_url=url
    )
    [refused] = await slack.fake.wait_for(lambda f: f.calls_to("chat.postEphemeral"))
    assert refused.answer["error"] == "channel_not_found"
    await slack.adapter.idle()
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in problems] == [
        f"could not answer U0ALICE in {PEOPLES_DM}: Slack chat.postEphemeral failed: "
        "channel_not_found"
    ]
