"""A DM poll probed from another user's DM, end to end with the real discord.py client;
and the Discord side of "a vote needs a voter" and "a post is sent at most once".

Every DM shares the workspace `dm`, so a poll's conversation must be its channel: here user 2,
in their own DM with the bot, tries poll #N of user 1's DM by number (/results, /vote), by
autocomplete and by a click carrying user 1's poll message. Each gets "There is no poll #N
here." and nothing is stored; user 1, in their DM, still reaches the poll.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.app import BotApp
from bot.core.context import ChannelRef
from bot.core.outbound import DeliveryError
from bot.core.replies import Reply
from tests.discord_fake import AUTOCOMPLETE_RESULT, EPHEMERAL, FakeDiscord, Interaction
from tests.test_discord_e2e import bot_settings, create_poll, message_of, running_bot

OWNER, PROBER = 1, 2


async def dm_poll(fake: FakeDiscord, app: BotApp) -> tuple[int, int, list[str]]:
    """User 1 starts a poll in their DM: its id, message id and buttons, once live."""
    options = {"question": "My private question?", "options": "Yes | No"}
    return await create_poll(fake, app, options, user=OWNER, dm=True)


async def said(fake: FakeDiscord, interaction: Interaction) -> dict[str, Any]:
    return message_of(await fake.answer(interaction))


async def suggestions(fake: FakeDiscord, interaction: Interaction) -> list[dict[str, Any]]:
    [call] = await fake.wait_for(
        lambda c: c.path == f"/interactions/{interaction.id}/{interaction.token}/callback"
    )
    assert call.json["type"] == AUTOCOMPLETE_RESULT
    return list(call.json["data"]["choices"])


async def test_a_dm_poll_is_unreachable_from_another_dm(fake: FakeDiscord, tmp_path: Path) -> None:
    settings = bot_settings(fake, tmp_path / "bot.db", discord_guild_id=None)
    async with running_bot(settings, fake) as app:
        poll_id, message_id, buttons = await dm_poll(fake, app)
        not_here = f"There is no poll #{poll_id} here."
        typed = f"{not_here} Start one with `/poll`."

        probes = [
            await fake.command("results", {"poll": poll_id}, user=PROBER, dm=True),
            await fake.command("vote", {"poll": poll_id, "option": "1"}, user=PROBER, dm=True),
            await fake.command("close", {"poll": poll_id}, user=PROBER, dm=True),
            await fake.click(message_id, buttons[0], user=PROBER, dm=True),
            await fake.click(message_id, buttons[-1], user=PROBER, dm=True),
        ]
        for probe, expected in zip(probes, [typed] * 3 + [not_here] * 2, strict=True):
            answer = await said(fake, probe)
            assert answer["flags"] & EPHEMERAL and answer["content"] == expected, answer
            assert "private question" not in str(answer)
        typed = await fake.autocomplete("vote", "poll", "", user=PROBER, dm=True)
        assert await suggestions(fake, typed) == []
        by_question = await fake.autocomplete("results", "poll", "private", user=PROBER, dm=True)
        assert await suggestions(fake, by_question) == []
        assert await app.db.fetchval("SELECT COUNT(*) FROM poll_votes") == 0
        poll = await app.polls.store.get(poll_id)
        assert poll is not None and not poll.closed

        # The owner, in their own DM, reaches the same poll every way.
        own = await fake.autocomplete("vote", "poll", "", user=OWNER, dm=True)
        assert [c["value"] for c in await suggestions(fake, own)] == [poll_id]
        voted = await said(fake, await fake.click(message_id, buttons[0], user=OWNER, dm=True))
        assert "is now “Yes”" in voted["content"]
        results = await said(
            fake, await fake.command("results", {"poll": poll_id}, user=OWNER, dm=True)
        )
        assert f"Results of poll #{poll_id}" in str(results)


async def test_a_click_naming_no_user_is_refused_and_not_counted(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    settings = bot_settings(fake, tmp_path / "bot.db", discord_guild_id=None)
    async with running_bot(settings, fake) as app:
        _, message_id, buttons = await dm_poll(fake, app)
        nobody = await fake.click(message_id, buttons[0], user=OWNER, dm=True, anonymous=True)
        answer = await said(fake, nobody)
        assert answer["flags"] & EPHEMERAL and "did not say who you are" in answer["content"]
        assert await app.db.fetchval("SELECT COUNT(*) FROM poll_votes") == 0
        assert await app.db.fetchval("SELECT COUNT(*) FROM users WHERE user_id = ''") == 0


async def test_a_post_whose_connection_drops_is_sent_once_and_reported_unknown(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """discord.py does not resend a message create after the connection drops, and the
    adapter reports the outcome as unknown (so the daily scheduler never resends it)."""
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake) as app:
        outbound = app.outbounds.get("discord")
        assert outbound is not None
        channel = ChannelRef("discord", str(fake.guild_id), str(fake.channel_id))
        fake.drop("post", acted=True)
        with pytest.raises(DeliveryError) as dropped:
            await outbound.post(channel, Reply(text="Today's takeaway"))
        assert dropped.value.unknown and not dropped.value.permanent
        creates = [c for c in fake.calls if c.method == "POST" and c.path.endswith("/messages")]
        assert len(creates) == 1 and len(fake.messages) == 1
