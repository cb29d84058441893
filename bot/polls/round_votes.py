"""The two-round part of a vote batch: round 1's snapshot and persuasive-point picks.

`PollStore.apply_votes` applies every vote to the current votes (`poll_votes`) as for any
poll; for a two-round poll this keeps, beside it, the voters' round-1 answers: while round 1
is open each change is mirrored into `poll_before_votes`, and in round 2 the snapshot is only
read, so the result can say "you changed your mind". A pick of the argument that moved a
voter rides the same batch (same row locks, ordering and delivery keys), so a double click or
a retried delivery is applied once, exactly like a vote.

The round of each vote is `Poll.round_at(at)`, read under the poll's row lock.
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.errors import UserError
from bot.core.replies import Marked
from bot.polls.model import Poll, VoteChange, VoteRequest, VoteResult, see_results
from bot.storage.bulk import insert_statements
from bot.storage.database import Statement

#: (poll id, platform, workspace, voter id), as `PollStore` keys a voter's votes.
VoterKey = tuple[int, str, str, str]
#: A voter's recorded choices in one poll: slot -> (option number, voted_at).
Slots = dict[int, tuple[int, float]]
#: Changes that alter what a voter has recorded.
_RECORDED = {VoteChange.ADDED, VoteChange.MOVED, VoteChange.REMOVED}
#: Two-round polls are single choice, so a voter has one slot.
_SLOT = 0


class RoundVotes:
    """One batch's round-1 snapshot writes and picks, built while its votes are applied."""

    def __init__(self, before: dict[VoterKey, Slots]) -> None:
        self.before = before  # round-1 answers of the batch's two-round voters
        self.before_writes: dict[tuple[VoterKey, int], tuple[int, float] | None] = {}
        self._picks: dict[VoterKey, tuple[int, str, float]] = {}

    def confirm(
        self,
        request: VoteRequest,
        poll: Poll | None,
        at: float,
        seen_keys: set[tuple[str, str]],
        slots: dict[VoterKey, Slots],
        writes: dict[tuple[VoterKey, int], tuple[int, float] | None],
    ) -> VoteResult | None:
        """A round-2 click on the round-1 answer that still stands confirms it (a later
        click retracts, as usual) rather than retracting at once: people re-cast their vote
        when asked again. None when this is not such a click (the vote is applied as usual).
        """
        if poll is None or not poll.two_round or poll.round_at(at) != 2 or not poll.is_open_at(at):
            return None
        if request.key is not None and (request.voter.platform, request.key) in seen_keys:
            return None
        key = voter_key(request)
        current = slots[key].get(_SLOT)
        if current is None or current[0] != request.option:
            return None
        if current != self.before.get(key, {}).get(_SLOT):  # changed in round 2 already
            return None
        slots[key][_SLOT] = writes[(key, _SLOT)] = (request.option, at)
        return VoteResult(poll, request.option, VoteChange.UNCHANGED, choices(slots[key]))

    def record(
        self,
        request: VoteRequest,
        outcome: VoteResult | UserError,
        at: float,
        slots: dict[VoterKey, Slots],
        writes: dict[tuple[VoterKey, int], tuple[int, float] | None],
    ) -> VoteResult | UserError:
        """Mirror a round-1 change into the snapshot; tell a round-2 voter their round 1."""
        if isinstance(outcome, UserError) or not outcome.poll.two_round:
            return outcome
        key = voter_key(request)
        if outcome.poll.round_at(at) == 2:
            return replace(outcome, before=choices(self.before.get(key, {})))
        if outcome.change in _RECORDED:
            self.before[key] = dict(slots[key])
            self.before_writes[(key, _SLOT)] = writes[(key, _SLOT)]
        return outcome

    def pick(
        self,
        request: VoteRequest,
        poll: Poll | None,
        at: float,
        seen_keys: set[tuple[str, str]],
        slots: dict[VoterKey, Slots],
    ) -> VoteResult | UserError:
        """Record which argument moved the voter to `request.option` (one pick a voter,
        replaced by a later one); refused unless they did change sides to that option."""
        if poll is None:
            return UserError(f"There is no poll #{request.poll_id}.")
        key = voter_key(request)
        now, before = choices(slots[key]), choices(self.before.get(key, {}))
        result = VoteResult(poll, request.option, VoteChange.PICKED, now, before, request.point)
        if request.key is not None and (request.voter.platform, request.key) in seen_keys:
            return replace(result, change=VoteChange.REPLAYED)
        if not poll.is_open_at(at):
            return UserError(Marked(f"Poll #{poll.id} is closed. ", see_results(poll.id)))
        if not poll.two_round or poll.round_at(at) != 2:
            return UserError(
                f"Poll #{poll.id} asks what moved you only in its round 2, "
                "once you have changed your vote."
            )
        if now != (request.option,) or not before or before == now:
            return UserError(
                f"That question is for voters who changed their vote on poll #{poll.id} to "
                f"“{poll.label(request.option)}”; your vote is not such a change now."
            )
        assert request.point is not None  # picks only come here
        self._picks[key] = (request.option, request.point, at)
        return result

    def pick_statements(self) -> list[Statement]:
        """Upsert the batch's picks (one row a voter: a later pick replaces the earlier)."""
        return insert_statements(
            "INSERT INTO poll_point_picks "
            "(poll_id, platform, workspace, voter_id, option_number, point_id, picked_at)",
            [(*key, *pick) for key, pick in self._picks.items()],
            "ON CONFLICT (poll_id, platform, workspace, voter_id) DO UPDATE SET "
            "option_number = excluded.option_number, point_id = excluded.point_id, "
            "picked_at = excluded.picked_at",
        )


def voter_key(request: VoteRequest) -> VoterKey:
    voter = request.voter
    return (request.poll_id, voter.platform, voter.workspace, voter.user)


def choices(slots: Slots) -> tuple[int, ...]:
    return tuple(sorted(option for option, _ in slots.values()))
