"""Who and where: users and channels by platform ids, and per-channel rotation cursors."""

from __future__ import annotations

from bot.core.context import ChannelRef, UserRef
from bot.storage.database import Database, Executor


class Directory:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def touch_user(self, user: UserRef, display_name: str, now: float) -> None:
        """Record a user (or refresh the display name we show; identity is never the name)."""
        async with self._db.transaction() as tx:
            await upsert_user(tx, user, display_name, now)

    async def touch_channel(self, channel: ChannelRef, now: float) -> None:
        async with self._db.transaction() as tx:
            await ensure_channel(tx, channel, now)

    async def display_name(self, user: UserRef) -> str | None:
        return await self._db.fetchval(
            "SELECT display_name FROM users WHERE platform = ? AND workspace = ? AND user_id = ?",
            user.platform,
            user.workspace,
            user.user,
        )

    async def advance_rotation(self, channel: ChannelRef, name: str, size: int, now: float) -> int:
        """The next index (0..size-1) of rotation `name` in `channel`, advanced atomically."""
        if size <= 0:
            raise ValueError("a rotation needs at least one item")
        async with self._db.transaction() as tx:
            await ensure_channel(tx, channel, now)
            await tx.execute(
                "INSERT INTO rotation_cursors (platform, workspace, channel_id, name, position) "
                "VALUES (?, ?, ?, ?, 0) ON CONFLICT (platform, workspace, channel_id, name) "
                "DO UPDATE SET position = rotation_cursors.position + 1",
                *_channel_key(channel),
                name,
            )
            position = await tx.fetchval(
                "SELECT position FROM rotation_cursors "
                "WHERE platform = ? AND workspace = ? AND channel_id = ? AND name = ?",
                *_channel_key(channel),
                name,
            )
        return int(position) % size


def _channel_key(channel: ChannelRef) -> tuple[str, str, str]:
    return (channel.platform, channel.workspace, channel.channel)


async def upsert_user(tx: Executor, user: UserRef, display_name: str, now: float) -> None:
    """Insert or refresh a user inside the caller's transaction (votes do this per voter)."""
    await tx.execute(
        "INSERT INTO users (platform, workspace, user_id, display_name, first_seen, last_seen) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, workspace, user_id) "
        "DO UPDATE SET display_name = excluded.display_name, last_seen = excluded.last_seen",
        user.platform,
        user.workspace,
        user.user,
        display_name,
        now,
        now,
    )


async def ensure_channel(tx: Executor, channel: ChannelRef, now: float) -> None:
    """Make sure the channel row exists inside the caller's transaction."""
    await tx.execute(
        "INSERT INTO channels (platform, workspace, channel_id, first_seen) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (platform, workspace, channel_id) DO NOTHING",
        *_channel_key(channel),
        now,
    )
