"""Deadline announcements the platform refused for a passing reason, waiting to be tried again.

The sweeper that closed a poll (or opened its round 2) is the only one that announces it
(`PollService._announce`), so a refusal it does not try again loses the announcement: a
timed poll whose one post met Slack's `internal_error`, or a rate limit that outlasted the
client's retries, closed in silence. A refusal says nothing was posted, so trying again keeps
posts at most once; an unknown outcome (the post may exist) and a refusal retrying cannot
help (`DeliveryError.permanent`) are never tried again. Retries wait `POST_BACKOFF`, as daily
posts do, on the service's clock; they live in the sweeping process only, so a stop forgets
them (logged), as it would any post not yet made.

An announcement given up for a refusal (not an unknown outcome) is told to the poll's
creator in a DM instead (`unannounced_notice`), as a paused daily schedule is told to the
admin who set it: with the bot removed from the channel, its result stayed unsaid and its
message stopped moving, and nobody learnt why. Not for a refusal nobody in the channel can
fix (the bot's access to the workspace, a message built wrong: the operator's log says
those), nor from a server that removed the bot.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from bot.core.outbound import POST_BACKOFF, DeliveryError, Linked
from bot.core.replies import Reply
from bot.polls.model import Poll

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Retry:
    """Attempt `number` (1: the first) at poll `poll_id`'s `announcement`, due at `due`. `still`
    says whether the poll still is as announced (round 2 open, closed): a round-2
    announcement is stale once the poll has closed."""

    due: float
    poll_id: int
    number: int
    announcement: Callable[[Poll], Awaitable[Reply]]
    still: Callable[[Poll], bool]


class AnnouncementRetries:
    """The refused announcements this sweeper tries again, by when they are due."""

    def __init__(self) -> None:
        self._waiting: list[Retry] = []

    def refused(self, attempt: Retry, error: DeliveryError, now: float) -> bool:
        """Remember a refused `attempt` for a retry, if one may help and is left; True if
        so. The attempt's own `due` is when it was made."""
        if error.unknown or error.permanent or attempt.number > len(POST_BACKOFF):
            return False
        due = now + POST_BACKOFF[attempt.number - 1]
        self._waiting.append(replace(attempt, due=due, number=attempt.number + 1))
        return True

    def due(self, now: float) -> list[Retry]:
        """The retries due at `now`, forgotten here (each is remembered again if refused)."""
        ready = [retry for retry in self._waiting if retry.due <= now]
        self._waiting = [retry for retry in self._waiting if retry.due > now]
        return ready

    def next_due(self) -> float | None:
        return min((retry.due for retry in self._waiting), default=None)

    def forget(self) -> None:
        """The sweeper stops: what still waits is not announced (at most once, never twice)."""
        for retry in self._waiting:
            log.warning("poll %d: its refused deadline announcement dropped at stop", retry.poll_id)
        self._waiting = []


def tells_creator(error: DeliveryError) -> bool:
    """Whether an announcement given up for `error` is told to the poll's creator."""
    return not (error.unknown or error.access or error.malformed)


def unannounced_notice(poll: Poll, announcement: Reply, error: DeliveryError) -> Linked:
    """The DM to a poll's creator when its deadline announcement could not go out: where,
    the platform's refusal, what to do there (the adapter's hint, written for a channel),
    and the announcement itself, so its result still reaches someone."""
    told: Linked = (
        f"Poll #{poll.id} reached its deadline, and I could not say so in ",
        poll.channel,
        f" ({error}). ",
    )
    if error.hint:
        told += ("What to do in ", poll.channel, f": {error.hint} ")
    return (
        *told,
        f"What I would have posted there:\n{announcement.fallback()}\n"
        "You get this because you started the poll.",
    )
