"""One rule for a poll's state, wherever it is shown: `Poll.as_of`.

Past its deadline a poll is closed (with its result) and past round 1's deadline a two-round
poll is in round 2, even before the deadline sweep has recorded it: its message, /results
(text and chart alike), App Home, autocomplete and the export all say what the vote path
does. The sweepers are never started here, so nothing is swept unless a test says so.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.core.context import ChannelRef, Context, UserRef
from bot.core.errors import UserError
from bot.core.replies import Reply
from bot.knowledge import load_pack
from bot.polls import chart, rounds_chart
from bot.polls.model import REPEAT_CLICK_WINDOW, Poll, PollDraft, PollOption
from bot.polls.render import CLOSED_COLOUR, OPEN_COLOUR
from bot.polls.rounds import Arguments
from bot.polls.service import PollService
from bot.polls.store import PollStore
from bot.storage.database import Database
from tests.helpers import ROOT, PostingOutbound, posting_to

T0 = 1_800_000_000.0
CHANNEL = ChannelRef("console", "W", "general")
PACK = load_pack(ROOT / "knowledge" / "baker-vs-gin")


def a_poll(**fields: Any) -> Poll:
    values: dict[str, Any] = {
        "id": 1,
        "channel": CHANNEL,
        "creator": UserRef("console", "W", "ann"),
        "question": "Lunch?",
        "options": (PollOption(1, "Pizza"), PollOption(2, "Sushi")),
        "multi": False,
        "anonymous": False,
        "hide_results": False,
        "created_at": T0,
        "closes_at": None,
        "closed_at": None,
    }
    return Poll(**(values | fields))


# -- the rule ------------------------------------------------------------------------------


def test_a_poll_is_closed_at_its_deadline_exactly_when_it_refuses_votes() -> None:
    timed = a_poll(closes_at=T0 + 60)
    for instant in (T0, T0 + 59.999, T0 + 60, T0 + 61, T0 + 10**6):
        shown = timed.as_of(instant)
        assert shown.closed is not timed.is_open_at(instant)
        assert shown.closed_at == (None if timed.is_open_at(instant) else T0 + 60)
    assert timed.as_of(T0 + 59) is timed  # nothing due: the poll itself
    untimed = a_poll()
    assert untimed.as_of(T0 + 10**9) is untimed
    closed_early = a_poll(closes_at=T0 + 60, closed_at=T0 + 30)
    assert closed_early.as_of(T0 + 90) is closed_early  # its own close stands


def test_a_two_round_poll_is_in_round_two_from_round_ones_deadline() -> None:
    timed = a_poll(rounds=2, round2_at=T0 + 60, closes_at=T0 + 120)
    assert timed.as_of(T0 + 59).round == 1
    assert (timed.as_of(T0 + 60).round, timed.as_of(T0 + 60).closed) == (2, False)
    assert (timed.as_of(T0 + 120).round, timed.as_of(T0 + 120).closed_at) == (2, T0 + 120)
    for instant in (T0, T0 + 60, T0 + 119, T0 + 200):
        assert timed.as_of(instant).round == timed.round_at(instant)


def test_a_polls_round_properties_name_where_it_stands() -> None:
    """`two_round`, `in_round_one` and `in_round_two`, which every caller reads instead of
    spelling `rounds == 2 and round == 1` out: a one-round poll is in neither round."""
    one = a_poll()
    assert (one.two_round, one.in_round_one, one.in_round_two) == (False, False, False)
    first = a_poll(rounds=2, round2_at=T0 + 60, closes_at=T0 + 120)
    assert (first.two_round, first.in_round_one, first.in_round_two) == (True, True, False)
    second = first.as_of(T0 + 60)  # round 1's deadline passed: round 2, as the sweep records
    assert (second.two_round, second.in_round_one, second.in_round_two) == (True, False, True)
    closed = first.as_of(T0 + 120)  # still in round 2, and closed: its results compare rounds
    assert (closed.in_round_two, closed.closed) == (True, True)


async def test_as_of_is_what_the_sweep_records(database: Database) -> None:
    """At every instant, the poll shown equals the poll the deadline sweep leaves behind."""
    store = PollStore(database)
    creator = UserRef("console", "W", "ann")
    lunch = PollDraft.custom("Lunch?", "Pizza | Sushi", duration=60)
    ids = [
        await store.create(CHANNEL, creator, "Ann", lunch, T0),
        await store.create(CHANNEL, creator, "Ann", PollDraft.from_pack(PACK.poll, rounds=2), T0),
        await store.create(
            CHANNEL, creator, "Ann", PollDraft.from_pack(PACK.poll, rounds=2, duration=60), T0
        ),
    ]
    for instant in (T0 + 30, T0 + 60, T0 + 90, T0 + 120, T0 + 150):
        shown = [await store.get_as_of(poll_id, instant) for poll_id in ids]
        await store.open_due_rounds(instant, ["console"])
        await store.close_due(instant, ["console"])
        assert shown == [await store.get(poll_id) for poll_id in ids]
    assert await store.get_as_of(10**20, T0) is None


async def test_without_an_injected_clock_the_database_clock_decides(database: Database) -> None:
    store = PollStore(database)
    draft = PollDraft.custom("Lunch?", "Pizza | Sushi", duration=60)
    expired = await database.now() - 61
    poll_id = await store.create(CHANNEL, UserRef("console", "W", "ann"), "Ann", draft, expired)
    stored, shown = await store.get(poll_id), await store.get_as_of(poll_id, None)
    assert stored is not None and not stored.closed
    assert shown is not None and shown.closed_at == expired + 60


# -- every place that shows it ----------------------------------------------------------------


def person(clock: ManualClock, user: str) -> Context:
    return Context("console", "W", "general", user, user.capitalize(), False, clock)


@pytest.fixture
def charts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """The subtitle and `final` of every chart drawn (none is actually drawn)."""
    drawn: list[tuple[str, bool]] = []

    def record(question: str, subtitle: str, *args: Any, final: bool, **_: Any) -> bytes:
        drawn.append((subtitle, final))
        return b"\x89PNG"

    monkeypatch.setattr(chart, "results_chart", record)
    monkeypatch.setattr(rounds_chart, "before_after_chart", record)
    return drawn


def state(reply: Reply) -> tuple[str, int | None]:
    (card,) = reply.cards
    return card.footer.split(" · ")[0].split(" ")[0], card.colour


async def test_results_just_after_the_deadline_agree_with_themselves_and_the_vote_path(
    database: Database, clock: ManualClock, charts: list[tuple[str, bool]]
) -> None:
    """The QA report: text "Leading… Open · closes", chart "closed · winner", /vote refused."""
    service = PollService(database, clock, outbounds=posting_to(PostingOutbound()))
    draft = PollDraft.custom("Timed?", "A | B", duration=60)
    poll_id = (await service.create(person(clock, "you"), draft)).poll_id
    assert poll_id is not None
    for name, option in (("you", 1), ("bob", 2), ("carol", 2)):
        await service.vote(person(clock, name), poll_id, option)

    clock.advance(59)
    results = await service.results(person(clock, "you"), poll_id)
    assert "Leading: “B”" in results.fallback() and state(results) == ("Open", OPEN_COLOUR)
    assert charts[-1] == (f"Poll #{poll_id} · open · 3 voters", False)

    clock.advance(2)  # past the deadline; no sweep has run
    results = await service.results(person(clock, "you"), poll_id)
    text = results.fallback()
    assert "Winner: “B” with 2 votes" in text and "Leading" not in text
    assert state(results) == ("Closed", CLOSED_COLOUR) and "Open" not in text
    assert charts[-1] == (f"Poll #{poll_id} · closed · 3 voters", True)
    with pytest.raises(UserError, match="closed at"):
        await service.vote(person(clock, "dan"), poll_id, 1)
    message = await service.render(poll_id)  # the live message
    assert state(message) == ("Closed", CLOSED_COLOUR) and not message.buttons()
    assert "Winner: “B”" in message.fallback()
    with pytest.raises(UserError, match="already closed"):
        await service.close(person(clock, "you"), poll_id)
    exported = json.loads(await service.export(poll_id, "json"))
    assert exported["poll"]["closed_at"] == exported["poll"]["closes_at"] is not None
    assert await service.open_polls_in(CHANNEL, 10) == []

    assert await service.sweep_deadlines() == [poll_id]  # the sweep changes nothing shown
    assert (await service.results(person(clock, "you"), poll_id)).fallback() == text
    assert (await service.render(poll_id)).fallback() == message.fallback()


async def test_hidden_results_show_once_the_deadline_passed(
    database: Database, clock: ManualClock, charts: list[tuple[str, bool]]
) -> None:
    service = PollService(database, clock)
    draft = PollDraft.custom("Timed?", "A | B", duration=60, hide_results=True)
    poll_id = (await service.create(person(clock, "ann"), draft)).poll_id
    assert poll_id is not None
    await service.vote(person(clock, "bob"), poll_id, 2)
    hidden = await service.results(person(clock, "ann"), poll_id)
    assert "hidden until it closes" in hidden.text
    assert "results are shown when it closes" in (await service.render(poll_id)).fallback()
    clock.advance(60)
    shown = await service.results(person(clock, "ann"), poll_id)
    assert "Winner: “B”" in shown.fallback() and charts[-1][1] is True
    assert "Winner: “B”" in (await service.render(poll_id)).fallback()


async def test_a_timed_two_round_poll_shows_its_rounds_on_time(
    database: Database, clock: ManualClock, charts: list[tuple[str, bool]]
) -> None:
    service = PollService(database, clock, arguments=Arguments.from_pack(PACK))
    draft = PollDraft.from_pack(PACK.poll, rounds=2, duration=60)
    poll_id = (await service.create(person(clock, "ann"), draft)).poll_id
    assert poll_id is not None
    await service.vote(person(clock, "bo"), poll_id, 1)

    clock.advance(60)  # round 1 ran out; no sweep
    message = (await service.render(poll_id)).fallback()
    assert "Round 2 of 2 · after" in message and "[Close poll]" in message
    assert "[End round 1]" not in message
    results = await service.results(person(clock, "bo"), poll_id)
    assert "Round 2 of 2 · after" in results.fallback() and "before 1 (100%)" in results.fallback()
    assert state(results) == ("Open", OPEN_COLOUR)
    assert charts[-1][0].startswith(f"Poll #{poll_id} · open · before and after")
    (listed,) = await service.open_polls_in(CHANNEL, 10)
    assert (listed.id, listed.round) == (poll_id, 2)
    with pytest.raises(UserError, match=f"Round 2 of poll #{poll_id} is already open"):
        await service.next_round(person(clock, "ann"), poll_id)
    await service.vote(person(clock, "bo"), poll_id, 2)  # changed their mind in round 2

    clock.advance(60)  # round 2 ran out; no sweep
    message = (await service.render(poll_id)).fallback()
    assert "Winner by the Oxford rule" in message and "closed" in message
    assert not (await service.render(poll_id)).buttons()
    results = await service.results(person(clock, "bo"), poll_id)
    assert "Winner by the Oxford rule" in results.fallback()
    assert state(results) == ("Closed", CLOSED_COLOUR)
    assert charts[-1] == (f"Poll #{poll_id} · closed · before and after: 1 → 1 voters", True)


async def test_closing_a_two_round_poll_whose_round_one_ran_out_closes_it_as_shown(
    database: Database, clock: ManualClock, charts: list[tuple[str, bool]]
) -> None:
    """Round 2 is what its message shows and where votes go, swept or not: /close ends the
    poll (not round 1 again), and the poll is stored closed in round 2, as shown."""
    service = PollService(database, clock, arguments=Arguments.from_pack(PACK))
    draft = PollDraft.from_pack(PACK.poll, rounds=2, duration=60)
    poll_id = (await service.create(person(clock, "ann"), draft)).poll_id
    assert poll_id is not None
    await service.vote(person(clock, "bo"), poll_id, 1)
    clock.advance(60 + REPEAT_CLICK_WINDOW)  # sooner repeats the end of round 1 (not a close)
    closed = await service.close(person(clock, "ann"), poll_id)
    assert f"Poll #{poll_id} is closed" in closed.fallback()
    stored = await service.store.get(poll_id)
    assert stored is not None and stored.round == 2
    assert stored.closed_at == stored.created_at + 60 + REPEAT_CLICK_WINDOW
    assert await service.sweep_deadlines() == []
