"""Live tallies with two bot instances on one PostgreSQL database: one editor per poll at a
time, at most one edit per interval across both, and the last edit always equals the
database, also when one instance's edit is slow or its lease lapses mid-call."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from itertools import pairwise

import pytest

from bot.clock import ManualClock
from bot.core.context import ChannelRef, Context
from bot.core.outbound import Outbounds
from bot.core.replies import Reply
from bot.polls.live import LiveTally
from bot.polls.model import PollDraft, VoteRequest
from bot.polls.service import PollService
from bot.storage.migrate import migrate
from bot.storage.postgres import PostgresDatabase
from tests.conftest import POSTGRES_URL, drop_postgres_schema, open_postgres_schema
from tests.test_polls_live import CHANNEL, Edit, RecordingOutbound

INTERVAL = 0.1


class GatedOutbound(RecordingOutbound):
    """Edits wait at `gate` while it is closed: a slow platform call (e.g. a 429 wait)."""

    def __init__(self, log: list[Edit]) -> None:
        super().__init__(edits=log)
        self.gate = asyncio.Event()
        self.gate.set()
        self.waiting = asyncio.Event()

    async def edit(self, channel: ChannelRef, message_ref: str, reply: Reply) -> None:
        if not self.gate.is_set():
            self.waiting.set()
            await self.gate.wait()
        await super().edit(channel, message_ref, reply)


@dataclass
class Instance:
    db: PostgresDatabase
    polls: PollService
    live: LiveTally
    outbound: GatedOutbound


@dataclass
class Pair:
    a: Instance
    b: Instance
    clock: ManualClock
    #: Every edit either instance made, in the order the "platform" applied them.
    applied: list[Edit]

    def person(self, user: str) -> Context:
        return Context("console", "W", "general", user, user, False, self.clock)

    async def final(self) -> str:
        return (await self.a.polls.render(1)).fallback()

    async def idle(self) -> None:
        await asyncio.wait_for(asyncio.gather(self.a.live.idle(), self.b.live.idle()), 30)


async def instance(schema: str, clock: ManualClock, applied: list[Edit]) -> Instance:
    db = await PostgresDatabase.open(POSTGRES_URL, schema=schema, max_size=5)
    await migrate(db)
    polls = PollService(db, clock)
    outbounds = Outbounds()
    outbound = GatedOutbound(applied)
    outbounds.add(outbound)
    live = LiveTally(polls, outbounds, INTERVAL)
    await live.start()
    await polls.start()
    return Instance(db, polls, live, outbound)


@pytest.fixture
async def pair(clock: ManualClock) -> AsyncIterator[Pair]:
    first, schema = await open_postgres_schema()
    await migrate(first)
    await first.close()
    applied: list[Edit] = []
    built = Pair(
        await instance(schema, clock, applied),
        await instance(schema, clock, applied),
        clock,
        applied,
    )
    draft = PollDraft.custom("Lunch?", "Pizza | Sushi | Tacos")
    poll_id = (await built.a.polls.create(built.person("ann"), draft)).poll_id
    assert poll_id == 1
    await built.a.polls.attach_message(poll_id, CHANNEL, "m1")
    yield built
    for side in (built.a, built.b):
        side.outbound.gate.set()
        await side.polls.stop()
        await side.live.stop()
        await side.db.close()
    await drop_postgres_schema(schema)


async def test_votes_on_both_instances_give_one_edit_per_interval_ending_exact(
    pair: Pair,
) -> None:
    for round_ in range(8):
        await asyncio.gather(
            *(
                side.polls.vote(pair.person(f"u{round_}-{n}-{i}"), 1, 1 + n % 3)
                for i, side in enumerate((pair.a, pair.b))
                for n in range(25)
            )
        )
        await asyncio.sleep(INTERVAL / 3)  # keep votes arriving across several intervals
    await pair.idle()
    edits = pair.applied
    assert edits and edits[-1].reply.fallback() == await pair.final()
    assert "Total voters: 400" in edits[-1].reply.fallback()
    gaps = [b.at - a.at for a, b in pairwise(edits)]
    assert all(gap >= INTERVAL * 0.9 for gap in gaps), gaps  # globally, not per instance
    assert pair.a.live.edits + pair.b.live.edits == len(edits)


async def test_a_slow_edit_never_leaves_a_stale_final_message(pair: Pair) -> None:
    pair.a.outbound.gate.clear()  # A's next edit hangs, as behind a long 429
    await pair.a.polls.vote(pair.person("bob"), 1, 1)
    await asyncio.wait_for(pair.a.outbound.waiting.wait(), 10)
    await pair.b.polls.vote(pair.person("cy"), 1, 2)  # B records a vote and closes
    await pair.b.polls.close(pair.person("ann"), 1)
    await asyncio.sleep(INTERVAL * 3)
    assert pair.applied == []  # A still holds the lease (renewed): B did not edit too
    pair.a.outbound.gate.set()  # the stale edit lands...
    await pair.idle()
    last = pair.applied[-1].reply  # ...and is followed by the newest state
    assert last.fallback() == await pair.final()
    assert last.buttons() == () and "Total voters: 2" in last.fallback()


async def test_an_edit_landing_after_a_newer_one_is_redone(pair: Pair) -> None:
    """A's lease lapses during a slow call (e.g. its database connection stalled): B takes
    over and edits; A's older edit then lands last, and is found out and corrected."""
    pair.a.live.lease_ttl = 300.0  # no renewal within the test: the lapse is forced below
    pair.a.outbound.gate.clear()
    await pair.a.polls.vote(pair.person("bob"), 1, 1)
    await asyncio.wait_for(pair.a.outbound.waiting.wait(), 10)
    await pair.a.db.execute("UPDATE leases SET expires_at = 0")
    await pair.b.polls.vote(pair.person("cy"), 1, 2)
    await pair.b.polls.close(pair.person("ann"), 1)
    await asyncio.wait_for(pair.b.live.idle(), 10)
    assert pair.applied and pair.applied[-1].reply.buttons() == ()  # B edited: closed
    pair.a.outbound.gate.set()  # A's stale edit (1 vote, open) lands after B's
    await pair.idle()
    last = pair.applied[-1].reply
    assert last.fallback() == await pair.final() and last.buttons() == ()


async def test_messages_left_behind_by_a_dead_editor_are_caught_up(pair: Pair) -> None:
    """An editor died holding the lease, after a change nobody else was told about: once
    the lease lapses, another instance's periodic look for stale messages edits them."""
    for side in (pair.a, pair.b):
        await side.live.stop()
    pair.b.live.revisit_period = 0.2
    await pair.b.live.start()
    await pair.a.db.execute(
        "INSERT INTO leases (name, holder, expires_at, marked_at) "
        f"VALUES ('poll-edit:1', 'dead', {pair.a.db.now_sql} + 1, 0)"
    )
    voter = pair.person("zed").user_ref
    await pair.a.polls.store.apply_votes([VoteRequest(1, voter, "Zed", 3, None, where=CHANNEL)])
    await asyncio.wait_for(pair.b.outbound.edited.wait(), 20)
    await pair.idle()
    assert pair.applied[-1].reply.fallback() == await pair.final()
    assert "Total voters: 1" in pair.applied[-1].reply.fallback()
