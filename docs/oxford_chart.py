"""Draw docs/oxford-chart.png from a real two-round poll: the scenario the end-to-end tests
play (tests/oxford_scenario.py), run through PollService on a throwaway SQLite database.

    .venv/bin/python docs/oxford_chart.py [--output PATH]   (- for standard output)
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.clock import ManualClock  # noqa: E402
from bot.core.context import Context  # noqa: E402
from bot.knowledge import load_pack  # noqa: E402
from bot.polls.model import PollDraft  # noqa: E402
from bot.polls.rounds import Arguments  # noqa: E402
from bot.polls.service import PollService  # noqa: E402
from bot.storage.factory import open_database  # noqa: E402
from tests.oxford_scenario import ROUND_1, ROUND_2  # noqa: E402


async def chart() -> bytes:
    """The results chart of the scenario's poll, once both rounds are closed."""
    pack = load_pack(ROOT / "knowledge" / "baker-vs-gin")
    clock = ManualClock(1_800_000_000.0)
    with tempfile.TemporaryDirectory() as folder:
        db = await open_database(f"sqlite:///{folder}/bot.db")
        colours = {s.id: s.colour_hex for s in pack.speakers}
        polls = PollService(db, clock, colours, Arguments.from_pack(pack))

        def user(name: str) -> Context:
            return Context("console", "", "general", name, name, False, clock)

        reply = await polls.create(user("host"), PollDraft.from_pack(pack.poll, rounds=2))
        assert reply.poll_id is not None
        for voter, option in ROUND_1.items():
            await polls.vote(user(voter), reply.poll_id, option)
        await polls.close(user("host"), reply.poll_id)
        clock.advance(60)  # round 2 runs a minute: a close at once reads as a double press
        offered: dict[str, list[str]] = {}
        for kind, voter, value in ROUND_2:
            if kind == "vote":
                answer = await polls.vote(user(voter), reply.poll_id, value)
                offered[voter] = [b.action_id.rsplit(":", 1)[1] for b in answer.buttons()]
            else:
                await polls.pick(user(voter), reply.poll_id, offered[voter][value - 1], key=None)
        await polls.close(user("host"), reply.poll_id)
        results = await polls.results(user("host"), reply.poll_id)
        await polls.stop()
        await db.close()
    [image] = results.images()
    return image.data


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(ROOT / "docs" / "oxford-chart.png"))
    out = parser.parse_args().output
    png = asyncio.run(chart())
    if out == "-":
        sys.stdout.buffer.write(png)
    else:
        Path(out).write_bytes(png)
        print(f"wrote {out}")
