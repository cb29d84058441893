"""A word of the pack typed in another sense: a grade the pack only writes in a phrase, a
plural noun of a verb the pack only writes in "-ing", a noun of a verb it writes bare only
after "to", and a word of asking ("difference", "differ") of a stem the pack writes only in
another word ("different").

QA (left from earlier sessions): "aaron jin thinks china is fine without nvidia why"
(held-out set 6) led with the sovereign-AI point's fine-tuning (the pack writes "fine" only
in "fine-tuning" and "fine tune"), and "what about the power of eyes?" was answered with
Gin's dirty power and the sovereign-AI point ("eyes" has the stem of the point's "eyeing").
Such a word is neither a subject the debate covers nor searched.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import assert_answer, router

#: Words around the one in another sense: none is "fine", "tune" or a form of "eye".
AROUND = st.sampled_from(
    """good terrible enough mistake the of my power drones china is it to deploy friday
    sovereign ai""".split()
)


@given(
    st.lists(AROUND, max_size=5),
    st.sampled_from([("fine",), ("the", "eyes"), ("of", "eyes"), ("my", "eyes")]),
    st.lists(AROUND, max_size=5),
)
@example(["is", "it"], ("fine",), ["to", "deploy"])
@example(["the", "power"], ("of", "eyes"), [])
def test_a_word_in_another_sense_is_no_word_of_the_pack(
    before: list[str], said: tuple[str, ...], after: list[str]
) -> None:
    """A grade said without the word the pack always writes after it ("fine" without
    "tune") is not the pack's word, nor is a plural noun ("of eyes") of a stem the pack
    writes only as "-ing" ("eyeing")."""
    coverage, _ = router().searcher.coverage(" ".join([*before, *said, *after]))
    assert {"fine", "eye"}.isdisjoint(coverage.known)


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("aaron jin thinks china is fine without nvidia why", Kind.POINTS, "gin-deliberate-pivot"),
        ("is it fine to deploy on a friday", Kind.NOTHING, None),
        ("fine, let's push the release to monday", Kind.NOTHING, None),
        ("what about the power of eyes?", Kind.NOTHING, None),
        ("my eyes hurt from the screen", Kind.NOTHING, None),
        # the pack's own senses stay
        ("fine tuning open models on local data", Kind.POINTS, "gin-sovereign-ai"),
        ("other countries eyeing sovereign ai", Kind.POINTS, "gin-sovereign-ai"),
        ("europe eyes sovereign ai", Kind.POINTS, "gin-sovereign-ai"),
        ("why is a terrible mistake terrible", Kind.POINTS, "baker-terrible-mistake"),
        ("why chase benchmarks", Kind.POINTS, "gin-not-chasing-benchmarks"),
        # "the train" is the railway's, "to train" the pack's (held-out set 8's session)
        ("the train", Kind.NOTHING, None),
        ("the train was late again", Kind.NOTHING, None),
        ("can china train frontier models", Kind.POINTS, "baker-frontier-training"),
        ("what about the training of frontier models", Kind.POINTS, "baker-frontier-training"),
        ("to train", Kind.POINTS, "baker-frontier-training"),
        # "difference" is no "different" (held-out set 8)
        (
            "what's the difference between baker's and gin's view of the mistake",
            Kind.POINTS,
            "gin-deliberate-pivot",
        ),
        ("is china on a different trajectory", Kind.POINTS, "gin-different-trajectory"),
        ("why was china so confident", Kind.POINTS, "baker-misplaced-confidence"),
        ("how confident is baker", Kind.POINTS, "baker-misplaced-confidence"),
        # an "-ence" noun is a form of its verb: refused once "dependence" and "preference"
        # were cut apart from the "depends" and "prefer" the pack writes
        ("china's dependence on nvidia", Kind.POINTS, "baker-terrible-mistake"),
        ("what about dependence on us chips", Kind.POINTS, None),
        ("gin's preference on models", Kind.POINTS, "gin-good-enough-at-scale"),
        # a word of asking ranks nothing of the pack's other sense: its "closed" source
        (
            "what would baker say about distillation closing the gap",
            Kind.POINTS,
            "baker-distillation-workaround",
        ),
    ],
)
def test_words_in_another_sense(question: str, kind: Kind, first: str | None) -> None:
    assert_answer(question, kind, first)


@given(
    st.lists(AROUND, max_size=5),
    st.sampled_from([("the", "train"), ("a", "train"), ("my", "train"), ("the", "buy")]),
    st.lists(AROUND, max_size=5),
)
@example([], ("the", "train"), [])
def test_a_noun_of_a_verb_the_pack_writes_bare_only_after_to_is_no_word_of_the_pack(
    before: list[str], said: tuple[str, ...], after: list[str]
) -> None:
    """QA (held-out set 8's session): "the train" was answered with Baker's frontier
    training, though the article only says "to train" models (and "choosing not to buy"):
    after a determiner the word is a noun, the railway's train, another sense."""
    coverage, _ = router().searcher.coverage(" ".join([*before, *said, *after]))
    assert {"train", "buy"}.isdisjoint(coverage.known)


@given(
    st.sampled_from(
        [
            "what's the difference between baker's and gin's view of {}",
            "what are the differences between baker and gin on {}",
            "how do baker's and gin's views of {} differ",
            "where do baker and gin differ on {}",
            "how does gin differ from baker on {}",
        ]
    ),
    st.sampled_from(["the mistake", "china's own chips", "distillation", "adoption", "drones"]),
)
@example("what's the difference between baker's and gin's view of {}", "the mistake")
@example("how do baker's and gin's views of {} differ", "the mistake")
@example("where do baker and gin differ on {}", "the mistake")
def test_asking_how_they_differ_is_not_asking_what_is_different(form: str, subject: str) -> None:
    """QA (held-out set 8): "what's the difference between baker's and gin's view of the
    mistake" led with Gin's "different trajectory": Snowball cuts "difference", "differ"
    and "different" all to "differ", and the words of asking matched the pack's adjective.
    Cutting "difference" alone apart (every "-ence" noun from its stem) left "how do their
    views differ" leading with it, and refused "china's dependence on nvidia". The point
    comes only as it would for the subject alone (its trajectory speaks of adoption)."""
    asked = [point.id for point in router().answer(form.format(subject)).points]
    plain = [point.id for point in router().answer(f"baker and gin on {subject}").points]
    assert "gin-different-trajectory" not in asked or "gin-different-trajectory" in plain


@given(
    st.sampled_from(["real", "genuine"]),
    st.sampled_from(["fix", "solution", "answer", "substitute"]),
    st.sampled_from(["the hardware gap", "the compute gap", "not having chips", "the chip gap"]),
    st.sampled_from(["", "?"]),
)
@example("real", "fix", "the hardware gap", "?")  # held-out set 10: refused
def test_a_grade_of_genuineness_is_no_subject_where_the_pack_writes_it_in_a_compound(
    grade: str, noun: str, gap: str, mark: str
) -> None:
    """ "is distillation a real fix for the hardware gap?" was refused: the pack writes
    "real" five times in "real world" and once in the verdict's "a real constraint", so
    "real" counted as a subject no point speaks to beside distillation, the fix and the gap.
    A grade the pack writes before one word in most of its uses is that compound's; before
    any other word it judges, and Baker's workaround, which says distillation is no
    solution, is among the answers (the compute gap may lead with Baker's constraint)."""
    answer = router().answer(f"is distillation a {grade} {noun} for {gap}{mark}")
    assert answer.kind is Kind.POINTS
    assert "baker-distillation-workaround" in [p.id for p in answer.points]


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("real world impact", "gin-adoption-integration"),  # the compound, still the pack's
        ("is compute a real constraint", "baker-compute-constraint"),
    ],
)
def test_the_grade_in_its_compound_is_still_searched(question: str, first: str) -> None:
    assert_answer(question, Kind.POINTS, first)
