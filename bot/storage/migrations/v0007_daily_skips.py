"""The last day a channel's daily post was skipped, and why, for `/daily status`.

A post that could not go out within `DAILY_GRACE` of its time (the bot, or the platform's
adapter, was down) is never made up, and it left no trace: nothing was claimed. A skip is
not a claim state because `daily_claims.state` has a CHECK constraint, and changing one on
SQLite means rebuilding the table. Two nullable columns on the subscription hold the latest
skip instead (status shows that one): `skipped_date` is the local date (ISO, so it orders as
text) and `skipped_reason` the sentence status shows. Additive only: existing schedules
simply have no skip on record.
"""

from bot.storage.migrations import Migration

MIGRATION = Migration(
    version=7,
    name="daily_skips",
    statements=(
        "ALTER TABLE daily_subscriptions ADD COLUMN skipped_date TEXT",
        "ALTER TABLE daily_subscriptions ADD COLUMN skipped_reason TEXT",
    ),
)
