"""The double-click rule, on SQLite and PostgreSQL alike (the `database` fixture).

A click on the option of the voter's previous effective click in the same slot (the click
that recorded it, or the one that took it back) less than `REPEAT_CLICK_WINDOW` later is a
double click: counted once, nothing changes. A click on another option is never one: a quick
switch still switches. The retraction's time is kept in the database (`poll_retractions`),
so the rule holds across batches, bot instances and restarts.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.core.context import ChannelRef, Context, UserRef
from bot.knowledge import load_pack
from bot.polls import store as poll_store
from bot.polls.model import REPEAT_CLICK_WINDOW, PollDraft, VoteChange, VoteRequest, VoteResult
from bot.polls.rounds import Arguments
from bot.polls.service import PollService
from bot.polls.store import PollStore
from bot.storage import bulk
from bot.storage.database import Database
from bot.storage.migrate import migrate
from bot.storage.migrations import all_migrations
from bot.storage.sqlite import SqliteDatabase
from tests.helpers import ROOT

T0 = 1_800_000_000.0
W = REPEAT_CLICK_WINDOW
CHANNEL = ChannelRef("console", "local", "general")
CREATOR = UserRef("console", "local", "ann")
BOB = UserRef("console", "local", "bob")
A, B, C = 1, 2, 3
ADDED, MOVED, REMOVED = VoteChange.ADDED, VoteChange.MOVED, VoteChange.REMOVED
UNCHANGED, REPLAYED = VoteChange.UNCHANGED, VoteChange.REPLAYED


async def new_poll(store: PollStore, **flags: object) -> int:
    draft = PollDraft.custom("Tabs or spaces?", "Tabs | Spaces | Both", **flags)  # type: ignore[arg-type]
    return await store.create(CHANNEL, CREATOR, "Ann", draft, T0)


def click(poll_id: int, option: int, at: float | None, **kwargs: object) -> VoteRequest:
    voter = kwargs.pop("voter", BOB)
    return VoteRequest(poll_id, voter, "Bob", option, at, where=CHANNEL, **kwargs)  # type: ignore[arg-type]


async def clicks(
    store: PollStore, poll_id: int, *steps: tuple[float, int]
) -> list[tuple[VoteChange, tuple[int, ...]]]:
    """Bob's clicks (seconds after T0, option), each in its own batch: what each did."""
    done = []
    for after, option in steps:
        (result,) = await store.apply_votes([click(poll_id, option, T0 + after)])
        assert isinstance(result, VoteResult), result
        done.append((result.change, result.choices))
    return done


async def stored(database: Database, poll_id: int) -> list[int]:
    rows = await database.fetchall(
        "SELECT option_number FROM poll_votes WHERE poll_id = ? ORDER BY option_number", poll_id
    )
    return [int(row[0]) for row in rows]


# -- the rule, click by click ---------------------------------------------------------------


async def test_a_double_click_that_takes_a_vote_back_leaves_it_taken_back(
    database: Database,
) -> None:
    """The QA report: the second click retracts, a third right after it put the vote back."""
    store = PollStore(database)
    poll_id = await new_poll(store)
    assert await clicks(store, poll_id, (0, A), (5, A), (5.3, A), (5 + W - 0.01, A)) == [
        (ADDED, (A,)),
        (REMOVED, ()),
        (UNCHANGED, ()),  # counted once with the retraction
        (UNCHANGED, ()),  # still within the window of the retraction, not of the last click
    ]
    assert await stored(database, poll_id) == []
    assert await clicks(store, poll_id, (5 + W, A)) == [(ADDED, (A,))]  # a deliberate re-vote
    assert await stored(database, poll_id) == [A]


async def test_the_window_counts_from_the_last_effective_click_not_the_last_click(
    database: Database,
) -> None:
    """Double clicks change nothing, so they do not stretch the window: a steady stream of
    clicks still retracts once the recorded click is `W` old."""
    store = PollStore(database)
    poll_id = await new_poll(store)
    assert await clicks(store, poll_id, (0, A), (1.5, A), (W, A), (W + 1.5, A), (2 * W, A)) == [
        (ADDED, (A,)),
        (UNCHANGED, (A,)),
        (REMOVED, ()),
        (UNCHANGED, ()),
        (ADDED, (A,)),
    ]


async def test_switching_quickly_still_switches_in_a_single_choice_poll(
    database: Database,
) -> None:
    """Only a click on the option of the previous effective click is a double click: A then
    B within the window moves to B; B right after taking A back adds B; and A right after
    that moves back to A (the previous effective click in the slot was B's)."""
    store = PollStore(database)
    poll_id = await new_poll(store)
    assert await clicks(store, poll_id, (0, A), (0.5, B), (1, A), (1.2, A)) == [
        (ADDED, (A,)),
        (MOVED, (B,)),
        (MOVED, (A,)),
        (UNCHANGED, (A,)),
    ]
    assert await clicks(store, poll_id, (10, A), (10.5, B), (11, A), (11.5, A), (12, C)) == [
        (REMOVED, ()),
        (ADDED, (B,)),
        (MOVED, (A,)),
        (UNCHANGED, (A,)),
        (MOVED, (C,)),
    ]
    assert await stored(database, poll_id) == [C]


async def test_multi_choice_options_each_have_their_own_window(database: Database) -> None:
    store = PollStore(database)
    poll_id = await new_poll(store, multi=True)
    assert await clicks(store, poll_id, (0, A), (0, B), (5, A), (5.5, A), (5.5, B), (6, C)) == [
        (ADDED, (A,)),
        (ADDED, (A, B)),
        (REMOVED, (B,)),
        (UNCHANGED, (B,)),  # A stays off: a double click of its removal
        (REMOVED, ()),  # B's own previous click was 5.5 s ago
        (ADDED, (C,)),  # another option is never a double click
    ]
    assert await clicks(store, poll_id, (6.5, B), (5 + W, A)) == [
        (UNCHANGED, (C,)),  # B was just removed (5.5)
        (ADDED, (A, C)),  # A's removal is `W` old
    ]
    assert await stored(database, poll_id) == [A, C]


async def test_one_batch_on_database_time_takes_a_vote_back_once(database: Database) -> None:
    """Clicks in one batch share the database's time: an old vote clicked twice at once
    (a double click, or a delivery and its retry under another key) is taken back once,
    where the second click used to put it back."""
    for multi in (False, True):
        store = PollStore(database)
        poll_id = await new_poll(store, multi=multi)
        long_ago = await database.now() - 60
        await store.apply_votes([click(poll_id, A, long_ago)])
        twice = [click(poll_id, A, None, key=f"k{poll_id}-{n}") for n in range(3)]
        results = await store.apply_votes(twice)
        assert [(r.change, r.choices) for r in results if isinstance(r, VoteResult)] == [
            (REMOVED, ()),
            (UNCHANGED, ()),
            (UNCHANGED, ()),
        ]
        assert await stored(database, poll_id) == []


async def test_a_retraction_is_remembered_by_the_database_not_the_process(
    database: Database,
) -> None:
    """Another instance, or this one after a restart, has only the database: it still
    sees the retraction and counts the click right after it once."""
    poll_id = await new_poll(PollStore(database))
    assert await clicks(PollStore(database), poll_id, (0, A), (5, A)) == [
        (ADDED, (A,)),
        (REMOVED, ()),
    ]
    assert await clicks(PollStore(database), poll_id, (5.5, A)) == [(UNCHANGED, ())]
    rows = await database.fetchall(
        "SELECT voter_id, slot, option_number, retracted_at FROM poll_retractions"
    )
    assert [tuple(row) for row in rows] == [("bob", 0, A, T0 + 5)]


async def test_a_replayed_delivery_of_a_retraction_stays_a_replay(database: Database) -> None:
    store = PollStore(database)
    poll_id = await new_poll(store)
    await store.apply_votes([click(poll_id, A, T0)])
    first = await store.apply_votes([click(poll_id, A, T0 + 5, key="d1")])
    retry = await store.apply_votes([click(poll_id, A, T0 + 60, key="d1")])
    assert [(r.change, r.choices) for r in first + retry if isinstance(r, VoteResult)] == [
        (REMOVED, ()),
        (REPLAYED, ()),
    ]
    assert await clicks(store, poll_id, (61, A)) == [(ADDED, (A,))]


async def test_one_row_per_slot_is_kept_and_pruned_with_the_delivery_keys(
    database: Database,
) -> None:
    store = PollStore(database)
    poll_id = await new_poll(store)
    await clicks(store, poll_id, (0, A), (5, A), (10, B), (15, B))
    rows = await database.fetchall("SELECT option_number, retracted_at FROM poll_retractions")
    assert [tuple(row) for row in rows] == [(B, T0 + 15)]  # the slot's latest retraction
    assert await store.prune_retractions(T0 + 15) == 0
    assert await store.prune_retractions(T0 + 16) == 1
    assert await clicks(store, poll_id, (15.5, B)) == [(ADDED, (B,))]  # pruned: a new vote


async def test_wide_batches_split_their_retraction_reads_and_writes(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tiny statement limits: reads and upserts of many voters' retractions are split
    across statements and still each voter's own."""
    monkeypatch.setattr(poll_store, "MAX_PARAMETERS", 12)
    monkeypatch.setattr(poll_store, "_GROUPS_PER_STATEMENT", 2)
    monkeypatch.setattr(bulk, "MAX_PARAMETERS", 12)
    store = PollStore(database)
    poll_id = await new_poll(store)
    people = [UserRef("console", "local", f"v{n}") for n in range(10)]

    async def batch(at: float, option: int = A) -> list[VoteChange]:
        results = await store.apply_votes([click(poll_id, option, at, voter=p) for p in people])
        return [r.change for r in results if isinstance(r, VoteResult)]

    assert await batch(T0) == [ADDED] * 10
    assert await batch(T0 + 5) == [REMOVED] * 10
    assert await batch(T0 + 5.5) == [UNCHANGED] * 10
    assert await batch(T0 + 5.6, B) == [ADDED] * 10
    assert await stored(database, poll_id) == [B] * 10
    assert await database.fetchval("SELECT COUNT(*) FROM poll_retractions") == 10


# -- two rounds --------------------------------------------------------------------------------

PACK = load_pack(ROOT / "knowledge" / "baker-vs-gin")


def person(clock: ManualClock, user: str) -> Context:
    return Context("console", "W", "general", user, user.capitalize(), False, clock)


async def test_two_round_polls_keep_the_rule_in_both_rounds(
    database: Database, clock: ManualClock
) -> None:
    service = PollService(database, clock, arguments=Arguments.from_pack(PACK))
    ann, bo = person(clock, "ann"), person(clock, "bo")
    draft = PollDraft.from_pack(PACK.poll, rounds=2)
    poll_id = (await service.create(ann, draft)).poll_id
    assert poll_id is not None
    await service.vote(bo, poll_id, 1)
    clock.advance(5)
    assert "retracted" in (await service.vote(bo, poll_id, 1)).text
    clock.advance(0.5)
    assert "stays retracted" in (await service.vote(bo, poll_id, 1)).text
    assert await service.store.before_votes(poll_id) == []  # the snapshot was not put back
    clock.advance(W)
    await service.vote(bo, poll_id, 1)  # round 1 answer: Gavin Baker
    await service.close(ann, poll_id)  # round 2 opens

    clock.advance(10)
    assert "as in round 1" in (await service.vote(bo, poll_id, 1)).text  # confirms it
    clock.advance(W)
    taken_back = await service.vote(bo, poll_id, 1)
    assert "retracted" in taken_back.text and "still counts as before" in taken_back.text
    clock.advance(0.5)
    again = (await service.vote(bo, poll_id, 1, typed=True)).text  # a typed /vote
    typed_again = f"type /vote poll:{poll_id} option:1"
    assert f"stays retracted: voted twice within 2 s: counted once; {typed_again}" in again
    assert "still counts as before" in again
    assert await service.store.votes(poll_id) == []
    assert [v.option for v in await service.store.before_votes(poll_id)] == [1]


# -- what the voter is told -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "twice", "again"),
    [
        (False, "clicked twice", "click again"),
        (True, "voted twice", "type /vote poll:{} option:1 again"),  # a typed /vote is no click
    ],
)
async def test_the_replies_say_a_double_click_was_counted_once(
    database: Database, clock: ManualClock, typed: bool, twice: str, again: str
) -> None:
    service = PollService(database, clock)
    bob = person(clock, "bob")

    async def vote(poll_id: int) -> str:
        return (await service.vote(bob, poll_id, 1, typed=typed)).text

    lunch = PollDraft.custom("Lunch?", "Pizza | Sushi")
    single = (await service.create(person(clock, "ann"), lunch)).poll_id
    assert single is not None
    await vote(single)
    clock.advance(0.5)
    assert await vote(single) == (
        f"Your vote on poll #{single} is already “Pizza”: {twice} within 2 s: counted once; "
        f"{again.format(single)} to take your vote back."
    )
    clock.advance(5)
    await vote(single)
    clock.advance(0.5)
    assert await vote(single) == (
        f"Your vote on poll #{single} stays retracted: {twice} within 2 s: counted once; "
        f"{again.format(single)} to vote “Pizza”."
    )
    multi_draft = PollDraft.custom("Lunch?", "Pizza | Sushi", multi=True)
    multi = (await service.create(person(clock, "ann"), multi_draft)).poll_id
    assert multi is not None
    await vote(multi)
    clock.advance(0.5)
    assert await vote(multi) == (
        f"“Pizza” on poll #{multi} {twice} within 2 s: counted once; {again.format(multi)} to "
        "remove it from your choices. Now recorded: “Pizza”."
    )
    clock.advance(5)
    await vote(multi)
    clock.advance(0.5)
    assert await vote(multi) == (
        f"“Pizza” on poll #{multi} {twice} within 2 s: counted once; {again.format(multi)} to "
        "add it to your choices. Now recorded: nothing."
    )


async def test_twenty_clicks_at_once_on_an_old_vote_take_it_back_once(
    database: Database, clock: ManualClock
) -> None:
    service = PollService(database, clock)
    bob = person(clock, "bob")
    for multi in (False, True):
        draft = PollDraft.custom("Lunch?", "Pizza | Sushi", multi=multi)
        poll_id = (await service.create(person(clock, "ann"), draft)).poll_id
        assert poll_id is not None
        await service.vote(bob, poll_id, 2)
        clock.advance(60)
        replies = await asyncio.gather(*(service.vote(bob, poll_id, 2) for _ in range(20)))
        assert sum("counted once" in r.text for r in replies) == 19
        assert await stored(database, poll_id) == []


# -- the migration ------------------------------------------------------------------------------


async def test_votes_stored_before_the_migration_follow_the_rule(
    tmp_path: Path, clock: ManualClock
) -> None:
    db = await SqliteDatabase.open(str(tmp_path / "old.db"))
    try:
        older = [m for m in all_migrations() if m.version < 6]
        await migrate(db, tuple(older))  # the schema before v0006 (retractions)
        # Written as that release wrote them: today's /poll reads columns added since.
        poll_id = 1
        for sql in (
            "INSERT INTO channels (platform, workspace, channel_id, first_seen) "
            "VALUES ('console', 'local', 'general', 0)",
            "INSERT INTO users (platform, workspace, user_id, display_name, first_seen, last_seen) "
            "VALUES ('console', 'local', 'ann', 'Ann', 0, 0), "
            "('console', 'local', 'bob', 'Bob', 0, 0)",
            "INSERT INTO polls (id, platform, workspace, channel_id, creator_id, question, multi, "
            f"anonymous, hide_results, created_at) VALUES ({poll_id}, 'console', 'local', "
            f"'general', 'ann', 'Tabs or spaces?', 0, 0, 0, {T0})",
            "INSERT INTO poll_options (poll_id, number, label) "
            f"VALUES ({poll_id}, 1, 'Tabs'), ({poll_id}, 2, 'Spaces'), ({poll_id}, 3, 'Both')",
            "INSERT INTO poll_votes (poll_id, platform, workspace, voter_id, slot, option_number, "
            f"voted_at) VALUES ({poll_id}, 'console', 'local', 'bob', 0, {A}, {T0})",
        ):
            await db.execute(sql)
        assert 6 in await migrate(db)  # and any later ones: the rule holds on the newest schema
        assert await clicks(PollStore(db), poll_id, (5, A), (5.5, A), (5 + W, A)) == [
            (REMOVED, ()),
            (UNCHANGED, ()),
            (ADDED, (A,)),
        ]
    finally:
        await db.close()
