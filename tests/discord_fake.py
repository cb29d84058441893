"""A loopback Discord for end-to-end tests: REST API and Gateway, as discord.py uses them.

The real, unmodified discord.py client logs in, syncs its commands, connects to the gateway
and answers interactions against this server, exactly as against Discord: JSON replies with
`Content-Type: application/json`, `X-RateLimit-*` headers (and 429s with `Via`, as Discord
sends them behind its proxy) per route bucket, multipart uploads with `payload_json`, the
3-second interaction acknowledgement deadline (10062; kept by `unloaded_time`, which leaves
out the time other processes held the CPU) and the single acknowledgement rule (40060). The
bot's permissions in each channel (`revoke`) are both what interactions from there say in
`app_permissions` and what its own posts and edits there are refused for (403). In a DM
with the bot (a user, no guild, no member, only the `app_permissions` Discord documents
there) the bot posts and edits its messages with no permission check.
The gateway speaks the real protocol (HELLO, IDENTIFY, READY, GUILD_CREATE, heartbeats,
dispatches with sequence numbers) in the compression the client asks for.

Tests inject interactions (`command`, `click`, `autocomplete`) and wait on the recorded REST
calls with `wait_for` (events with timeouts, never sleeps). A test may hold the bot's posts,
edits and thread-membership requests (`holds`) or drop their connections unanswered, before
or after Discord acts on them (`drop`); so too its answers to interactions.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import math
import re
import time
import zlib
from collections import Counter, defaultdict, deque
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Self

from aiohttp import WSMsgType, web

API_PREFIX = "/api/v10"
DISCORD_EPOCH_MS = 1420070400000
EPHEMERAL = 1 << 6
LOADING = 1 << 7
#: Interaction types and callback types, as numbered by Discord.
APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE = 2, 3, 4
CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, AUTOCOMPLETE_RESULT = 4, 5, 8
BUTTON = 2
STRING_SELECT = 3
#: Every permission bit a server owner has.
ALL_PERMISSIONS = (1 << 50) - 1
#: Permission bits, as numbered by Discord.
MANAGE_GUILD = 1 << 5
VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS, ATTACH_FILES = 1 << 10, 1 << 11, 1 << 14, 1 << 15
MENTION_EVERYONE, USE_EXTERNAL_EMOJIS, SEND_MESSAGES_IN_THREADS = 1 << 17, 1 << 18, 1 << 38
MANAGE_THREADS = 1 << 34
#: `app_permissions` in a DM with the bot: Discord's docs promise these bits only there, so
#: the fake sends no more, and nothing may read channel permissions into a DM's.
DM_APP_PERMISSIONS = ATTACH_FILES | EMBED_LINKS | MENTION_EVERYONE | USE_EXTERNAL_EMOJIS
#: How long a test waits for something the bot should do before failing with what it saw.
WAIT = 15.0
#: Channel types, as numbered by Discord.
GUILD_TEXT, PUBLIC_THREAD, PRIVATE_THREAD, GUILD_FORUM = 0, 11, 12, 15
#: The kind (`FakeDiscord.holds`, `FakeDiscord.drop`) of Get Thread Member and Join Thread.
MEMBER = "thread-member"
#: The kind (`FakeDiscord.holds`) of a gateway RESUME: held, the client stays reconnecting.
RESUME = "resume"
#: The kind (`FakeDiscord.holds`, `FakeDiscord.drop`) of an interaction's answers: its
#: callback (an answer or a defer), an edit of its original response, a follow-up.
ANSWER = "answer"

try:  # discord.py asks for zstd-stream when the zstandard package is importable
    import zstandard
except ImportError:  # pragma: no cover - depends on the environment
    zstandard = None


@dataclass
class RestCall:
    """One REST request as the fake received it, and the status it answered (0: none, its
    connection dropped before Discord acted on it; see `FakeDiscord.drop`)."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: dict[str, tuple[str, bytes]]
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    #: When the fake received it (event-loop clock).
    at: float = 0.0
    #: Whether its connection was dropped instead of answered (`FakeDiscord.drop`).
    dropped: bool = False

    def custom_ids(self) -> list[str]:
        """The button ids of the message this call sent (a callback's or an edit's)."""
        body = self.json if isinstance(self.json, dict) else {}
        return _custom_ids(body.get("data", body))


#: Where the middleware leaves the recorded call for the route handler.
CALL = web.RequestKey("call", RestCall)


@dataclass
class Interaction:
    """An interaction the fake dispatched; `message_id` is its original response, if any."""

    id: int
    token: str
    payload: dict[str, Any]
    #: When Discord created it, by the clock its deadline is kept by (`unloaded_time`).
    created: float
    acknowledged: bool = False
    #: Seconds from its creation to its first response, by that clock (None: unanswered).
    acknowledged_after: float | None = None
    message_id: int | None = None


@dataclass
class FakeThread:
    """A thread in the test guild: in its text channel, or a post in its forum channel.

    Discord's rules for the bot in it (docs: Threads, Modify Channel): any message sent in an
    archived thread unarchives it, unless it is locked, and so does setting `archived` false,
    which needs no more than sending does; nothing else (edits included) happens in an
    archived thread (400, 50083 "Thread is archived"); in a locked thread a user without
    Manage Threads, the bot included, can neither send nor edit (403, 160005 "Thread is
    locked"); a private thread is invisible to the bot until it is added (403, 50001
    "Missing Access") unless a moderator (Manage Threads), though interactions in it still
    reach the bot and are answered; only a moderator may add itself (Join Thread).
    Discord does not document its code for a refused reopening of a locked thread: the fake
    refuses it as it refuses a send there.
    """

    id: int
    parent_id: int
    name: str
    private: bool = False
    archived: bool = False
    locked: bool = False
    bot_member: bool = True

    def hidden(self, moderator: bool) -> bool:
        """Whether the bot cannot see the thread: private, the bot not added to it and not a
        `moderator` (Manage Threads in the parent)."""
        return self.private and not self.bot_member and not moderator

    def refusal(self, creates: bool, *, moderator: bool) -> tuple[int, int, str] | None:
        """Discord's status, code and message for the bot's send or reopening (`creates`),
        or edit."""
        if self.hidden(moderator):
            return 403, 50001, "Missing Access"
        if self.archived and (self.locked or not creates):
            return 400, 50083, "Thread is archived"
        if self.locked:
            return 403, 160005, "Thread is locked"
        return None


@dataclass
class Bucket:
    """A fixed-window rate limit, like Discord's per-route buckets."""

    limit: int
    window: float
    remaining: int = 0
    resets_at: float = 0.0

    def take(self, now: float) -> bool:
        if now >= self.resets_at:
            self.remaining, self.resets_at = self.limit, now + self.window
        if self.remaining == 0:
            return False
        self.remaining -= 1
        return True


class GatewaySession:
    """One gateway connection: frames compressed as the client asked, in order."""

    def __init__(self, ws: web.WebSocketResponse, compression: str | None) -> None:
        self.ws = ws
        self.compression = compression
        self.sequence = 0
        self.identify: dict[str, Any] | None = None
        #: Its id in READY, which a RESUME names; and every dispatch sent or due, as
        #: (sequence, frame), so a RESUME replays what the client missed.
        self.session_id = ""
        self.dispatched: list[tuple[int, str]] = []
        #: Whether this connection took over an earlier one's session by RESUME.
        self.resumed = False
        #: The connection underneath, to cut it without a close frame (`drop_gateway`).
        self.transport: asyncio.BaseTransport | None = None
        self._lock = asyncio.Lock()
        self._zlib = zlib.compressobj() if compression == "zlib-stream" else None
        self._zstd = (
            zstandard.ZstdCompressor().compressobj()
            if compression == "zstd-stream" and zstandard is not None
            else None
        )
        if compression not in (None, "zlib-stream") and self._zstd is None:
            raise ValueError(f"unsupported gateway compression {compression!r}")

    async def send(self, op: int, data: Any, event: str | None = None) -> None:
        """Send a frame; a dispatch while the connection is down waits for a RESUME."""
        async with self._lock:
            sequence = None
            if op == 0:
                self.sequence += 1
                sequence = self.sequence
            text = json.dumps({"op": op, "d": data, "s": sequence, "t": event})
            if sequence is not None:
                self.dispatched.append((sequence, text))
            if not self.ws.closed:
                with suppress(ConnectionResetError):  # cut: the RESUME replays a dispatch
                    await self._write(text)

    async def take_over(self, old: GatewaySession, seq: int) -> None:
        """RESUME `old`'s session on this connection: the dispatches after `seq`, then
        RESUMED, as Discord does."""
        async with self._lock:
            self.session_id, self.identify = old.session_id, old.identify
            self.sequence, self.dispatched = old.sequence, old.dispatched
            self.resumed = True
            for _, text in [d for d in self.dispatched if d[0] > seq]:
                await self._write(text)
        await self.send(0, {}, "RESUMED")

    async def _write(self, text: str) -> None:
        """One frame, compressed as the client asked (call with the lock held)."""
        if self._zlib is not None:
            frame = self._zlib.compress(text.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
            await self.ws.send_bytes(frame)
        elif self._zstd is not None:
            flush = zstandard.COMPRESSOBJ_FLUSH_BLOCK
            await self.ws.send_bytes(self._zstd.compress(text.encode()) + self._zstd.flush(flush))
        else:
            await self.ws.send_str(text)


#: Guild members' ids: this plus the number tests know them by (`FakeDiscord.user`).
USER_IDS = 900_000_000_000_000_000


class FakeDiscord:
    """Discord on 127.0.0.1: one application, one bot user, one guild with one text channel."""

    def __init__(self, *, token: str = "fake-bot-token", ack_deadline: float = 3.0) -> None:
        self.token = token
        self.ack_deadline = ack_deadline
        self._ids = itertools.count(1)
        self.application_id = self.snowflake()
        self.bot_user = self._user_object(self.application_id, "debatebot", bot=True)
        self.guild_id = self.snowflake()
        self.channel_id = self.snowflake()
        #: A forum channel: it holds posts (threads) only, never messages of its own.
        self.forum_id = self.snowflake()
        self.threads: dict[int, FakeThread] = {}
        #: The DM channels with the bot, by channel id, and their users: Discord opens one
        #: when a user first talks to the bot there, and then lets the bot post and edit
        #: its own messages in it, with no channel permissions to check.
        self.dm_users: dict[int, int] = {}
        #: Users whom Discord no longer lets the bot message (`refuse_dms`).
        self.dms_refused: set[int] = set()
        #: Whether the guild has removed the bot (`remove_bot`).
        self.bot_removed = False
        #: Server nicknames members chose, by user number; anyone else has none.
        self.nicks: dict[int, str] = {}
        self.calls: list[RestCall] = []
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.interactions: dict[int, Interaction] = {}
        self.sessions: list[GatewaySession] = []
        #: The bot's permissions in a channel (its roles and the channel's overwrites,
        #: resolved), every permission when unlisted; see `bot_permissions_in`.
        self.bot_permissions: dict[int, int] = {}
        #: Requests by kind ("post": a channel message create, "edit": a channel message
        #: edit, "thread-member": Get Thread Member or Join Thread, "answer": an
        #: interaction's callback, original-response edit or follow-up) that wait for their event
        #: before Discord acts on them, so a test decides which of two concurrent requests
        #: Discord answers first.
        self.holds: dict[str, asyncio.Event] = {}
        #: Whether a RESUME takes its session up again (else INVALID_SESSION), and how many
        #: RESUMEs wait on `holds[RESUME]` now.
        self.resumable = True
        self.resumes_held = 0
        #: How many of the next requests of a kind (as in `holds`) lose their connection
        #: without an answer, as when a network fails between Discord and the bot, keyed by
        #: kind and whether Discord acted on them first; see `drop`.
        self.drops: Counter[tuple[str, bool]] = Counter()
        #: How many of the next channel message creates Discord refuses as built wrong
        #: (400, 50035 "Invalid Form Body"), as a bug of the bot's would have it.
        self.malformed_posts = 0
        self.limits: dict[str, tuple[int, float]] = {}
        #: Per route (as in `limits`), the answers its next requests get instead of the
        #: handler's, first first: a rate limit the headers did not foretell (`rate_limit`),
        #: a refusal (`refuse`).
        self.refusals: dict[str, deque[Callable[[], web.Response]]] = defaultdict(deque)
        #: How many of the bot's next channel message edits meet Discord's hidden cap on
        #: edits of messages older than an hour (`cap_old_edits`).
        self.capped_edits = 0
        self._buckets: dict[tuple[str, str], Bucket] = {}
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(middlewares=[self._middleware], client_max_size=32 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        routes = [
            ("GET", "/users/@me", self._me),
            ("GET", "/oauth2/applications/@me", self._application),
            ("GET", "/gateway", self._gateway_info),
            ("GET", "/gateway/bot", self._gateway_info),
            ("PUT", "/applications/{app}/commands", self._put_commands),
            ("PUT", "/applications/{app}/guilds/{guild}/commands", self._put_commands),
            ("GET", "/webhooks/{app}/{token}/messages/@original", self._get_original),
            ("DELETE", "/webhooks/{app}/{token}/messages/@original", self._delete_original),
            ("PATCH", "/channels/{channel}", self._edit_channel),
            ("GET", "/guilds/{guild}", self._get_guild),
            ("POST", "/users/@me/channels", self._create_dm),
        ]
        interruptible = [
            ("POST", "/channels/{channel}/messages", self._post_message, "post"),
            ("PATCH", "/channels/{channel}/messages/{message}", self._edit_message, "edit"),
            ("GET", "/channels/{channel}/thread-members/{user}", self._get_thread_member, MEMBER),
            ("PUT", "/channels/{channel}/thread-members/@me", self._join_thread, MEMBER),
            ("POST", "/interactions/{interaction}/{token}/callback", self._callback, ANSWER),
            ("PATCH", "/webhooks/{app}/{token}/messages/@original", self._edit_original, ANSWER),
            ("POST", "/webhooks/{app}/{token}", self._followup, ANSWER),
        ]
        for method, path, handler, kind in interruptible:
            routes.append((method, path, self._interruptible(kind, handler)))
        for method, path, handler in routes:
            app.router.add_route(method, API_PREFIX + path, handler)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        # Hundreds of interaction answers open connections at once: the default backlog of
        # 128 would stall them by about a second.
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=2048)
        await site.start()
        server = site._server
        assert server is not None and server.sockets
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        for session in self.sessions:
            await session.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # -- ids and objects ----------------------------------------------------------------

    def snowflake(self, age: float = 0.0) -> int:
        """A fresh id whose embedded time is `age` seconds ago."""
        created_ms = int((time.time() - age) * 1000)
        return ((created_ms - DISCORD_EPOCH_MS) << 22) + next(self._ids)

    def user(self, number: int) -> dict[str, Any]:
        """A member of the test guild, with a stable id per number."""
        return self._user_object(USER_IDS + number, f"user{number}")

    @staticmethod
    def _user_object(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
        return {
            "id": str(user_id),
            "username": name,
            "global_name": name.title(),
            "discriminator": "0",
            "avatar": None,
            "public_flags": 0,
            "bot": bot,
        }

    def _channel_object(self, channel_id: int | None = None) -> dict[str, Any]:
        """The guild channel or thread `channel_id` (the text channel by default)."""
        if channel_id in self.threads:
            return self._thread_object(self.threads[channel_id])
        forum = channel_id == self.forum_id
        return {
            "id": str(self.forum_id if forum else self.channel_id),
            "type": GUILD_FORUM if forum else GUILD_TEXT,
            "guild_id": str(self.guild_id),
            "name": "ideas" if forum else "general",
            "position": 1 if forum else 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        } | ({"available_tags": [], "default_forum_layout": 0} if forum else {})

    def _thread_object(self, thread: FakeThread) -> dict[str, Any]:
        metadata: dict[str, Any] = {
            "archived": thread.archived,
            "auto_archive_duration": 1440,
            "archive_timestamp": _now_iso(),
            "locked": thread.locked,
            "create_timestamp": _now_iso(),
        }
        if thread.private:
            metadata["invitable"] = True
        return {
            "id": str(thread.id),
            "type": PRIVATE_THREAD if thread.private else PUBLIC_THREAD,
            "guild_id": str(self.guild_id),
            "parent_id": str(thread.parent_id),
            "owner_id": self.user(1)["id"],
            "name": thread.name,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "message_count": 0,
            "member_count": 1,
            "total_message_sent": 0,
            "flags": 0,
            "applied_tags": [],
            "thread_metadata": metadata,
        }

    # -- threads ------------------------------------------------------------------------

    async def start_thread(
        self, *, forum: bool = False, private: bool = False, bot_member: bool = True
    ) -> FakeThread:
        """A new thread in the text channel (a post in the forum channel with `forum`),
        announced over the gateway (THREAD_CREATE) when the bot can see it, as Discord does."""
        parent = self.forum_id if forum else self.channel_id
        thread_id = self.snowflake()
        name = f"{'post' if forum else 'thread'}-{thread_id}"
        thread = FakeThread(thread_id, parent, name, private=private, bot_member=bot_member)
        self.threads[thread_id] = thread
        if not thread.hidden(self.moderator_in(thread)):
            event = self._thread_object(thread) | {"newly_created": True}
            await self.guild_session.send(0, event, "THREAD_CREATE")
        return thread

    async def set_thread(
        self, thread: FakeThread, *, archived: bool | None = None, locked: bool | None = None
    ) -> None:
        """A moderator archives, locks, reopens or unlocks the thread (THREAD_UPDATE)."""
        if archived is not None:
            thread.archived = archived
        if locked is not None:
            thread.locked = locked
        await self.guild_session.send(0, self._thread_object(thread), "THREAD_UPDATE")

    async def _reopen(self, thread: FakeThread) -> None:
        """Unarchive the thread, if archived, and tell the bot (THREAD_UPDATE), as Discord
        does when a message or a Modify Channel reopens it."""
        if thread.archived:
            await self.set_thread(thread, archived=False)

    # -- the bot's permissions --------------------------------------------------------------

    def bot_permissions_in(self, channel: int) -> int:
        """The bot's permissions in a channel or thread: what Discord sends as
        `app_permissions` in interactions from there, and enforces on the bot's own posts
        and edits there. A thread has its parent's: Discord puts no overwrites on threads."""
        thread = self.threads.get(channel)
        return self.bot_permissions.get(thread.parent_id if thread else channel, ALL_PERMISSIONS)

    def moderator_in(self, thread: FakeThread) -> bool:
        """Whether the bot has Manage Threads in the thread (its parent's permissions), which
        shows it every private thread there."""
        return bool(self.bot_permissions_in(thread.id) & MANAGE_THREADS)

    def revoke(self, channel: int, permissions: int) -> None:
        """A server admin denies the bot `permissions` in a channel (an overwrite), and so
        in its threads."""
        if channel in self.threads:
            raise ValueError("Discord has no overwrites on threads: revoke in the parent")
        self.bot_permissions[channel] = self.bot_permissions_in(channel) & ~permissions

    async def remove_bot(self) -> None:
        """A server admin kicks the bot: Discord tells it (GUILD_DELETE, not `unavailable`),
        and from then on refuses it every channel of the guild as one it cannot see (403,
        50001 "Missing Access") and the guild itself (Get Guild: 403, 50001)."""
        self.bot_removed = True
        await self.guild_session.send(0, {"id": str(self.guild_id)}, "GUILD_DELETE")

    async def add_bot_back(self) -> None:
        """Someone with Manage Server adds the bot again: GUILD_CREATE, and its channels back."""
        self.bot_removed = False
        await self.guild_session.send(0, self._guild_object(), "GUILD_CREATE")

    def refuse_dms(self, user: int) -> None:
        """Discord refuses the bot's new messages in `user`'s DM from now on (403, 50007
        "Cannot send messages to this user"), as when the user leaves every server they
        share with the bot, turns off direct messages from a shared server's members, or
        blocks the bot."""
        self.dms_refused.add(user)

    def drop(self, request_kind: str, *, acted: bool, times: int = 1) -> None:
        """Drop the connection of the next `times` requests of `request_kind` (as in `holds`)
        without answering, after Discord carried them out (`acted`: a post exists, the bot
        joined) or before (nothing happened). The bot sees the same dropped connection
        either way, so it cannot tell whether a post arrived; the Slack fake's `dropped` is
        the first. aiohttp itself resends a GET or PUT once after a drop: it takes two to
        reach the bot."""
        self.drops[request_kind, acted] += times

    def rate_limit(self, route: str, *, times: int = 1, retry_after: float = 0.0) -> None:
        """Answer the next `times` requests of `route` (as keyed in `limits`, e.g. "POST
        /api/v10/webhooks/{app}/{token}") 429 though their bucket's headers said requests
        remained: Discord's shared limits, which no header foretells, documented as a 429
        with `retry_after` in the body, the `Retry-After` header, and `X-RateLimit-Scope:
        shared`. Nothing is done; discord.py waits `retry_after` and sends again."""
        self.refusals[route].extend([lambda: _rate_limited(retry_after, scope="shared")] * times)

    def refuse(self, route: str, status: int, code: int, message: str, *, times: int = 1) -> None:
        """Answer the next `times` requests of `route` (as in `rate_limit`) with Discord's
        error `status`, its JSON `code` and `message` (403 50001 "Missing Access", 404 10015
        "Unknown Webhook"): nothing is done."""
        error = {"message": message, "code": code}
        self.refusals[route].extend([lambda: _json(error, status)] * times)

    def cap_old_edits(self, times: int = 1) -> None:
        """Refuse the bot's next `times` message edits as Discord refuses edits past its
        undocumented cap on messages older than an hour: 429 with code 30046 ("try again
        later"), without the `Via` header of its ordinary rate limits, so discord.py raises
        it instead of waiting it out."""
        self.capped_edits += times

    @staticmethod
    def dm_channel_id(user: int) -> int:
        return 800_000_000_000_000_000 + user

    def _dm_object(self, user: int) -> dict[str, Any]:
        return {
            "id": str(self.dm_channel_id(user)),
            "type": 1,
            "recipients": [self.user(user)],
            "last_message_id": None,
            "flags": 0,
        }

    def _guild_object(self) -> dict[str, Any]:
        return {
            "id": str(self.guild_id),
            "name": "Test guild",
            "icon": None,
            "owner_id": "1",
            "roles": [
                {
                    "id": str(self.guild_id),
                    "name": "@everyone",
                    "permissions": str(1 << 10 | 1 << 11),
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                }
            ],
            "emojis": [],
            "stickers": [],
            "features": [],
            "member_count": 2,
            "large": False,
            "unavailable": False,
            "joined_at": _now_iso(),
            "channels": [self._channel_object(), self._channel_object(self.forum_id)],
            "threads": [],
            "members": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "premium_tier": 0,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "system_channel_flags": 0,
            "preferred_locale": "en-US",
        }

    # -- waiting ------------------------------------------------------------------------

    def _notify(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def wait_until(self, condition: Callable[[], bool], what: str) -> None:
        """Wait until `condition()` holds, re-checked whenever a call or session arrives."""
        try:
            async with asyncio.timeout(WAIT):
                while not condition():
                    await self._changed.wait()
        except TimeoutError:
            seen = "\n".join(f"  {c.method} {c.path} -> {c.status}" for c in self.calls[-15:])
            raise AssertionError(f"timed out waiting for {what}; last calls:\n{seen}") from None

    async def wait_for(
        self, predicate: Callable[[RestCall], bool], *, count: int = 1
    ) -> list[RestCall]:
        """The first `count` recorded calls matching `predicate`, once there are that many."""
        await self.wait_until(
            lambda: sum(1 for c in self.calls if predicate(c)) >= count,
            what=f"{count} matching REST call(s)",
        )
        return [c for c in self.calls if predicate(c)][:count]

    async def wait_ready(self, sessions: int = 1) -> None:
        """Wait until `sessions` gateway sessions have identified and received READY."""
        await self.wait_until(
            lambda: sum(1 for s in self.sessions if s.identify is not None) >= sessions,
            what=f"gateway session {sessions} to identify",
        )

    def responses(self, interaction: Interaction) -> list[RestCall]:
        """Every answer to an interaction: its callback, original-response edits, follow-ups."""
        marks = (
            f"/interactions/{interaction.id}/",
            f"/webhooks/{self.application_id}/{interaction.token}",
        )
        return [c for c in self.calls if c.path.startswith(marks) and c.status < 300]

    async def answer(self, interaction: Interaction) -> RestCall:
        """The call that put the interaction's answer on screen (a message, not "thinking…")."""

        def shown(call: RestCall) -> bool:
            if call.status >= 300 or call.method == "DELETE":
                return False
            if call.path.endswith("/callback"):
                return call.json.get("type") != DEFERRED_CHANNEL_MESSAGE
            return call.method in ("PATCH", "POST")

        await self.wait_until(
            lambda: any(shown(c) for c in self.responses(interaction)),
            what=f"an answer to interaction {interaction.id}",
        )
        return next(c for c in self.responses(interaction) if shown(c))

    # -- injecting interactions ---------------------------------------------------------

    def registered(self, name: str) -> tuple[int | None, dict[str, Any]]:
        """The scope (guild id or None) and definition of the command called `name`."""
        for scope in (self.guild_id, None):
            for command in self.commands.get(scope, []):
                if command["name"] == name:
                    return scope, command
        raise KeyError(f"/{name} is not registered")

    async def command(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        user: int = 1,
        permissions: int = 0,
        dm: bool = False,
        age: float = 0.0,
        channel: int | None = None,
    ) -> Interaction:
        """A slash command typed by `user` in the guild's channel (or in `channel`, a thread
        of it, or in a DM with the bot), option values typed as Discord sends them; `age`
        backdates its creation (the snowflake), as gateway lag does."""
        scope, definition = self.registered(name)
        if dm and scope is not None:
            raise KeyError(f"/{name} is a guild command: Discord does not offer it in DMs")
        types = {o["name"]: o["type"] for o in definition.get("options", [])}
        data: dict[str, Any] = {
            "id": definition["id"],
            "name": name,
            "type": 1,
            "options": [
                {"name": key, "type": types[key], "value": value}
                for key, value in (options or {}).items()
            ],
        }
        if scope is not None:
            data["guild_id"] = str(scope)
        return await self._interact(
            APPLICATION_COMMAND, data, user, permissions, dm=dm, age=age, channel=channel
        )

    async def autocomplete(
        self,
        name: str,
        option: str,
        typed: str,
        *,
        user: int = 1,
        dm: bool = False,
        channel: int | None = None,
        filled: dict[str, Any] | None = None,
    ) -> Interaction:
        """Typing `typed` into /`name`'s `option`, with `filled` in its other fields (Discord
        sends them along, unvalidated)."""
        scope, definition = self.registered(name)
        types = {o["name"]: o["type"] for o in definition.get("options", [])}
        others = [
            {"name": key, "type": types[key], "value": value}
            for key, value in (filled or {}).items()
        ]
        focused = {"name": option, "type": types[option], "value": typed, "focused": True}
        data: dict[str, Any] = {
            "id": definition["id"],
            "name": name,
            "type": 1,
            "options": [*others, focused],
        }
        if scope is not None:
            data["guild_id"] = str(scope)
        return await self._interact(AUTOCOMPLETE, data, user, 0, dm=dm, channel=channel)

    async def cached_command(
        self, name: str, options: list[dict[str, Any]], *, kind: int = APPLICATION_COMMAND
    ) -> Interaction:
        """/`name` sent from a client's cached definition, which a re-sync has since changed
        or removed: `options` go out verbatim (names, types, values, `focused` in an
        autocomplete `kind`), whatever the bot registered, as Discord relays them."""
        try:
            scope, definition = self.registered(name)
        except KeyError:  # removed since: the client still knows its old id
            scope, definition = self.guild_id, {"id": str(self.snowflake())}
        data: dict[str, Any] = {
            "id": definition["id"],
            "name": name,
            "type": 1,
            "options": options,
            "guild_id": str(scope),
        }
        return await self._interact(kind, data, user=1, permissions=0)

    async def click(
        self,
        message_id: int,
        custom_id: str,
        *,
        user: int = 1,
        permissions: int = 0,
        dm: bool = False,
        anonymous: bool = False,
        channel: int | None = None,
        age: float = 0.0,
    ) -> Interaction:
        """A button press on a message the bot posted, sent with the message as Discord does,
        from the message's own channel or thread (from `channel` if given: Discord never
        does that, which is what a probe from another conversation looks like).

        With `dm`, the click arrives from `user`'s DM with the bot whatever channel the
        message is in: Discord never does that, which is what a probe of another
        conversation's poll looks like to the bot. With `anonymous`, it names no user at all
        (no `member`, no `user`), a broken delivery the bot must not count. `age` backdates
        it as for `command`: past the deadline, it arrives dead, as one replayed after a
        gateway RESUME does."""
        message = self.messages[message_id]
        if custom_id not in _custom_ids(message):
            raise KeyError(f"message {message_id} has no button {custom_id!r}")
        data = {"custom_id": custom_id, "component_type": BUTTON}
        if channel is None and int(message["channel_id"]) in self.threads:
            channel = int(message["channel_id"])
        return await self._interact(
            MESSAGE_COMPONENT,
            data,
            user,
            permissions,
            message=message,
            dm=dm,
            age=age,
            anonymous=anonymous,
            channel=channel,
        )

    async def choose(
        self, message_id: int, custom_id: str, values: list[str], *, user: int = 1
    ) -> Interaction:
        """A choice in a select menu on a message, sent with the message as Discord does."""
        message = self.messages[message_id]
        if custom_id not in _custom_ids(message):
            raise KeyError(f"message {message_id} has no component {custom_id!r}")
        data = {"custom_id": custom_id, "component_type": STRING_SELECT, "values": values}
        return await self._interact(MESSAGE_COMPONENT, data, user, 0, message=message)

    async def _interact(
        self,
        kind: int,
        data: dict[str, Any],
        user: int,
        permissions: int,
        message: dict[str, Any] | None = None,
        *,
        dm: bool = False,
        age: float = 0.0,
        anonymous: bool = False,
        channel: int | None = None,
    ) -> Interaction:
        interaction_id = self.snowflake(age)
        token = f"interaction-token-{interaction_id}"
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": kind,
            "data": data,
            "token": token,
            "version": 1,
            "locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if dm:  # a DM with the bot: a user, no guild, no member, no permissions
            self.dm_users[self.dm_channel_id(user)] = user
            payload |= {
                "channel_id": str(self.dm_channel_id(user)),
                "channel": self._dm_object(user),
                "user": self.user(user),
                # a guild install used in its bot DM: the owner is "0", not the user
                "authorizing_integration_owners": {"0": "0"},
                "context": 1,
                "app_permissions": str(DM_APP_PERMISSIONS),
            }
        else:
            payload |= {
                "guild_id": str(self.guild_id),
                "guild": {"id": str(self.guild_id), "locale": "en-US", "features": []},
                "guild_locale": "en-US",
                "channel_id": str(channel or self.channel_id),
                "channel": self._channel_object(channel),
                "member": {
                    "user": self.user(user),
                    "roles": [],
                    "joined_at": _now_iso(),
                    "deaf": False,
                    "mute": False,
                    "flags": 0,
                    "pending": False,
                    "nick": self.nicks.get(user),
                    "avatar": None,
                    "premium_since": None,
                    "communication_disabled_until": None,
                    "permissions": str(permissions),
                },
                "authorizing_integration_owners": {"0": str(self.guild_id)},
                "context": 0,
                "app_permissions": str(self.bot_permissions_in(channel or self.channel_id)),
            }
        if message is not None:
            payload["message"] = message
        if anonymous:
            payload.pop("member", None)
            payload.pop("user", None)
        # Discord's deadline counts from creation. Lag under it is counted from here, so the
        # tests of deferring at once keep their margin on a busy machine; an interaction older
        # than the deadline arrives dead (10062 to any answer), as Discord would have it.
        lag = age if age > self.ack_deadline else 0.0
        created = unloaded_time() - lag
        interaction = Interaction(interaction_id, token, payload, created)
        self.interactions[interaction_id] = interaction
        session = self._dm_session if dm else self.guild_session
        await session.send(0, payload, "INTERACTION_CREATE")
        return interaction

    async def resend(self, interaction: Interaction) -> None:
        """`interaction`'s INTERACTION_CREATE again, as a resumed gateway session replays
        the events it cannot tell the client saw: same id, same token."""
        dm = "guild_id" not in interaction.payload
        session = self._dm_session if dm else self.guild_session
        await session.send(0, interaction.payload, "INTERACTION_CREATE")

    # -- gateway ------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        session = GatewaySession(ws, request.query.get("compress"))
        session.transport = request.transport
        self.sessions.append(session)
        await session.send(10, {"heartbeat_interval": 41250})
        async for frame in ws:
            if frame.type is not WSMsgType.TEXT:
                continue
            message = json.loads(frame.data)
            if message["op"] == 1:
                await session.send(11, None)
            elif message["op"] == 2:
                await self._identify(session, message["d"])
            elif message["op"] == 6:
                await self._resume(session, message["d"])
        return ws

    async def _resume(self, session: GatewaySession, data: dict[str, Any]) -> None:
        """RESUME: the session it names takes up again where the client left it, unless
        the test made sessions unresumable (`resumable`): then INVALID_SESSION, and the
        client identifies anew, the dispatches it missed lost, as on Discord."""
        if (hold := self.holds.get(RESUME)) is not None:
            self.resumes_held += 1
            self._notify()
            await hold.wait()
        old = next(
            (s for s in self.sessions if s.session_id and s.session_id == data.get("session_id")),
            None,
        )
        if old is None or not self.resumable or data.get("token") != self.token:
            await session.send(9, False)
            return
        await session.take_over(old, int(data.get("seq") or 0))
        self._notify()

    async def drop_gateway(self, code: int | None) -> GatewaySession:
        """End the guild's gateway connection from Discord's side: closed with `code`
        (1000, 4000...), or with None cut without a close frame (1006); returns it."""
        session = self.guild_session
        if code is None:
            assert session.transport is not None
            session.transport.abort()
        else:
            await session.ws.close(code=code)
        return session

    async def _identify(self, session: GatewaySession, data: dict[str, Any]) -> None:
        if data.get("token") != self.token:
            await session.ws.close(code=4004, message=b"Authentication failed.")
            return
        session.session_id = f"session-{len(self.sessions)}"
        ready = {
            "v": 10,
            "user": self.bot_user,
            "guilds": [{"id": str(self.guild_id), "unavailable": True}],
            "session_id": session.session_id,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": 0},
        }
        serves = self._serves_guild(data)
        if not serves:
            ready["guilds"] = []
        if "shard" in data:
            ready["shard"] = data["shard"]
        await session.send(0, ready, "READY")
        if serves:
            await session.send(0, self._guild_object(), "GUILD_CREATE")
        session.identify = data
        self._notify()

    def _serves_guild(self, identify: dict[str, Any]) -> bool:
        """Whether a session identified so receives the guild's events: every session
        unsharded, else only the guild's shard, `(guild_id >> 22) % num_shards` (Discord's
        Gateway docs, Sharding)."""
        if "shard" not in identify:
            return True
        shard_id, num_shards = identify["shard"]
        return (self.guild_id >> 22) % num_shards == shard_id

    @property
    def guild_session(self) -> GatewaySession:
        """The latest session that receives the guild's events (`_serves_guild`)."""
        return next(
            s
            for s in reversed(self.sessions)
            if s.identify is not None and self._serves_guild(s.identify)
        )

    @property
    def _dm_session(self) -> GatewaySession:
        """The latest session that receives DM events: Discord sends them to shard 0 only."""
        return next(
            s
            for s in reversed(self.sessions)
            if s.identify is not None and s.identify.get("shard", [0])[0] == 0
        )

    # -- REST plumbing ------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX):
            return await handler(request)
        arrived = asyncio.get_running_loop().time()
        body, files = await _read_body(request)
        call = RestCall(
            request.method,
            request.path.removeprefix(API_PREFIX),
            dict(request.query),
            body,
            files,
        )
        call.at = arrived
        request[CALL] = call
        route = request.match_info.route.resource
        template = route.canonical if route is not None else request.path
        needs_bot = not template.startswith(f"{API_PREFIX}/interactions/") and not (
            template.startswith(f"{API_PREFIX}/webhooks/")
        )
        problem = _message_problem(call)
        if needs_bot and request.headers.get("Authorization") != f"Bot {self.token}":
            response: web.StreamResponse = _json({"message": "401: Unauthorized", "code": 0}, 401)
        elif _empty_message(call):
            response = _json({"message": "Cannot send an empty message", "code": 50006}, 400)
        elif problem is not None:
            # Discord's errors object: the field refused, then `_errors` (what discord.py
            # flattens into the exception's text; a bare string there crashes it).
            field, _, why = problem.partition(": ")
            errors = {field: {"_errors": [{"code": "BASE_TYPE_INVALID", "message": why}]}}
            response = _json({"message": "Invalid Form Body", "code": 50035, "errors": errors}, 400)
        else:
            route_key = f"{request.method} {template}"
            response = await self._limited(request, handler, route_key, arrived)
        call.status = response.status
        call.headers = dict(response.headers)
        self.calls.append(call)
        self._notify()
        return response

    def _interruptible(
        self, request_kind: str, handler: Callable[[web.Request], Awaitable[web.Response]]
    ) -> Callable[[web.Request], Awaitable[web.Response]]:
        """`handler` for requests of `request_kind`, which a test may hold (`holds`) or have
        dropped before or after Discord acts on them (`drop`)."""

        async def interruptible(request: web.Request) -> web.Response:
            hold = self.holds.get(request_kind)
            if hold is not None:
                await hold.wait()
            if self._dropping(request, request_kind, acted=False):
                return web.Response(status=0)  # never sent: the connection is gone
            response = await handler(request)
            self._dropping(request, request_kind, acted=True)
            return response

        return interruptible

    def _dropping(self, request: web.Request, request_kind: str, *, acted: bool) -> bool:
        """Close the request's connection if a test asked (`drop`); whether it did."""
        if self.drops[request_kind, acted] <= 0:
            return False
        self.drops[request_kind, acted] -= 1
        request[CALL].dropped = True
        assert request.transport is not None
        request.transport.close()
        return True

    async def _limited(
        self, request: web.Request, handler: Any, route: str, arrived: float
    ) -> web.StreamResponse:
        """Count the request in its route bucket (per major parameter) when it arrived; answer
        429 if the bucket was empty, else the handler's response; add Discord's headers."""
        limit, window = self.limits.get(route, (50, 1.0))
        major = next(
            (
                request.match_info[k]
                for k in ("channel", "interaction", "token", "guild")
                if k in request.match_info
            ),
            "",
        )
        bucket = self._buckets.setdefault((route, major), Bucket(limit, window))
        loop = asyncio.get_running_loop()
        if self.refusals[route]:
            response = self.refusals[route].popleft()()
        elif bucket.take(arrived):
            response = await handler(request)
        else:
            response = _rate_limited(max(bucket.resets_at - loop.time(), 0.0), scope="user")
        # As of answering, rounded up to the millisecond, so waiting it out is always enough.
        reset_after = math.ceil(max(bucket.resets_at - loop.time(), 0.0) * 1000) / 1000
        response.headers.update(
            {
                "X-RateLimit-Limit": str(bucket.limit),
                "X-RateLimit-Remaining": str(bucket.remaining),
                "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
                "X-RateLimit-Reset-After": f"{reset_after:.3f}",
                "X-RateLimit-Bucket": hashlib.sha1(route.encode()).hexdigest()[:16],
            }
        )
        return response

    # -- REST: identity and commands ----------------------------------------------------

    async def _me(self, request: web.Request) -> web.Response:
        return _json({**self.bot_user, "verified": True, "mfa_enabled": False, "flags": 0})

    async def _application(self, request: web.Request) -> web.Response:
        return _json(
            {
                "id": str(self.application_id),
                "name": "Debate bot",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": self._user_object(1, "owner"),
                "verify_key": "0" * 64,
                "flags": 0,
                "team": None,
                "summary": "",
                "rpc_origins": [],
                "interactions_endpoint_url": None,
            }
        )

    async def _gateway_info(self, request: web.Request) -> web.Response:
        return _json({"url": self.gateway_url, "shards": 1})

    async def _put_commands(self, request: web.Request) -> web.Response:
        scope = int(request.match_info["guild"]) if "guild" in request.match_info else None
        registered = []
        for command in request[CALL].json:
            stored = {
                **command,
                "id": str(self.snowflake()),
                "application_id": str(self.application_id),
                "version": str(self.snowflake()),
            }
            if scope is not None:
                stored["guild_id"] = str(scope)
            registered.append(stored)
        self.commands[scope] = registered
        return _json(registered)

    # -- REST: interaction responses ----------------------------------------------------

    async def _callback(self, request: web.Request) -> web.Response:
        interaction = self.interactions.get(int(request.match_info["interaction"]))
        if interaction is None or interaction.token != request.match_info["token"]:
            return _json({"message": "Unknown interaction", "code": 10062}, 404)
        age = unloaded_time() - interaction.created
        if age > self.ack_deadline:
            return _json({"message": "Unknown interaction", "code": 10062}, 404)
        if interaction.acknowledged:
            return _json(
                {"message": "Interaction has already been acknowledged.", "code": 40060}, 400
            )
        interaction.acknowledged = True
        interaction.acknowledged_after = age
        call: RestCall = request[CALL]
        kind = call.json["type"]
        data = call.json.get("data") or {}
        summary: dict[str, Any] = {
            "id": str(interaction.id),
            "type": interaction.payload["type"],
            "activity_instance_id": None,
            "response_message_id": None,
            "response_message_loading": kind == DEFERRED_CHANNEL_MESSAGE,
            "response_message_ephemeral": bool(data.get("flags", 0) & EPHEMERAL),
        }
        if kind not in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE):
            return _json({"interaction": summary})
        flags = data.get("flags", 0) | (LOADING if kind == DEFERRED_CHANNEL_MESSAGE else 0)
        message = self._new_message(
            {**data, "flags": flags}, call.files, kind=20, interaction=interaction
        )
        interaction.message_id = int(message["id"])
        summary["response_message_id"] = message["id"]
        return _json({"interaction": summary, "resource": {"type": kind, "message": message}})

    def _interaction_by_token(self, request: web.Request) -> Interaction | None:
        token = request.match_info["token"]
        if request.match_info["app"] != str(self.application_id):
            return None
        return next((i for i in self.interactions.values() if i.token == token), None)

    def _original(self, request: web.Request) -> dict[str, Any] | None:
        interaction = self._interaction_by_token(request)
        if interaction is None or interaction.message_id is None:
            return None
        return self.messages.get(interaction.message_id)

    async def _get_original(self, request: web.Request) -> web.Response:
        message = self._original(request)
        return _json(message) if message else _unknown_message()

    async def _edit_original(self, request: web.Request) -> web.Response:
        message = self._original(request)
        if message is None:
            return _unknown_message()
        call: RestCall = request[CALL]
        self._update_message(message, call.json, call.files)
        message["flags"] &= ~LOADING
        return _json(message)

    async def _delete_original(self, request: web.Request) -> web.Response:
        message = self._original(request)
        if message is None:
            return _unknown_message()
        del self.messages[int(message["id"])]
        return web.Response(status=204)

    async def _followup(self, request: web.Request) -> web.Response:
        interaction = self._interaction_by_token(request)
        if interaction is None:
            return _json({"message": "Unknown Webhook", "code": 10015}, 404)
        call: RestCall = request[CALL]
        message = self._new_message(call.json, call.files, kind=20, interaction=interaction)
        return _json(message)

    # -- REST: channel messages (bot token) ---------------------------------------------

    def _channel_refusal(self, request: web.Request, *, creates: bool) -> web.Response | None:
        """Discord's answer to the bot sending or reopening (`creates`), or editing, in the
        request's channel, when it refuses: for an unknown channel, for the bot's permissions
        there (`_permission_refusal`), then for the thread's state (`FakeThread.refusal`).
        A DM with the bot has no permissions to refuse for (`dm_users`), only its user's
        choice (`refuse_dms`)."""
        channel = int(request.match_info["channel"])
        if channel in self.dm_users:
            if creates and self.dm_users[channel] in self.dms_refused:
                return _json({"message": "Cannot send messages to this user", "code": 50007}, 403)
            return None
        if self.bot_removed:
            return _missing_access()
        thread = self.threads.get(channel)
        if thread is None and channel != self.channel_id:
            return _json({"message": "Unknown Channel", "code": 10003}, 404)
        refusal = self._permission_refusal(channel, request[CALL], creates=creates)
        if refusal is None and thread is not None:
            refusal = thread.refusal(creates, moderator=self.moderator_in(thread))
        if refusal is None:
            return None
        status, code, message = refusal
        return _json({"message": message, "code": code}, status)

    def _permission_refusal(
        self, channel: int, call: RestCall, *, creates: bool
    ) -> tuple[int, int, str] | None:
        """What the bot's permissions in `channel` refuse: anything without View Channel
        (403, 50001 "Missing Access"); a message create or a thread's reopening without
        Send Messages (in a thread, Send Messages in Threads), embeds without Embed Links,
        files without Attach Files (403, 50013 "Missing Permissions"). Discord refuses an
        embed-only message without Embed Links so; an edit has been seen to drop the embeds
        instead: either way a poll's tally never shows."""
        granted = self.bot_permissions_in(channel)
        if not granted & VIEW_CHANNEL:
            return 403, 50001, "Missing Access"
        body = call.json if isinstance(call.json, dict) else {}
        needed = EMBED_LINKS if body.get("embeds") else 0
        needed |= ATTACH_FILES if call.files else 0
        if creates:
            needed |= SEND_MESSAGES_IN_THREADS if channel in self.threads else SEND_MESSAGES
        if needed & ~granted:
            return 403, 50013, "Missing Permissions"
        return None

    async def _get_guild(self, request: web.Request) -> web.Response:
        """Get Guild: the guild for a member of it; a guild that removed the bot refuses it
        as any guild it is not in (403, 50001), an unknown one is 404 (10004)."""
        if request.match_info["guild"] != str(self.guild_id):
            return _json({"message": "Unknown Guild", "code": 10004}, 404)
        return _missing_access() if self.bot_removed else _json(self._guild_object())

    async def _edit_channel(self, request: web.Request) -> web.Response:
        """Modify Channel as far as the bot may use it: reopening a thread (`archived`
        false). Anything else needs Manage Threads or Manage Channels, which it never has."""
        thread = self.threads.get(int(request.match_info["channel"]))
        if request[CALL].json != {"archived": False} or thread is None:
            return _json({"message": "Missing Permissions", "code": 50013}, 403)
        refusal = self._channel_refusal(request, creates=True)
        if refusal is not None:
            return refusal
        await self._reopen(thread)
        return _json(self._thread_object(thread))

    def _thread_access(self, request: web.Request) -> FakeThread | web.Response:
        """The request's thread, or Discord's refusal of a thread-members route there: an
        unknown channel (404, 10003), a thread the bot cannot see (403, 50001)."""
        thread = self.threads.get(int(request.match_info["channel"]))
        if thread is None:
            return _json({"message": "Unknown Channel", "code": 10003}, 404)
        visible = self.bot_permissions_in(thread.id) & VIEW_CHANNEL
        if not visible or thread.hidden(self.moderator_in(thread)):
            return _missing_access()
        return thread

    async def _get_thread_member(self, request: web.Request) -> web.Response:
        """Get Thread Member: the member object if the user is in the thread, else 404 (docs);
        the fake knows one member, the bot (its id, or `@me`). Discord documents no error code
        for "not a member": the fake sends Unknown Member's."""
        thread = self._thread_access(request)
        if isinstance(thread, web.Response):
            return thread
        user = request.match_info["user"]
        if user not in ("@me", self.bot_user["id"]) or not thread.bot_member:
            return _json({"message": "Unknown Member", "code": 10007}, 404)
        return _json(self._thread_member(thread))

    async def _join_thread(self, request: web.Request) -> web.Response:
        """Join Thread: the bot adds itself to a thread it can see (a private one only as a
        moderator) that is not archived, with Send Messages in Threads (discord.py's
        `Thread.join`); 204, then THREAD_CREATE and THREAD_MEMBERS_UPDATE, as Discord fires."""
        thread = self._thread_access(request)
        if isinstance(thread, web.Response):
            return thread
        if thread.archived:
            return _json({"message": "Thread is archived", "code": 50083}, 400)
        if not self.bot_permissions_in(thread.id) & SEND_MESSAGES_IN_THREADS:
            return _json({"message": "Missing Permissions", "code": 50013}, 403)
        thread.bot_member = True
        member = self._thread_member(thread)
        session = self.guild_session
        await session.send(0, self._thread_object(thread) | {"member": member}, "THREAD_CREATE")
        update = {
            "id": str(thread.id),
            "guild_id": str(self.guild_id),
            "member_count": 2,
            "added_members": [member],
            "removed_member_ids": [],
        }
        await session.send(0, update, "THREAD_MEMBERS_UPDATE")
        return web.Response(status=204)

    def _thread_member(self, thread: FakeThread) -> dict[str, Any]:
        """The bot's thread member object in `thread`."""
        return {
            "id": str(thread.id),
            "user_id": self.bot_user["id"],
            "join_timestamp": _now_iso(),
            "flags": 0,
        }

    async def _post_message(self, request: web.Request) -> web.Response:
        refusal = self._channel_refusal(request, creates=True)
        if refusal is not None:
            return refusal
        if self.malformed_posts > 0:
            self.malformed_posts -= 1
            return _json({"message": "Invalid Form Body", "code": 50035, "errors": {}}, 400)
        call: RestCall = request[CALL]
        channel = int(request.match_info["channel"])
        if channel in self.threads:  # a message sent in an archived (unlocked) thread
            await self._reopen(self.threads[channel])
        return _json(self._new_message(call.json, call.files, kind=0, channel=channel))

    async def _edit_message(self, request: web.Request) -> web.Response:
        refusal = self._channel_refusal(request, creates=False)
        if refusal is not None:
            return refusal
        if self.capped_edits > 0:
            self.capped_edits -= 1
            text = "Maximum number of edits to messages older than 1 hour reached. Try again later."
            return _json({"message": text, "code": 30046, "retry_after": 1.0}, 429)
        message = self.messages.get(int(request.match_info["message"]))
        if (
            message is None
            or message["flags"] & EPHEMERAL
            or message["channel_id"] != request.match_info["channel"]
        ):
            return _unknown_message()
        call: RestCall = request[CALL]
        self._update_message(message, call.json, call.files)
        message["edited_timestamp"] = _now_iso()
        return _json(message)

    async def _create_dm(self, request: web.Request) -> web.Response:
        """Create DM (`recipient_id`): the bot's DM channel with a member of the guild,
        opened if it was not, as a DM channel object. Discord opens it whatever the user's
        settings: sending in it is what their closed DMs refuse (`refuse_dms`)."""
        call: RestCall = request[CALL]
        user = int(call.json["recipient_id"]) - USER_IDS
        self.dm_users[self.dm_channel_id(user)] = user
        return _json(self._dm_object(user))

    # -- message store ------------------------------------------------------------------

    def _new_message(
        self,
        data: dict[str, Any],
        files: dict[str, tuple[str, bytes]],
        *,
        kind: int,
        interaction: Interaction | None = None,
        channel: int | None = None,
    ) -> dict[str, Any]:
        """A message posted by an interaction's answer, or by the bot in `channel`."""
        message_id = self.snowflake()
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": interaction.payload["channel_id"] if interaction else str(channel),
            "author": self.bot_user,
            "content": "",
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": kind,
            "flags": 0,
        }
        if "guild_id" in (interaction.payload if interaction else {}) or (
            interaction is None and channel not in self.dm_users
        ):
            message["guild_id"] = str(self.guild_id)
        if interaction is not None:
            message["application_id"] = str(self.application_id)
            message["webhook_id"] = str(self.application_id)
            message["interaction_metadata"] = {
                "id": str(interaction.id),
                "type": interaction.payload["type"],
                "user": interaction.payload.get("member", interaction.payload).get("user"),
                "authorizing_integration_owners": {},
            }
        self._update_message(message, data, files)
        message["flags"] = data.get("flags", 0)
        self.messages[message_id] = message
        return message

    def _update_message(
        self, message: dict[str, Any], data: dict[str, Any], files: dict[str, tuple[str, bytes]]
    ) -> None:
        """Apply the fields present in a create or edit payload, as Discord does."""
        for key in ("content", "embeds", "components"):
            if key in data:
                message[key] = (
                    data[key] if data[key] is not None else ([] if key != "content" else "")
                )
        if "attachments" in data or files:
            kept = {str(a["id"]) for a in data.get("attachments", [])}
            attachments = [a for a in message["attachments"] if a["id"] in kept]
            # A new file's metadata (its description, the alt text) is the `attachments`
            # entry whose id is the n of its `files[n]` part.
            described = {
                f"files[{a['id']}]": a["description"]
                for a in data.get("attachments", [])
                if "description" in a
            }
            for part, (filename, content) in files.items():
                attachment_id = str(self.snowflake())
                attachment = {
                    "id": attachment_id,
                    "filename": filename,
                    "size": len(content),
                    "url": f"{self.api_base}/attachments/{attachment_id}/{filename}",
                    "proxy_url": f"{self.api_base}/attachments/{attachment_id}/{filename}",
                }
                if part in described:
                    attachment["description"] = described[part]
                attachments.append(attachment)
            message["attachments"] = attachments


async def _read_body(request: web.Request) -> tuple[Any, dict[str, tuple[str, bytes]]]:
    """The JSON body, or a multipart body's `payload_json` and its `files[n]` parts."""
    files: dict[str, tuple[str, bytes]] = {}
    if request.content_type == "multipart/form-data":
        payload: Any = None
        reader = await request.multipart()
        async for part in reader:
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            elif part.name:
                files[part.name] = (part.filename or part.name, await part.read())
        return payload, files
    raw = await request.read()
    return (json.loads(raw) if raw else None), files


def _message_problem(call: RestCall) -> str | None:
    """What Discord would refuse (50035) in a message a call sends or edits, if anything."""
    if call.method not in ("POST", "PATCH") or not isinstance(call.json, dict):
        return None
    data = call.json.get("data") or {} if call.path.endswith("/callback") else call.json
    choices = data.get("choices")
    if choices is not None:  # an autocomplete's suggestions (discord.py's `Choice` documents
        # these limits: names of 1 to 100 characters, string values up to 100)
        if len(choices) > 25 or any(
            not 1 <= len(c["name"]) <= 100
            or (isinstance(c["value"], str) and len(c["value"]) > 100)
            for c in choices
        ):
            return "choices: more than 25, or a name or value over 100 characters"
    if len(data.get("content") or "") > 2000:
        return "content: more than 2000 characters"
    if any(len(a.get("description") or "") > 1024 for a in data.get("attachments") or []):
        return "attachments: a description (alt text) over 1024 characters"
    embeds = data.get("embeds") or []
    if len(embeds) > 10:
        return "embeds: more than 10"
    total = 0
    for embed in embeds:
        fields = embed.get("fields") or []
        texts = {
            "title": (embed.get("title") or "", 256),
            "description": (embed.get("description") or "", 4096),
            "footer": ((embed.get("footer") or {}).get("text") or "", 2048),
        }
        texts |= {f"field {n} name": (f["name"], 256) for n, f in enumerate(fields)}
        texts |= {f"field {n} value": (f["value"], 1024) for n, f in enumerate(fields)}
        for what, (text, limit) in texts.items():
            if len(text) > limit:
                return f"embed {what}: more than {limit} characters"
        if len(fields) > 25 or any(not f["name"] or not f["value"] for f in fields):
            return "embed fields: more than 25, or one is empty"
        total += sum(len(text) for text, _ in texts.values())
    if total > 6000:
        return f"embeds: {total} characters in one message, more than 6000"
    rows = data.get("components") or []
    if len(rows) > 5 or any(len(row["components"]) > 5 for row in rows):
        return "components: more than 5 rows or 5 buttons a row"
    for button in (c for row in rows for c in row["components"]):
        if len(button.get("custom_id", "")) > 100 or len(button.get("label", "")) > 80:
            return "components: custom_id over 100 or label over 80 characters"
    return None


#: The calls that post a new message: to a channel, as an interaction's follow-up (its
#: webhook), or as an interaction's answer (`CHANNEL_MESSAGE`, type 4).
_NEW_MESSAGE = re.compile(
    r"/channels/\d+/messages|/webhooks/\d+/[^/]+|/interactions/\d+/[^/]+/callback"
)


def _empty_message(call: RestCall) -> bool:
    """Whether Discord would refuse a new message as empty (50006): no content but white
    space, no embed showing anything, no components, stickers, poll or files."""
    if call.method != "POST" or not _NEW_MESSAGE.fullmatch(call.path):
        return False
    body = call.json if isinstance(call.json, dict) else {}
    if call.path.endswith("/callback"):
        if body.get("type") != CHANNEL_MESSAGE:
            return False
        body = body.get("data") or {}
    shown = ("components", "sticker_ids", "poll", "attachments")
    embed_parts = ("title", "description", "fields", "image", "thumbnail", "author", "footer")
    embeds = [e for e in body.get("embeds") or [] if any(e.get(k) for k in embed_parts)]
    return (
        not (body.get("content") or "").strip()
        and not call.files
        and not embeds
        and not any(body.get(key) for key in shown)
    )


def _custom_ids(message: dict[str, Any]) -> list[str]:
    components = message.get("components") or []
    return [c["custom_id"] for row in components for c in row["components"]]


def _rate_limited(retry_after: float, *, scope: str) -> web.Response:
    """Discord's 429: nothing done; `retry_after` seconds to wait, in the body and the
    `Retry-After` header, with the `Via` its proxy adds (discord.py waits only on a 429
    that has it) and what the limit applies to (`X-RateLimit-Scope`)."""
    response = _json(
        {
            "message": "You are being rate limited.",
            "retry_after": retry_after,
            "global": False,
            "code": 0,
        },
        429,
    )
    response.headers["Retry-After"] = str(retry_after)
    response.headers["Via"] = "1.1 google"
    response.headers["X-RateLimit-Scope"] = scope
    return response


def unloaded_time() -> float:
    """The clock the fake keeps Discord's answer deadline by: monotonic time, less the time
    this thread (the event loop's: the bot's and the fake's) waited for a CPU that other
    processes held (Linux's `schedstat`, its second field). Discord counts wall time, but
    its clock does not share the bot's CPU: on a machine loaded by other test runs (a load
    average of 9 on 2 cores), a burst of clicks met the 3 s deadline in wall time only
    because the process was kept waiting, though it needed a fraction of that. Idle waits
    (a sleep, a held answer, a slow database) and every CPU second of this process still
    count, as on a machine where it has a core to itself; where the kernel does not say,
    it is wall time."""
    try:
        with open("/proc/thread-self/schedstat") as stats:
            waited = int(stats.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        waited = 0.0
    return time.monotonic() - waited


def _json(data: Any, status: int = 200) -> web.Response:
    """JSON exactly as Discord labels it: discord.py compares the Content-Type verbatim."""
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def _missing_access() -> web.Response:
    return _json({"message": "Missing Access", "code": 50001}, 403)


def _unknown_message() -> web.Response:
    return _json({"message": "Unknown Message", "code": 10008}, 404)


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()
