"""Requests exactly as Slack sends them to an app, signed with the app's signing secret.

- slash commands: `application/x-www-form-urlencoded` fields (`command`, `text`, `team_id`,
  `channel_id`, `user_id`, `user_name`, `response_url`, `trigger_id`, ...);
- interactivity: one form field, `payload`, holding the JSON of a `block_actions` payload;
- events: a JSON `event_callback` envelope.

Each carries `X-Slack-Request-Timestamp` and `X-Slack-Signature: v0=HMAC-SHA256(secret,
"v0:{timestamp}:{body}")`, and optionally Slack's retry headers. Used by the end-to-end tests
and, unchanged, by the benchmark's load generator.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from typing import Any
from urllib.parse import urlencode

import aiohttp

SIGNING_SECRET = "test-signing-secret"
FORM = "application/x-www-form-urlencoded"


def signature(secret: str, timestamp: int | str, body: str | bytes) -> str:
    """Slack's signature of a body (text is sent as UTF-8; bytes are signed as they are)."""
    raw = body.encode() if isinstance(body, str) else body
    base = b"v0:" + str(timestamp).encode() + b":" + raw
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    secret: str,
    body: str,
    content_type: str,
    *,
    timestamp: int | None = None,
    retry_num: int | None = None,
) -> dict[str, str]:
    stamp = int(time.time()) if timestamp is None else timestamp
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(stamp),
        "X-Slack-Signature": signature(secret, stamp, body),
    }
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return headers


#: What Slack sends of what a person types in a slash command, with the command's "Escape
#: channels, users, and links" off, as our manifest has it (`should_escape: false`): the
#: text as typed, `&`, `<` and `>` escaped (`&amp;`, `&lt;`, `&gt;`), and, whatever the
#: setting, a channel picked in the composer as `<#C…|name>`, `@here`, `@channel` and
#: `@everyone` as `<!here>`, `<!channel>`, `<!everyone>`, and a user group as
#: `<!subteam^S…|@handle>`. With the setting on, people arrive as `<@U…|name>` and links
#: as `<https://…>` or `<https://…|as typed>` too. `PICKED` marks where a test puts one.
PICKED = re.compile(r"\{&lt;([^{}]+?)&gt;\}")


def as_typed(text: str) -> str:
    """The `text` field Slack sends when a person types `text`: escaped as Slack escapes it,
    and each `{<token>}` in it is something they picked in the composer, sent as the token
    (`"Ship in {<#C0DEV|dev>}"`); a `&` in its label stays `&amp;`, as Slack sends it."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return PICKED.sub(lambda picked: f"<{picked.group(1)}>", escaped)


def command_body(
    command: str,
    text: str,
    *,
    team: str,
    channel: str,
    user: str,
    response_url: str,
    user_name: str | None = None,
    channel_name: str | None = None,
    enterprise: str | None = None,
    org_install: bool = False,
) -> str:
    """A slash command's form body, field for field as Slack sends it. `channel_name` is
    `directmessage` in a DM, `mpdm-…` in a group DM, and the name or `privategroup` in a
    private channel; by default, `directmessage` for a `D…` id, else the id in lower case.
    A workspace of an Enterprise Grid org adds `enterprise_id` and `enterprise_name`;
    `is_enterprise_install` says the app is installed for the whole org."""
    if channel_name is None:
        channel_name = "directmessage" if channel.startswith("D") else channel.lower()
    grid = {"enterprise_id": enterprise, "enterprise_name": "Fake Org"} if enterprise else {}
    return urlencode(
        {
            **grid,
            "token": "legacy-verification-token",
            "team_id": team,
            "team_domain": "fake",
            "channel_id": channel,
            "channel_name": channel_name,
            "user_id": user,
            "user_name": user_name or user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0APP",
            "is_enterprise_install": "true" if org_install else "false",
            "response_url": response_url,
            "trigger_id": f"{time.time_ns()}.{user}",
        }
    )


def block_actions_payload(
    action_id: str,
    *,
    team: str,
    channel: str,
    user: str,
    message_ts: str,
    response_url: str,
    action_ts: str | None = None,
    user_team: str | None = None,
) -> dict[str, Any]:
    """A `block_actions` payload for a button click on a message, as Slack builds it.
    `team` is the app's workspace where the message was posted; `user_team` is the
    person's own (by default the same), which differs in a channel shared with another
    organization."""
    stamp = action_ts or f"{time.time():.6f}"
    return {
        "type": "block_actions",
        "user": {
            "id": user,
            "username": user.lower(),
            "name": user.lower(),
            "team_id": user_team or team,
        },
        "api_app_id": "A0APP",
        "token": "legacy-verification-token",
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel,
            "is_ephemeral": False,
        },
        "trigger_id": f"{stamp}.{user}",
        "team": {"id": team, "domain": "fake"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": channel.lower()},
        "message": {"type": "message", "ts": message_ts, "user": "UBOT", "text": ""},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "b1",
                "text": {"type": "plain_text", "text": "button"},
                "type": "button",
                "action_ts": stamp,
            }
        ],
    }


def org_wide(payload: dict[str, Any], enterprise: str, team: str | None) -> dict[str, Any]:
    """`payload` as a click reaches an app installed for a whole Enterprise Grid org:
    the org in `enterprise`, the workspace acted from in `team` (null when Slack names
    none), and the person's `team_id` reporting the org's id."""
    where = None if team is None else {"id": team, "domain": "fake", "enterprise_id": enterprise}
    return {
        **payload,
        "team": where,
        "enterprise": {"id": enterprise, "name": "Fake Org"},
        "is_enterprise_install": True,
        "user": {**payload["user"], "team_id": enterprise},
    }


def interactivity_body(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


def event_body(
    event: dict[str, Any], *, team: str, enterprise: str | None = None, org_install: bool = False
) -> str:
    """An Events API envelope; `enterprise` and `org_install` as for `command_body`."""
    return json.dumps(
        {
            "token": "legacy-verification-token",
            "team_id": team,
            "enterprise_id": enterprise,
            "api_app_id": "A0APP",
            "event": event,
            "type": "event_callback",
            "event_id": f"Ev{time.time_ns()}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "team_id": None if org_install else team,
                    "user_id": "UBOT",
                    "is_bot": True,
                    "enterprise_id": enterprise,
                    "is_enterprise_install": org_install,
                }
            ],
        }
    )


class SlackSender:
    """Posts signed requests to the app's `/slack/events` endpoint."""

    def __init__(
        self, session: aiohttp.ClientSession, url: str, secret: str = SIGNING_SECRET
    ) -> None:
        self.session = session
        self.url = url
        self.secret = secret

    async def send(
        self,
        body: str,
        content_type: str = FORM,
        *,
        timestamp: int | None = None,
        retry_num: int | None = None,
        secret: str | None = None,
    ) -> tuple[int, str]:
        headers = signed_headers(
            secret or self.secret,
            body,
            content_type,
            timestamp=timestamp,
            retry_num=retry_num,
        )
        async with self.session.post(self.url, data=body.encode(), headers=headers) as response:
            return response.status, await response.text()

    async def command(self, command: str, text: str = "", **fields: Any) -> tuple[int, str]:
        return await self.send(command_body(command, text, **fields))

    async def click(self, payload: dict[str, Any], **options: Any) -> tuple[int, str]:
        return await self.send(interactivity_body(payload), **options)

    async def event(self, event: dict[str, Any], *, team: str, **grid: Any) -> tuple[int, str]:
        return await self.send(event_body(event, team=team, **grid), "application/json")
