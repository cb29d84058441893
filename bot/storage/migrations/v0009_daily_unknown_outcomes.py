"""Whether a takeaway counted as shown may not be in the channel: its post's connection
dropped, so nobody knows whether the platform posted it.

A scheduled post says so in its day's claim (`error` starting "outcome unknown: "), but
`/daily now` claims no day, so its dropped post left no trace and `/daily status` showed it
as a plain last post. The flag goes on the rotation row, which both kinds of post confirm,
so status reads it in one place. Posts recorded before this migration keep what their claim
said. Additive only.
"""

from bot.storage.migrations import Migration

MIGRATION = Migration(
    version=9,
    name="daily_unknown_outcomes",
    statements=(
        "ALTER TABLE daily_rotation ADD COLUMN outcome_unknown INTEGER NOT NULL DEFAULT 0 "
        "CHECK (outcome_unknown IN (0, 1))",
        """UPDATE daily_rotation SET outcome_unknown = 1 WHERE EXISTS (
            SELECT 1 FROM daily_claims c
            JOIN daily_subscriptions s ON s.id = c.subscription_id
            WHERE s.platform = daily_rotation.platform
            AND s.workspace = daily_rotation.workspace
            AND s.channel_id = daily_rotation.channel_id
            AND c.cycle = daily_rotation.cycle AND c.takeaway_id = daily_rotation.takeaway_id
            AND c.error LIKE 'outcome unknown: %'
        )""",
    ),
)
