"""A refusal of a value says what to type: "`topic` needs a value.", a duration, a
true/false or a choice refused ended there, where a number refused showed the usage; now
every one ends with the command's usage line, its command marked (`Command.usage_line`)."""

from __future__ import annotations

import pytest

from bot.app import BotApp
from bot.core.context import Context
from bot.core.replies import Marked, Pasted

POLL_USAGE = (
    'Usage: /poll [question:"…"] [options:"A | B"] [duration:1h] [anonymous:true|false] '
    "[multi:true|false] [hide_results:true|false] [rounds:N]"
)
DAILY_USAGE = 'Usage: /daily [action:on|off|status|now] [time:"09:00"] [tz:"Europe/London"]'


def admin(app: BotApp) -> Context:
    """An admin at the console: no refusal for permissions. (Every command, option and
    platform: `tests/test_marked_commands.py`'s property.)"""
    return Context("console", "local", "general", "ann", "Ann", True, app.clock)


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
