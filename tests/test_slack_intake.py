"""Hostile and broken deliveries at the Slack HTTP boundary: the real Bolt app on loopback.

Every request goes over real HTTP to the adapter's `/slack/events`. A refusal must be a
4xx (401 unsigned or stale, 400 signed but unreadable, 413 too big), one log line with our
reason and none of the body, no traceback, and no change in the database or towards Slack.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from multidict import CIMultiDict
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.adapters.slack.intake import MAX_BODY, ssl_check
from bot.adapters.slack.library_logs import http_server_logger, library_logger
from bot.adapters.slack.signing import Signatures, Unsigned
from bot.logs import OneLineFormatter
from tests.slack_client import (
    FORM,
    SIGNING_SECRET,
    block_actions_payload,
    command_body,
    event_body,
    interactivity_body,
    signature,
)
from tests.slack_fake import TEAM, FakeSlack
from tests.test_slack_e2e import CHANNEL, Slack, start_slack, stop_slack

JSON = "application/json"
#: Put in every hostile body: it must never show up in a log.
MARKER = "MARKER-7f3a"
INTAKE_LOGGER = "bot.adapters.slack.intake"


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        yield server


@pytest.fixture
async def slack(tmp_path: Path, fake: FakeSlack) -> AsyncIterator[Slack]:
    running = await start_slack(tmp_path, fake)
    yield running
    await stop_slack(running)


async def post(
    slack: Slack,
    raw: bytes,
    content_type: str = FORM,
    *,
    timestamp: str | None = None,
    secret: str | None = SIGNING_SECRET,
) -> int:
    """POST raw bytes signed over exactly those bytes with `secret` (None: unsigned)."""
    stamp = str(int(time.time())) if timestamp is None else timestamp
    headers = {"Content-Type": content_type}
    if secret is not None:
        headers["X-Slack-Request-Timestamp"] = stamp
        headers["X-Slack-Signature"] = signature(secret, stamp, raw)
    async with slack.sender.session.post(slack.sender.url, data=raw, headers=headers) as answer:
        await answer.read()
        return answer.status


def command(text: str = MARKER, **overrides: str) -> dict[str, str]:
    fields = dict(
        command="/poll",
        text=text,
        team_id=TEAM,
        channel_id=CHANNEL,
        user_id="U0EVE",
        response_url="http://127.0.0.1:9/response/x",
    )
    fields.update(overrides)
    return {name: value for name, value in fields.items() if value != "<absent>"}


def form(fields: dict[str, Any]) -> bytes:
    return urlencode(fields).encode()


def click_on(poll_id: int, ts: str) -> Callable[..., bytes]:
    """Clicks on option 1 of the poll, each with one field replaced (or removed)."""

    def click(**changes: Any) -> bytes:
        payload = block_actions_payload(
            f"poll:v1:{poll_id}:1",
            team=TEAM,
            channel=CHANNEL,
            user="U0MALLORY",
            message_ts=ts,
            response_url=f"http://127.0.0.1:9/response/{MARKER}",
        )
        for name, value in changes.items():
            if value == "<absent>":
                payload.pop(name, None)
            else:
                payload[name] = value
        return interactivity_body(payload).encode()

    return click


def malformed_deliveries(poll_id: int, ts: str) -> list[tuple[str, bytes, str]]:
    """Signed deliveries the bot cannot act on: (name, body, content type), each a 400."""
    click = click_on(poll_id, ts)
    deep = "[" * 100_000 + "]" * 100_000
    voting_click = {
        "type": "block_actions",
        "user": {"id": "U0MALLORY"},
        "actions": [{"action_id": f"poll:v1:{poll_id}:1"}],
    }
    cases: list[tuple[str, bytes, str]] = [
        ("invalid UTF-8 form", b"command=/poll&text=\xff\xfe" + MARKER.encode(), FORM),
        ("invalid UTF-8 JSON", b'{"type": "\xc3\x28' + MARKER.encode() + b'"}', JSON),
        ("unknown charset", form(command()), FORM + "; charset=x-unknown"),
        ("latin-1 charset", form(command()), FORM + "; charset=latin-1"),
        ("payload not JSON", form({"payload": f"notjson {MARKER}"}), FORM),
        ("payload a JSON list", form({"payload": f'["{MARKER}"]'}), FORM),
        ("payload a JSON string", form({"payload": f'"{MARKER}"'}), FORM),
        ("payload a number", form({"payload": "42"}), FORM),
        ("payload without a type", form({"payload": json.dumps({"x": MARKER})}), FORM),
        ("payload deeply nested", form({"payload": deep}), FORM),
        ("a modal submission", form({"payload": json.dumps({"type": "view_submission"})}), FORM),
        ("JSON list", f'["{MARKER}"]'.encode(), JSON),
        ("JSON scalar", b"17", JSON),
        ("JSON deeply nested", deep.encode(), JSON),
        ("JSON with a huge number", b'{"type": ' + b"9" * 5000 + b"}", JSON),
        ("slash command as JSON", json.dumps(command()).encode(), JSON),
        ("click as JSON", json.dumps(voting_click).encode(), JSON),
        ("text/plain", form(command()), "text/plain"),
        ("no content type", form(command()), "application/octet-stream"),
        ("multipart", form(command()), "multipart/form-data; boundary=x"),
        ("empty form", b"", FORM),
        ("a form of nothing known", form({"note": MARKER}), FORM),
        ("a form that is JSON", json.dumps(command()).encode(), FORM),
        ("command without user", form(command(user_id="<absent>")), FORM),
        ("command with empty user", form(command(user_id="")), FORM),
        ("command without team", form(command(team_id="<absent>")), FORM),
        ("command without channel", form(command(channel_id="")), FORM),
        ("command without a slash", form(command(command="poll")), FORM),
        ("command only a slash", form(command(command="/")), FORM),
        ("command with junk authorizations", form(command(authorizations="x")), FORM),
        ("event callback without event", json.dumps({"type": "event_callback"}).encode(), JSON),
        ("event as a list", event_body({}, team=TEAM).replace('"event": {}', '"event": []'), JSON),
        ("event without type", event_body({"user": "U0"}, team=TEAM), JSON),
        (
            "event with a user object",
            event_body({"type": "app_home_opened", "user": {}}, team=TEAM),
            JSON,
        ),
        ("event of no team", event_body({"type": "app_home_opened", "user": "U0"}, team=""), JSON),
        ("unknown JSON type", json.dumps({"type": MARKER}).encode(), JSON),
        (
            "JSON event with junk enterprise",
            json.dumps(
                {"type": "event_callback", "team_id": TEAM, "enterprise": 5, "event": {"type": "x"}}
            ).encode(),
            JSON,
        ),
    ]
    for name, user in [
        ("absent", "<absent>"),
        ("null", None),
        ("{}", {}),
        ("[]", []),
        ("empty id", {"id": ""}),
        ("numeric id", {"id": 5}),
        ("a string", "U0MALLORY"),
        ("null id", {"id": None}),
    ]:
        cases.append((f"click with user {name}", click(user=user), FORM))
    for name, actions in [
        ("absent", "<absent>"),
        ("empty", []),
        ("a string", "poll"),
        ("[{}]", [{}]),
        ("numeric action id", [{"action_id": 5}]),
        ("[string]", ["poll:v1:1:1"]),
        ("null", None),
    ]:
        cases.append((f"click with actions {name}", click(actions=actions), FORM))
    for name, value in [
        ("team", "T0"),
        ("channel", []),
        ("container", "x"),
        ("message", 5),
        ("response_url", 5),
        ("view", "x"),
        ("authorizations", "x"),
        ("enterprise", 5),
    ]:
        cases.append((f"click with {name} {value!r}", click(**{name: value}), FORM))
    return [
        (name, body if isinstance(body, bytes) else body.encode(), ct) for name, body, ct in cases
    ]


async def tallies(slack: Slack) -> tuple[Any, ...]:
    db = slack.app.db
    votes = await db.fetchall(
        "SELECT poll_id, option_number, voter_id FROM poll_votes ORDER BY poll_id, voter_id"
    )
    return (
        [tuple(row) for row in votes],
        await db.fetchval("SELECT COUNT(*) FROM polls"),
        await db.fetchval("SELECT COUNT(*) FROM users"),
    )


async def test_two_hundred_bad_requests_get_4xx_one_line_each_and_change_nothing(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await slack.command("/poll")
    poll_id, ts, _ = await slack.posted_poll()
    assert (await slack.sender.click(slack.click(f"poll:v1:{poll_id}:2", "U0ALICE", ts)))[0] == 200
    await slack.fake.wait_for(lambda f: f.calls_to("response_url"))
    await slack.adapter.idle()
    await slack.app.live.idle()
    before, calls_before = await tallies(slack), len(slack.fake.calls)
    caplog.clear()

    signed = malformed_deliveries(poll_id, ts)
    now = int(time.time())
    requests: list[tuple[str, int, bytes, str, dict[str, Any]]] = [
        (name, 400, body, content_type, {}) for name, body, content_type in signed
    ]
    for name, body, content_type in signed:  # the same bodies, never signed by Slack
        requests += [
            (f"{name}, unsigned", 401, body, content_type, {"secret": None}),
            (f"{name}, wrong secret", 401, body, content_type, {"secret": "not-the-secret"}),
            (f"{name}, stale", 401, body, content_type, {"timestamp": str(now - 400)}),
            (f"{name}, from the future", 401, body, content_type, {"timestamp": str(now + 400)}),
        ]
    valid = click_on(poll_id, ts)()
    for stamp in ["abc", "١٢٣", "1 2", "+12", "1e9", "-5", "1" * 13, "12.5", MARKER]:
        requests.append((f"timestamp {stamp!r}", 400, valid, FORM, {"timestamp": stamp}))
    big = b"payload=" + b"x" * MAX_BODY
    requests += [
        ("over the size limit", 413, big, FORM, {}),
        ("big, unsigned", 413, big, FORM, {"secret": None}),
    ]
    assert len(requests) >= 200

    statuses = await asyncio.gather(
        *(
            post(slack, body, content_type, **options)
            for _, _, body, content_type, options in requests
        )
    )
    wrong = [
        (name, status, expected)
        for (name, expected, *_), status in zip(requests, statuses, strict=True)
        if status != expected
    ]
    assert wrong == []
    assert max(statuses) < 500

    await slack.adapter.idle()
    await slack.app.live.idle()
    assert await tallies(slack) == before
    assert len(slack.fake.calls) == calls_before  # nothing was answered or posted

    refusals = [r for r in caplog.records if r.name == INTAKE_LOGGER]
    assert len(refusals) == len(requests)  # one line each
    assert not [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]
    logged = "\n".join(OneLineFormatter().format(r) for r in caplog.records)
    assert MARKER not in logged and "xxxxxxxx" not in logged
    assert logged.count("\n") == len(caplog.records) - 1


async def test_a_genuine_request_with_clock_skew_logs_no_url_or_token(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    url = slack.fake.response_url("skewed")
    body = command_body("/poll", "", team=TEAM, channel=CHANNEL, user="U0", response_url=url)
    assert (await slack.sender.send(body, timestamp=int(time.time()) - 400))[0] == 401
    [line] = [r.getMessage() for r in caplog.records if r.name == INTAKE_LOGGER]
    assert "five minutes" in line
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert url not in logged and "legacy-verification-token" not in logged


@pytest.mark.parametrize(
    ("text", "channel", "user_name"),
    [
        ("what is in the payload?", CHANNEL, "alice"),
        ("", "C0PAYLOADTEAM", "alice"),  # channel_name payload-team, as Slack sends it
        ("", CHANNEL, "payload"),
    ],
)
async def test_a_command_mentioning_payload_is_answered(
    slack: Slack, text: str, channel: str, user_name: str
) -> None:
    url = slack.fake.response_url()
    body = command_body(
        "/ask",
        text,
        team=TEAM,
        channel=channel,
        user="U0ALICE",
        response_url=url,
        user_name=user_name,
    ).replace(f"channel_name={channel.lower()}", "channel_name=payload-team")
    assert await slack.sender.send(body) == (200, "")
    answer = await slack.answer(url)
    assert answer.args["blocks"]


async def test_slacks_own_checks_still_pass_the_intake(slack: Slack) -> None:
    """URL verification (the Events API's handshake) and the SSL check, signed as Slack does."""
    challenge = json.dumps({"type": "url_verification", "challenge": "c-1", "token": "t"})
    assert await slack.sender.send(challenge, JSON) == (200, '{"challenge": "c-1"}')
    status, _ = await slack.sender.send("ssl_check=1&token=legacy")
    assert status == 200


async def test_slacks_unsigned_ssl_check_gets_its_200_and_nothing_else(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    """Slack sends a slash command's URL an SSL check now and then, without signature
    headers (slackapi/bolt-js#1397 shows one). It was refused with a 401 and logged as a
    forged request each time. It now gets its 200; anything more in an unsigned body is
    still refused, and nothing of it reaches Bolt."""
    caplog.set_level(logging.INFO)
    for body in (b"ssl_check=1&token=legacy", b"token=Ab12&ssl_check=1", b"ssl_check=1&token="):
        assert await post(slack, body, secret=None) == 200
    assert "refused a Slack request" not in caplog.text
    for body in (
        b"ssl_check=1&token=legacy&command=%2Fpoll",
        b"ssl_check=1",
        b"ssl_check=0&token=legacy",
        b"ssl_check=1&token=legacy\n",
    ):
        assert await post(slack, body, secret=None) == 401
    assert await post(slack, b"ssl_check=1&token=legacy", secret="not-the-secret") == 401
    await slack.adapter.idle()
    assert slack.fake.calls_to("response_url") == slack.fake.calls_to("chat.postMessage") == []


#: Form fields as an attacker may assemble them: Slack's two, others, a pair in one name.
FORM_FIELDS = st.lists(
    st.tuples(
        st.sampled_from([b"ssl_check", b"token", b"command", b"ssl_check=1", b""]),
        st.sampled_from([b"1", b"0", b"", b"legacy", b"Ab12", b"a+b", b"%2F", b"\n"])
        | st.binary(max_size=4),
    ),
    max_size=3,
).map(lambda fields: b"&".join(name + b"=" + value for name, value in fields))


#: Slack's SSL check and its near misses: any token, either order, maybe a field more.
NEAR_SSL_CHECKS = st.builds(
    lambda token, swap, more: b"&".join(
        [
            *([b"token=" + token, b"ssl_check=1"] if swap else [b"ssl_check=1", b"token=" + token]),
            *more,
        ]
    ),
    st.from_regex(rb"\A[A-Za-z0-9]{0,8}\Z")
    | st.binary(max_size=4)
    | st.sampled_from([b"%2F", b"a+b", b"legacy\n"]),
    st.booleans(),
    st.lists(st.sampled_from([b"command=%2Fpoll", b"", b"token=x", b"ssl_check=1"]), max_size=1),
)


def is_the_ssl_check(raw: bytes) -> bool:
    """Slack's SSL check, as its fields say: exactly `ssl_check=1` and a token of ASCII
    letters and digits (or none), in either order, and nothing else."""
    pairs = [pair.partition(b"=") for pair in raw.split(b"&")]
    fields = {name: value for name, sep, value in pairs if sep}
    token = fields.get(b"token")
    return (
        len(pairs) == len(fields) == 2
        and fields.get(b"ssl_check") == b"1"
        and token is not None
        and (token.isalnum() or not token)
    )


@example(b"token=Ab12&ssl_check=1", False)
@example(b"ssl_check=1&token=", False)
@example(b"ssl_check=1&token=%2F", False)
@example(b"ssl_check=1&token=legacy", True)
@given(st.binary(max_size=64) | FORM_FIELDS | NEAR_SSL_CHECKS, st.booleans())
def test_only_the_two_fields_of_an_ssl_check_pass_unsigned(raw: bytes, signed: bool) -> None:
    """Whatever bytes arrive, only an unsigned form of exactly `ssl_check=1` and a token
    skips the signature check; a request carrying a signature (the header's name in any
    case, as aiohttp gives headers) is always verified. The SSL check and its near misses
    are drawn, not only bytes that never match: drawn from bytes and a regular expression
    alone, not one of 1000 draws passed, so the property checked nothing."""
    headers = CIMultiDict({"x-slack-signature": "v0=00"} if signed else {})
    assert ssl_check(raw, headers) == (not signed and is_the_ssl_check(raw))


@pytest.mark.parametrize(
    "user", ["<absent>", None, {}, [], {"id": ""}, {"name": "mallory"}], ids=repr
)
async def test_a_click_without_a_user_id_is_refused_and_stores_nothing(
    slack: Slack, user: Any
) -> None:
    await slack.command("/poll")
    poll_id, ts, _ = await slack.posted_poll()
    status = await post(slack, click_on(poll_id, ts)(user=user))
    assert status == 400
    await slack.adapter.idle()
    assert await slack.app.db.fetchval("SELECT COUNT(*) FROM poll_votes") == 0
    # the same click with its user counts: the refusal was the missing id
    assert await post(slack, click_on(poll_id, ts)()) == 200
    assert await slack.app.db.fetchval("SELECT COUNT(*) FROM poll_votes") == 1


async def test_bolts_own_verification_never_logs_the_body(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Bolt's `request_verification` logs the raw body of a failure at INFO; the filter
    that `library_logger` installs (and Bolt copies into its class loggers) removes it."""
    caplog.set_level(logging.INFO)
    bolt = AsyncApp(
        signing_secret=SIGNING_SECRET,
        token="xoxb-unused",
        logger=library_logger("tests.bolt"),
    )
    body = f"text={MARKER}%0A2026-01-01 00:00:00 ERROR forged: line&response_url=https://x/y"
    request = AsyncBoltRequest(body=body, headers={"Content-Type": FORM})  # type: ignore[arg-type]
    response = await bolt.async_dispatch(request)
    assert response.status == 401
    logged = [r.getMessage() for r in caplog.records]
    assert "Bolt refused a request: invalid signature (body not logged)" in logged
    assert not [line for line in logged if MARKER in line or "https://x/y" in line]


def test_a_log_line_never_breaks_on_user_text() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(OneLineFormatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("tests.one_line")
    logger.addHandler(handler)
    try:
        logger.warning("text: %s", "a\nERROR forged\r\nb\u2028c")
        try:
            raise ValueError("boom")
        except ValueError:
            logger.exception("failed for %s", "x\ny")
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "WARNING text: a\\nERROR forged\\r\\nb\\u2028c"
    assert lines[1] == "ERROR failed for x\\ny"
    assert lines[2] == "Traceback (most recent call last):"  # a traceback keeps its lines


#: Requests no HTTP client library would send (so they are written as bytes): a bad chunk,
#: a body cut short by a client that goes away, a header line that is not one, a method
#: that is not a token.
BROKEN_HTTP = [
    b"POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"5\r\nMARKER-7f3a\r\nzz\r\n",
    b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nMARKER-7f3a",
    b"POST /slack/events HTTP/1.1\r\nHost: x\r\nMARKER-7f3a\r\n\r\n",
    b"POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-6\r\n",
    b"P\x00ST /slack/events HTTP/1.1\r\nHost: x\r\n\r\n",
]


async def send_raw(slack: Slack, raw: bytes) -> bytes:
    """Write `raw` to the adapter's HTTP port as is and read its answer (empty if none)."""
    host, port = slack.sender.url.split("/")[2].split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(raw)
        await writer.drain()
        writer.write_eof()  # the client is done (or gone): the cut-short body ends here
        return await asyncio.wait_for(reader.read(), 10)
    finally:
        writer.close()


@pytest.mark.parametrize("raw", BROKEN_HTTP, ids=range(len(BROKEN_HTTP)))
async def test_broken_http_is_one_line_without_a_traceback(
    slack: Slack, caplog: pytest.LogCaptureFixture, raw: bytes
) -> None:
    caplog.set_level(logging.DEBUG)
    answer = await send_raw(slack, raw)
    if answer:
        assert answer.startswith(b"HTTP/1.") and b" 400 " in answer.split(b"\r\n")[0]
    await slack.adapter.idle()
    records = [r for r in caplog.records if r.name.startswith(("bot.", "aiohttp"))]
    assert not [r for r in records if r.exc_info or r.levelno >= logging.ERROR]
    assert MARKER not in "\n".join(r.getMessage() for r in records)
    assert [call.method for call in slack.fake.calls] == ["auth.test"]  # the start-up's


class Collected(logging.Handler):
    """A handler with no level of its own, as most are: it writes what its loggers pass."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


async def test_broken_http_is_not_logged_where_info_is_off(slack: Slack) -> None:
    """With the log level at WARNING, a broken request still wrote its INFO line: aiohttp
    checked the level as an ERROR's, and the filter lowered it after the check."""
    collected, server = Collected(), http_server_logger()
    logging.getLogger().addHandler(collected)
    server.setLevel(logging.WARNING)
    try:
        await send_raw(slack, BROKEN_HTTP[0])
        await slack.adapter.idle()
    finally:
        server.setLevel(logging.NOTSET)
        logging.getLogger().removeHandler(collected)
    assert [r.getMessage() for r in collected.records if r.name == server.name] == []


async def test_a_request_signed_with_another_secret_is_logged_naming_the_setting(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    """With SLACK_SIGNING_SECRET set to something else (a token pasted in its place),
    every command failed with a log line that never said which setting to check."""
    caplog.set_level(logging.INFO)
    body = command_body(
        "/poll", "", team=TEAM, channel=CHANNEL, user="U0", response_url="https://x.test/r"
    )
    assert (await slack.sender.send(body, secret="xoxb-pasted-by-mistake"))[0] == 401
    [line] = [r.getMessage() for r in caplog.records if r.name == INTAKE_LOGGER]
    assert "the signature does not match SLACK_SIGNING_SECRET" in line
    assert "xoxb-pasted-by-mistake" not in line and SIGNING_SECRET not in line


@given(
    secret=st.text(min_size=1, max_size=40),
    other=st.text(min_size=1, max_size=40),
    body=st.binary(max_size=200),
)
def test_a_wrong_signature_names_the_setting_and_neither_secret(
    secret: str, other: str, body: bytes
) -> None:
    assume(secret != other)
    stamp = int(time.time())
    headers = {
        "X-Slack-Request-Timestamp": str(stamp),
        "X-Slack-Signature": signature(other, stamp, body),
    }
    with pytest.raises(Unsigned) as caught:
        Signatures(secret).verify(body, headers)
    message = str(caught.value)
    assert message == "the signature does not match SLACK_SIGNING_SECRET"
