"""The name a mistyped one most likely meant: one rule for command names, option names and
console controls, so every typo is met the same way."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: How alike (difflib's ratio) a typed word and a name must be for the name to be offered:
#: one letter dropped, changed or swapped in a name of three letters or more is.
CUTOFF = 0.6


def nearest(typed: str, names: Iterable[str]) -> str | None:
    """The name closest to `typed`, compared without case, or None if none is close."""
    close = difflib.get_close_matches(typed.lower(), list(names), n=1, cutoff=CUTOFF)
    return close[0] if close else None
