"""What to do about a YAML syntax error, said the way a pack author can act on it.

PyYAML names its parser's state ("did not find expected key", "mapping values are not
allowed in this context"), which says nothing about the fix to someone who writes YAML a
few times a year. In a hand-written pack each of those messages has a few usual causes (a
tab, a value holding ": ", a line indented unlike its neighbours, an unclosed [list]), so
each gets the remedy for them; PyYAML's own words are kept beside it for whoever knows them.
"""

from __future__ import annotations

import re

_TAB_INDENT = re.compile(r"^[ ]*\t")
#: ": " (or ":" at the end) outside quotes: where YAML would start a mapping value.
_COLON = re.compile(r":(?:\s|$)")
_QUOTED = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'")

TAB = "YAML indents with spaces only: replace the tab at the start of this line with spaces"


def tab_indented_line(lines: list[str], first: int, last: int) -> int | None:
    """The first 1-based line in ``first..last`` whose indentation holds a tab, if any.

    PyYAML reports a tab at the start of the construct it was reading, lines above the
    tab itself, and in words ("cannot start any token") that never say "tab".
    """
    for number in range(max(first, 1), min(last, len(lines)) + 1):
        if _TAB_INDENT.match(lines[number - 1]):
            return number
    return None


def remedy(detail: str, line: str, column: int) -> str:
    """The fix for PyYAML's ``detail`` (its context and problem) at ``column`` of ``line``,
    the text of the line it names."""
    if "mapping values are not allowed" in detail:
        if len(_COLON.findall(_QUOTED.sub("", line))) > 1:
            return (
                "the value holds ': ', which YAML reads as a new key: put the whole value in quotes"
            )
        return (
            "this key and the one above it are not lined up (either may be off): indent them "
            "alike; if this line is text, not a key, put the value it belongs to in quotes"
        )
    if "expected '-' indicator" in detail:
        return (
            "every item of this list starts with '- ' at the same column, and the keys of an "
            "item line up under its first key"
        )
    if "did not find expected key" in detail or "expected <block end>" in detail:
        return (
            "a line here is indented unlike the keys around it: line it up with the key "
            "it belongs beside (spaces only)"
        )
    if "cannot start any token" in detail:
        sign = line[column] if 0 <= column < len(line) else "this sign"
        return f"a value cannot start with '{sign}' in YAML: put the whole value in quotes"
    if "could not find expected ':'" in detail:
        return "write each line as 'key: value' or '- item', with a space after ':' and after '-'"
    if "flow node" in detail:
        return (
            "a [list] or {mapping} here is left open or holds an empty item: close it, "
            "and quote any item holding ',', ':', '[' or '{'"
        )
    if "expected ',' or ']'" in detail or "expected ',' or '}'" in detail:
        return (
            "close the [list] or {mapping} opened here, and quote any item holding ':', '[' or '{'"
        )
    if "while parsing a quoted scalar" in detail:  # inside it: a bad escape
        return (
            'inside "double quotes" a backslash starts an escape: write \\\\ for one, or use '
            "'single quotes'"
        )
    if "quoted scalar" in detail:
        return "add the closing quote where the value ends"
    if "alias" in detail or "tag" in detail or "anchor" in detail:
        return "a value starting with '*', '&' or '!' must be put in quotes"
    return "put the value on this line in quotes if it holds ':' or '#' or starts with a sign"
