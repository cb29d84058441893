"""The command registry: each command is declared once, and everything else derives from it.

Console parsing and help, Discord's app command tree, Slack's slash commands and the Slack
app manifest are all generated from these declarations, so a command can never be listed in
one place and missing in another.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.core.context import Context
from bot.core.durations import format_duration, parse_duration
from bot.core.errors import UserError
from bot.core.ids import parse_integer, typed_number
from bot.core.platform_commands import MAX_COMMAND_NAME
from bot.core.replies import Marked, Reply, command_line
from bot.core.sanitize import comparison_key, echo
from bot.core.typos import nearest

OptionValue = str | int | bool
Handler = Callable[[Context, Mapping[str, OptionValue]], Awaitable[Reply]]
ActionHandler = Callable[[Context, Sequence[str]], Awaitable[Reply]]
#: Suggestions for an option as it is typed: the context, what is typed so far, and the
#: values already in the command's other fields (/vote's option suggestions need its poll).
AutocompleteSource = Callable[[Context, str, Mapping[str, OptionValue]], Awaitable[list["Choice"]]]
#: What a command adds to a refusal of the values typed for it (`Command.refusal_hint`).
RefusalHint = Callable[[Context, Mapping[str, OptionValue]], Awaitable[str]]
#: The answer to values refused as typed read the one other way they can be, or None
#: (`Command.second_reading`).
SecondReading = Callable[[Context, Mapping[str, OptionValue]], Awaitable[Reply | None]]


class OptionType(StrEnum):
    """Option types. STRING is free text; the others are single tokens with a meaning."""

    STRING = "string"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DURATION = "duration"  # seconds, written as 30m / 2h / 1d


class Permission(StrEnum):
    """Who may run a command.

    MIXED: everyone may run it, but its handler gives admins more (an admin may close
    anyone's poll; `/daily on` is for admins, `/daily status` for all). Adapters then
    resolve the admin flag, which may cost a platform call, only for ADMIN and MIXED.
    """

    EVERYONE = "everyone"
    MIXED = "mixed"
    ADMIN = "admin"


#: Names lowercase, 1-31 characters (Slack's 32 count the `/`), descriptions 100 (Discord's).
_NAME = re.compile(rf"[a-z0-9_-]{{1,{MAX_COMMAND_NAME}}}")
MAX_DESCRIPTION = 100

_PLACEHOLDERS = {
    OptionType.INTEGER: "N",
    OptionType.BOOLEAN: "true|false",
    OptionType.DURATION: "1h",
}
_TRUE = {"true", "yes", "on", "1", "y"}
_FALSE = {"false", "no", "off", "0", "n"}


@dataclass(frozen=True, slots=True)
class Choice:
    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Option:
    """One typed option of a command.

    `autocomplete` names a source registered with `Registry.add_autocomplete`, so adapters
    that support suggestions (Discord) can ask the core for them.
    """

    name: str
    description: str
    type: OptionType = OptionType.STRING
    required: bool = False
    choices: tuple[Choice, ...] = ()
    autocomplete: str | None = None
    min_value: int | None = None
    max_value: int | None = None
    max_length: int | None = None
    #: Free text typed without quotes ends at the first word ending with this mark (a
    #: question's `?`), so the grammar can tell it from the option that follows it.
    ends_at: str | None = None
    #: What the value looks like in usage hints (`A | B`); each type has a default.
    placeholder: str | None = None
    #: Free text listing several values splits them at this mark (a poll's `|`), so the
    #: grammar never takes a word after it as a setting: that would leave the value empty.
    separator: str | None = None

    def hint(self, *, fields: bool = False) -> str:
        """`name:value` as typed, e.g. `question:"…"`, `duration:1h`, `multi:true|false`;
        with `fields` (see `Context.option_fields`) free text is bare, `question:…`: a
        field's value needs no quotes, and quotes typed there are part of the value."""
        if self.choices:
            shown = "|".join(c.value for c in self.choices)
        elif self.type is OptionType.STRING:
            shown = self.placeholder or "…"
            shown = shown if fields else f'"{shown}"'
        else:
            shown = self.placeholder or _PLACEHOLDERS[self.type]
        return f"{self.name}:{shown}"

    def kind(self) -> str:
        """The type and limits in words, for `/help <command>`."""
        if self.choices:
            return "one of " + ", ".join(c.value for c in self.choices)
        if self.type is OptionType.INTEGER:
            low, high = self.min_value, self.max_value
            if low is not None and low == high:  # "whole number 1-1" read as a typo
                return f"only {low}"
            if low is not None and high is not None:
                return f"whole number {low}-{high}"
            if low is not None:
                return f"whole number, at least {low}"
            return "whole number" if high is None else f"whole number, at most {high}"
        if self.type is OptionType.BOOLEAN:
            return "true or false"
        if self.type is OptionType.DURATION:
            return "duration such as 30m, 2h or 1d"
        limit = f", up to {self.max_length} characters" if self.max_length else ""
        return f"text{limit}"

    def convert(self, raw: str) -> OptionValue:
        """The typed value of `raw`, or a UserError saying what was expected."""
        text = raw.strip()
        if not text:
            raise UserError(f"`{self.name}` needs a value.")
        # Choices and yes/no words compare as they look, in any case or width: typed with an
        # input method on, "ｓｔａｔｕｓ" and "ＴＲＵＥ" were refused where "２" reads as 2.
        key = comparison_key(text)
        if self.choices:
            for choice in self.choices:
                if key in (comparison_key(choice.value), comparison_key(choice.name)):
                    return choice.value
            allowed = ", ".join(c.value for c in self.choices)
            raise UserError(f"`{self.name}` must be one of: {allowed}.")
        if self.type is OptionType.INTEGER:
            return self._integer(text)
        if self.type is OptionType.BOOLEAN:
            # 1 and 0 as a number reads (`01`, `00`), as a whole number option reads them:
            # `/poll Q? A | B 1h 01 true` was refused, offering `rounds:01` alone, where
            # `1h 1 true` made the poll anonymous.
            number = parse_integer(key) if key.isascii() and key.isdigit() else None
            if key in _TRUE or number == 1:
                return True
            if key in _FALSE or number == 0:
                return False
            raise UserError(f"`{self.name}` must be true or false, not “{echo(text)}”.")
        if self.type is OptionType.DURATION:
            seconds = parse_duration(text)
            self._check_range(seconds, format_duration)
            return seconds
        if self.max_length is not None and len(text) > self.max_length:
            raise UserError(
                f"`{self.name}` is {len(text)} characters; the limit is {self.max_length}."
            )
        return text

    def _integer(self, text: str) -> int:
        """ASCII digits only, or full-width ones, within a 64-bit column (`bot.core.ids`)."""
        number = typed_number(text).removeprefix("#")
        value = parse_integer(number)
        if value is None:
            if number.lstrip("-").isascii() and number.lstrip("-").isdigit():
                raise UserError(f"`{self.name}` is too large: numbers here have 19 digits at most.")
            raise UserError(f"`{self.name}` must be a whole number, not “{echo(text)}”.")
        self._check_range(value, str)
        return value

    def _check_range(self, value: int, shown: Callable[[int], str]) -> None:
        """Refuse `value` outside `min_value`..`max_value`, each shown as `shown` writes it.
        A duration's range is checked here, not only where the value is used, so the
        grammar never offers a form naming one the command would then refuse."""
        low, high = self.min_value, self.max_value
        if (low is None or value >= low) and (high is None or value <= high):
            return
        if low is not None and low == high:  # not "from 1 to 1": a range of one value
            raise UserError(f"`{self.name}` can only be {shown(low)} here, not {shown(value)}.")
        if low is not None and high is not None:
            limits = f"from {shown(low)} to {shown(high)}"
        else:
            limits = f"at least {shown(low)}" if low is not None else f"at most {shown(high)}"
        raise UserError(f"`{self.name}` must be {limits}, not {shown(value)}.")


@dataclass(frozen=True, slots=True)
class Command:
    """A command declaration: the single source of truth for every platform."""

    name: str
    description: str
    handler: Handler
    options: tuple[Option, ...] = ()
    permission: Permission = Permission.EVERYONE
    examples: tuple[str, ...] = ()
    category: str = "general"
    #: Said after a refusal of the values as typed, from what only the command knows: a
    #: vote typed without its poll's number is told which polls of the conversation hold
    #: the option typed. Empty when it has nothing to add.
    refusal_hint: RefusalHint | None = None
    #: Asked before `refusal_hint` when the values as typed are refused: the reply to the
    #: one thing they can only mean instead (a vote typed without its poll's number, cast
    #: in the only open poll of the conversation naming its option), or None to refuse.
    second_reading: SecondReading | None = None

    @property
    def greedy_option(self) -> Option | None:
        """The last free-text option: in typed text it takes the rest of the line."""
        texts = [o for o in self.options if o.type is OptionType.STRING and not o.choices]
        return texts[-1] if texts else None

    def option(self, name: str) -> Option | None:
        return next((o for o in self.options if o.name == name), None)

    def usage(self, *, fields: bool = False) -> str:
        """`<poll:N> [option:"…"]`: the `name:value` form, as shown in help and Slack's hint
        (`Option.hint` says what `fields` changes)."""
        return " ".join(
            f"<{option.hint(fields=fields)}>"
            if option.required
            else f"[{option.hint(fields=fields)}]"
            for option in self.options
        )

    def usage_line(self, *, fields: bool = False) -> Marked:
        """`Usage: /vote <poll:N> <option:"…">`, the command's name marked as a command
        (`command_line`): typed alone it runs, or says what it still needs."""
        return Marked("Usage: ", command_line(self.name), f" {self.usage(fields=fields)}".rstrip())


class Registry:
    """All commands, button action routes and autocomplete sources of one bot instance."""

    def __init__(self) -> None:
        self._commands: dict[str, Command] = {}
        self._actions: dict[str, ActionHandler] = {}
        self._autocomplete: dict[str, AutocompleteSource] = {}

    def add(self, command: Command) -> None:
        if command.name in self._commands:
            raise ValueError(f"command /{command.name} is declared twice")
        if not _NAME.fullmatch(command.name):
            raise ValueError(f"command name {command.name!r} is not a valid slash command")
        for text in (command.description, *(o.description for o in command.options)):
            if not 0 < len(text) <= MAX_DESCRIPTION:
                raise ValueError(f"/{command.name}: description must be 1-100 chars: {text!r}")
        self._commands[command.name] = command

    def get(self, name: str) -> Command | None:
        return self._commands.get(name.lower())

    def did_you_mean(self, name: str) -> Marked:
        """The hint for a mistyped command, " Did you mean /baker?" after `/bakr` (the
        command marked, `command_line`), or "" when no command is close: a newcomer's
        typo is met as an option name's typo is."""
        close = nearest(name, self._commands)
        return Marked(" Did you mean ", command_line(close), "?") if close else Marked()

    def __iter__(self) -> Iterator[Command]:
        return iter(self._commands.values())

    def __len__(self) -> int:
        return len(self._commands)

    def add_action(self, prefix: str, handler: ActionHandler) -> None:
        """Route button ids `prefix:...` to `handler`, which receives the remaining parts."""
        if prefix in self._actions:
            raise ValueError(f"action prefix {prefix!r} is registered twice")
        self._actions[prefix] = handler

    def action(self, action_id: str) -> tuple[ActionHandler, list[str]] | None:
        prefix, _, rest = action_id.partition(":")
        handler = self._actions.get(prefix)
        return (handler, rest.split(":") if rest else []) if handler else None

    def add_autocomplete(self, name: str, source: AutocompleteSource) -> None:
        self._autocomplete[name] = source

    def autocomplete(self, name: str) -> AutocompleteSource | None:
        return self._autocomplete.get(name)
