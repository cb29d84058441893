"""Multi-row statements: one round trip for many rows, within every backend's limits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.storage.database import Executor, Statement

#: Bound parameters one statement may carry: well under SQLite's 32,766 and PostgreSQL's
#: 32,767, so a statement stays a size both parse quickly.
MAX_PARAMETERS = 9_999


async def insert_many(
    tx: Executor, head: str, rows: Sequence[tuple[Any, ...]], tail: str = ""
) -> None:
    """Run `insert_statements` (see there)."""
    await tx.execute_all(insert_statements(head, rows, tail))


def insert_statements(
    head: str, rows: Sequence[tuple[Any, ...]], tail: str = ""
) -> list[Statement]:
    """`head VALUES (...), (...), ... tail` over as few statements as `MAX_PARAMETERS` allows.

    One round trip instead of one per row. With a `tail` of `ON CONFLICT ... DO UPDATE`, the
    caller makes sure no two rows share a key (PostgreSQL refuses that).
    """
    if not rows:
        return []
    width = len(rows[0])
    per_statement = MAX_PARAMETERS // width
    row = f"({', '.join('?' * width)})"
    statements: list[Statement] = []
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        params = [value for item in chunk for value in item]
        statements.append(
            (f"{head} VALUES {', '.join([row] * len(chunk))} {tail}".rstrip(), params)
        )
    return statements
