"""Votes and closes that fail half-way: what people are told agrees with the database.

A vote's COMMIT may be carried out and its answer lost (the connection drops): the vote is
durable though the bot saw an error. Told "try again", a voter clicked again and, more than
`REPEAT_CLICK_WINDOW` later, took their own vote back. Here any sequence of votes, typed or
clicked, on single- and multi-choice polls, meets a failure injected at any of them, as the
Database interface raises it: before the COMMIT (nothing recorded), after it with its
answer lost (`CommitUnknown`), or that and the database still away when the bot reads back.
End to end through the dispatcher, on SQLite (the lost answer is what PostgreSQL's backend
raises; tests/test_database_outages.py loses a real one).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.app import BotApp
from bot.clock import ManualClock
from bot.core.context import Context
from bot.core.dispatch import FAILURE
from bot.polls.model import PollDraft
from bot.polls.render import ACTION_PREFIX, ACTION_VERSION, NEXT_ACTION
from bot.storage.database import CommitUnknown, Executor
from tests.helpers import make_app, vote_as

START = 1_800_000_000.0
MESSAGE = "m1"
#: How a vote's transaction fails, if it does.
WORKS, REFUSED, LOST, LOST_AND_AWAY = "works", "refused", "lost", "lost and away"


class Faults:
    """Failures injected into one database: the next transaction fails as `next` says."""

    def __init__(self, app: BotApp) -> None:
        self.next = WORKS
        self.away = False
        db = app.db
        real_transaction: Callable[[], AbstractAsyncContextManager[Executor]] = db.transaction
        real_fetchall = db.fetchall

        @asynccontextmanager
        async def transaction() -> AsyncIterator[Executor]:
            fault, self.next = self.next, WORKS
            async with real_transaction() as tx:
                yield tx
                if fault == REFUSED:
                    raise ConnectionResetError("the connection dropped before COMMIT")
            if fault in (LOST, LOST_AND_AWAY):
                self.away = fault == LOST_AND_AWAY
                lost = ConnectionResetError("the connection dropped after COMMIT")
                raise CommitUnknown("the database did not confirm a commit") from lost

        async def fetchall(sql: str, *params: Any) -> Any:
            if self.away:
                raise ConnectionRefusedError("the database is away")
            return await real_fetchall(sql, *params)

        db.transaction = transaction  # type: ignore[method-assign]
        db.fetchall = fetchall  # type: ignore[method-assign]


def told(answer: str) -> frozenset[str] | str | None:
    """What an answer says the voter has recorded: labels, "unchanged" for "try again",
    None for an answer that says it cannot tell."""
    if answer == FAILURE:
        return "unchanged"
    if "cannot be checked" in answer:
        return None
    if "othing is recorded for you" in answer or "stays retracted" in answer:
        return frozenset()
    for pattern in (
        r"Now recorded(?: for you on poll #\d+)?: (.*?)\.(?: |$)",
        r"is (?:now |already )?(“\w”)[.:]",
    ):
        match = re.search(pattern, answer)
        if match:
            return frozenset(re.findall(r"“(\w)”", match.group(1)))
    raise AssertionError(f"an answer that says nothing of what is recorded: {answer}")


STEPS = st.lists(
    st.tuples(
        st.integers(1, 3),  # the option
        st.booleans(),  # typed (else clicked)
        st.sampled_from([WORKS, REFUSED, LOST, LOST_AND_AWAY]),
        st.sampled_from([0.5, 3.0]),  # seconds since the previous vote
    ),
    min_size=1,
    max_size=8,
)


@given(multi=st.booleans(), steps=STEPS)
@settings(max_examples=40)
def test_what_a_voter_is_told_agrees_with_the_database(
    tmp_path_factory: pytest.TempPathFactory,
    multi: bool,
    steps: list[tuple[int, bool, str, float]],
) -> None:
    asyncio.run(vote_with_faults(tmp_path_factory.mktemp("faults"), multi, steps))


async def vote_with_faults(
    path: Path, multi: bool, steps: list[tuple[int, bool, str, float]]
) -> None:
    clock = ManualClock(START)
    app = await make_app(path, clock=clock)
    try:
        ann = Context("console", "local", "general", "ann", "Ann", False, clock)
        created = await app.polls.create(ann, PollDraft.custom("Lunch?", "A | B | C", multi=multi))
        poll_id = created.poll_id
        assert poll_id is not None
        await app.polls.attach_message(poll_id, ann.channel_ref, MESSAGE)
        bob = Context("console", "local", "general", "bob", "Bob", False, clock, message=MESSAGE)
        faults = Faults(app)
        for option, typed, fault, gap in steps:
            clock.advance(gap)
            before = await recorded(app, poll_id)
            faults.next = fault
            answer = await vote_as(app, bob, poll_id, option, typed)
            faults.away = False
            after = await recorded(app, poll_id)
            claim = told(answer.text)
            assert answer.ephemeral
            if claim == "unchanged":
                assert after == before, answer.text
            elif claim is not None:
                assert claim == after, answer.text
            else:
                assert "try again" not in answer.text.lower()
            assert multi or len(after) <= 1
    finally:
        await app.close()


async def recorded(app: BotApp, poll_id: int) -> frozenset[str]:
    poll = await app.polls.store.get(poll_id)
    assert poll is not None
    rows = await app.db.fetchall(
        "SELECT option_number FROM poll_votes WHERE poll_id = ? AND voter_id = 'bob'", poll_id
    )
    return frozenset(poll.label(int(row[0])) for row in rows)


@given(
    typed=st.booleans(),
    faults=st.lists(st.sampled_from([WORKS, REFUSED, LOST, LOST_AND_AWAY]), min_size=1, max_size=4),
)
@settings(max_examples=30)
def test_ending_round_one_as_told_never_closes_the_poll(
    tmp_path_factory: pytest.TempPathFactory, typed: bool, faults: list[str]
) -> None:
    """The creator ends round 1 (/close typed, or End round 1) and presses again only when
    told to try again, a few seconds later each time, whatever fails: round 2 ends up open,
    never the poll closed, and every answer that says how the poll stands is true."""
    asyncio.run(end_round_one(tmp_path_factory.mktemp("rounds"), typed, faults))


async def end_round_one(path: Path, typed: bool, faults: list[str]) -> None:
    clock = ManualClock(START)
    app = await make_app(path, clock=clock)
    try:
        ann = Context("console", "local", "general", "ann", "Ann", False, clock, message=MESSAGE)
        created = await app.polls.create(ann, PollDraft.custom("Lunch?", "A | B", rounds=2))
        poll_id = created.poll_id
        assert poll_id is not None
        await app.polls.attach_message(poll_id, ann.channel_ref, MESSAGE)
        stored = Faults(app)
        for fault in faults:
            clock.advance(3.0)
            stored.next = fault
            if typed:
                answer = await app.dispatcher.run(ann, "close", {"poll": poll_id})
            else:
                button = f"{ACTION_PREFIX}:{ACTION_VERSION}:{poll_id}:{NEXT_ACTION}"
                answer = await app.dispatcher.click(ann, button)
            stored.away = False
            poll = await app.polls.store.get(poll_id)
            assert poll is not None and not poll.closed, answer.text
            if "Round 2 (after) is open" in answer.text or "is already open" in answer.text:
                assert poll.round == 2, answer.text
            if answer.text != FAILURE:
                break  # told how it stands, or that it cannot be told: no press again
            assert poll.round == 1
    finally:
        await app.close()
