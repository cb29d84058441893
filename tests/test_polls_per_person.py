"""One person cannot bury a conversation under polls: at most `MAX_OPEN_POLLS` of theirs are
open in one conversation at once, on SQLite and PostgreSQL, however many they start at
once; the next is refused with the polls to close. Other people, other conversations, and
polls closed by hand or by their deadline are not held against them; but polls closed a
minute after they start cannot bring hundreds: `MAX_POLLS_PER_WINDOW` an hour at most.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.core.context import Context
from bot.core.errors import UserError
from bot.polls.model import MAX_OPEN_POLLS, MAX_POLLS_PER_WINDOW, POLL_WINDOW, PollDraft
from bot.polls.service import PollService
from bot.storage.database import Database
from tests.slack_fake import TEAM
from tests.test_polls_commands import open_bot
from tests.test_slack_e2e import CHANNEL, Slack


def person(clock: ManualClock, user: str, channel: str = "general") -> Context:
    return Context("console", "W", channel, user, user.capitalize(), False, clock)


def question(n: int, **flags: Any) -> PollDraft:
    return PollDraft.custom(f"Question {n}?", "Yes | No", **flags)


def refusal(poll_ids: list[int]) -> str:
    numbers = ", ".join(f"#{n}" for n in poll_ids[:-1]) + f" and #{poll_ids[-1]}"
    return (
        f"You have {MAX_OPEN_POLLS} polls open here ({numbers}), the most one person may. "
        f"Close one first, e.g. /close poll:{poll_ids[0]}; polls given a duration close by "
        "themselves."
    )


async def test_one_person_starting_many_polls_at_once_gets_the_bound_and_a_refusal(
    database: Database, clock: ManualClock
) -> None:
    service = PollService(database, clock)
    ann = person(clock, "ann")
    started = await asyncio.gather(
        *(service.create(ann, question(n)) for n in range(2 * MAX_OPEN_POLLS)),
        return_exceptions=True,
    )
    made = sorted(r.poll_id for r in started if not isinstance(r, BaseException) and r.poll_id)
    refused = [r for r in started if isinstance(r, UserError)]
    assert len(made) == MAX_OPEN_POLLS and len(refused) == MAX_OPEN_POLLS, started
    assert {r.message for r in refused} == {refusal(made)}
    stored = await database.fetchval("SELECT COUNT(*) FROM polls WHERE creator_id = 'ann'")
    assert stored == MAX_OPEN_POLLS  # the refused ones left nothing behind


async def test_one_poll_asked_twice_at_once_by_someone_near_the_bound_counts_once(
    database: Database, clock: ManualClock
) -> None:
    """Their last place goes to the poll; its twin, checked in the same transaction, is
    shown it, not refused for the place it took (nor stored, so nothing else is held
    against them); the bound then refuses a new poll as before."""
    service = PollService(database, clock)
    ann = person(clock, "ann")
    made = [(await service.create(ann, question(n))).poll_id for n in range(MAX_OPEN_POLLS - 1)]
    first, second = await asyncio.gather(*(service.create(ann, question(99)) for _ in "ab"))
    created, shown = sorted((first, second), key=lambda reply: reply.ephemeral)
    assert not created.ephemeral and shown.ephemeral and shown.poll_id == created.poll_id
    assert shown.text.startswith(f"Poll #{created.poll_id} asks this already")
    assert await database.fetchval("SELECT COUNT(*) FROM polls") == MAX_OPEN_POLLS
    with pytest.raises(UserError) as refused:
        await service.create(ann, question(100))
    assert refused.value.message == refusal([n for n in [*made, created.poll_id] if n])


async def test_the_bound_is_one_persons_in_one_conversation_and_frees_as_polls_close(
    database: Database, clock: ManualClock
) -> None:
    service = PollService(database, clock)
    ann = person(clock, "ann")
    timed = (await service.create(ann, question(0, duration=60))).poll_id
    made = [timed] + [(await service.create(ann, question(n))).poll_id for n in range(1, 10)]
    assert len(made) == MAX_OPEN_POLLS
    with pytest.raises(UserError) as refused:
        await service.create(ann, question(99))
    assert refused.value.message == refusal([n for n in made if n is not None])
    # Someone else here, and Ann in another conversation, start polls as before.
    assert (await service.create(person(clock, "bob"), question(1))).poll_id
    assert (await service.create(person(clock, "ann", "random"), question(1))).poll_id
    clock.advance(61)  # her timed poll is past its deadline, swept or not
    assert (await service.create(ann, question(11))).poll_id
    with pytest.raises(UserError, match="polls open here"):
        await service.create(ann, question(12))
    last = made[-1]
    assert last is not None
    await service.close(ann, last)
    assert (await service.create(ann, question(13))).poll_id


async def test_polls_that_close_in_a_minute_still_come_at_most_so_many_an_hour(
    database: Database, clock: ManualClock
) -> None:
    """A minute's duration frees a place as fast as polls can be started: without a bound
    on how many are started, one person posted one a few seconds apart all day."""
    service = PollService(database, clock)
    ann = person(clock, "ann")
    started = clock.now()
    for n in range(MAX_POLLS_PER_WINDOW):
        assert (await service.create(ann, question(n, duration=60))).poll_id
        clock.advance(61)  # each closes before the next: never more than one open
    with pytest.raises(UserError) as refused:
        await service.create(ann, question(99, duration=60))
    wait = started + POLL_WINDOW - clock.now()  # until the first leaves the hour
    minutes = -(-wait // 60)
    assert refused.value.message == (
        f"You have started {MAX_POLLS_PER_WINDOW} polls here within an hour, the most one "
        f"person may. You can start another in {minutes:.0f} minutes."
    )
    assert (await service.create(person(clock, "bob"), question(1))).poll_id
    clock.set(started + POLL_WINDOW + 1)  # the first poll is more than an hour old
    assert (await service.create(ann, question(100))).poll_id
    with pytest.raises(UserError, match="within an hour"):
        await service.create(ann, question(101))


async def test_slack_tells_the_person_privately_and_posts_nothing(slack_bot: Slack) -> None:
    """Through Bolt against the fake: the refusal is the command's ephemeral answer, and no
    poll message reaches the channel."""
    for n in range(MAX_OPEN_POLLS):
        await slack_bot.command("/poll", f'question:"Q{n}?" options:A | B', user="U0ALICE")
    posted = await slack_bot.fake.wait_for(
        lambda f: (
            len(f.calls_to("chat.postMessage")) == MAX_OPEN_POLLS and f.calls_to("chat.postMessage")
        )
    )
    url = slack_bot.fake.response_url()
    status, _ = await slack_bot.sender.command(
        "/poll",
        'question:"One more?" options:A | B',
        team=TEAM,
        channel=CHANNEL,
        user="U0ALICE",
        response_url=url,
    )
    assert status == 200
    answer = await slack_bot.answer(url)
    assert answer.args["response_type"] == "ephemeral"
    assert str(answer.args["text"]).startswith(f"You have {MAX_OPEN_POLLS} polls open here (#1,")
    assert "/close poll:1" in answer.args["text"]
    assert slack_bot.fake.calls_to("chat.postMessage") == posted


async def test_someone_at_the_bound_asking_an_open_poll_again_is_shown_it_not_refused(
    tmp_path: Path, clock: ManualClock
) -> None:
    """The twin check (`PollStore.create`) comes before the bound: the poll they
    ask for is open, so they are shown it, and told to close one only for a new poll."""
    bot = await open_bot(tmp_path / "bot.db", clock)
    try:
        for n in range(MAX_OPEN_POLLS):
            assert not (await bot.say(f"/poll Question {n}? Yes | No")).ephemeral
        again = await bot.say("/poll Question 3? Yes | No")
        assert again.ephemeral and again.poll_id == 4
        assert again.text.startswith("Poll #4 asks this already")
        refused = await bot.say("/poll Question 99? Yes | No")
        assert refused.ephemeral and refused.text.startswith(f"You have {MAX_OPEN_POLLS} polls")
    finally:
        await bot.db.close()
