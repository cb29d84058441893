"""Slack's signed HTTP deliveries decoded, checked for shape, and made into Bolt requests.

Only bytes whose signature has been verified (`signing.py`, called by `intake.py`) get
here. Decoding refuses what Slack never sends (a charset other than UTF-8, invalid UTF-8,
a content type other than a form or JSON, a JSON document that is not an object) and the
shape checks refuse deliveries the listeners could not act on (a click without a user id or
without actions, a slash command without its ids): each is a `Malformed` with a reason that
quotes nothing of the request, answered 400 before Bolt sees it.

Bolt's own `parse_body` treats any form containing the substring `payload` as an
interactivity delivery, so `/ask what is in the payload?` became an empty body and a 404.
Here the `payload` *field* decides.

Form bodies are decoded by yarl's `query_to_pairs` (yarl ships with aiohttp), documented as
`parse_qsl(..., keep_blank_values=True)` made fast in C. Bolt's adapter decodes with
`parse_qsl` itself, whose pure-Python unquoting of a click's `payload` field (every quote and
colon of its JSON escaped) was a fifth of the instructions a vote cost the bot: 2.93 M of
them a vote before, 2.42 M after (`bench/bench_instructions.py`; timed alone on the bench's
1.2 KB click, 103 µs against 9 µs). tests/test_slack_requests.py holds the two equal on
hypothesis forms built from escapes, valid and not. The request is assembled from Bolt's
internals, so Bolt's version is pinned in pyproject.toml and the same tests compare the
result with `AsyncBoltRequest` itself: the canary for an upgrade.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_internals import build_async_context
from slack_bolt.request.async_request import AsyncBoltRequest
from yarl import query_to_pairs

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
#: The Events API's envelopes, the only deliveries Slack sends as JSON; slash commands and
#: interactivity always come as forms.
EVENT_TYPES = frozenset({"event_callback", "url_verification", "app_rate_limited"})
#: The ids a slash command's form always carries; without them nobody could be answered.
COMMAND_IDS = ("team_id", "channel_id", "user_id")


class Malformed(Exception):
    """A signed delivery the bot cannot read (HTTP 400). The message is the reason, in our
    words: it never quotes the request, so it is safe to log."""


def bolt_request(
    raw: bytes, mimetype: str, charset: str | None, query: str, headers: Mapping[str, str]
) -> AsyncBoltRequest:
    """The Bolt request for a verified delivery, or `Malformed`."""
    text = decode(raw, charset)
    body = parse_body(text, mimetype)
    check_shape(body, mimetype)
    return request_from(text, body, query, headers)


def decode(raw: bytes, charset: str | None) -> str:
    """The body as text: Slack sends UTF-8, so any other charset is refused, not guessed."""
    if charset is not None and charset.lower() not in ("utf-8", "utf8"):
        raise Malformed("the charset is not UTF-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("the body is not valid UTF-8") from None


def parse_body(text: str, mimetype: str) -> dict[str, Any]:
    """The delivery as Bolt reads it: a JSON object (Events API), an interactivity form's
    `payload` field (a JSON object), or a slash command's form fields."""
    if mimetype == JSON:
        return json_object(text, "the JSON body")
    if mimetype != FORM:
        raise Malformed("the content type is neither a form nor JSON")
    fields = form_fields(text)
    if "payload" in fields:
        return json_object(fields["payload"], "the payload field")
    return fields


def json_object(text: str, what: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than Python's stack
        raise Malformed(f"{what} is not JSON") from None
    if not isinstance(document, dict):
        raise Malformed(f"{what} is not a JSON object")
    return document


def check_shape(body: Mapping[str, Any], mimetype: str) -> None:
    """Refuse a delivery whose fields the listeners (or Bolt) would trip over."""
    if not _absent_or(body.get("view"), dict):
        raise Malformed("a view that is not an object")  # Bolt reads one wherever it is
    if mimetype == JSON:
        check_event(body)
    elif "command" in body:
        check_command(body)
    elif body.get("type") == "block_actions":
        check_click(body)
    elif "ssl_check" not in body:
        raise Malformed("the form is neither a slash command nor a button click")


def check_event(body: Mapping[str, Any]) -> None:
    if body.get("type") not in EVENT_TYPES:
        raise Malformed("a JSON body that is not an Events API delivery")
    if body["type"] != "event_callback":
        return
    event = body.get("event")
    if not isinstance(event, dict) or not _text(event.get("type")):
        raise Malformed("an event callback without an event type")
    if not _text(body.get("team_id")) or not isinstance(event.get("user", ""), str):
        raise Malformed("an event callback without its team or with a malformed user")


def check_command(body: Mapping[str, Any]) -> None:
    command = body.get("command")
    if not _text(command) or not command.startswith("/") or len(command) < 2:
        raise Malformed("a slash command without a command name")
    if not all(_text(body.get(name)) for name in COMMAND_IDS):
        raise Malformed("a slash command without its team, channel or user id")


def check_click(body: Mapping[str, Any]) -> None:
    """A `block_actions` payload: a vote needs a voter, so no user id means no click."""
    user = body.get("user")
    if not isinstance(user, dict) or not _text(user.get("id")):
        raise Malformed("a click without a user id")
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions:
        raise Malformed("a click without actions")
    if not all(isinstance(a, dict) and _text(a.get("action_id")) for a in actions):
        raise Malformed("a click with a malformed action")
    for name in ("team", "channel", "container", "message"):
        if not _absent_or(body.get(name), dict):
            raise Malformed(f"a click whose {name} is not an object")
    if not _absent_or(body.get("response_url"), str):
        raise Malformed("a click whose response_url is not text")


def _absent_or(value: Any, kind: type) -> bool:
    return value is None or isinstance(value, kind)


def _text(value: Any) -> bool:
    """Non-empty text: what an id or a name must be."""
    return isinstance(value, str) and bool(value)


def request_from(
    raw_body: str, body: dict[str, Any], query: str, headers: Mapping[str, str]
) -> AsyncBoltRequest:
    """An HTTP-mode Bolt request for a decoded body, its query string and headers."""
    # Bolt parses the body in its constructor; given none, it parses nothing, and the
    # decoded body and the context Bolt derives from it are filled in here instead.
    request = AsyncBoltRequest(body="", query=query, headers=headers)  # type: ignore[arg-type]
    request.raw_body = raw_body
    request.body = body
    try:
        request.context = build_async_context(AsyncBoltContext({}), body)
    except (AttributeError, KeyError, IndexError, TypeError, ValueError):
        # Bolt reads ids from `enterprise`, `authorizations`, `view`, ... wherever a payload
        # type keeps them, assuming Slack's shapes; anything else is not a Slack delivery.
        raise Malformed("ids where Slack keeps them are malformed") from None
    return request


def form_fields(form: str) -> dict[str, str]:
    """The last value of each name, a name without `=` as an empty value (as Bolt reads
    forms)."""
    return dict(query_to_pairs(form))
