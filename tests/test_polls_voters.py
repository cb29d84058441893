"""Which voter ids a vote may be attributed to (`usable_voter`)."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.context import UserRef
from bot.polls.model import MAX_VOTER_ID, usable_voter

#: Every character `str.isspace` counts as whitespace, from a scan of all code points.
WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


def by_definition(voter: str) -> bool:
    """The rule as documented: non-empty, not too long, printable, no whitespace at all."""
    return (
        0 < len(voter) <= MAX_VOTER_ID
        and voter.isprintable()
        and not any(c.isspace() for c in voter)
    )


def usable(voter: str) -> bool:
    return usable_voter(UserRef("slack", "T1", voter))


def test_no_whitespace_character_is_accepted() -> None:
    """The shortcut rests on `isprintable` refusing all whitespace but the ASCII space; a
    Unicode update to Python that broke that would show here."""
    assert WHITESPACE  # the scan found them
    assert [hex(ord(c)) for c in WHITESPACE if usable(f"U{c}1")] == []


@given(
    st.text(
        alphabet=st.one_of(st.sampled_from(WHITESPACE), st.characters(), st.sampled_from("UW0")),
        max_size=MAX_VOTER_ID + 2,
    )
)
def test_any_id_is_judged_by_the_definition(voter: str) -> None:
    assert usable(voter) == by_definition(voter)


@pytest.mark.parametrize(
    ("voter", "expected"),
    [
        ("U012ABCDEF", True),
        ("", False),
        ("U01 2", False),
        ("U01\u00a02", False),  # no-break space
        ("U01\u30002", False),  # ideographic space
        ("U01\t2", False),
        ("U01\u200b2", False),  # zero-width space: not whitespace, but not printable either
        ("U" * MAX_VOTER_ID, True),
        ("U" * (MAX_VOTER_ID + 1), False),
    ],
)
def test_examples(voter: str, expected: bool) -> None:
    assert usable(voter) is expected
