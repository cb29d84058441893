"""The grammar end to end in the console, on the real command declarations: quotes inside
/ask's question."""

from __future__ import annotations

import io

from bot.adapters.console import ConsoleAdapter
from bot.app import BotApp
from bot.core.registry import Command
from tests.test_grammar import ASK


async def converse(app: BotApp, script: str) -> str:
    out = io.StringIO()
    assert await ConsoleAdapter(app, io.StringIO(script), out).run() == 0
    return out.getvalue()


def _grammar_view(command: Command | None) -> list[tuple[object, ...]]:
    """What the grammar reads of a declaration: descriptions and examples aside."""
    assert command is not None
    return [
        (o.name, o.type, o.choices, o.ends_at, o.min_value, o.max_value) for o in command.options
    ]


def test_the_grammar_tests_declare_ask_and_poll_as_the_bot_does(app: BotApp) -> None:
    assert _grammar_view(app.registry.get("ask")) == _grammar_view(ASK)


async def test_a_question_with_quoted_words_is_answered(app: BotApp) -> None:
    output = await converse(
        app,
        '/ask what does gin mean by "does it matter"?\n'
        '/ask "quoted question" about chips\n'
        '/ask what does \\"Baker\\" say about chips\n',
    )
    assert "Too many words" not in output
    assert 'on “what does gin mean by "does it matter"?”' in output  # read with its quotes
    assert 'on “what does "Baker" say about chips”' in output
