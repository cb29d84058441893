"""Socket Mode's app-level token refused while the bot runs.

Each Socket Mode connection starts with `apps.connections.open`, made with SLACK_APP_TOKEN;
Slack closes connections every few hours, and the SDK then asks for a new one. With that
token revoked (or the app uninstalled) the request is refused for good: the SDK logged an
ERROR with a traceback, tried again at every ping for as long as the process lived, and the
process stayed up, serving nothing on Slack while looking alive. `AppTokenWatch` is the
client the SDK asks through; it notes such a refusal, and the adapter stops with a line
naming SLACK_APP_TOKEN (`server.py`), as the Discord adapter does for a reset token.

The SDK still logged that refusal itself, at ERROR, two or three times around that line
(once with a traceback, after "shutting down"), each quoting Slack's whole answer: an
operator read a failure to fix above the line saying how, and a traceback below it.
`RefusalEchoes` leaves out those records, and only those: each quotes the very refusal the
adapter reports, so a rate limit or an outage, which the SDK retries, is logged as before.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.adapters.slack.access import ACCESS_ERRORS
from bot.adapters.slack.files import SlackWebClient


class AppTokenWatch(SlackWebClient):
    """The Socket Mode client's Web API client; `refused` gets Slack's error code the first
    time it refuses the app token for its access (`ACCESS_ERRORS`), never for a passing
    failure (a rate limit, an outage), which the SDK's own retries are for."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.refused: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        #: The SDK's error for that refusal, as its log records quote it ("" before).
        self.refusal = ""

    async def apps_connections_open(self, *, app_token: str, **kwargs: Any) -> AsyncSlackResponse:
        try:
            return await super().apps_connections_open(app_token=app_token, **kwargs)
        except SlackApiError as error:
            code = str(error.response.get("error"))
            if code in ACCESS_ERRORS and not self.refused.done():
                self.refusal = str(error)
                self.refused.set_result(code)
            raise


class RefusalEchoes(logging.Filter):
    """For the SDK's Socket Mode logger: drops its records of the refusal `watch` noted
    (each quotes the SDK's error for it, which names the method and Slack's answer),
    which the adapter reports in one line of its own; keeps every other record."""

    def __init__(self, watch: AppTokenWatch) -> None:
        super().__init__()
        self.watch = watch

    def filter(self, record: logging.LogRecord) -> bool:
        refusal = self.watch.refusal
        return not (refusal and refusal in record.getMessage())


def app_token_refused(code: str) -> str:
    """What the operator reads when Slack stopped taking SLACK_APP_TOKEN."""
    return (
        f"Slack stopped taking SLACK_APP_TOKEN (apps.connections.open: {code}): it was "
        "revoked, or the app uninstalled. Set SLACK_APP_TOKEN to a new app-level token "
        "(connections:write) and start the bot again."
    )
