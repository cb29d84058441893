"""Slack's HTTP deliveries, checked in the order that keeps hostile input harmless.

size limit → signature over the raw bytes → decode → shape → Bolt's dispatch.

Nothing of a request is interpreted before its signature is known to be Slack's, and
nothing reaches Bolt or a listener that they could not act on. A refusal is answered with
a 4xx (401: not signed by Slack, or signed too long ago; 400: signed but unreadable; 413:
too big) and logged as one line with our reason, never with the body.

One unsigned request is Slack's own: the SSL check it sends a slash command's URL now and
then (`ssl_check=1&token=…`, no signature headers), which expects a 200. Its exact bytes
are matched, nothing of it is read, and nothing is done but the 200; refused, it would
also be logged as a forged request every time.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp

from bot.adapters.slack.requests import Malformed, bolt_request
from bot.adapters.slack.signing import BadTimestamp, Signatures, Unsigned

log = logging.getLogger(__name__)

#: Slack's SSL check, byte for byte: the two fields in either order, the token a legacy
#: verification token (letters, digits); anything more is an ordinary, unsigned request.
SSL_CHECK = re.compile(rb"ssl_check=1&token=[A-Za-z0-9]*|token=[A-Za-z0-9]*&ssl_check=1")
#: The largest body read. Slack's biggest deliveries (a click on a 50-block message with
#: its state) stay well under it; aiohttp refuses larger ones while reading.
MAX_BODY = 1024 * 1024


class Intake:
    """Serves `POST /slack/events` for one Bolt app and one signing secret."""

    def __init__(self, bolt: AsyncApp, signatures: Signatures) -> None:
        self.bolt = bolt
        self.signatures = signatures

    async def handle(self, request: web.Request) -> web.StreamResponse:
        try:
            raw = await request.read()
            self.signatures.verify(raw, request.headers)
            delivery = bolt_request(
                raw, request.content_type, request.charset, request.query_string, request.headers
            )
        except web.HTTPRequestEntityTooLarge:
            return refuse(request, 413, f"the body is over {MAX_BODY} bytes")
        except Unsigned as unsigned:
            # Slack's SSL check carries no signature, so it always lands here: looked for
            # only among unsigned requests, it costs a signed delivery (every vote) nothing.
            if ssl_check(raw, request.headers):
                return web.Response()
            return refuse(request, 401, str(unsigned))
        except (BadTimestamp, Malformed) as malformed:
            return refuse(request, 400, str(malformed))
        return await to_aiohttp_response(await self.bolt.async_dispatch(delivery))


def ssl_check(raw: bytes, headers: Mapping[str, str]) -> bool:
    """Whether this is Slack's SSL check, which Slack sends unsigned."""
    return "X-Slack-Signature" not in headers and SSL_CHECK.fullmatch(raw) is not None


def refuse(request: web.Request, status: int, reason: str) -> web.Response:
    """The refusal, and its one log line: our reason, the size and the peer, no content."""
    log.info(
        "refused a Slack request (HTTP %d): %s; %s bytes from %s",
        status,
        reason,
        request.content_length,
        request.remote,
    )
    return web.json_response({"error": reason}, status=status)
