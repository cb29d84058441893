"""`/help <command>`: usage, options with types and limits, and examples, from the registry."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace

from hypothesis import example as drawn
from hypothesis import given
from hypothesis import strategies as st

from bot.adapters.discord.embeds import split_reply
from bot.adapters.slack.blocks import render_message
from bot.adapters.terminal_render import render_reply
from bot.app import BotApp
from bot.commands.help import register_help
from bot.core.command_lines import written
from bot.core.context import Context
from bot.core.dispatch import Dispatcher, convert_options
from bot.core.grammar import parse_arguments
from bot.core.registry import Command, Registry
from tests.test_registry import COMMANDS, _echo
from tests.test_registry import _ctx as ctx_of_ann


def _ctx(app: BotApp) -> Context:
    return Context("console", "local", "general", "you", "you", False, app.clock)


async def _help(app: BotApp, text: str) -> str:
    return (await app.dispatcher.run_text(_ctx(app), "help", text)).fallback()


async def test_help_poll_shows_usage_every_option_and_two_examples(app: BotApp) -> None:
    shown = await _help(app, "poll")
    assert '/poll [question:"…"] [options:"A | B"] [duration:1h] [anonymous:true|false]' in shown
    assert "question (optional): text, up to 300 characters. Your question" in shown
    assert "duration (optional): duration such as 30m, 2h or 1d. Close" in shown
    assert "multi (optional): true or false. Let voters" in shown
    poll = app.registry.get("poll")
    assert poll is not None
    for example in poll.examples[:2]:
        assert example in shown
    assert poll.examples[2] not in shown


async def test_help_lists_integer_limits_and_accepts_a_leading_slash(app: BotApp) -> None:
    shown = await _help(app, "/vote")
    assert "poll (required): whole number, at least 1. The poll's number" in shown
    assert "<poll:N> <option:" in shown


async def test_help_for_an_unknown_command_lists_the_commands(app: BotApp) -> None:
    reply = await app.dispatcher.run_text(_ctx(app), "help", "pol")
    assert reply.ephemeral
    assert "There is no command “/pol”. Did you mean /poll? Commands: " in reply.fallback()
    assert "/poll" in reply.fallback()


async def test_help_overview_shows_the_name_value_form(app: BotApp) -> None:
    shown = await _help(app, "")
    assert '/poll [question:"…"] [options:"A | B"]' in shown


async def test_slack_manifest_usage_hints_show_the_name_value_form(app: BotApp) -> None:
    import yaml

    from bot.adapters.slack.manifest import render_manifest

    manifest = yaml.safe_load(render_manifest(app.registry, "https://bot.example", False))
    hints = {c["command"]: c.get("usage_hint") for c in manifest["features"]["slash_commands"]}
    assert hints["/poll"].startswith('[question:"…"] [options:"A | B"] [duration:1h]')
    assert hints["/help"] == '[command:"…"]'


async def test_every_example_help_and_refusals_show_is_taken_as_typed(app: BotApp) -> None:
    """`/help <command>` shows examples, and refusals of typed words end with one: each must
    be read by the grammar and pass every option's checks exactly as it is written."""
    for command in app.registry:
        for example in command.examples:
            name, _, rest = example.removeprefix("/").partition(" ")
            assert name == command.name, example
            convert_options(command, parse_arguments(command, rest))


async def test_help_for_a_command_shows_its_name_once_on_every_platform(app: BotApp) -> None:
    """`/help vote` printed "/vote" on a line above the card titled "/vote": the reply's
    text, which the console prints, Slack shows as a section and Discord as the message
    content, all above the card. The card's title alone names the command now."""
    reply = await app.dispatcher.run_text(_ctx(app), "help", "vote")
    console = render_reply(reply)
    assert console.splitlines()[:3] == ["(only you can see this)", "", "== /vote =="]
    slack = render_message(reply)
    assert [b["type"] for b in slack.blocks[:1]] == ["header"]
    assert slack.text.startswith("/vote\nVote in a poll")  # the notification names it once
    [discord] = split_reply(reply)
    assert discord.content is None and discord.embeds[0].title == "/vote"


async def test_a_refused_option_ends_with_a_line_as_the_platform_takes_it(app: BotApp) -> None:
    """`/vote needs option. Usage: /vote <poll:N> <option:"…">, e.g. /vote 3 1` is the typed
    grammar's; where options are fields (Discord, which itself insists on required ones and
    sends numbers as numbers), the same refusal names each field, values bare. (A number
    alone then says what can be voted in here: nothing.)"""
    fields = replace(_ctx(app), option_fields=True)
    typed = await app.dispatcher.run(_ctx(app), "vote", {"poll": 1})
    usage = '/vote needs `option`. Usage: /vote <poll:N> <option:"…">, e.g. /vote 3 1'
    assert typed.text == f"{usage}\nNo poll is open here."
    filled = await app.dispatcher.run(fields, "vote", {"poll": 1})
    assert filled.text == (
        "/vote needs `option`. Usage: /vote <poll:N> <option:…>, e.g. /vote poll:3 option:1"
        "\nNo poll is open here."
    )
    takeaway = await app.dispatcher.run(fields, "takeaway", {"n": "two"})
    assert takeaway.text.endswith("Usage: /takeaway [n:N], e.g. /takeaway n:2")


async def test_every_example_written_as_fields_fills_them_with_the_values_typed(
    app: BotApp,
) -> None:
    """Each example as Discord's help shows it names every option it sets, with the value
    the typed example gives it: read back (the grammar reads unquoted `name:value` too) it
    is the same command."""
    for command in app.registry:
        for example in command.examples:
            shown = written(command, example, fields=True)
            assert '"' not in shown, shown
            read = [
                convert_options(command, parse_arguments(command, line.partition(" ")[2]))
                for line in (example, shown)
            ]
            assert read[0] == read[1], (example, shown)


def _helping() -> Dispatcher:
    """The bot's command names (doing nothing), and the real /help."""
    registry = Registry()
    for name in COMMANDS:
        if name != "help":
            registry.add(Command(name, "a command", _echo))
    register_help(registry)
    return Dispatcher(registry)


#: ASCII as an input method left on types it (`ＰＯＬＬ`, `／`).
FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})
CASES: list[Callable[[str], str]] = [str, str.upper, str.title, lambda t: t.translate(FULL_WIDTH)]


@given(
    st.sampled_from(COMMANDS),
    st.sampled_from(CASES),
    st.sampled_from(["{}", "/{}", "`/{}`", "'{}'", "\u201c{}\u201d", "{}?", "/{} on", "{} please"]),
)
@drawn("poll", CASES[3], "{}")  # "There is no command /ＰＯＬＬ.", not even a "did you mean"
@drawn("daily", str, "{} on")
def test_help_shows_the_command_named_however_it_is_typed(
    name: str, case: Callable[[str], str], form: str
) -> None:
    """ "/help ＰＯＬＬ" (an input method left on), "/help `/vote`" (as the help shows it),
    "/help poll?" and "/help daily on" were each "There is no command …"."""
    reply = asyncio.run(_helping().run_text(ctx_of_ann(), "help", form.format(case(name))))
    assert [card.title for card in reply.cards] == [f"/{name}"]


@given(st.text(max_size=60))
@drawn("<!here>")
@drawn('"')
def test_help_answers_any_text_with_a_card_or_a_short_refusal(typed: str) -> None:
    reply = asyncio.run(_helping().run_text(ctx_of_ann(), "help", typed))
    assert reply.ephemeral
    if not reply.cards:
        assert len(reply.text) < 300
        assert "@here" not in reply.text and "<!" not in reply.text and "<@" not in reply.text
