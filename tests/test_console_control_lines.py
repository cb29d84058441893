"""Whatever is typed after a console control (`:tick`, `:as`, `:in`, `:admin`, `:click`),
the console answers in one short line and runs on: a control that raised ended the console
with a traceback, and a refusal that quoted a pasted page back printed the page."""

from __future__ import annotations

import asyncio
import io
import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.adapters.console import MAX_CHANNEL, MAX_TICK, ConsoleAdapter
from bot.clock import ManualClock
from bot.core.durations import format_duration, parse_duration
from bot.core.errors import UserError
from bot.core.sanitize import strip_controls
from bot.daily.schedule import utc_text
from tests.conftest import START
from tests.helpers import make_app

#: Longest line a control prints: a refusal quotes at most `ECHO_LIMIT` of what was typed.
SHORT = 200
#: Durations as people type them, with numbers of every size up to the reader's 12 digits.
NUMBERS = st.integers(0, 10**12 - 1).map(str)
UNITS = st.sampled_from(["", "s", "m", "h", "d", "w", " hours", " days", " weeks", "ｗ"])
DURATIONS = st.lists(st.tuples(NUMBERS, UNITS).map("".join), min_size=1, max_size=3).map(" ".join)
#: What follows a control: durations, words, or anything at all, up to a pasted page.
TYPED = st.one_of(
    DURATIONS,
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=500, max_size=5000),
).map(lambda text: " ".join(text.splitlines()).strip())  # a line holds no line break


async def printed_after(line: str) -> tuple[str, float]:
    """What the console prints for `line`, typed first thing, and where its clock is then."""
    with tempfile.TemporaryDirectory() as folder:
        clock = ManualClock(START)
        app = await make_app(Path(folder), clock)
        try:
            out = io.StringIO()
            await ConsoleAdapter(app, io.StringIO(""), out).handle_line(line)
        finally:
            await app.close()
    return out.getvalue(), clock.now()


def expected_tick(value: str) -> float:
    """Seconds a `:tick value` moves the clock by: none when it is refused."""
    try:
        seconds = parse_duration(value) if value else 0
    except UserError:
        return 0
    return seconds if seconds <= MAX_TICK else 0


@given(value=TYPED)
@example(value="999999999999w")  # past the year 9999: the console ended on an OSError
@example(value="366d")
@example(value="367d")
@settings(max_examples=40)
def test_any_tick_moves_the_clock_within_a_year_or_is_refused_in_one_short_line(
    value: str,
) -> None:
    out, now = asyncio.run(printed_after(f":tick {value}"))
    assert out.endswith("\n") and out.count("\n") == 1 and len(out) <= SHORT
    moved = expected_tick(value)
    assert now == START + moved
    if moved:
        assert out == f"(clock moved {format_duration(int(moved))} on: now {utc_text(now)})\n"
    else:
        assert "clock moved" not in out


async def test_a_tick_past_a_year_is_refused_with_the_limit_and_the_clock_stays() -> None:
    out, now = await printed_after(":tick 999999999999w")
    assert out == "A :tick moves the clock at most 366d at once, not 999999999999w.\n"
    assert now == START


@given(control=st.sampled_from([":as", ":in", ":admin", ":click", ":nonsense"]), value=TYPED)
@example(control=":as", value="a " * 3000)  # the refusal quoted all 6,000 characters back
@example(control=":in", value="x" * 5000)  # taken as the channel's name, printed whole
@example(control=":in", value="a\x1b[31mred")  # printed raw: the terminal turned red
@example(control=":nonsense\x1b[2J", value="")  # the unknown name printed back raw
@settings(max_examples=60)
def test_any_word_after_a_control_is_answered_in_one_short_line(control: str, value: str) -> None:
    out, _ = asyncio.run(printed_after(f"{control} {value}"))
    assert out.endswith("\n") and out.count("\n") == 1
    assert len(out) <= SHORT or out.startswith("(you are now ")  # an id of up to 255
    assert strip_controls(out) == out


async def test_a_channel_that_is_no_word_is_refused_and_the_channel_stays() -> None:
    """`:in` took a pasted line as its channel's name, spaces and all, and any length."""
    for typed in ("two words", "x" * (MAX_CHANNEL + 1)):
        out, _ = await printed_after(f":in {typed}")
        assert out.startswith(
            f"A channel is one word of up to {MAX_CHANNEL} printable characters, such as "
            "random, not “"
        )
    out, _ = await printed_after(f":in #{'x' * MAX_CHANNEL}")
    assert out == f"(now in #{'x' * MAX_CHANNEL})\n"


async def test_a_user_refused_is_quoted_back_short() -> None:
    """`:as` with a pasted paragraph printed the whole paragraph back in its refusal."""
    out, _ = await printed_after(":as " + "bob smith " * 500)
    assert out.startswith("A user is one word of printable characters, such as bob, not “bob")
    assert out.endswith("…”.\n") and len(out) <= SHORT
