"""Answers through `response_url`, sent from a second process: the courier.

Every vote is answered with an ephemeral confirmation, a second HTTP request to Slack per
click. Sent from the event loop that also serves Slack's requests, those answers cost that
loop more CPU than Bolt's whole handling of the click (bench/bench_slack.py: a Bolt app that
only acks against one that acks and confirms), on the loop that must acknowledge every click
within 3 seconds. The courier moves them to another core: the adapter writes one line per
answer to the courier's stdin and goes on; the courier reads whatever the pipe holds at once
and posts the answers with its own HTTP/1.1 client (`webhook.py`, about half of aiohttp's
CPU per POST) over keep-alive connections, in order for each `response_url`.

A `response_url` carries its own authorization, so the courier is given no secret (its
environment has no SLACK_ or DISCORD_ variable) and neither process logs the URLs. When the
courier is not running (not started, or it died) the adapter posts in-process with the same
`post_answer` and client, and restarts a dead courier at most every `RESTART_DELAY` seconds. Answers
written to a courier that dies before sending them are lost, and that is logged; votes are
not: a vote is committed before its confirmation is written.

Line format: `<response_url> <JSON body>\\n` (JSON as `json.dumps` writes it has no raw
newline; a URL with whitespace is never written, nor JSON text with a raw newline). The
courier prints `ready` once it reads.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import re
import signal
import sys
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from bot.adapters.slack.webhook import WebhookClient, WebhookError

#: Named, not `__name__`: in the courier process this module runs as `__main__`.
log = logging.getLogger("bot.adapters.slack.courier")

JSON = "application/json; charset=utf-8"
#: What may be written on a line: an http(s) URL without whitespace.
SENDABLE_URL = re.compile(r"https?://\S+")
#: Longest line the courier reads: a whole Block Kit message (50 blocks of 3,000 characters,
#: escaped) fits many times over.
LINE_LIMIT = 4 * 1024 * 1024
#: Bytes the courier reads from its pipe at a time.
READ_SIZE = 256 * 1024
#: Unsent bytes in the pipe above which `answer` waits for the courier to catch up.
HIGH_WATER = 1024 * 1024
READY = b"ready\n"
START_TIMEOUT = 15.0
STOP_TIMEOUT = 30.0
RESTART_DELAY = 5.0


async def post_answer(client: WebhookClient, url: str, data: bytes) -> None:
    """POST one answer; Slack's refusal is logged (the URL is not: it is a credential)."""
    try:
        response = await client.post(url, data, JSON)
    except (WebhookError, OSError, TimeoutError) as error:
        # The error's type and the host only: some errors' text holds the whole URL.
        host = urlsplit(url).hostname
        log.warning("response_url on %s failed (%s)", host, type(error).__name__)
        return
    if response.status != 200:
        log.warning("response_url answered %s: %s", response.status, response.body[:200])


class Courier:
    """The adapter's side: starts the courier process and hands it answers."""

    def __init__(
        self,
        *,
        log_level: str = "INFO",
        log_file: Path | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        fallback: WebhookClient | None = None,
    ) -> None:
        #: Posts the answers the courier cannot take, in this process.
        self.fallback = fallback or WebhookClient()
        self._arguments = [
            "--log-level",
            log_level,
            *(["--log-file", str(log_file)] if log_file else []),
        ]
        self._monotonic = monotonic
        self._process: asyncio.subprocess.Process | None = None
        self._started_at = -RESTART_DELAY
        self._starting: asyncio.Future[None] | None = None
        self._stopping = False
        #: Answers for the courier, written together once per pass of the event loop: a
        #: group commit releases dozens of votes at once, and one write is one system call.
        self._lines: list[str] = []
        self._posting: set[asyncio.Task[None]] = set()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.returncode is None

    async def start(self) -> None:
        """Start the courier and wait until it reads; on failure answers stay in-process."""
        self._stopping = False
        self._started_at = self._monotonic()
        environment = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("SLACK_", "DISCORD_"))
        }
        try:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot.adapters.slack.courier",
                *self._arguments,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                env=environment,
            )
        except OSError as error:
            log.error("the answer courier could not be started (%s); answering in-process", error)
            return
        assert process.stdout is not None
        try:
            ready = await asyncio.wait_for(process.stdout.readline(), START_TIMEOUT)
        except TimeoutError:
            ready = b""
        if ready != READY or self._stopping:
            if not self._stopping:
                log.error("the answer courier did not start; answering in-process")
            await _end(process)
            return
        self._process = process
        log.info("answer courier running (pid %d)", process.pid)

    async def answer(self, url: str, data: str) -> None:
        """POST `data` (JSON text, as `json.dumps` writes it) to `url`: through the courier
        when it runs, else in-process."""
        if not self.running:
            self._revive()
        process = self._process
        if (
            process is None
            or process.stdin is None
            or not SENDABLE_URL.fullmatch(url)
            or "\n" in data
        ):
            await post_answer(self.fallback, url, data.encode())
            return
        if not self._lines:
            asyncio.get_running_loop().call_soon(self._write_lines)
        self._lines.append(f"{url} {data}\n")
        if process.stdin.transport.get_write_buffer_size() > HIGH_WATER:
            try:
                await process.stdin.drain()
            except ConnectionResetError:  # it died: `_revive` reports what was lost
                log.error("the answer courier is gone")

    def _write_lines(self) -> None:
        """Hand the queued answers to the courier in one write, or post them in-process if it
        is no longer running."""
        lines, self._lines = self._lines, []
        process = self._process
        if not lines:
            return
        if process is not None and process.stdin is not None and self.running:
            process.stdin.write("".join(lines).encode())
            return
        for line in lines:
            url, _, data = line.rstrip("\n").partition(" ")
            task = asyncio.ensure_future(post_answer(self.fallback, url, data.encode()))
            self._posting.add(task)
            task.add_done_callback(self._posting.discard)

    def _revive(self) -> None:
        """Report a courier that exited; start a new one in the background unless one was
        started within `RESTART_DELAY` seconds (answers meanwhile go in-process)."""
        if self._process is not None:
            log.error(
                "the answer courier exited with %s; answers it had not sent are lost",
                self._process.returncode,
            )
            self._process = None
        starting = self._starting is not None and not self._starting.done()
        if starting or self._stopping:
            return
        if self._monotonic() - self._started_at >= RESTART_DELAY:
            self._starting = asyncio.ensure_future(self.start())

    async def stop(self) -> None:
        """Let the courier send everything written to it, then end it."""
        self._stopping = True
        if self._starting is not None:
            await self._starting
        self._write_lines()
        process, self._process = self._process, None
        if process is not None:
            await _end(process)
        while self._posting:
            await asyncio.gather(*list(self._posting))
        await self.fallback.close()


async def _end(process: asyncio.subprocess.Process) -> None:
    """Close the courier's input (it finishes what it read and exits), killing it if it
    takes longer than `STOP_TIMEOUT`."""
    if process.stdin is not None:
        process.stdin.close()
    try:
        await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
    except TimeoutError:
        log.error("the answer courier did not finish within %.0f s; killed", STOP_TIMEOUT)
        process.kill()
        await process.wait()


# -- the courier process ----------------------------------------------------------------------


class Deliveries:
    """Posts answers as they are read, in order for each URL, all URLs at once."""

    def __init__(self, client: WebhookClient) -> None:
        self.client = client
        self.queues: dict[str, deque[bytes]] = {}
        self.tasks: set[asyncio.Task[None]] = set()

    def add(self, line: bytes) -> None:
        url, _, data = line.partition(b" ")
        key = url.decode()
        queue = self.queues.get(key)
        if queue is not None:  # an answer to this URL is on its way: this one goes next
            queue.append(data)
            return
        self.queues[key] = deque([data])
        task = asyncio.ensure_future(self._drain(key))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _drain(self, url: str) -> None:
        queue = self.queues[url]
        try:
            while queue:
                await post_answer(self.client, url, queue.popleft())
        finally:
            del self.queues[url]

    async def finish(self) -> None:
        while self.tasks:
            await asyncio.gather(*list(self.tasks))


async def serve(stdin: asyncio.StreamReader) -> None:
    """Read answers until the adapter closes the pipe, post them, then return."""
    client = WebhookClient()
    deliveries = Deliveries(client)
    try:
        sys.stdout.buffer.write(READY)
        sys.stdout.buffer.flush()
        # Whatever the pipe holds at once, split into lines: many answers per read.
        partial = b""
        while chunk := await stdin.read(READ_SIZE):
            *lines, partial = (partial + chunk).split(b"\n")
            if len(partial) > LINE_LIMIT:
                raise ValueError(f"an answer line longer than {LINE_LIMIT} bytes")
            for line in lines:
                deliveries.add(line)
        await deliveries.finish()
    finally:
        await client.close()


async def main_async() -> None:
    loop = asyncio.get_running_loop()
    stdin = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdin), sys.stdin)
    await serve(stdin)


def main() -> None:
    """The courier process. Ctrl-C reaches the whole process group: the courier ignores it
    and ends when the adapter closes its input, after sending what it was given."""
    from bot.logs import configure_logging

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parser = argparse.ArgumentParser(description="Posts the Slack adapter's answers.")
    parser.add_argument("--log-level", default="INFO")
    parser.add_argument("--log-file", type=Path)
    arguments = parser.parse_args()
    configure_logging(arguments.log_level, arguments.log_file)
    asyncio.run(main_async())


if __name__ == "__main__":
    main()
