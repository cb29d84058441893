"""Benchmark: signed Slack button votes against the bot in HTTP mode and bare Bolt apps.

    python -m bench.bench_slack                  # C=100 and C=500, 3 rounds of 20,000 votes
    python -m bench.bench_slack --votes 5000 --rounds 1 --concurrency 100
    python -m bench.bench_slack --pin --concurrency 100   # diagnostic placement, see --help

Six processes, all on 127.0.0.1:
- the fake Slack Web API (tests/slack_fake.py), which the bot calls for every confirmation
  (`response_url`) and live tally (`chat.update`);
- the bot, `python -m bot slack`, in HTTP mode on a SQLite file, with its answer courier
  (bot/adapters/slack/courier.py) as a child process;
- three reference Bolt apps on the bot's aiohttp server and listen backlog (`REFERENCES`):
  the bare app whose only listener acks, with Bolt's defaults and with
  `process_before_response=True` like the bot, and one that acks and then sends the voter
  the bot's confirmation through `response_url`, which is the least a confirmed vote costs
  (without storing it);
- the load generator (this script's `load` role): as many keep-alive connections as the
  concurrency, each sending pre-signed `block_actions` votes from distinct users one after
  another, as prepared bytes (`Connection`), so that it takes little of the CPU the targets
  share with it.

Targets take turns at each concurrency, each run after a warm-up, for several rounds: run
to run, throughput on a shared two-core machine varies by 10-20%, so the summary gives each
target's median and the median of the bot's ratio to each reference, round by round, with
their ranges. With `--pin`, each target's main thread has CPU 0 to itself and everything
else shares CPU 1: the bot's figures then show its own cost per vote rather than how the
scheduler happened to place five busy processes on two cores.

For the bot, a fresh poll per run; afterwards the database is read back (lost votes must be
0) and the run waits for the final `chat.update` showing every vote; any run whose app
confirms also waits for every `response_url` answer. Printed per run: votes/s, p50/p99
latency, CPU time per vote of the target (the bot's includes its answer courier), of the
fake and of the load generator, answers received; for the bot, lost votes, `chat.update`
calls per 1,000 votes and peak RSS (VmHWM, bot + courier); and the bot's throughput as a
fraction of each reference app's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from tests.slack_client import (
    FORM,
    SIGNING_SECRET,
    block_actions_payload,
    command_body,
    interactivity_body,
    signed_headers,
)
from tests.slack_fake import TEAM, TOKEN

ROOT = Path(__file__).resolve().parents[1]
CHANNEL = "C0BENCH"
OPTIONS = 4
CLK_TCK = os.sysconf("SC_CLK_TCK")


# -- the bare Bolt app --------------------------------------------------------------------


#: The reference apps, by name: Bolt's `process_before_response` setting and whether the
#: listener also sends the voter a confirmation through `response_url` after the ack.
REFERENCES = {
    "bare (defaults)": (False, False),
    "bare (before_response)": (True, False),
    "bare + confirmation": (True, True),
}
#: What the "bare + confirmation" app sends: the size and shape of the bot's own answer.
CONFIRMATION = {
    "text": "Your vote on poll #1 is now “B”.",
    "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": "Your vote on poll #1 is now “B”."}}
    ],
    "response_type": "ephemeral",
    "replace_original": False,
}


def serve_bare(port: int, api_url: str, name: str) -> None:
    """A Bolt app that acks (and, for "bare + confirmation", then answers the voter the way
    the bot does), on the same HTTP stack as the bot: the floor the bot is measured against."""
    from aiohttp import web
    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.adapters.slack.server import LISTEN_BACKLOG, http_session

    before_response, confirms = REFERENCES[name]
    confirmation = json.dumps(CONFIRMATION).encode()

    async def main() -> None:
        session = http_session()
        bolt = AsyncApp(
            client=AsyncWebClient(token=TOKEN, base_url=api_url),
            signing_secret=SIGNING_SECRET,
            process_before_response=before_response,
        )
        answers: set[asyncio.Task[None]] = set()

        async def answer(url: str) -> None:
            headers = {"Content-Type": "application/json; charset=utf-8"}
            async with session.post(url, data=confirmation, headers=headers) as response:
                await response.read()

        @bolt.action(re.compile(".+"))
        async def only_ack(ack: Any, body: dict[str, Any]) -> None:
            await ack()
            if confirms:
                task = asyncio.ensure_future(answer(body["response_url"]))
                answers.add(task)
                task.add_done_callback(answers.discard)

        async def events(request: web.Request) -> web.Response:
            return await to_aiohttp_response(
                await bolt.async_dispatch(await to_bolt_request(request))
            )

        async def health(request: web.Request) -> web.Response:
            return web.json_response({"ok": True})

        app = web.Application()
        app.router.add_post("/slack/events", events)
        app.router.add_get("/healthz", health)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port, backlog=LISTEN_BACKLOG).start()
        await asyncio.Event().wait()

    asyncio.run(main())


# -- the load generator -------------------------------------------------------------------


class Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection sending requests one after another.

    Requests are prepared bytes and responses are read only as far as the status line and
    `Content-Length`, so the generator's CPU per request is a small fraction of an HTTP
    client library's: on two cores, what the client saves is left to the target.
    """

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.answered: asyncio.Future[int] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        if self.answered is not None and not self.answered.done():
            self.answered.set_exception(ConnectionError(f"connection closed: {exc}"))

    async def exchange(self, request: bytes) -> int:
        """Send one request; the response's status once all of it has arrived."""
        assert self.transport is not None
        self.answered = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return await self.answered

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        head_end = self.buffer.find(b"\r\n\r\n")
        if head_end < 0:
            return
        head = bytes(self.buffer[:head_end]).decode("latin-1").split("\r\n")
        fields = dict(line.split(":", 1) for line in head[1:])
        length = int({k.lower(): v for k, v in fields.items()}["content-length"])
        if len(self.buffer) < head_end + 4 + length:
            return
        del self.buffer[: head_end + 4 + length]
        assert self.answered is not None
        self.answered.set_result(int(head[0].split()[1]))


def http_request(url: str, body: str) -> bytes:
    """A signed interactivity POST exactly as Slack sends it, as bytes on the wire."""
    parts = urlsplit(url)
    data = body.encode()
    headers = {
        "Host": parts.netloc,
        **signed_headers(SIGNING_SECRET, body, FORM),
        "Content-Length": str(len(data)),
    }
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return f"POST {parts.path} HTTP/1.1\r\n{head}\r\n".encode() + data


async def generate_load(url: str, bodies: list[str], concurrency: int) -> dict[str, Any]:
    """Send every body once over `concurrency` keep-alive connections; latency per request."""
    requests = [http_request(url, body) for body in bodies]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    pending = iter(requests)
    parts = urlsplit(url)
    loop = asyncio.get_running_loop()

    async def worker() -> None:
        transport, connection = await loop.create_connection(Connection, parts.hostname, parts.port)
        try:
            for request in pending:
                started = time.perf_counter()
                status = await connection.exchange(request)
                latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            transport.close()

    began, cpu_began = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu_began
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "per_second": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "statuses": statuses,
        "client_cpu_share": cpu / elapsed,
    }


def run_load(url: str, bodies_file: Path, concurrency: int) -> dict[str, Any]:
    """The load generator in its own process (so it never competes inside a target)."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.bench_slack",
            "load",
            url,
            str(bodies_file),
            str(concurrency),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def vote_bodies(poll_id: int, ts: str, votes: int, prefix: str, response_base: str) -> list[str]:
    return [
        interactivity_body(
            block_actions_payload(
                f"poll:v1:{poll_id}:{n % OPTIONS + 1}",
                team=TEAM,
                channel=CHANNEL,
                user=f"U{prefix}{n:07d}",
                message_ts=ts,
                response_url=f"{response_base}{prefix}-{n}",
                action_ts=f"{time.time():.6f}{n}",
            )
        )
        for n in range(votes)
    ]


# -- the orchestrator ---------------------------------------------------------------------


@dataclass
class Target:
    name: str
    process: subprocess.Popen[bytes]
    url: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_healthy(url: str, process: subprocess.Popen[bytes], within: float = 30) -> None:
    deadline = time.monotonic() + within
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{url} exited with {process.returncode}")
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)  # polling a starting process: nothing to wait on
    raise RuntimeError(f"{url} did not become healthy")


class FakeSlackProcess:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "tests/slack_fake.py", "--keep", "0"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        self.port = int(line.split()[1])
        self.api = f"http://127.0.0.1:{self.port}/api/"

    async def stats(self, session: aiohttp.ClientSession) -> dict[str, Any]:
        async with session.get(f"http://127.0.0.1:{self.port}/_stats") as response:
            return await response.json()

    async def message(
        self, session: aiohttp.ClientSession, contains: str, ts: str | None = None
    ) -> dict[str, Any]:
        """The posted message containing `contains`, as soon as there is one (long poll)."""
        query = {"contains": contains, **({"ts": ts} if ts else {})}
        url = f"http://127.0.0.1:{self.port}/_message"
        async with session.get(url, params=query) as response:
            response.raise_for_status()
            return await response.json()


async def new_poll(
    session: aiohttp.ClientSession, bot: Target, fake: FakeSlackProcess, label: str
) -> tuple[int, str]:
    """Start a poll through a signed /poll; returns its id and message ts."""
    question = f"Benchmark {label}"
    body = command_body(
        "/poll",
        f'question:"{question}" options:A | B | C | D',
        team=TEAM,
        channel=CHANNEL,
        user="U0BENCHER",
        response_url=f"http://127.0.0.1:{fake.port}/response/poll-{label}",
    )
    headers = signed_headers(SIGNING_SECRET, body, FORM)
    async with session.post(bot.url, data=body.encode(), headers=headers) as response:
        assert response.status == 200
    message = await fake.message(session, question)
    actions = [e.get("action_id", "") for b in message["blocks"] for e in b.get("elements", [])]
    poll_id = next(int(a.split(":")[2]) for a in actions if a.startswith("poll:v1:"))
    return poll_id, message["ts"]


async def final_tally(
    session: aiohttp.ClientSession, fake: FakeSlackProcess, ts: str, votes: int
) -> float:
    """Seconds until the poll message shows every vote (the final coalesced chat.update)."""
    began = time.perf_counter()
    await fake.message(session, f"Total voters: {votes}", ts=ts)
    return time.perf_counter() - began


async def confirmations(
    session: aiohttp.ClientSession, fake: FakeSlackProcess, before: dict[str, Any], votes: int
) -> int:
    """How many `response_url` answers arrived for this run, once all have or 30 s passed
    (they go out after the ack, so the run is not over until they are in)."""
    deadline = time.monotonic() + 30
    while True:
        counts = (await fake.stats(session))["counts"]
        answered = counts.get("response_url", 0) - before["counts"].get("response_url", 0)
        if answered >= votes or time.monotonic() > deadline:
            return int(answered)
        await asyncio.sleep(0.05)  # polling another process's counter: nothing to wait on


def stored_votes(database: Path, poll_id: int) -> int:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        return int(
            db.execute("SELECT COUNT(*) FROM poll_votes WHERE poll_id = ?", (poll_id,)).fetchone()[
                0
            ]
        )


def family(pid: int) -> list[int]:
    """A target's process and its children (the bot's answer courier), whose CPU is its too."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *map(int, children)]


def cpu_seconds(pid: int) -> float:
    total = 0
    for member in family(pid):
        fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / CLK_TCK


def peak_rss_mb(pid: int) -> list[float]:
    """Peak resident memory (VmHWM) of the process, then of each child."""
    peaks = []
    for member in family(pid):
        for line in Path(f"/proc/{member}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return peaks


def start_targets(fake: FakeSlackProcess, workdir: Path, database: Path) -> list[Target]:
    """The bot (`python -m bot slack`, its own working directory: no .env is read) and the
    two bare Bolt apps."""
    bot_port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": f"sqlite:///{database}",
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api,
        "PORT": str(bot_port),
        "LOG_LEVEL": "WARNING",
    }
    bot = subprocess.Popen([sys.executable, "-m", "bot", "slack"], cwd=workdir, env=env)
    targets = [Target("bot", bot, f"http://127.0.0.1:{bot_port}/slack/events")]
    for name in REFERENCES:
        port = free_port()
        command = ["-m", "bench.bench_slack", "bare", str(port), fake.api, name]
        process = subprocess.Popen([sys.executable, *command], cwd=ROOT)
        targets.append(Target(name, process, f"http://127.0.0.1:{port}/slack/events"))
    return targets


async def orchestrate(
    targets: list[Target],
    fake: FakeSlackProcess,
    workdir: Path,
    database: Path,
    votes: int,
    warmup: int,
    concurrencies: list[int],
    rounds_wanted: int,
    pin: bool,
) -> None:
    bot = targets[0]
    for target in targets:
        await wait_healthy(target.url.replace("/slack/events", "/healthz"), target.process)
        if pin:  # its main thread only: threads and children it already has stay on CPU 1
            os.sched_setaffinity(target.process.pid, {0})
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"{votes} votes a run, warm-up {warmup}, {rounds_wanted} rounds; "
        f"{os.cpu_count()} CPUs, load average {load}"
        + ("; pinned: targets' main threads on CPU 0, all else on CPU 1" if pin else ""),
        flush=True,
    )
    async with aiohttp.ClientSession() as session:
        for concurrency in concurrencies:
            rounds: list[dict[str, dict[str, Any]]] = []
            for number in range(1, rounds_wanted + 1):
                results: dict[str, dict[str, Any]] = {}
                for target in targets:
                    results[target.name] = await measure(
                        session,
                        target,
                        fake,
                        database,
                        workdir,
                        votes,
                        warmup,
                        concurrency,
                        bot,
                        f"r{number}",
                    )
                report(f"C={concurrency}, round {number}", results, bot.process.pid)
                rounds.append(results)
            summarize(concurrency, rounds)


async def measure(
    session: aiohttp.ClientSession,
    target: Target,
    fake: FakeSlackProcess,
    database: Path,
    workdir: Path,
    votes: int,
    warmup: int,
    concurrency: int,
    bot: Target,
    run: str,
) -> dict[str, Any]:
    """A warm-up run, then the measured run, against one target; `run` makes this round's
    polls and voters new."""
    response_base = f"http://127.0.0.1:{fake.port}/response/"
    is_bot = target is bot
    label = f"{re.sub(r'[^a-z]', '', target.name)[:12]}{concurrency}{run}"
    for phase, count in (("w", warmup), ("m", votes)):
        poll_id, ts = (
            await new_poll(session, bot, fake, f"{label}{phase}") if is_bot else (1, "1.000001")
        )
        bodies_file = workdir / f"{label}{phase}.json"
        bodies_file.write_text(
            json.dumps(vote_bodies(poll_id, ts, count, f"{label}{phase}", response_base))
        )
        before = await fake.stats(session)
        cpu_before = cpu_seconds(target.process.pid)
        fake_cpu_before = cpu_seconds(fake.process.pid)
        load = await asyncio.to_thread(run_load, target.url, bodies_file, concurrency)
        if is_bot:
            load["drain_s"] = await final_tally(session, fake, ts, count)
        if is_bot or REFERENCES[target.name][1]:
            load["confirmations"] = await confirmations(session, fake, before, count)
        load["cpu_ms_per_vote"] = 1000 * (cpu_seconds(target.process.pid) - cpu_before) / count
        load["fake_cpu_ms_per_vote"] = (
            1000 * (cpu_seconds(fake.process.pid) - fake_cpu_before) / count
        )
        if not is_bot:
            continue
        load["lost"] = count - stored_votes(database, poll_id)
        after = await fake.stats(session)
        updates = after["counts"].get("chat.update", 0) - before["counts"].get("chat.update", 0)
        load["updates_per_1000"] = 1000 * updates / count
    return load


def report(title: str, results: dict[str, dict[str, Any]], bot_pid: int) -> None:
    bot = results["bot"]
    print(f"\n{title}")
    print(
        f"  {'target':<24}{'votes/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'CPU ms/vote':>13}{'fake CPU':>10}{'client CPU':>12}{'answered':>10}  statuses"
    )
    for name, run in results.items():
        print(
            f"  {name:<24}{run['per_second']:>9.0f}{run['p50_ms']:>9.1f}{run['p99_ms']:>9.1f}"
            f"{run['cpu_ms_per_vote']:>13.2f}{run['fake_cpu_ms_per_vote']:>10.2f}"
            f"{run['client_cpu_share']:>11.0%}{run.get('confirmations', '-'):>10}"
            f"  {run['statuses']}"
        )
    print(
        f"  bot: lost votes {bot['lost']}, confirmations {bot['confirmations']}, "
        f"chat.update per 1,000 votes {bot['updates_per_1000']:.1f}, "
        f"final tally {bot['drain_s']:.2f} s after the last ack, "
        f"peak RSS {' + '.join(f'{mb:.0f}' for mb in peak_rss_mb(bot_pid))} MB (bot + courier)"
    )
    for name, run in results.items():
        if name != "bot":
            print(f"  ratio bot / {name}: {bot['per_second'] / run['per_second']:.2f}")


def summarize(concurrency: int, rounds: list[dict[str, dict[str, Any]]]) -> None:
    """Medians over the rounds: each target's votes/s and p99, and the bot's ratio to each
    reference app (taken round by round, so both sides of a ratio ran minutes apart at most)."""
    print(f"\nC={concurrency}, median of {len(rounds)} rounds (range)")
    for name in rounds[0]:
        rates = [results[name]["per_second"] for results in rounds]
        p99s = [results[name]["p99_ms"] for results in rounds]
        print(
            f"  {name:<24}{statistics.median(rates):>7.0f} votes/s ({min(rates):.0f}–"
            f"{max(rates):.0f}), p99 {statistics.median(p99s):.1f} ms "
            f"({min(p99s):.1f}–{max(p99s):.1f})"
        )
    for name in rounds[0]:
        if name == "bot":
            continue
        ratios = [results["bot"]["per_second"] / results[name]["per_second"] for results in rounds]
        print(
            f"  ratio bot / {name}: {statistics.median(ratios):.2f} "
            f"({min(ratios):.2f}–{max(ratios):.2f})"
        )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "bare":
        serve_bare(int(sys.argv[2]), sys.argv[3], sys.argv[4])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "load":
        bodies = json.loads(Path(sys.argv[3]).read_text())
        print(json.dumps(asyncio.run(generate_load(sys.argv[2], bodies, int(sys.argv[4])))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--votes", type=int, default=20_000)
    parser.add_argument("--warmup", type=int, default=2_000)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--rounds", type=int, default=3, help="runs of every target, in turn")
    parser.add_argument(
        "--pin",
        action="store_true",
        help="diagnostic: each target's main thread alone on CPU 0; the fake Slack, the load "
        "generator and the bot's courier and SQLite thread on CPU 1",
    )
    args = parser.parse_args()
    if args.pin and (os.cpu_count() or 1) < 2:
        parser.error("--pin needs two CPUs")
    with tempfile.TemporaryDirectory(prefix="bench-slack-") as scratch:
        run_all(Path(scratch), args.votes, args.warmup, args.concurrency, args.rounds, args.pin)


def run_all(
    workdir: Path, votes: int, warmup: int, concurrencies: list[int], rounds: int, pin: bool
) -> None:
    """Start every process, measure, and stop them all whatever happens. With `pin`, every
    process starts on CPU 1 and each target's main thread moves to CPU 0 once it serves."""
    database = workdir / "bench.db"
    if pin:
        os.sched_setaffinity(0, {1})
    fake = FakeSlackProcess()
    processes = [fake.process]
    try:
        targets = start_targets(fake, workdir, database)
        processes += [target.process for target in targets]
        asyncio.run(
            orchestrate(targets, fake, workdir, database, votes, warmup, concurrencies, rounds, pin)
        )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
