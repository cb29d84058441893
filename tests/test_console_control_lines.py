"""Whatever is typed after a console control (`:tick`, `:as`, `:in`, `:admin`, `:click`),
the console answers in one short line and runs on: a control that raised ended the console
with a traceback, and a refusal that quoted a pasted page back printed the page."""

from __future__ import annotations

import asyncio
import io
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.adapters.console import MAX_CHANNEL, MAX_TICK, ConsoleAdapter, typed_channel
from bot.adapters.terminal_render import local_time
from bot.clock import ManualClock
from bot.core.durations import format_duration, parse_duration
from bot.core.errors import UserError
from bot.core.replies import When
from bot.core.sanitize import is_blank, strip_controls
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
        shown = local_time(When(now))
        assert out == f"(clock moved {format_duration(int(moved))} on: now {shown})\n"
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
@example(control=":in", value="0" * 500)  # taken as a channel, printed back whole
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
            f"Usage: :in <channel>, e.g. :in random (one word of at most {MAX_CHANNEL} "
            "characters, not “"
        )
    out, _ = await printed_after(f":in #{'x' * MAX_CHANNEL}")
    assert out == f"(now in #{'x' * MAX_CHANNEL})\n"


@given(user=st.text(st.characters(codec="utf-8"), max_size=12))
@example(user="\u0301")  # "(you are now ́)": a name shown as an accent on nothing
@example(user="\u0e31bob")  # a Thai vowel sign (Mn, combining class 0) leading
@example(user="\u115f")  # "(you are now ᅟ)": a Hangul filler (Lo, printable) shows nothing
@example(user="\u3164\uffa0")
@settings(max_examples=40)
def test_a_user_switched_to_shows_and_is_never_led_by_a_combining_mark(user: str) -> None:
    out, _ = asyncio.run(printed_after(f":as {user}"))
    if out.startswith("(you are now "):
        name = out.removeprefix("(you are now ").removesuffix(")\n")
        assert name and not unicodedata.category(name[0]).startswith("M"), out
        assert not is_blank(name), out
    else:
        assert out.startswith(("A user is one word", "Usage: :as")), out


async def test_a_user_refused_is_quoted_back_short() -> None:
    """`:as` with a pasted paragraph printed the whole paragraph back in its refusal."""
    out, _ = await printed_after(":as " + "bob smith " * 500)
    assert out.startswith("A user is one word of printable characters, such as bob, not “bob")
    assert out.endswith("…”.\n") and len(out) <= SHORT


#: Channel names as people type them after `:in`: a word, with a `#` or spaces around it,
#: two words, invisible or control characters, anything at all.
CHANNELS = st.one_of(
    st.tuples(
        st.sampled_from(["", "#", "# ", " #", "##"]),
        st.text(st.characters(codec="utf-8"), max_size=90),
        st.sampled_from(["", " ", "\t", " x"]),
    ).map("".join),
    TYPED,
)


@given(typed=CHANNELS)
@example(typed="# general")  # switched to " general"
@example(typed="dev ops")
@example(typed="dev\u3000ops")  # an input method's space
@example(typed="\u200b")  # shows nothing
@example(typed="gen\x1beral")
@example(typed="#" * 3)
@example(typed="a" * 81)
@example(typed="\u0301")  # an accent alone, shown on the `#` before it
@example(typed="#\u0903x")  # a spacing mark (Mc) leading
def test_a_channel_is_one_printable_word_without_its_hash(typed: str) -> None:
    """`:in # general` switched to " general", and `:in` took any text as a channel's name:
    now what Slack and Discord would take as one, or "" (nothing typed), or None."""
    channel = typed_channel(typed)
    named = typed.strip().removeprefix("#").strip()
    if channel:
        assert channel == named and len(channel) <= MAX_CHANNEL
        assert channel.isprintable() and channel == "".join(channel.split())
        assert "#" not in channel and not is_blank(channel)
        assert not unicodedata.category(channel[0]).startswith("M"), "a mark leads"
    else:
        assert (channel == "") is (named == "")


async def test_in_switches_to_the_channel_named_or_says_how_to_name_one() -> None:
    out, _ = await printed_after(":in # general")
    assert out == "(now in #general)\n"
    out, _ = await printed_after(":in dev ops")
    assert out == (
        "Usage: :in <channel>, e.g. :in random (one word of at most 80 characters, not “dev ops”)\n"
    )
    out, _ = await printed_after(":in #")
    assert out == "Usage: :in <channel>, e.g. :in random\n"
    out, _ = await printed_after(":in \u0301")  # an accent alone: "(now in #́)"
    assert out == (
        "Usage: :in <channel>, e.g. :in random (one word of at most 80 characters, not “\u0301”)\n"
    )
