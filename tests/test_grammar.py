"""The typed-command grammar shared by the console and Slack."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.grammar import parse_arguments
from bot.core.registry import Choice, Command, Option, OptionType, OptionValue
from bot.core.replies import Reply


async def _noop(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
    return Reply(text=str(dict(options)))


POLL = Command(
    name="poll",
    description="poll",
    handler=_noop,
    options=(
        Option("question", "q"),
        Option("options", "o"),
        Option("duration", "d", OptionType.DURATION),
        Option("anonymous", "a", OptionType.BOOLEAN),
    ),
)
VOTE = Command(
    name="vote",
    description="vote",
    handler=_noop,
    options=(
        Option("poll", "p", OptionType.INTEGER, required=True),
        Option("option", "o", required=True),
    ),
)
DAILY = Command(
    name="daily",
    description="daily",
    handler=_noop,
    options=(
        Option("action", "a", choices=(Choice("on", "on"), Choice("off", "off"))),
        Option("time", "t"),
        Option("tz", "z"),
    ),
)


def test_positional_words_fill_options_in_order_and_last_text_takes_the_rest() -> None:
    assert parse_arguments(VOTE, "3 Both, in their domains") == {
        "poll": "3",
        "option": "Both, in their domains",
    }


def test_named_options_and_quotes() -> None:
    values = parse_arguments(
        POLL, 'question:"Tabs or spaces?" options:Tabs | Spaces | Both duration:1d anonymous:true'
    )
    assert values == {
        "question": "Tabs or spaces?",
        "options": "Tabs | Spaces | Both",
        "duration": "1d",
        "anonymous": "true",
    }


def test_positional_after_named_fills_next_free_option() -> None:
    assert parse_arguments(POLL, 'options:a | b "Who wins?"') == {
        "options": "a | b Who wins?",
    }
    assert parse_arguments(POLL, 'duration:2h "Who wins?" a | b') == {
        "duration": "2h",
        "question": "Who wins?",
        "options": "a | b",
    }


def test_curly_quotes_from_slack_clients_group_words() -> None:
    assert parse_arguments(POLL, "“Who is right?” a | b")["question"] == "Who is right?"


def test_unknown_name_prefix_is_just_a_word() -> None:
    assert parse_arguments(VOTE, "2 note: this")["option"] == "note: this"


def test_errors_are_user_errors() -> None:
    with pytest.raises(UserError, match="not closed"):
        parse_arguments(POLL, 'question:"open')
    with pytest.raises(UserError, match="given twice"):
        parse_arguments(POLL, "duration:1h duration:2h")
    takeaway = Command("takeaway", "t", _noop, options=(Option("n", "n", OptionType.INTEGER),))
    with pytest.raises(UserError, match="Too many words"):
        parse_arguments(takeaway, "2 3")


def test_choice_options_are_not_greedy() -> None:
    assert parse_arguments(DAILY, "on 09:30 America/New_York") == {
        "action": "on",
        "time": "09:30",
        "tz": "America/New_York",
    }


def test_empty_text_gives_no_values() -> None:
    assert parse_arguments(POLL, "   ") == {}


def test_unquoted_named_free_text_runs_on_to_the_next_name() -> None:
    """The form people type without quotes, as written in the polls issue."""
    assert parse_arguments(POLL, "question:Tabs or spaces? options:Tabs | Spaces duration:1d") == {
        "question": "Tabs or spaces?",
        "options": "Tabs | Spaces",
        "duration": "1d",
    }


def test_a_quoted_named_value_ends_at_its_quotes() -> None:
    assert parse_arguments(POLL, 'question:"Who wins?" a | b') == {
        "question": "Who wins?",
        "options": "a | b",
    }
