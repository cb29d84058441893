"""Two-round ("Oxford") polls: a before round and an after round on the same poll.

Additive only, so existing polls and their buttons keep working as one-round polls:

- `polls.rounds` is 1 (every existing poll) or 2. `polls.round2_at` is when round 2 opens:
  set at creation for a timed two-round poll, or when its creator ends round 1. The vote path
  decides each vote's round from it (under the poll's row lock), never from a flag flipped
  later, so a vote's round is exact even before the deadline sweep has run.
- `polls.round` is the round the poll's messages show: flipped once (1 -> 2) by whoever
  advances the poll, so exactly one sweeper or closer reports the change.
- `poll_before_votes` mirrors `poll_votes` while round 1 is open and is left alone after:
  it *is* the before snapshot, and `poll_votes` (where round-1 answers stand until changed)
  is the after round. Same key as `poll_votes`, so exactly-once holds per round.
- `poll_point_picks`: which pack argument moved a voter who changed sides; one row per voter
  (the key), replaced when they pick again.
"""

from bot.storage.migrations import Migration

MIGRATION = Migration(
    version=5,
    name="poll_rounds",
    statements=(
        "ALTER TABLE polls ADD COLUMN rounds INTEGER NOT NULL DEFAULT 1 CHECK (rounds IN (1, 2))",
        "ALTER TABLE polls ADD COLUMN round INTEGER NOT NULL DEFAULT 1 CHECK (round IN (1, 2))",
        "ALTER TABLE polls ADD COLUMN round2_at {real}",
        "CREATE INDEX polls_by_round2 ON polls (round2_at) WHERE round = 1",
        """CREATE TABLE poll_before_votes (
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
        """CREATE TABLE poll_point_picks (
            poll_id BIGINT NOT NULL,
            platform TEXT NOT NULL,
            workspace TEXT NOT NULL,
            voter_id TEXT NOT NULL,
            option_number INTEGER NOT NULL,
            point_id TEXT NOT NULL,
            picked_at {real} NOT NULL,
            PRIMARY KEY (poll_id, platform, workspace, voter_id),
            FOREIGN KEY (poll_id, option_number)
                REFERENCES poll_options (poll_id, number) ON DELETE CASCADE,
            FOREIGN KEY (platform, workspace, voter_id)
                REFERENCES users (platform, workspace, user_id)
        )""",
    ),
)
