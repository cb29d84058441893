"""Interaction tokens never reach a log, at LOG_LEVEL=DEBUG either: the real discord.py
client against the loopback fake, every record its loggers and ours write captured."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.adapters.discord.library_logs import REDACTED, redacted
from tests.discord_fake import FakeDiscord
from tests.test_discord_e2e import bot_settings, create_poll, running_bot


async def test_interaction_tokens_never_reach_the_logs_even_at_debug(
    fake: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """At DEBUG discord.py logged each interaction's token twice: in the INTERACTION_CREATE
    event the gateway received, and in the URL of every answer. A token answers for the
    bot, follow-ups included, for fifteen minutes."""
    caplog.set_level(logging.DEBUG)
    settings = bot_settings(fake, tmp_path / "bot.db")
    async with running_bot(settings, fake) as app:
        _, message_id, buttons = await create_poll(fake, app)
        interactions = [
            await fake.command("help"),
            await fake.command("baker", age=2.8),  # deferred: its answer edits @original
            await fake.click(message_id, buttons[0], user=2),
        ]
        for interaction in interactions:
            await fake.answer(interaction)
    logged = [(record.name, record.getMessage()) for record in caplog.records]
    tokens = [interaction.token for interaction in interactions] + [fake.token]
    assert not [(name, token) for name, text in logged for token in tokens if token in text]
    redacting = {name for name, text in logged if REDACTED in text}
    assert {"discord.gateway", "discord.webhook.async_"} <= redacting  # still logged, redacted


def test_a_token_is_redacted_wherever_discord_py_writes_it() -> None:
    token = "aW50ZXJhY3Rpb246MTIzOmFiYy5kZWYtZ2hp_jkl"
    lines = {
        f"POST https://discord.com/api/v10/interactions/123/{token}/callback": (
            f"POST https://discord.com/api/v10/interactions/123/{REDACTED}/callback"
        ),
        f"PATCH https://discord.com/api/v10/webhooks/9/{token}/messages/@original": (
            f"PATCH https://discord.com/api/v10/webhooks/9/{REDACTED}/messages/@original"
        ),
        f"POST https://discord.com/api/v10/webhooks/9/{token}?wait=true": (
            f"POST https://discord.com/api/v10/webhooks/9/{REDACTED}?wait=true"
        ),
        f"Event: {{'id': '5', 'token': '{token}', 'type': 2}}": (
            f"Event: {{'id': '5', 'token': '{REDACTED}', 'type': 2}}"
        ),
        f'{{"token": "{token}"}}': f'{{"token": "{REDACTED}"}}',
        "GET https://discord.com/api/v10/webhooks/9": "GET https://discord.com/api/v10/webhooks/9",
    }
    assert {line: redacted(line) for line in lines} == lines
