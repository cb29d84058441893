"""The courier's HTTP/1.1 client against real loopback servers: the fake Slack, a scripted
raw server for each way a response can be framed or fail, and a TLS server."""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import AsyncIterator, Callable

import pytest
import trustme

from bot.adapters.slack.webhook import WebhookClient, WebhookError
from tests.slack_fake import FakeSlack

JSON = "application/json; charset=utf-8"


class RawServer:
    """A loopback server whose replies are written by the test, byte for byte. Counts the
    connections it accepted and the most it held open at once."""

    def __init__(self, respond: Callable[[bytes, int], bytes | None], *, close_after: int = 0):
        self.respond = respond
        self.close_after = close_after
        self.accepted = 0
        self.open = 0
        self.most_open = 0
        self.requests: list[bytes] = []
        self.server: asyncio.Server | None = None
        self.url = ""
        self.handlers: set[asyncio.Task[None]] = set()
        self.gate = asyncio.Event()
        self.gate.set()

    async def __aenter__(self) -> RawServer:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/response/T0/abc?x=1"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.close()
        for handler in self.handlers:
            handler.cancel()
        await asyncio.gather(*self.handlers, return_exceptions=True)
        await self.server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        handler = asyncio.current_task()
        assert handler is not None
        self.handlers.add(handler)
        self.accepted += 1
        self.open += 1
        self.most_open = max(self.most_open, self.open)
        served = 0
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except asyncio.IncompleteReadError:
                    return
                length = int(
                    next(
                        line.split(b":")[1]
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length:")
                    )
                )
                body = await reader.readexactly(length)
                self.requests.append(head + body)
                await self.gate.wait()
                reply = self.respond(head + body, len(self.requests))
                if reply is None:  # hang up without answering
                    return
                writer.write(reply)
                await writer.drain()
                served += 1
                if self.close_after and served >= self.close_after:
                    return
        except asyncio.CancelledError:
            pass  # the test is over
        finally:
            self.open -= 1
            writer.close()
            self.handlers.discard(handler)


def ok(body: bytes = b"ok", extra: str = "") -> bytes:
    return (
        f"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {len(body)}\r\n{extra}\r\n"
    ).encode() + body


@pytest.fixture
async def client() -> AsyncIterator[WebhookClient]:
    made = WebhookClient(timeout=5)
    yield made
    await made.close()


async def test_posts_json_to_the_fake_slack_over_one_kept_alive_connection(
    client: WebhookClient,
) -> None:
    fake = FakeSlack()
    await fake.start()
    try:
        for n in range(3):
            body = json.dumps({"text": f"answer {n}", "response_type": "ephemeral"}).encode()
            response = await client.post(fake.response_url("votes"), body, JSON)
            assert (response.status, response.body) == (200, b"ok")
        calls = fake.calls_to("response_url")
        assert [call.args["text"] for call in calls] == ["answer 0", "answer 1", "answer 2"]
        refused = await client.post(
            fake.response_url("bad"), json.dumps({"blocks": [{}] * 51}).encode(), JSON
        )
        assert (refused.status, refused.body) == (400, b"invalid_blocks")
    finally:
        await fake.stop()


async def test_the_request_is_what_the_server_reads(client: WebhookClient) -> None:
    async with RawServer(lambda request, n: ok()) as server:
        await client.post(server.url, b'{"text":"hi"}', JSON)
        await client.post(server.url, b'{"text":"again"}', JSON)
    head, _, body = server.requests[0].partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    assert lines[0] == "POST /response/T0/abc?x=1 HTTP/1.1"
    assert f"Host: {server.url.split('/')[2]}" in lines
    assert f"Content-Type: {JSON}" in lines
    assert "Content-Length: 13" in lines
    assert body == b'{"text":"hi"}'
    assert server.accepted == 1  # kept alive and reused


@pytest.mark.parametrize(
    ("reply", "body"),
    [
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"2\r\nok\r\n3;x=y\r\n!!!\r\n0\r\n\r\n",
            b"ok!!!",
        ),
        (
            b"HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n"
            b"2\r\nok\r\n0\r\nX-Trailer: 1\r\n\r\n",
            b"ok",
        ),
        (b"HTTP/1.1 100 Continue\r\n\r\n" + ok(b"after interim"), b"after interim"),
        (b"HTTP/1.1 204 No Content\r\n\r\n", b""),
        (ok(b"{}", "Connection: keep-alive\r\n"), b"{}"),
    ],
)
async def test_kept_alive_framings(client: WebhookClient, reply: bytes, body: bytes) -> None:
    async with RawServer(lambda request, n: reply) as server:
        for _ in range(2):
            response = await client.post(server.url, b"{}", JSON)
            assert response.body == body
    assert server.accepted == 1


async def test_a_body_that_ends_with_the_connection(client: WebhookClient) -> None:
    reply = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end"
    async with RawServer(lambda request, n: reply, close_after=1) as server:
        for _ in range(2):
            assert (await client.post(server.url, b"{}", JSON)).body == b"until the end"
    assert server.accepted == 2  # such a connection cannot be reused


@pytest.mark.parametrize("closing", ["Connection: close\r\n", ""])
async def test_connection_close_and_http_1_0_are_not_reused(
    client: WebhookClient, closing: str
) -> None:
    reply = ok(extra=closing) if closing else ok().replace(b"HTTP/1.1", b"HTTP/1.0")
    async with RawServer(lambda request, n: reply) as server:
        for _ in range(3):
            assert (await client.post(server.url, b"{}", JSON)).status == 200
    assert server.accepted == 3


async def test_a_connection_the_server_closed_as_idle_is_retried_once(
    client: WebhookClient,
) -> None:
    async with RawServer(lambda request, n: ok(), close_after=1) as server:
        assert (await client.post(server.url, b"{}", JSON)).status == 200
        await asyncio.sleep(0.05)  # let the server's close arrive: the pooled one is dead
        assert (await client.post(server.url, b"{}", JSON)).status == 200
    assert server.accepted == 2
    assert len(server.requests) == 2  # the dead connection got nothing


async def test_a_new_connection_closed_unanswered_is_an_error(client: WebhookClient) -> None:
    async with RawServer(lambda request, n: None) as server:
        with pytest.raises(WebhookError, match="without a response"):
            await client.post(server.url, b"{}", JSON)


@pytest.mark.parametrize(
    "reply",
    [
        b"SMTP ready\r\n\r\n",
        b"HTTP/1.1 2xx OK\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ],
)
async def test_malformed_responses_are_errors(client: WebhookClient, reply: bytes) -> None:
    async with RawServer(lambda request, n: reply) as server:
        with pytest.raises(WebhookError):
            await client.post(server.url, b"{}", JSON)


async def test_a_response_cut_short_is_an_error(client: WebhookClient) -> None:
    reply = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort"
    async with RawServer(lambda request, n: reply, close_after=1) as server:
        with pytest.raises(WebhookError, match="mid-response"):
            await client.post(server.url, b"{}", JSON)


async def test_an_oversized_response_is_an_error(client: WebhookClient) -> None:
    reply = ok(b"x" * (2 * 1024 * 1024))
    async with RawServer(lambda request, n: reply) as server:
        with pytest.raises(WebhookError, match="too large"):
            await client.post(server.url, b"{}", JSON)


async def test_a_server_that_never_answers_times_out() -> None:
    client = WebhookClient(timeout=0.2)
    async with RawServer(lambda request, n: ok()) as server:
        server.gate.clear()
        with pytest.raises(TimeoutError):
            await client.post(server.url, b"{}", JSON)
        server.gate.set()
        assert (await client.post(server.url, b"{}", JSON)).status == 200
    assert server.accepted == 2  # the timed-out connection was not reused
    await client.close()


async def test_connections_per_origin_are_capped() -> None:
    client = WebhookClient(max_connections=2)
    async with RawServer(lambda request, n: ok()) as server:
        server.gate.clear()
        posts = [asyncio.ensure_future(client.post(server.url, b"{}", JSON)) for _ in range(6)]
        await asyncio.sleep(0.1)
        assert server.open == 2
        server.gate.set()
        assert [r.status for r in await asyncio.gather(*posts)] == [200] * 6
    assert server.most_open == 2
    await client.close()


async def test_refused_connections_raise_oserror(client: WebhookClient) -> None:
    with pytest.raises(OSError):
        await client.post("http://127.0.0.1:9/response/x", b"{}", JSON)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1/x",
        "http:///no-host",
        "http://127.0.0.1/a b",
        "http://127.0.0.1/a\r\nX-Injected: 1",
        "http://127.0.0.1/é",
        "http://127.0.0.1:port/x",
    ],
)
async def test_unusable_urls_are_refused(client: WebhookClient, url: str) -> None:
    with pytest.raises(WebhookError):
        await client.post(url, b"{}", JSON)


async def test_https_checks_the_certificate_and_the_host_name() -> None:
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    requests: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        requests.append(head + await reader.readexactly(2))
        writer.write(ok(b"secure"))
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=server_context)
    port = server.sockets[0].getsockname()[1]
    trusting = ssl.create_default_context()
    authority.configure_trust(trusting)
    try:
        client = WebhookClient(ssl_context=trusting)
        response = await client.post(f"https://127.0.0.1:{port}/response/x", b"{}", JSON)
        assert (response.status, response.body) == (200, b"secure")
        await client.close()
        untrusting = WebhookClient()  # the system's trust store knows no test authority
        with pytest.raises(ssl.SSLCertVerificationError):
            await untrusting.post(f"https://127.0.0.1:{port}/response/x", b"{}", JSON)
        await untrusting.close()
        authority.issue_cert("hooks.example").configure_cert(server_context)
        elsewhere = WebhookClient(ssl_context=trusting)  # a trusted certificate, wrong name
        with pytest.raises(ssl.SSLCertVerificationError):
            await elsewhere.post(f"https://127.0.0.1:{port}/response/x", b"{}", JSON)
        await elsewhere.close()
    finally:
        server.close()
        await server.wait_closed()
    assert requests[0].startswith(b"POST /response/x HTTP/1.1\r\n")
