"""A list of people (a poll option's voters, those who changed their mind) that says how
many it leaves out when it must be cut.

Cut as plain text, a long list ended in "…" and nobody could tell whether one name or two
hundred were missing. A `NameList` cuts between whole names and ends "… and 12 more". It is
a `str` equal to its form within the core's limit, so every path that takes text (the
console, fallbacks) reads it as before; it also keeps every name, so an adapter whose
platform escapes text (Slack's `&amp;`, Discord's `\\*`) or holds less fits the list again
(`fitted`) and counts what its own cut leaves out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

SEPARATOR = ", "


def _left_out(count: int) -> str:
    return f"… and {count} more"


class NameList(str):
    """Names joined by commas, as many whole ones as fit `limit`, then how many more."""

    names: tuple[str, ...]

    def __new__(cls, names: Sequence[str], limit: int) -> NameList:
        text = super().__new__(cls, fit(names, limit, str))
        text.names = tuple(names)
        return text

    def fitted(self, limit: int, shown: Callable[[str], str]) -> str:
        """Every name again, as the platform shows them (`shown`: its escaping), within
        `limit` characters of what it shows."""
        return fit(self.names, limit, shown)


def fit(names: Sequence[str], limit: int, shown: Callable[[str], str]) -> str:
    """`shown` of the most leading names whose list, with "… and N more" after it when
    some are left out, is at most `limit` characters; "N more" counts what is left out.
    When not even the first name fits, the count alone ("… and 40 more"), cut to `limit`
    if even that is too long (a platform's limit left almost nothing for the list)."""
    whole = shown(SEPARATOR.join(names))
    if len(whole) <= limit:
        return whole

    def listed(count: int) -> str:
        head = shown(SEPARATOR.join(names[:count]))
        return f"{head} {_left_out(len(names) - count)}" if count else _left_out(len(names))

    low, high = 0, len(names) - 1  # the most names that fit, by halves: `shown` is monotone
    while low < high:
        middle = (low + high + 1) // 2
        if len(listed(middle)) <= limit:
            low = middle
        else:
            high = middle - 1
    return listed(low)[:limit]
