"""Negated questions: what someone does not do, answered by what the source says they do not.

QA (held-out set 9): "what does gin NOT worry about" got Gin's stance and "what is china not
trying to do" was refused: the negation was all they asked, and "not" is no subject. The
source says what is not done in negated sentences ("China's aim isn't to beat the US", "it
doesn't matter"), which now answer.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.negation import Denial, says_in_the_negative
from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import assert_answer, router

DEEDS = {
    "does": ["worry about", "try to do", "focus on", "aim for", "fret about"],
    "is": ["worried about", "trying to do", "doing", "focusing on", "aiming for", "fretting about"],
}
"""Deeds a question may ask are not done, after "does" or "is" and its negation ("care" is
a word of the pack's, Gin's "customers care", and is searched as ever)."""
NEGATIONS = ["not", "NOT", "Not", "n't"]
"""How the auxiliary is negated as typed: "does not", "does NOT", "doesn't"."""
ASKED = {
    # whoever is asked, the points that say in the negative what is not done
    "gin": {"gin-not-chasing-benchmarks", "gin-customers-care", "gin-does-it-matter"},
    "aaron gin": {"gin-not-chasing-benchmarks", "gin-customers-care", "gin-does-it-matter"},
    "china": {"gin-not-chasing-benchmarks", "gin-does-it-matter"},
}
OFF_TOPIC = ["the office", "my landlord", "the team", "our manager"]
OFF_SUBJECTS = ["parking", "the printer", "lunch orders", "the holiday rota"]


def _asked_not(auxiliary: str, negation: str, asked: str, deed: str) -> str:
    """ "what does gin not worry about", or with the negation contracted, "what doesn't gin
    worry about"."""
    if negation == "n't":
        return f"what {auxiliary}n't {asked} {deed}"
    return f"what {auxiliary} {asked} {negation} {deed}"


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("what does gin NOT worry about", ASKED["gin"]),  # held-out set 9
        ("what is china not trying to do", ASKED["china"]),  # held-out set 9
        ("what isn't gin focusing on", ASKED["gin"]),
        ("is there anything gin doesn't worry about", ASKED["gin"]),
        # a denied belief is answered by a sentence denying one, not an aim
        ("what doesn't gin think", "gin-deliberate-pivot"),
    ],
)
def test_a_negated_question_gets_the_point_that_says_it_in_the_negative(
    question: str, first: str | set[str]
) -> None:
    assert_answer(question, Kind.POINTS, first)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("what is the office not doing about parking", Kind.NOTHING),
        ("why not?", Kind.NOTHING),
        # the US is not the one the source says does not do anything
        ("what is the us not trying to do", Kind.NOTHING),
        # asks whether, not what: "isn't" is a judgement's tag (held-out set 2)
        ("but isn't that just cope from gin", Kind.STANCE),
        # no one stands by the negation: it denies nothing of anyone, and reads as "what
        # biggest" (a draw of test_knowledge_routing's property)
        ("what doesn't biggest", Kind.NOTHING),
    ],
)
def test_a_negation_without_what_the_source_denies_is_not_answered_by_it(
    question: str, kind: Kind
) -> None:
    assert router().answer(question).kind is kind


@given(
    st.sampled_from(sorted(ASKED)),
    st.sampled_from([(aux, deed) for aux, deeds in DEEDS.items() for deed in deeds]),
    st.sampled_from(NEGATIONS),
    st.sampled_from(["", "?", " ?"]),
)
@example("gin", ("does", "worry about"), "NOT", "")  # held-out set 9
@example("china", ("is", "trying to do"), "not", "")  # held-out set 9
@example("china", ("does", "worry about"), "n't", "?")  # "china" names no speaker
def test_what_someone_does_not_do_is_what_the_source_says_they_do_not(
    asked: str, negated: tuple[str, str], negation: str, mark: str
) -> None:
    """Whoever is asked and however the negation is typed, the answer is led by a point
    the source says it in the negative for, and every point answering is the asked
    speaker's and says something in the negative."""
    auxiliary, deed = negated
    question = _asked_not(auxiliary, negation, asked, deed) + mark
    answer = router().answer(question)
    assert answer.kind is Kind.POINTS, question
    assert answer.points[0].id in ASKED[asked], question
    assert answer.speaker == (None if asked == "china" else "gin"), question
    assert all(says_in_the_negative(p, Denial.DEED) for p in answer.points), question


@given(
    st.sampled_from(OFF_TOPIC),
    st.sampled_from(OFF_SUBJECTS),
    st.sampled_from(["not doing about", "NOT doing about", "doing nothing about"]),
    st.sampled_from(["is", "are"]),
)
@example("the office", "parking", "not doing about", "is")  # the brief's look-alike
def test_an_off_topic_negation_stays_refused(
    who: str, subject: str, negated: str, auxiliary: str
) -> None:
    question = f"what {auxiliary} {who} {negated} {subject}"
    assert router().answer(question).kind is Kind.NOTHING, question
