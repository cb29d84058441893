"""Threads and forum posts end to end, with the real discord.py client against FakeDiscord.

People run commands in threads (public, private) and forum posts as often as in channels.
To the bot a thread is a conversation of its own: its id is the interaction's channel, so a
poll started in one lives there (message, live edits, close and deadline announcements,
charts) and is "There is no poll #N here" from its parent channel or another thread, and
the other way round. A thread Discord archives under a running poll (votes are clicks, not
messages, so it counts as inactive) is reopened by the bot and its tally kept up. When a
moderator locks the thread, Discord refuses the bot's edits and posts there: each refusal
is logged once, with ids, and never retried in a loop; people who ask the bot to post are
told what would make it work.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.discord.client import NO_ACCESS_HINT, THREAD_LOCKED_HINT
from bot.app import BotApp
from bot.clock import OffsetClock
from bot.core.context import ChannelRef
from tests.discord_fake import (
    EPHEMERAL,
    MANAGE_GUILD,
    MANAGE_THREADS,
    FakeDiscord,
    FakeThread,
    RestCall,
)
from tests.helpers import morning_clock
from tests.test_discord_e2e import (
    bot_settings,
    channel_posts,
    create_poll,
    embed_text,
    message_of,
    running_bot,
    wait_for_tally_edit,
)

QUESTION = "Which thread question wins?"
POLL = {"question": QUESTION, "options": "Baker | Gin", "duration": "1h"}


@pytest.fixture
def clock() -> OffsetClock:
    return morning_clock()


@pytest.fixture
async def bot(fake: FakeDiscord, tmp_path: Path, clock: OffsetClock) -> AsyncIterator[BotApp]:
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake, clock=clock) as app:
        yield app


def touched(fake: FakeDiscord, channel: int) -> list[RestCall]:
    """Every call the bot made with its own token in `channel` (posts and edits)."""
    return [c for c in fake.calls if c.path.startswith(f"/channels/{channel}/")]


async def said(fake: FakeDiscord, command: str, options: dict[str, Any], **where: Any) -> str:
    """Everything the bot answered a command with."""
    return embed_text(await fake.answer(await fake.command(command, options, **where)))


async def closed_by_deadline(fake: FakeDiscord, app: BotApp, clock: OffsetClock) -> list[int]:
    """Let the poll's hour run out and sweep, as the deadline scheduler does."""
    clock.advance(3600)
    closed = await app.polls.sweep_deadlines()
    await app.live.idle()
    return closed


# -- a poll in a thread ---------------------------------------------------------------------


@pytest.mark.parametrize("forum", [False, True], ids=["public thread", "forum post"])
async def test_a_poll_in_a_thread_lives_in_the_thread(
    fake: FakeDiscord, bot: BotApp, forum: bool
) -> None:
    thread = await fake.start_thread(forum=forum)
    poll_id, message_id, buttons = await create_poll(fake, bot, POLL, channel=thread.id)
    assert fake.messages[message_id]["channel_id"] == str(thread.id)
    here = ChannelRef("discord", str(fake.guild_id), str(thread.id))
    assert await bot.polls.messages(poll_id) == [(here, str(message_id))]

    for user, button in ((2, buttons[0]), (3, buttons[0]), (4, buttons[1])):
        vote = await fake.answer(await fake.click(message_id, button, user=user))
        assert vote.json["data"]["flags"] & EPHEMERAL
    edit = await wait_for_tally_edit(fake, bot, poll_id, message_id)
    assert "Total voters: 3" in embed_text(edit)

    asked = await fake.command("results", {"poll": poll_id}, channel=thread.id)
    [(filename, chart)] = (await fake.answer(asked)).files.values()
    assert filename == f"poll-{poll_id}.png" and chart.startswith(b"\x89PNG")
    assert fake.messages[asked.message_id or 0]["channel_id"] == str(thread.id)

    closing = await fake.command("close", {"poll": poll_id}, channel=thread.id)
    closed = message_of(await fake.answer(closing))
    assert not closed.get("flags", 0) & EPHEMERAL
    assert f"Poll #{poll_id}" in closed["content"] and "is closed" in closed["content"]
    assert fake.messages[closing.message_id or 0]["channel_id"] == str(thread.id)
    final = await wait_for_tally_edit(fake, bot, poll_id, message_id)
    assert final.path == f"/channels/{thread.id}/messages/{message_id}"
    await bot.live.idle()
    assert touched(fake, fake.channel_id) == []  # nothing went to the parent channel
    assert not [c for c in fake.calls if c.status >= 400]


async def test_a_deadline_close_is_announced_in_the_thread(
    fake: FakeDiscord, bot: BotApp, clock: OffsetClock
) -> None:
    thread = await fake.start_thread()
    poll_id, message_id, buttons = await create_poll(fake, bot, POLL, channel=thread.id)
    await fake.answer(await fake.click(message_id, buttons[1], user=2))
    assert await closed_by_deadline(fake, bot, clock) == [poll_id]
    [announcement] = channel_posts(fake, thread.id)
    assert f"Poll #{poll_id} “{QUESTION}” is closed" in embed_text(announcement)
    final = await wait_for_tally_edit(fake, bot, poll_id, message_id)
    assert "Gin" in embed_text(final)
    assert touched(fake, fake.channel_id) == []


# -- one conversation each ------------------------------------------------------------------


async def test_a_poll_is_reachable_only_from_its_own_conversation(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """A thread's poll from its parent channel or a sibling thread, and the channel's poll
    from the thread: by /vote, /close, /results and a click carrying its message, each is
    "There is no poll #N here." (with the polls open where they asked) and nothing is
    counted or closed."""
    thread, sibling = await fake.start_thread(), await fake.start_thread(forum=True)
    in_thread = await create_poll(fake, bot, POLL, channel=thread.id)
    in_channel = await create_poll(fake, bot, POLL)
    probes = [
        (in_thread, fake.channel_id, f"Open polls here: #{in_channel[0]}."),
        (in_thread, sibling.id, "Start one with `/poll`."),
        (in_channel, thread.id, f"Open polls here: #{in_thread[0]}."),
    ]
    for (poll_id, message_id, buttons), where, instead in probes:
        not_here = f"There is no poll #{poll_id} here."
        typed = f"{not_here} {instead}"
        interactions = [
            await fake.command("vote", {"poll": poll_id, "option": "1"}, channel=where),
            await fake.command("close", {"poll": poll_id}, channel=where),
            await fake.command("results", {"poll": poll_id}, channel=where),
            await fake.click(message_id, buttons[0], user=2, channel=where),
            await fake.click(message_id, buttons[-1], user=1, channel=where),
        ]
        for interaction, expected in zip(interactions, [typed] * 3 + [not_here] * 2, strict=True):
            answer = message_of(await fake.answer(interaction))
            assert answer["flags"] & EPHEMERAL and answer["content"] == expected, answer
    assert await bot.db.fetchval("SELECT COUNT(*) FROM poll_votes") == 0
    for poll_id, _, _ in (in_thread, in_channel):
        poll = await bot.polls.store.get(poll_id)
        assert poll is not None and not poll.closed
    # ... while each conversation still reaches its own poll.
    assert f"#{in_thread[0]}" in await said(
        fake, "vote", {"poll": in_thread[0], "option": "1"}, channel=thread.id
    )
    assert f"#{in_channel[0]}" in await said(fake, "vote", {"poll": in_channel[0], "option": "2"})


# -- daily takeaways ------------------------------------------------------------------------


async def test_daily_takeaways_go_to_the_thread_they_were_turned_on_in(
    fake: FakeDiscord, bot: BotApp
) -> None:
    thread = await fake.start_thread(forum=True)
    admin: dict[str, Any] = {"permissions": MANAGE_GUILD, "channel": thread.id}
    assert "Daily takeaways on" in await said(
        fake, "daily", {"action": "on", "time": "09:00"}, **admin
    )
    subscribed = await bot.db.fetchval("SELECT channel_id FROM daily_subscriptions")
    assert subscribed == str(thread.id)
    assert "Posted" in await said(fake, "daily", {"action": "now"}, **admin)
    schedule, post = channel_posts(fake, thread.id)
    assert "every day at 09:00" in embed_text(schedule)
    assert "Takeaway" in embed_text(post)
    assert touched(fake, fake.channel_id) == []


# -- archived, locked and private threads ---------------------------------------------------


def tally_edits(fake: FakeDiscord, thread: FakeThread, message_id: int) -> list[RestCall]:
    """The edits of the poll's message that Discord carried out."""
    path = f"/channels/{thread.id}/messages/{message_id}"
    return [c for c in fake.calls if c.method == "PATCH" and c.path == path and c.status == 200]


def refused_edits(fake: FakeDiscord, thread: FakeThread, message_id: int) -> list[RestCall]:
    path = f"/channels/{thread.id}/messages/{message_id}"
    return [c for c in fake.calls if c.method == "PATCH" and c.path == path and c.status >= 400]


def reopenings(fake: FakeDiscord, thread: FakeThread) -> list[RestCall]:
    """The bot's requests to modify the thread itself (only ever to reopen it)."""
    return [c for c in fake.calls if c.method == "PATCH" and c.path == f"/channels/{thread.id}"]


@pytest.mark.parametrize("forum", [False, True], ids=["public thread", "forum post"])
async def test_a_vote_in_a_thread_discord_archived_reopens_it_and_updates_the_tally(
    fake: FakeDiscord, bot: BotApp, forum: bool
) -> None:
    """Discord archives a thread after a while without messages, and clicks are not
    messages. The edit of the poll's message is refused as archived (50083) once; the bot
    reopens the thread, as any member's message would, and edits again. It was refused and
    not retried: the message stopped counting the votes."""
    thread = await fake.start_thread(forum=forum)
    poll_id, message_id, buttons = await create_poll(fake, bot, POLL, channel=thread.id)
    await fake.answer(await fake.click(message_id, buttons[0], user=2))
    await wait_for_tally_edit(fake, bot, poll_id, message_id)
    await fake.set_thread(thread, archived=True)

    await fake.answer(await fake.click(message_id, buttons[1], user=3))
    edit = await wait_for_tally_edit(fake, bot, poll_id, message_id)
    assert "Total voters: 2" in embed_text(edit)
    assert not thread.archived and not thread.locked
    [reopened] = reopenings(fake, thread)
    assert reopened.json == {"archived": False} and reopened.status == 200
    [refused] = refused_edits(fake, thread, message_id)
    assert refused.at < reopened.at < edit.at
    await bot.live.idle()
    assert touched(fake, fake.channel_id) == []


@pytest.mark.parametrize("first", ["edit", "announcement"])
async def test_a_deadline_close_in_an_archived_thread_shows_the_closed_poll(
    fake: FakeDiscord, bot: BotApp, clock: OffsetClock, first: str
) -> None:
    """At the deadline the live edit and the announcement race into the archived thread.
    Whichever Discord answers first, the thread ends open and the poll's message shows the
    result. The edit first was refused as archived and never retried, leaving the message
    showing an open poll for good; the fake holds the other request to force each order."""
    thread = await fake.start_thread()
    poll_id, message_id, buttons = await create_poll(fake, bot, POLL, channel=thread.id)
    await fake.answer(await fake.click(message_id, buttons[1], user=2))
    await wait_for_tally_edit(fake, bot, poll_id, message_id)
    await fake.set_thread(thread, archived=True)
    second = fake.holds["post" if first == "edit" else "edit"] = asyncio.Event()

    def shows_the_result(call: RestCall) -> bool:
        return call in tally_edits(fake, thread, message_id) and "Winner: “Gin”" in embed_text(call)

    sweep = asyncio.create_task(closed_by_deadline(fake, bot, clock))
    if first == "edit":
        await fake.wait_for(shows_the_result)
        assert channel_posts(fake, thread.id) == []
    else:
        await fake.wait_for(lambda c: c in channel_posts(fake, thread.id))
    second.set()
    assert await sweep == [poll_id]

    final = await wait_for_tally_edit(fake, bot, poll_id, message_id)
    assert shows_the_result(final)
    [announcement] = channel_posts(fake, thread.id)
    assert announcement.status == 200 and not thread.archived
    assert len(reopenings(fake, thread)) == (1 if first == "edit" else 0)


@pytest.mark.parametrize("archived", [False, True], ids=["locked", "archived and locked"])
async def test_a_locked_thread_refuses_the_edit_and_the_announcement_once_each(
    fake: FakeDiscord,
    bot: BotApp,
    clock: OffsetClock,
    caplog: pytest.LogCaptureFixture,
    archived: bool,
) -> None:
    """A moderator locks the thread under a running poll: at its deadline the live edit
    (after one refused try to reopen the thread, when archived) and the announcement are
    each refused once, logged once with the poll's and message's ids (never the question
    people typed), and not retried in a loop."""
    thread = await fake.start_thread()
    poll_id, message_id, buttons = await create_poll(fake, bot, POLL, channel=thread.id)
    await fake.answer(await fake.click(message_id, buttons[0], user=2))
    await wait_for_tally_edit(fake, bot, poll_id, message_id)
    await fake.set_thread(thread, archived=archived, locked=True)
    caplog.clear()
    caplog.set_level(logging.INFO)
    assert await closed_by_deadline(fake, bot, clock) == [poll_id]
    [refused] = refused_edits(fake, thread, message_id)
    [announcement] = channel_posts(fake, thread.id)
    assert refused.status == announcement.status >= 400
    poll = await bot.polls.store.get(poll_id)
    assert poll is not None and poll.closed
    refusals = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert sorted(r.name for r in refusals) == ["bot.polls.live", "bot.polls.service"]
    [edit_log] = [r.getMessage() for r in refusals if r.name == "bot.polls.live"]
    [announcement_log] = [r.getMessage() for r in refusals if r.name == "bot.polls.service"]
    assert f"poll {poll_id}" in edit_log and str(message_id) in edit_log
    assert f"poll {poll_id}" in announcement_log and str(thread.id) in announcement_log
    assert QUESTION not in caplog.text
    await bot.live.idle()
    assert len(refused_edits(fake, thread, message_id)) == 1
    assert len(channel_posts(fake, thread.id)) == 1
    # Archived and locked: one try to reopen, refused; locked only: the edit's own refusal
    # (160005) says the thread is open, so reopening it cannot help and is not tried.
    assert [c.status for c in reopenings(fake, thread)] == ([400] if archived else [])
    assert thread.locked and thread.archived == archived


@pytest.mark.parametrize("archived", [False, True], ids=["locked", "archived and locked"])
async def test_daily_now_in_a_locked_thread_says_a_moderator_must_unlock_it(
    fake: FakeDiscord, bot: BotApp, archived: bool
) -> None:
    """It said "Could not post the takeaway here: Discord refused … 400 Thread is archived"
    (archived and locked), or asked for channel permissions that cannot help (locked).
    An archived thread that is not locked needs nothing: the post itself reopens it."""
    thread = await fake.start_thread()
    await fake.set_thread(thread, archived=archived, locked=True)
    where: dict[str, Any] = {"permissions": MANAGE_GUILD, "channel": thread.id}
    answer = message_of(await fake.answer(await fake.command("daily", {"action": "now"}, **where)))
    assert answer["flags"] & EPHEMERAL
    assert answer["content"] == THREAD_LOCKED_HINT
    assert "unlock" in THREAD_LOCKED_HINT and "Manage Threads" in THREAD_LOCKED_HINT

    await fake.set_thread(thread, locked=False)
    assert "Posted" in await said(fake, "daily", {"action": "now"}, **where)
    assert not thread.archived


async def test_a_private_thread_the_bot_is_not_in(fake: FakeDiscord, bot: BotApp) -> None:
    """Discord answers interactions there, but refuses the bot's own posts and edits (50001
    Missing Access) until someone adds the bot to the thread: /daily now says so. (A bot
    with Manage Threads sees every private thread, so it has not.)"""
    fake.revoke(fake.channel_id, MANAGE_THREADS)
    thread = await fake.start_thread(private=True, bot_member=False)
    where: dict[str, Any] = {"permissions": MANAGE_GUILD, "channel": thread.id}
    answer = message_of(await fake.answer(await fake.command("daily", {"action": "now"}, **where)))
    assert answer["flags"] & EPHEMERAL and answer["content"] == NO_ACCESS_HINT
    assert "add me to the thread" in NO_ACCESS_HINT and "Send Messages in Threads" in NO_ACCESS_HINT

    thread.bot_member = True  # someone @mentions the bot, which adds it
    assert "Posted" in await said(fake, "daily", {"action": "now"}, **where)
