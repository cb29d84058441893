"""The poll store contract, on SQLite and PostgreSQL alike (the `database` fixture)."""

from __future__ import annotations

import asyncio
import sqlite3

import asyncpg
import pytest

from bot.core.context import ChannelRef, UserRef
from bot.core.errors import UserError
from bot.polls import store as poll_store
from bot.polls.model import REPEAT_CLICK_WINDOW, PollDraft, VoteChange, VoteRequest, VoteResult
from bot.polls.render import MESSAGE_DELETED
from bot.polls.store import AskedAlready, Closing, PollStore
from bot.storage import bulk
from bot.storage.database import Database
from bot.storage.migrate import migrate
from bot.storage.migrations import all_migrations

T0 = 1_800_000_000.0
CHANNEL = ChannelRef("console", "local", "general")
CREATOR = UserRef("console", "local", "ann")


def voter(name: str) -> UserRef:
    return UserRef("console", "local", name)


def draft(question: str = "Tabs or spaces?", **flags: object) -> PollDraft:
    return PollDraft.custom(question, "Tabs | Spaces | Both", **flags)  # type: ignore[arg-type]


async def new_poll(store: PollStore, question: str = "Tabs or spaces?", **flags: object) -> int:
    """A poll in CHANNEL by CREATOR; polls open at once ask different questions, or the
    second is refused as the first's twin (`AskedAlready`)."""
    return await store.create(CHANNEL, CREATOR, "Ann", draft(question, **flags), T0)


def ballot(*args: object, **kwargs: object) -> VoteRequest:
    """A vote cast in CHANNEL (typed, so no clicked message), unless `where` says otherwise."""
    kwargs.setdefault("where", CHANNEL)
    return VoteRequest(*args, **kwargs)  # type: ignore[arg-type]


async def one(store: PollStore, request: VoteRequest) -> VoteResult:
    (result,) = await store.apply_votes([request])
    assert isinstance(result, VoteResult), result
    return result


async def test_a_poll_round_trips_with_its_options_flags_and_deadline(database: Database) -> None:
    store = PollStore(database)
    poll_id = await new_poll(store, duration=3600, multi=True, anonymous=True, hide_results=True)
    poll = await store.get(poll_id)
    assert poll is not None
    assert (poll.channel, poll.creator, poll.question) == (CHANNEL, CREATOR, "Tabs or spaces?")
    assert [(o.number, o.label) for o in poll.options] == [(1, "Tabs"), (2, "Spaces"), (3, "Both")]
    assert (poll.multi, poll.anonymous, poll.hide_results) == (True, True, True)
    assert (poll.created_at, poll.closes_at, poll.closed_at) == (T0, T0 + 3600, None)
    assert await store.latest_in(CHANNEL) is None  # not posted (yet, or ever: discarded)
    await store.attach_message(poll_id, CHANNEL, "m1", T0)
    assert await store.latest_in(CHANNEL) == poll_id
    assert await store.latest_in(ChannelRef("console", "local", "random")) is None
    assert await store.get(poll_id + 100) is None


async def test_identical_polls_started_at_once_store_one_and_name_it_to_the_rest(
    two_connections: tuple[Database, Database],
) -> None:
    """A double-submitted /poll (a double Enter, a resent command, one on each instance):
    each was checked for a twin before either was stored, and both were posted. The check
    is in the creating transaction now, under the channel's lock: one poll, the others
    told which it is, and a poll asking something else is stored beside it."""
    stores = [PollStore(db) for db in two_connections]
    # A channel used before: its row is there, so no creation waits on another's insert of it.
    await stores[0].close(await new_poll(stores[0], "Earlier?"), T0)
    started = await asyncio.gather(
        *(new_poll(store) for store in stores + stores),
        new_poll(stores[1], "Something else?"),
        return_exceptions=True,
    )
    *same, other = started
    made = [result for result in same if isinstance(result, int)]
    asked = [result.poll_id for result in same if isinstance(result, AskedAlready)]
    assert len(made) == 1 and asked == made * 3, started
    assert isinstance(other, int) and other not in made
    assert await two_connections[0].fetchval("SELECT COUNT(*) FROM polls") == 3


async def test_a_twin_of_the_oldest_of_many_open_polls_is_refused_naming_it(
    database: Database,
) -> None:
    """Only a channel's 25 newest open polls were looked at for a twin: with more open
    (several people near their bound), repeating an older one posted a copy. Every open
    poll is looked at now; the same question with other options, or the same poll closed,
    is no twin, and a mention matches whatever name it was labelled with."""
    store = PollStore(database)
    oldest = await store.create(
        CHANNEL, CREATOR, "Ann", draft("Does <@U1|Ann Lee> win?", multi=True), T0
    )
    other_options = await store.create(
        CHANNEL, CREATOR, "Ann", PollDraft.custom("Does <@U1> win?", "Yes | No"), T0
    )
    closed = await new_poll(store, "Closed?")
    await store.close(closed, T0)
    people = [voter(name) for name in ("bob", "cat", "dan")]
    for n in range(27):
        await store.create(CHANNEL, people[n % 3], "Someone", draft(f"Question {n}?"), T0)
    assert len(await store.open_polls_in(CHANNEL, T0, limit=100)) == 29
    with pytest.raises(AskedAlready) as asked:
        await store.create(CHANNEL, people[0], "Bob", draft("Does <@U1> win?", multi=True), T0)
    assert asked.value.poll_id == oldest != other_options
    assert await new_poll(store, "Closed?") != closed


async def test_database_time_decides_when_no_clock_is_injected(database: Database) -> None:
    store = PollStore(database)
    before = await database.now()
    poll_id = await store.create(CHANNEL, CREATOR, "Ann", draft(duration=60), None)
    poll = await store.get(poll_id)
    assert poll is not None and before - 1 <= poll.created_at <= await database.now() + 1
    assert poll.closes_at == poll.created_at + 60


async def test_the_schema_refuses_a_second_single_choice(database: Database) -> None:
    """Exactly once does not depend on the code above: the primary key enforces it."""
    store = PollStore(database)
    poll_id = await new_poll(store)
    await one(store, ballot(poll_id, voter("bob"), "Bob", 1, T0))
    with pytest.raises((sqlite3.IntegrityError, asyncpg.UniqueViolationError)):
        await database.execute(
            "INSERT INTO poll_votes (poll_id, platform, workspace, voter_id, slot, option_number, "
            "voted_at) VALUES (?, 'console', 'local', 'bob', 0, 2, ?)",
            poll_id,
            T0,
        )
    with pytest.raises((sqlite3.IntegrityError, asyncpg.CheckViolationError)):
        await database.execute(
            "INSERT INTO poll_votes (poll_id, platform, workspace, voter_id, slot, option_number, "
            "voted_at) VALUES (?, 'console', 'local', 'bob', 1, 2, ?)",
            poll_id,
            T0,
        )


async def test_single_choice_sets_moves_ignores_double_clicks_and_retracts(
    database: Database,
) -> None:
    store = PollStore(database)
    poll_id = await new_poll(store)
    bob = voter("bob")
    first = await one(store, ballot(poll_id, bob, "Bob", 1, T0))
    assert (first.change, first.choices) == (VoteChange.ADDED, (1,))
    double = await one(store, ballot(poll_id, bob, "Bob", 1, T0 + 0.3))
    assert (double.change, double.choices) == (VoteChange.UNCHANGED, (1,))
    moved = await one(store, ballot(poll_id, bob, "Bob", 2, T0 + 1))
    assert (moved.change, moved.choices) == (VoteChange.MOVED, (2,))
    later = T0 + 1 + REPEAT_CLICK_WINDOW
    retracted = await one(store, ballot(poll_id, bob, "Bob", 2, later))
    assert (retracted.change, retracted.choices) == (VoteChange.REMOVED, ())
    poll = await store.get(poll_id)
    assert poll is not None and (await store.tally(poll)).voters == 0


async def test_multi_choice_toggles_each_option(database: Database) -> None:
    store = PollStore(database)
    poll_id = await new_poll(store, multi=True)
    bob = voter("bob")
    await one(store, ballot(poll_id, bob, "Bob", 1, T0))
    both = await one(store, ballot(poll_id, bob, "Bob", 3, T0))
    assert (both.change, both.choices) == (VoteChange.ADDED, (1, 3))
    off = await one(store, ballot(poll_id, bob, "Bob", 1, T0 + REPEAT_CLICK_WINDOW))
    assert (off.change, off.choices) == (VoteChange.REMOVED, (3,))
    await one(store, ballot(poll_id, voter("cy"), "Cy", 3, T0))
    poll = await store.get(poll_id)
    assert poll is not None
    tally = await store.tally(poll)
    assert (tally.counts, tally.voters, tally.votes) == ({3: 2}, 2, 2)


async def test_a_batch_applies_votes_in_order_and_refuses_only_the_bad_ones(
    database: Database,
) -> None:
    store = PollStore(database)
    poll_id = await new_poll(store)
    bob = voter("bob")
    results = await store.apply_votes(
        [
            ballot(poll_id, bob, "Bob", 1, T0),
            ballot(poll_id, bob, "Bob", 9, T0),
            ballot(poll_id + 50, bob, "Bob", 1, T0),
            ballot(poll_id, bob, "Bob", 2, T0),
            ballot(poll_id, voter("cy"), "Cy", 2, T0),
        ]
    )
    kinds = [r.change if isinstance(r, VoteResult) else r.message for r in results]
    assert kinds[0] == VoteChange.ADDED and kinds[3] == VoteChange.MOVED
    assert "options 1 to 3" in str(kinds[1]) and f"no poll #{poll_id + 50}" in str(kinds[2])
    poll = await store.get(poll_id)
    assert poll is not None and (await store.tally(poll)).counts == {2: 2}


async def test_a_replayed_delivery_key_changes_nothing(database: Database) -> None:
    store = PollStore(database)
    poll_id = await new_poll(store)
    bob = voter("bob")
    await one(store, ballot(poll_id, bob, "Bob", 1, T0, key="delivery-1"))
    replay = await one(store, ballot(poll_id, bob, "Bob", 1, T0 + 60, key="delivery-1"))
    assert (replay.change, replay.choices) == (VoteChange.REPLAYED, (1,))
    same_batch = await store.apply_votes(
        [
            ballot(poll_id, bob, "Bob", 2, T0 + 61, key="delivery-2"),
            ballot(poll_id, bob, "Bob", 2, T0 + 99, key="delivery-2"),
        ]
    )
    assert [r.change for r in same_batch if isinstance(r, VoteResult)] == [
        VoteChange.MOVED,
        VoteChange.REPLAYED,
    ]
    assert await store.prune_keys(T0 + 61) == 1  # delivery-1 was received at T0
    assert await database.fetchval("SELECT COUNT(*) FROM poll_vote_keys") == 1


async def test_a_batch_wider_than_one_statement_keeps_every_vote_apart(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reads, retractions and inserts of a batch are split across statements (tiny limits
    here) and grouped by poll, workspace and platform: a voter or delivery key of one
    workspace or platform never stands for another's (voter ids recur across workspaces,
    each voting in its own workspace's polls)."""
    monkeypatch.setattr(poll_store, "MAX_PARAMETERS", 12)
    monkeypatch.setattr(poll_store, "_GROUPS_PER_STATEMENT", 2)
    monkeypatch.setattr(bulk, "MAX_PARAMETERS", 12)
    store = PollStore(database)

    def home(person: UserRef) -> ChannelRef:
        return ChannelRef(person.platform, person.workspace, "general")

    async def polls_in(channel: ChannelRef) -> tuple[int, int]:
        creator = UserRef(channel.platform, channel.workspace, "ann")
        single = await store.create(channel, creator, "Ann", draft(), T0)
        return single, await store.create(channel, creator, "Ann", draft(multi=True), T0)

    people = [UserRef("console", f"W{n % 3}", f"v{n // 3}") for n in range(12)]  # ids recur
    slack_voter = UserRef("slack", "W0", "v0")
    polls = {home(p): await polls_in(home(p)) for p in [*people[:3], slack_voter]}

    def single(p: UserRef) -> int:
        return polls[home(p)][0]

    def multi(p: UserRef) -> int:
        return polls[home(p)][1]

    def cast(poll_id: int, p: UserRef, option: int, at: float, **key: str) -> VoteRequest:
        return ballot(poll_id, p, "P", option, at, where=home(p), **key)

    first = [cast(single(p), p, 1 + n % 3, T0, key=f"k{n}") for n, p in enumerate(people)]
    first += [cast(multi(p), p, option, T0) for p in people for option in (1, 2)]
    first.append(cast(single(slack_voter), slack_voter, 3, T0, key="k0"))
    results = await store.apply_votes(first)
    assert all(isinstance(r, VoteResult) and r.change is VoteChange.ADDED for r in results)

    later = T0 + REPEAT_CLICK_WINDOW
    second = [  # even voters click their choice again (retract), odd ones move
        cast(single(p), p, 1 + (n + n % 2) % 3, later) for n, p in enumerate(people)
    ]
    second += [cast(multi(p), p, 1, later) for p in people]  # toggles option 1 off
    second += [cast(single(people[n]), people[n], 2, later, key=f"k{n}") for n in (0, 5)]
    results = await store.apply_votes(second)
    changes = [r.change if isinstance(r, VoteResult) else r for r in results]
    expected_single = [VoteChange.REMOVED if n % 2 == 0 else VoteChange.MOVED for n in range(12)]
    assert changes == [*expected_single, *[VoteChange.REMOVED] * 12, *[VoteChange.REPLAYED] * 2]

    rows = await database.fetchall(
        "SELECT poll_id, platform, workspace, voter_id, option_number FROM poll_votes "
        "ORDER BY poll_id, platform, workspace, voter_id, option_number"
    )
    moved = {
        (single(p), p.workspace, p.user, 1 + (n + 1) % 3) for n, p in enumerate(people) if n % 2
    }
    assert [tuple(row) for row in rows] == sorted(
        [(poll_id, "console", w, v, option) for poll_id, w, v, option in moved]
        + [(single(slack_voter), "slack", "W0", "v0", 3)]
        + [(multi(p), "console", p.workspace, p.user, 2) for p in people]
    )
    assert await database.fetchval("SELECT COUNT(*) FROM poll_vote_keys") == 13


async def test_votes_after_the_deadline_or_close_are_refused(database: Database) -> None:
    store = PollStore(database)
    poll_id = await new_poll(store, duration=600)
    (late,) = await store.apply_votes([ballot(poll_id, voter("bob"), "Bob", 1, T0 + 600)])
    assert isinstance(late, UserError) and "closed" in late.message
    other = await new_poll(store)
    assert await store.close(other, T0 + 5) is Closing.CLOSED
    assert await store.close(other, T0 + 6) is Closing.ALREADY_CLOSED
    (closed,) = await store.apply_votes([ballot(other, voter("bob"), "Bob", 1, T0 + 7)])
    assert isinstance(closed, UserError) and f"Poll #{other} closed" in closed.message


async def test_a_close_remembers_the_delivery_that_made_it(database: Database) -> None:
    """So a platform's retry of that click is told apart from another closer's click."""
    store = PollStore(database)
    poll_id, other = await new_poll(store), await new_poll(store, "Other?")
    click = ("slack", "T1:U1:1.5")
    assert await store.close(poll_id, T0 + 5, click) is Closing.CLOSED
    assert await store.close(poll_id, T0 + 6, click) is Closing.ALREADY_CLOSED
    assert await store.close(other, T0 + 7) is Closing.CLOSED
    assert await store.changed_by(poll_id, click)
    assert not await store.changed_by(other, click)
    assert not await store.changed_by(poll_id, ("slack", "T1:U1:1.6"))
    assert not await store.changed_by(poll_id, ("discord", "T1:U1:1.5"))


async def test_an_end_of_round_one_remembers_the_delivery_that_made_it(database: Database) -> None:
    """As a close does: Slack's retry of the End round 1 click is answered as that click."""
    store = PollStore(database)
    poll_id = await new_poll(store, rounds=2)
    click = ("slack", "T1:U1:2.5")
    assert await store.open_round_two(poll_id, T0 + 5, click)
    assert not await store.open_round_two(poll_id, T0 + 6, click)
    assert await store.changed_by(poll_id, click)
    assert not await store.changed_by(poll_id, ("slack", "T1:U1:2.6"))


async def test_deadlines_are_swept_once_and_closing_late_keeps_the_deadline(
    database: Database,
) -> None:
    store = PollStore(database)
    soon = await new_poll(store, duration=60)
    later = await new_poll(store, duration=7200)
    forever = await new_poll(store)
    assert await store.next_deadline(["console"]) == T0 + 60
    assert await store.close_due(T0 + 59, ["console"]) == []
    assert await store.close_due(T0 + 61, ["console"]) == [soon]
    assert await store.close_due(T0 + 62, ["console"]) == []
    assert await store.next_deadline(["console"]) == T0 + 7200
    assert await store.close(later, T0 + 9000) is Closing.CLOSED  # late: at its deadline
    closed = await store.get(later)
    assert closed is not None and closed.closed_at == T0 + 7200
    assert await store.close(forever, T0 + 10) is Closing.CLOSED
    assert await store.next_deadline(["console"]) is None


async def test_votes_list_display_names_and_voters_are_upserted(database: Database) -> None:
    store = PollStore(database)
    poll_id = await new_poll(store)
    await one(store, ballot(poll_id, voter("bob"), "Bob", 2, T0))
    await one(store, ballot(poll_id, voter("bob"), "Bobby", 1, T0 + 1))
    (record,) = await store.votes(poll_id)
    assert (record.option, record.voter, record.display_name) == (1, voter("bob"), "Bobby")
    assert await database.fetchval("SELECT COUNT(*) FROM users") == 2  # ann and bob


async def test_a_provisional_name_names_only_someone_new(database: Database) -> None:
    """A stand-in name (Slack's legacy username, from an instance that has not learnt the
    name Slack shows) records someone new but never replaces a recorded name, in a batch
    mixing both kinds too; a poll's creator likewise."""
    store = PollStore(database)
    poll_id = await new_poll(store)
    await one(store, ballot(poll_id, voter("bob"), "Bob Marley", 1, T0))
    batch = [
        ballot(poll_id, voter("bob"), "u0bob", 2, T0 + 1, provisional_name=True),
        ballot(poll_id, voter("cy"), "u0cy", 2, T0 + 1, provisional_name=True),
        ballot(poll_id, voter("di"), "Di", 1, T0 + 1),
    ]
    assert all(isinstance(r, VoteResult) for r in await store.apply_votes(batch))
    names = {r.voter.user: r.display_name for r in await store.votes(poll_id)}
    assert names == {"bob": "Bob Marley", "cy": "u0cy", "di": "Di"}
    await store.create(CHANNEL, CREATOR, "u0ann", draft("Ann's?"), T0 + 2, provisional_name=True)
    await store.create(CHANNEL, voter("bob"), "Bob M.", draft("Bob's?"), T0 + 3)
    shown = dict(await database.fetchall("SELECT user_id, display_name FROM users"))
    assert shown["ann"] == "Ann" and shown["bob"] == "Bob M."


async def test_poll_messages_attach_once_and_detach(database: Database) -> None:
    store = PollStore(database)
    poll_id = await new_poll(store)
    other_channel = ChannelRef("console", "local", "random")
    await store.attach_message(poll_id, CHANNEL, "m1", T0)
    await store.attach_message(poll_id, CHANNEL, "m1", T0)
    await store.attach_message(poll_id, other_channel, "m7", T0 + 1)
    assert await store.messages(poll_id) == [(CHANNEL, "m1"), (other_channel, "m7")]
    await store.detach_message(poll_id, CHANNEL, "m1")
    assert await store.messages(poll_id) == [(other_channel, "m7")]


async def test_trimming_the_option_cache_never_drops_a_poll_the_batch_needs(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(poll_store, "_OPTION_CACHE_LIMIT", 1)
    store = PollStore(database)
    polls = [await new_poll(store, f"Question {n}?") for n in range(3)]
    for poll_id in polls[:2]:  # two cached, over the limit of one
        await store.get(poll_id)
    results = await store.apply_votes(
        [ballot(poll_id, voter("bob"), "Bob", 1, T0) for poll_id in polls]
    )
    assert all(isinstance(r, VoteResult) and r.choices == (1,) for r in results)


async def test_open_polls_are_the_newest_still_open_in_the_conversation(
    database: Database,
) -> None:
    store = PollStore(database)
    expired = await new_poll(store, duration=60)
    closed = await new_poll(store)
    await store.close(closed, T0 + 1)
    older, newer = await new_poll(store), await new_poll(store, "Newer?")
    for elsewhere in (
        ChannelRef("console", "other", "general"),
        ChannelRef("console", "local", "dm"),
    ):
        await store.create(
            elsewhere, UserRef("console", elsewhere.workspace, "ann"), "Ann", draft(), T0
        )
    found = await store.open_polls_in(CHANNEL, T0 + 120, limit=10)
    assert [p.id for p in found] == [newer, older]
    assert expired not in [p.id for p in found]
    assert [p.id for p in await store.open_polls_in(CHANNEL, T0 + 120, limit=1)] == [newer]


async def test_shown_polls_are_the_newest_posted_in_the_conversation_closed_or_not(
    database: Database,
) -> None:
    """What /results suggests: every poll with a message here, as it stands (past its
    deadline: closed), never one discarded before it was shown, nor another conversation's."""
    store = PollStore(database)
    expired, closed, unshown, newest = [
        await new_poll(store, f"Question {n}?", duration=60) for n in range(4)
    ]
    await store.close(closed, T0 + 1)
    for poll_id in (expired, closed, newest):
        await store.attach_message(poll_id, CHANNEL, f"m{poll_id}", T0)
    elsewhere = ChannelRef("console", "local", "dm")
    other = await store.create(elsewhere, UserRef("console", "local", "ann"), "Ann", draft(), T0)
    await store.attach_message(other, elsewhere, "m-dm", T0)
    found = await store.shown_polls_in(CHANNEL, T0 + 120, limit=10)
    assert [(p.id, p.closed) for p in found] == [(newest, True), (closed, True), (expired, True)]
    assert unshown not in [p.id for p in found]
    assert [p.id for p in await store.shown_polls_in(CHANNEL, T0 + 30, limit=1)] == [newest]
    assert not (await store.shown_polls_in(CHANNEL, T0 + 30, limit=1))[0].closed


async def test_a_users_open_polls_are_those_they_started_or_voted_in(database: Database) -> None:
    store = PollStore(database)
    mine, voted, other = [await new_poll(store, f"Question {n}?") for n in range(3)]
    bob = voter("bob")
    await store.create(ChannelRef("console", "local", "dm-bob"), bob, "Bob", draft(), T0)
    bobs = (await store.open_polls_in(ChannelRef("console", "local", "dm-bob"), T0, 1))[0].id
    await one(store, ballot(voted, bob, "Bob", 1, T0))
    await one(store, ballot(other, voter("cy"), "Cy", 1, T0))
    assert [p.id for p in await store.open_polls_of(bob, T0 + 1, 10)] == [bobs, voted]
    assert [p.id for p in await store.open_polls_of(CREATOR, T0 + 1, 10)] == [other, voted, mine]
    elsewhere = UserRef("console", "other", "bob")
    assert await store.open_polls_of(elsewhere, T0 + 1, 10) == []


async def test_the_store_counts_a_vote_only_in_its_own_conversation(database: Database) -> None:
    """Whatever the caller checked, the store refuses a vote cast in another channel or
    workspace, from a message not showing the poll, or by no one; each refusal is the same
    "no poll here", and the rest of the batch is counted."""
    store = PollStore(database)
    poll_id = await new_poll(store)
    await store.attach_message(poll_id, CHANNEL, "m1", T0)
    other_poll = await new_poll(store, "Other?")
    await store.attach_message(other_poll, CHANNEL, "m2", T0)
    bob = voter("bob")
    refused = [
        ballot(poll_id, bob, "Bob", 1, T0, where=ChannelRef("console", "local", "random")),
        ballot(poll_id, UserRef("console", "x", "bob"), "Bob", 1, T0, where=CHANNEL),
        ballot(poll_id, UserRef("discord", "x", "bob"), "Bob", 1, T0, where=CHANNEL),
        ballot(poll_id, bob, "Bob", 1, T0, message="m2"),
        ballot(poll_id, bob, "Bob", 1, T0, message=""),
        ballot(poll_id, voter(""), "", 1, T0),
        ballot(2**63, bob, "Bob", 1, T0),
        ballot(10**30, bob, "Bob", 1, T0),
        ballot(-1, bob, "Bob", 1, T0),
    ]
    results = await store.apply_votes([*refused, ballot(poll_id, bob, "Bob", 2, T0, message="m1")])
    for request, result in zip(refused, results, strict=False):
        assert isinstance(result, UserError), request
        assert result.message == f"There is no poll #{request.poll_id} here."
    assert isinstance(results[-1], VoteResult) and results[-1].choices == (2,)
    assert await database.fetchval("SELECT COUNT(*) FROM poll_votes") == 1
    assert await database.fetchval("SELECT COUNT(*) FROM users WHERE user_id = ''") == 0


async def test_a_batch_of_clicks_reads_messages_keys_and_both_rounds_in_one_go(
    database: Database,
) -> None:
    """A batch of clicks needs every read at once (the clicked message, delivery keys seen,
    current votes, round 1's votes), sent as one statement whose branches must agree on
    their column types, on PostgreSQL too."""
    store = PollStore(database)
    one_round = await new_poll(store)
    two_rounds = await store.create(CHANNEL, CREATOR, "Ann", draft(rounds=2), T0)
    await store.attach_message(one_round, CHANNEL, "m1", T0)
    await store.attach_message(two_rounds, CHANNEL, "m2", T0)
    bob, cy = voter("bob"), voter("cy")
    first = await store.apply_votes(
        [
            ballot(one_round, bob, "Bob", 1, T0, key="k1", message="m1"),
            ballot(two_rounds, cy, "Cy", 2, T0, key="k2", message="m2"),
        ]
    )
    assert [r.change for r in first if isinstance(r, VoteResult)] == [VoteChange.ADDED] * 2
    again = await store.apply_votes(
        [
            ballot(one_round, bob, "Bob", 2, T0 + 1, key="k1", message="m1"),  # a retry
            ballot(two_rounds, cy, "Cy", 1, T0 + 1, key="k3", message="m2"),  # a change
        ]
    )
    assert [r.change for r in again if isinstance(r, VoteResult)] == [
        VoteChange.REPLAYED,
        VoteChange.MOVED,
    ]
    assert await database.fetchval("SELECT COUNT(*) FROM poll_before_votes") == 1


async def test_a_batch_of_only_unusable_ids_touches_nothing(database: Database) -> None:
    store = PollStore(database)
    (result,) = await store.apply_votes([ballot(10**20, voter("bob"), "Bob", 1, T0)])
    assert isinstance(result, UserError) and "no poll #100000000000000000000 here" in result.message
    assert await store.get(10**20) is None and await store.get(0) is None
    assert not await store.shows(10**20, CHANNEL, "m1")


async def test_the_tally_version_counts_visible_changes_and_messages_track_it(
    database: Database,
) -> None:
    """Every change a message shows bumps the version in the vote's own transaction; a
    message is stale until an edit records the version it shows, by compare-and-set."""
    store = PollStore(database)
    poll_id = await new_poll(store)
    await store.attach_message(poll_id, CHANNEL, "m1", T0)
    assert await store.tally_version(poll_id) == 0
    assert await store.stale_messages(poll_id, ["console"]) == []

    def vote(name: str, option: int, at: float, key: str | None = None) -> VoteRequest:
        return ballot(poll_id, voter(name), name, option, at, key)

    await one(store, vote("bob", 1, T0 + 1, "k1"))
    await one(store, vote("bob", 1, T0 + 1.5, "k1"))  # a replay: nothing new to show
    await one(store, vote("bob", 1, T0 + 2))  # a double click: unchanged
    assert await store.tally_version(poll_id) == 1
    await store.apply_votes([vote("cy", 2, T0 + 3), vote("dee", 3, T0 + 3)])
    assert await store.tally_version(poll_id) == 2  # one bump per batch
    assert await store.stale_messages(poll_id, ["console"]) == [(CHANNEL, "m1")]
    assert await store.stale_messages(poll_id, ["slack"]) == []  # no such adapter here
    assert await store.stale_polls(["console"], 10) == [poll_id]

    assert await store.mark_shown(poll_id, CHANNEL, "m1", 2)
    assert not await store.mark_shown(poll_id, CHANNEL, "m1", 1)  # never back to older
    assert await store.stale_polls(["console"], 10) == []
    assert await store.close(poll_id, T0 + 4) is Closing.CLOSED
    assert await store.tally_version(poll_id) == 3  # closing shows too
    await store.mark_unknown(poll_id, CHANNEL, "m1")
    assert await store.stale_messages(poll_id, ["console"]) == [(CHANNEL, "m1")]


async def test_deadline_closes_bump_the_tally_version(database: Database) -> None:
    store = PollStore(database)
    poll_id = await new_poll(store, duration=60)
    assert await store.close_due(T0 + 61, ["console"]) == [poll_id]
    assert await store.tally_version(poll_id) == 1


async def test_an_edit_refusal_says_whether_it_changed(database: Database) -> None:
    """Whoever records a refusal starting, or ending, is told so, once: that instance
    logs it (`LiveTally`); the same refusal again, or none twice, changes nothing."""
    store = PollStore(database)
    poll_id = await new_poll(store)
    recorded = [
        await store.record_edit_refusal(poll_id, refusal)
        for refusal in (None, "Give me View Channel.", "Give me View Channel.", None, None)
    ]
    assert recorded == [False, True, False, True, False]


async def test_a_deleted_messages_refusal_stored_by_the_last_release_loses_its_plain_command(
    empty_database: Database,
) -> None:
    """The last release stored "it was deleted. See /results poll:N." and the confirmation
    now adds the command itself, marked (`render.refused`): upgraded, the row says only
    why, so no voter reads "See /results" twice. Other refusals are left as stored."""
    database = empty_database
    tail = next(m.version for m in all_migrations() if m.name == "poll_deleted_refusal_tail")
    await migrate(database, tuple(m for m in all_migrations() if m.version < tail))
    store = PollStore(database)
    deleted, removed = await new_poll(store), await new_poll(store, "Tea or coffee?")
    await store.record_edit_refusal(deleted, f"it was deleted. See /results poll:{deleted}.")
    await store.record_edit_refusal(removed, "I'm not in this channel any more.")
    assert tail in await migrate(database)
    polls = [await store.get(poll_id) for poll_id in (deleted, removed)]
    refusals = [poll.edit_refused for poll in polls if poll is not None]
    assert refusals == [MESSAGE_DELETED, "I'm not in this channel any more."]
