"""Commands discord.py cannot run are answered, end to end against FakeDiscord.

After a release re-syncs the commands, Discord clients keep their cached definitions for a
while and send commands shaped the old way. discord.py then raises an `AppCommandError`
(`CommandSignatureMismatch` for a required option missing or renamed, `CommandNotFound` for
a command removed) in the tree, whose default handler only logs: the user saw "The
application did not respond". The tree now answers privately, once, and logs once.
"""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.adapters.discord.commands import STALE_COMMAND
from bot.app import BotApp
from bot.core.dispatch import FAILURE
from tests.discord_fake import AUTOCOMPLETE, AUTOCOMPLETE_RESULT, EPHEMERAL, WAIT, FakeDiscord
from tests.test_discord_e2e import bot, message_of

__all__ = ["bot"]  # the e2e suite's fixture: the whole bot connected to the fake

LOGGER = "bot.adapters.discord.commands"
INTEGER, STRING = 4, 3


class Logged(logging.Handler):
    """The adapter's log records, and an event set at the first: a failure after the
    answer comes after the interaction's last REST call, so no call marks it."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.seen = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.seen.set()


@pytest.mark.parametrize(
    "options",
    [
        [
            {"name": "poll", "type": INTEGER, "value": 1},
            {"name": "choice", "type": STRING, "value": "Baker"},
        ],
        [],
    ],
    ids=["an option renamed since", "a required option missing"],
)
async def test_a_command_sent_with_an_old_signature_is_answered_privately(
    fake: FakeDiscord,
    bot: BotApp,
    caplog: pytest.LogCaptureFixture,
    options: list[dict[str, object]],
) -> None:
    """One private answer that says what to do, and one log line that names the command
    and never the interaction's token."""
    caplog.set_level(logging.INFO, logger=LOGGER)
    vote = await fake.cached_command("vote", options)
    answer = message_of(await fake.answer(vote))
    assert answer["content"] == STALE_COMMAND and answer["flags"] & EPHEMERAL
    assert len(fake.responses(vote)) == 1
    [record] = [r for r in caplog.records if r.name == LOGGER]
    assert "/vote" in record.getMessage() and "CommandSignatureMismatch" in record.getMessage()
    assert vote.token not in caplog.text


async def test_a_command_removed_since_is_answered_privately(
    fake: FakeDiscord, bot: BotApp
) -> None:
    answer = message_of(await fake.answer(await fake.cached_command("retired", [])))
    assert answer["content"] == STALE_COMMAND and answer["flags"] & EPHEMERAL


async def test_an_autocomplete_for_a_command_removed_since_gets_no_suggestions(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """Answered as an autocomplete (a message there is refused): an empty list."""
    typed = [{"name": "poll", "type": INTEGER, "value": "1", "focused": True}]
    asked = await fake.cached_command("retired", typed, kind=AUTOCOMPLETE)
    await fake.wait_until(lambda: bool(fake.responses(asked)), what="the autocomplete answer")
    [call] = fake.responses(asked)
    assert call.json == {"type": AUTOCOMPLETE_RESULT, "data": {"choices": []}}


async def test_a_failure_after_the_answer_is_logged_and_never_answered_twice(
    fake: FakeDiscord,
    bot: BotApp,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The answer went out, then the adapter failed (here: tracking its message): the
    interaction is not acknowledged a second time (Discord refuses that, 40060), and the
    failure is logged once with its traceback."""

    async def failing(*args: object) -> None:
        raise RuntimeError("tracking failed")

    monkeypatch.setattr(bot.polls, "track", failing)
    logged = Logged()
    logger = logging.getLogger(LOGGER)
    logger.addHandler(logged)
    try:
        helped = await fake.command("help")
        answer = message_of(await fake.answer(helped))
        async with asyncio.timeout(WAIT):
            await logged.seen.wait()
    finally:
        logger.removeHandler(logged)
    assert answer["content"] != FAILURE
    [record] = logged.records
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert "CommandInvokeError" in record.getMessage() and helped.token not in caplog.text
    assert len(fake.responses(helped)) == 1
    assert not any(c.status >= 400 for c in fake.calls if str(helped.id) in c.path)
