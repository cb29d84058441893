"""/help and `/help <command>`, generated from the registry so they can never disagree with
the real commands: usage, option types and limits, and examples all come from declarations."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.registry import Command, Option, OptionValue, Permission, Registry
from bot.core.replies import Card, Field, Fields, Reply, Text

#: Examples shown by `/help <command>`: enough to copy, short enough to read.
EXAMPLES_SHOWN = 2


def command_line(command: Command) -> str:
    """`/name usage — description (admins)`: one help line."""
    usage = f" {command.usage()}" if command.options else ""
    admin = " (admins)" if command.permission is Permission.ADMIN else ""
    return f"/{command.name}{usage} — {command.description}{admin}"


def help_cards(registry: Registry) -> tuple[Card, ...]:
    """One card per command category, in declaration order."""
    categories: dict[str, list[str]] = {}
    for command in registry:
        categories.setdefault(command.category, []).append(command_line(command))
    return tuple(
        Card(title=category.capitalize(), blocks=(Text("\n".join(lines)),))
        for category, lines in categories.items()
    )


def _option_field(option: Option) -> Field:
    need = "required" if option.required else "optional"
    return Field(f"{option.name} ({need})", f"{option.kind()}. {option.description}", inline=False)


def command_card(command: Command) -> Card:
    """Everything about one command: usage, each option's type and limits, examples."""
    usage = f"/{command.name} {command.usage()}".rstrip()
    blocks: list[Text | Fields] = [Text(f"{command.description}\nUsage: {usage}")]
    if command.options:
        blocks.append(Fields(tuple(_option_field(o) for o in command.options)))
        blocks.append(
            Text("Options go by position or as name:value; quotes group words and keep colons.")
        )
    examples = command.examples[:EXAMPLES_SHOWN]
    if examples:
        blocks.append(Text("Examples:\n" + "\n".join(examples)))
    footer = "Admins only." if command.permission is Permission.ADMIN else ""
    return Card(title=f"/{command.name}", blocks=tuple(blocks), footer=footer)


def register_help(registry: Registry) -> None:
    async def show_help(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        name = options.get("command")
        if name is None:
            return Reply(cards=help_cards(registry), text="Commands", ephemeral=True)
        typed = str(name).strip().lstrip("/")
        command = registry.get(typed)
        if command is None:
            names = ", ".join(f"/{c.name}" for c in registry)
            hint = registry.did_you_mean(typed)
            raise UserError(f"There is no command /{typed}.{hint} Commands: {names}.")
        # No `text`: every platform shows it above the card (Slack a section, Discord the
        # message content), a second "/vote" over the card's own title; Slack's
        # notification fallback is the card's plain text anyway.
        return Reply(cards=(command_card(command),), ephemeral=True)

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
