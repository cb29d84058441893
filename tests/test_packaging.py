"""Packaging: the wheel must carry every subpackage and the bundled knowledge packs."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_bot_subpackage_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "bot").rglob("__init__.py")
    }
    assert found <= listed, f"add to pyproject [tool.setuptools] packages: {sorted(found - listed)}"
    assert config["package-dir"]["bot.packs"] == "knowledge"
    packs = [p for p in (ROOT / "knowledge").iterdir() if p.is_dir()]
    assert packs and all(any(p.glob("*.yaml")) for p in packs)
