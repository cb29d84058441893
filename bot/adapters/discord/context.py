"""A Discord interaction as the core's platform-neutral Context."""

from __future__ import annotations

import discord

from bot.clock import Clock
from bot.config import Settings
from bot.core.context import BOT_ADMINS_ONLY, Context

PLATFORM = "discord"
#: The workspace of direct messages, which belong to no guild.
DM_WORKSPACE = "dm"
#: Who counts as an admin in a server, for the core's admin refusals (see `Context.admins`).
SERVER_ADMINS = (
    "admins are members with Manage Server or Administrator, and people named in the bot's settings"
)


def interaction_context(
    interaction: discord.Interaction, settings: Settings, clock: Clock
) -> Context:
    """Who clicked or typed, where, and whether they may run admin commands.

    Admins are members who can manage the server (Discord sends their resolved permissions
    with every interaction, so no member cache or privileged intent is needed) and the ids
    listed in BOT_ADMINS. Every DM shares the workspace `dm`, but each is a channel of its
    own, and polls are scoped by channel: one DM never reaches another's polls. A DM has no
    server, so no one is an admin there by Manage Server; the DM with the bot (context
    `BOT_DM`, not a group DM) is `private`, the user's own.
    """
    user = interaction.user or None  # discord.py leaves it MISSING (falsy) when not sent
    user_id = str(user.id) if user is not None else ""  # the core refuses to count ""
    permissions = interaction.permissions
    message = interaction.message
    return Context(
        platform=PLATFORM,
        workspace=str(interaction.guild_id) if interaction.guild_id else DM_WORKSPACE,
        channel=str(interaction.channel_id or ""),
        user=user_id,
        display_name=user.display_name if user is not None else "",
        is_admin=permissions.administrator
        or permissions.manage_guild
        or user_id in settings.bot_admins,
        clock=clock,
        delivery=str(interaction.id),
        message=str(message.id) if message is not None else "",
        ephemeral_message=message is not None and message.flags.ephemeral,
        private=interaction.context.dm_channel,
        admins=SERVER_ADMINS if interaction.guild_id else BOT_ADMINS_ONLY,
        option_fields=True,  # app commands: each option is a field of its own
    )
