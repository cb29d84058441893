"""A question of several parts, of which the debate covers some (bot/knowledge/parts.py).

Held-out set 5 (and 4) asked "gin on drones and on tiktok", "dirty power and carbon taxes":
the article answers one half, and each was refused, the half it has nothing on sinking the
half it covers under the two-to-one rule. The answer is the covered half's, saying the
debate has nothing on the rest.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.app import BotApp
from bot.knowledge.router import Kind
from tests.test_knowledge_commands import run
from tests.test_knowledge_routing import first_claim
from tests.test_knowledge_vocabulary import router

COVERED = {
    "drones": "gin-robotics-drones",
    "dirty power": "gin-dirty-power",
    "sovereign ai": "gin-sovereign-ai",
    "the terrible mistake": "baker-terrible-mistake",
    "the 80% capability": "gin-80-percent",
}
"""A subject of the debate, and the point that answers it."""
UNCOVERED = ["tiktok", "crop rotation", "electric cars", "sourdough bread", "carbon taxes"]
"""Subjects the debate has nothing on, none with asking words around it."""
FRAMES = [
    "{a} and {b}",
    "{b} and {a}",
    "what about {a} and {b}?",
    "{a}, and what about {b}",
    "{b} or {a}",
    "{a} plus {b}",
]


@pytest.mark.parametrize(
    ("line", "point", "nothing_on"),
    [
        ("/ask gin on drones and on tiktok", "gin-robotics-drones", "tiktok"),
        ("/ask dirty power and carbon taxes", "gin-dirty-power", "carbon taxes"),
        ("/baker blackwell and the weather in paris", "baker-terrible-mistake", "weather in paris"),
        ("/gin sovereign ai, and what about crop rotation", "gin-sovereign-ai", "crop rotation"),
        # QA (held-out set 5): refused; "eu" is Europe, a name the article never uses
        ("/ask sovereign ai in the eu and the ai act", "gin-sovereign-ai", "ai act"),
    ],
)
async def test_the_covered_part_is_answered_and_the_rest_named(
    app: BotApp, line: str, point: str, nothing_on: str
) -> None:
    reply = await run(app, line)
    assert first_claim(reply) == app.pack.point(point).claim
    assert f"Nothing on “{nothing_on}” in this debate." in reply.text


@given(
    st.sampled_from(sorted(COVERED)),
    st.sampled_from(UNCOVERED),
    st.sampled_from(FRAMES),
    st.sampled_from([None, "baker", "gin"]),
)
def test_any_covered_part_beside_any_uncovered_one_is_answered(
    covered: str, uncovered: str, frame: str, speaker: str | None
) -> None:
    """Whoever is asked, the answer the covered subject alone gets (the asked voice's
    points on it, its rebuttals or the other voices'), and the uncovered subject named."""
    answer = router().answer(frame.format(a=covered, b=uncovered), speaker)
    alone = router().answer(covered, speaker)
    assert answer.kind is alone.kind and answer.kind in (Kind.POINTS, Kind.OTHER_SIDE)
    assert answer.points == alone.points
    assert answer.uncovered == (uncovered,)
    if speaker is None:
        assert answer.points[0].id == COVERED[covered]


@given(st.sampled_from(UNCOVERED), st.sampled_from(UNCOVERED), st.sampled_from(FRAMES))
def test_parts_the_debate_has_nothing_on_are_still_refused(
    first: str, second: str, frame: str
) -> None:
    assert router().answer(frame.format(a=first, b=second)).kind is Kind.NOTHING


@pytest.mark.parametrize(
    "question",
    [
        "fish and chips",
        "chips and salsa recipe",
        "calories in a gin and tonic",
        "salt and vinegar chips",
    ],
)
def test_a_join_inside_an_everyday_phrase_splits_nothing(question: str) -> None:
    """ "chips and salsa" is one dish, not the article's chips beside a salsa: "and" inside
    an idiom joins no parts, and a part the pack knows a word of ("vinegar chips") is no
    covered part unless it is answered alone."""
    assert router().answer(question).kind is Kind.NOTHING


def test_a_question_wholly_covered_names_nothing_as_uncovered() -> None:
    answer = router().answer("distillation and deep seek")
    assert answer.points and answer.uncovered == ()


async def test_a_speakers_answer_is_titled_with_the_covered_part_alone(app: BotApp) -> None:
    """ "Aaron Gin on “drones and on tiktok”" put in his mouth a subject he never spoke of,
    the line under it saying the debate has nothing on it."""
    reply = await run(app, "/ask gin on drones and on tiktok")
    assert reply.cards[0].title == "Aaron Gin on “drones”"
    reply = await run(app, "/baker drones and taiwan")
    assert reply.text.startswith("Gavin Baker says nothing on “drones” in this debate.")


@pytest.mark.parametrize(
    ("line", "note"),
    [
        ("/debate drones and tiktok", "Nothing on “tiktok” in this debate."),
        ("/debate should europe build its own chips", "The article never names “europe”."),
    ],
)
async def test_a_debate_says_what_the_article_does_not_cover_as_ask_does(
    app: BotApp, line: str, note: str
) -> None:
    """/ask said "Nothing on “tiktok” in this debate." and "The article never names
    “europe”." under its answer; /debate staged the same points under "The debate on
    “drones and tiktok”" and said neither, as if the article covered all of it."""
    reply = await run(app, line)
    assert reply.cards and reply.text.endswith(note)


INVITED = [
    "who's right", "who is right", "who won the debate", "what should founders do", "tldr",
    "tl;dr",
]  # fmt: skip
"""Questions the verdict, the advice or the summary answers whole ("tl;dr": a semicolon
inside a word ends no question; it asked for "tl" and "dr")."""
UNCOVERED_QUESTIONS = [
    "will the us tighten export controls",
    "what's the weather tomorrow",
    "who won the super bowl",
    "how do i bake sourdough bread",
    "is tiktok getting banned",
]
"""Questions the debate has nothing on."""
CLAUSES = ["{a}, and {b}?", "{b}? {a}?", "{a}; {b}", "{a} and {b}", "{b}, and {a}?"]


@pytest.mark.parametrize(
    ("line", "title", "nothing_on"),
    [
        # QA (held-out set 11): refused whole
        (
            "/ask who's right, and will the us tighten export controls?",
            "Who's right",
            "us tighten export controls",
        ),
        # answered with the points matching "won the debate", not the verdict
        ("/ask is tiktok getting banned, and who won the debate?", "Who's right", "tiktok"),
        (
            "/ask what should founders do? and who won the super bowl?",
            "What to do with this",
            "won the super bowl",
        ),
    ],
)
async def test_an_invited_question_beside_one_the_debate_has_nothing_on_is_answered(
    app: BotApp, line: str, title: str, nothing_on: str
) -> None:
    reply = await run(app, line)
    assert reply.cards[0].title == title
    assert f"Nothing on “{nothing_on}" in reply.text and reply.text.endswith("in this debate.")


@given(
    st.sampled_from(INVITED),
    st.sampled_from(UNCOVERED_QUESTIONS),
    st.sampled_from(CLAUSES),
)
@example("tl;dr", "who won the super bowl", CLAUSES[0])
def test_any_invited_question_beside_an_uncovered_one_gets_its_own_answer(
    invited: str, uncovered: str, clauses: str
) -> None:
    """The answer the invited question alone gets, and the other question named (without
    its asking words) as one the debate has nothing on."""
    answer = router().answer(clauses.format(a=invited, b=uncovered))
    assert answer.kind is router().answer(invited).kind
    assert answer.uncovered and all(part in uncovered for part in answer.uncovered)


@given(st.sampled_from(INVITED), st.sampled_from([*INVITED, "who is right about drones"]))
def test_two_questions_the_debate_answers_are_not_split(first: str, second: str) -> None:
    """Only a question beside one the debate has nothing on is answered alone: of two it
    answers, neither is dropped as uncovered."""
    assert router().answer(f"{first}, and {second}?").uncovered == ()


@given(st.sampled_from(INVITED), st.sampled_from(UNCOVERED), st.sampled_from(CLAUSES))
def test_an_invited_question_about_a_subject_the_debate_lacks_is_still_refused(
    invited: str, subject: str, clauses: str
) -> None:
    """A subject with no question of its own is what the invited question asks about
    ("pizza recipes, who wins": who wins at pizza), not a second question to set aside."""
    assert router().answer(clauses.format(a=invited, b=subject)).kind is Kind.NOTHING
