"""Time-zone abbreviations people type for `tz:` (BST, PST, IST), and the zones they mean.

An abbreviation is not a zone: it names part of a year (BST is London in summer only) and
several stand for different places (IST is India, Ireland or Israel). So none is accepted;
the refusal names the zone instead. The close-name matcher cannot: by spelling, BST is
nearest to MST, HST and EST, zones five to ten hours away.

The table holds common abbreviations as tzdata itself writes them: every zone listed shows
its abbreviation at some time of year (`tzname`), which a test checks, so a guessed
abbreviation (SGT: tzdata writes +08) cannot creep in. An abbreviation with several meanings
lists each, with the place that tells them apart.

Some abbreviations are also tzdata zone names, and `parse_zone` opens a zone name first; a
name listed here is taken out of the zone names instead (`zone_names`), because the zone is
not what people mean by it. tzdata's EST is UTC-5 all year (a link to America/Panama), but
most people who type EST mean New York's clock, so "09:00 EST" would post at 10:00 New York
time from March to November; MST likewise is Arizona's, not Denver's. The other zones named
by an abbreviation keep the time people mean by it, so they stay open: CET, EET, WET and MET
follow their region's summer time as people there do; HST is Honolulu, which has no summer
time (Adak's winter HST is the rare exception); GMT and UTC are UTC+0 all year, as `GMT+2`
is read too.
"""

from __future__ import annotations

from typing import NamedTuple


class Meaning(NamedTuple):
    """What an abbreviation stands for, and the IANA zone that keeps that time."""

    name: str
    zone: str


_TABLE: dict[str, tuple[Meaning, ...]] = {
    "BST": (Meaning("British Summer Time", "Europe/London"),),
    "IST": (
        Meaning("India Standard Time", "Asia/Kolkata"),
        Meaning("Irish Standard Time", "Europe/Dublin"),
        Meaning("Israel Standard Time", "Asia/Jerusalem"),
    ),
    "IDT": (Meaning("Israel Daylight Time", "Asia/Jerusalem"),),
    "WEST": (Meaning("Western European Summer Time", "Europe/Lisbon"),),
    "CEST": (Meaning("Central European Summer Time", "Europe/Paris"),),
    "EEST": (Meaning("Eastern European Summer Time", "Europe/Athens"),),
    "MSK": (Meaning("Moscow Time", "Europe/Moscow"),),
    "WAT": (Meaning("West Africa Time", "Africa/Lagos"),),
    "CAT": (Meaning("Central Africa Time", "Africa/Maputo"),),
    "EAT": (Meaning("East Africa Time", "Africa/Nairobi"),),
    "SAST": (Meaning("South Africa Standard Time", "Africa/Johannesburg"),),
    "PKT": (Meaning("Pakistan Standard Time", "Asia/Karachi"),),
    "WIB": (Meaning("Western Indonesia Time", "Asia/Jakarta"),),
    "CST": (
        Meaning("Central Standard Time (North America)", "America/Chicago"),
        Meaning("China Standard Time", "Asia/Shanghai"),
        Meaning("Cuba Standard Time", "America/Havana"),
    ),
    "CDT": (
        Meaning("Central Daylight Time (North America)", "America/Chicago"),
        Meaning("Cuba Daylight Time", "America/Havana"),
    ),
    "HKT": (Meaning("Hong Kong Time", "Asia/Hong_Kong"),),
    "JST": (Meaning("Japan Standard Time", "Asia/Tokyo"),),
    "KST": (Meaning("Korea Standard Time", "Asia/Seoul"),),
    "AWST": (Meaning("Australian Western Standard Time", "Australia/Perth"),),
    "ACST": (
        Meaning("Australian Central Standard Time (South Australia)", "Australia/Adelaide"),
        Meaning("Australian Central Standard Time (Northern Territory)", "Australia/Darwin"),
    ),
    "ACDT": (Meaning("Australian Central Daylight Time", "Australia/Adelaide"),),
    "AEST": (
        Meaning("Australian Eastern Standard Time (New South Wales)", "Australia/Sydney"),
        Meaning("Australian Eastern Standard Time (Queensland)", "Australia/Brisbane"),
    ),
    "AEDT": (Meaning("Australian Eastern Daylight Time", "Australia/Sydney"),),
    "NZST": (Meaning("New Zealand Standard Time", "Pacific/Auckland"),),
    "NZDT": (Meaning("New Zealand Daylight Time", "Pacific/Auckland"),),
    "NST": (Meaning("Newfoundland Standard Time", "America/St_Johns"),),
    "NDT": (Meaning("Newfoundland Daylight Time", "America/St_Johns"),),
    "AST": (
        Meaning("Atlantic Standard Time (Canada)", "America/Halifax"),
        Meaning("Atlantic Standard Time (Caribbean)", "America/Puerto_Rico"),
    ),
    "ADT": (Meaning("Atlantic Daylight Time", "America/Halifax"),),
    "EST": (
        Meaning("Eastern Time (EST in winter, EDT in summer)", "America/New_York"),
        Meaning("Eastern Standard Time all year (UTC-5)", "America/Panama"),
    ),
    "EDT": (Meaning("Eastern Daylight Time", "America/New_York"),),
    "MST": (
        Meaning("Mountain Time (MST in winter, MDT in summer)", "America/Denver"),
        Meaning("Mountain Standard Time all year (Arizona)", "America/Phoenix"),
    ),
    "MDT": (Meaning("Mountain Daylight Time", "America/Denver"),),
    "PST": (
        Meaning("Pacific Standard Time", "America/Los_Angeles"),
        Meaning("Philippine Standard Time", "Asia/Manila"),
    ),
    "PDT": (Meaning("Pacific Daylight Time", "America/Los_Angeles"),),
    "AKST": (Meaning("Alaska Standard Time", "America/Anchorage"),),
    "AKDT": (Meaning("Alaska Daylight Time", "America/Anchorage"),),
    "HDT": (Meaning("Hawaii-Aleutian Daylight Time", "America/Adak"),),
}


def abbreviations() -> tuple[str, ...]:
    """Every abbreviation the table knows, as tzdata writes it (upper case)."""
    return tuple(_TABLE)


def meanings(text: str) -> tuple[Meaning, ...]:
    """What `text` stands for as an abbreviation (any case), or nothing if it is not one."""
    return _TABLE.get(text.strip().upper(), ())
