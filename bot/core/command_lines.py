"""Command lines shown to people as something to type: help's examples, and the usage and
example a refusal ends with.

They are written in the typed grammar (`/poll question:"Tabs or spaces?" options:Tabs |
Spaces`), which the console and Slack read. Discord reads no grammar: each option is a field
of its own (`Context.option_fields`), so quotes copied from such a line become part of the
question, and a word typed by position (`/vote #3 …`) lands in no field. There a line is
written as Discord shows filled fields: each option named, its value bare
(`/poll question:Tabs or spaces? options:Tabs | Spaces`).
"""

from __future__ import annotations

from bot.core.errors import UserError
from bot.core.grammar import parse_arguments
from bot.core.registry import Command, Option, OptionType, OptionValue
from bot.core.replies import Marked, command_line


def written(command: Command, line: str, *, fields: bool) -> Marked:
    """`line`, one of `command`'s lines in the typed grammar, as this platform takes it: as
    it is, or with `fields` named field by field, in declared order (`command_line`)."""
    typed = line.removeprefix(f"/{command.name}").strip()
    if not fields:
        return command_line(command.name, *filter(None, [typed]))
    values = parse_arguments(command, typed)
    return command_line(
        command.name,
        **{
            option.name: _field_value(option, values[option.name])
            for option in command.options
            if option.name in values
        },
    )


def _field_value(option: Option, raw: OptionValue) -> str:
    """What the field shows once filled: a choice's name, a number as a number field takes
    it (`#3` is 3), True or False as Discord's picker offers them, text as typed."""
    text = str(raw).strip()
    if option.choices:
        value = option.convert(text)
        return next(c.name for c in option.choices if c.value == value)
    if option.type in (OptionType.INTEGER, OptionType.BOOLEAN):
        return str(option.convert(text))
    return text


def how_to_type(command: Command, *, fields: bool) -> Marked:
    """`Usage: /vote <poll:N> <option:"…">, e.g. /vote 3 1`: the end of a refusal of an
    option's value, with the command's first example that has options, a line that works
    as typed (or as fields are filled, with `fields`). Not for the grammar's refusals, whose
    `/poll …` forms are all the user's own words rewritten, and which only typed text meets."""
    usage = command.usage_line(fields=fields)
    example = next((e for e in command.examples if " " in e), None)
    if example is None:
        return usage
    return Marked(usage, ", e.g. ", written(command, example, fields=fields))


def missing(command: Command, name: str, *, fields: bool) -> UserError:
    """The refusal of a command run without its required option `name`, with the usage:
    the dispatcher's for an option not given, a handler's for one given empty (a question
    that was only mentions)."""
    usage = how_to_type(command, fields=fields)
    return UserError(Marked(command_line(command.name), f" needs `{name}`. ", usage))
