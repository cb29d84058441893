"""Test helpers shared by the suites that need a whole bot."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from asyncio.subprocess import Process
from dataclasses import dataclass, field
from pathlib import Path

from bot.app import BotApp, create_app
from bot.clock import Clock, OffsetClock
from bot.config import Settings, load_settings
from bot.core.context import ChannelRef, Context, UserRef
from bot.core.outbound import Linked, Outbounds
from bot.core.replies import Reply
from bot.polls.render import vote_action

ROOT = Path(__file__).resolve().parents[1]
#: The hour of the UTC day `morning_clock` starts at.
MORNING = 8 * 3600
FIXTURE_PACKS = ROOT / "tests" / "fixtures" / "packs"


def morning_clock() -> OffsetClock:
    """The console's clock moved on to the next 08:00 UTC. A test that sets a daily post an
    hour ahead and then lets hours pass must stay within one UTC day, as a day's post goes
    out only that day: run between 22:00 and 23:00 on the real clock, the post fell due
    before midnight and the restart came after it, and the post was (rightly) skipped."""
    clock = OffsetClock()
    clock.advance((MORNING - clock.now()) % 86400)
    return clock


class Login(asyncio.Event):
    """An adapter's readiness (`Outbounds.add(..., ready=)`) that tells when someone waits
    for it, so a test sees a service hold its first post without sleeping to find out."""

    def __init__(self) -> None:
        super().__init__()
        self.awaited = asyncio.Event()

    async def wait(self) -> bool:
        self.awaited.set()
        return await super().wait()


def settings_for(tmp_path: Path, **overrides: str) -> Settings:
    """Settings for a bot on a SQLite file in `tmp_path`, never reading the developer's .env."""
    environ = {"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", **overrides}
    return load_settings(environ, dotenv=None)


async def make_app(tmp_path: Path, clock: Clock | None = None, **overrides: str) -> BotApp:
    return await create_app(settings_for(tmp_path, **overrides), clock=clock)


async def vote_as(app: BotApp, ctx: Context, poll_id: int, option: int, typed: bool) -> Reply:
    """`ctx`'s vote through the dispatcher: a typed /vote, or a click on the option's button."""
    if typed:
        return await app.dispatcher.run(ctx, "vote", {"poll": poll_id, "option": str(option)})
    return await app.dispatcher.click(ctx, vote_action(poll_id, option))


async def start_bot_process(command: str, cwd: Path, **settings: str) -> Process:
    """`python -m bot <command>` with only `settings` as its platform credentials and
    database (none inherited from the environment; a SQLite file in `cwd` by default) and
    no `.env` (`cwd` has none); stdout and stderr piped."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SLACK_", "DISCORD_", "DATABASE_"))
    }
    environment["DATABASE_URL"] = f"sqlite:///{cwd / 'bot.db'}"
    environment.update(settings)
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        command,
        env=environment,
        cwd=cwd,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def run_bot(command: str, cwd: Path, *, within: float = 60.0, **settings: str) -> BotRun:
    """`start_bot_process` until the bot exits by itself (within `within` seconds)."""
    process = await start_bot_process(command, cwd, **settings)
    try:
        async with asyncio.timeout(within):
            out, err = await process.communicate()
    except TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError(f"`python -m bot {command}` did not exit by itself") from None
    assert process.returncode is not None
    return BotRun(process.returncode, out.decode(), err.decode())


@dataclass(frozen=True)
class BotRun:
    """How a bot process ended."""

    code: int
    stdout: str
    stderr: str

    def lines_with(self, text: str) -> list[str]:
        return [line for line in self.stderr.splitlines() if text in line]


@dataclass
class PostingOutbound:
    """A platform that records posts; `fail` queues errors the next posts raise. The
    deadline sweep closes only polls of the platforms it can post to: give it one."""

    platform: str = "console"
    posts: list[tuple[ChannelRef, Reply]] = field(default_factory=list)
    fail: list[Exception] = field(default_factory=list)
    gate: asyncio.Event = field(default_factory=asyncio.Event)
    posting: asyncio.Event = field(default_factory=asyncio.Event)
    #: Direct messages sent, to whom: a poll's creator told of an announcement given up.
    messages: list[tuple[UserRef, Linked]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.gate.set()

    async def post(self, channel: ChannelRef, reply: Reply) -> str:
        self.posting.set()
        await self.gate.wait()
        if self.fail:
            raise self.fail.pop(0)
        self.posts.append((channel, reply))
        return f"m{len(self.posts)}"

    async def edit(self, channel: ChannelRef, message_ref: str, reply: Reply) -> None:
        raise AssertionError("announcements are posts")

    async def message_user(self, user: UserRef, message: Linked) -> None:
        self.messages.append((user, message))

    def texts(self) -> list[str]:
        return [reply.fallback() for _, reply in self.posts]


def posting_to(*outbounds: PostingOutbound) -> Outbounds:
    """The outbounds of a process running these platforms, each able to post at once."""
    running = Outbounds()
    for outbound in outbounds:
        running.add(outbound)
    return running


def as_if_in_the_foreground() -> None:
    """Run in a child before it starts (`preexec_fn`): Ctrl-C at its default, as a program
    started from a terminal has it. A shell starts a background job with SIGINT ignored, and
    a child inherits that (Python then installs no KeyboardInterrupt): a test run launched
    with `&` failed every Ctrl-C test, the bot rightly ignoring what its parent ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
