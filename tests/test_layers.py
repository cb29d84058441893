"""The layers point one way: adapters and commands sit on the core, never the reverse.

Read from the source (imports as written), so a violation is named with its file and line
before anything runs. The daily scheduler once imported the knowledge *commands* to render a
takeaway; rendering now lives in ``bot.knowledge.cards``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOWER = ("core", "knowledge", "polls", "daily", "storage")
UPPER = ("bot.commands", "bot.adapters", "bot.app", "bot.cli", "discord", "slack_bolt", "slack_sdk")


def imports(file: Path) -> list[tuple[int, str]]:
    tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


@pytest.mark.parametrize("package", LOWER)
def test_the_core_never_imports_commands_adapters_or_platforms(package: str) -> None:
    bad = [
        f"{file.relative_to(ROOT)}:{line}: imports {name}"
        for file in sorted((ROOT / "bot" / package).rglob("*.py"))
        for line, name in imports(file)
        if any(name == upper or name.startswith(f"{upper}.") for upper in UPPER)
    ]
    assert not bad, "\n".join(bad)
