"""Waiting on whichever of several things happens first (a deadline, a wake-up, a stop)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any


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
