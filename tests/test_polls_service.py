"""PollService: exactly-once votes under concurrency, closing, deadlines, results."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest

from bot.clock import ManualClock, SystemClock
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.replies import Buttons, Image
from bot.polls.model import REPEAT_CLICK_WINDOW, PollDraft
from bot.polls.render import close_action, vote_action
from bot.polls.service import PollService
from bot.storage.database import Database
from bot.storage.migrate import migrate
from bot.storage.sqlite import SqliteDatabase
from tests.helpers import PostingOutbound, posting_to


def person(clock: ManualClock, user: str, *, admin: bool = False, workspace: str = "W") -> Context:
    return Context("console", workspace, "general", user, user.capitalize(), admin, clock)


def lunch(**flags: object) -> PollDraft:
    return PollDraft.custom("Lunch?", "Pizza | Sushi | Tacos", **flags)  # type: ignore[arg-type]


def posting_service(database: Database, clock: ManualClock) -> PollService:
    """A service that can post to the console, so its deadline sweep closes console polls."""
    return PollService(database, clock, outbounds=posting_to(PostingOutbound()))


async def make_poll(service: PollService, clock: ManualClock, **flags: object) -> int:
    reply = await service.create(person(clock, "ann"), lunch(**flags))
    assert reply.poll_id is not None and not reply.ephemeral
    return reply.poll_id


async def vote_rows(database: Database, poll_id: int) -> list[tuple[str, int]]:
    rows = await database.fetchall(
        "SELECT voter_id, option_number FROM poll_votes WHERE poll_id = ? "
        "ORDER BY voter_id, option_number",
        poll_id,
    )
    return [(voter, int(option)) for voter, option in rows]


async def test_500_concurrent_voters_are_counted_exactly(
    database: Database, clock: ManualClock
) -> None:
    service = PollService(database, clock)
    changed: list[int] = []
    service.subscribe(changed.append)
    poll_id = await make_poll(service, clock)
    replies = await asyncio.gather(
        *(service.vote(person(clock, f"u{n:03d}"), poll_id, 1 + n % 3) for n in range(500))
    )
    assert all("is now" in r.text and r.ephemeral for r in replies)
    rows = await vote_rows(database, poll_id)
    assert rows == sorted((f"u{n:03d}", 1 + n % 3) for n in range(500))
    poll = await service.store.get(poll_id)
    assert poll is not None
    tally = await service.store.tally(poll)
    assert (tally.counts, tally.voters) == ({1: 167, 2: 167, 3: 166}, 500)
    assert set(changed) == {poll_id} and len(changed) < 500  # one notice per commit, not vote


async def test_one_voter_clicking_20_times_at_once_holds_one_vote(
    database: Database, clock: ManualClock
) -> None:
    service = PollService(database, clock)
    single = await make_poll(service, clock)
    multi = await make_poll(service, clock, multi=True)
    bob = person(clock, "bob")
    for poll_id in (single, multi):
        await asyncio.gather(*(service.vote(bob, poll_id, 2) for _ in range(20)))
        assert await vote_rows(database, poll_id) == [("bob", 2)]


async def test_concurrent_clicks_on_different_options_leave_one_choice(
    database: Database, clock: ManualClock
) -> None:
    service = PollService(database, clock)
    poll_id = await make_poll(service, clock)
    bob = person(clock, "bob")
    replies = await asyncio.gather(*(service.vote(bob, poll_id, 1 + n % 3) for n in range(20)))
    rows = await vote_rows(database, poll_id)
    assert len(rows) == 1
    assert f"“{['Pizza', 'Sushi', 'Tacos'][rows[0][1] - 1]}”" in replies[-1].text  # last wins


async def test_retract_and_move(database: Database, clock: ManualClock) -> None:
    service = PollService(database, clock)
    poll_id = await make_poll(service, clock)
    bob = person(clock, "bob")
    assert "is now “Pizza”" in (await service.vote(bob, poll_id, 1)).text
    assert "is now “Sushi”" in (await service.vote(bob, poll_id, 2)).text
    assert "already “Sushi”" in (await service.vote(bob, poll_id, 2)).text  # a double click
    clock.advance(REPEAT_CLICK_WINDOW)
    assert "retracted" in (await service.vote(bob, poll_id, 2)).text
    assert await vote_rows(database, poll_id) == []
    assert "is now “Tacos”" in (await service.vote(bob, poll_id, 3)).text
    assert await vote_rows(database, poll_id) == [("bob", 3)]


async def test_multi_choice_toggles_and_confirms_what_is_recorded(
    database: Database, clock: ManualClock
) -> None:
    service = PollService(database, clock)
    poll_id = await make_poll(service, clock, multi=True)
    bob = person(clock, "bob")
    await service.vote(bob, poll_id, 1)
    reply = await service.vote(bob, poll_id, 3)
    assert reply.text == (
        f"Added “Tacos” to your choices on poll #{poll_id}. Now recorded: “Pizza” and “Tacos”."
    )
    clock.advance(REPEAT_CLICK_WINDOW)
    reply = await service.vote(bob, poll_id, 1)
    assert reply.text.endswith("Now recorded: “Tacos”.") and "Removed “Pizza”" in reply.text
    assert await vote_rows(database, poll_id) == [("bob", 3)]


async def test_a_retried_delivery_is_answered_without_voting_again(
    database: Database, clock: ManualClock
) -> None:
    service = PollService(database, clock)
    poll_id = await make_poll(service, clock)
    bob = person(clock, "bob")
    first = await service.vote(bob, poll_id, 1, key="T1:bob:1700000000.1")
    clock.advance(30)  # a retry long after the double-click window
    retry = await service.vote(bob, poll_id, 1, key="T1:bob:1700000000.1")
    assert "“Pizza”" in first.text and "“Pizza”" in retry.text
    assert await vote_rows(database, poll_id) == [("bob", 1)]


async def test_closing_is_for_the_creator_or_an_admin(
    database: Database, clock: ManualClock
) -> None:
    service = PollService(database, clock)
    changed: list[int] = []
    service.subscribe(changed.append)
    first = await make_poll(service, clock)
    second = await make_poll(service, clock, multi=True)  # not the first's twin
    with pytest.raises(UserError, match="Only the poll's creator or an admin"):
        await service.close(person(clock, "mallory"), first)
    announcement = await service.close(person(clock, "ann"), first)
    assert not announcement.ephemeral and "is closed" in announcement.text
    with pytest.raises(UserError, match="already closed"):
        await service.close(person(clock, "ann"), first)
    await service.close(person(clock, "root", admin=True), second)
    assert changed == [first, second]
    with pytest.raises(UserError, match="no longer accepted"):
        await service.vote(person(clock, "bob"), first, 1)
    with pytest.raises(UserError, match="There is no poll"):
        await service.close(person(clock, "ann", workspace="elsewhere"), first)


async def test_polls_close_on_time_while_running(database: Database, clock: ManualClock) -> None:
    service = posting_service(database, clock)
    closed = asyncio.Event()
    service.subscribe(lambda _: closed.set())
    await service.start()
    try:
        poll_id = await make_poll(service, clock, duration=300)
        await service.vote(person(clock, "bob"), poll_id, 2)
        closed.clear()
        clock.advance(299)
        clock.advance(1)
        await asyncio.wait_for(closed.wait(), 5)
        poll = await service.store.get(poll_id)
        assert poll is not None and poll.closed_at == poll.closes_at
        assert "Winner: “Sushi”" in (await service.render(poll_id)).fallback()
    finally:
        await service.stop()


async def test_a_deadline_reached_during_a_sweep_is_swept_at_once(
    database: Database, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clock may reach a deadline after a sweep read it but before that sweep finished.
    The poll is then due, not a sign of clocks disagreeing: the sweeper must look again at
    once rather than at a later instant (late in production; never, on a stopped clock)."""
    service = posting_service(database, clock)
    poll_id = await make_poll(service, clock, duration=300)
    changed: list[int] = []
    service.subscribe(changed.append)
    closed = asyncio.Event()
    service.subscribe(lambda _: closed.set())
    sweeping, clock_moved = asyncio.Event(), asyncio.Event()
    close_due = service.store.close_due

    async def close_due_after_the_clock_moved(
        at: float | None, platforms: Sequence[str]
    ) -> list[int]:
        sweeping.set()
        await clock_moved.wait()
        return await close_due(at, platforms)

    monkeypatch.setattr(service.store, "close_due", close_due_after_the_clock_moved)
    starting = asyncio.create_task(service.start())
    await sweeping.wait()  # the start-up sweep has read the clock, 300 s before the deadline
    clock.advance(300)
    clock_moved.set()
    await starting
    try:
        assert changed == []  # that sweep looked too early to close anything
        await asyncio.wait_for(closed.wait(), 5)  # a guard: it closes without time moving on
        assert changed == [poll_id]
        poll = await service.store.get(poll_id)
        assert poll is not None and poll.closed_at == poll.closes_at
    finally:
        await service.stop()


async def test_deadlines_are_swept_at_start_up_after_a_restart(
    tmp_path: Path, clock: ManualClock
) -> None:
    path = str(tmp_path / "bot.db")
    db = await SqliteDatabase.open(path)
    await migrate(db)
    before = PollService(db, clock)
    poll_id = await make_poll(before, clock, duration=3600)
    await before.vote(person(clock, "bob"), poll_id, 3)
    await db.close()  # the bot is down while the deadline passes

    clock.advance(7200)
    db = await SqliteDatabase.open(path)
    after = posting_service(db, clock)
    changed: list[int] = []
    after.subscribe(changed.append)
    await after.start()
    await after.wait_idle()
    try:
        assert changed == [poll_id]
        poll = await after.store.get(poll_id)
        assert poll is not None and poll.closed_at == poll.closes_at
        with pytest.raises(UserError, match="closed"):
            await after.vote(person(clock, "cy"), poll_id, 1)
    finally:
        await after.stop()
        await db.close()


async def test_the_poll_message_shows_counts_buttons_and_status(
    database: Database, clock: ManualClock
) -> None:
    service = PollService(database, clock)
    options = " | ".join(f"Option {n}" for n in range(1, 11))
    reply = await service.create(
        person(clock, "ann"), PollDraft.custom("Ten?", options, duration=3600)
    )
    assert reply.poll_id is not None
    await service.vote(person(clock, "bob"), reply.poll_id, 10)
    reply = await service.render(reply.poll_id)
    (card,) = reply.cards
    rows = [block.buttons for block in card.blocks if isinstance(block, Buttons)]
    assert [len(row) for row in rows] == [5, 5, 1]
    assert rows[1][4].action_id == vote_action(reply.poll_id, 10)
    assert rows[2][0].action_id == close_action(reply.poll_id)
    text = reply.fallback()
    assert f"Poll #{reply.poll_id}" in text and "Total voters: 1" in text
    assert "10) Option 10: 1 vote (100%)" in text and "closes 2026-03-02 10:00 UTC" in text


async def test_closed_polls_show_the_winner_or_a_tie_and_no_buttons(
    database: Database, clock: ManualClock
) -> None:
    service = PollService(database, clock)
    ann = person(clock, "ann")
    poll_id = await make_poll(service, clock)
    await service.vote(person(clock, "bob"), poll_id, 1)
    await service.vote(person(clock, "cy"), poll_id, 2)
    await service.close(ann, poll_id)
    reply = await service.render(poll_id)
    assert reply.buttons() == ()
    assert "Tie between “Pizza” and “Sushi” with 1 vote each." in reply.fallback()
    empty = await make_poll(service, clock)
    await service.close(ann, empty)
    assert "No votes were cast." in (await service.render(empty)).fallback()


async def test_hidden_results_show_only_the_vote_count_until_closed(
    database: Database, clock: ManualClock
) -> None:
    service = PollService(database, clock)
    poll_id = await make_poll(service, clock, hide_results=True)
    for user, option in (("bob", 1), ("cy", 1), ("di", 2)):
        await service.vote(person(clock, user), poll_id, option)
    text = (await service.render(poll_id)).fallback()
    assert "3 votes so far" in text and "%" not in text and "Total voters" not in text
    results = await service.results(person(clock, "bob"), poll_id)
    assert results.ephemeral and "hidden until it closes; 3 votes so far" in results.text
    await service.close(person(clock, "ann"), poll_id)
    text = (await service.render(poll_id)).fallback()
    assert "1) Pizza: 2 votes (67%)" in text and "Winner: “Pizza”" in text


async def test_results_chart_and_voters_but_never_for_anonymous_polls(
    database: Database, clock: ManualClock
) -> None:
    service = PollService(database, clock)
    public = await make_poll(service, clock)
    secret = await make_poll(service, clock, anonymous=True)
    for poll_id in (public, secret):
        await service.vote(person(clock, "bob"), poll_id, 1)
        await service.vote(person(clock, "cy"), poll_id, 1)
    shown = await service.results(person(clock, "di"), public)
    (image,) = shown.images()
    assert image.data.startswith(b"\x89PNG") and image.filename == f"poll-{public}.png"
    assert "Bob, Cy" in shown.fallback() and "Leading: “Pizza”" in shown.fallback()
    hidden = await service.results(person(clock, "di"), secret)
    assert "Bob" not in hidden.fallback() and "Cy" not in hidden.fallback()
    assert isinstance(hidden.cards[0].blocks[-1], Image)
    for poll_id in (public, secret):  # posted, as an adapter records it
        await service.attach_message(poll_id, person(clock, "di").channel_ref, f"m{poll_id}")
    latest = await service.results(person(clock, "di"), None)  # the channel's latest poll
    assert f"Results of poll #{secret}" in latest.fallback()


async def test_two_instances_racing_votes_against_a_close_agree_with_the_database(
    database: Database,
) -> None:
    """Every acknowledged vote is stored, every refused one is not, none is after the close:
    the open check and the write share one transaction on database time (row-locked on
    PostgreSQL), even across two bot instances."""
    clock = SystemClock()
    voting, closing = PollService(database, clock), PollService(database, clock)
    creator = Context("console", "W", "general", "ann", "Ann", False, clock)
    poll_id = (await voting.create(creator, lunch())).poll_id
    assert poll_id is not None
    voters = [Context("console", "W", "general", f"u{n}", "U", False, clock) for n in range(300)]
    outcomes = await asyncio.gather(
        *(voting.vote(v, poll_id, 1) for v in voters[:150]),
        closing.close(creator, poll_id),
        *(voting.vote(v, poll_id, 2) for v in voters[150:]),
        return_exceptions=True,
    )
    accepted = sum(1 for o in outcomes if not isinstance(o, Exception) and "is now" in o.text)
    refused = [o for o in outcomes if isinstance(o, UserError)]
    assert all("no longer accepted" in r.message for r in refused)
    assert accepted + len(refused) == 300
    assert await database.fetchval("SELECT COUNT(*) FROM poll_votes") == accepted
    closed_at = await database.fetchval("SELECT closed_at FROM polls WHERE id = ?", poll_id)
    latest = await database.fetchval("SELECT MAX(voted_at) FROM poll_votes")
    assert latest is None or latest <= closed_at


async def test_a_poll_shown_by_another_instance_just_before_its_discard_stays_open(
    two_connections: tuple[Database, Database],
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An instance discards a poll it could not post while another instance posts it: the
    other's message attached just before the discard's transaction began, after any check
    made before it (`discard` looked for messages, then closed in a second transaction,
    and closed a poll people could see and vote on). The check is the close's own now."""
    here, there = (PollService(db, clock) for db in two_connections)
    poll_id = await make_poll(here, clock)
    database = here.store.db
    begin = database.transaction

    @contextlib.asynccontextmanager
    async def attached_first() -> AsyncIterator[object]:
        monkeypatch.setattr(database, "transaction", begin)  # the attach lands once
        await there.attach_message(poll_id, person(clock, "ann").channel_ref, "m1")
        async with begin() as tx:
            yield tx

    monkeypatch.setattr(database, "transaction", attached_first)
    assert not await here.discard(poll_id)
    poll = await there.store.get(poll_id)
    assert poll is not None and not poll.closed
    assert await there.store.messages(poll_id)


async def test_a_double_click_reply_explains_the_window_and_how_to_retract(
    database: Database, clock: ManualClock
) -> None:
    service = PollService(database, clock)
    poll_id = await make_poll(service, clock)
    await service.vote(person(clock, "bob"), poll_id, 1)
    clock.advance(1)
    again = await service.vote(person(clock, "bob"), poll_id, 1)
    assert again.ephemeral
    assert again.text == (
        f"Your vote on poll #{poll_id} is already “Pizza”: clicked twice within 2 s: counted "
        "once; click again to take your vote back."
    )
    clock.advance(5)
    retracted = await service.vote(person(clock, "bob"), poll_id, 1)
    assert "retracted" in retracted.text


async def test_a_bad_id_is_answered_alone_and_its_batch_still_commits(
    database: Database, clock: ManualClock
) -> None:
    """Twenty votes queued with clicks naming ids no BIGINT holds, an empty voter and a
    poll of another conversation: the bad ones are refused on their own, the twenty count."""
    service = PollService(database, clock)
    poll_id = await make_poll(service, clock)
    elsewhere = Context("console", "W", "random", "eve", "Eve", False, clock)
    bad = [
        service.vote(person(clock, "eve"), 99999999999999999999, 1),
        service.vote(person(clock, "eve"), 2**63, 1),
        service.vote(person(clock, ""), poll_id, 1),
        service.vote(elsewhere, poll_id, 1),
    ]
    good = [service.vote(person(clock, f"u{n:02d}"), poll_id, 1) for n in range(20)]
    results = await asyncio.gather(*bad, *good, return_exceptions=True)
    assert all(isinstance(r, UserError) for r in results[: len(bad)])
    assert "did not say who you are" in str(results[2])
    assert str(results[3]) == f"There is no poll #{poll_id} here."
    assert all(not isinstance(r, BaseException) and "is now" in r.text for r in results[4:])
    assert await vote_rows(database, poll_id) == [(f"u{n:02d}", 1) for n in range(20)]
