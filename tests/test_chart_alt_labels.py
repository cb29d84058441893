"""A chart's alt text names the winner as it names the winner's bar: as typed.

Alt text is no markup: a screen reader reads it out. Its bars said each label as typed, but
its last sentence, the winner or leader, was the outcome line of the messages, whose labels
have their backticks as look-alikes (`beside_code`, so that no code span runs between two
labels in marked-up text), read out as "modifier letter grave accent"; a custom emoji there
was its markup, where the bar said its name."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from bot.app import BotApp
from bot.clock import ManualClock
from bot.core.sanitize import MARKUP_LOOK_ALIKES
from bot.polls import rounds_render
from bot.polls.model import Tally
from bot.polls.render import chart_alt
from bot.polls.rounds import oxford
from tests.discord_fake import FakeDiscord
from tests.slack_fake import FakeSlack
from tests.test_announcement_code_spans import ALICE, BOB, ballots, closed_poll, slack_votes
from tests.test_discord_e2e import create_poll
from tests.test_slack_e2e import start_slack, stop_slack

#: Labels with backticks and other markup, no digit, `;` or `%` (which the parsing of an
#: alt text's bars below would trip on), and a custom emoji now and then.
LABELS = st.lists(st.sampled_from([*"ab `*_~<>:", "<:tada:1>"]), min_size=1, max_size=20).map(
    "".join
)
LOOK_ALIKE = MARKUP_LOOK_ALIKES["`"]


@given(labels=st.lists(LABELS, min_size=2, max_size=3), closed=st.booleans())
@example(labels=["`a", "b`"], closed=True)
@example(labels=["<:tada:1> Party", "b"], closed=False)
def test_a_charts_alt_text_names_the_leader_as_its_bar(labels: list[str], closed: bool) -> None:
    """Option 1 leads, 2 votes to 1: the outcome quotes its label as its bar says it."""
    poll = closed_poll("Q?", labels)
    poll = poll if closed else replace(poll, closed_at=None)
    alt = chart_alt(poll, Tally(poll.id, {1: 2, 2: 1}, 3))
    bar = re.match(rf"Bar chart of poll #{poll.id}: (.*?): 2 votes \(67%\); ", alt)
    assert bar is not None, alt
    word = "Winner" if closed else "Leading"
    assert alt.endswith(f" {word}: “{bar[1]}” with 2 votes (67% of voters)."), alt
    assert LOOK_ALIKE not in alt


@given(labels=st.lists(LABELS, min_size=2, max_size=3))
@example(labels=["`a", "b`"])
def test_a_two_round_charts_alt_text_names_the_winner_as_its_bar(labels: list[str]) -> None:
    """Bob moves to option 1, which gains most: the outcome quotes it as its bar says it."""
    poll = closed_poll("Q?", labels, rounds=2)
    ox = oxford(poll, ballots({ALICE: 1, BOB: 2}), ballots({ALICE: 1, BOB: 1}), [])
    alt = rounds_render.chart_alt(poll, ox)
    bar = re.match(rf"Before and after chart of poll #{poll.id}: (.*?): 50% before", alt)
    assert bar is not None, alt
    assert alt.endswith(f": “{bar[1]}”, +50 pts (50% → 100%)."), alt
    assert LOOK_ALIKE not in alt


async def test_slack_alt_text_says_the_leaders_backtick_as_typed(
    tmp_path: Path, clock: ManualClock
) -> None:
    """End to end: the chart Slack receives for /results says "`a" in its bar and its
    leader line alike; the leader line said "ˋa"."""
    async with FakeSlack() as fake:
        slack = await start_slack(tmp_path, fake, clock)
        try:
            await slack.command("/poll", 'question:"Q?" options:"`a | b"')
            poll_id, ts, _ = await slack.posted_poll()
            await slack_votes(slack, poll_id, ts, alice=1, bob=1)
            await slack.command("/results", str(poll_id))
            await fake.wait_for(lambda f: f.calls_to("files.completeUploadExternal"))
        finally:
            await stop_slack(slack)
    alt = fake.calls_to("files.getUploadURLExternal")[0].args["alt_txt"]
    assert alt == (
        f"Bar chart of poll #{poll_id}: `a: 2 votes (100%); b: 0 votes (0%)."
        " Leading: “`a” with 2 votes (100% of voters)."
    )


async def test_discord_alt_text_says_the_leaders_backtick_as_typed(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """End to end: the chart's description (Discord's alt text) on Discord, the same."""
    options = {"question": "Q?", "options": "`a | b"}
    poll_id, message_id, buttons = await create_poll(fake, discord_bot, options)
    await fake.answer(await fake.click(message_id, buttons[0], user=5))
    await fake.answer(await fake.command("results", {"poll": poll_id}))
    [chart] = [a for m in fake.messages.values() for a in m["attachments"]]
    assert chart["description"] == (
        f"Bar chart of poll #{poll_id}: `a: 1 vote (100%); b: 0 votes (0%)."
        " Leading: “`a” with 1 vote (100% of voters)."
    )
