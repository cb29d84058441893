"""Live tally edits whose connection drops, end to end with the real discord.py client
against FakeDiscord (`FakeDiscord.drop`), before or after Discord applied the edit.

A message edit is a PATCH: aiohttp never resends it, and the adapter reports the drop as a
transient DeliveryError (an edit creates nothing, so its outcome is not "unknown": sending
it again is harmless). The live tally logs it and edits again at the next interval, so the
message catches up with the database by itself, the voter is never told about it, and the
edits of one message stay at least an interval apart.
"""

from __future__ import annotations

from itertools import pairwise

import pytest

from bot.app import BotApp
from bot.clock import OffsetClock
from tests.discord_fake import EPHEMERAL, FakeDiscord, RestCall
from tests.test_discord_e2e import create_poll, embed_text, message_of, wait_for_tally_edit
from tests.test_discord_threads import POLL, bot, clock, closed_by_deadline

__all__ = ["bot", "clock"]  # the threads suite's fixtures: the bot on a clock tests move on

ACTED = pytest.mark.parametrize("acted", [True, False], ids=["applied", "never applied"])
#: The loopback fake's clock and the database's are read apart (as in the Slack instances
#: suite): how far two readings of the same instant may differ.
TOLERANCE = 0.02


def message_edits(fake: FakeDiscord, message_id: int) -> list[RestCall]:
    """Every edit of the message the bot asked for, dropped or answered."""
    path = f"/channels/{fake.channel_id}/messages/{message_id}"
    return [c for c in fake.calls if c.method == "PATCH" and c.path == path]


def assert_an_interval_apart(edits: list[RestCall], bot: BotApp) -> None:
    """At most one edit per interval, the dropped one included."""
    gaps = [later.at - earlier.at for earlier, later in pairwise(edits)]
    assert all(gap >= bot.live.interval - TOLERANCE for gap in gaps), gaps


@ACTED
async def test_a_dropped_tally_edit_is_made_again_at_the_next_interval(
    fake: FakeDiscord, bot: BotApp, acted: bool
) -> None:
    """No further vote is needed: the edit after the dropped one shows the database, and
    the voter sees only their vote's confirmation."""
    poll_id, message_id, buttons = await create_poll(fake, bot, POLL)
    fake.drop("edit", acted=acted)
    click = await fake.click(message_id, buttons[0], user=2)
    answer = await fake.answer(click)
    confirmation = message_of(answer)
    assert confirmation["flags"] & EPHEMERAL
    assert confirmation["content"].startswith(f"Your vote on poll #{poll_id} is ")
    caught_up = await wait_for_tally_edit(fake, bot, poll_id, message_id)
    await bot.live.idle()
    dropped, again = message_edits(fake, message_id)
    assert dropped.dropped and again is caught_up
    assert dropped.json == again.json, "the same state, sent again without a new change"
    assert "Total voters: 1" in embed_text(caught_up)
    assert fake.messages[message_id]["embeds"] == caught_up.json["embeds"]
    assert_an_interval_apart([dropped, again], bot)
    assert fake.responses(click) == [answer], "nothing about the drop reaches the voter"


@ACTED
async def test_a_dropped_closing_edit_at_the_deadline_still_shows_the_closed_poll(
    fake: FakeDiscord, bot: BotApp, clock: OffsetClock, acted: bool
) -> None:
    poll_id, message_id, buttons = await create_poll(fake, bot, POLL)
    await fake.answer(await fake.click(message_id, buttons[1], user=2))
    await wait_for_tally_edit(fake, bot, poll_id, message_id)
    fake.drop("edit", acted=acted)
    assert await closed_by_deadline(fake, bot, clock) == [poll_id]
    final = await wait_for_tally_edit(fake, bot, poll_id, message_id)
    assert "Winner: “Gin”" in embed_text(final)
    assert fake.messages[message_id]["embeds"] == final.json["embeds"]
    *_, dropped, again = message_edits(fake, message_id)
    assert dropped.dropped and again is final
    assert_an_interval_apart(message_edits(fake, message_id), bot)


async def test_an_edit_past_the_cap_on_hour_old_messages_is_made_again_later(
    fake: FakeDiscord, bot: BotApp, clock: OffsetClock
) -> None:
    """Discord caps edits of messages older than an hour and refuses the rest "try again
    later" (429, 30046, no `Via`: discord.py raises it). It was taken for a permanent
    refusal, counted as shown and never retried: a long poll's message kept its old tally,
    and after its deadline still showed it open, buttons and all."""
    poll_id, message_id, buttons = await create_poll(fake, bot, POLL)
    fake.cap_old_edits()
    await fake.answer(await fake.click(message_id, buttons[0], user=2))
    voted = await wait_for_tally_edit(fake, bot, poll_id, message_id)
    assert "Total voters: 1" in embed_text(voted)
    fake.cap_old_edits()
    assert await closed_by_deadline(fake, bot, clock) == [poll_id]
    final = await wait_for_tally_edit(fake, bot, poll_id, message_id)
    assert fake.messages[message_id]["embeds"] == final.json["embeds"]
    assert fake.messages[message_id]["components"] == []  # no buttons on a closed poll
    statuses = [edit.status for edit in message_edits(fake, message_id)]
    assert statuses == [429, 200, 429, 200]


async def test_a_poll_whose_message_a_moderator_deleted_still_counts_and_announces(
    fake: FakeDiscord, bot: BotApp, clock: OffsetClock
) -> None:
    """A moderator deletes a live poll's message: its next edit is refused once (404 Unknown
    Message) and the message detached, so no later vote tries it again; votes by /vote still
    count and say where the tally is now; at the deadline the result is still posted."""
    poll_id, message_id, buttons = await create_poll(fake, bot, POLL)
    await fake.answer(await fake.click(message_id, buttons[0], user=2))
    await wait_for_tally_edit(fake, bot, poll_id, message_id)
    del fake.messages[message_id]  # deleted by a moderator
    for user in (3, 4, 5):
        vote = await fake.command("vote", {"poll": poll_id, "option": "Gin"}, user=user)
        told = message_of(await fake.answer(vote))["content"]
        await bot.live.idle()
    assert told == (
        f"Your vote on poll #{poll_id} is now “Gin”. The poll's message can't show new votes: "
        f"it was deleted. See `/results poll:{poll_id}`."
    )
    assert [edit.status for edit in message_edits(fake, message_id)] == [200, 404]
    assert await closed_by_deadline(fake, bot, clock) == [poll_id]
    [result] = [
        c
        for c in fake.calls
        if c.method == "POST" and c.path == f"/channels/{fake.channel_id}/messages"
    ]
    assert result.status == 200
    assert result.json["content"].endswith("Winner: “Gin” with 3 votes (75% of voters).")
    assert [edit.status for edit in message_edits(fake, message_id)] == [200, 404]


@pytest.mark.parametrize("ended_by", ["close", "deadline"])
async def test_round_two_of_a_poll_whose_message_was_deleted_says_where_to_vote(
    fake: FakeDiscord, bot: BotApp, clock: OffsetClock, ended_by: str
) -> None:
    """A moderator deletes a two-round poll's message in round 1: at the end of round 1
    (by /close or at its deadline) the channel read "Round 2 (after) is open on the same
    message", a message that is gone. It now says to vote by command, and where the tally
    is; round-2 votes by /vote count."""
    poll_id, message_id, buttons = await create_poll(fake, bot, POLL | {"rounds": 2})
    await fake.answer(await fake.click(message_id, buttons[0], user=2))
    await wait_for_tally_edit(fake, bot, poll_id, message_id)
    del fake.messages[message_id]  # deleted by a moderator
    await fake.answer(await fake.command("vote", {"poll": poll_id, "option": "Gin"}, user=3))
    await bot.live.idle()  # its edit found the message gone
    if ended_by == "close":
        told = embed_text(await fake.answer(await fake.command("close", {"poll": poll_id})))
    else:
        clock.advance(3600)
        await bot.polls.sweep_deadlines()
        channel = f"/channels/{fake.channel_id}/messages"
        [post] = await fake.wait_for(lambda c: c.method == "POST" and c.path == channel)
        told = embed_text(post)
    assert "on the same message" not in told
    assert (
        "Round 2 (after) is open, but its message was deleted: vote with "
        f"`/vote poll:{poll_id} option:…` (your round-1 vote stands until you change it, and "
        f"new voters are welcome). See `/results poll:{poll_id}`."
    ) in told
    vote = await fake.command("vote", {"poll": poll_id, "option": "Baker"}, user=3)
    assert "Baker" in embed_text(await fake.answer(vote))
    poll = await bot.polls.store.get(poll_id)
    assert poll is not None and poll.round == 2 and not poll.closed


async def test_round_two_of_a_poll_with_its_message_is_open_on_the_same_message(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """The deleted-message wording is for a deleted message only."""
    poll_id, _, _ = await create_poll(fake, bot, POLL | {"rounds": 2})
    told = embed_text(await fake.answer(await fake.command("close", {"poll": poll_id})))
    assert "Round 2 (after) is open on the same message: your round-1 vote stands" in told
