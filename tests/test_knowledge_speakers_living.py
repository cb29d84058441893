"""A question about where a speaker works, or what he owns or invests in, is one the debate
cannot answer: the source reports the speakers' views, not their employers or money, but
for the role it gives a speaker ("Help Desk, a retired tax inspector").

QA (held-out set 11, a journalist fact-checking): "is it accurate that Baker worked at
NVIDIA?" was answered with Gin's points, "worked" read as the "works reliably" of Gin's
good-enough-at-scale point, as if the article said anything of Baker's career (set 10's
sceptic: "a challenge to a speaker's motives, holdings or credentials expects off-topic").
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.cards import AnswerCards
from bot.knowledge.model import Speaker
from bot.knowledge.router import Kind, Router
from bot.knowledge.tokens import STOP_WORDS, stem, words
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
def a_speaker_and_an_organisation(draw: st.DrawFn) -> tuple[Router, Speaker, str, str]:
    """A pack's router, a debater, his name as people type it, and an organisation the pack
    speaks of or not, which his role does not name (his role answers that: see below)."""
    pack_router = draw(st.sampled_from([router(), remote_work()]))
    debater = draw(st.sampled_from(list(pack_router.pack.debaters)))
    name = draw(st.sampled_from([debater.id, debater.name, debater.name.split()[-1]]))
    role = {stem(w) for w in words(debater.role or "")}
    aliases = [a for t in pack_router.pack.topics for a in t.aliases]
    orgs = [
        o for o in [*aliases, "nvidia", "the government"] if role.isdisjoint(map(stem, words(o)))
    ]
    return pack_router, debater, name, draw(st.sampled_from(orgs))


@given(a_speaker_and_an_organisation(), st.sampled_from(LIVING))
@example((router(), router().pack.speaker("baker"), "Baker", "NVIDIA"), LIVING[1])
def test_no_form_of_asking_a_speakers_living_is_answered(
    drawn: tuple[Router, Speaker, str, str], asked: str
) -> None:
    pack_router, _, name, org = drawn
    assert pack_router.answer(asked.format(name=name, org=org)).kind is Kind.NOTHING


@given(a_speaker_and_an_organisation(), st.sampled_from(LIVING))
@example((router(), router().pack.speaker("baker"), "Baker", "NVIDIA"), LIVING[0])
def test_a_speaker_asked_as_you_under_his_command_is_asked_of_his_living_too(
    drawn: tuple[Router, Speaker, str, str], asked: str
) -> None:
    """ "/baker did you work at nvidia?" was answered with Gin's points that "work
    reliably": the rule read speakers' names, and the one a command is given to is "you"."""
    pack_router, debater, _, org = drawn
    answer = pack_router.answer(asked.format(name="you", org=org), debater.id)
    assert answer.kind is Kind.NOTHING


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("/gin where do you work", "gin"),
        ("/baker where did you work", "baker"),
    ],
)
def test_where_the_speaker_asked_as_you_works_is_not_in_the_debate(
    question: str, speaker: str
) -> None:
    assert router().answer(question.split(" ", 1)[1], speaker).kind is Kind.NOTHING


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("did help desk work for the tax office?", None),
        ("has Help Desk ever worked as a tax inspector", None),
        ("did you work as an inspector?", "help-desk"),
    ],
)
def test_a_living_the_source_gives_a_speaker_is_answered_with_his_role(
    question: str, speaker: str | None
) -> None:
    """The source calls Help Desk "a retired tax inspector", the role his pack gives him:
    the rule refused every question of a speaker's career, this one too. His card, headed
    with the role, answers; a bank, which the source never gives him, is still refused."""
    answer = remote_work().answer(question, speaker)
    assert answer.kind is Kind.STANCE and answer.speaker == "help-desk"
    [card] = AnswerCards(remote_work().pack).answer_reply(answer).cards
    assert card.title == "Help Desk — Host, a retired tax inspector"
    assert remote_work().answer("did help desk work at a bank?").kind is Kind.NOTHING


WORKED_AS = [
    "did {name} work as {org}",
    "has {name} ever worked as an {org}",
    "is it true that {name} worked as a {org}",
    "did {name} work at the {org} office",
]
"""A speaker's work, asked as people ask it of the role a source gives."""


@given(
    st.sampled_from([router(), remote_work()]).flatmap(
        lambda r: st.tuples(st.just(r), st.sampled_from([s for s in r.pack.debaters if s.role]))
    ),
    st.sampled_from(WORKED_AS),
    st.booleans(),
)
def test_any_word_of_a_speakers_role_asked_as_his_living_gets_his_card(
    drawn: tuple[Router, Speaker], asked: str, addressed: bool
) -> None:
    pack_router, debater = drawn
    role = [w for w in words(debater.role or "") if w not in STOP_WORDS]
    question = asked.format(name="you" if addressed else debater.name, org=role[-1])
    answer = pack_router.answer(question, debater.id if addressed else None)
    assert answer.kind is Kind.STANCE and answer.speaker == debater.id
