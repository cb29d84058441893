"""Injectable time, so schedules, poll deadlines and tests never depend on sleeping."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """What the core asks of time: the current instant and a way to wait for a later one."""

    def now(self) -> float:
        """Seconds since the Unix epoch (UTC)."""
        ...

    def is_real(self) -> bool:
        """True when `now()` is wall-clock time, so the database clock can be trusted instead."""
        ...

    async def sleep_until(self, instant: float) -> None:
        """Return once `now()` has reached `instant` (or earlier if woken by `advance`)."""
        ...


def to_datetime(instant: float) -> datetime:
    """An epoch instant as an aware UTC datetime."""
    return datetime.fromtimestamp(instant, tz=UTC)


class SystemClock:
    """Wall-clock time."""

    def now(self) -> float:
        return time.time()

    def is_real(self) -> bool:
        return True

    async def sleep_until(self, instant: float) -> None:
        delay = instant - time.time()
        if delay > 0:
            await asyncio.sleep(delay)


class ManualClock:
    """A clock that only moves when told to: tests and the console's `:tick` drive it.

    Sleepers are woken whenever time advances, so a scheduler waiting on this clock reacts
    to `advance()` at once instead of after real seconds.
    """

    def __init__(self, start: float) -> None:
        self._now = start
        self._moved = asyncio.Event()

    def now(self) -> float:
        return self._now

    def is_real(self) -> bool:
        return False

    def advance(self, seconds: float) -> None:
        """Move time forward and wake everything sleeping on this clock."""
        if seconds < 0:
            raise ValueError("a clock never runs backwards here; use set() for jumps")
        self.set(self._now + seconds)

    def set(self, instant: float) -> None:
        """Jump to `instant` (either direction, to simulate clock jumps)."""
        self._now = instant
        moved, self._moved = self._moved, asyncio.Event()
        moved.set()

    async def sleep_until(self, instant: float) -> None:
        while self._now < instant:
            await self._moved.wait()


class OffsetClock:
    """Wall-clock time plus an offset that only grows: the console's clock.

    `:tick 1d` calls `advance`, which moves every reader of this clock a day ahead at once
    and wakes its sleepers, so a newcomer can watch a daily post without waiting a day.
    Until advanced it is real time, so the database clock may be trusted instead.
    """

    def __init__(self) -> None:
        self._offset = 0.0
        self._moved = asyncio.Event()

    def now(self) -> float:
        return time.time() + self._offset

    def is_real(self) -> bool:
        return self._offset == 0.0

    def advance(self, seconds: float) -> None:
        """Jump forward and wake everything sleeping on this clock."""
        if seconds < 0:
            raise ValueError("the console's clock only moves forward")
        self._offset += seconds
        moved, self._moved = self._moved, asyncio.Event()
        moved.set()

    async def sleep_until(self, instant: float) -> None:
        while (delay := instant - self.now()) > 0:
            moved = self._moved
            try:
                async with asyncio.timeout(delay):
                    await moved.wait()
            except TimeoutError:
                pass


class AdvanceableClock(Clock, Protocol):
    """A clock that can be moved forward by hand (ManualClock in tests, the console's)."""

    def advance(self, seconds: float) -> None: ...


class Timed(Protocol):
    """A background loop that acts at instants of the clock: the daily scheduler, the poll
    deadline sweeper. What `fast_forward` needs to let time pass for it."""

    @property
    def next_due(self) -> float | None:
        """The next instant it has work (None: nothing scheduled)."""
        ...

    def wake(self) -> None:
        """Act now on what is due, without waiting for its own wake-up."""
        ...

    async def wait_idle(self) -> None:
        """Return once it has done everything due at the clock's current time."""
        ...


async def fast_forward(
    clock: AdvanceableClock,
    loops: Sequence[Timed],
    seconds: float,
    settle: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Move `clock` forward by `seconds` as if the time really passed: stop at every instant
    one of `loops` has work, in time order, and let it act, so `:tick 1d` posts that day's
    takeaway and closes the polls whose deadline it passes, in the order they fall due,
    instead of looking like a bot that was down all day (which would post nothing past the
    grace). `settle` waits for everything to be idle at each stop (by default the loops
    themselves; the console's also waits for the live edits their work set going).

    The console's clock runs on in real time between two readings, and the loops plan on
    the database's clock while it is real, so the clock can land a hair short of an instant
    and then pass it while a loop sleeps. An instant already passed is not skipped: its loop
    is woken to act on it first (once per instant, so a loop that keeps it does not hold
    the clock)."""
    target = clock.now() + seconds
    woken: set[tuple[int, float]] = set()
    idle = settle or (lambda: wait_all_idle(loops))
    await idle()
    while clock.now() < target:
        passed = [
            (index, due)
            for index, loop in enumerate(loops)
            if (due := loop.next_due) is not None
            and due <= clock.now()
            and (index, due) not in woken
        ]
        if passed:
            woken.update(passed)
            for index, _ in passed:
                loops[index].wake()
            await idle()
            continue
        now = clock.now()
        upcoming = [d for loop in loops if (d := loop.next_due) is not None and now < d < target]
        clock.advance(min(upcoming, default=target) - now)
        await idle()


async def wait_all_idle(loops: Sequence[Timed]) -> None:
    """Return once each loop in turn is idle."""
    for loop in loops:
        await loop.wait_idle()
