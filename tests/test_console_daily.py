"""Watching a daily post happen in the console: `/daily on`, then `:tick` the clock on."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleAdapter
from bot.app import BotApp
from bot.clock import ManualClock
from bot.commands.daily import pause_notice
from bot.core.context import ChannelRef, UserRef
from bot.daily.scheduler import Pause
from bot.knowledge import default_pack_dir, load_pack
from tests.conftest import START
from tests.helpers import make_app
from tests.test_console_e2e import console

POST_HEADING = "[#general] new message"
PRIVATE = "(only you can see this)\n\n"


async def run_script(app: BotApp, script: str) -> str:
    """Start `app`, run a console script through it, close it; what the console printed."""
    out = io.StringIO()
    adapter = ConsoleAdapter(app, stdin=io.StringIO(script), stdout=out)
    await app.start()
    try:
        assert await adapter.run() == 0
    finally:
        await app.close()
    return out.getvalue()


def takeaway_heading(number: int) -> str:
    takeaways = load_pack(default_pack_dir()).takeaways
    return f"== Takeaway {number}/{len(takeaways)}: {takeaways[number - 1].title} =="


def test_a_newcomer_ticks_a_day_and_sees_the_post(tmp_path: Path) -> None:
    """The real command line, on the real (offset) clock: whatever the time of day the test
    runs at, a day's tick passes 09:30 exactly once."""
    script = ":admin on\n/daily on time:09:30\n:tick 1d\n/daily status\n"
    result = console(script, tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    schedule = out.index(f"{POST_HEADING}\nDaily takeaways on: every day at 09:30 UTC.")
    on = out.index(f"{PRIVATE}Daily takeaways on: I posted the schedule in this channel.")
    post = out.index(POST_HEADING, on)
    ticked = out.index("(clock moved 1d on: now ")
    assert schedule < on < post < ticked
    assert out.count(POST_HEADING) == 2, "the schedule, then the takeaway"
    assert takeaway_heading(1) in out[post:ticked]
    assert "[1] Who's right? Vote" in out[post:ticked]
    assert "Last post: " in out[ticked:] and "— Takeaway 1: " in out[ticked:]
    assert "posted to console/local/#general" in result.stderr, "logs go to stderr"


async def test_ticking_stops_at_each_post_and_explains_mistakes(tmp_path: Path) -> None:
    app = await make_app(tmp_path, clock=ManualClock(START))  # Monday 09:00 UTC
    script = (
        ":admin on\n"
        "/daily on time:09:30 tz:Europe/London\n"
        ":tick 20m\n"
        ":tick 15m\n"
        ":tick 1d\n"
        ":tick\n"
        ":tick soon\n"
        "/daily status\n"
        ":help\n"
    )
    text = await run_script(app, script)
    first_tick = text.index("(clock moved 20m on: now 2026-03-02 09:20 UTC)")
    second_tick = text.index("(clock moved 15m on: now 2026-03-02 09:35 UTC)")
    third_tick = text.index("(clock moved 1d on: now 2026-03-03 09:35 UTC)")
    assert text[:first_tick].count(POST_HEADING) == 1, "the schedule /daily on posts"
    assert text[first_tick:second_tick].count(POST_HEADING) == 1
    assert takeaway_heading(1) in text[first_tick:second_tick]
    assert text[second_tick:third_tick].count(POST_HEADING) == 1
    assert takeaway_heading(2) in text[second_tick:third_tick]
    assert "Usage: :tick <duration>, e.g. :tick 1d, :tick 2h or :tick 30m" in text
    assert "“soon” is not a duration" in text
    assert "Last post: Tue 03 Mar 09:30 GMT — Takeaway 2: " in text
    assert ":tick <duration> — move the clock on" in text


async def test_tick_needs_a_clock_it_can_move(tmp_path: Path) -> None:
    app = await make_app(tmp_path)  # the real clock
    out = io.StringIO()
    adapter = ConsoleAdapter(app, stdin=io.StringIO(":tick 1d\n"), stdout=out)
    try:
        await adapter.run()
    finally:
        await app.close()
    assert out.getvalue() == "This console runs on the real clock; :tick is not available.\n"


async def test_a_post_missed_while_the_bot_was_down_shows_as_skipped(tmp_path: Path) -> None:
    """`/daily on`, then the bot is down past 09:30 and DAILY_GRACE: the restarted bot's
    status says which day was skipped and why, not just "Last post: none yet"."""
    clock = ManualClock(START)  # Monday 09:00 UTC

    async def run(script: str) -> str:
        return await run_script(await make_app(tmp_path, clock=clock, DAILY_GRACE="1h"), script)

    await run(":admin on\n/daily on time:09:30\n")
    clock.advance(2 * 3600)  # down until 11:00
    status = await run("/daily status\n")
    assert POST_HEADING not in status
    assert "Last post: none yet" in status
    assert (  # the field is wrapped at the console's width: read it as one line
        "Last skipped: Mon 02 Mar — the bot was down until Mon 02 Mar 11:00 UTC, too late to "
        "post it (DAILY_GRACE 1h)"
    ) in " ".join(status.split())


async def test_a_zone_change_behind_the_old_zone_makes_the_post_it_promises(
    tmp_path: Path,
) -> None:
    """Tokyo's Monday post goes out on Sunday evening in New York. Switched to New York
    then, `/daily on` promised Monday 09:30 EST, but Monday counted as posted (Tokyo's
    date): nothing went out, and status moved the promise to Tuesday. Sunday, which had
    Tokyo's post, gets no second one."""
    clock = ManualClock(START - 9 * 3600)  # Monday 00:00 UTC: 09:00 in Tokyo
    script = (
        ":admin on\n"
        "/daily on time:09:30 tz:Asia/Tokyo\n"
        ":tick 1h\n"  # Tokyo's Monday post, at 19:30 on Sunday in New York
        "/daily on tz:America/New_York\n"
        ":tick 1d\n"
        "/daily status\n"
    )
    text = await run_script(await make_app(tmp_path, clock=clock), script)
    switched = text.index("Daily takeaways on: every day at 09:30 America/New_York.")
    ticked = text.index("(clock moved 1d on: now 2026-03-03 01:00 UTC)")
    assert takeaway_heading(1) in text[:switched]
    assert "Next post: Mon 02 Mar 09:30 EST." in text[switched:ticked]
    assert text[switched:ticked].count(POST_HEADING) == 1, "Monday's post"
    assert takeaway_heading(2) in text[switched:ticked]
    assert "Last post: Mon 02 Mar 09:30 EST — Takeaway 2: " in text[ticked:]
    assert "Next post: Tue 03 Mar 09:30 EST" in text[ticked:]


def utc(*parts: int) -> float:
    return datetime(*parts, tzinfo=UTC).timestamp()


async def test_a_time_that_happens_twice_posts_once_across_a_restart_between(
    tmp_path: Path,
) -> None:
    """01:30 happens twice in New York on 1 November 2026 (EDT, then EST): the first posts;
    a bot restarted between the two neither posts again nor skips, and says tomorrow."""
    clock = ManualClock(utc(2026, 10, 31, 12, 0))

    async def run(script: str) -> str:
        return await run_script(await make_app(tmp_path, clock=clock), script)

    first = await run(":admin on\n/daily on time:01:30 tz:America/New_York\n:tick 17h40m\n")
    assert "Next post: Sun 01 Nov 01:30 EDT." in first
    assert first.count(takeaway_heading(1)) == 1
    clock.set(utc(2026, 11, 1, 6, 0))  # down until 01:00 EST, before the second 01:30
    second = await run("/daily status\n:tick 1h\n/daily status\n:tick 1d\n")
    ticked = second.index("(clock moved 1h on: now 2026-11-01 07:00 UTC)")
    assert POST_HEADING not in second[:ticked]
    assert second.count("Last post: Sun 01 Nov 01:30 EDT — Takeaway 1: ") == 2
    assert second.count("Next post: Mon 02 Nov 01:30 EST") == 2
    assert "Last skipped" not in second
    assert second.count(POST_HEADING) == 1 and takeaway_heading(2) in second[ticked:]


async def test_a_time_that_does_not_exist_posts_when_the_clocks_jump(tmp_path: Path) -> None:
    """02:30 does not exist in New York on 8 March 2026: the post goes out at 03:00 EDT,
    as promised, and the next day at 02:30 again. Regression: promised "03:00" for 02:30
    with no word why, the admin took the bot for having misread the time."""
    clock = ManualClock(utc(2026, 3, 7, 12, 0))
    script = ":admin on\n/daily on time:02:30 tz:America/New_York\n/daily status\n"
    script += ":tick 1d\n/daily status\n:tick 1d\n"
    text = await run_script(await make_app(tmp_path, clock=clock), script)
    skipped = "02:30 does not exist that day: the clocks go forward"
    assert f"Next post: Sun 08 Mar 03:00 EDT ({skipped})." in text
    assert f"Next post: Sun 08 Mar 03:00 EDT (in 19h; {skipped})" in " ".join(text.split())
    assert "Next post: Mon 09 Mar 02:30 EDT (in 18h30m)" in text  # a day that has it
    first = text.index("(clock moved 1d on: now 2026-03-08 12:00 UTC)")
    second = text.index("(clock moved 1d on: now 2026-03-09 12:00 UTC)")
    assert takeaway_heading(1) in text[:first] and takeaway_heading(2) in text[first:second]
    assert text.count(POST_HEADING) == 3, "the schedule, then a post a day"


async def test_a_time_skipped_at_the_day_s_end_posts_that_day_before_the_jump(
    tmp_path: Path,
) -> None:
    """Nuuk's clocks jump from 23:00 to 00:00 on Saturday 27 March 2027, so 23:30 does not
    exist that day: /daily promised Sunday 00:00, then posted nothing and reported Saturday
    skipped because "the bot was down". It promises and posts 22:30, an hour early."""
    clock = ManualClock(utc(2027, 3, 27, 12, 0))
    script = ":admin on\n/daily on time:23:30 tz:America/Nuuk\n:tick 1d\n/daily status\n"
    text = await run_script(await make_app(tmp_path, clock=clock), script)
    skipped = "23:30 does not exist that day: the clocks go forward"
    assert f"Next post: Sat 27 Mar 22:30 -02 ({skipped})." in text
    ticked = text.index("(clock moved 1d on: now 2027-03-28 12:00 UTC)")
    assert takeaway_heading(1) in text[:ticked]
    assert "Last post: Sat 27 Mar 22:30 -02 — Takeaway 1: " in text[ticked:]
    assert "Next post: Sun 28 Mar 23:30 -01" in text[ticked:]
    assert "Last skipped" not in text


async def test_a_pause_notice_prints_as_a_dm_under_whom_it_is_for(tmp_path: Path) -> None:
    """The console has one screen for every user `:as` plays: a DM the bot sends (a paused
    schedule's notice to its admin) prints under their name, channels as `#name`."""
    app = await make_app(tmp_path, clock=ManualClock(START))
    out = io.StringIO()
    adapter = ConsoleAdapter(app, stdin=io.StringIO(""), stdout=out)
    general = ChannelRef("console", "local", "general")
    pause = Pause(general, UserRef("console", "local", "ada"), "gone", "")
    try:
        await adapter.message_user(pause.admin, pause_notice([pause], "/daily on"))
    finally:
        await app.close()
    assert out.getvalue() == (
        "[DM to ada]\nDaily takeaways are paused in #general: my post there could not go out "
        "(gone). Once the cause is fixed, run /daily on in #general to resume them. You get "
        "this because you last set them up there.\n\n"
    )


async def test_a_time_typed_in_full_width_sets_the_schedule_as_typed_in_ascii(
    tmp_path: Path,
) -> None:
    """`/daily on ９：３０ Asia/Tokyo`, typed with a Japanese input method on, was refused:
    "“９：３０” is not a time of day", though /vote took full-width numbers."""
    app = await make_app(tmp_path, clock=ManualClock(START))
    out = await run_script(app, ":admin on\n/daily on ９：３０ Asia/Tokyo\n/daily on time:９ｐｍ\n")
    assert "Daily takeaways on: every day at 09:30 Asia/Tokyo." in out
    assert "Daily takeaways on: every day at 21:00 Asia/Tokyo." in out  # the zone kept
    assert "is not a time of day" not in out


async def test_a_clock_word_typed_in_full_width_is_the_clocks_as_in_ascii(tmp_path: Path) -> None:
    """`/daily on ２１：３０ Ｕｈｒ`, typed on a phone's Japanese keyboard, was refused as
    "Unknown time zone “Uhr”", though `21:30 Uhr` set the schedule."""
    app = await make_app(tmp_path, clock=ManualClock(START))
    out = await run_script(app, ":admin on\n/daily on ２１：３０ Ｕｈｒ\n/daily on ７ｈ１５\n")
    assert "Daily takeaways on: every day at 21:30 UTC." in out
    assert "Daily takeaways on: every day at 07:15 UTC." in out
    assert "Unknown time zone" not in out and "is not a time of day" not in out


async def test_a_french_time_with_the_german_clock_word_is_read(tmp_path: Path) -> None:
    """`/daily on 21h30 Uhr` was refused as "Unknown time zone “Uhr”", though `21h30` and
    `21:30 Uhr` each set the schedule: the clock word followed only a colon's form."""
    app = await make_app(tmp_path, clock=ManualClock(START))
    out = await run_script(app, ":admin on\n/daily on 21h30 Uhr Europe/Berlin\n")
    assert "Daily takeaways on: every day at 21:30 Europe/Berlin." in out
    assert "Unknown time zone" not in out


async def test_hours_and_minutes_apart_before_hours_are_refused(tmp_path: Path) -> None:
    """`/daily on 1 30 hours` set the schedule for 01:30, a span of time read as a time
    of day; split by position, "hours" was an unknown zone when the time was refused.
    It is refused whole now, with the times to type."""
    app = await make_app(tmp_path, clock=ManualClock(START))
    out = await run_script(app, ":admin on\n/daily on 1 30 hours\n/daily on 0130 hours\n")
    assert "“1 30 hours” could be a span of time: for a time of day, type 01:30 or 13:30." in out
    assert out.count("Daily takeaways on: every day at 01:30 UTC.") == 1  # the forces' form


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This machine's zone set to New York (`TZ`), as its user configured it."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("new_york")
async def test_moments_show_in_the_machines_own_zone_with_its_name(tmp_path: Path) -> None:
    """The console named the next post, a poll's deadline and when a poll closed (to a
    late vote) in UTC, leaving its user, at this very machine, to work out their own time:
    Slack and Discord show each reader's zone. The machine's zone is shown now, named
    (09:00 in Paris is 03:00 in New York)."""
    script = (
        ":admin on\n"
        "/daily on time:09:00 tz:Europe/Paris\n"
        "/daily status\n"
        "/poll Lunch? Pizza | Tacos 2h\n"
        "/close 1\n"
        "/vote 1 1\n"
    )
    text = await run_script(await make_app(tmp_path, clock=ManualClock(START)), script)
    assert "-- Next post in your own time zone: 2026-03-03 03:00 EST" in text
    assert "-- Open · closes 2026-03-02 06:00 EST · single choice" in text
    assert "closed at 2026-03-02 04:00 EST" in text, text
    assert " UTC" not in text


@pytest.mark.usefixtures("new_york")
async def test_a_tick_says_the_time_ticked_to_in_the_machines_own_zone(tmp_path: Path) -> None:
    """After `/daily on 9:00 Europe/Paris`, `:tick 1d` said "now 2026-03-03 09:00 UTC"
    while the next post was said in the schedule's zone and the user's own: every moment
    the console shows is in the machine's zone, named, and the tick's too."""
    script = ":admin on\n/daily on 9:00 Europe/Paris\n:tick 1d\n/daily status\n"
    text = await run_script(await make_app(tmp_path, clock=ManualClock(START)), script)
    assert "(clock moved 1d on: now 2026-03-03 04:00 EST)" in text, text
    assert "-- Next post in your own time zone: 2026-03-04 03:00 EST" in text
    assert " UTC" not in text
