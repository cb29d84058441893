"""Generic, never-raising checks for YAML values, collecting problems as they go.

Every check reports and returns None instead of raising, so one run finds
every mistake in a pack rather than stopping at the first typo.  Nothing here
knows what a pack looks like; the section validators supply that.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.core.sanitize import is_blank, strip_controls
from bot.core.typos import nearest
from bot.knowledge.limits import SLUG
from bot.knowledge.positions import Loc
from bot.knowledge.problems import PackProblem

MISSING: Any = object()
"""Marks an absent key so a missing field is reported once, by the mapping check."""


def describe(value: Any) -> str:
    """Name a YAML value the way a curator would, for type-error messages."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()}); quote it if you meant text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, dt.date):
        return f"a date ({value})"
    return "text"


def did_you_mean(typed: str, ids: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` after a reference to no id, or "": the id a typo most likely
    meant, found as for a mistyped command, so a one-letter slip needs no search."""
    close = nearest(typed, ids)
    return f" (did you mean '{close}'?)" if close else ""


def lookup(mapping: dict[str, Any] | None, key: str) -> Any:
    """A field of a mapping that may itself have been invalid (None); MISSING if absent."""
    if mapping is None:
        return MISSING
    return mapping.get(key, MISSING)


class Checker:
    """Collects problems and offers typed field validators that never raise."""

    def __init__(self) -> None:
        self.problems: list[PackProblem] = []

    def report(self, loc: Loc, message: str, *, on_key: bool = False) -> None:
        line = loc.key_line if on_key else loc.line
        self.problems.append(PackProblem(loc.doc.file, line, message))

    def report_file(self, file: Path, message: str, line: int | None = None) -> None:
        self.problems.append(PackProblem(file, line, message))

    def mapping(
        self,
        loc: Loc,
        value: Any,
        what: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> dict[str, Any] | None:
        """The mapping even with unknown or missing keys, so its fields still get checked."""
        if value is MISSING:
            return None
        if not isinstance(value, dict):
            self.report(loc, f"{what} must be a mapping, got {describe(value)}")
            return None
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key in value:
            if not isinstance(key, str):
                self.report(loc, f"{what} has a non-text key {key!r}; quote it")
            elif key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.report(
                    loc.at(key),
                    f"unknown key '{key}' in {what}{did_you_mean(key, allowed)} (allowed: {hint})",
                    on_key=True,
                )
        for key in required:
            if key not in value:
                self.report(loc, f"{what} is missing required field '{key}'", on_key=True)
        return value

    def unique(self, what: str, seen: dict[str, Loc], ident: str | None, loc: Loc) -> bool:
        """Record an id; a repeat is reported at the repeat, naming where the first one lives."""
        if ident is None:
            return False
        if ident in seen:
            self.report(
                loc, f"duplicate {what} id '{ident}' (first declared at {seen[ident].where()})"
            )
            return False
        seen[ident] = loc
        return True

    def text(self, loc: Loc, value: Any, what: str, max_len: int) -> str | None:
        """Stripped text; bare YAML numbers are accepted because curators rarely quote them."""
        if value is MISSING:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.report(loc, f"{what} must be text, got {describe(value)}")
            return None
        value = value.strip()
        if not value:
            self.report(loc, f"{what} must not be empty")
            return None
        # What people type loses these at the dispatcher (`strip_controls`); a pack's text
        # never passes it, and YAML's escapes ("\e", "\0", "\u202e") write any of them:
        # an ESC reached the console's and `export-votes`' terminal as a command, a NUL
        # failed every PostgreSQL write of the pack's poll, an override showed a label reversed.
        control = next((char for char in value if strip_controls(char) != char), None)
        if control is not None:
            self.report(
                loc,
                f"{what} holds the control character U+{ord(control):04X}, unseen where it is "
                "shown but acted on (a terminal's escape, a reversed line): remove it",
            )
            return None
        if is_blank(value):
            # A speaker named "\u3164" (a Hangul filler) was a blank poll button and a
            # nameless card: a typed /poll refuses such a label (`is_blank`) too.
            self.report(loc, f"{what} shows nothing: it holds only invisible characters")
            return None
        if len(value) > max_len:
            self.report(loc, f"{what} is too long ({len(value)} characters, max {max_len})")
            return None
        return value

    def optional_text(self, loc: Loc, value: Any, what: str, max_len: int) -> str | None:
        """Like :meth:`text`, but an explicit null means "not given" rather than an error."""
        if value is MISSING or value is None:
            return None
        return self.text(loc, value, what, max_len)

    def slug(self, loc: Loc, value: Any, what: str, pattern: re.Pattern[str] = SLUG) -> str | None:
        """An identifier; the pattern keeps ids usable in commands and cross-references."""
        text = self.text(loc, value, what, 64)
        if text is None:
            return None
        if not pattern.match(text):
            self.report(
                loc,
                f"{what} '{text}' must match {pattern.pattern} (lowercase letters, digits, '-')",
            )
            return None
        return text

    def integer(
        self, loc: Loc, value: Any, what: str, low: int, high: int, default: int | None = None
    ) -> int | None:
        """A bounded whole number; YAML booleans are rejected even though Python calls them ints."""
        if value is MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.report(loc, f"{what} must be a whole number {low}..{high}, got {describe(value)}")
            return None
        if not low <= value <= high:
            self.report(loc, f"{what} must be between {low} and {high}, got {value}")
            return None
        return value

    def items(
        self,
        loc: Loc,
        value: Any,
        what: str,
        min_items: int = 0,
        max_items: int | None = None,
        *,
        of_words: bool = False,
    ) -> list[Any]:
        """Items to check one by one; a wrong count is reported but the items are still checked.

        ``of_words``: a list of words or ids, which an author often writes bare
        (``topics: policy``), so a text given instead is shown in the list form."""
        if value is MISSING:
            return []
        if not isinstance(value, list):
            hint = ""
            if of_words and isinstance(value, str):
                hint = f"; write it in brackets: [{value.strip()}]"
            self.report(loc, f"{what} must be a list, got {describe(value)}{hint}")
            return []
        if len(value) < min_items:
            self.report(loc, f"{what} needs at least {min_items} item(s), got {len(value)}")
        if max_items is not None and len(value) > max_items:
            self.report(loc, f"{what} allows at most {max_items} items, got {len(value)}")
        return value

    def text_list(
        self,
        loc: Loc,
        value: Any,
        what: str,
        max_len: int,
        min_items: int = 0,
        default: tuple[str, ...] | None = None,
        max_items: int | None = None,
    ) -> tuple[str, ...] | None:
        """All items or None: a list with one bad item is unusable, but every item is reported."""
        if value is MISSING:
            return default
        before = len(self.problems)
        raw = self.items(loc, value, what, min_items, max_items, of_words=True)
        out = [self.text(loc.at(i), item, f"{what} item", max_len) for i, item in enumerate(raw)]
        if len(self.problems) != before:
            return None
        return tuple(t for t in out if t is not None)
