"""Leases in the database, on SQLite and PostgreSQL alike: one holder at a time, taken over
when it lapses, released only when the release's condition allows."""

from __future__ import annotations

import asyncio

from bot.storage.database import Database
from bot.storage.leases import Leases


async def test_one_holder_at_a_time_until_released(database: Database) -> None:
    first, second = Leases(database, "first"), Leases(database, "second")
    taken = await first.claim("job", 30)
    assert taken.held and taken.expires_at > taken.now and taken.marked_at == 0
    refused = await second.claim("job", 30)
    assert not refused.held and refused.expires_at == taken.expires_at
    assert (await first.claim("job", 30)).held  # renewing one's own lease
    assert await first.release("job")
    assert not await first.release("job")  # no longer ours
    assert (await second.claim("job", 30)).held


async def test_a_lapsed_lease_is_taken_over(database: Database) -> None:
    dead, alive = Leases(database, "dead"), Leases(database, "alive")
    assert (await dead.claim("job", 30)).held
    await database.execute("UPDATE leases SET expires_at = 0 WHERE name = ?", "job")
    assert (await alive.claim("job", 30)).held
    assert not await dead.release("job")  # the old holder cannot release it any more


async def test_marks_survive_a_change_of_holder(database: Database) -> None:
    first, second = Leases(database, "first"), Leases(database, "second")
    await first.claim("edit", 30)
    await first.mark("edit")
    marked = (await first.claim("edit", 30)).marked_at
    assert marked > 0
    await first.release("edit")
    assert (await second.claim("edit", 30)).marked_at == marked  # the rate limit carries over


async def test_a_conditional_release_keeps_the_lease_while_work_is_left(
    database: Database,
) -> None:
    leases = Leases(database, "me")
    await leases.claim("job", 30)
    await database.execute("CREATE TABLE todo (n INTEGER)")
    await database.execute("INSERT INTO todo (n) VALUES (?)", 1)
    work_left = "EXISTS (SELECT 1 FROM todo WHERE n >= ?)"
    assert not await leases.release("job", work_left, 1)
    await database.execute("DELETE FROM todo")
    assert await leases.release("job", work_left, 1)


async def test_racing_claims_have_one_winner(database: Database) -> None:
    contenders = [Leases(database, f"c{n}") for n in range(8)]
    claims = await asyncio.gather(*(c.claim("race", 30) for c in contenders))
    assert sum(claim.held for claim in claims) == 1
