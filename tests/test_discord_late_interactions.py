"""Interactions that reach the bot already past Discord's 3 seconds, end to end through
discord.py: replayed after a gateway RESUME, or held up by lag. Discord has already shown
"This interaction failed" and refuses any answer (10062), so nothing may be done for them:
the voter clicks again, and that click counts."""

from __future__ import annotations

import logging

import pytest

from bot.app import BotApp
from tests.discord_fake import FakeDiscord
from tests.test_discord_e2e import create_poll, message_of

#: Seconds past creation: Discord gave up on it well before it arrived.
DEAD = 10.0
#: Discord's "thinking…" response: the answer follows as an edit of it.
DEFERRED = 5


async def test_a_click_dead_on_arrival_counts_nothing_and_the_voters_next_click_counts(
    fake: FakeDiscord, discord_bot: BotApp, caplog: pytest.LogCaptureFixture
) -> None:
    """It counted the vote unseen: the voter, told "This interaction failed", clicked again,
    and was told "clicked twice", or, more than 2 s later, had the vote taken back."""
    poll_id, message_id, custom_ids = await create_poll(fake, discord_bot)
    late = await fake.click(message_id, custom_ids[0], user=7, age=DEAD)
    [refused] = await fake.wait_for(lambda c: c.path.startswith(f"/interactions/{late.id}/"))
    assert refused.status == 404  # the defer: the bot asked Discord first
    again = await fake.click(message_id, custom_ids[0], user=7)
    content = message_of(await fake.answer(again))["content"]
    assert content == f"Your vote on poll #{poll_id} is now “Gavin Baker”.", content
    votes = await discord_bot.db.fetchall(
        "SELECT voter_id FROM poll_votes WHERE poll_id = ?", poll_id
    )
    assert len(votes) == 1
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]


async def test_a_command_dead_on_arrival_starts_no_poll(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    late = await fake.command("poll", age=DEAD)
    [refused] = await fake.wait_for(lambda c: c.path.startswith(f"/interactions/{late.id}/"))
    assert refused.status == 404
    await fake.answer(await fake.command("topics"))  # the bot has moved on past it
    assert await discord_bot.db.fetchval("SELECT COUNT(*) FROM polls") == 0


async def test_a_command_deferred_on_arrival_keeps_the_names_of_the_mentions_it_carries(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """Past the defer budget but within Discord's 3 s, the command is deferred before its
    work starts (`answer(start)`): the mentions in its options, labelled as it arrived,
    still reach the poll, and it is attached to the message that replaces "thinking…"."""
    options = {"question": "Where?", "options": f"In <#{fake.channel_id}> | Elsewhere"}
    late = await fake.command("poll", options, age=2.8)
    answer = await fake.answer(late)
    [callback] = [c for c in fake.calls if c.path.startswith(f"/interactions/{late.id}/")]
    assert callback.json["type"] == DEFERRED  # "thinking…" first, the work after
    poll = await discord_bot.polls.store.get(1)
    assert poll is not None and poll.options[0].label == f"In <#{fake.channel_id}|general>"
    labels = [b["label"] for row in message_of(answer)["components"] for b in row["components"]]
    assert labels[:2] == ["In #general", "Elsewhere"]
    assert await discord_bot.polls.store.messages(1)
