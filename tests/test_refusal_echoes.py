"""A refusal quotes at most `ECHO_LIMIT` characters of what was typed: bad input gets a
short explanation, however long the input. `/help command:<a pasted page>` and a long
word before a colon (`/poll <page>:x`) were quoted whole, a wall of text in the channel
(on Discord several messages)."""

from __future__ import annotations

import asyncio

from hypothesis import example, given
from hypothesis import strategies as st

from bot.adapters.discord.embeds import split_reply
from bot.app import BotApp
from bot.clock import ManualClock
from bot.commands.help import register_help
from bot.core.context import Context
from bot.core.dispatch import Dispatcher, convert_options
from bot.core.errors import UserError
from bot.core.grammar import parse_arguments
from bot.core.registry import Registry
from bot.core.replies import Reply
from bot.core.sanitize import ECHO_LIMIT
from tests.discord_fake import FakeDiscord
from tests.test_discord_e2e import message_of
from tests.test_grammar import POLL

#: The longest refusal these inputs may get: its fixed words (the command list, the
#: options and a hint) with room to spare, and the quoted part of the input.
MAX_REFUSAL = 300 + ECHO_LIMIT
LONG = "y" * 100_000


async def help_reply(typed: str) -> Reply:
    """`/help command:<typed>` through the dispatcher, as every platform runs it."""
    registry = Registry()
    register_help(registry)
    ctx = Context("console", "local", "general", "you", "you", False, ManualClock(0.0))
    return await Dispatcher(registry).run(ctx, "help", {"command": typed})


@given(st.text(min_size=1))
@example(LONG)
@example("/" + LONG)
@example("<@U1> " * 1000)
def test_help_for_no_such_command_quotes_little_of_it(typed: str) -> None:
    reply = asyncio.run(help_reply(typed))
    if reply.cards:  # a command's own name, as Hypothesis may draw one: its card
        return
    assert reply.ephemeral and len(reply.text) <= MAX_REFUSAL  # "There is no command /…"


@given(st.from_regex(r"[a-z_][a-z0-9_]{0,4000}", fullmatch=True))
@example("a" * 100_000)
def test_an_unknown_option_name_is_quoted_briefly(name: str) -> None:
    if POLL.option(name) is not None:
        return
    try:
        parse_arguments(POLL, f"{name}:x")
    except UserError as error:
        assert f"/poll has no option `{name[: ECHO_LIMIT - 1]}" in error.message
        assert len(error.message) <= MAX_REFUSAL
    else:
        raise AssertionError(f"{name}:x was read as a value")


async def test_help_with_a_page_pasted_is_one_short_answer_on_discord(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """Discord lets a text option hold 6,000 characters: quoted back whole, they took four
    ephemeral messages."""
    page = "y" * 6000
    answer = await fake.answer(await fake.command("help", {"command": page}))
    content = message_of(answer)["content"]
    assert content.startswith("There is no command “/yyy") and len(content) <= MAX_REFUSAL
    assert len(split_reply(await help_reply(page))) == 1  # what the adapter sends: one message


@given(st.text(min_size=1))
@example(LONG)
def test_an_unknown_command_or_raw_option_is_quoted_briefly(name: str) -> None:
    """The same for a command name no one registered (the console takes any) and an option
    name sent raw (`convert_options`, which platform adapters call)."""
    registry = Registry()
    register_help(registry)
    ctx = Context("console", "local", "general", "you", "you", False, ManualClock(0.0))
    unknown = asyncio.run(Dispatcher(registry).run_text(ctx, "nosuch" + name, ""))
    assert unknown.ephemeral and len(unknown.text) <= MAX_REFUSAL
    if POLL.option(name) is None:
        try:
            convert_options(POLL, {name: "x"})
        except UserError as error:
            assert len(error.message) <= MAX_REFUSAL
        else:
            raise AssertionError(f"{name!r} was taken for an option")
