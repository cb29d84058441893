"""Deadline announcements waiting in the database to be posted: each first attempt, and
those the platform refused for a passing reason, to be tried again.

A close at a deadline (or round 2 opened) writes its announcement's first attempt in the
close's own transaction (`PollStore.close_due`): held in the memory of the sweeper that
closed the poll, it was lost when that process stopped before posting (a crash, SIGKILL, a
deploy), the poll closed with its result never said and nobody told. A refusal that is not
tried again loses the announcement too: a timed poll whose one post met Slack's
`internal_error`, or a rate limit that outlasted the client's retries, closed in silence. A
refusal says nothing was posted, so trying again keeps posts at most once; an unknown
outcome (the post may exist) and a refusal retrying cannot help (`DeliveryError.permanent`)
are never tried again. Retries wait `POST_BACKOFF`, as daily posts do, on the service's
clock (the database's, unless one is injected).

They wait in the database (`poll_announcement_retries`), not in the sweeping process: in
memory, a restart or a deploy in their half hour, or with several instances the stop of the
one that swept, lost the announcement silently. Any running sweeper of the poll's platform
takes one once it is due, by deleting its row (`due`): one DELETE wins across instances, so
each attempt is made at most once. A process that stops between taking an attempt and
posting it loses that attempt, as it would any post not yet made, never sends it twice.

An announcement given up for a refusal (not an unknown outcome) is told to the poll's
creator in a DM instead (`unannounced_notice`), as a paused daily schedule is told to the
admin who set it: with the bot removed from the channel, its result stayed unsaid and its
message stopped moving, and nobody learnt why. Not for a refusal nobody in the channel can
fix (the bot's access to the workspace, a message built wrong: the operator's log says
those), nor from a server that removed the bot.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.core.outages import retried
from bot.core.outbound import POST_BACKOFF, DeliveryError, Linked
from bot.core.replies import Reply
from bot.core.sanitize import no_code_marks
from bot.polls.model import Poll
from bot.polls.store import marks
from bot.storage.database import Database

log = logging.getLogger(__name__)


class Announcement(StrEnum):
    """What a deadline announces; stored as is (`poll_announcement_retries.kind`)."""

    CLOSED = "closed"
    ROUND_TWO = "round_two"


@dataclass(frozen=True, order=True)
class Retry:
    """Attempt `number` (1: the sweep's own) at poll `poll_id`'s announcement of `kind`."""

    poll_id: int
    kind: Announcement
    number: int = 1


class AnnouncementRetries:
    """The announcements waiting in the database (first attempts and refused ones), for
    every instance's sweeper."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def refused(self, attempt: Retry, error: DeliveryError, at: float | None) -> bool:
        """Keep a refused `attempt` for a retry, if one may help and is left; True if so.
        `at` is when it was refused (None: the database's clock). Stored with `retried`:
        it is the only record of the announcement, and storing it twice stores one row."""
        if error.unknown or error.permanent or attempt.number > len(POST_BACKOFF):
            return False
        wait = POST_BACKOFF[attempt.number - 1]
        await retried(
            lambda: self._db.execute(
                "INSERT INTO poll_announcement_retries (poll_id, kind, attempt, due_at) "
                f"VALUES (?, ?, ?, COALESCE(?, {self._db.now_sql}) + ?) "
                "ON CONFLICT (poll_id, kind) DO NOTHING",
                attempt.poll_id,
                attempt.kind.value,
                attempt.number + 1,
                at,
                wait,
            ),
            log,
            f"poll {attempt.poll_id}: keeping its refused announcement for a retry",
        )
        return True

    async def due(self, at: float | None, platforms: Sequence[str]) -> list[Retry]:
        """Take the attempts at announcements of polls of `platforms` due at `at` (None: the
        database's clock): each is deleted as it is returned, so only one caller ever gets
        it. The longest waiting first; at one instant, rounds opened before polls closed,
        in the order a sweep makes those changes."""
        if not platforms:
            return []
        rows = await self._db.fetchall(  # one statement: atomic on its own
            "DELETE FROM poll_announcement_retries "
            f"WHERE due_at <= COALESCE(?, {self._db.now_sql}) AND poll_id IN "
            f"(SELECT id FROM polls WHERE platform IN ({marks(len(platforms))})) "
            "RETURNING poll_id, kind, attempt, due_at",
            at,
            *platforms,
        )
        taken = sorted(
            (float(due), kind != Announcement.ROUND_TWO, int(poll), Announcement(kind), int(n))
            for poll, kind, n, due in rows
        )
        return [Retry(poll, kind, n) for _, _, poll, kind, n in taken]

    async def next_due(self, platforms: Sequence[str]) -> float | None:
        """When the earliest retry of a poll of `platforms` falls due (None: none waits)."""
        if not platforms:
            return None
        found = await self._db.fetchval(
            "SELECT MIN(r.due_at) FROM poll_announcement_retries r JOIN polls p "
            f"ON p.id = r.poll_id WHERE p.platform IN ({marks(len(platforms))})",
            *platforms,
        )
        return float(found) if found is not None else None


def tells_creator(error: DeliveryError) -> bool:
    """Whether an announcement given up for `error` is told to the poll's creator."""
    return not (error.unknown or error.access or error.malformed)


def unannounced_notice(poll: Poll, announcement: Reply, error: DeliveryError) -> Linked:
    """The DM to a poll's creator when its deadline announcement could not go out: where,
    the platform's refusal, what to do there (the adapter's hint, written for a channel),
    and the announcement itself, so its result still reaches someone. The announcement is
    quoted with its backticks as look-alikes (`no_code_marks`): one in the question and one
    in the winner's label paired on Slack, the words between shown as code."""
    told: Linked = (
        f"Poll #{poll.id} reached its deadline, and I could not say so in ",
        poll.channel,
        f" ({error}). ",
    )
    if error.hint:
        told += ("What to do in ", poll.channel, f": {error.hint} ")
    return (
        *told,
        f"What I would have posted there:\n{no_code_marks(announcement.fallback())}\n"
        "You get this because you started the poll.",
    )
