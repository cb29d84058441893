"""Benchmark: instructions per vote, counted by valgrind's callgrind, for one bot instance,
two instances and the bare Bolt app of bench_slack, under the same load.

    python -m bench.bench_instructions                  # 1,000 votes, C=100, ~3 minutes
    python -m bench.bench_instructions --votes 500 --warmup 100

bench_slack's votes/s and CPU ms per vote move by up to 2x between runs on a shared 2-core
machine, because the machine's speed does; the instructions a process executes for the same
work vary far less (four runs here: 1 instance ÷ bare 0.97–1.02). So a change to the bot's
cost per vote, and how it compares with the bare app's, is read here; throughput and latency
in bench_slack. Less so for the bots on a busy machine: idle under callgrind, one still runs
~640,000 instructions a second of wall-clock time (its timers and periodic loops), so a run
that other load stretches counts more a vote (up to 4% between runs of one code, thirteenth
session). Compare codes interleaved, and a small change's cost in isolation.

Each target process runs under `valgrind --tool=callgrind` with instrumentation off, so
start-up and the warm-up run are not counted. `callgrind_control` switches it on just before
the measured run's first vote and off once every confirmation (and for the bots the final
edit) has arrived and the database has been read back; the counts are then summed over the
target's processes and divided by the votes. Not counted: PostgreSQL's own work
(bench_slack reports its CPU apart), the kernel's, and what cache misses cost. Under
valgrind a target runs tens of times slower, so no speed is reported.

Under valgrind every target runs saturated, so it batches as one does at full load: two
instances commit votes in batches of ~50 here, of 31-35 at full speed (bench/README.md,
sixth session). Their 2 / 1 ratio therefore leaves out most of what smaller batches cost
at partial load; bench_slack's CPU figures include it.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from bench.bench_slack import BARE, measure, running_targets

CALLGRIND = ["valgrind", "--quiet", "--tool=callgrind", "--instr-atstart=no", "--dump-instr=no"]
#: Seconds a target may take to start (or stop) under valgrind.
STARTUP = 600


def control(pids: list[int], *action: str) -> None:
    """Send one `callgrind_control` action to each process."""
    for pid in pids:
        subprocess.run(["callgrind_control", *action, str(pid)], check=True, capture_output=True)


def counted(out: Path, pid: int, within: float = 120) -> int:
    """The instructions in the process's requested dump (`<name>.<pid>.1`), once written."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        for path in out.glob(f"*.{pid}.1"):
            totals = [line for line in path.read_text().splitlines() if line.startswith("totals:")]
            if totals:
                return int(totals[0].split()[1])
        time.sleep(0.2)  # polling a file another process writes: nothing to wait on
    raise RuntimeError(f"no callgrind dump from process {pid}")


async def run(workdir: Path, votes: int, warmup: int, concurrency: int) -> None:
    out = workdir / "callgrind"
    out.mkdir()

    def under_callgrind(name: str) -> list[str]:
        return [*CALLGRIND, f"--callgrind-out-file={out / name}.%p"]

    per_vote: dict[str, float] = {}
    async with (
        running_targets(workdir, under_callgrind, STARTUP) as (fake, targets),
        aiohttp.ClientSession() as session,
    ):
        print(f"{votes} votes, warm-up {warmup}, C={concurrency}, under callgrind", flush=True)
        print(f"  {'target':26} {'instructions/vote':>18} {'answered':>9} {'lost':>5} exact")
        for target in targets:
            pids = [process.pid for process in target.processes]

            def start(pids: list[int] = pids) -> None:
                control(pids, "--zero")
                control(pids, "--instr=on")

            result = await measure(
                session, target, fake, workdir, votes, warmup, concurrency, "i", start
            )
            control(pids, "--instr=off")
            control(pids, "--dump")
            dumps = [await asyncio.to_thread(counted, out, pid) for pid in pids]
            per_vote[target.name] = sum(dumps) / votes
            lost, exact = result.get("lost", "-"), result.get("exact", "-")
            print(
                f"  {target.name:26} {per_vote[target.name]:>18,.0f}"
                f" {result['confirmations']:>9} {lost:>5} {exact}",
                flush=True,
            )
    one, two, bare = per_vote["1 instance"], per_vote["2 instances"], per_vote[BARE]
    print(f"  instructions per vote, 1 instance / bare Bolt + confirmation: {one / bare:.3f}")
    print(
        f"  instructions per vote, 2 instances / 1 instance: {two / one:.3f} "
        "(both saturated; bench_slack checks the CPU target)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--votes", type=int, default=1_000)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=100)
    args = parser.parse_args()
    missing = [tool for tool in ("valgrind", "callgrind_control") if shutil.which(tool) is None]
    if missing:
        sys.exit(
            f"{' and '.join(missing)} not found: install valgrind (Debian: apt install valgrind)"
        )
    with tempfile.TemporaryDirectory(prefix="bench-instructions-") as scratch:
        asyncio.run(run(Path(scratch), args.votes, args.warmup, args.concurrency))


if __name__ == "__main__":
    main()
