"""Discord's rate limits on the bot's answers, end to end with the real discord.py client
against FakeDiscord: a 429 its headers did not foretell (Discord's shared limits), with
`retry_after`, on an interaction's callback and on its follow-ups."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import pytest

from bot.adapters.discord.embeds import split_reply
from bot.core.context import Context
from bot.core.registry import Command, OptionValue
from bot.core.replies import Reply
from tests.discord_fake import FakeDiscord
from tests.test_discord_e2e import bot_settings, message_of, running_bot

#: An answer longer than one Discord message holds: its callback, then follow-ups.
LONG = Reply(text="\n".join(f"Line {number}: " + "words " * 14 for number in range(90)))
CALLBACK = "POST /api/v10/interactions/{interaction}/{token}/callback"
FOLLOW_UP = "POST /api/v10/webhooks/{app}/{token}"


async def long_answer(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
    return LONG


@pytest.mark.parametrize("route", [CALLBACK, FOLLOW_UP], ids=["callback", "follow-up"])
async def test_an_answer_rate_limited_is_waited_out_and_arrives_whole_once(
    fake: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture, route: str
) -> None:
    """Two 429s in a row: each part of the answer arrives once, in order, and nothing
    reaches the log above discord.py's own warning."""
    parts = [m.content for m in split_reply(LONG)]
    assert len(parts) > 2
    command = Command("long", "A long answer", long_answer)
    settings = bot_settings(fake, tmp_path / "bot.db")
    async with running_bot(settings, fake, (command,)):
        fake.rate_limit(route, times=2, retry_after=0.01)
        interaction = await fake.command("long")
        await fake.wait_until(
            lambda: len(fake.responses(interaction)) == len(parts), "every part of the answer"
        )
    answers = fake.responses(interaction)
    assert [message_of(answer)["content"] for answer in answers] == parts
    refused = [c for c in fake.calls if c.status == 429]
    assert len(refused) == 2 and refused[0].headers["X-RateLimit-Scope"] == "shared"
    assert all(c.path.endswith("/callback") == (route == CALLBACK) for c in refused)
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
