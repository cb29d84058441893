"""Every vote's answer is the answer to a change of its poll (`Reply.changed_poll`).

Discord goes by it: a voter on a poll the bot can no longer update is told what to grant,
and a vote whose answer was lost is told it was done, not "try again" (the same click 2 s
later takes the vote back). The mark is set where each confirmation is built (first round,
round 2, a change of mind with its "Which argument moved you?" buttons), so any vote, by
any voter, typed or clicked, in either round, must carry it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.app import BotApp
from bot.clock import ManualClock
from bot.core.context import Context
from bot.polls.model import PollDraft
from tests.helpers import make_app, vote_as

START = 1_800_000_000.0
MESSAGE = "m1"

#: (voter, option, typed, seconds since the previous vote, end round 1 before it if open).
STEPS = st.lists(
    st.tuples(
        st.sampled_from(["bob", "cy"]),
        st.integers(1, 2),
        st.booleans(),
        st.sampled_from([0.5, 3.0]),
        st.booleans(),
    ),
    min_size=1,
    max_size=8,
)


@given(rounds=st.integers(1, 2), multi=st.booleans(), steps=STEPS)
@settings(max_examples=40)
def test_every_vote_answers_as_a_change_of_its_poll(
    tmp_path_factory: pytest.TempPathFactory,
    rounds: int,
    multi: bool,
    steps: list[tuple[str, int, bool, float, bool]],
) -> None:
    asyncio.run(answers_name_their_poll(tmp_path_factory.mktemp("answers"), rounds, multi, steps))


async def answers_name_their_poll(
    path: Path, rounds: int, multi: bool, steps: list[tuple[str, int, bool, float, bool]]
) -> None:
    clock = ManualClock(START)
    app = await make_app(path, clock=clock)
    try:
        ann, poll_id = await pack_poll(app, clock, rounds=rounds, multi=multi and rounds == 1)
        in_round_two = False
        for voter, option, typed, gap, end_round_one in steps:
            clock.advance(gap)
            if end_round_one and rounds == 2 and not in_round_two:
                await app.dispatcher.run(ann, "close", {"poll": poll_id})
                in_round_two = True
            answer = await vote_as(app, person(clock, voter), poll_id, option, typed)
            assert answer.changed_poll == poll_id, answer.fallback()
            assert answer.ephemeral
    finally:
        await app.close()


async def test_a_change_of_mind_with_arguments_to_pick_answers_as_a_change(
    tmp_path: Path,
) -> None:
    """The round-2 answer built as a card (the arguments of the side moved to, as buttons)
    is marked too, not only the text answers."""
    clock = ManualClock(START)
    app = await make_app(tmp_path, clock=clock)
    try:
        ann, poll_id = await pack_poll(app, clock, rounds=2)
        await vote_as(app, person(clock, "bob"), poll_id, 1, typed=False)
        await app.dispatcher.run(ann, "close", {"poll": poll_id})
        clock.advance(3)
        moved = await vote_as(app, person(clock, "bob"), poll_id, 2, typed=False)
        assert "Which argument moved you?" in moved.fallback() and moved.buttons()
        assert moved.changed_poll == poll_id
    finally:
        await app.close()


def person(clock: ManualClock, user: str) -> Context:
    """Someone clicking in the channel of the poll's message."""
    return Context("console", "local", "general", user, user, False, clock, message=MESSAGE)


async def pack_poll(app: BotApp, clock: ManualClock, **flags: object) -> tuple[Context, int]:
    """The pack's poll, started by an admin (who may end round 1) and shown in MESSAGE."""
    ann = Context("console", "local", "general", "ann", "Ann", True, clock)
    draft = PollDraft.from_pack(app.pack.poll, **flags)  # type: ignore[arg-type]
    created = await app.polls.create(ann, draft)
    assert created.poll_id is not None
    await app.polls.attach_message(created.poll_id, ann.channel_ref, MESSAGE)
    return ann, created.poll_id
