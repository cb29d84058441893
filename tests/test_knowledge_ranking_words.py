"""Words held-out set 8's askers rank points and ask what was commented in, which name no
subject.

QA (held-out set 8): "gin's #1 point", "rank baker's arguments", "what did baker comment on",
"did baker comment on deep seek", "baker said chinese chips r trash?" and "wtf are those"
were each refused for one such word counted as a subject the debate does not cover ("#1" as
the figure 1, "number one" as the article's raw compute numbers). So were hypotheticals
("hypothetically, what if china had taken the h200s") and "what shud we actually do w this".
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from bot.knowledge.tokens import written_out
from tests.test_knowledge_asking_words import WORDS
from tests.test_knowledge_vocabulary import assert_answer, router


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("gin's #1 point", Kind.STANCE, None),
        ("baker's number one argument", Kind.STANCE, None),
        ("rank baker's arguments", Kind.STANCE, None),
        ("what did baker comment on", Kind.STANCE, None),
        ("what did baker comment", Kind.STANCE, None),
        ("did baker comment on deep seek", Kind.POINTS, "baker-distillation-impressive"),
        ("what was baker's comment on the silicon barrier", Kind.POINTS, None),
        ("what did gin remark about china's path", Kind.POINTS, "gin-different-trajectory"),
        ("baker said chinese chips r trash?", Kind.POINTS, "baker-misplaced-confidence"),
        ("h200 blackwell wtf are those", Kind.POINTS, "baker-terrible-mistake"),
        (
            "hypothetically, what if china had taken the h200s",
            Kind.POINTS,
            "baker-terrible-mistake",
        ),
        ("what shud we actually do w this", Kind.ADVICE, None),
        # the same words around subjects the debate does not cover
        ("gin's #1 point about crypto", Kind.NOTHING, None),
        ("hypothetically, what if we had taken the bus to lunch", Kind.NOTHING, None),
        ("what did baker comment on tariffs", Kind.NOTHING, None),
        ("rank the pizza places near the office", Kind.NOTHING, None),
        ("the coffee here is trash", Kind.NOTHING, None),
    ],
)
def test_words_of_ranking_and_commenting_are_no_subject(
    question: str, kind: Kind, first: str | None
) -> None:
    assert_answer(question, kind, first)


def test_a_rank_is_written_as_the_top_it_means_but_no_figure_is() -> None:
    """ "#1" and "number one" rank; "#12", "#1.5" and "number 10" are figures or names."""
    assert written_out("gin's #1 point").split() == ["gin's", "top", "point"]
    assert written_out("Number One argument").split() == ["top", "argument"]
    for kept in ("issue #12", "#1.5 gen", "number 10", "h#1"):
        assert written_out(kept) == kept


@given(
    st.lists(WORDS, min_size=1, max_size=6),
    st.sampled_from(["", "rank ", "any comment on ", "remarks on ", "hypothetically, "]),
    st.sampled_from(["", " #1", ", number one", " is trash", " wtf"]),
    st.sampled_from([None, "baker", "gin"]),
)
@example(["gin's", "point"], "", " #1", None)
@example(["pizza", "recipe"], "rank ", "", None)
@example(["baker", "mistake"], "hypothetically, ", "", None)
@example(["baker", "?"], "any comment on ", "", None)
def test_words_of_ranking_around_a_question_change_no_refusal(
    question: list[str], before: str, after: str, speaker: str | None
) -> None:
    """Answered or refused as without them: they rank or attribute what is asked, and ask
    about nothing else."""
    plain = router().answer(" ".join(question), speaker)
    ranked = router().answer(f"{before}{' '.join(question)}{after}", speaker)
    assert (ranked.kind is Kind.NOTHING) == (plain.kind is Kind.NOTHING)
