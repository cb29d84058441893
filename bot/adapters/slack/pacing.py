"""Background work let through a share at a time, one share per turn of the event loop.

A group commit wakes every click of the batch at once: ~100 acknowledgements go out, and
then ~100 `response_url` answers would start together, holding the event loop for tens of
milliseconds in which no new request is read and the database waits for the next batch.
Let through a few per turn instead, the answers fill the turns in which the loop would
otherwise wait for that commit: at C=100 the serving process went from ~87% to ~97% busy,
and confirmations arrived as soon at the median, a little later at p99 (bench/README.md).

The share is a fraction of those waiting, never fewer than one, so however fast answers
come they are let through as fast, with a backlog of at most ~`SHARE` turns' worth.
"""

from __future__ import annotations

import asyncio
from collections import deque

#: Each turn lets through 1/SHARE of the waiting, at least one: a burst of ~100 answers
#: goes one per turn; a steady stream settles at a backlog of ~SHARE turns' worth.
SHARE = 64


class Pacer:
    """`await pacer.turn()` returns in order of arrival, a share of the waiting per turn."""

    def __init__(self, share: int = SHARE) -> None:
        self.share = share
        self._waiting: deque[asyncio.Future[None]] = deque()
        self._releasing: asyncio.Task[None] | None = None

    async def turn(self) -> None:
        future = asyncio.get_running_loop().create_future()
        self._waiting.append(future)
        if self._releasing is None or self._releasing.done():
            self._releasing = asyncio.ensure_future(self._release())
        await future

    async def _release(self) -> None:
        while self._waiting:
            for _ in range(max(1, len(self._waiting) // self.share)):
                future = self._waiting.popleft()
                if not future.done():  # a waiter cancelled meanwhile is skipped
                    future.set_result(None)
            await asyncio.sleep(0)  # the rest wait for the loop's next turn
