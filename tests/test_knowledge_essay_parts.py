"""The part of an essay the asker is writing, and the author's "resolving" a disagreement.

QA (held-out set 12, a student pasting the article into an essay): "what is the thesis of
the article in one sentence, for my intro paragraph" and "for my conclusion: how does the
author resolve the disagreement?" were refused for "intro", "conclusion" and "resolve": the
place in the asker's essay where the answer goes (as "for my essay" already was) and a verb
of settling a disagreement (as "settle" already was) named no subject.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_asking_words import WORDS
from tests.test_knowledge_checking_words import assert_refused_alike
from tests.test_knowledge_vocabulary import assert_answer


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        (
            "what is the thesis of the article in one sentence, for my intro paragraph",
            Kind.SUMMARY,
            None,
        ),
        ("for my conclusion: how does the author resolve the disagreement?", Kind.SYNTHESIS, None),
        ("for my introduction: what does gin say about drones", Kind.POINTS, "gin-robotics-drones"),
        # the same words around subjects the debate does not cover
        ("for my conclusion: how do I resolve a merge conflict", Kind.NOTHING, None),
        ("intro to pottery class, who's in", Kind.NOTHING, None),
    ],
)
def test_the_part_of_an_essay_and_resolving_are_no_subject(
    question: str, kind: Kind, first: str | None
) -> None:
    assert_answer(question, kind, first)


#: What the essay writer says before and after a question.
AROUND = [
    ("for my intro: ", ""),
    ("", ", for my intro"),
    ("my introduction needs this: ", ""),
    ("", ", and how is that resolved?"),
]


@given(
    st.lists(WORDS, min_size=1, max_size=6),
    st.sampled_from(AROUND),
    st.sampled_from([None, "baker", "gin"]),
)
@example(["who", "is", "right", "?"], AROUND[1], None)
@example(["pizza", "recipe"], AROUND[0], None)
@example(["drones"], AROUND[2], "gin")
def test_the_part_of_an_essay_changes_no_refusal(
    question: list[str], around: tuple[str, str], speaker: str | None
) -> None:
    """Answered or refused as without them: they say where the answer goes, and ask about
    nothing else. ("My conclusion" is left out: "conclusion" asks for the author's verdict
    wherever it stands, an intent, not a subject, so "x, for my conclusion" gets the verdict.)"""
    assert_refused_alike(question, *around, speaker)
