"""An answer that cannot be delivered is owned up to where the user is looking.

The real discord.py client against the loopback fake, whose interaction answers a test can
drop (`FakeDiscord.drop`, kind `answer`) before or after Discord acts on them: the bot sees
a dropped connection either way, so it must ask before it overwrites anything.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from pathlib import Path

import pytest

from bot.adapters.discord import respond
from bot.adapters.discord.client import DebateClient
from bot.adapters.discord.respond import Answered
from bot.app import BotApp
from bot.core.context import ChannelRef, Context
from bot.core.dispatch import FAILURE
from bot.core.registry import Command, OptionValue
from bot.core.replies import Card, Reply, Text
from bot.polls.model import PollDraft
from tests import test_discord_e2e as e2e
from tests.discord_fake import (
    ANSWER,
    EMBED_LINKS,
    EPHEMERAL,
    LOADING,
    MANAGE_GUILD,
    FakeDiscord,
    Interaction,
)
from tests.test_discord_database_outages import told_after_a_dropped_answer
from tests.test_discord_e2e import bot_settings, channel_posts, running_bot


class Slow:
    """A command whose answer waits for the test, so the bot defers ("thinking…") first;
    `make` writes the answer (a card by default)."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.command = Command("slow", "Takes its time", self.run)
        self.make: Callable[[Context], Awaitable[Reply]] = self.done

    async def run(self, ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        await self.release.wait()
        return await self.make(ctx)

    @staticmethod
    async def done(ctx: Context) -> Reply:
        return Reply(cards=(Card(title="Done", blocks=(Text("late answer"),)),))


@pytest.fixture
async def slow_bot(
    fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[BotApp, Slow]]:
    monkeypatch.setattr(respond, "DEFER_AFTER", 0.05)
    slow = Slow()
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake, (slow.command,)) as app:
        yield app, slow


async def deferred(fake: FakeDiscord, slow: Slow) -> Interaction:
    """/slow, once Discord shows its "thinking…" placeholder."""
    interaction = await fake.command("slow")
    await fake.wait_until(
        lambda: interaction.message_id is not None, what="the placeholder of /slow"
    )
    return interaction


async def round_trip(fake: FakeDiscord) -> None:
    """Another command answered: whatever the bot was finishing has had its turn."""
    await fake.answer(await fake.command("help"))


async def test_a_dropped_answer_after_thinking_is_replaced_by_the_failure_notice(
    fake: FakeDiscord, slow_bot: tuple[BotApp, Slow]
) -> None:
    _, slow = slow_bot
    interaction = await deferred(fake, slow)
    fake.drop(ANSWER, acted=False)
    slow.release.set()
    assert interaction.message_id is not None
    original = fake.messages[interaction.message_id]
    await fake.wait_until(
        lambda: original["content"] == FAILURE, what="the failure notice in the placeholder"
    )
    assert not original["flags"] & LOADING
    assert original["embeds"] == []


async def test_an_answer_dropped_after_discord_showed_it_is_left_alone(
    fake: FakeDiscord, slow_bot: tuple[BotApp, Slow]
) -> None:
    """The edit arrived, only its reply was lost: the bot asks Discord, sees the answer on
    screen and does not overwrite it with a failure it did not have."""
    _, slow = slow_bot
    interaction = await deferred(fake, slow)
    fake.drop(ANSWER, acted=True)
    slow.release.set()
    await fake.wait_for(lambda c: c.method == "GET" and c.path.endswith("/messages/@original"))
    await round_trip(fake)
    assert interaction.message_id is not None
    original = fake.messages[interaction.message_id]
    assert original["embeds"][0]["title"] == "Done"
    edits = [c for c in fake.responses(interaction) if c.method == "PATCH"]
    assert [edit.dropped for edit in edits] == [True]  # the answer, and nothing over it


async def test_a_dropped_direct_answer_is_followed_by_the_failure_notice(
    fake: FakeDiscord, slow_bot: tuple[BotApp, Slow]
) -> None:
    """No defer: the answer itself was lost before Discord acted, so the interaction is still
    unacknowledged and takes the notice, privately, instead of "did not respond"."""
    fake.drop(ANSWER, acted=False)
    interaction = await fake.command("help")
    callback = f"/interactions/{interaction.id}/"
    [answer] = await fake.wait_for(lambda c: c.path.startswith(callback) and not c.dropped)
    assert answer.json["data"]["content"] == FAILURE
    assert answer.json["data"]["flags"] & EPHEMERAL


async def test_a_failure_in_the_work_after_thinking_replaces_the_placeholder(
    fake: FakeDiscord, slow_bot: tuple[BotApp, Slow], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The adapter's own step after the command (a poll discarded where it cannot live)
    failing, the database away: the placeholder says so instead of spinning. The command
    arrives 2.8 s old, so it is deferred before any work."""

    async def unreachable(poll_id: int) -> None:
        raise OSError("database unreachable")

    bot, _ = slow_bot
    monkeypatch.setattr(bot.polls, "discard", unreachable)
    fake.revoke(fake.channel_id, EMBED_LINKS)  # the poll's tally could never show here
    interaction = await fake.command("poll", age=2.8)
    answer = await fake.answer(interaction)
    assert answer.method == "PATCH"
    assert answer.json["content"] == FAILURE


@pytest.mark.parametrize("acted", [False, True], ids=["lost", "shown"])
async def test_a_new_poll_whose_deferred_answer_was_lost_is_not_left_open(
    fake: FakeDiscord,
    slow_bot: tuple[BotApp, Slow],
    monkeypatch: pytest.MonkeyPatch,
    acted: bool,
) -> None:
    """A new poll deferred ("thinking…"), whose answer's edit was lost: its user read the
    failure notice and starts another, yet the first poll stayed open with no message,
    listed beside the second in autocomplete. The placeholder still loading says the poll
    was never shown: it is discarded, as a refused first answer's already was. An edit
    that did arrive leaves the poll alone."""
    app, slow = slow_bot
    handled = asyncio.Event()
    track = DebateClient._track

    async def observed(client: DebateClient, ctx: Context, answered: Answered) -> None:
        await track(client, ctx, answered)
        handled.set()

    monkeypatch.setattr(DebateClient, "_track", observed)  # observe only
    slow.make = lambda ctx: app.polls.create(ctx, PollDraft.custom("Lunch?", "A | B"))
    await deferred(fake, slow)
    fake.drop(ANSWER, acted=acted)
    slow.release.set()
    async with asyncio.timeout(10):
        await handled.wait()
    here = ChannelRef("discord", str(fake.guild_id), str(fake.channel_id))
    assert [p.id for p in await app.polls.open_polls_in(here, limit=5)] == ([1] if acted else [])
    poll = await app.polls.store.get(1)
    assert poll is not None and poll.closed is not acted


async def test_a_vote_whose_answer_was_lost_is_not_told_to_try_again(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """A click whose answer was lost before Discord showed it: the vote is in the database,
    so "Please try again" was untrue, and the click it asked for, 2 s later or more, took
    the vote back. The notice says the vote was done instead.

    The bot defers after Discord's usual budget, not `slow_bot`'s 50 ms: on a loaded
    machine that made the /poll itself a deferred answer, which `create_poll` does not read."""
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake) as app:
        poll = {"question": "Lunch?", "options": "Pizza | Sushi"}
        poll_id, message_id, buttons = await e2e.create_poll(fake, app, poll)
        fake.drop(ANSWER, acted=False)
        click = await fake.click(message_id, buttons[0], user=2)
        callback = f"/interactions/{click.id}/"
        [answer] = await fake.wait_for(lambda c: c.path.startswith(callback) and not c.dropped)
        assert answer.json["data"]["content"] == respond.ANSWER_LOST
        assert "try again" not in respond.ANSWER_LOST
        stored = await app.polls.store.get(poll_id)
        assert stored is not None and (await app.polls.store.tally(stored)).voters == 1


@pytest.mark.parametrize("action", ["on", "off", "now"])
async def test_a_daily_change_whose_answer_was_lost_is_not_told_to_try_again(
    fake: FakeDiscord, tmp_path: Path, action: str
) -> None:
    """/daily on, off or now whose answer Discord never took, after the schedule was
    stored (or stopped, or the takeaway posted): the admin read "Please try again",
    though it was done, and /daily now tried again posted a second takeaway. The notice
    says it was done, as for a vote."""
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake) as app:
        if action != "on":
            on = await fake.command("daily", {"action": "on"}, permissions=MANAGE_GUILD)
            await fake.answer(on)
        posts = len(channel_posts(fake))
        fake.drop(ANSWER, acted=False)
        change = await fake.command("daily", {"action": action}, permissions=MANAGE_GUILD)
        assert await told_after_a_dropped_answer(fake, change) == respond.ANSWER_LOST
        here = ChannelRef("discord", str(fake.guild_id), str(fake.channel_id))
        subscription = await app.daily.store.subscription(here)
        assert subscription is not None and subscription.enabled is (action != "off")
        assert len(channel_posts(fake)) == posts + (action != "off")
