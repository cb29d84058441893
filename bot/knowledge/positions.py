"""Where each value sits in a pack file, so every problem can name its file and line.

Both the reader (which records lines) and the validators (which report at them)
need this, so it lives below both of them instead of in either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PathKey = str | int
YamlPath = tuple[PathKey, ...]


@dataclass
class Doc:
    """One parsed YAML file plus where each value sits in it."""

    file: Path
    data: Any
    lines: dict[YamlPath, int] = field(default_factory=dict)
    key_lines: dict[YamlPath, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Loc:
    """A position inside a document, resolvable to the closest known line."""

    doc: Doc
    path: YamlPath

    def at(self, key: PathKey) -> Loc:
        """The position of a child value, which may or may not exist in the file."""
        return Loc(self.doc, (*self.path, key))

    @property
    def line(self) -> int | None:
        """Line of the value, or of its nearest existing parent when the value is missing."""
        path = self.path
        while path:
            if path in self.doc.lines:
                return self.doc.lines[path]
            path = path[:-1]
        return self.doc.lines.get((), None)

    @property
    def key_line(self) -> int | None:
        """Line of the key; differs from :attr:`line` when a mapping value starts below its key."""
        return self.doc.key_lines.get(self.path) or self.line

    def where(self) -> str:
        """Short ``file:line`` used inside messages that point at a second place."""
        line = self.line
        return f"{self.doc.file.name}:{line}" if line else self.doc.file.name
