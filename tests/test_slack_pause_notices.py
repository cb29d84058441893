"""A daily schedule paused on Slack is told to the admin who set it, in a DM from the bot,
end to end through slack-sdk against FakeSlack (`chat.postMessage` to the user's id)."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import OffsetClock, fast_forward
from bot.storage.migrate import migrate
from bot.storage.migrations import all_migrations
from bot.storage.sqlite import SqliteDatabase
from tests.helpers import morning_clock
from tests.slack_fake import TEAM, TOKEN, FakeSlack
from tests.test_slack_e2e import CHANNEL, Slack, start_slack, stop_slack

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
        "this channel because I'm not a member. Invite me with `/invite @debatebot`. Then run "
        f"`/daily on` in {here} to resume them. You get this because you last set them up there."
    )


SECOND = "C0SECOND"


async def start_two_schedules(tmp_path: Path, fake: FakeSlack) -> tuple[Slack, OffsetClock]:
    """The bot with daily takeaways set by ADMIN, an hour from now, in two channels."""
    clock = morning_clock()
    at = datetime.fromtimestamp(clock.now() + HOUR, UTC).strftime("%H:%M")
    slack = await start_slack(tmp_path, fake, clock=clock)
    for channel in (CHANNEL, SECOND):
        _, url = await slack.command("/daily", f"on time:{at}", user=ADMIN, channel=channel)
        assert "posted the schedule" in (await slack.answer(url)).args["text"]
    return slack, clock


def daily_posts(fake: FakeSlack) -> list[str]:
    """The channels the bot's takeaways went out in, in order (not its /daily on notices,
    nor its DMs)."""
    return [
        c.args["channel"]
        for c in fake.calls_to("chat.postMessage")
        if c.answer["ok"]
        and c.args["channel"] != ADMIN
        and "Daily takeaways on" not in json.dumps(c.args)
    ]


async def status_text(slack: Slack, channel: str) -> str:
    _, url = await slack.command("/daily", "status", user=ADMIN, channel=channel)
    return json.dumps((await slack.answer(url)).args)


@pytest.mark.parametrize(
    "code",
    [
        "token_revoked",
        "invalid_auth",
        "account_inactive",
        "missing_scope",
        "team_access_not_granted",
    ],
)
async def test_the_workspaces_access_failing_pauses_no_channel_and_heals_by_itself(
    tmp_path: Path, fake: FakeSlack, caplog: pytest.LogCaptureFixture, code: str
) -> None:
    """A revoked token paused every channel one by one, each then waiting for an admin's
    /daily on after the operator fixed it, each DMing an admin a message the token could
    not send. Now the day is given up in each channel, saying the bot's access failed, the
    operator reads it once in the log (no token in it), and the next day posts again."""
    slack, clock = await start_two_schedules(tmp_path, fake)
    try:
        if code == "token_revoked":
            fake.revoked.add(TOKEN)
        else:
            fake.errors["chat.postMessage"] = [code, code]
        await fast_forward(clock, [slack.app.daily], HOUR)  # both posts fall due, refused
        fake.revoked.clear()  # the operator fixes the token
        for channel in (CHANNEL, SECOND):
            status = await status_text(slack, channel)
            assert "the bot's access to this workspace failed" in status
            assert f"failed: {code})" in status and "paused" not in status
        assert daily_posts(fake) == []
        await fast_forward(clock, [slack.app.daily], 86400)
    finally:
        await stop_slack(slack)
    assert sorted(daily_posts(fake)) == sorted([CHANNEL, SECOND])  # resumed by itself
    assert [c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == ADMIN] == []
    loud = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert [m for m in loud if "access to slack workspace" in m] == [
        f"daily posts: the bot's access to slack workspace {TEAM} failed (Slack "
        f"chat.postMessage failed: {code}): every daily post there is given up until its "
        "token or scopes are fixed; schedules stay on and resume by themselves"
    ]
    assert f"access to slack workspace {TEAM} works again" in caplog.text
    assert TOKEN not in caplog.text
    # ... once: not again at WARNING for each channel's day given up
    daily = [r for r in caplog.records if r.name == "bot.daily.scheduler"]
    assert [r for r in daily if r.levelno == logging.WARNING and "gave up" in r.getMessage()] == []


@pytest.mark.parametrize("code", ["msg_too_long", "invalid_blocks", "no_text"])
async def test_a_post_refused_as_built_pauses_nothing_and_is_logged_as_a_bug(
    tmp_path: Path, fake: FakeSlack, caplog: pytest.LogCaptureFixture, code: str
) -> None:
    """Slack refusing the post the bot built paused the channel until an admin ran /daily
    on, which changed nothing: the fault is the bot's. Now that day is given up, the error
    is logged for the operator, and the next day posts."""
    slack, clock = await start_two_schedules(tmp_path, fake)
    try:
        fake.errors["chat.postMessage"] = [code]
        await fast_forward(clock, [slack.app.daily], HOUR)
        refused = [c.args["channel"] for c in fake.calls_to("chat.postMessage")][-2]
        assert (
            f"Slack refused the post as the bot built it (Slack chat.postMessage failed: {code})"
            in (await status_text(slack, refused))
        )
        await fast_forward(clock, [slack.app.daily], 86400)
    finally:
        await stop_slack(slack)
    assert daily_posts(fake).count(refused) == 1  # the next day's
    assert [c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == ADMIN] == []
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert (
        f"daily post to slack/{TEAM}/#{refused} refused as built, a bug: Slack "
        f"chat.postMessage failed: {code}" in errors
    )


async def test_the_dm_for_a_channel_slack_no_longer_finds_allows_that_it_was_deleted(
    tmp_path: Path, fake: FakeSlack
) -> None:
    """A channel deleted since /daily on: Slack answers `channel_not_found`, as for a
    private channel the bot was removed from. The DM told the admin to invite the bot and
    run /daily on in a channel that might no longer exist; it now says it cannot find the
    channel, that a deleted one needs nothing done, and what to do if it still exists."""
    slack, clock = await start_two_schedules(tmp_path, fake)
    try:
        fake.deleted.add(SECOND)
        await fast_forward(clock, [slack.app.daily], HOUR)
    finally:
        await stop_slack(slack)
    [dm] = [c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == ADMIN]
    there = f"<#{SECOND}>"
    assert dm.args["text"] == (
        f"Daily takeaways are paused in {there}: I can no longer find that channel (Slack "
        "chat.postMessage failed: channel_not_found). If it was deleted, there is nothing to "
        f"do. If not, I was removed from it. What to do in {there}: I can't post in this "
        "channel because I'm not a member. Invite me with `/invite @debatebot`. "
        f"Then run `/daily on` in {there} to resume them. You get this because you last set "
        "them up there."
    )
    assert daily_posts(fake) == [CHANNEL]


async def test_the_dm_for_an_archived_channel_says_what_to_do_there(
    tmp_path: Path, fake: FakeSlack
) -> None:
    """A channel archived since /daily on: the DM read "What to do in #x: This channel is
    archived, so I can't post in it. Then run /daily on in #x", a what-to-do that names
    nothing to do, in a channel where no one can run a command until it is unarchived."""
    slack, clock = await start_two_schedules(tmp_path, fake)
    try:
        fake.errors["chat.postMessage"] = ["is_archived"]
        await fast_forward(clock, [slack.app.daily], HOUR)
    finally:
        await stop_slack(slack)
    [dm] = [c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == ADMIN]
    [there] = {CHANNEL, SECOND} - set(daily_posts(fake))
    assert dm.args["text"] == (
        f"Daily takeaways are paused in <#{there}>: my post there could not go out (Slack "
        f"chat.postMessage failed: is_archived). What to do in <#{there}>: This channel is "
        "archived, so I can't post in it: someone needs to unarchive it first. Then run "
        f"`/daily on` in <#{there}> to resume them. You get this because you last set them up "
        "there."
    )


async def test_a_schedule_an_earlier_release_paused_for_a_revoked_token_posts_again_unannounced(
    tmp_path: Path, fake: FakeSlack
) -> None:
    """An earlier release paused a schedule whose post Slack refused with `token_revoked`
    and DMed its admin to fix it in the channel; once the operator had a new token, nothing
    posted there until someone ran /daily on. Started on that database, the bot posts the
    next takeaway on time, every day, and DMs nobody: that pause was told already. A pause
    for not being in the channel, which a person must fix, stays as it was, untold again."""
    clock = morning_clock()
    at = datetime.fromtimestamp(clock.now() + HOUR, UTC).strftime("%H:%M")
    db = await SqliteDatabase.open(str(tmp_path / "bot.db"))
    version = next(m.version for m in all_migrations() if m.name == "daily_unpause_access_errors")
    await migrate(db, tuple(m for m in all_migrations() if m.version < version))
    cannot_help = " (the platform says retrying cannot help)"
    paused = {
        CHANNEL: "Slack chat.postMessage failed: token_revoked" + cannot_help,
        SECOND: "Slack chat.postMessage failed: not_in_channel" + cannot_help,
    }
    for channel, reason in paused.items():
        await db.execute(
            "INSERT INTO channels (platform, workspace, channel_id, first_seen) "
            "VALUES ('slack', ?, ?, 0)",
            TEAM,
            channel,
        )
        await db.execute(
            "INSERT INTO daily_subscriptions (platform, workspace, channel_id, at_time, zone, "
            "enabled, since, changed_by, changed_at, paused_reason, paused_at) "
            "VALUES ('slack', ?, ?, ?, 'UTC', 1, 0, ?, 0, ?, 1)",
            TEAM,
            channel,
            at,
            ADMIN,
            reason,
        )
    await db.close()
    fake.not_in_channel.add(SECOND)
    slack = await start_slack(tmp_path, fake, clock=clock)
    try:
        await fast_forward(clock, [slack.app.daily], HOUR)
        await fast_forward(clock, [slack.app.daily], 86400)
        assert "paused" not in await status_text(slack, CHANNEL)
        assert "not_in_channel" in await status_text(slack, SECOND)
    finally:
        await stop_slack(slack)
    assert daily_posts(fake) == [CHANNEL, CHANNEL]
    assert [c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == ADMIN] == []
