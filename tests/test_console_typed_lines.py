"""Console lines typed with a Japanese input method on: full-width names, ideographic spaces.

Such a keyboard types `／`, `ＢＡＫＥＲ` and the ideographic space (U+3000) unless switched
off; "/baker　chips" was once the unknown command "/baker　chips", and "／baker" no command.
"""

from __future__ import annotations

import asyncio
import io
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters.console import ConsoleAdapter, split_line
from bot.app import BotApp
from bot.clock import ManualClock
from bot.core.sanitize import ECHO_LIMIT, clip
from tests.helpers import make_app

FULL_WIDTH_OFFSET = 0xFEE0
#: What separates a command from its options as people type it, input method on or off.
SPACES = st.sampled_from([" ", "\u3000", "\t", " \u3000 "])


def widened(text: str, wide: list[bool]) -> str:
    """`text` with the characters `wide` marks typed in their full-width form."""
    return "".join(
        chr(ord(char) + FULL_WIDTH_OFFSET) if flag and "!" <= char <= "~" else char
        for char, flag in zip(text, wide, strict=True)
    )


@pytest.fixture
async def app(tmp_path: Path, clock: ManualClock) -> AsyncIterator[BotApp]:
    built = await make_app(tmp_path, clock)
    yield built
    await built.close()


async def printed(app: BotApp, line: str) -> str:
    out = io.StringIO()
    await ConsoleAdapter(app, io.StringIO(""), out).handle_line(line)
    return out.getvalue()


@pytest.mark.parametrize(
    "line", ["/ＢＡＫＥＲ chips", "／baker chips", "/baker\u3000chips", "／ｂａｋｅｒ\u3000chips"]
)
async def test_a_command_typed_with_an_input_method_on_is_the_command(
    app: BotApp, line: str
) -> None:
    expected = await printed(app, "/baker chips")
    assert expected.startswith("== Gavin Baker on “chips” ==")
    assert await printed(app, line) == expected


async def test_a_control_typed_with_an_input_method_on_is_the_control(app: BotApp) -> None:
    assert await printed(app, "：ａｓ\u3000bob") == "(you are now bob)\n"


@given(
    name=st.from_regex(r"[a-z][a-z0-9-]{0,31}", fullmatch=True),
    mark=st.sampled_from(["/", "／", ":", "："]),
    wide=st.lists(st.booleans(), min_size=32, max_size=32),
    space=SPACES,
    rest=st.text(min_size=1).map(str.strip).filter(bool),
)
def test_a_line_is_its_name_in_ascii_and_the_rest_as_typed(
    name: str, mark: str, wide: list[bool], space: str, rest: str
) -> None:
    typed = mark + widened(name, wide[: len(name)])
    expected_mark = "/" if mark in "/／" else ":"
    assert split_line(f"{typed}{space}{rest}") == (expected_mark + name, rest)
    assert split_line(typed) == (expected_mark + name, "")


@given(
    number=st.one_of(st.integers(0, 12), st.integers(10**18, 10**30)),
    wide=st.lists(st.booleans(), min_size=31, max_size=31),
)
@settings(max_examples=30)
def test_a_number_typed_alone_is_a_button_pressed_or_refused_as_one(
    number: int, wide: list[bool]
) -> None:
    """`0`, a number past the 64-bit ids or one in full width (`３`) got "Commands start
    with /", as if no number had been typed: every line of digits alone now presses its
    button or is told which numbers there are, quoted short."""
    typed = widened(str(number), wide[: len(str(number))])
    out = asyncio.run(_typed_after_a_poll(typed))
    assert "Commands start with /" not in out
    if 1 <= number <= BUTTONS:
        assert "Your vote on poll #1" in out or "is closed" in out
    else:
        assert f"No button {clip(typed, ECHO_LIMIT)}: pick 1-{BUTTONS}.\n" in out


#: The debate's poll shows its four options and "Close poll".
BUTTONS = 5


async def _typed_after_a_poll(line: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        app = await make_app(Path(folder))
        try:
            out = io.StringIO()
            console = ConsoleAdapter(app, io.StringIO(""), out)
            await console.handle_line("/poll")
            await console.handle_line(line)
        finally:
            await app.close()
    return out.getvalue().split("-- Open", 1)[1]
