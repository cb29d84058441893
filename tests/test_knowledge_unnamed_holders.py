"""A question about what someone the source never names holds or does is one the debate
cannot answer, however near a point's subject.

QA (held-out sets 7, 9 and 11): "what's the EU's position on sovereign AI" was answered with
Gin's sovereign-AI point and the note that the article never names the EU, as was "is the EU
fine-tuning open source models on local data" and "what local data should India fine-tune
on". The article names no country but China and the US: it has no position of the EU's, no
report of what the EU does, no data of India's. Whether the article's case applies to them
("should Europe build its own chips") is what it speaks to, and is still answered.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge import Searcher
from bot.knowledge.router import Kind, Router
from tests.test_knowledge_dropped_pack import remote_work
from tests.test_knowledge_unquoted_parties import subjects
from tests.test_knowledge_vocabulary import assert_answer, router


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("what's the EU's position on sovereign AI", Kind.NOTHING, None),
        ("is the eu fine-tuning open source models on local data", Kind.NOTHING, None),
        ("what local data should india fine-tune on", Kind.NOTHING, None),
        ("what is europe's stance on distillation", Kind.NOTHING, None),
        # whether the article's case applies to them: what it speaks to
        ("should europe build its own chips?", Kind.POINTS, "gin-sovereign-ai"),
        ("what does sovereign ai mean for europe", Kind.POINTS, "gin-sovereign-ai"),
        ("could the eu follow china's adoption path", Kind.POINTS, "gin-sovereign-ai"),
        ("what does this mean for other countries like india", Kind.POINTS, "gin-sovereign-ai"),
        (
            "what is sovereign ai and should europe build its own chips",
            Kind.POINTS,
            "gin-sovereign-ai",
        ),
    ],
)
def test_what_someone_unnamed_holds_or_does(question: str, kind: Kind, first: str | None) -> None:
    assert_answer(question, kind, first)


@cache
def remote_work_naming_others() -> Router:
    """remote-work with names its source never uses, as an author would list them
    (``unnamed:``): two cities, for its city centres."""
    pack = replace(remote_work(), unnamed={"city centres": ("london", "paris")})
    return Router(pack, Searcher(pack))


ASKED = [
    "what's {name}'s position on {subject}",
    "what is the {name} stance on {subject}",
    "{name}'s view of {subject}",
    "is {name} working on {subject}",
    "did the {name} change {subject}",
    "what {subject} should {name} pick",
]
"""What one holds, does or has of its own, asked about a subject of the debate."""


@st.composite
def someone_unnamed(draw: st.DrawFn) -> tuple[Router, str, str]:
    """A pack's router, a one-word name its source never uses, and a subject of the pack."""
    pack_router = draw(st.sampled_from([router(), remote_work_naming_others()]))
    names = [n for names in pack_router.pack.unnamed.values() for n in names if " " not in n]
    return pack_router, draw(st.sampled_from(names)), draw(st.sampled_from(subjects(pack_router)))


@given(someone_unnamed(), st.sampled_from(ASKED))
@example((router(), "eu", "sovereign ai"), ASKED[0])
@example((router(), "eu", "local data"), ASKED[3])
@example((remote_work_naming_others(), "london", "offices"), ASKED[0])
@example((router(), "jensen", "china turning down us chips"), ASKED[5])  # a subject of 5 words
def test_what_someone_unnamed_holds_or_does_is_refused(
    drawn: tuple[Router, str, str], asked: str
) -> None:
    pack_router, name, subject = drawn
    question = asked.format(name=name, subject=subject)
    assert pack_router.answer(question).kind is Kind.NOTHING
