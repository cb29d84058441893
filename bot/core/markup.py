"""The markup platforms put inside what people type, read as the whole it is.

Slack sends a channel, a person, a group or a link picked in its composer as one token in
angle brackets, its readable name after a `|`: `<#C123|general>`, `<@U123|ann>`,
`<!subteam^S123|@chips>`, `<https://example.com|the article>`, `<mailto:a@b.c|a@b.c>`;
`<!here>`, `<!channel>` and `<!everyone>` bare. Discord sends `<@123>`, `<@!123>`,
`<@&123>`, `<#123>`, custom emoji `<:name:123>` and `<a:name:123>`, timestamps
`<t:1700000000:R>` and command mentions `</name:123>`, none with a label; and marks a
spoiler with `||…||`.

A poll's options are separated by `|`, so a `|` inside one of those is no separator: split
there, "Ship in <#C123|general>" was the options "Ship in <#C123" and "general>". What is
shown of a token is what the person picked: its label (`readable`); the chart, its alt
text and Discord's suggestions, which no chat client renders, also show a custom emoji by
its name and a timestamp as a date (`printable`). The vote export keeps the text as stored,
tokens and their ids included (`bot/polls/export.py` reads back exactly). Each adapter
labels the mentions its platform sends without a name, with the names it knows
(`labelled`: Discord's `<#987>` becomes `<#987|general>`). A token without a label stays
as it is, for the mention neutraliser to make inert (`sanitize.neutralize_mentions`) and
for the knowledge router to leave out of a question (`sanitize.drop_mentions`).

Only whole tokens are read: `<` followed by one of the forms above, ending at the first
`>`, with no line break inside. Slack sends a `<` the person typed as `&lt;`, so in what
Slack sends every `<` starts a token; text a person typed with brackets of their own that
happens to read as a token is read as one, as Slack would show it in a message.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

#: Discord's forms that stand for no words of what is said: a custom emoji (`<:tada:1>`,
#: animated `<a:party:1>`), a timestamp (`<t:1700000000:R>`) and a command (`</poll:1>`).
_DECORATIONS = (
    r"<(?P<animated>a?):(?P<emoji>\w{2,32}):\d{1,20}>"
    r"|<t:(?P<time>-?\d{1,13})(?::[tTdDfFR])?>"
    r"|</(?P<command>[^\s<>:][^<>:\n]*):\d{1,20}>"
)
#: A platform token (see the module docstring). The target (after `<`) has no space,
#: `|`, `<` or `>`; the label (after `|`) anything but `<`, `>` and a line break.
TOKEN = re.compile(
    r"<(?P<target>[@#!][^\s<>|]*|(?:https?|mailto|tel):[^\s<>|]+)(?:\|(?P<label>[^<>\n]*))?>"
    f"|{_DECORATIONS}"
)
#: What a question is asked around, not with: mentions (`<@U1|ann>`, `<!here>`, `<#C1>`)
#: and `_DECORATIONS`, which the knowledge router would read as words of no topic.
NO_WORDS = re.compile(rf"<[@#!][^<>\n]*>|{_DECORATIONS}")
#: Discord's spoiler: text between `||` pairs, starting and ending with no space ("A ||B||"),
#: so "A || B" (a separator typed twice) is none.
SPOILER = re.compile(r"\|\|[^\s|](?:[^|\n]*[^\s|])?\|\|")
#: Tokens and spoilers: the spans nothing splits.
_WHOLE = re.compile(f"{TOKEN.pattern}|{SPOILER.pattern}")
#: Slack's broadcast mentions, as people type them.
_BROADCASTS = {
    "!here": "@here",
    "!channel": "@channel",
    "!everyone": "@everyone",
    "!group": "@channel",
}
#: Stands in for a token where only the text around it matters (`outside_tokens`).
PLACEHOLDER = "\ufffc"


#: A name's characters a label cannot hold, as look-alikes: `<` and `>` would end the token
#: inside it, a line break would end it on its line.
_UNLABELLABLE = str.maketrans({"<": "\u2039", ">": "\u203a", "\n": " ", "\r": " "})  # ‹ ›


def labelled(target: str, name: str) -> str:
    """The token for `target` (`@U123`, `#123`, `@&42`) labelled with the `name` an adapter
    knows it by (`<@U123|Ann Lee>`), which `readable` shows: platforms that send a mention
    without its name (Discord always, Slack for people) are shown by name all the same."""
    return f"<{target}|{name.translate(_UNLABELLABLE)}>"


def unlabelled(text: str) -> str:
    """`text` with each mention as what it points at alone (`<@U1|Ann Lee>`: `<@U1>`;
    Discord's `<@!1>`: `<@1>`): one person, channel or group, whether or not the adapter
    knew a name for it when it was typed (Discord's cache, a Slack lookup), or which."""
    return TOKEN.sub(_target_only, text)


def _target_only(token: re.Match[str]) -> str:
    target = token.group("target")
    if target is None or target[0] not in "@#!":
        return token.group()
    return f"<{'@' + target[2:] if target.startswith('@!') else target}>"


def split_outside(text: str, separators: tuple[str, ...] | re.Pattern[str]) -> list[str]:
    """The parts of `text` between any of `separators` (strings, or a pattern where a list
    is told apart by words too: "1, <#C1|dev> and 3") that are not inside a token or a
    spoiler (`A | <#C1|general>`: two parts). One part if there is no such separator."""
    if isinstance(separators, re.Pattern):
        pattern: str | re.Pattern[str] = separators
    else:
        pattern = "|".join(map(re.escape, separators))
    parts: list[str] = []
    start = done = 0
    for whole in [*_WHOLE.finditer(text), None]:
        end = len(text) if whole is None else whole.start()
        for separator in re.finditer(pattern, text[done:end]):
            parts.append(text[start : done + separator.start()])
            start = done + separator.end()
        done = end if whole is None else whole.end()
    parts.append(text[start:])
    return parts


def outside_tokens(text: str) -> str:
    """`text` with each token and spoiler one `PLACEHOLDER`: what a rule looking for a mark
    (a `?` ending a question, a `|` between options) may look in."""
    return _WHOLE.sub(PLACEHOLDER, text)


def readable(text: str) -> str:
    """`text` with each labelled token shown as what its label names (`<#C1|general>`:
    `#general`, `<@U1|ann>`: `@ann`, `<!subteam^S1|@chips>`: `@chips`, a link as its
    label, or its address) and Slack's broadcasts as typed (`<!here>`: `@here`, which
    `sanitize.safe` makes inert like any). Tokens without a label stay as they are."""
    return TOKEN.sub(_readable_token, text)


def printable(text: str) -> str:
    """`readable`, and also a custom emoji as its name (`:tada:`) and a timestamp as a UTC
    date: for a chart or a spreadsheet, which render no platform markup."""
    return TOKEN.sub(lambda token: _readable_token(token, printed=True), text)


def _readable_token(token: re.Match[str], *, printed: bool = False) -> str:
    target, label = token.group("target"), token.group("label")
    if target is None:
        return _printed(token) if printed else token.group()
    if target.split("|")[0] in _BROADCASTS:
        return _BROADCASTS[target]
    if target[0] in "@#!":
        if not label:
            return token.group()
        sign = "@" if target[0] == "!" else target[0]
        return label if label.startswith(sign) or target.startswith("!date") else sign + label
    return _link(target, label)


def _link(address: str, label: str | None) -> str:
    """A link as typed: its label where that is the address as shown (`www.foo.com`,
    `a@b.c`), else the label and the address, so neither is lost."""
    shown = address.removeprefix("mailto:").removeprefix("tel:")
    if not label or label == shown:
        return shown
    if shown.split("://", 1)[-1].rstrip("/") == label.rstrip("/"):
        return label
    return f"{label} ({shown})"


def _printed(token: re.Match[str]) -> str:
    if token.group("emoji") is not None:
        return f":{token.group('emoji')}:"
    if token.group("time") is not None:
        try:
            moment = datetime.fromtimestamp(int(token.group("time")), UTC)
        except (OverflowError, OSError, ValueError):
            return token.group()
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return f"/{token.group('command')}"
