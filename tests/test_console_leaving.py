"""Leaving the console with the words other programs leave with.

A newcomer typing `exit` or `quit` (a shell's words) was told "Commands start with /",
and `:q` or `:exit` (vim's, and the shell's as a control) "Unknown console command":
nothing said how to leave. As controls they now leave, as `:quit` does; typed bare, a
word that may be meant as text, they are answered with the control to type."""

from __future__ import annotations

import asyncio
import io
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters.console import LEAVE_WORDS, ConsoleAdapter
from tests.helpers import make_app
from tests.test_console_typed_lines import widened

HINT = "To leave, type :quit (or press Ctrl-D)."


async def console_output(script: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        app = await make_app(Path(folder))
        try:
            out = io.StringIO()
            assert await ConsoleAdapter(app, stdin=io.StringIO(script), stdout=out).run() == 0
        finally:
            await app.close()
    return out.getvalue()


@given(
    word=st.sampled_from(sorted(LEAVE_WORDS)),
    upper=st.lists(st.booleans(), min_size=4, max_size=4),
    pad=st.sampled_from(["", " ", "\t", "\u3000"]),
    wide=st.booleans(),
)
@settings(max_examples=25)
def test_a_leaving_word_bare_is_answered_and_as_a_control_leaves(
    word: str, upper: list[bool], pad: str, wide: bool
) -> None:
    """In any case, padded or in full width: bare, the hint and the console goes on;
    after a colon, the console stops and reads no further line."""
    typed = "".join(c.upper() if up else c for c, up in zip(word, upper, strict=False))
    typed = widened(typed, [wide] * len(typed))  # `ｅｘｉｔ`: an input method on
    out = asyncio.run(console_output(f"{pad}{typed}{pad}\n{pad}:{typed}\n/takeaway 1\n"))
    assert out == HINT + "\n", "the hint, then nothing after the control"


def test_a_leaving_word_with_more_after_it_is_not_read_as_leaving() -> None:
    """`exit poll` is no request to leave: the usual hint, and the console goes on."""
    out = asyncio.run(console_output("exit poll\n/takeaway 1\n"))
    assert HINT not in out and "Commands start with /" in out and "== Takeaway 1/5" in out
