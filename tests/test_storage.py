"""Storage contract: migrations and the directory behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import asyncpg
import pytest
from asyncpg.types import ServerVersion

from bot.core.context import ChannelRef, UserRef
from bot.storage.bulk import MAX_PARAMETERS, insert_statements
from bot.storage.database import Database
from bot.storage.directory import Directory, ensure_channel, upsert_users
from bot.storage.migrate import migrate, schema_version, unknown_entries
from bot.storage.migrations import Migration, all_migrations
from bot.storage.postgres import _combined, check_server_version
from tests.conftest import POSTGRES_URL, drop_postgres_schema, open_postgres_schema


async def test_migrations_are_versioned_and_idempotent(database: Database) -> None:
    latest = all_migrations()[-1].version
    assert await schema_version(database) == latest
    assert await migrate(database) == []
    assert await schema_version(database) == latest


async def test_a_new_migration_is_applied_once_even_when_raced(database: Database) -> None:
    extra = Migration(
        version=all_migrations()[-1].version + 1,
        name="probe",
        statements=("CREATE TABLE probe (id {serial_key}, at {real} NOT NULL)",),
    )
    migrations = (*all_migrations(), extra)
    results = await asyncio.gather(migrate(database, migrations), migrate(database, migrations))
    assert sorted(results) == [[], [extra.version]]
    await database.execute("INSERT INTO probe (at) VALUES (?)", 1.5)
    assert await database.fetchval("SELECT at FROM probe") == 1.5


async def test_failed_transaction_rolls_back(database: Database) -> None:
    async with database.transaction() as tx:
        await ensure_channel(tx, ChannelRef("console", "local", "general"), 1.0)
    try:
        async with database.transaction() as tx:
            await tx.execute(
                "UPDATE channels SET first_seen = ? WHERE channel_id = ?", 99.0, "general"
            )
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert await database.fetchval("SELECT first_seen FROM channels") == 1.0


async def test_execute_all_runs_statements_in_order(database: Database) -> None:
    insert = (
        "INSERT INTO channels (platform, workspace, channel_id, first_seen) VALUES (?, ?, ?, ?)"
    )
    async with database.transaction() as tx:
        await tx.execute_all(
            [
                (insert, ["slack", "T1", "C1", 1.0]),
                ("UPDATE channels SET first_seen = ? WHERE channel_id = ?", [2.0, "C1"]),
                ("UPDATE channels SET first_seen = first_seen * 10 WHERE channel_id = ?", ["C1"]),
            ]
        )
    await database.execute_all(
        [
            (insert, ["slack", "T1", "C2", 3.0]),
            ("UPDATE channels SET first_seen = first_seen + 1 WHERE channel_id = ?", ["C2"]),
        ]
    )
    rows = await database.fetchall("SELECT channel_id, first_seen FROM channels ORDER BY 1")
    assert [tuple(row) for row in rows] == [("C1", 20.0), ("C2", 4.0)]


async def test_execute_all_failing_midway_rolls_the_transaction_back(database: Database) -> None:
    insert = (
        "INSERT INTO channels (platform, workspace, channel_id, first_seen) VALUES (?, ?, ?, ?)"
    )
    orphan = (
        "INSERT INTO rotation_cursors (platform, workspace, channel_id, name, position) "
        "VALUES (?, ?, ?, ?, ?)"
    )
    with pytest.raises(Exception, match=r"(?i)foreign key"):
        async with database.transaction() as tx:
            await tx.execute_all(
                [
                    (insert, ["slack", "T1", "C1", 1.0]),
                    (orphan, ["slack", "T1", "missing", "takeaway", 0]),  # no such channel
                    (insert, ["slack", "T1", "C2", 1.0]),
                ]
            )
    assert await database.fetchval("SELECT COUNT(*) FROM channels") == 0
    async with database.transaction() as tx:  # the connection is still usable
        await tx.execute_all([(insert, ["slack", "T1", "C3", 1.0])])
    assert await database.fetchval("SELECT COUNT(*) FROM channels") == 1


async def test_users_are_keyed_by_platform_ids_not_names(database: Database) -> None:
    alice_slack = UserRef("slack", "T1", "U1")
    alice_discord = UserRef("discord", "G1", "U1")
    for user, name, at in (
        (alice_slack, "alice", 1.0),
        (alice_discord, "alice", 1.0),
        (alice_slack, "Alice Renamed", 2.0),
    ):
        async with database.transaction() as tx:
            await upsert_users(tx, [(user, name)], at)
    assert [(u[0], u[3]) for u in await users_table(database)] == [
        ("discord", "alice"),
        ("slack", "Alice Renamed"),
    ]


async def users_table(database: Database) -> list[tuple[str, str, str, str, float, float]]:
    rows = await database.fetchall(
        "SELECT platform, workspace, user_id, display_name, first_seen, last_seen FROM users "
        "ORDER BY platform, workspace, user_id"
    )
    return [(p, w, u, name, float(first), float(last)) for p, w, u, name, first, last in rows]


async def test_upsert_users_inserts_new_users_and_refreshes_known_ones(
    database: Database,
) -> None:
    known, new = UserRef("slack", "T1", "U1"), UserRef("slack", "T1", "U2")
    other_workspace = UserRef("slack", "T2", "U1")
    async with database.transaction() as tx:
        await upsert_users(tx, [(known, "old name")], 1.0)
    async with database.transaction() as tx:
        await upsert_users(tx, [(new, "new"), (known, "new name"), (other_workspace, "o")], 2.0)
    assert await users_table(database) == [
        ("slack", "T1", "U1", "new name", 1.0, 2.0),  # first seen kept, name and last seen not
        ("slack", "T1", "U2", "new", 2.0, 2.0),
        ("slack", "T2", "U1", "o", 2.0, 2.0),
    ]
    async with database.transaction() as tx:
        await upsert_users(tx, [], 3.0)
    assert len(await users_table(database)) == 3


async def test_upsert_users_takes_the_later_name_of_a_user_listed_twice(
    database: Database,
) -> None:
    """PostgreSQL refuses an ON CONFLICT DO UPDATE reaching one row twice in a statement."""
    bob = UserRef("discord", "G1", "B")
    async with database.transaction() as tx:
        await upsert_users(tx, [(bob, "Bob"), (UserRef("discord", "G1", "C"), "Cy")], 1.0)
        await upsert_users(tx, [(bob, "Bobby"), (bob, "Robert"), (bob, "Rob")], 2.0)
    assert await database.fetchval("SELECT display_name FROM users WHERE user_id = ?", "B") == "Rob"
    assert await database.fetchval("SELECT COUNT(*) FROM users") == 2


async def test_upsert_users_splits_batches_beyond_the_parameter_limits(
    database: Database,
) -> None:
    """6,000 users are 36,000 parameters: more than SQLite's default 32,766 and PostgreSQL's
    32,767 allow in one statement."""
    count = 6_000
    assert count * 6 > 32_767 and count > MAX_PARAMETERS // 6
    users = [(UserRef("slack", "T1", f"U{n:05d}"), f"user {n}") for n in range(count)]
    async with database.transaction() as tx:
        await upsert_users(tx, users, 1.0)
        await upsert_users(tx, [(user, f"{name}!") for user, name in users[::2]], 2.0)
    rows = await users_table(database)
    assert len(rows) == count
    assert rows[0] == ("slack", "T1", "U00000", "user 0!", 1.0, 2.0)
    assert rows[-1] == ("slack", "T1", f"U{count - 1:05d}", f"user {count - 1}", 1.0, 1.0)
    assert sum(1 for row in rows if row[5] == 2.0) == count // 2


async def test_rotation_is_per_channel_and_wraps(database: Database) -> None:
    directory = Directory(database)
    general = ChannelRef("console", "local", "general")
    random = ChannelRef("console", "local", "random")
    seen = [await directory.advance_rotation(general, "takeaway", 3, 1.0) for _ in range(4)]
    assert seen == [0, 1, 2, 0]
    assert await directory.advance_rotation(random, "takeaway", 3, 1.0) == 0


async def test_concurrent_rotation_hands_out_each_position_once(database: Database) -> None:
    directory = Directory(database)
    channel = ChannelRef("console", "local", "general")
    positions = await asyncio.gather(
        *(directory.advance_rotation(channel, "n", 1000, 1.0) for _ in range(50))
    )
    assert sorted(positions) == list(range(50))


async def test_database_time_is_epoch_seconds(database: Database) -> None:
    import time

    assert abs(await database.now() - time.time()) < 5


def test_postgres_placeholders_are_numbered_without_limit() -> None:
    from bot.storage.postgres import _numbered

    sql = "INSERT INTO t VALUES " + ", ".join(["(?)"] * 12_000)
    numbered = _numbered(sql)
    assert "$1)" in numbered and "$12000)" in numbered and "?" not in numbered


async def test_a_failed_commit_leaves_the_connection_usable(database: Database) -> None:
    """A deferred constraint fails at COMMIT itself; the next transaction must still work."""
    await database.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
    await database.execute(
        "CREATE TABLE child "
        "(parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)"
    )
    with pytest.raises(Exception, match=r"(?i)foreign key"):
        async with database.transaction() as tx:
            await tx.execute("INSERT INTO child (parent_id) VALUES (?)", 42)
    async with database.transaction() as tx:
        await tx.execute("INSERT INTO parent (id) VALUES (?)", 42)
        await tx.execute("INSERT INTO child (parent_id) VALUES (?)", 42)
    assert await database.fetchval("SELECT COUNT(*) FROM child") == 1


def test_a_postgresql_server_older_than_12_is_refused_by_name() -> None:
    """plan_cache_mode and ANALYZE (SKIP_LOCKED) are PostgreSQL 12's: an 11 would fail at
    the first vote batch, on an unknown setting, instead of at start-up."""
    with pytest.raises(ValueError, match=r"PostgreSQL 12 or later is needed; .* is 11\.22"):
        check_server_version(ServerVersion(11, 22, 0, "final", 0))
    check_server_version(ServerVersion(12, 0, 0, "final", 0))
    check_server_version(ServerVersion(17, 2, 0, "final", 0))


def test_bundled_migrations_are_numbered_without_gaps() -> None:
    """Numbers are checked, not trusted: a gap would let a lower number apply late."""
    assert [m.version for m in all_migrations()] == list(range(1, len(all_migrations()) + 1))


async def test_postgresql_plans_only_the_value_dependent_read_for_its_values() -> None:
    """Custom plans forced on every pooled connection re-planned the foreign-key check of
    every inserted row: a batch of 98 votes took 9.8 ms instead of 4.7. The pool keeps
    PostgreSQL's default; only `fetchall_for_values` (the vote batch's read, whose generic
    plan grew tenfold with the table) is planned for its values, and only while it runs."""
    db, schema = await open_postgres_schema()
    try:
        pooled = await asyncio.gather(*(db.fetchval("SHOW plan_cache_mode") for _ in range(4)))
        async with db.transaction() as tx:
            during = await tx.fetchall_for_values("SHOW plan_cache_mode")
            after = await tx.fetchval("SHOW plan_cache_mode")
        alone = await db.fetchall_for_values("SHOW plan_cache_mode")
    finally:
        await db.close()
        await drop_postgres_schema(schema)
    assert set(pooled) == {"auto"}
    assert [tuple(row) for row in during] == [("force_custom_plan",)]
    assert after == "auto"
    assert [tuple(row) for row in alone] == [("force_custom_plan",)]


CHANNEL_INSERT = (
    "INSERT INTO channels (platform, workspace, channel_id, first_seen) VALUES (?, ?, ?, ?)"
)
CURSOR_INSERT = (
    "INSERT INTO rotation_cursors (platform, workspace, channel_id, name, position) "
    "VALUES (?, ?, ?, ?, ?)"
)


async def test_a_postgresql_connection_goes_back_to_the_pool_without_a_round_trip() -> None:
    """asyncpg's default reset (`... RESET ALL`) was one more round trip after every
    statement and transaction; the pool now sends nothing when a connection comes back, so
    the last statement the server saw on it is still the bot's own. Nothing needed it: the
    bot's settings are `SET LOCAL`, gone with their transaction."""
    db, schema = await open_postgres_schema()
    watcher = await asyncpg.connect(POSTGRES_URL)
    try:
        pid = await db.fetchval("SELECT pg_backend_pid()")
        last = await watcher.fetchval("SELECT query FROM pg_stat_activity WHERE pid = $1", pid)
        async with db.transaction() as tx:
            await tx.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        after = await db.fetchval("SHOW plan_cache_mode")
    finally:
        await watcher.close()
        await db.close()
        await drop_postgres_schema(schema)
    assert last == "SELECT pg_backend_pid()"
    assert after == "auto"


async def test_refreshed_statistics_are_the_planner_s_on_postgresql(database: Database) -> None:
    await database.execute("CREATE TABLE grown (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
    await database.execute_all(
        insert_statements("INSERT INTO grown (id, name)", [(n, f"n{n}") for n in range(300)])
    )
    await database.refresh_statistics(["grown"])
    if database.dialect == "postgresql":
        analysed = await database.fetchval(
            "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relid = CAST('grown' AS regclass)"
        )
        assert analysed is True
    else:  # SQLite plans without statistics, so it keeps none
        tables = "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'sqlite_stat%'"
        assert await database.fetchval(tables) == 0
    assert await database.fetchval("SELECT COUNT(*) FROM grown") == 300


async def test_execute_together_writes_parents_children_and_more_than_one_statement_s_worth(
    database: Database,
) -> None:
    """A vote batch's shape: a parent row, then a child row needing it, other tables, and
    more parameters than one PostgreSQL statement may carry (32,767), which must then be
    split, not refused."""
    many = [("slack", "T1", f"M{n}", 1.0) for n in range(9_000)]  # 36,000 parameters
    async with database.transaction() as tx:
        await tx.execute_together(
            [
                (CHANNEL_INSERT, ["slack", "T1", "C1", 1.0]),
                (CURSOR_INSERT, ["slack", "T1", "C1", "takeaway", 3]),
                *insert_statements(
                    "INSERT INTO channels (platform, workspace, channel_id, first_seen)", many
                ),
            ]
        )
    assert await database.fetchval("SELECT COUNT(*) FROM channels") == 9_001
    assert await database.fetchval("SELECT position FROM rotation_cursors") == 3


async def test_execute_together_failing_writes_nothing(database: Database) -> None:
    with pytest.raises(Exception, match=r"(?i)foreign key"):
        async with database.transaction() as tx:
            await tx.execute_together(
                [
                    (CHANNEL_INSERT, ["slack", "T1", "C1", 1.0]),
                    (CURSOR_INSERT, ["slack", "T1", "missing", "takeaway", 0]),
                ]
            )
    assert await database.fetchval("SELECT COUNT(*) FROM channels") == 0


def test_independent_writes_are_combined_within_the_parameter_limit() -> None:
    """One statement per 32,767 parameters at most, in order; a lone one unchanged."""
    lone = ("UPDATE polls SET tally_version = tally_version + 1 WHERE id IN (?)", [7])
    assert _combined([lone]) == [lone]
    statements = [(f"INSERT INTO t{n} VALUES (?)", [n] * 9_999) for n in range(7)]
    combined = _combined(statements)
    assert [len(params) for _, params in combined] == [29_997, 29_997, 9_999]
    assert combined[0][0] == (
        "WITH w1 AS (INSERT INTO t0 VALUES (?)), w2 AS (INSERT INTO t1 VALUES (?)), "
        "w3 AS (INSERT INTO t2 VALUES (?)) SELECT 1"
    )
    assert [value for _, params in combined for value in params] == [
        value for _, params in statements for value in params
    ]


async def test_a_database_of_the_release_that_numbered_instances_5_is_upgraded(
    empty_database: Database,
) -> None:
    """Main at 3412f39 shipped `instances` as migration 5 and `poll_rounds` as 6 (since
    renumbered 4 and 5). Its database used to stop every later bot at start-up: "duplicate
    column name: tally_version". Now it is brought up to date, its polls kept."""
    now = all_migrations()
    released = (*now[:3], replace(now[3], version=5), replace(now[4], version=6))
    assert [(m.version, m.name) for m in released[3:]] == [(5, "instances"), (6, "poll_rounds")]
    await migrate(empty_database, released)
    channel = ChannelRef("slack", "T1", "C1")
    async with empty_database.transaction() as tx:
        await ensure_channel(tx, channel, 1.0)
    ledger = "SELECT version, name FROM schema_migrations ORDER BY version"
    assert unknown_entries(await empty_database.fetchall(ledger)) == []
    assert await migrate(empty_database) == [m.version for m in now[5:]]
    assert [tuple(row) for row in await empty_database.fetchall(ledger)] == [
        (m.version, m.name) for m in now
    ]
    assert await empty_database.fetchval("SELECT COUNT(*) FROM channels") == 1


async def test_only_a_connection_error_out_of_the_storage_layer_is_the_database_away(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command's ConnectionResetError from Slack's API (aiohttp's errors are OSErrors)
    was taken for a database outage: logged once as the database's, then at DEBUG."""

    def elsewhere() -> None:
        raise ConnectionResetError("Slack's API hung up")

    with pytest.raises(ConnectionResetError) as outside:
        elsewhere()
    assert not database.unreachable(outside.value)
    wrapped = RuntimeError("could not post")
    wrapped.__cause__ = outside.value
    assert not database.unreachable(wrapped)

    async def refused(*_: object) -> None:
        raise ConnectionResetError("the database hung up")

    monkeypatch.setattr(database, "fetchval", refused)
    with pytest.raises(ConnectionResetError) as through:
        await database.now()  # the storage layer's own method, on its way out
    assert database.unreachable(through.value)
