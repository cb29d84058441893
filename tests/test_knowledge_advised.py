"""Whom the article's advice is for: a question for what someone other than the asker's own
side should do is one the debate cannot answer.

QA (held-out set 11): "what should the US do about chip exports to China" was answered with
Baker's terrible mistake and Gin's deliberate pivot, points sharing its words. The article
advises no government and no party of the debate: its advice is for those who build ("what
should founders do", "what should we do"), and they still get it.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind, Router
from bot.knowledge.tokens import ROLES
from tests.test_knowledge_dropped_pack import router as remote_work
from tests.test_knowledge_unquoted_parties import subjects
from tests.test_knowledge_vocabulary import assert_answer, router


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("what should the US do about chip exports to China", Kind.NOTHING, None),
        ("how should china respond to distillation", Kind.NOTHING, None),
        ("what should nvidia do about china", Kind.NOTHING, None),
        ("what should the eu do about sovereign ai", Kind.NOTHING, None),
        ("what should the government do about the chips", Kind.NOTHING, None),
        # the asker's own side: the advice
        ("what should we do", Kind.ADVICE, None),
        ("what should founders do", Kind.ADVICE, None),
        ("what should a startup take from this", Kind.ADVICE, None),
        ("what should my team do with this?", Kind.ADVICE, None),
        # a lesson the article draws for others, no deed asked of them
        (
            "what should other governments learn from china's approach",
            Kind.POINTS,
            "gin-sovereign-ai",
        ),
    ],
)
def test_only_the_askers_side_is_advised(question: str, kind: Kind, first: str | None) -> None:
    assert_answer(question, kind, first)


OUTSIDERS = ["the government", "congress", "regulators", "the eu", "washington", "the council"]
"""Those no debate's advice is for, whatever the pack."""
ASKED = st.sampled_from(["what should", "how should", "what must", "so what should"])
DEED = st.sampled_from(["do about", "respond to", "react to"])


def others(pack_router: Router) -> list[str]:
    """Whom a pack's debate is about but who is no asker: the parties it is set between
    (``setting:``), the names it never uses (``unnamed:``), its topics' one-word aliases
    that are no role ("shops", "offices"), and the outsiders. A party is named with "the":
    "what should us do about chips and compute" (a fresh draw) asks what the asker should
    do, "us" for "we", and gets the advice."""
    pack = pack_router.pack
    aliases = [a for t in pack.topics for a in t.aliases if " " not in a and a not in ROLES]
    unnamed = [name for names in pack.unnamed.values() for name in names]
    return [*(f"the {party}" for party in pack.setting), *unnamed, *aliases, *OUTSIDERS]


@st.composite
def someone_else_asked_about(draw: st.DrawFn) -> tuple[Router, str, str]:
    pack_router = draw(st.sampled_from([router(), remote_work()]))
    return (
        pack_router,
        draw(st.sampled_from(others(pack_router))),
        draw(st.sampled_from(subjects(pack_router))),
    )


@given(someone_else_asked_about(), ASKED, DEED)
@example((router(), "the us", "chip exports to china"), "what should", "do about")
@example((router(), "china", "distillation"), "how should", "respond to")
@example((router(), "the us", "chips and compute"), "what should", "do about")
@example((remote_work(), "shops", "offices"), "what should", "do about")
def test_what_someone_else_should_do_is_refused(
    asked: tuple[Router, str, str], verb: str, deed: str
) -> None:
    pack_router, who, subject = asked
    assert pack_router.answer(f"{verb} {who} {deed} {subject}").kind is Kind.NOTHING


@given(
    st.sampled_from([router(), remote_work()]),
    st.sampled_from(["what should", "what must"]),
    st.sampled_from(["we", "i", "our team", "my company", *sorted(ROLES)]),
)
def test_what_the_askers_side_should_do_is_the_advice(
    pack_router: Router, verb: str, audience: str
) -> None:
    assert pack_router.answer(f"{verb} {audience} do").kind is Kind.ADVICE
