"""A Discord interaction as the core's platform-neutral Context."""

from __future__ import annotations

import discord

from bot.clock import Clock
from bot.config import Settings
from bot.core.context import Context

PLATFORM = "discord"
#: The workspace of direct messages, which belong to no guild.
DM_WORKSPACE = "dm"


def interaction_context(
    interaction: discord.Interaction, settings: Settings, clock: Clock
) -> Context:
    """Who clicked or typed, where, and whether they may run admin commands.

    Admins are members who can manage the server (Discord sends their resolved permissions
    with every interaction, so no member cache or privileged intent is needed) and the ids
    listed in BOT_ADMINS.
    """
    user_id = str(interaction.user.id)
    permissions = interaction.permissions
    return Context(
        platform=PLATFORM,
        workspace=str(interaction.guild_id) if interaction.guild_id else DM_WORKSPACE,
        channel=str(interaction.channel_id),
        user=user_id,
        display_name=interaction.user.display_name,
        is_admin=permissions.administrator
        or permissions.manage_guild
        or user_id in settings.bot_admins,
        clock=clock,
        delivery=str(interaction.id),
    )
