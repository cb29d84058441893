"""discord.py's loggers, without the interaction tokens its DEBUG records carry, without
what people did in the events it receives, and without a traceback for an autocomplete
answered too late.

An interaction's token answers it, edits its answer and posts follow-ups as the bot in its
channel for fifteen minutes, allowed mentions of the poster's choosing: a secret. At
LOG_LEVEL=DEBUG discord.py writes it twice: the gateway logs every event it receives,
INTERACTION_CREATE's `token` included, and the webhook client logs the URL of every
answer (`/interactions/<id>/<token>/callback`, `/webhooks/<app>/<token>/…`). Each record
keeps its line, with the token replaced (`redacted`); the rest of the DEBUG output, rate
limits and event names, stays for whoever debugs.

The gateway's record of each event it receives carries the whole payload: who clicked which
option of which poll (`custom_id`), anonymous polls too, and every text typed into a
command. LOG_LEVEL=DEBUG is for debugging the bot, not for recording what people did (the
same rule keeps aiosqlite's statements out, `bot/logs.py`), so that record keeps the event's
name, opcode and sequence number only (`EventPayloads`).
"""

from __future__ import annotations

import logging
import re

import discord

#: What is logged in a token's place.
REDACTED = "<token>"
#: A token in an answer's URL, after the interaction's or the application's id.
_TOKEN_IN_URL = re.compile(r"(/(?:interactions|webhooks)/\d+/)[^/\s?#'\"]+")
#: A `token` field of a payload, logged as a dict (`'token': '…'`) or as JSON.
_TOKEN_FIELD = re.compile(r"""(['"]token['"]\s*:\s*['"])[^'"]*""")
#: Discord's code for an interaction whose token is dead (`respond.UNKNOWN_INTERACTION`).
_UNKNOWN_INTERACTION = 10062
#: The logger that reports an autocomplete's failure (its own `except`, not `on_error`).
_TREE_LOGGER = "discord.app_commands.tree"
#: The logger, and the format, of the gateway's record of every event it receives.
_GATEWAY_LOGGER = "discord.gateway"
_EVENT_RECEIVED = "For Shard ID %s: WebSocket Event: %s"


def redacted(message: str) -> str:
    """`message` with every interaction token in it replaced by `REDACTED`."""
    message = _TOKEN_IN_URL.sub(rf"\g<1>{REDACTED}", message)
    return _TOKEN_FIELD.sub(rf"\g<1>{REDACTED}", message)


class TokenRedaction(logging.Filter):
    """Rewrites a record that carries a token as its redacted line (formatted once, here)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redacted(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class EventPayloads(logging.Filter):
    """Writes the gateway's record of a received event as its name, opcode and sequence
    number: its payload (`d`) says who did what, and is never logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == _EVENT_RECEIVED and isinstance(record.args, tuple):
            shard, event = record.args
            if isinstance(event, dict):
                record.msg = f"{_EVENT_RECEIVED} (op %s, seq %s; payload not logged)"
                record.args = (shard, event.get("t"), event.get("op"), event.get("s"))
        return True


class LateAutocompletes(logging.Filter):
    """discord.py's "Ignoring exception in autocomplete" for an answer Discord refused as
    too late (10062): one DEBUG line without the traceback. Discord asks again at the next
    keystroke, so a bot slow for a moment met it at every keystroke of every typist, each
    an ERROR with a traceback; any other autocomplete failure (a bug) stays an ERROR."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, discord.NotFound) and error.code == _UNKNOWN_INTERACTION:
            record.msg = f"{record.getMessage()}: answered too late ({_UNKNOWN_INTERACTION})"
            record.args = record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            # Its level was checked as an ERROR's: a handler without a level of its own
            # would still write it.
            return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
        return True


def redact_library_logs() -> None:
    """Put `TokenRedaction` on every discord.py logger: a logger's filters apply to its own
    records only, not to its children's, and each discord.py module logs on its own."""
    for name in list(logging.root.manager.loggerDict):
        if name == "discord" or name.startswith("discord."):
            logger = logging.getLogger(name)
            if not any(isinstance(f, TokenRedaction) for f in logger.filters):
                logger.addFilter(TokenRedaction())


def quiet_event_payloads() -> None:
    """Put `EventPayloads` first among the gateway logger's filters: `TokenRedaction`
    rewrites a record holding a token as its formatted line, which this filter would no
    longer recognise as an event's record."""
    gateway = logging.getLogger(_GATEWAY_LOGGER)
    if not any(isinstance(f, EventPayloads) for f in gateway.filters):
        gateway.filters.insert(0, EventPayloads())


def quiet_late_autocompletes() -> None:
    """Put `LateAutocompletes` on the logger of discord.py's command tree."""
    tree = logging.getLogger(_TREE_LOGGER)
    if not any(isinstance(f, LateAutocompletes) for f in tree.filters):
        tree.addFilter(LateAutocompletes())
