"""The adapter's Bolt requests equal Bolt's own: same raw body, parsed body and context.

`bot/adapters/slack/requests.py` assembles Bolt requests from Bolt's internals; these tests
hold the result against `AsyncBoltRequest` itself, for real deliveries and random bodies
(examples and hypothesis properties): an upgrade of Bolt that changes what it builds fails
here first. The one intended difference: the `payload` field, not the word anywhere in the
form, makes a delivery an interaction.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.adapters.slack.requests import (
    JSON,
    Malformed,
    bolt_request,
    form_fields,
    parse_body,
    request_from,
)
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
#: The keys of a real click payload (tests/slack_client.py), for shapes near a real one.
CLICK_KEYS = [
    *block_actions_payload(
        "poll:v1:1:1", team="T", channel="C", user="U", message_ts="1", response_url="u"
    ),
    "view",
    "authorizations",
    "enterprise",
]

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
    "form without payload": ("note=1", FORM),
}


@pytest.mark.parametrize("name", DELIVERIES)
def test_request_equals_bolts_own(name: str) -> None:
    body, content_type = DELIVERIES[name]
    headers = signed_headers(SIGNING_SECRET, body, content_type)
    ours = request_from(body, parse_body(body, content_type), "a=1&b=%20", headers)
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


@pytest.mark.parametrize(
    "form", ["note=payload&x=%7B", "payloadless=1", "text=what+is+in+the+payload%3F"]
)
def test_the_payload_field_not_the_word_makes_an_interaction(form: str) -> None:
    """Bolt's `parse_body` empties any form containing the word (a 404 for the command)."""
    bolts = AsyncBoltRequest(body=form, headers={"Content-Type": FORM})  # type: ignore[arg-type]
    assert bolts.body == {}
    assert parse_body(form, FORM) == dict(parse_qsl(form, keep_blank_values=True))


def test_a_click_is_parsed_into_its_payload() -> None:
    body, _ = DELIVERIES["button click"]
    request = request_from(body, parse_body(body, FORM), "", {"Content-Type": FORM})
    assert request.body["type"] == "block_actions"
    assert request.body["actions"][0]["action_id"] == "poll:v1:7:2"
    assert request.context["response_url"] == RESPONSE_URL
    assert request.context["user_id"] == "U0"


# -- properties (hypothesis) ------------------------------------------------------------------

#: Text over the characters that matter to form decoding, plus anything else.
FORM_TEXT = st.text(alphabet=st.sampled_from("%&=+\\aZ09fF é€😀\x00\n")) | st.text()
FIELD_TEXT = st.text(min_size=0, max_size=30)
#: Forms made of the pieces percent-decoding can trip on: escapes of valid and invalid UTF-8
#: (a lone continuation byte, a truncated sequence, an encoded surrogate), malformed and
#: truncated escapes, an escaped `%` before hex digits, `+`, separators, and any other text.
FORM_PIECES = st.sampled_from(
    [
        *"% %2 %zz %% %25 %2B %26 %3D %C3%A9 %C3 %A9 %FF %80 %E2%82%AC %e2%82 %F0%9F%98%80"
        " %F0%9F %ED%A0%80 %00 %0A 41 2B C3 + & = ; && == a é 😀".split(),
        *" \x00\n",
    ]
)
ESCAPED_FORMS = st.lists(FORM_PIECES | st.text(max_size=4), max_size=24).map("".join)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=1000)  # escapes combine in many ways; about a second in all
@given(ESCAPED_FORMS | FORM_TEXT)
def test_form_fields_decode_as_parse_qsl_does(form: str) -> None:
    """yarl's decoder is the standard library's (and so Bolt's) for every form: the canary
    for a yarl upgrade."""
    assert form_fields(form) == dict(parse_qsl(form, keep_blank_values=True))


@given(st.dictionaries(FIELD_TEXT.filter(lambda name: name != "payload"), FIELD_TEXT))
def test_a_form_without_a_payload_field_is_its_fields(fields: dict[str, str]) -> None:
    """Whatever the values say (`payload` among them), a form without the field is fields."""
    form = urlencode(fields)
    assert parse_body(form, FORM) == fields


@given(st.dictionaries(st.text(), JSON_VALUES), st.dictionaries(FIELD_TEXT, FIELD_TEXT))
def test_a_payload_field_is_its_json_object(
    payload: dict[str, Any], others: dict[str, str]
) -> None:
    form = urlencode({**others, "payload": json.dumps(payload)})
    assert parse_body(form, FORM) == payload
    assert parse_body(json.dumps(payload), JSON) == payload


@given(
    st.binary() | FORM_TEXT.map(str.encode) | JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.sampled_from([FORM, JSON, "text/plain", "application/octet-stream"]),
    st.sampled_from([None, "utf-8", "UTF8", "latin-1", "x-unknown"]),
)
def test_any_body_is_a_request_or_malformed_nothing_else(
    raw: bytes, mimetype: str, charset: str | None
) -> None:
    """Decoding and shape checks raise only `Malformed` (a 400), whatever the bytes."""
    with contextlib.suppress(Malformed):
        request = bolt_request(raw, mimetype, charset, "", {"Content-Type": mimetype})
        assert isinstance(request.body, dict)


@given(st.dictionaries(st.sampled_from(CLICK_KEYS), JSON_VALUES), JSON_VALUES)
def test_any_click_shape_is_a_request_or_malformed(fields: dict[str, Any], user: Any) -> None:
    """Payloads near a real click (its keys, random values): never an unexpected error, and
    a click that gets through has a user id and actions with ids."""
    payload = {"type": "block_actions", "user": user, **fields}
    form = urlencode({"payload": json.dumps(payload)}).encode()
    try:
        request = bolt_request(form, FORM, None, "", {"Content-Type": FORM})
    except Malformed:
        return
    assert request.body["user"]["id"]
    assert all(action["action_id"] for action in request.body["actions"])
