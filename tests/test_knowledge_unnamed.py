"""A name the article never uses, given as an example of what it does cover.

QA (held-out set 6, an analyst abroad): "what does this mean for other countries like india"
was refused: "india" counted as a subject of its own against "other countries", the
article's other nations, though the question gives India as one of them. The answer now
covers the other nations and says the article never names India; India on its own, or
beside anything but the concept it is an example of, stays refused.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import pack, router

#: (concept, name) for every one-word name the pack lists as unnamed.
EXAMPLES = sorted(
    (concept, name)
    for concept, names in pack().unnamed.items()
    for name in names
    if " " not in name
)


@given(
    st.sampled_from(EXAMPLES), st.sampled_from(["like", "such as", "including", "eg", "especially"])
)
def test_a_name_given_as_an_example_of_its_concept_is_answered_and_named(
    example: tuple[str, str], word: str
) -> None:
    concept, name = example
    answer = router().answer(f"what about {concept} {word} {name}")
    assert answer.kind is Kind.POINTS
    assert name in answer.unnamed


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("what will other nations like india do", Kind.POINTS),
        ("what does this mean for other countries like india", Kind.POINTS),
        ("domestic chips such as huawei's", Kind.POINTS),
        ("what does india think", Kind.NOTHING),
        ("huawei chips", Kind.NOTHING),
        ("what about huawei's ascend chips?", Kind.NOTHING),
        ("countries like india love cricket", Kind.NOTHING),
        ("other stuff like india", Kind.NOTHING),
    ],
)
def test_an_example_counts_only_beside_its_concept(question: str, kind: Kind) -> None:
    answer = router().answer(question)
    assert answer.kind is kind
    if kind is Kind.POINTS:
        assert answer.unnamed


#: Names of the article's other nations, which one point alone (sovereign AI) speaks to.
NATIONS = sorted(name for name in pack().unnamed["other nations"] if " " not in name)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("japan chip industry", Kind.NOTHING),
        ("india chip industry", Kind.NOTHING),
        ("what are india's chip plans", Kind.NOTHING),
        ("did gin mention japan's sovereign ai plans", Kind.NOTHING),
        ("what does sovereign ai mean for japan", Kind.POINTS),
        ("will india fine-tune open source models on local data", Kind.POINTS),
        ("is distillation as good as having more gpus", Kind.POINTS),
    ],
)
def test_a_name_counts_for_a_one_point_concept_only_beside_that_point_s_words(
    question: str, kind: Kind
) -> None:
    """QA (held-out sets 5, 8 and 9): "india chip industry" and "what are india's chip
    plans" were answered with the sovereign-AI point, the only one that speaks of other
    nations, though it says nothing of an industry or of plans; "did gin mention japan's
    plans" the same, once Japan was listed as a name of the other nations. A name of a
    concept that one point alone speaks to stands for it only beside words of that point;
    one of a concept many points speak to ("gpus" for chips) is judged as before."""
    answer = router().answer(question)
    assert answer.kind is kind
    if kind is Kind.POINTS:
        assert answer.unnamed


@given(
    st.sampled_from(NATIONS),
    st.sampled_from(["chip", "open source", "local data", "sovereign ai"]),
    st.sampled_from(["industry", "robotics", "benchmarks", "drones", "customers", "plans"]),
)
@example("japan", "chip", "industry")  # the dev set's "japan chip industry"
def test_a_nation_beside_words_the_sovereign_ai_point_never_says_is_refused(
    nation: str, said: str, unsaid: str
) -> None:
    assert router().answer(f"{nation} {said} {unsaid}").kind is Kind.NOTHING


@given(
    st.sampled_from(["o1", "o3", "O1"]),
    st.sampled_from(
        [
            "was deepseek distilled from {}",
            "was deep seek made from {}?",
            "how many traces from {} made deepseek",
            "deep seek came from {} reasoning traces right",
        ]
    ),
)
@example("o1", "was deepseek distilled from {}")  # refused: "o1" a stray word
@example("o1", "how many traces from {} made deepseek")  # answered, "o1" unremarked
def test_a_model_the_article_spells_otherwise_is_answered_with_its_spelling_noted(
    name: str, frame: str
) -> None:
    """The article writes "O13" for the model Deep Seek came from, and the pack keeps it so,
    guessing no correction. A listener asking "was deepseek distilled from o1" was refused,
    "o1" outweighing the words the article does use; "how many traces from o1 made deepseek"
    was answered as if the article said o1. Listed among the names the article never uses,
    it is answered with Baker's anecdote (O13 as written) and the note that the article never
    names it; "o1" alone is still refused."""
    answer = router().answer(frame.format(name))
    assert answer.kind is Kind.POINTS
    assert answer.points[0].id == "baker-distillation-impressive"
    assert answer.unnamed == (name.lower(),)
    assert router().answer(name).kind is Kind.NOTHING
