"""Polls, their options and votes, the messages showing them, and vote delivery keys.

Exactly-once voting is the schema's job, not the code's: `poll_votes` has one row per
(poll, voter, slot), where `slot` is 0 for single-choice polls (so a voter can hold one
choice at most) and the option number for multi-choice polls (one row per option chosen).
The CHECK ties the two together, so no bug above can store a second single choice.
"""

from bot.storage.migrations import Migration

MIGRATION = Migration(
    version=2,
    name="polls",
    statements=(
        """CREATE TABLE polls (
            id {serial_key},
            platform TEXT NOT NULL,
            workspace TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            creator_id TEXT NOT NULL,
            question TEXT NOT NULL,
            multi INTEGER NOT NULL CHECK (multi IN (0, 1)),
            anonymous INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
            hide_results INTEGER NOT NULL CHECK (hide_results IN (0, 1)),
            created_at {real} NOT NULL,
            closes_at {real},
            closed_at {real},
            FOREIGN KEY (platform, workspace, channel_id)
                REFERENCES channels (platform, workspace, channel_id),
            FOREIGN KEY (platform, workspace, creator_id)
                REFERENCES users (platform, workspace, user_id)
        )""",
        "CREATE INDEX polls_by_channel ON polls (platform, workspace, channel_id, id)",
        "CREATE INDEX polls_by_deadline ON polls (closes_at) WHERE closed_at IS NULL",
        """CREATE TABLE poll_options (
            poll_id BIGINT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
            number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 10),
            label TEXT NOT NULL,
            speaker TEXT,
            PRIMARY KEY (poll_id, number)
        )""",
        """CREATE TABLE poll_votes (
            poll_id BIGINT NOT NULL,
            platform TEXT NOT NULL,
            workspace TEXT NOT NULL,
            voter_id TEXT NOT NULL,
            slot INTEGER NOT NULL,
            option_number INTEGER NOT NULL,
            voted_at {real} NOT NULL,
            PRIMARY KEY (poll_id, platform, workspace, voter_id, slot),
            CHECK (slot = 0 OR slot = option_number),
            FOREIGN KEY (poll_id, option_number)
                REFERENCES poll_options (poll_id, number) ON DELETE CASCADE,
            FOREIGN KEY (platform, workspace, voter_id)
                REFERENCES users (platform, workspace, user_id)
        )""",
        "CREATE INDEX poll_votes_by_option ON poll_votes (poll_id, option_number)",
        """CREATE TABLE poll_messages (
            poll_id BIGINT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
            platform TEXT NOT NULL,
            workspace TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            message_ref TEXT NOT NULL,
            attached_at {real} NOT NULL,
            PRIMARY KEY (poll_id, platform, workspace, channel_id, message_ref)
        )""",
        """CREATE TABLE poll_vote_keys (
            platform TEXT NOT NULL,
            delivery_key TEXT NOT NULL,
            poll_id BIGINT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
            received_at {real} NOT NULL,
            PRIMARY KEY (platform, delivery_key)
        )""",
        "CREATE INDEX poll_vote_keys_by_age ON poll_vote_keys (received_at)",
    ),
)
