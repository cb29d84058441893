"""Words held-out set 8's askers rank points and ask what was commented in, which name no
subject.

QA (held-out set 8): "gin's #1 point", "rank baker's arguments", "what did baker comment on",
"did baker comment on deep seek", "baker said chinese chips r trash?" and "wtf are those"
were each refused for one such word counted as a subject the debate does not cover ("#1" as
the figure 1, "number one" as the article's raw compute numbers). So were hypotheticals
("hypothetically, what if china had taken the h200s") and "what shud we actually do w this".
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from bot.knowledge.tokens import written_out
from tests.test_knowledge_asking_words import WORDS
from tests.test_knowledge_checking_words import assert_refused_alike
from tests.test_knowledge_vocabulary import assert_answer, assert_asked_of, router


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("gin's #1 point", Kind.STANCE, None),
        ("baker's number one argument", Kind.STANCE, None),
        ("rank baker's arguments", Kind.STANCE, None),
        ("what did baker comment on", Kind.STANCE, None),
        ("what did baker comment", Kind.STANCE, None),
        ("did baker comment on deep seek", Kind.POINTS, "baker-distillation-impressive"),
        ("what was baker's comment on the silicon barrier", Kind.POINTS, None),
        ("what did gin remark about china's path", Kind.POINTS, "gin-different-trajectory"),
        ("baker said chinese chips r trash?", Kind.POINTS, "baker-misplaced-confidence"),
        ("h200 blackwell wtf are those", Kind.POINTS, "baker-terrible-mistake"),
        (
            "hypothetically, what if china had taken the h200s",
            Kind.POINTS,
            "baker-terrible-mistake",
        ),
        ("what shud we actually do w this", Kind.ADVICE, None),
        # the same words around subjects the debate does not cover
        ("gin's #1 point about crypto", Kind.NOTHING, None),
        ("hypothetically, what if we had taken the bus to lunch", Kind.NOTHING, None),
        ("what did baker comment on tariffs", Kind.NOTHING, None),
        ("rank the pizza places near the office", Kind.NOTHING, None),
        ("the coffee here is trash", Kind.NOTHING, None),
    ],
)
def test_words_of_ranking_and_commenting_are_no_subject(
    question: str, kind: Kind, first: str | None
) -> None:
    assert_answer(question, kind, first)


def test_a_rank_is_written_as_the_top_it_means_but_no_figure_is() -> None:
    """ "#1" and "number one" rank; "#12", "#1.5" and "number 10" are figures or names."""
    assert written_out("gin's #1 point").split() == ["gin's", "top", "point"]
    assert written_out("Number One argument").split() == ["top", "argument"]
    for kept in ("issue #12", "#1.5 gen", "number 10", "h#1"):
        assert written_out(kept) == kept


@given(
    st.lists(WORDS, min_size=1, max_size=6),
    st.sampled_from(["", "rank ", "any comment on ", "remarks on ", "hypothetically, "]),
    st.sampled_from(["", " #1", ", number one", " is trash", " wtf"]),
    st.sampled_from([None, "baker", "gin"]),
)
@example(["gin's", "point"], "", " #1", None)
@example(["pizza", "recipe"], "rank ", "", None)
@example(["baker", "mistake"], "hypothetically, ", "", None)
@example(["baker", "?"], "any comment on ", "", None)
def test_words_of_ranking_around_a_question_change_no_refusal(
    question: list[str], before: str, after: str, speaker: str | None
) -> None:
    """Answered or refused as without them: they rank or attribute what is asked, and ask
    about nothing else."""
    assert_refused_alike(question, before, after, speaker)


@pytest.mark.parametrize(
    ("question", "speaker", "first"),
    [
        ("baker's best point on distillation", "baker", "baker-distillation-workaround"),
        ("gin's main argument about customers", "gin", "gin-customers-care"),
        # a claim named, not a view asked for: the whole debate answers, as before
        ("is gin's 80% claim right", None, None),
    ],
)
def test_a_speakers_point_on_a_subject_asks_that_speaker(
    question: str, speaker: str | None, first: str | None
) -> None:
    """QA (held-out set 8): "baker's best point on distillation" led with the author's
    judgement of Baker's point, searched as a question for anyone's."""
    assert_asked_of(question, speaker, first)


@given(
    st.sampled_from(["baker", "gin"]),
    st.sampled_from(["", "best ", "main ", "strongest "]),
    st.sampled_from(["point", "points", "argument", "case"]),
    st.sampled_from(["on", "about"]),
    st.sampled_from(["distillation", "chips", "drones", "benchmarks", "customers", "adoption"]),
)
@example("baker", "best ", "point", "on", "distillation")
@example("baker", "main ", "points", "on", "distillation")  # the summary words go first
def test_a_speakers_point_on_a_subject_is_answered_in_their_name(
    speaker: str, grade: str, noun: str, on: str, subject: str
) -> None:
    """Their own points, or the other voices' said to be so, never anyone's unnamed."""
    answer = router().answer(f"{speaker}'s {grade}{noun} {on} {subject}")
    assert answer.speaker == speaker


@given(
    st.sampled_from([("baker", "gin"), ("gin", "baker")]),
    st.sampled_from(["think of", "make of", "say about", "reckon of"]),
    st.sampled_from(["", "best ", "main "]),
    st.sampled_from(["point", "points", "argument", "case", "take", "view", "position"]),
    st.sampled_from(["on", "about"]),
    st.sampled_from(["distillation", "chips", "drones", "adoption", "the h200s"]),
)
@example(("baker", "gin"), "think of", "", "point", "about", "distillation")
@example(("baker", "gin"), "think of", "", "points", "on", "adoption")
@example(("baker", "gin"), "think of", "", "take", "on", "distillation")
def test_a_speakers_point_on_a_subject_is_what_another_speaker_is_asked_about(
    speakers: tuple[str, str], verb: str, grade: str, noun: str, on: str, subject: str
) -> None:
    """QA: "what does baker think of gin's point about distillation" (or "gin's take on
    distillation") asks Baker, as "...of gin's claim about distillation" does: it was
    searched as anyone's (Gin's distillation offset among Baker's answers), since "gin's
    point on" or "gin's take" made Gin the one asked as well."""
    asked, owner = speakers
    question = f"what does {asked} {verb} {owner}'s {grade}{noun} {on} {subject}"
    answer = router().answer(question)
    assert answer.speaker == asked
    if answer.kind is Kind.POINTS:  # the other side's answer shows the claim it answers
        assert all(point.speaker == asked for point in answer.points)


@pytest.mark.parametrize(
    "question",
    [
        "baker and gin's points on distillation",
        "baker and gin's take on distillation",
        "gin vs baker's argument on compute",
        "gin or baker's view on chips",
    ],
)
def test_two_speakers_joined_before_a_point_on_a_subject_are_both_asked(question: str) -> None:
    """Joined or set against each other, neither is the other's claim: as in "baker and gin
    on distillation", no one speaker is asked."""
    answer = router().answer(question)
    assert answer.kind is Kind.POINTS
    assert answer.speaker is None
