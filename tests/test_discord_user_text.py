"""User text in the Discord adapter's messages: shown as typed, never as a link or markup
of its own, and a web address in it stays the link it was.

The end-to-end tests send polls through the loopback Discord and read the embed the fake
received; the properties hold `clean` to it for any text, read as Discord reads markup
(`live_brackets`).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.adapters.discord.embeds import clean
from bot.app import BotApp
from tests.discord_fake import FakeDiscord
from tests.test_discord_e2e import bot_settings, message_of, running_bot


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
    assert live_brackets(description) == [], description


#: A web address as Discord's autolink rule reads it (before any markup inside it).
DISCORD_URL = re.compile(r"<[^: >]+:/[^ >]+>|https?://[^\s<]+[^<.,:;\"')\]\s]")


def live_brackets(rendered: str) -> list[int]:
    """Where Discord would read a `[` of `rendered` as markup, reading it as Discord does:
    a backslash escapes the punctuation after it, a web address is a link whatever it
    holds, and any other `[` may open a masked link."""
    live: list[int] = []
    at = 0
    while at < len(rendered):
        link = DISCORD_URL.match(rendered, at)
        if link is not None:
            at = link.end()
        elif rendered[at] == "\\" and re.match(r"[^0-9A-Za-z\s]", rendered[at + 1 : at + 2]):
            at += 2
        else:
            if rendered[at] == "[":
                live.append(at)
            at += 1
    return live


async def test_a_web_address_with_brackets_stays_one_link(fake: FakeDiscord, bot: BotApp) -> None:
    """A `[` inside a web address was escaped like any other, so the link Discord made
    of it ended in a backslash (`…?tags\\[]=chips`) and led to another page."""
    url = "https://example.com/search?tags[]=chips&tags[]=export_rules"
    answer = await fake.answer(
        await fake.command("poll", {"question": f"Is {url} right?", "options": "Yes | No"})
    )
    description = message_of(answer)["embeds"][0]["description"]
    assert f"Is {url} right?" in description


#: Pieces of markup and of web addresses, so that drawn text holds both, mixed.
MARKUP_PIECES = st.sampled_from([*"[]()\\ax:/*_`|~>#-\n .<", "https://"])


@given(st.lists(MARKUP_PIECES).map("".join))
def test_cleaned_text_has_no_live_bracket(text: str) -> None:
    assert live_brackets(clean(text)) == []


URL_PATH = st.text(alphabet=st.sampled_from([*"abz09-_~*[]()=&?/%.#`|"]), max_size=40)


@given(path=URL_PATH, before=st.text(max_size=20), after=st.text(max_size=20))
@example(path="[", before="", after="- or # next")
def test_a_web_address_is_shown_as_typed(path: str, before: str, after: str) -> None:
    """What follows an address on its line is no line start: no backslash shows there."""
    url = f"https://example.com/{path}x"
    rendered = clean(f"{before} {url} {after}")
    assert f" {url} " in rendered
    assert rendered.endswith(clean(f"x {after}")[1:])
