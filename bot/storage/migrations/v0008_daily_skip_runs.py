"""The first day of the latest run of skipped daily posts, beside its last (`skipped_date`).

`/daily status` showed only the latest skipped day, so a three-day outage read as one missed
post. A run is consecutive days that no post was claimed for, since the schedule started or
the last claimed day: a post that goes out ends it. Its length follows from its two ends, so
one nullable column (local date, ISO, like `skipped_date`) is enough. A skip recorded before
this migration is taken as a run of one day, all that was known of it. Additive only.
"""

from bot.storage.migrations import Migration

MIGRATION = Migration(
    version=8,
    name="daily_skip_runs",
    statements=(
        "ALTER TABLE daily_subscriptions ADD COLUMN skipped_from TEXT",
        "UPDATE daily_subscriptions SET skipped_from = skipped_date",
    ),
)
