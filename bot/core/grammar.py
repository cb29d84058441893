"""The typed-command grammar shared by the console and Slack's slash commands.

`/poll question:Tabs or spaces? options:Tabs | Spaces duration:1d` — positional words fill
options in declared order, `name:value` sets an option by name, double quotes (straight or
curly, since Slack clients curl them) group words, and free text runs on up to the next
`name:` word: an unquoted `name:value` of a free-text option takes the words after it, and so
does the last free-text option when filled by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.errors import UserError
from bot.core.registry import Command, OptionType

_QUOTES = {'"': '"', "“": "”", "”": "”", "„": "“"}
_NAMED = re.compile(r"([a-z_][a-z0-9_]*):", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    name: str | None  # set when the token was written `name:value`
    quoted: bool  # the value held a quoted part, so it ends where the quotes say


def _tokenize(text: str, names: set[str]) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        name = None
        match = _NAMED.match(text, i)
        if match and match.group(1).lower() in names:
            name = match.group(1).lower()
            i = match.end()
        chunk: list[str] = []
        quoted = False
        while i < n and not text[i].isspace():
            closing = _QUOTES.get(text[i])
            if closing is None:
                chunk.append(text[i])
                i += 1
                continue
            end = text.find(closing, i + 1)
            if end == -1:
                raise UserError("A double quote is not closed.")
            chunk.append(text[i + 1 : end])
            quoted = True
            i = end + 1
        tokens.append(_Token("".join(chunk), name, quoted))
    return tokens


def parse_arguments(command: Command, text: str) -> dict[str, str]:
    """Raw option values (still strings) from the text typed after the command name."""
    names = {o.name for o in command.options}
    free_text = {o.name for o in command.options if o.type is OptionType.STRING and not o.choices}
    greedy = command.greedy_option
    tokens = _tokenize(text, names)
    values: dict[str, str] = {}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token.name is not None:
            target = token.name
            if target in values:
                raise UserError(f"`{target}` is given twice.")
            runs_on = target in free_text and not token.quoted
        else:
            free = [o.name for o in command.options if o.name not in values]
            if not free:
                usage = f" {command.usage()}" if command.options else ""
                raise UserError(
                    f"Too many words for /{command.name}. Usage: /{command.name}{usage}"
                )
            target = free[0]
            runs_on = greedy is not None and target == greedy.name
        words = [token.text]
        while runs_on and i < len(tokens) and tokens[i].name is None:
            words.append(tokens[i].text)
            i += 1
        values[target] = " ".join(words)
    return values
