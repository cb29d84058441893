"""The Discord adapter: a discord.py client serving the registry's commands and buttons.

It connects with the fewest intents that work (guilds only: interactions arrive without any
message or member intent), registers the app command tree generated from the registry, and
is the core's Outbound for Discord (live poll tallies, daily posts), sending with the bot
token through discord.py so its rate-limit handling applies.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import aiohttp
import discord
import yarl
from discord.gateway import DiscordWebSocket

from bot.adapters.discord.buttons import ActionButton
from bot.adapters.discord.commands import answer_privately, build_tree
from bot.adapters.discord.context import (
    PLATFORM,
    interaction_context,
    live_poll_missing,
    no_access_hint,
)
from bot.adapters.discord.embeds import (
    CONTENT_LIMIT,
    DiscordMessage,
    no_mentions,
    split_reply,
    split_text,
    with_times,
)
from bot.adapters.discord.library_logs import (
    quiet_event_payloads,
    quiet_late_autocompletes,
    redact_library_logs,
)
from bot.adapters.discord.mentions import labelled_mentions
from bot.adapters.discord.respond import Answered, answer
from bot.adapters.retries import may_have_arrived
from bot.adapters.untold import UntoldVoters, untold_notice
from bot.app import BotApp
from bot.config import ConfigError, CredentialRevoked, Settings
from bot.core.context import ChannelRef, Context, UserRef
from bot.core.outbound import DeliveryError, Linked
from bot.core.registry import Choice, OptionValue
from bot.core.replies import Reply, join_list, notice

log = logging.getLogger(__name__)

DISCORD_API_BASE = "https://discord.com/api/v10"
DISCORD_GATEWAY = "wss://gateway.discord.gg/"
#: The answer to a command or click that comes while the bot stops (a restart, a deploy).
STOPPING = "The bot is restarting, so nothing was done. Try again in a minute."
#: Seconds a stopping bot waits for the commands and clicks it took to be answered, before
#: its services stop: a vote's takes milliseconds, and `docker stop` kills after 10 s.
ANSWERING_GRACE = 5.0

#: OAuth2 scopes: a bot user in the server, and permission to register slash commands.
SCOPES = ("bot", "applications.commands")
#: Exactly what the bot does with its own token. Interaction answers need no permission;
#: posting takeaways needs View Channel + Send Messages (Send Messages in Threads in a thread
#: or forum post: Send Messages does nothing there), its cards Embed Links, result charts
#: Attach Files, and editing its own messages (live tallies) needs View Channel only (and
#: Send Messages in Threads to reopen a thread Discord archived under a poll). It never
#: reads history, mentions anyone, reacts or manages anything.
PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    attach_files=True,
)

#: How a request fails without any answer from Discord: a dropped or refused connection,
#: a timeout. (A 5xx that discord.py's own retries could not get past is an HTTPException.)
TRANSPORT_ERRORS = (TimeoutError, aiohttp.ClientError, OSError)

#: A rate limit: the one client error that passes by itself.
TOO_MANY_REQUESTS = 429
#: Discord's JSON error codes that the adapter tells apart (beyond the HTTP status).
THREAD_ARCHIVED = 50083
THREAD_LOCKED = 160005
CANNOT_MESSAGE_USER = 50007
UNKNOWN_CHANNEL = 10003
MISSING_ACCESS = 50001
#: The gateway's close code for a token it no longer takes ("Authentication failed").
AUTHENTICATION_FAILED = 4004
#: The refusals of a channel that also come from a server that removed the bot: the bot no
#: longer sees any of its channels (`DiscordAdapter._removed` asks which it is).
MAYBE_REMOVED_CODES = frozenset({MISSING_ACCESS, UNKNOWN_CHANNEL})
#: Seconds a Get Guild that found the bot in a server answers for it (`_still_in`).
MEMBER_CHECK_TTL = 60.0
#: The Bad Requests (400) that are the channel's state, which a moderator can change; any
#: other is Discord refusing the request as the bot built it (50035 Invalid Form Body).
CHANNEL_STATE_CODES = frozenset({THREAD_ARCHIVED, THREAD_LOCKED})


#: How people add the bot to a private thread, which it cannot see until added.
ADD_ME_TO_THREAD = "add me to the thread (@mention me in it)"
#: What people in a channel can do when Discord refuses the bot there (403: Missing Access
#: or Missing Permissions): the permissions it asks for at invite time (`PERMISSIONS`), or,
#: in a private thread, adding it.
NO_ACCESS_HINT = (
    no_access_hint(
        "post",
        "View Channel, Send Messages (in threads: Send Messages in Threads), Embed Links "
        "and Attach Files",
    )
    + f" In a private thread, {ADD_ME_TO_THREAD}."
)
#: What a server that removed the bot can do: nothing in a channel helps, and the bot's
#: operator cannot add it back either.
REMOVED_HINT = (
    "I'm not in this server any more: someone with Manage Server can add me back, and "
    "daily takeaways here resume by themselves."
)
#: A poll refused in a private thread the bot is not in and may not join (`_member_here`).
NOT_IN_THREAD_HINT = f"I can't run a poll here: {ADD_ME_TO_THREAD}."
#: Discord refuses the bot's messages in a user's DM (50007) when the user shares no
#: server with it, has turned off direct messages from a shared server's members, or has
#: blocked it: channel permissions have nothing to do with it.
DM_CLOSED_HINT = (
    "Discord won't let me message you here: share a server with me and allow direct "
    "messages from its members (Privacy settings)."
)
#: A locked thread refuses posts and edits from anyone without Manage Threads, the bot
#: included. An archived one that is not locked needs nothing: any message sent in it, the
#: bot's too, reopens it, so a post refused as "archived" means archived and locked.
THREAD_LOCKED_HINT = (
    "This thread is locked, so I can't post in it: a moderator needs to unlock it "
    "(or give me Manage Threads)."
)


def _warned(reply: Reply, poll_id: int, missing: list[str]) -> Reply:
    """The answer to a vote or close on a poll the bot can no longer keep up to date here
    (permissions taken away since it was posted), with what to grant: the vote counts, but
    without this the poll's message stays as it was and nobody is told why."""
    hint = no_access_hint(f"keep poll #{poll_id} up to date", join_list(missing))
    return replace(reply, text=f"{reply.text}\n\n{hint}" if reply.text else hint)


def invite_url(application_id: int) -> str:
    """The URL a server admin opens to add the bot with exactly the scopes and bits it needs."""
    return discord.utils.oauth_url(application_id, permissions=PERMISSIONS, scopes=SCOPES)


def minimal_intents() -> discord.Intents:
    """Guilds only: no privileged intent (members, presences, message content) is needed."""
    intents = discord.Intents.none()
    intents.guilds = True
    return intents


def use_endpoints(settings: Settings) -> None:
    """Point discord.py at DISCORD_API_BASE and DISCORD_GATEWAY_URL (Discord's by default).

    Both are needed: a plain client connects to its built-in gateway and never asks the
    REST API for one. They are process-wide class attributes in discord.py.
    """
    discord.http.Route.BASE = (settings.discord_api_base or DISCORD_API_BASE).rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url or DISCORD_GATEWAY)


class DebateClient(discord.Client):
    """discord.py client that turns interactions into dispatcher calls and answers them."""

    def __init__(self, app: BotApp, **sharding: Any) -> None:
        # The bot never joins voice: discord.py's warnings about voice libraries are noise.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        redact_library_logs()  # interaction tokens never reach a log, even at DEBUG
        quiet_event_payloads()  # nor who clicked or typed what
        quiet_late_autocompletes()
        super().__init__(intents=minimal_intents(), allowed_mentions=no_mentions(), **sharding)
        self.app = app
        self.tree = build_tree(self, app.registry, self)
        #: False once the process is stopping (`DiscordAdapter.stop_intake`).
        self.taking_requests = True
        #: The commands and clicks taken and not yet answered (`answered`).
        self._answering: set[asyncio.Task[Any]] = set()
        #: The last voter of each poll told nothing of a refused edit (`adapters/untold.py`).
        self.untold: UntoldVoters[discord.Interaction] = UntoldVoters()

    async def setup_hook(self) -> None:
        """Once per login, before the gateway connects (not on every reconnect's READY)."""
        self.add_dynamic_items(ActionButton)
        shards = self.app.settings.discord_shard_ids
        if shards is None or 0 in shards:  # one process of a sharded set syncs for all
            await self.sync_commands()
        if self.application_id is not None:
            log.info("invite the bot with: %s", invite_url(self.application_id))

    async def sync_commands(self) -> None:
        """Register the commands: to DISCORD_GUILD_ID at once, else globally."""
        guild_id = self.app.settings.discord_guild_id
        if guild_id is None:
            synced = await self.tree.sync()
            log.info(
                "synced %d global commands (Discord may take a while to show them)", len(synced)
            )
            return
        guild = discord.Object(id=guild_id)
        self.tree.copy_global_to(guild=guild)
        synced = await self.tree.sync(guild=guild)
        log.info("synced %d commands to guild %s", len(synced), guild_id)

    async def on_ready(self) -> None:
        log.info("connected to Discord as %s in %d servers", self.user, len(self.guilds))

    def dispatch(self, event: str, /, *args: Any, **kwargs: Any) -> None:
        """Every event, but none once the client is closed: discord.py holds READY back
        until the servers' GUILD_CREATEs stop coming (`guild_ready_timeout`, 2 s), and its
        close leaves that wait running. A bot stopped within 2 s of connecting then
        dispatched `ready` on a client whose loop was gone: an AttributeError in a task
        nobody awaited, and an `on_ready` created and never run ("coroutine
        'Client._run_event' was never awaited")."""
        if self.is_closed():
            log.debug("closed: %s not dispatched", event)
            return
        super().dispatch(event, *args, **kwargs)

    # -- CommandHost and ButtonHost ---------------------------------------------------

    async def run_command(
        self, interaction: discord.Interaction, name: str, options: Mapping[str, OptionValue]
    ) -> None:
        if not self.taking_requests:
            await answer_privately(interaction, STOPPING)
            return
        with self._taken():
            ctx = self._context(interaction)
            options = {
                key: labelled_mentions(value, interaction) if isinstance(value, str) else value
                for key, value in options.items()
            }

            def work() -> Awaitable[Reply]:
                return self._kept_alive(interaction, self.app.dispatcher.run(ctx, name, options))

            await self._track(ctx, await answer(interaction, work))

    async def run_action(self, interaction: discord.Interaction, action_id: str) -> None:
        if not self.taking_requests:
            await answer_privately(interaction, STOPPING)
            return
        with self._taken():
            ctx = self._context(interaction)

            def work() -> Awaitable[Reply]:
                return self._kept_alive(interaction, self.app.dispatcher.click(ctx, action_id))

            await self._track(ctx, await answer(interaction, work))

    @contextmanager
    def _taken(self) -> Iterator[None]:
        """Count the running command or click as taken until it is answered (`answered`)."""
        task = asyncio.current_task()
        assert task is not None  # discord.py runs each interaction in a task of its own
        self._answering.add(task)
        try:
            yield
        finally:
            self._answering.discard(task)

    async def answered(self) -> None:
        """Return once every command and click taken so far is answered (or after
        `ANSWERING_GRACE`): stopping, the services must not stop under one, whose vote
        would then go unanswered ("The application did not respond"), or be answered
        after the database closed, and whose new poll would never be attached."""
        if not self._answering:
            return
        _, late = await asyncio.wait(set(self._answering), timeout=ANSWERING_GRACE)
        if late:
            log.warning("stopping with %d commands or clicks still unanswered", len(late))

    async def suggest(
        self, interaction: discord.Interaction, source: str, typed: str
    ) -> list[Choice]:
        suggestions = self.app.registry.autocomplete(source)
        if suggestions is None:
            return []
        filled = {name: value for name, value in interaction.namespace if value is not None}
        return await suggestions(self._context(interaction), typed, filled)

    async def _kept_alive(self, interaction: discord.Interaction, work: Awaitable[Reply]) -> Reply:
        """The reply, unless it is a new live poll in a channel where the bot may not edit
        it or announce its result (`live_poll_missing`, or a private thread it is not in,
        `_member_here`): that poll is discarded, as on Slack when its post is refused, and
        the user told what to do, so no poll sits at 0 votes forever while people vote on
        it. The answer to a vote or a close there says so too (`_warned`), once: not beside
        the poll's stored refusal (`Reply.poll_unshown`). A DM with the bot needs no check:
        the bot may always post there, and Discord documents no channel permissions in its
        `app_permissions` (Attach Files, Embed Links and the like only).

        An answer to a change that says nothing of either is remembered (`untold`), before
        it is sent, as the edit it leads to may be refused first: its user is told then
        (`DiscordAdapter._tell_untold`)."""
        reply = await work
        missing: list[str] = []
        if interaction.guild_id is not None:
            thread = isinstance(interaction.channel, discord.Thread)
            missing = live_poll_missing(interaction.app_permissions, thread=thread)
        if reply.changed_poll is not None and not reply.poll_unshown:
            if missing:
                return _warned(reply, reply.changed_poll, missing)
            self.untold.confirmed(str(interaction.channel_id), reply.changed_poll, interaction)
        if interaction.guild_id is None or reply.poll_id is None or reply.ephemeral:
            return reply
        if missing:
            hint = no_access_hint("run a poll", join_list(missing))
        elif not await self._member_here(interaction):
            hint = NOT_IN_THREAD_HINT
        else:
            return reply
        await self.app.polls.discard(reply.poll_id)
        return notice(hint)

    async def _member_here(self, interaction: discord.Interaction) -> bool:
        """Whether the bot can keep a poll alive in the interaction's channel as far as
        membership goes: anywhere but in a private thread, and there as a member, which it
        is or has just made itself. Discord shows a private thread only to its members and
        moderators, yet answers interactions in it, and neither the interaction (its partial
        channel has no `member`) nor `app_permissions` says whether the bot was added. One
        request answers: a moderator (Manage Threads) joins, the only way Discord lets a bot
        into a private thread by itself, and then stays a member if it loses the role;
        anyone else asks whether it is a member (Get Thread Member: 404 if not, or 403
        Missing Access, the thread being hidden from it). Public threads and forum posts
        need neither: whoever may view the parent channel may post there.

        Any other failure (a dropped connection, a 5xx past discord.py's retries) leaves
        the answer unknown: the poll is kept, as before this check, since the worst case is
        a poll whose edits Discord refuses, and a warning says where."""
        thread = interaction.channel
        private = discord.ChannelType.private_thread
        if not isinstance(thread, discord.Thread) or thread.type is not private:
            return True
        assert self.user is not None  # set at READY, before any interaction arrives
        try:
            if interaction.app_permissions.manage_threads:
                await thread.join()
            else:
                await thread.fetch_member(self.user.id)
        except (discord.Forbidden, discord.NotFound):
            return False
        except (discord.HTTPException, *TRANSPORT_ERRORS) as error:
            log.warning(
                "could not check the bot's membership of private thread %s, keeping the "
                "poll there (its edits may be refused): %r",
                thread.id,
                error,
            )
        return True

    def _context(self, interaction: discord.Interaction) -> Context:
        return interaction_context(interaction, self.app.settings, self.app.clock)

    async def _track(self, ctx: Context, answered: Answered) -> None:
        """Attach a new poll's message to its poll; a new poll Discord refused to show is
        discarded, as on Slack when its post is refused: its user, told "The application
        did not respond", starts another, and this one would stay open with no message."""
        reply = answered.reply
        if answered.message_id is not None:
            await self.app.polls.track(reply, ctx.channel_ref, str(answered.message_id))
        elif answered.unseen and reply.poll_id is not None and not reply.ephemeral:
            await self.app.polls.discard(reply.poll_id)


class ShardedDebateClient(DebateClient, discord.AutoShardedClient):
    """The same client over a chosen set of shards (DISCORD_SHARD_COUNT, DISCORD_SHARD_IDS):
    several processes split a large bot's guilds between them."""


def debate_client(app: BotApp) -> DebateClient:
    """Sharded when DISCORD_SHARD_COUNT is set, else one plain connection."""
    settings = app.settings
    if settings.discord_shard_count is None:
        return DebateClient(app)
    shard_ids = list(settings.discord_shard_ids) if settings.discord_shard_ids else None
    log.info("running shards %s of %d", shard_ids or "all", settings.discord_shard_count)
    return ShardedDebateClient(app, shard_count=settings.discord_shard_count, shard_ids=shard_ids)


class DiscordAdapter:
    """Runs the client and is the core's Outbound for Discord."""

    platform = PLATFORM
    option_fields = True  # app commands: each option is a field of its own

    def __init__(self, app: BotApp) -> None:
        self.app = app
        self.client = debate_client(app)
        #: Set once logged in: discord.py cannot post before, so the core's first posts
        #: (the start-up deadline sweep's, the daily scheduler's) wait for it.
        self.logged_in = asyncio.Event()
        app.outbounds.add(self, ready=self.logged_in)
        #: When Get Guild last said the bot is in a server (loop time), by server id.
        self._member_checked: dict[int, float] = {}

    async def serve(self) -> None:
        """Log in, sync commands and serve until cancelled; the connection is always closed.

        A token Discord refuses is a ConfigError naming DISCORD_TOKEN (one line, no
        traceback), raised before the gateway is tried. One it stops taking while the bot
        runs (reset in the Developer Portal, the application deleted) closes the gateway
        with 4004, which discord.py raises as a bare `ConnectionClosed`: the operator read
        "an adapter stopped" and a traceback ending "WebSocket closed with 4004", naming
        neither the token nor what to do. It is a CredentialRevoked saying both."""
        settings = self.app.settings
        use_endpoints(settings)
        try:
            try:
                await self.client.login(settings.discord_token.reveal())
            except discord.LoginFailure as error:
                raise ConfigError(f"Discord refused DISCORD_TOKEN ({error})") from None
            self.logged_in.set()
            try:
                await self.client.connect()
            except discord.ConnectionClosed as error:
                if error.code != AUTHENTICATION_FAILED:
                    raise
                raise CredentialRevoked(
                    "Discord stopped taking DISCORD_TOKEN (the gateway closed with 4004, "
                    "authentication failed): it was reset, or the application deleted. Set "
                    "DISCORD_TOKEN to the bot's new token and start the bot again."
                ) from None
        finally:
            await self.client.close()

    async def stop_intake(self) -> None:
        """Do no more commands or clicks: each is told, privately, that nothing was done.
        Served while the services flushed, a steady stream of votes kept the last live
        edits, and the process, going for as long as it lasted. Then answer those already
        taken, as the Slack adapter does, before the services stop (`cli._serve`). The
        gateway stays up (its client's REST session carries the services' last edits);
        `serve` closes it."""
        self.client.taking_requests = False
        await self.client.answered()

    async def post(self, channel: ChannelRef, reply: Reply) -> str:
        """Send the reply as channel messages; returns the first message's id."""
        sent: list[int] = []
        try:
            with _refusals("post", channel, creates=True, reopens=True):
                target = self._messageable(channel)
                for message in split_reply(reply):
                    sent.append((await target.send(**message.send_kwargs())).id)
        except DeliveryError as error:
            removed = await self._removed(channel, error)
            if removed is None:
                raise
            raise removed from error
        return str(sent[0])

    async def message_user(self, user: UserRef, message: Linked) -> None:
        """A direct message from the bot: open (or find) its DM channel with the user
        (Create DM), then send in it, in as many messages as Discord's 2,000 characters
        take (a pause notice lists every channel that paused for one cause). Channels are
        written as links (`<#id>`), the rest as any text is (`with_times`); nothing in it may
        ping. Discord refuses the send (50007) when the user's DMs are closed to the bot."""
        text = "".join(
            with_times(part) if isinstance(part, str) else f"<#{part.channel}>" for part in message
        )
        with _refusals("send a direct message", ChannelRef(PLATFORM, "", user.user), creates=True):
            dm = await self.client.create_dm(discord.Object(id=int(user.user)))
            for part in split_text(text, CONTENT_LIMIT):
                await dm.send(content=part, allowed_mentions=no_mentions())

    async def edit(self, channel: ChannelRef, message_ref: str, reply: Reply) -> None:
        """Replace a message with the bot token (interaction tokens die after 15 minutes).

        Discord archives a thread after a while without messages, and votes are clicks,
        not messages: a thread whose only activity is a running poll gets archived under
        it, and every edit there is refused (50083). So an edit refused as archived
        reopens the thread (`_reopen_thread`) and is made once more.
        """
        messages = split_reply(reply)
        if len(messages) > 1:
            raise DeliveryError(
                f"reply for message {message_ref} needs {len(messages)} messages; cannot edit one",
                permanent=True,
            )
        message = self._messageable(channel).get_partial_message(int(message_ref))
        try:
            with _refusals("edit a message", channel):
                try:
                    await message.edit(**messages[0].edit_kwargs())
                except discord.HTTPException as error:
                    if error.code != THREAD_ARCHIVED:
                        raise
                    await self._reopen_thread(channel)
                    await message.edit(**messages[0].edit_kwargs())
        except DeliveryError as error:
            refusal = await self._removed(channel, error) or error
            await self._tell_untold(channel, reply.poll_id, refusal.hint)
            if refusal is error:
                raise
            raise refusal from error
        self.client.untold.edited(channel.channel, reply.poll_id)

    async def _tell_untold(self, channel: ChannelRef, poll_id: int | None, hint: str) -> None:
        """Tell the voter whose confirmation went out before the poll's edit was refused
        (`adapters/untold.py`) why the tally stopped moving, as later voters are told:
        privately, through their interaction's webhook, which needs no permission in the
        channel and lives 15 minutes. A refusal without a hint (a passing failure, retried;
        or one nobody in the channel can act on) keeps them remembered; a failure to tell
        is only logged."""
        untold = self.client.untold.refused(channel.channel, poll_id, hint)
        if untold is None or poll_id is None or untold.is_expired():
            return
        told = DiscordMessage(untold_notice(poll_id, hint)).send_kwargs()
        try:
            await untold.followup.send(**told, ephemeral=True)
        except (discord.HTTPException, *TRANSPORT_ERRORS) as failure:
            log.warning(
                "could not tell interaction %s of poll %d's refused edit: %r",
                untold.id,
                poll_id,
                failure,
            )

    async def _removed(self, channel: ChannelRef, error: DeliveryError) -> DeliveryError | None:
        """The refusal `error` as the bot's removal from the channel's server (`removed`),
        if that is what it is, else None.

        A server that removed the bot (kicked it, or was deleted) refuses every one of its
        channels as one whose View Channel was taken (403, 50001) or that was deleted (404,
        10003): each schedule there paused, one by one, with a DM to its admin that told
        them to grant a permission, or to fix a channel, in a server the bot is no longer
        in. Only asking for the server tells the two apart (Get Guild: every member may,
        anyone else is refused); the gateway's GUILD_DELETE reaches only the shard that
        serves it. Unknown (the check itself failed for now), the refusal stays as it was.

        Asked of Discord only when this process cannot tell (`_still_in`): a channel whose
        View Channel was taken refuses every tally edit of a busy poll there, and each asked
        Get Guild again, a request a vote, about a server the bot was plainly still in.
        """
        cause = error.__cause__
        if not (
            isinstance(cause, discord.HTTPException)
            and cause.code in MAYBE_REMOVED_CODES
            and channel.workspace.isdigit()
        ):
            return None
        guild_id = int(channel.workspace)
        if self._still_in(guild_id):
            return None
        try:
            await self.client.fetch_guild(guild_id, with_counts=False)
        except (discord.Forbidden, discord.NotFound) as refusal:
            return DeliveryError(
                f"the bot is no longer in Discord server {channel.workspace} (Get Guild: "
                f"{refusal.status} {refusal.text}, code {refusal.code}; {error})",
                removed=True,
                hint=REMOVED_HINT,
            )
        except (discord.HTTPException, *TRANSPORT_ERRORS) as failure:
            log.warning(
                "could not check whether the bot is still in Discord server %s: %r",
                channel.workspace,
                failure,
            )
        else:
            self._member_checked[guild_id] = asyncio.get_running_loop().time()
        return None

    def _still_in(self, guild_id: int) -> bool:
        """Whether the bot is known to be in the server without asking Discord: a plain
        client's gateway serves every server the bot is in and sends each removal
        (GUILD_DELETE takes the server out of discord.py's cache at once, and a new session's
        READY rebuilds the cache), so a server in it is one the bot is in. A sharded one may
        not serve the server (another process's shard), and keeps the servers a new
        session's READY no longer lists (a kick while its session was lost). Elsewhere, a
        Get Guild that found the bot in the server answers for `MEMBER_CHECK_TTL`, and a
        removal within that window is caught by the next refusal after it."""
        sharded = isinstance(self.client, discord.AutoShardedClient)
        if not sharded and self.client.get_guild(guild_id) is not None:
            return True
        checked = self._member_checked.get(guild_id)
        return checked is not None and asyncio.get_running_loop().time() - checked < (
            MEMBER_CHECK_TTL
        )

    async def _reopen_thread(self, channel: ChannelRef) -> None:
        """Unarchive the thread `channel` (Modify Channel, `archived` false: the route
        discord.py's `Thread.edit` uses, without the thread object its cache drops once
        archived).

        Any member's message reopens an archived thread, one a moderator archived by hand
        too, so reopening it for a vote is in keeping; Discord allows it with Send Messages
        in Threads unless the thread is locked. A locked thread stays locked: the bot never
        asks to unlock, and Discord refuses to reopen it. Asking is the check: it is made
        against Discord's state at that moment, where `locked` in the cache may be stale or
        absent; a refusal (locked, or no permission) is permanent, with the hint, and
        nothing retries it before the poll's next change.
        """
        with _refusals("reopen the archived thread", channel, reopens=True):
            await self.client.http.edit_channel(int(channel.channel), archived=False)

    def _messageable(self, channel: ChannelRef) -> discord.PartialMessageable:
        guild_id = int(channel.workspace) if channel.workspace.isdigit() else None
        return self.client.get_partial_messageable(int(channel.channel), guild_id=guild_id)


@contextmanager
def _refusals(
    action: str, channel: ChannelRef, *, creates: bool = False, reopens: bool = False
) -> Iterator[None]:
    """Discord's refusals as DeliveryError: client errors are permanent, the rest transient;
    404 (10008 Unknown Message, 10003 Unknown Channel) means the target is gone; 401 means
    the token no longer works (reset, the bot deleted): the bot's `access`, for every
    channel; 400 not about the channel's state, a request the bot built wrong. A thread
    archived or locked since is not gone (a moderator can reopen it): permanent, with a
    hint when an action that `reopens` an archived thread (a post, a reopening) is
    refused there because it needs a moderator (see `refusal_hint`).

    Rate limits (429) discord.py waits out per its headers, save those it raises: one
    without a `Via` header, as Discord's hidden cap on edits of messages older than an hour
    comes (30046, "try again later"), which a busy poll's tally meets. A limit passes: that
    one is transient, so the edit is made again later instead of never. Its own
    resends of a message create (after a 5xx, or a reset connection with errno 54 or 10054,
    which are macOS's and Windows', not Linux's 104) carry the same `nonce` with
    `enforce_nonce`, so Discord posts it once; a dropped connection (aiohttp's
    `ServerDisconnectedError`) is never resent. When the connection fails for good after a
    create may have arrived (`creates`), the outcome is unknown and reported so, never
    retried blindly (see `bot.adapters.retries`).
    """
    try:
        yield
    except discord.HTTPException as error:
        raise DeliveryError(
            f"Discord refused to {action} in channel {channel.channel}: "
            f"{error.status} {error.text} (code {error.code})",
            permanent=400 <= error.status < 500 and error.status != TOO_MANY_REQUESTS,
            gone=error.status == 404,
            access=error.status == 401,
            malformed=error.status == 400 and error.code not in CHANNEL_STATE_CODES,
            missing=error.code == UNKNOWN_CHANNEL,
            hint=refusal_hint(error, reopens=reopens),
        ) from error
    except TRANSPORT_ERRORS as error:
        if creates and may_have_arrived(error):
            raise DeliveryError(
                f"Discord may or may not have done the {action} in channel {channel.channel} "
                f"(not sent again): {error!r}",
                unknown=True,
            ) from error
        raise DeliveryError(f"could not reach Discord to {action}: {error!r}") from error


def refusal_hint(error: discord.HTTPException, *, reopens: bool) -> str:
    """What people can do about a refusal, if anything. An action that `reopens` an
    archived thread unless it is locked (a post, a reopening) refused as "archived" means
    archived and locked."""
    if error.code == THREAD_LOCKED or (error.code == THREAD_ARCHIVED and reopens):
        return THREAD_LOCKED_HINT
    if error.code == CANNOT_MESSAGE_USER:
        return DM_CLOSED_HINT
    if error.status == 403:
        return NO_ACCESS_HINT
    return ""
