"""Questions that ask for a name ("which robots", "name the chips", "what is it called"), and
the source sentences that give one.

Such a question is answered only by the points whose source names the thing asked about:
"which nvidia chips did china turn down" by Baker's Blackwell, H200s and P30s, and "which
chips didn't china buy" by them, not by his self-imposed barrier, the best match, which names
none. A point that speaks of the subject without naming anything does not answer it, however
well it matches: "which robots did gin say china builds" was answered with Gin's robotics and
drones, whose sentence names no robot, and "which countries are eyeing sovereign ai" with the
sovereign-AI point, which names no country (held-out set 7). Both are names the article
never gives, and "nothing on that" is the honest answer, as for a figure or a date the source
does not give. A name counts only in a sentence that speaks of the thing asked: Baker's
"chips like Blackwell" name no benchmark.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.knowledge.tokens import STOP_WORDS, is_action, is_filler, stem, words

_LEAD = r"^(?:(?:so|and|but|ok|okay) )?"
_ASKS_WHICH = re.compile(
    rf"{_LEAD}which (?P<thing>\w+) (?!(?:\w+ )?(?:should|would|could|can|to|is best|are best)\b)"
)
"""A question opening "which <thing>" ("which robots did gin say china builds"), not one for
a choice to make ("which model should i use", which the advice or a point answers)."""
_ASKS_A_NAME = re.compile(
    r"\bname (?:the|some|any|all|a few|two|three) (?P<thing>\w+)"
    rf"|{_LEAD}what (?:is|are|was|were) (?:\w+ ){{0,5}}?(?P<called>\w+) called$"
)
"""A question for a name in other words: "name the chips", "what is china's own chip called"."""
_NO_THING = frozenset("one ones came come comes happened happens went goes way".split())
"""Words after "which" that name no thing: "which one", "which came first"."""
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_NAME = re.compile(r"^(?:[A-Z][\w-]*|\w*\d\w*[A-Za-z]\w*|[A-Za-z]\w*\d\w*)$")
"""A word written as a name: capitalised ("Blackwell"), or letters and digits ("H200s")."""


def asked_thing(spelled: str) -> str | None:
    """The stem of the thing whose name ``spelled`` (the question as the router reads it)
    asks for ("robot" in "which robots did gin say china builds"), or None."""
    found = _ASKS_WHICH.search(spelled) or _ASKS_A_NAME.search(spelled)
    if found is None:
        return None
    thing = next(word for word in found.groupdict().values() if word)
    if thing in STOP_WORDS or thing in _NO_THING or is_filler(thing) or is_action(thing):
        return None
    return stem(thing)


def names_in(sentences: Iterable[str], not_names: frozenset[str], thing: str) -> list[str]:
    """The words written as names in those of ``sentences`` that speak of ``thing`` (a stem),
    but a sentence's first word (capitalised as any first word is), ``thing`` itself, and
    the stems in ``not_names`` (the speakers, and the parties the debate is set between:
    "Gin", "China's", "AI" name no robot)."""
    found = []
    for sentence in sentences:
        for part in _SENTENCE.split(sentence):
            typed = re.findall(r"[\w-]+", part)
            if thing not in {stem(w) for word in typed for w in words(word)}:
                continue
            for word in typed[1:]:
                stems = {stem(w) for w in words(word)}
                if _NAME.match(word) and stems.isdisjoint(not_names | {thing}):
                    found.append(word)
    return found
