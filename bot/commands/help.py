"""/help and `/help <command>`, generated from the registry so they can never disagree with
the real commands: usage, option types and limits, and examples all come from declarations."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.command_lines import written
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.registry import Command, Option, OptionValue, Permission, Registry
from bot.core.replies import Card, Field, Fields, Marked, Reply, Text, command_line
from bot.core.sanitize import comparison_key, echo

#: Examples shown by `/help <command>`: enough to copy, short enough to read.
EXAMPLES_SHOWN = 2
#: How the typed grammar reads options (console, Slack); Discord's fields need no such rule.
TYPING = "Options go by position or as name:value; quotes group words and keep colons."


def help_line(command: Command, *, fields: bool = False) -> Marked:
    """`/name usage — description (admins)`: one help line (`fields`: `Context.option_fields`),
    its name marked (`command_line`), which typed alone runs or says what it needs."""
    usage = f" {command.usage(fields=fields)}" if command.options else ""
    admin = " (admins)" if command.permission is Permission.ADMIN else ""
    return Marked(command_line(command.name), f"{usage} — {command.description}{admin}")


def help_cards(registry: Registry, *, fields: bool = False) -> tuple[Card, ...]:
    """One card per command category, in declaration order."""
    categories: dict[str, list[Marked]] = {}
    for command in registry:
        categories.setdefault(command.category, []).append(help_line(command, fields=fields))
    return tuple(
        Card(title=category.capitalize(), blocks=(Text(Marked("\n").join(lines)),))
        for category, lines in categories.items()
    )


def _option_field(option: Option) -> Field:
    need = "required" if option.required else "optional"
    return Field(f"{option.name} ({need})", f"{option.kind()}. {option.description}", inline=False)


def command_card(command: Command, *, fields: bool = False) -> Card:
    """Everything about one command: usage, each option's type and limits, examples. With
    `fields` (options are the platform's own fields) no word about typing them, which only
    the grammar reads, and examples as those fields are filled (`command_lines.written`)."""
    blocks: list[Text | Fields] = [
        Text(Marked(f"{command.description}\n", command.usage_line(fields=fields)))
    ]
    if command.options:
        blocks.append(Fields(tuple(_option_field(o) for o in command.options)))
        if not fields:
            blocks.append(Text(TYPING))
    examples = [written(command, e, fields=fields) for e in command.examples[:EXAMPLES_SHOWN]]
    if examples:
        blocks.append(Text(Marked("Examples:\n", Marked("\n").join(examples))))
    footer = "Admins only." if command.permission is Permission.ADMIN else ""
    return Card(title=f"/{command.name}", blocks=tuple(blocks), footer=footer)


#: What people put around a command's name in `/help`: its slash, quotes, backticks (as the
#: help shows it), a question mark.
_AROUND_A_NAME = "/`'\"“”‘’?!.,:; "


def named_command(typed: str) -> str:
    """The command a `/help` argument names, however it is typed: in any case or width
    ("ＰＯＬＬ", "／poll": an input method left on), in quotes or backticks, with a question
    mark, or with the options meant for it ("/help daily on"). Each was refused as "no
    command", the width with no "did you mean" (found writing properties for /help)."""
    words = comparison_key(typed).strip(_AROUND_A_NAME).split()
    return words[0].strip(_AROUND_A_NAME) if words else ""


def register_help(registry: Registry) -> None:
    async def show_help(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        name = options.get("command")
        if name is None:
            cards = help_cards(registry, fields=ctx.option_fields)
            return Reply(cards=cards, text="Commands", ephemeral=True)
        typed = str(name).strip().lstrip("/")
        named = named_command(typed)
        command = registry.get(named)
        if command is None:
            names = Marked(", ").join(command_line(c.name) for c in registry)
            hint = registry.did_you_mean(named)
            said = f"There is no command “/{echo(typed)}”."  # theirs, quoted as typed
            raise UserError(Marked(said, hint, " Commands: ", names, "."))
        # No `text`: every platform shows it above the card (Slack a section, Discord the
        # message content), a second "/vote" over the card's own title; Slack's
        # notification fallback is the card's plain text anyway.
        return Reply(cards=(command_card(command, fields=ctx.option_fields),), ephemeral=True)

    registry.add(
        Command(
            name="help",
            description="List every command, or show one command's options and examples",
            handler=show_help,
            options=(Option("command", "A command's name for its details, e.g. poll"),),
            examples=("/help", "/help poll"),
            category="general",
        )
    )
