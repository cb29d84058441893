"""A question of several parts joined by "and" or "or", of which the debate covers some.

"gin on drones and on tiktok" asks two things, and the article speaks to one. Judged whole,
the part it has nothing on sank the part it covers under the two-to-one rule (see
:attr:`~bot.knowledge.search.Coverage.on_topic`), and the question was refused; where the
other part shared a word with the debate, it was answered as if all of it were covered.
Judged part by part, the covered part is answered, and the answer names the rest as
something the debate has nothing on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.search import Searcher
from bot.knowledge.tokens import NEGATIONS, STOP_WORDS, is_filler

JOINS = frozenset({"and", "or", "plus"})
"""Words that join the parts of a question: each part can be judged alone."""
_QUESTIONS = re.compile(r"\s*(?:[?,]|;(?!\w)|\b(?:and|plus|while)\b)\s*", re.IGNORECASE)
"""Where one question of a message ends and the next begins; a semicolon inside a word is
none ("tl;dr, and who won the super bowl" asked for "tl" and "dr")."""
MOST_QUESTIONS = 4
"""How many questions one message is read as at most: "what does baker think about
distillation and what does gin say about robots" asks two; a pasted list asks none."""


def questions_in(text: str) -> list[str]:
    """The questions ``text`` (as typed) may hold, split where a join or a clause mark
    stands: each is then asked alone. Empty pieces are dropped; more than
    :data:`MOST_QUESTIONS` read as one question (an empty list)."""
    pieces = [piece for piece in _QUESTIONS.split(text) if piece.strip()]
    return pieces if len(pieces) <= MOST_QUESTIONS else []


@dataclass(frozen=True)
class Parts:
    """A question (spelled, speakers out) split into what the debate covers and what not."""

    covered: str
    """The question without its uncovered parts: what is searched."""
    uncovered: tuple[str, ...] = ()
    """Each part the debate has nothing on, without the asking words around it."""


def covered_parts(searcher: Searcher, text: str) -> Parts:
    """``text`` less its parts the debate has nothing on, when another part it covers.

    A part is covered when the search answers it alone; any other part with a subject is
    not (a party the debate is set between, "china", is no subject), though the pack may
    know one of its words ("electric" in "electric cars"). With no part answered alone,
    the question stays whole: "salt and vinegar chips" is refused, "vinegar chips" being
    no more the article's chips than "salt" is. Nor is a join inside an idiom a join: "gin
    and tonic" is one drink, "chips and salsa" one dish. A part that is only a name the
    source never uses ("huawei") stays, for the answer to say the article never names it.
    """
    typed = text.split()
    inside = {i for idiom in searcher.vocabulary.idioms(typed) for i in idiom}
    joins = [i for i, word in enumerate(typed) if word in JOINS and i not in inside]
    if not joins:
        return Parts(text)
    bounds = zip([-1, *joins], [*joins, len(typed)], strict=True)
    parts = [" ".join(typed[start + 1 : end]) for start, end in bounds]
    kept: list[str] = []
    uncovered: list[str] = []
    covered = False
    for part in filter(None, parts):
        coverage, _ = searcher.coverage(part)
        if searcher.search(part, limit=1):
            covered = True
            kept.append(part)
        elif coverage.known - coverage.setting - NEGATIONS or len(coverage.unknown) > len(
            coverage.names
        ):
            uncovered.append(_trimmed(part))
        else:
            kept.append(part)  # asking words alone, or a name the source never uses
    if not covered or not uncovered:
        return Parts(text)
    return Parts(" ".join(kept), tuple(uncovered))


def _trimmed(part: str) -> str:
    """``part`` without the asking words before and after its subject ("what about rag")."""
    typed = part.split()
    asking = [word in STOP_WORDS or is_filler(word) for word in typed]
    if all(asking):
        return part
    start = asking.index(False)
    end = len(typed) - asking[::-1].index(False)
    return " ".join(typed[start:end])
