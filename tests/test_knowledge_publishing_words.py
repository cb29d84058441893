"""A journalist checking a quote before it is published asks in words of the page and of
attribution ("need to confirm before print", "for the headline", "our draft says…", "can I
attribute the phrase to Gin", "is that the right wording"): where the answer will be used
and how the quote is credited, no subject of the question (bot/knowledge/tokens.py,
``OCCASIONS``, ``ASKERS_OCCASIONS`` and ``FILLER``; bot/knowledge/search.py, ``_deadlines``).

QA (held-out set 13, a journalist fact-checking before publishing): "Can I attribute the
phrase '80% capability' to Gin?", "Our draft says Gin credited 'dirty power, inexpensive
chips'. Is that the right wording?" and "Did Baker say distillation solves the hardware
deficit? Need to confirm before print." were each refused for one of those words.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import router

CHECKED = {
    "did baker call it a terrible mistake": "baker-terrible-mistake",
    "did gin talk about drones": "gin-robotics-drones",
    "did baker say distillation is a workaround": "baker-distillation-workaround",
    "is the 80% capability gin's": "gin-80-percent",
}
"""Quotes a journalist checks, and the point whose evidence holds each."""

FRAMES = (
    "{}? need to confirm before print",
    "{}? checking before the headline",
    "our draft says so: {}?",
    "{}, for the caption",
    "{}? is that the right wording",
    "can i attribute this: {}?",
    "for our draft: {}?",
)
"""How a journalist puts a check around it."""


@given(st.sampled_from(sorted(CHECKED)), st.sampled_from(FRAMES))
@example("did baker say distillation is a workaround", "{}? need to confirm before print")
@example("is the 80% capability gin's", "can i attribute this: {}?")
def test_a_check_for_publishing_is_answered_as_the_bare_question(checked: str, frame: str) -> None:
    answer = router().answer(frame.format(checked))
    assert answer.kind is Kind.POINTS
    assert answer.points[0].id == CHECKED[checked]


def test_the_quotes_of_set_13_are_answered() -> None:
    """The three journalist's questions of held-out set 13 that were refused."""
    attributed = "Can I attribute the phrase '80% capability' to Gin?"
    assert router().answer(attributed).points[0].id == "gin-80-percent"
    drafted = (
        "Our draft says Gin credited 'dirty power, inexpensive chips'. Is that the right wording?"
    )
    assert router().answer(drafted).points[0].id == "gin-dirty-power"
    printed = (
        "Did Baker say distillation solves the hardware deficit? Need to confirm before print."
    )
    assert router().answer(printed).points[0].id == "baker-distillation-workaround"


def test_before_anything_but_an_occasion_is_still_a_word_of_the_question() -> None:
    """ "before the ban" is a time the debate never speaks of, not when the asker reads."""
    assert router().answer("what did baker say about the chips before the ban").kind is (
        Kind.NOTHING
    )


def test_a_draft_not_the_askers_is_a_subject() -> None:
    """ "the draft of the export rules" is someone else's document: refused."""
    question = "what does the draft of the export rules say about drones"
    assert router().answer(question).kind is Kind.NOTHING


def test_the_page_asked_about_with_no_subject_of_the_debate_is_refused() -> None:
    """A headline or a print job the debate has nothing on stays refused."""
    assert router().answer("headline news about drones today").kind is Kind.NOTHING
    assert router().answer("how do i print a pdf").kind is Kind.NOTHING
