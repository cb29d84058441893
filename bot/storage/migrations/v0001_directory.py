"""Users and channels, keyed by platform ids; per-channel rotation cursors."""

from bot.storage.migrations import Migration

MIGRATION = Migration(
    version=1,
    name="directory",
    statements=(
        """CREATE TABLE users (
            platform TEXT NOT NULL,
            workspace TEXT NOT NULL,
            user_id TEXT NOT NULL,
            display_name TEXT NOT NULL,
            first_seen {real} NOT NULL,
            last_seen {real} NOT NULL,
            PRIMARY KEY (platform, workspace, user_id)
        )""",
        """CREATE TABLE channels (
            platform TEXT NOT NULL,
            workspace TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            first_seen {real} NOT NULL,
            PRIMARY KEY (platform, workspace, channel_id)
        )""",
        """CREATE TABLE rotation_cursors (
            platform TEXT NOT NULL,
            workspace TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            name TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (platform, workspace, channel_id, name),
            FOREIGN KEY (platform, workspace, channel_id)
                REFERENCES channels (platform, workspace, channel_id) ON DELETE CASCADE
        )""",
    ),
)
