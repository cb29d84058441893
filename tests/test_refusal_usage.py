"""A refusal of a value says what to type: "`topic` needs a value.", a duration, a
true/false or a choice refused ended there, where a number refused showed the usage; now
every one ends with the command's usage line, its command marked (`Command.usage_line`)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.app import BotApp
from bot.core.command_lines import how_to_type
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.replies import Marked, Pasted
from bot.core.sanitize import strip_controls
from tests.helpers import make_app

POLL_USAGE = (
    'Usage: /poll [question:"…"] [options:"A | B"] [duration:1h] [anonymous:true|false] '
    "[multi:true|false] [hide_results:true|false] [rounds:N]"
)
DAILY_USAGE = 'Usage: /daily [action:on|off|status|now] [time:"09:00"] [tz:"Europe/London"]'


@pytest.fixture
def walked(tmp_path: Path) -> Iterator[tuple[asyncio.AbstractEventLoop, BotApp]]:
    """One bot on its own event loop for every draw."""
    loop = asyncio.new_event_loop()
    app = loop.run_until_complete(make_app(tmp_path))
    try:
        yield loop, app
    finally:
        loop.run_until_complete(app.close())
        loop.close()


def admin(app: BotApp, *, fields: bool = False) -> Context:
    """An admin at the console, or on a platform of fields: no refusal for permissions."""
    ctx = Context("console", "local", "general", "ann", "Ann", True, app.clock)
    return replace(ctx, option_fields=fields)


@pytest.mark.parametrize(
    ("name", "text", "refusal"),
    [
        ("baker", 'topic:""', '`topic` needs a value. Usage: /baker [topic:"…"]'),
        ("debate", "topic:", '`topic` needs a value. Usage: /debate [topic:"…"]'),
        (
            "poll",
            'Q? "A | B" duration:xx',
            f"“xx” is not a duration: use forms like 30m, 2h, 1d or 1d12h. {POLL_USAGE}",
        ),
        (
            "poll",
            'Q? "A | B" anonymous:maybe',
            f"`anonymous` must be true or false, not “maybe”. {POLL_USAGE}",
        ),
        # a named value refused before a value the grammar would rewrite as a form
        (
            "poll",
            'Q? duration:1h 2 "A | B" tea',
            f"“1h 2” is not a duration: use forms like 30m, 2h, 1d or 1d12h. {POLL_USAGE}",
        ),
        ("daily", "bogus", f"`action` must be one of: on, off, status, now. {DAILY_USAGE}"),
    ],
)
async def test_a_refused_value_ends_with_the_usage_line(
    app: BotApp, name: str, text: str, refusal: str
) -> None:
    reply = await app.dispatcher.run_text(admin(app), name, text)
    assert reply.ephemeral and reply.text == refusal
    assert isinstance(reply.text, Marked)
    assert Pasted(f"/{name}") in reply.text.parts  # the command marked, as help marks it


@pytest.mark.parametrize(
    ("text", "stray"), [("status extra", "extra"), ("off now", "now"), ("now tz:UTC", "UTC")]
)
async def test_a_stray_word_after_a_daily_action_is_told_the_action_takes_nothing_more(
    app: BotApp, text: str, stray: str
) -> None:
    """`/daily status extra` was answered "`time` and `tz` go with /daily on", a lesson
    on settings for a word typed by mistake."""
    action = text.split()[0]
    reply = await app.dispatcher.run_text(admin(app), "daily", text)
    assert reply.text == (
        f"/daily {action} takes nothing more, not “{stray}”; `time` and `tz` go with /daily on. "
        f"{DAILY_USAGE}"
    )


#: Values people type into a field: empty, blank, words, numbers, durations, yes/no words.
VALUES = st.one_of(
    st.sampled_from(["", " ", "maybe", "xx", "1h 2", "-3", "99999", "0", "soon", "ｔｒｕｅ", "on"]),
    st.text(max_size=20),
)


#: The commands that take options, as the registry declares them.
NAMES = st.sampled_from(
    ["baker", "gin", "debate", "ask", "takeaway", "poll", "vote", "results", "close", "daily",
     "help"]
)  # fmt: skip


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=200)
@given(name=NAMES, index=st.integers(0, 9), value=VALUES, fields=st.booleans())
@example(name="baker", index=0, value="", fields=False)  # "`topic` needs a value."
@example(name="daily", index=0, value="sometimes", fields=True)  # a choice not among them
@example(name="poll", index=3, value="maybe", fields=False)  # a true/false
@example(name="poll", index=2, value="soon", fields=True)  # a duration
def test_every_refusal_of_a_value_ends_with_the_usage_line(
    walked: tuple[asyncio.AbstractEventLoop, BotApp],
    name: str,
    index: int,
    value: str,
    fields: bool,
) -> None:
    """Any command, any of its options, a value it refuses: the refusal ends with the usage
    line (a number's with an example after it, `how_to_type`), written as the platform
    takes it, the command marked; a command's own hint on polls may follow on a line of
    its own."""
    loop, app = walked
    command = app.registry.get(name)
    assert command is not None and command.options
    option = command.options[index % len(command.options)]
    try:
        option.convert(strip_controls(value))
    except UserError:
        pass
    else:
        return  # a value it takes: no refusal to read
    ctx = admin(app, fields=fields)
    reply = loop.run_until_complete(app.dispatcher.run(ctx, command.name, {option.name: value}))
    usage = command.usage_line(fields=fields)
    text = str(reply.text)
    endings = [str(how_to_type(command, fields=fields)), str(usage)]
    after = next((text.rpartition(ending)[2] for ending in endings if ending in text), None)
    assert after is not None, text
    assert after == "" or after.startswith("\n"), text  # nothing after it but a hint's line
    assert isinstance(reply.text, Marked) and usage.parts[1] in reply.text.parts
