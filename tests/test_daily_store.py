"""Daily storage contract on SQLite and PostgreSQL: unique claims, rotation without repeats."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import date, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from bot.core.context import ChannelRef, UserRef
from bot.daily.schedule import Slot, slot_on
from bot.daily.store import FAILED, POSTED, POSTING, RETRY, DailyStore, LastPost, Skip
from bot.knowledge import PollOptionSpec, PollSpec
from bot.polls.model import PollDraft
from bot.polls.store import PollStore
from bot.storage.database import Database
from bot.storage.migrate import migrate
from bot.storage.migrations import all_migrations
from bot.storage.sqlite import SqliteDatabase

GENERAL = ChannelRef("slack", "T1", "C-general")
RANDOM = ChannelRef("slack", "T1", "C-random")
LONDON = ZoneInfo("Europe/London")
IDS = ("one", "two", "three")
DAY = date(2026, 3, 2)


async def test_subscribing_twice_updates_one_row_and_off_keeps_it(database: Database) -> None:
    store = DailyStore(database)
    first = await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", 10.0)
    second = await store.subscribe(GENERAL, time(7, 15), ZoneInfo("UTC"), "U2", 20.0)
    assert second.id == first.id
    assert (second.at, second.zone.key, second.since, second.active) == (
        time(7, 15),
        "UTC",
        20.0,
        True,
    )
    assert [s.id for s in await store.active_subscriptions()] == [first.id]
    assert await store.unsubscribe(GENERAL, "U1", 30.0) is True
    assert await store.unsubscribe(GENERAL, "U1", 31.0) is False
    stopped = await store.subscription(GENERAL)
    assert stopped is not None and not stopped.enabled and not stopped.active
    assert await store.active_subscriptions() == []
    assert await store.subscription(RANDOM) is None


async def test_a_day_is_claimed_once_however_many_claimants_race(database: Database) -> None:
    store = DailyStore(database)
    subscription = await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", 1.0)
    claims = await asyncio.gather(*(store.claim(subscription, DAY, IDS, 2.0) for _ in range(12)))
    won = [c for c in claims if c is not None]
    assert len(won) == 1
    assert won[0].reservation.takeaway_id == "one"
    assert await database.fetchval("SELECT COUNT(*) FROM daily_claims") == 1
    assert await database.fetchval("SELECT COUNT(*) FROM daily_rotation") == 1
    assert await store.claim(subscription, DAY, IDS, 3.0) is None
    tomorrow = await store.claim(subscription, date(2026, 3, 3), IDS, 4.0)
    assert tomorrow is not None and tomorrow.reservation.takeaway_id == "two"


async def test_the_claim_key_is_enforced_by_the_schema(database: Database) -> None:
    store = DailyStore(database)
    subscription = await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", 1.0)
    assert await store.claim(subscription, DAY, IDS, 2.0) is not None
    insert = (
        "INSERT INTO daily_claims (subscription_id, zone, local_date, cycle, takeaway_id, "
        "state, attempts, claimed_at) VALUES (?, 'Europe/London', ?, 0, 'two', 'posting', 1, 3.0)"
    )
    with pytest.raises((sqlite3.IntegrityError, asyncpg.UniqueViolationError)):
        await database.execute(insert, subscription.id, DAY.isoformat())


async def test_after_a_zone_change_a_day_is_the_new_zone_s_and_posts_once(
    database: Database,
) -> None:
    """Tokyo's Monday post went out at 19:30 on Sunday in New York. Switched to New York,
    Sunday has had its post and Monday has not, whatever date Tokyo's claim carries."""
    store = DailyStore(database)
    tokyo = await store.subscribe(GENERAL, time(9, 30), ZoneInfo("Asia/Tokyo"), "U1", 1.0)
    posted_at = slot_on(DAY, time(9, 30), tokyo.zone).instant
    assert await store.claim(tokyo, DAY, IDS, posted_at) is not None
    new_york = ZoneInfo("America/New_York")
    changed = await store.subscribe(GENERAL, time(9, 30), new_york, "U1", posted_at + 1800)
    sunday = DAY - timedelta(days=1)
    made_sunday = await store.claim_for(changed, sunday)
    assert made_sunday is not None and made_sunday.local_date == DAY  # Tokyo's claim
    assert await store.claim(changed, sunday, IDS, posted_at + 3600) is None
    assert await store.claim_for(changed, DAY) is None
    monday = await store.claim(changed, DAY, IDS, slot_on(DAY, time(9, 30), new_york).instant)
    assert monday is not None and monday.reservation.takeaway_id == "two"
    assert await store.claim_for(changed, DAY) == monday


async def test_claims_made_before_their_zone_was_kept_are_the_schedule_s_zone_s(
    empty_database: Database,
) -> None:
    database = empty_database
    zones = next(m.version for m in all_migrations() if m.name == "daily_claim_zones")
    await migrate(database, tuple(m for m in all_migrations() if m.version < zones))
    store = DailyStore(database)
    subscription = await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", 1.0)
    reservation = await store.reserve(GENERAL, IDS, 2.0)
    await database.execute(
        "INSERT INTO daily_claims (subscription_id, local_date, cycle, takeaway_id, state, "
        "attempts, claimed_at) VALUES (?, ?, ?, ?, 'posted', 1, 2.0)",
        subscription.id,
        DAY.isoformat(),
        reservation.cycle,
        reservation.takeaway_id,
    )
    assert zones in await migrate(database)
    claim = await store.claim_for(subscription, DAY)
    assert claim is not None and (claim.zone, claim.state) == ("Europe/London", POSTED)
    assert await store.claim(subscription, DAY, IDS, 3.0) is None


async def test_paused_or_stopped_schedules_cannot_be_claimed(database: Database) -> None:
    store = DailyStore(database)
    subscription = await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", 1.0)
    await store.unsubscribe(GENERAL, "U1", 2.0)
    assert await store.claim(subscription, DAY, IDS, 3.0) is None
    resumed = await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", 4.0)
    claim = await store.claim(resumed, DAY, IDS, 5.0)
    assert claim is not None
    assert await store.mark_failed(claim, "channel_not_found", 6.0) == "U1", "who to tell"
    assert await store.mark_failed(claim, "channel_not_found", 6.5) is None, "told once"
    paused = await store.subscription(GENERAL)
    assert paused is not None and paused.paused_reason == "channel_not_found"
    assert paused.paused_at == 6.5 and not paused.active
    assert await store.claim(paused, date(2026, 3, 3), IDS, 7.0) is None
    assert (await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", 8.0)).active


async def test_rotation_posts_every_takeaway_before_any_repeat(database: Database) -> None:
    store = DailyStore(database)
    handed_out = []
    for _ in range(7):
        reservation = await store.reserve(GENERAL, IDS, 1.0)
        await store.confirm(reservation, 2.0)
        handed_out.append(reservation.takeaway_id)
    assert handed_out == ["one", "two", "three", "one", "two", "three", "one"]
    assert (await store.reserve(RANDOM, IDS, 1.0)).takeaway_id == "one", "per channel"
    assert await store.upcoming(GENERAL, IDS) == "two"


async def test_a_released_takeaway_comes_next_and_a_failed_day_frees_its_own(
    database: Database,
) -> None:
    store = DailyStore(database)
    first = await store.reserve(GENERAL, IDS, 1.0)
    await store.release(first)
    assert (await store.reserve(GENERAL, IDS, 2.0)).takeaway_id == "one"
    subscription = await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", 3.0)
    claim = await store.claim(subscription, DAY, IDS, 4.0)
    assert claim is not None and claim.reservation.takeaway_id == "two"
    await store.mark_failed(claim, "missing permission", 5.0)
    assert await store.upcoming(GENERAL, IDS) == "two"
    stored = await store.claim_for(subscription, DAY)
    assert stored is not None and stored.state == FAILED and stored.error == "missing permission"


async def test_rotation_follows_pack_edits_by_id(database: Database) -> None:
    store = DailyStore(database)
    for _ in range(2):
        await store.confirm(await store.reserve(GENERAL, IDS, 1.0), 1.0)
    # "two" left the pack and "four" joined: the cycle finishes with what is new, no repeats.
    edited = ("one", "three", "four")
    order = [(await store.reserve(GENERAL, edited, 2.0)).takeaway_id for _ in range(4)]
    assert order == ["three", "four", "one", "three"]


async def test_concurrent_reservations_never_hand_out_a_takeaway_twice(database: Database) -> None:
    store = DailyStore(database)
    ids = tuple(f"t{n}" for n in range(8))
    reservations = await asyncio.gather(*(store.reserve(GENERAL, ids, 1.0) for _ in range(8)))
    assert sorted(r.takeaway_id for r in reservations) == sorted(ids)


async def test_each_retry_attempt_has_exactly_one_owner(database: Database) -> None:
    store = DailyStore(database)
    subscription = await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", 1.0)
    claim = await store.claim(subscription, DAY, IDS, 2.0)
    assert claim is not None and claim.attempts == 1
    await store.mark_retry(claim, "rate limited", 62.0)
    [pending] = await store.pending_retries()
    assert (pending.state, pending.retry_at, pending.error) == (RETRY, 62.0, "rate limited")
    assert pending.reservation == claim.reservation
    attempts = await asyncio.gather(*(store.claim_attempt(pending) for _ in range(6)))
    owners = [a for a in attempts if a is not None]
    assert len(owners) == 1 and owners[0].attempts == 2
    assert await store.pending_retries() == []
    await store.mark_posted(owners[0], "m1", 70.0)
    stored = await store.claim_for(subscription, DAY)
    assert stored is not None and (stored.state, stored.attempts) == (POSTED, 2)
    last = await store.last_post(GENERAL)
    assert last is not None and (last.takeaway_id, last.posted_at) == ("one", 70.0)


async def test_the_last_post_says_whether_its_outcome_is_unknown(database: Database) -> None:
    """Only the day whose post may or may not have arrived is flagged: the next day's post,
    made as usual, is simply the last post."""
    store = DailyStore(database)
    subscription = await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", 1.0)
    first = await store.claim(subscription, DAY, IDS, 2.0)
    assert first is not None
    await store.mark_posted(first, None, 3.0, unknown="connection dropped")
    assert await store.last_post(GENERAL) == LastPost("one", 3.0, unknown=True)
    second = await store.claim(subscription, DAY + timedelta(days=1), IDS, 4.0)
    assert second is not None
    await store.mark_posted(second, "m2", 5.0)
    assert await store.last_post(GENERAL) == LastPost("two", 5.0, unknown=False)


async def test_the_last_post_of_daily_now_says_whether_its_outcome_is_unknown(
    database: Database,
) -> None:
    """`/daily now` claims no day, so only the rotation can tell that its post dropped."""
    store = DailyStore(database)
    dropped = await store.reserve(GENERAL, IDS, 1.0)
    await store.confirm(dropped, 2.0, unknown=True)
    assert await store.last_post(GENERAL) == LastPost("one", 2.0, unknown=True)
    await store.confirm(await store.reserve(GENERAL, IDS, 3.0), 4.0)
    assert await store.last_post(GENERAL) == LastPost("two", 4.0, unknown=False)


async def test_a_scheduled_post_whose_outcome_was_unknown_before_the_flag_stays_unknown(
    empty_database: Database,
) -> None:
    """Recorded before `daily_rotation` had the flag, its claim's error said so: the
    migration carries that over, for that post only."""
    database = empty_database
    flag = next(m.version for m in all_migrations() if m.name == "daily_unknown_outcomes")
    await migrate(database, tuple(m for m in all_migrations() if m.version < flag))
    store = DailyStore(database)
    subscription = await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", 1.0)
    dropped = "outcome unknown: connection dropped"
    for day, at, error in ((DAY, 2.0, dropped), (DAY + timedelta(days=1), 4.0, None)):
        reservation = await store.reserve(GENERAL, IDS, at)
        await database.execute(
            "INSERT INTO daily_claims (subscription_id, local_date, cycle, takeaway_id, "
            "state, attempts, claimed_at, error) VALUES (?, ?, ?, ?, 'posted', 1, ?, ?)",
            subscription.id,
            day.isoformat(),
            reservation.cycle,
            reservation.takeaway_id,
            at,
            error,
        )
        await store.reserve(RANDOM, IDS, at)  # another channel's post of the same takeaway
    await database.execute("UPDATE daily_rotation SET posted_at = reserved_at + 1")
    assert flag in await migrate(database)
    assert await store.last_post(GENERAL) == LastPost("two", 5.0, unknown=False)
    flagged = await database.fetchall(
        "SELECT channel_id, takeaway_id FROM daily_rotation WHERE outcome_unknown = 1"
    )
    assert [tuple(row) for row in flagged] == [("C-general", "one")]


async def test_retries_of_stopped_schedules_wait(database: Database) -> None:
    store = DailyStore(database)
    subscription = await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", 1.0)
    claim = await store.claim(subscription, DAY, IDS, 2.0)
    assert claim is not None
    await store.mark_retry(claim, "timeout", 62.0)
    await store.unsubscribe(GENERAL, "U1", 3.0)
    assert await store.pending_retries() == []


async def test_an_expired_retry_is_given_up_once_and_leaves_the_schedule_on(
    database: Database,
) -> None:
    store = DailyStore(database)
    subscription = await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", 1.0)
    claim = await store.claim(subscription, DAY, IDS, 2.0)
    assert claim is not None
    await store.mark_retry(claim, "timeout", 62.0)
    [pending] = await store.pending_retries()
    expired = await asyncio.gather(*(store.mark_expired(pending, "expired", 9.0) for _ in range(4)))
    assert sorted(expired) == [False, False, False, True]
    stored = await store.claim_for(subscription, DAY)
    assert stored is not None and (stored.state, stored.error) == (FAILED, "expired")
    assert await store.pending_retries() == []
    assert await store.upcoming(GENERAL, IDS) == "one", "its takeaway is free again"
    still = await store.subscription(GENERAL)
    assert still is not None and still.active


async def test_a_retry_another_instance_took_cannot_be_expired(database: Database) -> None:
    store = DailyStore(database)
    subscription = await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", 1.0)
    claim = await store.claim(subscription, DAY, IDS, 2.0)
    assert claim is not None
    await store.mark_retry(claim, "timeout", 62.0)
    [pending] = await store.pending_retries()
    assert await store.claim_attempt(pending) is not None
    assert await store.mark_expired(pending, "expired", 63.0) is False
    stored = await store.claim_for(subscription, DAY)
    assert stored is not None and stored.state == POSTING


def slot(day: date) -> Slot:
    return slot_on(day, time(9, 30), LONDON)


async def test_a_skipped_day_is_recorded_once_and_then_never_claimed(database: Database) -> None:
    store = DailyStore(database)
    since = slot(DAY).instant - 60.0
    subscription = await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", since)
    racers = (store.record_skip(subscription, slot(DAY), "down") for _ in range(8))
    assert sorted(await asyncio.gather(*racers)) == [False] * 7 + [True]
    stored = await store.subscription(GENERAL)
    assert stored is not None and stored.last_skip == Skip(DAY, DAY, "down")
    assert await store.claim(subscription, DAY, IDS, since + 200.0) is None, "never posted late"
    earlier = Slot(DAY - timedelta(days=1), since - 100.0)
    assert await store.record_skip(subscription, earlier, "older") is False, "the latest stays"


async def test_unclaimed_days_in_a_row_are_one_skipped_run_a_claim_ends(
    database: Database,
) -> None:
    """An outage is noticed on its last day only; the days before it went unclaimed too."""
    store = DailyStore(database)
    since = slot(DAY).instant + 60.0  # just after Monday's post time: Tuesday is the first
    subscription = await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", since)
    tuesday, thursday = DAY + timedelta(days=1), DAY + timedelta(days=3)
    assert await store.record_skip(subscription, slot(thursday), "down")
    stored = await store.subscription(GENERAL)
    assert stored is not None and stored.last_skip == Skip(tuesday, thursday, "down")
    assert stored.last_skip.days == 3
    friday = DAY + timedelta(days=4)
    assert await store.claim(subscription, friday, IDS, slot(friday).instant) is not None
    monday = DAY + timedelta(days=7)
    assert await store.record_skip(subscription, slot(monday), "down again")
    stored = await store.subscription(GENERAL)
    saturday = DAY + timedelta(days=5)
    assert stored is not None and stored.last_skip == Skip(saturday, monday, "down again")


async def test_a_day_is_either_claimed_or_skipped_never_both(database: Database) -> None:
    """An instance claiming just before a day's window closes races one that sees it closed."""
    store = DailyStore(database)
    subscription = await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", 1.0)
    for offset in range(6):
        day = DAY + timedelta(days=offset)
        claim, skipped = await asyncio.gather(
            store.claim(subscription, day, IDS, 2.0),
            store.record_skip(subscription, Slot(day, 100.0), "down"),
        )
        assert (claim is not None) != skipped, day


async def test_claimed_days_and_days_before_the_schedule_are_not_skips(database: Database) -> None:
    store = DailyStore(database)
    subscription = await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", 1.0)
    claim = await store.claim(subscription, DAY, IDS, 2.0)
    assert claim is not None
    await store.mark_failed(claim, "channel_not_found", 3.0)
    assert await store.record_skip(subscription, Slot(DAY, 100.0), "down") is False
    changed = await store.subscribe(GENERAL, time(9, 30), LONDON, "U1", 500.0)
    tomorrow = Slot(DAY + timedelta(days=1), 400.0)  # before the schedule's new start
    assert await store.record_skip(changed, tomorrow, "down") is False
    stored = await store.subscription(GENERAL)
    assert stored is not None and stored.last_skip is None


async def _schedule_made_before(
    tmp_path: Path, migration: str, columns: dict[str, str]
) -> tuple[Database, int]:
    """A SQLite database with a schedule, made by the bot before `migration`, and that
    migration's version: the database is migrated no further, and is for the caller to close.
    `columns` are the schedule's extra columns, with their SQL values."""
    db = await SqliteDatabase.open(str(tmp_path / "old.db"))
    version = next(m.version for m in all_migrations() if m.name == migration)
    await migrate(db, tuple(m for m in all_migrations() if m.version < version))
    await db.execute(
        "INSERT INTO channels (platform, workspace, channel_id, first_seen) "
        "VALUES ('slack', 'T1', 'C-general', 0)"
    )
    await db.execute(
        "INSERT INTO daily_subscriptions (platform, workspace, channel_id, at_time, zone, "
        f"enabled, since, changed_by, changed_at{''.join(', ' + c for c in columns)}) "
        "VALUES ('slack', 'T1', 'C-general', '09:30', 'Europe/London', 1, 1, 'U1', 1"
        f"{''.join(', ' + v for v in columns.values())})"
    )
    return db, version


async def test_schedules_made_before_skips_were_recorded_carry_on(tmp_path: Path) -> None:
    db, skips = await _schedule_made_before(tmp_path, "daily_skips", {})
    try:
        assert skips in await migrate(db)
        store = DailyStore(db)
        [subscription] = await store.active_subscriptions()
        assert subscription.last_skip is None
        assert await store.record_skip(subscription, Slot(DAY, 100.0), "down") is True
    finally:
        await db.close()


async def test_a_skip_recorded_before_runs_were_kept_reads_as_one_day(tmp_path: Path) -> None:
    recorded = {"skipped_date": "'2026-03-02'", "skipped_reason": "'down'"}
    db, runs = await _schedule_made_before(tmp_path, "daily_skip_runs", recorded)
    try:
        assert runs in await migrate(db)
        [subscription] = await DailyStore(db).active_subscriptions()
        assert subscription.last_skip == Skip(DAY, DAY, "down")
    finally:
        await db.close()


async def test_the_daily_button_finds_the_channel_s_newest_open_pack_poll(
    database: Database,
) -> None:
    polls = PollStore(database)
    creator = UserRef(GENERAL.platform, GENERAL.workspace, "U1")
    spec = PollSpec("Who is right?", (PollOptionSpec("A", "a"), PollOptionSpec("Neither", None)))

    async def create(draft: PollDraft, channel: ChannelRef = GENERAL) -> int:
        return await polls.create(channel, creator, "Ann", draft, 100.0)

    assert await polls.latest_open_pack_poll(GENERAL, 100.0) is None
    old = await create(PollDraft.from_pack(spec, anonymous=True))  # not the newest's twin
    newest = await create(PollDraft.from_pack(spec))
    await create(PollDraft.custom("Tea?", "Yes | No"))
    await create(PollDraft.from_pack(spec), RANDOM)
    timed = await create(PollDraft.from_pack(spec, duration=60))
    assert await polls.latest_open_pack_poll(GENERAL, 159.0) == timed
    assert await polls.latest_open_pack_poll(GENERAL, 160.0) == newest, "past its deadline"
    assert await polls.close(newest, 170.0)
    assert await polls.latest_open_pack_poll(GENERAL, 170.0) == old


#: What an earlier release's scheduler wrote after every pause's error, before a hint.
_CANNOT_HELP = " (the platform says retrying cannot help)"
_INVITE = ". I can't post in this channel because I'm not a member. Invite me with `/invite @x`."


def _slack(code: str, hint: str = "") -> str:
    return f"Slack chat.postMessage failed: {code}{_CANNOT_HELP}{hint}"


def _discord(refusal: str) -> str:
    return f"Discord refused to post in channel 42: {refusal}{_CANNOT_HELP}"


#: Pauses an earlier release made, with the reasons it stored, and whether this release
#: resumes them.
EARLIER_PAUSES = {
    "C-revoked": (_slack("token_revoked"), True),
    "C-auth": (_slack("invalid_auth"), True),
    "C-scope": (_slack("missing_scope"), True),
    "C-inactive": (_slack("account_inactive"), True),
    "C-blocks": (_slack("invalid_blocks"), True),
    "C-discord-401": (_discord("401 401: Unauthorized (code 0)"), True),
    "C-discord-400": (_discord("400 Invalid Form Body (code 50035)"), True),
    "C-not-in": (_slack("not_in_channel", _INVITE), False),
    "C-gone": (_slack("channel_not_found"), False),
    "C-restricted": (_slack("restricted_action"), False),
    "C-lookalike": (_slack("invalid_authority"), False),
    "C-discord-403": (_discord("403 Missing Access (code 50001)"), False),
    "C-discord-thread": (_discord("400 Thread is archived (code 50083)"), False),
}


async def test_schedules_an_earlier_release_paused_for_the_bots_access_are_resumed(
    empty_database: Database,
) -> None:
    """A daily takeaway paused by an earlier release because the bot's token or scopes
    failed (or the platform refused the message as built) stayed paused for good, though
    this release would only have given that day up: once the operator fixed the token,
    channel after channel stayed silent until an admin there ran /daily on. Migrated, those
    schedules are on again from the migration's moment (no past day counted as skipped);
    pauses a person in the channel must still fix stay paused, with their reason."""
    db = empty_database
    version = next(m.version for m in all_migrations() if m.name == "daily_unpause_access_errors")
    await migrate(db, tuple(m for m in all_migrations() if m.version < version))
    for channel, (reason, _) in EARLIER_PAUSES.items():
        await db.execute(
            "INSERT INTO channels (platform, workspace, channel_id, first_seen) "
            "VALUES ('slack', 'T1', ?, 0)",
            channel,
        )
        await db.execute(
            "INSERT INTO daily_subscriptions (platform, workspace, channel_id, at_time, zone, "
            "enabled, since, changed_by, changed_at, paused_reason, paused_at) "
            "VALUES ('slack', 'T1', ?, '09:30', 'Europe/London', 1, 1, 'U1', 1, ?, 5)",
            channel,
            reason,
        )
    before = await db.now()
    assert version in await migrate(db)
    after = await db.now()
    store = DailyStore(db)
    for channel, (reason, resumed) in EARLIER_PAUSES.items():
        subscription = await store.subscription(ChannelRef("slack", "T1", channel))
        assert subscription is not None
        if resumed:
            assert subscription.active, channel
            assert subscription.paused_at is None
            assert before <= subscription.since <= after  # from now on, as /daily on does
        else:
            assert (subscription.paused_reason, subscription.paused_at) == (reason, 5.0), channel
            assert subscription.since == 1.0
    resumed_channels = {s.channel.channel for s in await store.active_subscriptions()}
    assert resumed_channels == {c for c, (_, resumed) in EARLIER_PAUSES.items() if resumed}
