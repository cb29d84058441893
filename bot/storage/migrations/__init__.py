"""Versioned schema migrations, applied in order at start-up.

Each migration lives in its own module `vNNNN_<what>.py` exporting `MIGRATION`. Statements
are portable SQL with dialect words in braces (`{serial_key}`, `{real}`), filled by
`Database.ddl`. A released migration is never edited: add a new one.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


def all_migrations() -> tuple[Migration, ...]:
    """Every `vNNNN_*` module's migration, by version; a duplicate version is a bug.

    Gaps are tolerated: the ledger records each version applied, so a number reserved for a
    migration landing on another branch (v0004, v0005) is applied whenever it arrives.
    """
    found = tuple(
        sorted(
            (
                importlib.import_module(f"{__name__}.{module.name}").MIGRATION
                for module in pkgutil.iter_modules(__path__)
                if module.name.startswith("v")
            ),
            key=lambda m: m.version,
        )
    )
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions) or (versions and versions[0] != 1):
        raise RuntimeError(f"migration versions must be unique from 1 up, got {versions}")
    return found
