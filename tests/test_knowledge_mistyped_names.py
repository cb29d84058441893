"""A speaker's name typed with a slip: "Gavin Baler", "Aaron Gun", "ginn".

Held-out set 11 (typos and autocorrect): "what did Gavin Baler say about china", "Aaron
Gun's take on robots" and "who won the debate between baker and ginn" were refused, each
for the one word meant as a name. A changed letter in a short word is left alone elsewhere,
rightly ("gun" is a word of its own); beside the rest of the name it can only be the name.
"""

from __future__ import annotations

from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_mentions import WORDS, _answered
from tests.test_knowledge_vocabulary import router

FULL_NAMES = [("gavin", "baker"), ("aaron", "gin")]
LETTERS = st.sampled_from("abcdefghijklmnopqrstuvwxyz")


def _changed(name: str, at: int, letter: str) -> str:
    return name[: at % len(name)] + letter + name[at % len(name) + 1 :]


@given(st.lists(WORDS, max_size=6), st.sampled_from(FULL_NAMES), st.integers(0, 9), LETTERS)
@example(["say", "about", "drones"], ("gavin", "baker"), 3, "l")  # "gavin baler"
@example(["s", "take", "on", "drones"], ("aaron", "gin"), 1, "u")  # "aaron gun's"
def test_a_surname_a_letter_off_beside_the_given_name_is_the_name(
    rest: list[str], name: tuple[str, str], at: int, letter: str
) -> None:
    given_name, surname = name
    slip = _changed(surname, at, letter)
    assume(slip != surname and not router()._knows(slip))
    typed = " ".join([given_name, slip, *rest]).replace(" s ", "s ")
    meant = " ".join([given_name, surname, *rest]).replace(" s ", "s ")
    assert _answered(router().answer(typed)) == _answered(router().answer(meant))


NAMES = st.sampled_from(["baker", "gin", "gavin", "aaron"])


@given(st.lists(WORDS, max_size=6), NAMES, st.integers(0, 9))
@example(["who", "is", "right", "baker", "or"], "gin", 2)  # "baker or ginn"
def test_a_name_with_a_letter_typed_twice_is_the_name(rest: list[str], name: str, at: int) -> None:
    doubled = name[: at % len(name) + 1] + name[at % len(name) :]
    typed = " ".join([*rest, doubled])
    meant = " ".join([*rest, name])
    assert _answered(router().answer(typed)) == _answered(router().answer(meant))


def test_the_held_out_names_are_read_as_typed_meant() -> None:
    baler = router().answer("what did Gavin Baler say about drones")
    assert baler.speaker == "baker" and baler.kind is Kind.OTHER_SIDE
    gun = router().answer("Aaron Gun's take on robots")
    assert gun.speaker == "gin" and gun.points[0].id == "gin-robotics-drones"
    assert router().answer("who won the debate between baker and ginn").kind is Kind.SYNTHESIS


def test_a_word_a_letter_off_a_name_alone_stays_a_word() -> None:
    """ "gun" is no slip of "gin" without "Aaron" beside it, nor "baler" of "baker" alone."""
    for question in ("what about gun control", "hay baler prices", "aaron on gun laws"):
        assert router().answer(question).kind is Kind.NOTHING
