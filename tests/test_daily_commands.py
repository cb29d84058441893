"""/daily through the dispatcher: who may do what, and what a mistake is told."""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.app import BotApp
from bot.clock import ManualClock, fast_forward
from bot.commands.daily import ZONE_AUTOCOMPLETE, suggested_zones, zone_rank
from bot.core.context import BOT_ADMINS_ONLY, Context
from bot.core.outbound import DeliveryError
from bot.core.registry import Choice
from bot.core.replies import Reply
from bot.daily.render import POLL_ACTION
from bot.daily.schedule import (
    describe_instant,
    format_time,
    local_date,
    zone_names,
    zones_at_offset,
)
from bot.daily.zone_abbreviations import meanings
from tests.conftest import START
from tests.helpers import make_app
from tests.test_daily_schedule import typed_offsets, zones_as_typed
from tests.test_daily_scheduler import RecordingOutbound

HOUR = 3600.0
DAY = 24 * HOUR
NEW_YORK = ZoneInfo("America/New_York")
ON = "Daily takeaways on: I posted the schedule in this channel."
#: What a refusal of a /daily value ends with: the command's usage line.
USAGE = 'Usage: /daily [action:on|off|status|now] [time:"09:00"] [tz:"Europe/London"]'


@pytest.fixture
async def app(tmp_path: Path, clock: ManualClock) -> AsyncIterator[BotApp]:
    clock.set(START - HOUR)  # Monday 2026-03-02 08:00 UTC
    bot = await make_app(tmp_path, clock=clock)
    yield bot
    await bot.close()


@pytest.fixture
def outbound(app: BotApp, clock: ManualClock) -> RecordingOutbound:
    """The console's platform, which `/daily on` posts the schedule through."""
    platform = RecordingOutbound(clock)
    app.outbounds.add(platform)
    return platform


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
            f"Only admins can use /daily {action.split()[0]} ({BOT_ADMINS_ONLY}). "
            "Anyone can see /daily status."
        )
    assert await app.daily.store.subscription(member(clock).channel_ref) is None
    for text in ("status", ""):
        reply = await daily(app, member(clock), text)
        assert reply.ephemeral and reply.text.startswith("No daily takeaway in this channel.")


async def test_on_defaults_to_nine_utc_and_status_shows_the_plan(
    app: BotApp, clock: ManualClock, outbound: RecordingOutbound
) -> None:
    reply = await daily(app, member(clock, is_admin=True), "on")
    assert reply.ephemeral and reply.text == ON
    [posted] = outbound.notices
    assert posted.channel == member(clock).channel_ref
    assert not posted.reply.ephemeral, "the channel learns its schedule from the bot itself"
    assert posted.reply.text == (
        "Daily takeaways on: every day at 09:00 UTC. Next post: Mon 02 Mar 09:00 UTC. Set by Bea."
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
        "Next post in your own time zone: 2026-03-02 09:00 UTC",
    ]


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Etc/GMT+2", "09:30 Etc/GMT+2 (UTC-2)"),
        ("etc/gmt-5", "09:30 Etc/GMT-5 (UTC+5)"),
        ("Etc/GMT-14", "09:30 Etc/GMT-14 (UTC+14)"),
        ("Etc/GMT+0", "09:30 Etc/GMT+0"),
    ],
)
async def test_a_posix_offset_name_is_confirmed_with_the_offset_it_keeps(
    app: BotApp, clock: ManualClock, outbound: RecordingOutbound, zone: str, shown: str
) -> None:
    """Regression: `/daily on 9:30 Etc/GMT+2` was confirmed "every day at 09:30 Etc/GMT+2",
    which reads as UTC+2: the post goes at 11:30 UTC, its sign being POSIX's."""
    await daily(app, member(clock, is_admin=True), f"on 9:30 {zone}")
    assert outbound.notices[-1].reply.text.startswith(f"Daily takeaways on: every day at {shown}.")
    status = await daily(app, member(clock), "status")
    assert f"Schedule: {shown}\n" in status.fallback()


@pytest.mark.parametrize(
    ("zone", "hinted"), [("GMT", True), ("Etc/GMT", True), ("UTC", False), ("Europe/London", False)]
)
async def test_gmt_is_kept_as_utc_with_a_hint_for_londons_clock(
    app: BotApp, clock: ManualClock, outbound: RecordingOutbound, zone: str, hinted: bool
) -> None:
    """`/daily on 9:30 GMT` is UTC all year, while in Britain GMT is also said of London's
    clock, an hour ahead in summer: the admin is told once, in the confirmation."""
    reply = await daily(app, member(clock, is_admin=True), f"on 9:30 {zone}")
    hint = "GMT is UTC all year here; for London's clock, which moves to BST in summer, use "
    assert reply.ephemeral and reply.text.startswith(ON)
    assert (f"{ON} {hint}Europe/London." == reply.text) is hinted
    assert hint not in outbound.notices[-1].reply.text, "the channel's post stays plain"


@pytest.mark.parametrize(
    ("before", "wait"),
    [(20, "less than a minute"), (59.5, "less than a minute"), (60, "1m"), (100, "2m")],
)
async def test_status_says_truly_how_soon_a_post_under_a_minute_away_is(
    app: BotApp, clock: ManualClock, outbound: RecordingOutbound, before: float, wait: str
) -> None:
    """Regression: 20 seconds before the post, /daily status said "(in 0s)", as if it were
    due and had not gone."""
    await daily(app, member(clock, is_admin=True), "on")
    clock.set(START - before)
    status = await daily(app, member(clock), "status")
    assert f"Next post: Mon 02 Mar 09:00 UTC (in {wait}) — " in status.fallback()


async def test_on_with_time_and_zone_and_later_changes_keep_what_is_not_given(
    app: BotApp, clock: ManualClock, outbound: RecordingOutbound
) -> None:
    ctx = member(clock, is_admin=True)
    for text in ("on 07:15 America/New_York", "on tz:europe/london", "on time:9:45"):
        assert (await daily(app, ctx, text)).text == ON
    assert [posted.reply.text for posted in outbound.notices] == [
        "Daily takeaways on: every day at 07:15 America/New_York. Next post: Mon 02 Mar 07:15 EST. "
        "Set by Bea.",
        "Daily takeaways on: every day at 07:15 Europe/London. Next post: Tue 03 Mar 07:15 GMT. "
        "Set by Bea.",
        "Daily takeaways on: every day at 09:45 Europe/London. Next post: Mon 02 Mar 09:45 GMT. "
        "Set by Bea.",
    ]


async def test_help_gives_the_defaults_on_uses_for_what_is_not_given(
    app: BotApp, clock: ManualClock, outbound: RecordingOutbound
) -> None:
    """`/help daily` said `time` and `tz` default to 09:00 and UTC, but `/daily on` keeps
    the channel's own schedule for what is not typed, even one turned off: an admin
    moving a New York schedule's time read that it would move to UTC. Only a channel that
    never had one gets 09:00 UTC, and the help now says both."""
    shown = (await app.dispatcher.run_text(member(clock), "help", "daily")).fallback()
    ctx = member(clock, is_admin=True)
    for text in ("on", "on 07:15 America/New_York", "off", "on"):
        await daily(app, ctx, text)
    assert [posted.reply.text.split(". Next")[0] for posted in outbound.notices] == [
        "Daily takeaways on: every day at 09:00 UTC",
        "Daily takeaways on: every day at 07:15 America/New_York",
        "Daily takeaways on: every day at 07:15 America/New_York",
    ]
    for option, default in (("time", "09:00"), ("tz", "UTC")):
        line = next(line for line in shown.splitlines() if line.startswith(f"{option} ("))
        assert line.endswith(f"(default: as the channel had it, else {default})"), line


async def schedules_shown(
    app: BotApp, clock: ManualClock, outbound: RecordingOutbound, typed: Sequence[str]
) -> list[str]:
    """Each text run as `/daily …` by an admin, in turn; the schedules the channel was shown."""
    ctx = member(clock, is_admin=True)
    for text in typed:
        assert (await daily(app, ctx, text)).text == ON
    return [posted.reply.text.split(". Next")[0] for posted in outbound.notices]


async def test_a_12_hour_time_sets_the_24_hour_time_it_names(
    app: BotApp, clock: ManualClock, outbound: RecordingOutbound
) -> None:
    """Regression: `time:9:30pm` was refused as no time of day, and `time:"12:30 a.m."` as
    longer than the option's 5 characters."""
    typed = ("on time:9:30pm tz:America/New_York", 'on time:"12:30 a.m."', "on 8 pm Europe/Paris")
    assert await schedules_shown(app, clock, outbound, typed) == [
        "Daily takeaways on: every day at 21:30 America/New_York",
        "Daily takeaways on: every day at 00:30 America/New_York",
        # regression: "Unknown time zone “pm Europe/Paris”": by position, words after the
        # time fill the zone, which took the "pm" typed apart from the time
        "Daily takeaways on: every day at 20:00 Europe/Paris",
    ]


async def test_a_time_typed_as_people_type_it_sets_the_time_it_names(
    app: BotApp, clock: ManualClock, outbound: RecordingOutbound
) -> None:
    """Regression: `/daily on 9`, `9.30`, `21h`, `noon` and `9 o'clock` were each told
    "is not a time of day: use HH:MM", though each names one moment."""
    typed = (
        "on 9 Europe/Berlin",
        "on 9.30 CET",
        "on time:21h tz:Europe/Paris",
        "on 21h30",
        "on noon America/Los_Angeles",
        "on 12 noon",
        "on 9 o'clock Europe/London",
        # regression: "Unknown time zone “30”" and "“pm”": by position the words after the
        # hour filled the zone; and "0930" was "not a time of day"
        "on 9 30",
        "on 7 o'clock pm Asia/Tokyo",
        "on 0930",
        "on half past 9 pm",
        "on quarter to ten am Europe/Paris",
    )
    assert await schedules_shown(app, clock, outbound, typed) == [
        "Daily takeaways on: every day at 09:00 Europe/Berlin",
        "Daily takeaways on: every day at 09:30 CET",
        "Daily takeaways on: every day at 21:00 Europe/Paris",
        "Daily takeaways on: every day at 21:30 Europe/Paris",
        "Daily takeaways on: every day at 12:00 America/Los_Angeles",
        "Daily takeaways on: every day at 12:00 America/Los_Angeles",
        "Daily takeaways on: every day at 09:00 Europe/London",
        "Daily takeaways on: every day at 09:30 Europe/London",
        "Daily takeaways on: every day at 19:00 Asia/Tokyo",
        "Daily takeaways on: every day at 09:30 Asia/Tokyo",
        "Daily takeaways on: every day at 21:30 Asia/Tokyo",
        "Daily takeaways on: every day at 09:45 Europe/Paris",
    ]


async def test_a_zone_typed_before_the_time_is_read_as_the_zone(
    app: BotApp, clock: ManualClock, outbound: RecordingOutbound
) -> None:
    """Regression: by position the first word fills `time`, so `/daily on Europe/London`
    was refused with "`time` is 13 characters; the limit is 10." (a limit the admin never
    asked about), and `/daily on Asia/Tokyo 9:30 pm` the same way. A zone name is never a
    time, nor a time a zone name: the two are read for what they are."""
    typed = ("on Europe/London", "on Asia/Tokyo 9:30 pm", "on time:UTC tz:07:45")
    assert await schedules_shown(app, clock, outbound, typed) == [
        "Daily takeaways on: every day at 09:00 Europe/London",
        "Daily takeaways on: every day at 21:30 Asia/Tokyo",
        "Daily takeaways on: every day at 07:45 UTC",
    ]


@given(zones_as_typed())
@example(("Europe/London", "ＥＵＲＯＰＥ／ＬＯＮＤＯＮ"))
@example(("UTC", "ＵＴＣ"))
@example(("Asia/Tokyo", "Asia/Tokyo\u200b"))
def test_a_zone_typed_in_full_width_or_with_invisible_characters_gets_its_suggestions(
    typed: tuple[str, str],
) -> None:
    """Discord suggested nothing for `ｌｏｎｄｏｎ` or a name pasted with a zero-width space."""
    zone, as_typed = typed
    assert suggested_zones(as_typed) == suggested_zones(zone.lower())


async def test_a_zone_typed_with_an_input_method_on_sets_the_schedule(
    app: BotApp, clock: ManualClock, outbound: RecordingOutbound
) -> None:
    """`/daily on 9:30 ＵＴＣ` was refused: "Unknown time zone “ＵＴＣ”", though the time
    beside it was read in full width."""
    typed = ("on ９：３０ ＵＴＣ", "on time:21:30 tz:Ａｓｉａ／Ｔｏｋｙｏ")
    assert await schedules_shown(app, clock, outbound, typed) == [
        "Daily takeaways on: every day at 09:30 UTC",
        "Daily takeaways on: every day at 21:30 Asia/Tokyo",
    ]


async def test_a_zone_typed_in_the_time_field_is_read_as_the_zone(
    app: BotApp, clock: ManualClock, outbound: RecordingOutbound
) -> None:
    """Regression: Discord types each option in a field of its own, and `time: 9:30 pm
    Europe/Paris` was refused as "not a time of day": the zone is read as the zone."""
    ctx = member(clock, is_admin=True)
    for typed in ("9:30 pm Europe/Paris", "Asia/Tokyo 7 o'clock"):
        reply = await app.dispatcher.run(ctx, "daily", {"action": "on", "time": typed})
        assert reply.text == ON
    assert [posted.reply.text.split(". Next")[0] for posted in outbound.notices] == [
        "Daily takeaways on: every day at 21:30 Europe/Paris",
        "Daily takeaways on: every day at 07:00 Asia/Tokyo",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "on time:25:00",
            "“25:00” is not a time of day: use HH:MM on a 24-hour clock, e.g. 09:30, or 9:30am.",
        ),
        ("on time:24:00", "24:00 is written 00:00 here: the post goes out at the day's start."),
        (  # regression: quoted as "“half” is not a time of day", then told "use HH:MM",
            # which left the admin to work out which 9:30 they meant
            "on half past nine",
            "“half past nine” could be morning or evening: type 9:30am or 9:30pm.",
        ),
        (  # regression: told "use HH:MM", as if the time were wrong, not the day
            "on tomorrow",
            "“tomorrow”: daily takeaways go out every day, so no day is needed: type the time "
            "alone, e.g. 9am or 09:30.",
        ),
        (  # regression: "Unknown time zone “tomorrow”. Use an IANA name such as …"
            "on 9 am tomorrow",
            "“tomorrow”: daily takeaways go out every day, so no day is needed: type the time "
            "alone, e.g. 9am or 09:30.",
        ),
        (
            "on tz:Mars/Olympus_Mons",
            "Unknown time zone “Mars/Olympus_Mons”. "
            "Use an IANA name such as Europe/London, America/New_York or UTC.",
        ),
        (
            "on time:09:00 tz:UTC+2",
            "“UTC+2” is an offset, not a time zone. Use a place name (Area/City) so that "
            "daylight saving is followed; a fixed offset of UTC+2 is Etc/GMT-2 (the sign is "
            "inverted in those names). At UTC+2 all year: Africa/Maputo for central Africa "
            "(CAT); Africa/Tripoli for Libya, Kaliningrad (EET); Africa/Johannesburg for "
            "southern Africa (SAST).",
        ),
        (
            "status time:09:00",
            "/daily status takes nothing more, not “09:00”; `time` and `tz` go with /daily on. "
            f"{USAGE}",
        ),
        (
            "off tz:UTC",
            f"/daily off takes nothing more, not “UTC”; `time` and `tz` go with /daily on. {USAGE}",
        ),
        # a stray word typed after the action, read as the time
        (
            "status extra",
            "/daily status takes nothing more, not “extra”; `time` and `tz` go with /daily on. "
            f"{USAGE}",
        ),
        (
            "off now",
            "/daily off takes nothing more, not “now”; `time` and `tz` go with /daily on. "
            f"{USAGE}",
        ),
        ("sometimes", f"`action` must be one of: on, off, status, now. {USAGE}"),
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


async def test_off_stops_the_schedule_and_says_so_once(
    app: BotApp, clock: ManualClock, outbound: RecordingOutbound
) -> None:
    ctx = member(clock, is_admin=True)
    assert (await daily(app, ctx, "off")).text == "Daily takeaways were not on in this channel."
    await daily(app, ctx, "on")
    reply = await daily(app, ctx, "off")
    assert not reply.ephemeral and reply.text == "Daily takeaways are off in this channel."
    status = (await daily(app, member(clock), "status")).fallback()
    assert "State: off (an admin can run /daily on)" in status


async def test_on_where_the_bot_may_not_post_starts_nothing_and_says_why(
    app: BotApp, clock: ManualClock, outbound: RecordingOutbound
) -> None:
    """It answered "Daily takeaways on" in public and stored the schedule, whose first post
    then failed: the admin was told "on" and nothing ever appeared."""
    hint = "Invite me with `/invite @debatebot`."
    outbound.fail_always = DeliveryError("not_in_channel", permanent=True, hint=hint)
    ctx = member(clock, is_admin=True)
    reply = await daily(app, ctx, "on time:09:30")
    assert reply.ephemeral and reply.text == f"Daily takeaways not changed: {hint}"
    assert await app.daily.store.subscription(ctx.channel_ref) is None
    outbound.fail_always = DeliveryError("missing_scope", permanent=True)  # no hint known
    reply = await daily(app, ctx, "on")
    assert reply.text == "Daily takeaways not changed: I could not post here (missing_scope)."
    assert await app.daily.store.subscription(ctx.channel_ref) is None
    assert outbound.notices == []


@pytest.mark.parametrize(
    ("failure", "told"),
    [
        (
            DeliveryError("connection dropped", unknown=True),
            "The connection dropped while I posted this in the channel: it may or may not be "
            "there, and it is not sent twice.",
        ),
        (
            DeliveryError("rate limited"),
            "I could not post this in the channel just now (rate limited); daily posts are "
            "retried.",
        ),
    ],
)
async def test_on_whose_post_may_not_have_arrived_is_stored_and_says_so(
    app: BotApp, clock: ManualClock, outbound: RecordingOutbound, failure: DeliveryError, told: str
) -> None:
    """Neither a dropped connection (the post may be in the channel) nor a rate limit or a
    timeout says the bot may not post there: the schedule is on, its daily posts are
    retried like any post, and the admin is told the truth, not "posted"."""
    outbound.failures.append(failure)
    ctx = member(clock, is_admin=True)
    reply = await daily(app, ctx, "on time:09:30 tz:Europe/London")
    assert reply.ephemeral
    assert reply.text == (
        "Daily takeaways on: every day at 09:30 Europe/London. "
        f"Next post: Mon 02 Mar 09:30 GMT. {told}"
    )
    assert outbound.notices == [] and outbound.failures == [], "tried once, not resent"
    status = (await daily(app, member(clock), "status")).fallback()
    assert "Schedule: 09:30 Europe/London" in status and "State: on" in status


def mostly(valid: st.SearchStrategy[str], junk: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Three draws in four valid, so the property sees stored schedules, not only refusals."""
    return st.sampled_from([valid, valid, valid, junk]).flatmap(lambda strategy: strategy)


TYPED_TIMES = mostly(
    st.builds("{}:{:02d}".format, st.integers(0, 23), st.integers(0, 59)), st.text(max_size=6)
)
TYPED_ZONES = mostly(
    st.sampled_from(["UTC", "europe/london", "Asia/Kolkata", "Australia/Lord_Howe", "BST", "EST"]),
    st.text(max_size=12),
)


@given(at=TYPED_TIMES, tz=TYPED_ZONES, refused=st.booleans(), existing=st.booleans())
@settings(max_examples=40)
def test_a_typed_schedule_is_stored_only_as_the_channel_was_shown_it(
    tmp_path_factory: pytest.TempPathFactory, at: str, tz: str, refused: bool, existing: bool
) -> None:
    """Whatever is typed: a refused post or a mistake changes nothing and posts nothing;
    otherwise the one post names the schedule stored and the next post it makes, and the
    answer is marked as done (`Reply.done`), so an adapter that loses it does not say
    "try again"."""
    asyncio.run(typed_on(tmp_path_factory.mktemp("typed"), at, tz, refused, existing))


async def typed_on(path: Path, at: str, tz: str, refused: bool, existing: bool) -> None:
    clock = ManualClock(START - HOUR)
    app = await make_app(path, clock=clock)
    try:
        outbound = RecordingOutbound(clock)
        app.outbounds.add(outbound)
        ctx = member(clock, is_admin=True)
        store = app.daily.store
        if existing:
            await store.subscribe(ctx.channel_ref, time(7, 15), NEW_YORK, "bea", clock.now())
        if refused:
            outbound.fail_always = DeliveryError("not_in_channel", permanent=True, hint="Hi.")
        before = await store.subscription(ctx.channel_ref)
        reply = await app.dispatcher.run(ctx, "daily", {"action": "on", "time": at, "tz": tz})
        after = await store.subscription(ctx.channel_ref)
        assert reply.ephemeral
        if reply.text != ON:
            assert after == before and outbound.notices == []
            assert not reply.done, "lost, a refusal or a mistake may be tried again"
            return
        assert reply.done, "lost, a stored schedule is told as done, not 'try again'"
        assert not refused and after is not None and after.active
        outlook, _ = await app.daily.plan_for(after, clock.now())
        [posted] = outbound.notices
        assert posted.reply.text == (
            f"Daily takeaways on: every day at {format_time(after.at)} {after.zone.key}. "
            f"Next post: {describe_instant(outlook.next_post.instant, after.zone)}. "
            f"Set by {ctx.display_name}."
        )
    finally:
        await app.close()


#: Zones far apart and at odd offsets: UTC+14 and UTC-11 (a day apart), +5:45 and +5:30,
#: and Lord Howe's half-hour summer time.
FAR_ZONES = st.sampled_from(
    [
        "Asia/Tokyo",
        "America/New_York",
        "Pacific/Kiritimati",
        "Pacific/Pago_Pago",
        "Asia/Kathmandu",
        "Asia/Kolkata",
        "Europe/London",
        "Australia/Lord_Howe",
    ]
)


@given(
    before=FAR_ZONES,
    after=FAR_ZONES,
    at=st.builds(time, st.integers(0, 23), st.sampled_from([0, 30, 45])),
    wait=st.integers(0, 36 * 4).map(lambda quarters: quarters * 900.0),
)
@settings(max_examples=30)
def test_a_zone_change_makes_the_post_it_promises_and_one_a_local_day(
    tmp_path_factory: pytest.TempPathFactory, before: str, after: str, at: time, wait: float
) -> None:
    """A schedule switched to another zone `wait` after a post: the next post is the one
    `/daily on` promised, and no day of the new zone has two posts, before or after."""
    asyncio.run(zone_change(tmp_path_factory.mktemp("zones"), before, after, at, wait))


async def zone_change(path: Path, before: str, after: str, at: time, wait: float) -> None:
    clock = ManualClock(START)
    app = await make_app(path, clock=clock)
    try:
        outbound = RecordingOutbound(clock)
        app.outbounds.add(outbound)
        await app.daily.start()
        ctx = member(clock, is_admin=True)
        on = {"action": "on", "time": format_time(at), "tz": before}
        assert (await app.dispatcher.run(ctx, "daily", on)).text == ON
        await fast_forward(clock, [app.daily], DAY)  # a post in `before`
        await fast_forward(clock, [app.daily], wait)
        switched, earlier = clock.now(), len(outbound.posts)
        reply = await app.dispatcher.run(ctx, "daily", {"action": "on", "tz": after})
        assert reply.text == ON
        subscription = await app.daily.store.subscription(ctx.channel_ref)
        assert subscription is not None
        outlook, _ = await app.daily.plan_for(subscription, switched)
        await fast_forward(clock, [app.daily], 3 * DAY)
        made = [post.at for post in outbound.posts]
        # a post due before the switch is today's, kept, which `/daily on` promises at once
        assert made[earlier] == max(outlook.next_post.instant, switched)
        days = [local_date(instant, subscription.zone) for instant in made]
        assert len(days) == len(set(days)), (made, days)
    finally:
        await app.close()


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
    assert reply.text == (f"Posted Takeaway 1: {first}. No daily post is scheduled here.")
    [posted] = outbound.posts
    assert posted.channel == ctx.channel_ref
    assert [b.action_id for b in posted.reply.buttons()] == [POLL_ACTION]
    status = await daily(app, member(clock), "status")
    assert status.text.endswith(f"Last post: Mon 02 Mar 08:00 UTC — Takeaway 1: {first}.")


async def click(app: BotApp, ctx: Context, action_id: str = POLL_ACTION) -> Reply:
    return await app.dispatcher.click(ctx, action_id)


async def poll_count(app: BotApp) -> int:
    return int(await app.db.fetchval("SELECT COUNT(*) FROM polls"))


async def test_the_poll_button_starts_one_poll_and_shows_it_to_later_clickers(
    app: BotApp, clock: ManualClock
) -> None:
    cy = replace(member(clock), user="cy", display_name="Cy")
    started = await click(app, cy)
    assert not started.ephemeral and started.poll_id is not None, "posted in the channel"
    poll = await app.polls.store.get(started.poll_id)
    assert poll is not None and poll.question == app.pack.poll.question
    assert poll.creator.user == "cy", "/poll runs as the clicker"
    custom = await app.dispatcher.run_text(member(clock), "poll", '"Tea?" options:Yes | No')
    assert custom.poll_id is not None
    for user in ("dee", "eve"):
        again = await click(app, replace(member(clock), user=user, display_name=user))
        assert again.ephemeral and again.poll_id == started.poll_id
        assert again.text == (
            f"Poll #{started.poll_id} is already open in this channel: vote here or on it."
        )
    assert await poll_count(app) == 2, "the pack poll and the custom one, nothing more"
    on_the_card = replace(member(clock), message="card", ephemeral_message=True)
    vote = await click(app, on_the_card, again.buttons()[0].action_id)
    assert vote.ephemeral and "Gavin Baker" in vote.text
    assert (await app.polls.render(started.poll_id)).fallback().count("1 vote") >= 1
    stale = await click(app, cy, "daily:v0:poll")
    assert stale.text == "This button is no longer supported. Run /poll instead."


async def test_once_the_poll_is_closed_the_button_starts_a_new_one(
    app: BotApp, clock: ManualClock
) -> None:
    admin = member(clock, is_admin=True)
    first = await click(app, member(clock))
    closed = await app.dispatcher.run_text(admin, "close", str(first.poll_id))
    assert not closed.ephemeral, closed.text
    second = await click(app, member(clock))
    assert not second.ephemeral and second.poll_id not in (None, first.poll_id)
    await app.dispatcher.run_text(admin, "close", str(second.poll_id))
    timed = await app.dispatcher.run_text(member(clock), "poll", "duration:1m")
    assert (await click(app, member(clock))).poll_id == timed.poll_id
    clock.advance(61)  # past its deadline, not yet swept: no longer open either
    third = await click(app, member(clock))
    assert not third.ephemeral and third.poll_id not in (None, timed.poll_id)
    assert await poll_count(app) == 4


async def test_simultaneous_first_clicks_start_one_poll(app: BotApp, clock: ManualClock) -> None:
    clicks = [replace(member(clock), user=f"u{n}", display_name=f"U{n}") for n in range(5)]
    replies = await asyncio.gather(*(click(app, ctx) for ctx in clicks))
    assert sorted(r.ephemeral for r in replies) == [False, True, True, True, True]
    assert len({r.poll_id for r in replies}) == 1
    assert await poll_count(app) == 1


async def test_the_app_routes_the_button_and_lists_daily_in_help(
    app: BotApp, clock: ManualClock
) -> None:
    assert app.registry.action(POLL_ACTION) is not None
    help_text = (await app.dispatcher.run_text(member(clock), "help", "")).fallback()
    assert '/daily [action:on|off|status|now] [time:"09:00"] [tz:"Europe/London"]' in help_text
    assert app.daily in app.services


async def test_zone_autocomplete_suggests_iana_names(app: BotApp, clock: ManualClock) -> None:
    source = app.registry.autocomplete(ZONE_AUTOCOMPLETE)
    assert source is not None
    suggestions = await source(member(clock), "london", {})
    assert suggestions == [Choice("Europe/London", "Europe/London")]
    assert len(await source(member(clock), "", {})) == 25
    new_york = Choice("America/New_York", "America/New_York")
    assert new_york in await source(member(clock), "new y", {})


async def test_zone_autocomplete_puts_the_zones_that_begin_with_the_typed_text_first(
    app: BotApp, clock: ManualClock
) -> None:
    """Discord shows 25 suggestions, and they were alphabetical: "us" showed 25 zones of
    Australia and no US/Eastern, "eu" Africa/Ceuta before Europe, "utc" Etc/UTC first."""
    source = app.registry.autocomplete(ZONE_AUTOCOMPLETE)
    assert source is not None
    us = [choice.value for choice in await source(member(clock), "us", {})]
    assert us[:3] == ["US/Alaska", "US/Aleutian", "US/Arizona"] and "US/Eastern" in us
    assert (await source(member(clock), "eu", {}))[0].value == "Europe/Amsterdam"
    assert (await source(member(clock), "utc", {}))[0].value == "UTC"
    york = [choice.value for choice in await source(member(clock), "york", {})]
    assert york == ["America/New_York"]  # a word's start, where nothing begins with it


@settings(max_examples=200)
@given(
    zone=st.sampled_from(zone_names()),
    cut=st.tuples(st.integers(0, 40), st.integers(1, 40)),
    upper=st.booleans(),
)
@example(zone="Etc/GMT+0", cut=(4, 5), upper=False)  # "gmt+0": an offset
def test_zone_suggestions_rank_starts_first_and_leave_no_better_match_out(
    zone: str, cut: tuple[int, int], upper: bool
) -> None:
    """Any piece of any zone's name, in either case: the zones suggested for it that its
    abbreviations do not name are in rank order (the name, its start, a word's start,
    elsewhere), no zone left out ranks better than one shown, and a name typed whole is
    the first of them. A piece that spells an offset ("GMT+0" of Etc/GMT+0) gets the zones
    at that offset all year instead, by design (d9b9391): the names holding "GMT-3" are at
    UTC+3."""
    start, length = cut
    piece = zone[start : start + length] or zone
    typed = piece.upper() if upper else piece.lower()
    shown = suggested_zones(typed)
    at_offset = zones_at_offset(typed)
    if at_offset is not None:
        assert shown == at_offset[: len(shown)] and shown
        return
    named = {meaning.zone for meaning in meanings(typed)}
    spelled = [name for name in shown if name not in named]
    lowered = typed.strip().lower().replace(" ", "_")
    ranks = [zone_rank(name.lower(), lowered) for name in spelled]
    assert ranks == sorted(ranks)
    left_out = [n for n in zone_names() if lowered in n.lower() and n not in shown]
    if left_out and ranks:
        assert min(zone_rank(n.lower(), lowered) for n in left_out) >= ranks[-1]
    if piece == zone and zone not in named:
        assert spelled[0] == zone


async def test_zone_autocomplete_offers_the_zone_an_abbreviation_stands_for(
    app: BotApp, clock: ManualClock
) -> None:
    """No zone's name contains "bst", so typing it used to offer nothing at all."""
    source = app.registry.autocomplete(ZONE_AUTOCOMPLETE)
    assert source is not None
    assert await source(member(clock), "bst", {}) == [Choice("Europe/London", "Europe/London")]
    ist = [choice.value for choice in await source(member(clock), "IST", {})]
    assert ist[:3] == ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]
    assert "Europe/Istanbul" in ist and len(ist) == len(set(ist))
    est = [choice.value for choice in await source(member(clock), "est", {})]
    assert est[:2] == ["America/New_York", "America/Panama"] and "EST" not in est


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("UTC+5:30", ["Asia/Colombo", "Asia/Kolkata"]),
        ("+0530", ["Asia/Colombo", "Asia/Kolkata"]),
        # regression: Etc/GMT-3 came next, which is UTC+3 (and +1 offered Etc/GMT+1 to +12)
        ("gmt-3", ["America/Sao_Paulo", "Etc/GMT+3"]),
        ("+1", ["Africa/Algiers", "Africa/Lagos", "Etc/GMT-1"]),
        ("UTC+0", ["UTC"]),
    ],
)
async def test_zone_autocomplete_offers_the_zones_an_offset_is_kept_in_all_year(
    app: BotApp, clock: ManualClock, typed: str, offered: list[str]
) -> None:
    """Regression: no zone's name contains "UTC+5:30", so typing it offered nothing at all,
    though the refusal of that offset names the places that keep it."""
    source = app.registry.autocomplete(ZONE_AUTOCOMPLETE)
    assert source is not None
    choices = [choice.value for choice in await source(member(clock), typed, {})]
    assert choices == offered


@given(typed_offsets())
def test_no_zone_autocomplete_offers_for_an_offset_keeps_another(
    typed: tuple[str, timedelta],
) -> None:
    """Whatever offset is typed, every zone offered keeps it every month: by name, GMT-3
    offered Etc/GMT-3, UTC+3, as the refusal never does."""
    text, offset = typed
    for name in suggested_zones(text):
        for month in range(1, 13):
            moment = datetime(2026, month, 15, tzinfo=ZoneInfo(name))
            assert moment.utcoffset() == offset, (text, name)


#: Accents people write on a city's letters that its zone name leaves out (Zürich,
#: São Paulo, Bogotá, Cancún, Reykjavík, Asunción): acute, grave, circumflex, tilde,
#: diaeresis and cedilla.
ACCENTS = st.sampled_from(["", "\u0301", "\u0300", "\u0302", "\u0303", "\u0308", "\u0327"])


#: The zones named after a place, other than a region (Etc/ names are offsets).
_AREAS = {name.split("/")[0] for name in zone_names()}
_CITY_ZONES = [
    n for n in zone_names() if "/" in n and "Etc/" not in n and n.rsplit("/", 1)[1] not in _AREAS
]


@st.composite
def cities_as_typed(draw: st.DrawFn) -> tuple[str, str]:
    """A place's zone and its city as people type it: spaces where the name has `_` or
    `-` (Port-au-Prince), letters perhaps accented as the city writes itself, any case.
    (Not US/Pacific's "Pacific", a region of its own with more zones than are offered.)"""
    zone = draw(st.sampled_from(_CITY_ZONES))
    city = zone.rsplit("/", 1)[1]
    spaced = draw(st.sampled_from([city, city.replace("_", " "), city.replace("-", " ")]))
    accented = "".join(c + (draw(ACCENTS) if c.isalpha() else "") for c in spaced)
    case = draw(st.sampled_from([str, str.lower, str.upper, str.title]))
    return zone, case(unicodedata.normalize("NFC", accented))


@given(cities_as_typed())
@example(("Europe/Zurich", "Zürich"))  # offered nothing, though the refusal named it
@example(("America/Sao_Paulo", "São Paulo"))
@example(("America/Port-au-Prince", "port au prince"))
def test_a_city_typed_with_its_accents_or_spaces_is_offered_its_zone(
    typed: tuple[str, str],
) -> None:
    """Discord's `tz:` suggestions for `Zürich`, `São Paulo` or `port au prince` were
    empty, though `/daily on` refusing the same words offers the zone (`parse_zone`)."""
    zone, as_typed = typed
    assert zone in suggested_zones(as_typed)


async def test_simultaneous_first_clicks_on_two_instances_start_one_poll(
    app: BotApp, tmp_path: Path, clock: ManualClock
) -> None:
    """The lock is in the database: a second bot instance on the same database (here a
    second app on the same SQLite file) shares it."""
    other = await make_app(tmp_path, clock=clock)
    try:
        people = [replace(member(clock), user=f"u{n}", display_name=f"U{n}") for n in range(12)]
        replies = await asyncio.gather(
            *(click(app if n % 2 else other, person) for n, person in enumerate(people))
        )
    finally:
        await other.close()
    assert await poll_count(app) == 1
    started = [r for r in replies if not r.ephemeral]
    assert len(started) == 1 and started[0].poll_id is not None
    assert {r.poll_id for r in replies} == {started[0].poll_id}
