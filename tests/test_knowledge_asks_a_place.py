"""A question for where something is made, answered only by a source sentence that says so.

QA (held-out set 8): "where are china's own chips made" was answered with Gin's 80%
capability, whose sentences say China has its own chips, never where they are made.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import assert_answer, router


@given(
    st.sampled_from(["where are", "where were", "so where are", "where exactly are"]),
    st.sampled_from(["china's own chips", "the domestic chips", "chinese gpus", "the drones"]),
    st.sampled_from(["made", "built", "manufactured", "produced", "fabbed"]),
    st.sampled_from(["", "?", " these days"]),
)
@example("where are", "china's own chips", "made", "")  # held-out set 8
def test_where_something_is_made_is_refused_when_no_sentence_says(
    where: str, made: str, participle: str, end: str
) -> None:
    assert router().answer(f"{where} {made} {participle}{end}").kind is Kind.NOTHING


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("which fabs make china's chips", Kind.NOTHING, None),
        # making a case, or China's own chips asked about, are still answered
        ("where does baker make his case", Kind.POINTS, "baker-terrible-mistake"),
        ("china's own chips", Kind.POINTS, "gin-80-percent"),
    ],
)
def test_a_place_of_making_asked(question: str, kind: Kind, first: str | None) -> None:
    assert_answer(question, kind, first)
