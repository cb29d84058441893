"""Which channels Slack last refused the bot's posts in because it is not a member.

The bot asks for no scope that reads channels (`manifest.py`), so nothing tells it whether
it is in one, and `chat:write.public` is deliberately not requested: in a channel it was
never invited to, its first post is refused (`not_in_channel`, or `channel_not_found` in a
private one). What Slack said last is the best it knows: a refused channel has the core's
suggestions ("Start one with /poll") preceded by how to invite the bot
(`Context.join_first`); a post or an edit there that goes through (someone invited it)
forgets the refusal. Nothing is refused on this memory alone, since an `/invite` since then
is not heard of: the next post tries, and tells.

Per process, and bounded: another instance learns on its own from its own posts, and the
oldest channels are forgotten first, which only returns them to the plain suggestion. So
what is said must stay true whichever instance says it, after a post another instance made
there since: "Slack refused a post of mine here … unless I've been invited since", never
"my last post was refused".
"""

from __future__ import annotations

from collections import OrderedDict

#: Channels remembered as refused at most (a few dozen bytes each).
MAX_REMEMBERED = 10_000


class Membership:
    """Slack's last word on whether the bot may post in each channel it tried."""

    def __init__(self, limit: int = MAX_REMEMBERED) -> None:
        self.limit = limit
        self._refused: OrderedDict[str, None] = OrderedDict()

    def refused(self, channel: str) -> None:
        """Slack refused a post or an edit in `channel`: the bot is not a member."""
        self._refused[channel] = None
        self._refused.move_to_end(channel)
        while len(self._refused) > self.limit:
            self._refused.popitem(last=False)

    def posted(self, channel: str) -> None:
        """A post or an edit in `channel` went through: the bot is in it now."""
        self._refused.pop(channel, None)

    def outside(self, channel: str) -> bool:
        """Whether Slack's last word on `channel` was that the bot is not a member."""
        return channel in self._refused
