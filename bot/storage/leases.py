"""Named leases in the database: one holder at a time across every bot instance.

A lease is taken by an upsert that succeeds only when the row is free, expired (its holder
died or hung) or already ours, so two instances racing for it get one winner on SQLite and
PostgreSQL alike, and a dead holder blocks the work at most `ttl` seconds. Times are the
database's clock, the one every instance shares. The holder renews while it works and
releases when done; a release may carry a condition, checked in the same statement, so
"release only if nothing is left to do" cannot miss work another instance just recorded.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from bot.storage.database import Database


@dataclass(frozen=True, slots=True)
class Claim:
    """The outcome of `Leases.claim`, with the database time it was decided at."""

    held: bool
    now: float
    #: When the current holder's lease runs out (ours if `held`).
    expires_at: float
    #: When the holder last marked the guarded work as done (`Leases.mark`); 0 if never.
    marked_at: float


class Leases:
    """Leases taken in the name of one holder (this process, or one part of it)."""

    def __init__(self, db: Database, holder: str | None = None) -> None:
        self.db = db
        self.holder = holder or uuid.uuid4().hex

    async def claim(self, name: str, ttl: float) -> Claim:
        """Take or renew `name` for `ttl` seconds if it is free, expired or ours."""
        now = self.db.now_sql
        row = await self.db.fetchone(
            "INSERT INTO leases (name, holder, expires_at, marked_at) "
            f"VALUES (?, ?, {now} + ?, 0) "
            "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
            "expires_at = excluded.expires_at WHERE leases.holder IS NULL "
            f"OR leases.holder = excluded.holder OR leases.expires_at < {now} "
            f"RETURNING expires_at, marked_at, {now}",
            name,
            self.holder,
            ttl,
        )
        if row is not None:
            return Claim(True, float(row[2]), float(row[0]), float(row[1]))
        other = await self.db.fetchone(
            f"SELECT expires_at, marked_at, {now} FROM leases WHERE name = ?", name
        )
        if other is None:  # released and gone between the two statements: try again later
            return Claim(False, 0.0, 0.0, 0.0)
        return Claim(False, float(other[2]), float(other[0]), float(other[1]))

    async def mark(self, name: str) -> None:
        """Record that the guarded work happened now (e.g. an edit started)."""
        await self.db.execute(
            f"UPDATE leases SET marked_at = {self.db.now_sql} WHERE name = ? AND holder = ?",
            name,
            self.holder,
        )

    async def release(self, name: str, unless: str = "", *params: Any) -> bool:
        """Give `name` up, unless the SQL condition `unless` (with `params`) holds; True if
        released. The condition is checked in the releasing statement itself."""
        guard = f" AND NOT ({unless})" if unless else ""
        changed = await self.db.execute(
            f"UPDATE leases SET holder = NULL WHERE name = ? AND holder = ?{guard}",
            name,
            self.holder,
            *params,
        )
        return changed == 1
