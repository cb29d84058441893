"""Message refs the bot stored, read back per platform on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

from bot.core.context import ChannelRef, UserRef
from bot.daily.store import DailyStore
from bot.polls.model import PollDraft
from bot.polls.store import PollStore
from bot.storage.database import Database
from bot.storage.message_refs import stored_message_refs

CONSOLE = ChannelRef("console", "local", "general")
SLACK = ChannelRef("slack", "T1", "C1")


async def test_poll_messages_and_daily_posts_of_one_platform_are_listed(
    database: Database,
) -> None:
    """The console numbers on from these, so each feature's stored refs must be among them."""
    polls = PollStore(database)
    for channel, refs in ((CONSOLE, ("m1", "m7")), (SLACK, ("1700000000.000100",))):
        creator = UserRef(channel.platform, channel.workspace, "U1")
        poll_id = await polls.create(
            channel, creator, "Ann", PollDraft.custom("Tea?", "A | B"), 1.0
        )
        for ref in refs:
            await polls.attach_message(poll_id, channel, ref, 2.0)
    daily = DailyStore(database)
    subscription = await daily.subscribe(CONSOLE, time(9, 30), ZoneInfo("UTC"), "U1", 1.0)
    for day, ref in ((date(2026, 3, 2), "m12"), (date(2026, 3, 3), None)):
        claim = await daily.claim(subscription, day, ("one", "two"), 3.0)
        assert claim is not None
        await daily.mark_posted(claim, ref, 4.0)
    assert sorted(await stored_message_refs(database, "console")) == ["m1", "m12", "m7"]
    assert await stored_message_refs(database, "slack") == ["1700000000.000100"]
    assert await stored_message_refs(database, "discord") == []
