"""Who takes part in the debate ("who are the two people in this debate?", "who are the
speakers") is what the short version says first: it is the summary's to answer
(bot/knowledge/intents.py, ``GENERIC``).

QA (held-out set 13, questions about the article itself): "who are the two people in this
debate?" was refused for "people", and "who are the speakers" and "who are the debaters"
were refused too.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import router

TAKING_PART = ("people", "persons", "speakers", "debaters", "participants", "guests", "guys")


@given(
    st.sampled_from(["are", "were"]),
    st.sampled_from(["", "the ", "these ", "those "]),
    st.sampled_from(["", "two "]),
    st.sampled_from(TAKING_PART),
    st.sampled_from(["", " in this debate", " of the article", " on the podcast"]),
    st.sampled_from(["", "?", " ?"]),
)
@example("are", "the ", "two ", "people", " in this debate", "?")  # set 13
def test_who_takes_part_gets_the_summary(
    verb: str, determiner: str, two: str, who: str, where: str, mark: str
) -> None:
    question = f"who {verb} {determiner}{two}{who}{where}{mark}"
    assert router().answer(question).kind is Kind.SUMMARY


def test_the_people_of_a_subject_are_not_the_debates() -> None:
    """The article names no one in the Chinese labs: refused, not the summary."""
    assert router().answer("who are the people in chinese labs").kind is Kind.NOTHING
    assert router().answer("who are the people building drones").kind is Kind.NOTHING
