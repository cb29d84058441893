"""The database away for a moment: a loop's failures logged once per outage, and one-off
steps tried again instead of lost.

The loops retry on their own (the deadline sweeper every few seconds, live edits every
interval), so while the database is away the same traceback would fill the log at every
tick and bury whatever else happened. An outage is logged when it starts, with its
traceback, and when it ends, with how many tries failed; the tries between are DEBUG.

Some steps run once, and nothing would repair them later (`retried`): attaching a poll
message just posted, reading a deadline announcement before it is posted.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

#: Seconds between tries of a one-off step while the database is away (`retried`): the
#: last try comes about half a minute after the first.
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


async def retried(
    work: Callable[[], Awaitable[T]],
    logger: logging.Logger,
    what: str,
    delays: Sequence[float] = RETRY_DELAYS,
) -> T:
    """`work()`, tried again after each of `delays` while it fails. Only for work that is
    safe to repeat (idempotent writes, reads). Its first failure is logged, as `what`
    failing; the last is raised to the caller."""
    for attempt, delay in enumerate(delays):
        try:
            return await work()
        except Exception as error:
            if attempt == 0:
                logger.warning("%s failed (%r); retrying for %.0f s", what, error, sum(delays))
        await asyncio.sleep(delay)
    return await work()


class Outage:
    """Whether one loop's work (named by `what`, e.g. "sweeping poll deadlines") keeps
    failing."""

    def __init__(self, logger: logging.Logger, what: str) -> None:
        self._log = logger
        self._what = what
        #: Tries in a row that failed (0: working).
        self.failures = 0

    def failed(self, retry: str) -> None:
        """Call in the `except` block of a failed try; `retry` says when it is tried again
        (e.g. "in 5 s")."""
        self.failures += 1
        if self.failures == 1:
            self._log.exception("%s failed; retrying %s until it works", self._what, retry)
        else:
            self._log.debug("%s failed again (%d tries)", self._what, self.failures, exc_info=True)

    def worked(self) -> None:
        """Call after a try that succeeded: ends the outage, if there was one, in the log."""
        if self.failures:
            self._log.warning("%s works again after %d failed tries", self._what, self.failures)
            self.failures = 0
