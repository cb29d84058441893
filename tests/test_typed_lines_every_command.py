"""Any line typed after any command, markup of both platforms, look-alike and invisible
characters included, is answered or refused: never a failure, never a ping.

Slack and the console hand the dispatcher a command's text as typed (`run_text`). The
property draws that text from the pieces people paste (Slack's `<@U…|name>`, `<#C…>`,
`<!subteam^…>`, Discord's `<@…>`, `<#…>`, `<@&…>`, broadcasts, full-width forms, zero-width
and bidi characters, separators, numbers, durations, times), runs every command on a bot
with an open poll, and reads every string each platform would be sent."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.app import BotApp
from bot.clock import ManualClock
from bot.core.context import Context
from bot.core.dispatch import FAILURE
from tests.conftest import START
from tests.helpers import make_app
from tests.test_reply_mentions import LIVE_MENTION, RENDERERS

COMMANDS = ("baker", "gin", "debate", "ask", "topics", "takeaway", "poll", "vote", "results")
COMMANDS += ("close", "daily", "help")
PIECES = st.sampled_from(
    [
        *(
            "<@U0ALICE|ann>",
            "<#C0GENERAL|general>",
            "<#C1>",
            "<!subteam^S1|@team>",
            "<!subteam^S1>",
        ),
        *("<@123456>", "<@!123456>", "<@&123456>", "<#123456>", "<!here>", "<!channel|channel>"),
        *("@everyone", "@here", "@channel", "＠everyone", "@\u200beveryone", "@\u202eeveryone"),
        *("everyone", "here", "<", ">", "@", "|", "｜", "/", ":", "：", '"', "“", "”", "'", "\\"),
        *(" ", "\u3000", "\u200b", "\u2066", "\u2069", "\u202e", "\u00a0", "\t", "?", "？"),
        *("1", "#1", "１", "2", "12", "99999999999999999999", "1h", "１ｈ", "2 hours", "30m"),
        *("09:00", "9am", "noon", "Europe/London", "UTC+2", "on", "off", "now", "status"),
        *("poll:", "option:", "question:", "options:", "duration:", "time:", "tz:", "n:"),
        *("true", "multi:true", "rounds:2", "Baker", "Gin", "chips", "tabs", "a", "é", "ß"),
        *("*", "_", "~", "`", "||", "<t:1700000000:R>", "<:tada:123>", "</poll:1>"),
    ]
)
TYPED = st.one_of(st.lists(PIECES, max_size=14).map("".join), st.text(max_size=30))


@pytest.fixture(scope="module")
def bot() -> Iterator[tuple[asyncio.AbstractEventLoop, BotApp]]:
    """One bot with an open poll for every draw: a bot per draw would spend the property's
    time starting bots."""
    loop = asyncio.new_event_loop()
    with tempfile.TemporaryDirectory() as folder:
        app = loop.run_until_complete(make_app(Path(folder), ManualClock(START)))
        loop.run_until_complete(app.dispatcher.run_text(context(app), "poll", ""))
        yield loop, app
        loop.run_until_complete(app.close())
    loop.close()


def context(app: BotApp, *, fields: bool = False) -> Context:
    """An admin in a channel, so /daily and /close read their options too; with `fields`,
    one on Discord, whose options come as fields of their own."""
    return Context(
        "console", "local", "general", "ann", "ann", True, app.clock, option_fields=fields
    )


@given(command=st.sampled_from(COMMANDS), text=TYPED, field=st.integers(-1, 6))
@example(command="poll", text="1", field=2)  # a timed poll: Slack shows its close as <!date^…>
@settings(max_examples=150)
def test_any_line_after_any_command_is_answered_without_failing_or_pinging(
    bot: tuple[asyncio.AbstractEventLoop, BotApp], command: str, text: str, field: int
) -> None:
    """`field` -1: the line typed (console, Slack); else the text in that option's field
    (Discord), the first option past the command's last."""
    loop, app = bot
    declared = app.dispatcher.registry.get(command)
    assert declared is not None
    options = declared.options
    if field < 0 or not options:
        run = app.dispatcher.run_text(context(app), command, text)
    else:
        name = options[min(field, len(options) - 1)].name
        run = app.dispatcher.run(context(app, fields=True), command, {name: text})
    reply = loop.run_until_complete(run)
    assert reply.text != FAILURE
    assert reply.text or reply.cards
    for platform, rendered in RENDERERS.items():
        live = [shown for shown in rendered(reply) if LIVE_MENTION.search(shown)]
        assert live == [], platform
