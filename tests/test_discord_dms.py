"""Direct messages with the bot, end to end with the real discord.py client against FakeDiscord.

The commands are global, so Discord offers them in a DM with the bot too. An interaction from
there carries a `user` and no `member`, no `guild_id`, a `channel` of type 1 and only the few
`app_permissions` Discord documents for DMs (tests/discord_fake.py). A DM is a conversation
of its own: a poll started there is voted on, edited, charted, closed and announced there,
with the bot's token where it posts or edits itself, and is "There is no poll #N here" from
a server channel, as a channel's poll is from the DM.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.discord.client import DM_CLOSED_HINT
from bot.app import BotApp
from bot.clock import OffsetClock
from bot.core.context import ChannelRef
from tests.discord_fake import EPHEMERAL, FakeDiscord, RestCall
from tests.test_discord_e2e import (
    bot_settings,
    channel_posts,
    create_poll,
    embed_text,
    message_of,
    running_bot,
    wait_for_tally_edit,
)

USER = 1
QUESTION = "Which DM question wins?"
POLL = {"question": QUESTION, "options": "Baker | Gin", "duration": "1h"}


@pytest.fixture
async def bot(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[BotApp]:
    """The bot with global commands (commands synced to one guild are not offered in DMs),
    on a clock a test can move (`OffsetClock`)."""
    settings = bot_settings(fake, tmp_path / "bot.db", discord_guild_id=None)
    async with running_bot(settings, fake, clock=OffsetClock()) as app:
        yield app


async def in_dm(fake: FakeDiscord, command: str, options: dict[str, Any] | None = None) -> RestCall:
    """The answer to `command` typed by USER in their DM with the bot."""
    return await fake.answer(await fake.command(command, options, user=USER, dm=True))


def outside_the_dm(fake: FakeDiscord) -> list[RestCall]:
    """Everything the bot did with its own token anywhere but USER's DM."""
    dm = f"/channels/{fake.dm_channel_id(USER)}/"
    return [c for c in fake.calls if c.path.startswith("/channels/") and not c.path.startswith(dm)]


async def test_a_poll_in_a_dm_lives_in_the_dm(fake: FakeDiscord, bot: BotApp) -> None:
    poll_id, message_id, buttons = await create_poll(fake, bot, POLL, user=USER, dm=True)
    dm = fake.dm_channel_id(USER)
    assert await bot.polls.messages(poll_id) == [
        (ChannelRef("discord", "dm", str(dm)), str(message_id))
    ]
    assert "guild_id" not in fake.messages[message_id]

    vote = await fake.answer(await fake.click(message_id, buttons[1], user=USER, dm=True))
    assert message_of(vote)["flags"] & EPHEMERAL and "“Gin”" in message_of(vote)["content"]
    edit = await wait_for_tally_edit(fake, bot, poll_id, message_id)
    assert edit.path == f"/channels/{dm}/messages/{message_id}"
    assert "Total voters: 1" in embed_text(edit)

    results = await in_dm(fake, "results", {"poll": poll_id})
    [(filename, chart)] = results.files.values()
    assert filename == f"poll-{poll_id}.png" and chart.startswith(b"\x89PNG")

    closed = message_of(await in_dm(fake, "close", {"poll": poll_id}))
    assert not closed.get("flags", 0) & EPHEMERAL
    assert f"Poll #{poll_id}" in closed["content"] and "is closed" in closed["content"]
    final = await wait_for_tally_edit(fake, bot, poll_id, message_id)
    assert "Winner: “Gin”" in embed_text(final)
    await bot.live.idle()
    assert outside_the_dm(fake) == []
    assert not [c for c in fake.calls if c.status >= 400]


async def test_a_deadline_close_is_announced_in_the_dm(fake: FakeDiscord, bot: BotApp) -> None:
    poll_id, message_id, buttons = await create_poll(fake, bot, POLL, user=USER, dm=True)
    await fake.answer(await fake.click(message_id, buttons[0], user=USER, dm=True))
    assert isinstance(bot.clock, OffsetClock)
    bot.clock.advance(3600)
    assert await bot.polls.sweep_deadlines() == [poll_id]
    await bot.live.idle()
    [announcement] = channel_posts(fake, fake.dm_channel_id(USER))
    assert announcement.status == 200
    assert f"Poll #{poll_id} “{QUESTION}” is closed" in embed_text(announcement)
    final = await wait_for_tally_edit(fake, bot, poll_id, message_id)
    assert "Winner: “Baker”" in embed_text(final)
    assert outside_the_dm(fake) == []


async def test_a_dm_poll_and_a_channel_poll_are_out_of_each_others_reach(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """By number (/vote, /close, /results) and by a click carrying the other's message,
    from the server's channel into the DM and back: "There is no poll #N here." with the
    polls open where they asked, and nothing is counted or closed."""
    dm_poll = await create_poll(fake, bot, POLL, user=USER, dm=True)
    channel_poll = await create_poll(fake, bot, POLL, user=USER)
    pairs = ((dm_poll, channel_poll, False), (channel_poll, dm_poll, True))
    for (poll_id, message_id, buttons), (open_there, _, _), dm in pairs:
        probes = [
            await fake.command("vote", {"poll": poll_id, "option": "1"}, user=USER, dm=dm),
            await fake.command("close", {"poll": poll_id}, user=USER, dm=dm),
            await fake.command("results", {"poll": poll_id}, user=USER, dm=dm),
            await fake.click(
                message_id, buttons[0], user=USER, dm=dm, channel=None if dm else fake.channel_id
            ),
            await fake.click(
                message_id, buttons[-1], user=USER, dm=dm, channel=None if dm else fake.channel_id
            ),
        ]
        not_here = f"There is no poll #{poll_id} here."
        typed = f"{not_here} Open polls here: #{open_there}."
        for probe, expected in zip(probes, [typed] * 3 + [not_here] * 2, strict=True):
            answer = message_of(await fake.answer(probe))
            assert answer["flags"] & EPHEMERAL, answer
            assert answer["content"] == expected, answer
    assert await bot.db.fetchval("SELECT COUNT(*) FROM poll_votes") == 0
    for poll_id, _, _ in (dm_poll, channel_poll):
        poll = await bot.polls.store.get(poll_id)
        assert poll is not None and not poll.closed


@pytest.mark.parametrize(
    ("command", "options", "shown"),
    [
        ("baker", {}, "Gavin Baker"),
        ("gin", {"topic": "chips"}, "Aaron Gin on “chips”"),
        ("debate", {}, "Counterpoint — Aaron Gin"),
        ("ask", {"question": "what is the h200"}, "Best matches for “what is the h200”"),
    ],
)
async def test_the_debate_answers_in_a_dm(
    fake: FakeDiscord, bot: BotApp, command: str, options: dict[str, Any], shown: str
) -> None:
    answer = await in_dm(fake, command, options)
    assert not message_of(answer).get("flags", 0) & EPHEMERAL
    assert message_of(answer)["embeds"] and shown in embed_text(answer)
    assert outside_the_dm(fake) == []


async def test_daily_takeaways_in_a_dm_are_the_users_own(fake: FakeDiscord, bot: BotApp) -> None:
    """A DM has no server, so no one in it can manage one, and the bot refused /daily on,
    now and off there to everyone: "Only admins can use /daily on". The DM is the user's
    own conversation with the bot, so they manage its daily takeaway, posted there."""
    dm = fake.dm_channel_id(USER)
    status = message_of(await in_dm(fake, "daily"))["content"]
    assert status.startswith(
        "No daily takeaway in this channel. You can start one with `/daily action:on"
    )

    on = message_of(await in_dm(fake, "daily", {"action": "on", "time": "08:15"}))
    assert on["flags"] & EPHEMERAL and "I posted the schedule" in on["content"]
    [schedule] = channel_posts(fake, dm)
    assert "every day at 08:15" in embed_text(schedule) and "Set by User1" in embed_text(schedule)
    assert await bot.db.fetchval("SELECT channel_id FROM daily_subscriptions") == str(dm)

    now = message_of(await in_dm(fake, "daily", {"action": "now"}))
    assert now["content"].startswith("Posted Takeaway")
    _, posted = channel_posts(fake, dm)
    assert "Takeaway" in embed_text(posted)
    [vote] = posted.custom_ids()
    [message_id] = [number for number, m in fake.messages.items() if m["components"]]
    poll = message_of(await fake.answer(await fake.click(message_id, vote, dm=True)))
    assert not poll.get("flags", 0) & EPHEMERAL and "Poll #1" in str(poll["embeds"])

    assert "State on" in embed_text(await in_dm(fake, "daily"))
    off = message_of(await in_dm(fake, "daily", {"action": "off"}))
    assert off["content"] == "Daily takeaways are off in this channel."
    assert "State off (you can run `/daily action:on`)" in embed_text(await in_dm(fake, "daily"))
    assert outside_the_dm(fake) == []


async def test_a_dm_discord_will_not_let_the_bot_message_says_why(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """Discord refuses the bot's messages in a DM (50007) for the user's own settings or
    servers; the answer asked a server admin for channel permissions, which cannot help."""
    await in_dm(fake, "daily", {"action": "on"})
    fake.refuse_dms(USER)
    refused = message_of(await in_dm(fake, "daily", {"action": "now"}))
    assert refused["flags"] & EPHEMERAL and refused["content"] == DM_CLOSED_HINT
    assert [c.status for c in channel_posts(fake, fake.dm_channel_id(USER))] == [200, 403]
