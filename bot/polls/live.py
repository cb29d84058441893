"""Live tallies: keep every message showing a poll equal to the database, within rate limits,
however many bot instances share the database.

Per poll, one instance at a time is its editor: it holds the lease `poll-edit:<id>` in the
database (`bot/storage/leases.py`), renewed while it works. Any instance that records a
change asks for the lease; the one holding it edits, and the others wait for it to lapse,
since the holder reads the database, not its own notifications, and so shows their changes
too. Edits of a poll are at least `interval` apart across all instances: the lease row
remembers when the platform last answered an edit, and the next one waits for that.

Every change a message shows bumps the poll's tally version in the same transaction
(votes, closing). The editor reads the version, renders the poll from the database, edits
the messages showing less, and records the version each one now shows by compare-and-set.
It gives the lease up only in a statement that finds no message behind its poll, so a
change committed by another instance at that moment keeps the lease, and the edits, going.
If a compare-and-set finds a newer version already recorded (our lease lapsed during a slow
call and another instance edited meanwhile), our edit may have landed last with older
numbers: the message is marked unknown and edited again with the newest state.

A holder that dies leaves its lease to expire (`lease_ttl`); the instances that recorded
changes then take over, and every instance also looks for stale messages when it starts and
every `REVISIT_PERIOD`, so a message behind its poll is always caught up: a bot killed
mid-edit catches its messages up as it comes back.

A failed edit is logged and retried on the next interval (a few times). An edit refused
because the message or channel is gone detaches that message; any other permanent refusal
(revoked token, missing permission) is not retried this round, but the message stays
attached, so the poll's next change tries again once the cause is fixed. One the adapter
cannot explain is logged as an error every time. One it says the cause of (its hint: the
bot removed from the channel, on Slack the channel archived or the bot's access revoked)
is recorded on the poll, and every voter's confirmation says it until an edit goes through
(`render.refused`); the log says it once, when it is recorded, and once more when an edit
goes through again. Nothing here kills
the coalescer. SQLite, one instance, runs the same code.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from bot.core.context import ChannelRef
from bot.core.outages import Outage
from bot.core.outbound import DeliveryError, Outbounds
from bot.core.replies import Reply
from bot.polls.render import MESSAGE_DELETED
from bot.polls.service import PollService
from bot.polls.store import stale_messages_clause
from bot.storage.leases import Leases

log = logging.getLogger(__name__)

#: Consecutive failed edit rounds of one poll before its pending change is given up on.
MAX_ATTEMPTS = 3
#: How often each instance looks for messages behind their poll that nobody is editing.
REVISIT_PERIOD = 30.0
#: Polls looked at per revisit.
REVISIT_LIMIT = 100
#: Lease length in edit intervals (and at least `MIN_LEASE` seconds): how long a dead
#: editor holds its polls' edits up.
LEASE_INTERVALS = 5
MIN_LEASE = 5.0


def lease_name(poll_id: int) -> str:
    return f"poll-edit:{poll_id}"


class LiveTally:
    """A Service: subscribes to poll changes and edits each poll's attached messages."""

    def __init__(
        self,
        polls: PollService,
        outbounds: Outbounds,
        interval: float,
        leases: Leases | None = None,
    ) -> None:
        self.polls = polls
        self.outbounds = outbounds
        self.interval = interval
        self.leases = leases or Leases(polls.store.db)
        self.lease_ttl = max(MIN_LEASE, LEASE_INTERVALS * interval)
        self.revisit_period = REVISIT_PERIOD
        #: Edits delivered so far (the benchmark reports edits per 1,000 votes).
        self.edits = 0
        self._dirty: set[int] = set()
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._idle = asyncio.Event()
        self._idle.set()
        self._hurry = asyncio.Event()  # set on stop: pending edits go out at once
        self._revisit: asyncio.Task[None] | None = None
        self._subscribed = False
        self._stopped = False

    async def start(self) -> None:
        if not self._subscribed:
            self.polls.subscribe(self.changed)
            self._subscribed = True
        self._stopped = False
        self._hurry.clear()
        self._revisit = asyncio.create_task(self._revisit_forever(), name="live-revisit")

    async def stop(self) -> None:
        """Send every pending edit now, then stop."""
        self._hurry.set()
        if self._revisit is not None:
            self._revisit.cancel()
            await asyncio.gather(self._revisit, return_exceptions=True)
            self._revisit = None
        await self.idle()
        self._stopped = True

    async def idle(self) -> None:
        """Return once no edit is pending or running (tests wait on this, never on time)."""
        await self._idle.wait()

    def changed(self, poll_id: int) -> None:
        """Poll N changed (called after commit): make sure an edit follows."""
        if self._stopped:
            log.warning("poll %d changed after the live tally stopped; message not edited", poll_id)
            return
        self._dirty.add(poll_id)
        if poll_id not in self._tasks:
            self._idle.clear()
            self._tasks[poll_id] = asyncio.create_task(self._run(poll_id), name=f"live-{poll_id}")

    async def _run(self, poll_id: int) -> None:
        outage = Outage(log, f"poll {poll_id}: live edits")
        try:
            while poll_id in self._dirty:
                self._dirty.discard(poll_id)  # before reading: later changes re-mark it
                try:
                    if not await self._edit_while_holding(poll_id):
                        await self._follow(poll_id)
                except Exception:
                    outage.failed(f"every {self.interval:g} s")
                    if not self._hurry.is_set():
                        self._dirty.add(poll_id)
                        await self._pause(self.interval)
                else:
                    outage.worked()
        finally:
            del self._tasks[poll_id]
            if not self._tasks:
                self._idle.set()

    async def _edit_while_holding(self, poll_id: int) -> bool:
        """As the poll's editor, edit until every message shows the database; False if
        another instance holds the lease."""
        name = lease_name(poll_id)
        failures = 0
        while True:
            claim = await self.leases.claim(name, self.lease_ttl)
            if not claim.held:
                return False
            await self._pause(claim.marked_at + self.interval - claim.now)
            async with self._renewing(name):
                done = await self._edit_stale(poll_id)
            failures = 0 if done else failures + 1
            if failures >= MAX_ATTEMPTS:
                log.error(
                    "poll %d: giving up on its pending edit after %d tries", poll_id, failures
                )
                await self.leases.release(name)
                return True
            if done and await self._release_if_shown(poll_id):
                return True

    async def _release_if_shown(self, poll_id: int) -> bool:
        """Give the lease up in the statement that finds no message behind the poll."""
        where, params = stale_messages_clause(poll_id, self.outbounds.platforms())
        stale = (
            f"EXISTS (SELECT 1 FROM poll_messages m JOIN polls p ON p.id = m.poll_id WHERE {where})"
        )
        return await self.leases.release(lease_name(poll_id), stale, *params)

    async def _follow(self, poll_id: int) -> None:
        """Another instance edits this poll: wait for its lease to lapse or be released,
        then take over if its messages are still behind (a dead or stuck editor)."""
        if self._hurry.is_set():
            return  # stopping: the editor is alive (it renewed) and shows our changes too
        claim = await self.leases.claim(lease_name(poll_id), self.lease_ttl)
        if claim.held:
            self._dirty.add(poll_id)
            return
        await self._pause(claim.expires_at - claim.now)
        if await self.polls.store.stale_messages(poll_id, self.outbounds.platforms()):
            self._dirty.add(poll_id)

    @contextlib.asynccontextmanager
    async def _renewing(self, name: str) -> AsyncIterator[None]:
        """Keep the lease while a (possibly slow) edit runs."""

        async def renew() -> None:
            while True:
                await asyncio.sleep(self.lease_ttl / 3)
                await self.leases.claim(name, self.lease_ttl)

        renewal = asyncio.create_task(renew(), name=f"renew-{name}")
        try:
            yield
        finally:
            renewal.cancel()
            await asyncio.gather(renewal, return_exceptions=True)

    async def _pause(self, seconds: float) -> None:
        """Wait `seconds` (the rate limit, or a lease to lapse), cut short by stop()."""
        if seconds <= 0:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._hurry.wait(), seconds)

    async def _revisit_forever(self) -> None:
        """Look for stale messages at start-up, then every `revisit_period`. At start-up
        first: a bot killed between a vote's commit and its edit left the message behind,
        and the voters, told their vote counted, would see the old tally for a whole
        period after the restart. It waits until the adapters can edit."""
        await self.outbounds.wait_ready()
        outage = Outage(log, "looking for poll messages behind their poll")
        while True:
            try:
                platforms = self.outbounds.platforms()
                for poll_id in await self.polls.store.stale_polls(platforms, REVISIT_LIMIT):
                    self.changed(poll_id)
            except Exception:
                outage.failed(f"every {self.revisit_period:g} s")
            else:
                outage.worked()
            await asyncio.sleep(self.revisit_period)

    async def _edit_stale(self, poll_id: int) -> bool:
        """Edit every message behind the database; False if something worth retrying
        failed."""
        store = self.polls.store
        try:
            version = await store.tally_version(poll_id)  # before rendering: never overstated
            reply = await self.polls.render(poll_id)
            messages = await store.stale_messages(poll_id, self.outbounds.platforms())
        except Exception:
            log.exception("poll %d: could not render its live message", poll_id)
            return False
        results = await asyncio.gather(
            *(self._edit(poll_id, channel, ref, reply, version) for channel, ref in messages)
        )
        if messages:
            # The interval counts from when the platform answered: it has applied this
            # edit by then, so it sees the next one at least an interval later, however
            # long this one took on the way.
            await self.leases.mark(lease_name(poll_id))
        return all(results)

    async def _edit(
        self, poll_id: int, channel: ChannelRef, message_ref: str, reply: Reply, version: int
    ) -> bool:
        outbound = self.outbounds.get(channel.platform)
        if outbound is None:
            log.debug(
                "poll %d: no %s adapter running to edit %s", poll_id, channel.platform, message_ref
            )
            return True
        try:
            await outbound.edit(channel, message_ref, reply)
        except DeliveryError as error:
            return await self._refused(poll_id, channel, message_ref, version, error)
        except Exception:
            log.exception(
                "poll %d: editing message %s in %s failed; will retry",
                poll_id,
                message_ref,
                channel,
            )
            return False
        self.edits += 1
        if await self.polls.store.record_edit_refusal(poll_id, None):
            log.info(
                "poll %d: its message can be edited again (%s in %s)", poll_id, message_ref, channel
            )
        return await self._shown(poll_id, channel, message_ref, version)

    async def _shown(
        self, poll_id: int, channel: ChannelRef, message_ref: str, version: int
    ) -> bool:
        """Record what the message shows now; if a newer edit was recorded meanwhile, ours
        may have landed after it, so the message is edited again."""
        store = self.polls.store
        if await store.mark_shown(poll_id, channel, message_ref, version):
            return True
        log.info(
            "poll %d: message %s was edited past version %d meanwhile; editing it again",
            poll_id,
            message_ref,
            version,
        )
        await store.mark_unknown(poll_id, channel, message_ref)
        return True  # the release finds it stale and the next round edits it

    async def _refused(
        self,
        poll_id: int,
        channel: ChannelRef,
        message_ref: str,
        version: int,
        error: DeliveryError,
    ) -> bool:
        if error.gone:
            log.warning(
                "poll %d: message %s in %s is gone (%s); detaching it",
                poll_id,
                message_ref,
                channel,
                error,
            )
            try:
                await self.polls.detach_message(poll_id, channel, message_ref)
                # Votes by number still count: their voters learn where the tally is now
                # (`render.refused`).
                await self.polls.store.record_edit_refusal(poll_id, MESSAGE_DELETED)
            except Exception:
                log.exception("poll %d: could not detach message %s", poll_id, message_ref)
                return False
            return True
        if error.permanent:
            # Retrying this round cannot help: count this version as handled, so the
            # message is stale again (and retried) at the poll's next change.
            await self.polls.store.mark_shown(poll_id, channel, message_ref, version)
            # One without a hint is unexplained: said loudly, every time. One with the
            # adapter's hint (what people, or whoever runs the bot, can do) voters are told
            # of (`refused`), and the log says it once, when it starts, not every round.
            if error.hint and not await self.polls.store.record_edit_refusal(poll_id, error.hint):
                return True
            log.log(
                logging.WARNING if error.hint else logging.ERROR,
                "poll %d: %s refused to edit message %s in %s (%s); it stays attached and is "
                "retried on the poll's next change%s",
                poll_id,
                channel.platform,
                message_ref,
                channel,
                error,
                ", unlogged until it goes through" if error.hint else "",
            )
            return True
        log.warning(
            "poll %d: editing message %s in %s failed (%s); will retry",
            poll_id,
            message_ref,
            channel,
            error,
        )
        return False
