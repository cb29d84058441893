"""Slack's rate limits (HTTP 429 `ratelimited` with `Retry-After`, nothing done) on the
bot's own posts and views, end to end through slack-sdk against FakeSlack: what is waited
out, what is tried again later, and what the operator reads."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.adapters.slack.server import RATE_LIMIT_RETRIES
from bot.clock import fast_forward
from tests.slack_fake import TEAM, FakeSlack
from tests.test_slack_e2e import CHANNEL, start_slack, stop_slack
from tests.test_slack_pause_notices import ADMIN, HOUR, SECOND, daily_posts, start_two_schedules

HOME_OPENED = {"type": "app_home_opened", "user": "U0DAVE", "channel": "D0DAVE", "tab": "home"}


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack(admins={ADMIN}) as server:
        server.retry_after = 0  # Slack's wait, as it says it; the client waits exactly that
        yield server


async def test_a_daily_post_rate_limited_past_the_clients_waits_goes_out_once_later(
    tmp_path: Path, fake: FakeSlack
) -> None:
    """The due post meets 429s past the client's own retries: nothing was posted, so the
    day's post is tried again later and goes out once; the other channel's, once too."""
    slack, clock = await start_two_schedules(tmp_path, fake)
    try:
        fake.errors["chat.postMessage"] = ["ratelimited"] * (RATE_LIMIT_RETRIES + 1)
        await fast_forward(clock, [slack.app.daily], HOUR + 3600)
    finally:
        await stop_slack(slack)
    assert sorted(daily_posts(fake)) == sorted([CHANNEL, SECOND])
    refused = [c for c in fake.calls_to("chat.postMessage") if c.answer.get("error")]
    assert [c.answer["error"] for c in refused] == ["ratelimited"] * (RATE_LIMIT_RETRIES + 1)


def rate_limit(fake: FakeSlack) -> None:
    """Every try of the next `views.publish`, the client's own waits included: 429."""
    fake.errors["views.publish"] = ["ratelimited"] * (RATE_LIMIT_RETRIES + 1)


def refuse_access(fake: FakeSlack) -> None:
    fake.errors["views.publish"] = ["account_inactive"]


@pytest.mark.parametrize(
    ("refuse", "code"), [(rate_limit, "ratelimited"), (refuse_access, "account_inactive")]
)
async def test_a_home_tab_slack_refused_is_one_warning_line_and_the_next_opening_shows_it(
    tmp_path: Path,
    fake: FakeSlack,
    caplog: pytest.LogCaptureFixture,
    refuse: Callable[[FakeSlack], None],
    code: str,
) -> None:
    """Someone opened the Home tab while Slack refused its `views.publish` (its rate limit
    outlasting the client's waits, the bot's access): the log had "Slack background work
    failed" at ERROR with a traceback, at each opening, for a refusal of Slack's, not a bug
    of the bot's. One WARNING line now says whose tab and why; the next opening publishes."""
    slack = await start_slack(tmp_path, fake)
    try:
        refuse(fake)
        with caplog.at_level(logging.INFO):
            assert (await slack.sender.event(HOME_OPENED, team=TEAM))[0] == 200
            await slack.adapter.idle()
            assert (await slack.sender.event(HOME_OPENED, team=TEAM))[0] == 200
            await slack.adapter.idle()
    finally:
        await stop_slack(slack)
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert [r.getMessage() for r in caplog.records if "App Home" in r.getMessage()] == [
        f"App Home of U0DAVE not shown: Slack views.publish failed: {code}"
    ]
    published = [c for c in fake.calls_to("views.publish") if c.answer["ok"]]
    assert len(published) == 1 and published[0].args["user_id"] == "U0DAVE"


async def test_a_home_tab_slack_refused_as_built_is_logged_as_a_bug(
    tmp_path: Path, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    """A view Slack refuses as built (`invalid_blocks`) is the bot's bug: ERROR, still one
    line, not a warning to shrug at."""
    slack = await start_slack(tmp_path, fake)
    try:
        fake.errors["views.publish"] = ["invalid_blocks"]
        assert (await slack.sender.event(HOME_OPENED, team=TEAM))[0] == 200
        await slack.adapter.idle()
    finally:
        await stop_slack(slack)
    [record] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert record.levelno == logging.ERROR and record.exc_info is None
    assert record.getMessage() == (
        "App Home of U0DAVE not shown: Slack views.publish failed: invalid_blocks"
    )
