"""Loggers for Bolt, slack_sdk and aiohttp's server that never write a request body, a
token or a secret, and never a traceback for a request that is merely broken.

Bolt logs request bodies in a few places: at INFO, the whole raw body of every request
whose signature fails (`request_verification`), so unsigned junk could flood the log or
forge lines, and a genuine request delayed by clock skew put its `response_url` and legacy
token there; at WARNING, parts of a body no listener took ("Unhandled request", with a
multi-line code suggestion) or one a middleware left unanswered. `BoltLogRedaction` keeps
each of those records, one line long, without the body.

aiohttp's server logs a request it cannot parse (a bad chunk size, a malformed header) and
one whose client went away mid-body with a traceback at ERROR, quoting the offending bytes.
On a server facing the internet both are routine; `BrokenHttpRequests` makes each one line.
"""

from __future__ import annotations

import logging

from aiohttp.http_exceptions import HttpProcessingError
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


class BrokenHttpRequests(logging.Filter):
    """aiohttp's "Error handling request" for a request that could not be parsed or read:
    one INFO line with the error's type, no traceback, none of the bytes. Any other error
    (a bug in a handler) keeps its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, (HttpProcessingError, ConnectionError)):
            record.msg = "refused a broken HTTP request from %s (" + type(error).__name__ + ")"
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.INFO, "INFO"
            # Its level was checked as an ERROR's: a handler without a level of its own
            # would still write it where INFO is off.
            return logging.getLogger(record.name).isEnabledFor(logging.INFO)
        return True


def http_server_logger() -> logging.Logger:
    """The logger for aiohttp's server (`web.AppRunner(..., logger=...)`)."""
    logger = logging.getLogger("bot.adapters.slack.http")
    if not any(isinstance(f, BrokenHttpRequests) for f in logger.filters):
        logger.addFilter(BrokenHttpRequests())
    return logger
