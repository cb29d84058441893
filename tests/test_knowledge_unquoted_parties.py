"""A question for what a party the source names but never quotes said ("what did nvidia say
in response") is one the debate cannot answer.

QA (held-out set 7): "what did nvidia say in response" was answered with Baker's terrible
mistake, whose sentence names NVIDIA's chips, as if the article reported NVIDIA's reply. It
reports none: NVIDIA, China and the US are what the debate is about, not voices in it.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import router


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("what did nvidia say in response", Kind.NOTHING, None),
        ("how did nvidia respond", Kind.NOTHING, None),
        ("so what did nvidia say about it", Kind.NOTHING, None),
        # a subject asked of them: the search answers as it would without them
        ("what did nvidia say about distillation", Kind.POINTS, "baker-distillation-workaround"),
        # the voices of the debate, and the source itself, are quoted
        ("what did gin say in response", Kind.STANCE, None),
        ("how did baker respond", Kind.STANCE, None),
        ("what did the writer say", Kind.STANCE, None),
    ],
)
def test_what_a_party_said_is_answered_only_by_its_words(
    question: str, kind: Kind, first: str | None
) -> None:
    answer = router().answer(question)
    assert answer.kind is kind
    assert (answer.points[0].id if answer.points else None) == first


LEADS = st.sampled_from(["", "so ", "ok "])
ASKED = st.sampled_from(["what did", "how did", "what does", "how would", "what has"])
SAID = st.sampled_from(["say", "said", "respond", "reply", "react"])
AFTER = st.sampled_from(["", " in response", " about it", " back", " to that", "?"])


@given(LEADS, ASKED, st.sampled_from(["nvidia", "the us"]), SAID, AFTER)
def test_no_form_of_asking_what_nvidia_said_is_answered(
    lead: str, asked: str, party: str, said: str, after: str
) -> None:
    assert router().answer(f"{lead}{asked} {party} {said}{after}").kind is Kind.NOTHING


@given(LEADS, ASKED, st.sampled_from(["baker", "gin", "gavin baker"]), SAID, AFTER)
def test_every_form_of_asking_what_a_debater_said_is_answered(
    lead: str, asked: str, debater: str, said: str, after: str
) -> None:
    assert router().answer(f"{lead}{asked} {debater} {said}{after}").kind is not Kind.NOTHING
