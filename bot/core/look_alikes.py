"""Option labels voters cannot tell apart, though typed with different letters: `Yes` and
`Үes` (a Cyrillic Ү), `Paris` and `Pаris` (a Cyrillic а). `comparison_key` folds the forms
of one letter (full width, bold, case), never one alphabet's letter into another's, so
both were options, shown as two identical buttons, results and /vote labels.

Which letters look alike is Unicode's confusables data (UTS #39), as the small
`confusable_homoglyphs` package ships it, read on the first poll that needs it. Only
letters of two different scripts count: `l` and `1`, or `O` and `0`, are told apart by
readers of either, and whoever types `Option 1 | Option l` means two things.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import resources


def look_alike(first: str, second: str) -> bool:
    """Whether two different comparison keys (`comparison_key`) show the same: of one
    length, and where they differ, letters of different scripts that Unicode lists as
    confusable."""
    return first != second and len(first) == len(second) and all(map(_letters_alike, first, second))


def _letters_alike(one: str, other: str) -> bool:
    if one == other:
        return True
    if not (one.isalpha() and other.isalpha()) or _script(one) == _script(other):
        return False
    confusables = _confusables()
    near, far = confusables.get(one, frozenset()), confusables.get(other, frozenset())
    # The data lists a set of look-alikes under the letter they are all drawn like (UTS
    # #39's prototype) and only that letter under each of them, so two of one set need not
    # name each other: `I` and Cyrillic `І` (both drawn like `l`) name only `l`.
    return other in near or one in far or not near.isdisjoint(far)


def _script(letter: str) -> str:
    """The script a letter's Unicode name starts with (LATIN, CYRILLIC, GREEK, …)."""
    return unicodedata.name(letter, "").partition(" ")[0]


@cache
def _confusables() -> dict[str, frozenset[str]]:
    """Each character and those Unicode lists as confusable with it: the package's data
    file (about 1 MB of JSON, a tenth of a second), read on first use, not at start-up,
    and without the package's modules, which also read its script table."""
    table = resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text()
    return {
        char: frozenset(entry["c"] for entry in entries)
        for char, entries in json.loads(table).items()
    }
