"""The grammar end to end: Slack's slash-command text goes through it (issue 14's inputs
read right, a misspelt name refused); Discord's typed options never do."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.adapters.discord.client import use_endpoints
from bot.config import Settings
from tests.discord_fake import FakeDiscord
from tests.slack_fake import FakeSlack
from tests.test_discord_e2e import VOTE_ID, bot_settings, running_bot
from tests.test_slack_e2e import all_text, start_slack, stop_slack


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


async def test_slack_reads_an_option_named_with_a_full_width_colon(tmp_path: Path) -> None:
    """`question：Lunch? options：寿司 | ラーメン`, the colon as a Chinese or Japanese
    keyboard types it, made a poll asking "question：Lunch?" of "options：寿司" and
    "ラーメン"; `/vote 1 option：ラーメン` was "not an option of poll #1"."""
    async with FakeSlack() as fake:
        slack = await start_slack(tmp_path, fake)
        try:
            await slack.command("/poll", "question：Lunch? options：寿司 | ラーメン")
            poll_id, _, _ = await slack.posted_poll()
            poll = await slack.app.polls.store.get(poll_id)
            assert poll is not None and poll.question == "Lunch?"
            assert [o.label for o in poll.options] == ["寿司", "ラーメン"]
            _, url = await slack.command("/vote", f"poll：{poll_id} option：ラーメン")
            said = (await slack.answer(url)).args["text"]
            assert said.startswith(f"Your vote on poll #{poll_id} is now “ラーメン”."), said
        finally:
            await stop_slack(slack)


async def test_slack_reads_a_question_ending_at_a_japanese_or_arabic_question_mark(
    tmp_path: Path,
) -> None:
    """ "今日のランチは？寿司 | ラーメン" was refused ("Where does the question end? End it with
    “?”"): the ？ a Japanese keyboard types, with no space after it, ends the question, as
    does Arabic's ؟."""
    async with FakeSlack() as fake:
        slack = await start_slack(tmp_path, fake)
        try:
            typed = {
                "今日のランチは？寿司 | ラーメン 1h": ("今日のランチは？", ["寿司", "ラーメン"]),
                "ما رأيك؟ نعم | لا": ("ما رأيك؟", ["نعم", "لا"]),
            }
            for text in typed:
                (status, _), _ = await slack.command("/poll", text)
                assert status == 200
            await fake.wait_for(lambda f: len(f.calls_to("chat.postMessage")) == len(typed))
            polls = [await slack.app.polls.store.get(n) for n in range(1, len(typed) + 1)]
            read = [(p.question, [o.label for o in p.options]) for p in polls if p is not None]
            assert sorted(read) == sorted(typed.values())  # each command is answered apart
        finally:
            await stop_slack(slack)


#: (typed after /poll, the refusal's sentences up to the form pasted back, that form, the
#: labels and the seconds to the deadline of the poll it makes)
DOUBTFUL_ON_SLACK = {
    # regression: a poll of "Plan 2d" and "Plan" closing in 3 days
    "every other option ends in a duration": (
        "Plans? Plan 2d | Plan 3d",
        "If it belongs to the options, quote all of it: ",
        '/poll Plans? options:"Plan 2d | Plan 3d"',
        ["Plan 2d", "Plan 3d"],
        None,
    ),
    # regression: a poll of "Sushi 2d" and "Tacos" closing in 3 days, without a word
    "another option ends in a duration": (
        "Lunch? Pizza | Sushi 2d | Tacos 3d",
        "If it is the duration, name it: ",
        '/poll Lunch? options:"Pizza | Sushi 2d | Tacos" duration:3d',
        ["Pizza", "Sushi 2d", "Tacos"],
        3 * 86400,
    ),
    # regression: "Plan 3d" closing in an hour was no reading offered
    "a deadline after a label's duration, in a smaller unit": (
        "Plans? Plan 2d | Plan 3d 1h",
        "If only “1h” is the duration, name it: ",
        '/poll Plans? options:"Plan 2d | Plan 3d" duration:1h',
        ["Plan 2d", "Plan 3d"],
        3600,
    ),
    # regression: a poll of "Pizza" and "Sushi 2 hours", open with no deadline
    "a duration with its unit in words": (
        "Lunch? Pizza | Sushi 2 hours",
        "If it is the duration, name it: ",
        '/poll Lunch? options:"Pizza | Sushi" duration:"2 hours"',
        ["Pizza", "Sushi"],
        2 * 3600,
    ),
}


@pytest.mark.parametrize(
    ("typed", "before", "form", "labels", "span"),
    DOUBTFUL_ON_SLACK.values(),
    ids=DOUBTFUL_ON_SLACK.keys(),
)
async def test_slack_asks_which_reading_of_a_duration_ending_an_option(
    tmp_path: Path, typed: str, before: str, form: str, labels: list[str], span: int | None
) -> None:
    """A duration that could end the last option as well as be the deadline: Slack answers
    privately with the readings, each a whole command, and posts no poll; a reading pasted
    back makes the poll it says."""
    async with FakeSlack() as fake:
        slack = await start_slack(tmp_path, fake)
        try:
            _, url = await slack.command("/poll", typed)
            refused = (await slack.answer(url)).args
            assert refused["response_type"] == "ephemeral"
            assert f"{before}{form}" in refused["text"]
            assert fake.calls_to("chat.postMessage") == []
            await slack.command("/poll", form.removeprefix("/poll "))
            poll_id, _, _ = await slack.posted_poll()
            poll = await slack.app.polls.store.get(poll_id)
            assert poll is not None and [o.label for o in poll.options] == labels
            closes = None if poll.closes_at is None else poll.closes_at - poll.created_at
            assert closes == span
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


async def test_slack_answers_a_slip_in_a_label_with_the_line_for_it(tmp_path: Path) -> None:
    """`/vote 1 Bakr` listed the options and left the voter to spot the slip; the
    refusal offers the command that votes for “Gavin Baker”, as a command to copy."""
    async with FakeSlack() as fake:
        slack = await start_slack(tmp_path, fake)
        try:
            await slack.command("/poll", "")
            poll_id, _, _ = await slack.posted_poll()
            _, url = await slack.command("/vote", f"{poll_id} Bakr")
            answer = (await slack.answer(url)).args
        finally:
            await stop_slack(slack)
    said = all_text(answer["blocks"])
    assert said.startswith(
        f"“Bakr” is not an option of poll #{poll_id}. Did you mean "
        f"`/vote poll:{poll_id} option:1` for “Gavin Baker”? Options: 1) Gavin Baker;"
    ), said
