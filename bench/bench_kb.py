"""Benchmark: knowledge answers for the bundled pack, and the console's first reply.

    python -m bench.bench_kb
    python -m bench.bench_kb --rounds 500 --console-runs 5

Query latency is the whole knowledge answer the commands give: intent recognition, speaker
mentions, the relevance floor, BM25 ranking, rebuts links and the neutral reply's cards
(``Router.answer`` then ``AnswerCards.answer_reply``), for every query of the pack's
``eval.yaml`` asked as its command would ask it. The first round is reported apart: it
builds the typo index (lazily, on the first unknown word) and fills the stemmer's cache.

The console's first reply is measured from starting ``python -m bot console`` (a fresh
interpreter, a fresh SQLite file) to the first line of the answer to ``/baker chips``.
Targets: p99 under 5 ms a query, first console reply under 1 s. Wall-clock figures include
whatever else the machine runs; the CPU-time line shows the cost of the work itself.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.knowledge import Searcher, default_pack_dir, load_pack
from bot.knowledge.cards import AnswerCards
from bot.knowledge.evaluation import Case, load_cases
from bot.knowledge.router import Router
from bot.knowledge.yaml_source import EVAL_FILE

ROOT = Path(__file__).resolve().parents[1]
FIRST_REPLY_MARK = "== Gavin Baker on"


def _ask(router: Router, cards: AnswerCards, case: Case) -> None:
    cards.answer_reply(case.ask(router))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def bench_queries(rounds: int) -> None:
    started = time.perf_counter()
    pack = load_pack(default_pack_dir())
    loaded = time.perf_counter()
    searcher = Searcher(pack)
    indexed = time.perf_counter()
    router, cards = Router(pack, searcher), AnswerCards(pack)
    cases = load_cases(default_pack_dir() / EVAL_FILE, pack)
    first: list[float] = []
    steady: list[float] = []
    cpu: list[float] = []
    for round_number in range(rounds + 1):
        for case in cases:
            start, start_cpu = time.perf_counter_ns(), time.thread_time_ns()
            _ask(router, cards, case)
            elapsed = (time.perf_counter_ns() - start) / 1e6
            (first if round_number == 0 else steady).append(elapsed)
            if round_number:
                cpu.append((time.thread_time_ns() - start_cpu) / 1e6)
    print(f"pack load {1000 * (loaded - started):.1f} ms, index {1000 * (indexed - loaded):.1f} ms")
    print(
        f"first round ({len(first)} queries): p50 {statistics.median(first):.3f} ms, "
        f"max {max(first):.1f} ms (builds the typo index)"
    )
    print(
        f"steady ({len(steady)} queries, {rounds} rounds): "
        f"p50 {statistics.median(steady):.3f} ms, p99 {_percentile(steady, 0.99):.3f} ms, "
        f"max {max(steady):.3f} ms"
    )
    print(
        f"steady, CPU time only (what preemption on a busy machine does not inflate): "
        f"p50 {statistics.median(cpu):.3f} ms, p99 {_percentile(cpu, 0.99):.3f} ms"
    )


def bench_console(runs: int) -> None:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(folder) / 'bot.db'}"}
            for key in ("SLACK_BOT_TOKEN", "DISCORD_TOKEN", "KNOWLEDGE_DIR"):
                env.pop(key, None)
            start = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, "-m", "bot", "console"],
                cwd=folder,
                env={**env, "PYTHONPATH": str(ROOT)},
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            assert process.stdin is not None and process.stdout is not None
            process.stdin.write("/baker chips\n")
            process.stdin.flush()
            for line in process.stdout:
                if line.startswith(FIRST_REPLY_MARK):
                    times.append(time.perf_counter() - start)
                    break
            process.stdin.close()
            process.wait(timeout=30)
    if len(times) < runs:
        raise SystemExit("the console never printed the answer to /baker chips")
    print(
        f"console first reply ({runs} runs): median {1000 * statistics.median(times):.0f} ms, "
        f"max {1000 * max(times):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="steady rounds over the queries")
    parser.add_argument("--console-runs", type=int, default=5, help="console starts to time")
    args = parser.parse_args()
    bench_queries(args.rounds)
    bench_console(args.console_runs)


if __name__ == "__main__":
    main()
