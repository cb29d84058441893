"""A question about where a speaker works, or what he owns or invests in, is one the debate
cannot answer: the source reports the speakers' views, not their employers or money.

QA (held-out set 11, a journalist fact-checking): "is it accurate that Baker worked at
NVIDIA?" was answered with Gin's points, "worked" read as the "works reliably" of Gin's
good-enough-at-scale point, as if the article said anything of Baker's career (set 10's
sceptic: "a challenge to a speaker's motives, holdings or credentials expects off-topic").
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind, Router
from tests.test_knowledge_dropped_pack import router as remote_work
from tests.test_knowledge_vocabulary import assert_answer, router


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("is it accurate that Baker worked at NVIDIA?", Kind.NOTHING, None),
        ("did baker work at nvidia", Kind.NOTHING, None),
        ("has gavin baker ever worked for nvidia", Kind.NOTHING, None),
        ("does gin invest in chinese labs", Kind.NOTHING, None),
        # the views of a speaker on a party, and chips that work at scale: searched as ever
        ("what did baker say about nvidia", Kind.POINTS, "baker-terrible-mistake"),
        ("does gin think chips that work at scale matter", Kind.POINTS, "gin-does-it-matter"),
    ],
)
def test_a_speakers_living_is_not_in_the_debate(
    question: str, kind: Kind, first: str | None
) -> None:
    assert_answer(question, kind, first)


LIVING = [
    "did {name} work at {org}",
    "is it true that {name} worked for {org}",
    "has {name} ever worked at {org}",
    "does {name} invest in {org}",
    "is {name} paid by {org}",
    "does {name} own shares in {org}",
    "does {name} sit on the board of {org}",
]
"""A speaker's career or holdings, asked as people ask them."""


@st.composite
def a_speaker_and_an_organisation(draw: st.DrawFn) -> tuple[Router, str, str]:
    """A pack's router, a debater's name as people type it, and an organisation the pack
    speaks of or not."""
    pack_router = draw(st.sampled_from([router(), remote_work()]))
    debater = draw(st.sampled_from(list(pack_router.pack.debaters)))
    name = draw(st.sampled_from([debater.id, debater.name, debater.name.split()[-1]]))
    aliases = [a for t in pack_router.pack.topics for a in t.aliases]
    return pack_router, name, draw(st.sampled_from([*aliases, "nvidia", "the government"]))


@given(a_speaker_and_an_organisation(), st.sampled_from(LIVING))
@example((router(), "Baker", "NVIDIA"), "is it true that {name} worked for {org}")
def test_no_form_of_asking_a_speakers_living_is_answered(
    drawn: tuple[Router, str, str], asked: str
) -> None:
    pack_router, name, org = drawn
    assert pack_router.answer(asked.format(name=name, org=org)).kind is Kind.NOTHING
