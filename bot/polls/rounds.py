"""Oxford-style two-round polls: the rule, the results maths, and the arguments offered.

A two-round poll asks the room before and after the debate. The winner is not the option with
most votes at the end but the one whose share of voters grew most between the rounds (as
Intelligence Squared judges its debates); equal growth is a tie and is said to be one.

Everything here is pure: `oxford()` takes the two rounds' votes and the picks as read from
the store and returns the numbers every platform renders the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from bot.core.context import UserRef
from bot.knowledge import Pack
from bot.polls.model import Poll
from bot.polls.store import PointPick, VoteRecord

#: Arguments offered to a voter who changed sides ("Which argument moved you?").
OFFERED = 3


@dataclass(frozen=True, slots=True)
class Argument:
    """A pack point as a poll offers it: its id (in button ids), speaker and claim."""

    id: str
    speaker: str
    claim: str


class Arguments:
    """The pack's points by speaker, strongest first: what a pack poll can offer a voter."""

    def __init__(self, arguments: Iterable[Argument]) -> None:
        self._by_id = {a.id: a for a in arguments}

    @classmethod
    def from_pack(cls, pack: Pack) -> Arguments:
        return cls(
            Argument(p.id, p.speaker, p.claim)
            for speaker in pack.speaker_ids
            for p in pack.points_by(speaker)
        )

    def offer(self, speaker: str | None) -> tuple[Argument, ...]:
        """Up to `OFFERED` of the speaker's strongest points; none for a custom option."""
        if speaker is None:
            return ()
        return tuple(a for a in self._by_id.values() if a.speaker == speaker)[:OFFERED]

    def get(self, point_id: str) -> Argument | None:
        return self._by_id.get(point_id)


@dataclass(frozen=True, slots=True)
class OptionShift:
    """One option's before and after: counts, shares of each round's voters, the change."""

    number: int
    before: int
    after: int
    before_share: Fraction
    after_share: Fraction

    @property
    def change(self) -> Fraction:
        """The change in share, as a fraction (x100 for percentage points)."""
        return self.after_share - self.before_share

    @property
    def points(self) -> int:
        """The change in whole percentage points: the one number the results text and the
        chart both show. Each rounded its own: 100% → 42.5% was "-57 pts" in the text, which
        rounds the change, and "-58 pts" in the chart, which rounded the difference of the
        two shares' floats."""
        return round(float(self.change) * 100)


@dataclass(frozen=True, slots=True)
class Persuasion:
    """A pack point and how many voters who moved to `option` said it moved them."""

    point: str
    option: int
    count: int


@dataclass(frozen=True, slots=True)
class Oxford:
    """A two-round poll's outcome: every number the results show."""

    options: tuple[OptionShift, ...]
    before_voters: int
    after_voters: int
    moves: tuple[tuple[int, int, int], ...]  # (from option, to option, voters), most first
    movers: tuple[tuple[UserRef, int, int], ...]  # who moved, from, to (named polls only)
    joined: int  # voted in round 2 only
    withdrew: int  # voted in round 1, nothing in round 2
    winners: tuple[int, ...]  # by the Oxford rule; several means a tie; empty: no votes
    persuasive: tuple[Persuasion, ...]  # most picked first

    @property
    def changed(self) -> int:
        """How many voters changed their mind (voted in both rounds, differently)."""
        return sum(count for _, _, count in self.moves)

    def shift(self, number: int) -> OptionShift:
        return self.options[number - 1]


def oxford(
    poll: Poll,
    before: Sequence[VoteRecord],
    after: Sequence[VoteRecord],
    picks: Sequence[PointPick],
) -> Oxford:
    """The outcome of a two-round poll from its votes (single choice: one vote a voter)."""
    first = {vote.voter: vote.option for vote in before}
    second = {vote.voter: vote.option for vote in after}
    counts_before, counts_after = Counter(first.values()), Counter(second.values())
    shifts = tuple(
        OptionShift(
            o.number,
            counts_before[o.number],
            counts_after[o.number],
            _share(counts_before[o.number], len(first)),
            _share(counts_after[o.number], len(second)),
        )
        for o in poll.options
    )
    movers = tuple(
        (voter, first[voter], option)
        for voter, option in second.items()
        if voter in first and first[voter] != option
    )
    moves = Counter((old, new) for _, old, new in movers)
    moved_to = {voter: new for voter, _, new in movers}
    persuaded = Counter(
        (pick.point, pick.option) for pick in picks if moved_to.get(pick.voter) == pick.option
    )
    return Oxford(
        options=shifts,
        before_voters=len(first),
        after_voters=len(second),
        moves=tuple(
            (old, new, n) for (old, new), n in sorted(moves.items(), key=lambda m: (-m[1], m[0]))
        ),
        movers=movers,
        joined=sum(1 for voter in second if voter not in first),
        withdrew=sum(1 for voter in first if voter not in second),
        winners=_winners(shifts) if first or second else (),
        persuasive=tuple(
            Persuasion(point, option, n)
            for (point, option), n in sorted(persuaded.items(), key=lambda p: (-p[1], p[0]))
        ),
    )


def _share(count: int, voters: int) -> Fraction:
    return Fraction(count, voters) if voters else Fraction(0)


def _winners(shifts: Sequence[OptionShift]) -> tuple[int, ...]:
    """The options whose share grew most (exact fractions, so a tie is a real tie)."""
    best = max(s.change for s in shifts)
    return tuple(s.number for s in shifts if s.change == best)
