"""Durations typed with their units in words, as Discord's own poll offers them ("2 hours").

`duration:2h` ran a poll for two hours, but "2 hours", "30 min" or "1 week" typed into the
same field, the way Discord's own polls and most people write a span, was refused as "not a
duration". Units in words are read wherever a value is named as a duration. After the last
option, `Sushi 2 hours` made a label "Sushi 2 hours" and no deadline, silently, while `Sushi
1 h` was asked about: a duration in words there is asked about too, both readings offered.
"""

from __future__ import annotations

from unittest.mock import patch

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.app import BotApp
from bot.core.durations import format_wait, parse_duration, typed_duration
from bot.core.errors import UserError
from bot.core.grammar import parse_arguments
from bot.polls.model import MAX_DURATION
from tests.discord_fake import FakeDiscord
from tests.test_discord_e2e import message_of
from tests.test_grammar import POLL
from tests.test_grammar_properties import _SUGGESTED, TWO_READINGS, _pasted
from tests.test_slack_e2e import Slack

SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
#: How people write each unit, its letter included.
SPELLINGS = {
    "s": ["s", "sec", "secs", "second", "seconds"],
    "m": ["m", "min", "mins", "minute", "minutes"],
    "h": ["h", "hr", "hrs", "hour", "hours"],
    "d": ["d", "day", "days"],
    "w": ["w", "wk", "wks", "week", "weeks"],
}
PART = st.tuples(st.integers(0, 999), st.sampled_from(sorted(SECONDS))).flatmap(
    lambda part: st.tuples(
        st.just(part),
        st.sampled_from(SPELLINGS[part[1]]).map(lambda word: word.upper())
        | st.sampled_from(SPELLINGS[part[1]]),
        st.sampled_from(["", " "]),
    )
)


@given(st.lists(PART, min_size=1, max_size=4), st.sampled_from(["", " "]))
def test_units_in_words_or_letters_read_as_the_same_span(
    parts: list[tuple[tuple[int, str], str, str]], between: str
) -> None:
    typed = between.join(f"{number}{gap}{word}" for (number, _), word, gap in parts)
    letters = "".join(f"{number}{unit}" for (number, unit), _, _ in parts)
    expected = sum(number * SECONDS[unit] for (number, unit), _, _ in parts)
    assert parse_duration(typed) == parse_duration(letters) == expected


@pytest.mark.parametrize("typed", ["1mo", "1 month", "2 hourss", "hours", "2 hours ago", "1.5h"])
def test_what_is_no_unit_is_still_refused(typed: str) -> None:
    """A month ("1mo") is no minute, and no unit: refused, never read as a span it is not."""
    with pytest.raises(UserError, match="is not a duration"):
        parse_duration(typed)


@given(
    st.lists(PART.filter(lambda part: part[0][1] in "dw"), max_size=2),
    st.integers(0, 99),
    st.sampled_from(SPELLINGS["h"]),
    st.integers(0, 59),
    st.sampled_from(["", " "]),
)
@example([], 1, "h", 30, "")  # `1h30` was "not a duration", though `21h30` read as a time
@example([], 2, "h", 30, " ")  # `2h 30`
@example([], 1, "hour", 5, " ")  # `1 hour 05`
def test_minutes_after_hours_read_without_their_unit(
    larger: list[tuple[tuple[int, str], str, str]],
    hours: int,
    hour_word: str,
    minutes: int,
    gap: str,
) -> None:
    """Minutes after the hours, two digits as on a clock, without their unit, are minutes."""
    before = "".join(f"{number}{word} " for (number, _), word, _ in larger)
    typed = f"{before}{hours}{hour_word}{gap}{minutes:02d}"
    expected = sum(number * SECONDS[unit] for (number, unit), _, _ in larger)
    assert parse_duration(typed) == expected + hours * 3600 + minutes * 60


@pytest.mark.parametrize(
    "typed", ["1h60", "1h 90", "1h 2", "1h5", "1h 30 30", "1d30", "30m 30", "1h30s05"]
)
def test_a_bare_number_after_anything_but_hours_is_no_minutes(typed: str) -> None:
    """Only 00 to 59 after the hours read as minutes: `1h60`, `1h 2` and `1d30` are refused."""
    with pytest.raises(UserError, match="is not a duration"):
        parse_duration(typed)


def _parse_duration_before(text: str) -> int:
    """`parse_duration` as it read before minutes after hours did: a bare number, or a
    value ending in its unit."""
    cleaned = typed_duration(text).strip().lower()
    if cleaned[-1:].isdigit() and not cleaned.isdigit():
        raise UserError("not a duration before")
    return parse_duration(text)


#: The words of a poll as typed after its question: labels, `|`, durations old and new,
#: numbers and settings, by position or named.
LINE_WORD = st.sampled_from(
    [
        "A",
        "B",
        "Dîner",
        "|",
        "1h",
        "2d",
        "1h30",
        "21h30",
        "2h",
        "30",
        "05",
        "1",
        "2",
        "true",
        "yes",
        "1d",
        "12h",
        "duration:1h30",
        "duration:2h",
        '"A | B"',
        "In",
        "h30",
        "1H30",
    ]
)


@given(st.lists(LINE_WORD, max_size=8))
@example(["A", "|", "B", "1h30"])  # a label as before: `21h30` ends a label as a time of day
@example(["A", "|", "B", "2h", "1"])  # `1` is still `anonymous`, not a minute
@example(["A", "1h", "1h30"])  # the label `A 1h 1h30`, as before
def test_a_line_that_parsed_before_minutes_after_hours_parses_the_same(words: list[str]) -> None:
    """Reading `1h30` as a duration changes how no typed line that read before splits: a
    label ending `1h30` (or `21h30`, a time of day) stays a label, `2h 1` stays a duration
    and `anonymous`, and only lines that were refused may now read."""
    line = "Q? " + " ".join(words)
    with patch("bot.core.registry.parse_duration", _parse_duration_before):
        try:
            before = parse_arguments(POLL, line)
        except UserError:
            return
    assert parse_arguments(POLL, line) == before


@given(
    st.lists(PART, min_size=1, max_size=4),
    st.sampled_from(["", " anonymous:yes", " yes", ' "Lunch at noon?"']),
)
def test_a_value_named_as_a_duration_reads_its_units_in_words_unquoted(
    parts: list[tuple[tuple[int, str], str, str]], after: str
) -> None:
    """`duration:2 hours` unquoted lost its "hours" to the next option ("`anonymous` must
    be true or false, not “hours”"), though the value reads units in words: the value goes
    on as far as it reads as a duration, and what follows it keeps its own place."""
    typed = " ".join(f"{number}{gap}{word}" for (number, _), word, gap in parts)
    expected = sum(number * SECONDS[unit] for (number, unit), _, _ in parts)
    values = parse_arguments(POLL, f'options:"Pizza | Sushi" duration:{typed}{after}')
    assert parse_duration(values["duration"]) == expected
    assert values["duration"] == " ".join(typed.split())
    assert [value for name, value in values.items() if name not in ("options", "duration")] == (
        [after.strip().removeprefix("anonymous:").strip('"')] if after else []
    )


async def test_discord_runs_a_poll_typed_for_2_hours_for_two_hours(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    options = {"question": "Lunch?", "options": "Pizza | Sushi", "duration": "2 hours"}
    message = message_of(await fake.answer(await fake.command("poll", options)))
    custom = message["components"][0]["components"][0]["custom_id"]
    poll = await discord_bot.polls.store.get(int(custom.split(":")[2]))  # poll:v1:<poll>:1
    assert poll is not None and poll.closes_at is not None
    assert poll.closes_at - poll.created_at == 2 * 3600


async def test_slack_runs_a_poll_named_for_1_week_for_a_week(slack_bot: Slack) -> None:
    await slack_bot.command("/poll", 'question:"Lunch?" options:"Pizza | Sushi" duration:"1 week"')
    poll_id, _, _ = await slack_bot.posted_poll()
    poll = await slack_bot.app.polls.store.get(poll_id)
    assert poll is not None and poll.closes_at is not None
    assert poll.closes_at - poll.created_at == 7 * 86400


async def test_slack_runs_a_poll_named_for_2_hours_30_min_unquoted_for_that_long(
    slack_bot: Slack,
) -> None:
    await slack_bot.command("/poll", 'Lunch? options:"Pizza | Sushi" duration:2 hours 30 min')
    poll_id, _, _ = await slack_bot.posted_poll()
    poll = await slack_bot.app.polls.store.get(poll_id)
    assert poll is not None and poll.closes_at is not None
    assert poll.closes_at - poll.created_at == 2 * 3600 + 30 * 60


#: Units polls run for (a minute to weeks), each spelt in words, as after a label.
SPAN_WORDS = st.sampled_from(sorted(set(SECONDS) - {"s"})).flatmap(
    lambda unit: st.tuples(
        st.just(unit), st.sampled_from([w for w in SPELLINGS[unit] if len(w) > 1])
    )
)


@given(st.integers(1, 30), SPAN_WORDS, st.sampled_from(["Sushi", "Sushi roll", "In"]))
def test_a_span_in_words_after_the_last_option_is_asked_about_with_both_readings(
    number: int, unit: tuple[str, str], label: str
) -> None:
    """`Pizza | Sushi 2 hours` is refused with both readings, each whole: pasted, one keeps
    the words in the label and sets no deadline, the other sets exactly that span. A span
    no poll runs for (`5 weeks`) is refused with the range, and only the first is offered,
    as `40d` is."""
    letter, word = unit
    typed = f"{number} {word}"
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, f"Lunch? Pizza | {label} {typed}")
    message = caught.value.message
    forms = [_pasted(form) for form in _SUGGESTED.findall(message)]
    assert forms[0] == {"question": "Lunch?", "options": f"Pizza | {label} {typed}"}
    if number * SECONDS[letter] > MAX_DURATION:
        assert "must be from" in message and len(forms) == 1
        return
    assert TWO_READINGS in message and len(forms) == 2
    assert forms[1]["options"] == f"Pizza | {label}"
    assert parse_duration(forms[1]["duration"]) == number * SECONDS[letter]


@given(st.integers(1, 30), SPAN_WORDS, st.sampled_from(SPELLINGS["s"]))
def test_a_whole_option_or_seconds_in_words_stay_labels(
    number: int, unit: tuple[str, str], seconds: str
) -> None:
    """A span that is the whole last option (`1 day | 2 days`) is no deadline: taking it
    would leave the option empty. Seconds stay words (`Early 90 seconds`): no poll runs for
    seconds."""
    whole = f"Now | {number} {unit[1]}"
    assert parse_arguments(POLL, f"When? {whole}") == {"question": "When?", "options": whole}
    timed = f"Fast | Slow {number} {seconds}"
    assert parse_arguments(POLL, f"Pace? {timed}") == {"question": "Pace?", "options": timed}


@given(st.floats(min_value=0.001, max_value=MAX_DURATION, allow_nan=False))
@example(20.0)  # `/daily status` said "in 0s" for a post 20 seconds away
@example(29.999)
@example(30.0)
def test_a_wait_is_told_truly_and_never_as_none(seconds: float) -> None:
    """Under a minute is "less than a minute"; a longer wait reads back as a duration within
    half a minute of it, never `0s`."""
    told = format_wait(seconds)
    if seconds < 60:
        assert told == "less than a minute"
    else:
        assert abs(parse_duration(told) - seconds) <= 30
