"""Answers through `response_url`, posted by slack_sdk's webhook client in this process.

A `response_url` arrives inside a signed request, but it is still a URL someone else chose:
posting wherever it points would make the bot an open relay. So answers go only to Slack's
own hooks hosts over HTTPS (`SLACK_HOOKS`); anything else is refused and logged with its
scheme and host only, since the path is itself a credential (it authorises posting into
the conversation for 30 minutes). Tests and Slack-compatible deployments name their own
origins explicitly (`SLACK_RESPONSE_ORIGINS`, scheme included), which is the only way plain
`http` is ever allowed.

Answers to one URL keep their order (a command's reply, then its follow-up); answers to
different URLs go out concurrently, at most `MAX_IN_FLIGHT` at a time, on the adapter's one
aiohttp session, started a share per turn of the event loop (`pacing.py`) so that a burst
of them never keeps the loop from reading the next requests. slack_sdk's client is built
with no retry handlers: a POST resent after a dropped connection may already have been
shown, and a duplicate confirmation is worse than a missing one (the vote itself is
committed before any answer is sent).

A `response_url` takes 5 answers within 30 minutes; past either, Slack's hooks answer 404
and show nothing. That outcome is told apart (`Answered.SPENT`), since only then is it
certain that nothing was shown and another way to reach the user can be taken without
showing the answer twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.adapters.slack.pacing import Pacer

log = logging.getLogger(__name__)

#: Where Slack's `response_url`s point: its commercial and GovSlack hooks hosts, over HTTPS.
SLACK_HOOKS = ("https://hooks.slack.com", "https://hooks.slack-gov.com")
#: Answers being posted at once, across all URLs (each holds a connection for its round trip).
MAX_IN_FLIGHT = 64
#: Seconds one answer may take (Slack's own webhook client default).
ANSWER_TIMEOUT = 30


@dataclass(frozen=True, slots=True)
class Origin:
    """A scheme and host answers may be posted to (any port, any path)."""

    scheme: str
    host: str

    @classmethod
    def parse(cls, text: str) -> Origin:
        """`https://hooks.slack.com` → Origin; ValueError for anything else."""
        parts = urlsplit(text.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{text!r} is not an http(s) origin such as https://hooks.slack.com")
        if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
            raise ValueError(f"{text!r} must be a scheme and host only")
        return cls(parts.scheme, parts.hostname)


class AnswerPolicy:
    """Which `response_url`s the bot posts to."""

    def __init__(self, origins: Iterable[Origin]) -> None:
        self.origins = frozenset(origins)

    @classmethod
    def slack(cls) -> AnswerPolicy:
        return cls(Origin.parse(origin) for origin in SLACK_HOOKS)

    def allows(self, url: str) -> bool:
        try:
            parts = urlsplit(url)
            host = parts.hostname
            parts.port  # noqa: B018  (a malformed port raises here, not later in aiohttp)
        except ValueError:
            return False
        return host is not None and Origin(parts.scheme, host) in self.origins


def where(url: str) -> str:
    """What may be logged of a `response_url`: its scheme and host, never its path."""
    try:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.hostname or '?'}"
    except ValueError:
        return "an unparsable URL"


class Answered(Enum):
    """What became of an answer posted to a `response_url`."""

    TAKEN = "taken"
    #: Slack refused the URL itself (HTTP 404: past its 30 minutes or its 5 answers):
    #: nothing was shown, and the URL will take nothing more.
    SPENT = "spent"
    #: Refused for its content, not sent (not a Slack URL), or lost on the way.
    FAILED = "failed"


#: Slack's answer to a `response_url` that is no longer valid (`expired_url`).
SPENT_STATUS = 404


class ResponseAnswers:
    """Posts answers to `response_url`s: allowed origins only, in order per URL, bounded."""

    def __init__(
        self,
        session: Callable[[], aiohttp.ClientSession],
        policy: AnswerPolicy,
        *,
        logger: logging.Logger,
        limit: int = MAX_IN_FLIGHT,
    ) -> None:
        self._session = session
        self.policy = policy
        self._logger = logger
        self._slots = asyncio.Semaphore(limit)
        self._pacer = Pacer()
        #: Per URL, its lock and how many answers hold or wait for it (dropped at zero).
        self._turns: dict[str, tuple[asyncio.Lock, list[int]]] = {}

    async def post(self, url: str, body: Mapping[str, Any]) -> Answered:
        """Post one answer after the earlier ones to the same URL; what became of it.

        Failures are logged (without the URL's path) and reported, never raised: the
        request they answer has been acknowledged and its work is done.
        """
        if not self.policy.allows(url):
            log.warning("refused to post an answer to %s: not a Slack hooks URL", where(url))
            return Answered.FAILED
        await self._pacer.turn()
        turn = self._turns.get(url)
        if turn is None:  # not setdefault: that would build a Lock for every answer
            turn = self._turns[url] = (asyncio.Lock(), [0])
        lock, users = turn
        users[0] += 1
        try:
            async with lock, self._slots:
                return await self._send(url, body)
        finally:
            users[0] -= 1
            if users[0] == 0:
                del self._turns[url]

    async def _send(self, url: str, body: Mapping[str, Any]) -> Answered:
        client = AsyncWebhookClient(
            url,
            timeout=ANSWER_TIMEOUT,
            session=self._session(),
            logger=self._logger,
            retry_handlers=[],
        )
        try:
            response = await client.send_dict(dict(body))
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            # The error's type only: aiohttp's messages quote the whole URL.
            log.warning("answer to %s failed (%s)", where(url), type(error).__name__)
            return Answered.FAILED
        if response.status_code == SPENT_STATUS:
            log.info("answer to %s refused: the URL is spent (%s)", where(url), response.body[:40])
            return Answered.SPENT
        if response.status_code != 200:
            log.warning(
                "answer to %s refused: HTTP %d %s",
                where(url),
                response.status_code,
                response.body[:200],
            )
            return Answered.FAILED
        return Answered.TAKEN
