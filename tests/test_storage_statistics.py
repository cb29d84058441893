"""Planner statistics kept current as the bot grows its vote tables.

With none, PostgreSQL found a vote batch's voters by scanning every vote of the poll (and
every delivery key of the platform) instead of seeking their keys: per batch, a cost that
grew with the poll. These tests hold the refresh schedule and the plan it buys.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.core.context import ChannelRef, UserRef
from bot.polls import store as poll_store
from bot.polls.model import PollDraft, VoteRequest
from bot.polls.service import PollService
from bot.storage import statistics
from bot.storage.database import Database
from bot.storage.statistics import GrowthStatistics

CHANNEL = ChannelRef("console", "local", "general")
#: Votes on the poll before the batch whose plan is read.
VOTES = 10_000


class Refreshes:
    """A refresh that records its calls and can be held open or made to fail."""

    def __init__(self) -> None:
        self.calls = 0
        self.release = asyncio.Event()
        self.release.set()
        self.fail = False

    async def __call__(self) -> None:
        self.calls += 1
        await self.release.wait()
        if self.fail:
            raise RuntimeError("the database went away")


async def settle(growth: GrowthStatistics) -> None:
    await asyncio.sleep(0)  # let a refresh just started begin
    await growth.idle()


async def test_statistics_are_refreshed_after_a_base_then_as_the_rows_grow_by_a_tenth() -> None:
    refresh = Refreshes()
    growth = GrowthStatistics(refresh)
    growth.wrote(statistics.BASE_ROWS - 1)
    await settle(growth)
    assert refresh.calls == 0
    growth.wrote(1)  # 500 rows: the first refresh
    await settle(growth)
    assert refresh.calls == 1
    # Next at 500 + 500 + a tenth of 500 = 1,050 rows written in all.
    growth.wrote(549)
    await settle(growth)
    assert refresh.calls == 1
    growth.wrote(1)
    await settle(growth)
    assert refresh.calls == 2


async def test_refreshes_come_at_least_every_max_gap_rows_however_many_came_before() -> None:
    """Statistics taken before a poll existed make its reads scan it until the next
    refresh, so a tenth of a million votes is too long to wait."""
    refresh = Refreshes()
    growth = GrowthStatistics(refresh)
    growth.wrote(1_000_000)
    await settle(growth)
    assert refresh.calls == 1
    growth.wrote(statistics.MAX_GAP - 1)
    await settle(growth)
    assert refresh.calls == 1
    growth.wrote(1)
    await settle(growth)
    assert refresh.calls == 2


async def test_one_refresh_runs_at_a_time_and_a_failed_one_is_logged_not_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    refresh = Refreshes()
    refresh.release.clear()
    growth = GrowthStatistics(refresh)
    growth.wrote(statistics.BASE_ROWS)
    await asyncio.sleep(0)
    growth.wrote(100_000)  # far past the next threshold, but one is still running
    await asyncio.sleep(0)
    assert refresh.calls == 1
    refresh.fail = True
    refresh.release.set()
    with caplog.at_level(logging.ERROR, logger="bot.storage.statistics"):
        await growth.idle()
    assert "refreshing the planner's statistics failed" in caplog.text
    growth.wrote(1)  # the next write past the threshold tries again
    await settle(growth)
    assert refresh.calls == 2


def ballot(voter: str, key: str) -> VoteRequest:
    return VoteRequest(
        poll_id=1,
        voter=UserRef("console", "local", voter),
        display_name=voter,
        option=1,
        at=1_800_000_000.0,
        key=key,
        where=CHANNEL,
        message="m1",
    )


async def filtered_rows(database: Database, sql: str, params: list[Any]) -> int:
    """Rows the database read and threw away to answer `sql`: 0 when it sought every key."""
    if database.dialect == "postgresql":
        (plan,) = await database.fetchall_for_values(
            f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", *params
        )
        nodes = [json.loads(plan[0])[0]["Plan"]]
        removed = 0
        while nodes:
            node = nodes.pop()
            removed += node.get("Rows Removed by Filter", 0)
            nodes += node.get("Plans", [])
        return int(removed)
    # SQLite names the key columns it seeks; a column missing there would be scanned for.
    steps = [str(row[3]) for row in await database.fetchall(f"EXPLAIN QUERY PLAN {sql}", *params)]
    seeks = [step for step in steps if step.startswith("SEARCH poll_vote")]
    assert len(seeks) == 2, steps
    return sum("voter_id=?" not in s and "delivery_key=?" not in s for s in seeks)


async def test_a_vote_batch_seeks_its_voters_keys_however_large_the_poll_grew(
    database: Database,
) -> None:
    """The regression: 10,000 votes later, a batch of new voters is found by key, on both
    databases. Without the refresh PostgreSQL read and filtered out all 10,000 votes and
    10,000 delivery keys for every batch. (On a table of a few pages a sequential scan is
    the cheaper plan, and PostgreSQL rightly takes it: hence a poll this large.)"""
    if database.dialect == "postgresql":  # only the bot's own refresh may analyse these
        for table in poll_store._BATCH_READ_TABLES:
            await database.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = off)")
    polls = PollService(database, ManualClock(1_800_000_000.0))
    creator = UserRef("console", "local", "ann")
    poll_id = await polls.store.create(
        CHANNEL, creator, "Ann", PollDraft.custom("Lunch?", "Pizza | Sushi"), 1_800_000_000.0
    )
    assert poll_id == 1
    await polls.store.attach_message(poll_id, CHANNEL, "m1", 1_800_000_000.0)
    for start in range(0, VOTES, 500):  # in batches, as clicks arrive
        await asyncio.gather(
            *(polls.submit(ballot(f"u{n}", f"k{n}")) for n in range(start, start + 500))
        )
    await polls.stop()  # waits for a refresh still running
    assert await database.fetchval("SELECT COUNT(*) FROM poll_votes") == VOTES
    newcomers = [ballot(f"new{n}", f"new-k{n}") for n in range(50)]
    ((sql, params),) = list(poll_store._unions(poll_store._state_reads(newcomers, [])))
    assert await filtered_rows(database, sql, params) == 0
