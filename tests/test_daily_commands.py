"""/daily through the dispatcher: who may do what, and what a mistake is told."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import BotApp
from bot.clock import ManualClock
from bot.commands.daily import ZONE_AUTOCOMPLETE, poll_action
from bot.core.context import Context
from bot.core.dispatch import Dispatcher
from bot.core.registry import Choice, Command, OptionValue, Registry
from bot.core.replies import Reply, notice
from bot.daily.render import POLL_ACTION
from tests.conftest import START
from tests.helpers import make_app
from tests.test_daily_scheduler import RecordingOutbound

HOUR = 3600.0


@pytest.fixture
async def app(tmp_path: Path, clock: ManualClock) -> AsyncIterator[BotApp]:
    clock.set(START - HOUR)  # Monday 2026-03-02 08:00 UTC
    bot = await make_app(tmp_path, clock=clock)
    yield bot
    await bot.close()


def member(clock: ManualClock, is_admin: bool = False) -> Context:
    return Context("console", "local", "general", "bea", "Bea", is_admin, clock)


async def daily(app: BotApp, ctx: Context, text: str = "") -> Reply:
    return await app.dispatcher.run_text(ctx, "daily", text)


async def test_everyone_sees_status_but_only_admins_change_it(
    app: BotApp, clock: ManualClock
) -> None:
    for action in ("on", "off", "now", "on time:10:00"):
        reply = await daily(app, member(clock), action)
        assert reply.ephemeral
        assert reply.text == (
            f"Only admins can use /daily {action.split()[0]}. Anyone can see /daily status."
        )
    assert await app.daily.store.subscription(member(clock).channel_ref) is None
    for text in ("status", ""):
        reply = await daily(app, member(clock), text)
        assert reply.ephemeral and reply.text.startswith("No daily takeaway in this channel.")


async def test_on_defaults_to_nine_utc_and_status_shows_the_plan(
    app: BotApp, clock: ManualClock
) -> None:
    reply = await daily(app, member(clock, is_admin=True), "on")
    assert not reply.ephemeral, "the channel learns its schedule"
    assert reply.text == (
        "Daily takeaways on: every day at 09:00 UTC. Next post: Mon 02 Mar 09:00 UTC."
    )
    status = await daily(app, member(clock), "status")
    first = app.pack.takeaways[0].title
    assert status.ephemeral
    assert status.fallback().splitlines() == [
        "Daily takeaway",
        "Schedule: 09:00 UTC",
        "State: on",
        f"Next post: Mon 02 Mar 09:00 UTC (in 1h) — Takeaway 1: {first}",
        "Last post: none yet",
    ]


async def test_on_with_time_and_zone_and_later_changes_keep_what_is_not_given(
    app: BotApp, clock: ManualClock
) -> None:
    ctx = member(clock, is_admin=True)
    reply = await daily(app, ctx, "on 07:15 America/New_York")
    assert reply.text.startswith("Daily takeaways on: every day at 07:15 America/New_York.")
    assert reply.text.endswith("Next post: Mon 02 Mar 07:15 EST.")
    reply = await daily(app, ctx, "on tz:europe/london")
    assert reply.text.startswith("Daily takeaways on: every day at 07:15 Europe/London.")
    reply = await daily(app, ctx, "on time:9:45")
    assert reply.text.startswith("Daily takeaways on: every day at 09:45 Europe/London.")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "on time:25:00",
            "“25:00” is not a time of day: use HH:MM on a 24-hour clock, e.g. 09:30.",
        ),
        ("on 9am", "“9am” is not a time of day: use HH:MM on a 24-hour clock, e.g. 09:30."),
        (
            "on tz:Mars/Olympus_Mons",
            "Unknown time zone “Mars/Olympus_Mons”. "
            "Use an IANA name such as Europe/London, America/New_York or UTC.",
        ),
        (
            "status time:09:00",
            "`time` and `tz` go with /daily on, e.g. /daily on time:09:30 tz:UTC.",
        ),
        ("off tz:UTC", "`time` and `tz` go with /daily on, e.g. /daily on time:09:30 tz:UTC."),
        ("sometimes", "`action` must be one of: on, off, status, now."),
    ],
)
async def test_mistakes_get_a_clear_ephemeral_answer_and_store_nothing(
    app: BotApp, clock: ManualClock, text: str, message: str
) -> None:
    ctx = member(clock, is_admin=True)
    reply = await daily(app, ctx, text)
    assert reply.ephemeral and reply.text == message
    assert await app.daily.store.subscription(ctx.channel_ref) is None


async def test_a_misspelt_zone_suggests_the_right_one(app: BotApp, clock: ManualClock) -> None:
    reply = await daily(app, member(clock, is_admin=True), "on tz:Europe/Lundon")
    assert reply.text.startswith("Unknown time zone “Europe/Lundon”. Did you mean Europe/London")


async def test_off_stops_the_schedule_and_says_so_once(app: BotApp, clock: ManualClock) -> None:
    ctx = member(clock, is_admin=True)
    assert (await daily(app, ctx, "off")).text == "Daily takeaways were not on in this channel."
    await daily(app, ctx, "on")
    reply = await daily(app, ctx, "off")
    assert not reply.ephemeral and reply.text == "Daily takeaways are off in this channel."
    status = (await daily(app, member(clock), "status")).fallback()
    assert "State: off (an admin can run /daily on)" in status


async def test_now_posts_through_the_platform_and_confirms_privately(
    app: BotApp, clock: ManualClock
) -> None:
    ctx = member(clock, is_admin=True)
    missing = await daily(app, ctx, "now")
    assert missing.text == "The console adapter is not running, so I cannot post."
    outbound = RecordingOutbound(clock)
    app.outbounds.add(outbound)
    reply = await daily(app, ctx, "now")
    first = app.pack.takeaways[0].title
    assert reply.ephemeral
    assert reply.text == (
        f"Posted Takeaway 1: {first}. Today's scheduled post, if any, still happens."
    )
    [posted] = outbound.posts
    assert posted.channel == ctx.channel_ref
    assert [b.action_id for b in posted.reply.buttons()] == [POLL_ACTION]
    status = await daily(app, member(clock), "status")
    assert status.text.endswith(f"Last post: Mon 02 Mar 08:00 UTC — Takeaway 1: {first}.")


async def test_the_poll_button_runs_poll_as_the_clicker(clock: ManualClock) -> None:
    calls: list[tuple[Context, Mapping[str, OptionValue]]] = []

    async def poll(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        calls.append((ctx, options))
        return notice("poll posted", ephemeral=False)

    registry = Registry()
    registry.add(Command("poll", "Who's right?", poll))
    dispatcher = Dispatcher(registry)
    registry.add_action("daily", poll_action(dispatcher))
    clicker = replace(member(clock), user="cy", display_name="Cy")
    assert (await dispatcher.click(clicker, POLL_ACTION)).text == "poll posted"
    assert calls == [(clicker, {})]
    stale = await dispatcher.click(clicker, "daily:v0:poll")
    assert stale.text == "This button is no longer supported. Run /poll instead."
    assert len(calls) == 1


async def test_the_app_routes_the_button_and_lists_daily_in_help(
    app: BotApp, clock: ManualClock
) -> None:
    assert app.registry.action(POLL_ACTION) is not None
    help_text = (await app.dispatcher.run_text(member(clock), "help", "")).fallback()
    assert "/daily [on|off|status|now] [time] [tz]" in help_text
    assert app.daily in app.services


async def test_zone_autocomplete_suggests_iana_names(app: BotApp, clock: ManualClock) -> None:
    source = app.registry.autocomplete(ZONE_AUTOCOMPLETE)
    assert source is not None
    suggestions = await source(member(clock), "london")
    assert suggestions == [Choice("Europe/London", "Europe/London")]
    assert len(await source(member(clock), "")) == 25
    assert Choice("America/New_York", "America/New_York") in await source(member(clock), "new y")
