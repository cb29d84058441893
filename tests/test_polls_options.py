"""A custom poll's options as users type them: what counts as empty, what counts as the same."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.core.errors import UserError
from bot.core.sanitize import comparison_key, is_blank
from bot.polls.model import MAX_OPTIONS, MIN_OPTIONS, PollDraft
from tests.test_sanitize import INVISIBLE

#: Labels that look alike in pairs (full-width, case, zero-width characters, composition).
LOOKALIKE_LABELS = ["A", "a", "\uff21", "A\u200b", "\u2060a", "Tabs", "TABS", "\uff54abs"]
#: Option labels: look-alikes and anything else, but no `|` (it separates options) and no `#`
#: (`#N` labels are checked against option numbers, which is another test's business).
LABELS = st.one_of(
    st.sampled_from(LOOKALIKE_LABELS),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="|#"), max_size=12),
)
BLANK = st.text(st.sampled_from(INVISIBLE).filter(lambda c: c != "|"), min_size=1, max_size=8)


def draft(options: str, question: str = "Q?") -> PollDraft:
    return PollDraft.custom(question, options)


@pytest.mark.parametrize(
    "options",
    [
        "A | A\u200b",
        "\uff21 | A",
        "Tabs | \u2060tabs",
        "caf\u00e9 | cafe\u0301",
        "x | \u200dX\ufeff",
    ],
)
def test_look_alike_options_are_refused_as_the_same(options: str) -> None:
    with pytest.raises(UserError, match="Options 1 and 2 are the same"):
        draft(options)


@pytest.mark.parametrize("options", ["\u200b | \u200b\u200b", "A | \u200b", "A | \u2060\ufeff"])
def test_options_of_invisible_characters_are_empty(options: str) -> None:
    with pytest.raises(UserError, match=r"Option \d is empty"):
        draft(options)


def test_a_question_of_invisible_characters_is_empty() -> None:
    with pytest.raises(UserError, match="needs a question"):
        draft("A | B", question="\u200b")


def test_labels_are_stored_as_typed_emoji_joiners_included() -> None:
    """The key is for comparing only: what is shown keeps its zero-width joiners."""
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert [o.label for o in draft(f"{family} | Caf\u00e9").options] == [family, "Caf\u00e9"]


@given(st.lists(LABELS, min_size=MIN_OPTIONS, max_size=MAX_OPTIONS))
@example(["A", "A\u200b"])
@example(["\uff21", "a"])
def test_a_draft_is_refused_exactly_when_two_options_look_the_same(labels: list[str]) -> None:
    keys = [comparison_key(label) for label in labels]
    if "" in keys:  # a blank label: refused as empty, the next test's business
        return
    if len(set(keys)) < len(keys):
        with pytest.raises(UserError, match="are the same"):
            draft(" | ".join(labels))
    else:
        shown = [" ".join(label.split()) for label in labels]
        assert [o.label for o in draft(" | ".join(labels)).options] == shown


@given(
    st.lists(
        LABELS.filter(lambda label: not is_blank(label)),
        min_size=1,
        max_size=MAX_OPTIONS - 1,
        unique_by=comparison_key,
    ),
    BLANK,
    st.integers(min_value=0),
)
def test_an_option_of_only_format_and_whitespace_characters_is_empty(
    labels: list[str], blank: str, position: int
) -> None:
    at = position % (len(labels) + 1)
    with pytest.raises(UserError, match=f"Option {at + 1} is empty"):
        draft(" | ".join([*labels[:at], blank, *labels[at:]]))


@given(BLANK)
def test_a_question_of_only_format_and_whitespace_characters_is_empty(blank: str) -> None:
    with pytest.raises(UserError, match="needs a question"):
        draft("A | B", question=blank)
