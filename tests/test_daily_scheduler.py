"""The daily scheduler on an injected clock: rotation, restarts, races, jumps and failures.

Every "bot instance" here is a DailyScheduler with its own database connection, so restarts
and races go through the database exactly as separate processes would. Nothing sleeps: the
ManualClock is moved and `wait_idle()` waits for each loop to settle.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.clock import ManualClock, fast_forward
from bot.commands.daily import UNKNOWN_OUTCOME_STATUS, DailyCommands
from bot.core.context import ChannelRef, Context, UserRef
from bot.core.errors import UserError
from bot.core.outbound import DeliveryError, Linked, Outbounds
from bot.core.registry import OptionValue
from bot.core.replies import Marked, Reply, When
from bot.daily import scheduler as scheduler_module
from bot.daily.render import HEADING, LEFT_THE_PACK, POLL_ACTION, RERUN
from bot.daily.schedule import describe_instant, local_date
from bot.daily.scheduler import DailyScheduler
from bot.daily.store import DailyStore
from bot.knowledge import Pack, default_pack_dir, load_pack
from bot.knowledge.cards import AnswerCards
from bot.storage.database import Database
from bot.storage.migrate import migrate
from bot.storage.postgres import PostgresDatabase
from bot.storage.sqlite import SqliteDatabase
from tests.conftest import POSTGRES_URL, START, drop_postgres_schema, open_postgres_schema
from tests.helpers import Login
from tests.test_daily_schedule import clock_changes

MINUTE = 60.0
HOUR = 3600.0
DAY = 86400.0
NINE_THIRTY = START + 30 * MINUTE  # START is Monday 2026-03-02 09:00 UTC (= London time)
GENERAL = ChannelRef("console", "local", "general")


@cache
def pack() -> Pack:
    return load_pack(default_pack_dir())


def takeaway_titles(cards: AnswerCards, numbers: list[int]) -> list[str]:
    """Card titles of takeaways by 1-based number, as the daily post shows them."""
    return [cards.takeaway_card(n - 1).title for n in numbers]


def utc(*parts: int) -> float:
    return datetime(*parts, tzinfo=UTC).timestamp()


@dataclass
class Posted:
    channel: ChannelRef
    reply: Reply
    at: float

    @property
    def title(self) -> str:
        return self.reply.cards[0].title


@dataclass
class RecordingOutbound:
    """A platform that records what it is asked to post, and can refuse or stall.

    `posts` and `attempts` are the takeaways (cards); `notices`, the plain text posted, such
    as the schedule `/daily on` posts. Refusals and stalls apply to every post, in order.
    `dms` are the direct messages sent, channels written `#id`; `dm_gate` stalls them and
    `dm_failure` refuses them."""

    clock: ManualClock
    platform: str = "console"
    option_fields: bool = False
    dms: list[tuple[UserRef, str]] = field(default_factory=list)
    dm_gate: asyncio.Event | None = None
    dm_entered: asyncio.Event = field(default_factory=asyncio.Event)
    dm_failure: DeliveryError | None = None
    posts: list[Posted] = field(default_factory=list)
    notices: list[Posted] = field(default_factory=list)
    attempts: list[float] = field(default_factory=list)
    failures: list[BaseException] = field(default_factory=list)
    fail_always: BaseException | None = None
    broken_channels: set[str] = field(default_factory=set)
    gate: asyncio.Event | None = None
    entered: asyncio.Event = field(default_factory=asyncio.Event)

    async def post(self, channel: ChannelRef, reply: Reply) -> str:
        if reply.cards:
            self.attempts.append(self.clock.now())
            self.entered.set()
        if self.gate is not None:
            await self.gate.wait()
        if channel.channel in self.broken_channels:
            raise RuntimeError("boom")
        if self.failures:
            raise self.failures.pop(0)
        if self.fail_always is not None:
            raise self.fail_always
        posted = self.posts if reply.cards else self.notices
        posted.append(Posted(channel, reply, self.clock.now()))
        return f"m{len(self.posts) + len(self.notices)}"

    async def edit(self, channel: ChannelRef, message_ref: str, reply: Reply) -> None:
        raise AssertionError("daily posts are never edited")

    async def message_user(self, user: UserRef, message: Linked) -> None:
        self.dm_entered.set()
        if self.dm_gate is not None:
            await self.dm_gate.wait()
        if self.dm_failure is not None:
            raise self.dm_failure
        text = "".join(part if isinstance(part, str) else f"#{part.channel}" for part in message)
        self.dms.append((user, text))


@dataclass
class Instance:
    """One running bot: its own connection, scheduler and platform."""

    db: Database
    store: DailyStore
    scheduler: DailyScheduler
    outbound: RecordingOutbound
    commands: DailyCommands
    cards: AnswerCards
    running: bool = True

    async def stop(self) -> None:
        if self.running:
            self.running = False
            await self.scheduler.stop()
            await self.db.close()

    async def run(self, ctx: Context, **options: OptionValue) -> Reply:
        return await self.commands.daily(ctx, options)


class Cluster:
    """Bot instances sharing one database (SQLite file or PostgreSQL schema) and one clock."""

    def __init__(self, backend: str, tmp_path: Path, clock: ManualClock) -> None:
        self.backend = backend
        self.path = tmp_path / "bot.db"
        self.clock = clock
        self.schema: str | None = None
        self.instances: list[Instance] = []

    async def _connect(self) -> Database:
        if self.backend == "sqlite":
            db: Database = await SqliteDatabase.open(str(self.path))
        elif self.schema is None:
            db, self.schema = await open_postgres_schema()
        else:
            db = await PostgresDatabase.open(POSTGRES_URL, schema=self.schema, max_size=5)
        await migrate(db)
        return db

    async def start(
        self,
        grace: float = 6 * HOUR,
        ready: asyncio.Event | None = None,
        loaded: Pack | None = None,
    ) -> Instance:
        """A new instance, settled unless its platform is not `ready` to post yet; it
        serves the bundled pack unless `loaded` is another."""
        db = await self._connect()
        cards = AnswerCards(loaded or pack())
        outbound = RecordingOutbound(self.clock)
        outbounds = Outbounds()
        outbounds.add(outbound, ready=ready)
        store = DailyStore(db)
        scheduler = DailyScheduler(store, self.clock, cards, outbounds, grace)
        instance = Instance(db, store, scheduler, outbound, DailyCommands(scheduler), cards)
        self.instances.append(instance)
        await scheduler.start()
        if ready is None or ready.is_set():
            await scheduler.wait_idle()
        return instance

    async def settle(self) -> None:
        for instance in self.instances:
            if instance.running:
                await instance.scheduler.wait_idle()

    async def advance_to(self, instant: float) -> None:
        self.clock.set(instant)
        await self.settle()

    def posts(self) -> list[Posted]:
        return sorted((p for i in self.instances for p in i.outbound.posts), key=lambda p: p.at)

    async def close(self) -> None:
        for instance in self.instances:
            await instance.stop()
        if self.schema is not None:
            await drop_postgres_schema(self.schema)


def admin(clock: ManualClock, channel: ChannelRef = GENERAL) -> Context:
    return Context(channel.platform, channel.workspace, channel.channel, "ada", "Ada", True, clock)


@pytest.fixture(params=["sqlite", "postgresql"])
async def cluster(
    request: pytest.FixtureRequest, tmp_path: Path, clock: ManualClock
) -> AsyncIterator[Cluster]:
    running = Cluster(request.param, tmp_path, clock)
    yield running
    await running.close()


@pytest.fixture
async def sqlite_cluster(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Cluster]:
    running = Cluster("sqlite", tmp_path, clock)
    yield running
    await running.close()


async def subscribe(bot: Instance, clock: ManualClock, **options: str) -> None:
    reply = await bot.run(
        admin(clock), action="on", **{"time": "09:30", "tz": "Europe/London", **options}
    )
    assert reply.text.startswith("Daily takeaways on"), reply.text


async def subscribe_elsewhere(bot: Instance, channel: ChannelRef) -> None:
    """Store a 09:30 UTC schedule as `/daily on` in another process, one running the
    channel's adapter, does (here, with no such adapter, `/daily on` cannot post it)."""
    now = bot.scheduler.clock.now()
    await bot.store.subscribe(channel, time(9, 30), ZoneInfo("UTC"), "ada", now)
    bot.scheduler.wake()


# -- rotation -----------------------------------------------------------------------------


async def test_one_post_a_day_at_the_local_hour_in_rotation_order(
    cluster: Cluster, clock: ManualClock
) -> None:
    bot = await cluster.start()
    await subscribe(bot, clock)
    await fast_forward(clock, [bot.scheduler], 7 * DAY)
    posts = bot.outbound.posts
    count = len(pack().takeaways)
    numbers = [day % count + 1 for day in range(7)]
    assert [p.title for p in posts] == takeaway_titles(bot.cards, numbers)
    assert [p.at for p in posts] == [NINE_THIRTY + day * DAY for day in range(7)]
    assert all(p.channel == GENERAL for p in posts)
    assert all([b.action_id for b in p.reply.buttons()] == [POLL_ACTION] for p in posts)


# -- restarts and the grace window --------------------------------------------------------


async def test_down_at_the_hour_posts_once_when_back_the_same_day(
    cluster: Cluster, clock: ManualClock
) -> None:
    first = await cluster.start()
    await subscribe(first, clock)
    await cluster.advance_to(START + 10 * MINUTE)
    await first.stop()
    clock.set(START + HOUR)  # back at 10:00, half an hour late
    second = await cluster.start()
    assert [p.at for p in second.outbound.posts] == [START + HOUR]
    await cluster.advance_to(NINE_THIRTY + DAY)
    assert [p.title for p in cluster.posts()] == takeaway_titles(second.cards, [1, 2])
    assert first.outbound.posts == []


async def test_a_post_going_out_late_says_when_it_was_due(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    """Regression: back at 13:30, the bot posted the 09:30 takeaway headed "Daily
    takeaway", as any day's: read as the schedule having moved. A post 10 minutes or more
    late says when it was due; one on time, or retried a minute later, does not."""
    first = await sqlite_cluster.start()
    await subscribe(first, clock)
    await first.stop()
    clock.set(NINE_THIRTY + 4 * HOUR)
    second = await sqlite_cluster.start()
    second.outbound.failures.append(DeliveryError("rate limited"))
    await sqlite_cluster.advance_to(NINE_THIRTY + DAY)
    await fast_forward(clock, [second.scheduler], MINUTE)
    assert [(p.at, p.reply.text) for p in second.outbound.posts] == [
        (NINE_THIRTY + 4 * HOUR, f"{HEADING} (due at 09:30 GMT, posted late)"),
        (NINE_THIRTY + DAY + MINUTE, HEADING),
    ]


async def test_a_restart_after_the_hour_does_not_post_again(
    cluster: Cluster, clock: ManualClock
) -> None:
    first = await cluster.start()
    await subscribe(first, clock)
    await cluster.advance_to(NINE_THIRTY)
    assert len(first.outbound.posts) == 1
    await first.stop()
    clock.set(NINE_THIRTY + 15 * MINUTE)
    second = await cluster.start()
    assert second.outbound.posts == []
    assert second.scheduler.next_due == NINE_THIRTY + DAY
    await cluster.advance_to(NINE_THIRTY + DAY)
    assert [p.title for p in cluster.posts()] == takeaway_titles(second.cards, [1, 2])


@pytest.mark.parametrize(("back_after", "posts"), [(59 * MINUTE, 1), (61 * MINUTE, 0)])
async def test_missed_posts_are_made_up_only_within_the_grace_window(
    sqlite_cluster: Cluster, clock: ManualClock, back_after: float, posts: int
) -> None:
    first = await sqlite_cluster.start(grace=HOUR)
    await subscribe(first, clock)
    await first.stop()
    clock.set(NINE_THIRTY + back_after)
    second = await sqlite_cluster.start(grace=HOUR)
    assert len(second.outbound.posts) == posts
    assert second.scheduler.next_due == NINE_THIRTY + DAY


async def test_days_missed_while_down_are_never_posted_as_a_backlog(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    first = await sqlite_cluster.start()
    await subscribe(first, clock)
    await first.stop()
    clock.set(NINE_THIRTY + 3 * DAY + HOUR)
    second = await sqlite_cluster.start()
    assert [p.title for p in second.outbound.posts] == takeaway_titles(second.cards, [1])


async def test_a_day_missed_while_down_is_recorded_once_and_status_says_why(
    cluster: Cluster, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    """Skipped days used to leave no trace: status said "Last post: none yet" and nothing
    else, as if the schedule had never been due."""
    first = await cluster.start()
    await subscribe(first, clock)
    await first.stop()
    clock.set(NINE_THIRTY + 7 * HOUR)  # back at 16:30, past 09:30 and DAILY_GRACE (6h)
    bots = [await cluster.start() for _ in range(3)]
    for bot in bots:
        bot.scheduler.wake()
    await cluster.settle()
    assert cluster.posts() == []
    assert [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()] == [
        "daily post of 2026-03-02 to console/local/#general skipped: the bot was down until "
        "Mon 02 Mar 16:30 GMT, too late to post it (DAILY_GRACE 6h)"
    ]
    status = (await bots[0].run(admin(clock), action="status")).fallback()
    assert "Last post: none yet" in status
    assert (
        "Last skipped: Mon 02 Mar — the bot was down until Mon 02 Mar 16:30 GMT, too late to "
        "post it (DAILY_GRACE 6h)"
    ) in status
    await cluster.advance_to(NINE_THIRTY + DAY)
    assert [p.at for p in cluster.posts()] == [NINE_THIRTY + DAY], "the next day as usual"


async def test_days_missed_in_a_row_show_as_one_run_until_a_post_goes_out(
    cluster: Cluster, clock: ManualClock
) -> None:
    """Only an outage's last day is noticed (the bot is back then), and status used to show
    only that day: three days without a post read as one."""
    first = await cluster.start()
    await subscribe(first, clock)
    await cluster.advance_to(NINE_THIRTY)
    await first.stop()
    clock.set(NINE_THIRTY + 3 * DAY + 7 * HOUR)  # down from Mon after its post to Thu 16:30
    second = await cluster.start()
    status = (await second.run(admin(clock), action="status")).fallback()
    assert (
        "Last skipped: 3 days in a row, Tue 03 Mar to Thu 05 Mar — the bot was down until "
        "Thu 05 Mar 16:30 GMT, too late to post it (DAILY_GRACE 6h)"
    ) in status
    await cluster.advance_to(NINE_THIRTY + 4 * DAY)
    await second.stop()
    clock.set(NINE_THIRTY + 6 * DAY - HOUR)  # Friday posted; down over Saturday only
    third = await cluster.start()
    status = (await third.run(admin(clock), action="status")).fallback()
    assert [p.at for p in cluster.posts()] == [NINE_THIRTY, NINE_THIRTY + 4 * DAY]
    assert (
        "Last skipped: Sat 07 Mar — the bot was down until Sun 08 Mar 08:30 GMT, too late to "
        "post it (DAILY_GRACE 6h)"
    ) in status, "a post ends a run: the next one starts again at one day"


async def test_a_post_missed_across_midnight_says_its_day_ended_not_the_grace(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    """23:30, back at 00:30: one hour late, well within DAILY_GRACE 6h, yet never posted,
    because a day's post goes out only that day. The reason used to blame the grace."""
    first = await sqlite_cluster.start()
    await subscribe(first, clock, time="23:30", tz="UTC")
    await first.stop()
    clock.set(utc(2026, 3, 3, 0, 30))
    second = await sqlite_cluster.start()
    status = (await second.run(admin(clock), action="status")).fallback()
    assert second.outbound.posts == []
    assert (
        "Last skipped: Mon 02 Mar — the bot was down until Tue 03 Mar 00:30 UTC, after that "
        "day ended (a day's post goes out only that day)"
    ) in status


async def test_a_day_no_running_adapter_could_post_is_recorded_as_skipped(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    bot = await sqlite_cluster.start()
    channel = ChannelRef("discord", "G1", "C1")
    await subscribe_elsewhere(bot, channel)
    await sqlite_cluster.advance_to(NINE_THIRTY + 6 * HOUR + MINUTE)
    status = (await bot.run(admin(clock, channel), action="status")).fallback()
    assert (
        "Last skipped: Mon 02 Mar — no discord adapter was running in time to post it "
        "(DAILY_GRACE 6h)"
    ) in status


# -- several instances, one database ------------------------------------------------------


async def test_instances_racing_on_one_database_post_once_per_channel_per_day(
    cluster: Cluster, clock: ManualClock
) -> None:
    channels = [GENERAL, ChannelRef("console", "local", "random")]
    bots = [await cluster.start() for _ in range(3)]
    for channel in channels:
        reply = await bots[0].run(admin(clock, channel), action="on", time="09:30")
        assert reply.text.startswith("Daily takeaways on")
    for bot in bots:
        bot.scheduler.wake()  # as if each had re-planned (they also do every few minutes)
    await cluster.settle()
    days = 4
    for day in range(days):
        await cluster.advance_to(START + 30 * MINUTE + day * DAY)
    posts = cluster.posts()
    assert len(posts) == days * len(channels)
    for channel in channels:
        mine = [p for p in posts if p.channel == channel]
        assert [p.title for p in mine] == takeaway_titles(bots[0].cards, [1, 2, 3, 4])
        assert [p.at for p in mine] == [NINE_THIRTY + day * DAY for day in range(days)]


# -- clock jumps --------------------------------------------------------------------------


async def test_clock_jumps_never_double_post_nor_backfill(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    bot = await sqlite_cluster.start()
    await subscribe(bot, clock)
    await sqlite_cluster.advance_to(NINE_THIRTY)
    clock.set(START - HOUR)  # backwards, before the hour again
    bot.scheduler.wake()
    await sqlite_cluster.settle()
    await sqlite_cluster.advance_to(NINE_THIRTY + MINUTE)
    assert len(bot.outbound.posts) == 1
    clock.set(NINE_THIRTY + 3 * DAY + 2 * HOUR)  # forwards three days
    await sqlite_cluster.settle()
    await sqlite_cluster.advance_to(NINE_THIRTY + 4 * DAY)
    assert [p.at for p in bot.outbound.posts] == [
        NINE_THIRTY,
        NINE_THIRTY + 3 * DAY + 2 * HOUR,
        NINE_THIRTY + 4 * DAY,
    ]
    assert [p.title for p in bot.outbound.posts] == takeaway_titles(bot.cards, [1, 2, 3])


# -- daylight saving, end to end ----------------------------------------------------------


async def test_spring_forward_and_fall_back_each_post_once(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    clock.set(utc(2026, 3, 7, 0, 0))
    bot = await sqlite_cluster.start()
    await subscribe(bot, clock, time="02:30", tz="America/New_York")
    await fast_forward(clock, [bot.scheduler], 3 * DAY)
    assert [p.at for p in bot.outbound.posts] == [
        utc(2026, 3, 7, 7, 30),  # 02:30 EST
        utc(2026, 3, 8, 7, 0),  # 02:30 does not exist: 03:00 EDT, when the clocks jump
        utc(2026, 3, 9, 6, 30),  # 02:30 EDT
    ]
    bot.outbound.posts.clear()
    await subscribe(bot, clock, time="01:30", tz="Europe/London")
    await sqlite_cluster.advance_to(utc(2026, 10, 24, 12, 0))  # past that day's post and grace
    await fast_forward(clock, [bot.scheduler], 2 * DAY)
    assert [p.at for p in bot.outbound.posts] == [
        utc(2026, 10, 25, 0, 30),  # the first 01:30 (BST); the second (GMT) posts nothing
        utc(2026, 10, 26, 1, 30),
    ]


# -- failures -----------------------------------------------------------------------------


async def test_failures_for_now_back_off_then_give_up_that_day_only(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    """A platform away for half an hour failed the 09:30 post four times, and the fourth
    paused the schedule for good: nothing posted again until an admin noticed and ran
    /daily on. A failure for now gives up that day only; the schedule stays on, status
    says why the day was given up, and the next day posts the takeaway that never got out."""
    bot = await sqlite_cluster.start()
    bot.outbound.fail_always = DeliveryError("ratelimited")
    await subscribe(bot, clock)
    await sqlite_cluster.advance_to(NINE_THIRTY)
    retrying = (await bot.run(admin(clock), action="status")).fallback()
    assert "attempt 1 of 4 failed (ratelimited)" in retrying
    assert "retrying at Mon 02 Mar 09:31 GMT" in retrying
    await fast_forward(clock, [bot.scheduler], 31 * MINUTE)
    minutes = [(at - NINE_THIRTY) / MINUTE for at in bot.outbound.attempts]
    assert minutes == [0, 1, 6, 31], "1, 5 and 25 minutes apart"
    subscription = await bot.store.subscription(GENERAL)
    assert subscription is not None and subscription.active
    status = (await bot.run(admin(clock), action="status")).fallback()
    assert "State: on" in status
    assert "Today's post: gave up after 4 attempts (last error: ratelimited)" in status
    assert "Next post: Tue 03 Mar 09:30 GMT (in 23h29m) — Takeaway 1:" in status
    bot.outbound.fail_always = None
    await sqlite_cluster.advance_to(NINE_THIRTY + DAY)
    assert [p.at for p in bot.outbound.posts] == [NINE_THIRTY + DAY]
    assert [p.title for p in bot.outbound.posts] == takeaway_titles(bot.cards, [1])


async def test_a_permanent_refusal_pauses_and_status_says_why(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    bot = await sqlite_cluster.start()
    await subscribe(bot, clock)  # first: its own post would be refused too
    bot.outbound.fail_always = DeliveryError("missing_permission", permanent=True)
    await fast_forward(clock, [bot.scheduler], 2 * DAY)
    assert bot.outbound.attempts == [NINE_THIRTY], "never retried, nor tried the next day"
    status = (await bot.run(admin(clock), action="status")).fallback()
    assert "State: paused since Mon 02 Mar 09:30 GMT" in status
    assert "Why: missing_permission (the platform says retrying cannot help)" in status
    assert "fix the cause, then an admin can run /daily on" in status
    bot.outbound.fail_always = None
    clock.advance(HOUR)
    await subscribe(bot, clock)  # resumes tomorrow; the takeaway that never got out comes first
    await fast_forward(clock, [bot.scheduler], DAY)
    assert [p.title for p in bot.outbound.posts] == takeaway_titles(bot.cards, [1])


async def test_a_pause_keeps_what_the_platform_says_to_do_about_it(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    """/daily status gave an admin the platform's error code only; the adapter's hint (how
    to let the bot into the channel) now comes with it."""
    bot = await sqlite_cluster.start()
    hint = "Invite me with `/invite @debatebot`."
    await subscribe(bot, clock)  # first: its own post would be refused too
    bot.outbound.fail_always = DeliveryError("not_in_channel", permanent=True, hint=hint)
    await fast_forward(clock, [bot.scheduler], DAY)
    status = (await bot.run(admin(clock), action="status")).fallback()
    assert f"Why: not_in_channel (the platform says retrying cannot help). {hint}" in status


async def test_a_pause_is_told_to_the_admin_who_set_it_once_in_a_dm(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    """The bot was removed from the channel and the schedule paused: only the log and
    /daily status said so, and days went by without a post before anyone looked. The admin
    who set it is now told in a DM, once, with what to do and the line that resumes it."""
    bot = await sqlite_cluster.start()
    hint = "Invite me with `/invite @debatebot`."
    await subscribe(bot, clock)  # as Ada
    bot.outbound.fail_always = DeliveryError("not_in_channel", permanent=True, hint=hint)
    await fast_forward(clock, [bot.scheduler], 3 * DAY)
    assert bot.outbound.dms == [
        (
            UserRef("console", "local", "ada"),
            "Daily takeaways are paused in #general: my post there could not go out "
            f"(not_in_channel). What to do in #general: {hint} Then run /daily on in "
            "#general to resume them. You get this because you last set them up there.",
        )
    ]


@pytest.mark.parametrize("fields", [False, True])
async def test_a_pause_notice_without_a_hint_names_the_line_as_the_platform_takes_it(
    sqlite_cluster: Cluster, clock: ManualClock, fields: bool
) -> None:
    bot = await sqlite_cluster.start()
    bot.outbound.option_fields = fields
    await subscribe(bot, clock)
    bot.outbound.fail_always = DeliveryError("missing_scope", permanent=True)
    await sqlite_cluster.advance_to(NINE_THIRTY)
    [(_, text)] = bot.outbound.dms
    on = "/daily action:on" if fields else "/daily on"
    assert text.endswith(
        f"go out (missing_scope). Once the cause is fixed, run {on} in #general to resume "
        "them. You get this because you last set them up there."
    )


async def test_failures_for_now_are_told_to_nobody(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    bot = await sqlite_cluster.start()
    await subscribe(bot, clock)
    bot.outbound.fail_always = DeliveryError("ratelimited")
    await fast_forward(clock, [bot.scheduler], 2 * DAY)
    assert len(bot.outbound.attempts) == 2 * 4
    assert bot.outbound.dms == []


async def test_a_pause_notice_never_holds_up_the_scheduler_and_its_refusal_is_only_logged(
    sqlite_cluster: Cluster, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    """A DM that hangs must not hold up other channels' posts; one refused (DMs closed) is
    logged, and the pause stays recorded."""
    bot = await sqlite_cluster.start()
    gone = ChannelRef("console", "local", "gone")
    await subscribe(bot, clock)
    await bot.run(admin(clock, gone), action="on", time="09:29", tz="Europe/London")
    bot.outbound.failures.append(DeliveryError("channel_not_found", permanent=True))
    bot.outbound.dm_gate = asyncio.Event()
    bot.outbound.dm_failure = DeliveryError("cannot DM this user", permanent=True)
    clock.set(NINE_THIRTY - MINUTE)
    await asyncio.wait_for(bot.outbound.dm_entered.wait(), 5)
    bot.outbound.entered.clear()
    clock.set(NINE_THIRTY)
    await asyncio.wait_for(bot.outbound.entered.wait(), 5)
    assert bot.outbound.dms == [] and len(bot.outbound.attempts) == 2
    bot.outbound.dm_gate.set()
    await sqlite_cluster.settle()
    assert [p.channel for p in bot.outbound.posts] == [GENERAL]
    paused = await bot.store.subscription(gone)
    assert paused is not None and paused.paused_reason is not None
    assert "could not tell ada that daily takeaways paused in gone: cannot DM this user" in (
        caplog.text
    )


async def test_a_transient_failure_is_retried_and_posted_once(
    cluster: Cluster, clock: ManualClock
) -> None:
    bot = await cluster.start()
    await subscribe(bot, clock)
    bot.outbound.failures.append(DeliveryError("rate limited"))
    await fast_forward(clock, [bot.scheduler], HOUR)
    assert bot.outbound.attempts == [NINE_THIRTY, NINE_THIRTY + MINUTE]
    assert [p.at for p in bot.outbound.posts] == [NINE_THIRTY + MINUTE]
    status = (await bot.run(admin(clock), action="status")).fallback()
    assert "Last post: Mon 02 Mar 09:31 GMT — Takeaway 1:" in status
    assert "State: on" in status


async def test_an_unknown_outcome_is_recorded_and_never_resent(
    cluster: Cluster, clock: ManualClock
) -> None:
    """The connection failed after the post may have arrived: at most once means no retry.
    The day counts as posted (its takeaway as shown) and the schedule stays on."""
    bot = await cluster.start()
    await subscribe(bot, clock)
    bot.outbound.failures.append(DeliveryError("connection dropped", unknown=True))
    await fast_forward(clock, [bot.scheduler], DAY + HOUR)
    assert bot.outbound.attempts == [NINE_THIRTY, NINE_THIRTY + DAY]
    first_day = await bot.db.fetchone(
        "SELECT state, message_ref, error FROM daily_claims ORDER BY local_date LIMIT 1"
    )
    assert first_day is not None
    assert tuple(first_day) == ("posted", None, "outcome unknown: connection dropped")
    subscription = await bot.store.subscription(GENERAL)
    assert subscription is not None and subscription.active
    assert [p.title for p in bot.outbound.posts] == takeaway_titles(bot.cards, [2])


async def test_a_retry_due_while_the_bot_was_down_expires_instead_of_posting_late(
    cluster: Cluster, clock: ManualClock
) -> None:
    first = await cluster.start()
    await subscribe(first, clock)
    first.outbound.failures.append(DeliveryError("rate limited"))
    await cluster.advance_to(NINE_THIRTY)  # Monday's post fails; its retry is due at 09:31
    await first.stop()
    clock.set(NINE_THIRTY + 3 * DAY + 5 * MINUTE)  # back on Thursday at 09:35
    second = await cluster.start()
    assert [p.at for p in second.outbound.posts] == [NINE_THIRTY + 3 * DAY + 5 * MINUTE]
    assert [p.title for p in second.outbound.posts] == takeaway_titles(second.cards, [1])
    rows = await second.db.fetchall(
        "SELECT local_date, state, error FROM daily_claims ORDER BY local_date"
    )
    assert [tuple(row) for row in rows] == [
        ("2026-03-02", "failed", "expired while the bot was down (last error: rate limited)"),
        ("2026-03-05", "posted", None),
    ]
    status = (await second.run(admin(clock), action="status")).fallback()
    assert "State: on" in status, "an expired retry does not pause the schedule"
    await cluster.advance_to(NINE_THIRTY + 4 * DAY)
    assert [p.title for p in cluster.posts()] == takeaway_titles(second.cards, [1, 2])


async def test_a_retry_whose_takeaway_left_the_pack_posts_the_next_one(
    cluster: Cluster, clock: ManualClock
) -> None:
    """Monday's post fails and waits to retry; the bot restarts with an edited pack that no
    longer has takeaway 1. Every retry crashed on the missing takeaway, and the fourth
    paused the schedule ("unexpected error: takeaway 'chip-gap' is no longer in the
    knowledge pack (gave up after 4 attempts)"), which only /daily on could undo: no admin
    could fix that cause. The retry now takes the channel's next takeaway instead."""
    first = await cluster.start()
    await subscribe(first, clock)
    first.outbound.failures.append(DeliveryError("rate limited"))
    await cluster.advance_to(NINE_THIRTY)
    await first.stop()
    edited = replace(pack(), takeaways=pack().takeaways[1:])
    second = await cluster.start(loaded=edited)
    await fast_forward(clock, [second.scheduler], DAY)
    assert [p.at for p in second.outbound.posts] == [NINE_THIRTY + MINUTE, NINE_THIRTY + DAY]
    assert [p.title for p in second.outbound.posts] == takeaway_titles(second.cards, [1, 2])
    status = (await second.run(admin(clock), action="status")).fallback()
    assert "State: on" in status


async def test_a_last_post_whose_takeaway_left_the_pack_is_not_shown_by_its_raw_id(
    cluster: Cluster, clock: ManualClock
) -> None:
    """Takeaway 1 posts; the bot restarts with a pack that no longer has it. /daily status
    said "Last post: Mon 02 Mar 09:30 GMT — chip-gap", the pack's internal key, which
    nobody in the channel has seen; it now says the takeaway left the pack."""
    first = await cluster.start()
    await subscribe(first, clock)
    await cluster.advance_to(NINE_THIRTY)
    await first.stop()
    gone = pack().takeaways[0].id
    second = await cluster.start(loaded=replace(pack(), takeaways=pack().takeaways[1:]))
    status = (await second.run(admin(clock), action="status")).fallback()
    assert f"Last post: Mon 02 Mar 09:30 GMT — {LEFT_THE_PACK}" in status
    assert gone not in status


@pytest.mark.parametrize(("back_on_after", "posted"), [(30 * MINUTE, True), (7 * HOUR, False)])
async def test_a_retry_due_while_the_schedule_was_off_is_not_blamed_on_the_bot_being_down(
    sqlite_cluster: Cluster, clock: ManualClock, back_on_after: float, posted: bool
) -> None:
    """Monday's 09:30 post fails and waits a minute to retry; an admin turns daily takeaways
    off, then on again. Within the day's window the retry goes out; after it, the day is
    given up, and status said "Today's post: expired while the bot was down", though the
    bot was up all along: the schedule was off when the retry fell due. It now says so."""
    bot = await sqlite_cluster.start()
    await subscribe(bot, clock)
    bot.outbound.failures.append(DeliveryError("rate limited"))
    await sqlite_cluster.advance_to(NINE_THIRTY)
    clock.set(NINE_THIRTY + 30)
    assert (await bot.run(admin(clock), action="off")).text.endswith("are off in this channel.")
    await sqlite_cluster.advance_to(NINE_THIRTY + back_on_after)
    await subscribe(bot, clock)
    await sqlite_cluster.settle()
    assert [p.at for p in bot.outbound.posts] == [NINE_THIRTY + back_on_after] * posted
    status = (await bot.run(admin(clock), action="status")).fallback()
    why = (
        "gave up: daily takeaways were off here when its retry fell due (last error: rate limited)"
    )
    assert (f"Today's post: {why}" in status) is not posted
    assert "the bot was down" not in status
    await fast_forward(clock, [bot.scheduler], DAY)
    assert [p.title for p in bot.outbound.posts] == takeaway_titles(bot.cards, [1, 2][: 1 + posted])


@pytest.mark.parametrize(("back_after", "posts"), [(20 * MINUTE, 1), (2 * HOUR, 0)])
async def test_a_retry_due_while_down_posts_only_within_the_day_s_grace(
    sqlite_cluster: Cluster, clock: ManualClock, back_after: float, posts: int
) -> None:
    first = await sqlite_cluster.start(grace=HOUR)
    await subscribe(first, clock)
    first.outbound.failures.append(DeliveryError("rate limited"))
    await sqlite_cluster.advance_to(NINE_THIRTY)
    await first.stop()
    clock.set(NINE_THIRTY + back_after)
    second = await sqlite_cluster.start(grace=HOUR)
    assert [p.at for p in second.outbound.posts] == [NINE_THIRTY + back_after] * posts
    assert second.scheduler.next_due == NINE_THIRTY + DAY
    await sqlite_cluster.advance_to(NINE_THIRTY + DAY)
    assert len(second.outbound.posts) == posts + 1
    assert second.outbound.posts[0].title == takeaway_titles(second.cards, [1])[0]


async def test_a_database_clock_lagging_ours_does_not_busy_loop(
    sqlite_cluster: Cluster, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = await sqlite_cluster.start()
    lag = 2.0
    ticks = 0
    tick = bot.scheduler._tick

    async def database_now() -> float:
        return clock.now() - lag

    async def counted_tick() -> float:
        nonlocal ticks
        ticks += 1
        return await tick()

    monkeypatch.setattr(bot.scheduler, "now", database_now)
    monkeypatch.setattr(bot.scheduler, "_tick", counted_tick)
    await subscribe(bot, clock)
    await bot.scheduler.wait_idle()
    clock.set(NINE_THIRTY)  # our clock is at the hour; the database's is 2 s short of it
    ticks = 0
    try:
        async with asyncio.timeout(2):
            await bot.scheduler.wait_idle()
    except TimeoutError:
        pytest.fail(f"the scheduler never settled: {ticks} ticks waiting for the database")
    assert ticks == 1
    assert bot.outbound.posts == []
    assert bot.scheduler.next_due == NINE_THIRTY + lag
    await sqlite_cluster.advance_to(NINE_THIRTY + lag)
    assert [p.at for p in bot.outbound.posts] == [NINE_THIRTY + lag]
    assert ticks == 2


async def test_crashing_posts_and_planning_errors_never_stop_the_loop(
    sqlite_cluster: Cluster, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = await sqlite_cluster.start()
    broken = ChannelRef("console", "local", "broken")
    await subscribe(bot, clock)
    await bot.run(admin(clock, broken), action="on", time="09:30")
    bot.outbound.broken_channels.add("broken")
    await fast_forward(clock, [bot.scheduler], DAY + HOUR)
    assert [p.channel for p in bot.outbound.posts] == [GENERAL, GENERAL]
    crashing = await bot.store.subscription(broken)
    assert crashing is not None and crashing.active, "a crash is no cause for a person to fix"
    # Monday: general once, broken 4 times; Tuesday by 10:00: general, broken 3 times
    assert len(bot.outbound.attempts) == 1 + 4 + 1 + 3, "the crashing channel is tried daily"

    real = bot.store.active_subscriptions
    calls = 0

    async def flaky() -> list:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("database went away")
        return await real()

    monkeypatch.setattr(bot.store, "active_subscriptions", flaky)
    await sqlite_cluster.advance_to(NINE_THIRTY + 2 * DAY)
    assert len(bot.outbound.posts) == 2, "planning failed at the hour"
    assert bot.scheduler.next_due == NINE_THIRTY + 2 * DAY + MINUTE
    await sqlite_cluster.advance_to(NINE_THIRTY + 2 * DAY + MINUTE)
    assert [p.at for p in bot.outbound.posts][-1] == NINE_THIRTY + 2 * DAY + MINUTE


async def test_a_platform_without_a_running_adapter_stays_unclaimed(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    bot = await sqlite_cluster.start()
    channel = ChannelRef("discord", "G1", "C1")
    await subscribe_elsewhere(bot, channel)
    await sqlite_cluster.advance_to(NINE_THIRTY)
    assert await bot.db.fetchval("SELECT COUNT(*) FROM daily_claims") == 0
    discord = RecordingOutbound(clock, platform="discord")
    bot.scheduler.outbounds.add(discord)
    clock.set(NINE_THIRTY + HOUR)
    bot.scheduler.wake()
    await sqlite_cluster.settle()
    assert [(p.channel, p.at) for p in discord.posts] == [(channel, NINE_THIRTY + HOUR)]


async def test_stopping_lets_an_in_flight_post_settle(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    bot = await sqlite_cluster.start()
    await subscribe(bot, clock)
    bot.outbound.gate = asyncio.Event()
    clock.set(NINE_THIRTY)
    async with asyncio.timeout(5):
        await bot.outbound.entered.wait()
    stopping = asyncio.create_task(bot.scheduler.stop())
    bot.outbound.gate.set()
    await stopping
    assert await bot.db.fetchval("SELECT state FROM daily_claims") == "posted"


async def test_a_post_cut_off_by_a_stop_is_told_as_perhaps_posted_and_not_resent(
    sqlite_cluster: Cluster, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restart while the platform was slow to take the post: `stop()` cancelled it after
    STOP_TIMEOUT and the claim stayed "posting". Back up the same day, /daily status said
    nothing of today and "Last post: none yet", and the next day posted takeaway 2:
    takeaway 1 was skipped without a word, whether or not it had arrived. It is now
    recorded as perhaps posted, like a dropped connection: shown by status, never resent."""
    monkeypatch.setattr(scheduler_module, "STOP_TIMEOUT", 0)
    bot = await sqlite_cluster.start()
    await subscribe(bot, clock)
    bot.outbound.gate = asyncio.Event()  # never opens: the platform does not answer
    clock.set(NINE_THIRTY)
    async with asyncio.timeout(5):
        await bot.outbound.entered.wait()
    await bot.stop()
    clock.set(NINE_THIRTY + 10 * MINUTE)
    again = await sqlite_cluster.start()
    assert sqlite_cluster.posts() == []
    status = (await again.run(admin(clock), action="status")).fallback()
    assert (
        f"Last post: Mon 02 Mar 09:30 GMT — Takeaway 1: The Chip Gap ({UNKNOWN_OUTCOME_STATUS})"
    ) in status
    await fast_forward(clock, [again.scheduler], DAY)
    assert [p.title for p in again.outbound.posts] == takeaway_titles(again.cards, [2])


# -- schedule changes and /daily now ------------------------------------------------------


async def test_schedule_changes_wake_the_scheduler(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    bot = await sqlite_cluster.start()
    assert bot.scheduler.next_due is None
    await subscribe(bot, clock, time="09:05")
    await bot.scheduler.wait_idle()
    assert bot.scheduler.next_due == START + 5 * MINUTE
    await sqlite_cluster.advance_to(START + 5 * MINUTE)
    assert len(bot.outbound.posts) == 1
    await bot.run(admin(clock), action="off")
    await bot.scheduler.wait_idle()
    assert bot.scheduler.next_due is None
    await fast_forward(clock, [bot.scheduler], 2 * DAY)
    assert len(bot.outbound.posts) == 1


async def test_a_time_moved_later_after_today_s_post_promises_tomorrow(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    """Today's post went out at 09:30; moved to 10:30 the same morning, the schedule cannot
    post again today, so the schedule posted and the status promise tomorrow, when it does
    post."""
    bot = await sqlite_cluster.start()
    await subscribe(bot, clock)
    await fast_forward(clock, [bot.scheduler], HOUR)
    await bot.run(admin(clock), action="on", time="10:30", tz="Europe/London")
    posted = bot.outbound.notices[-1].reply.text
    assert posted.endswith("Next post: Tue 03 Mar 10:30 GMT. Set by Ada.")
    status = (await bot.run(admin(clock), action="status")).fallback()
    assert "Next post: Tue 03 Mar 10:30 GMT (in 1d30m)" in status
    await fast_forward(clock, [bot.scheduler], 2 * DAY)
    assert [p.at for p in bot.outbound.posts][:2] == [NINE_THIRTY, utc(2026, 3, 3, 10, 30)]


def at_london(hour_minute: str) -> dict[str, str]:
    """`/daily on`'s options for `hour_minute` in London."""
    return {"action": "on", "time": hour_minute, "tz": "Europe/London"}


@pytest.mark.parametrize(
    ("changed_at", "steps", "promised", "posted"),
    [
        # regression: moved earlier than the hour before today's post, the day had none
        (
            START,
            [at_london("08:30")],
            "today's, at once (08:30 has passed), then Tue 03 Mar 08:30 GMT",
            [START, utc(2026, 3, 3, 8, 30)],
        ),
        (START, [at_london("09:45")], "Mon 02 Mar 09:45 GMT", [START + 45 * MINUTE]),
        # today's post went out at 10:00: none again today, whatever the new time
        (START + 2 * HOUR, [at_london("08:30")], "Tue 03 Mar 08:30 GMT", [START + HOUR]),
        (START + 2 * HOUR, [at_london("23:00")], "Tue 03 Mar 23:00 GMT", [START + HOUR]),
        # switched off and on again: a schedule made after its hour starts tomorrow
        (START, [{"action": "off"}, at_london("08:30")], "Tue 03 Mar 08:30 GMT", []),
    ],
)
async def test_a_time_changed_the_same_day_keeps_today_s_post_once(
    sqlite_cluster: Cluster,
    clock: ManualClock,
    changed_at: float,
    steps: list[dict[str, str]],
    promised: str,
    posted: list[float],
) -> None:
    """A 10:00 schedule changed the same day: today's post, if it is still to come, goes
    out once, at the new time or at once if that has passed (moved to 08:30 at 09:00,
    the channel, promised a post at 10:00, got none that day: the change was read as a
    new schedule made after its hour). One that went out is never posted again."""
    clock.set(START - 2 * HOUR)
    bot = await sqlite_cluster.start()
    await subscribe(bot, clock, time="10:00")
    await fast_forward(clock, [bot.scheduler], changed_at - clock.now())
    for step in steps:
        await bot.run(admin(clock), **step)
    at = steps[-1]["time"]
    assert bot.outbound.notices[-1].reply.text == (
        f"Daily takeaways on: every day at {at} Europe/London. Next post: {promised}. "
        "Set by Ada."
    )
    await fast_forward(clock, [bot.scheduler], utc(2026, 3, 4) - clock.now())
    tuesday = utc(2026, 3, 3, int(at[:2]), int(at[3:]))
    assert [p.at for p in bot.outbound.posts] == sorted({*posted, tuesday})


async def test_a_refused_on_leaves_the_schedule_exactly_as_it_was(
    cluster: Cluster, clock: ManualClock
) -> None:
    """A change the bot cannot post is not made: time, zone and paused state stay. It used
    to store the new schedule and resume a paused one, as if the cause were gone."""
    bot = await cluster.start()
    await subscribe(bot, clock)  # 09:30 Europe/London
    refusal = DeliveryError("not_in_channel", permanent=True, hint="Invite me.")
    bot.outbound.failures.append(refusal)
    on = await bot.store.subscription(GENERAL)
    with pytest.raises(UserError) as refused:
        await bot.run(admin(clock), action="on", time="10:00", tz="UTC")
    assert refused.value.message == "Daily takeaways not changed: Invite me."
    assert await bot.store.subscription(GENERAL) == on
    await cluster.advance_to(NINE_THIRTY)
    assert [p.at for p in bot.outbound.posts] == [NINE_THIRTY], "the old time still posts"
    bot.outbound.fail_always = refusal
    await cluster.advance_to(NINE_THIRTY + DAY)  # Tuesday's post is refused: paused
    paused = await bot.store.subscription(GENERAL)
    assert paused is not None and paused.paused_reason is not None
    with pytest.raises(UserError):
        await bot.run(admin(clock), action="on", time="10:00", tz="UTC")
    assert await bot.store.subscription(GENERAL) == paused
    status = (await bot.run(admin(clock), action="status")).fallback()
    assert "Schedule: 09:30 Europe/London" in status and "State: paused since" in status


async def test_on_resumes_a_paused_schedule_once_its_post_goes_out(
    cluster: Cluster, clock: ManualClock
) -> None:
    bot = await cluster.start()
    await subscribe(bot, clock)
    bot.outbound.fail_always = DeliveryError("not_in_channel", permanent=True)
    await cluster.advance_to(NINE_THIRTY)
    paused = await bot.store.subscription(GENERAL)
    assert paused is not None and paused.paused_reason is not None
    bot.outbound.fail_always = None  # the admin invited the bot
    clock.advance(HOUR)
    reply = await bot.run(admin(clock), action="on")
    assert reply.ephemeral and reply.text == (
        "Daily takeaways on: I posted the schedule in this channel."
    )
    assert [n.reply.text for n in bot.outbound.notices][-1] == (
        "Daily takeaways on: every day at 09:30 Europe/London. Next post: Tue 03 Mar 09:30 GMT. "
        "Set by Ada."
    )
    resumed = await bot.store.subscription(GENERAL)
    assert resumed is not None and resumed.active
    assert (resumed.at, resumed.zone) == (paused.at, paused.zone)
    await cluster.advance_to(NINE_THIRTY + DAY)
    assert [p.at for p in bot.outbound.posts] == [NINE_THIRTY + DAY]


async def test_daily_now_posts_at_once_and_keeps_the_scheduled_post(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    """It says when the next scheduled post is. Regression: it said "Today's scheduled
    post, if any, still happens", read after today's post as a promise of another."""
    bot = await sqlite_cluster.start()
    await subscribe(bot, clock)
    reply = await bot.run(admin(clock), action="now")
    assert reply.ephemeral and reply.text.startswith("Posted Takeaway 1:")
    assert reply.text.endswith(". Next scheduled post: Mon 02 Mar 09:30 GMT, as before.")
    await sqlite_cluster.advance_to(NINE_THIRTY)
    assert [p.at for p in bot.outbound.posts] == [START, NINE_THIRTY]
    assert [p.title for p in bot.outbound.posts] == takeaway_titles(bot.cards, [1, 2])
    bot.outbound.fail_always = DeliveryError("not_in_channel")
    with pytest.raises(UserError) as refused:
        await bot.run(admin(clock), action="now")
    assert refused.value.message == "Could not post the takeaway here: not_in_channel"
    assert await bot.store.upcoming(GENERAL, bot.scheduler.takeaway_ids) == pack().takeaways[2].id
    bot.outbound.fail_always = None
    clock.advance(HOUR)  # today's has gone out
    reply = await bot.run(admin(clock), action="now")
    assert reply.text.endswith(". Next scheduled post: Tue 03 Mar 09:30 GMT, as before.")


async def test_daily_now_cut_off_by_a_shutdown_is_told_as_perhaps_posted_and_not_resent(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    """The bot stopped while the platform was slow to take a /daily now post: its takeaway
    was released as if it had never gone out, though it may have arrived, and the next
    post showed takeaway 1 again. It now counts as perhaps shown, as a scheduled post cut
    off by a stop does: status says so, and the rotation moves past it."""
    bot = await sqlite_cluster.start()
    bot.outbound.gate = asyncio.Event()  # the platform does not answer
    now = asyncio.create_task(bot.run(admin(clock), action="now"))
    async with asyncio.timeout(5):
        await bot.outbound.entered.wait()
    now.cancel()  # the adapter's request task, cancelled as the bot stops
    with pytest.raises(asyncio.CancelledError):
        await now
    status = (await bot.run(admin(clock), action="status")).fallback()
    assert (
        f"Last post: Mon 02 Mar 09:00 UTC — Takeaway 1: The Chip Gap ({UNKNOWN_OUTCOME_STATUS})"
    ) in status
    bot.outbound.gate.set()
    assert (await bot.run(admin(clock), action="now")).text.startswith("Posted Takeaway 2:")


async def test_daily_now_in_a_paused_channel_says_the_schedule_is_still_paused(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    """The bot was removed from the channel, so the schedule paused; invited back, an admin
    tries /daily now, which posts, and was told "Today's scheduled post, if any, still
    happens": but a paused schedule posts nothing until /daily on, so the next day came
    and went without a post. The answer now says the schedule is paused and how to resume it."""
    bot = await sqlite_cluster.start()
    await subscribe(bot, clock)
    bot.outbound.fail_always = DeliveryError("not_in_channel", permanent=True)
    await sqlite_cluster.advance_to(NINE_THIRTY)
    bot.outbound.fail_always = None  # invited back
    reply = await bot.run(admin(clock), action="now")
    assert reply.text == (
        "Posted Takeaway 1: The Chip Gap. Daily takeaways here are still paused: "
        "run /daily on to resume them."
    )
    await fast_forward(clock, [bot.scheduler], DAY)
    assert [p.at for p in bot.outbound.posts] == [NINE_THIRTY]


class SlippingScheduler:
    """Stands in for DailyScheduler in `fast_forward`: once the clock reaches its instant it
    re-plans to one just passed, as it does when the console's real-time clock lands a hair
    short of the instant and runs on past it; it posts (and plans tomorrow) when woken."""

    def __init__(self, clock: ManualClock, due: float) -> None:
        self.clock = clock
        self.due = due
        self.next_due: float | None = due
        self.woken_at: list[float] = []

    def wake(self) -> None:
        self.woken_at.append(self.clock.now())
        self.next_due = self.due + DAY

    async def wait_idle(self) -> None:
        if not self.woken_at and self.clock.now() >= self.due:
            self.next_due = self.clock.now() - 0.0005


async def test_fast_forward_lets_the_scheduler_act_on_an_instant_the_clock_ran_past() -> None:
    clock = ManualClock(START)
    scheduler = SlippingScheduler(clock, START + HOUR)
    await fast_forward(clock, [scheduler], DAY)  # type: ignore[arg-type]
    assert scheduler.woken_at == [START + HOUR], "woken at the instant, not at the target"
    assert clock.now() == START + DAY


async def restarted_before_login(cluster: Cluster, clock: ManualClock) -> tuple[Instance, Login]:
    """An instance started an hour after the 09:30 post was due (the bot was down), whose
    platform has not logged in yet, once its scheduler waits for that login."""
    bot = await cluster.start()
    await subscribe(bot, clock)
    await bot.stop()
    clock.set(NINE_THIRTY + HOUR)
    login = Login()
    restarted = await cluster.start(ready=login)
    await login.awaited.wait()
    return restarted, login


async def test_a_post_due_at_start_up_waits_until_the_platform_can_post(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    """The services start before the adapters log in, and discord.py cannot post before:
    a post due at start-up (missed while the bot was down, within the grace) waits for the
    login instead of failing its first attempt and waiting a minute for a retry."""
    restarted, login = await restarted_before_login(sqlite_cluster, clock)
    assert restarted.outbound.attempts == []
    assert await restarted.db.fetchval("SELECT COUNT(*) FROM daily_claims") == 0
    login.set()
    await restarted.scheduler.wait_idle()
    assert [p.at for p in restarted.outbound.posts] == [NINE_THIRTY + HOUR]
    assert restarted.outbound.attempts == [NINE_THIRTY + HOUR]


async def test_a_stop_before_the_platform_can_post_claims_nothing(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    restarted, _ = await restarted_before_login(sqlite_cluster, clock)
    await asyncio.wait_for(restarted.stop(), 5)  # not held up by the wait for the login
    assert sqlite_cluster.posts() == []
    again = await sqlite_cluster.start()  # the next start-up posts it
    assert [p.at for p in again.outbound.posts] == [NINE_THIRTY + HOUR]


async def test_a_retry_whose_wait_ends_after_its_day_is_pulled_back_into_it(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    """A 23:50 post failing three times waited 25 minutes for its 4th attempt, 00:21 the
    next day, when its day was over and it was given up; /daily status said "retrying at
    … 00:21" until then. The 4th attempt now comes a minute before the day ends, and status
    says so."""
    bot = await sqlite_cluster.start()
    await subscribe(bot, clock, time="23:50", tz="UTC")
    bot.outbound.failures += [DeliveryError("rate limited")] * 3
    eleven_fifty = utc(2026, 3, 2, 23, 50)
    for minutes in (0, 1, 6):
        await sqlite_cluster.advance_to(eleven_fifty + minutes * MINUTE)
    status = (await bot.run(admin(clock), action="status")).fallback()
    assert "attempt 3 of 4 failed (rate limited); retrying at Mon 02 Mar 23:59 UTC" in status
    await fast_forward(clock, [bot.scheduler], HOUR)
    assert [(at - eleven_fifty) / MINUTE for at in bot.outbound.attempts] == [0, 1, 6, 9]
    assert [p.at for p in bot.outbound.posts] == [eleven_fifty + 9 * MINUTE]
    row = await bot.db.fetchone("SELECT local_date, state FROM daily_claims")
    assert row is not None and tuple(row) == ("2026-03-02", "posted")


async def test_a_failure_with_no_time_left_that_day_gives_the_day_up_at_once(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    """A 23:59 post that fails has less than RETRY_MARGIN of its day left: given up there
    and then, and status says so (the schedule stays on), instead of promising a retry that
    would come after midnight. Its takeaway goes back in the rotation for the next day."""
    bot = await sqlite_cluster.start()
    await subscribe(bot, clock, time="23:59", tz="UTC")
    bot.outbound.failures.append(DeliveryError("rate limited"))
    eleven_fifty_nine = utc(2026, 3, 2, 23, 59)
    await sqlite_cluster.advance_to(eleven_fifty_nine)
    status = (await bot.run(admin(clock), action="status")).fallback()
    assert "State: on" in status and "retrying" not in status
    assert (
        "Today's post: gave up: no time was left that day for another retry "
        "(last error: rate limited)"
    ) in status
    await fast_forward(clock, [bot.scheduler], DAY)
    assert bot.outbound.attempts == [eleven_fifty_nine, eleven_fifty_nine + DAY]
    assert [p.title for p in bot.outbound.posts] == takeaway_titles(bot.cards, [1])


@pytest.mark.parametrize(
    ("change", "schedule", "closed"),
    [
        ({"time": "08:00", "tz": "UTC"}, "08:00 UTC", "Mon 02 Mar 14:00 UTC"),
        ({"time": "23:50", "tz": "Asia/Tokyo"}, "23:50 Asia/Tokyo", "Tue 03 Mar 00:00 JST"),
    ],
)
async def test_a_schedule_changed_while_a_retry_waits_says_why_the_day_was_given_up(
    sqlite_cluster: Cluster,
    clock: ManualClock,
    change: dict[str, str],
    schedule: str,
    closed: str,
) -> None:
    """A 23:50 post fails and waits a minute to retry; meanwhile an admin moves the
    schedule to 08:00 (or to Tokyo, where it is already Tuesday). Under the schedule now set
    that day's posts are over, so the day is given up, but status said "its next retry came
    too late for that day" of a retry due a minute later the same day (the only way to
    reach that reason since retries are kept inside their day). It now names the schedule
    now set and when it closed the day. The schedule stays on and the takeaway goes back
    in the rotation."""
    bot = await sqlite_cluster.start()
    await subscribe(bot, clock, time="23:50", tz="UTC")
    bot.outbound.failures.append(DeliveryError("rate limited"))
    eleven_fifty = utc(2026, 3, 2, 23, 50)
    await sqlite_cluster.advance_to(eleven_fifty)
    clock.set(eleven_fifty + 30)
    await subscribe(bot, clock, **change)
    await sqlite_cluster.advance_to(eleven_fifty + MINUTE)
    assert bot.outbound.attempts == [eleven_fifty]
    why = (
        f"gave up: under the schedule now set ({schedule}), that day's post could go out "
        f"only until {closed}, before its next retry (last error: rate limited)"
    )
    row = await bot.db.fetchone("SELECT local_date, state, error FROM daily_claims")
    assert row is not None and tuple(row) == ("2026-03-02", "failed", why)
    status = (await bot.run(admin(clock), action="status")).fallback()
    assert "State: on" in status and f"Today's post: {why}" in status
    await fast_forward(clock, [bot.scheduler], 2 * DAY)
    assert [p.title for p in bot.outbound.posts][:1] == takeaway_titles(bot.cards, [1])


# -- a zone the zone database no longer knows ---------------------------------------------

#: Removed from tzdata in 2020b (no link left): a schedule stored before, read after.
REMOVED_ZONE = "US/Pacific-New"
OTHER = ChannelRef("console", "local", "other")


async def lose_the_zone(bot: Instance, name: str = REMOVED_ZONE) -> None:
    """The channel's stored zone, as a zone database update (or another instance's newer
    one) leaves it: a name this host's zone database does not have as a zone."""
    await bot.db.execute(
        "UPDATE daily_subscriptions SET zone = ? WHERE channel_id = ?", name, GENERAL.channel
    )
    bot.scheduler.wake()


@pytest.mark.parametrize("lost", [REMOVED_ZONE, "Europe"])  # Europe: a folder, not a file
async def test_a_schedule_whose_zone_left_the_zone_database_stops_no_other_channel(
    cluster: Cluster, clock: ManualClock, caplog: pytest.LogCaptureFixture, lost: str
) -> None:
    """Regression: one schedule whose stored zone this host's zone database no longer has
    (tzdata removed US/Pacific-New in 2020b; an instance on an older host lacks a zone a
    newer one stored) stopped every channel's daily posts: planning failed on reading it,
    every minute, for good. The operator is told once which channel waits, and why."""
    bot = await cluster.start()
    await subscribe(bot, clock)
    await bot.run(admin(clock, OTHER), action="on", time="09:30", tz="Europe/London")
    await lose_the_zone(bot, lost)
    await fast_forward(clock, [bot.scheduler], 2 * DAY)
    assert [(p.channel, p.at) for p in bot.outbound.posts] == [
        (OTHER, NINE_THIRTY),
        (OTHER, NINE_THIRTY + DAY),
    ]
    told = [r.getMessage() for r in caplog.records if f"time zone {lost} " in r.getMessage()]
    assert told == [
        f"daily posts in console/local/#general wait: its time zone {lost} is not in "
        "this host's zone database; /daily status there says so, /daily on with tz: mends it"
    ]


async def test_a_channel_whose_zone_left_the_zone_database_is_told_and_can_choose_one(
    sqlite_cluster: Cluster, clock: ManualClock
) -> None:
    """Regression: in the channel itself, /daily status and /daily on each answered
    "Something went wrong" for good, so the schedule could not even be mended. Status
    says why it is paused; /daily on without a zone asks for one (it cannot keep a zone it
    cannot read); with one it resumes."""
    bot = await sqlite_cluster.start()
    await subscribe(bot, clock)
    await lose_the_zone(bot)
    status = (await bot.run(admin(clock), action="status")).fallback()
    assert f"Schedule: 09:30 {REMOVED_ZONE}" in status
    assert "State: paused\n" in status
    assert f"Why: its time zone, {REMOVED_ZONE}, is no longer known to the bot" in status
    assert "Resume: an admin can run /daily on with tz: naming a zone" in status
    with pytest.raises(UserError, match=f"This channel's time zone, {REMOVED_ZONE}, is no"):
        await bot.run(admin(clock), action="on", time="10:00")
    await subscribe(bot, clock, tz="America/Los_Angeles")
    await fast_forward(clock, [bot.scheduler], DAY)
    assert [p.at for p in bot.outbound.posts] == [NINE_THIRTY + 8 * HOUR]


# -- reruns ---------------------------------------------------------------------------------


async def test_a_takeaway_posted_again_after_every_one_has_been_says_so(
    cluster: Cluster, clock: ManualClock
) -> None:
    """Regression: once every takeaway had been posted, the rotation started again with the
    first, headed "Daily takeaway" as the first time: a team reading last Monday's takeaway
    again took it for the bot repeating itself by mistake. A rerun says it is one, from
    the rotation's second round on, /daily now's too; a first showing does not."""
    bot = await cluster.start()
    await subscribe(bot, clock)
    count = len(pack().takeaways)
    await fast_forward(clock, [bot.scheduler], (count + 1) * DAY)
    headings = [p.reply.text for p in bot.outbound.posts]
    assert headings == [HEADING] * count + [RERUN]
    status = (await bot.run(admin(clock), action="status")).fallback()
    second = takeaway_titles(bot.cards, [2])[0].replace(f"/{count}", "")
    assert f"{second}, posted here before: the takeaways come round in turn" in status
    await bot.run(admin(clock), action="now")
    assert bot.outbound.posts[-1].reply.text == RERUN
    await bot.run(admin(clock, OTHER), action="now")  # a channel of its own rotation
    assert bot.outbound.posts[-1].reply.text == HEADING


# -- leap days ------------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "America/Los_Angeles", "UTC"])
async def test_a_leap_day_gets_its_post_once_like_any_other_day(
    sqlite_cluster: Cluster, clock: ManualClock, zone: str
) -> None:
    """28 February, 29 February and 1 March 2028 each get one post at 09:30 local time,
    in zones ahead of UTC and behind it, where the local leap day straddles two UTC dates;
    none is skipped nor doubled."""
    clock.set(utc(2028, 2, 27, 12, 0))
    bot = await sqlite_cluster.start()
    await subscribe(bot, clock, tz=zone)
    await fast_forward(clock, [bot.scheduler], 3 * DAY + 12 * HOUR)
    local = [datetime.fromtimestamp(p.at, ZoneInfo(zone)) for p in bot.outbound.posts]
    days = [moment.date() for moment in local]
    assert {moment.strftime("%H:%M") for moment in local} == {"09:30"}
    assert days == [days[0] + timedelta(days=n) for n in range(len(days))]  # none missed
    assert {date(2028, 2, 28), date(2028, 2, 29), date(2028, 3, 1)} <= set(days)
    status = (await bot.run(admin(clock), action="status")).fallback()
    assert "Last skipped" not in status


def first_showing(day: date, at: time, zone: ZoneInfo) -> float | None:
    """The first whole minute of `day` in `zone` whose wall clock shows `at` or later:
    `at` itself, its first occurrence when the clocks go back, or the moment they jump
    past it; None where a jump ends the day first. Worked out by reading the clock minute
    by minute, not by the schedule's own arithmetic."""
    minute = int(datetime.combine(day, time(), tzinfo=zone).timestamp()) // 60 * 60 - 4 * 3600
    for instant in range(minute, minute + 34 * 3600, 60):
        shown = datetime.fromtimestamp(instant, zone)
        if shown.date() == day and (shown.hour, shown.minute) >= (at.hour, at.minute):
            return float(instant)
        if shown.date() > day:
            return None
    return None


async def _posts_around(zone: ZoneInfo, start: float, at: time) -> tuple[float, list[float]]:
    """The instant `/daily status` promises right after `/daily on` at `start`, and the
    posts of the following three days and three hours."""
    clock = ManualClock(start)
    with tempfile.TemporaryDirectory() as folder:
        cluster = Cluster("sqlite", Path(folder), clock)
        try:
            bot = await cluster.start()
            await subscribe(bot, clock, time=f"{at:%H:%M}", tz=zone.key)
            footer = (await bot.run(admin(clock), action="status")).cards[0].footer
            assert isinstance(footer, Marked)
            promised = next(part.instant for part in footer.parts if isinstance(part, When))
            await fast_forward(clock, [bot.scheduler], 3 * DAY + 3 * HOUR)
            return promised, [post.at for post in bot.outbound.posts]
        finally:
            await cluster.close()


@settings(max_examples=50)
@given(
    st.data(),
    st.builds(time, st.integers(0, 23), st.sampled_from([0, 1, 15, 30, 45, 59])),
    st.integers(0, 2 * int(DAY)),
)
def test_every_zone_s_clock_change_posts_once_a_day_when_its_clock_shows_the_time(
    data: st.DataObject, at: time, before: int
) -> None:
    """Whichever zone, time and day the clocks change on, the running scheduler posts once
    each local day, when the wall clock first shows the time (its first occurrence when
    it repeats, the jump when it is skipped), and first where `/daily status` said."""
    zone, jump = data.draw(st.sampled_from(clock_changes()))
    start = jump - before
    promised, posts = asyncio.run(_posts_around(zone, start, at))
    days = [local_date(post, zone) for post in posts]
    assert len(days) == len(set(days)), (zone.key, at, posts)
    assert posts[0] == promised
    for post, day in zip(posts, days, strict=True):
        assert post == (first_showing(day, at, zone) or post), (zone.key, at, day)
    first = local_date(start, zone)
    assert {first + timedelta(days=1), first + timedelta(days=2)} <= set(days)


#: Zones far apart, with daylight saving both ways, half-hour offsets and a 30-minute
#: change (Lord Howe), for a schedule moved from one to another.
MOVED_ZONES = (
    "Europe/London",
    "America/Los_Angeles",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "America/Nuuk",
    "Pacific/Kiritimati",
)
#: A `/daily on` of any minute in one of `MOVED_ZONES`.
MOVED_SCHEDULES = st.tuples(
    st.builds(time, st.integers(0, 23), st.integers(0, 59)), st.sampled_from(MOVED_ZONES)
)


async def _posts_around_a_change(
    start: float, first: tuple[time, str], after: float, second: tuple[time, str]
) -> tuple[str, float, list[float]]:
    """A schedule set at `start`, changed `after` seconds later: the next post the channel
    is told of by the change, its moment, and the posts made after it."""
    clock = ManualClock(start)
    with tempfile.TemporaryDirectory() as folder:
        cluster = Cluster("sqlite", Path(folder), clock)
        try:
            bot = await cluster.start()
            await subscribe(bot, clock, time=f"{first[0]:%H:%M}", tz=first[1])
            await fast_forward(clock, [bot.scheduler], after)
            made = len(bot.outbound.posts)
            changed = clock.now()
            await subscribe(bot, clock, time=f"{second[0]:%H:%M}", tz=second[1])
            told = bot.outbound.notices[-1].reply.text
            await fast_forward(clock, [bot.scheduler], 3 * DAY)
            upcoming = told.partition("Next post: ")[2].rpartition(". Set by")[0]
            return upcoming, changed, [post.at for post in bot.outbound.posts[made:]]
        finally:
            await cluster.close()


@settings(max_examples=25)
@given(st.data(), MOVED_SCHEDULES, MOVED_SCHEDULES, st.integers(0, int(1.5 * DAY)))
def test_a_schedule_changed_on_the_day_of_a_post_posts_where_it_said(
    data: st.DataObject, first: tuple[time, str], second: tuple[time, str], after: int
) -> None:
    """Time or zone changed at any moment, around a clock change or not: the first post
    after the change is the one the change's notice promised ("Next post: …"), and no
    local date of the new zone gets two posts."""
    jumps = [jump for changed_zone, jump in clock_changes() if changed_zone.key in MOVED_ZONES]
    start = data.draw(st.sampled_from(jumps)) - data.draw(st.integers(0, int(DAY)))
    upcoming, changed, later = asyncio.run(_posts_around_a_change(start, first, after, second))
    zone = ZoneInfo(second[1])
    shown = [describe_instant(post, zone) for post in later]
    if upcoming.startswith("today's, at once"):
        assert later[0] == changed and upcoming.endswith(f"then {shown[1]}"), (upcoming, shown)
    else:
        assert upcoming.startswith(shown[0]), (upcoming, shown)
    days = [local_date(post, zone) for post in later]
    assert len(days) == len(set(days)), shown
