"""What separates, divides or distinguishes the debaters on a subject is where they differ
on it: the verb is a word of asking, as "differ" is (bot/knowledge/tokens.py, ``FILLER``).

QA (held-out set 13, comparisons): "/debate what separates them on customers?" was refused
for "separates", where "how do they differ on customers" got Gin's customers.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.knowledge_frames import assert_answered_as_bare
from tests.test_knowledge_vocabulary import router

SUBJECTS = ("customers", "chips", "distillation", "drones", "benchmarks", "power")
VERBS = (
    "separates",
    "separated",
    "divides",
    "divided",
    "distinguishes",
    "distinguished",
)


@given(
    st.sampled_from(VERBS),
    st.sampled_from(SUBJECTS),
    st.sampled_from(["what {verb} them on {subject}?", "what {verb} baker and gin on {subject}"]),
)
@example("separates", "customers", "what {verb} them on {subject}?")  # set 13
def test_what_sets_them_apart_is_where_they_differ(verb: str, subject: str, frame: str) -> None:
    assert_answered_as_bare(
        frame.format(verb=verb, subject=subject), f"how do they differ on {subject}"
    )


def test_setting_apart_with_no_subject_of_the_debate_is_refused() -> None:
    assert router().answer("how do i separate egg whites").kind is Kind.NOTHING
