"""A cut list of names says how many it leaves out (`bot/core/name_lists.py`): a voter list
that ended in a bare "…" never told how many people voted beyond it."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from bot.core.name_lists import NameList, fit

#: Names as platforms give them, with what their escaping lengthens (`&`, `<`, `_`, `*`).
NAMES = st.lists(
    st.text(st.characters(codec="utf-8") | st.sampled_from("&<>_*"), min_size=1, max_size=80),
    max_size=300,
)
LEFT_OUT = re.compile(r" ?… and (\d+) more\Z")


def escaped(text: str) -> str:
    """An escaping that lengthens text as Slack's does (`&` is `&amp;`)."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def test_a_list_that_fits_is_whole() -> None:
    assert NameList(["Ann", "Bo"], 1024) == "Ann, Bo"


def test_a_long_list_says_how_many_it_leaves_out() -> None:
    names = [f"Voter {n:03d}" for n in range(200)]
    shown = NameList(names, 1024)
    assert len(shown) <= 1024 and shown.startswith("Voter 000, Voter 001, ")
    kept = shown.split(" … and ")[0].split(", ")
    assert kept == names[: len(kept)] and shown.endswith(f"… and {200 - len(kept)} more")


def test_an_adapter_refits_every_name_escaped() -> None:
    """The core's form holds what fits 1,024 characters plain; escaped, fewer fit, and the
    count says so, from every name the list keeps, not only those the core showed."""
    names = [f"A&B {n:03d}" for n in range(200)]
    listed = NameList(names, 1024)
    shown = listed.fitted(1024, escaped)
    assert len(shown) <= 1024 and shown.startswith("A&amp;B 000, ")
    left = int(LEFT_OUT.search(shown).group(1))  # type: ignore[union-attr]
    assert left > int(LEFT_OUT.search(listed).group(1))  # type: ignore[union-attr]
    assert shown == f"{escaped(', '.join(names[: 200 - left]))} … and {left} more"


@given(NAMES, st.integers(min_value=20, max_value=2000))
@example(["x" * 80] * 3, 20)  # not even one name fits: the count alone
@example(["a"] * 10, 28)  # "… and 10 more" is longer than one name dropped
def test_a_fitted_list_is_whole_names_then_how_many_more(names: list[str], limit: int) -> None:
    """Within `limit` as shown, the most leading names that fit, then how many are left
    out; or every name when they all fit."""
    shown = fit(names, limit, escaped)
    assert len(shown) <= limit
    match = LEFT_OUT.search(shown)
    if match is None:
        assert shown == escaped(", ".join(names))
        return
    left = int(match.group(1))
    kept = len(names) - left
    assert 0 < left <= len(names)
    assert shown[: match.start()] == escaped(", ".join(names[:kept]))
    one_more = f"{escaped(', '.join(names[: kept + 1]))} … and {left - 1} more"
    assert left == 1 or len(one_more) > limit  # no room for another name
