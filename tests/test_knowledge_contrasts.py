"""Contrastive questions: one speaker's words given, the other's asked for.

QA (held-out set 9): "baker says mistake, gin says what?" got Baker's terrible mistake
again: of two speakers with a saying verb between them, the first was taken as the one
asked, as in "how does Gin reply to Baker"; the question turns to the one named last.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import assert_asked_of, router

SAID = {
    "baker": ["mistake", "it was a terrible mistake", "the chips are insufficient"],
    "gin": ["pivot", "it was a deliberate pivot", "customers don't care"],
}
OTHER = {"baker": "gin", "gin": "baker"}


@pytest.mark.parametrize(
    ("question", "speaker", "first"),
    [
        ("baker says mistake, gin says what?", "gin", "gin-deliberate-pivot"),
        ("baker calls it a mistake, and gin?", "gin", "gin-deliberate-pivot"),
        ("baker says mistake, what about gin?", "gin", "gin-deliberate-pivot"),
        # two speakers named together, no one's words given: neither is asked
        ("baker and gin", None, None),
        ("compare baker and gin", None, None),
        # one replying to the other: the first still answers
        ("how does gin reply to baker", "gin", None),
    ],
)
def test_the_speaker_turned_to_is_the_one_asked(
    question: str, speaker: str | None, first: str | None
) -> None:
    assert_asked_of(question, speaker, first)


@given(
    st.sampled_from(["baker", "gin"]),
    st.sampled_from(["says", "thinks", "calls it"]),
    st.integers(min_value=0, max_value=2),
    st.sampled_from(
        ["{other} says what", "and {other}", "what about {other}", "{other} thinks what"]
    ),
    st.sampled_from(["", "?", ", ", " - "]),
)
@example("baker", "says", 0, "{other} says what", "?")  # held-out set 9
@example("baker", "says", 0, "{other} thinks what", "")  # a saying verb besides "says"
@example("gin", "says", 0, "{other} says what", "")  # he has nothing on "pivot"
def test_a_question_turning_to_the_other_speaker_is_answered_in_his_name(
    first: str, verb: str, said: int, turn: str, mark: str
) -> None:
    """Whatever the first said and however the question turns, the answer is in the
    other's name: his points, never the first speaker's shown again as his reply (or, where
    he has nothing on it, the other voices' points, said to be theirs)."""
    assert_turned_to(first, f"{first} {verb} {SAID[first][said]}, {turn}{mark}")


@given(
    st.sampled_from(["baker", "gin"]),
    st.sampled_from(["says", "thinks", "calls it"]),
    st.integers(min_value=0, max_value=2),
    st.sampled_from(["what do you say", "and you", "what about you", "what do you think"]),
    st.sampled_from(["", "?", ", ", " - "]),
)
@example("baker", "says", 1, "what do you say", "?")  # /gin: got Baker's mistake as Baker's
@example("baker", "calls it", 0, "and you", "?")
def test_a_question_turning_to_you_is_answered_by_the_commands_speaker(
    first: str, verb: str, said: int, turn: str, mark: str
) -> None:
    """ "/gin baker says it's a mistake, what do you say?" got Baker's terrible mistake in
    Baker's name: "you" under a speaker's command is that speaker, turned to after the
    other's words as "…, what does gin say?" turns to Gin."""
    other = OTHER[first]
    question = f"{first} {verb} {SAID[first][said]}, {turn}{mark}"
    answer = router().answer(question, other)
    assert answer.speaker == other, question
    if answer.kind is Kind.POINTS:
        assert all(point.speaker != first for point in answer.points), question


@pytest.mark.parametrize(
    "question",
    ["baker says it's a mistake", "what does baker say about you", "what does baker say to you"],
)
def test_a_question_that_never_turns_to_you_still_asks_the_speaker_named(question: str) -> None:
    """Baker's words with no turn to the command's speaker, or "you" as what Baker speaks
    about, still ask Baker."""
    assert router().answer(question, "gin").speaker == "baker"


def assert_turned_to(first: str, question: str) -> None:
    """``question`` (its ``{other}`` the other debater) is answered in the other's name:
    his points, never ``first``'s shown again as his reply."""
    other = OTHER[first]
    answer = router().answer(question.format(other=other))
    assert answer.speaker == other
    if answer.kind is Kind.POINTS:
        assert all(point.speaker != first for point in answer.points)


DENIALS = [
    "who doesn't think",
    "who does not think",
    "who didn't believe",
    "which one doesn't accept",
]
BAKERS_CLAIMS = [
    "it was a mistake",
    "china made a terrible mistake",
    "china's chips are insufficient",
    "the barrier is self imposed",
]
GINS_CLAIMS = ["customers care about the best model", "it was a deliberate pivot", "80% is enough"]


@given(st.sampled_from(DENIALS), st.sampled_from(BAKERS_CLAIMS))
@example("who doesn't think", "it was a mistake")  # held-out set 9
def test_who_does_not_think_a_claim_is_answered_by_the_one_the_article_shows_answering_it(
    denial: str, claim: str
) -> None:
    """QA (held-out set 9): "who doesn't think it was a mistake" led with Baker's terrible
    mistake, the claim itself; Gin, whom the article shows answering it, does not."""
    answer = router().answer(f"{denial} {claim}")
    assert answer.points[0].speaker == "gin"
    assert answer.points[0].rebuts is not None


@given(st.sampled_from(DENIALS), st.sampled_from(GINS_CLAIMS))
@example("who does not think", "customers care about the best model")
def test_a_claim_no_one_answers_is_never_put_to_the_other_speaker(denial: str, claim: str) -> None:
    """The article shows no one answering Gin: who does not think as he does is no one it
    names, so Baker's points never answer it as if he had said so."""
    answer = router().answer(f"{denial} {claim}")
    assert answer.kind is Kind.NOTHING or answer.points[0].speaker != "baker"


#: Denials the claim's words follow, as people type them besides "doesn't think".
DENIED = [
    "who does not think",
    "who does not believe",
    "who is not convinced",
    "who isn't convinced",
    "who disagrees that",
    "who disagreed that",
    "which one does not accept that",
    "which of them doesn't think",
    "which one of them does not believe",
    "which of the two isn't convinced",
    "which of them disagrees that",
]


@given(st.sampled_from(DENIED), st.sampled_from(BAKERS_CLAIMS))
@example("who does not think", "it was a mistake")  # Baker's mistake among Gin's points
@example("who disagrees that", "it was a mistake")  # led with Baker's mistake
@example("who isn't convinced", "it was a mistake")  # led with Baker's mistake
@example("which of them doesn't think", "it was a mistake")  # led with Baker's mistake
def test_who_denies_a_claim_however_put_is_answered_by_its_answerer_alone(
    denial: str, claim: str
) -> None:
    """ "who does not think it was a mistake" took the "not" for a word of the claim (Gin's
    "not a mistake") and answered as anyone's search, Baker's mistake second; "who
    disagrees that it was a mistake" and "who isn't convinced…" led with the mistake
    itself, as "which of them doesn't think it was a mistake" did, the one asked for as
    the two read. The claim denied is Baker's, and Gin, whom the article shows answering
    it, answers, in his name."""
    answer = router().answer(f"{denial} {claim}")
    assert answer.speaker == "gin"
    assert answer.points and all(point.speaker == "gin" for point in answer.points)


@given(st.sampled_from(DENIED), st.sampled_from(GINS_CLAIMS))
def test_a_claim_no_one_answers_is_never_put_to_the_other_speaker_however_denied(
    denial: str, claim: str
) -> None:
    answer = router().answer(f"{denial} {claim}")
    assert answer.kind is Kind.NOTHING or answer.points[0].speaker != "baker"


@given(
    st.sampled_from(["baker", "gin"]),
    st.sampled_from(["says", "said", "thinks", "calls it"]),
    st.integers(min_value=0, max_value=2),
    st.sampled_from(
        [
            "what does {other} say",
            "what did {other} think",
            "how does {other} respond",
            "what did {other} make of it",
            "{other} said what",
            "{other} responds how",
        ]
    ),
    st.sampled_from([". ", ", ", " but ", " and "]),
)
@example("baker", "says", 1, "what does {other} say", ". ")  # got Baker's mistake, his name
@example("baker", "said", 0, "{other} said what", " and ")  # got Baker's mistake first
def test_a_question_turned_to_the_other_speaker_with_its_own_asking_words(
    first: str, verb: str, said: int, turn: str, joint: str
) -> None:
    """ "baker says it's a terrible mistake. what does gin say?" got Baker's mistake, in
    Baker's name, as "baker said mistake and gin said what" led with it: the question
    turns to Gin as "gin says what" does."""
    assert_turned_to(first, f"{first} {verb} {SAID[first][said]}{joint}{turn}?")


@pytest.mark.parametrize(
    "question",
    [
        "what does baker say and what does gin say",
        "what does baker say about the mistake and what does gin say",
    ],
)
def test_both_asked_in_turn_are_not_turned_to_the_last(question: str) -> None:
    """Baker is asked as much as Gin: no words of his are given for Gin to answer."""
    assert router().answer(question).speaker != "gin"
