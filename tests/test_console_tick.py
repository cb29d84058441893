"""`:tick` lets time pass as in real life: every poll deadline and daily post within the tick
happens in time order, announced and its poll message edited, before "clock moved" prints."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters.console import ConsoleAdapter
from bot.adapters.terminal_render import render_reply
from bot.app import BotApp
from bot.clock import ManualClock, fast_forward
from tests.conftest import START
from tests.helpers import make_app

TIMED = '/poll question:"Tabs or spaces?" options:Tabs | Spaces duration:1h\n'


async def tick_script(tmp_path: Path, script: str) -> tuple[str, BotApp]:
    """Run `script` in a console on a manual clock and return what it printed by the end of
    its last line, before the app is stopped (which would flush late work) and the app."""
    app = await make_app(tmp_path, clock=ManualClock(START), POLL_EDIT_INTERVAL="0.05")
    out = io.StringIO()
    console = ConsoleAdapter(app, stdin=io.StringIO(script), stdout=out)
    await app.start()
    assert await console.run() == 0
    return out.getvalue(), app


def last_edit_before(text: str, end: int, message_ref: str) -> str:
    """The text of the last edit of `message_ref` printed before `end`."""
    marker = f"message {message_ref} updated\n"
    start = text.rindex(marker, 0, end) + len(marker)
    return text[start:end]


async def test_a_deadline_within_a_tick_is_announced_and_shown_before_the_clock_moved(
    tmp_path: Path,
) -> None:
    text, app = await tick_script(tmp_path, f"{TIMED}:as bob\n2\n:tick 2h\n:quit\n")
    try:
        ticked = text.index("(clock moved 2h on: now 2026-03-02 11:00 UTC)")
        closed = text.index("Poll #1 “Tabs or spaces?” is closed. Winner: “Spaces”")
        assert closed < ticked
        final = render_reply(await app.polls.render(1))
        assert "Winner: “Spaces”" in final
        assert last_edit_before(text, ticked, "m1").startswith(final + "\n")
        assert text.index("message m1 updated", closed) < ticked
    finally:
        await app.close()


async def test_both_rounds_of_a_timed_two_round_poll_end_in_one_tick_in_order(
    tmp_path: Path,
) -> None:
    """Round 1 ends at 10:00 and round 2 at 11:00: a tick to noon shows round 2 opening,
    the message in round 2, then the close and the closed message, all before it returns."""
    text, app = await tick_script(tmp_path, "/poll rounds:2 duration:1h\n1\n:tick 3h\n:quit\n")
    try:
        ticked = text.index("(clock moved 3h on: now 2026-03-02 12:00 UTC)")
        opened = text.index("Round 2 (after) is open")
        closed = text.index("== Poll #1 is closed ==", opened)
        assert opened < text.index("message m1 updated", opened) < closed < ticked
        assert "Round 2 of 2 · after" in last_edit_before(text, closed, "m1")
        final = render_reply(await app.polls.render(1))
        assert last_edit_before(text, ticked, "m1").startswith(final + "\n")
    finally:
        await app.close()


async def test_a_daily_post_and_poll_deadlines_in_one_tick_happen_in_time_order(
    tmp_path: Path,
) -> None:
    """From 09:00: a poll closing at 09:15, the daily post at 09:30, a poll closing at
    10:00. The tick prints them in that order, each before "clock moved"."""
    script = (
        ":admin on\n/daily on time:09:30\n"
        '/poll question:"Later?" options:A | B duration:1h\n'
        '/poll question:"Sooner?" options:A | B duration:15m\n'
        ":tick 2h\n:quit\n"
    )
    text, app = await tick_script(tmp_path, script)
    try:
        ticked = text.index("(clock moved 2h on: now 2026-03-02 11:00 UTC)")
        sooner = text.index("Poll #2 “Sooner?” is closed.")
        post = text.index("== Takeaway 1/")
        later = text.index("Poll #1 “Later?” is closed.")
        assert sooner < post < later < ticked
    finally:
        await app.close()


class Deadlines:
    """Stands in for a timed loop in `fast_forward`: acts on each of its instants once the
    clock reaches it, recording when it acted."""

    def __init__(self, clock: ManualClock, name: str, instants: list[float]) -> None:
        self.clock = clock
        self.name = name
        self.pending = sorted(instants)
        self.acted: list[tuple[float, str]] = []

    @property
    def next_due(self) -> float | None:
        return self.pending[0] if self.pending else None

    def wake(self) -> None:
        """Nothing to do: `wait_idle` acts on whatever the clock has reached."""

    async def wait_idle(self) -> None:
        while self.pending and self.pending[0] <= self.clock.now():
            self.acted.append((self.clock.now(), self.name))
            self.pending.pop(0)


offsets = st.lists(st.integers(min_value=1, max_value=10 * 86400), max_size=6)


@given(daily=offsets, polls=offsets, tick=st.integers(min_value=1, max_value=10 * 86400))
@settings(max_examples=200)
def test_fast_forward_stops_at_every_instant_of_every_loop_in_time_order(
    daily: list[int], polls: list[int], tick: int
) -> None:
    """However the two loops' instants interleave, each one within the tick is acted on at
    that very instant (not later, as a jump to the end would), earliest first."""
    clock = ManualClock(START)
    loops = [Deadlines(clock, "daily", [START + s for s in daily])]
    loops.append(Deadlines(clock, "polls", [START + s for s in polls]))
    asyncio.run(fast_forward(clock, loops, tick))
    acted = sorted(loops[0].acted + loops[1].acted)
    due = sorted(
        (START + s, loop)
        for loop, instants in (("daily", daily), ("polls", polls))
        for s in instants
    )
    assert acted == [(at, loop) for at, loop in due if at <= START + tick]
    assert clock.now() == START + tick
