"""The command line: `python -m bot run|console|slack|discord|kb check|slack-manifest|...`.

Each subcommand imports only what it needs, so the console never loads discord or slack.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bot.clock import Clock, OffsetClock
from bot.config import ConfigError, Settings, load_settings
from bot.logs import configure_logging

if TYPE_CHECKING:  # imported lazily at run time: the app pulls in the whole core
    from bot.app import BotApp


class Adapter(Protocol):
    """A platform adapter as the CLI runs it (constructed with the app, then served)."""

    async def serve(self) -> object: ...


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
    manifest = sub.add_parser(
        "slack-manifest", help="print the Slack app manifest (YAML) generated from the commands"
    )
    manifest.add_argument("--url", help="public base URL of the bot (HTTP mode)")
    manifest.add_argument("--socket", action="store_true", help="Socket Mode (no request URLs)")
    export = sub.add_parser("export-votes", help="write a poll's votes as CSV or JSON")
    export.add_argument("--poll", type=int, required=True, help="the poll's number (#N)")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    kb = sub.add_parser("kb", help="knowledge pack tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    check = kb_sub.add_parser("check", help="validate a pack folder and summarise it")
    check.add_argument(
        "folder",
        nargs="?",
        type=Path,
        help="pack folder (default: KNOWLEDGE_DIR or the bundled pack)",
    )
    evaluate = kb_sub.add_parser(
        "eval", help="answer a query file and print hit@1, hit@3, refusals and misses"
    )
    evaluate.add_argument(
        "folder",
        nargs="?",
        type=Path,
        help="pack folder (default: KNOWLEDGE_DIR or the bundled pack)",
    )
    evaluate.add_argument("--queries", type=Path, help="query file (default: the pack's eval.yaml)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"Configuration problem:\n{error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_file)
    if args.command == "kb" and args.kb_command == "eval":
        return _kb_eval(args.folder or settings.knowledge_dir, args.queries)
    if args.command == "kb":
        return _kb_check(args.folder or settings.knowledge_dir)
    if args.command == "export-votes":
        return _export_votes(settings, args.poll, args.format, args.output)
    if args.command == "slack-manifest":
        return asyncio.run(_slack_manifest(settings, args.url, args.socket))
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


def _kb_eval(folder: Path | None, queries: Path | None) -> int:
    from bot.knowledge import PackError, Searcher, default_pack_dir, load_pack
    from bot.knowledge.evaluation import EvalFileError, evaluate, load_cases
    from bot.knowledge.router import Router
    from bot.knowledge.yaml_source import EVAL_FILE

    target = folder or default_pack_dir()
    try:
        pack = load_pack(target)
        cases = load_cases(queries or target / EVAL_FILE, pack)
    except PackError as error:
        print(f"{target}: invalid knowledge pack\n{error}", file=sys.stderr)
        return 1
    except EvalFileError as error:
        print(error, file=sys.stderr)
        return 1
    print(evaluate(Router(pack, Searcher(pack)), cases).render())
    return 0


async def _slack_manifest(settings: Settings, url: str | None, socket: bool) -> int:
    """Print the manifest for the registry a running bot would have (nothing is stored)."""
    from dataclasses import replace

    from bot.adapters.slack.manifest import render_manifest

    if not socket and not url:
        print("Give the bot's public address (--url https://host) or --socket.", file=sys.stderr)
        return 2
    app = await _start(replace(settings, database_url="sqlite:///:memory:"))
    if app is None:
        return 1
    try:
        print(render_manifest(app.registry, url, socket), end="")
    finally:
        await app.close()
    return 0


def _export_votes(settings: Settings, poll_id: int, fmt: str, output: Path | None) -> int:
    """Votes of one poll as CSV (RFC 4180, formula-safe) or JSON; needs no pack or platform."""
    from bot.core.errors import UserError

    try:
        text = asyncio.run(_read_votes(settings, poll_id, fmt))
    except UserError as error:
        print(error.message, file=sys.stderr)
        return 1
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8", newline="")  # keep CSV's CRLF as written
        print(f"wrote poll #{poll_id} votes to {output}", file=sys.stderr)
    return 0


async def _read_votes(settings: Settings, poll_id: int, fmt: str) -> str:
    from bot.clock import SystemClock
    from bot.polls.service import PollService
    from bot.storage.factory import open_database

    db = await open_database(settings.database_url)
    try:
        return await PollService(db, SystemClock()).export(poll_id, fmt)
    finally:
        await db.close()


async def _console(settings: Settings) -> int:
    from bot.adapters.console import ConsoleAdapter

    app = await _start(settings, clock=OffsetClock())  # `:tick` moves it forward
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
    adapters: list[Adapter] = []
    if slack:
        from bot.adapters.slack.server import SlackAdapter

        adapters.append(SlackAdapter(app))
    if discord:
        from bot.adapters.discord.client import DiscordAdapter

        adapters.append(DiscordAdapter(app))
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):  # Ctrl+C, `docker stop`
        loop.add_signal_handler(signum, stopping.set)
    servers: list[asyncio.Task[object]] = []
    failed: list[asyncio.Task[object]] = []
    try:
        await app.start()
        # Everything built so far (pack, index, registry, libraries) lives as long as the
        # process: keep it out of the garbage collector's full passes, which otherwise
        # took ~19% of a Slack vote's CPU (py-spy, bench_slack at C=100).
        gc.freeze()
        # Hundreds of requests in flight keep thousands of young objects alive, and the
        # default young-generation threshold (700 allocations) traverses them again and
        # again: 10,000 took a Slack vote from 1.5 to 1.26 ms of CPU (860-907 to about
        # 1,090 votes/s at C=100, bench_slack). Nearly all garbage here is freed by
        # reference counting, so memory hardly changes (peak RSS within 1 MB).
        gc.set_threshold(10_000, 10, 10)
        servers = [asyncio.create_task(adapter.serve()) for adapter in adapters]
        signalled = asyncio.create_task(stopping.wait())
        done, _ = await asyncio.wait([*servers, signalled], return_when=asyncio.FIRST_COMPLETED)
        signalled.cancel()
        failed = [task for task in done if task in servers and task.exception() is not None]
        for task in failed:
            log.error("an adapter stopped", exc_info=task.exception())
        log.info("shutting down")
    finally:
        # Services first, while the adapters are still connected: the last poll edits and
        # queued votes go out; then the adapters disconnect; then the database closes.
        await app.stop()
        for task in servers:
            task.cancel()
        await asyncio.gather(*servers, return_exceptions=True)
        await app.close()
    return 1 if failed else 0


async def _start(settings: Settings, clock: Clock | None = None) -> BotApp | None:
    """Create the app, turning a bad pack or database into a clear message and exit code."""
    from bot.app import create_app
    from bot.knowledge import PackError

    try:
        return await create_app(settings, clock)
    except PackError as error:
        print(f"The knowledge pack is invalid; nothing is served:\n{error}", file=sys.stderr)
    except (OSError, ValueError) as error:
        print(f"Cannot start: {error}", file=sys.stderr)
    return None
