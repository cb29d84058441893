"""When daily posts fire: parsing, and daylight saving in New York, London and Sydney."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import tzdata
from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.core.errors import UserError
from bot.core.markup import TOKEN
from bot.daily.schedule import (
    Slot,
    describe_schedule,
    ended_with_its_day,
    format_time,
    gmt_hint,
    join_spelled_time,
    local_date,
    missed_slot,
    next_slot,
    order_time_and_zone,
    parse_time,
    parse_zone,
    plan,
    slot_on,
    split_half_day,
    time_and_zone,
    zone_names,
)
from bot.daily.zone_abbreviations import abbreviations, meanings
from tests.test_console_typed_lines import widened
from tests.test_markup_in_typed_text import TOKENS

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")
#: Springs forward from 23:00 -02 on Saturday to 00:00 -01 on Sunday: the jump ends the day.
NUUK = ZoneInfo("America/Nuuk")
HOUR = 3600.0


def utc(*parts: int) -> float:
    return datetime(*parts, tzinfo=UTC).timestamp()


def wall(instant: float, zone: ZoneInfo) -> str:
    return datetime.fromtimestamp(instant, zone).strftime("%Y-%m-%d %H:%M %Z")


# -- parsing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("09:30", time(9, 30)), ("9:05", time(9, 5)), (" 23:59 ", time(23, 59)), ("00:00", time())],
)
def test_times_are_hh_mm_on_a_24_hour_clock(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "12:60",
        "",
        "09:30:00",
        "-1:00",
        "13pm",
        "0am",
        "9:60am",
        "\u0660\u0669:00",
        "25",
        "9.3",
        "9h3",
        "1.5.0",
        "noonish",
        "13 noon",
    ],
)
def test_bad_times_say_what_is_expected(text: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_time(text)
    assert "use HH:MM on a 24-hour clock, e.g. 09:30, or 9:30am." in caught.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9", time(9)),
        ("09", time(9)),
        ("0", time(0)),
        ("9.30", time(9, 30)),
        ("21.05", time(21, 5)),
        ("21h", time(21)),
        ("21h30", time(21, 30)),
        ("9H05", time(9, 5)),
        ("9 o'clock", time(9)),
        ("12 o\u2019clock", time(12)),
        ("noon", time(12)),
        ("12 Noon", time(12)),
        ("midday", time(12)),
        ("MIDNIGHT", time(0)),
        ("9.30pm", time(21, 30)),
    ],
)
def test_a_time_typed_as_people_type_it_is_the_time_it_names(text: str, expected: time) -> None:
    """Regression: `/daily on 9`, `9.30`, `21h` and `noon` were each "not a time of day",
    though each names one moment."""
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9 30", time(9, 30)),
        ("0930", time(9, 30)),
        ("930", time(9, 30)),
        ("2115", time(21, 15)),
        ("9 30 pm", time(21, 30)),
        ("7 o'clock pm", time(19)),
        ("seven o'clock PM", time(19)),
        ("half past 9 pm", time(21, 30)),
        ("a quarter to 10 a.m.", time(9, 45)),
        ("20 past 7pm", time(19, 20)),
        ("quarter to 1 pm", time(12, 45)),
        ("half past 21", time(21, 30)),
        ("quarter past noon", time(12, 15)),
        ("half past midnight", time(0, 30)),
        ("quarter to midnight", time(23, 45)),
        ("at 9am", time(9)),
    ],
)
def test_a_time_left_from_the_first_pass_reads_as_the_time_it_names(
    text: str, expected: time
) -> None:
    """Regression: `9 30`, `0930`, `7 o'clock pm` and `half past 9 pm` were each "not a
    time of day: use HH:MM", though each names one moment."""
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12:00 noon", time(12)),
        ("12.00 Midday", time(12)),
        ("00:00 midnight", time(0)),
        ("12:00 midnight", time(0)),
        ("twelve noon", time(12)),  # `12 noon` read, its hour in words did not
        ("Twelve midnight", time(0)),
        ("0930 hrs", time(9, 30)),
        ("2115 hours", time(21, 15)),
        ("21:30 Uhr", time(21, 30)),
        ("21h30 Uhr", time(21, 30)),
        ("21 Uhr", time(21)),
        ("9:30h", time(9, 30)),
        ("21.30 h", time(21, 30)),
        ("21 h 30", time(21, 30)),
    ],
)
def test_a_time_with_the_word_that_says_it_is_one_reads(text: str, expected: time) -> None:
    """Regression: `12 noon` read but `12:00 noon` and `twelve noon` were "not a time of
    day", as were `0930 hrs`, `21:30 Uhr`, `9:30h` and the French typographer's `21 h 30`."""
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text", ["12:30 noon", "00:00 noon", "13:00 midday", "9 hrs", "21h30h", "twelve:30 noon"]
)
def test_a_clock_word_that_does_not_fit_the_time_is_no_time(text: str) -> None:
    """A clock reading that is not the named time's names two moments, and `9 hrs` is as
    likely a span: each is refused, not guessed."""
    with pytest.raises(UserError, match="is not a time of day"):
        parse_time(text)


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("half past 9", "9:30am or 9:30pm"),
        ("half past nine", "9:30am or 9:30pm"),
        ("quarter to ten", "9:45am or 9:45pm"),
        ("quarter to 1", "12:45am or 12:45pm"),
        ("5 past 12", "12:05am or 12:05pm"),
    ],
)
def test_a_spoken_time_that_names_two_moments_is_answered_with_both(
    text: str, readings: str
) -> None:
    """Regression: "“half past 9” is not a time of day: use HH:MM", which left the admin to
    work out which of the two 9:30s they meant, and how to write it."""
    with pytest.raises(UserError) as caught:
        parse_time(text)
    assert caught.value.message == f"“{text}” could be morning or evening: type {readings}."


#: The spellings of `hour:minute` on a 24-hour clock people type (`_spellings`).
_24_HOUR_FORMS = (
    "{h}:{m:02d}",
    "{h:02d}:{m:02d}",
    "{h}.{m:02d}",
    "{h:02d}.{m:02d}",
    "{h}h{m:02d}",
    "{h} {m:02d}",
    "{h:02d}{m:02d}",
    "{h}{m:02d}",
    "{h} h {m:02d}",
    "{h}:{m:02d} Uhr",
    "{h}h{m:02d} Uhr",  # French and German at once: was "Unknown time zone “Uhr”"
    "{h} h {m:02d} Uhr",
    "{h}.{m:02d}h",
    "{h:02d}{m:02d} hrs",
    "{h:02d}{m:02d} hours",
)
#: The spellings of a whole hour.
_HOUR_FORMS = ("{h}", "{h:02d}", "{h}h", "{h}H", "{h} o'clock", "{h}:00", "{h} Uhr", "{h} h")
#: A quarter or half of an hour as people say it: minutes past the hour, the phrase, and
#: whether it counts back from the next hour.
_SPOKEN_PARTS = {15: ("quarter past", False), 30: ("half past", False), 45: ("quarter to", True)}


def _spellings(hour: int, minute: int) -> list[str]:
    """Every way `_24_HOUR_FORMS`, `_HOUR_FORMS`, the 12-hour clock and speech write a
    time that names one moment."""
    forms = [form.format(h=hour, m=minute) for form in _24_HOUR_FORMS]
    if minute == 0:
        forms += [form.format(h=hour) for form in _HOUR_FORMS]
    half = "pm" if hour >= 12 else "am"
    dial = hour % 12 or 12
    forms += [f"{dial}.{minute:02d}{half}", f"{dial}:{minute:02d} {half}"]
    forms.append(f"{dial} {minute:02d}{half}")
    if minute == 0:
        forms.append(f"{dial} o'clock {half}")
    if (hour, minute) == (12, 0):
        forms += ["12:00 noon", "12.00 midday", "twelve noon"]
    if (hour, minute) == (0, 0):
        forms += ["00:00 midnight", "12:00 midnight", "twelve midnight"]
    if minute in _SPOKEN_PARTS:
        phrase, back = _SPOKEN_PARTS[minute]
        spoken_dial = (dial % 12) + 1 if back else dial
        # the half of the day is the one the time falls in (quarter to 1 pm is 12:45)
        forms.append(f"{phrase} {spoken_dial} {half}")
        if hour > 12 and not back:
            forms.append(f"{phrase} {hour}")  # past 12 it names one moment
    return forms


@given(
    st.integers(0, 23),
    st.sampled_from([0, 5, 30, 59]) | st.integers(0, 59),
    st.data(),
    st.sampled_from(["", " ", "\t", "\u00a0", "\u3000"]),
    st.sampled_from([str, str.upper, str.lower]),
)
def test_every_spelling_of_a_time_names_that_time(
    hour: int,
    minute: int,
    data: st.DataObject,
    space: str,
    case: Callable[[str], str],
) -> None:
    """Whatever spelling, case and surrounding whitespace, a time is read as the one moment
    it names, and the form it is shown in (`format_time`) reads back the same."""
    typed = data.draw(st.sampled_from(_spellings(hour, minute)))
    assert parse_time(f"{space}{case(typed)}{space}") == time(hour, minute)
    assert parse_time(format_time(time(hour, minute))) == time(hour, minute)


@given(st.integers(25, 99), st.sampled_from(["{}", "{}h", "{}:00", "{}.00", "{} o'clock"]))
def test_an_hour_past_the_day_is_no_time(hour: int, form: str) -> None:
    """No hour past 24 reads as a time, however it is written (24 is told to write 00:00)."""
    with pytest.raises(UserError, match="is not a time of day"):
        parse_time(form.format(hour))


@given(st.text(max_size=40))
def test_a_time_read_reads_the_same_shown(text: str) -> None:
    """Whatever is typed that reads as a time, the `HH:MM` the channel is shown for it
    reads back as that time: the schedule stored is the one announced."""
    try:
        read = parse_time(text)
    except UserError:
        return
    assert parse_time(format_time(read)) == read


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9am", time(9)),
        ("9:30 pm", time(21, 30)),
        ("12 a.m.", time(0)),
        ("12pm", time(12)),
        ("12:15AM", time(0, 15)),
        ("11:59 P.M.", time(23, 59)),
    ],
)
def test_a_time_on_a_12_hour_clock_is_read_as_people_mean_it(text: str, expected: time) -> None:
    """Regression: `/daily on time:9am` was refused, though it can mean one time only."""
    assert parse_time(text) == expected


@given(st.integers(0, 23), st.integers(0, 59), st.booleans())
def test_a_time_typed_in_full_width_reads_as_typed_in_ascii(
    hour: int, minute: int, twelve_hour: bool
) -> None:
    """A Japanese input method types `９：３０ｐｍ`: the same time as `9:30pm`."""
    typed = (
        f"{hour % 12 or 12}:{minute:02d}{'pm' if hour >= 12 else 'am'}"
        if twelve_hour
        else (f"{hour}:{minute:02d}")
    )
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in typed)
    assert parse_time(full_width) == parse_time(typed) == time(hour, minute)


#: Times as people type them, in every way `parse_time` reads one.
SPELLED_TIMES = [
    "21:30 Uhr",
    "21 Uhr",
    "0930 hrs",
    "0930 hours",
    "9:30h",
    "21h30",
    "21 h 30",
    "9.30",
    "noon",
    "12 midnight",
    "7 o'clock pm",
    "9 a.m.",
    "quarter to 10 pm",
    "at 9am",
    "nine pm",
]


@given(typed=st.sampled_from(SPELLED_TIMES), widths=st.lists(st.booleans(), min_size=20))
@example(typed="21:30 Uhr", widths=[True] * 20)  # `２１：３０ Ｕｈｒ` was "unknown zone Uhr"
@example(typed="21h30", widths=[True] * 20)  # the French `ｈ` was no time
@example(typed="7 o'clock pm", widths=[True] * 20)
def test_any_time_typed_partly_or_wholly_in_full_width_reads_as_in_ascii(
    typed: str, widths: list[bool]
) -> None:
    """A phone with a Chinese or Japanese keyboard sends `２１：３０ Ｕｈｒ` for the keys of
    `21:30 Uhr`, in full width wholly or in part (the input method switched on midway),
    its spaces ideographic: read as the same time, whatever the form of the time."""
    shown = "".join(
        ("\u3000" if char == " " else chr(ord(char) + 0xFEE0)) if wide else char
        for char, wide in zip(typed, widths + [False] * len(typed), strict=False)
    )
    assert parse_time(shown) == parse_time(typed)


@given(
    st.sampled_from(sorted(zone_names())), st.sampled_from(["9:30", "21:30", "9:30pm", "9", "12"])
)
def test_no_zone_loses_a_word_to_the_time(zone: str, typed: str) -> None:
    """Only an `am`/`pm` typed apart from the time moves to it: no zone starts so."""
    assert split_half_day(typed, zone) == (typed, zone)
    assert split_half_day(typed, None) == (typed, None)


@given(
    st.sampled_from(sorted(zone_names())),
    st.sampled_from(["9:30", "21:30", "9:30pm", "12 a.m.", "07:05 PM", "9", "9.30", "21h", "noon"]),
    st.sampled_from([str, str.lower, str.upper]),
)
def test_a_zone_typed_where_the_time_goes_is_read_as_the_zone(
    zone: str, typed: str, case: Callable[[str], str]
) -> None:
    """By position the first word fills `time`: `/daily on Europe/London 9:30` typed the
    zone first. No zone name reads as a time nor any time as a zone, so each goes where it
    belongs, and nothing typed in order moves."""
    zone = case(zone)
    assert order_time_and_zone(zone, typed) == (typed, zone)
    assert order_time_and_zone(zone, None) == (None, zone)
    assert order_time_and_zone(typed, zone) == (typed, zone)
    assert order_time_and_zone(typed, None) == (typed, None)


@given(st.text(max_size=20), st.one_of(st.none(), st.text(max_size=20)))
def test_typed_words_are_only_moved_when_a_zone_fills_the_time(
    typed_time: str, typed_zone: str | None
) -> None:
    """Any text: left as typed, or swapped when what fills `time` is a zone (never a word
    lost or made up)."""
    ordered = order_time_and_zone(typed_time, typed_zone)
    assert ordered in {(typed_time, typed_zone), (typed_zone, typed_time)}
    if ordered != (typed_time, typed_zone):
        parse_zone(typed_time)  # a UserError here fails the test


@pytest.mark.parametrize(
    ("typed_time", "typed_zone", "expected"),
    [
        # regression: each was refused as "“half” is not a time of day" (or “nine”)
        ("half", "past nine", ("half past nine", None)),
        ("nine", "thirty Europe/Berlin", ("nine thirty", "Europe/Berlin")),
        ("tomorrow", " 9am ", ("tomorrow 9am", None)),
        # each read, or tried, for itself: its own refusal names it
        ("25:00", "Paris", ("25:00", "Paris")),
        ("half", "Europe/Paris", ("half", "Europe/Paris")),
        ("half", "past nine Mars/Olympus", ("half", "past nine Mars/Olympus")),
        ("noon", "Paris", ("noon", "Paris")),
        ("half", None, ("half", None)),
    ],
)
def test_a_time_in_words_split_by_position_is_made_whole(
    typed_time: str, typed_zone: str | None, expected: tuple[str, str | None]
) -> None:
    assert join_spelled_time(typed_time, typed_zone) == expected


@given(
    st.text(max_size=20) | st.sampled_from(["half", "nine", "noon", "9", "quarter"]),
    st.none()
    | st.text(max_size=20)
    | st.sampled_from(["past nine", "thirty Europe/Berlin", "UTC", "pm", " ", ""]),
)
@example(typed_time="", typed_zone="0")  # drawn: joined as " 0", which reads as 00:00
def test_words_typed_for_a_time_are_joined_only_when_neither_part_reads(
    typed_time: str, typed_zone: str | None
) -> None:
    """Any text: left as typed, or the words of both, in order, none lost nor made up, in
    a time that still does not read; a time or a zone that reads is never touched.

    Except a blank time: joined, it is just the zone's words, which may read ("0"). No
    command hands one over: `Option.convert` refuses it first ("`time` needs a value").
    Nor one whose half of the day was typed apart (`nine` and `pm`): `split_half_day`,
    the step before this one, has already given it back to the time, which reads."""
    joined = join_spelled_time(typed_time, typed_zone)
    if joined == (typed_time, typed_zone):
        return
    assert typed_zone is not None
    time_words, zone_words = joined
    assert time_words is not None
    assert f"{time_words} {zone_words or ''}".split() == f"{typed_time} {typed_zone}".split()
    with pytest.raises(UserError):
        parse_time(typed_time)
    if typed_time.strip() and split_half_day(typed_time, typed_zone) == (typed_time, typed_zone):
        with pytest.raises(UserError):
            parse_time(time_words)
    with pytest.raises(UserError):
        parse_zone(typed_zone)
    if zone_words is not None:
        parse_zone(zone_words)  # a UserError here fails the test


@pytest.mark.parametrize(
    ("typed_time", "typed_zone", "expected"),
    [
        ("9:30", "pm", ("9:30 pm", None)),
        ("9:30", "P.M. Europe/Paris", ("9:30 P.M.", "Europe/Paris")),
        # regression: `/daily on 9 o'clock` read "o'clock" as the zone, once 9 was a time
        ("9", "o'clock Europe/Paris", ("9 o'clock", "Europe/Paris")),
        ("12", "noon", ("12 noon", None)),
        ("twelve", "noon Europe/London", ("twelve noon", "Europe/London")),
        ("9:30pm", "pm", ("9:30pm", "pm")),  # a second pm is no time: left for its refusal
        ("9:30", "noon", ("9:30", "noon")),
    ],
)
def test_a_word_of_the_time_typed_apart_goes_back_to_the_time(
    typed_time: str, typed_zone: str, expected: tuple[str, str | None]
) -> None:
    assert split_half_day(typed_time, typed_zone) == expected


@given(
    st.integers(1, 12),
    st.sampled_from([("half", 30), ("quarter", 15), ("a quarter", 15), ("10", 10), ("20", 20)]),
    st.sampled_from(["past", "to"]),
    st.booleans(),
)
def test_a_spoken_time_on_the_dial_reads_only_with_its_half_of_the_day(
    hour: int, part: tuple[str, int], way: str, in_words: bool
) -> None:
    """`half past 9` is 9:30 in the morning or the evening: it is refused with both, each
    of which reads, twelve hours apart, and the one typed back with `am` or `pm` after the
    phrase reads as that reading."""
    words = "zero one two three four five six seven eight nine ten eleven twelve".split()
    typed = f"{part[0]} {way} {words[hour] if in_words else hour}"
    with pytest.raises(UserError) as caught:
        parse_time(typed)
    first, second = re.findall(r"[0-9]+:[0-9]{2}[ap]m", caught.value.message)
    morning, evening = parse_time(first), parse_time(second)
    minutes = (evening.hour - morning.hour) * 60 + evening.minute - morning.minute
    assert minutes == 12 * 60
    assert parse_time(f"{typed} am") == morning and parse_time(f"{typed} pm") == evening
    offset = part[1] if way == "past" else -part[1]
    # on the dial: `quarter to 12` is 11:45, `quarter to 1` 12:45
    assert (morning.hour * 60 + morning.minute - offset - hour * 60) % (12 * 60) == 0


#: Words naming a day that people type with a time (`/daily on 9am tomorrow`).
_DAYS = ["tomorrow", "today", "tonight", "every day", "daily", "weekdays", "Monday", "each day"]


@given(
    st.sampled_from(_DAYS),
    st.integers(0, 23),
    st.integers(0, 59),
    st.data(),
    st.booleans(),
    st.sampled_from([str, str.upper, str.capitalize]),
)
def test_a_time_typed_with_a_day_is_told_no_day_is_needed(
    day: str,
    hour: int,
    minute: int,
    data: st.DataObject,
    day_first: bool,
    case: Callable[[str], str],
) -> None:
    """Regression: `/daily on 9 am tomorrow` was told "Unknown time zone “tomorrow”. Use an
    IANA name such as Europe/London", and `tomorrow 9am` "use HH:MM": a day is never read
    (reading the time alone would drop the day unsaid), nor taken for a zone; the
    refusal says to type the time alone."""
    typed_time = data.draw(st.sampled_from(_spellings(hour, minute)))
    typed = f"{case(day)} {typed_time}" if day_first else f"{typed_time} {case(day)}"
    for refused in (lambda: parse_time(typed), lambda: parse_zone(case(day))):
        with pytest.raises(UserError) as caught:
            refused()
        assert "daily takeaways go out every day, so no day is needed: type the time alone" in (
            caught.value.message
        )


@given(st.integers(0, 23), st.integers(0, 59), st.data(), st.sampled_from(["", "Europe/Paris"]))
def test_a_time_typed_apart_by_position_is_made_whole(
    hour: int, minute: int, data: st.DataObject, zone: str
) -> None:
    """By position the first word of `/daily on 7 o'clock pm Europe/Paris` fills `time`
    and the rest `tz`: whatever spelling is typed, every word of the time goes back to it
    and the zone stays the zone (`9 30` had read "30" as a zone, `7 o'clock pm` "pm")."""
    typed = data.draw(st.sampled_from([s for s in _spellings(hour, minute) if " " in s]))
    first, rest = typed.split(" ", 1)
    assert split_half_day(first, f"{rest} {zone}") == (typed, zone or None)


@given(
    st.integers(0, 23),
    st.integers(0, 59),
    st.data(),
    st.sampled_from(sorted(zone_names())),
    st.booleans(),
)
def test_a_time_and_zone_typed_in_one_field_are_each_read_for_what_they_are(
    hour: int, minute: int, data: st.DataObject, zone: str, zone_first: bool
) -> None:
    """Regression: Discord types each field apart, and `time: 9:30 Europe/London` was
    refused as no time of day. Whichever field holds both, in either order, and however
    the time is spelled, the time is the time and the zone the zone."""
    typed = data.draw(st.sampled_from(_spellings(hour, minute)))
    both = f"{zone} {typed}" if zone_first else f"{typed} {zone}"
    assert time_and_zone(both, None) == (typed, zone)
    assert time_and_zone(typed, None) == (typed, None)


@given(
    st.lists(st.one_of(TOKENS, st.sampled_from(["9:30", "pm", "Europe/Paris", "half", "past"]))),
    st.lists(st.one_of(TOKENS, st.sampled_from(["9", "30", "pm", "UTC"]))),
    st.booleans(),
)
@example(["<@U0ANN|Ann Lee>"], [], False)
@example(["9:30", "<#C0DEV|europe london>"], [], False)
def test_no_field_is_given_part_of_a_token(
    in_time: list[str], in_zone: list[str], zone_typed: bool
) -> None:
    """Words move between the time and the zone at spaces, never at one inside a token,
    and a refusal quotes no token's markup: `/daily on <@U1|Ann Lee>` was told "“<@U1|Ann”
    is not a time of day"."""
    typed = (" ".join(in_time) or None, " ".join(in_zone) if zone_typed else None)
    fields = [field for field in time_and_zone(*typed) if field is not None]
    tokens = [t.group() for field in typed if field for t in TOKEN.finditer(field)]
    assert sorted(t.group() for field in fields for t in TOKEN.finditer(field)) == sorted(tokens)
    for field, parse in zip(time_and_zone(*typed), (parse_time, parse_zone), strict=True):
        if field is None:
            continue
        try:
            parse(field)
        except UserError as refusal:
            assert not any(live in refusal.message for live in ("<@", "<#", "<!")), refusal


def test_24_00_is_answered_with_the_spelling_that_works() -> None:
    """Regression: `time:24:00` got "use HH:MM on a 24-hour clock", which it is."""
    with pytest.raises(UserError, match=r"^24:00 is written 00:00 here"):
        parse_time("24:00")


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from(["{}m", " {}m", "{}M", " {}.m."]))
def test_a_12_hour_time_is_the_24_hour_time_it_names(hour: int, minute: int, suffix: str) -> None:
    half = suffix.format("p" if hour >= 12 else "a")
    typed = f"{hour % 12 or 12}:{minute:02d}{half}"
    assert parse_time(typed) == parse_time(f"{hour:02d}:{minute:02d}") == time(hour, minute)


#: The half of the day as people and phones write it: Spanish-speaking ones (CLDR's `es`
#: locales) write `a. m.`, a space inside, often a no-break one.
HALF_DAY_MARKS = ["{}m", "{}.m.", "{}. m.", "{}.\u00a0m.", "{}.m", "{} m"]


@given(
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from(HALF_DAY_MARKS),
    st.sampled_from(["", " ", "\u00a0", "\u202f"]),
    st.sampled_from(["{}:{:02d}", "{} {:02d}", "half past {}", "{}"]),
    st.sampled_from([str, str.upper]),
)
@example(21, 30, "{}. m.", " ", "{}:{:02d}", str)  # `9:30 p. m.` was "not a time of day"
def test_the_half_of_the_day_reads_however_it_is_written(
    hour: int,
    minute: int,
    mark: str,
    space: str,
    form: str,
    case: Callable[[str], str],
) -> None:
    """`9:30 p. m.`, as a phone set to Spanish writes it, names 21:30 as `9:30 pm` does,
    with a clock time, an hour alone or a spoken time."""
    if form == "half past {}":
        minute = 30
    elif form == "{}":
        minute = 0
    dial = hour % 12 or 12
    half = mark.format("p" if hour >= 12 else "a")
    typed = form.format(dial, minute) + space + half
    assert parse_time(case(typed)) == time(hour, minute), typed


#: The hours of the 12-hour dial as people spell them.
DIAL_WORDS = "one two three four five six seven eight nine ten eleven twelve".split()


@given(
    st.integers(0, 23),
    st.sampled_from([str, str.upper, str.title]),
    st.sampled_from(["{}m", " {}m", " {}.m.", "{}.m."]),
    st.sampled_from(["", " o'clock"]),
)
@example(21, str, " {}m", "")  # `nine pm` was "not a time of day", though `nine o'clock pm` read
def test_an_hour_in_words_then_am_or_pm_is_the_time_it_names(
    hour: int, case: Callable[[str], str], suffix: str, clock: str
) -> None:
    """`nine pm`, `Ten AM`, `twelve p.m.`: an hour of the dial in words names one moment
    with its half of the day, as its digits do (`9 pm`) and as it did with `o'clock`; and
    typed by position (`/daily on nine pm`) the half of the day goes back to the time."""
    word = DIAL_WORDS[(hour % 12 or 12) - 1]
    half = suffix.format("p" if hour >= 12 else "a")
    assert parse_time(case(f"{word}{clock}{half}")) == time(hour)
    assert time_and_zone(word, half.strip()) == (f"{word} {half.strip()}", None)


@given(
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from(["{}", "0{}"]),
    st.sampled_from(["{}m", " {}m", "{}M", " {}.m."]),
)
@example(21, 30, "{}", "{}m")  # `930pm` was "not a time of day", though `930` and `9:30pm` read
@example(10, 30, "{}", "{}m")
def test_a_12_hour_time_with_its_digits_together_is_the_time_it_names(
    hour: int, minute: int, dial_form: str, suffix: str
) -> None:
    """`930pm`, `1030 am`, `0715PM`: the hours and minutes written together, as `0930` is
    on a 24-hour clock, then the half of the day; and typed apart by position (`/daily on
    930 pm`), the half of the day goes back to the time rather than being read as a zone."""
    dial = dial_form.format(hour % 12 or 12)[-2:]
    half = suffix.format("p" if hour >= 12 else "a")
    assert parse_time(f"{dial}{minute:02d}{half}") == time(hour, minute)
    assert time_and_zone(f"{dial}{minute:02d}", half.strip()) == (
        f"{dial}{minute:02d} {half.strip()}",
        None,
    )


@given(
    st.text(max_size=30)
    | st.builds(
        " ".join,
        st.lists(
            st.sampled_from(
                ["9", "30", "half", "past", "quarter", "to", "pm", "am", "o'clock", "noon",
                 "tomorrow", "24:00", "0930", "nine", "at", "every", "day", "21", "13"]
            ),
            max_size=5,
        ),
    )
)
@example("half past 9")
@example("quarter to 13 pm")
def test_a_time_refused_is_told_a_time_to_type_that_reads(text: str) -> None:
    """Whatever is typed, a refusal names a time to type instead, and what it names reads
    (the ambiguous `half past 9` both of its readings)."""
    try:
        parse_time(text)
    except UserError as error:
        told = re.sub(r"“[^”]*”", "", error.message)  # what was typed, quoted back
        advice = re.split(r"\be\.g\.|\btype\b|\bwritten\b", told, maxsplit=1)[1:]
        suggested = re.findall(r"\b[0-9]{1,2}:[0-9]{2}(?:[ap]m)?\b", "".join(advice))
        assert suggested, error.message
        for typed in suggested:
            parse_time(typed)  # a UserError here fails the test


@given(st.text(max_size=300))
@example("DAILY")  # drawn: a day's refusal was 157 characters
def test_any_typed_time_is_a_time_of_day_or_a_short_refusal(text: str) -> None:
    """Whatever is typed, `/daily on time:` gets a time of day or a refusal that quotes a
    clipped copy of it (a pasted page is not sent back whole)."""
    try:
        assert isinstance(parse_time(text), time)
    except UserError as error:
        assert len(error.message) < 150


def test_zones_are_iana_names_matched_case_insensitively() -> None:
    assert parse_zone("Europe/London") == LONDON
    assert parse_zone(" europe/london ").key == "Europe/London"
    assert parse_zone("utc").key == "UTC"


#: Characters people paste unseen with a name copied off a web page or a chat message.
INVISIBLES = st.sampled_from(["", "\u200b", "\u200d", "\u2060", "\ufeff", "\u3164"])


@st.composite
def zones_as_typed(draw: st.DrawFn) -> tuple[str, str]:
    """A zone's name and the name as typed: any of its characters in full width (as with a
    Japanese input method on), in either case, with an invisible character anywhere."""
    zone = draw(st.sampled_from(zone_names()))
    typed = widened(zone, draw(st.lists(st.booleans(), min_size=len(zone), max_size=len(zone))))
    typed = draw(st.sampled_from([typed, typed.lower(), typed.upper()]))
    at = draw(st.integers(0, len(typed)))
    return zone, typed[:at] + draw(INVISIBLES) + typed[at:]


@given(zones_as_typed())
@example(("UTC", "ＵＴＣ"))  # was "Unknown time zone", with no name to try
@example(("Asia/Tokyo", "Ａｓｉａ／Ｔｏｋｙｏ"))
@example(("Europe/London", "Europe/London\u200b"))
def test_a_zone_typed_in_full_width_any_case_or_with_invisible_characters_is_that_zone(
    typed: tuple[str, str],
) -> None:
    zone, as_typed = typed
    assert parse_zone(as_typed).key.lower() == zone.lower()


def test_a_zone_typed_with_an_input_method_on_or_pasted_with_a_zero_width_space_is_read() -> None:
    assert parse_zone("ＵＴＣ").key == "UTC"
    assert parse_zone("Ａｓｉａ／Ｔｏｋｙｏ").key == "Asia/Tokyo"
    assert parse_zone("\u200bEurope/London\u200b") == LONDON
    with pytest.raises(UserError, match="“UTC\\+2” is an offset"):
        parse_zone("ＵＴＣ＋２")


def test_a_misspelt_zone_gets_suggestions() -> None:
    with pytest.raises(UserError) as caught:
        parse_zone("Europe/Lundon")
    assert caught.value.message.startswith("Unknown time zone “Europe/Lundon”. Did you mean")
    assert "Europe/London" in caught.value.message


@pytest.mark.parametrize(
    ("typed", "zones"),
    [
        ("Paris", "Europe/Paris"),
        ("new york", "America/New_York"),
        ("Sydney", "Australia/Sydney"),
        ("São Paulo", "America/Sao_Paulo"),
        ("buenos aires", "America/Argentina/Buenos_Aires, America/Buenos_Aires"),
    ],
)
def test_a_city_typed_alone_is_offered_the_zone_named_after_it(typed: str, zones: str) -> None:
    """People type the city: "Paris", "new york". They got "Use an IANA name such as …"
    with no suggestion (only London and Tokyo happened to be near enough their zone names
    by spelling). The zones named after the city are offered, never accepted unasked: a
    city's name may mean another place (Santiago de Compostela is not America/Santiago)."""
    with pytest.raises(UserError) as caught:
        parse_zone(typed)
    assert caught.value.message == f"Unknown time zone “{typed}”. Did you mean {zones}?"


def _city(zone: str) -> str:
    """The city part of an Area/City zone name as people type it: spaces for underscores."""
    return zone.rsplit("/", 1)[1].replace("_", " ")


#: Instants to compare zones' offsets at: a northern winter's day, and a summer's.
JANUARY = datetime(2027, 1, 15, 12, tzinfo=UTC)
JULY = datetime(2027, 7, 15, 12, tzinfo=UTC)
#: Every zone's name and every place's city (as `_city` writes it), in lower case.
NAMES = {(_city(name) if "/" in name else name).lower() for name in zone_names()}
_PLACES = [
    name
    for name in zone_names()
    if "/" in name and not name.startswith("Etc/") and not meanings(_city(name))
]


@given(
    st.sampled_from(_PLACES),
    st.sampled_from([str.lower, str.upper, str.title, str]),
)
def test_every_zone_s_city_typed_alone_finds_that_zone(
    zone: str, case: Callable[[str], str]
) -> None:
    """Whatever the case, a place's city typed alone is a refusal that offers its zone, or
    a zone name in its own right. (Etc/ names are offsets and UTC's aliases, no place; a
    "city" that is an abbreviation, WEST of Brazil/West, gets the abbreviation's advice.)"""
    typed = case(_city(zone))
    try:
        found = parse_zone(typed)
    except UserError as error:
        assert zone in error.message, error.message
    else:
        assert found.key.lower() == typed.lower()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Washington", "America/New_York"),
        ("Austin", "America/Chicago"),
        ("Portland", "America/Los_Angeles"),
        ("Bangalore", "Asia/Kolkata"),
        ("Mumbai", "Asia/Kolkata"),
        ("Atlanta", "America/New_York"),
    ],
)
def test_a_city_the_zone_database_lacks_is_not_offered_a_zone_hours_away(
    typed: str, meant: str
) -> None:
    """Cities tzdata has no zone for were offered names that merely share letters:
    Washington Asia/Yangon, Austin Australia/NSW, Portland Poland and Portugal, Bangalore
    Asia/Singapore, Mumbai Cuba: hours from the city, and taken up, a post at the wrong
    hour every day. A word is matched against the cities of place names, as a typo of one
    (Lundon, Chicgo), never against whole names or countries' names by shared letters."""
    with pytest.raises(UserError) as caught:
        parse_zone(typed)
    _, _, offered = caught.value.message.partition("Did you mean ")
    assert offered or caught.value.message.endswith(" America/New_York or UTC.")
    for name in _ZONE_WORD.findall(offered):
        for instant in (JANUARY, JULY):
            gap = ZoneInfo(name).utcoffset(instant) - ZoneInfo(meant).utcoffset(instant)
            assert abs(gap) <= timedelta(hours=1), caught.value.message


@given(st.sampled_from([name for name in _PLACES if len(_city(name)) >= 5]), st.data())
def test_a_city_typed_with_a_letter_missing_is_offered_its_zone(
    zone: str, data: st.DataObject
) -> None:
    """A typo of a city still finds it, however the other cities are spelled."""
    city = _city(zone)
    missing = data.draw(st.integers(0, len(city) - 1))
    typed = city[:missing] + city[missing + 1 :]
    assume(typed.lower() not in NAMES and not meanings(typed))  # not a name of its own
    with pytest.raises(UserError) as caught:
        parse_zone(typed)
    assert zone in caught.value.message


@pytest.mark.parametrize(
    "name", ["Mars/Olympus_Mons", "../../etc/passwd", "/etc/localtime", "localtime", ""]
)
def test_unknown_zones_and_paths_are_refused(name: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_zone(name)
    assert "Unknown time zone" in caught.value.message


@pytest.mark.parametrize(
    ("typed", "equivalent"),
    [
        (
            "UTC+2",
            "a fixed offset of UTC+2 is Etc/GMT-2 (the sign is inverted in those names). At "
            "UTC+2 all year: Africa/Maputo for central Africa (CAT); Africa/Tripoli for Libya, "
            "Kaliningrad (EET); Africa/Johannesburg for southern Africa (SAST)",
        ),
        (
            "GMT+2",
            "a fixed offset of UTC+2 is Etc/GMT-2 (the sign is inverted in those names). At "
            "UTC+2 all year: Africa/Maputo for central Africa (CAT); Africa/Tripoli for Libya, "
            "Kaliningrad (EET); Africa/Johannesburg for southern Africa (SAST)",
        ),
        # regression: told only "no zone name has a fixed offset", India was left to guess
        (
            "+05:30",
            "no zone name has a fixed offset of UTC+5:30. At UTC+5:30 all year: Asia/Colombo "
            "for Sri Lanka; Asia/Kolkata for India (IST)",
        ),
        (
            "utc−3",
            "a fixed offset of UTC-3 is Etc/GMT+3 (the sign is inverted in those names). At "
            "UTC-3 all year: America/Sao_Paulo for eastern and southern South America",
        ),
        ("UTC+0", "a fixed offset of UTC+0 is UTC"),
        ("UTC+13:45", "no zone name has a fixed offset of UTC+13:45"),  # Chatham: summer time
    ],
)
def test_an_offset_is_explained_not_matched_to_a_similar_name(typed: str, equivalent: str) -> None:
    """By spelling, UTC+2 is nearest to `UTC` (2 hours off) and GMT+2 to `Etc/GMT+2`, which
    is UTC-2 (4 hours off): an offset gets its one exact equivalent, or none."""
    with pytest.raises(UserError) as caught:
        parse_zone(typed)
    assert caught.value.message == (
        f"“{typed}” is an offset, not a time zone. Use a place name (Area/City) so that "
        f"daylight saving is followed; {equivalent}."
    )


@pytest.mark.parametrize("typed", ["Z", "z", " Z "])
def test_z_is_utc(typed: str) -> None:
    """ISO 8601's designator for UTC (tzdata calls it Zulu), not a misspelling of `NZ`."""
    assert parse_zone(typed).key == "UTC"


@st.composite
def typed_offsets(draw: st.DrawFn) -> tuple[str, timedelta]:
    """An offset as people type it, and the offset they mean: a UTC/GMT prefix, a sign
    (ASCII or typographic minus) or both, hours with or without a leading zero, minutes
    with or without a colon."""
    prefix = draw(st.sampled_from(["", "UTC", "GMT", "UT", "utc", "Gmt"]))
    signs = [("+", 1), ("-", -1), ("\u2212", -1)] + ([("", 1)] if prefix else [])
    sign, direction = draw(st.sampled_from(signs))
    hours = draw(st.integers(0, 24))
    minutes = draw(st.sampled_from([None, 0, 15, 30, 45]))
    text = prefix + draw(st.sampled_from(["", " "])) + sign
    text += draw(st.sampled_from([str(hours), f"{hours:02d}"]))
    if minutes is not None:
        text += draw(st.sampled_from(["", ":"])) + f"{minutes:02d}"
    return text, direction * timedelta(hours=hours, minutes=minutes or 0)


_ZONE_WORD = re.compile(r"[A-Za-z][\w+\-/]*")
_QUOTED = re.compile("“[^”]*”")
#: Where a place the refusal names keeps its clock: up to the next place, or the end.
_WHERE = re.compile(r" for [^;]*")


@given(typed_offsets())
def test_an_offset_never_gets_a_zone_at_another_offset(typed: tuple[str, timedelta]) -> None:
    """Whatever offset is typed, the zone accepted for it (`GMT+0`, say) or every zone the
    refusal names has that offset, in winter and in summer."""
    text, offset = typed
    try:
        zones = [parse_zone(text)]
    except UserError as error:
        assert "Did you mean" not in error.message
        advice = _QUOTED.sub("", error.message)  # the user's own text is no suggestion
        advice = _WHERE.sub("", advice)  # nor where a place is ("Tunisia (CET)")
        zones = [ZoneInfo(w) for w in _ZONE_WORD.findall(advice) if w in zone_names()]
    for zone in zones:
        for month in range(1, 13):
            assert datetime(2026, month, 15, tzinfo=zone).utcoffset() == offset, (text, zone)


#: The zones of tzdata's list of clocks kept from now on, read as a plain file here.
NOW_ZONES = [
    line.split("\t")[2]
    for line in (Path(tzdata.__file__).parent / "zoneinfo" / "zonenow.tab")
    .read_text("utf-8")
    .splitlines()
    if not line.startswith("#")
]


def _kept_all_year() -> dict[timedelta, set[str]]:
    """Those zones by the offset each keeps every month of 2026, UTC's aside."""
    months = [datetime(2026, month, 15, 12, tzinfo=UTC) for month in range(1, 13)]
    kept: dict[timedelta, set[str]] = {}
    for name in NOW_ZONES:
        offsets = {moment.astimezone(ZoneInfo(name)).utcoffset() for moment in months}
        if len(offsets) == 1 and (offset := offsets.pop()):
            kept.setdefault(offset, set()).add(name)
    return kept


KEPT_ALL_YEAR = _kept_all_year()


@st.composite
def offsets_kept_all_year(draw: st.DrawFn) -> tuple[str, set[str]]:
    """An offset some listed clock keeps all year, as people type it, and those clocks."""
    offset = draw(st.sampled_from(sorted(KEPT_ALL_YEAR)))
    hours, minutes = divmod(abs(int(offset.total_seconds())) // 60, 60)
    prefix = draw(st.sampled_from(["", "UTC", "GMT", "utc"]))
    signs = ["-", "\u2212"] if offset < timedelta(0) else ["+"] + (["", " +"] if prefix else [])
    text = prefix + draw(st.sampled_from(signs))
    text += draw(st.sampled_from([str(hours), f"{hours:02d}"]))
    if minutes or draw(st.booleans()):
        text += draw(st.sampled_from(["", ":"])) + f"{minutes:02d}"
    return text, KEPT_ALL_YEAR[offset]


@given(offsets_kept_all_year())
def test_an_offset_some_place_keeps_all_year_is_given_a_place(typed: tuple[str, set[str]]) -> None:
    """Regression: `UTC+5:30` was told to use a place name, and no place: whatever offset
    is typed, if a clock tzdata lists (`zonenow.tab`) keeps it all year, a place is named."""
    text, kept = typed
    with pytest.raises(UserError) as caught:
        parse_zone(text)
    assert any(f"{name} for " in caught.value.message for name in kept), text


def test_bst_suggests_london_and_warns_that_abbreviations_are_ambiguous() -> None:
    """By spelling, BST was nearest to MST, HST and EST: zones 5 to 10 hours from London."""
    with pytest.raises(UserError) as caught:
        parse_zone("BST")
    assert caught.value.message == (
        "“BST” is an abbreviation, not a time zone (abbreviations are ambiguous: IST and CST "
        "each name several places). Use a place name (Area/City) so that daylight saving is "
        "followed: Europe/London for British Summer Time."
    )


@pytest.mark.parametrize(
    ("typed", "zones"),
    [
        ("ist", ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]),
        ("CST", ["America/Chicago", "Asia/Shanghai", "America/Havana"]),
    ],
)
def test_an_ambiguous_abbreviation_lists_each_zone_it_stands_for(
    typed: str, zones: list[str]
) -> None:
    with pytest.raises(UserError) as caught:
        parse_zone(typed)
    assert caught.value.message.startswith(
        f"“{typed}” is an abbreviation, not a time zone, and an ambiguous one."
    )
    assert _named_zones(caught.value.message) == zones


def _named_zones(message: str) -> list[str]:
    """The Area/City words of a refusal, in order, less the user's own (quoted) text and
    the pattern `Area/City` itself."""
    words = _ZONE_WORD.findall(_QUOTED.sub("", message))
    return [word for word in words if "/" in word and word != "Area/City"]


_TYPED_ZONES = st.one_of(
    st.sampled_from(abbreviations()).flatmap(
        lambda a: st.sampled_from([a, a.lower(), a.title(), f" {a} "])
    ),
    st.text(st.sampled_from("ABCDEHIKMNOPSTUWZ"), min_size=1, max_size=5),
    st.text(max_size=12),
)


@given(_TYPED_ZONES)
def test_a_suggested_zone_is_a_real_zone_using_the_abbreviation_typed(typed: str) -> None:
    """Every zone a refusal names opens; one named for an abbreviation of the table shows
    that abbreviation at some time of the year (tzdata's own, not a guess such as SGT)."""
    try:
        parse_zone(typed)
    except UserError as error:
        named = _named_zones(error.message)
        for name in named:
            assert name in zone_names(), (typed, name)
        if meanings(typed):
            assert named == [meaning.zone for meaning in meanings(typed)]
            for name in named:
                written = {
                    datetime(2026, m, 15, tzinfo=ZoneInfo(name)).tzname() for m in range(1, 13)
                }
                assert typed.strip().upper() in written, (typed, name, written)


@pytest.mark.parametrize(
    ("typed", "zones"),
    [
        ("EST", ["America/New_York", "America/Panama"]),
        ("mst", ["America/Denver", "America/Phoenix"]),
    ],
)
def test_est_and_mst_are_refused_naming_the_clock_people_mean_and_the_fixed_one(
    typed: str, zones: list[str]
) -> None:
    """tzdata's EST is UTC-5 all year: "09:00 EST" posted at 10:00 New York time from March
    to November. MST is Arizona's all year, not Denver's."""
    with pytest.raises(UserError) as caught:
        parse_zone(typed)
    assert caught.value.message.startswith(
        f"“{typed}” is an abbreviation, not a time zone, and an ambiguous one."
    )
    assert _named_zones(caught.value.message) == zones
    assert "all year" in caught.value.message


MONTHS = range(1, 13)


def _part_year_abbreviations() -> list[str]:
    """The abbreviations (letters only) some place shows for part of a year only: a season's
    name, as EST is New York's winter, BST London's summer and CET Paris's winter."""
    found: set[str] = set()
    for name in zone_names():
        if "/" in name:
            shown = [datetime(2026, m, 15, tzinfo=ZoneInfo(name)).tzname() or "" for m in MONTHS]
            found |= {a for a in shown if a.isalpha() and shown.count(a) < len(MONTHS)}
    return sorted(found)


#: Zones named by an abbreviation some place uses for part of its year, which keep the
#: time people mean by it all year: GMT is UTC+0 (London's winter is the exception, and
#: `GMT+2` is read so too), HST is Honolulu's, which has no summer time (Adak's winter is).
WHOLE_YEAR_AS_MEANT = {"GMT", "HST"}


@given(
    st.sampled_from(_part_year_abbreviations()).flatmap(
        lambda a: st.sampled_from([a, a.lower(), a.title(), f" {a} "])
    )
)
def test_an_abbreviation_naming_part_of_a_year_is_never_silently_accepted(typed: str) -> None:
    """Refused, or the zone opened for it follows the summer time it names part of (CET is
    CEST in summer, as in Paris), or it is one of the few whose common meaning is all year."""
    try:
        zone = parse_zone(typed)
    except UserError:
        return
    shown = {datetime(2026, m, 15, tzinfo=zone).tzname() for m in MONTHS}
    abbreviation = typed.strip().upper()
    follows_summer_time = abbreviation in shown and len(shown) > 1
    assert follows_summer_time or abbreviation in WHOLE_YEAR_AS_MEANT, (typed, zone, shown)


# -- one day's instant ------------------------------------------------------------------


def test_an_ordinary_day_fires_at_the_local_time() -> None:
    assert slot_on(date(2026, 3, 2), time(9, 30), LONDON).instant == utc(2026, 3, 2, 9, 30)
    assert slot_on(date(2026, 7, 1), time(9, 30), LONDON).instant == utc(2026, 7, 1, 8, 30)


@pytest.mark.parametrize(
    ("zone", "day", "at", "fires_utc", "fires_local"),
    [
        # New York springs forward at 02:00 EST → 03:00 EDT on 2026-03-08.
        (NEW_YORK, date(2026, 3, 8), time(2, 30), (2026, 3, 8, 7, 0), "2026-03-08 03:00 EDT"),
        (NEW_YORK, date(2026, 3, 8), time(2, 0), (2026, 3, 8, 7, 0), "2026-03-08 03:00 EDT"),
        (NEW_YORK, date(2026, 3, 8), time(3, 0), (2026, 3, 8, 7, 0), "2026-03-08 03:00 EDT"),
        # London springs forward at 01:00 GMT → 02:00 BST on 2026-03-29.
        (LONDON, date(2026, 3, 29), time(1, 30), (2026, 3, 29, 1, 0), "2026-03-29 02:00 BST"),
        # Sydney springs forward at 02:00 AEST → 03:00 AEDT on 2026-10-04 (still 10-03 in UTC).
        (SYDNEY, date(2026, 10, 4), time(2, 30), (2026, 10, 3, 16, 0), "2026-10-04 03:00 AEDT"),
    ],
)
def test_a_time_in_the_spring_forward_gap_fires_when_the_clocks_jump(
    zone: ZoneInfo, day: date, at: time, fires_utc: tuple[int, ...], fires_local: str
) -> None:
    slot = slot_on(day, at, zone)
    assert slot.local_date == day
    assert slot.instant == utc(*fires_utc)
    assert wall(slot.instant, zone) == fires_local


@pytest.mark.parametrize("at", [time(23, 0), time(23, 30), time(23, 59)])
def test_a_time_in_a_gap_that_ends_the_day_fires_before_the_jump_on_its_day(at: time) -> None:
    """Nuuk's clocks jump from 23:00 Saturday to 00:00 Sunday: after the gap is Sunday,
    whose slot is Sunday's, so Saturday's post was promised for Sunday 00:00, never made,
    and reported as skipped because "the bot was down". It fires an hour (the jump) early."""
    saturday = date(2027, 3, 27)
    slot = slot_on(saturday, at, NUUK)
    assert slot.local_date == saturday == local_date(slot.instant, NUUK)
    expected = datetime.combine(saturday, at, tzinfo=NUUK).timestamp() - HOUR
    assert slot.instant == expected
    assert wall(slot.instant, NUUK) == f"2027-03-27 {at.hour - 1}:{at.minute:02d} -02"
    assert next_slot(slot.instant - 1, at, NUUK) == slot


@cache
def clock_changes() -> tuple[tuple[ZoneInfo, float], ...]:
    """Every zone's clock changes in 2027 and 2028: the zone, and the first second of its
    new UTC offset (found between two UTC midnights whose offsets differ)."""
    midnights = [int(utc(2027, 1, 1)) + n * 86400 for n in range(2 * 366)]
    changes = []
    for name in zone_names():
        zone = ZoneInfo(name)
        offsets = [datetime.fromtimestamp(m, zone).utcoffset() for m in midnights]
        for index in range(1, len(midnights)):
            if offsets[index] != offsets[index - 1]:
                low, high = midnights[index - 1], midnights[index]
                while high - low > 1:
                    middle = (low + high) // 2
                    before = datetime.fromtimestamp(middle, zone).utcoffset() == offsets[index - 1]
                    low, high = (middle, high) if before else (low, middle)
                changes.append((zone, float(high)))
    return tuple(changes)


@given(data=st.data(), at=st.builds(time, st.integers(0, 23), st.integers(0, 59)))
def test_a_day_the_clocks_change_posts_on_that_day_in_every_zone(
    data: st.DataObject, at: time
) -> None:
    """Whatever the zone and wherever its jump falls, the day before the change and the
    day of it have their slot on that day, where `plan` posts it."""
    zone, jump = data.draw(st.sampled_from(clock_changes()))
    day = data.draw(st.sampled_from([local_date(jump - 1, zone), local_date(jump, zone)]))
    slot = slot_on(day, at, zone)
    assert local_date(slot.instant, zone) == day
    outlook = plan(slot.instant, at, zone, since=slot.instant, grace=HOUR, claimed_today=False)
    assert outlook.due == slot


def test_every_time_a_zone_skips_posts_on_its_day() -> None:
    """Each fifth minute that does not exist in any zone when its clocks spring forward in
    2027 and 2028 (Nuuk's 23:00 to 00:00 among them) is posted on the day it was skipped:
    every such gap is tried, where the property above samples."""
    for zone, jump in clock_changes():
        after = datetime.fromtimestamp(jump, zone)
        gap = after.utcoffset() - datetime.fromtimestamp(jump - 1, zone).utcoffset()
        skipped = after.replace(tzinfo=None) - gap
        while gap > timedelta(0) and skipped < after.replace(tzinfo=None):
            slot = slot_on(skipped.date(), skipped.time(), zone)
            assert local_date(slot.instant, zone) == skipped.date(), (zone.key, skipped)
            skipped += timedelta(minutes=5)


@pytest.mark.parametrize(
    ("zone", "day", "at", "first_utc"),
    [
        # New York falls back 02:00 EDT → 01:00 EST on 2026-11-01: 01:30 happens twice.
        (NEW_YORK, date(2026, 11, 1), time(1, 30), (2026, 11, 1, 5, 30)),
        # London falls back 02:00 BST → 01:00 GMT on 2026-10-25.
        (LONDON, date(2026, 10, 25), time(1, 30), (2026, 10, 25, 0, 30)),
        # Sydney falls back 03:00 AEDT → 02:00 AEST on 2026-04-05.
        (SYDNEY, date(2026, 4, 5), time(2, 30), (2026, 4, 4, 15, 30)),
    ],
)
def test_a_repeated_time_fires_at_its_first_occurrence(
    zone: ZoneInfo, day: date, at: time, first_utc: tuple[int, ...]
) -> None:
    assert slot_on(day, at, zone).instant == utc(*first_utc)


def test_days_around_a_transition_are_23_and_25_hours_apart() -> None:
    at = time(9, 0)
    spring = [slot_on(date(2026, 3, d), at, NEW_YORK).instant for d in (7, 8, 9)]
    assert [b - a for a, b in itertools.pairwise(spring)] == [23 * HOUR, 24 * HOUR]
    autumn = [slot_on(date(2026, 10, d), at, LONDON).instant for d in (24, 25, 26)]
    assert [b - a for a, b in itertools.pairwise(autumn)] == [25 * HOUR, 24 * HOUR]


def test_next_slot_is_strictly_after_and_crosses_midnight_in_the_zone() -> None:
    at = time(9, 30)
    today = slot_on(date(2026, 3, 2), at, LONDON)
    assert next_slot(today.instant - 1, at, LONDON) == today
    assert next_slot(today.instant, at, LONDON).local_date == date(2026, 3, 3)
    # 23:00 UTC on 03-02 is already 03-03 in Sydney, whose 09:30 is 22:30 UTC on 03-03.
    assert next_slot(utc(2026, 3, 2, 23, 0), at, SYDNEY).instant == utc(2026, 3, 3, 22, 30)
    assert local_date(utc(2026, 3, 2, 23, 0), SYDNEY) == date(2026, 3, 3)


# -- a whole day, decided as the scheduler decides it -----------------------------------


def simulate_day(zone: ZoneInfo, day: date, at: time, step: float = 300.0) -> list[float]:
    """Plan every `step` seconds across the local day (and a little beyond), claiming each
    due slot as the scheduler would; returns the instants at which a post was due."""
    start = datetime.combine(day, time(), tzinfo=zone).timestamp() - HOUR
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone).timestamp()
    claimed: set[date] = set()
    posts = []
    now = start
    while now < end:
        today = local_date(now, zone)
        outlook = plan(now, at, zone, since=start, grace=6 * HOUR, claimed_today=today in claimed)
        if outlook.due is not None:
            claimed.add(outlook.due.local_date)
            posts.append(now)
        now += step
    return posts


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected_utc"),
    [
        (NEW_YORK, date(2026, 3, 8), time(2, 30), (2026, 3, 8, 7, 0)),
        (NEW_YORK, date(2026, 11, 1), time(1, 30), (2026, 11, 1, 5, 30)),
        (LONDON, date(2026, 3, 29), time(1, 30), (2026, 3, 29, 1, 0)),
        (LONDON, date(2026, 10, 25), time(1, 30), (2026, 10, 25, 0, 30)),
        (SYDNEY, date(2026, 10, 4), time(2, 30), (2026, 10, 3, 16, 0)),
        (SYDNEY, date(2026, 4, 5), time(2, 30), (2026, 4, 4, 15, 30)),
    ],
)
def test_a_transition_day_posts_exactly_once(
    zone: ZoneInfo, day: date, at: time, expected_utc: tuple[int, ...]
) -> None:
    assert simulate_day(zone, day, at) == [utc(*expected_utc)]


def test_plan_waits_for_the_hour_then_is_due_within_grace_only() -> None:
    at, since = time(9, 30), utc(2026, 3, 1)
    slot = slot_on(date(2026, 3, 2), at, LONDON)

    def decide(now: float, claimed: bool = False):
        return plan(now, at, LONDON, since=since, grace=HOUR, claimed_today=claimed)

    assert decide(slot.instant - 60).due is None
    assert decide(slot.instant - 60).wake == slot
    assert decide(slot.instant).due == slot
    assert decide(slot.instant + HOUR - 1).due == slot
    late = decide(slot.instant + HOUR)
    assert late.due is None and late.wake.local_date == date(2026, 3, 3)
    claimed = decide(slot.instant + 60, claimed=True)
    assert claimed.due is None and claimed.wake.local_date == date(2026, 3, 3)


def test_a_schedule_created_after_todays_hour_starts_tomorrow() -> None:
    at = time(9, 30)
    created = utc(2026, 3, 2, 10, 0)
    outlook = plan(created, at, LONDON, since=created, grace=6 * HOUR, claimed_today=False)
    assert outlook.due is None
    assert outlook.wake == slot_on(date(2026, 3, 3), at, LONDON)


def test_a_time_moved_later_after_today_s_post_promises_tomorrow() -> None:
    """Posted at 09:30, then moved to 10:30 the same morning: today is claimed, so the next
    post is tomorrow's 10:30, not today's, which the scheduler would never make."""
    at, now = time(10, 30), utc(2026, 3, 2, 10, 0)
    outlook = plan(now, at, LONDON, since=now, grace=6 * HOUR, claimed_today=True)
    assert outlook.due is None
    assert outlook.next_post == slot_on(date(2026, 3, 3), at, LONDON)


#: Zones with daylight saving both ways, a half-hour offset and a skipped day (Apia jumped
#: over 2011-12-30).
PROPERTY_ZONES = (
    LONDON,
    NEW_YORK,
    SYDNEY,
    ZoneInfo("UTC"),
    ZoneInfo("Asia/Kolkata"),
    ZoneInfo("America/St_Johns"),
    ZoneInfo("Pacific/Apia"),
)


@given(
    now=st.integers(int(utc(2011, 12, 1)), int(utc(2027, 1, 1))).map(float),
    at=st.builds(time, st.integers(0, 23), st.integers(0, 59)),
    zone=st.sampled_from(PROPERTY_ZONES),
    age=st.integers(0, 3 * 86400),
    grace=st.integers(60, 12 * 3600).map(float),
    claimed=st.booleans(),
)
def test_the_promised_post_is_the_one_the_scheduler_makes(
    now: float, at: time, zone: ZoneInfo, age: int, grace: float, claimed: bool
) -> None:
    """`/daily` announces `plan(...).next_post`; replaying `plan` as the scheduler would (a
    claim only for today's date) must post exactly there, and at no slot before it."""
    since = now - age
    today = local_date(now, zone)

    def due_at(instant: float) -> Slot | None:
        claimed_then = claimed and local_date(instant, zone) == today
        return plan(instant, at, zone, since=since, grace=grace, claimed_today=claimed_then).due

    outlook = plan(now, at, zone, since=since, grace=grace, claimed_today=claimed)
    promised = outlook.next_post
    if outlook.due is not None:
        return  # posting now: nothing to replay
    assert due_at(promised.instant) == promised
    slot = next_slot(now, at, zone)
    while slot.instant < promised.instant:
        assert due_at(slot.instant) is None, f"{slot} would post before {promised}"
        slot = next_slot(slot.instant, at, zone)


@given(
    zone=st.sampled_from([NEW_YORK, LONDON, SYDNEY, ZoneInfo("UTC")]),
    now=st.floats(utc(2026, 1, 1), utc(2027, 1, 1)),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    grace=st.floats(60.0, 2 * 86400.0),
    age=st.floats(0.0, 3 * 86400.0),
)
def test_the_missed_slot_is_the_latest_one_that_can_no_longer_post(
    zone: ZoneInfo, now: float, at: time, grace: float, age: float
) -> None:
    """What the scheduler records as skipped (unless claimed) is never a slot `plan` could
    still post, and a slot whose grace ran out today is always the one reported."""
    since = now - age
    missed = missed_slot(now, at, zone, since=since, grace=grace)
    outlook = plan(now, at, zone, since=since, grace=grace, claimed_today=False)
    today = slot_on(local_date(now, zone), at, zone)
    if missed is not None:
        assert since <= missed.instant <= now
        assert outlook.due != missed
    if since <= today.instant and now >= today.instant + grace:
        assert missed == today


@given(
    zone=st.sampled_from([NEW_YORK, LONDON, SYDNEY, ZoneInfo("UTC")]),
    day=st.dates(date(2026, 1, 1), date(2027, 1, 1)),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    grace=st.floats(60.0, 2 * 86400.0),
)
def test_the_limit_named_for_a_missed_post_is_the_one_that_stopped_it(
    zone: ZoneInfo, day: date, at: time, grace: float
) -> None:
    """The skip reason names the day's end or DAILY_GRACE: whichever it names, `plan`
    still posts the slot a second before that limit and no longer at it."""
    slot = slot_on(day, at, zone)
    limit = (
        slot_on(day + timedelta(days=1), time(0), zone).instant
        if ended_with_its_day(slot, zone, grace)
        else slot.instant + grace
    )

    def due_at(instant: float) -> Slot | None:
        return plan(instant, at, zone, since=slot.instant, grace=grace, claimed_today=False).due

    assert due_at(limit - 1) == slot
    assert due_at(limit) != slot


def test_a_day_missed_before_today_s_hour_is_yesterday_s() -> None:
    """Down from Monday 09:00 to Tuesday 08:00: Monday's 09:30 can no longer post (a day's
    post goes out only that day), though Tuesday's has not come yet."""
    at, since = time(9, 30), utc(2026, 3, 1)
    tuesday_morning = utc(2026, 3, 3, 8, 0)
    missed = missed_slot(tuesday_morning, at, LONDON, since=since, grace=6 * HOUR)
    assert missed == slot_on(date(2026, 3, 2), at, LONDON)
    assert missed_slot(tuesday_morning, at, LONDON, since=tuesday_morning, grace=HOUR) is None


@pytest.mark.parametrize("typed", ["SGT", "ET", "mt", "ICT"])
def test_an_abbreviation_the_table_lacks_is_not_offered_other_abbreviations(typed: str) -> None:
    """SGT (Singapore, UTC+8) was offered MST, HST and GMT, and ET (US Eastern) WET and MET:
    zones whose abbreviations share its letters, hours away."""
    with pytest.raises(UserError) as caught:
        parse_zone(typed)
    assert caught.value.message == (
        f"Unknown time zone “{typed}”. Use an IANA name such as Europe/London, "
        "America/New_York or UTC."
    )


@given(st.text(st.sampled_from("ABCDEGHIKMNOPRSTUWXZ"), min_size=1, max_size=5))
def test_a_typed_abbreviation_is_only_ever_offered_place_names(typed: str) -> None:
    """A refusal of a few letters never suggests a zone named by letters alone (EST, MET)
    for its spelling, only Area/City names."""
    try:
        parse_zone(typed)
    except UserError as error:
        _, _, guesses = error.message.partition("Did you mean ")
        assert all("/" in name for name in _ZONE_WORD.findall(guesses)), error.message


@given(
    st.sampled_from([name for name in zone_names() if re.fullmatch(r"Etc/GMT[-+][0-9]+", name)]),
    st.integers(0, 23),
    st.integers(0, 59),
)
@example("Etc/GMT+2", 9, 30)  # shown as "09:30 Etc/GMT+2", read as UTC+2; it is UTC-2
def test_a_posix_offset_name_is_shown_with_the_offset_it_keeps(
    name: str, hour: int, minute: int
) -> None:
    """The offset shown beside an `Etc/GMT±N` name is the one its clock keeps."""
    zone = ZoneInfo(name)
    offset = datetime(2027, 1, 1, tzinfo=zone).utcoffset()
    assert offset is not None
    hours = int(offset.total_seconds() // 3600)
    shown = describe_schedule(time(hour, minute), zone)
    expected = f"{hour:02d}:{minute:02d} {name}" + (f" (UTC{hours:+d})" if hours else "")
    assert shown == expected


@given(st.sampled_from(zone_names()))
@example("GMT")
@example("Europe/London")  # London's clock itself needs no note
def test_the_gmt_hint_is_given_only_for_a_zone_at_utc_all_year_named_gmt(name: str) -> None:
    """The hint says GMT is UTC all year: it is given for names of GMT only, each at UTC in
    winter and in summer, and never for a place's zone."""
    zone = ZoneInfo(name)
    hinted = gmt_hint(zone) is not None
    assert hinted == (name.removeprefix("Etc/") in {"GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich"})
    if hinted:
        for month in (1, 7):
            assert datetime(2027, month, 1, tzinfo=zone).utcoffset() == timedelta(0)


@given(
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from([" ", ":", ".", "h"]),
    st.sampled_from(["hours", "hrs", "Hours", " hours"]),
)
@example(1, 30, " ", "hours")  # read as 01:30 before
def test_hours_and_minutes_apart_before_hours_are_refused_with_the_times_to_type(
    hour: int, minute: int, separator: str, word: str
) -> None:
    """`1 30 hours` was read as 01:30: before "hours" or "hrs", hours and minutes apart
    say a span of time as often ("it took 1:30 hours"); the forces write theirs together
    (`0130 hours`, which reads). Refused, the message gives each time it could be, and
    each of those, typed, reads as that time."""
    typed = f"{hour}{separator}{minute:02d} {word.strip()}"
    assume(separator != ":" or hour < 13)  # `17:30 hrs` is a time (below)
    with pytest.raises(UserError) as refused:
        parse_time(typed)
    offered = re.findall(r"\d\d:\d\d", refused.value.message.split("type ", 1)[1])
    assert parse_time(offered[0]) == time(hour, minute)
    assert [parse_time(t) for t in offered[1:]] == ([time(hour + 12, minute)] if hour < 12 else [])
    assert parse_time(f"{hour:02d}{minute:02d} {word.strip()}") == time(hour, minute)


@given(
    st.integers(13, 23),
    st.integers(0, 59),
    st.sampled_from(["hours", "hrs", "Hours", "HRS"]),
    st.sampled_from(["", " "]),
)
@example(17, 30, "hrs", " ")  # refused as "could be a span of time" before
def test_an_afternoon_hour_and_a_colon_before_hrs_is_a_time_of_day(
    hour: int, minute: int, word: str, gap: str
) -> None:
    """`/daily on 17:30 hrs` was refused as a span of time while `1730 hrs` read: an hour
    from 13 to 23 and a colon are a 24-hour clock's, which no span before "hrs" is written
    as, so it reads as the time typed."""
    assert parse_time(f"{hour}:{minute:02d}{gap}{word}") == time(hour, minute)
