"""The Slack Web API client's retries: connection errors are retried for idempotent methods
only (see `bot.adapters.retries`).

slack_sdk's `AsyncConnectionErrorRetryHandler` resends any call after a
`ServerDisconnectedError`, `chat.postMessage` included, though Slack may already have
received it: a loopback server that accepted a post and dropped the connection got it twice.
Here only methods that are safe to repeat are resent; for the others the error reaches the
adapter, which reports the outcome as unknown.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

#: Reads, and writes whose repetition leaves the same state (an edit, a Home tab publish).
#: Anything not listed (posts, uploads, methods added later) is never resent.
IDEMPOTENT_METHODS = frozenset(
    {"auth.test", "users.info", "chat.update", "views.publish", "apps.connections.open"}
)


def api_method(url: str) -> str:
    """`chat.postMessage` from `https://slack.com/api/chat.postMessage?...`."""
    return urlsplit(url).path.rsplit("/", 1)[-1]


def idempotent(method: str) -> bool:
    return method in IDEMPOTENT_METHODS


class IdempotentRetryHandler(AsyncConnectionErrorRetryHandler):
    """The SDK's connection-error retry, for `IDEMPOTENT_METHODS` only."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if not idempotent(api_method(request.url)):
            return False
        return await super()._can_retry_async(
            state=state, request=request, response=response, error=error
        )
