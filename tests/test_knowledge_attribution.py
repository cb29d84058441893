"""A question whether a speaker said something is answered with whoever did say it.

QA (held-out set 6, a listener misremembering the episode): "i think gin was the one who
called it a grave misstep?" was answered with Gin's "deliberate pivot", reached through its
rebuts link to Baker's "grave misstep": read as if Gin had said it. Baker said it; the answer
now says Gin has nothing on it and shows Baker's point. Set 3's "did gin really say china
made a terrible mistake?" had the same answer.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from bot.knowledge.tokens import tokenize
from tests.test_knowledge_vocabulary import pack, router

DEBATERS = {"baker": "gin", "gin": "baker"}


def _own_words(speaker: str) -> set[str]:
    return {
        stem
        for point in pack().points
        if point.speaker == speaker
        for text in (*point.keywords, point.claim, point.quote or "")
        for stem in tokenize(text)
    }


#: (speaker, keyword): keywords of several words none of whose words the other debater's
#: points use, so only one debater can have said them.
ONLY_ONE_SAID = sorted(
    (point.speaker, keyword)
    for point in pack().points
    if point.speaker in DEBATERS
    for keyword in point.keywords
    if len(tokenize(keyword)) > 1
    and not set(tokenize(keyword)) & _own_words(DEBATERS[point.speaker])
)


@given(
    st.sampled_from(ONLY_ONE_SAID),
    st.sampled_from(
        ["did {} say {}", "did {} really call it {}", "i think {} was the one who said {}?"]
    ),
)
def test_words_only_one_debater_said_are_never_put_in_the_other_s_mouth(
    said: tuple[str, str], asked: str
) -> None:
    speaker, keyword = said
    other = DEBATERS[speaker]
    answer = router().answer(asked.format(other, keyword))
    if answer.kind in (Kind.POINTS, Kind.OTHER_SIDE):
        assert answer.points[0].speaker != other, answer.points[0].id
        assert not answer.via


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("did gin call it a grave misstep", "baker-terrible-mistake"),
        ("was it gin who said terrible mistake", "baker-terrible-mistake"),
        ("did baker really say terrible mistake", "baker-terrible-mistake"),
        ("did gin say dirty power", "gin-dirty-power"),
        ("what does baker say about gin's 80% claim", "baker-misplaced-confidence"),
    ],
)
def test_who_said_it(question: str, first: str) -> None:
    """The last asks what Baker answers, not whether he said it: his rebutted point."""
    assert router().answer(question).points[0].id == first
