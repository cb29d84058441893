"""A name the article never uses, given as an example of what it does cover.

QA (held-out set 6, an analyst abroad): "what does this mean for other countries like india"
was refused: "india" counted as a subject of its own against "other countries", the
article's other nations, though the question gives India as one of them. The answer now
covers the other nations and says the article never names India; India on its own, or
beside anything but the concept it is an example of, stays refused.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import pack, router

#: (concept, name) for every one-word name the pack lists as unnamed.
EXAMPLES = sorted(
    (concept, name)
    for concept, names in pack().unnamed.items()
    for name in names
    if " " not in name
)


@given(
    st.sampled_from(EXAMPLES), st.sampled_from(["like", "such as", "including", "eg", "especially"])
)
def test_a_name_given_as_an_example_of_its_concept_is_answered_and_named(
    example: tuple[str, str], word: str
) -> None:
    concept, name = example
    answer = router().answer(f"what about {concept} {word} {name}")
    assert answer.kind is Kind.POINTS
    assert name in answer.unnamed


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("what will other nations like india do", Kind.POINTS),
        ("what does this mean for other countries like india", Kind.POINTS),
        ("domestic chips such as huawei's", Kind.POINTS),
        ("what does india think", Kind.NOTHING),
        ("huawei chips", Kind.NOTHING),
        ("what about huawei's ascend chips?", Kind.NOTHING),
        ("countries like india love cricket", Kind.NOTHING),
        ("other stuff like india", Kind.NOTHING),
    ],
)
def test_an_example_counts_only_beside_its_concept(question: str, kind: Kind) -> None:
    answer = router().answer(question)
    assert answer.kind is kind
    if kind is Kind.POINTS:
        assert answer.unnamed
