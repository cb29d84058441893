"""The app command tree is a faithful translation of the registry's declarations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import discord
from discord import app_commands

from bot.adapters.discord.client import minimal_intents
from bot.adapters.discord.commands import build_tree
from bot.core.context import Context
from bot.core.registry import (
    Choice,
    Command,
    Option,
    OptionType,
    OptionValue,
    Permission,
    Registry,
)
from bot.core.replies import Reply


async def nothing(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
    return Reply(text="unused")


class Host:
    """Records what generated commands ask of the adapter."""

    def __init__(self) -> None:
        self.runs: list[tuple[str, dict[str, OptionValue]]] = []
        self.suggested: list[tuple[str, str]] = []

    async def run_command(
        self, interaction: discord.Interaction, name: str, options: Mapping[str, OptionValue]
    ) -> None:
        self.runs.append((name, dict(options)))

    async def suggest(
        self, interaction: discord.Interaction, source: str, typed: str
    ) -> list[Choice]:
        self.suggested.append((source, typed))
        return [Choice(f"Poll #{n}", str(n)) for n in range(1, 40)]


def registry() -> Registry:
    registry = Registry()
    registry.add(
        Command(
            name="poll",
            description="Start a poll",
            handler=nothing,
            options=(
                Option("question", "What to ask", required=True, max_length=300),
                Option("duration", "How long, e.g. 2h", OptionType.DURATION),
                Option("anonymous", "Hide who voted", OptionType.BOOLEAN),
                Option(
                    "kind",
                    "Poll kind",
                    choices=(Choice("Single", "single"), Choice("Multi", "multi")),
                ),
                Option(
                    "max-votes", "Votes per person", OptionType.INTEGER, min_value=1, max_value=10
                ),
                Option("size", "Any size", OptionType.INTEGER),
            ),
        )
    )
    registry.add(
        Command(
            name="close",
            description="Close a poll",
            handler=nothing,
            options=(
                Option(
                    "poll", "Poll number", OptionType.INTEGER, required=True, autocomplete="polls"
                ),
            ),
            permission=Permission.ADMIN,
        )
    )
    return registry


def payloads(
    host: Host | None = None,
) -> tuple[app_commands.CommandTree, dict[str, dict[str, Any]]]:
    client = discord.Client(intents=minimal_intents())
    tree = build_tree(client, registry(), host or Host())
    return tree, {c.name: c.to_dict(tree) for c in tree.get_commands()}


def test_every_command_is_declared_with_its_description_and_permissions() -> None:
    tree, by_name = payloads()
    assert [c.name for c in tree.get_commands()] == ["poll", "close"]
    assert by_name["poll"]["description"] == "Start a poll"
    assert by_name["poll"]["default_member_permissions"] is None
    # Manage Server (1 << 5): hidden from ordinary members until an admin allows it.
    assert by_name["close"]["default_member_permissions"] == 1 << 5


def test_options_keep_names_types_ranges_choices_and_required_first() -> None:
    _, by_name = payloads()
    options = {o["name"]: o for o in by_name["poll"]["options"]}
    assert [o["name"] for o in by_name["poll"]["options"]] == [
        "question",
        "duration",
        "anonymous",
        "kind",
        "max-votes",
        "size",
    ]
    assert options["question"] == {
        **options["question"],
        "type": 3,
        "required": True,
        "description": "What to ask",
        "max_length": 300,
    }
    assert options["duration"]["type"] == 3 and options["duration"]["required"] is False
    assert options["anonymous"]["type"] == 5
    assert options["kind"]["choices"] == [
        {"name": "Single", "value": "single"},
        {"name": "Multi", "value": "multi"},
    ]
    assert options["max-votes"]["type"] == 4
    assert (options["max-votes"]["min_value"], options["max-votes"]["max_value"]) == (1, 10)
    assert "min_value" not in options["size"] and "max_value" not in options["size"]
    close = by_name["close"]["options"][0]
    assert close["autocomplete"] is True and close["type"] == 4 and close["required"] is True


async def test_the_callback_passes_only_given_options_by_their_registry_names() -> None:
    host = Host()
    tree, _ = payloads(host)
    poll = tree.get_command("poll")
    assert isinstance(poll, app_commands.Command)
    fake_interaction: Any = object()
    await poll.callback(fake_interaction, option_0="Tabs?", option_4=3, option_2=None)
    assert host.runs == [("poll", {"question": "Tabs?", "max-votes": 3})]


async def test_autocomplete_asks_the_core_source_and_types_values_as_the_option() -> None:
    host = Host()
    tree, _ = payloads(host)
    close = tree.get_command("close")
    assert isinstance(close, app_commands.Command)
    suggest = close._params["option_0"].autocomplete  # what discord.py calls on Discord's ask
    assert suggest is not None
    fake_interaction: Any = object()
    choices = await suggest(fake_interaction, "1")
    assert host.suggested == [("polls", "1")]
    assert len(choices) == 25  # Discord's maximum
    assert choices[0] == app_commands.Choice(name="Poll #1", value=1)


async def test_a_suggestion_whose_value_does_not_fit_is_left_out_not_cut() -> None:
    """Discord takes string values of up to 100 characters: one longer was sliced to 100,
    so picking it sent another value than the one suggested (a label cut short names
    another option, or none). It is left out; the others are offered."""

    class LongValues(Host):
        async def suggest(
            self, interaction: discord.Interaction, source: str, typed: str
        ) -> list[Choice]:
            return [Choice("long", "x" * 101), Choice("fits", "y" * 100)]

    vote = Registry()
    option = Option("option", "Which option", required=True, autocomplete="options")
    vote.add(Command(name="vote", description="Vote", handler=nothing, options=(option,)))
    tree = build_tree(discord.Client(intents=minimal_intents()), vote, LongValues())
    command = tree.get_command("vote")
    assert isinstance(command, app_commands.Command)
    suggest = command._params["option_0"].autocomplete
    assert suggest is not None
    fake_interaction: Any = object()
    assert await suggest(fake_interaction, "") == [
        app_commands.Choice(name="fits", value="y" * 100)
    ]
