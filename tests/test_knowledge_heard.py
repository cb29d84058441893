"""Words spelled as they sound: "jin" for Gin, "chipz" for chips.

Held-out set 6 (an investor dictating on a phone, Slack chat spellings): "why does jin keep
asking does it matter" and "baker on chipz" were refused, each for one word the debate did
not know; typo repair leaves a changed letter in a short word alone, rightly (it often makes
another word), so neither was repaired.
"""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_mentions import WORDS, _answered
from tests.test_knowledge_vocabulary import router

PLURALS = ["drones", "chips", "benchmarks", "models", "robots", "customers", "does"]
QUESTIONS = st.lists(st.one_of(WORDS, st.sampled_from(PLURALS)), min_size=1, max_size=8)


@given(QUESTIONS, st.sampled_from([None, "baker", "gin"]))
@example(["why", "does", "gin", "think", "about", "drones", "?"], None)
@example(["gin's", "chips"], "baker")
def test_gin_heard_as_jin_is_still_gin(question: list[str], speaker: str | None) -> None:
    typed = " ".join(question)
    heard = re.sub(r"\bgin", "jin", typed)
    assert _answered(router().answer(heard, speaker)) == _answered(router().answer(typed, speaker))


@given(QUESTIONS, st.sampled_from([None, "baker", "gin"]))
@example(["baker", "chips"], None)
def test_a_plural_typed_with_z_is_the_plural(question: list[str], speaker: str | None) -> None:
    typed = " ".join(question)
    chat = " ".join(w[:-1] + "z" if w in PLURALS else w for w in question)
    assert _answered(router().answer(chat, speaker)) == _answered(router().answer(typed, speaker))


def test_dictated_names_and_chat_plurals_are_answered() -> None:
    asked = router().answer("what does jin mean by does it matter")
    assert asked.kind is Kind.POINTS and asked.speaker == "gin"
    assert asked.points[0].id == "gin-does-it-matter"
    chips = router().answer("gavin on chipz")
    assert chips.points[0].id in {"baker-terrible-mistake", "baker-misplaced-confidence"}


def test_words_that_only_sound_like_the_pack_s_stay_unknown() -> None:
    """ "jazz" is no "jass", "quiz" no "quis": only a word the pack or a question uses, or a
    speaker's name, is heard in another spelling."""
    for question in ("best jazz records", "pub quiz tonight", "jiggle the handle"):
        assert router().answer(question).kind is Kind.NOTHING
