"""Labels that cannot stand side by side as options of one poll, whoever wrote them.

A poll typed with `/poll` and a pack's "who's right?" poll (its speakers' names and free
labels) become the same buttons, results and `/vote` labels, so one rule refuses both.
The pack compared its labels by case alone: speakers "Bob" and "Ｂｏｂ" (full width), or
"Yes" and "Үes" (a Cyrillic Ү), loaded as two options no voter could tell apart, and a
free label "#1" on option 3 was voted for as option 1 by `/vote #1`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.ids import parse_id
from bot.core.look_alikes import look_alike
from bot.core.sanitize import beside_code, comparison_key

#: An option typed as a number: ASCII digits, or full-width ones (`typed_number`); `٣` is
#: read as a label, never as 3. With a `#` in front it is option N whatever the labels say:
#: the way to pick by number when a bare number is also another option's label (`2 | 1`).
OPTION_NUMBER = re.compile(r"(#?)([0-9]+)")


def hashed_number(key: str, count: int) -> int | None:
    """The option number a label's key spells as `#N`, if it is one of `count` options."""
    numeral = OPTION_NUMBER.fullmatch(key)
    return parse_id(numeral.group(2), limit=count) if numeral and numeral.group(1) else None


def label_clash(labels: Sequence[str | None], number: int) -> str | None:
    """Why option `number` (from 1) of `labels` cannot stand beside the options before it,
    or None: a label `#N` naming another option (`/vote` reads `#N` as option N, always),
    one that looks the same as an earlier one (`comparison_key`: case, look-alike forms,
    invisible characters), or one typed with letters of another alphabet that looks the
    same (`look_alikes`), compared as typed too, not only by key: casefolded, a capital's
    look-alike may be no small letter's (`H` and Cyrillic `Н`, `h` and `н`). Neither label
    is changed: which one was meant is for whoever wrote them to say. None stands for an
    option refused for another reason, which keeps the others' numbers. Both labels are
    quoted with their backticks as look-alikes (`beside_code`): "`a" and "`а" quoted side
    by side showed “ and “ as code on Slack and Discord."""
    typed = labels[number - 1]
    if typed is None:
        return None
    key = comparison_key(typed)
    named = hashed_number(key, len(labels))
    if named is not None and named != number:
        return (
            f"Option {number}, “{typed}”, would read as option {named} in /vote: "
            "write it without the #."
        )
    earlier = [(n, label) for n, label in enumerate(labels[: number - 1], 1) if label is not None]
    same = next((n for n, label in earlier if comparison_key(label) == key), None)
    if same is not None:
        return f"Options {same} and {number} are the same: “{beside_code(typed)}”."
    alike = next(
        (
            n
            for n, label in earlier
            if look_alike(comparison_key(label), key) or look_alike(label, typed)
        ),
        None,
    )
    if alike is None:
        return None
    first, second = beside_code(labels[alike - 1] or ""), beside_code(typed)
    return (
        f"Options {alike} and {number} look the same, “{first}” and “{second}”, but are "
        "typed with letters of different alphabets, so voters could not tell them apart: "
        "type both in one alphabet, or word them differently."
    )
