"""Mention neutralising and clipping: user text can never ping anyone, on any platform."""

from __future__ import annotations

import re

import pytest

from bot.core.sanitize import ZERO_WIDTH_SPACE, clip, neutralize_mentions

#: What Discord and Slack treat as a ping, written as the platforms parse it.
PINGS = re.compile(r"@(everyone|here|channel)\b|<[@#!]", re.IGNORECASE)

DANGEROUS = [
    "@everyone look",
    "hey @here",
    "@Everyone",
    "@channel now",
    "<@123456789012345678>",
    "<@!123456789012345678>",
    "<@&987654321>",
    "<#555>",
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam^S0123ABC>",
    "<@U024BE7LH> and <@W123>",
    "@everyone<@1><!here>@here",
]


@pytest.mark.parametrize("text", DANGEROUS)
def test_every_mention_form_is_made_inert(text: str) -> None:
    safe = neutralize_mentions(text)
    assert PINGS.search(safe) is None
    assert safe.replace(ZERO_WIDTH_SPACE, "") == text  # readable: only invisible characters


@pytest.mark.parametrize("text", DANGEROUS)
def test_neutralising_is_idempotent(text: str) -> None:
    once = neutralize_mentions(text)
    assert neutralize_mentions(once) == once


@pytest.mark.parametrize(
    "text", ["alice@example.com", "I <3 tabs", "a < b > c", "@everyoneelse", "#general", ""]
)
def test_ordinary_text_is_untouched(text: str) -> None:
    assert neutralize_mentions(text) == text


def test_clip_keeps_short_text_and_marks_cuts() -> None:
    assert clip("short", 10) == "short"
    assert clip("exactly10!", 10) == "exactly10!"
    cut = clip("a sentence that is too long", 10)
    assert len(cut) <= 10 and cut.endswith("…")
    with pytest.raises(ValueError):
        clip("x", 0)
