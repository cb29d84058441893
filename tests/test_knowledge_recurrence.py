"""A report that something happened again is news of the asker's world, not a question.

QA (held-out sets 7 and 8): "the deployment failed again" and "deployment failed again, can
someone check" were answered with Gin's robotics and drones, "deployment" naming China's
deploying of AI; the source reports nothing as happening again.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from bot.knowledge.tokens import reports_a_recurrence, words
from tests.test_knowledge_vocabulary import assert_answer, router


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("deployment failed again", Kind.NOTHING, None),
        ("the deployment failed again, can someone check", Kind.NOTHING, None),
        ("ok our integration broke again", Kind.NOTHING, None),
        # a question that says "again", and the same subjects asked about
        ("what did baker say again", Kind.STANCE, None),
        ("ok and the deep seek number again?", Kind.POINTS, "baker-distillation-impressive"),
        ("has china's deployment of drones failed", Kind.POINTS, "gin-robotics-drones"),
    ],
)
def test_a_report_of_a_recurrence(question: str, kind: Kind, first: str | None) -> None:
    assert_answer(question, kind, first)


@given(
    st.sampled_from(["", "ugh ", "ok ", "hey, "]),
    st.sampled_from(["", "the ", "our ", "my "]),
    st.sampled_from(["deployment", "integration", "drone demo", "benchmark run", "chips"]),
    st.sampled_from(["failed", "crashed", "broke", "stalled"]),
    st.sampled_from(["", ", can someone check", " lol", " on staging"]),
    st.sampled_from([None, "baker", "gin"]),
)
@example("", "", "deployment", "failed", "", None)
@example("", "the ", "deployment", "failed", ", can someone check", None)
def test_a_thing_that_happened_again_is_refused(
    opener: str, owner: str, thing: str, verb: str, after: str, speaker: str | None
) -> None:
    """Whatever the thing (the pack's word or not), however it is said to have gone wrong."""
    question = f"{opener}{owner}{thing} {verb} again{after}"
    assert reports_a_recurrence(words(question))
    assert router().answer(question, speaker).kind is Kind.NOTHING


@given(st.lists(st.sampled_from("what did baker say again is the gap widening".split())))
def test_a_question_is_no_report(question: list[str]) -> None:
    """A question opens with its asking word, never with a thing and its past tense."""
    if question[:1] in (["what"], ["is"], ["did"]):
        assert not reports_a_recurrence(question)
