"""A Discord bot stopping soon after it connected leaves nothing of discord.py running."""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

from tests.discord_fake import FakeDiscord
from tests.test_discord_e2e import bot_settings, running_bot


def _held_back_ready() -> list[asyncio.Task[object]]:
    """discord.py's wait for the servers' GUILD_CREATEs before it dispatches READY."""
    return [t for t in asyncio.all_tasks() if "_delay_ready" in t.get_coro().__qualname__]


async def test_a_bot_stopped_before_ready_is_dispatched_runs_no_handler_after(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """Stopped within discord.py's 2 s READY delay, the closed client dispatched `ready`
    when the delay ended: an AttributeError (its loop was gone) in a task nobody awaited,
    and the warning "coroutine 'Client._run_event' was never awaited" in whichever test
    ran then. Now nothing is dispatched once closed."""
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake):
        held = _held_back_ready()
    assert held, "READY was dispatched at once: this test no longer stops the bot within it"
    await asyncio.wait(held)  # the delay ends on the stopped bot
    errors = [task.exception() for task in held]
    del held  # and with them the frames that hold an un-run handler
    gc.collect()  # which warns here, an error by pyproject.toml's filterwarnings
    assert errors == [None]
