"""The live tally coalescer: few edits however many votes, and the message ends exact."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.core.context import ChannelRef, Context
from bot.core.outbound import DeliveryError, Outbounds
from bot.core.replies import Reply
from bot.polls.live import LiveTally
from bot.polls.model import PollDraft
from bot.polls.service import PollService
from bot.storage.migrate import migrate
from bot.storage.sqlite import SqliteDatabase

INTERVAL = 0.05
CHANNEL = ChannelRef("console", "W", "general")


@dataclass
class Edit:
    at: float
    channel: ChannelRef
    message_ref: str
    reply: Reply


@dataclass
class RecordingOutbound:
    """A platform that records every edit and post (the deadline sweep's announcements);
    `fail` queues errors to raise per message."""

    platform: str = "console"
    edits: list[Edit] = field(default_factory=list)
    posts: list[Reply] = field(default_factory=list)
    fail: dict[str, list[Exception]] = field(default_factory=dict)
    edited: asyncio.Event = field(default_factory=asyncio.Event)

    async def post(self, channel: ChannelRef, reply: Reply) -> str:
        self.posts.append(reply)
        return f"post{len(self.posts)}"

    async def edit(self, channel: ChannelRef, message_ref: str, reply: Reply) -> None:
        pending = self.fail.get(message_ref)
        if pending:
            raise pending.pop(0)
        self.edits.append(Edit(time.monotonic(), channel, message_ref, reply))
        self.edited.set()

    def of(self, message_ref: str) -> list[Edit]:
        return [e for e in self.edits if e.message_ref == message_ref]


@dataclass
class Rig:
    db: SqliteDatabase
    clock: ManualClock
    polls: PollService
    live: LiveTally
    outbound: RecordingOutbound

    def person(self, user: str) -> Context:
        return Context("console", "W", "general", user, user, False, self.clock)

    async def poll(self, *, messages: tuple[str, ...] = ("m1",), **flags: object) -> int:
        draft = PollDraft.custom("Lunch?", "Pizza | Sushi | Tacos", **flags)  # type: ignore[arg-type]
        poll_id = (await self.polls.create(self.person("ann"), draft)).poll_id
        assert poll_id is not None
        for ref in messages:
            await self.polls.attach_message(poll_id, CHANNEL, ref)
        return poll_id

    async def final(self, poll_id: int) -> str:
        return (await self.polls.render(poll_id)).fallback()


async def build(path: Path, clock: ManualClock, interval: float = INTERVAL) -> Rig:
    db = await SqliteDatabase.open(str(path))
    await migrate(db)
    outbounds = Outbounds()
    outbound = RecordingOutbound()
    outbounds.add(outbound)
    polls = PollService(db, clock, outbounds=outbounds)
    live = LiveTally(polls, outbounds, interval)
    await live.start()
    await polls.start()
    await polls.wait_idle()
    return Rig(db, clock, polls, live, outbound)


async def shut(rig: Rig) -> None:
    await rig.polls.stop()
    await rig.live.stop()
    await rig.db.close()


@pytest.fixture
async def rig(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Rig]:
    built = await build(tmp_path / "bot.db", clock)
    yield built
    await shut(built)


async def test_a_burst_of_1000_votes_gives_a_handful_of_edits_ending_exact(rig: Rig) -> None:
    poll_id = await rig.poll()
    started = time.monotonic()
    await asyncio.gather(
        *(rig.polls.vote(rig.person(f"u{n:04d}"), poll_id, 1 + n % 3) for n in range(1000))
    )
    burst = time.monotonic() - started
    await rig.live.idle()
    edits = rig.outbound.of("m1")
    assert 1 <= len(edits) <= burst / INTERVAL + 2 and len(edits) <= 12
    assert edits[-1].reply.fallback() == await rig.final(poll_id)
    assert "Total voters: 1000" in edits[-1].reply.fallback()
    gaps = [b.at - a.at for a, b in pairwise(edits)]
    assert all(gap >= INTERVAL * 0.9 for gap in gaps), gaps  # one edit per interval at most


async def test_a_quiet_poll_is_edited_at_once_and_only_once(rig: Rig) -> None:
    poll_id = await rig.poll()
    await rig.polls.vote(rig.person("bob"), poll_id, 2)
    await rig.live.idle()
    (edit,) = rig.outbound.edits
    assert edit.reply.poll_id == poll_id and edit.reply.fallback() == await rig.final(poll_id)
    assert rig.live.edits == 1


async def test_every_attached_message_is_edited_and_other_platforms_skipped(rig: Rig) -> None:
    poll_id = await rig.poll(messages=("m1", "m2"))
    await rig.polls.attach_message(poll_id, ChannelRef("slack", "T", "C"), "1700.01")
    await rig.polls.vote(rig.person("bob"), poll_id, 1)
    await rig.live.idle()
    assert [e.message_ref for e in rig.outbound.edits] == ["m1", "m2"]


async def test_edits_of_a_message_that_is_gone_detach_it(rig: Rig) -> None:
    poll_id = await rig.poll(messages=("gone", "m1"))
    rig.outbound.fail["gone"] = [DeliveryError("unknown message", gone=True)]
    await rig.polls.vote(rig.person("bob"), poll_id, 1)
    await rig.live.idle()
    assert await rig.polls.messages(poll_id) == [(CHANNEL, "m1")]
    await rig.polls.vote(rig.person("cy"), poll_id, 2)
    await rig.live.idle()
    assert [e.message_ref for e in rig.outbound.edits] == ["m1", "m1"]


async def test_a_permanent_refusal_that_is_not_gone_keeps_the_message_attached(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    """A revoked token or missing scope is fixable: no retry this round, but no detaching."""
    poll_id = await rig.poll()
    rig.outbound.fail["m1"] = [DeliveryError("invalid_auth", permanent=True)]
    with caplog.at_level(logging.ERROR, logger="bot.polls.live"):
        await rig.polls.vote(rig.person("bob"), poll_id, 1)
        await rig.live.idle()
    assert any("invalid_auth" in r.getMessage() for r in caplog.records)
    assert rig.outbound.edits == []  # refused once, not retried within the round
    assert await rig.polls.messages(poll_id) == [(CHANNEL, "m1")]
    await rig.polls.vote(rig.person("cy"), poll_id, 2)
    await rig.live.idle()
    (edit,) = rig.outbound.edits
    assert edit.reply.fallback() == await rig.final(poll_id)
    assert "Total voters: 2" in edit.reply.fallback()


async def test_failing_edits_are_logged_retried_and_never_stop_the_coalescer(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    poll_id = await rig.poll()
    rig.outbound.fail["m1"] = [DeliveryError("rate limited"), RuntimeError("socket closed")]
    with caplog.at_level(logging.WARNING, logger="bot.polls.live"):
        await rig.polls.vote(rig.person("bob"), poll_id, 1)
        await rig.live.idle()
    messages = [r.getMessage() for r in caplog.records]
    assert any("rate limited" in m and f"poll {poll_id}" in m and "m1" in m for m in messages)
    assert any(r.exc_info and "socket closed" in str(r.exc_info[1]) for r in caplog.records)
    (edit,) = rig.outbound.edits  # the third attempt went through
    assert edit.reply.fallback() == await rig.final(poll_id)
    await rig.polls.vote(rig.person("cy"), poll_id, 1)
    await rig.live.idle()
    assert len(rig.outbound.edits) == 2


async def test_closing_edits_the_message_to_the_final_results(rig: Rig) -> None:
    poll_id = await rig.poll()
    await rig.polls.vote(rig.person("bob"), poll_id, 3)
    await rig.polls.close(rig.person("ann"), poll_id)
    await rig.live.idle()
    last = rig.outbound.edits[-1].reply
    assert last.buttons() == () and "Winner: “Tacos”" in last.fallback()


async def test_stop_flushes_the_pending_edit_without_waiting_the_interval(
    tmp_path: Path, clock: ManualClock
) -> None:
    rig = await build(tmp_path / "bot.db", clock, interval=60)
    poll_id = await rig.poll()
    await rig.polls.vote(rig.person("bob"), poll_id, 1)
    await asyncio.wait_for(rig.outbound.edited.wait(), 5)  # the first change shows at once
    await rig.polls.vote(rig.person("cy"), poll_id, 2)  # coalesced behind a 60 s interval
    final = await rig.final(poll_id)
    await asyncio.wait_for(shut(rig), 5)
    assert rig.outbound.edits[-1].reply.fallback() == final
    assert len(rig.outbound.edits) == 2


async def test_a_message_posted_before_a_restart_gets_its_final_edit(
    tmp_path: Path, clock: ManualClock
) -> None:
    before = await build(tmp_path / "bot.db", clock)
    poll_id = await before.poll(duration=600)
    await before.polls.vote(before.person("bob"), poll_id, 2)
    await shut(before)

    clock.advance(3600)
    after = await build(tmp_path / "bot.db", clock)  # sweeps at start-up
    await after.live.idle()
    (edit,) = after.outbound.edits
    assert edit.message_ref == "m1" and "Winner: “Sushi”" in edit.reply.fallback()
    (announced,) = after.outbound.posts
    assert announced.fallback().startswith(f"Poll #{poll_id} “Lunch?” is closed. Winner:")
    await shut(after)
