"""The Slack app manifest, generated from the command registry.

`python -m bot slack-manifest --url https://host` prints YAML to paste into "Create an app →
From a manifest", so Slack's list of slash commands can never drift from the bot's.

Bot scopes, each for a reason and nothing more:
- `commands`: the slash commands;
- `chat:write`: poll messages (`chat.postMessage`), live tallies (`chat.update`),
  ephemeral answers without a `response_url` (`chat.postEphemeral`) and the DM telling an
  admin their channel's daily takeaway paused (`chat.postMessage` to their user id posts
  in the bot's Messages tab, which is why that tab is enabled: no `im:write` needed);
- `files:write`: result charts (files upload v2);
- `users:read`: `users.info`, to honour Slack workspace admins and owners as bot admins,
  and to list voters by the names Slack shows them by.

`chat:write.public` is deliberately not requested: the bot posts only in channels it was
invited to, so a workspace decides where polls and daily posts may appear; slash commands
answer everywhere anyway (through `response_url`), and when a post needs membership the
user is told to `/invite` the bot; once Slack has refused a post in a channel, what the bot
suggests starting there says so first (`membership.py`).
"""

from __future__ import annotations

from typing import Any

import yaml

from bot.core.platform_commands import SLACK_BUILT_IN_COMMANDS
from bot.core.registry import Command, Registry
from bot.core.sanitize import clip

EVENTS_PATH = "/slack/events"
BOT_SCOPES = ("commands", "chat:write", "files:write", "users:read")
BOT_EVENTS = ("app_home_opened",)
APP_NAME = "Debate Bot"
BOT_NAME = "debatebot"
DESCRIPTION = "Who's right? The curated debate, polls with live tallies, and daily takeaways."
#: Slack's manifest limits: a usage hint of 1,000 characters, a short description of 140.
MAX_USAGE_HINT = 1000
MAX_DESCRIPTION = 140


def render_manifest(registry: Registry, url: str | None, socket: bool) -> str:
    """YAML for Slack's "create app from manifest"; HTTP mode needs the public base `url`."""
    if not socket and not url:
        raise ValueError("an HTTP-mode manifest needs --url (the bot's public https address)")
    clashes = sorted(c.name for c in registry if c.name in SLACK_BUILT_IN_COMMANDS)
    if clashes:
        raise ValueError(f"Slack reserves these built-in commands: /{', /'.join(clashes)}")
    request_url = f"{url.rstrip('/')}{EVENTS_PATH}" if url and not socket else None
    manifest = {
        "display_information": {
            "name": APP_NAME,
            "description": clip(DESCRIPTION, MAX_DESCRIPTION),
            "background_color": "#1f2937",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": True,
                # Nothing handles direct messages: users cannot type into the tab.
                "messages_tab_read_only_enabled": True,
            },
            "bot_user": {"display_name": BOT_NAME, "always_online": True},
            "slash_commands": [_command(command, request_url) for command in registry],
        },
        "oauth_config": {"scopes": {"bot": list(BOT_SCOPES)}},
        "settings": _settings(request_url, socket),
    }
    return yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=100)


def _command(command: Command, request_url: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"command": f"/{command.name}"}
    if request_url:
        entry["url"] = request_url
    entry["description"] = command.description
    if command.options:
        entry["usage_hint"] = clip(command.usage(), MAX_USAGE_HINT)
    entry["should_escape"] = False
    return entry


def _settings(request_url: str | None, socket: bool) -> dict[str, Any]:
    events: dict[str, Any] = {"bot_events": list(BOT_EVENTS)}
    interactivity: dict[str, Any] = {"is_enabled": True}
    if request_url:
        events = {"request_url": request_url, **events}
        interactivity["request_url"] = request_url
    return {
        "event_subscriptions": events,
        "interactivity": interactivity,
        "org_deploy_enabled": False,
        "socket_mode_enabled": socket,
        "token_rotation_enabled": False,
    }
