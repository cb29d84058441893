"""Voters not yet told that their poll's message stopped showing new votes.

A vote is confirmed before its poll's message is edited, so the first vote after the
message became impossible to edit (the bot removed from the channel or a private thread,
its access revoked, a thread locked) is confirmed as if all were well; every later voter
hears why in their confirmation, from the refusal the live tally records
(`render.refused`). The one voter left out is told when the edit their vote led to is
refused, through what answers them privately where the bot cannot post (Slack: their
request's `response_url`; Discord: their interaction's webhook, valid 15 minutes).
Remembering them costs a dict entry per (channel, poll), replaced by the next such vote
and dropped at the poll's next edit: no call and no I/O on a vote's path.

Per process: with several instances, a vote answered by one whose sibling edits the poll
is not followed up, and its voter hears of the refusal at their next vote.
"""

from __future__ import annotations

from typing import Generic, TypeVar

#: Polls remembered at most (the oldest forgotten first): entries an edit never came for.
MAX_UNTOLD = 10_000

#: What the adapter needs to answer the voter privately later.
Answer = TypeVar("Answer")


def untold_notice(poll_id: int, hint: str) -> str:
    """What the untold voter hears: a vote's, or a Close's, action is done, and only its
    showing is missing, so "counts" is true of either."""
    return f"What you did on poll #{poll_id} counts, but its message can't show it: {hint}"


class UntoldVoters(Generic[Answer]):
    """The last voter per (channel, poll) whose confirmation did not say the message's
    edits are refused, and how to answer them."""

    def __init__(self, limit: int = MAX_UNTOLD) -> None:
        self.limit = limit
        self._last: dict[tuple[str, int], Answer] = {}

    def confirmed(self, channel: str, poll_id: int, answer: Answer) -> None:
        """A vote on `poll_id` in `channel` was confirmed saying nothing of a refusal;
        `answer` reaches its voter."""
        self._last[(channel, poll_id)] = answer
        if len(self._last) > self.limit:
            del self._last[next(iter(self._last))]

    def refused(self, channel: str, poll_id: int | None, hint: str) -> Answer | None:
        """The voter to tell (forgotten now) that an edit of the poll in `channel` was
        refused for what `hint` says. A refusal without a hint (a passing failure, retried;
        or one nobody in the channel can act on) tells no one and keeps them for the retry."""
        if poll_id is None or not hint:
            return None
        return self._last.pop((channel, poll_id), None)

    def edited(self, channel: str, poll_id: int | None) -> None:
        """The poll's message in `channel` was edited: its last voter has nothing to hear."""
        if poll_id is not None:
            self._last.pop((channel, poll_id), None)
