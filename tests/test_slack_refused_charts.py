"""/results on Slack when the chart cannot be shared: the tally is still shown, end to end
through Bolt and slack-sdk against FakeSlack (the files upload v2 flow refused at each step).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.adapters.slack.access import access_hint
from bot.adapters.slack.server import CHART_MISSING
from tests.slack_fake import BOT_NAME, TOKEN, FakeSlack
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
