"""Slack's request signature, checked over the raw bytes before anything is decoded.

Slack signs `v0:{timestamp}:{body}` with HMAC-SHA256 and the app's signing secret. slack_sdk's
`SignatureVerifier` takes the body as text (it decodes bytes as UTF-8 first, raising on
invalid UTF-8) and the timestamp through `int()`, which raises on `abc` and accepts `١٢٣` or
` 12`; both happen before the signature is known to be good. Checking the bytes here means
an unsigned request is refused before a single byte of it is interpreted.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping

#: Slack's (and Bolt's) replay window: a signed request older or newer than this is refused.
MAX_SKEW = 300
#: Unix seconds fit in 10 digits until the year 2286; anything longer is not a timestamp.
MAX_TIMESTAMP_DIGITS = 12


class Unsigned(Exception):
    """No valid signature (missing, wrong or stale): the request is not from Slack (401)."""


class BadTimestamp(Exception):
    """`X-Slack-Request-Timestamp` is present but not a number of seconds (400)."""


class Signatures:
    """Verifies `X-Slack-Signature` for one signing secret."""

    def __init__(self, secret: str) -> None:
        self._key = secret.encode()

    def verify(self, raw: bytes, headers: Mapping[str, str]) -> None:
        """Return if `raw` was signed by Slack within the replay window; raise otherwise."""
        timestamp = headers.get("X-Slack-Request-Timestamp")
        signature = headers.get("X-Slack-Signature")
        if not timestamp or not signature:
            raise Unsigned("no signature or timestamp")
        if not (timestamp.isascii() and timestamp.isdigit()) or (
            len(timestamp) > MAX_TIMESTAMP_DIGITS
        ):
            raise BadTimestamp("the timestamp is not a number of seconds")
        if abs(time.time() - int(timestamp)) > MAX_SKEW:
            raise Unsigned("the timestamp is more than five minutes away")
        base = b"v0:" + timestamp.encode() + b":" + raw
        expected = b"v0=" + hmac.new(self._key, base, hashlib.sha256).hexdigest().encode()
        # Header values are text; a non-ASCII one can never match, and compare_digest
        # refuses non-ASCII text, so compare bytes.
        if not hmac.compare_digest(expected, signature.encode("utf-8", "surrogateescape")):
            # Named: every request refused so, Slack's own included, means the setting is
            # not this app's Signing Secret, and the log line should say where to look.
            raise Unsigned("the signature does not match SLACK_SIGNING_SECRET")
