"""The gateway dropping under a running bot, end to end through discord.py: Discord closes
it (1000, 4000) or the connection is cut without a close frame (1006). The bot RESUMEs, and
the clicks sent meanwhile are replayed to it: each counts once, and one replayed too late
for Discord to take an answer counts not at all. When Discord refuses the RESUME, the bot
identifies anew and serves as before."""

from __future__ import annotations

import asyncio

import pytest

from bot.app import BotApp
from tests.discord_fake import RESUME, FakeDiscord
from tests.test_discord_e2e import create_poll, message_of, wait_for_tally_edit

#: Seconds past creation: Discord gave up on it before it was replayed.
DEAD = 10.0


async def votes(bot: BotApp, poll_id: int) -> list[tuple[str, int]]:
    rows = await bot.db.fetchall(
        "SELECT voter_id, option_number FROM poll_votes WHERE poll_id = ? ORDER BY voter_id",
        poll_id,
    )
    return [(str(row[0]), int(row[1])) for row in rows]


@pytest.mark.parametrize("code", [1000, 4000, None], ids=["1000", "4000", "1006"])
async def test_clicks_sent_while_the_gateway_reconnects_count_once_after_the_resume(
    fake: FakeDiscord, discord_bot: BotApp, code: int | None
) -> None:
    poll_id, message_id, custom_ids = await create_poll(fake, discord_bot)
    fake.holds[RESUME] = held = asyncio.Event()
    dropped = await fake.drop_gateway(code)
    await fake.wait_until(lambda: fake.resumes_held == 1, "the bot to RESUME")
    waiting = await fake.click(message_id, custom_ids[1], user=7)  # for the replay
    dead = await fake.click(message_id, custom_ids[0], user=8, age=DEAD)
    held.set()
    answer = message_of(await fake.answer(waiting))["content"]
    assert answer == f"Your vote on poll #{poll_id} is now “Aaron Gin”."
    [refused] = await fake.wait_for(lambda c: c.path.startswith(f"/interactions/{dead.id}/"))
    assert refused.status == 404
    resumed = fake.sessions[-1]
    assert resumed.resumed and resumed.session_id == dropped.session_id
    after = await fake.click(message_id, custom_ids[0], user=9)  # the new connection serves
    assert "is now “Gavin Baker”" in message_of(await fake.answer(after))["content"]
    users = [str(fake.user(n)["id"]) for n in (7, 9)]
    assert await votes(discord_bot, poll_id) == [(users[0], 2), (users[1], 1)]
    await wait_for_tally_edit(fake, discord_bot, poll_id, message_id)


async def test_a_session_discord_will_not_resume_is_identified_anew(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    poll_id, message_id, custom_ids = await create_poll(fake, discord_bot)
    fake.resumable = False
    identified = len([s for s in fake.sessions if s.identify is not None])
    await fake.drop_gateway(4000)
    await fake.wait_ready(sessions=identified + 1)
    fresh = fake.sessions[-1]
    assert not fresh.resumed and fresh.identify is not None
    click = await fake.click(message_id, custom_ids[0], user=7)
    assert "is now “Gavin Baker”" in message_of(await fake.answer(click))["content"]
    assert await votes(discord_bot, poll_id) == [(str(fake.user(7)["id"]), 1)]
