"""When each voter last took a vote back: the double-click rule's memory of retractions.

A click on the option of the voter's previous effective click (recorded or retracted) in
the same slot, within `REPEAT_CLICK_WINDOW`, is a double click: counted once. `poll_votes`
holds the time of a recorded click; a retraction deletes its row, so its time is kept here,
in the database, because several bot instances share it and a restart must not forget it.

One row per (poll, voter, slot), keyed like `poll_votes`: the option taken back and when. It
matters only while that slot stays empty and only for seconds, so a row is never read once
the slot is filled again, is replaced by the slot's next retraction, and is pruned with the
delivery keys. Additive only: existing polls simply have no retraction on record.
"""

from bot.storage.migrations import Migration

MIGRATION = Migration(
    version=6,
    name="poll_retractions",
    statements=(
        """CREATE TABLE poll_retractions (
            poll_id BIGINT NOT NULL,
            platform TEXT NOT NULL,
            workspace TEXT NOT NULL,
            voter_id TEXT NOT NULL,
            slot INTEGER NOT NULL,
            option_number INTEGER NOT NULL,
            retracted_at {real} NOT NULL,
            PRIMARY KEY (poll_id, platform, workspace, voter_id, slot),
            CHECK (slot = 0 OR slot = option_number),
            FOREIGN KEY (poll_id, option_number)
                REFERENCES poll_options (poll_id, number) ON DELETE CASCADE,
            FOREIGN KEY (platform, workspace, voter_id)
                REFERENCES users (platform, workspace, user_id)
        )""",
        "CREATE INDEX poll_retractions_by_age ON poll_retractions (retracted_at)",
    ),
)
