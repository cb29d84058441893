"""Words in which held-out set 12's sceptical engineer argues back, which name no subject.

QA (held-out set 12): "how can dirty power possibly be an advantage?", "but surely customers
want the best model?", "isn't the performance gap overstated?", "isn't calling it a
'deliberate pivot' just spin?" and "what cost advantage does china have according to gin"
were each refused for one word counted as a subject the debate does not cover: a judgement
of a claim (overstated, spin, an advantage) or of how sure one is of it (surely).
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
        ("how can dirty power possibly be an advantage?", Kind.POINTS, "gin-dirty-power"),
        ("but surely customers want the best model?", Kind.POINTS, "gin-customers-care"),
        (
            "isn't the performance gap overstated?",
            Kind.POINTS,
            {"baker-performance-gap", "gin-not-chasing-benchmarks", "gin-does-it-matter"},
        ),
        ("isn't calling it a 'deliberate pivot' just spin?", Kind.POINTS, "gin-deliberate-pivot"),
        ("what cost advantage does china have according to gin", Kind.POINTS, "gin-dirty-power"),
        ("clearly distillation is a workaround, no?", Kind.POINTS, "baker-distillation-workaround"),
        # the same words around subjects the debate does not cover
        ("surely the pizza place is open", Kind.NOTHING, None),
        ("spin class at 6, who's in", Kind.NOTHING, None),
        ("what's the advantage of a standing desk", Kind.NOTHING, None),
        ("isn't the parking fee overstated?", Kind.NOTHING, None),
        ("should we hedge the currency risk", Kind.NOTHING, None),
    ],
)
def test_a_sceptic_s_words_of_arguing_back_are_no_subject(
    question: str, kind: Kind, first: str | set[str] | None
) -> None:
    assert_answer(question, kind, first)


#: What the sceptic says before and after a question.
AROUND = [
    ("isn't this overstated: ", ""),
    ("surely ", ", clearly"),
    ("", " is just spin"),
    ("", ", an advantage?"),
    ("", " - hedging much?"),
    ("", ", an objective advantage or understated?"),
]


@given(
    st.lists(WORDS, min_size=1, max_size=6),
    st.sampled_from(AROUND),
    st.sampled_from([None, "baker", "gin"]),
)
@example(["dirty", "power"], AROUND[3], None)
@example(["pizza", "recipe"], AROUND[1], None)
@example(["drones"], AROUND[2], "gin")
def test_a_sceptic_s_words_of_arguing_back_change_no_refusal(
    question: list[str], around: tuple[str, str], speaker: str | None
) -> None:
    """Answered or refused as without them: they judge what is asked, and ask about nothing
    else."""
    assert_refused_alike(question, *around, speaker)
