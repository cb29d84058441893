"""A day's claim is keyed by the zone its local date was read in, as well as the date.

A claim said "this schedule's post of 2026-03-02 is taken" without saying where it was
2026-03-02. After a zone change the date meant another day: Tokyo's Monday post goes out on
Sunday evening in New York, so a schedule switched from Tokyo to New York then found Monday
taken and skipped New York's Monday, which `/daily on` had just promised. With the zone in
the key, each zone's days are its own; `DailyStore` still finds a day's post made under an
earlier zone by its instant, so a zone change never posts twice in one local day.

The key of a table is fixed at creation on SQLite, so the table is rebuilt, its rows copied
with the zone of their schedule (the zone they were claimed in, unless it changed since).
"""

from bot.storage.migrations import Migration

MIGRATION = Migration(
    version=10,
    name="daily_claim_zones",
    statements=(
        """CREATE TABLE daily_claims_by_zone (
            subscription_id INTEGER NOT NULL
                REFERENCES daily_subscriptions (id) ON DELETE CASCADE,
            zone TEXT NOT NULL,
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
            PRIMARY KEY (subscription_id, zone, local_date)
        )""",
        """INSERT INTO daily_claims_by_zone (subscription_id, zone, local_date, cycle,
            takeaway_id, state, attempts, claimed_at, retry_at, finished_at, message_ref, error)
        SELECT c.subscription_id, s.zone, c.local_date, c.cycle, c.takeaway_id, c.state,
            c.attempts, c.claimed_at, c.retry_at, c.finished_at, c.message_ref, c.error
        FROM daily_claims c JOIN daily_subscriptions s ON s.id = c.subscription_id""",
        "DROP TABLE daily_claims",
        "ALTER TABLE daily_claims_by_zone RENAME TO daily_claims",
        "CREATE INDEX daily_claims_by_state ON daily_claims (state, retry_at)",
    ),
)
