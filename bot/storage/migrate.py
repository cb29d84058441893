"""Apply pending migrations, safely even when two bot instances start at once."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from bot.storage.database import Database, Executor
from bot.storage.migrations import Migration, all_migrations

log = logging.getLogger(__name__)

_CREATE_LEDGER = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at {real} NOT NULL
)"""

#: Migrations once released under other numbers, as (old version, name, version now): main
#: at 83e188f and 3412f39 shipped `instances` as 5 and `poll_rounds` as 6, and 42977c5
#: renumbered them 4 and 5. A database those releases made still records the old numbers,
#: which a later bot read as "4 not applied, 5 and 6 done": it applied `instances` again
#: (refused: "duplicate column name: tally_version") and would have skipped 5 and 6 for
#: good. In this order, so that each new number is free when it is taken.
RENUMBERED: tuple[tuple[int, str, int], ...] = ((5, "instances", 4), (6, "poll_rounds", 5))


async def migrate(db: Database, migrations: tuple[Migration, ...] | None = None) -> list[int]:
    """Apply every migration newer than the database; returns the versions applied.

    A ledger of an old release is renumbered first (`RENUMBERED`). Each migration runs in
    its own transaction together with its ledger row, so a crash leaves the schema at a
    whole version. Everything, the ledger's own creation included,
    happens under the migration lock (PostgreSQL's advisory lock; SQLite's write lock,
    taken by `BEGIN IMMEDIATE`), so any number of instances may start at once: each
    migration is applied once, and no two starters create the ledger side by side
    (PostgreSQL's `CREATE TABLE IF NOT EXISTS` is not safe against that race).
    """
    async with db.transaction() as tx:
        await _lock(db, tx)
        await tx.execute(db.ddl(_CREATE_LEDGER))
        for old, name, version in RENUMBERED:
            await tx.execute(
                "UPDATE schema_migrations SET version = ? WHERE version = ? AND name = ?",
                version,
                old,
                name,
            )
    migrations = migrations or all_migrations()
    applied: list[Migration] = []
    try:
        for migration in migrations:
            if await _apply(db, migration):
                log.debug("applied migration %04d %s", migration.version, migration.name)
                applied.append(migration)
    finally:  # a failing migration still lets the log say which ones before it applied
        if applied:
            log.info("%s", _summary(applied, every=len(applied) == len(migrations)))
    return [migration.version for migration in applied]


async def _apply(db: Database, migration: Migration) -> bool:
    """Apply `migration` with its ledger row in one transaction; False if already done."""
    async with db.transaction() as tx:
        await _lock(db, tx)
        done = await tx.fetchval(
            "SELECT 1 FROM schema_migrations WHERE version = ?", migration.version
        )
        if done:
            return False
        for statement in migration.statements:
            await tx.execute(db.ddl(statement))
        await tx.execute(
            f"INSERT INTO schema_migrations (version, name, applied_at) "
            f"VALUES (?, ?, {db.now_sql})",
            migration.version,
            migration.name,
        )
    return True


def _summary(applied: list[Migration], *, every: bool) -> str:
    """One line for what a start applied. A fresh database got one line per migration
    (12 before a newcomer's first prompt); an upgrade still names each one it applied."""
    if every:
        first, last = applied[0].version, applied[-1].version
        return f"created the bot's tables: migrations {first:04d}-{last:04d} applied"
    names = ", ".join(f"{migration.version:04d} {migration.name}" for migration in applied)
    return f"applied {len(applied)} migration{'s' if len(applied) > 1 else ''}: {names}"


def unknown_entries(entries: Iterable[tuple[int, str]]) -> list[str]:
    """Ledger entries (version, name) that no migration of this version of the bot made, as
    `version name`: a database that has them is another program's, or a newer bot's. The
    old numbers of `RENUMBERED` migrations are this bot's: `migrate` brings them up to date."""
    known = {(migration.version, migration.name) for migration in all_migrations()}
    known |= {(old, name) for old, name, _ in RENUMBERED}
    return [f"{version} {name}" for version, name in entries if (version, name) not in known]


async def _lock(db: Database, tx: Executor) -> None:
    """Hold the migration lock until the transaction ends."""
    if db.migration_lock_sql:
        await tx.execute(db.migration_lock_sql)


async def schema_version(db: Database) -> int:
    return int(await db.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") or 0)
