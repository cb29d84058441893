"""Deadline announcements waiting in the database to be made: the first attempt, and one
refused for a passing reason to be tried again.

Until this release they waited in the memory of the sweeper that closed the poll: a restart
or a deploy in the half hour of their retries (or, with several instances, the stop of the
one that swept) lost the announcement silently, the poll closed with no result said in its
channel and nobody told; and so did a stop between the close and its first post. A row is
the next attempt (`attempt`: 1, written by the close in its own transaction; 2, 3 or 4,
retries) at one poll's announcement of one kind (`closed`, `round_two`), due at `due_at`
(the database's clock, or an injected one). Whichever instance's sweeper deletes the row
owns that attempt (`DELETE … RETURNING`), so an attempt is made at most once across
instances and restarts.
Additive only: nothing waited in the database before.
"""

from bot.storage.migrations import Migration

MIGRATION = Migration(
    version=13,
    name="poll_announcement_retries",
    statements=(
        """CREATE TABLE poll_announcement_retries (
            poll_id BIGINT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('closed', 'round_two')),
            attempt INTEGER NOT NULL CHECK (attempt >= 1),
            due_at {real} NOT NULL,
            PRIMARY KEY (poll_id, kind)
        )""",
        "CREATE INDEX poll_announcement_retries_by_due ON poll_announcement_retries (due_at)",
    ),
)
