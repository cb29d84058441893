"""Several bot instances on one database: leases, and versions of what poll messages show.

Additive only. `polls.tally_version` goes up in the same transaction as every change a poll
message shows (a vote added, moved or removed; the poll closing), and
`poll_messages.shown_version` is the version a message was last edited to, set by
compare-and-set after the platform accepted the edit: a message is stale while its shown
version is below its poll's. Existing rows start at 0 and 0 (shown as they are).

`leases` gives one holder at a time a named piece of work across instances, until it
releases it or `expires_at` (database time) passes because the holder died: the editor of a
poll's messages (`poll-edit:<id>`, whose `marked_at` is when its latest edit started, the
global rate limit), and the one click that may start a channel's pack poll.
"""

from bot.storage.migrations import Migration

MIGRATION = Migration(
    version=4,
    name="instances",
    statements=(
        "ALTER TABLE polls ADD COLUMN tally_version BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE poll_messages ADD COLUMN shown_version BIGINT NOT NULL DEFAULT 0",
        """CREATE TABLE leases (
            name TEXT PRIMARY KEY,
            holder TEXT,
            expires_at {real} NOT NULL,
            marked_at {real} NOT NULL
        )""",
    ),
)
