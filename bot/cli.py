"""The command line: `debate-bot run|console|slack|discord|kb check|slack-manifest|...`.

Each subcommand imports only what it needs, so the console never loads discord or slack.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bot.clock import Clock, OffsetClock
from bot.config import (
    DOTENV,
    ConfigError,
    CredentialRevoked,
    Settings,
    exposed_dotenv,
    load_settings,
)
from bot.core.ids import parse_id, typed_number
from bot.logs import configure_logging

if TYPE_CHECKING:  # imported lazily at run time: the app pulls in the whole core
    from bot.app import BotApp


class Adapter(Protocol):
    """A platform adapter as the CLI runs it (constructed with the app, then served)."""

    async def serve(self) -> object: ...

    async def stop_intake(self) -> None:
        """Take no more requests and answer those already taken (before services stop)."""
        ...


log = logging.getLogger("bot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="debate-bot", description="The debate bot.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run every adapter with credentials; the console if none")
    sub.add_parser("console", help="chat with the bot in this terminal (stdin/stdout)")
    slack = sub.add_parser(
        "slack", help="run the Slack adapter (HTTP, or Socket Mode with SLACK_APP_TOKEN)"
    )
    slack.add_argument(
        "--workers",
        type=_positive,
        default=1,
        help="worker processes sharing PORT (SO_REUSEPORT), each with its own database "
        "pool; PostgreSQL only",
    )
    # Set by the supervisor on each worker it starts; not for people.
    slack.add_argument("--reuse-port", action="store_true", help=argparse.SUPPRESS)
    sub.add_parser("discord", help="run the Discord adapter")
    manifest = sub.add_parser(
        "slack-manifest", help="print the Slack app manifest (YAML) generated from the commands"
    )
    manifest.add_argument("--url", help="public base URL of the bot (HTTP mode)")
    manifest.add_argument("--socket", action="store_true", help="Socket Mode (no request URLs)")
    export = sub.add_parser("export-votes", help="write a poll's votes as CSV or JSON")
    export.add_argument("--poll", type=_poll_id, required=True, help="the poll's number (#N)")
    export.add_argument(
        "--format", choices=("csv", "json"), help="default: json for a .json file, else csv"
    )
    export.add_argument(
        "--output", type=_output, help="file to write (default, or -: standard output)"
    )
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
    """Run a subcommand. Its output piped into a reader that stops early (`| head`) ends
    it quietly, as other command-line tools end, not with a BrokenPipeError traceback."""
    try:
        return _command(argv)
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at /dev/null so that flush
        # cannot raise (and print) the same error a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _command(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"Configuration problem:\n{error}", file=sys.stderr)
        return 2
    try:
        configure_logging(settings.log_level, settings.log_file)
    except OSError as error:  # LOG_FILE in a missing or read-only folder: no traceback
        print(
            f"Configuration problem:\nLOG_FILE {str(settings.log_file)!r} cannot be written: "
            f"{error.strerror or error}",
            file=sys.stderr,
        )
        return 2
    if (exposed := exposed_dotenv(DOTENV)) is not None:
        log.warning("%s", exposed)
    if args.command == "kb" and args.kb_command == "eval":
        return _kb_eval(args.folder or settings.knowledge_dir, args.queries)
    if args.command == "kb":
        return _kb_check(args.folder or settings.knowledge_dir)
    if args.command == "export-votes":
        fmt = args.format or _format_of(args.output)
        return _export_votes(settings, args.poll, fmt, args.output)
    if args.command == "slack-manifest":
        return _slack_manifest(settings, args.url, args.socket)
    if args.command == "console":
        return _console(settings)
    if args.command == "run":
        if not _any_platform(settings):
            if not _has_input():
                print(NO_CREDENTIALS, file=sys.stderr)
                return 2
            print(f"no chat credentials found: console ({HOW_TO_SERVE})", file=sys.stderr)
            return _console(settings)
        print(f"adapters: {_adapters_line(settings)}", file=sys.stderr)
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
        if args.workers > 1:
            return _run_workers(settings, args.workers)
        return asyncio.run(_serve(settings, slack=True, discord=False, reuse_port=args.reuse_port))
    if args.command == "discord":
        if not settings.discord_enabled:
            print("Discord needs DISCORD_TOKEN (see .env.example).", file=sys.stderr)
            return 2
        return asyncio.run(_serve(settings, slack=False, discord=True))
    return 2


HOW_TO_SERVE = "set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or DISCORD_TOKEN, to serve a chat"
NO_CREDENTIALS = """\
No chat credentials found, and no terminal for the console: nothing to serve.
Set, in the environment or in .env (see .env.example):
  SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET   Slack over HTTP (add SLACK_APP_TOKEN for Socket Mode)
  DISCORD_TOKEN                              Discord
or run the console on a terminal (`make run`, or `docker run -it ...`)."""


def _positive(text: str) -> int:
    from bot.core.ids import parse_id

    value = parse_id(text, limit=1024)
    if value is None:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to 1024, got {text!r}")
    return value


def _run_workers(settings: Settings, count: int) -> int:
    """Run `count` Slack workers on one port and wait; stop them all when one ends.

    Each worker is `python -m bot slack` in its own process (own event loop, own database
    pool), so a multi-core machine serves more votes; the kernel spreads connections over
    them (SO_REUSEPORT). They coordinate only through the database, as separate instances
    do, so SQLite (one file, one writer, and no lease worth the name across processes on a
    busy machine) is refused. Signals are passed on; a worker that dies takes the others
    down with it, so the process manager sees the failure and restarts the whole set.
    """
    if settings.database_url.startswith("sqlite"):
        print(
            "--workers needs PostgreSQL (DATABASE_URL=postgresql://...): each worker is a "
            "process of its own with its own connection pool, and a SQLite file has one "
            "writer at a time. On SQLite run one process (without --workers).",
            file=sys.stderr,
        )
        return 2
    command = [sys.executable, "-m", "bot", "slack", "--reuse-port"]
    workers = [subprocess.Popen(command) for _ in range(count)]
    log.info("started %d Slack workers on port %d", count, settings.port)

    signalled: list[int] = []

    def pass_on(signum: int, _frame: object) -> None:
        signalled.append(signum)
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, pass_on)
    pid, status = os.wait()  # the first worker to end
    code = os.waitstatus_to_exitcode(status)
    for worker in workers:
        if worker.pid == pid:
            worker.returncode = code
        elif not signalled and worker.poll() is None:
            # Signalled only once: a second SIGTERM reaching a worker whose event loop
            # has already closed would kill it mid-exit.
            worker.terminate()
    for worker in workers:
        worker.wait()
    if code != 0:
        log.error("Slack worker %d ended with status %d; stopped the others", pid, code)
    return 0 if all(worker.returncode == 0 for worker in workers) else 1


def _any_platform(settings: Settings) -> bool:
    return settings.slack_enabled or settings.discord_enabled


def _has_input() -> bool:
    """Whether the console would have anything to read: a terminal, a pipe or a file.

    A container started without `-i` gets /dev/null (a character device that is not a
    terminal) as its standard input: the console would read nothing and exit at once.
    """
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return False  # no standard input at all
    return sys.stdin.isatty() or not stat.S_ISCHR(mode)


def _adapters_line(settings: Settings) -> str:
    """Which adapters `run` starts and why, e.g. for the first line a deployment logs."""
    parts = []
    if settings.slack_enabled:
        mode = "Socket Mode" if settings.slack_socket_mode else f"HTTP on port {settings.port}"
        parts.append(f"slack ({mode}: SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET set)")
    else:
        parts.append("no slack (SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET not set)")
    if settings.discord_enabled:
        parts.append("discord (DISCORD_TOKEN set)")
    else:
        parts.append("no discord (DISCORD_TOKEN not set)")
    return "; ".join(parts)


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
    if queries is None and not (target / EVAL_FILE).is_file():
        # Was "cannot read the query file: [Errno 2] …" for a pack started from a template.
        print(
            f"{target} has no {EVAL_FILE}, the queries `kb eval` measures: write some there "
            "(docs/packs.md, “Measuring answers”), or give a file with --queries",
            file=sys.stderr,
        )
        return 1
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


def _slack_manifest(settings: Settings, url: str | None, socket: bool) -> int:
    """Print the manifest for the registry a running bot would have. It needs the pack
    only: no database is opened, so none is created or migrated, and nothing is logged."""
    from bot.adapters.slack.manifest import render_manifest
    from bot.app import declared_registry
    from bot.knowledge import PackError, default_pack_dir, load_pack

    if not socket and not url:
        print("Give the bot's public address (--url https://host) or --socket.", file=sys.stderr)
        return 2
    try:
        pack = load_pack(settings.knowledge_dir or default_pack_dir())
    except PackError as error:
        print(f"The knowledge pack is invalid; no manifest printed:\n{error}", file=sys.stderr)
        return 1
    print(render_manifest(declared_registry(settings, pack), url, socket), end="")
    return 0


def _poll_id(text: str) -> int:
    """`--poll`: digits within a BIGINT, `#` before them or not, ASCII or full width
    (`typed_number`) as the chat commands read them: `--poll １`, typed with a Japanese
    input method left on, was refused. Never other digits (`int()` would read `٣` as 3)."""
    poll_id = parse_id(typed_number(text).removeprefix("#"))
    if poll_id is None:
        raise argparse.ArgumentTypeError(f"not a poll number: {text!r}")
    return poll_id


def _output(text: str) -> Path | None:
    """`--output`: a file, or `-` for standard output (the usual convention)."""
    return None if text == "-" else Path(text)


def _export_votes(settings: Settings, poll_id: int, fmt: str, output: Path | None) -> int:
    """Votes of one poll as CSV (RFC 4180, formula-safe) or JSON; needs no pack or platform."""
    from bot.core.errors import UserError
    from bot.storage.factory import (
        DatabaseUnavailable,
        foreign_postgres_database,
        foreign_sqlite_file,
        misplaced_sqlite_file,
        missing_sqlite_file,
    )

    # All checked before the database is opened: a mistyped path is reported at once, and
    # an export never creates the database it was meant to read, nor migrates another's.
    problem = _unwritable(output) if output is not None else None
    if problem is not None:
        print(f"Cannot write {output}: {problem}", file=sys.stderr)
        return 1
    misplaced = misplaced_sqlite_file(settings.database_url)
    if misplaced is not None:
        print(f"Cannot export: {misplaced}", file=sys.stderr)
        return 1
    missing = missing_sqlite_file(settings.database_url)
    if missing is not None:
        print(f"Cannot export: no database at {missing.absolute()} (DATABASE_URL)", file=sys.stderr)
        return 1
    try:
        foreign = foreign_sqlite_file(settings.database_url) or asyncio.run(
            foreign_postgres_database(settings.database_url)
        )
    except Exception as error:  # the server refused us or is down
        unusable = DatabaseUnavailable(settings.database_url, error)
        print(f"Cannot export: {unusable}", file=sys.stderr)
        return 1
    if foreign is not None:
        file, problem = foreign
        print(
            f"Cannot export: {file} is not this bot's database ({problem}); "
            "it was left unchanged (DATABASE_URL)",
            file=sys.stderr,
        )
        return 1
    try:
        text = asyncio.run(_read_votes(settings, poll_id, fmt))
    except UserError as error:
        print(error.message, file=sys.stderr)
        return 1
    except DatabaseUnavailable as error:
        print(f"Cannot export: {error}", file=sys.stderr)
        return 1
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        # CSV's CRLF kept as written; a CSV file starts with a byte-order mark, without which
        # Excel reads it in the system's code page: "José" as "JosÃ©", "寿司" as mojibake.
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        output.write_text(text, encoding=encoding, newline="")
    except OSError as error:  # changed since the check, or a full disk
        print(f"Cannot write {output}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"wrote poll #{poll_id} votes to {output}", file=sys.stderr)
    return 0


def _format_of(output: Path | None) -> str:
    """The export format a file's name asks for when `--format` is not given: JSON for a
    `.json` file (CSV there, with its byte-order mark, is refused by every JSON reader),
    else CSV."""
    return "json" if output is not None and output.suffix.lower() == ".json" else "csv"


def _unwritable(output: Path) -> str | None:
    """Why `output` cannot be written as a file, in the user's words; None if it can."""
    if output.is_dir():
        return "is a folder"
    if not output.parent.is_dir():
        return "no such folder"
    if not os.access(output if output.exists() else output.parent, os.W_OK):
        return "permission denied"
    return None


async def _read_votes(settings: Settings, poll_id: int, fmt: str) -> str:
    from bot.clock import SystemClock
    from bot.polls.service import PollService
    from bot.storage.factory import open_database

    db = await open_database(settings.database_url)
    try:
        return await PollService(db, SystemClock()).export(poll_id, fmt)
    finally:
        await db.close()


def _console(settings: Settings) -> int:
    """The console: line editing on a terminal, a script's lines when piped."""
    if sys.stdin.isatty():
        from bot.adapters.console_terminal import run_terminal

        return run_terminal(
            lambda: _start(settings, clock=OffsetClock()),
            settings.data_dir / "console_history",
        )
    try:
        return asyncio.run(_piped_console(settings))
    except KeyboardInterrupt:
        print("(interrupted)", file=sys.stderr)  # Ctrl-C: a clean exit, not a traceback
        return 130


async def _piped_console(settings: Settings) -> int:
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


async def _serve(
    settings: Settings, *, slack: bool, discord: bool, reuse_port: bool = False
) -> int:
    """Run the chosen platform adapters in one process, sharing one core and database."""
    app = await _start(settings)
    if app is None:
        return 1
    adapters: list[Adapter] = []
    if slack:
        from bot.adapters.slack.server import SlackAdapter

        adapters.append(SlackAdapter(app, reuse_port=reuse_port))
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
            error = task.exception()
            if isinstance(error, ConfigError):  # a refused token: one line, no traceback
                print(f"Cannot start: {error}", file=sys.stderr)
            elif isinstance(error, CredentialRevoked):  # as a refused token, while running
                log.error("stopping: %s", error)
            else:
                log.error("an adapter stopped", exc_info=error)
        log.info("shutting down")
        for adapter in adapters:
            await adapter.stop_intake()
    finally:
        # Intake stopped first (above), so that what is left to do has an end. Then the
        # services, while the adapters are still connected: the last poll edits and queued
        # votes go out; then the adapters disconnect; then the database closes.
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
    from bot.storage.factory import DatabaseUnavailable

    try:
        return await create_app(settings, clock)
    except PackError as error:
        print(f"The knowledge pack is invalid; nothing is served:\n{error}", file=sys.stderr)
    except (DatabaseUnavailable, OSError, ValueError) as error:
        print(f"Cannot start: {error}", file=sys.stderr)
    return None
