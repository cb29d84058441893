"""The article's headings, named by a reader citing it, lead to the points under them.

QA (held-out set 7): a student citing the article by its headings was refused "what's under
'the chip gap' heading" (searched word by word, "chip" and "gap" are two points' words, no
one point's) and got the customers' "absolute best model" for "summarise the section
'adoption over absolutes'".
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import pack, router

FORMS = [
    "what's under '{}' heading",
    "summarise the section '{}'",
    "{}",
    "the {} part?",
    "what's in the {} section",
]


@given(st.sampled_from(pack().takeaways), st.sampled_from(FORMS))
def test_a_heading_leads_to_the_points_under_it(takeaway: object, form: str) -> None:
    answer = router().answer(form.format(takeaway.title))  # type: ignore[attr-defined]
    assert answer.kind is Kind.POINTS
    assert answer.points[0].id == takeaway.points[0]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("what's under 'the chip gap' heading", "baker-terrible-mistake"),
        ("summarise the section 'adoption over absolutes'", "gin-80-percent"),
    ],
)
def test_the_headings_students_cited(question: str, first: str) -> None:
    assert router().answer(question).points[0].id == first


def test_a_heading_with_another_subject_is_searched_as_any_question() -> None:
    """Only a heading with nothing else but asking words is the heading: "the chip gap in
    pizza ovens" is about pizza ovens, and a heading asked of a speaker is their question."""
    assert router().answer("the chip gap in pizza ovens").kind is Kind.NOTHING
    assert router().answer("the chip gap", speaker="gin").speaker == "gin"
