"""A question for a share or a score is answered only by a point whose source gives one.

QA (held-out set 6): "what percentage of china's electricity is coal" got Gin's dirty power
and "what benchmark scores does deep seek get" Gin's benchmarks, though neither point's
sentences give a percentage or a score: answered, they read as if the article had the figure.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import router

SHARES = ["percentage", "percent", "proportion", "share", "fraction"]
SUBJECTS = """capability chinas electricity coal customers drones robots chips benchmarks
    the us market nvidia distillation models labs adoption""".split()


@given(
    st.sampled_from(["what", "what's", "what is the"]),
    st.sampled_from(SHARES),
    st.lists(st.sampled_from(SUBJECTS), min_size=1, max_size=3),
)
@example("what", "percentage", ["chinas", "electricity", "coal"])
@example("what", "percent", ["capability"])
def test_a_share_is_answered_only_with_a_percentage(
    what: str, share: str, subject: list[str]
) -> None:
    answer = router().answer(f"{what} {share} of {' '.join(subject)}")
    if answer.kind is Kind.POINTS:
        evidence = " ".join(answer.points[0].evidence)
        assert re.search(r"\d%", evidence), (answer.points[0].id, evidence)
    else:
        assert answer.kind is Kind.NOTHING


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("what percentage of china's electricity is coal", Kind.NOTHING),
        ("what benchmark scores does deep seek get", Kind.NOTHING),
        ("what share of customers care about cost", Kind.NOTHING),
        ("what percent capability is china aiming for", Kind.POINTS),
        ("what are gin's views on benchmark scores", Kind.POINTS),
    ],
)
def test_shares_and_scores(question: str, kind: Kind) -> None:
    """The first three were answered as if the article gave the figure; a question about
    scores that asks for none stays answered."""
    assert router().answer(question).kind is kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("what was deep seek's mmlu score", Kind.NOTHING),
        ("what is the benchmark score of deep seek", Kind.NOTHING),
        ("what happened first, deep seek or the chip decision", Kind.NOTHING),
        ("in what order did china reject blackwell and deploy drones", Kind.NOTHING),
        ("which came first, the 80% capability or adoption", Kind.POINTS),
    ],
)
def test_scores_asked_in_the_past_and_orders(question: str, kind: Kind) -> None:
    """QA (held-out set 7): a score asked in the past of a name of two words, and the order
    of two things, were answered from points whose sentences give neither; Gin's 80%
    capability, "and then" adoption, gives an order."""
    assert router().answer(question).kind is kind


@given(
    st.sampled_from(["what happened first,", "which came first,", "in what order did"]),
    st.lists(st.sampled_from(SUBJECTS), min_size=1, max_size=2),
    st.lists(st.sampled_from(SUBJECTS), min_size=1, max_size=2),
)
@example("what happened first,", ["deep", "seek"], ["chips"])
def test_an_order_is_answered_only_by_a_sentence_that_gives_one(
    asked: str, one: list[str], other: list[str]
) -> None:
    answer = router().answer(f"{asked} {' '.join(one)} or {' '.join(other)}")
    if answer.kind is Kind.POINTS:
        evidence = " ".join(answer.points[0].evidence)
        assert re.search(
            r"\b(?:then|before|after|afterwards|later|earlier|first|until)\b", evidence
        ), (answer.points[0].id, evidence)
    else:
        assert answer.kind is Kind.NOTHING


@given(
    st.integers(1, 999).filter(lambda n: n != 80),
    st.sampled_from(["{} percent capability", "wasn't it {} percent capability", "{}% capability"]),
)
@example(70, "{} percent capability")
@example(90, "wasn't it {} percent capability")  # QA (held-out set 6): refused
@example(160, "{}% capability")  # "%" dropped: led with Deep Seek's 160,000 traces
def test_a_figure_the_source_does_not_give_is_no_stray_subject(number: int, frame: str) -> None:
    """A listener misremembers the article's figure ("i remember a number like 70 percent of
    capability", "wasn't it 90 percent"): the number, which no point gives, counted as a
    subject the debate does not cover and sank the question; what it counts (a percentage
    of capability) is the subject, and the point that gives the figure answers."""
    answer = router().answer(frame.format(number))
    assert answer.kind is Kind.POINTS and answer.points[0].id == "gin-80-percent"


@given(st.integers(0, 10_000), st.sampled_from(["pizzas", "parking spaces", "tickets"]))
def test_a_figure_of_a_subject_the_debate_does_not_cover_is_refused(
    number: int, subject: str
) -> None:
    """The number is neutral, not a subject: what it counts still decides."""
    assert router().answer(f"{number} {subject}").kind is Kind.NOTHING


@given(
    st.sampled_from(["how big is", "how large is", "how wide is", "what is"]),
    st.lists(st.sampled_from(SUBJECTS), min_size=1, max_size=3),
    st.sampled_from(["in percent", "as a percentage", "in percentage terms", "in per cent"]),
)
@example("how big is", ["the", "performance", "gap"], "in percent")  # QA: Baker's gap (set 10)
@example("what is", ["capability"], "in percent")
def test_a_size_asked_in_percent_is_answered_only_with_a_percentage(
    how: str, subject: list[str], unit: str
) -> None:
    """A size asked as a share is a share asked: only a sentence giving a percentage
    answers it (Gin's "80% capability" does; Baker's gap, which sizes nothing, does not)."""
    answer = router().answer(f"{how} {' '.join(subject)} {unit}")
    if answer.kind is Kind.POINTS:
        assert any(re.search(r"\d%", s) for s in answer.points[0].evidence), answer.points[0]
    else:
        assert answer.kind is Kind.NOTHING


@given(st.integers(0, 10**6), st.sampled_from(["%", " %"]), st.sampled_from(["capability", ""]))
@example(160, "%", "capability")
def test_a_share_typed_with_its_sign_reads_as_in_words(number: int, sign: str, rest: str) -> None:
    """ "160% capability" was read as "160 capability" (the sign is no word), which Deep
    Seek's 160,000 traces match; "160 percent capability" got Gin's 80%."""
    spelled = router().spelled
    assert spelled(f"{number}{sign} {rest}") == spelled(f"{number} percent {rest}")


NAMED_IN_THE_SOURCE = [
    ("which nvidia chip models are named", "baker-terrible-mistake"),
    ("what does the number 80 refer to", "gin-80-percent"),
    ("what does 160,000 refer to", "baker-distillation-impressive"),
    ("which chips are mentioned", "baker-terrible-mistake"),
]
"""What the source names or gives, and the point whose sentence names or gives it."""


@given(
    st.sampled_from(NAMED_IN_THE_SOURCE),
    st.sampled_from(["", " in the article", " in this article", " in the podcast", "?"]),
)
@example(NAMED_IN_THE_SOURCE[0], " in the article")  # held-out set 12
@example(NAMED_IN_THE_SOURCE[1], " in the article")  # held-out set 12
def test_what_the_source_names_or_gives_is_answered_by_whoever_it_quotes(
    asked: tuple[str, str], where: str
) -> None:
    """QA (held-out set 12): "which nvidia chip models are named in the article" and "what
    does the number 80 refer to in the article" were put to the analysis voice ("the
    article"), whose points name neither, and refused; the second was refused without "in
    the article" too, for "refer". Where the source names a thing is the source, and the
    point whose sentence names it answers, whoever's it is."""
    question, first = asked
    answer = router().answer(f"{question}{where}")
    assert answer.kind is Kind.POINTS and answer.speaker is None
    assert answer.points[0].id == first
