"""Daily subscriptions, per-day claims and the per-channel takeaway rotation, in the database.

Every decision that must hold across restarts and bot instances is made here, inside one
transaction, against rows with unique keys:
- a day's post is owned by whoever inserts its `(subscription, zone, local date)` claim, under
  the subscription's row lock, after checking that no post was made that day under an
  earlier zone; each later attempt is owned by whoever moves the claim from `retry` back to
  `posting` (compare-and-set on the attempt count), so only one instance ever posts an
  attempt;
- a takeaway is reserved in the channel's rotation before it is posted and released if the
  post finally fails, so a channel sees every takeaway once before any repeats, even when
  `/daily now` and the scheduled post run at the same moment;
- a day whose post can no longer go out is either claimed or recorded as skipped, never
  both: each decides under the subscription's row lock, and a skip is recorded once. Skips
  are kept as the latest run of days in a row without a claim (an outage of several days is
  noticed only once the bot is back, on its last day), which a claimed day ends.

A crash between claiming and posting loses that day's post rather than risking a second one:
for a daily message, at most once beats at least once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.context import ChannelRef
from bot.daily.schedule import (
    Slot,
    describe_schedule,
    first_covered_day,
    format_time,
    parse_time,
    slot_on,
)
from bot.storage.database import Database, Executor, Row
from bot.storage.directory import ensure_channel, lock_channel

POSTING = "posting"
RETRY = "retry"
POSTED = "posted"
FAILED = "failed"

log = logging.getLogger(__name__)

_CHANNEL = "platform = ? AND workspace = ? AND channel_id = ?"
#: How a claim's error starts when its post may or may not have arrived (`mark_posted`).
UNKNOWN_OUTCOME = "outcome unknown: "
_SUBSCRIPTION_COLUMNS = (
    "s.id, s.platform, s.workspace, s.channel_id, s.at_time, s.zone, s.enabled, s.since, "
    "s.paused_reason, s.paused_at, s.skipped_from, s.skipped_date, s.skipped_reason, "
    "s.changed_by"
)
_CLAIM_COLUMNS = (
    "c.subscription_id, c.local_date, c.cycle, c.takeaway_id, c.state, c.attempts, "
    "c.retry_at, c.error, c.zone"
)
#: A claim's key: its schedule, and the local date in the zone it was read in.
_CLAIM_KEY = "subscription_id = ? AND zone = ? AND local_date = ?"


@dataclass(frozen=True, slots=True)
class Skip:
    """Days in a row, `first` to `last`, whose post never went out and no longer could, and
    why the last one did not (the others were not seen: the bot was down)."""

    first: date
    last: date
    reason: str

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True, slots=True)
class Subscription:
    """A channel's daily schedule: `at` local time in `zone`, from `since` on."""

    id: int
    channel: ChannelRef
    at: time
    zone: ZoneInfo
    enabled: bool
    since: float
    paused_reason: str | None
    paused_at: float | None
    last_skip: Skip | None
    #: The user id of whoever last turned it on, changed or turned it off.
    changed_by: str
    #: The zone name stored, when this host's zone database does not have it (`_zone`):
    #: `zone` is then UTC, only so the schedule can be shown, and it is paused.
    lost_zone: str | None = None

    @property
    def active(self) -> bool:
        return self.enabled and self.paused_reason is None

    @property
    def schedule(self) -> str:
        """`09:30 Europe/London`, as /daily shows it (`describe_schedule`: `Etc/GMT+2` with
        the offset it keeps, UTC-2), and the zone's own name as stored even when it is lost."""
        if self.lost_zone is not None:
            return f"{format_time(self.at)} {self.lost_zone}"
        return describe_schedule(self.at, self.zone)


@dataclass(frozen=True, slots=True)
class Reservation:
    """A takeaway handed out in a channel's rotation, not yet confirmed as posted."""

    channel: ChannelRef
    cycle: int
    takeaway_id: str


@dataclass(frozen=True, slots=True)
class Claim:
    """Ownership of one day's post for one subscription, and how its attempts went."""

    subscription_id: int
    local_date: date
    #: The zone `local_date` is a date of: the schedule's when it was claimed.
    zone: str
    reservation: Reservation
    state: str
    attempts: int
    retry_at: float | None
    error: str | None


@dataclass(frozen=True, slots=True)
class LastPost:
    takeaway_id: str
    posted_at: float
    #: Set when its connection dropped after the post may have arrived: it counts as shown,
    #: but nobody knows it is in the channel, so /daily status must not say it simply is.
    unknown: bool = False


def _key(channel: ChannelRef) -> tuple[str, str, str]:
    return (channel.platform, channel.workspace, channel.channel)


def _subscription(row: Row) -> Subscription:
    zone = _zone(row[5])
    return Subscription(
        id=int(row[0]),
        channel=ChannelRef(row[1], row[2], row[3]),
        at=parse_time(row[4]),
        zone=zone or ZoneInfo("UTC"),
        enabled=bool(row[6]),
        since=float(row[7]),
        paused_reason=row[8] if zone else _lost_zone_reason(row[5]),
        paused_at=None if row[9] is None else float(row[9]),
        last_skip=None
        if row[11] is None
        else Skip(date.fromisoformat(row[10]), date.fromisoformat(row[11]), row[12]),
        changed_by=row[13],
        lost_zone=None if zone else row[5],
    )


def _zone(name: str) -> ZoneInfo | None:
    """The zone stored as `name`, or None if this host's zone database lacks it: a tzdata
    update removes a name now and then (US/Pacific-New, 2020b), and an instance on an older
    host lacks a zone a newer one stored. One such schedule must not stop every other."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a directory, unreadable
        return None


def _lost_zone_reason(name: str) -> str:
    """Why a schedule whose zone is lost (`_zone`) is paused, for /daily status."""
    return (
        f"its time zone, {name}, is no longer known to the bot (time zone updates rename "
        "or remove a zone now and then), so it cannot tell when that day's post is due"
    )


def _claim(row: Row, channel: ChannelRef) -> Claim:
    return Claim(
        subscription_id=int(row[0]),
        local_date=date.fromisoformat(row[1]),
        zone=row[8],
        reservation=Reservation(channel, int(row[2]), row[3]),
        state=row[4],
        attempts=int(row[5]),
        retry_at=None if row[6] is None else float(row[6]),
        error=row[7],
    )


class DailyStore:
    def __init__(self, db: Database) -> None:
        self._db = db
        #: Schedules whose lost zone (`_zone`) has been logged, once each.
        self._told_lost: set[int] = set()

    async def database_now(self) -> float:
        """The database's clock: the one time every bot instance agrees on."""
        return await self._db.now()

    # -- subscriptions ------------------------------------------------------------------

    async def subscribe(
        self,
        channel: ChannelRef,
        at: time,
        zone: ZoneInfo,
        user: str,
        now: float,
        since: float | None = None,
    ) -> Subscription:
        """Start (or change, or resume) the channel's schedule, covering days from `since`
        on (`now` by default; `DailyScheduler.since_for_change` decides).

        A `since` of `now` makes a schedule created after today's hour start tomorrow; a
        post already claimed today is never repeated, however often this runs.
        """
        async with self._db.transaction() as tx:
            await ensure_channel(tx, channel, now)
            await tx.execute(
                "INSERT INTO daily_subscriptions (platform, workspace, channel_id, at_time, "
                "zone, enabled, since, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?) "
                "ON CONFLICT (platform, workspace, channel_id) DO UPDATE SET "
                "at_time = excluded.at_time, zone = excluded.zone, enabled = 1, "
                "since = excluded.since, changed_by = excluded.changed_by, "
                "changed_at = excluded.changed_at, paused_reason = NULL, paused_at = NULL",
                *_key(channel),
                format_time(at),
                zone.key,
                now if since is None else since,
                user,
                now,
            )
            row = await tx.fetchone(
                f"SELECT {_SUBSCRIPTION_COLUMNS} FROM daily_subscriptions s WHERE {_CHANNEL}",
                *_key(channel),
            )
        assert row is not None  # just written in this transaction
        return _subscription(row)

    async def unsubscribe(self, channel: ChannelRef, user: str, now: float) -> bool:
        """Stop the schedule, keeping its history; False if it was not on."""
        changed = await self._db.execute(
            "UPDATE daily_subscriptions SET enabled = 0, changed_by = ?, changed_at = ? "
            f"WHERE {_CHANNEL} AND enabled = 1",
            user,
            now,
            *_key(channel),
        )
        return changed > 0

    async def subscription(self, channel: ChannelRef) -> Subscription | None:
        row = await self._db.fetchone(
            f"SELECT {_SUBSCRIPTION_COLUMNS} FROM daily_subscriptions s WHERE {_CHANNEL}",
            *_key(channel),
        )
        return _subscription(row) if row else None

    async def active_subscriptions(self) -> list[Subscription]:
        """Every schedule that should post: on and not paused (nor its zone lost)."""
        rows = await self._db.fetchall(
            f"SELECT {_SUBSCRIPTION_COLUMNS} FROM daily_subscriptions s "
            "WHERE s.enabled = 1 AND s.paused_reason IS NULL ORDER BY s.id"
        )
        subscriptions = [_subscription(row) for row in rows]
        for lost in (s for s in subscriptions if s.lost_zone is not None):
            if lost.id not in self._told_lost:
                self._told_lost.add(lost.id)
                log.error(
                    "daily posts in %s/%s/#%s wait: its time zone %s is not in this host's "
                    "zone database; /daily status there says so, /daily on with tz: mends it",
                    *_key(lost.channel),
                    lost.lost_zone,
                )
        return [s for s in subscriptions if s.active]

    # -- claims -------------------------------------------------------------------------

    async def claim_for(self, subscription: Subscription, day: date) -> Claim | None:
        """The claim of `day`'s post in the subscription's zone (see `_claim_row`)."""
        row = await _claim_row(self._db, subscription, day)
        return _claim(row, subscription.channel) if row else None

    async def claim(
        self, subscription: Subscription, day: date, takeaway_ids: Sequence[str], now: float
    ) -> Claim | None:
        """Own `day`'s post and reserve its takeaway; None if another claimant got there first,
        the schedule was switched off or paused meanwhile, or the day was recorded as skipped
        (another instance saw its window close first)."""
        channel = subscription.channel
        async with self._db.transaction() as tx:
            await lock_channel(self._db, tx, channel)
            row = await tx.fetchone(
                "SELECT enabled, paused_reason, skipped_date FROM daily_subscriptions "
                f"WHERE id = ?{self._db.lock_suffix}",
                subscription.id,
            )
            if row is None or not row[0] or row[1] is not None or row[2] == day.isoformat():
                return None
            if await _claim_row(tx, subscription, day) is not None:
                return None  # posted that day under an earlier zone
            cycle, takeaway_id = await _next_takeaway(tx, channel, takeaway_ids)
            inserted = await tx.execute(
                "INSERT INTO daily_claims (subscription_id, zone, local_date, cycle, "
                "takeaway_id, state, attempts, claimed_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?) "
                "ON CONFLICT (subscription_id, zone, local_date) DO NOTHING",
                subscription.id,
                subscription.zone.key,
                day.isoformat(),
                cycle,
                takeaway_id,
                POSTING,
                now,
            )
            if not inserted:
                return None
            reservation = Reservation(channel, cycle, takeaway_id)
            await _insert_reservation(tx, reservation, now)
        return Claim(
            subscription.id, day, subscription.zone.key, reservation, POSTING, 1, None, None
        )

    async def pending_retries(self) -> list[Claim]:
        """Claims waiting for another attempt, of schedules that are still active."""
        rows = await self._db.fetchall(
            f"SELECT {_CLAIM_COLUMNS}, s.platform, s.workspace, s.channel_id "
            "FROM daily_claims c JOIN daily_subscriptions s ON s.id = c.subscription_id "
            "WHERE c.state = ? AND s.enabled = 1 AND s.paused_reason IS NULL "
            "ORDER BY c.retry_at",
            RETRY,
        )
        return [_claim(row, ChannelRef(row[9], row[10], row[11])) for row in rows]

    async def claim_attempt(self, claim: Claim) -> Claim | None:
        """Own the next attempt of a claim waiting to retry (compare-and-set on its attempt
        count, so two instances never both retry); None if someone else took it."""
        changed = await self._db.execute(
            "UPDATE daily_claims SET state = ?, attempts = attempts + 1, retry_at = NULL "
            f"WHERE {_CLAIM_KEY} AND state = ? AND attempts = ?",
            POSTING,
            *_claim_key(claim),
            RETRY,
            claim.attempts,
        )
        if not changed:
            return None
        return replace(claim, state=POSTING, attempts=claim.attempts + 1, retry_at=None)

    async def retake(self, claim: Claim, takeaway_ids: Sequence[str], now: float) -> Claim:
        """Give an attempt the channel's next takeaway in place of its own, which left the
        pack while the claim waited to retry (the bot restarted with an edited pack): the
        day's post still goes out, and its old takeaway, which can no longer be shown, is
        freed. Only the attempt's owner calls this (`claim_attempt`)."""
        channel = claim.reservation.channel
        async with self._db.transaction() as tx:
            await lock_channel(self._db, tx, channel)
            await _release(tx, claim.reservation)
            cycle, takeaway_id = await _next_takeaway(tx, channel, takeaway_ids)
            reservation = Reservation(channel, cycle, takeaway_id)
            await _insert_reservation(tx, reservation, now)
            await tx.execute(
                f"UPDATE daily_claims SET cycle = ?, takeaway_id = ? WHERE {_CLAIM_KEY}",
                cycle,
                takeaway_id,
                *_claim_key(claim),
            )
        return replace(claim, reservation=reservation)

    async def mark_posted(
        self, claim: Claim, message_ref: str | None, now: float, *, unknown: str | None = None
    ) -> None:
        """The day is done: posted (`message_ref`), or, with `unknown` saying why, perhaps
        posted (no reference, the reason kept as the claim's error). Either way it is not
        attempted again (posts are at most once) and its takeaway counts as shown."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE daily_claims SET state = ?, finished_at = ?, message_ref = ?, "
                f"error = ? WHERE {_CLAIM_KEY}",
                POSTED,
                now,
                message_ref,
                None if unknown is None else f"{UNKNOWN_OUTCOME}{unknown}",
                *_claim_key(claim),
            )
            await _confirm(tx, claim.reservation, now, unknown=unknown is not None)

    async def mark_retry(self, claim: Claim, error: str, retry_at: float) -> None:
        await self._db.execute(
            f"UPDATE daily_claims SET state = ?, retry_at = ?, error = ? WHERE {_CLAIM_KEY} "
            "AND attempts = ?",
            RETRY,
            retry_at,
            error,
            *_claim_key(claim),
            claim.attempts,
        )

    async def mark_failed(self, claim: Claim, error: str, now: float) -> str | None:
        """Give up on the day: free its takeaway for the next post and pause the schedule
        with the reason, so `/daily status` can say why nothing is posted any more.

        Returns the user id of whoever last set the schedule when this call paused it (it
        was on and not paused yet), else None: the one person to tell, once per pause."""
        async with self._db.transaction() as tx:
            await _give_up(tx, claim, error, now)
            row = await tx.fetchone(
                "SELECT enabled, paused_reason, changed_by FROM daily_subscriptions "
                f"WHERE id = ?{self._db.lock_suffix}",
                claim.subscription_id,
            )
            await tx.execute(
                "UPDATE daily_subscriptions SET paused_reason = ?, paused_at = ? WHERE id = ?",
                error,
                now,
                claim.subscription_id,
            )
        if row is None or not row[0] or row[1] is not None:
            return None
        return str(row[2])

    async def mark_expired(self, claim: Claim, error: str, now: float) -> bool:
        """Give up on a day whose window closed before its next attempt (waiting to retry,
        or just failed with no time left for another) or whose last attempt failed for now,
        freeing its takeaway but leaving the schedule on (the platform never said to stop).
        Compare-and-set on the claim's state and attempt count, like `claim_attempt`: False
        if another instance moved it."""
        async with self._db.transaction() as tx:
            return await _give_up(tx, claim, error, now, unmoved=True)

    async def record_skip(self, subscription: Subscription, slot: Slot, reason: str) -> bool:
        """Record that `slot`'s post never went out and no longer can; True if this call did.

        Nothing is recorded if the day was claimed (posted or tried: its claim tells that
        story), the schedule was changed to start after the slot, or this or a later day is
        on record already. Under the subscription's row lock, which `claim` takes too, so a
        day is claimed or skipped, never both, and recorded once however many instances
        notice it. The run it ends starts after the last claimed day, or on the schedule's
        first day: every day between went unclaimed, so none of them posted.
        """
        day = slot.local_date.isoformat()
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "SELECT since, skipped_date, at_time, zone FROM daily_subscriptions "
                f"WHERE id = ?{self._db.lock_suffix}",
                subscription.id,
            )
            if row is None or float(row[0]) > slot.instant or (row[1] or "") >= day:
                return False
            last_claimed = await tx.fetchval(
                "SELECT MAX(local_date) FROM daily_claims "
                "WHERE subscription_id = ? AND zone = ? AND local_date <= ?",
                subscription.id,
                row[3],
                day,
            )
            if last_claimed == day:
                return False
            first = first_covered_day(float(row[0]), parse_time(row[2]), ZoneInfo(row[3]))
            if last_claimed is not None:
                first = max(first, date.fromisoformat(last_claimed) + timedelta(days=1))
            await tx.execute(
                "UPDATE daily_subscriptions SET skipped_from = ?, skipped_date = ?, "
                "skipped_reason = ? WHERE id = ?",
                first.isoformat(),
                day,
                reason,
                subscription.id,
            )
        return True

    # -- rotation -----------------------------------------------------------------------

    async def reserve(
        self, channel: ChannelRef, takeaway_ids: Sequence[str], now: float
    ) -> Reservation:
        """Hand out the channel's next takeaway outside any schedule (`/daily now`)."""
        async with self._db.transaction() as tx:
            await ensure_channel(tx, channel, now)
            await lock_channel(self._db, tx, channel)
            cycle, takeaway_id = await _next_takeaway(tx, channel, takeaway_ids)
            reservation = Reservation(channel, cycle, takeaway_id)
            await _insert_reservation(tx, reservation, now)
        return reservation

    async def confirm(self, reservation: Reservation, now: float, *, unknown: bool = False) -> None:
        """Count `/daily now`'s takeaway as shown; `unknown` when it may not have arrived."""
        await _confirm(self._db, reservation, now, unknown=unknown)

    async def release(self, reservation: Reservation) -> None:
        await _release(self._db, reservation)

    async def shown_before(self, channel: ChannelRef, takeaway_id: str) -> bool:
        """Whether the takeaway was ever shown in the channel: its next showing, reserved or
        upcoming (neither counted as shown yet), is then a rerun."""
        shown = await self._db.fetchval(
            f"SELECT COUNT(*) FROM daily_rotation WHERE {_CHANNEL} AND takeaway_id = ? "
            "AND posted_at IS NOT NULL",
            *_key(channel),
            takeaway_id,
        )
        return bool(shown)

    async def upcoming(self, channel: ChannelRef, takeaway_ids: Sequence[str]) -> str:
        """The takeaway the channel's next post will show (nothing is reserved)."""
        return (await _next_takeaway(self._db, channel, takeaway_ids))[1]

    async def last_post(self, channel: ChannelRef) -> LastPost | None:
        """The channel's latest takeaway counted as shown, and whether its post's outcome is
        unknown, scheduled or `/daily now` alike."""
        row = await self._db.fetchone(
            "SELECT takeaway_id, posted_at, outcome_unknown FROM daily_rotation "
            f"WHERE {_CHANNEL} AND posted_at IS NOT NULL ORDER BY posted_at DESC LIMIT 1",
            *_key(channel),
        )
        return LastPost(row[0], float(row[1]), bool(row[2])) if row else None


async def _next_takeaway(
    ex: Executor, channel: ChannelRef, takeaway_ids: Sequence[str]
) -> tuple[int, str]:
    """(cycle, takeaway id): the first takeaway, in pack order, not yet handed out in the
    channel's current cycle; a new cycle starts once every current takeaway has been.
    Ids that left the pack are ignored, new ones join the current cycle."""
    if not takeaway_ids:
        raise ValueError("the pack has no takeaways to post")
    cycle = await ex.fetchval(
        f"SELECT MAX(cycle) FROM daily_rotation WHERE {_CHANNEL}", *_key(channel)
    )
    if cycle is None:
        return 0, takeaway_ids[0]
    rows = await ex.fetchall(
        f"SELECT takeaway_id FROM daily_rotation WHERE {_CHANNEL} AND cycle = ?",
        *_key(channel),
        cycle,
    )
    used = {row[0] for row in rows}
    remaining = [t for t in takeaway_ids if t not in used]
    return (int(cycle), remaining[0]) if remaining else (int(cycle) + 1, takeaway_ids[0])


async def _give_up(
    tx: Executor, claim: Claim, error: str, now: float, *, unmoved: bool = False
) -> bool:
    """Mark the claim's day failed and release its takeaway; with `unmoved`, only if it is
    still in the claim's state at its attempt. Returns whether it was marked."""
    guard = " AND state = ? AND attempts = ?" if unmoved else ""
    changed = await tx.execute(
        f"UPDATE daily_claims SET state = ?, finished_at = ?, error = ? WHERE {_CLAIM_KEY}{guard}",
        FAILED,
        now,
        error,
        *_claim_key(claim),
        *((claim.state, claim.attempts) if unmoved else ()),
    )
    if changed:
        await _release(tx, claim.reservation)
    return changed > 0


async def _insert_reservation(tx: Executor, reservation: Reservation, now: float) -> None:
    await tx.execute(
        "INSERT INTO daily_rotation (platform, workspace, channel_id, cycle, takeaway_id, "
        "reserved_at) VALUES (?, ?, ?, ?, ?, ?)",
        *_reservation_key(reservation),
        now,
    )


async def _confirm(ex: Executor, reservation: Reservation, now: float, *, unknown: bool) -> None:
    """Count the takeaway as shown at `now`; `unknown` when its post may not have arrived."""
    await ex.execute(
        f"UPDATE daily_rotation SET posted_at = ?, outcome_unknown = ? WHERE {_CHANNEL} "
        "AND cycle = ? AND takeaway_id = ?",
        now,
        int(unknown),
        *_reservation_key(reservation),
    )


async def _release(ex: Executor, reservation: Reservation) -> None:
    await ex.execute(
        f"DELETE FROM daily_rotation WHERE {_CHANNEL} AND cycle = ? AND takeaway_id = ? "
        "AND posted_at IS NULL",
        *_reservation_key(reservation),
    )


async def _claim_row(ex: Executor, subscription: Subscription, day: date) -> Row | None:
    """The claim of `day`'s post in the subscription's zone: keyed by that date there, or
    made during that day under an earlier zone, found by its instant. A zone change so
    never posts twice in one local day, nor takes a day for the one another zone's date
    named (Tokyo's Monday post goes out on Sunday in New York)."""
    zone = subscription.zone
    starts = slot_on(day, time(0), zone).instant
    ends = slot_on(day + timedelta(days=1), time(0), zone).instant
    return await ex.fetchone(
        f"SELECT {_CLAIM_COLUMNS} FROM daily_claims c WHERE c.subscription_id = ? "
        "AND ((c.zone = ? AND c.local_date = ?) "
        "OR (c.zone <> ? AND c.claimed_at >= ? AND c.claimed_at < ?)) "
        "ORDER BY c.claimed_at DESC LIMIT 1",
        subscription.id,
        zone.key,
        day.isoformat(),
        zone.key,
        starts,
        ends,
    )


def _claim_key(claim: Claim) -> tuple[int, str, str]:
    return (claim.subscription_id, claim.zone, claim.local_date.isoformat())


def _reservation_key(reservation: Reservation) -> tuple[Any, ...]:
    return (*_key(reservation.channel), reservation.cycle, reservation.takeaway_id)
