"""The message refs the bot keeps, whichever feature stored them (poll messages, daily posts).

A platform names its messages itself; the console does not, so it numbers them m1, m2, …
and must go on from the highest ref an earlier run stored on the same database: a live edit
of an old poll would otherwise land on, and be reported as, a new message of the same name.
"""

from __future__ import annotations

from bot.storage.database import Database


async def stored_message_refs(db: Database, platform: str) -> list[str]:
    """Every message ref the database holds for `platform`, in no particular order."""
    rows = await db.fetchall(
        "SELECT message_ref FROM poll_messages WHERE platform = ? "
        "UNION SELECT c.message_ref FROM daily_claims c "
        "JOIN daily_subscriptions s ON s.id = c.subscription_id "
        "WHERE s.platform = ? AND c.message_ref IS NOT NULL",
        platform,
        platform,
    )
    return [row[0] for row in rows]
