"""Storage contract: migrations and the directory behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from bot.core.context import ChannelRef, UserRef
from bot.storage.database import Database
from bot.storage.directory import Directory
from bot.storage.migrate import migrate, schema_version
from bot.storage.migrations import Migration, all_migrations


async def test_migrations_are_versioned_and_idempotent(database: Database) -> None:
    latest = all_migrations()[-1].version
    assert await schema_version(database) == latest
    assert await migrate(database) == []
    assert await schema_version(database) == latest


async def test_a_new_migration_is_applied_once_even_when_raced(database: Database) -> None:
    extra = Migration(
        version=len(all_migrations()) + 1,
        name="probe",
        statements=("CREATE TABLE probe (id {serial_key}, at {real} NOT NULL)",),
    )
    migrations = (*all_migrations(), extra)
    results = await asyncio.gather(migrate(database, migrations), migrate(database, migrations))
    assert sorted(results) == [[], [extra.version]]
    await database.execute("INSERT INTO probe (at) VALUES (?)", 1.5)
    assert await database.fetchval("SELECT at FROM probe") == 1.5


async def test_failed_transaction_rolls_back(database: Database) -> None:
    channel = ChannelRef("console", "local", "general")
    directory = Directory(database)
    await directory.touch_channel(channel, 1.0)
    try:
        async with database.transaction() as tx:
            await tx.execute(
                "UPDATE channels SET first_seen = ? WHERE channel_id = ?", 99.0, "general"
            )
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert await database.fetchval("SELECT first_seen FROM channels") == 1.0


async def test_users_are_keyed_by_platform_ids_not_names(database: Database) -> None:
    directory = Directory(database)
    alice_slack = UserRef("slack", "T1", "U1")
    alice_discord = UserRef("discord", "G1", "U1")
    await directory.touch_user(alice_slack, "alice", 1.0)
    await directory.touch_user(alice_discord, "alice", 1.0)
    await directory.touch_user(alice_slack, "Alice Renamed", 2.0)
    assert await database.fetchval("SELECT COUNT(*) FROM users") == 2
    assert await directory.display_name(alice_slack) == "Alice Renamed"
    assert await directory.display_name(alice_discord) == "alice"


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
