"""The README is a newcomer's manual: short, the quick start first, one way to call the CLI,
every setting in its table; the benchmark notebook lives in bench/README.md."""

from __future__ import annotations

import re
import subprocess
import sys

from bot.app import declared_registry
from bot.commands.help import command_card
from bot.config import Settings
from bot.core.dispatch import convert_options
from bot.core.grammar import parse_arguments
from bot.core.replies import Text
from bot.knowledge import default_pack_dir, load_pack
from bot.polls.model import REPEAT_CLICK_WINDOW
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
FLOWING = " ".join(README.split())
SECTIONS = re.findall(r"^## (.+)$", README, re.MULTILINE)
#: The commands of the bundled pack, as `make run` serves them.
REGISTRY = declared_registry(Settings(), load_pack(default_pack_dir()))
#: What a command line shows where the reader fills something in: `<poll:N>`, `[n:N]`,
#: `"…"`, `/close N`.
_PLACEHOLDER = re.compile(r"[<\[…]|\bN\b")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4}


def section(title: str) -> str:
    return README.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


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
    table = section("Configuration")
    for name in Settings.__dataclass_fields__:
        assert f"`{name.upper()}`" in table, name


def test_every_setting_is_explained_in_the_env_example() -> None:
    """The README sends people to `.env.example` to learn what each setting means."""
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    for name in Settings.__dataclass_fields__:
        assert re.search(rf"^{name.upper()}=", example, re.MULTILINE), name


def test_every_command_and_option_is_in_the_commands_table() -> None:
    """A command or option added to the registry and not to the manual is one nobody finds
    outside /help; a choice (`/daily on`) is written as its word."""
    table = section("Commands")
    for command in REGISTRY:
        assert f"`/{command.name}" in table, command.name
        for option in command.options:
            if option.choices:
                for choice in option.choices:
                    written = (f"`/{command.name} {choice.value}", f"`{choice.value}`")
                    assert any(w in table for w in written), (command.name, choice.value)
            else:
                assert f"{option.name}:" in table, (command.name, option.name)


def test_every_command_line_the_readme_shows_is_read_as_written() -> None:
    """Each command line in the README with its options written out (no placeholder left to
    fill; a bare `/vote` names the command) is one a reader can paste: it is read without a
    refusal, and the line it says is the same, is."""
    lines = [
        line
        for line in re.findall(r"`(/[a-z_]+ [^`]+)`", README)
        if REGISTRY.get(line[1:].split()[0]) is not None and not _PLACEHOLDER.search(line)
    ]
    assert len(lines) >= 5, lines

    def read(line: str) -> dict[str, object]:
        name, _, text = line[1:].partition(" ")
        command = REGISTRY.get(name)
        assert command is not None, line
        return dict(convert_options(command, parse_arguments(command, text)))

    for line in lines:
        read(line)
    same = re.findall(r"`(/[^`]+)` is `(/[^`]+)`", FLOWING)
    assert same
    for typed, named in same:
        assert read(typed) == read(named), typed


def test_what_help_shows_for_one_command_is_as_the_readme_says() -> None:
    """`/help <command>`: options, their types and limits, examples; a number the README
    gives them is the number every command's help shows."""
    claim = re.search(r"`/help <command>` shows ([^.]+)\.", FLOWING)
    assert claim and "examples" in claim.group(1)
    counted = re.search(r"(\w+) examples", claim.group(1))
    wanted = _NUMBER_WORDS.get(counted.group(1)) if counted else None
    for command in REGISTRY:
        card = command_card(command)
        shown = "\n".join(b.text for b in card.blocks if isinstance(b, Text))
        examples = shown.split("Examples:\n", 1)[1].splitlines() if "Examples:" in shown else []
        assert examples, command.name
        assert wanted is None or len(examples) == wanted, (command.name, examples)
        for option in command.options:
            assert option.kind() in card.fallback(), (command.name, option.name)


def test_the_double_click_window_is_explained() -> None:
    assert f"within {REPEAT_CLICK_WINDOW:g} seconds" in FLOWING
    assert "clicked twice within 2 s: counted once; click again to take your vote back" in FLOWING


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
