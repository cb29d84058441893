"""Slack's HTTP deliveries as Bolt requests.

Form bodies are decoded with the standard library, as Bolt's own adapter does. A hand-made
decoder (the `unicode_escape` codec) once saved about 27 µs a click, measured only against a
reference app that confirmed nothing; a click's p99 is tens of milliseconds either way
(bench/README.md), so no user-visible need justified keeping it.

`raw_body` is the exact text whose signature Bolt verifies, and `body` is what Bolt's own
`parse_body` makes of it. The request is assembled here from Bolt's internals, so the
versions are pinned in pyproject.toml and tests/test_slack_requests.py compares the result
with `AsyncBoltRequest` itself: the canary for an upgrade.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_internals import build_async_context
from slack_bolt.request.async_request import AsyncBoltRequest


async def bolt_request(request: web.Request) -> AsyncBoltRequest:
    """What `slack_bolt.adapter.aiohttp.to_bolt_request` builds, decoded faster."""
    return request_from(await request.text(), request.query_string, request.headers)


def request_from(raw_body: str, query: str, headers: Mapping[str, str]) -> AsyncBoltRequest:
    """An HTTP-mode Bolt request for a raw body, its query string and headers."""
    # Bolt parses the body in its constructor; given none, it parses nothing, and the
    # decoded body and the context Bolt derives from it are filled in here instead.
    request = AsyncBoltRequest(body="", query=query, headers=headers)  # type: ignore[arg-type]
    request.raw_body = raw_body
    request.body = parse_body(raw_body, request.content_type)
    request.context = build_async_context(AsyncBoltContext({}), request.body)
    return request


def parse_body(raw_body: str, content_type: str | None) -> dict[str, Any]:
    """`slack_bolt.request.internals.parse_body`, rule for rule, over `form_fields`."""
    if not raw_body:
        return {}
    if content_type == "application/json" or raw_body.startswith("{"):
        return json.loads(raw_body)
    fields = form_fields(raw_body)
    if "payload" not in raw_body:
        return fields
    payload = fields.get("payload")
    return json.loads(payload) if payload is not None else {}


def form_fields(form: str) -> dict[str, str]:
    """The last value of each name, a name without `=` as an empty value (as Bolt reads
    forms)."""
    return dict(parse_qsl(form, keep_blank_values=True))
