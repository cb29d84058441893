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

A question for what a party makes or owns itself ("name the chips china makes itself", "who
makes china's chips", "china's indigenous chips") asks for the names of the thing as it
qualifies it: a name counts only after the thing so qualified in the sentence. Baker's
sentence rejects "advanced US chips like Blackwell, H200s, and P30s" and then speaks of
"their indigenous chips", naming none; those three were given as China's own chips (held-out
sets 6, 7 and 8).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.knowledge.tokens import STOP_WORDS, is_action, is_filler, stem, words

_LEAD = r"^(?:(?:so|and|but|ok|okay) )?"
_BEST = r"(?:best|top|fastest|strongest|leading|most advanced|flagship)"
_ASKS_WHICH = re.compile(
    rf"{_LEAD}which (?P<thing>\w+) "
    r"(?!(?:\w+ )?(?:should|would|could|can|to|is best|are best|more|most|less|better)\b)"
    rf"(?!(?:\w+ ){{0,2}}(?:is|are|was|were) (?:the )?{_BEST}\b)"
)
"""A question opening "which <thing>" ("which robots did gin say china builds"), not one for
a choice to make ("which model should i use", which the advice or a point answers) or a
comparison ("which matters more, raw compute or integration": refused as if it asked the
names of some "matters", held-out set 8), nor which of a party's things is its best
("which american model is the best": see :data:`_ASKS_WHICH_BEST`)."""
_MADE = frozenset(
    """make makes made build builds built manufacture manufactures manufactured produce
    produces produced design designs designed""".split()
)
_OWN = frozenset("own itself themselves indigenous domestic homegrown".split())
"""Words that ask for what a party makes or has of its own."""
_FUNDS = frozenset(
    """fund funds funded finance finances financed bankroll bankrolls bankrolled sponsor
    sponsors sponsored""".split()
)
"""Verbs whose agent is named only where the source speaks of the act itself: "who funds
the chinese ai labs" was answered with Baker's and Gin's points on the labs, none of which
says who pays for them (held-out set 10). "Backs" is not one: "who backs the idea that china
made a mistake" asks who holds a view, which Baker's point answers."""
_ASKS_A_NAME = re.compile(
    r"\bname (?:the|(?:some|any|all|a few|two|three)(?: of)?(?: the)?) (?P<thing>\w+)"
    rf"|{_LEAD}what (?:is|are|was|were) (?:\w+ ){{0,5}}?(?P<called>\w+) called$"
    rf"|{_LEAD}who (?:{'|'.join(sorted(_MADE))}) (?:\w+ ){{0,3}}?(?P<made>\w+)$"
    r"|\bnames? of (?:the |their |its )?(?:\w+ ){0,3}?(?P<of>\w+s)$"
)
"""A question for a name in other words: "name the chips", "name all the chips" (read as
asking the names of "the" until the quantifier could stand before "the"), "what is china's
own chip called", "who makes china's chips" (its maker's, or the chips' own), "what is the
name of the american closed-source giants" (a plural ending the question; answered
with Baker's gap, whose sentence names none of them: held-out set 9)."""
_ASKS_THE_BEST = re.compile(
    rf"{_LEAD}(?:whats|(?:what|which) (?:is|are|was|were)) (?:(?:the )?name of )?"
    rf"(?P<owner>\w+) {_BEST} (?:\w+ )?(?P<thing>\w+)$"
)
"""A question for which of a party's things is its best ("what's china's best chip", "what's
the name of china's best ai chip"): one of them, by name."""
_ASKS_WHICH_BEST = re.compile(
    rf"{_LEAD}which (?P<owner>\w+) (?:\w+ )?(?P<thing>\w+) (?:is|are|was|were) (?:the )?"
    rf"{_BEST}\b"
)
"""The same asked with "which" ("which american model is the best"): it was read as asking
the names of some "american", and answered with Baker's gap, whose sentence names none of
America's models (held-out set 8)."""
_ASKS_WHO_FUNDS = re.compile(rf"{_LEAD}who (?P<act>{'|'.join(sorted(_FUNDS))}) \w+")
"""A question for who funds something ("who funds the labs"): a funder's name, in a
sentence that speaks of the act."""
_NEAR = 3
"""How many words either side of a thing qualify it: "forgo advanced US chips from NVIDIA"."""
_NO_THING = frozenset("one ones came come comes happened happens went goes way".split())
"""Words after "which" that name no thing: "which one", "which came first"."""
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_NAME = re.compile(r"^(?:[A-Z][\w-]*|\w*\d\w*[A-Za-z]\w*|[A-Za-z]\w*\d\w*)$")
"""A word written as a name: capitalised ("Blackwell"), or letters and digits ("H200s")."""


def asked_thing(spelled: str) -> str | None:
    """The stem of the thing whose name ``spelled`` (the question as the router reads it)
    asks for ("robot" in "which robots did gin say china builds"), or None."""
    funds = _ASKS_WHO_FUNDS.search(spelled)
    if funds is not None:  # the act is asked of, not a thing ("funded" reads as an action)
        return stem(funds["act"])
    if _ASKS_THE_BEST.search(spelled) or _ASKS_WHICH_BEST.search(spelled):
        return None  # the best of a party's: see asked_best ("the name of china's best chips")
    found = _ASKS_WHICH.search(spelled) or _ASKS_A_NAME.search(spelled)
    if found is None:
        return None
    thing = next(word for word in found.groupdict().values() if word)
    if thing in STOP_WORDS or thing in _NO_THING or is_filler(thing) or is_action(thing):
        return None
    return stem(thing)


def asked_best(spelled: str) -> tuple[str, frozenset[str]] | None:
    """The stem of the thing of which ``spelled`` asks which is a party's best, and the
    party's stem as its owner ("chip" and "china" in "whats chinas best chip"); None for any
    other question, and for the best of no one's ("whats the best chip")."""
    found = _ASKS_THE_BEST.search(spelled) or _ASKS_WHICH_BEST.search(spelled)
    if found is None or not _qualifies(found["owner"]) or not _qualifies(found["thing"]):
        return None
    return stem(found["thing"]), frozenset({stem(found["owner"])})


def owners_asked(spelled: str, thing: str) -> frozenset[str]:
    """The stems qualifying ``thing`` in ``spelled`` when it asks what a party makes or owns
    itself: "china" in "name the chips china makes itself" and "who makes china's chips",
    "china" and "indigen" in "china's indigenous chips"; empty for any other question."""
    typed = spelled.split()
    at = next((i for i, word in enumerate(typed) if stem(word) == thing), None)
    if at is None or (_MADE.isdisjoint(typed) and _OWN.isdisjoint(typed)):
        return frozenset()
    near = typed[max(0, at - _NEAR) : at]
    # The maker is also the subject of the verb after the thing ("which chips did baker say
    # china makes") or its agent or place ("chips made in china", "built by huawei"): both
    # were answered with the US chips Baker names, as made in China.
    made = next((i for i in range(at + 1, len(typed)) if typed[i] in _MADE), None)
    if made is not None:
        near += typed[max(at + 1, made - _NEAR) : made] + typed[made + 1 : made + 1 + _NEAR]
    return frozenset(stem(word) for word in near if _qualifies(word))


def _qualifies(word: str) -> bool:
    return not (word in STOP_WORDS or word in _MADE or is_filler(word) or is_action(word))


def names_in(
    sentences: Iterable[str],
    not_names: frozenset[str],
    thing: str,
    owners: frozenset[str] = frozenset(),
) -> list[str]:
    """The words written as names in those of ``sentences`` that speak of ``thing`` (a stem),
    but a sentence's first word (capitalised as any first word is), ``thing`` itself, and
    the stems in ``not_names`` (the speakers, and the parties the debate is set between:
    "Gin", "China's", "AI" name no robot). With ``owners`` (see :func:`owners_asked`), only
    the names after a mention of ``thing`` that they qualify, up to its next mention."""
    found = []
    for sentence in sentences:
        for part in _SENTENCE.split(sentence):
            typed = re.findall(r"[\w-]+", part)
            stems = [{stem(w) for w in words(word)} for word in typed]
            mentions = [i for i, stemmed in enumerate(stems) if thing in stemmed]
            for start, end in _spans(mentions, stems, owners):
                found += [
                    typed[i]
                    for i in range(max(start, 1), end)
                    if _NAME.match(typed[i]) and stems[i].isdisjoint(not_names | {thing})
                ]
    return found


def _spans(
    mentions: list[int], stems: list[set[str]], owners: frozenset[str]
) -> list[tuple[int, int]]:
    """Where in a sentence names of the thing are read: the whole sentence, if it mentions
    the thing at all; with ``owners``, from each mention they qualify to the next mention."""
    if not mentions or not owners:
        return [(0, len(stems))] if mentions else []
    ends = [*mentions[1:], len(stems)]
    return [
        (at, end)
        for at, end in zip(mentions, ends, strict=True)
        if any(owners & stemmed for stemmed in stems[max(0, at - _NEAR) : at + _NEAR])
    ]


def written_as_names(sentences: Iterable[str]) -> frozenset[str]:
    """The stems of the words ``sentences`` write as names, but a sentence's first word
    (capitalised as any first word is): "NVIDIA", "Blackwell", "Deep Seek". What stands
    before a role names whose it is ("nvidia engineers"), where a noun says what kind
    ("drone companies")."""
    return frozenset(
        stem(word)
        for sentence in sentences
        for part in _SENTENCE.split(sentence)
        for typed in re.findall(r"[\w-]+", part)[1:]
        if _NAME.match(typed)
        for word in words(typed)
    )
