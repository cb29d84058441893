"""A command a refusal offers, end to end on Slack and Discord through the loopback fakes:
shown as inline code, exactly the command, and typed back as shown it runs."""

from __future__ import annotations

import re

from bot.app import BotApp
from tests.discord_fake import FakeDiscord
from tests.slack_client import as_typed
from tests.test_discord_e2e import create_poll, message_of, offered
from tests.test_slack_e2e import Slack, all_text

#: Inline code in a message: what a reader copies, without its backticks.
CODE = re.compile(r"`([^`\n]+)`")
#: Slack's three escapes, as its client shows them.
SHOWN = {"&lt;": "<", "&gt;": ">", "&amp;": "&"}


def commands_in(text: str) -> list[str]:
    """The commands a message shows as inline code (option names are code too)."""
    return [code for code in CODE.findall(text) if code.startswith("/")]


async def test_slack_shows_an_offered_command_as_code_that_runs_typed_back(
    slack_bot: Slack,
) -> None:
    """A question holding ". " and emphasis marks: the form offered is one code span, the
    marks as typed (plain text showed look-alikes), and pasted back it makes that poll."""
    typed = "Who *wins*. Really? Baker | Gin 1h true 2"
    _, url = await slack_bot.command("/poll", as_typed(typed))
    refusal = await slack_bot.answer(url)
    assert refusal.args["response_type"] == "ephemeral"
    shown = all_text(refusal.args["blocks"])
    [form] = commands_in(re.sub("&(lt|gt|amp);", lambda m: SHOWN[m.group()], shown))
    expected = '/poll Who *wins*. Really? options:"Baker | Gin" duration:1h anonymous:true'
    assert form == f"{expected} rounds:2"
    name, text = form.split(" ", 1)
    await slack_bot.command(name, as_typed(text))
    poll_id, _, _ = await slack_bot.posted_poll()
    poll = await slack_bot.app.polls.store.get(poll_id)
    assert poll is not None and poll.question == "Who *wins*. Really?" and poll.rounds == 2
    assert [o.label for o in poll.options] == ["Baker", "Gin"] and poll.anonymous


async def test_discord_shows_the_vote_lines_of_a_refusal_as_code_that_runs_typed_back(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """Two options named where one is taken: each line to vote is code, and the second,
    typed back as shown, records that vote."""
    labels = {"question": "Who wins. Really?", "options": "Gavin Baker | Aaron Gin"}
    poll_id, _, _ = await create_poll(fake, discord_bot, labels)
    vote = await fake.command("vote", {"poll": poll_id, "option": "Baker and Gin"}, user=2)
    content = message_of(await fake.answer(vote))["content"]
    lines = commands_in(content)
    assert lines == [f"/vote poll:{poll_id} option:1", f"/vote poll:{poll_id} option:2"]
    assert f"`{lines[1]}` for “Aaron Gin”." in content
    name, fields = offered(fake, f"`{lines[1]}`")
    again = message_of(await fake.answer(await fake.command(name, fields, user=2)))
    assert again["content"] == f"Your vote on poll #{poll_id} is now “Aaron Gin”."
    poll = await discord_bot.polls.store.get(poll_id)
    assert poll is not None and (await discord_bot.polls.store.tally(poll)).count(2) == 1
