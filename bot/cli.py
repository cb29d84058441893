"""The command line: `python -m bot run|console|slack|discord|kb check|slack-manifest|...`.

Each subcommand imports only what it needs, so the console never loads discord or slack.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import ConfigError, Settings, load_settings
from bot.logs import configure_logging

log = logging.getLogger("bot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="The debate bot.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run every adapter with credentials; the console if none")
    sub.add_parser("console", help="chat with the bot in this terminal (stdin/stdout)")
    sub.add_parser(
        "slack", help="run the Slack adapter (HTTP, or Socket Mode with SLACK_APP_TOKEN)"
    )
    sub.add_parser("discord", help="run the Discord adapter")
    kb = sub.add_parser("kb", help="knowledge pack tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    check = kb_sub.add_parser("check", help="validate a pack folder and summarise it")
    check.add_argument(
        "folder",
        nargs="?",
        type=Path,
        help="pack folder (default: KNOWLEDGE_DIR or the bundled pack)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"Configuration problem:\n{error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_file)
    if args.command == "kb":
        return _kb_check(args.folder or settings.knowledge_dir)
    if args.command == "console" or (args.command == "run" and not _any_platform(settings)):
        return asyncio.run(_console(settings))
    if args.command == "run":
        return asyncio.run(
            _serve(settings, slack=settings.slack_enabled, discord=settings.discord_enabled)
        )
    if args.command == "slack":
        if not settings.slack_enabled:
            print(
                "Slack needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (see .env.example).",
                file=sys.stderr,
            )
            return 2
        return asyncio.run(_serve(settings, slack=True, discord=False))
    if args.command == "discord":
        if not settings.discord_enabled:
            print("Discord needs DISCORD_TOKEN (see .env.example).", file=sys.stderr)
            return 2
        return asyncio.run(_serve(settings, slack=False, discord=True))
    return 2


def _any_platform(settings: Settings) -> bool:
    return settings.slack_enabled or settings.discord_enabled


def _kb_check(folder: Path | None) -> int:
    from bot.knowledge import PackError, default_pack_dir, load_pack
    from bot.knowledge.summary import summarize

    target = folder or default_pack_dir()
    try:
        pack = load_pack(target)
    except PackError as error:
        print(f"{target}: invalid knowledge pack\n{error}", file=sys.stderr)
        return 1
    print(summarize(pack))
    return 0


async def _console(settings: Settings) -> int:
    from bot.adapters.console import ConsoleAdapter

    app = await _start(settings)
    if app is None:
        return 1
    try:
        console = ConsoleAdapter(app)
        await app.start()
        return await console.run()
    finally:
        await app.close()


async def _serve(settings: Settings, *, slack: bool, discord: bool) -> int:
    """Run the chosen platform adapters in one process, sharing one core and database."""
    app = await _start(settings)
    if app is None:
        return 1
    adapters = []
    if slack:
        from bot.adapters.slack.server import SlackAdapter

        adapters.append(SlackAdapter(app))
    if discord:
        from bot.adapters.discord.client import DiscordAdapter

        adapters.append(DiscordAdapter(app))
    try:
        await app.start()
        await asyncio.gather(*(adapter.serve() for adapter in adapters))
    finally:
        await app.close()
    return 0


async def _start(settings: Settings):
    """Create the app, turning a bad pack or database into a clear message and exit code."""
    from bot.app import create_app
    from bot.knowledge import PackError

    try:
        return await create_app(settings)
    except PackError as error:
        print(f"The knowledge pack is invalid; nothing is served:\n{error}", file=sys.stderr)
    except (OSError, ValueError) as error:
        print(f"Cannot start: {error}", file=sys.stderr)
    return None
