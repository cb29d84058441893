"""Keep every point traceable: its evidence must be verbatim text of the pack's source.

A pack ships the document it was curated from as ``source.md``.  Each point quotes the
sentence(s) of that document that support it (``evidence:``), and a point's short ``quote:``
must lie inside its own evidence.  Matching ignores what a curator cannot see or type
reliably (runs of whitespace, curly versus straight quotes, the kind of dash) and nothing
else: case and wording must be the source's own, so an excerpt cannot drift into a paraphrase.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bot.knowledge.fields import MISSING, Checker
from bot.knowledge.limits import EVIDENCE_MAX, EVIDENCE_MIN_WORDS, MAX_EVIDENCE
from bot.knowledge.pack_files import read_pack_text
from bot.knowledge.positions import Loc

SOURCE_FILE = "source.md"
"""The source document's name inside a pack folder."""

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",  # left single quote
        "\u2019": "'",  # right single quote / apostrophe
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",  # prime
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",
        "\u2212": "-",  # minus sign
        "\u2026": "...",
    }
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text as compared for evidence: straight quotes, plain hyphens, single spaces."""
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHY)).strip()


def _normalised_from(text: str) -> tuple[str, list[int]]:
    """``normalise(text)``, and for each of its characters the index in ``text`` of the
    character it comes from (a run of spaces from its first, "..." from its "…")."""
    chars: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        if _SPACE.fullmatch(char):
            if chars and chars[-1] != " ":
                chars.append(" ")
                origins.append(index)
            continue
        for shown in char.translate(_TYPOGRAPHY):
            chars.append(shown)
            origins.append(index)
    if chars and chars[-1] == " ":
        chars.pop()
        origins.pop()
    return "".join(chars), origins


class SourceText:
    """The source document, normalised once so many excerpts can be looked up cheaply."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._normalised, self._origins = _normalised_from(text)

    def contains(self, excerpt: str) -> bool:
        """Whether ``excerpt`` is verbatim source text (whitespace and typography aside), made
        of whole words: "P30" is not in "P30s", nor is "aker said" in "Baker said"."""
        return self.spelled(excerpt) is not None

    def spelled(self, excerpt: str) -> str | None:
        """``excerpt`` as the source writes it, its curly quotes and dashes, on one line; None
        if it is not source text (``contains``). Answers show this under "From the article":
        a curator's straight quote or hyphen, which the check lets pass, is not the article's."""
        wanted = normalise(excerpt)
        if not wanted:
            return None
        found = _whole_words(wanted).search(self._normalised)
        if found is None:
            return None
        start, end = self._origins[found.start()], self._origins[found.end() - 1] + 1
        return " ".join(self.text[start:end].split())

    def departure(self, excerpt: str) -> str:
        """Where an excerpt that is not source text leaves it, for the author to look: after
        its longest opening that is, and, when that opening occurs once, what the source
        says next. Empty when not even its first word is source text."""
        words = normalise(excerpt).split(" ") if normalise(excerpt) else []
        low, high = 0, len(words)  # words[:low] is source text; words[:high + 1] is not
        while low < high:
            middle = (low + high + 1) // 2
            if self._where(" ".join(words[:middle])):
                low = middle
            else:
                high = middle - 1
        if low == 0:
            return ""
        opening = " ".join(words[:low])
        place = f"; it leaves {SOURCE_FILE} after '{_clip(opening, 40, tail=True)}'"
        found = self._where(opening)
        if len(found) != 1:
            return place
        follows = self._normalised[found[0].end() :].split(" ", _SHOWN_WORDS + 1)[1:]
        source = " ".join(follows[:_SHOWN_WORDS])
        typed = " ".join(words[low : low + _SHOWN_WORDS])
        return f"{place}: {SOURCE_FILE} goes on '{source}', this has '{typed}'"

    def _where(self, wanted: str) -> list[re.Match[str]]:
        """Every place the normalised source holds ``wanted`` as whole words."""
        return list(_whole_words(wanted).finditer(self._normalised))


def _whole_words(wanted: str) -> re.Pattern[str]:
    """``wanted`` as whole words: "P30" is not in "P30s", nor is "aker said" in "Baker said"."""
    return re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")


_SHOWN_WORDS = 4
"""Words shown either side of where an excerpt departs from the source: enough to see it."""


def read_source(folder: Path, checker: Checker) -> SourceText | None:
    """The pack's ``source.md``; a missing or unreadable one is reported, since without it no
    claim can be traced."""
    file = folder / SOURCE_FILE
    if not file.is_file():
        checker.report_file(
            folder,
            f"pack has no {SOURCE_FILE}: ship the source document so every point's "
            "evidence can be checked against it",
        )
        return None
    text = read_pack_text(file, checker)
    if text is None:
        return None
    if not text.strip():
        checker.report_file(file, "source document is empty")
        return None
    return SourceText(text)


def check_evidence(
    c: Checker, loc: Loc, value: Any, point_id: str | None
) -> tuple[str, ...] | None:
    """A point's ``evidence:``, one excerpt or a list of them; None if unusable (reported)."""
    if value is MISSING:
        return None
    if isinstance(value, str):
        excerpt = c.text(loc, value, "evidence", EVIDENCE_MAX)
        excerpts = (excerpt,) if excerpt else None
    elif isinstance(value, list):
        excerpts = c.text_list(loc, value, "evidence", EVIDENCE_MAX, 1, max_items=MAX_EVIDENCE)
    else:
        c.report(loc, f"point '{point_id}' evidence must be a sentence of the source or a list")
        return None
    for index, excerpt in enumerate(excerpts or ()):
        if len(excerpt.split()) < EVIDENCE_MIN_WORDS:
            c.report(
                loc.at(index),
                f"point '{point_id}' evidence '{excerpt}' is too short to support a claim; "
                "copy the whole sentence",
            )
            excerpts = None
    return excerpts


def check_traceable(
    c: Checker,
    loc: Loc,
    point_id: str | None,
    evidence: tuple[str, ...],
    quote: str | None,
    source: SourceText,
) -> tuple[tuple[str, ...], str | None]:
    """Each excerpt is in the source, and the quote is inside one of the point's excerpts;
    returns both as the source spells them (`SourceText.spelled`), or as given if not."""
    for index, excerpt in enumerate(evidence):
        if not source.contains(excerpt):
            c.report(
                loc.at("evidence").at(index),  # a lone string has no item: its own line is used
                f"point '{point_id}' evidence is not in {SOURCE_FILE}: "
                f"'{_clip(excerpt)}'{source.departure(excerpt)} (copy the sentence verbatim)",
            )
    if quote is not None and not any(normalise(quote) in normalise(e) for e in evidence):
        c.report(
            loc.at("quote"),
            f"point '{point_id}' quote '{quote}' is not inside its own evidence; "
            "add the sentence it comes from to evidence:",
        )
    spelled = tuple(source.spelled(e) or e for e in evidence)
    if quote is not None:
        within = (SourceText(e).spelled(quote) for e in spelled)
        quote = next((q for q in within if q is not None), quote)
    return spelled, quote


def _clip(text: str, limit: int = 60, *, tail: bool = False) -> str:
    """Enough of an excerpt to find it again, short enough to read in a problem list: its
    start, or with ``tail`` its end."""
    flat = normalise(text)
    if len(flat) <= limit:
        return flat
    if not tail:
        return flat[: limit - 1] + "…"
    end = flat[1 - limit :]
    return "…" + end.partition(" ")[2] if " " in end else "…" + end
