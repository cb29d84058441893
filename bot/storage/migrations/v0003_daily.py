"""Daily takeaways: per-channel schedules, per-day claims and each channel's rotation.

Exactly-once posting is the schema's job: `daily_claims` has one row per (subscription,
local date), so however many bot instances race, one INSERT wins and only its owner posts.
`daily_rotation` holds one row per takeaway handed out in a channel's current cycle (keyed
by takeaway id, so editing the pack never shifts the rotation); its key forbids a repeat
within a cycle.
"""

from bot.storage.migrations import Migration

MIGRATION = Migration(
    version=3,
    name="daily",
    statements=(
        """CREATE TABLE daily_subscriptions (
            id {serial_key},
            platform TEXT NOT NULL,
            workspace TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            at_time TEXT NOT NULL,
            zone TEXT NOT NULL,
            enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
            since {real} NOT NULL,
            changed_by TEXT NOT NULL,
            changed_at {real} NOT NULL,
            paused_reason TEXT,
            paused_at {real},
            UNIQUE (platform, workspace, channel_id),
            FOREIGN KEY (platform, workspace, channel_id)
                REFERENCES channels (platform, workspace, channel_id)
        )""",
        """CREATE TABLE daily_claims (
            subscription_id INTEGER NOT NULL
                REFERENCES daily_subscriptions (id) ON DELETE CASCADE,
            local_date TEXT NOT NULL,
            cycle INTEGER NOT NULL,
            takeaway_id TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('posting', 'retry', 'posted', 'failed')),
            attempts INTEGER NOT NULL,
            claimed_at {real} NOT NULL,
            retry_at {real},
            finished_at {real},
            message_ref TEXT,
            error TEXT,
            PRIMARY KEY (subscription_id, local_date)
        )""",
        "CREATE INDEX daily_claims_by_state ON daily_claims (state, retry_at)",
        """CREATE TABLE daily_rotation (
            platform TEXT NOT NULL,
            workspace TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            cycle INTEGER NOT NULL,
            takeaway_id TEXT NOT NULL,
            reserved_at {real} NOT NULL,
            posted_at {real},
            PRIMARY KEY (platform, workspace, channel_id, cycle, takeaway_id),
            FOREIGN KEY (platform, workspace, channel_id)
                REFERENCES channels (platform, workspace, channel_id) ON DELETE CASCADE
        )""",
    ),
)
