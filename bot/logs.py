"""Logging set-up: to stderr or a file, never into the replies on stdout.

LOG_LEVEL=DEBUG is for debugging the bot, not for recording what people did: aiosqlite
writes every statement it runs at DEBUG with its parameters (who voted for which option,
in anonymous polls too, and every text people typed into a poll), so its logger stays at
INFO whatever the level (`QUIET_LIBRARIES`). The platform libraries' loggers are capped
where the adapters set them up (`bot/adapters/*/library_logs.py`).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

#: Line breaks a message may carry from user input, and how they are written instead.
_LINE_BREAKS = str.maketrans({"\n": "\\n", "\r": "\\r", "\u2028": "\\u2028", "\u2029": "\\u2029"})


#: Libraries whose DEBUG records carry the data the bot stores, never written below INFO.
QUIET_LIBRARIES = ("aiosqlite",)


class OneLineFormatter(logging.Formatter):
    """One record, one line: line breaks in a message (a user's text, a request field) are
    escaped, so no input can start a log line that looks like a record of its own. A
    traceback, which the formatter appends itself, keeps its lines."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        escaped = logging.makeLogRecord(record.__dict__)
        escaped.message = record.message.translate(_LINE_BREAKS)
        return super().formatMessage(escaped)


def configure_logging(level: str = "INFO", file: Path | None = None) -> None:
    handler: logging.Handler = (
        logging.FileHandler(file, encoding="utf-8") if file else logging.StreamHandler(sys.stderr)
    )
    handler.setFormatter(OneLineFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(max(logging.INFO, root.level))
