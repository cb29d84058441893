"""The pack's names said aloud: "black well", "h two hundreds", "p thirties", "oh thirteen".

QA (held-out set 6, left from an earlier session): an investor dictating on a phone was
refused "h two hundreds and p thirties what are those about" and "how many reasoning traces
did deep seek need from oh thirteen": each name came out of speech-to-text as words the pack
does not know ("h", "hundreds", "p", "thirties", "oh"), and typo repair rightly leaves them.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from bot.knowledge.tokens import spoken_number
from tests.test_knowledge_mentions import WORDS, _answered
from tests.test_knowledge_vocabulary import router

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def said(number: int) -> list[str]:
    """``number`` (0 to 999,999) as it is said, without "and": "one hundred sixty thousand"."""
    if number >= 1000:
        rest = said(number % 1000) if number % 1000 else []
        return [*said(number // 1000), "thousand", *rest]
    if number >= 100:
        rest = said(number % 100) if number % 100 else []
        return [_UNITS[number // 100], "hundred", *rest]
    if number >= 20:
        return [_TENS[number // 10 - 2], *([_UNITS[number % 10]] if number % 10 else [])]
    return [_UNITS[number]]


@given(st.integers(0, 999_999), st.lists(st.sampled_from(["traces", "chips", "and", "a"])))
@example(160_000, ["traces"])
@example(200, [])
def test_a_number_said_in_words_is_its_digits(number: int, after: list[str]) -> None:
    spoken = said(number)
    assert spoken_number([*spoken, *after]) == (str(number), len(spoken))


@given(st.sampled_from(_TENS), st.sampled_from(["", "one", "two"]))
def test_a_plural_number_keeps_its_s(tens: str, hundreds: str) -> None:
    """ "p thirties" is "p30s" and "h two hundreds" "h200s", as the article writes them."""
    value = _TENS.index(tens) * 10 + 20
    assert spoken_number([tens[:-1] + "ies"]) == (f"{value}s", 1)
    if hundreds:
        count = _UNITS.index(hundreds)
        assert spoken_number([hundreds, "hundreds", "and"]) == (f"{count * 100}s", 2)


@given(st.lists(st.text(max_size=12), max_size=8))
def test_any_words_are_read_without_error(typed: list[str]) -> None:
    found = spoken_number(typed)
    assert found is None or 0 < found[1] <= len(typed)


@given(
    st.lists(
        st.one_of(
            st.sampled_from(["black", "well", "h", "p", "oh", "deep", "seek"]),
            st.sampled_from(["two", "hundred", "hundreds", "thirties", "thirteen"]),
            st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True),
        ),
        max_size=10,
    )
)
@example(["black", "well", "well"])
@example(["h", "two", "hundreds", "h200s"])
def test_names_said_aloud_are_written_once(typed: list[str]) -> None:
    """Writing the names out is idempotent, and joins only into a word of the pack."""
    vocabulary = router().searcher.vocabulary
    once = vocabulary.spoken(typed)
    assert vocabulary.spoken(once) == once
    for word in set(once) - set(typed):
        assert vocabulary.knows(word)


NAMES = [
    ("blackwell", "black well"),
    ("h200s", "h two hundreds"),
    ("h200", "h two hundred"),
    ("p30s", "p thirties"),
    ("o13", "oh thirteen"),
]


@given(
    st.sampled_from(NAMES),
    st.lists(WORDS, max_size=5),
    st.lists(WORDS, max_size=5),
    st.sampled_from([None, "baker", "gin"]),
)
@example(("h200s", "h two hundreds"), ["what", "are"], ["and", "p30s"], None)
@example(("o13", "oh thirteen"), ["deep", "seek", "from"], [], None)
def test_a_name_said_aloud_asks_what_the_name_asks(
    name: tuple[str, str], before: list[str], after: list[str], speaker: str | None
) -> None:
    written, aloud = name
    typed = router().answer(" ".join([*before, written, *after]), speaker)
    dictated = router().answer(" ".join([*before, aloud, *after]), speaker)
    assert _answered(dictated) == _answered(typed)


def test_the_dictated_questions_are_answered_and_other_names_are_not_made_up() -> None:
    chips = router().answer("h two hundreds and p thirties what are those about")
    assert chips.points[0].id == "baker-terrible-mistake"
    traces = router().answer("how many reasoning traces did deep seek need from oh thirteen")
    assert traces.points[0].id == "baker-distillation-impressive"
    assert router().answer("black well").points[0].id == "baker-terrible-mistake"
    # The article never names an H20: said aloud, it stays a name the debate does not know.
    assert router().answer("h twenty").kind is Kind.NOTHING
    assert router().answer("what about the h twenty chips").kind is Kind.NOTHING


@given(
    st.sampled_from(["is distillation a {}?", "what did baker say about the {}", "{}"]),
    st.sampled_from(["work around", "Work Around", "work-around"]),
)
@example("is distillation a {}?", "work around")
def test_a_verb_and_its_particle_typed_apart_are_the_packs_noun(frame: str, typed: str) -> None:
    """QA (held-out set 11): "is distillation a work around?" was refused; the pack knows
    "work" and "around" each, so the two were never read as its "workaround"."""
    answer = router().answer(frame.format(typed))
    assert answer.points and answer.points[0].id == "baker-distillation-workaround"


def test_two_words_of_the_pack_written_apart_stay_apart() -> None:
    """ "deep seek" is the pack's own two words: no particle, and no "deepseek" made of it."""
    assert router().spelled("deep seek") == "deep seek"
