"""Run a command or a button click: permission, validation, the handler, and error replies.

Adapters call only this, so every platform validates input the same way and a user's
mistake is always answered with a short ephemeral explanation instead of an exception. It is
also where user text enters the core: control characters are stripped here from command
text, option values and display names (`strip_controls`), once for every platform.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Mapping
from dataclasses import replace

from bot.core.command_lines import how_to_type, missing
from bot.core.context import Context, admin_refusal
from bot.core.errors import UserError
from bot.core.grammar import parse_arguments
from bot.core.outages import Outage
from bot.core.registry import Command, OptionType, OptionValue, Permission, Registry
from bot.core.replies import Marked, Reply, command_line, notice
from bot.core.sanitize import echo, strip_controls
from bot.storage.database import Database

log = logging.getLogger(__name__)

#: The start of every answer to a failure of ours; alone where trying again could undo
#: what did happen (a vote committed before the failure: see PollService.vote).
FAILED = "Something went wrong on our side; it has been logged."
FAILURE = f"{FAILED} Please try again."
#: Seconds a command that worked during a database outage waits for the database to answer
#: whether the outage is over (most commands that work then never touched it: /help).
PROBE_BOUND = 1.0


class Dispatcher:
    """Runs commands and clicks. With the `database`, a database outage is logged as the
    background loops log theirs (`Outage`): once with its traceback when the first command
    fails, once when the database answers again, the failures between at DEBUG; every
    command during it was logging its own traceback. Any other failure is a fault to fix
    and is always logged in full."""

    def __init__(self, registry: Registry, database: Database | None = None) -> None:
        self.registry = registry
        self._database = database
        self._outage = Outage(log, "the database for commands and clicks")

    async def run_text(self, ctx: Context, name: str, text: str) -> Reply:
        """Run `/name text...`, the text parsed with the shared grammar (console, Slack)."""
        command = self._command(name)
        if command is None:
            return self._unknown(name)
        try:
            raw = parse_arguments(command, strip_controls(text))
        except UserError as error:
            return notice(error.message)
        return await self.run(ctx, name, raw)

    async def run(self, ctx: Context, name: str, raw: Mapping[str, OptionValue]) -> Reply:
        """Run a command with option values (strings are converted; typed values are checked)."""
        command = self._command(name)
        if command is None:
            return self._unknown(name)
        if command.permission is Permission.ADMIN and not ctx.is_admin:
            only = Marked(command_line(command.name), " is for admins only")
            return notice(admin_refusal(ctx, only))
        ctx = _clean(ctx)
        raw = {k: strip_controls(v) if isinstance(v, str) else v for k, v in raw.items()}
        return await self._guarded(self._call(command, ctx, raw), ctx, f"command /{command.name}")

    @staticmethod
    async def _call(command: Command, ctx: Context, raw: Mapping[str, OptionValue]) -> Reply:
        try:
            values = convert_options(command, raw, fields=ctx.option_fields)
        except UserError as error:
            if command.second_reading is not None:
                meant = await command.second_reading(ctx, raw)
                if meant is not None:
                    return meant
            if command.refusal_hint is None:
                raise
            hint = await command.refusal_hint(ctx, raw)
            raise UserError(Marked(error.message, "\n", hint) if hint else error.message) from None
        return await command.handler(ctx, values)

    async def click(self, ctx: Context, action_id: str) -> Reply:
        """Run the handler a button id routes to; unknown or stale ids get a clear answer."""
        route = self.registry.action(action_id)
        if route is None:
            return notice("This button is no longer supported. Run the command again.")
        handler, parts = route
        ctx = _clean(ctx)
        return await self._guarded(handler(ctx, parts), ctx, f"button {action_id}")

    async def _guarded(self, work: Awaitable[Reply], ctx: Context, what: str) -> Reply:
        """The reply, a user's mistake as an ephemeral notice, or a logged failure."""
        try:
            reply = await work
        except UserError as error:
            return notice(error.message)
        except Exception as error:
            where = f"platform={ctx.platform} channel={ctx.channel}"
            if self._database is not None and self._database.unreachable(error):
                self._outage.failed(f"at each new one ({what} first, {where})")
            else:
                log.exception("%s failed (%s)", what, where)
            return notice(FAILURE)
        if self._outage.failures:
            await self._probe()
        return reply

    async def _probe(self) -> None:
        """End the outage in the log if the database answers now (bounded: the reply of a
        command that did not need it waits for this)."""
        assert self._database is not None  # an outage is only ever counted with one
        try:
            async with asyncio.timeout(PROBE_BOUND):
                await self._database.now()
        except Exception:
            log.debug("the database is still unreachable", exc_info=True)
        else:
            self._outage.worked()

    def _command(self, name: str) -> Command | None:
        return self.registry.get(name.lstrip("/"))

    def _unknown(self, name: str) -> Reply:
        typed = name.lstrip("/")
        hint = self.registry.did_you_mean(typed)
        listed = Marked(" Type ", command_line("help"), " for the list.")
        return notice(Marked(f"Unknown command /{echo(typed)}.", hint, listed))


def _clean(ctx: Context) -> Context:
    """The context with its display name (shown in results, exported) free of controls."""
    name = strip_controls(ctx.display_name)
    return ctx if name == ctx.display_name else replace(ctx, display_name=name)


def convert_options(
    command: Command, raw: Mapping[str, OptionValue], *, fields: bool = False
) -> dict[str, OptionValue]:
    """Typed, validated option values; a UserError names the first problem and the usage,
    written for fields where options are fields (`Context.option_fields`).

    Platforms that send typed values (Discord) go through the same checks as typed text.
    """
    values: dict[str, OptionValue] = {}
    for name, value in raw.items():
        option = command.option(name)
        if option is None:
            raise UserError(Marked(command_line(command.name), f" has no option `{echo(name)}`."))
        try:
            values[name] = option.convert(str(value))
        except UserError as error:
            # Every refusal of a value ends with what to type: "`topic` needs a value." alone
            # left people guessing where number fields told them. A number refused is most
            # often a word typed where the number goes (`/vote Aaron Gin`, no poll number):
            # it also gets a line that works as typed.
            if option.type is OptionType.INTEGER:
                usage = how_to_type(command, fields=fields)
            else:
                usage = command.usage_line(fields=fields)
            raise UserError(Marked(error.message, " ", usage)) from None
    absent = [o.name for o in command.options if o.required and o.name not in values]
    if absent:
        raise missing(command, absent[0], fields=fields)
    return values
