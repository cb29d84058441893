"""Interaction tokens never reach a log, at LOG_LEVEL=DEBUG either: the real discord.py
client against the loopback fake, every record its loggers and ours write captured."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.adapters.discord.library_logs import REDACTED, redacted
from bot.commands.knowledge import TOPIC_AUTOCOMPLETE
from bot.core.registry import Choice
from tests.discord_fake import AUTOCOMPLETE_RESULT, FakeDiscord
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
    assert "discord.webhook.async_" in redacting  # still logged, redacted


async def test_who_voted_for_what_never_reaches_the_logs_even_at_debug(
    fake: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """At DEBUG discord.py's gateway logged every event it received whole: a click's
    `custom_id` (the poll and the option) beside the clicker's id, in anonymous polls too,
    and every text typed into a command. Each event is logged by its name only."""
    caplog.set_level(logging.DEBUG)
    question, options = "Which plan is secretly best?", "Plan Zanzibar | Plan Quokka"
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake) as app:
        poll = {"question": question, "options": options, "anonymous": True}
        _, message_id, buttons = await create_poll(fake, app, poll)
        await fake.answer(await fake.click(message_id, buttons[1], user=2))
    gateway = [r.getMessage() for r in caplog.records if r.name == "discord.gateway"]
    assert any("INTERACTION_CREATE" in line and "payload not logged" in line for line in gateway)
    secrets = [question, "Zanzibar", "Quokka", buttons[1]]
    assert not [(line, s) for line in gateway for s in secrets if s in line]


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



class Autocompletes(logging.Handler):
    """Collects discord.py's records about failed autocompletes, and wakes a test waiting
    for them."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.arrived = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == "discord.app_commands.tree" and "autocomplete" in record.getMessage():
            self.records.append(record)
            self.arrived.set()

    async def wait(self, count: int) -> list[logging.LogRecord]:
        """The first `count` records (10 s bound only a hang: they come within ms)."""
        async with asyncio.timeout(10):
            while len(self.records) < count:
                self.arrived.clear()
                await self.arrived.wait()
        return self.records[:count]


async def test_autocompletes_answered_too_late_are_logged_quietly(
    fake: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A bot slow for a moment answers the autocompletes of every keystroke too late
    (10062): that is normal, and it logged an ERROR with a traceback per keystroke. They
    are DEBUG lines now."""
    caplog.set_level(logging.DEBUG)  # the late ones are DEBUG lines, and dropped above it
    seen = Autocompletes()
    logging.getLogger().addHandler(seen)
    settings = bot_settings(fake, tmp_path / "bot.db")
    try:
        async with running_bot(settings, fake):
            fake.ack_deadline = 0.0
            for typed in ("h", "ha", "har"):
                await fake.autocomplete("baker", "topic", typed)
            late = await seen.wait(3)
    finally:
        logging.getLogger().removeHandler(seen)
    assert all(r.levelno == logging.DEBUG and not r.exc_info for r in late)
    assert all("(10062)" in r.getMessage() for r in late)


async def test_a_suggestion_source_that_raises_is_answered_with_no_suggestions(
    fake: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """discord.py logs an autocomplete's error and answers nothing, so the field showed
    "Loading options failed": it is answered with no suggestions, and the error is logged
    once, an ERROR with its traceback."""
    caplog.set_level(logging.DEBUG)

    async def broken(*_: object) -> list[Choice]:
        raise RuntimeError("the topics could not be read")

    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake) as app:
        app.registry.add_autocomplete(TOPIC_AUTOCOMPLETE, broken)
        interaction = await fake.autocomplete("baker", "topic", "")
        [call] = await fake.wait_for(
            lambda c: c.path == f"/interactions/{interaction.id}/{interaction.token}/callback"
        )
    assert call.json == {"type": AUTOCOMPLETE_RESULT, "data": {"choices": []}}
    errors = [r.exc_info[1] for r in caplog.records if r.levelno == logging.ERROR and r.exc_info]
    assert [str(e) for e in errors] == ["the topics could not be read"]
