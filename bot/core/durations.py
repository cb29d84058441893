"""Human durations such as `30m`, `2h`, `1d12h`, `90s`, `1w`, or `2 hours` where a value is
named as one.

Typed with a Japanese input method on, `1h` comes as `１ｈ`: full-width digits and unit
letters are the ASCII ones in another form, read as such (as `ids.typed_number` reads
numbers), so `duration:１ｈ` runs a poll for an hour instead of being refused.
"""

from __future__ import annotations

import re
from itertools import pairwise

from bot.core.errors import UserError
from bot.core.ids import DIGITS, full_width_as_ascii
from bot.core.sanitize import echo

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
#: Each unit as people also write it in words (Discord's own poll offers "2 hours"); a
#: value names its unit in one of these or by its letter. "month" is none of them: `1mo`
#: is no duration, rather than one minute.
_UNIT_WORDS = {
    "s": ("seconds", "second", "secs", "sec"),
    "m": ("minutes", "minute", "mins", "min"),
    "h": ("hours", "hour", "hrs", "hr"),
    "d": ("days", "day"),
    "w": ("weeks", "week", "wks", "wk"),
}
_UNIT_LETTER = {word: unit for unit, words in _UNIT_WORDS.items() for word in words}
_UNIT = "(?:" + "|".join([*_UNIT_LETTER, *_UNITS]) + r")(?![a-z])"
#: ASCII digits only (`\d` and `isdigit()` also take `٣` and `²`), at most 12 of them, so
#: no input reaches `int()`'s digit limit; any longer number is far past every allowed span.
_NUMBER = r"[0-9]{1,12}"
_PART = re.compile(rf"({_NUMBER})\s*([smhdw])")
_WHOLE = re.compile(rf"(?:{_NUMBER}\s*[smhdw]\s*)+")
_MINUTES = re.compile(_NUMBER)
#: A value's parts, units in words or letters, apart or not (`2 hours 30 min`, `1d12h`).
_VALUE_PART = re.compile(rf"({_NUMBER})\s*({_UNIT})")
_VALUE = re.compile(rf"(?:{_NUMBER}\s*{_UNIT}\s*)+")
#: A value's start: whole parts, then perhaps a number whose unit is still to come.
_VALUE_START = re.compile(rf"(?:{_NUMBER} ?{_UNIT} ?)*(?:{_NUMBER})?")
#: Minutes after hours without a unit of their own, two digits as on a clock (`1h30`, `2h
#: 30`, `1 hour 05`): `1h 90` and `1h 2` (two rounds?) stay no duration.
_BARE_MINUTES = re.compile(r"(?P<hours>.*[0-9]\s*(?:h|hours?|hrs?))\s*(?P<minutes>[0-5][0-9])")
_SECONDS_ONLY = re.compile(rf"{_NUMBER}s", re.IGNORECASE)
#: Full-width digits and unit letters, either case, as their ASCII selves.
_FULL_WIDTH_DURATION = full_width_as_ascii(DIGITS + "smhdwSMHDW")


def typed_duration(text: str) -> str:
    """`text` with full-width digits and unit letters in ASCII; nothing else changes."""
    return text.translate(_FULL_WIDTH_DURATION)


def parse_duration(text: str) -> int:
    """Seconds in `text`, a value typed where a duration goes (`duration:`, Discord's field,
    `:tick`): units as letters or words (`2h`, `2 hours`, `1 day 12 hrs`), a bare number
    meaning minutes, as do two digits after hours (`1h30`, `2h 30`). Raises UserError when
    unreadable.

    Words are read here, in a value named as a duration; after free text "2 days" is as
    likely the end of an option's label, so there the grammar asks (`is_spaced_duration`)."""
    cleaned = typed_duration(text).strip().lower()
    if _MINUTES.fullmatch(cleaned):
        return int(cleaned) * 60
    cleaned = _minutes_named(cleaned)
    if not cleaned or not _VALUE.fullmatch(cleaned):
        raise UserError(f"“{echo(text)}” is not a duration: use forms like 30m, 2h, 1d or 1d12h.")
    return sum(
        int(n) * _UNITS[_UNIT_LETTER.get(unit, unit)] for n, unit in _VALUE_PART.findall(cleaned)
    )


def _minutes_named(cleaned: str) -> str:
    """`cleaned` with minutes typed after the hours without their unit given it (`1h30`:
    `1h30m`): `21h30` read as a time of day while `1h30` was no duration."""
    match = _BARE_MINUTES.fullmatch(cleaned)
    return f"{match['hours']}{match['minutes']}m" if match else cleaned


def has_bare_minutes(text: str) -> bool:
    """Whether `text` ends in minutes after the hours without their unit (`1h30`, `2h 30`),
    which `parse_duration` reads but the grammar does not by position (`_refusal`)."""
    return _BARE_MINUTES.fullmatch(typed_duration(text).strip().lower()) is not None


def format_duration(seconds: int) -> str:
    """The shortest readable form, e.g. 5400 → `1h30m`."""
    if seconds <= 0:
        return "0s"
    out = []
    for unit in "dhms":
        size = _UNITS[unit]
        if seconds >= size:
            count, seconds = divmod(seconds, size)
            out.append(f"{count}{unit}")
    return "".join(out)


def format_wait(seconds: float) -> str:
    """How long until something `seconds` away, to the nearest minute (`1h30m`), or "less
    than a minute": /daily status said "in 0s" for a post 20 seconds off, not yet due."""
    if seconds < 60:
        return "less than a minute"
    return format_duration(round(seconds / 60) * 60)


def is_duration_word(text: str) -> bool:
    """Whether `text` is one duration with its units (`1h`, `1d12h`, `1d 12h`), never a bare
    number, written as one word or as words one space apart, each in units smaller than the
    one before.

    The grammar uses it to tell a trailing `1h` from a poll option such as `2`, and to read
    `1d 12h` as one duration, as people write it: largest unit first. `1h 1h` and `1h 1d`
    are two words, though `parse_duration` would add them up: nobody writes a duration so,
    and `Pizza | 1h 2h` or `30m | 1h 1d` is a label `1h` and a duration.
    """
    words = typed_duration(text).lower().split(" ")
    if not all(_WHOLE.fullmatch(word) for word in words):
        return False
    sizes = [[_UNITS[unit] for _, unit in _PART.findall(word)] for word in words]
    return all(min(before) > max(after) for before, after in pairwise(sizes))


def starts_value(text: str) -> bool:
    """Whether `text`, words one space apart, is a duration value (`parse_duration`) or the
    start of one, a number whose unit comes next (`2`, `2 hours 30`): how far the grammar
    reads a value named as a duration, since `duration:2 hours` unquoted lost its "hours"
    (to the next option, "`anonymous` must be true or false"), though the value reads
    units in words."""
    cleaned = typed_duration(text).lower()
    return _VALUE_START.fullmatch(cleaned) is not None


def is_spaced_duration(number: str, unit: str) -> bool:
    """Whether `number` then `unit`, two words, are one duration typed apart from its unit,
    as a letter or a word (`1 h`, `2 hours`), in the units polls run for: minutes to weeks
    (`90 s`, `90 seconds` stay words). A unit in words is how people write a span, so after
    free text it is asked about, as `1 h` is, not silently kept in a label."""
    number, unit = typed_duration(number), typed_duration(unit).lower()
    letter = _UNIT_LETTER.get(unit, unit)
    return bool(_MINUTES.fullmatch(number)) and letter in _UNITS.keys() - {"s"}


def has_units(text: str) -> bool:
    """Whether `text` reads as a duration with its units, in letters or words (`40d`, `5
    weeks`), in range or not; a bare number has none."""
    return _VALUE.fullmatch(typed_duration(text).strip().lower()) is not None


def is_unit_letter(word: str) -> bool:
    """Whether `word` is a unit's letter (`h`), not a word (`hours`): a duration's number and
    letter are written together (`1h`), its number and word apart (`2 hours`)."""
    return typed_duration(word).lower() in _UNITS


def is_seconds_only(word: str) -> bool:
    """Whether `word` is a duration in seconds alone (`80s`, `5s`): in a label, more often a
    decade or a model than a span of time."""
    return _SECONDS_ONLY.fullmatch(typed_duration(word)) is not None
