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
    """Every `vNNNN_*` module's migration, by version: 1, 2, 3, … with no gap or duplicate.

    A gap would let a late-arriving lower number apply after a higher one whose schema it
    predates, so numbering is checked here rather than trusted.
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
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migration versions must be 1, 2, 3, … without gaps, got {versions}")
    return found
