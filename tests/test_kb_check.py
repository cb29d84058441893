"""`python -m bot kb check [DIR]`: validate a pack folder and summarise it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.helpers import FIXTURE_PACKS, ROOT


def kb_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "kb", "check", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_bundled_pack_summary() -> None:
    result = kb_check()
    assert result.returncode == 0, result.stderr
    assert "Pack baker-vs-gin" in result.stdout
    assert "/baker    Gavin Baker (Investor): 6 points" in result.stdout
    assert "/gin      Aaron Gin: 9 points" in result.stdout  # the source gives Gin no role
    analysis = "   article  The article (Analysis): 6 points, the source's own analysis"
    assert analysis in result.stdout
    assert "/article" not in result.stdout
    assert "Points: 21 (6 with a verbatim quote, " in result.stdout
    assert " evidence excerpts found in the source)" in result.stdout
    assert "Glossary: O13, Deep Seek, P30s, TBPN" in result.stdout
    assert "Takeaways: 5" in result.stdout
    assert "reader phrasings for " in result.stdout
    assert "Own intent phrasings: synthesis" in result.stdout


def test_other_folder_summary() -> None:
    result = kb_check(str(FIXTURE_PACKS / "tabs-vs-spaces"))
    assert result.returncode == 0
    assert "/pragmatist" in result.stdout


def test_invalid_folder_lists_problems_with_lines(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text("id: x\ntitle: X\nspeakers: nope\n")
    result = kb_check(str(tmp_path))
    assert result.returncode == 1
    assert f"{tmp_path / 'pack.yaml'}:3:" in result.stderr
    assert result.stdout == ""


def test_the_example_pack_in_docs_packs_md_passes(tmp_path: Path) -> None:
    """docs/packs.md showed points without `keywords:`, which `kb check` requires, and no
    pack.yaml at all: an author following it alone could not write a pack that loads. Its
    example files are written out here exactly as the page shows them."""
    page = (ROOT / "docs" / "packs.md").read_text(encoding="utf-8")
    files = dict(re.findall(r"```\w+ (\S+)\n(.*?)```", page, re.DOTALL))
    assert set(files) == {"source.md", "pack.yaml", "points.yaml"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = kb_check(str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "/zoe      Zoë Ångström (Labour economist): 1 point" in result.stdout
    assert "   article  The article: 1 point, the source's own analysis" in result.stdout
