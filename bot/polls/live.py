"""Live tallies: keep every message showing a poll equal to the database, within rate limits.

Per poll, the first change is shown at once; changes during the following interval are
coalesced into one edit at its end, and so on, so a poll gets at most one edit per interval
however fast votes arrive, and always one edit after its last change (the message ends equal
to the database). Each edit re-renders the poll from the database, never from counters kept
here, so a dropped notification or a restart cannot leave a wrong number behind.

A failed edit is logged and retried on the next interval (a few times). An edit refused
because the message or channel is gone detaches that message; any other permanent refusal
(revoked token, missing permission) is logged as an error and not retried this round, but the
message stays attached, so the poll's next change tries again once the operator has fixed it.
Nothing here kills the coalescer.
"""

from __future__ import annotations

import asyncio
import logging

from bot.core.context import ChannelRef
from bot.core.outbound import DeliveryError, Outbounds
from bot.core.replies import Reply
from bot.polls.service import PollService

log = logging.getLogger(__name__)

#: Consecutive failed edit rounds of one poll before its pending change is given up on.
MAX_ATTEMPTS = 3


class LiveTally:
    """A Service: subscribes to poll changes and edits each poll's attached messages."""

    def __init__(self, polls: PollService, outbounds: Outbounds, interval: float) -> None:
        self.polls = polls
        self.outbounds = outbounds
        self.interval = interval
        #: Edits delivered so far (the benchmark reports edits per 1,000 votes).
        self.edits = 0
        self._dirty: set[int] = set()
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._idle = asyncio.Event()
        self._idle.set()
        self._hurry = asyncio.Event()  # set on stop: pending edits go out at once
        self._subscribed = False
        self._stopped = False

    async def start(self) -> None:
        if not self._subscribed:
            self.polls.subscribe(self.changed)
            self._subscribed = True
        self._stopped = False
        self._hurry.clear()

    async def stop(self) -> None:
        """Send every pending edit now, then stop."""
        self._hurry.set()
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
        failures = 0
        try:
            while poll_id in self._dirty:
                self._dirty.discard(poll_id)  # before rendering: later changes re-mark it
                if await self._edit_all(poll_id):
                    failures = 0
                else:
                    failures += 1
                    if failures < MAX_ATTEMPTS:
                        self._dirty.add(poll_id)
                    else:
                        log.error(
                            "poll %d: giving up on its pending edit after %d tries",
                            poll_id,
                            failures,
                        )
                await self._pause()
        finally:
            del self._tasks[poll_id]
            if not self._tasks:
                self._idle.set()

    async def _pause(self) -> None:
        """The rate limit: one interval between edits of a poll, cut short by stop()."""
        try:
            await asyncio.wait_for(self._hurry.wait(), self.interval)
        except TimeoutError:
            pass

    async def _edit_all(self, poll_id: int) -> bool:
        """Edit every message of the poll; False if something worth retrying failed."""
        try:
            reply = await self.polls.render(poll_id)
            messages = await self.polls.messages(poll_id)
        except Exception:
            log.exception("poll %d: could not render its live message", poll_id)
            return False
        results = await asyncio.gather(
            *(self._edit(poll_id, channel, ref, reply) for channel, ref in messages)
        )
        return all(results)

    async def _edit(
        self, poll_id: int, channel: ChannelRef, message_ref: str, reply: Reply
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
                except Exception:
                    log.exception("poll %d: could not detach message %s", poll_id, message_ref)
                    return False
                return True
            if error.permanent:
                log.error(
                    "poll %d: %s refused to edit message %s in %s (%s); it stays attached "
                    "and is retried on the poll's next change",
                    poll_id,
                    channel.platform,
                    message_ref,
                    channel,
                    error,
                )
                return True  # retrying this round cannot help
            log.warning(
                "poll %d: editing message %s in %s failed (%s); will retry",
                poll_id,
                message_ref,
                channel,
                error,
            )
            return False
        except Exception:
            log.exception(
                "poll %d: editing message %s in %s failed; will retry",
                poll_id,
                message_ref,
                channel,
            )
            return False
        self.edits += 1
        return True
