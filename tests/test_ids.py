"""User-typed ids: ASCII digits only, within a 64-bit column, never an exception."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.core.errors import UserError
from bot.core.ids import MAX_ID, MIN_INTEGER, parse_id, parse_integer, typed_number
from bot.core.registry import Option, OptionType
from bot.polls.render import PollButton, parse_button

ASCII_DIGITS = frozenset("0123456789")


@given(st.text())
@example("²")
@example("٣")
@example("+3")
@example(" 3")
@example("3_000")
@example("9" * 5000)
@example(str(MAX_ID + 1))
def test_parse_id_takes_exactly_ascii_digits_in_range(text: str) -> None:
    ascii_number = text.isascii() and text.isdigit()
    significant = text.lstrip("0")
    fits = ascii_number and 0 < len(significant) <= 19 and int(significant) <= MAX_ID
    assert parse_id(text) == (int(significant) if fits else None)


@given(st.integers(min_value=1, max_value=MAX_ID), st.integers(min_value=0, max_value=5))
def test_every_id_a_column_holds_reads_back(value: int, zeros: int) -> None:
    assert parse_id("0" * zeros + str(value)) == value


@given(st.integers(min_value=MAX_ID + 1))
def test_ids_past_the_column_are_refused(value: int) -> None:
    assert parse_id(str(value)) is None


@given(st.integers(min_value=MIN_INTEGER, max_value=MAX_ID))
def test_signed_integers_within_64_bits_read_back(value: int) -> None:
    assert parse_integer(str(value)) == value


@given(st.one_of(st.integers(max_value=MIN_INTEGER - 1), st.integers(min_value=MAX_ID + 1)))
def test_signed_integers_past_64_bits_are_refused(value: int) -> None:
    assert parse_integer(str(value)) is None


@given(st.text(max_size=60))
@example("1\r")  # found by hypothesis: the option reads what is typed less its whitespace
def test_an_integer_option_answers_any_text_with_a_value_or_a_user_error(text: str) -> None:
    option = Option("poll", "The poll", OptionType.INTEGER, min_value=1)
    try:
        value = option.convert(text)
    except UserError as error:
        assert len(error.message) < 200
    else:
        assert isinstance(value, int) and 1 <= value <= MAX_ID
        assert set(typed_number(text.strip()).removeprefix("#")) <= ASCII_DIGITS


def full_width(text: str) -> str:
    """`text` as a Japanese input method types it: digits and `#` in full width."""
    return "".join(chr(ord(char) + 0xFEE0) if char in "0123456789#" else char for char in text)


@given(st.integers(min_value=1, max_value=MAX_ID), st.sampled_from(["", "#"]))
@example(12, "")
def test_a_number_typed_in_full_width_reads_as_typed_in_ascii(value: int, hashed: str) -> None:
    """`/vote １ ２` (a Japanese keyboard with its input method on) was refused: "`poll` must
    be a whole number, not “１”"."""
    option = Option("poll", "The poll", OptionType.INTEGER, min_value=1)
    typed = f"{hashed}{value}"
    assert option.convert(full_width(typed)) == option.convert(typed) == value
    assert typed_number(full_width(typed)) == typed


@given(st.text())
@example("٣²")
def test_only_full_width_digits_and_hash_are_read_as_other_forms(text: str) -> None:
    read = typed_number(text)
    assert len(read) == len(text)
    for typed, char in zip(text, read, strict=True):
        assert char == typed or (full_width(char) == typed and char in "0123456789#")


@given(st.lists(st.text(max_size=25), max_size=4))
@example(["v1", "²", "1"])
@example(["v1", "٣", "1"])
@example(["v1", "3", "٣"])
@example(["v1", "99999999999999999999", "1"])
def test_a_button_id_is_a_valid_poll_button_or_a_user_error(parts: list[str]) -> None:
    try:
        button = parse_button(parts)
    except UserError:
        return
    assert isinstance(button, PollButton) and 1 <= button.poll_id <= MAX_ID
    assert set(parts[1]) <= ASCII_DIGITS
    assert button.option is None or set(parts[2]) <= ASCII_DIGITS


@pytest.mark.parametrize("text", ["²", "٣", "-3", "3.0", ""])
def test_non_ascii_or_signed_text_is_no_id(text: str) -> None:
    assert parse_id(text) is None
