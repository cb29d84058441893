"""The typed-command grammar shared by the console and Slack."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.grammar import parse_arguments, quote
from bot.core.registry import Choice, Command, Option, OptionType, OptionValue
from bot.core.replies import Reply
from bot.polls.model import MAX_DURATION, MIN_DURATION


async def _noop(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
    return Reply(text=str(dict(options)))


POLL = Command(
    name="poll",
    description="poll",
    handler=_noop,
    options=(
        Option("question", "q", ends_at="?"),
        Option("options", "o", separator="|"),
        Option(
            "duration", "d", OptionType.DURATION, min_value=MIN_DURATION, max_value=MAX_DURATION
        ),
        Option("anonymous", "a", OptionType.BOOLEAN),
        Option("multi", "m", OptionType.BOOLEAN),
        Option("hide_results", "h", OptionType.BOOLEAN),
        Option("rounds", "r", OptionType.INTEGER, min_value=1, max_value=2),
    ),
    examples=('/poll question:"Tabs or spaces?" options:Tabs | Spaces',),
)
#: The settings typed after a poll's options, in declared order.
POLL_SETTINGS = ("duration", "anonymous", "multi", "hide_results", "rounds")
ASK = Command(
    name="ask", description="ask", handler=_noop, options=(Option("question", "q", required=True),)
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
        "options": "a | b",
        "question": "Who wins?",
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


# -- issue 14: the grammar never misreads natural input silently --------------------------------


def test_a_bare_number_at_the_end_stays_an_option_label() -> None:
    """`2` is a fine poll option; only a duration with its unit is given back."""
    assert parse_arguments(POLL, '"Pick one?" 1 | 2')["options"] == "1 | 2"


def test_an_unquoted_question_without_mark_is_refused_with_the_quoted_form() -> None:
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, "Lunch today Pizza | Sushi")
    assert "question" in caught.value.message
    assert 'question:"Tabs or spaces?"' in caught.value.message


def test_a_one_word_question_without_mark_is_still_a_question() -> None:
    assert parse_arguments(POLL, '"Lunch" "Pizza | Sushi"')["question"] == "Lunch"


def test_an_unknown_name_is_named_with_the_option_list_and_a_suggestion() -> None:
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, '"Who?" a | b durationn:1h')
    message = caught.value.message
    assert "no option `durationn`" in message
    assert "Did you mean `duration`?" in message
    assert "`question`, `options`, `duration`, `anonymous`" in message


def test_an_unknown_name_far_from_every_option_gets_no_suggestion() -> None:
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, '"Who?" a | b colour:red')
    assert "no option `colour`" in caught.value.message
    assert "Did you mean" not in caught.value.message


def test_colons_in_quotes_urls_and_times_are_text() -> None:
    assert parse_arguments(POLL, '"Read https://x.org/a?" "colour:red | b"') == {
        "question": "Read https://x.org/a?",
        "options": "colour:red | b",
    }
    assert parse_arguments(DAILY, "on 09:30")["time"] == "09:30"


def test_backslash_escapes_a_quote_inside_quotes() -> None:
    assert parse_arguments(POLL, r'"Is \"tabs\" a word?" a | b')["question"] == 'Is "tabs" a word?'
    assert parse_arguments(POLL, r'"C:\temp\\?" a | b')["question"] == "C:\\temp\\?"
    assert parse_arguments(POLL, "“say \\” it?” a | b")["question"] == "say ” it?"


def test_quote_is_the_inverse_of_reading_a_value() -> None:
    text = 'a "b" \\c'
    assert parse_arguments(POLL, f"question:{quote(text)}")["question"] == text


#: Issue 14's inputs, read as a person means them: (typed text, values read).
NATURAL_POLLS = {
    "trailing duration after quoted options": (
        '"Tabs or spaces?" "Tabs | Spaces" 1h',
        {"question": "Tabs or spaces?", "options": "Tabs | Spaces", "duration": "1h"},
    ),
    "trailing duration after unquoted options": (
        '"Tabs or spaces?" Tabs | Spaces 1d12h',
        {"question": "Tabs or spaces?", "options": "Tabs | Spaces", "duration": "1d12h"},
    ),
    "unquoted question ends at ?": (
        "Who wins? a | b",
        {"question": "Who wins?", "options": "a | b"},
    ),
    "longer unquoted question and a duration": (
        "Who wins the debate? a | b 2h",
        {"question": "Who wins the debate?", "options": "a | b", "duration": "2h"},
    ),
    "known names followed by a space": (
        "question: Who wins? options: a | b",
        {"question": "Who wins?", "options": "a | b"},
    ),
    "a Japanese question ends at the full-width ？ its keyboards type": (
        "今日のランチは？ 寿司 | ラーメン",
        {"question": "今日のランチは？", "options": "寿司 | ラーメン"},
    ),
    "and with no space after it, as Japanese and Chinese are written": (
        "今日のランチは？寿司 | ラーメン 1h",
        {"question": "今日のランチは？", "options": "寿司 | ラーメン", "duration": "1h"},
    ),
    "named, the same": (
        "question:午饭吃什么？饺子 | 面条",
        {"question": "午饭吃什么？", "options": "饺子 | 面条"},
    ),
    "options separated by the full-width ｜ of a Japanese input method, settings after": (
        "今日のランチは？寿司｜ラーメン ｜ 1h",
        {"question": "今日のランチは？", "options": "寿司｜ラーメン ｜ 1h"},
    ),
    "an Arabic question ends at ؟": (
        "ما رأيك؟ نعم | لا",
        {"question": "ما رأيك؟", "options": "نعم | لا"},
    ),
    "a ? inside a word is no end: a link's query": (
        "Is https://x.example/?q=1 up? Yes | No",
        {"question": "Is https://x.example/?q=1 up?", "options": "Yes | No"},
    ),
    # with the question unfilled, a given-back `1h` would be read as the question
    "duration kept where it would land elsewhere": (
        "options:a | b 1h",
        {"options": "a | b 1h"},
    ),
}


@pytest.mark.parametrize(("text", "expected"), NATURAL_POLLS.values(), ids=NATURAL_POLLS.keys())
def test_natural_poll_input_is_read_as_meant(text: str, expected: dict[str, str]) -> None:
    assert parse_arguments(POLL, text) == expected


# -- quotes inside free text: the last option takes its text as written ------------------------

#: (typed after /ask, question read)
ASK_QUOTES = {
    "a quoted phrase ending the question": (
        'what does gin mean by "does it matter"?',
        'what does gin mean by "does it matter"?',
    ),
    "a quoted phrase starting it": (
        '"quoted question" about chips',
        '"quoted question" about chips',
    ),
    "escaped quotes outside quotes are quote marks": (
        r"what does \"Baker\" say about chips",
        'what does "Baker" say about chips',
    ),
    "spacing as typed": ('a  "b  c"   d?', 'a  "b  c"   d?'),
    "an escape inside quotes": (r'is "a \" b" right', 'is "a " b" right'),
    "one quoted group is just the question": ('"who is right?"', "who is right?"),
    "a name followed by a space": ('question: "who" is right', '"who" is right'),
    "a name followed by one quoted group": ('question: "who is right"', "who is right"),
}


@pytest.mark.parametrize(("text", "question"), ASK_QUOTES.values(), ids=ASK_QUOTES.keys())
def test_quoted_words_inside_a_question_are_part_of_it(text: str, question: str) -> None:
    assert parse_arguments(ASK, text) == {"question": question}


def test_a_last_free_text_option_after_others_keeps_its_quotes_too() -> None:
    assert parse_arguments(VOTE, '3 "Aaron" Gin')["option"] == '"Aaron" Gin'
    assert parse_arguments(VOTE, '3 "Aaron Gin"')["option"] == "Aaron Gin"


def test_a_named_quoted_question_still_ends_at_its_quotes() -> None:
    with pytest.raises(UserError, match="Too many words"):
        parse_arguments(ASK, 'question:"who" wins')


def test_an_unclosed_quote_says_how_to_write_a_quote_mark() -> None:
    with pytest.raises(UserError, match=r'not closed\. Close it, or write \\" for a quote mark'):
        parse_arguments(ASK, 'is a 5" screen enough?')


# -- settings typed after a poll's options -----------------------------------------------------

#: (typed after /poll, values read)
POLL_SETTINGS_TYPED = {
    "a duration and anonymous": (
        "Who wins? Baker | Gin 1h true",
        {"question": "Who wins?", "options": "Baker | Gin", "duration": "1h", "anonymous": "true"},
    ),
    "every setting in declared order": (
        "Q? a | b 2h no yes no 2",
        {
            "question": "Q?",
            "options": "a | b",
            "duration": "2h",
            "anonymous": "no",
            "multi": "yes",
            "hide_results": "no",
            "rounds": "2",
        },
    ),
    "a duration that is a whole last option stays a label": (
        "Who wins? Pizza | 1h | 2h",
        {"question": "Who wins?", "options": "Pizza | 1h | 2h"},
    ),
    "a two-option poll of durations": ("Q? 1h | 2h", {"question": "Q?", "options": "1h | 2h"}),
    "a duration after a duration label": (
        "Q? Pizza | 1h 2h",
        {"question": "Q?", "options": "Pizza | 1h", "duration": "2h"},
    ),
    "a duration among words is text": (
        "Q? Now | In 2h or so",
        {"question": "Q?", "options": "Now | In 2h or so"},
    ),
    "a yes/no poll keeps its labels": ("Q? yes | no", {"question": "Q?", "options": "yes | no"}),
    "the README's example": (
        "Who wins? Baker | Gin 1h",
        {"question": "Who wins?", "options": "Baker | Gin", "duration": "1h"},
    ),
    "a duration typed in two words": (
        "Q? A | B 1d 12h",
        {"question": "Q?", "options": "A | B", "duration": "1d 12h"},
    ),
    "a duration in words and a setting": (
        "Q? A | B 1h 30m true",
        {"question": "Q?", "options": "A | B", "duration": "1h 30m", "anonymous": "true"},
    ),
    "a duration in words as a whole last option stays a label": (
        "How long? 30m | 1h 30m",
        {"question": "How long?", "options": "30m | 1h 30m"},
    ),
    "a label, then a duration in a larger unit": (
        "How long? 30m | 1h 1d",
        {"question": "How long?", "options": "30m | 1h", "duration": "1d"},
    ),
    "a duration in words named without quotes": (
        "Q? A | B duration:1d 12h",
        {"question": "Q?", "options": "A | B", "duration": "1d 12h"},
    ),
    "numbers and on/off end labels": (
        "Q? Option 1 | Option 2 | Turn off",
        {"question": "Q?", "options": "Option 1 | Option 2 | Turn off"},
    ),
    "a duration after labels ending in numbers, which are no durations": (
        "Q? Option 1 | Option 2 2h",
        {"question": "Q?", "options": "Option 1 | Option 2", "duration": "2h"},
    ),
    # regression: refused as if "Grunge 1h" could be a label like "Late 80s"
    "a decade in another label is no sign a deadline ends a label": (
        "Best music? Late 80s | Grunge 1h",
        {"question": "Best music?", "options": "Late 80s | Grunge", "duration": "1h"},
    ),
    "nor is a model": (
        "Which phone? iPhone 5s | Galaxy S4 | Pixel 1d",
        {"question": "Which phone?", "options": "iPhone 5s | Galaxy S4 | Pixel", "duration": "1d"},
    ),
    "a duration typed with a space as a whole last option stays a label": (
        "Q? A | 1 h",
        {"question": "Q?", "options": "A | 1 h"},
    ),
    "a number and `s` stay a label: no poll runs for seconds": (
        "Q? A | Wait 90 s",
        {"question": "Q?", "options": "A | Wait 90 s"},
    ),
    "a duration named after a duration typed with a space": (
        "Q? A | B 1 h duration:2h",
        {"question": "Q?", "options": "A | B 1 h", "duration": "2h"},
    ),
    "a setting-like word before the settings ends the label": (
        "Q? Say yes | Say no 1h",
        {"question": "Q?", "options": "Say yes | Say no", "duration": "1h"},
    ),
}


@pytest.mark.parametrize(
    ("text", "expected"), POLL_SETTINGS_TYPED.values(), ids=POLL_SETTINGS_TYPED.keys()
)
def test_settings_after_the_options_are_read_in_declared_order(
    text: str, expected: dict[str, str]
) -> None:
    assert parse_arguments(POLL, text) == expected


#: (typed after /poll, what the refusal says): each names the whole command to type instead,
#: the words typed before the part it rewrites kept as typed.
UNCLEAR_POLLS = {
    "settings that stop fitting": (
        "Who wins? Baker | Gin 1h true 2",
        "Where does `options` end? Quote it and name each setting after it: "
        '/poll Who wins? options:"Baker | Gin" duration:1h anonymous:true rounds:2',
    ),
    # hours and minutes without the minutes' unit are a label's by position: the one form
    # offered kept them there, and pasted, made "B 1h30" an option of a poll with no end
    "minutes without their unit before a setting": (
        "Q? A | B 1h30 true",
        "Where does `options` end? “1h30” may be part of the last of the options or the "
        'duration. If it belongs to the options, quote all of it: /poll Q? options:"A | B '
        '1h30" anonymous:true. If it is the duration, name it: /poll Q? options:"A | B" '
        "duration:1h30 anonymous:true",
    ),
    # the same typed in words apart: only the minutes, "30", were looked at, and the one
    # form offered kept "B 1h 30" as the label
    "minutes without their unit typed apart before a setting": (
        "Q? A | B 1h 30 true",
        "Where does `options` end? “1h 30” may be part of the last of the options or the "
        'duration. If it belongs to the options, quote all of it: /poll Q? options:"A | B '
        '1h 30" anonymous:true. If it is the duration, name it: /poll Q? options:"A | B" '
        'duration:"1h 30" anonymous:true',
    ),
    # at the end: "2h" read as the duration, and "“30” reads as no setting of /poll" offered
    # only the label "B 2h 30"
    "minutes without their unit typed apart at the end": (
        "Q? A | B 2h 30",
        "Where does `options` end? “2h 30” may be part of the last of the options or the "
        'duration. If it belongs to the options, quote all of it: /poll Q? options:"A | B '
        '2h 30". If it is the duration, name it: /poll Q? options:"A | B" duration:"2h 30"',
    ),
    # no form naming settings can keep `extra` in place and be accepted: the word is named
    "words left after the last setting": (
        "Q? a | b 1h yes no no 1 extra",
        "Where does `options` end? “extra” reads as no setting of /poll. If it belongs to the "
        'options, quote all of it: /poll Q? options:"a | b 1h yes no no 1 extra"',
    ),
    "a duration led by a word such as in": (
        "When? Today | In 2d",
        'setting after it: /poll When? options:"Today | In"',
    ),
    # the same unit twice is no duration in words: a label `1h` may come before (`1h 2h`);
    # the form keeps the first in the label, since the second can be no other setting
    "a duration twice": (
        "Q? A | B 1h 1h",
        'setting after it: /poll Q? options:"A | B 1h" duration:1h',
    ),
    "durations in words, a smaller unit first": (
        "Q? A | B 30m 2h",
        'setting after it: /poll Q? options:"A | B 30m" duration:2h',
    ),
    "a duration in words, then one more": (
        "Q? A | B 1h 30m 2h",
        'setting after it: /poll Q? options:"A | B 1h 30m" duration:2h',
    ),
    "a duration in words led by a word such as in": (
        "When? Today | In 1d 12h",
        'setting after it: /poll When? options:"Today | In" duration:"1d 12h"',
    ),
    "a duration in words, then settings that stop fitting": (
        "Q? A | B 1d 12h 2",
        'setting after it: /poll Q? options:"A | B" duration:"1d 12h" rounds:2',
    ),
    "a setting out of order": (
        "Q? A | B 1h 2",
        'setting after it: /poll Q? options:"A | B" duration:1h rounds:2',
    ),
    "a boolean before a named setting": (
        "Who wins? Baker | Gin true anonymous:no",
        'setting after it: /poll Who wins? options:"Baker | Gin" multi:true anonymous:no',
    ),
    "a boolean without a duration": (
        "Who wins? Baker | Gin true",
        'setting after it: /poll Who wins? options:"Baker | Gin" anonymous:true',
    ),
    "a question named before the options": (
        'question:"Who?" options: Baker | Gin 1h true 2',
        'setting after it: /poll question:"Who?" options:"Baker | Gin" duration:1h '
        "anonymous:true rounds:2",
    ),
    "a separator after quoted options": (
        'Q? "A | B" | C',
        "“|” is no duration, the option after options. If it belongs to the options, quote all "
        'of it: /poll Q? options:"A | B | C"',
    ),
    "a setting after quoted options, unnamed": (
        'Q? "A | B" yes',
        "“yes” is no duration, the option after options. If it is a setting, name it: "
        '/poll Q? options:"A | B" anonymous:yes. If it belongs to the options, quote all of it: '
        '/poll Q? options:"A | B yes"',
    ),
    "settings after a setting after quoted options": (
        'Lunch? "Pizza | Tacos" yes 1h',
        "“yes” is no duration, the option after options. If it is a setting, name it: "
        '/poll Lunch? options:"Pizza | Tacos" anonymous:yes duration:1h. If it belongs to the '
        'options, quote all of it: /poll Lunch? options:"Pizza | Tacos yes" duration:1h',
    ),
    "a setting after quoted options, then one named": (
        'Q? "A | B" yes anonymous:no',
        'name it: /poll Q? options:"A | B" multi:yes anonymous:no. If it belongs to the '
        'options, quote all of it: /poll Q? options:"A | B yes" anonymous:no',
    ),
    "settings named before the question": (
        'anonymous:yes "Q?" "A | B" no',
        'name it: /poll anonymous:yes "Q?" options:"A | B" multi:no. If it belongs',
    ),
    "a quoted label after unquoted ones": (
        'Q? Baker | "Gin and Tonic" 1h',
        'quote all of it: /poll Q? options:"Baker | Gin and Tonic" duration:1h',
    ),
    "quoted words inside a label keep their quote marks": (
        'Q? Say "hi" | Bye',
        r'quote all of it: /poll Q? options:"Say \"hi\" | Bye"',
    ),
    "quoted words inside an unquoted question": (
        'Who "really" wins? Baker | Gin',
        r'Where does the question end? Quote it whole, e.g. /poll question:"Who \"really\" '
        'wins?" Baker | Gin',
    ),
    "a setting named before a question with quoted words": (
        'duration:1h Who "really" wins? Baker | Gin',
        r'e.g. /poll duration:1h question:"Who \"really\" wins?" Baker | Gin',
    ),
}


@pytest.mark.parametrize(("text", "message"), UNCLEAR_POLLS.values(), ids=UNCLEAR_POLLS.keys())
def test_unclear_poll_settings_are_refused_with_the_quoted_form(text: str, message: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, text)
    assert message in caught.value.message


def test_a_valid_value_after_quoted_options_is_still_read() -> None:
    """Only a word the next option cannot take is refused: `30` is thirty minutes."""
    assert parse_arguments(POLL, '"Q?" "A | B" 30')["duration"] == "30"
    assert parse_arguments(POLL, '"Q?" "A | B" 1d 12h')["duration"] == "1d 12h"


def test_text_taken_as_written_keeps_the_spacing_of_a_duration_in_words() -> None:
    assert parse_arguments(VOTE, "3 In  1h   30m")["option"] == "In  1h   30m"


#: (typed after /poll, the form keeping the words in the options, the form naming them as
#: the duration): a duration whose words could as well end the last option is no deadline
#: taken silently, nor left in a label cut in two; both readings are offered whole.
DOUBTFUL_DEADLINES = {
    "every other option ends in a duration": (
        "Q? Plan 2d | Plan 3d",
        '/poll Q? options:"Plan 2d | Plan 3d"',
        '/poll Q? options:"Plan 2d | Plan" duration:3d',
    ),
    # regression: only where every other option ended in one, so this took a 3-day deadline
    "another option ends in a duration": (
        "Lunch? Pizza | Sushi 2d | Tacos 3d",
        '/poll Lunch? options:"Pizza | Sushi 2d | Tacos 3d"',
        '/poll Lunch? options:"Pizza | Sushi 2d | Tacos" duration:3d',
    ),
    "another option is a duration": (
        "When? 1h | Never | Later 2d",
        '/poll When? options:"1h | Never | Later 2d"',
        '/poll When? options:"1h | Never | Later" duration:2d',
    ),
    "a duration in words, every other option ending in one": (
        "Q? Sleep 8h | Sleep 6h 30m",
        '/poll Q? options:"Sleep 8h | Sleep 6h 30m"',
        '/poll Q? options:"Sleep 8h | Sleep" duration:"6h 30m"',
    ),
    "seconds after another option's duration": (
        "Q? Plan 2d | Wait 90s",
        '/poll Q? options:"Plan 2d | Wait 90s"',
        '/poll Q? options:"Plan 2d | Wait" duration:90s',
    ),
    "seconds, every other option ending in them": (
        "Best music? Late 80s | Early 90s",
        '/poll Best music? options:"Late 80s | Early 90s"',
        '/poll Best music? options:"Late 80s | Early" duration:90s',
    ),
    # regression: offered only `options:"Pizza | Early" duration:90s`, a 90-second poll
    "seconds alone, no other option ending in a duration": (
        "Q? Pizza | Early 90s",
        '/poll Q? options:"Pizza | Early 90s"',
        '/poll Q? options:"Pizza | Early" duration:90s',
    ),
    "settings after it": (
        "Q? Plan 2d | Plan 3d true 2",
        '/poll Q? options:"Plan 2d | Plan 3d" anonymous:true rounds:2',
        '/poll Q? options:"Plan 2d | Plan" duration:3d anonymous:true rounds:2',
    ),
    "durations joined by and": (
        "Lunch? Pizza | Sushi 1h and 30m",
        '/poll Lunch? options:"Pizza | Sushi 1h and 30m"',
        '/poll Lunch? options:"Pizza | Sushi" duration:"1h 30m"',
    ),
    "a duration typed with a space": (
        "Q? A | B 1 h",
        '/poll Q? options:"A | B 1 h"',
        '/poll Q? options:"A | B" duration:1h',
    ),
    "durations typed with a space, then a setting": (
        "Q? A | B 1 h 30 m true",
        '/poll Q? options:"A | B 1 h 30 m" anonymous:true',
        '/poll Q? options:"A | B" duration:"1h 30m" anonymous:true',
    ),
    # regression: a label "B 2 hours" and no deadline, though `duration:2 hours` is 2 hours
    "a duration with its unit in words": (
        "Lunch? Pizza | Sushi 2 hours",
        '/poll Lunch? options:"Pizza | Sushi 2 hours"',
        '/poll Lunch? options:"Pizza | Sushi" duration:"2 hours"',
    ),
    "durations with units in words, then a setting": (
        "Q? A | B 1 day 12 hrs true",
        '/poll Q? options:"A | B 1 day 12 hrs" anonymous:true',
        '/poll Q? options:"A | B" duration:"1 day 12 hrs" anonymous:true',
    ),
    "options that all end in a duration typed with a space": (
        "Q? Run 5 m | Run 10 m",
        '/poll Q? options:"Run 5 m | Run 10 m"',
        '/poll Q? options:"Run 5 m | Run" duration:10m',
    ),
}


@pytest.mark.parametrize(
    ("text", "kept", "named"), DOUBTFUL_DEADLINES.values(), ids=DOUBTFUL_DEADLINES.keys()
)
def test_a_duration_that_could_end_the_last_option_is_asked_about(
    text: str, kept: str, named: str
) -> None:
    """Regression: `Plan 2d | Plan 3d` made options "Plan 2d" and "Plan" with a 3-day
    deadline, `Sushi 1h and 30m` a label "Sushi 1h and", `B 1 h` a label "B 1 h" (and `Sushi
    2 hours` a label "Sushi 2 hours", no deadline said, where `duration:2 hours` ran 2h), and
    `Pizza | Sushi 2d | Tacos 3d` options "Sushi 2d" and "Tacos" with a 3-day deadline."""
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, text)
    message = caught.value.message
    assert message.startswith("Where does `options` end? “")
    assert f"If it belongs to the options, quote all of it: {kept}. " in message
    assert message.endswith(f"If it is the duration, name it: {named}")
    read = [parse_arguments(POLL, form.removeprefix("/poll ")) for form in (kept, named)]
    assert "duration" not in read[0] and "duration" in read[1]
    assert read[0]["options"].startswith(read[1]["options"])


#: (typed after /poll, the duration's words, the refusal's reason, the one form offered): a
#: duration no poll runs for that could end the last option is asked about with the range
#: and only the form keeping it in the label; no form names it, as it would be refused.
OUT_OF_RANGE_ENDINGS = {
    # regression: offered `duration:30s`, which pasted was refused as shorter than 1m
    "seconds alone": ("Q? A | B 30s", "30s", "not 30s", '/poll Q? options:"A | B 30s"'),
    "seconds, then a setting": (
        "Q? A | B 1s yes",
        "1s",
        "not 1s",
        '/poll Q? options:"A | B 1s" anonymous:yes',
    ),
    # regression: offered `duration:40d`, refused when pasted as longer than 32 days
    "days, another option ending in a duration": (
        "Q? Plan 2d | Plan 40d",
        "40d",
        "not 40d",
        '/poll Q? options:"Plan 2d | Plan 40d"',
    ),
}


@pytest.mark.parametrize(
    ("text", "words", "reason", "form"), OUT_OF_RANGE_ENDINGS.values(), ids=OUT_OF_RANGE_ENDINGS
)
def test_a_duration_no_poll_runs_for_is_offered_only_in_the_label(
    text: str, words: str, reason: str, form: str
) -> None:
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, text)
    message = caught.value.message
    assert message.startswith(f"Where does `options` end? “{words}” is no duration here: ")
    assert f"`duration` must be from 1m to 32d, {reason}." in message
    assert message.endswith(f"If it belongs to the options, quote all of it: {form}")
    assert "duration" not in parse_arguments(POLL, form.removeprefix("/poll "))


def test_an_unmistakable_duration_out_of_range_is_the_deadline_refused_by_its_range() -> None:
    """`A | B 40d` is a 40-day deadline, refused as too long by the duration's own check, not
    taken into the label "B 40d" because no poll runs that long."""
    assert parse_arguments(POLL, "Q? A | B 40d") == {
        "question": "Q?",
        "options": "A | B",
        "duration": "40d",
    }
    with pytest.raises(UserError, match=r"must be from 1m to 32d, not 40d"):
        POLL.options[2].convert("40d")


#: (typed after /poll, the form offered first, the values it gives when pasted): a duration
#: in words ending the last option is read as one, so "Plan 3d" closing in an hour was no
#: reading offered, though "Plan 2d" shows labels here end in a duration.
LAST_WORD_DEADLINES = {
    "a duration in words after a label's duration": (
        "Q? Plan 2d | Plan 3d 1h",
        '/poll Q? options:"Plan 2d | Plan 3d" duration:1h',
        {"question": "Q?", "options": "Plan 2d | Plan 3d", "duration": "1h"},
    ),
    "a duration in words, every other option ending in one": (
        "Q? Sleep 8h | Sleep 6h 30m",
        '/poll Q? options:"Sleep 8h | Sleep 6h" duration:30m',
        {"question": "Q?", "options": "Sleep 8h | Sleep 6h", "duration": "30m"},
    ),
    "settings after it": (
        "Q? Plan 2d | Plan 3d 1h true 2",
        '/poll Q? options:"Plan 2d | Plan 3d" duration:1h anonymous:true rounds:2',
        {
            "question": "Q?",
            "options": "Plan 2d | Plan 3d",
            "duration": "1h",
            "anonymous": "true",
            "rounds": "2",
        },
    ),
}


@pytest.mark.parametrize(
    ("text", "form", "values"), LAST_WORD_DEADLINES.values(), ids=LAST_WORD_DEADLINES.keys()
)
def test_the_last_word_of_a_duration_in_words_is_offered_as_the_deadline_first(
    text: str, form: str, values: dict[str, str]
) -> None:
    """Regression: `Plan 2d | Plan 3d 1h` was offered only "Plan 3d 1h" with no deadline or
    "Plan" closing in 3 days and an hour; the likely poll, "Plan 3d" closing in an hour,
    is offered now, before the two readings of the whole duration."""
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, text)
    last = values["duration"]
    assert f"duration. If only “{last}” is the duration, name it: {form}. If it belongs" in (
        caught.value.message
    )
    assert parse_arguments(POLL, form.removeprefix("/poll ")) == values


def test_a_last_word_in_seconds_is_not_offered_as_the_deadline() -> None:
    """No poll runs for seconds: `3d 30s` is offered whole, as a label's or the deadline."""
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, "Q? Plan 2d | Plan 3d 30s")
    assert "If only" not in caught.value.message
    assert 'name it: /poll Q? options:"Plan 2d | Plan" duration:"3d 30s"' in caught.value.message


#: (typed after /poll, a form its refusal offers, the values that form gives when pasted)
PASTED_FORMS = {
    "settings that stop fitting": (
        "Who wins? Baker | Gin 1h true 2",
        '/poll Who wins? options:"Baker | Gin" duration:1h anonymous:true rounds:2',
        {
            "question": "Who wins?",
            "options": "Baker | Gin",
            "duration": "1h",
            "anonymous": "true",
            "rounds": "2",
        },
    ),
    "a setting after quoted options": (
        'Lunch? "Pizza | Tacos" yes 1h',
        '/poll Lunch? options:"Pizza | Tacos" anonymous:yes duration:1h',
        {"question": "Lunch?", "options": "Pizza | Tacos", "anonymous": "yes", "duration": "1h"},
    ),
    "a word that belongs to quoted options": (
        'Lunch? "Pizza | Tacos" yes 1h',
        '/poll Lunch? options:"Pizza | Tacos yes" duration:1h',
        {"question": "Lunch?", "options": "Pizza | Tacos yes", "duration": "1h"},
    ),
    "a duration in words": (
        "Who wins? Baker | Gin 1d 12h true 2",
        '/poll Who wins? options:"Baker | Gin" duration:"1d 12h" anonymous:true rounds:2',
        {
            "question": "Who wins?",
            "options": "Baker | Gin",
            "duration": "1d 12h",
            "anonymous": "true",
            "rounds": "2",
        },
    ),
    "a duration in words after a setting after quoted options": (
        'Lunch? "Pizza | Tacos" yes 1h  30m',
        '/poll Lunch? options:"Pizza | Tacos" anonymous:yes duration:"1h 30m"',
        {
            "question": "Lunch?",
            "options": "Pizza | Tacos",
            "anonymous": "yes",
            "duration": "1h 30m",
        },
    ),
    # a word no option read was left bare, and the form was refused again when pasted
    "a duration twice": (
        "Q? A | B 1h 1h",
        '/poll Q? options:"A | B 1h" duration:1h',
        {"question": "Q?", "options": "A | B 1h", "duration": "1h"},
    ),
    # the form set the duration to `90s`, the label's, and left the `1h` bare
    "seconds in a label, then a duration": (
        "Best music? Late 80s | Early 90s 1h",
        '/poll Best music? options:"Late 80s | Early 90s" duration:1h',
        {"question": "Best music?", "options": "Late 80s | Early 90s", "duration": "1h"},
    ),
    "quoted words inside a question, settings named first": (
        'duration:1h Who "really" wins? Baker | Gin',
        r'/poll duration:1h question:"Who \"really\" wins?" Baker | Gin',
        {"duration": "1h", "question": 'Who "really" wins?', "options": "Baker | Gin"},
    ),
}


@pytest.mark.parametrize(("text", "form", "values"), PASTED_FORMS.values(), ids=PASTED_FORMS.keys())
def test_a_suggested_form_pasted_whole_makes_the_poll_meant(
    text: str, form: str, values: dict[str, str]
) -> None:
    """People paste what they are offered: the form is the whole command, question included."""
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, text)
    assert form in caught.value.message
    assert parse_arguments(POLL, form.removeprefix("/poll ")) == values


def test_no_form_is_offered_where_none_could_keep_every_word() -> None:
    """`tea` after a named setting can be no option's: any form repeating it is refused."""
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, 'Q? tea "A | B" anonymous:no tea 1h')
    assert caught.value.message == (
        "“A | B” is no duration, the option after options. Quote the options and name each "
        "setting, as /help poll shows."
    )


def test_a_duration_named_later_leaves_seconds_in_the_label_offered() -> None:
    """`Early 90s` then `duration:1h`: the seconds can be no setting; the form quoting the
    options whole keeps them there (it named the duration twice before)."""
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, "Q? Late 80s | Early 90s duration:1h")
    form = '/poll Q? options:"Late 80s | Early 90s" duration:1h'
    assert caught.value.message.endswith(f"quote all of it: {form}")
    assert parse_arguments(POLL, form.removeprefix("/poll "))["options"] == "Late 80s | Early 90s"


def test_a_setting_whose_form_would_leave_a_word_bare_is_not_offered() -> None:
    """Regression: `yes tea` after quoted options was offered `anonymous:yes tea`, refused
    again when pasted; only the form that quotes the words with the options is whole."""
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, 'Q? "A | B" yes tea')
    assert "name it" not in caught.value.message
    assert caught.value.message.endswith('quote all of it: /poll Q? options:"A | B yes tea"')
    assert parse_arguments(POLL, 'Q? options:"A | B yes tea"')["options"] == "A | B yes tea"


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        ("Q? tea 80s duration:1h 2", "“1h 2” is not a duration"),
        (f'Q? A | B 1h true 2 multi:"{"y" * 300}"', "`multi` must be true or false"),
    ],
)
def test_a_named_value_refused_is_told_before_any_form(text: str, refusal: str) -> None:
    """Regression (a random draw of the pasted-form property): where the options end was
    asked with a form that repeated `duration:1h 2` as typed, so the form, pasted, was
    refused for it; a value typed with its name that its option refuses is told first."""
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, text)
    assert caught.value.message.startswith(refusal)


#: (typed after /poll, the form offered): a part too long to repeat whole is a bare `…`.
SHAPED_FORMS = {
    "a long question": (
        f"Who is {'very ' * 60}right? Baker | Gin 1h true 2",
        '/poll … options:"Baker | Gin" duration:1h anonymous:true rounds:2',
    ),
    "long options": (
        f"Q? {'Pizza ' * 60}| Tacos 1h true 2",
        '/poll Q? options:"…" duration:1h anonymous:true rounds:2',
    ),
    "a long word after quoted options": (
        f'Q? "A | B" {"y" * 301}',
        'quote all of it: /poll Q? options:"…". Each',
    ),
}


def test_a_question_of_common_length_is_repeated_whole_in_the_form() -> None:
    """Regression: forms repeated user text only up to `echo`'s 40 characters, so most real
    questions were offered as `/poll … options:…`, a shape to fill in, not a command."""
    question = "Who is right about China's AI chip strategy, Baker or Gin?"
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, f"{question} Baker | Gin 1h true 2")
    form = f'/poll {question} options:"Baker | Gin" duration:1h anonymous:true rounds:2'
    assert form in caught.value.message
    assert "…" not in caught.value.message


@pytest.mark.parametrize(("text", "form"), SHAPED_FORMS.values(), ids=SHAPED_FORMS.keys())
def test_a_form_too_long_to_repeat_is_offered_as_a_shape(text: str, form: str) -> None:
    """A clipped value pasted would make another poll, so the form says what it left out."""
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, text)
    assert form in caught.value.message
    assert caught.value.message.endswith(
        ". Each … stands for your own words, too long to repeat here."
    )


def test_words_after_a_quoted_question_say_what_to_type() -> None:
    """`question:"Who" wins? options: A | B` said "`options` is given twice", with no word
    of why: "wins?" had filled `options` by position. The refusal says so, and gives the
    question with its quote marks inside, which reads as meant."""
    with pytest.raises(UserError) as refused:
        parse_arguments(POLL, 'question:"Who" wins? options: A | B')
    assert refused.value.message == (
        "“wins?” filled `options` by position, and `options:` is typed too. For quote marks"
        ' inside the question, type `question:"\\"Who\\" wins?"`.'
    )
    with pytest.raises(UserError) as refused:
        parse_arguments(POLL, "Who wins? Baker | Gin options: A | B")
    assert refused.value.message == (
        "“Baker | Gin” filled `options` by position, and `options:` is typed too. Type each"
        " value after its name, `options:` once."
    )
    # After a quoted setting, the words are no part of it: `duration:"\"1h\" A | B"` is
    # no duration, and was offered had the quoted value not been checked to be free text.
    with pytest.raises(UserError) as refused:
        parse_arguments(POLL, 'Who wins? duration:"1h" A | B options: C | D')
    assert refused.value.message == (
        "“A | B” filled `options` by position, and `options:` is typed too. Type each"
        " value after its name, `options:` once."
    )


#: Words of a question as typed, one space apart: no quote marks, colons or separators.
QUESTION_WORDS = st.lists(
    st.text(
        st.characters(codec="ascii", categories=("L", "N"), include_characters="?!,'-"),
        min_size=1,
        max_size=8,
    ),
    min_size=1,
    max_size=4,
).map(" ".join)


#: Words after the quoted question, each ending in a mark no setting's value holds, so
#: they are read as words of the options, not a setting by position (`0W` is a duration).
TRAILING_WORDS = st.lists(
    st.tuples(
        st.text(st.characters(codec="ascii", categories=("L", "N")), max_size=7),
        st.sampled_from("?!,'"),
    ).map("".join),
    min_size=1,
    max_size=4,
).map(" ".join)


@given(QUESTION_WORDS, TRAILING_WORDS, st.sampled_from(["question:", "question: ", ""]))
@example("Who", "wins?", "question:")
@example("Who", "wins?", "")  # by position, told only "Type each value after its name"
@example("0", "0? 0W?", "question:")  # `0 0W` was options "0" and a duration, by position
def test_the_form_a_refusal_offers_reads_as_the_quoted_question(
    quoted: str, after: str, name: str
) -> None:
    """Whatever words follow a quoted question, named or by position, filling `options`
    by position, the form the refusal offers, typed with the options, is the question
    quote marks and all."""
    with pytest.raises(UserError) as refused:
        parse_arguments(POLL, f'{name}"{quoted}" {after} options: A | B')
    offered = re.search(r"type `(question:.*)`\.$", str(refused.value.message))
    assert offered is not None, refused.value.message
    read = parse_arguments(POLL, f"{offered.group(1)} options: A | B")
    assert read["question"] == f'"{quoted}" {after}'
    assert read["options"] == "A | B"
