"""User text in the Discord adapter's messages: shown as typed, never as a link or markup.

The end-to-end test sends a poll through the loopback Discord and reads the embed the fake
received; the property holds `clean` to it for any text.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.adapters.discord.embeds import clean
from bot.app import BotApp
from tests.discord_fake import FakeDiscord
from tests.test_discord_e2e import bot_settings, message_of, running_bot

#: A `[` Discord would read as markup: preceded by no backslash, or by escaped ones only.
LIVE_BRACKET = re.compile(r"(?<!\\)(?:\\\\)*\[")


@pytest.fixture
async def bot(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[BotApp]:
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake) as app:
        yield app


async def test_a_masked_link_in_a_poll_is_shown_as_text(fake: FakeDiscord, bot: BotApp) -> None:
    """discord.py's `escape_markdown` escaped only the first `[` of a line, so the second
    link of "[a] or [results](https://…)" stayed a live masked link in the bot's embed."""
    question = "Read [this] or [the results](https://evil.example/login)?"
    options = "[yes](https://evil.example/a) [no](https://evil.example/b) | No"
    answer = await fake.answer(
        await fake.command("poll", {"question": question, "options": options})
    )
    description = message_of(answer)["embeds"][0]["description"]
    assert "the results](https://evil.example/login)" in description
    assert "no](https://evil.example/b)" in description
    assert LIVE_BRACKET.search(description) is None, description


@given(st.text(alphabet=st.sampled_from("[]()\\ax:/*_`|~>#-\n")))
def test_cleaned_text_has_no_live_bracket(text: str) -> None:
    assert LIVE_BRACKET.search(clean(text)) is None
