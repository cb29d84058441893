"""The Slack adapter end to end: the real Bolt app on a loopback port, the real slack-sdk
client talking to a loopback fake of the Slack Web API, requests signed as Slack signs them.

Every assertion is on what crossed the wire: the HTTP status Slack would get, and the calls
the fake received (message blocks, `chat.update` tallies, `response_url` answers, uploads),
or on the database behind the bot. Waits are on the fake's record, never on time.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import time as dt_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.actions import delivery_key
from bot.adapters.slack.context import (
    FAILED_NAME_TTL,
    NAME_TTL,
    Identity,
    SlackPeople,
    shown_name,
)
from bot.adapters.slack.manifest import render_manifest
from bot.adapters.slack.names import Names
from bot.adapters.slack.server import RATE_LIMIT_RETRIES, SlackAdapter
from bot.app import BotApp, create_app
from bot.clock import Clock, ManualClock, OffsetClock
from bot.commands.help import help_line
from bot.core.context import ChannelRef, Context, UserRef
from bot.core.outbound import DeliveryError
from bot.core.registry import Command, OptionValue
from bot.core.replies import Reply, notice
from bot.core.sanitize import MAX_NAME, is_blank
from bot.polls.model import REPEAT_CLICK_WINDOW
from tests.helpers import settings_for
from tests.oxford_scenario import OFFERED, ROUND_1, ROUND_2, flat, missing
from tests.slack_client import (
    SIGNING_SECRET,
    SlackSender,
    block_actions_payload,
    command_body,
)
from tests.slack_fake import APP_TOKEN, BOT_NAME, TEAM, TOKEN, Call, FakeSlack, block_errors

CHANNEL = "C0GENERAL"
POLL_ACTION = re.compile(r"poll:v1:(\d+):(\d+|close)")


@dataclass
class Slack:
    """One running bot wired to one fake Slack, and a way to talk to it as Slack does."""

    fake: FakeSlack
    app: BotApp
    adapter: SlackAdapter
    sender: SlackSender

    async def command(
        self, command: str, text: str = "", *, user: str = "U0ALICE", channel: str = CHANNEL
    ) -> tuple[tuple[int, str], str]:
        """Run a slash command; returns the HTTP answer and the `response_url` it carried."""
        url = self.fake.response_url()
        answer = await self.sender.command(
            command, text, team=TEAM, channel=channel, user=user, response_url=url
        )
        return answer, url

    def click(
        self, action_id: str, user: str, ts: str, channel: str = CHANNEL, **extra: Any
    ) -> dict[str, Any]:
        return block_actions_payload(
            action_id,
            team=TEAM,
            channel=channel,
            user=user,
            message_ts=ts,
            response_url=self.fake.response_url(f"click-{user}-{time.time_ns()}"),
            **extra,
        )

    async def answer(self, url: str) -> Call:
        """The `response_url` call answering the request that carried `url`."""
        name = url.rsplit("/", 1)[1]
        calls = await self.fake.wait_for(
            lambda f: [c for c in f.calls_to("response_url") if c.args["name"] == name]
        )
        return calls[0]

    async def posted_poll(self) -> tuple[int, str, Call]:
        """The poll message the bot posted: poll id, message ts and the call, once the bot
        has attached it to its poll (a click counts only on an attached message)."""
        post = (await self.fake.wait_for(lambda f: f.calls_to("chat.postMessage")))[-1]
        await self.adapter.idle()
        match = next(POLL_ACTION.fullmatch(a) for a in action_ids(post.args["blocks"]))
        assert match is not None
        return int(match.group(1)), post.answer["ts"], post


async def start_slack(
    tmp_path: Path, fake: FakeSlack, clock: Clock | None = None, **settings: str
) -> Slack:
    config = settings_for(
        tmp_path,
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.base_url,
        SLACK_RESPONSE_ORIGINS=fake.origin,
        POLL_EDIT_INTERVAL="0.05",
        **settings,
    )
    app = await create_app(config, clock=clock)
    adapter = SlackAdapter(app)
    adapter.names.pace = 0.0  # names are learnt as fast as the fake answers
    await app.start()
    await adapter.check_tokens()  # as `serve()` does before it listens
    port = await adapter.start_http("127.0.0.1", 0)
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=400))
    return Slack(fake, app, adapter, SlackSender(session, f"http://127.0.0.1:{port}/slack/events"))


async def stop_slack(slack: Slack) -> None:
    await slack.sender.session.close()
    await slack.adapter.stop_http()
    await slack.app.close()


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack(admins={"U0ADMIN"}, not_in_channel={"C0NOBOT"}) as server:
        yield server


@pytest.fixture
async def slack(tmp_path: Path, fake: FakeSlack) -> AsyncIterator[Slack]:
    running = await start_slack(tmp_path, fake)
    yield running
    await stop_slack(running)


def action_ids(blocks: list[dict[str, Any]]) -> list[str]:
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def all_text(blocks: list[dict[str, Any]]) -> str:
    parts = []
    for block in blocks:
        parts.append((block.get("text") or {}).get("text", ""))
        parts += [f["text"] for f in block.get("fields", [])]
        parts += [e.get("text", "") for e in block.get("elements", []) if e["type"] == "mrkdwn"]
    return "\n".join(parts)


def counts_in(text: str) -> dict[str, int]:
    """`{label: votes}` from the tally lines of a poll message."""
    found = re.findall(r"\d+\) (.+): (\d+) votes? \(\d+%\)\n\s+[█░]+", text)
    return {label: int(count) for label, count in found}


async def vote_count(app: BotApp, poll_id: int) -> int:
    return int(await app.db.fetchval("SELECT COUNT(*) FROM poll_votes WHERE poll_id = ?", poll_id))


# -- commands ---------------------------------------------------------------------------------


async def test_baker_answers_in_channel_with_block_kit(slack: Slack) -> None:
    (status, body), url = await slack.command("/baker")
    assert (status, body) == (200, "")
    answer = await slack.answer(url)
    assert answer.args["response_type"] == "in_channel"
    blocks = answer.args["blocks"]
    baker = slack.app.pack.speaker("baker")
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": f"{baker.name} — {baker.role}", "emoji": True},
    }
    assert blocks[1]["text"]["text"] == baker.stance.replace("&", "&amp;")
    assert blocks[-1]["type"] == "context"
    assert blocks[-1]["elements"][0]["text"] == slack.app.pack.source.citation()
    assert answer.args["text"].startswith(f"{baker.name} — {baker.role}\n")


async def test_gin_on_a_topic_answers_with_his_points(slack: Slack) -> None:
    (status, _), url = await slack.command("/gin", "drones")
    assert status == 200
    answer = await slack.answer(url)
    header = answer.args["blocks"][0]["text"]["text"]
    assert header == "Aaron Gin on “drones”"
    expected = slack.app.knowledge.router.answer("drones", speaker="gin").points
    shown = all_text(answer.args["blocks"])
    assert expected and all(point.claim.replace("&", "&amp;") in shown for point in expected)


async def test_options_are_parsed_with_the_shared_grammar(slack: Slack) -> None:
    _, url = await slack.command("/takeaway", "n:2")
    answer = await slack.answer(url)
    total = len(slack.app.pack.takeaways)
    assert answer.args["blocks"][0]["text"]["text"].startswith(f"Takeaway 2/{total}: ")

    _, url = await slack.command("/takeaway", "two")
    error = await slack.answer(url)
    assert error.args["response_type"] == "ephemeral"
    assert error.args["text"] == (
        "`n` must be a whole number, not “two”. Usage: /takeaway [n:N], e.g. /takeaway 2"
    )


async def test_help_is_ephemeral_and_lists_every_command(slack: Slack) -> None:
    _, url = await slack.command("/help")
    answer = await slack.answer(url)
    assert answer.args["response_type"] == "ephemeral"
    shown = all_text(answer.args["blocks"]).replace("&lt;", "<").replace("&gt;", ">")
    for command in slack.app.registry:  # each name as code, marked (`help_line`)
        name = f"/{command.name}"
        assert f"`{name}`{help_line(command).removeprefix(name)}" in shown


async def test_unknown_commands_get_an_ephemeral_pointer_to_help(slack: Slack) -> None:
    _, url = await slack.command("/nonsense")
    answer = await slack.answer(url)
    assert answer.args == {
        "name": answer.args["name"],
        "text": "Unknown command /nonsense. Type /help for the list.",
        "blocks": [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": "Unknown command /nonsense. Type `/help` for the list.",
                },
            }
        ],
        "response_type": "ephemeral",
        "replace_original": False,
    }


async def test_slow_work_is_acknowledged_first_and_answered_after(slack: Slack) -> None:
    """Slack's 3-second rule: the HTTP answer must not wait for the handler."""
    release = asyncio.Event()
    started = asyncio.Event()

    async def slow(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        started.set()
        await release.wait()
        return notice("finally done", ephemeral=False)

    slack.app.registry.add(Command("slow", "A command slower than Slack's patience", slow))
    (status, body), url = await slack.command("/slow")
    assert (status, body) == (200, "")  # acknowledged while the handler is still blocked
    await asyncio.wait_for(started.wait(), 5)
    assert slack.fake.calls_to("response_url") == []
    release.set()
    assert (await slack.answer(url)).args["text"] == "finally done"


async def test_a_slow_click_is_acknowledged_within_the_budget(slack: Slack) -> None:
    release = asyncio.Event()

    async def slow(ctx: Context, parts: Any) -> Reply:
        await release.wait()
        return notice("clicked")

    slack.app.registry.add_action("slow", slow)
    slack.adapter.ack_budget = 0.05
    payload = slack.click("slow:1", "U0ALICE", "1.000001")
    assert await slack.sender.click(payload) == (200, "")
    assert slack.fake.calls_to("response_url") == []
    release.set()
    assert (await slack.answer(payload["response_url"])).args["text"] == "clicked"


# -- polls -----------------------------------------------------------------------------------


async def test_poll_is_posted_with_chat_post_message_and_vote_buttons(slack: Slack) -> None:
    (status, _), _ = await slack.command("/poll")
    assert status == 200
    poll_id, ts, post = await slack.posted_poll()
    blocks = post.args["blocks"]
    assert post.args["channel"] == CHANNEL
    assert blocks[0]["type"] == "header" and blocks[0]["text"]["text"] == f"Poll #{poll_id}"
    assert slack.app.pack.poll.question in all_text(blocks)
    options = len(slack.app.pack.poll.options)
    assert action_ids(blocks) == [
        *(f"poll:v1:{poll_id}:{n}" for n in range(1, options + 1)),
        f"poll:v1:{poll_id}:close",
    ]
    await slack.adapter.idle()
    messages = await slack.app.polls.messages(poll_id)
    assert messages == [(ChannelRef("slack", TEAM, CHANNEL), ts)]


def button_texts(blocks: list[dict[str, Any]]) -> list[str]:
    return [e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


async def test_options_alike_in_their_first_75_characters_get_buttons_apart(
    slack: Slack,
) -> None:
    """Two 80-character options differing in their last words showed as two buttons alike:
    Slack shows 75 characters of a button, so both read "…the export rules of 2…". Then
    every option's button is numbered, as the message lists them; others are unchanged."""
    stem = "Baker is right about Blackwell, the H200s and P30s, and the export rules"
    long = [f"{stem} of 2025", f"{stem} of 2026", "Neither"]
    await slack.command("/poll", f'question:"Who?" options:"{" | ".join(long)}"')
    _, _, post = await slack.posted_poll()
    shown = button_texts(post.args["blocks"])[:-1]  # the Close button last
    assert [text[:3] for text in shown] == ["1) ", "2) ", "3) "] and shown[2] == "3) Neither"
    assert len(set(shown)) == 3 and all(len(text) <= 75 for text in shown)
    await slack.command("/poll", 'question:"Lunch?" options:"Pizza | Sushi"')
    posts = await slack.fake.wait_for(lambda f: f.calls_to("chat.postMessage")[1:])
    assert button_texts(posts[0].args["blocks"]) == ["Pizza", "Sushi", "Close poll"]


async def test_300_concurrent_votes_end_in_an_exact_chat_update(slack: Slack) -> None:
    await slack.command("/poll")
    poll_id, ts, _ = await slack.posted_poll()
    options = len(slack.app.pack.poll.options)
    clicks = [
        slack.click(f"poll:v1:{poll_id}:{n % options + 1}", f"U{n:05d}", ts) for n in range(300)
    ]
    answers = await asyncio.gather(*(slack.sender.click(c) for c in clicks))
    assert set(answers) == {(200, "")}
    assert await vote_count(slack.app, poll_id) == 300  # acknowledged votes are committed

    poll = await slack.app.polls.store.get(poll_id)
    assert poll is not None
    expected = {
        o.label: sum(1 for n in range(300) if n % options + 1 == o.number) for o in poll.options
    }

    def final_update(fake: FakeSlack) -> Call | None:
        updates = fake.calls_to("chat.update")
        last = updates[-1] if updates else None
        if last and counts_in(all_text(last.args["blocks"])) == expected:
            return last
        return None

    update = await slack.fake.wait_for(final_update)
    assert update.args["ts"] == ts and update.args["channel"] == CHANNEL
    assert "Total voters: 300" in all_text(update.args["blocks"])
    await slack.app.live.idle()
    assert len(slack.fake.calls_to("chat.update")) < 300 / 10  # coalesced, not one per vote
    confirmations = await slack.fake.wait_for(
        lambda f: len(f.calls_to("response_url")) == 300 and f.calls_to("response_url")
    )
    votes = [c for c in confirmations if c.args["name"].startswith("click-")]
    assert len(votes) == 300
    assert all(c.args["response_type"] == "ephemeral" for c in votes)
    assert all(c.args["text"].startswith(f"Your vote on poll #{poll_id} is now") for c in votes)


def test_a_click_without_action_ts_or_trigger_id_has_no_delivery_key() -> None:
    who = Identity(TEAM, CHANNEL, "U0ALICE", "alice")
    assert delivery_key(who, {"action_ts": "1.5"}, {}) == f"{TEAM}:U0ALICE:1.5"
    assert delivery_key(who, {}, {"trigger_id": "t1"}) == f"{TEAM}:U0ALICE:t1"
    assert delivery_key(who, {}, {}) == ""  # not one key shared by all such clicks


async def test_a_polls_notification_text_says_the_tally_in_words_not_in_bars(
    slack: Slack,
) -> None:
    """Screen readers read a message's top-level `text`, not its blocks, and phones show it
    in notifications: a poll's spelt out its bars, sixteen "█" and "░" an option (read as
    "full block, full block…"). The text says each option's votes in words; the blocks
    keep the bars."""
    await slack.command("/poll")
    poll_id, ts, post = await slack.posted_poll()
    assert "1) Gavin Baker: 0 votes (0%)\n2) Aaron Gin: 0 votes (0%)" in post.args["text"]
    vote = slack.click(f"poll:v1:{poll_id}:2", "U0CAROL", ts)
    await slack.sender.click(vote)
    await slack.answer(vote["response_url"])
    update = (await slack.fake.wait_for(lambda f: f.calls_to("chat.update")))[-1]
    assert "2) Aaron Gin: 1 vote (100%)" in update.args["text"]
    assert "Total voters: 1" in update.args["text"]
    for text in (post.args["text"], update.args["text"]):
        assert not {"█", "░"} & set(text)
    assert "2) Aaron Gin: 1 vote (100%)\n   " + "█" * 16 in all_text(update.args["blocks"])


async def test_a_rate_limited_chat_update_is_retried_after_retry_after(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    """The client waits out Slack's 429 itself; the live tally never sees a failed edit."""
    await slack.command("/poll")
    poll_id, ts, _ = await slack.posted_poll()
    await slack.app.live.idle()
    slack.fake.errors["chat.update"] = ["ratelimited"]
    vote = slack.click(f"poll:v1:{poll_id}:1", "U0CAROL", ts)
    with caplog.at_level(logging.WARNING, logger="bot.polls.live"):
        await slack.sender.click(vote)
        await slack.app.live.idle()
    assert not caplog.records
    updates = slack.fake.calls_to("chat.update")
    assert [c.answer.get("error") for c in updates[:2]] == ["ratelimited", None]
    final = updates[-1]  # the 429 was waited out, not turned into a lost edit
    assert final.answer["ok"] and final.args["ts"] == ts
    assert counts_in(all_text(final.args["blocks"]))[slack.app.pack.poll.options[0].label] == 1
    assert "Total voters: 1" in all_text(final.args["blocks"])


async def test_a_retried_delivery_and_a_double_click_count_once(
    tmp_path: Path, fake: FakeSlack
) -> None:
    """A double click changes nothing; Slack's retry of a click, even a minute later (long
    after a repeat click would count as a retraction), is recognised by its delivery key."""
    clock = ManualClock(time.time())
    slack = await start_slack(tmp_path, fake, clock=clock)
    try:
        await slack.command("/poll")
        poll_id, ts, _ = await slack.posted_poll()
        click = slack.click(f"poll:v1:{poll_id}:1", "U0BOB", ts)
        assert await slack.sender.click(click) == (200, "")
        double = slack.click(f"poll:v1:{poll_id}:1", "U0BOB", ts)  # a second, real click
        assert await slack.sender.click(double) == (200, "")
        clock.advance(60)
        assert await slack.sender.click(click, retry_num=1) == (200, "")  # Slack's retries
        assert await vote_count(slack.app, poll_id) == 1  # not taken as a retraction
        assert await slack.sender.click(click, retry_num=2) == (200, "")
        assert await vote_count(slack.app, poll_id) == 1
        poll = await slack.app.polls.store.get(poll_id)
        assert poll is not None
        assert (await slack.app.polls.store.tally(poll)).counts == {1: 1}
        await slack.adapter.idle()
        answers = sorted(c.args["text"] for c in slack.fake.calls_to("response_url"))
        label = poll.label(1)
        assert answers == sorted(
            [
                f"Your vote on poll #{poll_id} is now “{label}”.",
                f"Your vote on poll #{poll_id} is already “{label}”: clicked twice within 2 s: "
                "counted once; click again to take your vote back.",
                f"Your vote on poll #{poll_id} is “{label}”.",
                f"Your vote on poll #{poll_id} is “{label}”.",
            ]
        )
        await slack.app.live.idle()
        last = slack.fake.calls_to("chat.update")[-1]
        assert "Total voters: 1" in all_text(last.args["blocks"])
    finally:
        await stop_slack(slack)


async def test_every_admin_refusal_on_slack_says_who_is_an_admin(slack: Slack) -> None:
    """`/daily on`, `/close` and the End round 1 and Close buttons refused a member with
    "Only … an admin" and nothing said who is one; each refusal now ends with Slack's rule."""
    await slack.command("/poll", "rounds:2", user="U0ALICE")
    two_rounds, first_ts, _ = await slack.posted_poll()
    await slack.command("/poll", user="U0ALICE")
    await slack.fake.wait_for(lambda f: len(f.calls_to("chat.postMessage")) == 2)
    one_round, second_ts, _ = await slack.posted_poll()
    told = []
    typed = (("/daily", "on time:09:00 tz:Europe/London"), ("/close", str(two_rounds)))
    for command, text in typed:
        _, url = await slack.command(command, text, user="U0MALLORY")
        told.append((await slack.answer(url)).args["text"])
    for action, ts in ((f"{two_rounds}:next", first_ts), (f"{one_round}:close", second_ts)):
        payload = slack.click(f"poll:v1:{action}", "U0MALLORY", ts)
        await slack.sender.click(payload)
        told.append((await slack.answer(payload["response_url"])).args["text"])
    rule = "(admins are this workspace's admins and owners, and people named in the bot's settings)"
    closing = "Only the poll's creator or an admin can {} poll #{} " + rule + "."
    assert told == [
        f"Only admins can use /daily on {rule}. Anyone can see /daily status.",
        closing.format("end round 1 of", two_rounds),
        closing.format("end round 1 of", two_rounds),
        closing.format("close", one_round),
    ]


async def test_closing_needs_the_creator_or_a_slack_admin(slack: Slack) -> None:
    await slack.command("/poll", user="U0ALICE")
    poll_id, ts, _ = await slack.posted_poll()
    stranger = slack.click(f"poll:v1:{poll_id}:close", "U0MALLORY", ts)
    await slack.sender.click(stranger)
    refusal = await slack.answer(stranger["response_url"])
    assert refusal.args["response_type"] == "ephemeral"
    assert "creator or an admin" in refusal.args["text"]

    admin = slack.click(f"poll:v1:{poll_id}:close", "U0ADMIN", ts)  # is_admin in users.info
    await slack.sender.click(admin)
    closed = await slack.answer(admin["response_url"])
    assert closed.args["response_type"] == "in_channel"
    assert closed.args["text"].startswith(f"Poll #{poll_id} “")
    assert "is closed" in closed.args["text"]
    await slack.adapter.names.settled()
    users = [c.args["user"] for c in slack.fake.calls_to("users.info")]
    # Each person once: for admin rights at Close, for the creator's name after /poll
    assert sorted(users) == ["U0ADMIN", "U0ALICE", "U0MALLORY"]
    await slack.app.live.idle()
    final = slack.fake.calls_to("chat.update")[-1]
    assert action_ids(final.args["blocks"]) == []  # a closed poll has no buttons left


async def test_a_retried_close_click_is_answered_as_the_click_it_repeats(slack: Slack) -> None:
    """Slack resends a click whose acknowledgement it missed, with the same `action_ts`:
    the retry of a Close was told "Poll #N is already closed", as if someone else had
    closed it. It hears the closing announcement again, privately (the first answer told
    the channel); another click on Close is still told the poll is already closed."""
    await slack.command("/poll", user="U0ALICE")
    poll_id, ts, _ = await slack.posted_poll()
    close = slack.click(f"poll:v1:{poll_id}:close", "U0ALICE", ts)
    again = slack.click(f"poll:v1:{poll_id}:close", "U0ALICE", ts)  # a new click
    first, answers, later = await retried(slack, close, again)
    assert first.args["response_type"] == "in_channel" and "is closed" in first.args["text"]
    assert [(a["response_type"], a["text"]) for a in answers[1:]] == [
        ("ephemeral", first.args["text"])
    ] * 2
    assert later.args["text"].startswith(f"Poll #{poll_id} is already closed.")
    assert len(slack.fake.calls_to("chat.postMessage")) == 1  # the poll alone


async def retried(
    slack: Slack, click: dict[str, Any], again: dict[str, Any], clock: OffsetClock | None = None
) -> tuple[Call, list[dict[str, Any]], Call]:
    """`click`, Slack's two retries of it (at once, then, with `clock`, a minute on), then
    `again`, another click: the first answer, every answer to `click`, and `again`'s."""
    await slack.sender.click(click)
    first = await slack.answer(click["response_url"])
    for retry in (1, 2):
        if clock is not None and retry == 2:
            clock.advance(60)
        assert await slack.sender.click(click, retry_num=retry) == (200, "")
    await slack.sender.click(again)
    later = await slack.answer(again["response_url"])
    await slack.adapter.idle()
    name = click["response_url"].rsplit("/", 1)[1]
    answers = [c.args for c in slack.fake.calls_to("response_url") if c.args["name"] == name]
    return first, answers, later


@pytest.mark.parametrize("action", ["next", "close"])
async def test_a_retried_end_of_round_one_is_answered_as_the_click_it_repeats(
    tmp_path: Path, fake: FakeSlack, action: str
) -> None:
    """Slack's retry of the click that ended round 1 (End round 1, or Close in round 1), with
    the same `action_ts`, was told "Round 2 … is already open" or "Round 1 … is already
    over", and a retried Close a minute on closed round 2 as well. It hears the round 2
    announcement again, privately; the poll stays open, and another click on End round 1
    is still told round 2 is already open."""
    clock = OffsetClock()
    slack = await start_slack(tmp_path, fake, clock)
    try:
        await slack.command("/poll", "rounds:2", user="U0ALICE")
        poll_id, ts, _ = await slack.posted_poll()
        end = slack.click(f"poll:v1:{poll_id}:{action}", "U0ALICE", ts)
        again = slack.click(f"poll:v1:{poll_id}:next", "U0ALICE", ts)  # a new click
        first, answers, told = await retried(slack, end, again, clock)
        poll = await slack.app.polls.store.get(poll_id)
    finally:
        await stop_slack(slack)
    assert first.args["response_type"] == "in_channel" and "Round 1 (before)" in first.args["text"]
    assert [(a["response_type"], a["text"]) for a in answers[1:]] == [
        ("ephemeral", first.args["text"])
    ] * 2
    assert told.args["text"] == f"Round 2 of poll #{poll_id} is already open."
    assert poll is not None and poll.round == 2 and not poll.closed
    assert len(fake.calls_to("chat.postMessage")) == 1  # the poll alone


async def test_a_poll_where_the_bot_is_not_a_member_explains_the_invite(slack: Slack) -> None:
    _, url = await slack.command("/poll", channel="C0NOBOT")
    answer = await slack.answer(url)
    assert answer.args["response_type"] == "ephemeral"
    assert f"/invite @{BOT_NAME}" in answer.args["text"]
    assert [c.args["channel"] for c in slack.fake.calls_to("chat.postMessage")] == ["C0NOBOT"]
    await slack.adapter.idle()
    orphan = ChannelRef("slack", TEAM, "C0NOBOT")
    assert await slack.app.polls.open_polls_in(orphan, 10) == []  # no orphan left open
    assert await slack.app.db.fetchval("SELECT COUNT(*) FROM polls") == 1  # closed, not deleted


async def test_where_slack_refused_the_bot_for_not_being_a_member_it_says_to_invite_it_first(
    slack: Slack,
) -> None:
    """The app has no `chat:write.public` (manifest.py), so Slack refuses its posts in a
    public channel it was never invited to (`not_in_channel`). There `/results`, `/vote` and
    `/daily status` kept suggesting "Start one with /poll" and "/daily on" after Slack had
    refused exactly that: each suggestion now says first how to invite the bot. Once a post
    there goes through (someone invited it), the suggestions are plain again."""
    manifest = yaml.safe_load(render_manifest(slack.app.registry, None, socket=True))
    assert "chat:write.public" not in manifest["oauth_config"]["scopes"]["bot"]

    async def told(command: str, text: str = "") -> str:
        _, url = await slack.command(command, text, channel="C0NOBOT")
        answer = await slack.answer(url)
        assert answer.args["response_type"] == "ephemeral"
        return str(answer.args["text"])

    start = "Start one with /poll."
    assert await told("/results") == f"There is no poll in this channel yet. {start}"
    assert (await told("/poll")).startswith("I can't post in this channel because I'm not")
    first = (
        "Slack refused a post of mine here because I'm not a member: unless I've been "
        f"invited since, invite me with `/invite @{BOT_NAME}` first."
    )
    assert await told("/results") == f"There is no poll in this channel yet. {first} {start}"
    assert await told("/vote", "7 Baker") == f"There is no poll #7 here. {first} {start}"
    assert (await told("/daily", "status")).startswith(
        f"No daily takeaway in this channel. {first} An admin can start one with /daily on"
    )
    on = await slack.app.daily.store.subscribe(  # set while the bot was in, then removed
        ChannelRef("slack", TEAM, "C0NOBOT"), dt_time(9, 30), ZoneInfo("UTC"), "U0ADMIN", 1.0
    )
    assert on.active and f"\nBut: {first}\n" in await told("/daily", "status")
    slack.fake.not_in_channel.discard("C0NOBOT")  # `/invite @debatebot`
    await slack.command("/poll", 'question:"Lunch?" options:"Pizza | Sushi"', channel="C0NOBOT")
    await slack.fake.wait_for(lambda f: len(f.calls_to("chat.postMessage")) == 2)
    poll_id, _, _ = await slack.posted_poll()
    open_here = f"There is no poll #7 here. Open polls here: #{poll_id}."
    assert await told("/vote", "7 Baker") == open_here
    assert "But" not in await told("/daily", "status")


@pytest.mark.parametrize(
    ("error", "told"),
    [
        ("restricted_action", "Only some members may post in this channel, and I am not one"),
        ("is_archived", "This channel is archived, so I can't post in it: someone needs to"),
    ],
)
@pytest.mark.parametrize("command", ["/poll", "/daily now"])
async def test_a_channel_the_bot_may_not_post_in_says_why(
    slack: Slack, error: str, told: str, command: str
) -> None:
    """A workspace may let only some members post in a channel (#general, announcements),
    and a bot is never a full member: Slack refuses its post with `restricted_action`.
    /poll and /daily now answered "Slack refused the message (restricted_action)", which
    tells nobody what to do."""
    slack.fake.errors["chat.postMessage"] = [error]
    name, _, text = command.partition(" ")
    _, url = await slack.command(name, text, user="U0ADMIN")
    answer = await slack.answer(url)
    assert answer.args["response_type"] == "ephemeral"
    assert answer.args["text"].startswith(told)
    await slack.adapter.idle()
    assert await slack.app.polls.open_polls_in(ChannelRef("slack", TEAM, CHANNEL), 10) == []


@pytest.mark.parametrize("error", ["missing_scope", "token_revoked", "invalid_auth"])
@pytest.mark.parametrize(
    ("command", "told"),
    [("/poll", ""), ("/daily now", ""), ("/daily on time:09:30", "Daily takeaways not changed: ")],
)
async def test_a_post_refused_for_the_bots_access_says_only_its_operator_can_fix_it(
    slack: Slack, error: str, command: str, told: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The app installed without a scope, or its token revoked: /daily on answered "Daily
    takeaways not changed: I could not post here (Slack chat.postMessage failed:
    missing_scope)", /daily now "Could not post the takeaway here: …" and /poll "Slack
    refused the message (missing_scope)", all of which send people looking for a fix in the
    channel. They now say it is the bot's access to the workspace, which only whoever runs
    the bot can fix."""
    slack.fake.errors["chat.postMessage"] = [error]
    name, _, text = command.partition(" ")
    _, url = await slack.command(name, text, user="U0ADMIN")
    answer = await slack.answer(url)
    assert answer.args["text"] == (
        f"{told}Slack refused my access to this workspace ({error}), so nothing was posted. "
        "Only whoever runs the bot can fix that (a new token, or the app reinstalled with its "
        "scopes); nothing in this channel can."
    )
    if name == "/poll":  # its operator reads it in the log, as before it had a hint
        assert f"could not post in {CHANNEL}: Slack chat.postMessage failed: {error}" in (
            caplog.text
        )
    await slack.adapter.idle()
    assert await slack.app.polls.open_polls_in(ChannelRef("slack", TEAM, CHANNEL), 10) == []
    assert await slack.app.daily.store.subscription(ChannelRef("slack", TEAM, CHANNEL)) is None


@pytest.mark.parametrize(
    ("errors", "told"),
    [
        (
            ["ratelimited"] * (RATE_LIMIT_RETRIES + 1),  # 429s past the client's own waits
            "Slack asked me to slow down, so nothing was posted. Try again",
        ),
        (["internal_error"], "Slack could not take the message just now (internal_error), so"),
    ],
    ids=["ratelimited", "internal_error"],
)
async def test_a_poll_slack_could_not_take_for_now_is_not_left_open(
    slack: Slack, errors: list[str], told: str
) -> None:
    """A new poll's post refused for the moment (Slack's rate limit outlasting the retries,
    an outage) left the poll open with no message: listed on App Home, votable by number,
    announced at its deadline, and the user read "Slack refused the message (ratelimited)"
    with no word on what to do. It is closed like a poll refused for good, and the user is
    told to try again."""
    slack.fake.retry_after = 0
    slack.fake.errors["chat.postMessage"] = list(errors)
    _, url = await slack.command("/poll")
    answer = await slack.answer(url)
    assert answer.args["response_type"] == "ephemeral"
    assert answer.args["text"].startswith(told)
    await slack.adapter.idle()
    assert await slack.app.polls.open_polls_in(ChannelRef("slack", TEAM, CHANNEL), 10) == []
    await slack.command("/poll")  # once Slack takes it again
    await slack.fake.wait_for(lambda f: len(f.calls_to("chat.postMessage")) == len(errors) + 1)
    poll_id, _, _ = await slack.posted_poll()
    assert poll_id == 2


@pytest.mark.parametrize(
    ("text", "told"), [("now", ""), ("on time:09:30", "Daily takeaways not changed: ")]
)
async def test_daily_where_the_bot_is_not_a_member_explains_the_invite(
    slack: Slack, text: str, told: str
) -> None:
    """/daily now said "Could not post the takeaway here: Slack chat.postMessage failed:
    not_in_channel", Slack's error code, where /poll says how to invite the bot. /daily on
    answered "Daily takeaways on" through `response_url`, which needs no membership, and
    stored a schedule whose first post then failed."""
    _, url = await slack.command("/daily", text, user="U0ADMIN", channel="C0NOBOT")
    answer = await slack.answer(url)
    assert answer.args["response_type"] == "ephemeral"
    assert answer.args["text"] == (
        f"{told}I can't post in this channel because I'm not a member. "
        f"Invite me with `/invite @{BOT_NAME}`."
    )
    channel = ChannelRef("slack", TEAM, "C0NOBOT")
    assert await slack.app.daily.store.subscription(channel) is None


async def test_daily_on_posts_its_schedule_in_the_channel_and_answers_privately(
    slack: Slack,
) -> None:
    _, url = await slack.command("/daily", "on time:09:30", user="U0ADMIN")
    answer = await slack.answer(url)
    assert answer.args["response_type"] == "ephemeral"
    assert answer.args["text"] == "Daily takeaways on: I posted the schedule in this channel."
    [posted] = slack.fake.calls_to("chat.postMessage")
    assert posted.args["channel"] == CHANNEL and posted.answer["ok"]
    assert posted.args["text"].startswith("Daily takeaways on: every day at 09:30 UTC.")
    channel = ChannelRef("slack", TEAM, CHANNEL)
    assert await slack.app.daily.store.subscription(channel) is not None


async def test_daily_on_where_the_bot_was_removed_keeps_the_schedule_it_had(
    slack: Slack,
) -> None:
    """A schedule stored while the bot was a member, then changed after its removal: the
    change is refused, and the time, zone and state stay as they were."""
    channel = ChannelRef("slack", TEAM, "C0NOBOT")
    store = slack.app.daily.store
    london = ZoneInfo("Europe/London")
    await store.subscribe(channel, dt_time(9, 30), london, "U0ADMIN", time.time())
    before = await store.subscription(channel)
    _, url = await slack.command(
        "/daily", "on time:10:00 tz:UTC", user="U0ADMIN", channel="C0NOBOT"
    )
    assert (await slack.answer(url)).args["text"].startswith("Daily takeaways not changed:")
    assert await store.subscription(channel) == before


async def test_a_poll_in_a_direct_message_between_people_says_where_to_run_it(
    slack: Slack,
) -> None:
    """Slack answers `channel_not_found` for a DM the bot is not part of, where `/invite`
    cannot add it: the user is told where a poll can go instead. Not "or in your direct
    message with me", as it said: the manifest makes the bot's Messages tab read-only,
    which takes slash commands away there too."""
    slack.fake.not_in_channel.add("D0ALICEBOB")
    _, url = await slack.command("/poll", channel="D0ALICEBOB")
    answer = await slack.answer(url)
    assert answer.args["response_type"] == "ephemeral"
    assert answer.args["text"] == (
        "I can't post in a direct message between people. Run the command in a channel "
        f"I'm in (`/invite @{BOT_NAME}`)."
    )
    manifest = yaml.safe_load(render_manifest(slack.app.registry, None, socket=True))
    assert manifest["features"]["app_home"]["messages_tab_read_only_enabled"] is True


GROUP_DM_NAME = "mpdm-alice--bob--carol-1"


@pytest.mark.parametrize(
    ("channel", "channel_name", "told"),
    [
        ("G0ALICEBOBCAROL", GROUP_DM_NAME, "a group direct message between people"),
        ("C0MPDMPLANS", "mpdm-plans", "this channel because I'm not a member"),
        ("G0LEGACYPRIVATE", "privategroup", "this channel because I'm not a member"),
        ("C0SECRET", "secret-plans", "this channel because I'm not a member"),
    ],
)
async def test_a_refused_post_hints_by_what_the_payload_says_the_conversation_is(
    slack: Slack, channel: str, channel_name: str, told: str
) -> None:
    """Slack answers `channel_not_found` in any private conversation the bot is not in, and
    a group DM and a legacy private channel both have G ids. `/invite` adds the bot to a
    private channel, but a group DM takes no one (adding a member makes a new one): only
    the command's `channel_name` (`mpdm-…`) tells them apart."""
    slack.fake.not_in_channel.add(channel)
    slack.fake.private.add(channel)
    for command, text in (("/poll", ""), ("/daily", "now"), ("/daily", "on time:09:30")):
        url = slack.fake.response_url()
        status, _ = await slack.sender.command(
            command,
            text,
            team=TEAM,
            channel=channel,
            user="U0ADMIN",
            response_url=url,
            channel_name=channel_name,
        )
        assert status == 200
        answer = await slack.answer(url)
        assert answer.args["response_type"] == "ephemeral"
        assert f"I can't post in {told}" in answer.args["text"]
        assert f"`/invite @{BOT_NAME}`" in answer.args["text"]
    refused = {c.answer["error"] for c in slack.fake.calls_to("chat.postMessage")}
    assert refused == {"channel_not_found"}
    assert await slack.app.daily.store.subscription(ChannelRef("slack", TEAM, channel)) is None


async def test_a_public_answer_without_response_url_is_posted_not_uploaded(slack: Slack) -> None:
    ctx = Context("slack", TEAM, CHANNEL, "U0ALICE", "alice", False, slack.app.clock)
    await slack.adapter.deliver(ctx, Reply(text="hello"), None)
    [post] = slack.fake.calls_to("chat.postMessage")
    assert post.args["channel"] == CHANNEL and post.args["text"] == "hello"
    assert slack.fake.calls_to("files.completeUploadExternal") == []


async def test_outbound_refusals_say_whether_the_message_is_gone(slack: Slack) -> None:
    """Only a missing message or channel is `gone`; a revoked token is permanent but fixable."""
    channel = ChannelRef("slack", TEAM, CHANNEL)
    ts = await slack.adapter.post(channel, Reply(text="tally"))
    with pytest.raises(DeliveryError) as missing:
        await slack.adapter.edit(channel, "1.000001", Reply(text="x"))
    assert missing.value.gone and missing.value.permanent  # message_not_found
    with pytest.raises(DeliveryError) as not_member:
        await slack.adapter.post(ChannelRef("slack", TEAM, "C0NOBOT"), Reply(text="x"))
    assert not_member.value.permanent and not not_member.value.gone
    slack.fake.token = "xoxb-rotated"
    with pytest.raises(DeliveryError) as revoked:
        await slack.adapter.edit(channel, ts, Reply(text="x"))
    assert revoked.value.permanent and not revoked.value.gone  # invalid_auth


async def test_results_upload_the_chart_with_files_upload_v2(slack: Slack) -> None:
    await slack.command("/poll")
    poll_id, ts, _ = await slack.posted_poll()
    vote = slack.click(f"poll:v1:{poll_id}:2", "U0CAROL", ts)
    await slack.sender.click(vote)
    await slack.answer(vote["response_url"])
    _, url = await slack.command("/results", str(poll_id))
    complete = (await slack.fake.wait_for(lambda f: f.calls_to("files.completeUploadExternal")))[0]
    get_url = slack.fake.calls_to("files.getUploadURLExternal")[0]
    upload = slack.fake.calls_to("upload")[0]
    assert get_url.args["filename"] == f"poll-{poll_id}.png"
    assert int(get_url.args["length"]) == upload.args["size"] > 1000
    assert complete.args["channel_id"] == CHANNEL
    assert [f["id"] for f in complete.args["files"]] == [upload.args["file_id"]]
    data = slack.fake.uploads[upload.args["file_id"]]["data"]
    assert data.startswith(b"\x89PNG")
    shown = all_text(complete.args["blocks"])  # the card travels with the chart
    assert f"Results of poll #{poll_id}" in complete.args["blocks"][0]["text"]["text"]
    assert "1 vote" in shown
    await slack.adapter.idle()
    name = url.rsplit("/", 1)[1]  # the card went with the chart, not through response_url
    assert not [c for c in slack.fake.calls_to("response_url") if c.args["name"] == name]


async def test_the_chart_is_described_to_screen_readers_and_titled_short(slack: Slack) -> None:
    """A screen reader reads a Slack file's `alt_txt`: it was "Bar chart of poll #1", which
    said nothing the chart shows. It now says each bar and the leader; the title above the
    picture stays its short name, not the whole description."""
    await slack.command("/poll")
    poll_id, ts, _ = await slack.posted_poll()
    for user in ("U0CAROL", "U0DAVE"):
        vote = slack.click(f"poll:v1:{poll_id}:2", user, ts)
        await slack.sender.click(vote)
        await slack.answer(vote["response_url"])
    await slack.command("/results", str(poll_id))
    complete = (await slack.fake.wait_for(lambda f: f.calls_to("files.completeUploadExternal")))[0]
    alt = slack.fake.calls_to("files.getUploadURLExternal")[0].args["alt_txt"]
    assert alt.startswith(f"Bar chart of poll #{poll_id}: Gavin Baker: 0 votes (0%); ")
    assert "Aaron Gin: 2 votes (100%)" in alt and "Leading: “Aaron Gin”" in alt
    [file] = complete.args["files"]
    assert file["title"] == f"Bar chart of poll #{poll_id}"


# -- admins ----------------------------------------------------------------------------------


async def test_each_person_is_looked_up_once_for_admin_rights_and_name(slack: Slack) -> None:
    """Only commands that depend on admin rights wait for `users.info`; anyone else is
    looked up after the answer, for the name Slack shows them by, and the one answer
    serves both (no second call for the admin's /close)."""
    _, url = await slack.command("/baker", user="U0ADMIN")
    await slack.answer(url)
    await slack.adapter.idle()
    await slack.adapter.names.settled()
    assert [c.args["user"] for c in slack.fake.calls_to("users.info")] == ["U0ADMIN"]

    await slack.command("/poll")
    poll_id, _, _ = await slack.posted_poll()
    _, url = await slack.command("/close", str(poll_id), user="U0ADMIN")  # not the creator
    assert f"Poll #{poll_id}" in (await slack.answer(url)).args["text"]
    await slack.adapter.idle()
    await slack.adapter.names.settled()
    assert [c.args["user"] for c in slack.fake.calls_to("users.info")] == ["U0ADMIN", "U0ALICE"]
    assert await slack.app.polls.open_polls_in(ChannelRef("slack", TEAM, CHANNEL), 10) == []


async def test_the_daily_posts_poll_button_looks_each_person_up_once(slack: Slack) -> None:
    """The daily post's "Who's right? Vote" starts the channel's poll or shows it, for
    anyone: no answer depends on admin rights, but each click cost a `users.info` call
    (tier 4), so a channel answering its daily post could run the bot into Slack's rate
    limit. Now each person costs one lookup (for their name), after the answer."""
    _, url = await slack.command("/daily", "now", user="U0ADMIN")
    await slack.answer(url)
    [daily] = slack.fake.calls_to("chat.postMessage")
    assert action_ids(daily.args["blocks"]) == ["daily:v1:poll"]
    for user in ("U0BOB", "U0CAROL", "U0BOB", "U0CAROL"):
        click = slack.click("daily:v1:poll", user, daily.answer["ts"])
        assert (await slack.sender.click(click))[0] == 200
        await slack.adapter.idle()
    await slack.fake.wait_for(lambda f: len(f.calls_to("chat.postMessage")) == 2)  # one poll
    shown = await slack.answer(click["response_url"])
    assert "is already open in this channel: vote here or on it." in shown.args["text"]
    await slack.adapter.names.settled()
    users = [c.args["user"] for c in slack.fake.calls_to("users.info")]
    assert sorted(users) == ["U0ADMIN", "U0BOB", "U0CAROL"]


async def test_a_poll_command_submitted_twice_at_once_posts_one_poll(slack: Slack) -> None:
    """A double Enter sends two identical `/poll`s at once: each was checked for a twin
    before either was stored, and the channel got two polls splitting the votes. Now one
    `chat.postMessage`, and the other request the open poll, privately."""
    sent = await asyncio.gather(*(slack.command("/poll", "Lunch? Pizza | Sushi") for _ in "ab"))
    assert [answer for answer, _ in sent] == [(200, "")] * 2
    poll_id, _, post = await slack.posted_poll()
    names = {url.rsplit("/", 1)[1] for _, url in sent}

    def answers(fake: FakeSlack) -> list[Call]:
        return [c for c in fake.calls_to("response_url") if c.args["name"] in names]

    await slack.fake.wait_for(answers)
    await slack.adapter.idle()
    assert slack.fake.calls_to("chat.postMessage") == [post]
    [shown] = answers(slack.fake)
    assert shown.args["response_type"] == "ephemeral"
    assert shown.args["text"].startswith(f"Poll #{poll_id} asks this already")
    assert await slack.app.db.fetchval("SELECT COUNT(*) FROM polls") == 1


async def test_a_poll_asked_again_while_open_is_shown_privately_not_posted_twice(
    slack: Slack,
) -> None:
    """A teammate typing the open poll's `/poll` again posted a twin that split the votes:
    Slack now gets one `chat.postMessage`, and the second asker the open poll, privately,
    with buttons whose vote counts on it."""
    await slack.command("/poll", "Lunch? Pizza | Sushi")
    poll_id, _, _ = await slack.posted_poll()
    _, url = await slack.command("/poll", "Lunch? Pizza | Sushi", user="U0BOB")
    shown = await slack.answer(url)
    assert shown.args["response_type"] == "ephemeral"
    assert shown.args["text"].startswith(f"Poll #{poll_id} asks this already")
    assert f"poll:v1:{poll_id}:2" in action_ids(shown.args["blocks"])
    await slack.adapter.idle()
    assert len(slack.fake.calls_to("chat.postMessage")) == 1
    click = slack.click(f"poll:v1:{poll_id}:2", "U0BOB", "1.000001")
    click["container"]["is_ephemeral"] = True  # a button on the private answer
    del click["message"]
    assert (await slack.sender.click(click))[0] == 200
    assert "is now “Sushi”" in (await slack.answer(click["response_url"])).args["text"]
    assert await vote_count(slack.app, poll_id) == 1


async def results_after_votes(
    slack: Slack, votes: Iterable[tuple[str, int]]
) -> list[dict[str, Any]]:
    """/poll "Who?" (Baker | Gin), each of `votes` (user, option) clicked, answered and its
    voter's name learnt, then /results: the blocks of the message with its chart."""
    await slack.command("/poll", 'question:"Who?" options:"Baker | Gin"')
    poll_id, ts, _ = await slack.posted_poll()
    for user, option in votes:
        vote = slack.click(f"poll:v1:{poll_id}:{option}", user, ts)
        await slack.sender.click(vote)
        await slack.answer(vote["response_url"])
        await slack.adapter.idle()
        await slack.adapter.names.settled()
    await slack.command("/results", str(poll_id))
    complete = (await slack.fake.wait_for(lambda f: f.calls_to("files.completeUploadExternal")))[0]
    return list(complete.args["blocks"])


async def test_voter_lists_show_the_names_slack_shows(slack: Slack) -> None:
    """Payloads name people by their legacy username (`u0carol`), which Slack deprecated
    for display names: /results listed voters as no one in the workspace knows them. The
    name comes from `users.info` after the vote's answer, once per person: the display
    name, else the full name; as text, never a ping."""
    names = {"U0CAROL": "Carol Danvers", "U0DAVE": "", "U0EVE": "<!here> & co"}
    slack.fake.display_names.update(names)
    votes = (("U0CAROL", 1), ("U0DAVE", 2), ("U0EVE", 2), ("U0CAROL", 2))
    shown = all_text(await results_after_votes(slack, votes))
    assert "Carol Danvers" in shown and "U0DAVE" in shown  # Dave set no display name
    assert "!here&gt; &amp; co" in shown and "<!here>" not in shown and "&lt;!here" not in shown
    assert "u0carol" not in shown and "u0dave" not in shown
    users = [c.args["user"] for c in slack.fake.calls_to("users.info")]
    assert sorted(users) == ["U0ALICE", "U0CAROL", "U0DAVE", "U0EVE"]  # once each


async def test_an_instance_that_has_not_learnt_a_name_never_records_the_username(
    slack: Slack,
) -> None:
    """With several instances (`--workers N`), each learns names on its own: a vote on one
    that had not looked Carol up yet recorded her legacy username again over the name
    another had learnt ("Carol Danvers" became "u0carol" in /results) until its own
    lookup landed, or for good while Slack refused it. A username now names only someone
    recorded for the first time."""
    slack.fake.display_names["U0CAROL"] = "Carol Danvers"
    await slack.command("/poll", 'question:"Who?" options:"Baker | Gin"')
    poll_id, ts, _ = await slack.posted_poll()
    carol = UserRef("slack", TEAM, "U0CAROL")

    async def vote(option: int) -> str:
        click = slack.click(f"poll:v1:{poll_id}:{option}", "U0CAROL", ts)
        await slack.sender.click(click)
        await slack.answer(click["response_url"])
        await slack.adapter.idle()
        await slack.adapter.names.settled()
        return str(
            await slack.app.db.fetchval(
                "SELECT display_name FROM users "
                "WHERE platform = ? AND workspace = ? AND user_id = ?",
                carol.platform,
                carol.workspace,
                carol.user,
            )
        )

    assert await vote(1) == "Carol Danvers"  # the first: learnt and recorded
    another = SlackPeople(slack.adapter.client, frozenset())  # an instance that never saw her
    slack.adapter.contexts.people = slack.adapter.names.people = another
    slack.fake.errors["users.info"] = ["internal_error"]  # and whose lookup does not land
    assert await vote(2) == "Carol Danvers"
    assert len(slack.fake.calls_to("users.info")) == 3  # Alice, Carol, Carol again


async def test_a_display_name_cannot_hide_its_voter_or_add_lines_to_the_list(
    slack: Slack,
) -> None:
    """A display name is whatever its owner set: one of only a Hangul filler (blank as
    shown, though no whitespace to `str.strip`) listed its voter as nobody, and one with line
    breaks wrote lines of its own into the bot's voter list ("Poll closed: Baker wins").
    A blank name gives way to the next name Slack has, and a name is shown on one line."""
    names = {"U0MAL": "\u3164\u200b", "U0EVE": "Eve\n\n*Poll closed:*\tBaker wins"}
    slack.fake.display_names.update(names)
    blocks = await results_after_votes(slack, [(user, 1) for user in names])
    sections = [block.get("text", {}).get("text", "") for block in blocks]
    [voters] = [text for text in sections if text.startswith("*1) Baker*")]
    assert voters.splitlines() == ["*1) Baker*", "U0MAL, Eve ∗Poll closed:∗ Baker wins"]


@pytest.mark.parametrize(
    ("error", "way"),
    [
        ("missing_scope", "the app needs reinstalling with the `users:read` scope"),
        ("internal_error", "try again in a minute"),
        *(
            (
                code,
                f"it refused my access to this workspace ({code}), which only whoever runs "
                "the bot can fix",
            )
            for code in ("token_revoked", "account_inactive", "invalid_auth")
        ),
    ],
)
async def test_an_admin_slack_would_not_vouch_for_is_told_why(
    slack: Slack, error: str, way: str
) -> None:
    """When `users.info` fails (the app installed without `users:read`, Slack's outage),
    a workspace owner was refused with "Only admins can use /daily on (admins are this
    workspace's admins and owners …)", which they are: refused still (rights are never
    granted on a failed check), they are now told that Slack would not say, and what to do:
    not "try again in a minute" when Slack refused the bot's own access (a revoked token, a
    deactivated bot user), which no wait mends."""
    slack.fake.errors["users.info"] = [error]
    _, url = await slack.command("/daily", "on", user="U0ADMIN")
    assert (
        (await slack.answer(url))
        .args["text"]
        .startswith(
            "Only admins can use /daily on (admins are this workspace's admins and owners, and "
            f"people named in the bot's settings, and Slack would not say just now whether you "
            f"are one: {way})."
        )
    )
    await slack.command("/poll")
    poll_id, ts, _ = await slack.posted_poll()
    close = slack.click(f"poll:v1:{poll_id}:close", "U0ADMIN", ts)  # the failure is cached
    await slack.sender.click(close)
    refused = (await slack.answer(close["response_url"])).args["text"]
    assert refused.startswith(f"Only the poll's creator or an admin can close poll #{poll_id}")
    assert refused.endswith(f"whether you are one: {way}).")


async def test_admin_rights_come_from_bot_admins_or_users_info_cached(fake: FakeSlack) -> None:
    """BOT_ADMINS needs no call; Slack admins are looked up once per TTL, concurrent
    requests from one user share one lookup."""
    now = [0.0]
    client = AsyncWebClient(token=TOKEN, base_url=fake.base_url)
    admins = SlackPeople(client, frozenset({"U0BOSS"}), monotonic=lambda: now[0])
    assert await admins.is_admin(TEAM, "U0BOSS") is True
    answers = await asyncio.gather(*(admins.is_admin(TEAM, "U0ADMIN") for _ in range(10)))
    assert answers == [True] * 10
    assert await admins.is_admin(TEAM, "U0PLAIN") is False
    assert await admins.is_admin(TEAM, "U0PLAIN") is False
    assert [c.args["user"] for c in fake.calls_to("users.info")] == ["U0ADMIN", "U0PLAIN"]
    now[0] = 31.0  # the cached answers expire within half a minute: a demoted admin
    # loses the right on every instance (each caches on its own)
    fake.admins.discard("U0ADMIN")
    assert await admins.is_admin(TEAM, "U0ADMIN") is False
    assert len(fake.calls_to("users.info")) == 3


async def test_names_are_refreshed_hourly_and_kept_when_slack_refuses(fake: FakeSlack) -> None:
    """A name is trusted for `NAME_TTL`, then looked up again; a failed lookup keeps the
    name already known rather than falling back to the legacy username."""
    now = [0.0]
    client = AsyncWebClient(token=TOKEN, base_url=fake.base_url)
    people = SlackPeople(client, frozenset(), monotonic=lambda: now[0])
    fake.display_names["U0CAROL"] = "Carol"
    assert people.name(TEAM, "U0CAROL") is None and people.needs_name(TEAM, "U0CAROL")
    assert await people.is_admin(TEAM, "U0CAROL") is False  # the admin check learns it too
    assert await people.refresh_name(TEAM, "U0CAROL") == "Carol"
    assert len(fake.calls_to("users.info")) == 1
    now[0] = NAME_TTL - 1
    fake.display_names["U0CAROL"] = "Carol D."
    assert await people.refresh_name(TEAM, "U0CAROL") == "Carol"  # still fresh: no call
    now[0] = NAME_TTL + 1
    assert await people.refresh_name(TEAM, "U0CAROL") == "Carol D."
    now[0] = 2 * NAME_TTL + 2
    fake.revoked.add(TOKEN)
    fake.token = "xoxb-other"
    assert await people.refresh_name(TEAM, "U0CAROL") == "Carol D."  # refused: kept
    now[0] += FAILED_NAME_TTL - 1
    assert await people.refresh_name(TEAM, "U0CAROL") == "Carol D."  # not asked again yet
    assert len(fake.calls_to("users.info")) == 3
    now[0] += 2
    await people.refresh_name(TEAM, "U0CAROL")
    assert len(fake.calls_to("users.info")) == 4


async def test_names_are_learnt_one_person_at_a_time_in_turn(fake: FakeSlack) -> None:
    """A burst of first-time voters queues up: each person once, in the order they came,
    one `users.info` call at a time, each name recorded."""
    client = AsyncWebClient(token=TOKEN, base_url=fake.base_url)
    recorded: list[tuple[str, str, str]] = []

    async def record(team: str, user: str, name: str) -> None:
        assert fake.api_in_flight == 0  # the lookup before it is over, none other started
        recorded.append((team, user, name))

    names = Names(SlackPeople(client, frozenset()), record, pace=0.0)
    fake.display_names.update({"U0A": "Ann", "U0B": "Bo"})
    for user in ("U0A", "U0B", "U0A", "U0C", "U0B"):
        names.want(TEAM, user)
    await names.settled()
    assert recorded == [(TEAM, "U0A", "Ann"), (TEAM, "U0B", "Bo"), (TEAM, "U0C", "u0c")]
    names.want(TEAM, "U0A")  # named within the hour: not queued again
    await names.settled()
    assert [c.args["user"] for c in fake.calls_to("users.info")] == ["U0A", "U0B", "U0C"]


async def test_a_name_that_cannot_be_recorded_does_not_stop_the_queue(
    fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    """A database outage while names are recorded is logged once, not once a person (every
    request during an outage queues its person, and a traceback each buried the outage's
    own lines), with its end; the next person in the queue is still named."""
    client = AsyncWebClient(token=TOKEN, base_url=fake.base_url)
    recorded: list[str] = []

    async def record(team: str, user: str, name: str) -> None:
        if user in ("U0A", "U0B", "U0C"):
            raise ConnectionError("database unavailable")
        recorded.append(user)

    names = Names(SlackPeople(client, frozenset()), record, pace=0.0)
    for user in ("U0A", "U0B", "U0C", "U0D"):
        names.want(TEAM, user)
    await names.settled()
    assert recorded == ["U0D"]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage() for r in errors] == [
        "slack names: recording the names Slack shows failed; retrying at the next request "
        f"of each person (U0A in {TEAM} now) until it works"
    ]
    assert "works again after 3 failed tries" in caplog.text


#: A name as people may set it: missing, any text, blank or broken over lines, or too long.
SLACK_NAME = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.text(st.sampled_from(" \n\t\u2028\u3164\u200bAé"), max_size=8),
    st.text(min_size=MAX_NAME - 2, max_size=MAX_NAME + 20),
)


@given(display=SLACK_NAME, real=SLACK_NAME, name=SLACK_NAME)
def test_the_shown_name_is_the_first_name_slack_has(
    display: str | None, real: str | None, name: str | None
) -> None:
    """Display names are typed by people: any of them may be missing or blank (invisible
    characters included), and the name shown is the first that is not (display name, full
    name, username, then the id), on one line and at most `MAX_NAME` characters long."""
    user = {"id": "U0X", "name": name, "profile": {"display_name": display, "real_name": real}}
    first = next((c for c in (display, real, name) if c and not is_blank(c)), "U0X")
    one_line = " ".join(first.split())
    shown = shown_name(user)
    assert len(shown.splitlines()) == 1 and len(shown) <= MAX_NAME and not is_blank(shown)
    if len(one_line) <= MAX_NAME:
        assert shown == one_line
    else:
        assert shown.endswith("…") and one_line.startswith(shown[:-1])


# -- App Home, health, security --------------------------------------------------------------


async def test_app_home_shows_open_polls_takeaway_and_commands(slack: Slack) -> None:
    """The tab offered "Vote in #general · or `/vote 1 <option>`", read as a second way to
    vote from anywhere; typed in another channel it answered "There is no poll #1 here.
    Start one with /poll." about the poll the tab had just shown. It says both ways are in
    the poll's channel, where the line it offers counts the vote."""
    await slack.command("/poll")
    poll_id, ts, _ = await slack.posted_poll()
    vote = slack.click(f"poll:v1:{poll_id}:1", "U0DAVE", ts)
    await slack.sender.click(vote)
    await slack.answer(vote["response_url"])
    event = {"type": "app_home_opened", "user": "U0DAVE", "channel": "D0DAVE", "tab": "home"}
    status, _ = await slack.sender.event(event, team=TEAM)
    assert status == 200
    publish = (await slack.fake.wait_for(lambda f: f.calls_to("views.publish")))[0]
    assert publish.args["user_id"] == "U0DAVE"
    view = publish.args["view"]
    assert view["type"] == "home"
    shown = all_text(view["blocks"])
    assert f"Poll #{poll_id}" in shown and "1 vote" in shown
    # A link to the poll's channel, no buttons here.
    line = f"Vote in <#{CHANNEL}>, with its buttons or `/vote {poll_id} &lt;option&gt;`"
    assert line in shown.splitlines()
    assert action_ids(view["blocks"]) == []
    assert "Today's takeaway" in shown
    assert all(f"/{command.name}" in shown for command in slack.app.registry)
    assert len(view["blocks"]) <= 100
    _, elsewhere = await slack.command("/vote", f"{poll_id} 2", user="U0DAVE", channel="C0OTHER")
    assert (await slack.answer(elsewhere)).args["text"].startswith(f"There is no poll #{poll_id}")
    _, there = await slack.command("/vote", f"{poll_id} 2", user="U0DAVE")
    assert "is now “Aaron Gin”" in (await slack.answer(there)).args["text"]


async def test_app_home_without_polls_says_where_a_poll_can_start(slack: Slack) -> None:
    """It said "Start one in any channel with `/poll`", and a channel without the bot
    refuses it: it names the channels the bot is in, and how to add it."""
    event = {"type": "app_home_opened", "user": "U0DAVE", "channel": "D0DAVE", "tab": "home"}
    assert (await slack.sender.event(event, team=TEAM))[0] == 200
    publish = (await slack.fake.wait_for(lambda f: f.calls_to("views.publish")))[0]
    assert (
        "No open polls of yours. Start one with `/poll` in a channel I'm in "
        f"(`/invite @{BOT_NAME}` adds me)."
    ) in all_text(publish.args["view"]["blocks"])


async def test_healthz_answers_when_the_database_does(slack: Slack) -> None:
    url = slack.sender.url.replace("/slack/events", "/healthz")
    async with slack.sender.session.get(url) as response:
        assert response.status == 200
        assert await response.json() == {"ok": True}


@pytest.mark.parametrize("forgery", ["wrong secret", "five minutes old"])
async def test_forged_or_stale_requests_get_401_and_change_nothing(
    slack: Slack, forgery: str
) -> None:
    body = command_body(
        "/poll",
        "",
        team=TEAM,
        channel=CHANNEL,
        user="U0EVE",
        response_url=slack.fake.response_url(),
    )
    if forgery == "wrong secret":
        answer = await slack.sender.send(body, secret="not-the-signing-secret")
    else:
        answer = await slack.sender.send(body, timestamp=int(time.time()) - 301)
    assert answer[0] == 401
    await slack.adapter.idle()  # anything that could have been started has finished
    assert [call.method for call in slack.fake.calls] == ["auth.test"]  # the start-up's
    assert await slack.app.db.fetchval("SELECT COUNT(*) FROM polls") == 0
    assert await slack.app.db.fetchval("SELECT COUNT(*) FROM users") == 0


async def test_secrets_never_reach_the_logs(
    tmp_path: Path, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    running = await start_slack(tmp_path, fake, LOG_LEVEL="DEBUG")
    try:
        await running.command("/poll")
        await running.posted_poll()
    finally:
        await stop_slack(running)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert logged  # something was logged, and none of it is a secret
    for secret in (TOKEN, SIGNING_SECRET, "legacy-verification-token"):
        assert secret not in logged


def socket_mode_settings(fake: FakeSlack) -> dict[str, str]:
    """The settings of a bot in Socket Mode on the fake: both tokens, its API and answers."""
    return {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": fake.base_url,
        "SLACK_RESPONSE_ORIGINS": fake.origin,
    }


async def test_socket_mode_serves_commands_over_the_websocket(
    tmp_path: Path, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    config = settings_for(tmp_path, **socket_mode_settings(fake))
    app = await create_app(config)
    adapter = SlackAdapter(app)
    adapter.names.pace = 0.0  # names are learnt as fast as the fake answers
    await app.start()
    serving = asyncio.create_task(adapter.serve())
    try:
        url = fake.response_url("socket")
        payload = {
            "token": "legacy-verification-token",
            "team_id": TEAM,
            "channel_id": CHANNEL,
            "user_id": "U0ALICE",
            "user_name": "alice",
            "command": "/gin",
            "text": "",
            "response_url": url,
        }
        envelope = await fake.send_envelope("slash_commands", payload)
        ack = await fake.wait_for(
            lambda f: [c for c in f.calls_to("socket_ack") if c.args["envelope_id"] == envelope]
        )
        assert ack
        answers = await fake.wait_for(lambda f: f.calls_to("response_url"))
        assert answers[0].args["blocks"][0]["text"]["text"] == "Aaron Gin"  # no invented role
        assert fake.calls_to("apps.connections.open")
    finally:
        serving.cancel()
        await asyncio.gather(serving, return_exceptions=True)
        await app.close()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "legacy-verification-token" not in logged and APP_TOKEN not in logged


# -- two-round polls ---------------------------------------------------------------------------


async def test_a_two_round_pack_poll_with_a_restart_between_the_rounds(
    tmp_path: Path, fake: FakeSlack
) -> None:
    """20 voters before; a new bot on the same database; changes, picks (Block Kit buttons
    `poll:v1:<id>:moved:<point>`), a retried pick, the closing story and the chart."""
    clock = OffsetClock()
    first = await start_slack(tmp_path, fake, clock)
    try:
        await first.command("/poll", "rounds:2", user="U0ALICE")
        poll_id, ts, post = await first.posted_poll()
        assert "Round 1 of 2 · before" in all_text(post.args["blocks"])
        assert action_ids(post.args["blocks"])[-1] == f"poll:v1:{poll_id}:next"
        clicks = [first.click(f"poll:v1:{poll_id}:{o}", f"U{v}", ts) for v, o in ROUND_1.items()]
        assert set(await asyncio.gather(*(first.sender.click(c) for c in clicks))) == {(200, "")}
        end = first.click(f"poll:v1:{poll_id}:next", "U0ALICE", ts)
        await first.sender.click(end)
        opened = await first.answer(end["response_url"])
        assert opened.args["response_type"] == "in_channel"
        assert "Round 1 (before)" in opened.args["text"] and "with 20 voters" in opened.args["text"]
    finally:
        await stop_slack(first)

    clock.advance(REPEAT_CLICK_WINDOW)  # the restart takes a while: round 2 is not just opening
    slack = await start_slack(tmp_path, fake, clock)  # the restart: a new bot, same database
    try:
        offered: dict[str, list[str]] = {}
        pick_clicks: list[dict[str, Any]] = []
        for kind, voter, value in ROUND_2:
            if kind == "vote":
                click = slack.click(f"poll:v1:{poll_id}:{value}", f"U{voter}", ts)
            else:  # a button on the private answer: Slack marks its container ephemeral
                click = slack.click(offered[voter][value - 1], f"U{voter}", "1.000001")
                click["container"]["is_ephemeral"] = True
                del click["message"]
            assert await slack.sender.click(click) == (200, "")
            answer = await slack.answer(click["response_url"])
            assert answer.args["response_type"] == "ephemeral"
            if kind == "vote" and voter in OFFERED:
                text = all_text(answer.args["blocks"])
                assert "You changed your mind" in text and "Which argument moved you?" in text
                offered[voter] = action_ids(answer.args["blocks"])
                assert len(offered[voter]) == OFFERED[voter]
                assert all(a.startswith(f"poll:v1:{poll_id}:moved:") for a in offered[voter])
            if kind == "pick":
                pick_clicks.append(click)
                assert answer.args["text"].startswith("Noted: “")
                assert await slack.sender.click(click, retry_num=1) == (200, "")  # a retry
        # Slack retries u02's first pick after they changed it: the later pick stands.
        assert await slack.sender.click(pick_clicks[1], retry_num=2) == (200, "")
        picks = await slack.app.polls.store.picks(poll_id)
        assert len(picks) == len({voter for kind, voter, _ in ROUND_2 if kind == "pick"})

        close = slack.click(f"poll:v1:{poll_id}:close", "U0ALICE", ts)
        await slack.sender.click(close)
        closed = await slack.answer(close["response_url"])
        assert closed.args["response_type"] == "in_channel"
        assert missing(all_text(closed.args["blocks"])) == []
        await slack.command("/results", str(poll_id))
        complete = (await fake.wait_for(lambda f: f.calls_to("files.completeUploadExternal")))[0]
        assert missing(all_text(complete.args["blocks"])) == []
        upload = fake.calls_to("upload")[0]
        assert fake.uploads[upload.args["file_id"]]["data"].startswith(b"\x89PNG")
        await slack.app.live.idle()
        final = fake.calls_to("chat.update")[-1]
        assert final.args["ts"] == ts and "Winner by the Oxford rule" in flat(
            all_text(final.args["blocks"])
        )
    finally:
        await stop_slack(slack)


async def test_answers_show_evidence_analysis_voice_and_glossary_natively(slack: Slack) -> None:
    """The source's sentence as a context line under the claim, the article's analysis under
    its own header, and a kept-as-written name (P30s) explained in a context footnote."""
    _, url = await slack.command("/ask", "p30s")
    blocks = (await slack.answer(url)).args["blocks"]
    assert not block_errors(blocks, limit=50)
    notes = [b["elements"][0]["text"] for b in blocks if b["type"] == "context"]
    assert any(n.startswith("*From the article:* ") for n in notes)
    assert any(n.startswith("*P30s (glossary):* Spelled as the article writes it") for n in notes)
    _, url = await slack.command("/ask", "training frontier models from scratch")
    headers = [
        b["text"]["text"] for b in (await slack.answer(url)).args["blocks"] if b["type"] == "header"
    ]
    assert "The article (analysis)" in headers
    _, url = await slack.command("/topics", "")
    topics = (await slack.answer(url)).args["blocks"]
    assert any("*O13*" in text for text in all_text(topics).splitlines())


async def test_a_vote_typed_as_a_word_of_a_label_counts_for_the_option_it_names(
    slack: Slack,
) -> None:
    """`/vote N baker` found no "Gavin Baker": a typed label matched only from its start."""
    await slack.command("/poll", "Who bakes? Gavin Baker | Anne Bakery | José Gin")
    poll_id, _, _ = await slack.posted_poll()
    answers = {}
    for typed in ("baker", "JOSE", "bak"):
        _, url = await slack.command("/vote", f"{poll_id} {typed}", user="U0BOB")
        answers[typed] = (await slack.answer(url)).args["text"]
    assert answers["baker"] == f"Your vote on poll #{poll_id} is now “Gavin Baker”."
    assert answers["JOSE"] == f"Your vote on poll #{poll_id} is now “José Gin”."
    assert answers["bak"] == (
        f"“bak” matches 2 options of poll #{poll_id}. Type /vote poll:{poll_id} option:1 for "
        f"“Gavin Baker” or /vote poll:{poll_id} option:2 for “Anne Bakery”."
    )
    assert await vote_count(slack.app, poll_id) == 1  # Bob's, moved once


async def test_several_options_typed_in_one_vote_are_all_chosen_in_a_multi_choice_poll(
    slack: Slack,
) -> None:
    """`/vote N 1 3` in a multiple-choice poll was refused "“1 3” is not an option", with
    no word of how to pick two. Slack sends `&` as `&amp;`: read once, it separates too."""
    await slack.command("/poll", "Lunch? Pizza | Pasta | Soup multi:true")
    poll_id, _, _ = await slack.posted_poll()
    answers = []
    for typed in ("1 3", "pasta &amp; soup"):
        _, url = await slack.command("/vote", f"{poll_id} {typed}", user="U0BOB")
        answers.append((await slack.answer(url)).args["text"])
    assert answers == [
        f"Added “Pizza” and “Soup” to your choices on poll #{poll_id}. "
        "Now recorded: “Pizza” and “Soup”.",
        f"Added “Pasta” to your choices on poll #{poll_id}; “Soup” was already chosen. "
        "Now recorded: “Pizza”, “Pasta” and “Soup”.",
    ]
    assert await vote_count(slack.app, poll_id) == 3
    await slack.command("/poll", "Tea? Green | Black")
    await slack.fake.wait_for(lambda fake: len(fake.calls_to("chat.postMessage")) == 2)
    single, _, _ = await slack.posted_poll()
    _, url = await slack.command("/vote", f"{single} green, black", user="U0BOB")
    assert (await slack.answer(url)).args["text"] == (
        f"“green, black” names 2 options, and poll #{single} takes one. Type "
        f"/vote poll:{single} option:1 for “Green” or /vote poll:{single} option:2 for “Black”."
    )
    assert await vote_count(slack.app, single) == 0


async def test_a_hidden_multi_choice_poll_counts_voters_apart_from_their_picks(
    slack: Slack,
) -> None:
    """One person picking two options of a multi-choice poll whose results are hidden: its
    message and /results said "2 votes so far", read as two people having voted."""
    await slack.command("/poll", "Lunch? Pizza | Pasta | Soup multi:true hide_results:true")
    poll_id, ts, _ = await slack.posted_poll()
    _, url = await slack.command("/vote", f"{poll_id} 1 3", user="U0BOB")
    await slack.answer(url)
    await slack.app.live.idle()
    edited = slack.fake.messages[(CHANNEL, ts)]
    assert "1 voter · 2 votes so far; results are shown when it closes." in edited["text"]
    _, url = await slack.command("/results", str(poll_id))
    assert (await slack.answer(url)).args["text"] == (
        f"Results of poll #{poll_id} are hidden until it closes; 1 voter · 2 votes so far."
    )


async def test_help_on_slack_keeps_the_typed_grammars_hints(slack: Slack) -> None:
    """Slack's text goes through the grammar, so its help keeps what Discord's leaves out:
    how options are typed, and examples quoted for typing."""
    _, url = await slack.command("/help", "poll")
    shown = (await slack.answer(url)).args["text"]
    assert "Options go by position or as name:value; quotes group words and keep colons." in shown
    assert '/poll question:"Tabs or spaces?" options:Tabs | Spaces duration:1d' in shown


@pytest.mark.parametrize(
    ("channel", "channel_name", "kind"),
    [
        ("D0ALICEBOB", "directmessage", "a direct"),
        ("G0ALICEBOBCAROL", GROUP_DM_NAME, "a group direct"),
    ],
)
async def test_a_direct_message_between_people_suggests_only_what_works_there(
    slack: Slack, channel: str, channel_name: str, kind: str
) -> None:
    """/results and /daily status in a DM between people said "Start one with /poll" and
    "An admin can start one with /daily on …", which Slack refuses there (the bot cannot
    join such a conversation): they say where polls and daily takeaways can run instead,
    without a call to Slack beyond the bot's name."""
    elsewhere = (
        f"I can't post in {kind} message between people. Run polls and daily takeaways in a "
        f"channel I'm in (`/invite @{BOT_NAME}`)."
    )
    told = {}
    for command, text in (("/results", ""), ("/results", "7"), ("/daily", "status")):
        url = slack.fake.response_url()
        await slack.sender.command(
            command,
            text,
            team=TEAM,
            channel=channel,
            user="U0ALICE",
            response_url=url,
            channel_name=channel_name,
        )
        told[command, text] = (await slack.answer(url)).args["text"]
    assert told["/results", ""] == f"There is no poll in this channel yet. {elsewhere}"
    assert told["/results", "7"] == f"There is no poll #7 here. {elsewhere}"
    assert told["/daily", "status"] == (
        f"No daily takeaway in this channel. {elsewhere} Last post: none yet."
    )
    assert slack.fake.calls_to("chat.postMessage") == []
    for action, refusal in (("on", "Daily takeaways not changed: "), ("now", "")):
        # not "Only admins can …": no admin could either
        url = slack.fake.response_url()
        await slack.sender.command(
            "/daily",
            action,
            team=TEAM,
            channel=channel,
            user="U0ALICE",
            response_url=url,
            channel_name=channel_name,
        )
        assert (await slack.answer(url)).args["text"] == refusal + elsewhere
    _, url = await slack.command("/results")  # a channel: a poll can start there
    assert (await slack.answer(url)).args["text"].endswith("Start one with /poll.")


async def test_voters_are_told_when_the_poll_message_can_no_longer_be_updated(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    """Someone removes the bot from the channel: clicks on the poll and votes by number
    still count, but Slack refuses the live tally's `chat.update` (`not_in_channel`), so
    the message silently stopped moving and nobody knew why. Each voter's confirmation now
    says so and how to let the bot back in, until an update goes through again. The log
    says it once, not at ERROR for every refused update."""
    caplog.set_level(logging.INFO, logger="bot.polls.live")
    await slack.command("/poll", 'question:"Ship it?" options:"Yes | No"')
    poll_id, ts, _ = await slack.posted_poll()

    async def vote(user: str, option: int) -> str:
        click = slack.click(f"poll:v1:{poll_id}:{option}", user, ts)
        await slack.sender.click(click)
        told = str((await slack.answer(click["response_url"])).args["text"])
        await slack.app.live.idle()
        return told

    assert await vote("U0BOB", 1) == f"Your vote on poll #{poll_id} is now “Yes”."
    slack.fake.not_in_channel.add(CHANNEL)  # someone removes the bot
    assert await vote("U0CAROL", 2) == f"Your vote on poll #{poll_id} is now “No”."
    assert slack.fake.calls_to("chat.update")[-1].answer["error"] == "not_in_channel"
    stuck = (
        "The poll's message can't show new votes: I'm not in this channel any more. Invite "
        f"me back with `/invite @{BOT_NAME}` and it catches up at the next vote. See "
        f"/results poll:{poll_id}."
    )
    assert await vote("U0DAVE", 2) == f"Your vote on poll #{poll_id} is now “No”. {stuck}"
    _, url = await slack.command("/vote", f"{poll_id} Yes", user="U0EVE")
    assert (await slack.answer(url)).args["text"].endswith(stuck)
    await slack.app.live.idle()
    slack.fake.not_in_channel.discard(CHANNEL)  # `/invite @debatebot` again
    await vote("U0FRED", 1)  # read before this vote's update went through: still told
    assert slack.fake.calls_to("chat.update")[-1].answer["ok"]
    assert await vote("U0GINA", 1) == f"Your vote on poll #{poll_id} is now “Yes”."
    assert await vote_count(slack.app, poll_id) == 6
    refusals = [r for r in caplog.records if f"poll {poll_id}: slack refused" in r.getMessage()]
    assert [r.levelno for r in refusals] == [logging.WARNING]
    assert f"poll {poll_id}: its message can be edited again" in caplog.text


async def test_votes_by_number_on_a_poll_whose_message_was_deleted_say_where_it_is(
    slack: Slack,
) -> None:
    """A workspace admin deletes the poll's message: votes by number still counted, and
    their voters were told nothing of a tally nobody can see any more. They are now told
    the message is gone and where the tally is."""
    await slack.command("/poll", 'question:"Ship it?" options:"Yes | No"')
    poll_id, ts, _ = await slack.posted_poll()
    del slack.fake.messages[(CHANNEL, ts)]  # deleted in Slack
    told, shown = [], []
    for user in ("U0BOB", "U0CAROL"):
        _, url = await slack.command("/vote", f"{poll_id} Yes", user=user)
        answer = (await slack.answer(url)).args
        told.append(answer["text"])
        shown.append(all_text(answer["blocks"]))
        await slack.app.live.idle()
    assert slack.fake.calls_to("chat.update")[-1].answer["error"] == "message_not_found"
    assert told == [
        f"Your vote on poll #{poll_id} is now “Yes”.",
        f"Your vote on poll #{poll_id} is now “Yes”. The poll's message can't show new votes: "
        f"it was deleted. See /results poll:{poll_id}.",
    ]
    # The command to paste is code, as in every reply, not plain words.
    assert shown[1].endswith(f"it was deleted. See `/results poll:{poll_id}`.")
    assert await vote_count(slack.app, poll_id) == 2


async def test_app_home_says_when_a_polls_message_can_no_longer_be_updated(
    slack: Slack,
) -> None:
    """App Home lists the poll with its tally and "Vote in #channel": with the bot removed
    from that channel it also says the message there stopped moving, and why."""
    await slack.command("/poll", 'question:"Ship it?" options:"Yes | No"')
    poll_id, ts, _ = await slack.posted_poll()
    slack.fake.not_in_channel.add(CHANNEL)
    click = slack.click(f"poll:v1:{poll_id}:1", "U0DAVE", ts)
    await slack.sender.click(click)
    await slack.answer(click["response_url"])
    await slack.app.live.idle()
    event = {"type": "app_home_opened", "user": "U0DAVE", "channel": "D0DAVE", "tab": "home"}
    assert (await slack.sender.event(event, team=TEAM))[0] == 200
    publish = (await slack.fake.wait_for(lambda f: f.calls_to("views.publish")))[0]
    assert (
        f"Vote in <#{CHANNEL}>, with its buttons or `/vote {poll_id} &lt;option&gt;`\n"
        "Its message can't show "
        f"new votes: I'm not in this channel any more. Invite me back with `/invite @{BOT_NAME}`"
    ) in all_text(publish.args["view"]["blocks"])


def slack_date(instant: float) -> str:
    """Slack's date markup for a moment, with the UTC text shown where it cannot render."""
    utc = datetime.fromtimestamp(instant, UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(instant)}^{{date_short_pretty}} at {{time}}|{utc}>"


async def test_a_polls_deadline_and_close_show_in_each_readers_time_zone(slack: Slack) -> None:
    """The poll's footer (mrkdwn) and a late vote's refusal name their moments in Slack's
    date markup, which each reader sees in their own zone; the notification `text`, which
    shows markup as typed, keeps the UTC text."""
    await slack.command("/poll", "duration:1h")
    poll_id, ts, post = await slack.posted_poll()
    closes = await slack.app.db.fetchval("SELECT closes_at FROM polls WHERE id = ?", poll_id)
    [footer] = post.args["blocks"][-1]["elements"]
    assert footer == {
        "type": "mrkdwn",
        "text": f"Open · closes {slack_date(closes)} · single choice: click again to retract",
    }
    utc = datetime.fromtimestamp(closes, UTC).strftime("%Y-%m-%d %H:%M UTC")
    assert f"Open · closes {utc} · " in post.args["text"] and "<!date" not in post.args["text"]

    close = slack.click(f"poll:v1:{poll_id}:close", "U0ALICE", ts)
    await slack.sender.click(close)
    await slack.answer(close["response_url"])
    closed = await slack.app.db.fetchval("SELECT closed_at FROM polls WHERE id = ?", poll_id)
    late = slack.click(f"poll:v1:{poll_id}:1", "U0BOB", ts)
    await slack.sender.click(late)
    refusal = await slack.answer(late["response_url"])
    told = f"Poll #{poll_id} closed at {slack_date(closed)}; votes are no longer accepted."
    assert refusal.args["response_type"] == "ephemeral"
    assert all_text(refusal.args["blocks"]).startswith(told)
    utc = datetime.fromtimestamp(closed, UTC).strftime("%Y-%m-%d %H:%M UTC")
    assert refusal.args["text"].startswith(f"Poll #{poll_id} closed at {utc};")


async def test_words_after_a_quoted_question_are_told_what_to_type(slack_bot: Slack) -> None:
    """Through Bolt, `/poll question:"Who" wins? options: A | B` was refused "`options`
    is given twice"; the refusal says which words filled it and gives the form to type,
    which, typed, makes the poll with the quote marks in its question."""
    _, url = await slack_bot.command("/poll", 'question:"Who" wins? options: A | B')
    refusal = (await slack_bot.answer(url)).args["text"]
    offered = 'question:"\\"Who\\" wins?"'
    assert refusal.startswith("“wins?” filled `options` by position")
    assert refusal.endswith(f"type `{offered}`.")
    await slack_bot.command("/poll", f"{offered} options: A | B")
    poll_id, _, _ = await slack_bot.posted_poll()
    poll = await slack_bot.app.polls.store.get(poll_id)
    assert poll is not None and poll.question == '"Who" wins?'


async def test_daily_on_refuses_hours_and_minutes_apart_before_hours(slack: Slack) -> None:
    """Through Bolt, `/daily on 1 30 hours` set the schedule for 01:30, a span of time read
    as a time of day: refused now with the times to type, and nothing stored."""
    _, url = await slack.command("/daily", "on 1 30 hours", user="U0ADMIN")
    answer = await slack.answer(url)
    assert answer.args["text"] == (
        "“1 30 hours” could be a span of time: for a time of day, type 01:30 or 13:30."
    )
    assert await slack.app.daily.store.subscription(ChannelRef("slack", TEAM, CHANNEL)) is None
