"""Make user-supplied text safe to show on any platform: no pings, bounded length.

Poll questions and options, display names and anything else a user typed is shown by the
bot itself, with the bot's rights. Discord pings `@everyone`, `@here` and `<@id>`-style
mentions; Slack pings `<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^id>`, `<@U…>` and,
with link parsing, `@channel`/`@here`/`@everyone`. A zero-width space after the `@` or `<`
keeps the text readable while breaking every one of those forms.
"""

from __future__ import annotations

import re

from bot.core.chunks import CutRule, cut_anywhere

ZERO_WIDTH_SPACE = "\u200b"

#: `<@…>`, `<@!…>`, `<@&…>`, `<#…>`, `<!…>`: the bracketed mention forms of both platforms.
_BRACKETED = re.compile(r"<(?=[@#!])")
#: The broadcast words that ping without brackets.
_BROADCAST = re.compile(r"@(?=(?:everyone|here|channel)\b)", re.IGNORECASE)


def neutralize_mentions(text: str) -> str:
    """`text` with every mention made inert; applying it twice changes nothing more."""
    text = _BRACKETED.sub("<" + ZERO_WIDTH_SPACE, text)
    return _BROADCAST.sub("@" + ZERO_WIDTH_SPACE, text)


def clip(text: str, limit: int, safe_cut: CutRule = cut_anywhere) -> str:
    """`text` cut to at most `limit` characters, ending with `…` when something was cut.

    `safe_cut` moves the cut back so it never splits a platform's escape (the same rules
    `split_at_breaks` takes)."""
    if limit < 1:
        raise ValueError("a clip limit must be at least 1")
    if len(text) <= limit:
        return text
    return text[: safe_cut(text, limit - 1)].rstrip() + "…"
