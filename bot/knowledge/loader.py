"""Load and validate a knowledge pack folder.

Packs are hand-written YAML, so the loader's main job is to tell a curator
exactly what is wrong and where (``file:line: message``), all at once, instead
of failing on the first typo.  It never returns a half-valid pack: either every
check passes or :class:`PackError` is raised with every problem found.

This module only orchestrates: :mod:`bot.knowledge.yaml_source` reads and
merges the files, :mod:`bot.knowledge.evidence` reads the source document the
points are traced to, :mod:`bot.knowledge.validate` checks them and builds the pack.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from bot.knowledge.evidence import read_source
from bot.knowledge.fields import Checker
from bot.knowledge.model import Pack
from bot.knowledge.problems import PackError, PackProblem
from bot.knowledge.validate import build_pack
from bot.knowledge.yaml_source import find_pack_files, merge_docs, read_doc

__all__ = ["PackError", "PackProblem", "default_pack_dir", "load_pack"]

PACK_NAME = "baker-vs-gin"


def load_pack(folder: Path) -> Pack:
    """Load a pack folder, or raise :class:`PackError` listing every problem found."""
    folder = Path(folder)
    if not folder.exists():
        raise PackError([PackProblem(folder, None, "pack folder does not exist")])
    if not folder.is_dir():
        hint = f": name the folder that holds it, {folder.parent}" if folder.is_file() else ""
        raise PackError([PackProblem(folder, None, f"pack path is not a folder{hint}")])
    checker = Checker()
    files = find_pack_files(folder, checker)
    if not files or checker.problems:
        # A points.yml left out leaves every speaker pointless and every link dangling: the
        # file to rename, alone, is what the curator needs to see.
        raise PackError(checker.problems)
    docs = [doc for doc in (read_doc(f, checker) for f in files) if doc is not None]
    if len(docs) < len(files):
        # A file that is not readable YAML (a broken quote, say) makes every later check
        # fail too; its own error, alone, is what the curator needs to see.
        raise PackError(checker.problems)
    merged = merge_docs(folder, docs, checker)
    text = read_source(folder, checker)
    pack = build_pack(merged, text, checker) if docs else None
    if checker.problems or pack is None:
        # Sorted so problems read top to bottom per file, whichever check found them.
        problems = sorted(checker.problems, key=lambda p: (str(p.file), p.line or 0))
        raise PackError(problems or [PackProblem(folder, None, "pack could not be loaded")])
    return pack


def default_pack_dir() -> Path:
    """Prefer the checkout copy so pack edits need no reinstall; else use the wheel copy."""
    checkout = Path(__file__).resolve().parents[2] / "knowledge" / PACK_NAME
    if checkout.is_dir():
        return checkout
    return Path(str(importlib.resources.files("bot") / "packs" / PACK_NAME))
