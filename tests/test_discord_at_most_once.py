"""At most once for Discord posts, end to end with the real discord.py client against
FakeDiscord, which drops the connection of a message create before or after it posts the
message (`FakeDiscord.drop`): the bot cannot tell which. discord.py resends a request itself
only after a 5xx, a 429 or a connection reset with errno 54/10054 (BSD's and Windows'
ECONNRESET, not Linux's 104), and aiohttp resends only idempotent methods (GET, PUT), so a
dropped message create reaches the adapter as `ServerDisconnectedError`: reported as an
unknown outcome, said so to whoever asked, and never sent again, neither now nor by the
daily scheduler, nor after a restart.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.discord.respond import ANSWER_LOST
from bot.app import BotApp
from bot.clock import OffsetClock, fast_forward
from bot.commands.daily import UNKNOWN_OUTCOME_STATUS
from bot.core.context import ChannelRef
from tests.discord_fake import ANSWER, EPHEMERAL, MANAGE_GUILD, FakeDiscord
from tests.helpers import morning_clock
from tests.test_discord_database_outages import told_after_a_dropped_answer
from tests.test_discord_e2e import (
    bot_settings,
    channel_posts,
    embed_text,
    message_of,
    running_bot,
)
from tests.test_discord_threads import bot, clock

__all__ = ["bot", "clock"]  # the threads suite's fixtures: the bot on a clock tests move on

ACTED = pytest.mark.parametrize("acted", [True, False], ids=["posted", "never posted"])
UNKNOWN_NOW = (
    "The connection dropped while posting the takeaway: it may or may not be here, and it "
    "is not sent twice."
)
UNKNOWN_LAST_POST = f" ({UNKNOWN_OUTCOME_STATUS})"


async def status_lines(fake: FakeDiscord) -> list[str]:
    """The lines of /daily status, which is answered privately."""
    status = await fake.answer(await fake.command("daily", {"action": "status"}))
    assert message_of(status)["flags"] & EPHEMERAL
    return embed_text(status).splitlines()


def shown(fake: FakeDiscord) -> list[dict[str, Any]]:
    """The messages everyone sees in the channel (not the private answers)."""
    here = str(fake.channel_id)
    return [
        m for m in fake.messages.values() if m["channel_id"] == here and not m["flags"] & EPHEMERAL
    ]


def takeaway(text: str) -> str:
    """The takeaway a daily post shows: its "Takeaway n/N: title" line."""
    return next(line for line in text.splitlines() if line.startswith("Takeaway "))


async def test_daily_now_whose_post_and_answer_both_drop_is_not_told_to_try_again(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """/daily now's post dropped after Discord posted it, and its answer ("it may or may
    not be here") dropped too: the admin read "Please try again", and trying again posted
    the next takeaway beside the first. The notice says it was done."""
    fake.drop("post", acted=True)
    fake.drop(ANSWER, acted=False)
    now = await fake.command("daily", {"action": "now"}, permissions=MANAGE_GUILD)
    assert await told_after_a_dropped_answer(fake, now) == ANSWER_LOST
    assert len(shown(fake)) == 1


@ACTED
async def test_daily_now_whose_post_drops_says_so_and_is_never_resent(
    fake: FakeDiscord, bot: BotApp, clock: OffsetClock, acted: bool
) -> None:
    """Told that it may or may not be there, and so is /daily status later (it showed a plain
    last post); there once if Discord posted it; neither the command nor the scheduler sends
    it again: the next scheduled post is the next takeaway."""
    at = datetime.fromtimestamp(clock.now() + 3600, UTC).strftime("%H:%M")
    on = await fake.command("daily", {"action": "on", "time": at}, permissions=MANAGE_GUILD)
    assert "posted the schedule" in embed_text(await fake.answer(on))
    fake.drop("post", acted=acted)
    now = await fake.command("daily", {"action": "now"}, permissions=MANAGE_GUILD)
    answer = message_of(await fake.answer(now))
    assert answer["flags"] & EPHEMERAL and answer["content"] == UNKNOWN_NOW
    [last] = [line for line in await status_lines(fake) if line.startswith("Last post ")]
    assert last.endswith(UNKNOWN_LAST_POST)
    await fast_forward(clock, [bot.daily], 2 * 3600)  # past the next scheduled post
    _, dropped, scheduled = channel_posts(fake)
    assert dropped.dropped and not scheduled.dropped and scheduled.status == 200
    first, second = takeaway(embed_text(dropped)), takeaway(embed_text(scheduled))
    assert first.startswith("Takeaway 1/") and second.startswith("Takeaway 2/")
    takeaways = [e["title"] for m in shown(fake) for e in m["embeds"] if e.get("title")]
    assert takeaways == ([first, second] if acted else [second])


@ACTED
async def test_daily_on_whose_schedule_post_drops_is_stored_and_says_so(
    fake: FakeDiscord, bot: BotApp, acted: bool
) -> None:
    """Discord may show the schedule: not refused, not resent, and not claimed as posted."""
    fake.drop("post", acted=acted)
    on = await fake.command("daily", {"action": "on", "time": "09:30"}, permissions=MANAGE_GUILD)
    answer = message_of(await fake.answer(on))
    assert answer["flags"] & EPHEMERAL
    assert answer["content"].startswith("Daily takeaways on: every day at 09:30 UTC.")
    assert "it may or may not be there, and it is not sent twice" in answer["content"]
    [schedule] = channel_posts(fake)
    assert schedule.dropped
    assert len(shown(fake)) == int(acted)
    channel = ChannelRef("discord", str(fake.guild_id), str(fake.channel_id))
    subscription = await bot.daily.store.subscription(channel)
    assert subscription is not None and subscription.active


@ACTED
async def test_a_scheduled_daily_post_whose_connection_drops_is_never_resent(
    fake: FakeDiscord, tmp_path: Path, acted: bool
) -> None:
    """Recorded as perhaps posted, and /daily status says so; not retried the next minutes,
    nor by a restart the same day; the next day's post goes out as usual, with the next
    takeaway. Status said "Last post: … — Takeaway 1" as if it were surely in the channel."""
    settings = bot_settings(fake, tmp_path / "bot.db")
    clock = morning_clock()
    at = datetime.fromtimestamp(clock.now() + 3600, UTC).strftime("%H:%M")
    async with running_bot(settings, fake, clock=clock) as app:
        on = await fake.command("daily", {"action": "on", "time": at}, permissions=MANAGE_GUILD)
        assert "posted the schedule" in embed_text(await fake.answer(on))
        fake.drop("post", acted=acted)
        await fast_forward(clock, [app.daily], 3600)  # the post falls due
        await fast_forward(clock, [app.daily], 3600)  # past every retry (1, 5, 25 min)
        _, dropped = channel_posts(fake)
        assert dropped.dropped
        state, ref, error = await app.db.fetchone(
            "SELECT state, message_ref, error FROM daily_claims"
        )
        assert (state, ref) == ("posted", None) and error.startswith("outcome unknown:")
        lines = await status_lines(fake)
        assert "State on" in lines
        [last] = [line for line in lines if line.startswith("Last post ")]
        assert takeaway(embed_text(dropped)).split("/")[0] + ":" in last
        assert last.endswith(UNKNOWN_LAST_POST)
        [upcoming] = [line for line in lines if line.startswith("Next post ")]
        assert " — Takeaway 2: " in upcoming
    async with running_bot(settings, fake, clock=clock) as app:  # a restart the same day
        await app.daily.wait_idle()
        assert channel_posts(fake)[1:] == [dropped]
        await fast_forward(clock, [app.daily], 86400)  # the next day
    _, _, scheduled = channel_posts(fake)
    assert not scheduled.dropped and scheduled.status == 200
    first, second = takeaway(embed_text(dropped)), takeaway(embed_text(scheduled))
    assert first.startswith("Takeaway 1/") and second.startswith("Takeaway 2/")
    takeaways = [e["title"] for m in shown(fake) for e in m["embeds"] if e.get("title")]
    assert takeaways == ([first, second] if acted else [second])
