"""An apostrophe is one mark to the asker, whichever key or layout typed it.

Found by a fresh draw: "ginʼs", typed with the modifier letter apostrophe (U+02BC) some
keyboard layouts send, was refused ("Nothing on …"), and "baker´s biggest mistake", typed
with a German keyboard's accent key, was read as Baker asked ("baker s") where "baker's
biggest mistake" names his claim and is answered with Gin's reply to it too.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.tokens import words
from tests.test_knowledge_mentions import WORDS, _answered
from tests.test_knowledge_vocabulary import router

#: A keyboard's, a phone's (both quotes), the accent keys', the modifier letter's, a prime,
#: and the full-width forms an input method types.
APOSTROPHES = ["\u2019", "\u2018", "`", "\u00b4", "\u02bc", "\u2032", "\uff07", "\uff40"]
#: Words with apostrophes besides those of `WORDS` ("gin's"): possessives of both speakers,
#: and contractions of asking words.
CONTRACTED = st.sampled_from(["baker's", "what's", "doesn't", "who's", "china's", "biggest"])


@given(
    st.lists(WORDS | CONTRACTED, min_size=1, max_size=8),
    st.sampled_from(APOSTROPHES),
    st.sampled_from([None, "baker", "gin"]),
)
@example(["gin's"], "\u02bc", None)
@example(["baker's", "biggest", "mistake"], "\u00b4", None)
def test_any_apostrophe_reads_as_the_keyboards(
    typed: list[str], apostrophe: str, speaker: str | None
) -> None:
    question = " ".join(typed)
    other = question.replace("'", apostrophe)
    assert words(other) == words(question)
    assert _answered(router().answer(other, speaker)) == _answered(
        router().answer(question, speaker)
    )
