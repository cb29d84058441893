"""Benchmark: N votes from N distinct users on one poll, through the core, at concurrency C.

    python -m bench.bench_votes --votes 5000 --concurrency 100
    python -m bench.bench_votes --votes 5000 --concurrency 500 --database postgresql://root@127.0.0.1/test

Each vote is a button click through the dispatcher (exactly what an adapter calls), group
committed by PollService; the live tally edits one attached message through a counting
outbound. Afterwards the database is read back: every voter must hold exactly the option they
clicked (lost = 0, duplicated = 0). Prints votes/s, p50/p99 latency and edits per 1,000 votes.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg

from bot.app import BotApp, create_app
from bot.clock import SystemClock
from bot.config import Settings
from bot.core.context import ChannelRef, Context
from bot.core.replies import Reply
from bot.polls.model import PollDraft
from bot.polls.render import vote_action

PLATFORM = "bench"
OPTIONS = 4


class CountingOutbound:
    """Stands in for a chat platform: counts the live tally's edits."""

    platform = PLATFORM

    def __init__(self) -> None:
        self.edits = 0
        self.last: Reply | None = None

    async def post(self, channel: ChannelRef, reply: Reply) -> str:
        return "m1"

    async def edit(self, channel: ChannelRef, message_ref: str, reply: Reply) -> None:
        self.edits += 1
        self.last = reply


def voter(number: int, clock: SystemClock) -> Context:
    """A voter clicking on the poll's message `m1` (a click counts only on its poll's message)."""
    user = f"U{number:07d}"
    return Context(PLATFORM, "W", "C", user, f"user {number}", False, clock, message="m1")


async def run(votes: int, concurrency: int, url: str, interval: float) -> int:
    app = await create_app(Settings(database_url=url, poll_edit_interval=interval))
    outbound = CountingOutbound()
    app.outbounds.add(outbound)
    await app.start()
    try:
        return await _measure(app, outbound, votes, concurrency)
    finally:
        await app.close()


async def _measure(app: BotApp, outbound: CountingOutbound, votes: int, concurrency: int) -> int:
    clock = SystemClock()
    creator = voter(0, clock)
    draft = PollDraft.custom("Benchmark?", " | ".join(f"Option {n}" for n in range(1, OPTIONS + 1)))
    message = await app.polls.create(creator, draft)
    poll_id = message.poll_id
    assert poll_id is not None
    await app.polls.attach_message(poll_id, creator.channel_ref, "m1")
    expected = {f"U{n:07d}": 1 + n % OPTIONS for n in range(1, votes + 1)}
    latencies: list[float] = []
    failures = 0
    queue = iter(range(1, votes + 1))

    async def worker() -> None:
        nonlocal failures
        for n in queue:
            ctx = voter(n, clock)
            started = time.perf_counter()
            reply = await app.dispatcher.click(ctx, vote_action(poll_id, 1 + n % OPTIONS))
            latencies.append(time.perf_counter() - started)
            if "is now" not in reply.text:
                failures += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    await app.live.idle()

    rows = await app.db.fetchall(
        "SELECT voter_id, option_number FROM poll_votes WHERE poll_id = ?", poll_id
    )
    recorded: dict[str, list[int]] = {}
    for voter_id, option in rows:
        recorded.setdefault(voter_id, []).append(int(option))
    lost = sum(1 for v, option in expected.items() if recorded.get(v) != [option])
    duplicated = len(rows) - len(recorded)
    final = (await app.polls.render(poll_id)).fallback()
    in_sync = outbound.last is not None and outbound.last.fallback() == final
    latencies.sort()
    print(f"database        {app.db.dialect}")
    print(f"votes           {votes} from {votes} voters, concurrency {concurrency}")
    print(f"throughput      {votes / elapsed:,.0f} votes/s ({elapsed:.2f} s)")
    print(f"latency p50     {statistics.median(latencies) * 1000:.1f} ms")
    print(f"latency p99     {latencies[int(len(latencies) * 0.99) - 1] * 1000:.1f} ms")
    print(f"lost            {lost}")
    print(f"duplicated      {duplicated}")
    print(f"failed replies  {failures}")
    edit_rate = outbound.edits * 1000 / votes
    in_sync_text = "yes" if in_sync else "NO"
    print(
        f"message edits   {outbound.edits} ({edit_rate:.2f} per 1,000 votes at a "
        f"{app.live.interval:g} s interval); last edit equals the database: {in_sync_text}"
    )
    return 0 if lost == duplicated == failures == 0 and in_sync else 1


async def _with_database(args: argparse.Namespace) -> int:
    """A throw-away database (a temp SQLite file, a fresh PostgreSQL schema) or the one given."""
    if args.database is not None and args.database.startswith("sqlite:///"):
        return await run(args.votes, args.concurrency, args.database, args.interval)
    if args.database is None:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'bench.db'}"
            return await run(args.votes, args.concurrency, url, args.interval)
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(args.database)
    await admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        separator = "&" if urlsplit(args.database).query else "?"
        url = f"{args.database}{separator}search_path={schema}"
        return await run(args.votes, args.concurrency, url, args.interval)
    finally:
        await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--votes", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument(
        "--database",
        help="sqlite:///file or postgresql://... (a fresh schema); default: a temp SQLite file",
    )
    parser.add_argument("--interval", type=float, default=2.0, help="live edit interval, s")
    args = parser.parse_args()
    if args.database is not None and not args.database.startswith(("sqlite:///", "postgres")):
        print("--database takes a sqlite:/// or postgresql:// URL", file=sys.stderr)
        return 2
    return asyncio.run(_with_database(args))


if __name__ == "__main__":
    raise SystemExit(main())
