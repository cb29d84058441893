"""Voters not yet told that their poll's message stopped showing new votes.

A vote is confirmed before its poll's message is edited, so the first vote after the
message became impossible to edit (the bot removed from the channel, its access revoked)
is confirmed as if all were well; every later voter hears why in their confirmation, from
the refusal the live tally records (`render.refused`). The one voter left out is told
when the edit their vote led to is refused, through their click's or command's
`response_url`, which works where the bot cannot post. Remembering them costs a dict
entry per (channel, poll), replaced by the next such vote and dropped at the poll's next
edit: no call and no I/O on a vote's path.

Per process: with several instances, a vote answered by one whose sibling edits the poll
is not followed up, and its voter hears of the refusal at their next vote.
"""

from __future__ import annotations

from bot.core.context import Context

#: Polls remembered at most (the oldest forgotten first): entries an edit never came for.
MAX_UNTOLD = 10_000


class UntoldVoters:
    """The last voter per (channel, poll) whose confirmation did not say the message's
    edits are refused, and where to answer them."""

    def __init__(self, limit: int = MAX_UNTOLD) -> None:
        self.limit = limit
        self._last: dict[tuple[str, int], tuple[Context, str]] = {}

    def confirmed(self, ctx: Context, poll_id: int, response_url: str) -> None:
        """`ctx`'s vote on `poll_id` was confirmed through `response_url`, saying nothing
        of a refusal."""
        self._last[(ctx.channel, poll_id)] = (ctx, response_url)
        if len(self._last) > self.limit:
            del self._last[next(iter(self._last))]

    def take(self, channel: str, poll_id: int) -> tuple[Context, str] | None:
        """The voter to tell (forgotten now), when an edit of the poll in `channel` was
        refused; called on every edit, so one that went through forgets them too."""
        return self._last.pop((channel, poll_id), None)
