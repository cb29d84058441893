"""/results on Slack when the chart cannot be shared: the tally is still shown, end to end
through Bolt and slack-sdk against FakeSlack (the files upload v2 flow refused at each step).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.adapters.slack.access import access_hint
from bot.adapters.slack.files import MAX_TITLE, upload
from bot.adapters.slack.server import CHART_MISSING
from bot.core.context import ChannelRef
from bot.core.replies import Image
from bot.polls import render
from bot.polls.model import MAX_OPTION, Tally
from tests.slack_fake import BOT_NAME, MAX_ALT_TXT, TEAM, TOKEN, FakeSlack
from tests.test_discord_poll_limits import TYPED, typed_poll
from tests.test_slack_e2e import CHANNEL, Slack, all_text


def refuse_not_a_member(fake: FakeSlack) -> None:
    fake.not_in_channel.add(CHANNEL)  # the bot was removed after the poll was posted


def refuse_files_scope(fake: FakeSlack) -> None:
    fake.errors["files.getUploadURLExternal"] = ["missing_scope"]  # installed without it


def refuse_the_bytes(fake: FakeSlack) -> None:
    fake.failed_uploads = 1


def refuse_a_revoked_token(fake: FakeSlack) -> None:
    fake.revoked.add(TOKEN)  # the app uninstalled, or its token revoked: every call refused


@pytest.mark.parametrize(
    ("refuse", "why"),
    [
        (refuse_not_a_member, f"Invite me with `/invite @{BOT_NAME}`."),
        (refuse_files_scope, "reinstall the app with the `files:write` scope."),
        (refuse_the_bytes, "The upload failed: ask for the results again in a minute."),
        # Said as a refused post or poll edit says it: what the chart's absence is owed
        # to, and what only whoever runs the bot can do about it (access.py).
        (
            refuse_a_revoked_token,
            access_hint("token_revoked", "so the chart could not be attached"),
        ),
    ],
)
async def test_results_whose_chart_slack_refuses_still_show_the_tally(
    slack_bot: Slack, refuse: Callable[[FakeSlack], None], why: str
) -> None:
    """The chart's upload refused (the bot removed from the channel, the app installed
    without `files:write`, the upload itself failing): /results answered only the refusal,
    with no tally at all. The card now goes to the channel through the command's
    `response_url` (which needs neither membership nor a scope), the chart replaced by a
    line saying why it is missing and what to do."""
    await slack_bot.command("/poll", 'question:"Who?" options:"Baker | Gin"')
    poll_id, ts, _ = await slack_bot.posted_poll()
    vote = slack_bot.click(f"poll:v1:{poll_id}:2", "U0CAROL", ts)
    await slack_bot.sender.click(vote)
    await slack_bot.answer(vote["response_url"])
    await slack_bot.app.live.idle()
    refuse(slack_bot.fake)
    _, url = await slack_bot.command("/results", str(poll_id))
    answer = (await slack_bot.answer(url)).args
    assert answer["response_type"] == "in_channel"
    shown = all_text(answer["blocks"])
    assert f"Results of poll #{poll_id}" in shown
    assert "Gin" in shown and "1 vote" in shown and "Total voters: 1" in shown
    [note] = [line for line in shown.splitlines() if line.startswith(f"*{CHART_MISSING}:* ")]
    assert note.endswith(why)
    assert not any(
        c.answer.get("ok") for c in slack_bot.fake.calls_to("files.completeUploadExternal")
    )


async def test_the_chart_of_a_poll_with_ten_long_options_is_shared(slack_bot: Slack) -> None:
    """Ten options of 80 characters, tied: the chart's description (each bar, then the
    tie, naming every option) ran past the 1,000 characters `files.getUploadURLExternal`
    takes as `alt_txt` (the bot cut it at 2,000), Slack refused the upload
    ("alt_txt_too_large"), and /results showed the tally with no chart, blaming the
    upload. The description is cut to what Slack takes, so the chart is shared with it."""
    labels = " | ".join(f"{n} " + "x" * 78 for n in range(10))
    await slack_bot.command("/poll", f'question:"Which one?" options:"{labels}"')
    poll_id, ts, _ = await slack_bot.posted_poll()
    for option in range(1, 11):
        vote = slack_bot.click(f"poll:v1:{poll_id}:{option}", f"U0VOTER{option}", ts)
        await slack_bot.sender.click(vote)
        await slack_bot.answer(vote["response_url"])
    await slack_bot.command("/results", str(poll_id))
    [share] = await slack_bot.fake.wait_for(lambda f: f.calls_to("files.completeUploadExternal"))
    [asked] = slack_bot.fake.calls_to("files.getUploadURLExternal")
    assert asked.answer["ok"], asked.answer
    alt = asked.args["alt_txt"]
    assert alt.startswith(f"Bar chart of poll #{poll_id}: 0 ") and len(alt) <= MAX_ALT_TXT
    assert "1 vote (10%)" in alt
    assert share.answer["ok"] and f"Results of poll #{poll_id}" in all_text(share.args["blocks"])


@given(
    labels=st.lists(st.text(TYPED, min_size=1, max_size=MAX_OPTION), min_size=2, max_size=10),
    counts=st.lists(st.integers(min_value=0, max_value=10_000), min_size=10, max_size=10),
    closed=st.booleans(),
)
@example(labels=[f"{n} " + "x" * 78 for n in range(10)], counts=[1] * 10, closed=False)
def test_any_polls_chart_upload_is_one_slack_takes(
    labels: list[str], counts: list[int], closed: bool
) -> None:
    """Whatever options people typed and however votes fell, the chart's upload carries a
    title and a description for screen readers within what Slack takes, starting as the
    chart's description does."""
    channel = ChannelRef("slack", TEAM, CHANNEL)
    poll = typed_poll("Which?", labels, channel, anonymous=True, closed=closed)
    tally = Tally(poll.id, {o.number: counts[o.number - 1] for o in poll.options}, sum(counts))
    [card] = render.results_reply(poll, tally, [], chart=b"\x89PNG").cards
    [image] = [block for block in card.blocks if isinstance(block, Image)]
    arguments = upload(image)
    assert len(arguments["alt_txt"]) <= MAX_ALT_TXT and len(arguments["title"]) <= MAX_TITLE
    assert arguments["alt_txt"].startswith(f"Bar chart of poll #{poll.id}: ")
