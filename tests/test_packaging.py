"""Packaging: the wheel must carry every subpackage and the bundled knowledge packs."""

from __future__ import annotations

import os
import subprocess
import sys
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


def test_an_installed_wheel_finds_its_bundled_pack(tmp_path: Path) -> None:
    """Outside the checkout, the default pack comes from the wheel's package data."""
    wheels, target = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(ROOT)], check=True)
    [wheel] = wheels.glob("*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)], check=True)
    probe = (
        "import bot, bot.knowledge as k;"
        "print(bot.__file__);"
        "pack = k.load_pack(k.default_pack_dir());"
        "print(pack.id, len(pack.source_text), bool(pack.synonyms), bool(pack.intents),"
        " (k.default_pack_dir() / 'eval.yaml').is_file())"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "PYTHONPATH": str(target)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    location, pack_id, source_chars, synonyms, intents, eval_file = result.stdout.split()
    assert location.startswith(str(target)) and pack_id == "baker-vs-gin"
    assert int(source_chars) > 1000  # source.md ships in the wheel: evidence is checkable
    assert synonyms == intents == eval_file == "True"  # the pack's optional files ship too
