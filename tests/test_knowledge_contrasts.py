"""Contrastive questions: one speaker's words given, the other's asked for.

QA (held-out set 9): "baker says mistake, gin says what?" got Baker's terrible mistake
again: of two speakers with a saying verb between them, the first was taken as the one
asked, as in "how does Gin reply to Baker"; the question turns to the one named last.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import router

SAID = {
    "baker": ["mistake", "it was a terrible mistake", "the chips are insufficient"],
    "gin": ["pivot", "it was a deliberate pivot", "customers don't care"],
}
OTHER = {"baker": "gin", "gin": "baker"}


@pytest.mark.parametrize(
    ("question", "speaker", "first"),
    [
        ("baker says mistake, gin says what?", "gin", "gin-deliberate-pivot"),
        ("baker calls it a mistake, and gin?", "gin", "gin-deliberate-pivot"),
        ("baker says mistake, what about gin?", "gin", "gin-deliberate-pivot"),
        # two speakers named together, no one's words given: neither is asked
        ("baker and gin", None, None),
        ("compare baker and gin", None, None),
        # one replying to the other: the first still answers
        ("how does gin reply to baker", "gin", None),
    ],
)
def test_the_speaker_turned_to_is_the_one_asked(
    question: str, speaker: str | None, first: str | None
) -> None:
    answer = router().answer(question)
    assert answer.speaker == speaker
    if first is not None:
        assert answer.points[0].id == first


@given(
    st.sampled_from(["baker", "gin"]),
    st.sampled_from(["says", "thinks", "calls it"]),
    st.integers(min_value=0, max_value=2),
    st.sampled_from(
        ["{other} says what", "and {other}", "what about {other}", "{other} thinks what"]
    ),
    st.sampled_from(["", "?", ", ", " - "]),
)
@example("baker", "says", 0, "{other} says what", "?")  # held-out set 9
@example("baker", "says", 0, "{other} thinks what", "")  # a saying verb besides "says"
@example("gin", "says", 0, "{other} says what", "")  # he has nothing on "pivot"
def test_a_question_turning_to_the_other_speaker_is_answered_in_his_name(
    first: str, verb: str, said: int, turn: str, mark: str
) -> None:
    """Whatever the first said and however the question turns, the answer is in the
    other's name: his points, never the first speaker's shown again as his reply (or, where
    he has nothing on it, the other voices' points, said to be theirs)."""
    other = OTHER[first]
    answer = router().answer(
        f"{first} {verb} {SAID[first][said]}, {turn.format(other=other)}{mark}"
    )
    assert answer.speaker == other
    if answer.kind is Kind.POINTS:
        assert all(point.speaker != first for point in answer.points)
