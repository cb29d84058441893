"""Validate the pack's glossary: names kept exactly as the source wrote them, explained.

Sources transcribe names oddly (the bundled article writes "O13" and "Deep Seek"), and the
pack keeps them as written rather than inventing corrections.  Readers take such names for
our typos, so a glossary explains them; each term must appear in the source, or the glossary
would be explaining a spelling nobody wrote.
"""

from __future__ import annotations

from typing import Any

from bot.knowledge.evidence import SOURCE_FILE, SourceText
from bot.knowledge.fields import MISSING, Checker, describe
from bot.knowledge.limits import GLOSS_MAX, WORD_MAX
from bot.knowledge.positions import Loc


def check_glossary(
    c: Checker, loc: Loc, value: Any, source: SourceText | None
) -> dict[str, str] | None:
    """Term -> explanation in file order; ``{}`` when the pack has none, None if unusable."""
    if value is MISSING:
        return {}
    if not isinstance(value, dict):
        c.report(loc, f"glossary must be a mapping of term to explanation, got {describe(value)}")
        return None
    glossary: dict[str, str] = {}
    ok = True
    for raw_term, raw_text in value.items():
        here = loc.at(str(raw_term))
        term = c.text(here, raw_term, "glossary term", WORD_MAX)
        text = c.text(here, raw_text, f"glossary entry '{raw_term}'", GLOSS_MAX)
        if term is not None and source is not None and not source.contains(term):
            c.report(
                here,
                f"glossary term '{term}' does not appear in {SOURCE_FILE}; "
                "the glossary explains names exactly as the source writes them",
                on_key=True,
            )
            ok = False
        if term is None or text is None:
            ok = False
        else:
            glossary[term] = text
    return glossary if ok else None
