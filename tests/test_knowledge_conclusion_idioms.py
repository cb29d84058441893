"""An idiom of conclusion ("in the end", "at the end of the day", "all things considered")
says "ultimately", the article's own word for its verdict: it is read so
(bot/knowledge/tokens.py, ``written_out``), not as the pack's "end" in another sense.

QA (held-out set 13, a non-native speaker): "who have right in the end?" was refused for
"end".
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import example, given
from hypothesis import strategies as st

from tests.knowledge_frames import assert_answered_as_bare
from tests.test_knowledge_vocabulary import router

ASKED = (
    "who is right",
    "who won",
    "who have right",
    "what should founders do",
    "what does baker think about chips",
    "is distillation a workaround",
)
"""Questions answered bare."""

IDIOMS = (
    "in the end",
    "at the end of the day",
    "when all is said and done",
    "all things considered",
    "all in all",
    "on balance",
)


@given(
    st.sampled_from(ASKED),
    st.sampled_from(IDIOMS),
    st.sampled_from(["{asked} {idiom}?", "{idiom}, {asked}?", "{asked}, {idiom}"]),
    st.sampled_from([str.lower, str.upper, str.capitalize]),
)
@example("who have right", "in the end", "{asked} {idiom}?", str.lower)  # set 13
def test_an_idiom_of_conclusion_asks_as_the_bare_question(
    asked: str, idiom: str, frame: str, case: Callable[[str], str]
) -> None:
    assert_answered_as_bare(frame.format(asked=asked, idiom=case(idiom)), asked)


def test_the_end_of_the_article_is_a_place_not_a_conclusion() -> None:
    """ "the end of the article" keeps its "end": not read as "ultimately"."""
    assert "end" in router().spelled("what does the end of the article say").split()
