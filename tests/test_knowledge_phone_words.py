"""Words typed on a phone: "wat" for "what", and "per" someone for "according to" them.

QA (held-out set 12, someone on a phone): "wat shld we do w this" was refused, where "what
should we do with this" gets the advice: "wat" was read as an asking word but not as the
"what" that opens the advice's phrasing. "customers care abt wat per gin" was refused for
"per", as chat writes "according to".
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_asking_words import WORDS
from tests.test_knowledge_vocabulary import assert_answer, router


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("wat shld we do w this", Kind.ADVICE, None),
        ("wat did baker say abt blackwell", Kind.POINTS, "baker-terrible-mistake"),
        ("customers care abt wat per gin", Kind.POINTS, "gin-customers-care"),
        ("drones per gin", Kind.POINTS, "gin-robotics-drones"),
        # the same words around subjects the debate does not cover
        ("wat time is lunch", Kind.NOTHING, None),
        ("price per slice of pizza", Kind.NOTHING, None),
    ],
)
def test_phone_words_ask_what_their_words_ask(question: str, kind: Kind, first: str | None) -> None:
    assert_answer(question, kind, first)


def _asked(question: str, speaker: str | None) -> tuple[Kind, str | None, tuple[str, ...]]:
    answer = router().answer(question, speaker)
    return answer.kind, answer.speaker, tuple(p.id for p in answer.points)


@given(st.lists(WORDS, max_size=5), st.lists(WORDS, max_size=5), st.sampled_from([None, "gin"]))
@example([], ["shld", "we", "do", "w", "this"], None)
@example([], ["did", "baker", "say", "about", "drones"], None)
def test_wat_asks_what_what_asks(before: list[str], after: list[str], speaker: str | None) -> None:
    assert _asked(" ".join([*before, "wat", *after]), speaker) == _asked(
        " ".join([*before, "what", *after]), speaker
    )


@given(st.lists(WORDS, min_size=1, max_size=6), st.sampled_from(["baker", "gin", "the author"]))
@example(["customers", "care", "about", "what"], "gin")
@example(["pizza", "recipe"], "baker")
def test_per_someone_asks_what_according_to_them_asks(question: list[str], whom: str) -> None:
    asked = " ".join(question)
    assert _asked(f"{asked} per {whom}", None) == _asked(f"{asked} according to {whom}", None)
