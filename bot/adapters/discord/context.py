"""A Discord interaction as the core's platform-neutral Context."""

from __future__ import annotations

import discord

from bot.clock import Clock
from bot.config import Settings
from bot.core.context import BOT_ADMINS_ONLY, Context
from bot.core.replies import join_list
from bot.core.sanitize import visible_name

PLATFORM = "discord"
#: The workspace of direct messages, which belong to no guild.
DM_WORKSPACE = "dm"
#: Who counts as an admin in a server, for the core's admin refusals (see `Context.admins`).
SERVER_ADMINS = (
    "admins are members with Manage Server or Administrator, and people named in the bot's settings"
)


def no_access_hint(action: str, permissions: str) -> str:
    """What a server admin must give the bot here for it to do `action`."""
    return f"I can't {action} here: a server admin needs to give me {permissions} here."


#: Discord's names (channel settings) of what a live poll needs, see `live_poll_missing`.
PERMISSION_NAMES = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "send_messages_in_threads": "Send Messages in Threads",
    "embed_links": "Embed Links",
}


def live_poll_missing(granted: discord.Permissions, *, thread: bool) -> list[str]:
    """The permissions, by Discord's names, that the bot lacks (`granted`: the interaction's
    `app_permissions`) to keep a poll posted here alive: its tally edits need View Channel
    and Embed Links (the tally is an embed), its closing announcement View Channel and
    Send Messages, in a thread Send Messages in Threads (see `client.PERMISSIONS`). The poll's own
    message is an interaction response and needs none, so without this check it appears
    and then never changes."""
    send = "send_messages_in_threads" if thread else "send_messages"
    needed = ("view_channel", send, "embed_links")
    return [PERMISSION_NAMES[name] for name in needed if not getattr(granted, name)]


def cannot_post(interaction: discord.Interaction) -> str:
    """Why the bot cannot keep polls or daily takeaways going in the interaction's server
    channel, from the permissions Discord sent with it (`app_permissions`, no request), or
    "" (see `Context.cannot_post`). A DM with the bot needs none."""
    if interaction.guild_id is None:
        return ""
    thread = isinstance(interaction.channel, discord.Thread)
    missing = live_poll_missing(interaction.app_permissions, thread=thread)
    return no_access_hint("run polls or daily takeaways", join_list(missing)) if missing else ""


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
        display_name=display_name(user),
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
        cannot_post=cannot_post(interaction),
    )


def display_name(user: discord.User | discord.Member | None) -> str:
    """The name Discord shows for the person: their server nickname, else their global
    display name, else their username; the first that shows something, on one line (see
    the core's `visible_name`: a nickname of a Hangul filler is blank on screen)."""
    if user is None:
        return ""
    return visible_name(getattr(user, "nick", None), user.global_name, user.name)
