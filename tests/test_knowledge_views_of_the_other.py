"""One debater's view of the other, asked of him.

"/gin what do you think about baker" answered with Baker's stance in Baker's name, and
"what does gin think about baker" with both sides' summary: the debater named after the
words of a view ("think about", "make of", "your view on", "thoughts on") is the one viewed,
and whose view it is, the speaker named before them or the one the command is given to.
The rules read the names from the pack, so they hold for the remote-work pack as well.
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.app import BotApp
from bot.knowledge import Searcher
from bot.knowledge.cards import AnswerCards
from bot.knowledge.model import Pack, Speaker
from bot.knowledge.router import Kind, Router
from tests.test_knowledge_commands import run
from tests.test_knowledge_dropped_pack import router as remote_work
from tests.test_knowledge_vocabulary import router as baker_vs_gin

VIEWS = [
    "what do you think about {other}",
    "what do you think of {other}",
    "what do you make of {other}",
    "what do you say about {other}",
    "your view on {other}",
    "what's your take on {other}",
    "how do you respond to {other}",
    "thoughts on {other}'s take",
    "your thoughts on {other}",
    "what's your opinion of {other}",
    "what would you tell {other}",
]
"""A view of the other debater, put to the command's speaker."""
HELD = [
    "what does {asked} think about {other}",
    "what does {asked} make of {other}",
    "what is {asked}'s view on {other}",
    "how does {asked} respond to {other}",
    "{asked}'s opinion of {other}",
]
"""The same view, its holder named."""


@cache
def routers() -> dict[str, Router]:
    return {"baker-vs-gin": baker_vs_gin(), "remote-work": remote_work()}


def names(speaker: Speaker) -> list[str]:
    """How people name a speaker: the id, the whole name, the surname."""
    return [speaker.id, speaker.name, speaker.name.split()[-1]]


@st.composite
def two_debaters(draw: st.DrawFn) -> tuple[Router, Speaker, str, str]:
    """A pack's router, the debater asked, and how the question names him and another."""
    router = draw(st.sampled_from(sorted(routers().items())))[1]
    asked, other = draw(st.permutations(list(router.pack.debaters)))[:2]
    return router, asked, draw(st.sampled_from(names(asked))), draw(st.sampled_from(names(other)))


def drawn(asked: str, other: str) -> tuple[Router, Speaker, str, str]:
    """An example of :func:`two_debaters` on the bundled pack, named by id."""
    return baker_vs_gin(), baker_vs_gin().pack.speaker(asked), asked, other


@given(two_debaters(), st.sampled_from(VIEWS), st.sampled_from(["", "?"]))
@example(drawn("gin", "baker"), VIEWS[0], "")
@example(drawn("baker", "gin"), VIEWS[0], "")
@example(drawn("gin", "baker"), VIEWS[7], "")
@example(drawn("baker", "gin"), VIEWS[2], "")  # searched for "make"
@example(drawn("gin", "baker"), VIEWS[9], "")  # a view "of" him, said to be Gin's
@example(drawn("gin", "baker"), VIEWS[10], "?")
@example(  # got Zoë's stance: she is the one the source shows answering Núñez
    (remote_work(), remote_work().pack.speaker("help-desk"), "help-desk", "nunez"), VIEWS[6], ""
)
def test_a_view_of_the_other_put_to_a_speaker_is_his(
    debate: tuple[Router, Speaker, str, str], view: str, mark: str
) -> None:
    """Under a speaker's command, his own view of the other is his stance, never the
    other's stance in the other's name ("/gin what do you think about baker" got Baker's);
    "what do you make of gin" was searched for "make"."""
    router, asked, _, other = debate
    question = view.format(other=other) + mark
    answer = router.answer(question, asked.id)
    assert (answer.kind, answer.speaker) == (Kind.STANCE, asked.id), question


@given(two_debaters(), st.sampled_from(HELD))
@example(drawn("gin", "baker"), HELD[0])
@example(drawn("gin", "baker"), HELD[4])  # Baker's stance, as if Gin's opinion were his
def test_a_view_of_the_other_asked_by_name_is_the_holders(
    debate: tuple[Router, Speaker, str, str], view: str
) -> None:
    """ "what does gin think about baker" got both sides' summary: it asks Gin."""
    router, asked, holder, other = debate
    question = view.format(asked=holder, other=other)
    answer = router.answer(question)
    assert (answer.kind, answer.speaker) == (Kind.STANCE, asked.id), question


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        # a view "of" someone is theirs, as second-language English writes it (held-out 9)
        ("what is opinion of baker about chips of china", "baker"),
        ("whats opinion of baker", "baker"),
        # no words of a view: the one named is asked
        ("what about baker", "baker"),
        ("baker's take", "baker"),
    ],
)
def test_a_speaker_named_with_no_view_of_him_is_still_asked(question: str, speaker: str) -> None:
    """Under /gin, "what about baker" turns to Baker, as it did before: only the words of a
    view make the one named after them the one viewed."""
    router = baker_vs_gin()
    assert router.answer(question, "gin").speaker == speaker
    assert Router(router.pack, Searcher(router.pack)).answer(question).speaker == speaker


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("/gin what do you think about baker", "Aaron Gin"),
        ("/ask what does gin think about baker", "Aaron Gin"),
        ("/ask what does gin think of baker's argument", "Aaron Gin"),
        ("/baker what do you think about gin", "Gavin Baker — Investor"),
    ],
)
async def test_the_reply_is_in_the_name_of_the_one_asked(
    app: BotApp, line: str, title: str
) -> None:
    reply = await run(app, line)
    assert reply.cards[0].title == title


def answers(pack: Pack, asked: str, other: str) -> bool:
    """The pack shows ``asked`` answering ``other``: a point of his rebuts one of theirs."""
    return any(
        p.speaker == asked and p.rebuts and pack.point(p.rebuts).speaker == other
        for p in pack.points
    )


@given(two_debaters(), st.sampled_from([*VIEWS, *HELD]))
@example(drawn("baker", "gin"), VIEWS[0])  # /baker: Baker's stance shown as his reply
@example(drawn("baker", "gin"), HELD[3])  # "how does baker respond to gin"
@example(drawn("gin", "baker"), VIEWS[0])  # Gin does counter Baker: nothing to say
def test_a_reply_the_source_never_shows_is_said_to_be_missing(
    debate: tuple[Router, Speaker, str, str], view: str
) -> None:
    """The article shows Gin countering Baker, never Baker answering Gin: asked for
    Baker's view of Gin, the answer says the source has none, and shows his stance as what
    he argues, not as a reply."""
    router, asked, holder, other = debate
    question = view.format(asked=holder, other=other)
    reply = AnswerCards(router.pack).answer_reply(router.answer(question, asked.id))
    assert reply is not None
    viewed = next(s for s in router.pack.debaters if other in names(s))
    missing = f"The source has no answer from {asked.name} to {viewed.name}."
    assert (missing in reply.text) is not answers(router.pack, asked.id, viewed.id), question
    assert reply.cards[0].title == asked.title, question


@pytest.mark.parametrize(
    ("line", "missing"),
    [
        ("/ask how does baker respond to gin", True),
        ("/baker what do you think about gin", True),
        ("/ask what does baker think of gin's argument", True),
        ("/gin what do you think about baker", False),
        ("/ask what does gin think of baker's argument", False),
        ("/baker", False),
    ],
)
async def test_the_reply_says_when_the_source_has_no_answer(
    app: BotApp, line: str, missing: bool
) -> None:
    reply = await run(app, line)
    said = "The source has no answer from Gavin Baker to Aaron Gin." in reply.text
    assert said is missing
