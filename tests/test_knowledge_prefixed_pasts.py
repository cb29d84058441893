"""An irregular past with a prefix is searched as its verb, as the past alone is
(bot/knowledge/tokens.py, ``stem``).

QA (held-out set 11, a journalist): "for my story: which chips exactly did Baker say China
forwent?" was refused; the article writes "forgo", and Snowball leaves "forwent" apart from
it as it leaves "went" apart from "go".
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from bot.knowledge.tokens import IRREGULAR, tokenize
from tests.test_knowledge_vocabulary import router


@pytest.mark.parametrize(
    ("question", "first"),
    [
        (
            "for my story: which chips exactly did Baker say China forwent?",
            "baker-terrible-mistake",
        ),
        ("why has china forgone the nvidia chips", "baker-terrible-mistake"),
    ],
)
def test_a_prefixed_past_finds_the_articles_verb(question: str, first: str) -> None:
    answer = router().answer(question)
    assert answer.kind is Kind.POINTS and answer.points[0].id == first


@given(
    st.sampled_from(["for", "fore", "over", "under", "out", "mis", "re", "with", "up"]),
    st.sampled_from(sorted(IRREGULAR.items())),
    st.sampled_from([str.lower, str.title]),
)
@example("for", ("went", "go"), str.lower)
def test_any_prefix_keeps_an_irregular_past_its_verb(
    prefix: str, pair: tuple[str, str], case: Callable[[str], str]
) -> None:
    past, verb = pair
    assert tokenize(case(prefix + past)) == tokenize(prefix + verb)
