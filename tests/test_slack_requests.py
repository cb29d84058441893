"""The adapter's Bolt requests equal Bolt's own: same raw body, parsed body and context.

`bot/adapters/slack/requests.py` decodes form bodies with a C codec instead of
`urllib.parse.parse_qsl`; these tests hold its results against the standard library's and
against `AsyncBoltRequest` itself, for real deliveries and for random forms.
"""

from __future__ import annotations

import json
import random
from urllib.parse import parse_qsl, quote, quote_plus, unquote_plus, urlencode

import pytest
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.adapters.slack.requests import form_fields, request_from
from bot.adapters.slack.requests import unquote_plus as fast_unquote_plus
from tests.slack_client import (
    FORM,
    SIGNING_SECRET,
    block_actions_payload,
    command_body,
    event_body,
    interactivity_body,
    signed_headers,
)

RESPONSE_URL = "https://hooks.slack.com/commands/T0/1/abc"

DELIVERIES = {
    "slash command": (
        command_body(
            "/poll",
            'question:"Who wins — Baker or Gin? 100% sure & no @here" options:A | B',
            team="T0",
            channel="C0",
            user="U0",
            response_url=RESPONSE_URL,
            user_name="zoë",
        ),
        FORM,
    ),
    "button click": (
        interactivity_body(
            block_actions_payload(
                "poll:v1:7:2",
                team="T0",
                channel="C0",
                user="U0",
                message_ts="1700000000.000100",
                response_url=RESPONSE_URL,
                action_ts="1700000001.000200",
            )
        ),
        FORM,
    ),
    "event": (
        event_body({"type": "app_home_opened", "user": "U0", "tab": "home"}, team="T0"),
        "application/json",
    ),
    "url verification": (
        json.dumps({"type": "url_verification", "challenge": "c%41+b", "token": "t"}),
        "application/json",
    ),
    "ssl check": ("ssl_check=1&token=legacy", FORM),
    "empty": ("", FORM),
    "form without payload": ("payloadless=1", FORM),
    "payload named only in a value": ("note=payload&x=%7B", FORM),
}


@pytest.mark.parametrize("name", DELIVERIES)
def test_request_equals_bolts_own(name: str) -> None:
    body, content_type = DELIVERIES[name]
    headers = signed_headers(SIGNING_SECRET, body, content_type)
    ours = request_from(body, "a=1&b=%20", headers)
    bolts = AsyncBoltRequest(body=body, query="a=1&b=%20", headers=headers)  # type: ignore[arg-type]
    assert ours.raw_body == bolts.raw_body == body
    assert ours.body == bolts.body
    assert ours.query == bolts.query
    assert ours.headers == bolts.headers
    assert ours.content_type == bolts.content_type
    assert dict(ours.context) == dict(bolts.context)
    assert (ours.mode, ours.lazy_only, ours.lazy_function_name) == (
        bolts.mode,
        bolts.lazy_only,
        bolts.lazy_function_name,
    )


def test_a_click_is_parsed_into_its_payload() -> None:
    body, _ = DELIVERIES["button click"]
    request = request_from(body, "", {"Content-Type": FORM})
    assert request.body["type"] == "block_actions"
    assert request.body["actions"][0]["action_id"] == "poll:v1:7:2"
    assert request.context["response_url"] == RESPONSE_URL
    assert request.context["user_id"] == "U0"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain",
        "a+b",
        "%41%42",
        "%e2%80%94 lower-case hex",
        "%",
        "%4",
        "%zz",
        "100%",
        "%%41",
        "back\\slash%41",
        "%5Cx41",
        "%C3",
        "%C3%28",
        "%F0%9F%98%80",
        "%ED%A0%80",
        "zoë%20raw",
        "€%E2%82%AC",
    ],
)
def test_unquote_plus_matches_the_standard_library(text: str) -> None:
    assert fast_unquote_plus(text) == unquote_plus(text)


def test_random_forms_decode_as_parse_qsl_does() -> None:
    """Random forms: well-formed ones from random text, and arbitrary strings over the
    characters that matter (escapes, separators, backslashes, non-ASCII)."""
    rng = random.Random(4)
    alphabet = "%&=+\\ab0F9zé€\x00 " + "".join(chr(rng.randrange(0x80, 0x3000)) for _ in range(4))
    for _ in range(3000):
        if rng.random() < 0.5:
            fields = [(_text(rng), _text(rng)) for _ in range(rng.randrange(0, 5))]
            form = urlencode(fields, quote_via=rng.choice([quote, quote_plus]))
        else:
            form = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        assert form_fields(form) == dict(parse_qsl(form, keep_blank_values=True)), form


def _text(rng: random.Random) -> str:
    pool = [chr(rng.randrange(0x20, 0x7F)) for _ in range(6)] + ["é", "—", "😀", "\\", "%", "+"]
    return "".join(rng.choice(pool) for _ in range(rng.randrange(0, 12)))


def test_real_deliveries_take_the_codec_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """What Slack sends (ASCII, well-formed escapes) never falls back to the Python loop."""

    def slow_path(text: str) -> str:
        raise AssertionError(f"fell back to urllib for {text[:40]!r}")

    monkeypatch.setattr("bot.adapters.slack.requests.unquote", slow_path)
    for name in ("slash command", "button click"):
        body, _ = DELIVERIES[name]
        assert request_from(body, "", {"Content-Type": FORM}).body
