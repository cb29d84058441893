"""A question put inside a frame that asks nothing of the debate (a label, a link, an
occasion, an idiom) must be answered as the bare question is: the helper the properties of
such frames share."""

from __future__ import annotations

from bot.knowledge.router import Answer, Kind
from tests.test_knowledge_vocabulary import router


def _gist(answer: Answer) -> tuple[Kind, str | None, str | None]:
    """What an answer gives: its kind, in whose name, and what leads it."""
    return answer.kind, answer.speaker, answer.points[0].id if answer.points else None


def assert_answered_as_bare(framed: str, bare: str) -> None:
    """``bare`` is answered, and ``framed`` gets the same answer."""
    answer = router().answer(bare)
    assert answer.kind is not Kind.NOTHING, bare
    assert _gist(router().answer(framed)) == _gist(answer), framed
