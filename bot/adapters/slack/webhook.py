"""POSTing JSON to `response_url`s: the answer courier's HTTP/1.1 client.

The courier sends one POST per vote (its confirmation). Through aiohttp's client each cost the
courier about 0.1 ms of CPU, mostly the client's own machinery (request and response objects,
URL objects, header multidicts, tracing hooks), on the core the bot's main process leaves to
everything else; at a few thousand votes a second that core was full (bench/bench_slack.py).
This client does only what these POSTs need:

- one request at a time per connection; connections kept alive per origin and reused, at
  most `MAX_CONNECTIONS` per origin, idle ones dropped after `IDLE_TIMEOUT` seconds;
- a connection that was reused and closes before answering anything is retried once on a
  new one (the server had timed it out as idle);
- responses framed by `Content-Length`, chunked transfer coding, or the connection's end,
  after any interim 1xx responses;
- TLS with the system's trust store and hostname checks;
- every request done within `timeout` seconds, else `TimeoutError`; every other failure is
  a `WebhookError` or an `OSError` (refused, reset, TLS).

Not done, because Slack's `response_url`s do not need it: redirects, proxies (aiohttp's
session did not use them either), compression, cookies.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Callable
from typing import cast
from urllib.parse import urlsplit

#: Connections one origin (scheme, host, port) may have open at once.
MAX_CONNECTIONS = 100
#: Seconds an idle keep-alive connection is kept (aiohttp's default too).
IDLE_TIMEOUT = 15.0
#: Largest response accepted, head and body: Slack answers `ok` or a short JSON error.
MAX_RESPONSE = 1024 * 1024
DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]


class WebhookError(Exception):
    """The server's answer was missing, malformed or too large, or the URL is unusable."""


class Response:
    """A response's status and body (the body as sent, after de-chunking)."""

    __slots__ = ("body", "status")

    def __init__(self, status: int, body: bytes) -> None:
        self.status = status
        self.body = body


class WebhookClient:
    """POSTs over pooled keep-alive connections; `close()` ends them all."""

    def __init__(
        self,
        *,
        timeout: float = 30.0,
        max_connections: int = MAX_CONNECTIONS,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.timeout = timeout
        self._max_connections = max_connections
        self._ssl = ssl_context
        self._idle: dict[Origin, list[_Connection]] = {}
        self._slots: dict[Origin, asyncio.Semaphore] = {}
        self._open: set[_Connection] = set()

    async def post(self, url: str, body: bytes, content_type: str) -> Response:
        """POST `body` to `url`; the response, whatever its status."""
        origin, request = _request(url, body, content_type)
        slots = self._slots.get(origin)
        if slots is None:
            slots = self._slots[origin] = asyncio.Semaphore(self._max_connections)
        async with asyncio.timeout(self.timeout), slots:
            connection = self._reuse(origin)
            if connection is not None:
                try:
                    return await self._exchange(origin, connection, request)
                except _ClosedUnanswered:
                    pass  # the server had closed it as idle: once more, on a new one
            connection = await self._connect(origin)
            try:
                return await self._exchange(origin, connection, request)
            except _ClosedUnanswered as closed:
                raise WebhookError("the connection closed without a response") from closed

    async def close(self) -> None:
        for connection in list(self._open):
            connection.close()
        self._idle.clear()

    def _reuse(self, origin: Origin) -> _Connection | None:
        idle = self._idle.get(origin)
        now = time.monotonic()
        while idle:
            connection = idle.pop()
            if not connection.closed and now - connection.idle_since < IDLE_TIMEOUT:
                return connection
            connection.close()
        return None

    async def _connect(self, origin: Origin) -> _Connection:
        scheme, host, port = origin
        context = None
        if scheme == "https":
            context = self._ssl or ssl.create_default_context()
            self._ssl = context
        loop = asyncio.get_running_loop()
        _, connection = await loop.create_connection(
            _Connection, host, port, ssl=context, server_hostname=host if context else None
        )
        self._open.add(connection)
        connection.on_close = self._open.discard
        return connection

    async def _exchange(self, origin: Origin, connection: _Connection, request: bytes) -> Response:
        try:
            response = await connection.exchange(request)
        except BaseException:
            connection.close()  # a failed or abandoned exchange leaves it unusable
            raise
        if not connection.reusable:
            connection.close()
            return response
        now = connection.idle_since = time.monotonic()
        idle = self._idle.setdefault(origin, [])
        idle.append(connection)
        # Reuse takes the newest, so the oldest sit at the front: end those idle too long.
        while idle and (idle[0].closed or now - idle[0].idle_since >= IDLE_TIMEOUT):
            idle.pop(0).close()
        return response


def _request(url: str, body: bytes, content_type: str) -> tuple[Origin, bytes]:
    """The origin to connect to and the request's bytes."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise WebhookError("not an http(s) URL")
    if not url.isprintable() or " " in url or not url.isascii():
        raise WebhookError("the URL has characters that cannot go on a request line")
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError as error:
        raise WebhookError("the URL's port is not a number") from error
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host = parts.netloc.rpartition("@")[2]
    head = (
        f"POST {target} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nUser-Agent: debate-bot\r\n\r\n"
    )
    return (scheme, parts.hostname, port), head.encode("ascii") + body


class _ClosedUnanswered(Exception):
    """The connection closed before a single byte of the response arrived."""


class _Connection(asyncio.Protocol):
    """One connection: sends a request, parses the response as its bytes arrive."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self.reusable = False
        self.idle_since = 0.0
        self.on_close: Callable[[_Connection], None] | None = None
        self._buffer = bytearray()
        self._answered: asyncio.Future[Response] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A stream transport, whatever the event loop's class for it (uvloop's are not
        # subclasses of asyncio.Transport).
        self.transport = cast(asyncio.Transport, transport)

    def exchange(self, request: bytes) -> asyncio.Future[Response]:
        if self.closed or self.transport is None:
            raise _ClosedUnanswered()
        self._buffer.clear()
        self.reusable = False
        self._answered = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return self._answered

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        if len(self._buffer) > MAX_RESPONSE:
            self._fail(WebhookError("the response is too large"))
            return
        try:
            parsed = _parse(self._buffer, complete=False)
        except WebhookError as error:
            self._fail(error)
            return
        if parsed is not None:
            response, keep_alive = parsed
            self.reusable = keep_alive
            self._settle(response)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.on_close is not None:
            self.on_close(self)
        waiter = self._answered
        if waiter is None or waiter.done():
            return
        if not self._buffer:
            self._fail(_ClosedUnanswered())
            return
        try:
            parsed = _parse(self._buffer, complete=True)  # a body that ends with the connection
        except WebhookError as error:
            self._fail(error)
            return
        if parsed is None:
            self._fail(WebhookError("the connection closed mid-response"))
        else:
            self._settle(parsed[0])

    def close(self) -> None:
        if self.transport is not None and not self.closed:
            self.transport.close()
        self.closed = True

    def _settle(self, response: Response) -> None:
        if self._answered is not None and not self._answered.done():
            self._answered.set_result(response)

    def _fail(self, error: Exception) -> None:
        self.reusable = False
        if self._answered is not None and not self._answered.done():
            self._answered.set_exception(error)
        self.close()


def _parse(data: bytearray, *, complete: bool) -> tuple[Response, bool] | None:
    """The response in `data` and whether the connection may be reused, or None while
    more bytes are needed. `complete`: the connection has ended, so a body without a
    length ends here."""
    while True:
        head_end = data.find(b"\r\n\r\n")
        if head_end < 0:
            return None
        lines = bytes(data[:head_end]).decode("latin-1").split("\r\n")
        version, _, rest = lines[0].partition(" ")
        status_text = rest[:3]
        if not version.startswith("HTTP/1.") or not status_text.isdigit():
            raise WebhookError("not an HTTP/1.x response")
        status = int(status_text)
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, colon, value = line.partition(":")
            if not colon:
                raise WebhookError("a malformed response header")
            headers[name.strip().lower()] = value.strip()
        if 100 <= status < 200 and status != 101:
            del data[: head_end + 4]  # an interim response: the real one follows
            continue
        break
    body_start = head_end + 4
    keep_alive = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
    if status in (204, 304):
        return Response(status, b""), keep_alive
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(data, body_start)
        return None if body is None else (Response(status, body), keep_alive)
    length = headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise WebhookError("a malformed Content-Length")
        end = body_start + int(length)
        if len(data) < end:
            return None
        return Response(status, bytes(data[body_start:end])), keep_alive
    if not complete:
        return None
    return Response(status, bytes(data[body_start:])), False


def _dechunk(data: bytearray, start: int) -> bytes | None:
    """The body of a chunked response starting at `start`, or None if not all here yet."""
    body = bytearray()
    position = start
    while True:
        line_end = data.find(b"\r\n", position)
        if line_end < 0:
            return None
        size_text = bytes(data[position:line_end]).split(b";")[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError as error:
            raise WebhookError("a malformed chunk size") from error
        position = line_end + 2
        if size == 0:
            break
        if len(data) < position + size + 2:
            return None
        body += data[position : position + size]
        position += size + 2
    # Trailer fields, if any, end with an empty line.
    if data[position : position + 2] == b"\r\n":
        return bytes(body)
    return bytes(body) if data.find(b"\r\n\r\n", position) >= 0 else None
