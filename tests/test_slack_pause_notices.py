"""A daily schedule paused on Slack is told to the admin who set it, in a DM from the bot,
end to end through slack-sdk against FakeSlack (`chat.postMessage` to the user's id)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import fast_forward
from tests.helpers import morning_clock
from tests.slack_fake import FakeSlack
from tests.test_slack_e2e import CHANNEL, start_slack, stop_slack

ADMIN = "U0ADMIN"
HOUR = 3600.0


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack(admins={ADMIN}) as server:
        yield server


@pytest.mark.parametrize("admin_gone", [False, True])
async def test_a_paused_schedule_is_told_to_its_admin_once_in_a_dm(
    tmp_path: Path, fake: FakeSlack, caplog: pytest.LogCaptureFixture, admin_gone: bool
) -> None:
    """The bot was removed from the channel: the next post was refused, the schedule
    paused, and only the log and /daily status said so. The admin who ran /daily on now
    gets a DM in the bot's Messages tab naming the channel as a link, how to invite the
    bot, and the line to resume; once, not every day. An admin who left the workspace:
    logged, and the schedule stays paused."""
    clock = morning_clock()
    at = datetime.fromtimestamp(clock.now() + HOUR, UTC).strftime("%H:%M")
    slack = await start_slack(tmp_path, fake, clock=clock)
    try:
        _, url = await slack.command("/daily", f"on time:{at}", user=ADMIN)
        assert "posted the schedule" in (await slack.answer(url)).args["text"]
        fake.not_in_channel.add(CHANNEL)
        if admin_gone:
            fake.gone_users.add(ADMIN)
        await fast_forward(clock, [slack.app.daily], HOUR)  # the post falls due, is refused
        await fast_forward(clock, [slack.app.daily], 2 * 86400)
    finally:
        await stop_slack(slack)
    [dm] = [c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == ADMIN]
    if admin_gone:
        assert dm.answer == {"ok": False, "error": "channel_not_found"}
        assert f"could not tell {ADMIN} that daily takeaways paused in {CHANNEL}" in caplog.text
        return
    assert dm.answer["ok"] and dm.answer["channel"] == fake.dm_channel(ADMIN)
    here = f"<#{CHANNEL}>"
    assert dm.args["text"] == (
        f"Daily takeaways are paused in {here}: my post there could not go out (Slack "
        f"chat.postMessage failed: not_in_channel). What to do in {here}: I can't post in "
        "this channel because I'm not a member. Invite me with `/invite @debatebot` and try "
        f"again. Then run /daily on in {here} to resume them. You get this because you last "
        "set them up there."
    )
