"""Words of asking that held-out set 6's askers use, and that name no subject: a count of
points, the asker's audience or what they are busy with, their place in a thread.

QA (held-out set 6): "list gin's best points", "several points on adoption for my
students", "an opening statement for the gin team", "give me the short version i'm
driving", "last q: what should we actually do" and "so what's the verdict after all that"
were each refused, for one or two of those words counted as subjects the debate does not
cover; "several points on adoption" led with the analysis' "Baker's point" on distillation.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import router

#: Subjects, names and asking words, and a few subjects the debate does not cover; no
#: invited phrasing ("tl;dr" ends a question only where nothing follows it).
WORDS = st.sampled_from(
    """drones chips distillation nvidia blackwell benchmarks sovereign ai adoption mistake
    compute models what does think about baker gin gin's gavin aaron pizza tonic recipe ?
    ,""".split()
)
ADOPTION = {"gin-adoption-integration", "gin-80-percent", "gin-robotics-drones"}


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("list baker's best points", Kind.STANCE, None),
        ("several arguments about adoption for my pupils", Kind.POINTS, ADOPTION),
        ("a few points on adoption", Kind.POINTS, ADOPTION),
        ("a closing statement for the gin team", Kind.STANCE, None),
        ("the gist please, im walking", Kind.SUMMARY, None),
        ("last q: who is right", Kind.SYNTHESIS, None),
        ("so who won after all that", Kind.SYNTHESIS, None),
        ("is chasing benchmarks worth it for a product team", Kind.POINTS, None),
        ("a list of pizza toppings", Kind.NOTHING, None),
        ("im cooking pasta tonight", Kind.NOTHING, None),
        ("who won the game last night", Kind.NOTHING, None),
        ("is a gym membership worth it", Kind.NOTHING, None),
        ("an opening statement for a job interview", Kind.NOTHING, None),
    ],
)
def test_words_of_asking_are_no_subject(question: str, kind: Kind, first: set[str] | None) -> None:
    answer = router().answer(question)
    assert answer.kind is kind
    if first is not None:
        assert answer.points[0].id in first


@given(
    st.lists(WORDS, min_size=1, max_size=6),
    st.sampled_from(["", "last q: ", "several points: "]),
    st.sampled_from(["", " for my students", ", im driving", " after all that"]),
    st.sampled_from([None, "baker", "gin"]),
)
@example(["who", "is", "right"], "last q: ", " after all that", None)
@example(["drones"], "", ", im driving", None)
@example(["benchmarks", "gavin"], "", " after all that", None)
def test_words_of_asking_around_a_question_change_no_refusal(
    question: list[str], before: str, after: str, speaker: str | None
) -> None:
    """Answered or refused as without them, and, asked of no speaker (by command or by
    name), answered in the same way (points, verdict, summary...). The words are still
    searched, as every asking word is, so the order of points may differ, and so may
    whether a speaker's own points match well enough to be theirs ("all" is in Gin's
    "matters at all")."""
    plain = router().answer(" ".join(question), speaker)
    asked = router().answer(f"{before}{' '.join(question)}{after}", speaker)
    assert (asked.kind is Kind.NOTHING) == (plain.kind is Kind.NOTHING)
    if plain.speaker is None:
        assert asked.kind is plain.kind
