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


NUMBERED = [
    "key takeaway {n}",
    "takeaway #{n}",
    "what is key takeaway number {n} in the article?",
    "the {place} takeaway",
    "/takeaway n:{n}",
    "/takeaway {n}",
    "/takeaway --n {n}",
]
PLACES = ["first", "second", "third", "fourth", "fifth"]


@given(st.integers(1, len(pack().takeaways)), st.sampled_from(NUMBERED))
def test_a_takeaway_asked_by_its_number_leads_to_its_points(n: int, form: str) -> None:
    """QA (held-out set 12, a student citing the article by number): "key takeaway 3" got
    the both-sides summary ("takeaway" read as the short version), and "/takeaway n:2" typed
    into /ask was refused; each gets that takeaway's points, as its heading does."""
    answer = router().answer(form.format(n=n, place=PLACES[n - 1]))
    takeaway = pack().takeaways[n - 1]
    assert answer.kind is Kind.POINTS
    assert [p.id for p in answer.points] == list(takeaway.points[: len(answer.points)])


@pytest.mark.parametrize(
    "question",
    ["key takeaway 9", "/takeaway n:0", "the tenth takeaway", "key takeaway 3 on pizza ovens"],
)
def test_a_takeaway_the_article_does_not_have_is_refused(question: str) -> None:
    """Five takeaways: a sixth is refused, not answered with the summary; a number with
    another subject is a question about that subject."""
    assert router().answer(question).kind is Kind.NOTHING
