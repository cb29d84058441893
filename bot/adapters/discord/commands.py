"""Discord's application command tree, generated from the command registry.

Each registry Command becomes an `app_commands.Command` whose parameters are declared the way
discord.py reads any callback: a signature (`__signature__`, honoured by `inspect`) with typed
annotations, plus the public decorators `rename`, `describe`, `choices`, `autocomplete` and
`default_permissions`. Parameters are named `option_<n>` in Python and renamed to the
registry's option names, so any valid Discord name (hyphens included) works. The tree
answers, privately, the commands discord.py cannot run (`AnsweringTree`).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol

import discord
from discord import app_commands

from bot.adapters.discord.respond import DELIVERY_ERRORS
from bot.core.chunks import cut_between_words
from bot.core.dispatch import FAILURE
from bot.core.registry import Choice, Command, Option, OptionType, OptionValue, Permission, Registry
from bot.core.sanitize import clip

log = logging.getLogger(__name__)

#: Discord shows at most 25 suggestions and caps choice names and string values at 100.
MAX_SUGGESTIONS = 25
CHOICE_LIMIT = 100

#: What someone is told when discord.py cannot match their command to the tree: a Discord
#: client keeps the command definitions it cached for a while after a release re-syncs
#: them, so it sends options the bot no longer has, lacks a required one, or sends a value
#: of an option's old type. Picking the command again from the menu fetches the new one.
STALE_COMMAND = "This command has just been updated: please pick it again from the / menu."
#: discord.py's errors that mean the command sent is not the command registered.
STALE_ERRORS = (
    app_commands.CommandSignatureMismatch,
    app_commands.CommandNotFound,
    app_commands.TransformerError,
)


class CommandHost(Protocol):
    """What a generated command calls: the adapter runs it and suggests option values."""

    async def run_command(
        self, interaction: discord.Interaction, name: str, options: Mapping[str, OptionValue]
    ) -> None: ...

    async def suggest(
        self, interaction: discord.Interaction, source: str, typed: str
    ) -> list[Choice]: ...


class AnsweringTree(app_commands.CommandTree):
    """A command tree that answers the commands discord.py could not run.

    discord.py's own `on_error` only logs, so a command sent with an old signature (or any
    other `AppCommandError`) left the user with "The application did not respond"."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        """Log the failure once (names and ids only: never the interaction's token) and,
        unless the interaction was already acknowledged (an error after the answer went
        out), answer it privately: a second acknowledgement is refused (40060)."""
        command = interaction.data.get("name") if interaction.data else None
        stale = isinstance(error, STALE_ERRORS)
        log.log(
            logging.WARNING if stale else logging.ERROR,
            "could not run /%s (interaction %s, channel %s): %s: %s",
            command,
            interaction.id,
            interaction.channel_id,
            type(error).__name__,
            error,
            exc_info=None if stale else error,
        )
        if not interaction.response.is_done():
            await answer_privately(interaction, STALE_COMMAND if stale else FAILURE)


async def answer_privately(interaction: discord.Interaction, text: str) -> None:
    """Answer a command that could not run with `text`, privately; an autocomplete (where
    Discord refuses messages) with no suggestions. A failure to answer is only logged: the
    error that led here already was."""
    try:
        if interaction.type is discord.InteractionType.autocomplete:
            await interaction.response.autocomplete([])
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except DELIVERY_ERRORS as failure:
        log.warning("could not answer interaction %s: %r", interaction.id, failure)


def build_tree(
    client: discord.Client, registry: Registry, host: CommandHost
) -> app_commands.CommandTree:
    """A command tree with one global command per registry command, in declaration order."""
    tree = AnsweringTree(client)
    for command in registry:
        tree.add_command(app_command(command, host))
    return tree


def app_command(command: Command, host: CommandHost) -> app_commands.Command[Any, ..., None]:
    """The registry command as a discord.py command (types, ranges, choices, suggestions)."""
    by_key = {f"option_{number}": option for number, option in enumerate(command.options)}

    async def callback(interaction: discord.Interaction, **values: OptionValue | None) -> None:
        options = {by_key[key].name: value for key, value in values.items() if value is not None}
        await host.run_command(interaction, command.name, options)

    parameters = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    parameters += [
        inspect.Parameter(
            key,
            inspect.Parameter.KEYWORD_ONLY,
            annotation=_annotation(option),
            default=inspect.Parameter.empty if option.required else None,
        )
        for key, option in by_key.items()
    ]
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    if by_key:
        app_commands.rename(**{key: o.name for key, o in by_key.items()})(callback)
        app_commands.describe(**{key: o.description for key, o in by_key.items()})(callback)
    choices = {key: _choices(o) for key, o in by_key.items() if o.choices}
    if choices:
        app_commands.choices(**choices)(callback)
    suggesters = {
        key: _suggester(host, o.autocomplete, _value_type(o))
        for key, o in by_key.items()
        if o.autocomplete and not o.choices
    }
    if suggesters:
        app_commands.autocomplete(**suggesters)(callback)
    if command.permission is Permission.ADMIN:
        # Hidden from members who cannot manage the server until an admin grants it; the
        # dispatcher still refuses non-admins, since server owners can change this default.
        app_commands.default_permissions(manage_guild=True)(callback)
    return app_commands.Command(
        name=command.name, description=command.description, callback=callback
    )


def _value_type(option: Option) -> type[int] | type[str]:
    return int if option.type is OptionType.INTEGER else str


def _annotation(option: Option) -> Any:
    """The Python type discord.py maps to the Discord option type, with its range."""
    if option.type is OptionType.BOOLEAN:
        return bool
    if option.type is OptionType.INTEGER:
        if option.min_value is None and option.max_value is None:
            return int
        return app_commands.Range[int, option.min_value, option.max_value]
    # STRING and DURATION (typed as 30m / 2h / 1d, parsed by the core like everywhere else)
    if option.max_length is not None:
        return app_commands.Range[str, None, option.max_length]
    return str


def _choices(option: Option) -> list[app_commands.Choice[Any]]:
    kind = _value_type(option)
    return [app_commands.Choice(name=c.name, value=kind(c.value)) for c in option.choices]


def choice_name(name: str) -> str:
    """A suggestion's name within Discord's 100 characters, clipped as the bot clips any
    text (`clip`: an ellipsis, an isolated right-to-left question keeping its closing
    isolate) between words, or between graphemes: cut by slicing, a long poll question lost
    its end mid-word with no sign of it, a Hebrew one the isolate that ends it, an emoji
    its second half."""
    return clip(name, CHOICE_LIMIT, cut_between_words)


def _suggester(
    host: CommandHost, source: str, kind: type[int] | type[str]
) -> Callable[[discord.Interaction, str], Awaitable[list[app_commands.Choice[Any]]]]:
    """An autocomplete callback asking the core's suggestion source `source`.

    A source that raises is answered with no suggestions: discord.py only logs an
    autocomplete's error and answers nothing, so the field showed "Loading options failed"
    until Discord gave up on it. The error is logged here, once, with its traceback."""

    async def suggest(
        interaction: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[Any]]:
        try:
            suggestions = await host.suggest(interaction, source, str(typed))
        except Exception:
            log.exception("autocomplete %r failed; answered with no suggestions", source)
            return []
        return [
            app_commands.Choice(name=choice_name(c.name), value=kind(c.value))
            for c in suggestions[:MAX_SUGGESTIONS]
            if len(c.value) <= CHOICE_LIMIT
        ]

    return suggest
