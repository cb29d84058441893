"""An occasion of the asker's own, qualified by a word the pack does not know ("for a
policy memo", "for my board deck"), is where the answer will be used, no subject
(bot/knowledge/search.py, ``Searcher._occasions_qualified``).

QA (held-out set 11, a policy staffer's briefing): "summarise both positions for a policy
memo" was refused for "policy", a subject the debate does not cover, though the memo was
already known as an occasion.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import router

ASKED = {
    "summarise both positions": Kind.SUMMARY,
    "who's right": Kind.SYNTHESIS,
    "what should founders do": Kind.ADVICE,
}
"""Invited questions, and what answers them."""


@given(
    st.sampled_from(sorted(ASKED)),
    st.sampled_from(["for {} {} {}", "{}? it's for {} {} {}"]),
    st.sampled_from(["a", "my", "our"]),
    st.sampled_from(["policy", "board", "investor", "weekly", "quarterly"]),
    st.sampled_from(["memo", "deck", "pitch", "slide", "standup"]),
)
@example("summarise both positions", "for {} {} {}", "a", "policy", "memo")  # set 11
def test_a_qualified_occasion_of_the_askers_is_no_subject(
    asked: str, frame: str, asker: str, kind_of: str, occasion: str
) -> None:
    question = (
        f"{asked} {frame.format(asker, kind_of, occasion)}"
        if frame.startswith("for")
        else frame.format(asked, asker, kind_of, occasion)
    )
    assert router().answer(question).kind is ASKED[asked]


def test_a_word_the_pack_knows_before_an_occasion_is_still_a_subject() -> None:
    """ "a drones slide" is a slide on drones: the pack's subject, searched."""
    coverage, _ = router().searcher.coverage("for a drones slide")
    assert "drone" in coverage.known
    assert router().answer("drones for a drones slide").points[0].id == "gin-robotics-drones"


def test_an_occasion_qualified_without_an_asker_is_a_subject() -> None:
    """ "the policy memo" is someone's, not the asker's: its policy stays a subject."""
    assert router().answer("summarise the policy memo").kind is Kind.NOTHING
