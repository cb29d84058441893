"""The console's own hints ("Type /help for commands", "try /help") offer `/help` marked,
as the core's replies mark every command they offer, and are printed as those are."""

from __future__ import annotations

import io

from bot.adapters.console import NEITHER, ConsoleAdapter
from bot.adapters.console_terminal import WELCOME
from bot.app import BotApp
from tests.test_console_commands import NarrowScreen, offered
from tests.test_marked_commands import unmarked


def test_the_consoles_hints_offer_help_marked(app: BotApp) -> None:
    """Written in the adapter as plain words, `/help` in them was the one command the
    console offered unmarked (`tests/test_marked_commands.py` reads the core's only)."""
    names = [command.name for command in app.registry]
    for hint in (NEITHER, WELCOME):
        assert offered(hint) == ["/help"]
        assert unmarked(hint, names) == []


async def test_a_line_that_is_no_command_is_answered_within_a_narrow_terminal(
    app: BotApp,
) -> None:
    """At 24 columns the hint ran past the edge in one line, unlike every refusal beside it,
    which the console wraps at the width (`ConsoleAdapter.say`)."""
    screen = NarrowScreen(24)
    assert await ConsoleAdapter(app, io.StringIO("hello\n"), screen=screen).run() == 0
    lines = "".join(screen.shown).splitlines()
    assert "Commands start with /" in lines
    assert "(try /help); console" in lines
    assert max(len(line) for line in lines) <= 24
