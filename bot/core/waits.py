"""Waiting on whichever of several things happens first (a deadline, a wake-up, a stop)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from bot.clock import Clock


async def first_of(*waits: Coroutine[Any, Any, Any]) -> None:
    """Wait until the first of several coroutines finishes; cancel the rest.

    Background services sleep this way so a stop or a wake-up never waits out a sleep."""
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class LoopIdle:
    """Whether a background loop that sleeps on the clock (the daily scheduler, the poll
    deadline sweeper) has done everything due now, so tests and the console's `:tick` wait
    for that instead of sleeping and hoping; `fast_forward` moves the clock only then."""

    def __init__(self, clock: Clock, woken: asyncio.Event, name: str, timeout: float) -> None:
        self._clock = clock
        self._woken = woken  # set while the loop has been told to act before its instant
        self._name = name
        self._timeout = timeout
        self._asleep_until: float | None = None
        self._changed = asyncio.Event()

    def working(self) -> None:
        """The loop is acting (or has stopped): not idle."""
        self._asleep_until = None
        self._notify()

    def asleep_until(self, instant: float) -> None:
        """The loop sleeps until `instant`: idle while the clock is short of it."""
        self._asleep_until = instant
        self._notify()

    def idle(self) -> bool:
        asleep = self._asleep_until
        return asleep is not None and not self._woken.is_set() and self._clock.now() < asleep

    async def wait(self, task: asyncio.Task[None] | None) -> None:
        """Return once the loop run by `task` is idle (at once if it is not running); a
        TimeoutError after the timeout's real seconds means it is stuck."""
        async with asyncio.timeout(self._timeout):
            while task is not None and not self.idle():
                if task.done():
                    raise RuntimeError(f"the {self._name} loop has stopped") from (
                        task.exception() if not task.cancelled() else None
                    )
                await self._changed.wait()

    def _notify(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()
