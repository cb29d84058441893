"""Numbers typed or clicked by users (poll numbers, option numbers, integer options).

Python's own tests are too generous for input: `str.isdigit()` is true for `²` (which `int()`
then refuses with a ValueError) and for `٣` (Arabic-Indic three, which `int()` reads as 3),
and `int()` takes `+3`, ` 3`, `3_000` and numbers far beyond any database column. Ids here
are ASCII digits only and fit the column they are looked up in (PostgreSQL BIGINT, SQLite's
integer: both signed 64 bits), so a bad id is answered as "no such poll" before it can reach
a query, let alone fail one shared with other votes.

Typed numbers may come in full width (`１２`, `＃２`), as a Japanese keyboard types them
with its input method on: those are the ASCII ones in another form (`typed_number`).
"""

from __future__ import annotations

import re

#: The largest value a BIGINT (and SQLite's INTEGER) column holds.
MAX_ID = 2**63 - 1
MIN_INTEGER = -(2**63)
_DIGITS = re.compile(r"[0-9]+")
_SIGNED = re.compile(r"-?[0-9]+")
#: How far Unicode's full-width forms (U+FF01–U+FF5E) sit from the ASCII characters they are.
FULL_WIDTH_OFFSET = 0xFEE0
DIGITS = "0123456789"


def full_width_as_ascii(chars: str) -> dict[int, str]:
    """A `str.translate` table reading the full-width form of each of the ASCII `chars`
    (`１`, `ｈ`, `：`) as that character: one rule for numbers, durations and times."""
    return str.maketrans({chr(ord(char) + FULL_WIDTH_OFFSET): char for char in chars})


_FULL_WIDTH = full_width_as_ascii(DIGITS + "#")


def typed_number(text: str) -> str:
    """`text` with its full-width digits and `＃` in ASCII, so a number typed with a
    Japanese input method on reads as typed without it. Only these: `٣` and `²` are
    other characters, not other forms of ASCII ones."""
    return text.translate(_FULL_WIDTH)


def parse_id(text: str, *, limit: int = MAX_ID) -> int | None:
    """The number `text` spells in ASCII digits if it is 1 to `limit`, else None."""
    if not _DIGITS.fullmatch(text):
        return None
    value = _bounded_int(text, limit)
    return value if value is not None and value >= 1 else None


def parse_integer(text: str) -> int | None:
    """A signed whole number in ASCII digits that fits a 64-bit column, else None."""
    if not _SIGNED.fullmatch(text):
        return None
    if text.startswith("-"):
        magnitude = _bounded_int(text[1:], -MIN_INTEGER)
        return -magnitude if magnitude is not None else None
    return _bounded_int(text, MAX_ID)


def valid_id(value: int) -> bool:
    """Whether an id already read as an int can be looked up at all (1 to `MAX_ID`)."""
    return 1 <= value <= MAX_ID


def _bounded_int(digits: str, limit: int) -> int | None:
    """`int(digits)` if at most `limit`; the length is checked first, so a megabyte of digits
    costs nothing (and never meets `int()`'s 4,300-digit refusal)."""
    significant = digits.lstrip("0") or "0"
    if len(significant) > len(str(limit)):
        return None
    value = int(significant)
    return value if value <= limit else None
