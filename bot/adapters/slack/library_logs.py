"""Loggers for Bolt and slack_sdk that never write a request body, a token or a secret.

Bolt logs request bodies in a few places: at INFO, the whole raw body of every request
whose signature fails (`request_verification`), so unsigned junk could flood the log or
forge lines, and a genuine request delayed by clock skew put its `response_url` and legacy
token there; at WARNING, parts of a body no listener took ("Unhandled request", with a
multi-line code suggestion) or one a middleware left unanswered. `BoltLogRedaction` keeps
each of those records, one line long, without the body.
"""

from __future__ import annotations

import logging

from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped

#: The start of each Bolt message that carries (part of) a request body, and the line
#: logged in its place.
REDACTED = (
    ("Invalid request signature detected", "Bolt refused a request: invalid signature"),
    ("Unhandled request", "Bolt has no listener for a request"),
    ("A global middleware", "A Bolt middleware left a request unanswered"),
)


class BoltLogRedaction(logging.Filter):
    """Drops Bolt's notice that SLACK_BOT_TOKEN is unused (our client carries it) and
    replaces every body-carrying record by its body-free line."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message == warning_client_prioritized_and_token_skipped():
            return False
        for start, replacement in REDACTED:
            if message.startswith(start):
                record.msg, record.args = f"{replacement} (body not logged)", None
                break
        return True


def library_logger(name: str) -> logging.Logger:
    """A logger for Bolt or the SDK, with an explicit level of INFO or above and the
    redaction filter (Bolt copies both into each of its own class loggers).

    Both libraries test `logger.level` itself (0 when unset) before building DEBUG messages
    on every request; and at DEBUG, Socket Mode logs every message it receives, payloads
    that carry Slack's verification token, which must never reach a log.
    """
    logger = logging.getLogger(name)
    logger.setLevel(max(logging.INFO, logging.getLogger().getEffectiveLevel()))
    if not any(isinstance(f, BoltLogRedaction) for f in logger.filters):
        logger.addFilter(BoltLogRedaction())
    return logger
