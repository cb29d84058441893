"""Readers' words for the pack's own concepts (the pack's `synonyms.yaml`).

QA: "wasn't gin's point about clean energy" (a listener misremembering, held-out set 6) was
refused for "clean"; held-out set 7's "baker pretends that china did a fault?" for "fault",
"gin means that the chips are not so important?" for "important", and "distillation doesn't
replace compute, does it" led with the point that distillation could offset the compute
gap, not Baker's "not a direct substitute for foundational compute".
"""

from __future__ import annotations

import pytest

from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import assert_answer, router


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("wasn't gin's point about clean energy", Kind.POINTS, {"gin-dirty-power"}),
        (
            "does renewable energy matter here",
            Kind.POINTS,
            {"gin-dirty-power", "gin-does-it-matter"},
        ),
        ("baker pretends that china did a fault?", Kind.POINTS, {"baker-terrible-mistake"}),
        ("was refusing blackwell an error", Kind.POINTS, {"baker-terrible-mistake"}),
        (
            "gin means that the chips are not so important?",
            Kind.POINTS,
            {"gin-does-it-matter", "gin-deliberate-pivot", "gin-80-percent"},
        ),
        (
            "distillation doesn't replace compute, does it",
            Kind.POINTS,
            {"baker-distillation-workaround", "baker-next-generation"},
        ),
        # the same words on subjects the debate does not cover
        ("clean energy tax credits for the new office", Kind.NOTHING, None),
        ("whose fault is the broken build", Kind.NOTHING, None),
        ("an important meeting at noon", Kind.NOTHING, None),
        ("how do i replace a laptop battery", Kind.NOTHING, None),
    ],
)
def test_readers_words_for_the_pack_s_concepts(
    question: str, kind: Kind, first: set[str] | None
) -> None:
    assert_answer(question, kind, first)


def test_gin_speaks_to_the_biggest_models() -> None:
    """Gin: China's aim isn't to beat the US "on every benchmark for raw AI model size". "/gin
    biggest models" and "true or false: gin says china wants the biggest models" (held-out
    set 7) said Gin had nothing on it and showed the analysis' frontier training: his point
    had "model size", not the words people use for it."""
    asked = router().answer("true or false: gin says china wants the biggest models")
    assert asked.kind is Kind.POINTS and asked.speaker == "gin"
    assert asked.points[0].id == "gin-not-chasing-benchmarks"
    assert router().answer("biggest models", speaker="gin").points[0].id == (
        "gin-not-chasing-benchmarks"
    )
