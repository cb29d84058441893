"""A debater's concession: the point where that speaker grants the other side something.

"what does the article concede to each side" asks the verdict, and "concede" is one of its
words; "is there anything baker concedes" (held-out set 9) was answered with the verdict
too, yet it asks what Baker himself grants, which the source shows in so many words ("He
acknowledges the impressive skill of Chinese labs in model distillation"). When a debater
is the one conceding, his points whose evidence says he grants something answer; a
debater the source never shows conceding anything leaves the question to the verdict,
which says where each side is right.
"""

from __future__ import annotations

import re

from bot.knowledge.model import Point

_CONCEDING = (
    r"(?:concede|concedes|conceded|conceding|concession|concessions|admit|admits|admitted|"
    r"admitting|acknowledge|acknowledges|acknowledged|acknowledging|acknowledgement|"
    r"acknowledgment|grant|grants|granted|granting)"
)
ASKS_A_CONCESSION = re.compile(
    rf"\s+(?:(?:really|ever|actually|even|at least|also|still|then) )?{_CONCEDING}\b"
)
"""What follows a debater's name when he is the one conceding: "baker concedes", "does
baker ever admit", "baker's concessions" (the name's possessive is the name's own)."""

_MAKES_ONE = re.compile(
    r"\b(?:make|makes|made|making) (?:(?:any|a|some|one|many|real|the|his|your) )?"
    r"(?P<conceding>concessions?)\b"
)
"""A concession said as one made: "does baker make any concessions" is "does baker
concessions" to `ASKS_A_CONCESSION`, the name's own word."""
_ONE_MADE = re.compile(
    r"\bconcessions? (?P<asked>(?:does|did|do|has|have|will|would) .+?) (?:make|made)\b"
)
"""A concession asked for before the one who makes it: "what concessions does baker make"
is "what does baker concede"."""


def as_conceding(spelled: str) -> str:
    """``spelled`` (a question as the router reads it) with a concession made said as
    conceding (`_MAKES_ONE`, `_ONE_MADE`), where `ASKS_A_CONCESSION` looks for it: "what
    concessions does baker make", "does baker make any concessions" and "did baker make a
    concession" were refused, though "what does baker concede" is his acknowledgement."""
    spelled = _ONE_MADE.sub(lambda found: f"{found['asked']} concede", spelled)
    return _MAKES_ONE.sub(lambda found: found["conceding"], spelled)


ADDRESSED = re.compile(r"\b(?:you|your|u|ur)\b")
"""The speaker a command is given to, addressed: "/baker what do you concede", "/baker
what are your concessions"."""

_GRANTS = re.compile(
    r"\b(?:acknowledg\w*|conced\w*|admit\w*|grant\w*|recogni[sz]e[sd]?|recogni[sz]ing)\b",
    re.IGNORECASE,
)
"""The source's words for a speaker granting something ("He acknowledges the impressive
skill…")."""


def concedes(point: Point) -> bool:
    """``point``'s evidence shows its speaker granting something."""
    return any(_GRANTS.search(evidence) for evidence in point.evidence)
