"""Words in which held-out set 9's student weighs a case, which name no subject.

QA (held-out set 9): "what evidence does baker give that it's a mistake", "what supporting
evidence is there for the performance gap", "analyse baker's argument for me", "paraphrase
gin's point about trajectory" and a Romance speaker's "is necessary the best model for a
company of drones?" were each refused for one such word counted as a subject the debate
does not cover; "how does the author evaluate baker's argument" got the author's stance,
which weighs both sides without saying how Baker's case fares.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_asking_words import WORDS
from tests.test_knowledge_checking_words import assert_refused_alike
from tests.test_knowledge_vocabulary import assert_answer


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        (
            "what evidence does baker give that it's a mistake",
            Kind.POINTS,
            {"baker-terrible-mistake", "baker-misplaced-confidence"},
        ),
        (
            "what supporting evidence is there for the performance gap",
            Kind.POINTS,
            {"baker-performance-gap"},
        ),
        ("paraphrase gin's point about trajectory", Kind.POINTS, {"gin-different-trajectory"}),
        ("analyse baker's argument for me", Kind.STANCE, None),
        ("analyze gin's case", Kind.STANCE, None),
        ("is necessary the best model for a company of drones?", Kind.POINTS, None),
        ("how does the author evaluate baker's argument", Kind.SYNTHESIS, None),
        ("how does the article assess gin's case", Kind.SYNTHESIS, None),
        # the same words around subjects the debate does not cover
        ("what evidence is there for ghosts", Kind.NOTHING, None),
        ("analyse my sourdough recipe", Kind.NOTHING, None),
        ("is it necessary to book the meeting room", Kind.NOTHING, None),
        ("how does the author evaluate the novel's ending", Kind.NOTHING, None),
    ],
)
def test_words_of_evidence_and_assessment_are_no_subject(
    question: str, kind: Kind, first: set[str] | None
) -> None:
    assert_answer(question, kind, first)


@given(
    st.lists(WORDS, min_size=1, max_size=6),
    st.sampled_from(
        ["", "what evidence is there: ", "analyse ", "paraphrase ", "evaluate ", "is necessary "]
    ),
    st.sampled_from(["", " - supporting evidence?", ", assess it", " (analyse)"]),
    st.sampled_from([None, "baker", "gin"]),
)
@example(["baker", "mistake"], "what evidence is there: ", "", None)
@example(["drones"], "is necessary ", "", None)
@example(["pizza", "recipe"], "analyse ", ", assess it", None)
def test_words_of_evidence_around_a_question_change_no_refusal(
    question: list[str], before: str, after: str, speaker: str | None
) -> None:
    """Answered or refused as without them: they weigh what is asked, and ask about
    nothing else."""
    assert_refused_alike(question, before, after, speaker)
