"""When a daily post fires: pure functions over local wall-clock time and IANA zones.

A subscription says "09:30 in Europe/London"; everything here turns that into epoch instants
and local dates, so the scheduler and `/daily status` agree and tests need no clock at all.

Daylight saving, decided once here:
- **Gap** (spring forward, the local time does not exist that day, e.g. 02:30 in New York on
  the second Sunday of March): the post fires at the first valid instant after the gap, the
  moment the clocks jump (03:00 local). It still happens that day, as early as possible.
  Where the jump ends the day (Nuuk springs from 23:00 Saturday to 00:00 Sunday), that
  moment is the next day, which never posts this one: the post keeps to its day instead,
  the size of the jump earlier (23:30 fires at 22:30, before the jump).
- **Fold** (fall back, the local time happens twice, e.g. 01:30 in New York in November): the
  post fires at the first occurrence (`fold=0`). The claim is per local date, so the second
  occurrence can never post again.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from difflib import get_close_matches
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, available_timezones

from bot.core.errors import UserError
from bot.core.ids import DIGITS, full_width_as_ascii
from bot.core.markup import readable, split_outside
from bot.core.sanitize import echo, unaccented, visible
from bot.daily.zone_abbreviations import Meaning, abbreviations, meanings

#: A time on a 24-hour clock as people type it: `09:30`, `9.30` (British and German),
#: `9 30` (the separator left out), `21h30`, `21 h 30` or `21h` (French), the hour alone
#: (`9`, `9 o'clock`). ASCII digits only: `\d` also takes `٠٩:٣٠`, which nobody types for
#: a time here.
_24_HOUR = re.compile(
    r"(?P<hour>[0-9]{1,2})"
    r"(?:[:. ](?P<minute>[0-9]{2})|\s?h(?:\s?(?P<french_minute>[0-9]{2}))?|\s*o['’]?\s*clock)?",
    re.IGNORECASE,
)
#: The word after a time on a 24-hour clock saying it is one: `21:30 Uhr` or `21 Uhr`
#: (German), `9:30h` (Portuguese, Spanish), `0930 hrs` or `0930 hours` (the forces).
#: Only `Uhr` follows an hour alone: `9 hrs` is as likely a span of time as a moment.
#: The time may be written as French does too, `21h30 Uhr`, which was refused as an
#: unknown time zone "Uhr" where `21:30 Uhr` and `21h30` each read.
_CLOCK_WORD = re.compile(
    r"(?P<clock>[0-9]{1,2}(?P<minute>[:. ]?[0-9]{2}|\s?h\s?[0-9]{2})?)\s?(?P<word>uhr|hrs|hours|h)",
    re.IGNORECASE,
)
#: Hours and minutes written together, as on a timetable or in the forces: `0930`, `930`,
#: `2115`. Three or four digits: two are an hour alone (`21`).
_COMPACT = re.compile(r"(?P<hour>[0-9]{1,2})(?P<minute>[0-9]{2})")
#: What follows the `a` or `p` of the half of the day: `am`, `a.m.`, and `a. m.` as
#: phones set to Spanish write it (CLDR's `es` locales, the space a no-break one).
_MERIDIEM = r"\.?\s?m\.?"
#: A time on a 12-hour clock, as people type it: `9am`, `9:30 pm`, `9.30pm`, `9 30 pm`,
#: `930pm` (hours and minutes together, as `0930` on a 24-hour clock), `12 a.m.`,
#: `7 o'clock pm`.
_AM_PM = re.compile(
    rf"([0-9]{{1,2}})(?:[:. ]?([0-9]{{2}})|\s*o['’]?\s*clock)?\s*([ap]){_MERIDIEM}", re.IGNORECASE
)
#: A time said as a part of an hour: `half past 9`, `quarter to ten`, `20 past 7 pm`,
#: `quarter past noon`; the hour in digits, in words, or noon or midnight.
_SPOKEN = re.compile(
    r"(?P<part>half|(?:a\s+)?quarter|[0-9]{1,2})(?:\s*min(?:ute)?s?)?\s+"
    r"(?P<way>past|after|to|before|till)\s+(?P<hour>[0-9]{1,2}|[a-z]+)"
    rf"(?:\s*(?P<half_day>[ap]){_MERIDIEM})?",
    re.IGNORECASE,
)
#: The hours people say in words (`quarter to ten`, `seven o'clock pm`).
_HOUR_WORDS = {
    word: number
    for number, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
} | {"noon": 12, "midday": 12, "midnight": 0}
#: An hour in words before `o'clock` or the half of the day (`seven o'clock pm`, `nine
#: pm`): read as its digits would be.
_WORD_HOUR = re.compile(
    rf"\b(?P<word>{'|'.join(_HOUR_WORDS)})(?=\s*(?:o['’]?\s*clock|[ap]{_MERIDIEM}))",
    re.IGNORECASE,
)
#: Times people type as words; each names one moment (`12 noon`, `twelve noon`, `12:00
#: noon` and `00:00 midnight` as well: the clock's reading must be the word's).
_NAMED_TIMES = {"noon": time(12), "midday": time(12), "midnight": time(0)}
_NAMED_TIME = re.compile(
    r"(?:(?P<clock>[0-9]{1,2}(?:[:.][0-9]{2})?|twelve)\s*)?(?P<name>noon|midday|midnight)",
    re.IGNORECASE,
)
#: Words that name a day, which a daily schedule has no use for (`9am tomorrow`).
_DAY_WORDS = re.compile(
    r"\b(?:today|tomorrow|tonight|tmrw|daily|every|each|weekdays?|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?)\b",
    re.IGNORECASE,
)
#: A time typed with a Japanese input method on (`９：３０ｐｍ`, `２１：３０ Ｕｈｒ`,
#: `２１ｈ３０`, `ｎｏｏｎ`): every full-width form of an ASCII letter, digit or mark, as
#: its ASCII self. Only the digits, colon, dot and am/pm letters were, so a clock word
#: (`Ｕｈｒ`, `ｈｒｓ`, the French `ｈ`) or a time in words was refused, though the same
#: keys typed without the input method read. The time is only read, never kept as typed.
_FULL_WIDTH_TIME = full_width_as_ascii(DIGITS + string.ascii_letters + string.punctuation)
#: How alike a typed word and a city's name must be to offer the city's zone: a letter
#: missing or wrong in a city of 4 letters or more (Lema, Lundon), not letters shared by
#: chance (Mumbai and Cuba, 0.6).
CITY_CUTOFF = 0.75
#: An offset typed where a zone is asked for: `UTC+2`, `GMT-3`, `+05:30`, `utc+0530`, `UTC2`,
#: `−3` (a typographic minus). A sign or a UTC/GMT prefix is required, so `0930` is not one.
_OFFSET = re.compile(
    r"(?P<prefix>UTC|GMT|UT)?\s*(?P<sign>[-+\u2212])?\s*"
    r"(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?",
    re.IGNORECASE,
)
#: What separates the words of a field (`_words`).
_SPACES = re.compile(r"\s+")
#: What separates the words of a zone name as typed or as named (`spelled_key`).
_WORD_BREAKS = re.compile(r"[\s_-]+")
#: Spellings that name a zone exactly but are not zone names: `Z` is ISO 8601's designator
#: for UTC (tzdata's own alias is `Zulu`), so reading it as UTC guesses nothing.
_ALIASES = {"z": "UTC"}
#: What zone names, offsets and abbreviations are made of, typed in full width with a
#: Japanese input method on (`ＵＴＣ`, `Ａｓｉａ／Ｔｏｋｙｏ`), as the ASCII they are.
_FULL_WIDTH_ZONE = full_width_as_ascii(
    DIGITS + "/_-+:.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)


@dataclass(frozen=True, slots=True)
class Slot:
    """One day's post: the local date it belongs to and the instant it fires."""

    local_date: date
    instant: float


def time_and_zone(typed_time: str | None, typed_zone: str | None) -> tuple[str | None, str | None]:
    """`/daily on`'s `time` and `tz` as meant, from the words typed, whichever field they
    fell in: a zone in the time's field (`split_zone_off`, `order_time_and_zone`), and the
    words of a time in the zone's (`split_half_day`, `join_spelled_time`)."""
    return join_spelled_time(
        *split_half_day(*order_time_and_zone(*split_zone_off(typed_time, typed_zone)))
    )


def split_zone_off(
    typed_time: str | None, typed_zone: str | None
) -> tuple[str | None, str | None]:
    """`time` and `tz` as typed, with a `time` field that holds words and no `tz` read as
    if typed by position: on Discord, whose fields are typed apart, `time: 9:30
    Europe/London` was refused as no time of day. Its first word is the time and the rest
    the zone, and the steps after this one (`split_half_day`, `join_spelled_time`) give
    the words of a time back to it, as they do for `/daily on 9:30 pm Europe/London`."""
    if typed_time is None or typed_zone is not None or len(_words(typed_time)) < 2:
        return typed_time, typed_zone
    first, *rest = _words(typed_time)
    return first, " ".join(rest)


def split_half_day(typed_time: str | None, typed_zone: str | None) -> tuple[str | None, str | None]:
    """`time` and `tz` as typed, with the words finishing the time typed apart from it by
    position given back to the time: `/daily on 9:30 pm Europe/London` reads "pm
    Europe/London" as the zone, `/daily on 9 30` "30", `/daily on 7 o'clock pm` "o'clock
    pm". The most words that still read as one moment with the time are taken: no zone
    reads as part of a time, so a zone typed after them stays the zone."""
    if typed_time is None or typed_zone is None:
        return typed_time, typed_zone
    words = _words(typed_zone)
    for count in range(len(words), 0, -1):
        joined = " ".join([typed_time, *words[:count]])
        if _reads(parse_time, joined) or _refused_as_a_span(joined):
            return joined, " ".join(words[count:]) or None
    return typed_time, typed_zone


def _refused_as_a_span(typed: str) -> bool:
    """Whether `typed` is a time whose clock word makes it a span (`_refuse_a_span`): it
    stays whole for that refusal, where "hours" split off was an unknown zone."""
    try:
        parse_time(typed)
    except SpanOfTime:
        return True
    except UserError:
        return False
    return False


def join_spelled_time(
    typed_time: str | None, typed_zone: str | None
) -> tuple[str | None, str | None]:
    """`time` and `tz` as typed, with a time spelled in words and split by position
    (`/daily on half past nine` fills `time` with "half" and `tz` with "past nine") made
    whole again, so that its refusal quotes what was typed, not "half"; a zone typed last
    stays the zone (`nine thirty Europe/Berlin`). Only a time with no digit that does not
    read takes words, and only words that name no zone nor try to (a `/`): `25:00 Paris`
    stays apart, for each its own refusal."""
    if typed_time is None or typed_zone is None or not typed_zone.strip():
        return typed_time, typed_zone
    if any(c.isdigit() for c in typed_time) or _reads(parse_time, typed_time):
        return typed_time, typed_zone
    *words, last = _words(typed_zone) or [""]
    if words and _reads(parse_zone, last):
        return f"{typed_time} {' '.join(words)}", last
    if "/" in typed_zone or _reads(parse_zone, typed_zone):
        return typed_time, typed_zone
    return f"{typed_time} {typed_zone.strip()}", None


def order_time_and_zone(
    typed_time: str | None, typed_zone: str | None
) -> tuple[str | None, str | None]:
    """`time` and `tz` as typed, with a zone typed where the time goes given back to `tz`:
    by position `/daily on Europe/London 9:30` fills `time` with the zone and `tz` with
    the time (and `/daily on Europe/London` leaves `tz` empty). No zone name reads as a
    time, nor any time as a zone, so this guesses nothing; anything else stays put for
    its own refusal."""
    if typed_time is None or _reads(parse_time, typed_time) or not _reads(parse_zone, typed_time):
        return typed_time, typed_zone
    if typed_zone is not None and not _reads(parse_time, typed_zone):
        return typed_time, typed_zone
    return typed_zone, typed_time


def _words(text: str) -> list[str]:
    """The words of what was typed in a field, a platform's token one word whatever its
    label holds (`<@U1|Ann Lee>`): split at its spaces, a field got half a token, quoted
    back as raw markup ("“<@U1|Ann” is not a time of day")."""
    return [word for word in split_outside(text, _SPACES) if word]


def _reads(parse: Callable[[str], object], text: str) -> bool:
    """Whether `parse` takes `text` (a UserError says it does not)."""
    try:
        parse(text)
    except UserError:
        return False
    return True


def parse_time(text: str) -> time:
    """A time of day as people type it, or a UserError with an example: on a 24-hour clock
    (`_24_HOUR`: `09:30`, `9.30`, `9 30`, `21h30`, `9`; `_COMPACT`: `0930`; either with
    `_CLOCK_WORD`: `21:30 Uhr`, `0930 hrs`), on a 12-hour
    one (`9am`, `9:30 pm`, `930pm`, `7 o'clock pm`, `nine pm`), in words (`noon`), or said
    as part of an hour (`_SPOKEN`: `quarter to 10 pm`). Each names one moment, so refusing it
    would only cost a retype; `half past nine` does not (morning or evening?) and is
    refused, with both readings to type. Full-width forms read as ASCII
    (`_FULL_WIDTH_TIME`); a leading "at" is the sentence's (`/daily on at 9am`)."""
    cleaned = " ".join(readable(text).translate(_FULL_WIDTH_TIME).split())
    cleaned = re.sub(r"^at\s+", "", cleaned, flags=re.IGNORECASE)
    _refuse_a_day(text, cleaned)
    if (match := _NAMED_TIME.fullmatch(cleaned)) and _names_the_clock(match):
        return _NAMED_TIMES[match["name"].lower()]
    cleaned = _WORD_HOUR.sub(lambda word: str(_HOUR_WORDS[word["word"].lower()]), cleaned)
    clock = _24_HOUR.fullmatch(cleaned) or _COMPACT.fullmatch(cleaned) or _clock_with_word(cleaned)
    if clock is not None:
        hour = int(clock["hour"])
        minute = int(clock.groupdict().get("minute") or clock.groupdict().get("french_minute") or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
        if (hour, minute) == (24, 0):
            raise UserError("24:00 is written 00:00 here: the post goes out at the day's start.")
    if match := _AM_PM.fullmatch(cleaned):
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if 1 <= hour <= 12 and minute < 60:
            return time(hour % 12 + (12 if match.group(3).lower() == "p" else 0), minute)
    if (spoken := _SPOKEN.fullmatch(cleaned)) and (read := _spoken_time(text, spoken)):
        return read
    raise UserError(
        f"“{echo(text)}” is not a time of day: use HH:MM on a 24-hour clock, e.g. 09:30, or 9:30am."
    )


def _names_the_clock(named: re.Match[str]) -> bool:
    """Whether the clock reading before a named time, if any, is that time (`12:00 noon`,
    `twelve noon`, `12 midnight`, `00:00 midnight`): on a 12-hour dial midnight is 12 as
    well as 0, and `13 noon` names two moments, so it names none."""
    if named["clock"] is None:
        return True
    clock = named["clock"].lower().replace("twelve", "12")
    hour, _, minute = clock.replace(".", ":").partition(":")
    hours = (0, 12) if named["name"].lower() == "midnight" else (12,)
    return int(hour) in hours and int(minute or 0) == 0


def _clock_with_word(cleaned: str) -> re.Match[str] | None:
    """The 24-hour clock reading of a time followed by a word saying it is one
    (`_CLOCK_WORD`: `21:30 Uhr`, `0930 hrs`, `9:30h`), or None: `hrs` and `h` only after
    minutes, since `9 hrs` is as likely a span, and `9h` already reads."""
    typed = _CLOCK_WORD.fullmatch(cleaned)
    if typed is None or (typed["minute"] is None and typed["word"].lower() != "uhr"):
        return None
    if "h" in typed["clock"].lower() and typed["word"].lower() == "h":
        return None  # `21h30h`: the hours' word twice
    compact = _COMPACT.fullmatch(typed["clock"])
    clock = _24_HOUR.fullmatch(typed["clock"])
    if typed["word"].lower() in ("hrs", "hours") and compact is None and not _afternoon(clock):
        _refuse_a_span(cleaned, clock)
    return clock or compact


def _afternoon(clock: re.Match[str] | None) -> bool:
    """`17:30 hrs`: a colon after an hour from 13 to 23 is a 24-hour clock's, which no
    12-hour reading shares and hardly any span of time before "hrs" is written as (one
    that long is said in hours alone, "17.5 hours"), as `1730 hrs` already read."""
    if clock is None or clock["minute"] is None or ":" not in clock.group():
        return False
    return 13 <= int(clock["hour"]) <= 23 and int(clock["minute"]) <= 59


class SpanOfTime(UserError):
    """A time refused for its clock word, which makes it a span (`_refuse_a_span`)."""


def _refuse_a_span(typed: str, clock: re.Match[str] | None) -> None:
    """Refuse `1 30 hours` or `1:30 hrs`, which was read as 01:30: the forces write their
    hours together (`0130 hours`), and hours and minutes apart before "hours" say a span of
    time as often ("it took 1:30 hours"). The refusal gives the times to type instead."""
    if clock is None:
        return
    hour = int(clock["hour"])
    minute = int(clock["minute"] or clock["french_minute"] or 0)
    if hour > 23 or minute > 59:
        return
    times = [f"{hour:02d}:{minute:02d}"]
    if hour < 12:
        times.append(f"{hour + 12:02d}:{minute:02d}")
    raise SpanOfTime(
        f"“{echo(typed)}” could be a span of time: for a time of day, type "
        + " or ".join(times)
        + "."
    )


def _spoken_time(text: str, spoken: re.Match[str]) -> time | None:
    """The time a `_SPOKEN` phrase names, None if it names none (`25 past 9`, `half past
    twenty`), or a UserError giving both readings of one that names two: `half past 9` is
    9:30am or 9:30pm. An hour past 12, noon or midnight, or an am/pm, says which."""
    part = spoken["part"].lower().split()[-1]  # `a quarter`
    minutes = {"half": 30, "quarter": 15}.get(part) or int(part)
    word = spoken["hour"].lower()
    hour = int(word) if word.isdigit() else _HOUR_WORDS.get(word)
    if hour is None or not 0 < minutes < 60 or hour > 23:
        return None
    earlier = spoken["way"].lower() in ("to", "before", "till")
    on_the_dial = 1 <= hour <= 12 and word not in ("noon", "midday")
    if spoken["half_day"] is None and not on_the_dial:  # 21, noon, midnight: one moment
        total = (hour * 60 + (-minutes if earlier else minutes)) % (24 * 60)
        return time(*divmod(total, 60))
    if not on_the_dial:
        return None  # `quarter past 21 pm`
    # on the 12-hour dial first (quarter to 1 is 12:45), then the half of the day
    dial_hour, minute = (hour - 1 or 12, 60 - minutes) if earlier else (hour, minutes)
    if spoken["half_day"] is None:
        readings = [f"{dial_hour}:{minute:02d}{half}" for half in ("am", "pm")]
        raise UserError(
            f"“{echo(text)}” could be morning or evening: type {readings[0]} or {readings[1]}."
        )
    return time(dial_hour % 12 + (12 if spoken["half_day"].lower() == "p" else 0), minute)


def _refuse_a_day(typed: str, cleaned: str) -> None:
    """A UserError for a time or zone naming a day (`9am tomorrow`, `every day at 9`): a
    daily takeaway goes out every day, and reading the time alone would drop the day
    unsaid, so the admin is told to leave it out."""
    if _DAY_WORDS.search(cleaned):
        raise UserError(
            f"“{echo(typed)}”: daily takeaways go out every day, so no day is needed: type the "
            "time alone, e.g. 9am or 09:30."
        )


def format_time(at: time) -> str:
    """The stored and displayed form, `HH:MM`."""
    return f"{at.hour:02d}:{at.minute:02d}"


#: tzdata's fixed-offset names, whose sign is POSIX's, the inverse of UTC's: `Etc/GMT+2`
#: is UTC-2.
_POSIX_OFFSET_NAME = re.compile(r"(?:Etc/)?GMT(?P<hours>[-+][0-9]{1,2})")
#: Names of UTC that say GMT: people in Britain also say GMT for London's clock.
_GMT_NAMES = {"GMT", "GMT0", "GMT+0", "GMT-0", "Etc/GMT", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0"}
_GMT_NAMES |= {"Greenwich", "Etc/Greenwich"}


def describe_schedule(at: time, zone: ZoneInfo) -> str:
    """`09:30 Europe/London`: a schedule as /daily shows it. An `Etc/GMT±N` name gets its
    offset as people write it, `09:30 Etc/GMT+2 (UTC-2)`: its sign is inverted, so the
    name alone reads as the opposite of the clock kept."""
    posix = _POSIX_OFFSET_NAME.fullmatch(zone.key)
    if posix is None or not int(posix["hours"]):
        return f"{format_time(at)} {zone.key}"
    return f"{format_time(at)} {zone.key} ({_utc_text(timedelta(hours=-int(posix['hours'])))})"


def gmt_hint(zone: ZoneInfo) -> str | None:
    """A note for a schedule set in GMT, which is UTC all year, or None: in Britain GMT is
    also said of London's clock, which is an hour ahead in summer (BST), so a post set for
    09:30 GMT would go out at 10:30 there. Accepted, since GMT is UTC, but said once."""
    if zone.key not in _GMT_NAMES:
        return None
    return (
        "GMT is UTC all year here; for London's clock, which moves to BST in summer, "
        "use Europe/London."
    )


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name the system knows, sorted (for suggestions); `localtime` is left
    out because it means whatever the host happens to be set to, and the abbreviations of
    `zone_abbreviations` (EST, MST), zones that keep another time than people mean by them."""
    hidden = {"localtime", "Factory", "posixrules", *abbreviations()}
    return tuple(sorted(available_timezones() - hidden))


@cache
def _zones_by_lower_name() -> dict[str, str]:
    """Zone names are case-sensitive on disk; people's typing is not."""
    return {name.lower(): name for name in zone_names()}


def parse_zone(name: str) -> ZoneInfo:
    """An IANA zone such as `Europe/London`, matched case-insensitively (and `Z`, UTC); a
    UserError otherwise: for an offset such as `UTC+2`, why it is refused, its exact
    fixed-offset name and the places at it all year (accepting offsets is a product
    decision not taken); for an
    abbreviation such as `BST`, the zone of each thing it stands for; else the closest
    names. Only known names are opened, never arbitrary paths."""
    cleaned = typed_zone(name)
    known = _zones_by_lower_name()
    canonical = known.get(cleaned.lower()) or _ALIASES.get(cleaned.lower())
    if canonical is not None:
        return ZoneInfo(canonical)
    _refuse_a_day(cleaned, cleaned)
    offset = _typed_offset(cleaned)
    if offset is not None:
        raise UserError(_offset_advice(cleaned, offset))
    if named := meanings(cleaned):
        raise UserError(_abbreviation_advice(cleaned, named))
    guesses = _zones_by_city().get(_city_key(cleaned)) or _spelled_like(cleaned, known)
    hint = (
        f" Did you mean {', '.join(guesses)}?"
        if guesses
        else " Use an IANA name such as Europe/London, America/New_York or UTC."
    )
    raise UserError(f"Unknown time zone “{echo(cleaned)}”.{hint}")


def typed_zone(text: str) -> str:
    """A zone as typed, read as what it shows: a platform's token as its label, full-width
    letters, digits and marks in ASCII (as a time's are), without invisible characters.
    `ＵＴＣ`, `Ａｓｉａ／Ｔｏｋｙｏ` and `Europe/London` pasted with a zero-width space were
    refused as unknown zones, with no name to try, and suggested nothing on Discord."""
    return visible(readable(text).translate(_FULL_WIDTH_ZONE)).strip()


@cache
def _zones_by_city() -> dict[str, list[str]]:
    """Area/City zone names by their city as people type it (`_city_key`): "Paris" for
    Europe/Paris, "new york" for America/New_York. By spelling alone "Paris" was too far
    from "Europe/Paris" to be offered it; London only just passed. Places only: Etc/
    names are offsets (their signs inverted) and UTC's aliases."""
    by_city: dict[str, list[str]] = {}
    for name in zone_names():
        if "/" in name and not name.startswith("Etc/"):
            by_city.setdefault(_city_key(name.rsplit("/", 1)[1]), []).append(name)
    return by_city


def _city_key(text: str) -> str:
    """A city's name compared as typed (`spelled_key`), without spaces around it."""
    return spelled_key(text).strip()


def spelled_key(text: str) -> str:
    """A zone's name, or part of one, compared as typed: accents, case, and whether words
    are apart by `_`, `-` or spaces aside. Zone names are ASCII with `_` for a space, and
    people type "Zürich", "São Paulo" and "port au prince" (America/Port-au-Prince)."""
    return _WORD_BREAKS.sub(" ", unaccented(text).lower())


def _spelled_like(text: str, known: dict[str, str]) -> list[str]:
    """The zones a typo of `text` may be of. A name with a `/` is matched against whole
    zone names (Europe/Lundon). A word alone is a city's, or a typo of one (Lundon,
    Chicgo), matched against places' cities only, and closely: by letters shared with
    whole names or bare ones, cities tzdata lacks were offered zones hours away
    (Washington Asia/Yangon, Austin Australia/NSW, Portland Poland, Mumbai Cuba), and
    abbreviations other abbreviations (SGT was offered MST, HST and GMT)."""
    if "/" in text:
        return [
            known[name] for name in get_close_matches(text.lower(), list(known), n=3, cutoff=0.6)
        ]
    by_city = _zones_by_city()
    cities = get_close_matches(_city_key(text), list(by_city), n=3, cutoff=CITY_CUTOFF)
    return [zone for city in cities for zone in by_city[city]]


def _typed_offset(text: str) -> timedelta | None:
    """The UTC offset `text` spells (`GMT+2` read as people mean it, UTC+2), or None.

    Offsets never go to the close-name matcher: by spelling, `UTC+2` is nearest to `UTC`
    and `GMT+2` to `Etc/GMT+2`, which is UTC-2 (POSIX inverts the sign)."""
    match = _OFFSET.fullmatch(text)
    if match is None or not (match["prefix"] or match["sign"]):
        return None
    size = timedelta(hours=int(match["hours"]), minutes=int(match["minutes"] or 0))
    return -size if match["sign"] in ("-", "\u2212") else size


def zones_at_offset(text: str) -> list[str] | None:
    """The zones at the offset `text` spells all year, or None if it spells none: the
    places (`_places_at`), then the fixed-offset name, as the refusal names them. For
    autocomplete, where no zone's name contains "UTC+5:30", and the names that contain
    "GMT-3" are Etc/GMT-3 and the like, UTC+3: POSIX inverts the sign."""
    offset = _typed_offset(text.strip())
    if offset is None:
        return None
    fixed = _fixed_offset_zone(offset)
    return [zone for zone, _ in _places_at(offset)] + ([fixed] if fixed else [])


def _offset_advice(text: str, offset: timedelta) -> str:
    """Why an offset is refused, the one fixed-offset name equal to it, if any, and the
    places that keep it all year (`_places_at`): told only to use a place name, someone
    who typed UTC+5:30 was left to guess that India's is Asia/Kolkata."""
    fixed = _fixed_offset_zone(offset)
    if fixed is None:
        equivalent = f"no zone name has a fixed offset of {_utc_text(offset)}"
    elif fixed == "UTC":
        equivalent = f"a fixed offset of {_utc_text(offset)} is UTC"
    else:
        equivalent = (
            f"a fixed offset of {_utc_text(offset)} is {fixed} "
            "(the sign is inverted in those names)"
        )
    # tzdata writes a place's regions apart with "; ", which here parts the places
    places = [f"{zone} for {where.replace('; ', ', ')}" for zone, where in _places_at(offset)]
    listed = f" At {_utc_text(offset)} all year: {'; '.join(places)}." if places else ""
    return (
        f"“{text}” is an offset, not a time zone. Use a place name (Area/City) so that "
        f"daylight saving is followed; {equivalent}.{listed}"
    )


#: The most places an offset's refusal names (`_places_at`).
MAX_PLACES = 4


def _places_at(offset: timedelta) -> tuple[tuple[str, str], ...]:
    """The zones, and where each is kept, at `offset` every month of this year, from
    tzdata's own list of one zone per clock kept from now on (`_clocks_now`): Asia/Colombo
    and Asia/Kolkata for UTC+5:30. A place with summer time is at the offset typed only
    part of the year, so naming it would be wrong the rest; none for UTC+0, which is UTC."""
    if not offset:
        return ()
    # which year matters only where a zone's rules change
    return _places_in_year(offset, datetime.now(UTC).year)


@cache
def _places_in_year(offset: timedelta, year: int) -> tuple[tuple[str, str], ...]:
    """`_places_at` for `year`, worked out once: the `tz:` autocomplete asks at every
    keystroke of an offset, and each answer converts 12 moments in each of ~90 zones."""
    months = [datetime(year, month, 15, 12, tzinfo=UTC) for month in range(1, 13)]
    return tuple(
        (zone, where)
        for zone, where in _clocks_now()
        if all(moment.astimezone(ZoneInfo(zone)).utcoffset() == offset for moment in months)
    )[:MAX_PLACES]


@cache
def _clocks_now() -> tuple[tuple[str, str], ...]:
    """tzdata's `zonenow.tab`: for each clock people keep from now on, one zone and where
    it is kept ("Asia/Kolkata", "India (IST)"); empty where the installed tzdata lacks it."""
    try:
        table = resources.files("tzdata").joinpath("zoneinfo", "zonenow.tab").read_text("utf-8")
    except (ModuleNotFoundError, OSError):
        return ()
    rows = (line.split("\t") for line in table.splitlines() if not line.startswith("#"))
    return tuple(
        (row[2], row[3]) for row in rows if len(row) >= 4 and row[2] in zone_names()
    )


def _abbreviation_advice(text: str, named: tuple[Meaning, ...]) -> str:
    """Why an abbreviation is refused, and the zone for each thing it stands for: one that
    names a single place still gets the warning, as the next one typed may not."""
    ambiguity = (
        ", and an ambiguous one"
        if len(named) > 1
        else " (abbreviations are ambiguous: IST and CST each name several places)"
    )
    choices = [f"{meaning.zone} for {meaning.name}" for meaning in named]
    listed = choices[0] if len(choices) == 1 else f"{', '.join(choices[:-1])} or {choices[-1]}"
    return (
        f"“{text}” is an abbreviation, not a time zone{ambiguity}. Use a place name "
        f"(Area/City) so that daylight saving is followed: {listed}."
    )


def _fixed_offset_zone(offset: timedelta) -> str | None:
    """`UTC`, or the `Etc/GMT±N` zone (sign inverted, whole hours) at `offset`, if any."""
    hours, rest = divmod(offset, timedelta(hours=1))
    if rest:
        return None
    if hours == 0:
        return "UTC"
    name = f"Etc/GMT{-hours:+d}"
    return name if name in zone_names() else None


def _utc_text(offset: timedelta) -> str:
    """`UTC+2`, `UTC-3`, `UTC+5:30`: an offset as people write it."""
    minutes = int(offset.total_seconds()) // 60
    hours, rest = divmod(abs(minutes), 60)
    sign = "-" if minutes < 0 else "+"
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def local_date(instant: float, zone: ZoneInfo) -> date:
    """The calendar date in `zone` at `instant`: the key a day's post is claimed under."""
    return datetime.fromtimestamp(instant, zone).date()


def slot_on(day: date, at: time, zone: ZoneInfo) -> Slot:
    """The instant `at` happens on `day` in `zone`, with the gap and fold rules above."""
    wall = datetime.combine(day, at)
    first = wall.replace(tzinfo=zone, fold=0)
    instant = first.timestamp()
    if datetime.fromtimestamp(instant, zone).replace(tzinfo=None) == wall:
        return Slot(day, instant)  # exists; fold=0 is the first of a repeated time
    # In a gap, fold=0 reads the wall time with the offset from before the jump (an instant
    # after the transition) and fold=1 with the offset from after it (an instant before).
    before = wall.replace(tzinfo=zone, fold=1).timestamp()
    jump = _transition(zone, before, instant)
    if local_date(jump, zone) != day and local_date(before, zone) == day:
        return Slot(day, before)  # the jump ends the day: fire before it, still on `day`
    return Slot(day, jump)


def _transition(zone: ZoneInfo, before: float, after: float) -> float:
    """The first whole second in (before, after] with `after`'s UTC offset: when clocks jump."""
    target = datetime.fromtimestamp(after, zone).utcoffset()
    low, high = int(before), int(after)
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == target:
            high = middle
        else:
            low = middle
    return float(high)


def next_slot(after: float, at: time, zone: ZoneInfo) -> Slot:
    """The first slot firing strictly after `after`."""
    day = local_date(after, zone)
    slot = slot_on(day, at, zone)
    while slot.instant <= after:  # a loop, not one step: zones have skipped whole days
        day += timedelta(days=1)
        slot = slot_on(day, at, zone)
    return slot


@dataclass(frozen=True, slots=True)
class Plan:
    """What a subscription needs at an instant: post `due` now, else nothing until `wake`,
    the slot that will post if nothing changes (what `/daily` promises as the next post)."""

    due: Slot | None
    wake: Slot

    @property
    def next_post(self) -> Slot:
        """The post to announce: the one due now, else the one `wake` will make."""
        return self.due or self.wake


def plan(
    now: float,
    at: time,
    zone: ZoneInfo,
    *,
    since: float,
    grace: float,
    claimed_today: bool,
) -> Plan:
    """Decide today's post: due if its instant has passed less than `grace` ago, it is not
    claimed yet and the subscription covers it (`since`, so a schedule created after
    today's hour starts tomorrow; `DailyScheduler.since_for_change` says when a changed
    one still covers today). Only today's local date is ever looked at,
    so a bot that was down (or a clock that jumped) posts at most once, never a backlog.
    """
    today = slot_on(local_date(now, zone), at, zone)
    if not claimed_today and since <= today.instant:
        if today.instant <= now < today.instant + grace:
            return Plan(due=today, wake=next_slot(today.instant, at, zone))
        if now < today.instant:
            return Plan(due=None, wake=today)
    # Today's slot will not post (claimed, missed, or older than the schedule), even when it
    # is still ahead (the time moved later after today's post): the next post is a later day's.
    return Plan(due=None, wake=next_slot(max(now, since, today.instant), at, zone))


def retry_expired(day: date, now: float, at: time, zone: ZoneInfo, grace: float) -> bool:
    """Whether a failed post of `day` may no longer be retried at `now`: only while it is
    still that day in `zone` and within `grace` of its slot, the same window a first attempt
    gets. A retry that comes due later (the bot was down) must not post a past day's takeaway
    on top of today's."""
    return local_date(now, zone) != day or now >= slot_on(day, at, zone).instant + grace


def window_end(day: date, at: time, zone: ZoneInfo, grace: float) -> float:
    """The instant `day`'s post can no longer go out (`retry_expired` from then on): its
    slot's grace run out, or the day over in `zone`, whichever comes first."""
    return min(slot_on(day, at, zone).instant + grace, _day_end(day, zone))


def _day_end(day: date, zone: ZoneInfo) -> float:
    """The instant `day` ends in `zone`: the next day's first."""
    return slot_on(day + timedelta(days=1), time(0), zone).instant


def first_covered_day(since: float, at: time, zone: ZoneInfo) -> date:
    """The first local date whose post a schedule made at `since` covers: that day's if
    its slot is not yet past (the rule `plan` and `missed_slot` apply), else the next."""
    day = local_date(since, zone)
    return day if since <= slot_on(day, at, zone).instant else day + timedelta(days=1)


def missed_slot(now: float, at: time, zone: ZoneInfo, *, since: float, grace: float) -> Slot | None:
    """The latest slot that can no longer post at `now`, if the schedule covered it (`since`):
    today's once its grace has run out, else yesterday's (`plan` posts only today's). Whether
    it did post is for the claims to say; one that did not was skipped."""
    today = local_date(now, zone)
    slot = slot_on(today, at, zone)
    if now < slot.instant + grace:
        slot = slot_on(today - timedelta(days=1), at, zone)
    return slot if since <= slot.instant else None


def ended_with_its_day(slot: Slot, zone: ZoneInfo, grace: float) -> bool:
    """Whether `slot` could post until its local day ended, before `grace` ran out: then the
    day's end, not the grace, is what stopped a post that never went out (`plan` posts a
    day's slot only on that day, so a 23:30 post missed by an hour is past its day)."""
    return _day_end(slot.local_date, zone) < slot.instant + grace


def describe_date(day: date) -> str:
    """`Tue 03 Mar`: a local date as `describe_instant` writes it."""
    return day.strftime("%a %d %b")


def describe_instant(instant: float, zone: ZoneInfo) -> str:
    """`Tue 03 Mar 09:30 GMT`: an instant as the channel reads it."""
    return datetime.fromtimestamp(instant, zone).strftime("%a %d %b %H:%M %Z")


def describe_post(slot: Slot, at: time, zone: ZoneInfo, *, aside: str = "") -> str:
    """`Sun 08 Mar 03:00 EDT (aside)`: a post's instant as the channel reads it, saying
    why when the clocks skip `at` that day (the gap rule above). Shown "03:00" for "02:30"
    with no word, an admin took the bot for having misread the time."""
    asides = [aside] if aside else []
    shown = datetime.fromtimestamp(slot.instant, zone)
    if (shown.hour, shown.minute) != (at.hour, at.minute):
        asides.append(f"{format_time(at)} does not exist that day: the clocks go forward")
    text = describe_instant(slot.instant, zone)
    return f"{text} ({'; '.join(asides)})" if asides else text
