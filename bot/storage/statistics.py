"""Keeping the planner's statistics current for tables the bot itself grows quickly.

A vote batch reads its voters' rows by their full primary key (`voter_id IN (...)` after the
poll's columns). With no statistics on the vote tables, PostgreSQL takes the default
selectivity for `platform = ?` (half a percent), so it seeks only the key's prefix and
filters every row of it: each batch then scanned all votes of the poll and every delivery
key of the platform, 10,000 of each at 10,000 votes (5.1 ms a batch against 0.26 ms once
analysed, EXPLAIN ANALYZE). Autovacuum fixes that only when it runs: a minute or more after
the growth, or never where it is switched off (as on the machine where this was measured).
So whoever writes the rows asks for fresh statistics as they grow, by autovacuum's own rule
(a base plus a tenth of what was there), counted in the rows this process wrote.

A tenth is not enough on its own. Statistics taken before a poll existed do not know it,
and its reads scan its votes until the next refresh (5,000 votes removed by filter, 1.3 ms
a batch, with statistics of an older poll of 20,000). After a million votes a tenth is
100,000. So the gap is capped at `MAX_GAP` rows. That cap balances two costs:

- A refresh of two tables of a million rows each takes ~0.25 s of PostgreSQL's time (one
  such table: 123–131 ms measured).
- A new poll's scans before a refresh add up to ~0.26 s over its first 10,000 votes, and
  grow with the square of the gap: ~6.5 s at 50,000 (estimated from 1.3 ms a batch of 50
  at 5,000 votes).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

#: Rows written before the first refresh, and the base of every later threshold.
BASE_ROWS = 500
#: Then, a refresh whenever the rows written since the last one reach BASE_ROWS plus this
#: share of those written before it (autovacuum's `analyze_scale_factor` default).
GROWTH = 0.1
#: And at least every this many rows, however many were written before.
MAX_GAP = 10_000


class GrowthStatistics:
    """Calls `refresh` in the background once enough rows were written since the last call.

    At most one refresh runs at a time; one that fails is logged and retried at the next
    threshold, never raised into the writes that counted the rows.
    """

    def __init__(self, refresh: Callable[[], Awaitable[None]]) -> None:
        self._refresh = refresh
        self._written = 0
        self._refreshed_at = 0  # rows written when the latest refresh began
        self._running: asyncio.Task[None] | None = None

    def wrote(self, rows: int) -> None:
        """Count rows just committed; start a refresh if they crossed the threshold."""
        self._written += rows
        due = self._refreshed_at + min(BASE_ROWS + GROWTH * self._refreshed_at, MAX_GAP)
        if self._written < due or (self._running is not None and not self._running.done()):
            return
        self._refreshed_at = self._written
        self._running = asyncio.create_task(self._run(), name="refresh-statistics")

    async def _run(self) -> None:
        try:
            await self._refresh()
        except Exception:
            log.exception("refreshing the planner's statistics failed; retried as rows grow")

    async def idle(self) -> None:
        """Return once no refresh is running (the service stopping waits for it)."""
        if self._running is not None:
            await self._running
