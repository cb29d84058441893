"""A loopback fake of the Slack Web API, speaking Slack's wire protocol over real HTTP.

The bot's `AsyncWebClient` is pointed here with `SLACK_API_URL`, so every call the real
slack-sdk makes arrives as Slack would receive it: JSON bodies, form fields or query
strings, a bearer token. Each call is recorded with its method and arguments, and answered
the way Slack answers: `ts` and `channel` from `chat.postMessage`, `not_in_channel` for
channels the bot was not invited to (`channel_not_found` for private ones, which it cannot
see), `invalid_blocks` when a Block Kit limit is broken (`msg_blocks_too_long` past the text
a message may hold in all), the three steps of the files upload v2 flow (an upload can fail:
`failed_uploads`), Slack's refusals of a call (`errors`: `ok: false` and the error, or for
`ratelimited` HTTP 429 with `Retry-After`, as Slack sends it), a user id as
`chat.postMessage`'s channel posting in the bot's DM with that user (answered with the DM's
`D…` id, or `channel_not_found` for a user gone), `response_url` endpoints (5 answers each,
as Slack's take; `expire` ends one as its 30 minutes would; then HTTP 404 `expired_url`,
nothing shown), a connection dropped after a call was accepted (`dropped`: the call takes
effect, the client gets no answer), and Socket Mode (`apps.connections.open` plus a
WebSocket that delivers envelopes and records their acknowledgements).

Tests wait on the record with `wait_for(predicate)`, woken by each new call, never by sleeping.
Run it as a process for benchmarks: `python tests/slack_fake.py --port 0` prints `PORT <n>`;
`GET /_stats` then reports call counts, the last call of each method and (`?edits=<ts>`)
when a message was edited, and
`GET /_message?contains=...` waits for a posted message (a long poll, not a sleep loop).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Self, TypeVar
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

T = TypeVar("T")

TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
TEAM = "T0TEST"
BOT_USER = "UBOT"
BOT_NAME = "debatebot"
#: Methods whose arguments this fake reads from the body only: their blocks make a query
#: string too long for real HTTP servers and proxies, so arguments in the URL are ignored.
_BODY_ONLY = {"files.completeUploadExternal"}
#: Conversation ids that are always private: DMs (`D…`), group DMs and legacy private
#: channels (`G…`). Newer private channels have `C…` ids like public ones (`private`).
PRIVATE_PREFIXES = ("D", "G")
#: User ids: as `chat.postMessage`'s channel, the bot's DM with the user.
USER_PREFIXES = ("U", "W")
#: Answers one `response_url` takes (Slack: "up to 5 times within 30 minutes").
ANSWERS_PER_URL = 5
#: The text a message's blocks may hold in all, past which the Web API refuses it with
#: `msg_blocks_too_long` (undocumented; "12,000 text characters", bolt-js issue #2509).
#: Answers through a `response_url` were not seen refused so (bolt-js issue #2867).
MAX_BLOCKS_TEXT = 12_000
#: An upload's description for screen readers (`files.getUploadURLExternal`'s `alt_txt`):
#: longer, Slack refuses the upload, "alt_txt_too_large" ("longer than the limit of 1000").
MAX_ALT_TXT = 1000
#: Arguments Slack accepts as JSON strings inside form fields or query strings.
_JSON_FIELDS = {"blocks", "view", "files", "attachments"}


@dataclass(frozen=True, slots=True)
class Call:
    """One request the fake received: the Web API method (or `response_url`, `upload`,
    `socket_ack`), its arguments decoded whatever way they were sent, and the fake's answer."""

    method: str
    args: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    answer: dict[str, Any] = field(default_factory=dict)
    #: When the fake applied it (`time.monotonic()`), e.g. to check edit rates.
    at: float = field(default_factory=time.monotonic)


class FakeSlack:
    """The fake server; configure refusals before `start()` or at any time after."""

    def __init__(
        self,
        *,
        token: str = TOKEN,
        app_token: str = APP_TOKEN,
        team: str = TEAM,
        admins: Iterable[str] = (),
        user_teams: dict[str, str] | None = None,
        enterprise: str = "",
        not_in_channel: Iterable[str] = (),
        private: Iterable[str] = (),
        revoked: Iterable[str] = (),
        keep: int | None = None,
    ) -> None:
        self.token = token
        #: Tokens Slack once issued and has since revoked: refused with `token_revoked`
        #: (any other unknown token gets `invalid_auth`).
        self.revoked = set(revoked)
        self.app_token = app_token
        self.team = team
        self.admins = set(admins)
        #: The display names people chose (`profile.display_name`), by user id; anyone else
        #: shows their legacy username, as the payloads name them.
        self.display_names: dict[str, str] = {}
        #: Each person's own workspace where it is not `team`: another workspace of the
        #: org, or (not in `org_teams`) another organization's, met in a shared channel.
        self.user_teams = dict(user_teams or {})
        #: The Enterprise Grid org `team` belongs to ("" for none), and its workspaces.
        self.enterprise = enterprise
        self.org_teams = {team}
        self.not_in_channel = set(not_in_channel)
        #: Private channels with `C…` ids, which a non-member cannot see (`PRIVATE_PREFIXES`).
        self.private = set(private)
        #: Channels deleted since: Slack knows them no more (`channel_not_found`).
        self.deleted: set[str] = set()
        #: Users deactivated or removed from the workspace: the bot can no longer DM them.
        self.gone_users: set[str] = set()
        self.keep = keep
        self.calls: list[Call] = []
        self.counts: Counter[str] = Counter()
        self.last: dict[str, Call] = {}
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        self.uploads: dict[str, dict[str, Any]] = {}
        #: Per Web API method, the errors its next calls are refused with (`ok: false`,
        #: nothing done), one a call: Slack's outages (`internal_error`) and the like, and
        #: its rate limit (`ratelimited`), which Slack sends as HTTP 429 with `Retry-After`
        #: (`retry_after` seconds): the status slack_sdk's retry handler waits out, where a
        #: 200 would fail the call at once.
        self.errors: dict[str, list[str]] = {}
        self.retry_after = 1
        #: Seconds each `response_url` answer is held before it is answered, and the most
        #: answers seen in flight at once (to check the bot bounds its concurrency).
        self.answer_delay = 0.0
        #: Answers each `response_url` took, by its name, and the names expired since.
        self.answer_uses: Counter[str] = Counter()
        self.expired_answers: set[str] = set()
        self.answers_in_flight = 0
        self.most_answers_in_flight = 0
        #: Seconds a Web API call through a lane (`lane_url`) waits before Slack applies it,
        #: by (lane, method): one bot instance's slow path among several.
        self.delays: dict[tuple[str, str], float] = {}
        #: By (lane, method): calls through the lane wait until the event is set, before
        #: Slack applies them (a call held for as long as a test needs, not for a time).
        self.holds: dict[tuple[str, str], asyncio.Event] = {}
        self.api_in_flight = 0
        #: When each message was edited (`time.monotonic()`), by ts: kept even when `keep`
        #: limits the calls recorded in full, for edit rates in benchmarks.
        self.edit_times: dict[str, list[float]] = {}
        #: When each `response_url` answer arrived (`time.monotonic()`), by the URL's name:
        #: kept like `edit_times`, for answer latencies in benchmarks.
        self.answer_times: dict[str, float] = {}
        #: Web API calls received but not yet answered, by (lane, method).
        self.in_flight: Counter[tuple[str, str]] = Counter()
        #: Per Web API method, how many of its next calls are carried out and then answered
        #: by dropping the connection, as when a network fails between Slack and the app.
        self.dropped: Counter[str] = Counter()
        #: How many of the next file uploads (the bytes POSTed to an upload URL) fail with
        #: HTTP 500, as Slack's upload host does when it cannot take a file just then.
        self.failed_uploads = 0
        self.port = 0
        self._changed = asyncio.Event()
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._sockets: set[web.WebSocketResponse] = set()
        self._socket_ready = asyncio.Event()

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_route("*", "/lane/{lane}/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/response/{name}", self._response_url)
        app.router.add_get("/socket", self._socket)
        app.router.add_get("/_stats", self._stats)
        app.router.add_get("/_message", self._wait_message)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port, backlog=2048)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for socket in list(self._sockets):
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """What SLACK_API_URL should be."""
        return f"http://127.0.0.1:{self.port}/api/"

    def lane_url(self, lane: str) -> str:
        """A SLACK_API_URL of its own for one bot instance, slowed by `delays`."""
        return f"http://127.0.0.1:{self.port}/lane/{lane}/api/"

    #: What SLACK_RESPONSE_ORIGINS should be: the bot posts answers only to configured
    #: origins, and this fake's `response_url`s are plain HTTP on the loopback address.
    origin = "http://127.0.0.1"

    def response_url(self, name: str | None = None) -> str:
        """A fresh `response_url` as Slack puts in command and interactivity payloads."""
        return f"http://127.0.0.1:{self.port}/response/{name or next(self._ids)}"

    def expire(self, url: str) -> None:
        """End a `response_url` as Slack does 30 minutes after the request that carried it."""
        self.expired_answers.add(url.rsplit("/", 1)[1])

    # -- what the tests read --------------------------------------------------------------

    @property
    def sockets_open(self) -> int:
        """Socket Mode connections the bot holds open now."""
        return len(self._sockets)

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    async def wait_for(self, predicate: Callable[[FakeSlack], T], within: float = 10.0) -> T:
        """The first truthy `predicate(self)`, re-checked after every recorded call."""
        try:
            async with asyncio.timeout(within):
                while not (result := predicate(self)):
                    changed = self._changed
                    await changed.wait()
                return result
        except TimeoutError:
            seen = ", ".join(f"{m}×{n}" for m, n in self.counts.items()) or "nothing"
            raise AssertionError(
                f"the fake Slack never saw what was expected; saw {seen}"
            ) from None

    def _record(self, call: Call) -> None:
        self.counts[call.method] += 1
        self.last[call.method] = call
        if self.keep is None or len(self.calls) < self.keep:
            self.calls.append(call)
        self._wake()

    def _wake(self) -> None:
        """Let `wait_for` re-check its predicate."""
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    # -- the Web API ----------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        lane = (request.match_info.get("lane", ""), method)
        self.api_in_flight += 1
        self.in_flight[lane] += 1
        self._wake()
        try:
            await asyncio.sleep(self.delays.get(lane, 0.0))  # a slow Slack, as configured
            if (hold := self.holds.get(lane)) is not None:
                await hold.wait()
            return await self._api_call(request, method)
        finally:
            self.api_in_flight -= 1
            self.in_flight[lane] -= 1
            self._wake()

    async def _api_call(self, request: web.Request, method: str) -> web.Response:
        args = await _arguments(request, query=method not in _BODY_ONLY)
        headers = {k: v for k, v in request.headers.items() if k.lower() != "authorization"}
        expected = self.app_token if method == "apps.connections.open" else self.token
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        answer: dict[str, Any]
        if given in self.revoked:
            answer = {"ok": False, "error": "token_revoked"}
        elif given != expected:
            answer = {"ok": False, "error": "invalid_auth"}
        elif handler is None:
            answer = {"ok": False, "error": "unknown_method"}
        elif self.errors.get(method):
            answer = {"ok": False, "error": self.errors[method].pop(0)}
        else:
            answer = handler(args)
        self._record(Call(method, args, headers, answer))
        if answer.get("error") == "ratelimited":  # Slack's rate limit: nothing done
            response = _json(answer)
            response.set_status(429)
            response.headers["Retry-After"] = str(self.retry_after)
            return response
        if self.dropped[method] > 0:
            self.dropped[method] -= 1
            assert request.transport is not None
            request.transport.close()  # done, but the client never hears the answer
        return _json(answer)

    def _auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://fake.slack.test/",
            "team": "Fake Team",
            "user": BOT_NAME,
            "team_id": self.team,
            "user_id": BOT_USER,
            "bot_id": "B0BOT",
            "is_enterprise_install": False,
        }

    @staticmethod
    def dm_channel(user: str) -> str:
        """The id of the bot's DM with `user` (its Messages tab)."""
        return "D" + user[1:]

    def _chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel", ""))
        if channel.startswith(USER_PREFIXES):  # Slack posts in the bot's DM with the user
            if channel in self.gone_users:
                return {"ok": False, "error": "channel_not_found"}
            channel = self.dm_channel(channel)
        if problem := self._refusal(channel, args):
            return problem
        ts = self._ts()
        message = {"type": "message", "user": BOT_USER, "ts": ts, **_message(args)}
        self.messages[(channel, ts)] = message
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        key = (str(args.get("channel", "")), str(args.get("ts", "")))
        if key not in self.messages:
            return {"ok": False, "error": "message_not_found"}
        if problem := self._refusal(key[0], args):
            return problem
        self.messages[key].update(_message(args))
        self.edit_times.setdefault(key[1], []).append(time.monotonic())
        return {"ok": True, "channel": key[0], "ts": key[1], "text": args.get("text", "")}

    def _chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        if problem := self._refusal(str(args.get("channel", "")), args):
            return problem
        if not args.get("user"):
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "message_ts": self._ts()}

    def _views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        view = args.get("view") or {}
        errors = block_errors(view.get("blocks") or [], limit=100)
        if errors:
            return {"ok": False, "error": "invalid_blocks", "errors": errors}
        return {"ok": True, "view": {"id": f"V{next(self._ids):08d}", **view}}

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        """The user object: `is_admin` of the person's own workspace (`team_id`), and for
        a person of an Enterprise Grid org `enterprise_user`, naming the org."""
        user = str(args.get("user", ""))
        team = self.user_teams.get(user, self.team)
        found: dict[str, Any] = {
            "id": user,
            "team_id": team,
            "name": user.lower(),
            "is_admin": user in self.admins,
            "is_owner": False,
            "is_bot": False,
            "profile": {
                "display_name": self.display_names.get(user, user.lower()),
                "real_name": user,
                "team": team,
            },
        }
        if self.enterprise and team in self.org_teams:
            found["enterprise_user"] = {
                "id": user,
                "enterprise_id": self.enterprise,
                "enterprise_name": "Fake Org",
                "is_admin": user in self.admins,
                "is_owner": False,
                "teams": [team],
            }
        return {"ok": True, "user": found}

    def _files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("filename") or not str(args.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        if len(str(args.get("alt_txt", ""))) > MAX_ALT_TXT:
            return {"ok": False, "error": "alt_txt_too_large"}
        file_id = f"F{next(self._ids):08d}"
        self.uploads[file_id] = {"filename": args["filename"], "length": int(args["length"])}
        url = f"http://127.0.0.1:{self.port}/upload/{file_id}"
        return {"ok": True, "upload_url": url, "file_id": file_id}

    def _files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        files = args.get("files") or []
        if not files or any(self.uploads.get(f.get("id"), {}).get("data") is None for f in files):
            return {"ok": False, "error": "file_not_found"}
        channel = args.get("channel_id")
        if channel and (problem := self._refusal(str(channel), args)):
            return problem
        return {
            "ok": True,
            "files": [
                {
                    "id": f["id"],
                    "title": f.get("title", ""),
                    "name": self.uploads[f["id"]]["filename"],
                    "size": len(self.uploads[f["id"]]["data"]),
                }
                for f in files
            ],
        }

    def _apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}

    def _refusal(self, channel: str, args: dict[str, Any]) -> dict[str, Any] | None:
        """Slack's answer when the bot may not post here or the message is malformed."""
        if channel in self.not_in_channel:
            # A private conversation (a DM, a group DM, a private channel) is one a
            # non-member cannot even see; only a public channel says "not in it".
            hidden = channel.startswith(PRIVATE_PREFIXES) or channel in self.private
            return {"ok": False, "error": "channel_not_found" if hidden else "not_in_channel"}
        if not channel or channel in self.deleted:
            return {"ok": False, "error": "channel_not_found"}
        if not args.get("text") and not args.get("blocks"):
            return {"ok": False, "error": "no_text"}
        if len(str(args.get("text", ""))) > 40000:
            return {"ok": False, "error": "msg_too_long"}
        errors = block_errors(args.get("blocks") or [], limit=50)
        if errors:
            return {"ok": False, "error": "invalid_blocks", "errors": errors}
        if blocks_text(args.get("blocks") or []) > MAX_BLOCKS_TEXT:
            return {"ok": False, "error": "msg_blocks_too_long"}
        return None

    def _ts(self) -> str:
        return f"{int(time.time())}.{next(self._ids):06d}"

    # -- upload URL, response_url, Socket Mode, stats -------------------------------------

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        data = await request.read()
        self._record(Call("upload", {"file_id": file_id, "size": len(data)}))
        upload = self.uploads.get(file_id)
        if self.failed_uploads > 0:
            self.failed_uploads -= 1
            return web.Response(status=500, text="upload failed", content_type="text/plain")
        if upload is None or upload["length"] != len(data):
            return web.Response(status=400, text="invalid upload", content_type="text/plain")
        upload["data"] = data
        return web.Response(text=f"OK - {len(data)}", content_type="text/plain")

    async def _response_url(self, request: web.Request) -> web.Response:
        args = await request.json()
        self.answers_in_flight += 1
        self.most_answers_in_flight = max(self.most_answers_in_flight, self.answers_in_flight)
        try:
            await asyncio.sleep(self.answer_delay)  # a slow Slack, as configured
        finally:
            self.answers_in_flight -= 1
        name = request.match_info["name"]
        self.answer_times[name] = time.monotonic()
        if name in self.expired_answers or self.answer_uses[name] >= ANSWERS_PER_URL:
            # Slack's hooks answer a URL past its 30 minutes or its 5 answers with a 404
            # and shows nothing (its incoming-webhook errors are plain-text codes too).
            refusal = {"ok": False, "error": "expired_url"}
            self._record(Call("response_url", {"name": name, **args}, answer=refusal))
            return web.Response(status=404, text="expired_url", content_type="text/plain")
        self._record(Call("response_url", {"name": name, **args}))
        errors = block_errors(args.get("blocks") or [], limit=50)
        if errors:
            return web.Response(status=400, text="invalid_blocks", content_type="text/plain")
        self.answer_uses[name] += 1
        return web.Response(text="ok", content_type="text/plain")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        self._sockets.add(socket)
        await socket.send_json({"type": "hello", "num_connections": 1})
        self._socket_ready.set()
        self._wake()  # a test may wait for the bot to connect (`sockets_open`)
        try:
            async for message in socket:
                if message.type == WSMsgType.TEXT:
                    self._record(Call("socket_ack", json.loads(message.data)))
        finally:
            self._sockets.discard(socket)
            self._wake()  # a test may wait for the bot to hang up
        return socket

    async def refresh_connections(self) -> None:
        """Ask the bot to reconnect, as Slack does every few hours: a `disconnect` message
        (reason `refresh_requested`) on each Socket Mode connection, then its close. The
        bot then asks `apps.connections.open` for a new one, with its app token."""
        for socket in list(self._sockets):
            await socket.send_json(
                {"type": "disconnect", "reason": "refresh_requested", "debug_info": {}}
            )
            await socket.close()

    async def send_envelope(self, kind: str, payload: dict[str, Any]) -> str:
        """Deliver a Socket Mode envelope (`slash_commands`, `interactive`, `events_api`)
        once the bot has connected (10 s at most); returns its envelope id."""
        async with asyncio.timeout(10):
            await self._socket_ready.wait()
        envelope_id = f"env-{next(self._ids)}"
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": 0,
            "retry_reason": "",
        }
        for socket in list(self._sockets):
            await socket.send_json(envelope)
        return envelope_id

    async def _wait_message(self, request: web.Request) -> web.Response:
        """Long poll for other processes: the first message (optionally the one with `ts`)
        whose text contains `contains`, once it does; 504 after `within` seconds."""
        ts, needle = request.query.get("ts"), request.query["contains"]

        def found(fake: FakeSlack) -> dict[str, Any] | None:
            return next(
                (
                    {"channel": channel, **message}
                    for (channel, stamp), message in fake.messages.items()
                    if (ts is None or stamp == ts) and needle in message["text"]
                ),
                None,
            )

        try:
            return _json(await self.wait_for(found, within=float(request.query.get("within", 60))))
        except AssertionError:
            return web.Response(status=504, text="no such message yet")

    async def _stats(self, request: web.Request) -> web.Response:
        """Call counts, the last call of each method, with `?edits=<ts>` the times that
        message was edited, and with `?answers=<prefix>` when each answer to a
        `response_url` named with that prefix arrived."""
        stats: dict[str, Any] = {
            "counts": dict(self.counts),
            "last": {method: call.args for method, call in self.last.items()},
        }
        if "edits" in request.query:
            stats["edit_times"] = self.edit_times.get(request.query["edits"], [])
        if "answers" in request.query:
            prefix = request.query["answers"]
            stats["answer_times"] = {
                name: at for name, at in self.answer_times.items() if name.startswith(prefix)
            }
        return _json(stats)


def block_errors(blocks: list[dict[str, Any]], *, limit: int) -> list[str]:
    """Slack's Block Kit limits, checked as Slack checks them (a few of the many)."""
    errors: list[str] = []
    if len(blocks) > limit:
        errors.append(f"no more than {limit} items allowed [json-pointer:/blocks]")
    for index, block in enumerate(blocks):
        where = f"[json-pointer:/blocks/{index}]"
        kind = block.get("type")
        text = (block.get("text") or {}).get("text", "")
        if kind == "section":
            if len(text) > 3000:
                errors.append(f"must be less than 3001 characters {where}/text")
            fields = block.get("fields") or []
            if len(fields) > 10:
                errors.append(f"no more than 10 items allowed {where}/fields")
            if any(len(f.get("text", "")) > 2000 for f in fields):
                errors.append(f"must be less than 2001 characters {where}/fields")
            if not text and not fields:
                errors.append(f"must provide text or fields {where}")
        elif kind == "header" and not 0 < len(text) <= 150:
            errors.append(f"must be 1-150 characters {where}/text")
        elif kind == "actions":
            elements = block.get("elements") or []
            if not 0 < len(elements) <= 25:
                errors.append(f"must have 1-25 elements {where}/elements")
            ids = [e.get("action_id") for e in elements]
            if len(set(ids)) != len(ids):
                errors.append(f"action_id must be unique in a block {where}/elements")
            for element in elements:
                label = (element.get("text") or {}).get("text", "")
                if (
                    not 0 < len(label) <= 75
                    or len(element.get("action_id", "")) > 255
                    or len(element.get("value", "")) > 2000
                    or len(element.get("url", "")) > 3000
                ):
                    errors.append(f"invalid button {where}/elements")
        elif kind == "context":
            elements = block.get("elements") or []
            if not 0 < len(elements) <= 10:
                errors.append(f"must have 1-10 elements {where}/elements")
            texts = [e.get("text", "") for e in elements if e.get("type") != "image"]
            if any(not 0 < len(text) <= 3000 for text in texts):  # a text object's limits
                errors.append(f"must be 1-3000 characters {where}/elements")
        if len(block.get("block_id", "")) > 255:
            errors.append(f"must be at most 255 characters {where}/block_id")
    return errors


def blocks_text(blocks: Any) -> int:
    """The characters of every `text` string anywhere in `blocks`, as Slack adds them up
    for `msg_blocks_too_long`."""
    if isinstance(blocks, list):
        return sum(blocks_text(item) for item in blocks)
    if isinstance(blocks, dict):
        return sum(
            len(value) if key == "text" and isinstance(value, str) else blocks_text(value)
            for key, value in blocks.items()
        )
    return 0


async def _arguments(request: web.Request, *, query: bool = True) -> dict[str, Any]:
    """Query string (unless `query` is False), form fields and JSON body merged, JSON-valued
    fields decoded."""
    args: dict[str, Any] = dict(request.query) if query else {}
    if request.can_read_body:
        if request.content_type == "application/json":
            args.update(await request.json())
        else:
            raw = (await request.read()).decode()
            args.update(parse_qsl(raw, keep_blank_values=True))
    for name in _JSON_FIELDS & args.keys():
        if isinstance(args[name], str):
            args[name] = json.loads(args[name])
    return args


def _message(args: dict[str, Any]) -> dict[str, Any]:
    return {"text": args.get("text", ""), "blocks": args.get("blocks") or []}


def _json(data: dict[str, Any]) -> web.Response:
    """JSON with Content-Type exactly `application/json`, as Slack sends it."""
    return web.Response(body=json.dumps(data).encode(), content_type="application/json")


async def _serve(host: str, port: int, keep: int | None) -> None:
    fake = FakeSlack(keep=keep)
    await fake.start(host, port)
    print(f"PORT {fake.port}", flush=True)
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the fake Slack Web API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--keep", type=int, default=0, help="calls to keep in full")
    args = parser.parse_args()
    try:
        asyncio.run(_serve(args.host, args.port, args.keep))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
