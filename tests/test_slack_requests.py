"""The adapter's Bolt requests equal Bolt's own: same raw body, parsed body and context.

`bot/adapters/slack/requests.py` assembles Bolt requests from Bolt's internals; these tests
hold the result against `AsyncBoltRequest` itself, for real deliveries: an upgrade of Bolt
that changes what it builds fails here first.
"""

from __future__ import annotations

import json

import pytest
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.adapters.slack.requests import request_from
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
