"""The Slack app manifest matches the registry, in both modes, from the CLI too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.adapters.slack.manifest import BOT_SCOPES, render_manifest
from bot.app import BotApp, declared_registry
from bot.core.registry import Command, Registry
from bot.core.replies import Reply


def test_every_registry_command_is_a_slash_command_with_usage_and_url(app: BotApp) -> None:
    manifest = yaml.safe_load(render_manifest(app.registry, "https://bot.example.com/", False))
    commands = manifest["features"]["slash_commands"]
    assert [c["command"] for c in commands] == [f"/{c.name}" for c in app.registry]
    for entry, command in zip(commands, app.registry, strict=True):
        assert entry["description"] == command.description
        assert entry["url"] == "https://bot.example.com/slack/events"
        assert entry.get("usage_hint") == (command.usage() or None)
        assert entry["should_escape"] is False
    assert {"/baker", "/gin", "/help"} <= {c["command"] for c in commands}
    assert "/article" not in {c["command"] for c in commands}  # the analysis voice: no command


def test_http_mode_settings_scopes_and_app_home(app: BotApp) -> None:
    manifest = yaml.safe_load(render_manifest(app.registry, "https://bot.example.com", False))
    settings = manifest["settings"]
    url = "https://bot.example.com/slack/events"
    assert settings["event_subscriptions"] == {
        "request_url": url,
        "bot_events": ["app_home_opened"],
    }
    assert settings["interactivity"] == {"is_enabled": True, "request_url": url}
    assert settings["socket_mode_enabled"] is False
    assert manifest["oauth_config"]["scopes"]["bot"] == list(BOT_SCOPES)
    assert set(BOT_SCOPES) == {"commands", "chat:write", "files:write", "users:read"}
    home = manifest["features"]["app_home"]
    assert home["home_tab_enabled"] is True and home["messages_tab_enabled"] is True
    assert home["messages_tab_read_only_enabled"] is True  # nothing answers direct messages
    assert manifest["features"]["bot_user"]["display_name"]
    assert len(manifest["display_information"]["name"]) <= 35


def test_socket_mode_has_no_request_urls(app: BotApp) -> None:
    text = render_manifest(app.registry, None, True)
    manifest = yaml.safe_load(text)
    assert "http" not in text
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["settings"]["interactivity"] == {"is_enabled": True}
    assert manifest["settings"]["event_subscriptions"] == {"bot_events": ["app_home_opened"]}
    assert all("url" not in c for c in manifest["features"]["slash_commands"])


def test_http_mode_needs_a_url_and_slack_builtins_are_refused() -> None:
    registry = Registry()

    async def handler(ctx, options) -> Reply:
        return Reply()

    registry.add(Command("status", "Clashes with Slack's own /status", handler))
    with pytest.raises(ValueError, match="--url"):
        render_manifest(registry, None, False)
    with pytest.raises(ValueError, match="/status"):
        render_manifest(registry, "https://x", False)


def test_cli_prints_the_manifest_without_touching_the_database(tmp_path: Path) -> None:
    """It opened and migrated a database in memory first, which printed 14 log lines on
    stderr; it reads the pack only now, so a newcomer's first run leaves nothing behind."""
    database = tmp_path / "never.db"
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{database}", "HOME": str(tmp_path)}
    command = [sys.executable, "-m", "bot", "slack-manifest", "--url", "https://bot.example.com"]
    done = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    manifest = yaml.safe_load(done.stdout)
    assert (
        manifest["features"]["slash_commands"][0]["url"] == "https://bot.example.com/slack/events"
    )
    assert not database.exists()
    unconfigured = {key: value for key, value in env.items() if key != "DATABASE_URL"}
    command[-2:] = ["--socket"]
    done = subprocess.run(
        command, cwd=tmp_path, env=unconfigured, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stderr == ""
    assert "socket_mode_enabled: true" in done.stdout
    assert list(tmp_path.iterdir()) == [], "no data/bot.db, nor any other file"
    missing = subprocess.run(
        [sys.executable, "-m", "bot", "slack-manifest"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert missing.returncode == 2 and "--url" in missing.stderr


async def test_the_manifest_without_a_database_is_the_running_bots(app: BotApp) -> None:
    """`slack-manifest` declares the commands without opening a database: the same
    declarations, so the manifest pasted into Slack matches the bot that serves it."""
    declared = declared_registry(app.settings, app.pack)
    assert render_manifest(declared, None, True) == render_manifest(app.registry, None, True)
