"""Two questions in one message, each put to a different debater, are each answered.

QA: "what does baker think about distillation and what does gin say about robots?" was
asked whole, and answered with Gin's robots, then the article's view of distillation, then
Baker's; "what does gin say about robots and what does baker think about distillation?"
with Gin's robots alone, Baker's part dropped without a word. The answer now holds each
debater's best point on his part, shown part by part in the order asked (taken in turn and
shown so, the headings alternated: Baker, Gin, Baker).
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import router

FRAMES = st.sampled_from(
    [
        "what does {} think about {} and what does {} say about {}?",
        "{} on {}, {} on {}",
        "what does {} say about {}? and {} about {}?",
        "what did {} say about {}; what did {} say about {}",
    ]
)


@given(
    FRAMES,
    st.sampled_from(["distillation", "the chips china turned down", "the gap"]),
    st.sampled_from(["robots", "drones", "customers", "the 80% capability"]),
    st.booleans(),
)
@example(  # Baker's part answered last, after the article's
    "what does {} think about {} and what does {} say about {}?", "distillation", "robots", True
)
@example(  # Baker's part dropped
    "what does {} think about {} and what does {} say about {}?", "distillation", "robots", False
)
def test_each_debater_asked_answers_his_part_in_turn(
    frame: str, bakers: str, gins: str, baker_first: bool
) -> None:
    asked = [("baker", bakers), ("gin", gins)]
    (first, one), (second, other) = asked if baker_first else asked[::-1]
    answer = router().answer(frame.format(first, one, second, other))
    assert answer.kind is Kind.POINTS
    speakers = [p.speaker for p in answer.points]
    assert {first, second} <= set(speakers)
    # part by part: each debater's points together, in the order asked
    assert speakers == sorted(speakers, key=[first, second].index)


@given(st.sampled_from(["pizza", "huawei's chips", "the fed's rates"]))
def test_a_part_the_debate_has_nothing_on_is_not_passed_over(subject: str) -> None:
    """A part refused leaves the question to be judged whole, as before: it is never
    answered with the other debater's points alone as if both parts were."""
    both = router().answer(
        f"what does baker think about {subject} and what does gin say about drones"
    )
    assert both.kind is Kind.NOTHING or both.uncovered
