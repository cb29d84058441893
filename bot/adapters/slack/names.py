"""People named as Slack shows them, learnt in the background at a pace Slack allows.

Slack's payloads name people by their legacy username (`user_name`, `user.name`), which
Slack deprecated in 2017 for display names: a voter list of handles names people as no one
in the workspace knows them. The name Slack shows comes from `users.info`, one call a
person. No answer waits for it (a vote is acknowledged in milliseconds), and a poll's
burst of first-time voters must not spend the method's rate limit (tier 4, about 100 calls
a minute for the app in a workspace), which the admin checks share: run all at once,
those lookups would meet 429s and an admin's /close, waiting behind them, could be refused.
So the people to name queue up here after their request is answered, and are looked up
one at a time, `NAME_PACE` seconds apart, leaving most of the limit to admin checks; each
name learnt is recorded (`record`) where the person's polls and votes list them.

A person is looked up again after `NAME_TTL` (context.py). The queue is this process's
own and holds at most `MAX_WANTED` people: someone left out is queued at their next
request. Stopping drops the queue; nothing in it is owed to anyone.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.adapters.slack.context import SlackPeople
from bot.core.outages import Outage

log = logging.getLogger(__name__)

#: Seconds between two name lookups of one instance: 60 a minute at most, within the
#: method's limit with room for admin checks (and for a second instance).
NAME_PACE = 1.0
#: People waiting for a lookup, at most (a few hundred bytes each).
MAX_WANTED = 10_000

#: Records a name learnt: (workspace, user id, name).
Record = Callable[[str, str, str], Awaitable[None]]


class Names:
    """The queue of people whose name Slack shows is not yet known, or due again."""

    def __init__(self, people: SlackPeople, record: Record, *, pace: float = NAME_PACE) -> None:
        self.people = people
        self.record = record
        self.pace = pace
        self._wanted: dict[tuple[str, str], None] = {}  # insertion-ordered: first come first
        self._worker: asyncio.Task[None] | None = None
        #: A database away fails every name recorded: logged once, as other loops do.
        self._outage = Outage(log, "slack names: recording the names Slack shows")

    def want(self, team: str, user: str) -> None:
        """Queue the person if their name is due; costs no call now."""
        key = (team, user)
        if (
            not user
            or key in self._wanted
            or len(self._wanted) >= MAX_WANTED
            or not self.people.needs_name(team, user)
        ):
            return
        self._wanted[key] = None
        if self._worker is None or self._worker.done():
            self._worker = asyncio.ensure_future(self._learn_all())

    async def settled(self) -> None:
        """Return once every queued person has been looked up."""
        while self._worker is not None and not self._worker.done():
            await asyncio.shield(self._worker)

    async def stop(self) -> None:
        """Drop the queue and the lookup under way."""
        self._wanted.clear()
        if self._worker is not None:
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)
            self._worker = None

    async def _learn_all(self) -> None:
        while self._wanted:
            team, user = next(iter(self._wanted))
            try:
                if self.people.needs_name(team, user):
                    await self._learn(team, user)
                    await asyncio.sleep(self.pace)
            finally:
                self._wanted.pop((team, user), None)

    async def _learn(self, team: str, user: str) -> None:
        """Look one person up and record the name. A failure ends only this person's turn
        (the queue goes on); they are queued again at a later request. It is logged once
        per outage (`Outage`): every request during a database outage queues its person,
        and a traceback for each buried the outage's own lines in the log."""
        try:
            name = await self.people.refresh_name(team, user)
            if name:
                await self.record(team, user, name)
        except Exception:
            self._outage.failed(f"at the next request of each person ({user} in {team} now)")
        else:
            self._outage.worked()
