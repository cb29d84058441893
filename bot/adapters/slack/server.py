"""The Slack adapter: slack-bolt's AsyncApp over HTTP (aiohttp) or Socket Mode.

The adapter only translates. Requests become a Context and a call to the core's dispatcher;
the Reply that comes back is rendered as Block Kit and delivered the way Slack allows:

- ephemeral replies through the request's `response_url` (no channel membership needed);
- plain in-channel answers through `response_url` too (`response_type: in_channel`); both
  posted by slack_sdk's webhook client on the adapter's HTTP session, only to Slack's hooks
  hosts (`answers.py`);
- poll messages with `chat.postMessage`, because only that returns the `ts` that later
  `chat.update` calls need; charts through the files upload v2 flow (`files.py`).

Slack wants every request acknowledged within 3 seconds. Bolt runs with
`process_before_response=True`, so the acknowledgement goes back the moment a listener
returns instead of after Bolt's 10 ms ack polling. Commands and events are acknowledged at
once; a button click once the core has handled it (a vote is then committed) or after
`ack_budget` seconds, whichever comes first. Everything sent to Slack afterwards runs in
background tasks the adapter tracks and drains before it stops.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import os
from collections.abc import Awaitable, Coroutine, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import aiohttp
from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler

from bot.adapters.retries import may_have_arrived
from bot.adapters.slack import actions, commands, home
from bot.adapters.slack.access import ACCESS_ERRORS, access_hint
from bot.adapters.slack.answers import Answered, AnswerPolicy, Origin, ResponseAnswers
from bot.adapters.slack.blocks import MAX_MESSAGE_TEXT, render_message, safe_text, with_dates
from bot.adapters.slack.context import (
    PLATFORM,
    ContextFactory,
    Conversation,
    SlackPeople,
    conversation,
)
from bot.adapters.slack.files import SlackWebClient, share_images
from bot.adapters.slack.intake import MAX_BODY, Intake
from bot.adapters.slack.library_logs import http_server_logger, library_logger
from bot.adapters.slack.membership import Membership
from bot.adapters.slack.names import Names
from bot.adapters.slack.retries import IdempotentRetryHandler, idempotent
from bot.adapters.slack.signing import Signatures
from bot.adapters.slack.socket_mode import AppTokenWatch, RefusalEchoes, app_token_refused
from bot.adapters.untold import UntoldVoters, untold_notice
from bot.app import BotApp
from bot.config import ConfigError, CredentialRevoked
from bot.core.context import ChannelRef, Context, UserRef
from bot.core.outages import Outage
from bot.core.outbound import DeliveryError, Linked
from bot.core.replies import Image, Note, Reply, notice
from bot.core.sanitize import strip_controls

if TYPE_CHECKING:  # Socket Mode's handler is imported only when it is used
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_API_URL = "https://slack.com/api/"
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
#: aiohttp's default listen backlog (128) stalls a burst of a few hundred new connections.
LISTEN_BACKLOG = 2048
#: Slack's errors that retrying cannot fix, with `ACCESS_ERRORS` (`access.py`) and
#: `MALFORMED_ERRORS`; anything else (rate limits, outages, network failures) is reported
#: as transient so schedulers retry with backoff.
PERMANENT_ERRORS = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "restricted_action",
        "message_not_found",
        "cant_update_message",
        "edit_window_closed",
    }
)
#: Slack refused the message as the bot built it: a bug of ours, not the channel's.
MALFORMED_ERRORS = frozenset({"msg_too_long", "msg_blocks_too_long", "invalid_blocks", "no_text"})
#: The permanent errors meaning the message no longer exists (Slack's chat.update list).
#: `cant_update_message` belongs here: the bot may always edit its own messages, so a ts it
#: cannot edit no longer names one of them. `channel_not_found` does not: Slack also says
#: it for a private channel the bot was removed from (it can no longer see it), and people
#: there may invite it back and click the poll again.
GONE_ERRORS = frozenset({"message_not_found", "cant_update_message"})
#: How often one Web API call waits out a 429 (per its Retry-After) before it fails as a
#: transient DeliveryError: enough that a poll's final `chat.update` survives a burst.
RATE_LIMIT_RETRIES = 3
#: Distinct `response_url` answers kept rendered (`answer_body`): a few KB each in practice,
#: one Slack message (50 blocks) at most.
ANSWER_CACHE = 256
#: Seconds a stopping HTTP server waits for requests still being handled before it cancels
#: them. aiohttp waits 60 s, past the 10 s `docker stop` gives before it kills: a stuck
#: request cost every poll its last edit and queued vote. Slack gives up on a request
#: after 3 s (its answer goes to no one then), so 5 s spares every live one and leaves the
#: rest of the grace to storing votes and the last edits.
SHUTDOWN_TIMEOUT = 5.0
#: Errors the user can fix by inviting the bot to the channel.
NOT_A_MEMBER = frozenset({"not_in_channel", "channel_not_found"})
#: What people in a channel can do about Slack's other refusals to post there. A workspace
#: may let only some members post in a channel (#general, announcement channels): Slack
#: then answers `restricted_action`, since a bot is never a full member.
POST_HINTS = {
    "restricted_action": (
        "Only some members may post in this channel, and I am not one of them: run the "
        "command in another channel, or ask a workspace admin to let me post here."
    ),
    "is_archived": (
        "This channel is archived, so I can't post in it: someone needs to unarchive it first."
    ),
}


#: The label of the note that stands for a chart Slack would not take (`without_chart`).
CHART_MISSING = "Chart not attached"


class SlackDeliveryError(DeliveryError):
    """Slack refused a call; `code` is Slack's error string (e.g. `not_in_channel`)."""

    def __init__(self, method: str, code: str) -> None:
        super().__init__(
            f"Slack {method} failed: {code}",
            permanent=code in PERMANENT_ERRORS,
            gone=code in GONE_ERRORS,
            access=code in ACCESS_ERRORS,
            malformed=code in MALFORMED_ERRORS,
            missing=code == "channel_not_found",
        )
        self.code = code


def http_session() -> aiohttp.ClientSession:
    """The session for Slack's Web API: 30 s a call, and no cookie jar (Slack sets no cookie
    worth keeping; the jar's bookkeeping costs per call)."""
    return aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=30), cookie_jar=aiohttp.DummyCookieJar()
    )


def api_base_url(configured: str | None) -> str:
    """SLACK_API_URL or Slack's own; always ending in `/` so method names join onto it."""
    url = configured or DEFAULT_API_URL
    return url if url.endswith("/") else url + "/"


class SlackAdapter:
    """The Slack side of the bot; also the core's Outbound for Slack channels."""

    platform = PLATFORM
    option_fields = False  # slash commands take one typed line, read by the grammar

    def __init__(self, app: BotApp, *, ack_budget: float = 2.0, reuse_port: bool = False) -> None:
        settings = app.settings
        self.app = app
        #: Share the listening port with sibling worker processes (SO_REUSEPORT): the
        #: kernel spreads new connections over them (`python -m bot slack --workers N`).
        self.reuse_port = reuse_port
        #: How long a button click may run before it is acknowledged regardless (a vote is
        #: normally committed well within it, so an acknowledged vote is a stored vote).
        self.ack_budget = ack_budget
        self.client = SlackWebClient(
            token=settings.slack_bot_token.reveal(),
            base_url=api_base_url(settings.slack_api_url),
            logger=library_logger("bot.adapters.slack.web"),
            # Connection errors retried for idempotent methods only (a post is never sent
            # twice), and Slack's 429 with Retry-After (refused, so nothing was posted).
            retry_handlers=[
                IdempotentRetryHandler(),
                AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
            ],
        )
        self.bolt = AsyncApp(
            name="debate-bot",
            client=self.client,
            signing_secret=settings.slack_signing_secret.reveal(),
            # `intake` verifies every HTTP delivery over its raw bytes before decoding it;
            # Bolt's check would come after its parsing, and log the body of a failure.
            request_verification_enabled=False,
            process_before_response=True,
            logger=library_logger("bot.adapters.slack.bolt"),
        )
        self.intake = Intake(self.bolt, Signatures(settings.slack_signing_secret.reveal()))
        self.answers = ResponseAnswers(
            self._http, answer_policy(settings.slack_response_origins), logger=self.client.logger
        )
        self.contexts = ContextFactory(SlackPeople(self.client, settings.bot_admins), app.clock)
        self.names = Names(self.contexts.people, self.record_name)
        #: Channels whose last post Slack refused for want of membership (`membership.py`).
        self.membership = Membership()
        #: The last voter of each poll told nothing of a refused edit (`adapters/untold.py`).
        self.untold: UntoldVoters[tuple[Context, str]] = UntoldVoters()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._session: aiohttp.ClientSession | None = None
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._bot_name: str | None = None
        #: A load balancer probes /healthz every few seconds: a database outage is logged
        #: when it starts and when it ends, not with a traceback at every probe.
        self._health = Outage(log, "the health check's database query")
        # Bolt tries listeners in order, each match test costing a kwargs build: clicks
        # (hundreds per poll) first, then commands, then events.
        actions.register(self)
        commands.register(self)
        home.register(self)
        #: Set once Slack has accepted the tokens (`check_tokens`). The Web API needs no
        #: login, but the services start first: a start-up post made with a revoked token
        #: would be refused for good (a poll's announcement lost, daily posts paused).
        self.tokens_accepted = asyncio.Event()
        app.outbounds.add(self, ready=self.tokens_accepted)
        # Stopped last (services stop in reverse): the core's final poll edits still go out
        # through this adapter's HTTP session before it closes.
        app.services.insert(0, self)

    # -- running --------------------------------------------------------------------------

    async def serve(self) -> None:
        """Run until cancelled: Socket Mode when SLACK_APP_TOKEN is set, HTTP otherwise.

        Slack is asked first whether it accepts the tokens: a revoked token then stops
        the start with one line naming it, not the first user's command. In Socket Mode,
        an app token Slack stops taking later ends it too (`socket_mode.py`)."""
        await self.check_tokens()
        if self.app.settings.slack_socket_mode:
            await self._serve_socket_mode()
            return
        await self.start_http("0.0.0.0", self.app.settings.port)
        try:
            await asyncio.Event().wait()
        finally:
            await self.stop_intake()

    async def check_tokens(self) -> None:
        """`auth.test` for SLACK_BOT_TOKEN and, in Socket Mode, `apps.connections.open` for
        SLACK_APP_TOKEN; ConfigError naming the token Slack refused or could not check."""
        settings = self.app.settings
        self._http()
        checks = [("SLACK_BOT_TOKEN", "auth.test", self.client.auth_test)]
        if settings.slack_socket_mode:
            app_token = settings.slack_app_token.reveal()
            checks.append(
                (
                    "SLACK_APP_TOKEN",
                    "apps.connections.open",
                    lambda: self.client.apps_connections_open(app_token=app_token),
                )
            )
        for variable, method, call in checks:
            try:
                answer = await call()
            except SlackApiError as error:
                code = error.response.get("error")
                raise ConfigError(f"Slack refused {variable} ({method}: {code})") from None
            except (aiohttp.ClientError, TimeoutError) as error:
                raise ConfigError(
                    f"could not reach Slack at {self.client.base_url} to check {variable} "
                    f"({type(error).__name__})"
                ) from None
            if method == "auth.test":
                self._bot_name = str(answer.get("user") or "the bot")
        self.tokens_accepted.set()

    async def _serve_socket_mode(self) -> None:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        watch = AppTokenWatch(
            base_url=self.client.base_url,
            session=self._http(),
            logger=self.client.logger,
            retry_handlers=self.client.retry_handlers,
        )
        socket_log = library_logger("bot.adapters.slack.socket")
        # Kept after the adapter stops: the SDK's tasks log the refusal once more then.
        # A connection before this one (a restart in the same process) logs no more.
        for earlier in [f for f in socket_log.filters if isinstance(f, RefusalEchoes)]:
            socket_log.removeFilter(earlier)
        socket_log.addFilter(RefusalEchoes(watch))
        self._socket = AsyncSocketModeHandler(
            self.bolt,
            app_token=self.app.settings.slack_app_token.reveal(),
            logger=socket_log,
            web_client=watch,
        )
        log.info("Slack adapter connecting in Socket Mode")
        try:
            await self._socket.connect_async()
            log.info("Slack adapter connected in Socket Mode")
            raise CredentialRevoked(app_token_refused(await watch.refused))
        finally:
            await self.stop_intake()

    async def start_http(self, host: str, port: int) -> int:
        """Serve `POST /slack/events` and `GET /healthz` on host:port; returns the bound port
        (pass port 0 to let the system pick one, as tests do)."""
        self._http()
        web_app = web.Application(client_max_size=MAX_BODY)
        web_app.router.add_post(EVENTS_PATH, self.intake.handle)
        web_app.router.add_get(HEALTH_PATH, self._handle_health)
        self._runner = web.AppRunner(
            web_app,
            access_log=None,
            logger=http_server_logger(),
            shutdown_timeout=SHUTDOWN_TIMEOUT,
        )
        await self._runner.setup()
        site = web.TCPSite(
            self._runner, host, port, backlog=LISTEN_BACKLOG, reuse_port=self.reuse_port or None
        )
        try:
            await site.start()
        except OSError as error:  # was a traceback ending in "address already in use"
            await self._runner.cleanup()
            self._runner = None
            reason = os.strerror(error.errno) if error.errno else str(error)
            raise ConfigError(
                f"PORT {port} cannot be listened on ({reason.lower()}): "
                "is another program (or another bot) using it? Set PORT to a free port"
            ) from None
        bound = int(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
        log.info("Slack adapter listening on %s:%d%s", host, bound, EVENTS_PATH)
        return bound

    async def stop_http(self) -> None:
        """Stop accepting requests and finish the work already acknowledged."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
            log.info("Slack adapter stopped taking requests")
        await self.idle()

    async def stop_intake(self) -> None:
        """Take no more requests (close the listener, or the Socket Mode connection) and
        answer those already taken. On SIGTERM this comes before the services stop: taken
        meanwhile, a steady stream of votes kept their final flush, and the process, going
        for as long as the stream lasted (46 s of a burst of 50,000), past the grace period
        of any process manager. Closed, the load balancer or Slack sends them elsewhere."""
        if self._socket is not None:
            socket, self._socket = self._socket, None
            await socket.close_async()
        await self.stop_http()

    async def start(self) -> None:
        """As a core service: nothing to start (`serve()` runs the adapter)."""

    async def stop(self) -> None:
        """As a core service, stopped after the others: finish deliveries, drop the names
        not yet learnt, close the session."""
        await self.names.stop()
        await self.idle()
        if self._session is not None:
            await self._session.close()
            self._session = None
            self.client.session = None

    async def _handle_health(self, request: web.Request) -> web.Response:
        """200 while the database answers, 503 while it does not (every probe says so;
        the log, only the outage's start and end)."""
        try:
            await self.app.db.fetchval("SELECT 1")
        except Exception:
            self._health.failed("at each probe")
            return web.json_response({"ok": False, "database": "unavailable"}, status=503)
        self._health.worked()
        return web.json_response({"ok": True})

    def _http(self) -> aiohttp.ClientSession:
        """The one HTTP session every Web API call reuses (keep-alive)."""
        if self._session is None or self._session.closed:
            self._session = http_session()
            self.client.session = self._session  # Bolt copies it into each request's client
        return self._session

    # -- background work ------------------------------------------------------------------

    def spawn(self, work: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Run `work` after the acknowledgement; failures are logged, never lost."""
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    async def idle(self) -> None:
        """Return once every acknowledged request has been fully answered."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("Slack background work failed", exc_info=task.exception())

    # -- delivering replies ---------------------------------------------------------------

    async def deliver(self, ctx: Context, reply: Reply, response_url: str | None) -> None:
        """Send the core's answer to a request where Slack allows it (see module docstring).

        A channel the bot is not in gets the user an ephemeral "how to invite me" instead.
        """
        images = reply.images()
        if reply.ephemeral or (reply.poll_id is None and not images and response_url):
            if reply.changed_poll is not None and not reply.poll_unshown and response_url:
                self.untold.confirmed(ctx.channel, reply.changed_poll, (ctx, response_url))
            await self.respond(ctx, reply, response_url)
            return
        try:
            if images and reply.poll_id is None:  # a chart with its card: one message, no ts
                await self.share_chart(ctx, reply, response_url)
                return
            message_ref = await self.post(ctx.channel_ref, reply)
        except DeliveryError as error:
            if error.unknown:
                # Perhaps posted: never discarded, never sent twice; the user is told.
                log.warning("a post in %s has an unknown outcome: %s", ctx.channel, error)
                await self.respond(ctx, notice(unknown_post(reply)), response_url)
                return
            if reply.poll_id is not None:
                # Certainly not posted, whether refused for good or for now (a rate limit,
                # an outage): a new poll nobody can see is closed, not left open with no
                # message (listed on App Home, announced when its deadline passes).
                await self.app.polls.discard(reply.poll_id)
            if not error.hint or error.access:  # what no one in the channel can fix
                log.warning("could not post in %s: %s", ctx.channel, error)
            await self.respond(ctx, notice(not_posted(error)), response_url)
            return
        await self.app.polls.track(reply, ctx.channel_ref, message_ref)

    async def share_chart(self, ctx: Context, reply: Reply, response_url: str | None) -> None:
        """A card with its chart, shared as one message (`files.py`). Refused for a reason
        that leaves the card itself deliverable (the bot not in the channel, no
        `files:write`, an upload that failed), the card goes as an answer through
        `response_url`, which needs neither, with a line saying why the chart is missing:
        refused whole, /results showed people the refusal and no tally at all. A share
        whose outcome is unknown, or one refused as malformed, is raised as before."""
        message = render_message(reply, images_attached=True)
        try:
            await self.post_in(
                ctx.channel,
                "files.completeUploadExternal",
                share_images(self.client, ctx.channel, reply.images(), message=message),
            )
        except DeliveryError as error:
            if error.unknown or error.malformed:
                raise
            if not error.hint or error.access:  # what no one in the channel can fix
                log.warning("could not share a chart in %s: %s", ctx.channel, error)
            await self.respond(ctx, without_chart(reply, chart_refusal(error)), response_url)

    async def respond(self, ctx: Context, reply: Reply, response_url: str | None) -> None:
        """Answer through `response_url`; when there is none, or Slack says it is spent (30
        minutes or 5 answers on: nothing was shown), with the Web API instead: an ephemeral
        answer by `chat.postEphemeral` to the same person in the same conversation, a
        public one by `chat.postMessage`. Only a spent URL falls back: an answer whose
        outcome is unknown may have been shown, and is never shown twice."""
        if response_url:
            answered = await self.answers.post(response_url, answer_body(reply))
            if answered is not Answered.SPENT:
                return
        message = render_message(reply)
        try:
            if reply.ephemeral:
                await self.post_in(
                    ctx.channel,
                    "chat.postEphemeral",
                    self.client.chat_postEphemeral(
                        channel=ctx.channel, user=ctx.user, **message.payload()
                    ),
                )
            else:
                await self.post(ctx.channel_ref, reply)
        except DeliveryError as error:
            # No way left to reach them (a DM between people, a channel without the bot):
            # the request's work is done, and only its answer is lost.
            log.warning("could not answer %s in %s: %s", ctx.user, ctx.channel, error)

    async def learn_name(self, ctx: Context) -> None:
        """After answering a request: have the name Slack shows for its person learnt
        (`names.py`), and if they are known by another name than the one their request
        recorded (learnt while it ran), record the known one at once."""
        known = self.contexts.people.name(ctx.workspace, ctx.user)
        if known and strip_controls(known) != strip_controls(ctx.display_name):
            await self.record_name(ctx.workspace, ctx.user, known)
        self.names.want(ctx.workspace, ctx.user)

    async def record_name(self, team: str, user: str, name: str) -> None:
        """Record the name Slack shows for someone, where their polls and votes list them."""
        await self.app.directory.rename(UserRef(PLATFORM, team, user), strip_controls(name))

    async def invite_hint(self, channel: str) -> str:
        """How to get the bot into the conversation: `/invite` for a channel. A direct
        message between people takes no one else, and adding someone to a group DM makes
        a new one, so there it names the places the bot can post instead (`elsewhere`).
        It says no more than what to do in the channel: a paused daily post's DM and status
        follow it with the line that resumes it, and a refused command is plainly run again."""
        if conversation(channel) is not Conversation.CHANNEL:
            return await self.elsewhere(channel, "the command")
        name = await self.bot_name()
        return (
            "I can't post in this channel because I'm not a member. "
            f"Invite me with `/invite @{name}`."
        )

    async def elsewhere(self, channel: str, what: str) -> str:
        """Why the bot cannot post in `channel`, a direct message between people (a DM or a
        group DM), and where to run `what` instead: channels only, since the bot's own DM
        takes no commands (its Messages tab is read-only, see `manifest.py`)."""
        kind = "a direct" if conversation(channel) is Conversation.DM else "a group direct"
        return (
            f"I can't post in {kind} message between people. Run {what} in a channel "
            f"I'm in (`/invite @{await self.bot_name()}`)."
        )

    async def posting_hints(self, ctx: Context) -> Context:
        """`ctx` with what people are told instead of being offered to start a poll or a
        daily takeaway (`Context.cannot_post`) in a conversation the bot cannot join, which
        its id (and the request's `channel_name`) tells without asking Slack; or, in a
        channel where Slack refused the bot's last post for want of membership, how to
        invite it before they start one (`Context.join_first`)."""
        if conversation(ctx.channel) is not Conversation.CHANNEL:
            hint = await self.elsewhere(ctx.channel, "polls and daily takeaways")
            return dataclasses.replace(ctx, cannot_post=hint)
        if self.membership.outside(ctx.channel):
            name = await self.bot_name()
            first = (
                "Slack refused a post of mine here because I'm not a member: unless I've "
                f"been invited since, invite me with `/invite @{name}` first."
            )
            return dataclasses.replace(ctx, join_first=first)
        return ctx

    async def bot_name(self) -> str:
        """The bot user's name (from `auth.test`), as people type it after `/invite @`."""
        if self._bot_name is None:
            identity = await self.call_api("auth.test", self.client.auth_test())
            self._bot_name = str(identity.get("user") or "the bot")
        return self._bot_name

    # -- Outbound: the core posting or editing on its own ---------------------------------

    async def post(self, channel: ChannelRef, reply: Reply) -> str:
        """Post in a channel; returns the message `ts`. Charts are attached via files v2."""
        self._http()
        images = reply.images()
        message = render_message(reply)
        response = await self.post_in(
            channel.channel,
            "chat.postMessage",
            self.client.chat_postMessage(channel=channel.channel, **message.payload()),
        )
        ts = str(response["ts"])
        if images:
            await self.call_api(
                "files.completeUploadExternal",
                share_images(self.client, channel.channel, images, thread_ts=ts),
            )
        return ts

    async def edit(self, channel: ChannelRef, message_ref: str, reply: Reply) -> None:
        """Update a message; refused because the bot is no longer in the channel, the
        error carries how to let it back in (voters are told, see `LiveTally`). Refused
        for good for another reason people can be told (the channel archived, the bot's
        access revoked), the error says that: a refusal with a hint is logged once per
        poll and cause, where one without was an ERROR at every vote's edit."""
        self._http()
        message = render_message(reply)
        try:
            await self.call_api(
                "chat.update",
                self.client.chat_update(
                    channel=channel.channel, ts=message_ref, **message.payload()
                ),
            )
        except SlackDeliveryError as error:
            if error.code in NOT_A_MEMBER:
                self.membership.refused(channel.channel)
                error.hint = (
                    "I'm not in this channel any more. Invite me back with "
                    f"`/invite @{await self.bot_name()}` and it catches up at the next vote."
                )
            elif error.access:
                error.hint = access_hint(error.code, "so I can't update it")
            else:
                error.hint = POST_HINTS.get(error.code, "")
            self.tell_untold(channel.channel, reply.poll_id, error.hint)
            raise
        self.membership.posted(channel.channel)
        self.untold.edited(channel.channel, reply.poll_id)

    def tell_untold(self, channel: str, poll_id: int | None, hint: str) -> None:
        """Tell the voter whose confirmation went out before the poll's edit was refused
        (`adapters/untold.py`) why the tally stopped moving, as later voters are told."""
        untold = self.untold.refused(channel, poll_id, hint)
        if untold is None or poll_id is None:
            return
        ctx, response_url = untold
        self.spawn(self.respond(ctx, notice(untold_notice(poll_id, hint)), response_url))

    async def message_user(self, user: UserRef, message: Linked) -> None:
        """A direct message from the bot: `chat.postMessage` to the user's id posts in the
        bot's own DM with them (its Messages tab), which `chat:write` allows, with no
        `im:write` to open it first. Channels are written as links (`<#C…>`), the rest as
        any text is (`safe_text`)."""
        self._http()
        text = "".join(
            (with_dates(part, MAX_MESSAGE_TEXT) or safe_text(part))
            if isinstance(part, str)
            else f"<#{part.channel}>"
            for part in message
        )
        await self.call_api(
            "chat.postMessage", self.client.chat_postMessage(channel=user.user, text=text)
        )

    async def post_in(self, channel: str, method: str, call: Awaitable[T]) -> T:
        """A call that posts in `channel`; refused because the bot is not in it or may not
        post there, its error carries the hint that says what to do (shown by /poll,
        /results, /daily now, and a paused daily post's status). Refused because the bot's
        access to the workspace failed, the hint says that only its operator can fix it:
        "I could not post here (… missing_scope)" sent people looking for a fix in the
        channel, where there is none. Whether Slack let the bot post in `channel` is
        remembered for what is suggested there next (`membership.py`)."""
        try:
            done = await self.call_api(method, call)
        except SlackDeliveryError as error:
            if error.code in NOT_A_MEMBER:
                self.membership.refused(channel)
                error.hint = await self.invite_hint(channel)
            elif error.access:
                error.hint = access_hint(error.code)
            else:
                error.hint = POST_HINTS.get(error.code, "")
            raise
        self.membership.posted(channel)
        return done

    async def call_api(self, method: str, call: Awaitable[T]) -> T:
        """A Web API call with Slack's refusals turned into DeliveryError."""
        try:
            return await call
        except SlackApiError as error:
            raise SlackDeliveryError(method, str(error.response.get("error"))) from error
        except SlackRequestError as error:
            raise DeliveryError(f"Slack {method} failed: {error!r}") from error
        except (aiohttp.ClientError, TimeoutError) as error:
            if idempotent(method) or not may_have_arrived(error):
                raise DeliveryError(f"Slack {method} failed: {error!r}") from error
            raise DeliveryError(
                f"Slack {method} may or may not have been done (not sent again): {error!r}",
                unknown=True,
            ) from error


def not_posted(error: DeliveryError) -> str:
    """What a user is told when Slack certainly did not post their message: what they can
    do about it, where the adapter knows (`hint`), else whether trying again can help."""
    if error.hint:
        return error.hint
    code = error.code if isinstance(error, SlackDeliveryError) else ""
    if not error.permanent:
        if code == "ratelimited":
            busy = "Slack asked me to slow down"
        elif code:
            busy = f"Slack could not take the message just now ({code})"
        else:
            busy = "I could not reach Slack"
        return f"{busy}, so nothing was posted. Try again in a minute."
    return f"Slack refused the message ({code}), so nothing was posted."


def chart_refusal(error: DeliveryError) -> str:
    """Why a card's chart is missing, and what to do, when Slack refused to share it: the
    card itself is shown, so the refusal's own hint is said only where it is about the
    channel (an invite, a conversation the bot cannot join), never "nothing was posted"."""
    code = error.code if isinstance(error, SlackDeliveryError) else ""
    if code == "missing_scope":
        return (
            "Slack refused me the upload (missing_scope): whoever runs the bot must "
            "reinstall the app with the `files:write` scope."
        )
    if error.access:  # as a refused post or edit says it (`access.py`)
        return access_hint(code, "so the chart could not be attached")
    if error.hint:
        return error.hint
    if error.permanent:
        return f"Slack refused the upload ({code})."
    busy = f"Slack could not take the upload just now ({code})" if code else "the upload failed"
    return f"{busy[0].upper()}{busy[1:]}: ask for the results again in a minute."


def without_chart(reply: Reply, reason: str) -> Reply:
    """`reply` with each chart replaced by a note saying why it could not be attached."""
    cards = tuple(
        dataclasses.replace(
            card,
            blocks=tuple(
                Note(CHART_MISSING, reason) if isinstance(block, Image) else block
                for block in card.blocks
            ),
        )
        for card in reply.cards
    )
    return dataclasses.replace(reply, cards=cards)


def unknown_post(reply: Reply) -> str:
    """What a user is told when their post may or may not have reached the channel."""
    what = f"poll #{reply.poll_id}" if reply.poll_id is not None else "the answer"
    then = (
        f" If it is not in the channel, vote with `/vote {reply.poll_id} <option>` or see "
        f"`/results {reply.poll_id}`."
        if reply.poll_id is not None
        else ""
    )
    return (
        f"The connection to Slack dropped while posting {what}: it may or may not be in the "
        f"channel, and it is not sent twice.{then}"
    )


@functools.lru_cache(maxsize=ANSWER_CACHE)
def answer_body(reply: Reply) -> Mapping[str, Any]:
    """A `response_url` answer. Cached (read-only): a poll's vote confirmations are a handful
    of distinct replies sent hundreds of times, each otherwise rendered anew."""
    return MappingProxyType(
        {
            **render_message(reply).payload(),
            "response_type": "ephemeral" if reply.ephemeral else "in_channel",
            "replace_original": False,
        }
    )


def answer_policy(origins: tuple[str, ...]) -> AnswerPolicy:
    """Slack's hooks hosts, or the origins configured instead (tests, compatible servers)."""
    if not origins:
        return AnswerPolicy.slack()
    return AnswerPolicy(Origin.parse(origin) for origin in origins)
