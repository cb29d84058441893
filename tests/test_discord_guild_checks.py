"""A refusal that may mean the bot left the server (403 Missing Access, 404 Unknown Channel)
asks Discord (Get Guild) only when the process cannot tell by itself, end to end with the
real discord.py client against FakeDiscord."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.adapters.discord.client import DiscordAdapter
from bot.app import BotApp
from bot.core.context import ChannelRef
from bot.core.outbound import DeliveryError
from bot.core.replies import notice
from tests import test_discord_e2e as e2e
from tests.discord_fake import VIEW_CHANNEL, FakeDiscord


def guild_checks(fake: FakeDiscord) -> int:
    return sum(1 for c in fake.calls if c.method == "GET" and c.path == f"/guilds/{fake.guild_id}")


async def test_refused_tally_edits_in_a_server_the_gateway_serves_ask_nothing_more(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """View Channel taken from the bot under a busy poll: each vote's refused edit asked
    Get Guild whether the bot was still in the server, a request a vote, though the
    gateway had sent the server (GUILD_CREATE) and never its removal. None is asked now."""
    poll = {"question": "Still here?", "options": "Yes | No"}
    _, message_id, buttons = await e2e.create_poll(fake, discord_bot, poll)
    fake.revoke(fake.channel_id, VIEW_CHANNEL)
    for user in (2, 3, 4):
        await fake.answer(await fake.click(message_id, buttons[0], user=user))
        await discord_bot.live.idle()
    refused = [c for c in fake.calls if c.method == "PATCH" and c.status == 403]
    assert len(refused) == 3, "each vote's edit was refused"
    assert guild_checks(fake) == 0


async def test_a_server_another_shards_process_serves_is_asked_about_once_a_minute(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """Two processes split the shards; the one whose shards do not serve the server posts
    there (a daily post, a tally edit: any instance may) and is refused. It asks Get Guild
    once, then takes that answer for a while, instead of once a refusal."""
    owner = (fake.guild_id >> 22) % 2
    serving, other = (
        e2e.bot_settings(fake, tmp_path / "bot.db", discord_shard_count=2, discord_shard_ids=(n,))
        for n in (owner, 1 - owner)
    )
    async with e2e.running_bot(serving, fake), e2e.running_bot(other, fake) as app:
        adapter = app.outbounds.get("discord")
        assert isinstance(adapter, DiscordAdapter)
        assert adapter.client.get_guild(fake.guild_id) is None  # not this process's server
        fake.revoke(fake.channel_id, VIEW_CHANNEL)
        here = ChannelRef("discord", str(fake.guild_id), str(fake.channel_id))
        for _ in range(3):
            with pytest.raises(DeliveryError) as refused:
                await adapter.post(here, notice("A takeaway."))
            assert refused.value.permanent and not refused.value.removed
        assert guild_checks(fake) == 1
