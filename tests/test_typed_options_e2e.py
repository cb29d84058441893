"""The grammar end to end: Slack's slash-command text goes through it (issue 14's inputs
read right, a misspelt name refused); Discord's typed options never do."""

from __future__ import annotations

from pathlib import Path

from bot.adapters.discord.client import use_endpoints
from bot.config import Settings
from tests.discord_fake import FakeDiscord
from tests.slack_fake import FakeSlack
from tests.test_discord_e2e import VOTE_ID, bot_settings, running_bot
from tests.test_slack_e2e import start_slack, stop_slack


async def test_slack_reads_an_unquoted_question_and_a_trailing_duration(tmp_path: Path) -> None:
    async with FakeSlack() as fake:
        slack = await start_slack(tmp_path, fake)
        try:
            (status, _), _ = await slack.command("/poll", "Who wins? Baker | Gin 1h")
            assert status == 200
            poll_id, _, _ = await slack.posted_poll()
            poll = await slack.app.polls.store.get(poll_id)
            assert poll is not None and poll.question == "Who wins?"
            assert [o.label for o in poll.options] == ["Baker", "Gin"]
            assert poll.closes_at is not None and poll.closes_at - poll.created_at == 3600
            _, url = await slack.command("/poll", '"Who?" a | b durationn:1h')
            refused = (await slack.answer(url)).args
            assert refused["response_type"] == "ephemeral"
            assert "/poll has no option `durationn`. Did you mean `duration`?" in refused["text"]
        finally:
            await stop_slack(slack)


async def test_discord_typed_options_skip_the_grammar(tmp_path: Path) -> None:
    """A Discord field holds its value as typed: a colon or `?` in it is just text."""
    try:
        async with (
            FakeDiscord() as fake,
            running_bot(bot_settings(fake, tmp_path / "bot.db"), fake) as app,
        ):
            options = {"question": "colour:red or blue", "options": "red | blue 1h"}
            answer = await fake.answer(await fake.command("poll", options))
            match = VOTE_ID.fullmatch(answer.custom_ids()[0])
            assert match is not None, answer.json
            poll = await app.polls.store.get(int(match.group(1)))
            assert poll is not None and poll.question == "colour:red or blue"
            assert [o.label for o in poll.options] == ["red", "blue 1h"]
    finally:
        use_endpoints(Settings())  # leave discord.py pointing at Discord, as it started
