"""The errors a curator sees when a pack does not load.

Kept apart from reading and validation so callers (the CLI, the app) can catch
:class:`PackError` without importing any of the YAML machinery.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PackProblem:
    """One thing a curator must fix; ``line`` is 1-based, or None when no line applies."""

    file: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class PackError(Exception):
    """Raised with every problem of a pack so they can all be fixed in one pass."""

    def __init__(self, problems: Sequence[PackProblem]) -> None:
        self.problems: list[PackProblem] = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
