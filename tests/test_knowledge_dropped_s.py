"""What the author recommends, asked with the verb's -s dropped as a learner of English
drops it ("what article advise to do for my startup?"), is the advice, as "what does the
article advise" is (bot/knowledge/intents.py, ``GENERIC``).

QA (held-out set 13, a non-native speaker): "what article advise to do for my startup?" was
refused for "advise".
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import router


@given(
    st.sampled_from(["", "the "]),
    st.sampled_from(["article", "author", "writer"]),
    st.sampled_from(["advise", "recommend", "suggest", "propose"]),
    st.sampled_from(
        [
            "to do for my startup",
            "we do",
            "i do",
            "to do",
            "for us",
            "for my company",
            "to founders",
            "for our team",
        ]
    ),
    st.sampled_from(["", "?"]),
)
@example("", "article", "advise", "to do for my startup", "?")  # set 13
def test_the_authors_advice_with_the_s_dropped_is_the_advice(
    determiner: str, author: str, verb: str, tail: str, mark: str
) -> None:
    question = f"what {determiner}{author} {verb} {tail}{mark}"
    assert router().answer(question).kind is Kind.ADVICE


def test_what_the_author_suggests_about_a_subject_is_searched() -> None:
    """Without the asker or a "do", it asks what the article says of drones."""
    answer = router().answer("what the article suggest about drones")
    assert answer.kind is Kind.POINTS
    assert answer.points[0].id == "gin-good-enough-at-scale"
