"""A daily schedule paused on Discord is told to the admin who set it, in a DM from the bot,
end to end with the real discord.py client against FakeDiscord (Create DM, then a message
in it)."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.adapters.discord.client import NO_ACCESS_HINT, DiscordAdapter
from bot.app import BotApp
from bot.clock import OffsetClock, fast_forward
from bot.commands.daily import pause_notice
from bot.core.context import ChannelRef, UserRef
from bot.daily.scheduler import Pause
from tests.discord_fake import (
    MANAGE_GUILD,
    SEND_MESSAGES,
    SEND_MESSAGES_IN_THREADS,
    USER_IDS,
    VIEW_CHANNEL,
    WAIT,
    FakeDiscord,
)
from tests.helpers import morning_clock
from tests.test_discord_e2e import bot_settings, channel_posts, running_bot

ADMIN = 1
HOUR = 3600.0


def dm_texts(fake: FakeDiscord, user: int) -> list[str]:
    """What the bot sent in its DM with `user`, markdown escapes removed."""
    posts = channel_posts(fake, fake.dm_channel_id(user))
    return [re.sub(r"\\(.)", r"\1", call.json["content"]) for call in posts]


def an_hour_ahead() -> tuple[OffsetClock, str]:
    """A clock at 08:00 UTC, and the time a daily post set now falls due an hour later."""
    clock = morning_clock()
    return clock, datetime.fromtimestamp(clock.now() + HOUR, UTC).strftime("%H:%M")


async def turn_on(fake: FakeDiscord, at: str, channel: int | None = None) -> None:
    """ADMIN, a server admin, runs /daily on at `at` in the channel (or in `channel`)."""
    on = await fake.command(
        "daily",
        {"action": "on", "time": at},
        user=ADMIN,
        permissions=MANAGE_GUILD,
        channel=channel,
    )
    await fake.answer(on)


@pytest.mark.parametrize("dms_closed", [False, True])
async def test_a_paused_schedule_is_told_to_its_admin_once_in_a_dm(
    fake: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture, dms_closed: bool
) -> None:
    """A server admin took View Channel from the bot: the next post was refused, the
    schedule paused, and only the log and /daily status said so. The admin who ran /daily
    on now gets a DM naming the channel as a link, what to grant, and the line to resume;
    once, not every day. DMs closed to the bot: logged, and the schedule stays paused."""
    clock, at = an_hour_ahead()
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake, clock=clock) as app:
        await turn_on(fake, at)
        fake.revoke(fake.channel_id, VIEW_CHANNEL)
        if dms_closed:
            fake.refuse_dms(ADMIN)
        await fast_forward(clock, [app.daily], HOUR)  # the post falls due and is refused
        await fast_forward(clock, [app.daily], 2 * 86400)
    [opened] = [c for c in fake.calls if c.path == "/users/@me/channels"]
    assert int(opened.json["recipient_id"]) == USER_IDS + ADMIN
    if dms_closed:
        assert [c.status for c in channel_posts(fake, fake.dm_channel_id(ADMIN))] == [403]
        assert f"could not tell {USER_IDS + ADMIN} that daily takeaways paused" in caplog.text
        return
    here = f"<#{fake.channel_id}>"
    [text] = dm_texts(fake, ADMIN)
    assert text.startswith(
        f"Daily takeaways are paused in {here}: my post there could not go out ("
    )
    assert text.endswith(
        f"What to do in {here}: {NO_ACCESS_HINT} Then run `/daily action:on` in {here} to "
        "resume them. You get this because you last set them up there."
    )


async def remove_the_bot(app: BotApp, fake: FakeDiscord) -> None:
    """The guild kicks the bot (`FakeDiscord.remove_bot`); returns once its gateway has
    taken the removal in (GUILD_DELETE, discord.py's `guild_remove`): only then does a
    refusal there make it ask Discord whether it is still in the server."""
    adapter = app.outbounds.get("discord")
    assert isinstance(adapter, DiscordAdapter)
    told = asyncio.ensure_future(adapter.client.wait_for("guild_remove", timeout=WAIT))
    await fake.remove_bot()
    await told


def listed(notice: str) -> list[str]:
    """The channels a pause notice names first ("A, B and C"), sorted."""
    where = re.match(r"Daily takeaways are paused in (.*?): ", notice)
    assert where is not None, notice
    return sorted(re.split(", | and ", where.group(1)))


async def status_text(fake: FakeDiscord) -> str:
    status = await fake.command("daily", {"action": "status"}, user=ADMIN, permissions=MANAGE_GUILD)
    return json.dumps((await fake.answer(status)).json)


async def test_a_token_discord_no_longer_takes_pauses_nothing_and_heals_by_itself(
    fake: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The bot's token reset (401 Unauthorized on every post) paused the channel, and the
    admin had to run /daily on once the operator had put the new token in, after a DM the
    old token could not send. Now each day is given up saying the bot's access failed, the
    operator reads it once in the log (not every day, and without the token), and posts
    resume by themselves once the token works."""
    clock, at = an_hour_ahead()
    token = fake.token
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake, clock=clock) as app:
        await turn_on(fake, at)
        fake.token = "reset-by-the-operator"
        await fast_forward(clock, [app.daily], HOUR)  # refused: 401
        status = await status_text(fake)
        assert "the bot's access to this workspace failed" in status
        assert "401: Unauthorized" in status and "paused" not in status
        await fast_forward(clock, [app.daily], 86400)  # refused again the next day
        fake.token = token  # the operator fixes it
        await fast_forward(clock, [app.daily], 86400)
    assert [c.status for c in channel_posts(fake)] == [200, 401, 401, 200]  # on, 3 days
    assert [c for c in fake.calls if c.path == "/users/@me/channels"] == []
    loud = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert [m for m in loud if "access to discord workspace" in m] == [
        f"daily posts: the bot's access to discord workspace {fake.guild_id} failed (Discord "
        f"refused to post in channel {fake.channel_id}: 401 401: Unauthorized (code 0)): every "
        "daily post there is given up until its token or scopes are fixed; schedules stay on "
        "and resume by themselves"
    ]
    assert f"access to discord workspace {fake.guild_id} works again" in caplog.text
    assert token not in caplog.text


async def test_a_server_that_removed_the_bot_pauses_nothing_and_resumes_when_it_is_back(
    fake: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The bot kicked from a server: Discord refuses it every channel there (403 Missing
    Access), each schedule paused one by one as if View Channel were taken, and a DM went
    to each admin (who may share no server with the bot any more) saying to grant it in a
    server it is no longer in. Now each day is given up, one warning in the log says the
    bot is no longer in that server (no ERROR: nothing for the operator to fix), and posts
    resume by themselves once someone adds the bot back."""
    clock, at = an_hour_ahead()
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake, clock=clock) as app:
        thread = await fake.start_thread()
        await turn_on(fake, at)
        await turn_on(fake, at, thread.id)
        await remove_the_bot(app, fake)
        await fast_forward(clock, [app.daily], HOUR)  # both refused: 403
        await fast_forward(clock, [app.daily], 86400)  # and again the next day
        await fake.add_bot_back()
        status = await status_text(fake)  # before the next day's post: still as it was
        assert f"gave up: the bot is no longer in Discord server {fake.guild_id}" in status
        assert "resume by themselves once the bot is added back" in status
        assert "paused" not in status
        await fast_forward(clock, [app.daily], 86400)
        for channel in (fake.channel_id, thread.id):
            here = ChannelRef("discord", str(fake.guild_id), str(channel))
            subscription = await app.daily.store.subscription(here)
            assert subscription is not None and subscription.active
    for channel in (fake.channel_id, thread.id):
        assert [c.status for c in channel_posts(fake, channel)] == [200, 403, 403, 200]
    assert [c for c in fake.calls if c.path == "/users/@me/channels"] == []
    daily = [r for r in caplog.records if r.name == "bot.daily.scheduler"]
    told, healed = [r.getMessage() for r in daily if r.levelno >= logging.WARNING]
    assert told.startswith(
        f"daily posts: the bot is no longer in Discord server {fake.guild_id} (Get Guild: 403 "
        "Missing Access, code 50001; Discord refused to post in channel "
    )  # whichever channel was refused first
    assert told.endswith(
        f": 403 Missing Access (code 50001)); every daily post in discord workspace "
        f"{fake.guild_id} is given up until it is added back; schedules stay on and resume "
        "by themselves"
    )
    assert (
        healed == f"daily posts: the bot's access to discord workspace {fake.guild_id} works again"
    )
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_a_post_discord_refuses_as_built_pauses_nothing_and_is_logged_as_a_bug(
    fake: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """400 Bad Request to a takeaway the bot built paused the channel until an admin ran
    /daily on, which changed nothing: the fault is the bot's. Now that day is given up,
    the error is logged for the operator, and the next day posts."""
    clock, at = an_hour_ahead()
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake, clock=clock) as app:
        await turn_on(fake, at)
        fake.malformed_posts = 1
        await fast_forward(clock, [app.daily], HOUR)
        assert "Discord refused the post as the bot built it" in await status_text(fake)
        await fast_forward(clock, [app.daily], 86400)
    assert [c.status for c in channel_posts(fake)] == [200, 400, 200]
    assert [c for c in fake.calls if c.path == "/users/@me/channels"] == []
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("refused as built, a bug: " in m and "(code 50035)" in m for m in errors)


async def test_the_dm_for_a_deleted_channel_does_not_send_the_admin_back_into_it(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """A thread with daily takeaways deleted: Discord answers 404 Unknown Channel. The DM
    told the admin to fix the cause and run /daily action:on in a channel that no longer
    exists; it now says it cannot find the channel, that a deleted one needs nothing done,
    and how to resume it if the bot was only removed from it."""
    clock, at = an_hour_ahead()
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake, clock=clock) as app:
        thread = await fake.start_thread()
        await turn_on(fake, at, thread.id)
        del fake.threads[thread.id]  # deleted
        await fast_forward(clock, [app.daily], HOUR)
    assert [c.status for c in channel_posts(fake, thread.id)] == [200, 404]
    there = f"<#{thread.id}>"
    assert dm_texts(fake, ADMIN) == [
        f"Daily takeaways are paused in {there}: I can no longer find that channel (Discord "
        f"refused to post in channel {thread.id}: 404 Unknown Channel (code 10003)). If it "
        "was deleted, there is nothing to do. If not, I was removed from it. Once I am back "
        f"in it, run `/daily action:on` in {there} to resume them. You get this because you "
        "last set them up there."
    ]


async def test_schedules_paused_for_one_cause_are_told_in_one_dm(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """A role losing Send Messages: every schedule of the server due at that time paused,
    one by one, and their admin got a DM for each, the same words four times over. One DM
    now lists the channels and says once what to grant, and how to resume each."""
    clock, at = an_hour_ahead()
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake, clock=clock) as app:
        threads = [await fake.start_thread() for _ in range(3)]
        await turn_on(fake, at)
        for thread in threads:
            await turn_on(fake, at, thread.id)
        fake.revoke(fake.channel_id, SEND_MESSAGES | SEND_MESSAGES_IN_THREADS)
        await fast_forward(clock, [app.daily], HOUR)  # all four refused: 403 50013
        await fast_forward(clock, [app.daily], 2 * 86400)
        for channel in (fake.channel_id, *(t.id for t in threads)):
            here = ChannelRef("discord", str(fake.guild_id), str(channel))
            paused = await app.daily.store.subscription(here)
            assert paused is not None and paused.paused_reason is not None
    [text] = dm_texts(fake, ADMIN)
    assert listed(text) == sorted(f"<#{c}>" for c in (fake.channel_id, *(t.id for t in threads)))
    assert ": my posts there could not go out (Discord refused to post in channel " in text
    assert "; alike in the others)" in text
    assert text.endswith(
        f"What to do in each of them: {NO_ACCESS_HINT} Then run `/daily action:on` in each of "
        "them to resume them. You get this because you last set them up there."
    )


async def test_a_pause_notice_listing_more_than_a_message_holds_arrives_whole(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """A hundred channels paused for one cause make a DM longer than Discord's 2,000
    characters: sent as one message, Discord refused it (50035) and the admin heard
    nothing. It arrives in as many messages as it takes, every channel listed."""
    channels = [
        ChannelRef("discord", str(fake.guild_id), str(fake.snowflake())) for _ in range(100)
    ]
    admin = UserRef("discord", str(fake.guild_id), str(USER_IDS + ADMIN))
    error = "Discord refused to post: 403 Missing Permissions (code 50013)"
    pauses = [Pause(channel, admin, error, NO_ACCESS_HINT) for channel in channels]
    adapter = discord_bot.outbounds.get("discord")
    assert isinstance(adapter, DiscordAdapter)
    await adapter.message_user(admin, pause_notice(pauses, "/daily action:on"))
    sent = channel_posts(fake, fake.dm_channel_id(ADMIN))
    assert len(sent) > 1 and all(call.status == 200 for call in sent)
    text = " ".join(dm_texts(fake, ADMIN))
    assert all(f"<#{channel.channel}>" in text for channel in channels)
    assert text.endswith("You get this because you last set them up there.")


async def test_channels_deleted_together_are_told_in_one_dm(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """Two threads with daily takeaways deleted together (404 Unknown Channel at the same
    post time): one DM says it can no longer find those channels, once."""
    clock, at = an_hour_ahead()
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake, clock=clock) as app:
        threads = [await fake.start_thread() for _ in range(2)]
        for thread in threads:
            await turn_on(fake, at, thread.id)
            del fake.threads[thread.id]
        await fast_forward(clock, [app.daily], HOUR)
    [text] = dm_texts(fake, ADMIN)
    assert listed(text) == sorted(f"<#{t.id}>" for t in threads)
    assert ": I can no longer find those channels (Discord refused to post in channel " in text
    assert text.endswith(
        "(code 10003); alike in the others). If they were deleted, there is nothing to do. If "
        "not, I was removed from them. Once I am back in them, run `/daily action:on` in each "
        "of them to resume them. You get this because you last set them up there."
    )
