"""A background loop's failures logged once per outage, not once per tick.

The loops retry on their own (the deadline sweeper every few seconds, live edits every
interval), so while the database is away the same traceback would fill the log at every
tick and bury whatever else happened. An outage is logged when it starts, with its
traceback, and when it ends, with how many tries failed; the tries between are DEBUG.
"""

from __future__ import annotations

import logging


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
