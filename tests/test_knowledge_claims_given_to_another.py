"""A claim the question gives to the wrong debater is answered with whose it is
(bot/knowledge/router.py ``Router._misattributed``, bot/knowledge/cards.py).

QA (a session's walk as a user): "/gin what's your take on baker's 80% claim" showed Gin's
own 80% point under Gin's name, as if Gin were answering a claim of Baker's; the 80% figure
is Gin's, and the answer says so.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.app import BotApp
from bot.knowledge.cards import AnswerCards
from bot.knowledge.router import Kind
from tests.test_knowledge_commands import run
from tests.test_knowledge_vocabulary import pack, router

CLAIMS = {"80% capability": "gin", "terrible mistake": "baker", "dirty power": "gin"}
"""A claim of the debate, and the debater the article gives it to."""
OTHER = {"baker": "gin", "gin": "baker"}
FRAMES = [
    "what's your take on {owner}'s {claim} claim",
    "what do you make of {owner}'s {claim} idea",
    "what is {owner}'s {claim} claim",
    "is {owner}'s {claim} point right",
]


async def test_the_answer_says_whose_claim_it_is(app: BotApp) -> None:
    reply = await run(app, "/gin what's your take on baker's 80% claim")
    assert reply.cards[0].title.startswith("Aaron Gin on")
    assert reply.text == "The article gives that claim to Aaron Gin, not Gavin Baker."


@pytest.mark.parametrize(
    "question",
    [
        "what does baker say about gin's 80% claim",  # Gin's claim, Baker's reply to it
        "what is gin's 80% claim",
        "/gin what do you say to baker about drones",  # Baker replied to, no claim of his
    ],
)
async def test_a_claim_given_to_its_owner_is_not_remarked(app: BotApp, question: str) -> None:
    line = question if question.startswith("/") else f"/ask {question}"
    reply = await run(app, line)
    assert "gives that claim" not in reply.text


@given(st.sampled_from(sorted(CLAIMS)), st.sampled_from(FRAMES), st.booleans())
@example("80% capability", FRAMES[0], True)
def test_any_claim_given_to_the_other_debater_is_said_to_be_its_owners(
    claim: str, frame: str, to_its_owner: bool
) -> None:
    """Asked of the claim's owner (his command), his points, saying the claim is his; asked
    of no one, the same, or the one named saying nothing on it, the owner's points shown."""
    owner, named = CLAIMS[claim], OTHER[CLAIMS[claim]]
    answer = router().answer(
        frame.format(owner=named, claim=claim), owner if to_its_owner else None
    )
    reply = AnswerCards(pack()).answer_reply(answer)
    assert reply is not None and answer.points[0].speaker == owner
    mine, theirs = pack().speaker(owner).name, pack().speaker(named).name
    if answer.kind is Kind.POINTS:
        assert f"The article gives that claim to {mine}, not {theirs}." in reply.text
    else:
        assert answer.kind is Kind.OTHER_SIDE and f"{theirs} says nothing on" in reply.text


#: What people call each debater, possessive before a claim word.
NAMES = ["baker", "gavin", "gavin baker", "gin", "aaron", "aaron gin"]
#: What the debate is about, as people name it: the article's analysis leads some.
TOPICS = [
    "distillation", "chips", "benchmarks", "drones", "robotics", "dirty power", "customers",
    "adoption", "sovereign ai", "closed source", "80% capability", "export controls",
]  # fmt: skip


@given(
    st.sampled_from(NAMES),
    st.sampled_from(TOPICS),
    st.sampled_from(["idea", "point", "argument", "claim", "numbers"]),
    st.sampled_from(["what's {name}'s {word} about {topic}", "explain {name}'s {topic} {word}"]),
)
@example("aaron", "distillation", "idea", "what's {name}'s {word} about {topic}")
def test_a_claim_is_given_to_a_debater_never_to_the_article(
    name: str, topic: str, word: str, frame: str
) -> None:
    """Any debater's claim on any topic of the pack: the answer names whose it is only
    when the point leading it is the other debater's. Led by the article's own analysis,
    "what's aaron's idea about distillation" read "The article gives that claim to The
    article, not Aaron Gin."."""
    answer = router().answer(frame.format(name=name, word=word, topic=topic))
    if answer.not_of is not None:
        debaters = {s.id for s in pack().speakers if not s.is_analysis}
        assert answer.points[0].speaker in debaters - {answer.not_of}
