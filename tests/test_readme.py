"""The README is a newcomer's manual: short, the quick start first, one way to call the CLI,
every setting in its table; the benchmark notebook lives in bench/README.md."""

from __future__ import annotations

import re
import subprocess
import sys

from bot.config import Settings
from bot.polls.model import REPEAT_CLICK_WINDOW
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTIONS = re.findall(r"^## (.+)$", README, re.MULTILINE)


def test_the_readme_stays_short() -> None:
    assert len(README.encode()) <= 12_000


def test_the_newcomer_path_comes_first() -> None:
    assert SECTIONS[0] == "Quick start" and SECTIONS[1] == "Commands"
    order = ["Quick start", "Commands", "Slack app setup", "Discord app setup", "Writing a pack",
             "Configuration", "Architecture"]  # fmt: skip
    assert [s for s in SECTIONS if s in order] == order
    assert "make run" in README and "make test" in README


def test_one_way_to_call_the_cli() -> None:
    assert "python -m bot" not in README and ".venv/bin/python" not in README
    assert ". .venv/bin/activate" in README and "debate-bot" in README


def test_every_setting_is_in_the_configuration_table() -> None:
    table = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    for name in Settings.__dataclass_fields__:
        assert f"`{name.upper()}`" in table, name


def test_the_double_click_window_is_explained() -> None:
    flowing = " ".join(README.split())
    assert f"within {REPEAT_CLICK_WINDOW:g} seconds" in flowing
    assert "clicked twice within 2 s: counted once; click again to take your vote back" in flowing


def test_the_benchmark_notebook_moved_to_bench() -> None:
    bench = (ROOT / "bench" / "README.md").read_text(encoding="utf-8")
    assert "## Slack end to end" in bench and "python -m bench.bench_slack" in bench
    assert "bench_slack" not in README and "bench/README.md" in README


def test_the_readme_chart_can_be_drawn_again() -> None:
    """docs/oxford_chart.py redraws the README's two-round chart from a real poll; it once
    broke unnoticed when a second /close at the same instant became a double press."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "oxford_chart.py"), "--output", "-"],
        capture_output=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert done.stdout.startswith(b"\x89PNG")
