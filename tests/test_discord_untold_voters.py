"""The first voter after a poll's message became uneditable, end to end with the real
discord.py client against FakeDiscord.

A vote is confirmed before the tally edit it leads to, so the first vote after a moderator
locked the poll's thread, or removed the bot from its private thread (which the
interaction's `app_permissions` does not show), was confirmed as if all were well, and
only later voters read why the message stopped moving. That voter is now told privately
through their interaction's webhook when the edit is refused; nobody is told twice.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.adapters.discord.client import NO_ACCESS_HINT, THREAD_LOCKED_HINT
from bot.app import BotApp
from bot.clock import OffsetClock
from tests.discord_fake import (
    ANSWER,
    EPHEMERAL,
    MANAGE_THREADS,
    VIEW_CHANNEL,
    FakeDiscord,
    FakeThread,
    Interaction,
)
from tests.test_discord_e2e import create_poll, embed_text, message_of, wait_for_tally_edit
from tests.test_discord_threads import bot, clock, closed_by_deadline, refused_edits

__all__ = ["bot", "clock"]  # the threads suite's fixtures

POLL = {"question": "Which untold question wins?", "options": "Baker | Gin", "duration": "1h"}


async def lock(fake: FakeDiscord, thread: FakeThread) -> str:
    await fake.set_thread(thread, locked=True)
    return THREAD_LOCKED_HINT


async def remove_from_private_thread(fake: FakeDiscord, thread: FakeThread) -> str:
    assert not fake.moderator_in(thread)  # a moderator would see it anyway
    thread.bot_member = False  # a moderator removes the bot; app_permissions stay as they were
    return NO_ACCESS_HINT


UNEDITABLE = pytest.mark.parametrize(
    ("private", "uneditable"),
    [(False, lock), (True, remove_from_private_thread)],
    ids=["thread locked", "bot removed from private thread"],
)


def follow_ups(fake: FakeDiscord, interaction: Interaction) -> list[str]:
    """What was sent to the interaction after its answer, each ephemeral."""
    sent = [c for c in fake.responses(interaction) if c.method == "POST" and "/webhooks/" in c.path]
    assert all(message_of(c)["flags"] & EPHEMERAL for c in sent)
    return [str(message_of(c)["content"]) for c in sent]


@UNEDITABLE
async def test_the_first_voter_after_the_message_became_uneditable_is_told(
    fake: FakeDiscord, bot: BotApp, private: bool, uneditable: object
) -> None:
    """The vote after the change was confirmed plainly, its edit refused, and its voter
    told nothing; now they hear it privately, once; the next voter reads it in their
    confirmation and gets no follow-up; every vote counts."""
    fake.revoke(fake.channel_id, MANAGE_THREADS)  # private threads hide from the bot
    thread = await fake.start_thread(private=private)
    poll_id, message_id, buttons = await create_poll(fake, bot, POLL, channel=thread.id)
    await fake.answer(await fake.click(message_id, buttons[0], user=2))
    await wait_for_tally_edit(fake, bot, poll_id, message_id)
    hint = await uneditable(fake, thread)  # type: ignore[operator]

    first = await fake.click(message_id, buttons[1], user=3)
    confirmed = embed_text(await fake.answer(first))
    assert confirmed == f"Your vote on poll #{poll_id} is now “Gin”."  # the edit comes after
    await fake.wait_until(lambda: len(refused_edits(fake, thread, message_id)) == 1, "a refusal")
    await bot.live.idle()
    await fake.wait_until(lambda: bool(follow_ups(fake, first)), "the follow-up")
    assert follow_ups(fake, first) == [
        f"What you did on poll #{poll_id} counts, but its message can't show it: {hint}"
    ]

    later = await fake.click(message_id, buttons[0], user=4)
    told = embed_text(await fake.answer(later))
    assert told.count(hint) == 1  # in the confirmation, from the refusal stored
    await bot.live.idle()
    assert follow_ups(fake, later) == []
    poll = await bot.polls.store.get(poll_id)
    assert poll is not None and (await bot.polls.store.tally(poll)).voters == 3


@UNEDITABLE
async def test_a_close_left_unshown_is_told_too(
    fake: FakeDiscord, bot: BotApp, private: bool, uneditable: object
) -> None:
    """A /close whose closed message Discord then refuses to show: the closer hears that
    it counts but its message can't show it."""
    fake.revoke(fake.channel_id, MANAGE_THREADS)  # private threads hide from the bot
    thread = await fake.start_thread(private=private)
    poll_id, _, _ = await create_poll(fake, bot, POLL, channel=thread.id)
    hint = await uneditable(fake, thread)  # type: ignore[operator]
    close = await fake.command("close", {"poll": poll_id}, channel=thread.id)
    assert "is closed" in embed_text(await fake.answer(close))
    await fake.wait_until(lambda: bool(follow_ups(fake, close)), "the follow-up")
    await bot.live.idle()
    assert follow_ups(fake, close) == [
        f"What you did on poll #{poll_id} counts, but its message can't show it: {hint}"
    ]


async def test_a_voter_is_told_when_the_refusal_comes_before_their_answer(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """The edit a vote leads to may be refused before the vote's own answer reaches
    Discord (the edit goes out at once after a quiet spell): the voter is remembered before
    the answer is sent, so the refusal finds them."""
    thread = await fake.start_thread()
    poll_id, message_id, buttons = await create_poll(fake, bot, POLL, channel=thread.id)
    await lock(fake, thread)
    release = fake.holds[ANSWER] = asyncio.Event()
    click = await fake.click(message_id, buttons[0], user=2)
    await fake.wait_until(lambda: len(refused_edits(fake, thread, message_id)) == 1, "a refusal")
    release.set()
    await fake.answer(click)
    await fake.wait_until(lambda: bool(follow_ups(fake, click)), "the follow-up")
    await bot.live.idle()
    assert follow_ups(fake, click) == [
        f"What you did on poll #{poll_id} counts, but its message can't show it: "
        f"{THREAD_LOCKED_HINT}"
    ]


async def test_a_voter_warned_by_the_interactions_permissions_is_not_told_again(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """View Channel taken: the interaction's `app_permissions` say so in the confirmation
    itself (`_warned`), so the refused edit that follows sends nothing more."""
    _, message_id, buttons = await create_poll(fake, bot, POLL)
    fake.revoke(fake.channel_id, VIEW_CHANNEL)
    click = await fake.click(message_id, buttons[0], user=2)
    assert "give me View Channel" in embed_text(await fake.answer(click))
    path = f"/channels/{fake.channel_id}/messages/{message_id}"
    await fake.wait_for(lambda c: c.method == "PATCH" and c.path == path and c.status == 403)
    await bot.live.idle()
    assert follow_ups(fake, click) == []


async def test_a_voter_whose_edit_went_through_is_not_followed_up_later(
    fake: FakeDiscord, bot: BotApp, clock: OffsetClock
) -> None:
    """The voter remembered is forgotten at the poll's next edit that goes through: the
    deadline's edit refused later, in a thread locked since, is not theirs to hear of."""
    thread = await fake.start_thread()
    poll_id, message_id, buttons = await create_poll(fake, bot, POLL, channel=thread.id)
    early = await fake.click(message_id, buttons[0], user=2)
    await fake.answer(early)
    await wait_for_tally_edit(fake, bot, poll_id, message_id)
    await lock(fake, thread)
    assert await closed_by_deadline(fake, bot, clock) == [poll_id]
    await fake.wait_until(lambda: len(refused_edits(fake, thread, message_id)) == 1, "a refusal")
    await bot.live.idle()
    assert follow_ups(fake, early) == []
