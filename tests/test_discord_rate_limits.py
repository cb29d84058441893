"""Discord's rate limits and refusals on the bot's answers, end to end with the real
discord.py client against FakeDiscord: a 429 its headers did not foretell (Discord's shared
limits), with `retry_after`, on an interaction's callback and on its follow-ups; and a long
answer whose later message fails for good (five 429s, a refusal), which its user must not
read as whole."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

import pytest

from bot.adapters.discord.embeds import split_reply
from bot.adapters.discord.respond import cut_short
from bot.core.context import Context
from bot.core.registry import Command, OptionValue
from bot.core.replies import Reply
from tests.discord_fake import EPHEMERAL, FakeDiscord
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


#: Makes the next follow-ups fail (each of `times` of them), as `FAILING_FOR_GOOD` says.
Refusal = Callable[[FakeDiscord, int], None]
#: How a follow-up fails for good: discord.py waits out a 429 four times and gives up at the
#: fifth; Discord refuses the bot (403) or no longer knows the interaction's webhook (404).
FAILING_FOR_GOOD: dict[str, Refusal] = {
    "five 429s": lambda fake, times: fake.rate_limit(FOLLOW_UP, times=5 * times, retry_after=0),
    "403": lambda fake, times: fake.refuse(FOLLOW_UP, 403, 50001, "Missing Access", times=times),
    "404": lambda fake, times: fake.refuse(FOLLOW_UP, 404, 10015, "Unknown Webhook", times=times),
}


@pytest.mark.parametrize("failure", FAILING_FOR_GOOD.values(), ids=FAILING_FOR_GOOD.keys())
async def test_a_long_answer_cut_short_tells_its_user_privately_once(
    fake: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture, failure: Refusal
) -> None:
    """The first message on screen, the second failing for good: the user was left with one
    message of several, read as the whole answer. They are told, privately, where it
    stopped; nothing after the failed message is sent; one line is logged, no traceback."""
    parts = [m.content for m in split_reply(LONG)]
    command = Command("long", "A long answer", long_answer)
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake, (command,)):
        failure(fake, 1)
        interaction = await fake.command("long")
        await fake.wait_until(lambda: len(fake.responses(interaction)) == 2, "the notice")
        await fake.answer(await fake.command("help"))  # the bot has finished with /long
    shown, notice = fake.responses(interaction)
    assert message_of(shown)["content"] == parts[0]
    assert notice.json["content"] == cut_short(1, len(parts), done=False)
    assert notice.json["flags"] & EPHEMERAL
    [line] = ours(caplog)
    assert line.levelno == logging.WARNING and line.exc_info is None
    assert f"only 1 of its answer's {len(parts)} messages were sent" in line.getMessage()
    assert "its user was told" in line.getMessage()


async def long_change(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
    return replace(LONG, changed=True)


async def test_a_cut_short_answer_to_a_change_is_not_asked_again(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """A change's long answer (a daily schedule set, a takeaway posted) cut short: asking
    again would make the change again, so the notice only says where it stopped."""
    parts = split_reply(LONG)
    command = Command("change", "A change with a long answer", long_change)
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake, (command,)):
        FAILING_FOR_GOOD["403"](fake, 1)
        interaction = await fake.command("change")
        await fake.wait_until(lambda: len(fake.responses(interaction)) == 2, "the notice")
    notice = fake.responses(interaction)[1].json["content"]
    assert notice == cut_short(1, len(parts), done=True)
    assert "again" not in notice


async def test_a_cut_short_answer_whose_notice_fails_too_logs_one_line(
    fake: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The interaction's webhook gone for the notice as well: still one line, saying so."""
    command = Command("long", "A long answer", long_answer)
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake, (command,)):
        FAILING_FOR_GOOD["404"](fake, 2)
        interaction = await fake.command("long")
        await fake.wait_until(lambda: not fake.refusals[FOLLOW_UP], "both follow-ups refused")
        await fake.answer(await fake.command("help"))
    assert len(fake.responses(interaction)) == 1
    [line] = ours(caplog)
    assert "nor could its user be told" in line.getMessage() and line.exc_info is None


def ours(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """The bot's own log lines about its answers: warnings and worse."""
    return [r for r in caplog.records if r.name.startswith("bot.") and r.levelno >= logging.WARNING]
