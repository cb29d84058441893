"""A deadline announcement's first attempt survives the process that closed the poll.

It lived in that process's memory between the commit of the close (or of round 2 opened)
and the post: a crash, SIGKILL or deploy just then left the poll closed with its result never
said, and nobody told. The close now writes the attempt in its own transaction, and any
sweeper of the poll's platform takes it (one `DELETE … RETURNING`) and posts it: once, by
one instance, and never again after the take (at most once).
"""

from __future__ import annotations

import asyncio

import pytest

from bot.clock import ManualClock
from bot.polls.announcements import Announcement, AnnouncementRetries, Retry
from bot.polls.model import PollDraft
from bot.polls.service import PollService
from bot.storage.database import Database
from tests.helpers import PostingOutbound
from tests.test_polls_deadline_announcements import PACK, person, service_on, timed_poll

CLOSED = "Poll #1 “Lunch?” is closed. No votes were cast."


async def started_and_idle(service: PollService) -> None:
    """What a start does: sweep what expired meanwhile, announce it, then sleep."""
    await service.start()
    try:
        await service.wait_idle()
    finally:
        await service.stop()


async def test_a_poll_closed_by_a_process_that_died_before_posting_is_announced_once(
    database: Database, clock: ManualClock
) -> None:
    """The close committed (the store's UPDATE) and nothing after it ran: the next start's
    sweeper posts the result, and no later sweep posts it again."""
    outbound = PostingOutbound()
    poll_id = await timed_poll(service_on(database, clock, outbound), clock)
    clock.advance(3600)
    died = service_on(database, clock, outbound)
    assert await died.store.close_due(clock.now(), ["console"]) == [poll_id]
    assert outbound.posts == []
    await started_and_idle(service_on(database, clock, outbound))
    await service_on(database, clock, outbound).sweep_deadlines()
    assert outbound.texts() == [CLOSED]


async def test_a_sweep_stopped_between_its_close_and_its_post_leaves_it_to_the_next_start(
    database: Database, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sweeping task cancelled (a stop, a deploy) once the close is committed and before
    it takes the announcement: the next start posts it, once."""
    outbound = PostingOutbound()
    first = service_on(database, clock, outbound)
    await timed_poll(first, clock)

    async def stopped(at: float | None, platforms: list[str]) -> list[Retry]:
        raise asyncio.CancelledError

    monkeypatch.setattr(first._retries, "due", stopped)
    clock.advance(3600)
    with pytest.raises(asyncio.CancelledError):
        await first.sweep_deadlines()
    assert outbound.posts == []
    await started_and_idle(service_on(database, clock, outbound))
    assert outbound.texts() == [CLOSED]


async def test_an_attempt_taken_and_cut_off_at_its_post_is_never_sent_again(
    database: Database, clock: ManualClock
) -> None:
    """Stopped at the post itself, the outcome is unknown (it may have left): at most once."""
    outbound = PostingOutbound(fail=[asyncio.CancelledError()])
    first = service_on(database, clock, outbound)
    await timed_poll(first, clock)
    clock.advance(3600)
    with pytest.raises(asyncio.CancelledError):
        await first.sweep_deadlines()
    await started_and_idle(service_on(database, clock, outbound))
    assert outbound.posts == [] and outbound.fail == []


async def test_a_round_two_opened_by_a_process_that_died_is_announced_closed_only_later(
    database: Database, clock: ManualClock
) -> None:
    """Round 2 opened, then the process died; back after the close's deadline, the next
    start announces the close only: "round 2 is open" would be stale."""
    outbound = PostingOutbound()
    service = service_on(database, clock, outbound)
    draft = PollDraft.from_pack(PACK.poll, rounds=2, duration=3600)
    poll_id = (await service.create(person(clock, "ann"), draft)).poll_id
    clock.advance(3600)
    assert await service.store.open_due_rounds(clock.now(), ["console"]) == [poll_id]
    clock.advance(3 * 3600)
    await started_and_idle(service_on(database, clock, outbound))
    (closed,) = outbound.texts()
    assert f"Poll #{poll_id}" in closed and "is closed" in closed


async def test_two_instances_sweeping_one_database_post_a_close_once(
    two_connections: tuple[Database, Database], clock: ManualClock
) -> None:
    """Closed by an instance that died before posting; two others sweep at once."""
    outbounds = (PostingOutbound(), PostingOutbound())
    services = [service_on(db, clock, o) for db, o in zip(two_connections, outbounds, strict=True)]
    polls = [await timed_poll(services[0], clock, question=f"Lunch {n}?") for n in range(6)]
    clock.advance(3600)
    assert await services[0].store.close_due(clock.now(), ["console"]) == polls
    await asyncio.gather(*(started_and_idle(service) for service in services))
    posted = sorted(text for outbound in outbounds for text in outbound.texts())
    assert posted == sorted(
        f"Poll #{poll_id} “Lunch {n}?” is closed. No votes were cast."
        for n, poll_id in enumerate(polls)
    )


async def test_a_close_writes_its_first_attempt_beside_a_retry_waiting(
    database: Database, clock: ManualClock
) -> None:
    """A poll's first attempt and another's refused one wait side by side, each taken once."""
    service = service_on(database, clock, PostingOutbound())
    waiting, closing = [await timed_poll(service, clock, question=q) for q in ("A?", "B?")]
    retries = AnnouncementRetries(database)
    await database.execute(
        "INSERT INTO poll_announcement_retries (poll_id, kind, attempt, due_at) "
        "VALUES (?, 'closed', 3, ?)",
        waiting,
        clock.now(),
    )
    clock.advance(3600)
    assert await service.store.close_due(clock.now(), ["console"]) == [waiting, closing]
    assert await retries.due(clock.now(), ["console"]) == [
        Retry(waiting, Announcement.CLOSED, 3),
        Retry(closing, Announcement.CLOSED, 1),
    ]
