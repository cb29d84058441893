"""Questions for what someone does *not* do, and the points that say so in the negative.

"what does gin NOT worry about" and "what is china not trying to do" (held-out set 9) name
no subject the search knows: the negation is all they ask, and "not" alone is no subject
("why not?" asks nothing). They were answered with Gin's stance or refused. The source
says what is not done in its own negated sentences ("China's aim isn't to beat the US",
"it doesn't matter"), so such a question is answered by the points whose evidence says it
in the negative, and by the points of whoever it asks.

A negated belief is a different thing: "what doesn't gin think" is answered by a sentence
denying a belief ("He doesn't see China's chip strategy as a mistake"), never by one denying
an aim, and the other way round. What someone does not *say* the source cannot show (it
quotes what was said), and one of whom it says nothing in the negative (Baker) has nothing
to answer with: "nothing on that", not his stance, as if it were what he does not do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum

from bot.knowledge.model import Point
from bot.knowledge.tokens import STOP_WORDS, stem, words

NEGATING = frozenset(
    """not never doesnt dont isnt arent didnt wasnt werent wont cant cannot hasnt havent
    hadnt wouldnt shouldnt couldnt""".split()
)
"""How a negation is spelled once the router has read a question ("doesn't", "NOT")."""

ASKING_WHAT = frozenset("what whats which anything something things".split())
"""Words that ask *what* is not done, before the negation: "but isn't that just cope from
gin" (held-out set 2) negates to ask whether, a judgement the verdict gives."""

PRONOUNS = frozenset("he she they it".split())
"""Who else may be the one a negation denies something of: "what does he not worry about".
Not the asker ("what am i not doing", "what don't we get" were answered with Gin's
benchmarks as if the asker were Gin), nor "you" unless a speaker's command addresses him
(``addressed``): asked with /ask, "you" is the bot."""

BELIEVING = frozenset(
    """think thinks thought thinking believe believes believed believing see sees saw
    seeing consider considers considered considering view views viewed viewing regard
    regards regarded regarding accept accepts accepted accepting agree agrees agreed
    agreeing buy buys bought buying""".split()
)
"""Verbs of holding a view: a negated one denies a belief, not a deed."""

SAYING = frozenset(
    """say says said saying mention mentions mentioned mentioning tell tells told telling
    claim claims claimed claiming argue argues argued arguing talk talks talked talking
    discuss discusses discussed discussing cover covers covered covering address
    addresses addressed addressing""".split()
)
"""Verbs of speaking: what someone does not say is no sentence of the source."""
_OF_VIEW_OR_WORD = BELIEVING | SAYING
"""Verbs a negation may deny though most are stop words ("doesn't think", "didn't say")."""

_NEGATED = re.compile(
    r"\b(?:\w+n[’']t|(?:is|are|was|were|do|does|did|will|would|can|could|should|has|have|"
    r"had) not|never|cannot)\s+(?P<next>[\w’']+)",
    re.IGNORECASE,
)
"""A negated verb in the source ("isn't to beat", "doesn't see", "don't need"); "not a
solution" denies a name, not a deed, and is no answer to what someone does not do."""

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class Denial(Enum):
    """What a negated question denies."""

    DEED = "deed"
    """A doing, aim or concern: "what does gin not worry about"."""
    BELIEF = "belief"
    """A view: "what doesn't gin think"."""
    SAYING = "saying"
    """A word left unsaid: "what didn't baker say". The source quotes what was said, so no
    sentence of it answers (his stance did, as if it were what he never said)."""


def asked_denial(
    spelled: str, parties: frozenset[str], addressed: bool = False
) -> tuple[Denial, str] | None:
    """What ``spelled`` (a question as the router reads it, names and all) asks is not done
    or not held, and the question less its negation and the verb negated, which are what it
    asks, not its subject: "what does gin not focus on" asks for nothing Gin focuses on.

    The one denied stands by the negation, a speaker or a party (``parties``: stems of
    their names, the author's too) or a pronoun: "what does gin NOT worry about", "what
    doesn't china focus on", "what doesn't the author think", or "you" where a speaker's
    command is ``addressed`` ("/gin what don't you worry about"). Without one, the
    negation denies nothing of anyone: "what doesn't biggest" is read as "what biggest"
    (test_knowledge_routing). None as well when the question asks whether rather than
    what, negates no verb ("why not?"), or negates it twice: "what doesn't gin not worry
    about" asks what he does worry about, and was answered with what he does not."""
    typed = spelled.split()
    at = next((i for i, word in enumerate(typed) if word in NEGATING), None)
    if at is None or not ASKING_WHAT.intersection(typed[:at]):
        return None

    def denied(word: str) -> bool:
        return word in PRONOUNS or (addressed and word == "you") or stem(word) in parties

    after = at + 2 if typed[at + 1 : at + 2] == ["the"] else at + 1  # "doesn't the author"
    if not any(denied(word) for word in [*typed[max(at - 1, 0) : at], *typed[at + 1 : after + 1]]):
        return None
    verb = next(
        (
            i
            for i in range(at + 1, len(typed))
            if (typed[i] not in STOP_WORDS or typed[i] in _OF_VIEW_OR_WORD)
            and not denied(typed[i])
            and typed[i] not in NEGATING
        ),
        None,
    )
    if verb is None or NEGATING.intersection(typed[at + 1 : verb]):
        return None
    if typed[verb] in SAYING:
        denial = Denial.SAYING
    elif typed[verb] in BELIEVING:
        denial = Denial.BELIEF
    else:
        denial = Denial.DEED
    return denial, " ".join(typed[:at] + typed[at + 1 : verb] + typed[verb + 1 :])


def says_in_the_negative(point: Point, denial: Denial, parties: Iterable[str] = ()) -> bool:
    """``point``'s evidence denies what ``denial`` asks about, in a sentence whose negated
    clause has every one of ``parties`` (stems of the parties a question names, "china")
    before the negation, as its subject: "what is china not trying to do" is answered by
    "China's aim isn't to beat the US", not by "He doesn't see China's chip strategy…",
    and "what is the us not doing" by neither; what was not said, by none."""
    if denial is Denial.SAYING:
        return False
    wanted = frozenset(parties)
    for evidence in point.evidence:
        for sentence in _SENTENCE_END.split(evidence):
            for match in _NEGATED.finditer(sentence):
                believing = match["next"].lower() in BELIEVING
                if believing != (denial is Denial.BELIEF):
                    continue
                before = {stem(word) for word in words(sentence[: match.start()])}
                if wanted <= before:
                    return True
    return False
