"""Words around a subject that say how a speaker or a doing stands to it, no subject: who
of the two is the more concerned with it, and whether a doing stops, keeps on or starts.

QA (held-out set 8): "who cares more about adoption, baker or gin" led with Gin's "does it
matter?", through its keyword "who cares" (the shrug), instead of Gin's adoption point; and
"suppose distillation stops working" was refused.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_mentions import _answered
from tests.test_knowledge_vocabulary import router

#: A subject the question may ask about, and the point that leads on it when asked alone.
SUBJECTS = {
    "adoption": "gin-adoption-integration",
    "benchmarks": "gin-not-chasing-benchmarks",
    "drones": "gin-robotics-drones",
    "dirty power": "gin-dirty-power",
    "raw compute": "baker-compute-constraint",
}
ASKING = [
    "who cares",
    "who really cares",
    "which of them worries",
    "who's stressing",
    "who focuses",
]


@given(
    st.sampled_from(ASKING),
    st.sampled_from(["more", "most", "less"]),
    st.sampled_from(["about", "on"]),
    st.sampled_from(sorted(SUBJECTS)),
    st.sampled_from(["", ", baker or gin", "?"]),
)
@example("who cares", "more", "about", "adoption", ", baker or gin")  # held-out set 8
def test_who_is_the_more_concerned_with_a_subject_is_asked_about_the_subject(
    asking: str, comparative: str, preposition: str, subject: str, end: str
) -> None:
    answer = router().answer(f"{asking} {comparative} {preposition} {subject}{end}")
    assert answer.kind is Kind.POINTS
    assert answer.points[0].id == SUBJECTS[subject]


@given(st.sampled_from(["who cares", "who cares if china is behind", "so what, who cares"]))
def test_who_cares_alone_is_still_the_shrug(question: str) -> None:
    answer = router().answer(question)
    assert answer.kind is Kind.POINTS
    assert answer.points[0].id == "gin-does-it-matter"


@given(
    st.sampled_from(["suppose ", "what if ", ""]),
    st.sampled_from(["distillation", "china", "gin", "the gap", "adoption"]),
    st.sampled_from(["stops", "stopped", "keeps", "started", "continues", "quit"]),
    st.sampled_from(["working", "chasing benchmarks", "growing", "falling behind", "winning"]),
)
@example("suppose ", "distillation", "stops", "working")  # held-out set 8
def test_a_verb_of_aspect_before_a_doing_changes_no_answer(
    lead: str, subject: str, aspect: str, doing: str
) -> None:
    """QA (held-out set 8): "suppose distillation stops working, what then" was refused,
    though every word is the pack's: "stop" (of its "stop gap") counted as a subject that no
    point speaks to. Whether a doing stops, keeps on or starts asks about the doing."""
    with_aspect = router().answer(f"{lead}{subject} {aspect} {doing}")
    without = router().answer(f"{lead}{subject} {doing}")
    assert _answered(with_aspect) == _answered(without)
