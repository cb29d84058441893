"""The poll store against a model, on SQLite and PostgreSQL alike (the `database` fixture):
whatever people type is read back as typed, and under any interleaving of votes, changes,
retractions, double clicks, retried deliveries and a close, the tally is the votes cast.

The state machine runs in a worker thread (Hypothesis drives it synchronously) and each
step runs its store call on the test's event loop, where the database lives.
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from bot.core.context import ChannelRef, UserRef
from bot.core.errors import UserError
from bot.core.sanitize import strip_controls
from bot.polls.model import REPEAT_CLICK_WINDOW, PollDraft, VoteChange, VoteRequest, repeats
from bot.polls.store import PollStore
from bot.storage.database import Database

T = TypeVar("T")
T0 = 1_800_000_000.0
VOTERS = 4
OPTIONS = 3
#: Steps between two clicks: at once, inside the double-click window, just past it, later.
GAPS = (0.0, REPEAT_CLICK_WINDOW / 2, REPEAT_CLICK_WINDOW + 0.5, 60.0)
#: Text as people type it on any platform (any letters, marks, emoji, other scripts), as it
#: reaches the core: the dispatcher strips control characters from every value and name
#: (`strip_controls`; PostgreSQL refuses a NUL in text, which SQLite stores).
typed_text = st.text(min_size=1, max_size=40).map(strip_controls).filter(bool)


@dataclass
class Ballot:
    """One voter's recorded choices in the model: option and time by slot (0 for a
    single-choice poll, the option for a multiple-choice one), and the last retraction."""

    slots: dict[int, tuple[int, float]] = field(default_factory=dict)
    retracted: dict[int, tuple[int, float]] = field(default_factory=dict)

    def click(self, option: int, at: float, multi: bool) -> VoteChange:
        """What a click does, as people expect it: a new choice is added, another option
        moves a single choice, the same one again takes it back, and the same click again
        within the double-click window changes nothing."""
        slot = option if multi else 0
        current = self.slots.get(slot)
        previous = current or self.retracted.get(slot)
        if previous is not None and previous[0] == option and repeats(previous[1], at):
            return VoteChange.UNCHANGED
        if current is not None and current[0] == option:
            del self.slots[slot]
            self.retracted[slot] = (option, at)
            return VoteChange.REMOVED
        self.slots[slot] = (option, at)
        return VoteChange.ADDED if current is None else VoteChange.MOVED

    def choices(self) -> tuple[int, ...]:
        return tuple(sorted(option for option, _ in self.slots.values()))


def voting_machine(
    store: PollStore, run: Callable[[Awaitable[T]], T]
) -> type[RuleBasedStateMachine]:
    """The machine over `store`, each store call made by `run` on the database's loop."""
    channels = itertools.count()

    class Voting(RuleBasedStateMachine):
        @initialize(
            question=typed_text,
            labels=st.lists(typed_text, min_size=OPTIONS, max_size=OPTIONS),
            names=st.lists(typed_text, min_size=VOTERS, max_size=VOTERS),
            multi=st.booleans(),
            channel=typed_text,
        )
        def create(
            self, question: str, labels: list[str], names: list[str], multi: bool, channel: str
        ) -> None:
            # the console's `:in <channel>` takes a channel's name as typed
            channel_id = f"{channel}-{next(channels)}-{uuid.uuid4().hex[:6]}"
            self.channel = ChannelRef("console", "w", channel_id)
            unique = uuid.uuid4().hex[:8]
            self.voters = [UserRef("console", "w", f"u{n}-{unique}") for n in range(VOTERS)]
            self.names = names
            try:
                draft = PollDraft.custom(question, " | ".join(labels), multi=multi)
            except UserError:  # not a poll /poll takes (a `|` in a label, two alike): another
                draft = PollDraft.custom("Which?", "One | Two | Three", multi=multi)
            self.draft = draft
            self.now = T0
            self.poll_id = run(store.create(self.channel, self.voters[0], names[0], draft, T0))
            self.ballots = [Ballot() for _ in range(VOTERS)]
            self.closed = False
            self.last: list[VoteRequest] = []
            poll = run(store.get(self.poll_id))
            assert poll is not None and poll.channel == self.channel
            assert poll.question == draft.question
            assert [o.label for o in poll.options] == [o.label for o in draft.options]

        @rule(
            clicks=st.lists(
                st.tuples(
                    st.integers(0, VOTERS - 1),
                    st.integers(1, OPTIONS),
                    st.sampled_from(GAPS),
                ),
                min_size=1,
                max_size=6,
            )
        )
        def vote(self, clicks: list[tuple[int, int, float]]) -> None:
            """Clicks committed together (one group commit), each a delivery of its own."""
            requests = []
            for voter, option, gap in clicks:
                self.now += gap
                requests.append(
                    VoteRequest(
                        self.poll_id,
                        self.voters[voter],
                        self.names[voter],
                        option,
                        at=self.now,
                        key=uuid.uuid4().hex,
                        where=self.channel,
                    )
                )
            results = run(store.apply_votes(requests))
            for (voter, option, _), request, result in zip(clicks, requests, results, strict=True):
                if self.closed:
                    assert isinstance(result, UserError), result
                    continue
                assert not isinstance(result, UserError), result
                assert request.at is not None
                expected = self.ballots[voter].click(option, request.at, self.draft.multi)
                assert result.change is expected, (clicks, results)
            self.last = requests

        @rule()
        def retry_last_delivery(self) -> None:
            """The platform resends the last batch (a retry after a lost answer): nothing
            changes, whatever the batch did."""
            results = run(store.apply_votes(self.last))
            for result in results:
                if not isinstance(result, UserError):
                    assert result.change is VoteChange.REPLAYED

        @rule(gap=st.sampled_from(GAPS))
        def close(self, gap: float) -> None:
            self.now += gap
            run(store.close(self.poll_id, self.now))
            self.closed = True

        @invariant()
        def tally_is_the_votes_cast(self) -> None:
            poll = run(store.get(self.poll_id))
            assert poll is not None
            tally = run(store.tally(poll))
            expected: dict[int, int] = {}
            for ballot in self.ballots:
                for option in ballot.choices():
                    expected[option] = expected.get(option, 0) + 1
            assert {n: c for n, c in tally.counts.items() if c} == expected
            assert tally.voters == sum(1 for ballot in self.ballots if ballot.choices())
            for voter, ballot in zip(self.voters, self.ballots, strict=True):
                assert run(store.choices_of(self.poll_id, voter)) == ballot.choices()
            records = run(store.votes(self.poll_id))
            names = {voter.user: name for voter, name in zip(self.voters, self.names, strict=True)}
            assert all(record.display_name == names[record.voter.user] for record in records)

    return Voting


async def test_a_poll_s_tally_is_the_votes_cast_and_its_text_reads_back_as_typed(
    database: Database,
) -> None:
    loop = asyncio.get_running_loop()

    def run(call: Awaitable[T]) -> T:
        return asyncio.run_coroutine_threadsafe(call, loop).result()  # type: ignore[arg-type]

    machine = voting_machine(PollStore(database), run)
    await asyncio.to_thread(
        run_state_machine_as_test,
        machine,
        settings=settings(settings.default, max_examples=15, stateful_step_count=15),
    )
