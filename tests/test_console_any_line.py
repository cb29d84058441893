"""Whatever a person types at the console, any command and any Unicode (controls, bidi
overrides, combining marks, lone surrogates, ideographic spaces, pasted mentions), the
console answers and runs on: a typed line never reaches "Something went wrong" nor the
error log, which mean a fault of the bot's, not of what was typed."""

from __future__ import annotations

import asyncio
import io
import logging
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters.console import ConsoleAdapter
from bot.core.dispatch import FAILED
from tests.helpers import make_app

#: Every command of the bundled pack's bot and every console control, and lines that
#: are neither.
COMMANDS = "baker gin debate ask topics takeaway poll vote results close daily help"
WORDS = st.sampled_from(
    [f"/{name}" for name in COMMANDS.split()]
    + [":as", ":in", ":admin", ":click", ":tick", ":help", "", "/", ":"]
)
#: What people paste or mistype around options: the grammar's marks, options, values of
#: every kind the commands read, and characters that move, hide or join what is shown.
PIECES = st.sampled_from(
    [
        *"\"':|?\\`*_~-#",
        "<@1>",
        "<!here>",
        "<#C1|general>",
        "@everyone",
        "question:",
        "options:",
        "duration:",
        "time:",
        "tz:",
        "n:",
        "poll:",
        "option:",
        "topic:",
        "1h",
        "30m",
        "09:00",
        "9pm",
        "Europe/London",
        "PST",
        "Uhr",
        "true",
        "#1",
        "1",
        "０",
        "on",
        "off",
        "now",
        "status",
        "baker",
        "who is right",
        "1" * 25,
        " ",
        "\u3000",
        "\u202e",
        "\u0301",
        "\u200d",
        "\x1b",
        "\x00",
        "\ud800",
        "\r",
        "\t",
        "\u05d0",
        "\U0001f1eb\U0001f1f7",
        "ｂａｋｅｒ",
    ]
)
TYPED = st.lists(PIECES | st.text(max_size=6), max_size=12).map("".join)
LINES = st.lists(st.tuples(WORDS, st.sampled_from([" ", "", "\u3000"]), TYPED).map("".join))


class _Errors(logging.Handler):
    """The records of errors logged while lines are typed."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


async def _typed(lines: list[str]) -> tuple[str, list[str]]:
    """What the console prints for `lines`, typed one after another by one person in one
    channel (a poll made by one is voted on by the next), and the errors logged."""
    errors = _Errors()
    logging.getLogger().addHandler(errors)
    with tempfile.TemporaryDirectory() as folder:
        app = await make_app(Path(folder))
        try:
            out = io.StringIO()
            console = ConsoleAdapter(app, io.StringIO(""), out)
            for line in lines:
                await console.handle_line(line)
        finally:
            await app.close()
            logging.getLogger().removeHandler(errors)
    return out.getvalue(), errors.messages


@given(LINES)
@settings(max_examples=40)
def test_any_line_typed_is_answered_never_failed(lines: list[str]) -> None:
    printed, errors = asyncio.run(_typed(lines))
    assert FAILED not in printed
    assert errors == []
