"""Who and where: users and channels by platform ids, and per-channel rotation cursors.

Votes, polls and schedules record their users and channels with `upsert_users` and
`ensure_channel` inside their own transactions, so a row is never written alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.context import ChannelRef, UserRef
from bot.storage.bulk import insert_statements
from bot.storage.database import Database, Executor, Statement


class Directory:
    """Per-channel rotations (the `/takeaway` cursor), and names learnt late."""

    def __init__(self, db: Database) -> None:
        self._db = db

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

    async def rename(self, user: UserRef, name: str) -> None:
        """Record the name a platform shows for `user`, learnt after the request that
        recorded them (Slack's payloads carry only a legacy username; see
        `bot/adapters/slack/context.py`). A user not yet recorded is left unrecorded."""
        await self._db.execute(
            "UPDATE users SET display_name = ? "
            "WHERE platform = ? AND workspace = ? AND user_id = ?",
            name,
            user.platform,
            user.workspace,
            user.user,
        )


def _channel_key(channel: ChannelRef) -> tuple[str, str, str]:
    return (channel.platform, channel.workspace, channel.channel)


async def upsert_users(
    tx: Executor, users: Sequence[tuple[UserRef, str]], now: float, *, provisional: bool = False
) -> None:
    """Run `user_statements` (see there) inside the caller's transaction."""
    await tx.execute_all(user_statements(users, now, provisional=provisional))


def user_statements(
    users: Sequence[tuple[UserRef, str]], now: float, *, provisional: bool = False
) -> list[Statement]:
    """Insert or refresh many users, in one statement a chunk.

    A group commit of votes records every voter at once, so this is one round trip where a
    statement per user cost most of a vote's database time. PostgreSQL refuses an
    `ON CONFLICT DO UPDATE` that reaches one row twice, so a user listed twice is written
    once, with the later name. Rows go in key order, so two transactions upserting the same
    users lock them in the same order and cannot deadlock.

    `provisional` names (`Context.provisional_name`: Slack's legacy usernames) name only new
    rows: a recorded name may be one an instance learnt from the platform, which an
    instance that has not learnt it yet must not put back to the username.
    """
    latest = {user: name for user, name in users}
    rows = sorted((u.platform, u.workspace, u.user, name, now, now) for u, name in latest.items())
    return insert_statements(
        "INSERT INTO users (platform, workspace, user_id, display_name, first_seen, last_seen)",
        rows,
        "ON CONFLICT (platform, workspace, user_id) DO UPDATE SET "
        + ("" if provisional else "display_name = excluded.display_name, ")
        + "last_seen = excluded.last_seen",
    )


async def ensure_channel(tx: Executor, channel: ChannelRef, now: float) -> None:
    """Make sure the channel row exists inside the caller's transaction."""
    await tx.execute(
        "INSERT INTO channels (platform, workspace, channel_id, first_seen) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (platform, workspace, channel_id) DO NOTHING",
        *_channel_key(channel),
        now,
    )


async def lock_channel(db: Database, tx: Executor, channel: ChannelRef) -> None:
    """Hold the channel's row until the caller's transaction ends, so what it decides from
    the channel's other rows (a daily rotation, whether a poll is asked already) cannot be
    decided at once by another transaction, on any instance. SQLite's write transaction
    already excludes every other writer. The row must exist (`ensure_channel`)."""
    await tx.fetchone(
        "SELECT 1 FROM channels WHERE platform = ? AND workspace = ? AND channel_id = ?"
        + db.lock_suffix,
        *_channel_key(channel),
    )
