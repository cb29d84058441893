"""Refused deadline announcements wait in the database, on SQLite and PostgreSQL alike.

They waited in the sweeping process's memory: a restart or a deploy in the half hour of their
retries, or with several instances the stop of the one that swept, lost the announcement
silently (the poll closed in its channel with no result said, and nobody told). Now any
running sweeper of the poll's platform takes one once it is due, by deleting its row, so
each attempt is made at most once, and an unknown outcome is never tried again.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.clock import ManualClock
from bot.core.outbound import POST_BACKOFF, DeliveryError
from bot.polls.announcements import Announcement, AnnouncementRetries, Retry
from bot.polls.service import PollService
from bot.storage.database import Database
from bot.storage.migrate import migrate
from bot.storage.migrations import all_migrations
from tests.helpers import PostingOutbound
from tests.test_polls_deadline_announcements import person, service_on, timed_poll

REFUSED = DeliveryError("Slack chat.postMessage failed: internal_error")


async def waiting_room(database: Database, clock: ManualClock) -> tuple[int, AnnouncementRetries]:
    """A timed console poll, and the retries of the database it is in."""
    poll_id = await timed_poll(service_on(database, clock, PostingOutbound()), clock)
    return poll_id, AnnouncementRetries(database)


async def test_a_refusal_waits_for_its_backoff_and_is_taken_once(
    database: Database, clock: ManualClock
) -> None:
    poll_id, retries = await waiting_room(database, clock)
    assert await retries.refused(Retry(poll_id, Announcement.CLOSED), REFUSED, clock.now())
    assert await retries.next_due(["console"]) == clock.now() + POST_BACKOFF[0]
    assert await retries.next_due(["slack"]) is None  # another platform's sweeper's
    assert await retries.due(clock.now() + POST_BACKOFF[0] - 1, ["console"]) == []
    assert await retries.due(clock.now() + POST_BACKOFF[0], ["slack"]) == []
    taken = await retries.due(clock.now() + POST_BACKOFF[0], ["console"])
    assert taken == [Retry(poll_id, Announcement.CLOSED, 2)]
    assert await retries.due(clock.now() + 86400, ["console"]) == []
    assert await retries.next_due(["console"]) is None


async def test_each_attempt_waits_its_own_backoff_and_the_last_is_not_kept(
    database: Database, clock: ManualClock
) -> None:
    poll_id, retries = await waiting_room(database, clock)
    attempt = Retry(poll_id, Announcement.ROUND_TWO)
    for wait in POST_BACKOFF:
        assert await retries.refused(attempt, REFUSED, clock.now())
        assert await retries.next_due(["console"]) == clock.now() + wait
        clock.advance(wait)
        [attempt] = await retries.due(clock.now(), ["console"])
    assert attempt == Retry(poll_id, Announcement.ROUND_TWO, len(POST_BACKOFF) + 1)
    assert not await retries.refused(attempt, REFUSED, clock.now())
    assert await retries.next_due(["console"]) is None


@pytest.mark.parametrize(
    "error",
    [
        DeliveryError("timed out", unknown=True),
        DeliveryError("not_in_channel", permanent=True),
        DeliveryError("invalid_auth", access=True),
    ],
)
async def test_an_unknown_outcome_or_a_lasting_refusal_is_never_kept(
    database: Database, clock: ManualClock, error: DeliveryError
) -> None:
    poll_id, retries = await waiting_room(database, clock)
    assert not await retries.refused(Retry(poll_id, Announcement.CLOSED), error, clock.now())
    assert await retries.next_due(["console"]) is None


async def test_the_database_clock_decides_without_an_injected_one(
    database: Database, clock: ManualClock
) -> None:
    """A real clock stores None for `at`: the database's clock, shared by every instance."""
    poll_id, retries = await waiting_room(database, clock)
    before = await database.now()
    assert await retries.refused(Retry(poll_id, Announcement.CLOSED), REFUSED, None)
    due = await retries.next_due(["console"])
    assert due is not None and before + POST_BACKOFF[0] <= due <= await database.now() + 60
    assert await retries.due(None, ["console"]) == []


async def test_instances_taking_due_retries_at_once_take_each_once(
    two_connections: tuple[Database, Database], clock: ManualClock
) -> None:
    service = service_on(two_connections[0], clock, PostingOutbound())
    polls = [await timed_poll(service, clock, question=f"Lunch {n}?") for n in range(8)]
    retries = [AnnouncementRetries(db) for db in two_connections]
    for poll_id in polls:
        for kind in Announcement:
            await retries[0].refused(Retry(poll_id, kind), REFUSED, clock.now())
    due = clock.now() + POST_BACKOFF[0]
    taken = await asyncio.gather(*(retries[n % 2].due(due, ["console"]) for n in range(6)))
    every = sorted(retry for batch in taken for retry in batch)
    assert every == sorted(Retry(p, kind, 2) for p in polls for kind in Announcement)


async def test_a_database_of_the_previous_schema_keeps_retries_after_the_upgrade(
    empty_database: Database, clock: ManualClock
) -> None:
    """The retries' migration onto a database made by the ones before it, with a poll
    already in it (found by name: later migrations apply after it)."""
    added = next(m.version for m in all_migrations() if m.name == "poll_announcement_retries")
    await migrate(empty_database, tuple(m for m in all_migrations() if m.version < added))
    poll_id = await timed_poll(service_on(empty_database, clock, PostingOutbound()), clock)
    assert added in await migrate(empty_database)
    retries = AnnouncementRetries(empty_database)
    assert await retries.refused(Retry(poll_id, Announcement.CLOSED), REFUSED, clock.now())
    taken = await retries.due(clock.now() + POST_BACKOFF[0], ["console"])
    assert taken == [Retry(poll_id, Announcement.CLOSED, 2)]


def restarted(database: Database, clock: ManualClock, outbound: PostingOutbound) -> PollService:
    """A new service on the same database: what a restart, or another instance, runs."""
    return service_on(database, clock, outbound)


async def test_a_refused_announcement_is_posted_by_the_service_of_the_next_start(
    database: Database, clock: ManualClock
) -> None:
    outbound = PostingOutbound(fail=[REFUSED])
    first = service_on(database, clock, outbound)
    poll_id = await timed_poll(first, clock)
    await first.start()
    clock.advance(3600)
    await first.wait_idle()
    await first.stop()  # with the retry due in a minute
    assert outbound.posts == [] and outbound.fail == []
    clock.advance(POST_BACKOFF[0])
    second = restarted(database, clock, outbound)
    await second.start()
    try:
        await second.wait_idle()
    finally:
        await second.stop()
    assert outbound.texts() == [f"Poll #{poll_id} “Lunch?” is closed. No votes were cast."]
    assert outbound.messages == []


async def test_an_announcement_refused_by_every_start_is_given_up_once_with_a_dm(
    database: Database, clock: ManualClock
) -> None:
    """Each attempt by another start, the last one tells the creator, once."""
    outbound = PostingOutbound(fail=[REFUSED] * (len(POST_BACKOFF) + 1))
    poll_id = await timed_poll(service_on(database, clock, outbound), clock)
    clock.advance(3600)
    for wait in (*POST_BACKOFF, 0.0):
        assert await restarted(database, clock, outbound).sweep_deadlines() in ([poll_id], [])
        clock.advance(wait)
    assert await restarted(database, clock, outbound).sweep_deadlines() == []
    assert outbound.posts == [] and outbound.fail == []
    [(creator, told)] = outbound.messages
    assert creator == person(clock, "ann").user_ref
    assert "What I would have posted there:\nPoll #1 “Lunch?” is closed." in "".join(
        part for part in told if isinstance(part, str)
    )


async def test_an_attempt_already_due_when_the_sweep_began_is_taken_a_second_on(
    database: Database, clock: ManualClock
) -> None:
    """An attempt written while a sweep runs (another instance's refusal or close), due by
    the instant the sweep began, is not among those it took: the sweeper looks again a
    second on, as for a deadline the database's clock lags behind, not a whole sweep
    period later. Review: woken only every SWEEP_PERIOD, the sweeper passed every test."""
    outbound = PostingOutbound()
    service = service_on(database, clock, outbound)
    swept = await timed_poll(service, clock)
    refused = await timed_poll(service, clock, question="Dinner?")
    await service.close(person(clock, "ann"), refused)  # by hand: answered there and then
    outbound.gate.clear()
    await service.start()
    try:
        clock.advance(3600)
        await outbound.posting.wait()  # the sweep posts its close, held at the gate
        due = clock.now() - POST_BACKOFF[0]  # refused a backoff ago: due as the sweep began
        assert await AnnouncementRetries(database).refused(
            Retry(refused, Announcement.CLOSED), REFUSED, due
        )
        outbound.gate.set()
        await service.wait_idle()
        assert [text.split("”")[0] for text in outbound.texts()] == [f"Poll #{swept} “Lunch?"]
        clock.advance(1.0)
        await service.wait_idle()
    finally:
        await service.stop()
    assert [text.split("”")[0] for text in outbound.texts()] == [
        f"Poll #{swept} “Lunch?",
        f"Poll #{refused} “Dinner?",
    ]
