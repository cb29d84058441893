"""The database goes away for a moment under the Discord adapter: discord.py against the
loopback fake, the bot on a fresh PostgreSQL database behind a forwarder the test cuts."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.discord.respond import ANSWER_LOST
from bot.app import BotApp
from bot.clock import ManualClock
from bot.core.dispatch import FAILED
from tests.database_line import DatabaseLine
from tests.discord_fake import ANSWER, EPHEMERAL, FakeDiscord, Interaction
from tests.test_database_outages import watch
from tests.test_discord_e2e import VOTE_ID, bot_settings, running_bot


async def test_a_poll_answered_as_the_database_drops_still_takes_clicks(
    fake: FakeDiscord, line: DatabaseLine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Discord shows the poll (the interaction's answer) before the bot attaches it to its
    poll; the database away just then must not leave buttons that answer "There is no
    poll #1 here." for good."""
    settings = bot_settings(fake, tmp_path / "unused.db", database_url=line.url)
    async with running_bot(settings, fake) as app:
        attach = watch(app.polls.store, "attach_message", monkeypatch)
        track = app.polls.track

        async def cut_first(*args: Any) -> None:  # Discord has answered: the bot attaches
            line.cut()
            await track(*args)

        monkeypatch.setattr(app.polls, "track", cut_first)
        interaction = await fake.command("poll", None)
        answer = await fake.answer(interaction)
        async with asyncio.timeout(10):
            await attach.failed.wait()
        line.restore()
        custom_ids = answer.custom_ids()
        match = VOTE_ID.fullmatch(custom_ids[0])
        assert match is not None and interaction.message_id is not None
        poll_id = int(match.group(1))
        async with asyncio.timeout(10):
            await attach.succeeded.wait()
        click = await fake.answer(await fake.click(interaction.message_id, custom_ids[0], user=2))
        assert click.json["data"]["flags"] & EPHEMERAL
        assert click.json["data"]["content"].startswith(f"Your vote on poll #{poll_id} is now")


async def test_a_click_whose_commit_is_not_confirmed_says_what_is_recorded(
    fake: FakeDiscord,
    line: DatabaseLine,
    tmp_path: Path,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The vote committed, but the connection dropped before the bot heard so: the user is
    told what is recorded, not "try again" (a second click would take the vote back)."""
    settings = bot_settings(fake, tmp_path / "unused.db", database_url=line.url)
    async with running_bot(settings, fake, clock=clock) as app:
        message_id, custom_ids = await clickable_poll(fake, app, monkeypatch)
        line.lose_next_commit_answer()
        click = await fake.answer(await fake.click(message_id, custom_ids[1], user=2))
        assert click.json["data"]["flags"] & EPHEMERAL
        assert click.json["data"]["content"] == (
            f"{FAILED} Now recorded for you on poll #{poll_number(custom_ids[1])}: “Aaron Gin”."
        )
        assert line.commit_lost.is_set()


async def clickable_poll(
    fake: FakeDiscord, app: BotApp, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, list[str]]:
    """A new poll's message id and button ids, once its clicks count (a click counts on an
    attached message only) and its first edits are done."""
    attach = watch(app.polls.store, "attach_message", monkeypatch)
    interaction = await fake.command("poll", None)
    custom_ids = (await fake.answer(interaction)).custom_ids()
    assert interaction.message_id is not None
    async with asyncio.timeout(10):
        await attach.succeeded.wait()
    await app.polls.wait_idle()
    await app.live.idle()
    return interaction.message_id, custom_ids


async def told_after_a_dropped_answer(fake: FakeDiscord, interaction: Interaction) -> str:
    """What the interaction's user was told once its first answer was dropped."""
    callback = f"/interactions/{interaction.id}/"
    [told] = await fake.wait_for(lambda c: c.path.startswith(callback) and not c.dropped)
    return str(told.json["data"]["content"])


def poll_number(custom_id: str) -> int:
    match = VOTE_ID.fullmatch(custom_id)
    assert match is not None
    return int(match.group(1))


async def test_a_poll_whose_commit_is_not_confirmed_is_shown_once(
    fake: FakeDiscord, line: DatabaseLine, tmp_path: Path, clock: ManualClock
) -> None:
    """The poll was stored, but the bot heard only a dropped connection: the answer is the
    poll, not "try again", which made a second one."""
    settings = bot_settings(fake, tmp_path / "unused.db", database_url=line.url)
    async with running_bot(settings, fake, clock=clock) as app:
        await app.polls.wait_idle()
        line.lose_next_commit_answer()
        interaction = await fake.command("poll", None)
        answer = await fake.answer(interaction)
        assert poll_number(answer.custom_ids()[0]) == 1 and line.commit_lost.is_set()
        assert await app.db.fetchval("SELECT count(*) FROM polls") == 1


async def test_a_click_read_back_as_recorded_whose_answer_is_lost_is_not_told_to_try_again(
    fake: FakeDiscord,
    line: DatabaseLine,
    tmp_path: Path,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The vote committed unconfirmed and was read back as recorded, then its answer to
    Discord dropped too (one network hiccup): the read-back answer was not marked as a
    change (`Reply.changed_poll`), so the own-up notice said "Please try again", and that
    click, 2 s later or more, took the recorded vote back."""
    settings = bot_settings(fake, tmp_path / "unused.db", database_url=line.url)
    async with running_bot(settings, fake, clock=clock) as app:
        message_id, custom_ids = await clickable_poll(fake, app, monkeypatch)
        line.lose_next_commit_answer()
        fake.drop(ANSWER, acted=False)
        click = await fake.click(message_id, custom_ids[1], user=2)
        assert await told_after_a_dropped_answer(fake, click) == ANSWER_LOST
        assert line.commit_lost.is_set()
        poll = await app.polls.store.get(poll_number(custom_ids[1]))
        assert poll is not None and (await app.polls.store.tally(poll)).voters == 1


async def test_a_close_read_back_as_done_whose_answer_is_lost_is_not_told_to_try_again(
    fake: FakeDiscord, line: DatabaseLine, tmp_path: Path, clock: ManualClock
) -> None:
    """/close committed unconfirmed and was read back as closed, then its answer to Discord
    dropped too: the read-back announcement was not marked as a change, so its closer read
    "Please try again", though the poll was closed."""
    settings = bot_settings(fake, tmp_path / "unused.db", database_url=line.url)
    async with running_bot(settings, fake, clock=clock) as app:
        custom_ids = (await fake.answer(await fake.command("poll", None))).custom_ids()
        poll_id = poll_number(custom_ids[0])
        await app.polls.wait_idle()
        line.lose_next_commit_answer()
        fake.drop(ANSWER, acted=False)
        close = await fake.command("close", {"poll": poll_id})
        assert await told_after_a_dropped_answer(fake, close) == ANSWER_LOST
        assert line.commit_lost.is_set()
        poll = await app.polls.store.get(poll_id)
        assert poll is not None and poll.closed
