"""A student revising for an exam labels the question and says where the answer goes
("revision question: …", "exam q - …", "for my revision notes", "flashcards on …"): the
label is said to the bot as "quick question" is (bot/knowledge/tokens.py,
``without_courtesies``), and the notes are where the answer will be used, as a slide is
(``OCCASIONS``). Neither is a subject of the question.

QA (held-out set 13, a student revising): "revision question: what is Gin's main
argument?", "main arguments of each side, for my revision" and "summarise the article in
three bullet points for my revision notes" were refused.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.knowledge_frames import assert_answered_as_bare
from tests.test_knowledge_vocabulary import router

ASKED = (
    "what is gin's main argument?",
    "who is right?",
    "what's a trace?",
    "why does baker call it a terrible mistake?",
    "summarise both sides",
)
"""Questions a student revises, each answered bare."""

FRAMES = (
    "revision question: {}",
    "exam q - {}",
    "Quiz question: {}",
    "{} for my revision notes",
    "{} it's for my flashcards",
    "{} need it before my exam, for my notes",
)
"""How a student revising puts a question."""


@given(st.sampled_from(ASKED), st.sampled_from(FRAMES))
@example("what is gin's main argument?", "revision question: {}")  # set 13
@example("summarise both sides", "{} for my revision notes")
def test_a_revision_frame_is_answered_as_the_bare_question(asked: str, frame: str) -> None:
    assert_answered_as_bare(frame.format(asked), asked)


def test_set_13s_revision_questions_are_answered() -> None:
    assert router().answer("main arguments of each side, for my revision").kind is Kind.SUMMARY
    notes = "summarise the article in three bullet points for my revision notes"
    assert router().answer(notes).kind is Kind.SUMMARY


def test_a_label_asked_about_is_no_label() -> None:
    """Not before a colon or a dash, an essay question is what is asked for: refused."""
    assert router().answer("what's the essay question about drones").kind is Kind.NOTHING
