"""The daily scheduler: one background service in the core posting for every adapter.

It sleeps on the injected clock until the next post is due (or until a schedule changes),
claims the day in the database, and only then posts through the platform's Outbound. All
durable state lives in `DailyStore`, so a restart, a second instance or a clock jump can
only ever lead to the same decision: today's slot, claimed once.

Failures never escape the loop: a post that fails for now (a rate limit, an outage, a
timeout) is retried after 1, 5 and 25 minutes, then that day is given up and the schedule
stays on, since tomorrow the platform may well be back; only a refusal that retrying cannot
help (the bot not in the channel, a permission missing, the channel gone) pauses the
subscription, with the reason, until a person fixes the cause and runs /daily on; the
admin who set it is told, once, in the background (`tell_pauses`), with the other pauses
of the same round. A refusal no one in the channel can fix (the bot's access to the
workspace, a message built wrong) gives the day up and is logged for the operator; the
schedule stays on. An error
while planning is logged and planning is tried again a minute later. A post
whose outcome is unknown (the connection failed after it may have arrived) is recorded as
such and never retried: posts are at most once. A day whose post never went out within the
grace (the bot, or the platform's adapter, was down) is recorded as skipped, with why.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.core.context import ChannelRef, UserRef
from bot.core.durations import format_duration
from bot.core.errors import UserError
from bot.core.outages import Outage, retried
from bot.core.outbound import POST_BACKOFF, DeliveryError, Outbound, Outbounds
from bot.core.replies import Reply
from bot.core.waits import LoopIdle, first_of
from bot.daily.render import daily_post, takeaway_title
from bot.daily.schedule import (
    Plan,
    Slot,
    describe_instant,
    describe_schedule,
    ended_with_its_day,
    local_date,
    missed_slot,
    plan,
    retry_expired,
    slot_on,
    window_end,
)
from bot.daily.store import Claim, DailyStore, Reservation, Subscription
from bot.knowledge.cards import AnswerCards

log = logging.getLogger(__name__)

#: Waits before the 2nd, 3rd and 4th attempt; a 4th failure gives up that day only.
BACKOFF = POST_BACKOFF
MAX_ATTEMPTS = len(BACKOFF) + 1
#: A retry whose wait would end after its day's window (a 23:50 post failing thrice would
#: wait until 00:21) is pulled back to this long before the window closes, so the tick that
#: runs it still falls inside; with less time than this left, the day is given up at once.
RETRY_MARGIN = 60.0
#: Re-plan at least this often: schedules changed by another instance are noticed, and a
#: machine waking from suspend does not trust a sleep that the monotonic clock cut short.
MAX_WAIT = 300.0
#: Sleep at least this long between plans, so no rounding or clock quirk can spin the loop.
MIN_WAIT = 0.01
#: After an error while planning (database unreachable, say), try again this much later.
ERROR_WAIT = 60.0
#: Real seconds `stop()` lets an in-flight post finish before cancelling it.
STOP_TIMEOUT = 10.0
#: Real seconds `wait_idle()` waits for the loop (tests and the console's `:tick`).
IDLE_TIMEOUT = 10.0
#: How long after its time a post goes out before it says when it was due: the bot was
#: down, or the platform refused it for a while (retries wait 1, 5, then 25 minutes).
LATE_AFTER = 10 * 60.0


@dataclass(frozen=True, slots=True)
class Pause:
    """A schedule just paused by a refusal a person must fix: where, whom to tell (who last
    set it), the platform's error, the adapter's hint on what to do ("" if none), and
    whether the platform no longer finds the channel (`DeliveryError.missing`)."""

    channel: ChannelRef
    admin: UserRef
    error: str
    hint: str
    missing: bool = False


class OutcomeUnknown(UserError):
    """A post a command asked for (`/daily now`) that may or may not have gone out: its
    message is for the user, and its answer, if lost on the way, must not say "try again",
    which could post a second takeaway."""


#: Told of each pause once, in the background, with the other pauses of its round
#: (`DailyScheduler.tell_pauses`).
PauseListener = Callable[[Sequence[Pause]], Awaitable[None]]


class DailyScheduler:
    """Posts each active subscription's takeaway once per local day; a Service of the app."""

    def __init__(
        self,
        store: DailyStore,
        clock: Clock,
        cards: AnswerCards,
        outbounds: Outbounds,
        grace: float,
    ) -> None:
        self.store = store
        self.clock = clock
        self.cards = cards
        self.outbounds = outbounds
        self.grace = grace
        #: The next instant, on `clock`, the loop has work (None: nothing scheduled), for
        #: `fast_forward`.
        self.next_due: float | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        self._idle = LoopIdle(clock, self._wake, "daily scheduler", IDLE_TIMEOUT)
        self._warned: set[tuple[int, date]] = set()
        #: (platform, workspace) whose access failed, logged once (`_access_failed`).
        self._no_access: set[tuple[str, str]] = set()
        self._pause_listener: PauseListener | None = None
        #: The pauses of the round being posted, told together once it is over (`_tick`).
        self._round_pauses: list[Pause] = []
        #: Pauses being told, tracked so `wait_idle` and `stop` can wait for them.
        self._telling: set[asyncio.Task[None]] = set()
        #: The database away: logged when planning starts failing and when it works again.
        self._outage = Outage(log, "daily scheduler: planning")

    @property
    def takeaway_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.cards.pack.takeaways)

    async def now(self) -> float:
        """Database time while the clock is real (every instance shares it), else the
        injected clock's, so tests and the console's `:tick` drive every decision."""
        return await self.store.database_now() if self.clock.is_real() else self.clock.now()

    # -- Service ------------------------------------------------------------------------

    async def start(self) -> None:
        if self._task is not None and not self._task.done():
            return
        self._stopping.clear()
        self._task = asyncio.create_task(self._run(), name="daily-scheduler")

    def tell_pauses(self, listener: PauseListener) -> None:
        """Have `listener` told of every pause this scheduler makes, once each, in the
        background: telling someone (a DM that may be slow or refused) never holds up posts.
        The pauses of one round come together: a role losing Send Messages pauses every
        schedule of a server due at that time, and their admin is told of them at once."""
        self._pause_listener = listener

    async def stop(self) -> None:
        """Let an in-flight post finish (so its claim is settled) and pauses be told, then
        stop."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        self._wake.set()
        done, _ = await asyncio.wait({task}, timeout=STOP_TIMEOUT)
        if not done:
            log.warning(
                "daily scheduler: a post did not finish within %.0fs; cancelled", STOP_TIMEOUT
            )
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        late = await self._told(STOP_TIMEOUT)
        for telling in late:
            log.warning(
                "daily scheduler: telling of a pause took over %.0fs; cancelled", STOP_TIMEOUT
            )
            telling.cancel()
        await asyncio.gather(*late, return_exceptions=True)

    def wake(self) -> None:
        """Re-plan now: a subscription changed."""
        self._wake.set()

    async def wait_idle(self) -> None:
        """Return once the loop has handled everything due at the clock's current time and
        is waiting for a later instant. Tests and `:tick` use it instead of sleeping; a
        TimeoutError after IDLE_TIMEOUT real seconds means the loop is stuck. Pauses being
        told are waited for too: the console prints the DM before its next prompt."""
        await self._idle.wait(self._task)
        if await self._told(IDLE_TIMEOUT):
            raise TimeoutError(f"telling of a pause still going after {IDLE_TIMEOUT:.0f}s")

    async def _told(self, patience: float) -> set[asyncio.Task[None]]:
        """Wait up to `patience` real seconds for pauses being told; those still going."""
        if not self._telling:
            return set()
        _, late = await asyncio.wait(set(self._telling), timeout=patience)
        return late

    # -- the loop -----------------------------------------------------------------------

    async def _run(self) -> None:
        # A post tried before its platform's adapter has logged in fails (and waits for a
        # retry, or, past the grace, is skipped): so nothing is claimed until they can post.
        await first_of(self.outbounds.wait_ready(), self._stopping.wait())
        while not self._stopping.is_set():
            self._wake.clear()
            self._idle.working()
            started = self.clock.now()
            try:
                delay = await self._tick()
            except Exception:
                self._outage.failed(f"every {ERROR_WAIT:.0f}s")
                delay = ERROR_WAIT
            else:
                self._outage.worked()
            # `_tick` measures on the database's clock and we sleep on ours: a delay, not an
            # instant, so a database clock lagging ours cannot turn the sleep into a busy loop.
            self.next_due = None if math.isinf(delay) else started + delay
            wake_at = started + min(max(delay, MIN_WAIT), MAX_WAIT)
            if self._wake.is_set():
                continue
            self._idle.asleep_until(wake_at)
            await self._sleep_until(wake_at)
        self._idle.working()

    async def _sleep_until(self, instant: float) -> None:
        """Sleep on the clock until `instant`, or less if `wake()` is called."""
        await first_of(self.clock.sleep_until(instant), self._wake.wait())

    async def _tick(self) -> float:
        """Post everything due now; returns the seconds until anything is due next (measured
        on `self.now()`'s clock, the one every decision here is made on)."""
        now = await self.now()
        subscriptions = {s.id: s for s in await self.store.active_subscriptions()}
        # Retries first, so a day that expired gives its takeaway back before today's claim.
        retries = []
        for claim in await self.store.pending_retries():
            subscription = subscriptions.get(claim.subscription_id)
            if subscription is None or _retry_at(claim) > now:
                continue  # not due yet, or switched off or paused since the retries were read
            if retry_expired(claim.local_date, now, subscription.at, subscription.zone, self.grace):
                await self._expire(claim, now, self._expiry(claim, subscription))
            else:
                retries.append(self._retry(claim, subscription))
        wake = math.inf
        jobs = []
        for subscription in subscriptions.values():
            outlook, today = await self.plan_for(subscription, now)
            await self._note_skip(subscription, now, today)
            if outlook.due is not None:
                jobs.append(self._post_scheduled(subscription, outlook.due.local_date, now))
            wake = min(wake, outlook.wake.instant)
        try:
            for result in await asyncio.gather(*jobs, *retries, return_exceptions=True):
                if isinstance(result, Exception):
                    log.error("daily scheduler: a post failed to settle", exc_info=result)
        finally:
            paused, self._round_pauses = self._round_pauses, []
            self._tell(paused)
        # Asked again after posting: attempts that just failed wait for a retry too.
        later = [_retry_at(c) for c in await self.store.pending_retries() if _retry_at(c) > now]
        return min([wake, *later]) - now

    async def plan_for(self, subscription: Subscription, now: float) -> tuple[Plan, Claim | None]:
        """The subscription's plan at `now`, and today's claim if there is one (for status)."""
        today = local_date(now, subscription.zone)
        claim = await self.store.claim_for(subscription, today)
        outlook = plan(
            now,
            subscription.at,
            subscription.zone,
            since=subscription.since,
            grace=self.grace,
            claimed_today=claim is not None,
        )
        return outlook, claim

    async def plan_change(
        self, current: Subscription | None, at: time, zone: ZoneInfo, now: float
    ) -> tuple[Plan, float]:
        """The plan the channel will have once `at` in `zone` is stored, and the `since` to
        store it with (`since_for_change`), for `/daily on` to announce before it stores
        anything. A day already claimed under the current schedule stays claimed, so it is
        not promised again."""
        since = await self.since_for_change(current, now)
        if current is None:
            return plan(now, at, zone, since=since, grace=self.grace, claimed_today=False), since
        outlook, _ = await self.plan_for(replace(current, at=at, zone=zone, since=since), now)
        return outlook, since

    async def since_for_change(self, current: Subscription | None, now: float) -> float:
        """From when a schedule stored at `now` covers days (`Subscription.since`): from
        `now` on, so that one made or resumed after today's hour starts tomorrow; but a
        change to a running schedule whose post today is still to come keeps today's post.
        Moved from 10:00 to 08:30 at 09:00, it had been read as made at 09:00, after its
        new hour: the channel, promised a post at 10:00, got none that day. Kept, today's
        post goes out at the new time, or at once if that has passed (within the grace,
        as a post missed while the bot was down)."""
        if current is None or not current.active:
            return now
        outlook, claim = await self.plan_for(current, now)
        if claim is None and outlook.next_post.local_date == local_date(now, current.zone):
            return current.since
        return now

    async def _note_skip(self, subscription: Subscription, now: float, today: Claim | None) -> None:
        """Record the latest day whose post never went out and no longer can, so that
        `/daily status` says a day was skipped and why instead of saying nothing. `today` is
        today's claim, which `plan_for` has just read: once today's grace has run out, the
        missed slot is today's, and its claim need not be read again every tick."""
        slot = missed_slot(
            now, subscription.at, subscription.zone, since=subscription.since, grace=self.grace
        )
        recorded = subscription.last_skip
        if slot is None or (recorded is not None and recorded.last >= slot.local_date):
            return
        if slot.local_date == local_date(now, subscription.zone):
            claim = today
        else:
            claim = await self.store.claim_for(subscription, slot.local_date)
        if claim is not None:
            return  # posted or tried; read first to spare a write transaction every tick
        reason = self._skip_reason(subscription.channel.platform, now, subscription.zone, slot)
        if await self.store.record_skip(subscription, slot, reason):
            log.warning(
                "daily post of %s to %s skipped: %s",
                slot.local_date.isoformat(),
                _where(subscription.channel),
                reason,
            )

    def _skip_reason(self, platform: str, now: float, zone: ZoneInfo, slot: Slot) -> str:
        """Why nothing posted: this process would have, had it been up (it is now, with the
        adapter), unless it has no adapter for the platform (another process serves it).
        It names the limit that closed the slot's window first: its day's end or the grace."""
        if ended_with_its_day(slot, zone, self.grace):
            up_by, down_past = "before that day ended", "after that day ended"
            limit = "a day's post goes out only that day"
        else:
            up_by, down_past = "in time to post it", "too late to post it"
            limit = f"DAILY_GRACE {format_duration(int(self.grace))}"
        if self.outbounds.get(platform) is None:
            return f"no {platform} adapter was running {up_by} ({limit})"
        return f"the bot was down until {describe_instant(now, zone)}, {down_past} ({limit})"

    async def _post_scheduled(self, subscription: Subscription, day: date, now: float) -> None:
        outbound = self._outbound(subscription.channel, (subscription.id, day))
        if outbound is None:
            return  # left unclaimed: posts later today if the adapter comes up within grace
        claim = await self.store.claim(subscription, day, self.takeaway_ids, now)
        if claim is None:
            return  # another instance owns today's post
        await self._deliver(claim, outbound, subscription)

    def _closes(self, claim: Claim, subscription: Subscription) -> float:
        """When the claim's day can no longer post (`window_end`), which its retries keep to."""
        return window_end(claim.local_date, subscription.at, subscription.zone, self.grace)

    async def _retry(self, claim: Claim, subscription: Subscription) -> None:
        outbound = self._outbound(
            claim.reservation.channel, (claim.subscription_id, claim.local_date)
        )
        if outbound is None:
            return
        attempt = await self.store.claim_attempt(claim)
        if attempt is None:
            return
        if attempt.reservation.takeaway_id not in self.takeaway_ids:
            attempt = await self.store.retake(attempt, self.takeaway_ids, await self.now())
        await self._deliver(attempt, outbound, subscription)

    def _expiry(self, claim: Claim, subscription: Subscription) -> str:
        """Why a day waiting to retry is given up once its day (or grace) is over: its
        retry fell due after that, which `_failed` never sets, so the schedule now set
        closes the day earlier than the one that set the retry (an admin moved the time or
        the zone while it waited; or an earlier release sharing the claims wrote it), and
        the reason names that schedule; or it fell due in time but nothing ran it then:
        the schedule was off (a retry waits while it is, and `/daily on` moves `since`
        past it), else the bot was down."""
        at, zone = subscription.at, subscription.zone
        if retry_expired(claim.local_date, _retry_at(claim), at, zone, self.grace):
            closed = window_end(claim.local_date, at, zone, self.grace)
            return (
                f"gave up: under the schedule now set ({describe_schedule(at, zone)}), that "
                f"day's post could go out only until {describe_instant(closed, zone)}, "
                f"before its next retry (last error: {claim.error})"
            )
        if subscription.since > _retry_at(claim):
            return (
                "gave up: daily takeaways were off here when its retry fell due "
                f"(last error: {claim.error})"
            )
        return f"expired while the bot was down (last error: {claim.error})"

    async def _expire(
        self, claim: Claim, now: float, reason: str, level: int = logging.WARNING
    ) -> None:
        """Give up on a day whose window (its day, its grace) closed before its next
        attempt, or whose attempts failed for now every time, for `reason`, logged at
        `level`. Its takeaway goes back in the rotation; the schedule stays on."""
        if await self.store.mark_expired(claim, reason, now):
            log.log(
                level,
                "daily post of %s to %s %s",
                claim.local_date.isoformat(),
                _where(claim.reservation.channel),
                reason,
            )

    def _outbound(self, channel: ChannelRef, key: tuple[int, date]) -> Outbound | None:
        outbound = self.outbounds.get(channel.platform)
        if outbound is None and key not in self._warned:
            self._warned.add(key)
            log.warning(
                "daily post for %s waits: no %s adapter is running in this process",
                _where(channel),
                channel.platform,
            )
        return outbound

    async def _deliver(self, claim: Claim, outbound: Outbound, subscription: Subscription) -> None:
        """Post a claimed attempt of `subscription` and settle the claim: posted, retry
        later (before its day's window ends, `_closes`), give the day up, or pause."""
        channel = claim.reservation.channel
        where = _where(channel)
        closes = self._closes(claim, subscription)
        try:
            due_at = await self._lateness(claim, subscription)
            message_ref = await outbound.post(
                channel, await self._post_of(claim.reservation, due_at=due_at)
            )
        except DeliveryError as error:
            if error.unknown:
                await self._mark_posted(claim, None, unknown=str(error))
                log.warning("daily post to %s has an unknown outcome, not resent: %s", where, error)
            elif error.access or error.malformed:
                await self._not_the_channels(claim, error)
            else:
                await self._failed(
                    claim,
                    str(error),
                    closes,
                    permanent=error.permanent,
                    hint=error.hint,
                    missing=error.missing,
                )
        except Exception as error:
            log.exception("daily post to %s crashed (attempt %d)", where, claim.attempts)
            await self._failed(claim, f"unexpected error: {error}", closes, permanent=False)
        except asyncio.CancelledError:
            await self._cut_off(claim)
            raise
        else:
            await self._mark_posted(claim, message_ref)
            log.info("daily takeaway %s posted to %s", claim.reservation.takeaway_id, where)
            self._access_works(channel)

    async def _lateness(self, claim: Claim, subscription: Subscription) -> str:
        """When the claim's post was due ("09:30 GMT"), if it goes out `LATE_AFTER` or more
        after that; else ""."""
        due = slot_on(claim.local_date, subscription.at, subscription.zone).instant
        if await self.now() - due < LATE_AFTER:
            return ""
        return datetime.fromtimestamp(due, subscription.zone).strftime("%H:%M %Z")

    async def _not_the_channels(self, claim: Claim, error: DeliveryError) -> None:
        """Give the day up for a refusal no one in the channel can fix: the bot's access to
        the workspace failed (`access`: a revoked token, a scope missing) or the platform
        refused the message as built (`malformed`, a bug of ours). Pausing made an admin of
        every channel run /daily on once the operator had fixed it, each after a DM that a
        revoked token could not even send. The schedule stays on: once the access works
        again, posts resume by themselves. The operator hears it in the log, loudly: a lost
        access once per workspace (every channel there fails alike), a bug every time. A
        workspace that removed the bot (`removed`, a Discord server that kicked it) is the
        same to its channels, but its own choice: logged once, as a warning."""
        channel = claim.reservation.channel
        if error.malformed:
            reason = (
                f"gave up: {channel.platform.capitalize()} refused the post as the bot built it "
                f"({error}); a bug of the bot's, logged for its operator"
            )
            log.error("daily post to %s refused as built, a bug: %s", _where(channel), error)
            await self._expire(claim, await self.now(), reason)
            return
        if error.removed:
            reason = f"gave up: {error}; posts resume by themselves once the bot is added back"
        else:
            reason = (
                f"gave up: the bot's access to this workspace failed ({error}); the bot's "
                "operator must fix it, and posts resume by themselves once it works"
            )
        self._access_failed(channel, error)
        # The workspace's one line says it for every channel there: each day is not news.
        await self._expire(claim, await self.now(), reason, logging.INFO)

    def _access_failed(self, channel: ChannelRef, error: DeliveryError) -> None:
        """Log, once per workspace until a post there works again, that the bot's access to
        it failed (or that it is no longer in it: `removed`): the error names Slack's or
        Discord's code, never the token."""
        workspace = (channel.platform, channel.workspace)
        if workspace in self._no_access:
            return
        self._no_access.add(workspace)
        if error.removed:  # the workspace's choice: nothing for the operator to fix
            log.warning(
                "daily posts: %s; every daily post in %s workspace %s is given up until it is "
                "added back; schedules stay on and resume by themselves",
                error,
                *workspace,
            )
            return
        log.error(
            "daily posts: the bot's access to %s workspace %s failed (%s): every daily post "
            "there is given up until its token or scopes are fixed; schedules stay on and "
            "resume by themselves",
            *workspace,
            error,
        )

    def _access_works(self, channel: ChannelRef) -> None:
        """A post went out: if the workspace's access had failed, say it works again."""
        workspace = (channel.platform, channel.workspace)
        if workspace in self._no_access:
            self._no_access.discard(workspace)
            log.warning("daily posts: the bot's access to %s workspace %s works again", *workspace)

    async def _cut_off(self, claim: Claim) -> None:
        """Record a post that `stop()` cancelled mid-flight (the platform was slow to take
        it) as perhaps posted: it may have arrived, so it is never sent again, and /daily
        status says so. Left "posting", the day showed nowhere and its takeaway was skipped
        unseen. One try only: the process is stopping."""
        where = _where(claim.reservation.channel)
        log.warning("daily post to %s was cut off by a stop: outcome unknown, not resent", where)
        try:
            await self._record_posted(claim, None, "the bot stopped while posting it")
        except Exception:
            log.exception("daily post to %s: could not record its unknown outcome", where)

    async def _mark_posted(
        self, claim: Claim, message_ref: str | None, *, unknown: str | None = None
    ) -> None:
        """Record the day as posted (or perhaps posted). The post has gone out and nothing
        would record it later: with the database away just then, the day would stay
        "posting" for good and /daily status would not show its takeaway. So the record is
        tried again (`retried`; the update is the same every time)."""
        await retried(
            lambda: self._record_posted(claim, message_ref, unknown),
            log,
            f"daily post to {_where(claim.reservation.channel)}: recording it as posted",
        )

    async def _record_posted(
        self, claim: Claim, message_ref: str | None, unknown: str | None
    ) -> None:
        await self.store.mark_posted(claim, message_ref, await self.now(), unknown=unknown)

    async def _failed(
        self,
        claim: Claim,
        error: str,
        closes: float,
        *,
        permanent: bool,
        hint: str = "",
        missing: bool = False,
    ) -> None:
        """Pause, retry later, or give the day up. Only a refusal retrying cannot help
        (`permanent`) pauses: a person must fix its cause, and the pause keeps why (with the
        adapter's hint on what to do, shown by /daily status). A failure for now that
        outlasts the retries gives up that day only: an outage of half an hour must not stop
        the schedule until someone notices. The retry comes before `closes`, pulled in if
        its backoff ends later (`RETRY_MARGIN`): /daily status says when it is due, and a
        retry due after its day could only be given up there. With no time left, the day is
        given up now; the schedule stays on, as for any day whose window closed."""
        now = await self.now()
        where = _where(claim.reservation.channel)
        if permanent:
            why = "the platform says retrying cannot help"
            reason = f"{error} ({why}). {hint}" if hint else f"{error} ({why})"
            admin = await self.store.mark_failed(claim, reason, now)
            log.warning("daily takeaways paused in %s: %s", where, reason)
            if admin is not None:
                channel = claim.reservation.channel
                user = UserRef(channel.platform, channel.workspace, admin)
                self._round_pauses.append(Pause(channel, user, error, hint, missing))
            return
        if claim.attempts >= MAX_ATTEMPTS:
            reason = f"gave up after {claim.attempts} attempts (last error: {error})"
            await self._expire(claim, now, reason)
            return
        retry_at = min(now + BACKOFF[claim.attempts - 1], closes - RETRY_MARGIN)
        if retry_at <= now:
            reason = f"gave up: no time was left that day for another retry (last error: {error})"
            await self._expire(claim, now, reason)
            return
        await self.store.mark_retry(claim, error, retry_at)
        log.warning(
            "daily post to %s failed (attempt %d of %d): %s; retrying in %.0fs",
            where,
            claim.attempts,
            MAX_ATTEMPTS,
            error,
            retry_at - now,
        )

    def _tell(self, pauses: Sequence[Pause]) -> None:
        """Tell the listener of `pauses` in a task of its own; its failure is only logged."""
        if self._pause_listener is None or not pauses:
            return
        telling = asyncio.create_task(self._pause_listener(pauses), name="daily-pause-notice")
        self._telling.add(telling)
        telling.add_done_callback(self._finished_telling)

    def _finished_telling(self, telling: asyncio.Task[None]) -> None:
        self._telling.discard(telling)
        if not telling.cancelled() and telling.exception() is not None:
            log.error("daily scheduler: telling of a pause failed", exc_info=telling.exception())

    # -- /daily now ---------------------------------------------------------------------

    async def post_now(self, channel: ChannelRef) -> str:
        """Post the channel's next takeaway at once; returns its title.

        It takes the next takeaway in the channel's rotation (reserved like any post, so it
        never collides with a scheduled one) but claims no day: today's scheduled post still
        happens, with the takeaway after this one. A failure is the caller's to see, now,
        instead of being retried in the background.
        """
        outbound = self._posting_outbound(channel)
        reservation = await self.store.reserve(channel, self.takeaway_ids, await self.now())
        try:
            await outbound.post(channel, await self._post_of(reservation))
        except DeliveryError as error:
            if error.unknown:  # perhaps posted: counted as shown, and not sent twice
                await self._count_shown(reservation, unknown=True)
                log.warning("/daily now in %s has an unknown outcome: %s", _where(channel), error)
                raise OutcomeUnknown(
                    "The connection dropped while posting the takeaway: it may or may not be "
                    "here, and it is not sent twice."
                ) from error
            await self.store.release(reservation)
            raise UserError(error.hint or f"Could not post the takeaway here: {error}") from error
        except asyncio.CancelledError:
            # Cut off mid-post (the bot stopping): it may have arrived, so, as a scheduled
            # post cut off so (`_cut_off`), it counts as perhaps shown, never posted twice.
            log.warning("/daily now in %s was cut off: outcome unknown", _where(channel))
            await self._count_shown(reservation, unknown=True)
            raise
        except BaseException:
            await self.store.release(reservation)
            raise
        await self._count_shown(reservation)
        return takeaway_title(self.cards, reservation.takeaway_id)

    async def _post_of(self, reservation: Reservation, *, due_at: str = "") -> Reply:
        """The post of a reserved takeaway, saying so if the channel has seen it before,
        and when it was due if it goes out late (`due_at`)."""
        rerun = await self.store.shown_before(reservation.channel, reservation.takeaway_id)
        return daily_post(self.cards, reservation.takeaway_id, rerun=rerun, due_at=due_at)

    async def _count_shown(self, reservation: Reservation, *, unknown: bool = False) -> None:
        """Record a takeaway that went out (or may have) as shown. The post is done, so a
        database failing just now must not turn it into "something went wrong, try again":
        trying again would post the next takeaway too. The reservation stays handed out,
        so the rotation moves past it all the same; only /daily status misses it."""
        try:
            await self.store.confirm(reservation, await self.now(), unknown=unknown)
        except Exception:
            log.exception(
                "/daily now in %s: takeaway %s went out but could not be recorded as shown",
                _where(reservation.channel),
                reservation.takeaway_id,
            )

    # -- /daily on ----------------------------------------------------------------------

    async def announce(self, channel: ChannelRef, reply: Reply) -> None:
        """Post `reply` in the channel as the bot's own message, the way daily posts go
        out: only such a post tells whether the bot may post there (Slack has no "may
        I?" with the bot's scopes). A DeliveryError is the caller's to judge."""
        await self._posting_outbound(channel).post(channel, reply)

    def _posting_outbound(self, channel: ChannelRef) -> Outbound:
        """The channel's platform's outbound, for a post a command asked for now."""
        outbound = self.outbounds.get(channel.platform)
        if outbound is None:
            raise UserError(f"The {channel.platform} adapter is not running, so I cannot post.")
        return outbound


def _retry_at(claim: Claim) -> float:
    assert claim.retry_at is not None  # set whenever a claim waits to retry
    return claim.retry_at


def _where(channel: ChannelRef) -> str:
    """`slack/T1/#C123` for logs: ids, which is what an operator can look up."""
    return f"{channel.platform}/{channel.workspace}/#{channel.channel}"
