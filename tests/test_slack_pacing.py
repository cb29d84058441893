"""The pacer that spreads a burst of `response_url` answers over turns of the event loop."""

from __future__ import annotations

import asyncio

from bot.adapters.slack.pacing import Pacer


async def released_per_turn(pacer: Pacer, waiters: int) -> tuple[list[int], list[int]]:
    """Start `waiters` waiting at once; how many got through at each later turn, and in
    which order."""
    order: list[int] = []

    async def wait(number: int) -> None:
        await pacer.turn()
        order.append(number)

    tasks = [asyncio.ensure_future(wait(n)) for n in range(waiters)]
    await asyncio.sleep(0)  # every waiter is queued
    counts: list[int] = []
    while len(order) < waiters:
        before = len(order)
        await asyncio.sleep(0)
        counts.append(len(order) - before)
    await asyncio.gather(*tasks)
    return counts, order


async def test_a_burst_goes_through_in_order_a_share_per_turn() -> None:
    counts, order = await released_per_turn(Pacer(share=4), 10)
    assert order == list(range(10))
    assert max(counts) <= 2  # 10 // 4 at first, then fewer: never the whole burst at once
    assert len([c for c in counts if c]) >= 7


async def test_a_long_backlog_drains_faster_than_one_a_turn() -> None:
    """However many wait, a turn lets a share through: the backlog cannot grow unbounded."""
    counts, order = await released_per_turn(Pacer(share=8), 400)
    assert order == list(range(400))
    assert max(counts) >= 400 // 8 - 1
    assert len([c for c in counts if c]) < 400 // 2


async def test_a_cancelled_waiter_does_not_hold_up_the_rest() -> None:
    pacer = Pacer(share=64)
    first = asyncio.ensure_future(pacer.turn())
    second = asyncio.ensure_future(pacer.turn())
    await asyncio.sleep(0)
    first.cancel()
    await asyncio.wait_for(second, timeout=1)
    assert second.done() and not second.cancelled()
