"""/help, generated from the registry so it can never disagree with the real commands."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.context import Context
from bot.core.registry import Command, OptionValue, Permission, Registry
from bot.core.replies import Card, Reply, Text


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


def register_help(registry: Registry) -> None:
    async def show_help(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        return Reply(cards=help_cards(registry), text="Commands", ephemeral=True)

    registry.add(
        Command(
            name="help",
            description="List every command",
            handler=show_help,
            examples=("/help",),
            category="general",
        )
    )
