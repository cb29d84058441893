"""Slash commands: every registry command, its options parsed with the console's grammar.

One Bolt listener takes every command, so the set of commands is the registry's and nothing
else: a command Slack knows but the registry does not (an old manifest) gets the dispatcher's
"unknown command" answer instead of a Bolt 404.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from slack_bolt.context.ack.async_ack import AsyncAck

from bot.adapters.slack.actions import delivery_key
from bot.adapters.slack.blocks import unescape
from bot.adapters.slack.context import REQUEST_CHANNEL, command_identity
from bot.adapters.slack.mentions import labelled_mentions
from bot.core.registry import Command, Permission

if TYPE_CHECKING:
    from bot.adapters.slack.server import SlackAdapter

ANY_COMMAND = re.compile(r"^/.+$")


def needs_admin(command: Command | None) -> bool:
    """Whether answering this command depends on admin rights, the only case worth a
    `users.info` lookup (cached per user for minutes, but still a call per user)."""
    if command is None:
        return False
    return command.permission is not Permission.EVERYONE


class SlashCommands:
    def __init__(self, adapter: SlackAdapter) -> None:
        self.adapter = adapter

    async def on_command(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """Acknowledge at once (Slack allows 3 s); the answer follows via response_url."""
        await ack()
        self.adapter.spawn(self.run(body))

    async def run(self, body: dict[str, Any]) -> None:
        name = str(body.get("command", "")).lstrip("/")
        command = self.adapter.app.registry.get(name)
        identity = command_identity(body)
        REQUEST_CHANNEL.set((identity.channel, str(body.get("channel_name", ""))))
        # A retry of this command carries its `trigger_id` again: with it as the delivery
        # key, a typed vote or close sent twice by Slack counts once, as a click does.
        delivery = delivery_key(identity, {}, body)
        ctx = await self.adapter.contexts.build(
            identity, check_admin=needs_admin(command), delivery=delivery
        )
        ctx = await self.adapter.posting_hints(ctx)
        typed = str(body.get("text", ""))
        text = unescape(await labelled_mentions(typed, identity.team, self.adapter.contexts.people))
        reply = await self.adapter.app.dispatcher.run_text(ctx, name, text)
        await self.adapter.deliver(ctx, reply, body.get("response_url"))
        await self.adapter.learn_name(ctx)


def register(adapter: SlackAdapter) -> None:
    adapter.bolt.command(ANY_COMMAND)(SlashCommands(adapter).on_command)
