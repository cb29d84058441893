"""A poll where Discord will not let the bot keep it alive, end to end with the real
discord.py client against FakeDiscord.

`/poll`'s message is an interaction response, which needs no permission, but its live tally
is an edit with the bot's token (View Channel, Embed Links) and its result a post (Send
Messages, in a thread Send Messages in Threads). In a channel where the bot's role lacks
any of them the poll used to appear, take votes and stay at 0 forever. Discord says what
the bot may do with every interaction (`app_permissions`): such a poll is discarded and the
user told what to grant, as on Slack. The fake's per-channel permissions drive both what
`app_permissions` says and what Discord refuses, so a poll let through would fail here.
A private thread hides from the bot until it is added, which `app_permissions` does not
tell: there the bot asks Discord once, or joins if it may.
"""

from __future__ import annotations

import logging
import time
from datetime import time as dt_time
from typing import Any
from zoneinfo import ZoneInfo

import discord
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.adapters.discord.client import NOT_IN_THREAD_HINT, live_poll_missing
from bot.app import BotApp
from bot.clock import OffsetClock
from bot.core.context import ChannelRef
from bot.daily.render import POLL_ACTION
from tests import test_discord_e2e as e2e
from tests.discord_fake import (
    ALL_PERMISSIONS,
    ATTACH_FILES,
    EMBED_LINKS,
    EPHEMERAL,
    MANAGE_GUILD,
    MANAGE_THREADS,
    MEMBER,
    SEND_MESSAGES,
    SEND_MESSAGES_IN_THREADS,
    VIEW_CHANNEL,
    FakeDiscord,
    FakeThread,
    RestCall,
)
from tests.test_discord_threads import bot, clock, closed_by_deadline, touched

__all__ = ["bot", "clock"]  # the threads suite's fixtures: the bot on a clock tests move on

QUESTION = "Which locked-down question wins?"
POLL = {"question": QUESTION, "options": "Baker | Gin", "duration": "1h"}
KINDS = pytest.mark.parametrize("options", [POLL, None], ids=["custom poll", "pack poll"])
#: Each permission a live poll needs in a channel, and its name in Discord's settings.
NEEDED = pytest.mark.parametrize(
    ("revoked", "name"),
    [
        (VIEW_CHANNEL, "View Channel"),
        (SEND_MESSAGES, "Send Messages"),
        (EMBED_LINKS, "Embed Links"),
    ],
)


async def refused_poll(fake: FakeDiscord, bot: BotApp, where: int, answer: Any) -> str:
    """Check that the interaction's `answer` is a private hint and that nothing is left of
    the poll it started in `where`: no message, closed, in no list; returns the hint."""
    shown = e2e.message_of(answer)
    assert shown["flags"] & EPHEMERAL and not shown.get("embeds") and not shown.get("components")
    polls_shown = [
        m
        for m in fake.messages.values()
        if m["channel_id"] == str(where)
        and not m["flags"] & EPHEMERAL
        and any(
            e2e.VOTE_ID.fullmatch(c["custom_id"]) for r in m["components"] for c in r["components"]
        )
    ]
    assert polls_shown == []
    refused = [c for c in touched(fake, where) if c.status >= 400]
    assert refused == membership_checks(fake, where, refused)  # no post or edit refused
    poll_id = await bot.db.fetchval("SELECT MAX(id) FROM polls")
    poll = await bot.polls.store.get(poll_id)
    assert poll is not None and poll.closed  # discarded: closed, never deleted
    assert await bot.polls.messages(poll_id) == []
    here = ChannelRef("discord", str(fake.guild_id), str(where))
    assert await bot.polls.open_polls_in(here, 10) == []
    suggested = await fake.autocomplete("vote", "poll", "", channel=where)
    [call] = await fake.wait_for(lambda c: c.path.startswith(f"/interactions/{suggested.id}/"))
    assert call.json["data"]["choices"] == []
    results = e2e.message_of(await fake.answer(await fake.command("results", channel=where)))
    assert results["content"].startswith("There is no poll in this channel yet. ")
    return str(shown["content"])


def membership_checks(
    fake: FakeDiscord, where: int, calls: list[RestCall] | None = None
) -> list[RestCall]:
    """The bot's requests (of `calls`, all by default) about its membership of the thread
    `where`: asking whether it is in, or joining."""
    mark = f"/channels/{where}/thread-members/"
    return [c for c in (fake.calls if calls is None else calls) if c.path.startswith(mark)]


# -- refused --------------------------------------------------------------------------------


@KINDS
@NEEDED
async def test_a_poll_the_bot_could_never_update_is_not_shown(
    fake: FakeDiscord, bot: BotApp, options: dict[str, Any] | None, revoked: int, name: str
) -> None:
    """It was shown, took votes (each confirmed) and stayed at 0: every tally edit and the
    closing announcement were refused (403), and nobody was told."""
    fake.revoke(fake.channel_id, revoked)
    answer = await fake.answer(await fake.command("poll", options))
    hint = await refused_poll(fake, bot, fake.channel_id, answer)
    assert hint == f"I can't run a poll here: a server admin needs to give me {name} here."


@NEEDED
async def test_what_is_suggested_where_the_bot_lacks_a_permission_is_what_it_needs(
    fake: FakeDiscord, bot: BotApp, revoked: int, name: str
) -> None:
    """/results and /daily status suggested "Start one with /poll" and "/daily on" in a
    channel that refuses both: each is told what the bot lacks here instead, from the
    permissions Discord sends with the command."""
    fake.revoke(fake.channel_id, revoked)
    lacks = (
        f"I can't run polls or daily takeaways here: a server admin needs to give me {name} here."
    )
    results = e2e.message_of(await fake.answer(await fake.command("results")))
    assert results["content"] == f"There is no poll in this channel yet. {lacks}"
    status = await fake.answer(await fake.command("daily", {"action": "status"}))
    assert e2e.message_of(status)["content"] == (
        f"No daily takeaway in this channel. {lacks} Last post: none yet."
    )
    on = await fake.answer(await fake.command("daily", {"action": "on"}))  # by anyone
    assert e2e.message_of(on)["content"] == f"Daily takeaways not changed: {lacks}"
    # A schedule set before: "State: on" and a next post, which this channel will refuse.
    here = ChannelRef("discord", str(fake.guild_id), str(fake.channel_id))
    await bot.daily.store.subscribe(here, dt_time(9), ZoneInfo("UTC"), "1", time.time())
    status = e2e.embed_text(await fake.answer(await fake.command("daily", {"action": "status"})))
    assert "State on" in status and f"But {lacks}" in status
    del fake.bot_permissions[fake.channel_id]  # the admin lets the bot back in
    results = e2e.message_of(await fake.answer(await fake.command("results")))
    assert results["content"] == "There is no poll in this channel yet. Start one with `/poll`."


async def test_the_hint_names_every_permission_missing(fake: FakeDiscord, bot: BotApp) -> None:
    fake.revoke(fake.channel_id, SEND_MESSAGES | EMBED_LINKS)
    answer = await fake.answer(await fake.command("poll", POLL))
    hint = await refused_poll(fake, bot, fake.channel_id, answer)
    assert hint.endswith("give me Send Messages and Embed Links here.")


async def test_a_thread_needs_send_messages_in_threads(fake: FakeDiscord, bot: BotApp) -> None:
    """Send Messages does nothing in a thread: its own permission is the one to ask for."""
    fake.revoke(fake.channel_id, SEND_MESSAGES_IN_THREADS)
    thread = await fake.start_thread()
    answer = await fake.answer(await fake.command("poll", POLL, channel=thread.id))
    hint = await refused_poll(fake, bot, thread.id, answer)
    assert hint.endswith("give me Send Messages in Threads here.")


async def test_the_daily_posts_poll_button_is_refused_too(fake: FakeDiscord, bot: BotApp) -> None:
    """The button under a daily takeaway starts `/poll` as the clicker: the same check, when
    the bot lost Embed Links in the channel after posting the takeaway."""
    admin: dict[str, Any] = {"permissions": MANAGE_GUILD}
    await fake.answer(await fake.command("daily", {"action": "now"}, **admin))
    [takeaway] = [m for m in fake.messages.values() if m["type"] == 0]  # the bot's own post
    fake.revoke(fake.channel_id, EMBED_LINKS)
    answer = await fake.answer(await fake.click(int(takeaway["id"]), POLL_ACTION))
    hint = await refused_poll(fake, bot, fake.channel_id, answer)
    assert hint.endswith("give me Embed Links here.")


@NEEDED
async def test_a_vote_or_close_where_the_poll_can_no_longer_be_updated_says_so(
    fake: FakeDiscord, bot: BotApp, revoked: int, name: str
) -> None:
    """A poll posted while the bot could keep it alive, then the permission taken away: a
    click and a /vote were confirmed ("Your vote … is now …") and /close announced, while
    the poll's message stayed as it was and nobody was told why. Each answer now says what
    to grant; the vote still counts."""
    poll_id, message_id, buttons = await e2e.create_poll(fake, bot, POLL)
    fake.revoke(fake.channel_id, revoked)
    hint = f"I can't keep poll #{poll_id} up to date here: a server admin needs to give me {name}"
    clicked = e2e.embed_text(await fake.answer(await fake.click(message_id, buttons[0], user=2)))
    typed = await fake.command("vote", {"poll": poll_id, "option": "Gin"}, user=3)
    closed = e2e.embed_text(await fake.answer(await fake.command("close", {"poll": poll_id})))
    assert clicked == f"Your vote on poll #{poll_id} is now “Baker”.\n\n{hint} here."
    # Told once, whichever words come first: these, or the poll's stored refusal once its
    # tally edit has been refused (`test_voters_are_told_when_the_channel_no_longer_…`).
    typed_text = e2e.embed_text(await fake.answer(typed))
    assert typed_text.endswith(f"give me {name} here.") and typed_text.count("give me") == 1
    assert closed.startswith(f"Poll #{poll_id} “{QUESTION}” is closed.")
    assert closed.endswith(f"{hint} here.")
    poll = await bot.polls.store.get(poll_id)
    assert poll is not None and (await bot.polls.store.tally(poll)).voters == 2


# -- allowed --------------------------------------------------------------------------------


@pytest.mark.parametrize("in_thread", [False, True], ids=["channel", "thread"])
async def test_with_what_it_needs_the_poll_works_as_before(
    fake: FakeDiscord, bot: BotApp, clock: OffsetClock, in_thread: bool
) -> None:
    """Only what a live poll needs counts: no Attach Files, and in a thread no Send
    Messages (a channel without Send Messages in Threads still hosts polls itself)."""
    unused = ATTACH_FILES | (SEND_MESSAGES if in_thread else SEND_MESSAGES_IN_THREADS)
    fake.revoke(fake.channel_id, unused)
    where = (await fake.start_thread()).id if in_thread else fake.channel_id
    poll_id, message_id, buttons = await e2e.create_poll(fake, bot, POLL, channel=where)
    vote = await fake.answer(await fake.click(message_id, buttons[1], user=2))
    assert vote.json["data"]["flags"] & EPHEMERAL
    assert vote.json["data"]["content"] == f"Your vote on poll #{poll_id} is now “Gin”."
    edit = await e2e.wait_for_tally_edit(fake, bot, poll_id, message_id)
    assert "Total voters: 1" in e2e.embed_text(edit)
    assert await closed_by_deadline(fake, bot, clock) == [poll_id]
    [announcement] = e2e.channel_posts(fake, where)
    assert announcement.status == 200
    assert f"Poll #{poll_id} “{QUESTION}” is closed" in e2e.embed_text(announcement)
    await bot.live.idle()
    assert not [c for c in fake.calls if c.status >= 400]


async def test_voters_are_told_when_the_channel_no_longer_lets_the_poll_update(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """A server admin takes View Channel from the bot after a poll started: votes still
    count, but every tally edit is refused (403) and the message stopped moving with no
    word to anyone. Each voter's confirmation now says so and what the bot needs, until an
    edit goes through again."""
    poll_id, message_id, buttons = await e2e.create_poll(fake, bot, POLL)
    fake.revoke(fake.channel_id, VIEW_CHANNEL)

    async def vote(user: int) -> str:
        answer = await fake.answer(await fake.click(message_id, buttons[0], user=user))
        await bot.live.idle()
        return str(e2e.message_of(answer)["content"])

    # Before any edit was refused, the interaction's own permissions tell (`_warned`)...
    assert await vote(2) == (
        f"Your vote on poll #{poll_id} is now “Baker”.\n\nI can't keep poll #{poll_id} up to "
        "date here: a server admin needs to give me View Channel here."
    )
    told = await vote(3)  # ... after, the refusal stored with the poll, and only that
    assert told.startswith(
        f"Your vote on poll #{poll_id} is now “Baker”. The poll's message can't show new "
        "votes: I can't post here: a server admin needs to give me View Channel"
    )
    assert told.count("give me") == 1
    del fake.bot_permissions[fake.channel_id]  # the admin gives it back
    await vote(4)  # read before this vote's edit went through: still told
    assert await vote(5) == f"Your vote on poll #{poll_id} is now “Baker”."
    edit = await e2e.wait_for_tally_edit(fake, bot, poll_id, message_id)
    assert edit.status == 200 and "Total voters: 4" in e2e.embed_text(edit)


async def test_a_poll_whose_edits_are_refused_is_logged_once_until_they_go_through(
    fake: FakeDiscord, bot: BotApp, caplog: pytest.LogCaptureFixture
) -> None:
    """View Channel taken from the bot under a busy poll: every vote's edit round logged
    the same 403 at ERROR, for as long as the admin took to notice, though the voters are
    told what to do. Now it is one WARNING when the refusal starts, one line when an edit
    goes through again, and one WARNING more if it is refused again after that."""
    poll_id, message_id, buttons = await e2e.create_poll(fake, bot, POLL)

    async def votes(*users: int) -> None:
        for user in users:
            await fake.answer(await fake.click(message_id, buttons[user % 2], user=user))
            await bot.live.idle()

    def refused(level: int) -> list[str]:
        return [
            r.getMessage()
            for r in caplog.records
            if r.levelno == level and f"poll {poll_id}: discord refused to edit" in r.getMessage()
        ]

    with caplog.at_level(logging.INFO, logger="bot.polls.live"):
        fake.revoke(fake.channel_id, VIEW_CHANNEL)
        await votes(2, 3, 4, 5)
        edits = [c for c in touched(fake, fake.channel_id) if c.method == "PATCH"]
        assert [c.status for c in edits][-3:] == [403, 403, 403], "refused every round"
        assert len(refused(logging.WARNING)) == 1 and refused(logging.ERROR) == []
        del fake.bot_permissions[fake.channel_id]  # the admin gives it back
        await votes(6, 7)
        assert f"poll {poll_id}: its message can be edited again" in caplog.text
        fake.revoke(fake.channel_id, VIEW_CHANNEL)
        await votes(8, 9)
    assert len(refused(logging.WARNING)) == 2 and refused(logging.ERROR) == []


# -- which permissions ----------------------------------------------------------------------


@given(granted=st.integers(min_value=0, max_value=ALL_PERMISSIONS), thread=st.booleans())
def test_only_the_permissions_a_live_poll_uses_are_asked_for(granted: int, thread: bool) -> None:
    """Whatever Discord grants, the bot asks for nothing when it has View Channel, Embed
    Links and the sending permission of the kind of channel, and otherwise for those of
    them it lacks, by name; no other permission changes the answer."""
    send = SEND_MESSAGES_IN_THREADS if thread else SEND_MESSAGES
    needed = VIEW_CHANNEL | EMBED_LINKS | send
    missing = live_poll_missing(discord.Permissions(granted), thread=thread)
    assert (missing == []) == (granted & needed == needed)
    assert len(missing) == bin(needed & ~granted).count("1")
    assert ("Embed Links" in missing) == (not granted & EMBED_LINKS)
    everything_else = discord.Permissions(granted | (ALL_PERMISSIONS & ~needed))
    assert live_poll_missing(everything_else, thread=thread) == missing


# -- private threads ------------------------------------------------------------------------


async def poll_lives(fake: FakeDiscord, bot: BotApp, clock: OffsetClock, where: int) -> None:
    """Check that a poll started in `where` counts a vote and announces its close there,
    nothing refused."""
    before = len(fake.calls)
    poll_id, message_id, buttons = await e2e.create_poll(fake, bot, POLL, channel=where)
    await fake.answer(await fake.click(message_id, buttons[1], user=2))
    edit = await e2e.wait_for_tally_edit(fake, bot, poll_id, message_id)
    assert edit.status == 200 and "Total voters: 1" in e2e.embed_text(edit)
    assert await closed_by_deadline(fake, bot, clock) == [poll_id]
    [announcement] = e2e.channel_posts(fake, where)
    assert announcement.status == 200
    await bot.live.idle()
    assert not [c for c in fake.calls[before:] if c.status >= 400]


async def test_a_poll_in_a_private_thread_the_bot_is_in_works(
    fake: FakeDiscord, bot: BotApp, clock: OffsetClock
) -> None:
    """The bot asks once whether it is a member (it cannot join: no Manage Threads), is
    told so, and the poll lives as in any thread."""
    fake.revoke(fake.channel_id, MANAGE_THREADS)
    thread = await fake.start_thread(private=True)
    await poll_lives(fake, bot, clock, thread.id)
    [asked] = membership_checks(fake, thread.id)
    assert (asked.method, asked.status) == ("GET", 200)


@pytest.mark.parametrize(
    ("moderator", "acted"),
    [(False, True), (True, False), (True, True)],
    ids=["member check", "join never done", "join done"],
)
async def test_a_poll_whose_membership_request_drops_is_kept(
    fake: FakeDiscord,
    bot: BotApp,
    clock: OffsetClock,
    caplog: pytest.LogCaptureFixture,
    moderator: bool,
    acted: bool,
) -> None:
    """The connection drops while the bot asks whether it is in the private thread, or
    joins it: the outcome is unknown, so the poll is kept (at worst its edits are refused,
    as before the membership check) and a warning names the thread. The error used to
    reach the user as the generic error answer, and the poll stayed open with no message."""
    if not moderator:
        fake.revoke(fake.channel_id, MANAGE_THREADS)
    thread = await fake.start_thread(private=True, bot_member=not moderator)
    fake.drop(MEMBER, acted=acted, times=2)  # aiohttp resends the first (GET, PUT)
    caplog.set_level(logging.WARNING)
    await poll_lives(fake, bot, clock, thread.id)
    asked = membership_checks(fake, thread.id)
    assert [(c.method, c.dropped) for c in asked] == [("PUT" if moderator else "GET", True)] * 2
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert str(thread.id) in warning.getMessage() and fake.token not in caplog.text


@KINDS
async def test_a_poll_in_a_private_thread_the_bot_may_not_join_is_not_shown(
    fake: FakeDiscord, bot: BotApp, clock: OffsetClock, options: dict[str, Any] | None
) -> None:
    """It was shown, took votes and stayed at 0: Discord answers the interaction there, but
    refuses every tally edit and the closing announcement (403 Missing Access) until
    someone adds the bot, and `app_permissions` looks as in any thread. Once added, a new
    poll works."""
    fake.revoke(fake.channel_id, MANAGE_THREADS)
    thread = await fake.start_thread(private=True, bot_member=False)
    answer = await fake.answer(await fake.command("poll", options, channel=thread.id))
    hint = await refused_poll(fake, bot, thread.id, answer)
    assert (
        hint
        == NOT_IN_THREAD_HINT
        == ("I can't run a poll here: add me to the thread (@mention me in it).")
    )
    [asked] = membership_checks(fake, thread.id)
    assert (asked.method, asked.status) == ("GET", 403)

    thread.bot_member = True  # someone @mentions the bot, which adds it
    await poll_lives(fake, bot, clock, thread.id)


async def test_a_moderator_bot_joins_a_private_thread_and_its_poll_outlives_the_role(
    fake: FakeDiscord, bot: BotApp, clock: OffsetClock
) -> None:
    """With Manage Threads the bot sees every private thread and may join one by itself: it
    joins when a poll starts there, so the tally and the announcement still get through
    after an admin takes Manage Threads away. Without joining, both were refused."""
    thread = await fake.start_thread(private=True, bot_member=False)
    poll_id, message_id, buttons = await e2e.create_poll(fake, bot, POLL, channel=thread.id)
    [joined] = membership_checks(fake, thread.id)
    assert (joined.method, joined.status) == ("PUT", 204) and thread.bot_member
    fake.revoke(fake.channel_id, MANAGE_THREADS)
    await fake.answer(await fake.click(message_id, buttons[0], user=2))
    edit = await e2e.wait_for_tally_edit(fake, bot, poll_id, message_id)
    assert edit.status == 200 and "Total voters: 1" in e2e.embed_text(edit)
    assert await closed_by_deadline(fake, bot, clock) == [poll_id]
    [announcement] = e2e.channel_posts(fake, thread.id)
    assert announcement.status == 200
    await bot.live.idle()
    assert not [c for c in fake.calls if c.status >= 400]


async def test_no_membership_request_outside_private_threads(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """Channels, public threads and forum posts show the bot to whoever may view the
    parent: no extra request there."""
    threads: list[FakeThread] = [await fake.start_thread(), await fake.start_thread(forum=True)]
    for where in (fake.channel_id, *(t.id for t in threads)):
        await e2e.create_poll(fake, bot, POLL, channel=where)
        assert membership_checks(fake, where) == []
