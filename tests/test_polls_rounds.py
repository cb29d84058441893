"""Two-round (Oxford-style) polls in the core: rounds, changed minds, picks, the rule."""

from __future__ import annotations

import asyncio
import csv
import io
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.clock import ManualClock
from bot.core.context import ChannelRef, Context, UserRef
from bot.core.errors import UserError
from bot.core.replies import Image, Marked, Pasted, When
from bot.knowledge import load_pack
from bot.polls.model import (
    MAX_DURATION,
    MIN_DURATION,
    REPEAT_CLICK_WINDOW,
    Poll,
    PollDraft,
    PollOption,
    Tally,
    VoteRequest,
)
from bot.polls.render import moved_action, next_round_action, parse_button, status_line
from bot.polls.rounds import Arguments, oxford
from bot.polls.rounds_render import round_two_announcement
from bot.polls.service import PollService
from bot.polls.store import PointPick, VoteRecord
from bot.storage.database import Database
from bot.storage.migrate import migrate
from bot.storage.migrations import all_migrations
from bot.storage.sqlite import SqliteDatabase
from tests.conftest import START
from tests.helpers import ROOT, PostingOutbound, posting_to

PACK = load_pack(ROOT / "knowledge" / "baker-vs-gin")
ARGUMENTS = Arguments.from_pack(PACK)
GIN_POINTS = [a.id for a in ARGUMENTS.offer("gin")]


def person(clock: ManualClock, user: str, *, admin: bool = False) -> Context:
    return Context("console", "W", "general", user, user.capitalize(), admin, clock)


def service_on(database: Database, clock: ManualClock) -> PollService:
    """A service on the console, whose deadline sweep closes console polls."""
    outbounds = posting_to(PostingOutbound())
    return PollService(database, clock, arguments=ARGUMENTS, outbounds=outbounds)


async def pack_poll(service: PollService, clock: ManualClock, **flags: object) -> int:
    draft = PollDraft.from_pack(PACK.poll, rounds=2, **flags)  # type: ignore[arg-type]
    reply = await service.create(person(clock, "ann"), draft)
    assert reply.poll_id is not None and "Round 1 of 2 · before" in reply.fallback()
    assert "[End round 1]" in reply.fallback() and "[Close poll]" not in reply.fallback()
    return reply.poll_id


async def test_round_one_answers_stand_and_changes_are_told(
    database: Database, clock: ManualClock
) -> None:
    service = service_on(database, clock)
    poll_id = await pack_poll(service, clock)
    for name, option in [("bo", 1), ("cy", 1), ("di", 2), ("ed", 3), ("fi", 1)]:
        await service.vote(person(clock, name), poll_id, option)
    opened = await service.close(person(clock, "ann"), poll_id)
    assert not opened.ephemeral and "Round 2 (after) is open" in opened.text
    assert "with 5 voters" in opened.text

    clock.advance(10)
    moved = await service.vote(person(clock, "bo"), poll_id, 2, key="k-bo")
    text = moved.fallback()
    assert "You changed your mind: Gavin Baker → Aaron Gin" in text
    assert "Which argument moved you?" in text and moved.ephemeral
    assert [b.action_id for b in moved.buttons()] == [
        moved_action(poll_id, point) for point in GIN_POINTS
    ]
    # A retried delivery answers the same and changes nothing.
    assert (await service.vote(person(clock, "bo"), poll_id, 2, key="k-bo")).buttons()
    stays = await service.vote(person(clock, "cy"), poll_id, 1)
    assert "as in round 1" in stays.text
    clock.advance(REPEAT_CLICK_WINDOW)
    withdrawn = await service.vote(person(clock, "cy"), poll_id, 1)  # retracts round 2 only
    assert "retracted" in withdrawn.text and "round-1 vote “Gavin Baker” still counts" in (
        withdrawn.text
    )
    neither = await service.vote(person(clock, "ed"), poll_id, 4)  # no speaker: no offer
    assert "You changed your mind" in neither.text and not neither.buttons()
    newcomer = await service.vote(person(clock, "gu"), poll_id, 2)
    assert "is now “Aaron Gin”" in newcomer.text and not newcomer.buttons()

    poll = await service.store.get(poll_id)
    assert poll is not None
    ox = await service.oxford(poll)
    assert [(s.before, s.after) for s in ox.options] == [(3, 1), (1, 3), (1, 0), (0, 1)]
    assert (ox.before_voters, ox.after_voters, ox.changed, ox.joined, ox.withdrew) == (
        5,
        5,
        2,
        1,
        1,
    )
    assert ox.winners == (2,)  # Gin: 20% -> 60%


async def test_a_pick_is_recorded_once_changeable_and_checked(
    database: Database, clock: ManualClock
) -> None:
    service = service_on(database, clock)
    poll_id = await pack_poll(service, clock)
    bo, cy = person(clock, "bo"), person(clock, "cy")
    await service.vote(bo, poll_id, 1)
    await service.vote(cy, poll_id, 2)
    with pytest.raises(UserError, match="only in its round 2"):
        await service.pick(bo, poll_id, GIN_POINTS[0], key=None)
    await service.close(person(clock, "ann"), poll_id)
    await service.vote(bo, poll_id, 2)
    with pytest.raises(UserError, match="changed their vote"):  # cy did not move
        await service.pick(cy, poll_id, GIN_POINTS[0], key=None)
    with pytest.raises(UserError, match="not one of poll"):
        await service.pick(bo, poll_id, "no-such-point", key=None)
    with pytest.raises(UserError, match="changed their vote"):  # a Baker point: wrong side
        await service.pick(bo, poll_id, ARGUMENTS.offer("baker")[0].id, key=None)
    replies = await asyncio.gather(
        *(service.pick(bo, poll_id, GIN_POINTS[0], key="same-click") for _ in range(5))
    )
    assert sum("Noted" in r.text for r in replies) == 1
    await service.pick(bo, poll_id, GIN_POINTS[1], key="second-click")  # changed while open
    picks = await service.store.picks(poll_id)
    assert [(p.voter.user, p.option, p.point) for p in picks] == [("bo", 2, GIN_POINTS[1])]
    clock.advance(REPEAT_CLICK_WINDOW)  # a close at once would repeat the one ending round 1
    closed = await service.close(person(clock, "ann"), poll_id)
    assert "1 voter changed their mind" in closed.fallback()
    assert "What moved them:" in closed.fallback() and "1 pick" in closed.fallback()
    with pytest.raises(UserError, match="closed") as refused:
        await service.pick(bo, poll_id, GIN_POINTS[2], key=None)
    # Its "See /results poll:N." is the command marked, as in every other refusal.
    said = refused.value.message
    assert isinstance(said, Marked) and Pasted("/results poll:1") in said.parts, said


async def test_end_round_one_twice_never_closes_the_poll(
    database: Database, clock: ManualClock
) -> None:
    service = service_on(database, clock)
    poll_id = await pack_poll(service, clock)
    ann = person(clock, "ann")
    with pytest.raises(UserError, match="creator or an admin"):
        await service.next_round(person(clock, "bo"), poll_id)
    results = await asyncio.gather(
        service.next_round(ann, poll_id), service.next_round(ann, poll_id), return_exceptions=True
    )
    assert sum(isinstance(r, UserError) for r in results) == 1
    poll = await service.store.get(poll_id)
    assert poll is not None and poll.round == 2 and not poll.closed
    message = (await service.render(poll_id)).fallback()
    assert "Round 2 of 2 · after" in message and "[Close poll]" in message


async def test_close_typed_twice_in_round_one_leaves_round_two_open(
    database: Database, clock: ManualClock
) -> None:
    """The QA report: `/close N` twice (a double submit, two admins on two instances of one
    database) ended round 1 and then the poll. A /close within `REPEAT_CLICK_WINDOW` of round
    2 opening is told so; one after it closes the poll."""
    first, second = service_on(database, clock), service_on(database, clock)
    poll_id = await pack_poll(first, clock)
    ann, root = person(clock, "ann"), person(clock, "root", admin=True)
    await first.vote(person(clock, "bo"), poll_id, 1)
    opened = await first.close(ann, poll_id)
    assert "Round 2 (after) is open" in opened.text
    clock.advance(REPEAT_CLICK_WINDOW - 0.01)
    for service, closer in ((first, ann), (second, root)):
        with pytest.raises(UserError) as refused:
            await service.close(closer, poll_id)
        assert refused.value.message == (
            f"Round 2 of poll #{poll_id} has just opened. "
            f"To end the poll, /close poll:{poll_id} again in 2 s."
        )
    poll = await first.store.get(poll_id)
    assert poll is not None and poll.round == 2 and not poll.closed
    clock.advance(0.01)
    closed = await second.close(root, poll_id)
    assert "Poll #1 is closed" in closed.fallback()


async def test_the_close_button_pressed_twice_is_told_to_press_it_again(
    database: Database, clock: ManualClock
) -> None:
    """A double press of "End round 1" then "Close poll" (the buttons swap in place): the
    second press is told to press Close again, not to type a command it never typed."""
    service = service_on(database, clock)
    poll_id = await pack_poll(service, clock)
    await service.attach_message(poll_id, ChannelRef("console", "W", "general"), "m1")
    ann = person(clock, "ann")
    opened = await service.next_round(ann, poll_id, message="m1")
    assert "Round 2 (after) is open" in opened.text
    assert "[Close poll]" in (await service.render(poll_id)).fallback()
    clock.advance(REPEAT_CLICK_WINDOW / 2)
    with pytest.raises(UserError) as refused:
        await service.close(ann, poll_id, message="m1")
    assert refused.value.message == (
        f"Round 2 of poll #{poll_id} has just opened. "
        "To end the poll, press “Close poll” again in 2 s."
    )
    clock.advance(REPEAT_CLICK_WINDOW)
    assert "is closed" in (await service.close(ann, poll_id, message="m1")).fallback()


async def test_a_close_just_after_round_one_ran_out_leaves_round_two_open(
    database: Database, clock: ManualClock
) -> None:
    """Round 2 opened by its deadline, before any sweep: a /close a moment later was meant
    for round 1, so it too is told round 2 has just opened."""
    service = service_on(database, clock)
    poll_id = await pack_poll(service, clock, duration=3600)
    clock.advance(3600 + 1)
    with pytest.raises(UserError, match="has just opened"):
        await service.close(person(clock, "ann"), poll_id)
    clock.advance(REPEAT_CLICK_WINDOW)
    assert "is closed" in (await service.close(person(clock, "ann"), poll_id)).fallback()


async def test_a_timed_poll_shows_when_the_open_round_ends(
    database: Database, clock: ManualClock
) -> None:
    """Round 1 of a 1h two-round poll started at 09:00 ends at 10:00; its message used to
    say only "closes 11:00", the end of round 2, and voters missed round 1."""
    service = service_on(database, clock)
    poll_id = await pack_poll(service, clock, duration=3600)
    round_one = (await service.render(poll_id)).fallback()
    assert (
        "Open · round 1 ends 2026-03-02 10:00 UTC · the poll closes 2026-03-02 11:00 UTC · "
        in round_one
    )
    clock.advance(3600)  # round 1 ran out: the message shows round 2's end, the poll's
    round_two = (await service.render(poll_id)).fallback()
    assert "Round 2 of 2" in round_two and "Open · closes 2026-03-02 11:00 UTC · " in round_two
    assert "round 1 ends" not in round_two


async def test_round_two_opened_early_by_hand_is_announced_with_its_moved_close(
    database: Database, clock: ManualClock
) -> None:
    """Ended 10 minutes into a 1h round 1, round 2 gets its full hour from then: the channel
    is told the poll closes then, as its message says, not at the deadline set at creation."""
    service = service_on(database, clock)
    poll_id = await pack_poll(service, clock, duration=3600)
    clock.advance(600)
    opened = await service.close(person(clock, "ann"), poll_id)
    closes = f"closes {When(START + 600 + 3600).fallback()}"
    assert opened.text.endswith(f"\nThe poll {closes}.")
    assert f"Open · {closes} · " in (await service.render(poll_id)).fallback()


async def test_an_untimed_round_two_is_announced_with_no_closing_time(
    database: Database, clock: ManualClock
) -> None:
    service = service_on(database, clock)
    poll_id = await pack_poll(service, clock)
    opened = await service.close(person(clock, "ann"), poll_id)
    assert "Round 2 (after) is open" in opened.text and "closes" not in opened.text


async def test_timed_rounds_survive_a_restart(tmp_path: Path, clock: ManualClock) -> None:
    path = str(tmp_path / "bot.db")
    db = await SqliteDatabase.open(path)
    await migrate(db)
    first = service_on(db, clock)
    poll_id = await pack_poll(first, clock, duration=3600)
    await first.vote(person(clock, "bo"), poll_id, 1)
    await db.close()  # down while round 1 runs out

    clock.advance(3600)
    db = await SqliteDatabase.open(path)
    second = service_on(db, clock)
    changed: list[int] = []
    second.subscribe(changed.append)
    await second.start()
    await second.wait_idle()
    try:
        assert changed == [poll_id]
        poll = await second.store.get(poll_id)
        assert poll is not None and poll.round == 2 and not poll.closed
        assert poll.closes_at == poll.created_at + 7200  # round 2 lasts the same hour
        reply = await second.vote(person(clock, "bo"), poll_id, 2)
        assert "You changed your mind" in reply.fallback()
        clock.advance(3600)
        assert await second.sweep_deadlines() == [poll_id]
        message = (await second.render(poll_id)).fallback()
        assert "Winner by the Oxford rule" in message and "“Aaron Gin”" in message
    finally:
        await second.stop()
        await db.close()


async def test_a_vote_after_round_one_ran_out_counts_as_after_before_any_sweep(
    database: Database, clock: ManualClock
) -> None:
    service = service_on(database, clock)
    poll_id = await pack_poll(service, clock, duration=600)
    await service.vote(person(clock, "bo"), poll_id, 1)
    clock.advance(601)  # no sweep has run: the vote path decides the round by time
    reply = await service.vote(person(clock, "bo"), poll_id, 2)
    assert "You changed your mind" in reply.fallback()
    before = await service.store.before_votes(poll_id)
    assert [(v.voter.user, v.option) for v in before] == [("bo", 1)]


async def test_results_export_and_anonymous_aggregates(
    database: Database, clock: ManualClock
) -> None:
    service = service_on(database, clock)
    poll_id = await pack_poll(service, clock, anonymous=True)
    for n in range(6):
        await service.vote(person(clock, f"v{n}"), poll_id, 1 + n % 2)
    await service.close(person(clock, "ann"), poll_id)
    await service.vote(person(clock, "v0"), poll_id, 2)  # Baker -> Gin
    await service.pick(person(clock, "v0"), poll_id, GIN_POINTS[0], key=None)
    results = await service.results(person(clock, "bo"), poll_id)
    text = results.fallback()
    assert "before 3 (50%) → after 2 (33%) · -17 pts" in text
    assert "Gavin Baker → Aaron Gin: 1" in text and "V0" not in text
    # The chart's alt text says what it shows, for a screen reader: each side's shares
    # before and after, and who gained most ("Before and after chart of poll #1" said none)
    [alt] = [i.alt_text for i in results.images()]
    assert alt.startswith(f"Before and after chart of poll #{poll_id}: Gavin Baker: 50% before,")
    assert "Aaron Gin: 50% before, 67% after (+17 pts)" in alt and "“Aaron Gin”, +17 pts" in alt
    assert "V0" not in alt  # anonymous: no name in it either
    assert all(isinstance(i, Image) and i.data.startswith(b"\x89PNG") for i in results.images())
    rows = list(csv.DictReader(io.StringIO(await service.export(poll_id, "csv"))))
    assert [r["round"] for r in rows].count("before") == 6
    assert [r["round"] for r in rows].count("after") == 6
    assert [r["persuaded_by"] for r in rows if r["persuaded_by"]] == [GIN_POINTS[0]]
    assert all(r["voter"].startswith("voter-") and not r["display_name"] for r in rows)


async def test_an_export_in_round_one_lists_each_vote_once_as_before(
    database: Database, clock: ManualClock
) -> None:
    """Round 1's votes are mirrored into the before snapshot as they change, so in round 1
    the current votes are round 1's: exported as well as "after", every vote was listed
    twice, once in a round 2 no one had seen, and a sheet summing either round counted a
    result no one voted for in it."""
    service = service_on(database, clock)
    poll_id = await pack_poll(service, clock, duration=3600)
    for name, option in (("bo", 1), ("cy", 2), ("bo", 2)):  # bo changes his mind in round 1
        await service.vote(person(clock, name), poll_id, option)
    rows = list(csv.DictReader(io.StringIO(await service.export(poll_id, "csv"))))
    assert sorted((r["round"], r["voter"], r["option_number"]) for r in rows) == [
        ("before", "console:W:bo", "2"),
        ("before", "console:W:cy", "2"),
    ]
    clock.advance(3601)  # round 1 ran out: round 2 is open, the votes stand in it until changed
    rows = list(csv.DictReader(io.StringIO(await service.export(poll_id, "csv"))))
    assert [r["round"] for r in rows] == ["before", "before", "after", "after"]


async def test_one_round_polls_are_unchanged(database: Database, clock: ManualClock) -> None:
    service = service_on(database, clock)
    reply = await service.create(person(clock, "ann"), PollDraft.from_pack(PACK.poll))
    assert reply.poll_id is not None and "Round" not in reply.fallback()
    await service.vote(person(clock, "bo"), reply.poll_id, 1)
    closed = await service.close(person(clock, "ann"), reply.poll_id)
    assert "is closed. Winner: “Gavin Baker”" in closed.text
    assert await service.store.before_votes(reply.poll_id) == []
    rows = list(csv.DictReader(io.StringIO(await service.export(reply.poll_id, "csv"))))
    assert [(r["round"], r["persuaded_by"]) for r in rows] == [("", "")]


def test_two_round_polls_are_single_choice() -> None:
    with pytest.raises(UserError, match="single choice"):
        PollDraft.custom("Q?", "a | b", rounds=2, multi=True)
    with pytest.raises(UserError, match="1 or 2 rounds"):
        PollDraft.custom("Q?", "a | b", rounds=3)


def test_new_button_ids_parse_and_old_ones_still_do() -> None:
    assert parse_button(["v1", "7", "3"]).option == 3
    assert parse_button(["v1", "7", "close"]).option is None
    assert parse_button(next_round_action(7).split(":")[1:]).action == "next"
    button = parse_button(moved_action(7, "gin-80-percent").split(":")[1:])
    assert (button.poll_id, button.action, button.point) == (7, "moved", "gin-80-percent")
    longest = moved_action(10**12, "a" * 64)
    assert len(longest) <= 100
    for bad in (["v1", "7", "moved"], ["v1", "7", "moved", "Bad Point"], ["v1", "x", "next"]):
        with pytest.raises(UserError):
            parse_button(bad)


@given(st.lists(st.text(min_size=1, max_size=70), min_size=1, max_size=5))
def test_any_button_id_either_parses_or_is_refused(parts: list[str]) -> None:
    try:
        button = parse_button(["v1", *parts])
    except UserError:
        return
    assert button.poll_id >= 0


POLL = Poll(
    id=1,
    channel=None,  # type: ignore[arg-type]
    creator=None,  # type: ignore[arg-type]
    question="Q",
    options=tuple(PollOption(n, f"o{n}") for n in (1, 2, 3)),
    multi=False,
    anonymous=False,
    hide_results=False,
    created_at=0.0,
    closes_at=None,
    closed_at=None,
    rounds=2,
)
VOTERS = [UserRef("t", "w", f"u{n}") for n in range(12)]
BALLOT = st.dictionaries(st.sampled_from(VOTERS), st.integers(1, 3), max_size=12)


def records(ballot: dict[UserRef, int]) -> list[VoteRecord]:
    return [VoteRecord(option, voter, voter.user, 0.0) for voter, option in ballot.items()]


@given(st.integers(MIN_DURATION, MAX_DURATION), st.floats(0.0, 0.999), st.integers(1, 2))
def test_a_timed_poll_names_the_end_of_the_round_that_is_open(
    duration: int, elapsed: float, rounds: int
) -> None:
    """Any duration (as /poll takes it), any moment before the poll closes: round 1 of a
    two-round poll names its own end first, then the poll's; otherwise the poll's alone."""
    end = START + duration * rounds
    round_one_end = START + duration if rounds == 2 else None
    poll = replace(POLL, rounds=rounds, closes_at=end, round2_at=round_one_end)
    now = START + elapsed * (end - START)
    shown = status_line(poll.as_of(now))
    if round_one_end is not None and now < round_one_end:
        ends, closes = When(round_one_end).fallback(), When(end).fallback()
        expected = f"Open · round 1 ends {ends} · the poll closes {closes} · "
    else:
        expected = f"Open · closes {When(end).fallback()} · "
    assert shown.startswith(expected)


@given(
    st.one_of(st.none(), st.integers(MIN_DURATION, MAX_DURATION)),
    st.integers(0, 20),
    st.booleans(),
)
def test_round_two_is_announced_with_the_close_its_message_shows(
    duration: int | None, voters: int, hide_results: bool
) -> None:
    """Any poll, timed or not, results shown or hidden: the round-2 announcement says when
    the poll closes, in the words of the poll's status line, exactly when it has a deadline."""
    closes_at = None if duration is None else START + 2 * duration
    poll = replace(POLL, round=2, round2_at=START, closes_at=closes_at, hide_results=hide_results)
    text = round_two_announcement(poll, Tally(poll.id, {1: voters}, voters)).text
    if closes_at is None:
        assert "closes" not in text and status_line(poll).startswith("Open · ")
    else:
        closes = f"closes {When(closes_at).fallback()}"
        assert text.endswith(f"\nThe poll {closes}.")
        assert status_line(poll).startswith(f"Open · {closes} · ")
    assert text.startswith(f"Round 1 (before) of poll #{poll.id} “Q” is over with ")
    # The round-1 tally in words, read out as such (Slack's notification and screen-reader
    # text is this text), not bars of block characters
    assert not {"█", "░"} & set(text)
    if not hide_results:
        votes = f"{voters} vote{'' if voters == 1 else 's'} ({'100%' if voters else '0%'})"
        assert f"\n1) {POLL.label(1)}: {votes}\n" in text


@given(BALLOT, BALLOT)
def test_the_oxford_rule_holds_for_any_two_rounds(
    before: dict[UserRef, int], after: dict[UserRef, int]
) -> None:
    ox = oxford(POLL, records(before), records(after), [])
    assert sum(s.before for s in ox.options) == len(before) == ox.before_voters
    assert sum(s.after for s in ox.options) == len(after) == ox.after_voters
    assert ox.changed == sum(1 for v, o in after.items() if v in before and before[v] != o)
    assert ox.joined == len(after.keys() - before.keys())
    assert ox.withdrew == len(before.keys() - after.keys())
    if not before and not after:
        assert ox.winners == ()
        return
    best = max(s.change for s in ox.options)
    assert ox.winners == tuple(s.number for s in ox.options if s.change == best)
    if len(after) and len(before):
        assert sum(s.change for s in ox.options) == 0  # shares of each round sum to one


def test_ties_are_ties_and_stale_picks_do_not_count() -> None:
    a, b, c, d = VOTERS[:4]
    before = records({a: 1, b: 2, c: 1, d: 2})
    after = records({a: 2, b: 1, c: 1, d: 2})  # one each way: no one gained
    picks = [PointPick(a, 2, "p", 0.0), PointPick(b, 3, "stale", 0.0)]
    ox = oxford(POLL, before, after, picks)
    assert ox.winners == (1, 2, 3) and ox.changed == 2
    assert all(s.change == Fraction(0) for s in ox.options)
    assert [(p.point, p.option, p.count) for p in ox.persuasive] == [("p", 2, 1)]


async def test_two_instances_split_votes_exactly_at_the_end_of_round_one(
    database: Database, clock: ManualClock
) -> None:
    """One bot instance takes a burst of votes while another ends round 1: each vote lands
    in exactly one round, as its voter was told (PostgreSQL row locks, SQLite's lock)."""
    voting, closing = service_on(database, clock), service_on(database, clock)
    poll_id = await pack_poll(voting, clock)
    requests = [
        VoteRequest(
            poll_id,
            UserRef("console", "W", f"v{n:03d}"),
            f"V{n}",
            1 + n % 4,
            where=ChannelRef("console", "W", "general"),
        )
        for n in range(200)
    ]
    results, _ = await asyncio.gather(
        asyncio.gather(*(voting.submit(r) for r in requests)),
        closing.next_round(person(clock, "ann"), poll_id),
    )
    told_round_one = {
        r.voter.user for r, res in zip(requests, results, strict=True) if res.before is None
    }
    before = {v.voter.user for v in await voting.store.before_votes(poll_id)}
    assert before == told_round_one
    assert len(await voting.store.votes(poll_id)) == 200


async def test_polls_stored_before_the_migration_stay_one_round_polls(
    tmp_path: Path, clock: ManualClock
) -> None:
    db = await SqliteDatabase.open(str(tmp_path / "old.db"))
    try:
        await migrate(db, all_migrations()[:4])  # the schema before v0005 (rounds)
        for sql in (
            "INSERT INTO channels (platform, workspace, channel_id, first_seen) "
            "VALUES ('console', 'W', 'general', 0)",
            "INSERT INTO users (platform, workspace, user_id, display_name, first_seen, last_seen) "
            "VALUES ('console', 'W', 'ann', 'Ann', 0, 0)",
            "INSERT INTO polls (platform, workspace, channel_id, creator_id, question, multi, "
            "anonymous, hide_results, created_at) "
            "VALUES ('console', 'W', 'general', 'ann', 'Lunch?', 0, 0, 0, 0)",
            "INSERT INTO poll_options (poll_id, number, label) VALUES (1, 1, 'Pizza'), "
            "(1, 2, 'Sushi')",
        ):
            await db.execute(sql)
        await migrate(db)
        service = service_on(db, clock)
        poll = await service.store.get(1)
        assert poll is not None and (poll.rounds, poll.round, poll.round2_at) == (1, 1, None)
        message = (await service.render(1)).fallback()
        assert "Round" not in message and "[Close poll]" in message
        assert "is now “Sushi”" in (await service.vote(person(clock, "bo"), 1, 2)).text
        closed = await service.close(person(clock, "ann"), 1)
        assert "is closed. Winner: “Sushi”" in closed.text
    finally:
        await db.close()
