"""Real bot instances (`python -m bot slack` subprocesses) on one fresh PostgreSQL database,
for the multi-instance end-to-end tests and the benchmark.

Each instance is the command line a deployment runs, with SLACK_API_URL pointed at the
loopback fake (a lane of its own, so one instance's calls can be slowed) and PORT=0: the
instance is ready once it logs that it listens, so nothing waits on time. Ports are picked
free just before the start (the bot refuses PORT=0).
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from tests.slack_client import SIGNING_SECRET
from tests.slack_fake import TOKEN, FakeSlack

ROOT = Path(__file__).resolve().parents[1]
LISTENING = re.compile(rb"Slack adapter listening on [^:]+:(\d+)")
START_TIMEOUT = 60.0


@asynccontextmanager
async def fresh_database(server_url: str) -> AsyncIterator[str]:
    """A new PostgreSQL database named with a uuid; its URL; dropped afterwards."""
    name = f"bot_{uuid.uuid4().hex[:16]}"
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    parts = urlsplit(server_url)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        admin = await asyncpg.connect(server_url)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


def free_port() -> int:
    """A port nothing listens on now (the kernel's pick)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Instance:
    """One running bot process and where it listens."""

    name: str
    process: asyncio.subprocess.Process
    port: int
    log: list[bytes]
    _reader: asyncio.Task[None]
    #: Notified at each line logged (and when the log ends), for `wait_logged`.
    _logged: asyncio.Condition

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    async def stop(self, *, kill: bool = False) -> int:
        """SIGTERM (flushes pending edits) or SIGKILL; returns the exit status."""
        if self.process.returncode is None:
            if kill:
                self.process.kill()
            else:
                self.process.terminate()
        code = await self.process.wait()
        with suppress(asyncio.CancelledError):
            await self._reader
        return code

    def logged(self) -> str:
        return b"".join(self.log).decode(errors="replace")

    async def wait_logged(self, text: str, within: float = 30.0) -> None:
        """Return once the instance has logged `text`; fail if it never does."""
        try:
            async with asyncio.timeout(within), self._logged:
                await self._logged.wait_for(lambda: text in self.logged())
        except TimeoutError:
            raise AssertionError(f"never logged {text!r}:\n{self.logged()[-3000:]}") from None


def environment(database_url: str, fake: FakeSlack, lane: str, **settings: str) -> dict[str, str]:
    """The environment of one instance (no developer .env is read: cwd is a temp dir)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env.update(
        {
            "DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.lane_url(lane),
            "SLACK_RESPONSE_ORIGINS": fake.origin,
            "PORT": str(free_port()),
            "PYTHONPATH": str(ROOT),
            **settings,
        }
    )
    return env


#: How often an instance is started again on another free port when its own was taken.
PORT_ATTEMPTS = 3


async def start_instance(
    database_url: str, fake: FakeSlack, lane: str, workdir: Path, **settings: str
) -> Instance:
    """`python -m bot slack`, ready once it logs the port it listens on. The port is picked
    free (`free_port`) before the bot binds it, so another program on the machine (another
    test run) may take it between: the bot then stops, "address already in use", and it is
    started again on another, rather than failing a test for the machine's sake."""
    for _ in range(PORT_ATTEMPTS - 1):
        try:
            return await _started(database_url, fake, lane, workdir, **settings)
        except RuntimeError as error:
            if "address already in use" not in str(error):
                raise
    return await _started(database_url, fake, lane, workdir, **settings)


async def _started(
    database_url: str, fake: FakeSlack, lane: str, workdir: Path, **settings: str
) -> Instance:
    await asyncio.to_thread(workdir.mkdir, parents=True, exist_ok=True)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "slack",
        env=environment(database_url, fake, lane, **settings),
        cwd=workdir,
        stderr=asyncio.subprocess.PIPE,
    )
    log: list[bytes] = []
    logged = asyncio.Condition()
    port: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    async def read() -> None:
        assert process.stderr is not None
        async for line in process.stderr:
            log.append(line)
            async with logged:
                logged.notify_all()
            if not port.done() and (found := LISTENING.search(line)):
                port.set_result(int(found.group(1)))
        if not port.done():
            port.set_exception(RuntimeError(b"".join(log).decode(errors="replace")[-3000:]))

    reader = asyncio.create_task(read())
    try:
        bound = await asyncio.wait_for(port, START_TIMEOUT)
    except BaseException:
        await killed(process)
        raise
    return Instance(lane, process, bound, log, reader, logged)


async def killed(process: asyncio.subprocess.Process) -> int:
    """Kill `process` unless it has exited; its exit status. An instance that stopped by
    itself ("address already in use") is reaped by asyncio as its log ends, and a kill then
    raised ProcessLookupError, hiding the error that says why and skipping the start on
    another port."""
    if process.returncode is None:
        process.kill()
    return await process.wait()
