"""The grammar end to end in the console, on the real command declarations: quotes inside
/ask's question, and settings typed after a poll's options."""

from __future__ import annotations

import io

import pytest

from bot.adapters.console import ConsoleAdapter
from bot.app import BotApp
from bot.core.registry import Command
from bot.polls.model import Poll
from tests.test_grammar import ASK, POLL


async def converse(app: BotApp, script: str) -> str:
    out = io.StringIO()
    assert await ConsoleAdapter(app, io.StringIO(script), out).run() == 0
    return out.getvalue()


def _grammar_view(command: Command | None) -> list[tuple[object, ...]]:
    """What the grammar reads of a declaration: descriptions and examples aside."""
    assert command is not None
    return [
        (o.name, o.type, o.choices, o.ends_at, o.separator, o.min_value, o.max_value)
        for o in command.options
    ]


def test_the_grammar_tests_declare_ask_and_poll_as_the_bot_does(app: BotApp) -> None:
    assert _grammar_view(app.registry.get("ask")) == _grammar_view(ASK)
    assert _grammar_view(app.registry.get("poll")) == _grammar_view(POLL)


async def test_a_question_with_quoted_words_is_answered(app: BotApp) -> None:
    output = await converse(
        app,
        '/ask what does gin mean by "does it matter"?\n'
        '/ask "quoted question" about chips\n'
        '/ask what does \\"Baker\\" say about chips\n',
    )
    assert "Too many words" not in output
    assert "Aaron Gin on “does it matter”" in output  # the quoted words, read as the subject
    assert "Gavin Baker on “chips”" in output  # "Baker" in quotes still names him


async def test_settings_after_the_options_set_the_poll(app: BotApp) -> None:
    output = await converse(
        app, "/poll Who wins? Baker | Gin 1h true\n/poll Who wins? Pizza | 1h | 2h\n"
    )
    assert "== Poll #2 ==" in output, output
    first = await app.polls.store.get(1)
    assert first is not None and [o.label for o in first.options] == ["Baker", "Gin"]
    assert first.anonymous and first.closes_at == first.created_at + 3600
    second = await app.polls.store.get(2)
    assert second is not None and [o.label for o in second.options] == ["Pizza", "1h", "2h"]
    assert second.closes_at is None


async def test_words_after_quoted_options_are_refused_with_the_quoted_form(app: BotApp) -> None:
    output = await converse(app, '/poll Q? "A | B" | C\n')
    assert 'If it belongs to the options, quote all of it: /poll Q? options:"A | B | C"' in output


async def _paste_offered(app: BotApp, typed: str, before: str) -> tuple[str, Poll]:
    """The command the refusal of `typed` offers after `before`, up to the end of its
    sentence, and the poll it makes when pasted as it is, as people do."""
    output = await converse(app, f"{typed}\n")
    assert "== Poll" not in output
    offered = output.split(before, 1)[1].split("\n", 1)[0].split(". If it", 1)[0]
    assert "== Poll #1 ==" in await converse(app, f"{offered}\n")
    poll = await app.polls.store.get(1)
    assert poll is not None
    return offered, poll


async def test_the_setting_suggested_after_quoted_options_keeps_the_words_after_it(
    app: BotApp,
) -> None:
    """The QA report: `yes 1h` after quoted options was answered with a form that dropped
    the `1h`, then with one that dropped the question; pasted, it now makes the poll meant."""
    offered, poll = await _paste_offered(
        app, '/poll Lunch? "Pizza | Tacos" yes 1h', "If it is a setting, name it: "
    )
    assert offered == '/poll Lunch? options:"Pizza | Tacos" anonymous:yes duration:1h'
    assert poll.question == "Lunch?" and [o.label for o in poll.options] == ["Pizza", "Tacos"]
    assert poll.anonymous and poll.closes_at == poll.created_at + 3600


async def test_a_word_kept_with_quoted_options_pasted_whole_makes_that_poll(app: BotApp) -> None:
    """The other form of the same refusal is whole too: the question is in it."""
    offered, poll = await _paste_offered(
        app,
        '/poll Lunch? "Pizza | Tacos" yes 1h',
        "If it belongs to the options, quote all of it: ",
    )
    assert offered == '/poll Lunch? options:"Pizza | Tacos yes" duration:1h'
    assert poll.question == "Lunch?" and [o.label for o in poll.options] == ["Pizza", "Tacos yes"]
    assert not poll.anonymous and poll.closes_at == poll.created_at + 3600


async def test_settings_that_stop_fitting_are_refused_with_a_command_to_paste(app: BotApp) -> None:
    """`1h true 2` after the options: the form offered, pasted as it is, makes the poll."""
    offered, poll = await _paste_offered(
        app, "/poll Who wins? Baker | Gin 1h true 2", "name each setting after it: "
    )
    assert offered == '/poll Who wins? options:"Baker | Gin" duration:1h anonymous:true rounds:2'
    assert poll.question == "Who wins?" and [o.label for o in poll.options] == ["Baker", "Gin"]
    assert poll.anonymous and poll.rounds == 2
    assert poll.round2_at == poll.created_at + 3600  # `duration:` times each round


@pytest.mark.parametrize(
    ("typed", "named", "seconds"),
    [
        ("1h30", "duration:1h30", 5400),
        # typed apart, only "30" was looked at: the one form offered made "B 1h 30" a label
        ("1h 30", 'duration:"1h 30"', 5400),
        ("2 hours 15", 'duration:"2 hours 15"', 8100),
    ],
)
async def test_minutes_without_their_unit_before_a_setting_offer_the_duration(
    app: BotApp, typed: str, named: str, seconds: int
) -> None:
    """`/poll Q? A | B 1h30 true` was refused with one form, `options:"A | B 1h30"
    anonymous:true`: pasted, a poll with an option "B 1h30" and no deadline. The refusal
    now also offers `1h30` named as the duration, which pasted makes the poll meant."""
    offered, poll = await _paste_offered(
        app, f"/poll Q? A | B {typed} true", "If it is the duration, name it: "
    )
    assert offered == f'/poll Q? options:"A | B" {named} anonymous:true'
    assert [o.label for o in poll.options] == ["A", "B"] and poll.anonymous
    assert poll.closes_at == poll.created_at + seconds


async def test_a_duration_typed_in_two_words_sets_the_poll(app: BotApp) -> None:
    """`1d 12h` after the options was refused with a form that, pasted, was refused again."""
    output = await converse(app, "/poll Q? A | B 1d 12h\n")
    assert "== Poll #1 ==" in output, output
    poll = await app.polls.store.get(1)
    assert poll is not None and [o.label for o in poll.options] == ["A", "B"]
    assert poll.closes_at == poll.created_at + 36 * 3600


async def test_a_form_naming_a_duration_in_words_pastes_back(app: BotApp) -> None:
    offered, poll = await _paste_offered(
        app, "/poll Who wins? Baker | Gin 1h 30m true 2", "name each setting after it: "
    )
    assert offered == (
        '/poll Who wins? options:"Baker | Gin" duration:"1h 30m" anonymous:true rounds:2'
    )
    assert poll.anonymous and poll.rounds == 2
    assert poll.round2_at == poll.created_at + 5400


#: A form the grammar offers for a doubtful ending, pasted whole: (typed, the words before the
#: form, the form, the labels and closing time, in seconds, of the poll it makes).
PASTED_READINGS = {
    # offered `options:"Late 80s | Early" duration:90s 1h`: "90s" taken from its label and
    # `1h` left bare, so the form was refused again
    "seconds in a label, then a duration": (
        "/poll Best music? Late 80s | Early 90s 1h",
        "name each setting after it: ",
        '/poll Best music? options:"Late 80s | Early 90s" duration:1h',
        ["Late 80s", "Early 90s"],
        3600,
    ),
    # made "Plan 2d" and "Plan" closing in 3 days; asked about now
    "options that all end in a duration": (
        "/poll Q? Plan 2d | Plan 3d",
        "If it belongs to the options, quote all of it: ",
        '/poll Q? options:"Plan 2d | Plan 3d"',
        ["Plan 2d", "Plan 3d"],
        None,
    ),
    # offered "Plan 3d 1h" or "Plan" closing in 3 days and an hour, not "Plan 3d" in an hour
    "a label's duration, then a deadline in a smaller unit": (
        "/poll Q? Plan 2d | Plan 3d 1h",
        "If only “1h” is the duration, name it: ",
        '/poll Q? options:"Plan 2d | Plan 3d" duration:1h',
        ["Plan 2d", "Plan 3d"],
        3600,
    ),
    # made a label "Sushi 1h and" and a 30-minute deadline
    "a duration joined by 'and'": (
        "/poll Lunch? Pizza | Sushi 1h and 30m",
        "If it is the duration, name it: ",
        '/poll Lunch? options:"Pizza | Sushi" duration:"1h 30m"',
        ["Pizza", "Sushi"],
        5400,
    ),
}


@pytest.mark.parametrize(
    ("typed", "before", "form", "labels", "closes_in"),
    PASTED_READINGS.values(),
    ids=PASTED_READINGS.keys(),
)
async def test_a_reading_offered_for_a_doubtful_ending_makes_its_poll_when_pasted(
    app: BotApp, typed: str, before: str, form: str, labels: list[str], closes_in: int | None
) -> None:
    """Each form offered where the end of `/poll` could be a label or a deadline, pasted
    whole, makes the poll it says."""
    offered, poll = await _paste_offered(app, typed, before)
    assert offered == form
    assert [o.label for o in poll.options] == labels
    expected = None if closes_in is None else poll.created_at + closes_in
    assert poll.closes_at == expected
