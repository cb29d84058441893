"""Words that held-out set 7's askers check, cite and judge in, and that name no subject.

QA (held-out set 7): a fact-checker ("fact check: did baker literally say...", "is that
accurate", "in what context", "misquote check"), a quiz writer ("true or false:", "is it true
that..."), a student citing the article ("the section", "under that heading", "the 80%
figure", "quotation marks"), a sceptic ("steelman baker", "devil's advocate"), a newcomer
("why is baker upset") and a speaker of a Romance language ("baker pretends that...") were
each refused for one such word counted as a subject the debate does not cover.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_asking_words import WORDS
from tests.test_knowledge_vocabulary import assert_answer, router


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        (
            'fact check: did baker literally say "terrible mistake"',
            Kind.POINTS,
            {"baker-terrible-mistake"},
        ),
        (
            "gin is quoted saying 'it doesn't matter', in what context",
            Kind.POINTS,
            {"gin-customers-care", "gin-does-it-matter"},
        ),
        (
            "my draft says baker called china's chips insufficient, is that accurate",
            Kind.POINTS,
            {"baker-misplaced-confidence"},
        ),
        ('misquote check: gin asked "does it even matter"?', Kind.POINTS, {"gin-does-it-matter"}),
        (
            "true or false: baker thinks distillation is useless",
            Kind.POINTS,
            {"baker-distillation-impressive", "baker-distillation-workaround"},
        ),
        (
            "is it true that baker blames misguided confidence",
            Kind.POINTS,
            {"baker-misplaced-confidence"},
        ),
        (
            "is it true that customers always want the best model",
            Kind.POINTS,
            {"gin-customers-care"},
        ),
        # the article, named, has nothing of its own on it: Gin's word is shown as his
        (
            'is "trajectory" in quotation marks in the article and whose word is it',
            Kind.OTHER_SIDE,
            {"gin-different-trajectory"},
        ),
        (
            "what is a benchmark in this context",
            Kind.POINTS,
            {"gin-not-chasing-benchmarks", "baker-performance-gap"},
        ),
        ("steelman baker for me", Kind.STANCE, None),
        ("explain like i'm five why baker is upset", Kind.STANCE, None),
        ("gin pretends it's a pivot?", Kind.POINTS, {"gin-deliberate-pivot"}),
        (
            "does baker admit anything good about chinese labs",
            Kind.POINTS,
            {"baker-distillation-impressive"},
        ),
        # the same words around subjects the debate does not cover
        ("fact check: is the earth flat", Kind.NOTHING, None),
        ("true or false: pizza is a vegetable", Kind.NOTHING, None),
        ("is it true that the office is closed friday", Kind.NOTHING, None),
        ("what section of the handbook covers holidays", Kind.NOTHING, None),
        ("why is my cat upset", Kind.NOTHING, None),
        ("how do i spell necessary", Kind.NOTHING, None),
    ],
)
def test_words_of_checking_and_citing_are_no_subject(
    question: str, kind: Kind, first: set[str] | None
) -> None:
    assert_answer(question, kind, first)


@given(
    st.lists(WORDS, min_size=1, max_size=6),
    st.sampled_from(["", "fact check: ", "true or false: ", "is it true that ", "steelman "]),
    st.sampled_from(["", " in this context", ", is that accurate", " - the section", " tho"]),
    st.sampled_from([None, "baker", "gin"]),
)
@example(["baker", "mistake"], "fact check: ", ", is that accurate", None)
@example(["pizza", "recipe"], "true or false: ", "", None)
def test_words_of_checking_around_a_question_change_no_refusal(
    question: list[str], before: str, after: str, speaker: str | None
) -> None:
    """Answered or refused as without them: they check or cite what is asked, and ask
    about nothing else."""
    assert_refused_alike(question, before, after, speaker)


def assert_refused_alike(question: list[str], before: str, after: str, speaker: str | None) -> None:
    """``question`` with ``before`` and ``after`` around it is refused if and only if it is
    refused alone: the check of every property of asking words said around a question."""
    plain = router().answer(" ".join(question), speaker)
    wrapped = router().answer(f"{before}{' '.join(question)}{after}", speaker)
    assert (wrapped.kind is Kind.NOTHING) == (plain.kind is Kind.NOTHING)


@given(
    st.sampled_from(["is it correct that", "is it right that", "is it correct to say"]),
    st.lists(WORDS, min_size=1, max_size=7),
)
@example("is it correct that", "gin said china is aiming for 80% capability".split())
@example("is it correct to say", "about baker drones".split())  # "say about baker"
def test_whether_a_claim_is_correct_is_checked_as_whether_it_is_true(
    check: str, claim: list[str]
) -> None:
    """QA (held-out set 11, a journalist): "is it correct that Gin said China is aiming for
    80% capability?" got the verdict, "correct" read as judging a side; it asks whether the
    claim is so, as "is it true that…" does, and the claim's point answers."""
    asked = router().answer(f"{check} {' '.join(claim)}")
    true = router().answer(f"is it true that {' '.join(claim)}")
    assert (asked.kind, asked.speaker, asked.points) == (true.kind, true.speaker, true.points)


@pytest.mark.parametrize(
    ("question", "speaker", "first"),
    [
        (
            "'Most everyday applications and integrated systems don't require the most powerful"
            " AI model on Earth.' is this right?",
            "article",
            "gin-good-enough-at-scale",
        ),
        ("baker said china made a terrible mistake, is that correct?", "baker", None),
        ("gin thinks customers don't care about the best model. is it really right?", "gin", None),
    ],
)
def test_a_claim_shown_then_asked_is_this_right_gets_the_claims_point(
    question: str, speaker: str, first: str | None
) -> None:
    """QA (held-out set 12, a student pasting the article): a sentence, then "is this
    right?", got the verdict, "this" read as a side said to be right; the claim is checked as
    "is that true?" checks it, its point answering under whoever the article gives it to."""
    answer = router().answer(question)
    assert answer.kind is Kind.POINTS
    assert answer.points[0].speaker == speaker
    if first is not None:
        assert answer.points[0].id == first


@given(
    st.lists(WORDS, min_size=1, max_size=7).filter(lambda claim: set(claim) - {"?", ","}),
    st.sampled_from(["is this right", "is that correct", "was it right", "is that really right"]),
    st.sampled_from(["", "?", ", ", ". "]),
)
@example("gin said china is aiming for 80% capability".split(), "is this right", ", ")
@example(["what"], "is this right", ", ")  # two parts: the check asks of the first, no verdict
def test_a_claim_then_is_this_right_is_checked_as_whether_it_is_true(
    claim: list[str], check: str, between: str
) -> None:
    """Whatever words are shown before it, "is this right?" asks what "is that true?"
    asks (punctuation alone shows nothing, and is no claim)."""
    asked = router().answer(f"{' '.join(claim)}{between} {check}?")
    true = router().answer(f"{' '.join(claim)}{between} is that true?")
    assert (asked.kind, asked.speaker, asked.points) == (true.kind, true.speaker, true.points)
