"""Whom the article's advice is for: a question for what someone other than the asker's own
side should do is one the debate cannot answer.

QA (held-out set 11): "what should the US do about chip exports to China" was answered with
Baker's terrible mistake and Gin's deliberate pivot, points sharing its words. The article
advises no government and no party of the debate: its advice is for those who build ("what
should founders do", "what should we do"), and they still get it.

QA (session 20): that rule refused the very people the advice is for: "what should
enterprises do", "what should a small business do?", "what should a CTO do" and "how should
we respond" got "Nothing on …". Whoever builds, buys or adopts AI in a business, as the asker
names them, is advised; governments, nations, blocs, the debaters, the companies the source
names and those it never names are not, nor customers: the article reports what customers
care about ("for customers, often it doesn't matter"), and its advice is to serve them
("a core user problem", "your market"), none to them.
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
        ("what should enterprises do", Kind.ADVICE, None),
        ("what should a small business do?", Kind.ADVICE, None),
        ("what should a CTO do", Kind.ADVICE, None),
        ("how should we respond", Kind.ADVICE, None),
        ("how should my team prepare", Kind.ADVICE, None),
        ("what should a cto do about the chip gap", Kind.ADVICE, None),
        ("what should drone companies do", Kind.ADVICE, None),
        # their own side, but a subject the debate does not cover
        ("what should enterprises do about pizza", Kind.NOTHING, None),
        # the debaters, the companies the source names, the parties, customers
        ("what should baker do", Kind.NOTHING, None),
        ("how should aaron gin respond", Kind.NOTHING, None),
        ("what should the investor do", Kind.NOTHING, None),  # Baker, by his role
        ("what should investors do", Kind.ADVICE, None),
        ("what should nvidia engineers do", Kind.NOTHING, None),
        ("what should chinese companies do", Kind.NOTHING, None),
        ("what should european firms do", Kind.NOTHING, None),
        ("what should customers do", Kind.NOTHING, None),
        ("how should the us prepare", Kind.NOTHING, None),
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


ASKERS = ["we", "i", "one"]
"""The asker, as "should" is followed by them."""
ORGANISATIONS = [
    "companies", "a company", "my company", "our team", "the team", "enterprises",
    "an enterprise", "a small business", "businesses", "a startup", "organisations",
    "our organization", "firms", "smbs", "ai companies", "a tech company",
]  # fmt: skip
"""Those who build, buy or adopt AI in a business, with and without words of what kind."""
PEOPLE = [
    "a cto", "ctos", "the ceo", "engineers", "our engineers", "developers", "product managers",
    "builders", "founders", "a founder", "executives", "the exec team",
    "you guys", "you all", "the investor team", "an investor team",
]  # fmt: skip
"""The roles in such a business who would act on the advice: "you guys", the asker's team
addressed, and a team of investors, "investor" saying what kind (a speaker's role: held-out
set 12 refused both)."""
FRAMES = st.sampled_from(
    [
        "what should {} do",
        "so what should {} do?",
        "what must {} do",
        "what should {} do about this",
        "how should {} respond",
        "how should {} react to this",
        "how should {} prepare",
        "and how should {} adapt",
    ]
)
"""How someone asks what a side should do."""


@given(
    st.sampled_from([router(), remote_work()]),
    FRAMES,
    st.sampled_from([ASKERS, ORGANISATIONS, PEOPLE]).flatmap(st.sampled_from),
)
@example(router(), "what should {} do", "enterprises")
@example(router(), "what should {} do", "a small business")
@example(router(), "how should {} respond", "we")
@example(router(), "what should {} do", "you guys")  # held-out set 12
@example(router(), "what should {} do", "the investor team")  # held-out set 12
def test_whoever_builds_or_adopts_is_advised(pack_router: Router, frame: str, who: str) -> None:
    assert pack_router.answer(frame.format(who)).kind is Kind.ADVICE


GOVERNMENTS = ["the government", "governments", "regulators", "congress", "the state"]
NATIONS = ["china", "the us", "america", "india", "other nations", "europe", "the eu"]
DEBATERS = ["baker", "gin", "gavin baker", "aaron gin", "the investor"]
NAMED = ["nvidia", "huawei", "deep seek", "openai"]
"""Companies the source names (NVIDIA, Deep Seek) and some it never does."""
OF_A_PARTY = [
    "chinese companies", "american firms", "nvidia engineers", "the baker team",
    "the investor's team",
]  # fmt: skip
"""Businesses or roles a party of the debate qualifies: the parties, not the reader."""
OUTSIDERS_ASKED = ["customers", "users", "the public", "consumers", "voters"]


@given(
    FRAMES,
    st.sampled_from(
        [GOVERNMENTS, NATIONS, DEBATERS, NAMED, OF_A_PARTY, OUTSIDERS_ASKED]
    ).flatmap(st.sampled_from),
)
@example("what should {} do", "customers")
@example("what should {} do", "nvidia engineers")
def test_what_a_party_or_outsider_should_do_stays_refused(frame: str, who: str) -> None:
    assert router().answer(frame.format(who)).kind is Kind.NOTHING
