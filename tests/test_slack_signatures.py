"""Slack's request signature as an attacker meets it: a body altered after signing, a
signed request sent again, a timestamp moved, headers left out. Checked on the function
(`Signatures.verify`, every draw) and end to end against the running adapter."""

from __future__ import annotations

import time

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.adapters.slack.signing import MAX_SKEW, BadTimestamp, Signatures, Unsigned
from tests.slack_client import SIGNING_SECRET, block_actions_payload, interactivity_body, signature
from tests.slack_fake import TEAM
from tests.test_slack_e2e import CHANNEL, Slack, vote_count

BODIES = st.binary(max_size=300)
#: Seconds a request may take between being signed and checked, far more than it does.
SLACK_MARGIN = 30


def headers_for(body: bytes, stamp: int, secret: str = SIGNING_SECRET) -> dict[str, str]:
    return {
        "X-Slack-Request-Timestamp": str(stamp),
        "X-Slack-Signature": signature(secret, stamp, body),
    }


@given(body=BODIES, altered=BODIES)
def test_a_body_altered_after_signing_is_refused(body: bytes, altered: bytes) -> None:
    assume(altered != body)
    headers = headers_for(body, int(time.time()))
    Signatures(SIGNING_SECRET).verify(body, headers)  # as signed: accepted
    with pytest.raises(Unsigned):
        Signatures(SIGNING_SECRET).verify(altered, headers)


@given(body=BODIES, position=st.integers(min_value=0), bit=st.integers(min_value=0, max_value=7))
def test_one_flipped_bit_anywhere_in_the_body_is_refused(
    body: bytes, position: int, bit: int
) -> None:
    assume(body)
    index = position % len(body)
    altered = body[:index] + bytes([body[index] ^ (1 << bit)]) + body[index + 1 :]
    with pytest.raises(Unsigned):
        Signatures(SIGNING_SECRET).verify(altered, headers_for(body, int(time.time())))


@given(body=BODIES, shift=st.integers(min_value=1, max_value=10**6))
def test_a_signature_moved_to_another_timestamp_is_refused(body: bytes, shift: int) -> None:
    """The timestamp is signed with the body: a fresh stamp on an old signature fails."""
    now = int(time.time())
    headers = headers_for(body, now - shift)
    headers["X-Slack-Request-Timestamp"] = str(now)
    with pytest.raises(Unsigned):
        Signatures(SIGNING_SECRET).verify(body, headers)


@given(
    body=BODIES,
    skew=st.integers(min_value=MAX_SKEW + SLACK_MARGIN, max_value=10**9),
    future=st.booleans(),
)
def test_a_signed_request_too_old_or_too_new_is_refused(
    body: bytes, skew: int, future: bool
) -> None:
    """Correctly signed, but replayed after the five-minute window (or dated ahead of it)."""
    stamp = int(time.time()) + (skew if future else -skew)
    assume(stamp >= 0)
    with pytest.raises(Unsigned):
        Signatures(SIGNING_SECRET).verify(body, headers_for(body, stamp))


@given(
    body=BODIES,
    skew=st.integers(min_value=-(MAX_SKEW - SLACK_MARGIN), max_value=MAX_SKEW - SLACK_MARGIN),
)
def test_a_signed_request_within_the_window_is_accepted(body: bytes, skew: int) -> None:
    Signatures(SIGNING_SECRET).verify(body, headers_for(body, int(time.time()) + skew))


@given(body=BODIES, keep=st.sampled_from(["X-Slack-Request-Timestamp", "X-Slack-Signature", None]))
def test_a_request_missing_either_header_is_unsigned(body: bytes, keep: str | None) -> None:
    signed = headers_for(body, int(time.time()))
    headers = {keep: signed[keep]} if keep else {}
    with pytest.raises(Unsigned):
        Signatures(SIGNING_SECRET).verify(body, headers)


def test_a_timestamp_that_is_no_number_is_refused_before_any_hashing() -> None:
    with pytest.raises(BadTimestamp):
        Signatures(SIGNING_SECRET).verify(
            b"x", {"X-Slack-Request-Timestamp": "1e9", "X-Slack-Signature": "v0=00"}
        )


async def test_a_vote_replayed_byte_for_byte_counts_once_and_an_altered_one_not_at_all(
    slack_bot: Slack,
) -> None:
    """Within the window a captured click is accepted again (Slack's scheme cannot tell a
    replay from a retry), and must change nothing; the same click with its option changed
    after signing is refused and changes nothing either."""
    slack = slack_bot
    await slack.command("/poll")
    poll_id, ts, _ = await slack.posted_poll()
    payload = block_actions_payload(
        f"poll:v1:{poll_id}:1",
        team=TEAM,
        channel=CHANNEL,
        user="U0BOB",
        message_ts=ts,
        response_url=slack.fake.response_url("bob"),
    )
    raw = interactivity_body(payload).encode()
    stamp = int(time.time())
    headers = {"Content-Type": "application/x-www-form-urlencoded", **headers_for(raw, stamp)}

    async def post(body: bytes) -> int:
        url = slack.sender.url
        async with slack.sender.session.post(url, data=body, headers=headers) as answer:
            await answer.read()
            return answer.status

    assert [await post(raw) for _ in range(3)] == [200, 200, 200]
    await slack.adapter.idle()
    rows = await slack.app.db.fetchall(
        "SELECT voter_id, option_number FROM poll_votes WHERE poll_id = ?", poll_id
    )
    assert [tuple(row) for row in rows] == [("U0BOB", 1)]

    other = {
        **payload,
        "actions": [{**payload["actions"][0], "action_id": f"poll:v1:{poll_id}:2"}],
    }
    altered = interactivity_body(other).encode()  # signed as `raw` was
    assert await post(altered) == 401
    await slack.adapter.idle()
    assert await vote_count(slack.app, poll_id) == 1
    rows = await slack.app.db.fetchall(
        "SELECT voter_id, option_number FROM poll_votes WHERE poll_id = ?", poll_id
    )
    assert [tuple(row) for row in rows] == [("U0BOB", 1)]
