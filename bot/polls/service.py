"""Polls as a service: create, vote (group-committed), close, results, deadline sweeping.

Votes go through one writer. Each `vote()` queues a request and waits on its future; the
writer takes everything queued, applies it in one transaction (`PollStore.apply_votes`) and
resolves the futures after COMMIT. So a vote is still committed before it is acknowledged,
but a burst of a thousand clicks costs a few transactions instead of a thousand, and votes
for one voter are applied strictly in arrival order (no lost updates, no double counts).

Listeners (`subscribe`) hear "poll N changed" after each commit that changed poll N; the live
tally coalescer is one of them.

Two-round (Oxford-style) polls ride the same paths: votes and picks of the argument that moved
a voter go through the one writer, round 2 opens by `/close` in round 1 or by the deadline
sweeper, and results come from `rounds.oxford` (see bot/polls/rounds.py).

What a deadline closes (or a round it ends) is announced in the poll's channel as `/close`
would have answered, by the one sweeper that closed it, through the platform's `Outbound`
(a refusal for a passing reason waits in the database for any sweeper of that platform to
try it again, `AnnouncementRetries`). So a process sweeps only the polls of the platforms it
can post to: several instances may serve different platforms on one database, and a poll no
running process can announce stays due (closed to votes all the same, `Poll.as_of`) until a
process of its platform starts.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace

from bot.clock import Clock
from bot.core.context import ChannelRef, Context, UserRef, admin_refusal, start_here
from bot.core.dispatch import FAILED, FAILURE
from bot.core.errors import UserError
from bot.core.ids import valid_id
from bot.core.outages import Outage, retried
from bot.core.outbound import DeliveryError, Outbounds
from bot.core.replies import Marked, Reply, command_line, join_list, notice
from bot.core.waits import LoopIdle, first_of
from bot.polls import render, rounds_render
from bot.polls.announcements import (
    Announcement,
    AnnouncementRetries,
    Retry,
    tells_creator,
    unannounced_notice,
)
from bot.polls.chart import DEFAULT_COLOUR, NEUTRAL_COLOUR, Bar
from bot.polls.export import export_votes
from bot.polls.model import (
    REPEAT_CLICK_WINDOW,
    Poll,
    PollDraft,
    Tally,
    VoteChange,
    VoteRequest,
    VoteResult,
    see_results,
    usable_voter,
)
from bot.polls.rounds import Argument, Arguments, Oxford, oxford
from bot.polls.store import (
    AskedAlready,
    Closing,
    CreationUnknown,
    PollStore,
    not_here,
)
from bot.storage.database import Database, commit_unknown
from bot.storage.statistics import GrowthStatistics

log = logging.getLogger(__name__)

Listener = Callable[[int], None]

#: Votes applied per transaction at most (bounds statement size and commit latency).
MAX_BATCH = 500
#: The sweeper also wakes this often, to catch polls created by another bot instance: a
#: poll whose instance stopped closes at most this late (one indexed query per wake).
SWEEP_PERIOD = 5.0
#: Delivery keys are kept this long: far beyond any platform's retry window. So are
#: retractions, which the double-click rule needs for `REPEAT_CLICK_WINDOW` seconds only.
KEY_TTL = 86400.0
#: How many of a conversation's open polls a "There is no poll #N here." lists instead.
POLLS_LISTED = 5
#: How to start a poll, where the bot can post (`start_here`).
START_ONE = Marked("Start one with ", command_line("poll"), ".")
#: Real seconds `stop()` lets a running sweep finish, so what it closed is announced.
STOP_TIMEOUT = 10.0
#: Real seconds `wait_idle()` waits for the sweeper (tests and the console's `:tick`).
IDLE_TIMEOUT = 10.0
#: Changes that alter what a poll message shows.
_VISIBLE = {VoteChange.ADDED, VoteChange.MOVED, VoteChange.REMOVED}


@dataclass
class _Pending:
    request: VoteRequest
    future: asyncio.Future[VoteResult]


def instant(clock: Clock) -> float | None:
    """An injected clock's time, or None so the database clock decides (real time)."""
    return None if clock.is_real() else clock.now()


class PollService:
    """The one way in to polls for commands, adapters, the live tally and the CLI."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        speaker_colours: Mapping[str, str] | None = None,
        arguments: Arguments | None = None,
        outbounds: Outbounds | None = None,
    ) -> None:
        self.store = PollStore(db)
        self.clock = clock
        #: Where the deadline sweep announces what it closed (none: not announced).
        self.outbounds = outbounds or Outbounds()
        #: `#RRGGBB` by pack speaker id: a pack poll's bars in the speakers' colours.
        self.speaker_colours: Mapping[str, str] = speaker_colours or {}
        #: The pack's points, offered to voters who change sides in a two-round poll.
        self.arguments = arguments or Arguments(())
        self._listeners: list[Listener] = []
        self._queue: list[_Pending] = []
        self._writer: asyncio.Task[None] | None = None
        #: Votes written grow the tables the next batches read by key: their statistics
        #: are refreshed as they grow, or PostgreSQL scans whole polls to find the keys.
        self._statistics = GrowthStatistics(self.store.refresh_statistics)
        self._sweeper: asyncio.Task[None] | None = None
        self._deadlines_moved = asyncio.Event()
        self._idle = LoopIdle(clock, self._deadlines_moved, "poll deadline sweeper", IDLE_TIMEOUT)
        #: The database away: logged when the sweeps start failing and when they work again.
        self._outage = Outage(log, "the poll deadline sweep")
        #: The earliest deadline the sweeper knows of (None: none), for `fast_forward`.
        self.next_due: float | None = None
        self._stopping = asyncio.Event()
        #: Our clock when the latest sweep began: deadlines after it were not yet looked at.
        self._swept_at = float("-inf")
        #: Deadline announcements refused for a passing reason, waiting in the database to be
        #: tried again by any instance's sweeper.
        self._retries = AnnouncementRetries(db)
        self._chart_lock = asyncio.Lock()

    # -- notifications ----------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """Call `listener(poll_id)` after every commit that changes what poll N shows."""
        self._listeners.append(listener)

    def _notify(self, poll_id: int) -> None:
        for listener in self._listeners:
            try:
                listener(poll_id)
            except Exception:
                log.exception("poll listener %r failed for poll %d", listener, poll_id)

    # -- creating and finding -----------------------------------------------------------------

    async def create(self, ctx: Context, draft: PollDraft) -> Reply:
        """Store the poll and return its message (to be posted, then attached); refused
        to someone with `MAX_OPEN_POLLS` open in this conversation (`PollStore.create`).
        An open poll of this conversation that asks it already (`AskedAlready`) is shown
        to the caller alone instead, as the daily takeaway's poll button shows it."""
        try:
            poll_id = await self.store.create(
                ctx.channel_ref,
                ctx.user_ref,
                ctx.display_name,
                draft,
                instant(ctx.clock),
                provisional_name=ctx.provisional_name,
            )
        except AskedAlready as asked:
            return await self._asked_already(ctx, asked.poll_id)
        except CreationUnknown as unknown:
            poll_id = unknown.poll_id
            refusal = await self._not_created(poll_id)
            if refusal is not None:
                return refusal
        log.info("poll %d created in %s by %s", poll_id, ctx.channel_ref, ctx.user)
        if draft.duration is not None:
            self._deadlines_moved.set()
        return await self.render(poll_id)

    async def _asked_already(self, ctx: Context, twin: int) -> Reply:
        """Open poll `twin`, which a /poll asked again, privately, with how to start afresh:
        closing it first, which only its creator or an admin may (`_may_close`); anyone else
        was offered a /close that refused them. In round 1 of two, a /close only ends the
        round, so it takes two."""
        shown = await self.render(twin)
        asked = f"Poll #{twin} asks this already and is open in this channel: vote here or on it."
        poll = await self.store.get(twin)
        if poll is not None and not _may_close(ctx, poll):
            said: str = f"{asked} Its creator or an admin can close it to start afresh."
        else:
            closing = command_line("close", poll=twin)
            first_round = poll is not None and poll.in_round_one
            twice = " twice (the first ends round 1)" if first_round else ""
            said = Marked(f"{asked} To start it afresh, close it first with ", closing, f"{twice}.")
        return replace(shown, text=said, ephemeral=True)

    async def _not_created(self, poll_id: int) -> Reply | None:
        """After a poll's COMMIT was never confirmed: None if the poll is there after all,
        read back, so it is posted as if nothing had happened ("try again" would have made
        a second one and left this one open with no message); else the answer: "try again"
        when it is surely absent, how to find and end it when it cannot be read."""
        log.exception("poll %d: its creation was not confirmed; reading it back", poll_id)
        try:
            created = await self.store.get(poll_id)
        except Exception:
            log.warning("poll %d: could not be read back after its creation failed", poll_id)
            return notice(
                Marked(
                    f"{FAILED} Poll #{poll_id} may have been created without its message; "
                    "this cannot be checked just now. If ",
                    command_line("results", poll=poll_id),
                    " shows it later, ",
                    command_line("close", poll=poll_id),
                    " before starting another.",
                )
            )
        return notice(FAILURE) if created is None else None

    async def poll_for(self, ctx: Context, poll_id: int, *, message: str | None = None) -> Poll:
        """A poll the user may address by number: one of the conversation they are in (a
        channel, or one DM), and when `message` is given (a click), one that message shows.
        Anything else gets the same answer as a poll that does not exist.

        The poll as it stands now (`Poll.as_of`): closed past its deadline, in round 2 past
        round 1's, even before the deadline sweep records it, as votes are judged."""
        poll = await self.poll_here(ctx, poll_id)
        if poll is None:
            # A typed number may have been mistyped: say what else may be named here. A
            # click names no number the user chose.
            typed = message is None
            raise not_here(poll_id, await self.polls_here(ctx) if typed else "")
        if message is not None and not await self.store.shows(poll_id, ctx.channel_ref, message):
            raise not_here(poll_id)
        return poll

    async def poll_here(self, ctx: Context, poll_id: int) -> Poll | None:
        """Poll `poll_id` as it stands now (`Poll.as_of`) if it is one of the caller's
        conversation, open or closed, else None, as if no such poll existed: a number typed
        alone after /vote that is some poll's here is never read as an option of another
        (`PollCommands.vote_unnumbered`), and one elsewhere tells nothing of it."""
        poll = await self.store.get_as_of(poll_id, instant(ctx.clock))
        return poll if poll is not None and poll.channel == ctx.channel_ref else None

    async def polls_here(self, ctx: Context) -> str:
        """What someone who named a poll that is not here can name instead: the polls open
        in their own conversation, else its newest, else how to start one (or why none can
        be, `start_here`). It tells only of the conversation they are in, so it reveals
        nothing about anywhere else."""
        channel = ctx.channel_ref
        shown = await self.open_polls_in(channel, limit=POLLS_LISTED)
        if shown:
            numbers = join_list([f"#{poll.id}" for poll in reversed(shown)])
            return f"Open polls here: {numbers}."
        latest = await self.store.latest_in(channel)
        if latest is not None:
            return f"None is open here; the newest, #{latest}, is closed."
        return start_here(ctx, START_ONE)

    async def render(self, poll_id: int) -> Reply:
        """The live poll message, from the database, as the poll stands now (`Poll.as_of`)."""
        poll = await self.store.get_as_of(poll_id, instant(self.clock))
        if poll is None:
            raise UserError(f"There is no poll #{poll_id}.")
        if poll.two_round and poll.closed:
            ox = await self.oxford(poll)
            return rounds_render.closed_poll_message(poll, ox, self.arguments)
        return render.poll_message(poll, await self.store.tally(poll))

    async def open_pack_poll(self, ctx: Context) -> int | None:
        """The channel's newest open "who's right?" poll, so a button can reuse it."""
        return await self.store.latest_open_pack_poll(ctx.channel_ref, instant(ctx.clock))

    # -- voting ---------------------------------------------------------------------------------

    async def vote(
        self,
        ctx: Context,
        poll_id: int,
        option_number: int,
        *,
        key: str | None = None,
        message: str | None = None,
        typed: bool = False,
    ) -> Reply:
        """Record a click (or /vote); the ephemeral reply says what is now recorded.

        `key` is the platform's delivery id: a delivery seen before changes nothing and is
        answered with the voter's current choices. `message` is the clicked message (None
        for a typed /vote); the vote counts only if it shows this poll in this conversation.
        `typed` says it was a typed /vote, so the reply speaks of typing, not clicking.
        """
        request = VoteRequest(
            poll_id=poll_id,
            voter=ctx.user_ref,
            display_name=ctx.display_name,
            option=option_number,
            at=instant(ctx.clock),
            key=key,
            where=ctx.channel_ref,
            message=message,
            provisional_name=ctx.provisional_name,
        )
        try:
            result = await self.submit(request)
        except Exception as error:
            if not commit_unknown(error):
                raise  # surely not recorded: the dispatcher's "try again" is true
            log.exception("poll %d: a vote by %s may have been recorded", poll_id, ctx.user)
            return await self._recorded_after_failure(ctx.user_ref, poll_id, option_number, typed)
        if result.before is None:
            reply = render.vote_confirmation(result, typed=typed)
        else:
            reply = rounds_render.round_vote_confirmation(result, self._offer(result), typed=typed)
        return render.refused(reply, result.poll)

    async def add_votes(self, ctx: Context, poll: Poll, options: tuple[int, ...]) -> Reply:
        """A typed /vote naming several options of a multiple-choice poll (`find_options`):
        each one not yet recorded is added, in one batch of the vote writer; one already
        recorded stays (`VoteRequest.keep`), where a vote for it alone would take it back:
        a list says what the voter wants chosen. The reply says what was added and, above
        all, what is recorded.

        Each option named goes to the vote writer with the command's delivery key and its
        option (`_option_key`), those recorded already too, so a platform's retry of the
        command is answered as replayed whenever it comes. Only the missing ones went: a
        retry after the voter took back an option they had listed already (nothing changed,
        so no key was stored) added it again, as did a retry read while the first delivery
        was still being written, which found nothing recorded."""
        requests = [
            VoteRequest(
                poll_id=poll.id,
                voter=ctx.user_ref,
                display_name=ctx.display_name,
                option=option,
                at=instant(ctx.clock),
                key=_option_key(ctx, option),
                where=ctx.channel_ref,
                provisional_name=ctx.provisional_name,
                keep=True,
            )
            for option in options
        ]
        try:
            # Queued together, so one transaction applies them all, in order.
            results = await asyncio.gather(*map(self.submit, requests))
        except Exception as error:
            if not commit_unknown(error):
                raise
            log.exception("poll %d: votes by %s may have been recorded", poll.id, ctx.user)
            return await self._recorded_after_failure(ctx.user_ref, poll.id, options[0], True)
        added = [r.option for r in results if r.change is VoteChange.ADDED]
        reply = render.votes_added(results[-1].poll, options, added, results[-1].choices)
        return render.refused(reply, results[-1].poll)

    async def _recorded_after_failure(
        self, voter: UserRef, poll_id: int, option: int, typed: bool
    ) -> Reply:
        """The answer to a vote whose COMMIT was never confirmed: what the database holds
        for the voter, read back. "Try again" could be untrue, and the same click more than
        `REPEAT_CLICK_WINDOW` later would take a vote that did count back. When even that
        read fails, the answer says so and warns against that click."""
        try:
            poll = await self.store.get(poll_id)
            choices = await self.store.choices_of(poll_id, voter)
        except Exception:
            log.warning("poll %d: what %s has recorded could not be read back", poll_id, voter)
            return render.vote_unchecked(poll_id, typed=typed)
        assert poll is not None  # polls are never deleted, and the vote was for this one
        return render.vote_read_back(poll, option, choices, typed=typed)

    def _offer(self, result: VoteResult) -> tuple[Argument, ...]:
        """The arguments of the side a round-2 voter moved to (none if they did not move,
        or moved to an option no pack speaker stands for)."""
        if not result.before or not result.choices or result.choices == result.before:
            return ()
        option = result.poll.option(result.choices[0])
        return self.arguments.offer(option.speaker if option else None)

    async def pick(
        self,
        ctx: Context,
        poll_id: int,
        point_id: str,
        *,
        key: str | None,
        message: str | None = None,
    ) -> Reply:
        """Record the argument that moved a voter who changed sides (one per voter; a new
        pick replaces the old), through the vote writer so retries count once. `message`
        is as for `vote` (None: the private card that offered the arguments)."""
        poll = await self.poll_for(ctx, poll_id)
        argument = self.arguments.get(point_id)
        sides = [o.number for o in poll.options if argument and o.speaker == argument.speaker]
        if argument is None or not sides:
            raise UserError(f"That argument is not one of poll #{poll_id}'s sides.")
        request = VoteRequest(
            poll_id=poll.id,
            voter=ctx.user_ref,
            display_name=ctx.display_name,
            option=sides[0],
            at=instant(ctx.clock),
            key=key,
            point=point_id,
            where=ctx.channel_ref,
            message=message,
            provisional_name=ctx.provisional_name,
        )
        return rounds_render.pick_confirmation(await self.submit(request), argument)

    async def submit(self, request: VoteRequest) -> VoteResult:
        """Queue a vote for the next group commit; returns once it is committed.

        A vote no column could hold or no voter could own is refused here, before it is
        queued: it is answered alone and never shares a batch (the store checks again)."""
        if not usable_voter(request.voter):
            raise UserError("Your vote was not recorded: the request did not say who you are.")
        if not valid_id(request.poll_id):
            raise not_here(request.poll_id)
        future: asyncio.Future[VoteResult] = asyncio.get_running_loop().create_future()
        self._queue.append(_Pending(request, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_queued(), name="poll-vote-writer")
        return await future

    async def _write_queued(self) -> None:
        while self._queue:
            batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
            try:
                results = await self.store.apply_votes([p.request for p in batch])
            except Exception as error:
                unknown = commit_unknown(error)
                outcome = "may have been" if unknown else "was not"
                # Each vote's failure reaches the dispatcher, which logs a database outage
                # once for every command and click; a commit not confirmed is told here.
                away = not unknown and self.store.db.unreachable(error)
                log.log(
                    logging.DEBUG if away else logging.ERROR,
                    "a batch of %d votes failed; it %s recorded",
                    len(batch),
                    outcome,
                    exc_info=True,
                )
                for pending in batch:
                    if not pending.future.done():
                        failure = RuntimeError("the vote could not be recorded")
                        failure.__cause__ = error
                        pending.future.set_exception(failure)
                if unknown:  # its polls may have changed, and so what their messages show
                    for poll_id in sorted({p.request.poll_id for p in batch}):
                        self._notify(poll_id)
                continue
            self._statistics.wrote(len(batch))
            changed: set[int] = set()
            for pending, result in zip(batch, results, strict=True):
                if isinstance(result, UserError):
                    if not pending.future.done():
                        pending.future.set_exception(result)
                    continue
                if result.change in _VISIBLE:
                    changed.add(result.poll.id)
                if not pending.future.done():
                    pending.future.set_result(result)
            for poll_id in sorted(changed):
                self._notify(poll_id)

    # -- closing --------------------------------------------------------------------------------

    async def close(self, ctx: Context, poll_id: int, *, message: str | None = None) -> Reply:
        """Close a poll for its creator or an admin; everyone else gets a clear refusal.
        `message` is the clicked message for the Close button (see `poll_for`).

        In round 1 of a two-round poll this ends round 1 and opens round 2 instead.
        """
        try:
            poll = await self._closable(ctx, poll_id, message)
        except UserError as refusal:
            return await self._or_replayed(ctx, poll_id, refusal)
        if poll.in_round_two:
            # Slack's retry of the Close click that ended round 1, a minute on, would close
            # the poll as well.
            replayed = await self._replayed(ctx, poll_id)
            if replayed is not None:
                return replayed
        press = (
            Marked("typing ", command_line("close", poll=poll_id))
            if message is None
            else f"pressing “{render.CLOSE_LABEL}”"
        )
        if poll.in_round_one:
            # Repeated after an unknown outcome, it would end round 2 as well.
            return await self._open_round_two(
                ctx, poll, Marked(press, " again could close the whole poll")
            )
        try:
            return await self._close_now(ctx, poll, message)
        except UserError:
            raise
        except Exception:
            done = Marked(f"Poll #{poll_id} is closed. ", see_results(poll_id))
            unknown = _unchecked(
                f"poll #{poll_id} closed", Marked(press, " again in a minute will tell you")
            )
            return await self._after_failure(
                poll, _closed, self._closed_announcement, done, unknown
            )

    async def _replayed(self, ctx: Context, poll_id: int) -> Reply | None:
        """The answer to a platform's retry of the click that closed the poll or ended its
        round 1 (Slack resends a click whose acknowledgement it missed, with the same
        `action_ts`): the announcement of the poll as it now stands, closed or in round 2,
        where "already closed" or "already over" told the clicker someone else had, but to
        them alone, since the first answer told the channel. None for any other click."""
        key = _delivery(ctx)
        if key is None or not await self.store.changed_by(poll_id, key):
            return None
        poll = await self.store.get(poll_id)
        assert poll is not None  # polls are never deleted
        announce = self._closed_announcement if poll.closed else self._round_two_announcement
        return replace(await announce(poll), ephemeral=True)

    async def _or_replayed(self, ctx: Context, poll_id: int, refusal: UserError) -> Reply:
        """`_replayed`'s answer to a retry; for any other request, `refusal` raised."""
        replayed = await self._replayed(ctx, poll_id)
        if replayed is None:
            raise refusal
        return replayed

    async def _close_now(self, ctx: Context, poll: Poll, message: str | None) -> Reply:
        """Close an open poll (in its last round) and announce it."""
        poll_id = poll.id
        closing = await self.store.close(poll_id, instant(ctx.clock), _delivery(ctx))
        if closing is Closing.ROUND_TWO_JUST_OPENED:
            # Told the way they closed: a button's `message` is set, a typed /close has none;
            # and when: "again" at once is this same repeat, answered the same way.
            typed = command_line("close", poll=poll_id)
            again = typed if message is None else f"press “{render.CLOSE_LABEL}”"
            raise UserError(
                Marked(
                    f"Round 2 of poll #{poll_id} has just opened. To end the poll, ",
                    again,
                    f" again in {REPEAT_CLICK_WINDOW:g} s.",
                )
            )
        if closing is not Closing.CLOSED:
            raise _already_closed(poll_id)
        log.info("poll %d closed by %s", poll_id, ctx.user)
        self._notify(poll_id)
        return (await self._closed_announcement(poll)).changing(poll_id)

    async def _closed_announcement(self, poll: Poll) -> Reply:
        """What the channel is told when a poll closes, by a closer's hand or its deadline."""
        closed = await self.store.get_as_of(poll.id, instant(self.clock))
        assert closed is not None  # polls are never deleted
        if closed.two_round:
            ox = await self.oxford(closed)
            return rounds_render.closed_announcement(closed, ox, self.arguments)
        return render.closed_announcement(closed, await self.store.tally(closed))

    async def next_round(self, ctx: Context, poll_id: int, *, message: str | None = None) -> Reply:
        """The "End round 1" button: like /close in round 1, but never closes the poll, so
        a double click cannot end round 2 as well."""
        try:
            poll = await self._closable(ctx, poll_id, message)
        except UserError as refusal:
            return await self._or_replayed(ctx, poll_id, refusal)
        if not poll.two_round:
            typed = command_line("close", poll=poll_id)
            raise UserError(Marked(f"Poll #{poll_id} has one round. Close it with ", typed, "."))
        if poll.in_round_two:
            opened = UserError(f"Round 2 of poll #{poll_id} is already open.")
            return await self._or_replayed(ctx, poll_id, opened)
        advice = f"pressing “{render.NEXT_LABEL}” again in a minute will tell you"
        return await self._open_round_two(ctx, poll, advice)

    async def _closable(self, ctx: Context, poll_id: int, message: str | None) -> Poll:
        """A poll the caller may close: open, and theirs or they are an admin."""
        poll = await self.poll_for(ctx, poll_id, message=message)
        if poll.closed:
            raise _already_closed(poll_id)
        if not _may_close(ctx, poll):
            # In round 1 of two, closing ends round 1: say what the press would have done.
            done = "end round 1 of" if poll.in_round_one else "close"
            refusal = f"Only the poll's creator or an admin can {done} poll #{poll_id}"
            raise UserError(admin_refusal(ctx, refusal))
        return poll

    async def _open_round_two(self, ctx: Context, poll: Poll, advice: str) -> Reply:
        """End round 1 and announce round 2. `advice`: what repeating the request would do,
        said if the outcome cannot be read back."""
        try:
            if await self.store.open_round_two(poll.id, instant(ctx.clock), _delivery(ctx)):
                log.info("poll %d: round 2 opened by %s", poll.id, ctx.user)
                self._deadlines_moved.set()  # a timed poll's close moved
                self._notify(poll.id)
                return (await self._round_two_announcement(poll)).changing(poll.id)
        except Exception:
            done = f"Round 2 of poll #{poll.id} is open."
            unknown = _unchecked(f"round 1 of poll #{poll.id} ended", advice)
            return await self._after_failure(
                poll, _in_round_two, self._round_two_announcement, done, unknown
            )
        over = UserError(f"Round 1 of poll #{poll.id} is already over.")
        return await self._or_replayed(ctx, poll.id, over)

    async def _after_failure(
        self,
        poll: Poll,
        changed: Callable[[Poll], bool],
        announcement: Callable[[Poll], Awaitable[Reply]],
        done: str,
        unknown: str,
    ) -> Reply:
        """The answer to a close (or an end of round 1) that failed part-way: its change
        may be stored (a COMMIT whose answer was lost, or the announcement's reading failed
        after it), and then "try again" is untrue, the channel would never be told, and a
        second /close in round 2 closes the poll. So the poll is read back: changed, it is
        announced as it would have been (or, that failing, the caller is told `done`), as
        the answer to a change (`Reply.changed_poll`: lost on its way, it is told as done);
        unchanged, "try again" is true; unreadable, `unknown` says so."""
        log.exception("poll %d: closing failed part-way; reading it back", poll.id)
        try:
            stored = await self.store.get(poll.id)
        except Exception:
            log.warning("poll %d: could not be read back after a failed close", poll.id)
            return notice(Marked(FAILED, " ", unknown))
        if stored is None or not changed(stored):
            return notice(FAILURE)
        self._deadlines_moved.set()
        self._notify(poll.id)
        try:
            reply = await announcement(poll)
        except Exception:
            log.exception("poll %d: its announcement could not be read", poll.id)
            reply = notice(Marked(FAILED, " ", done))
        return reply.changing(poll.id)

    async def _round_two_announcement(self, poll: Poll) -> Reply:
        """What the channel is told when round 1 ends, by a closer's hand or its deadline:
        from the poll as stored since, whose close an early end of round 1 moved."""
        opened = await self.store.get(poll.id)
        assert opened is not None  # polls are never deleted
        before = await self.store.before_votes(poll.id)
        counts = Counter(vote.option for vote in before)
        tally = Tally(poll.id, dict(counts), len(before))
        shown = bool(await self.store.messages(poll.id))  # none left: a moderator deleted it
        return rounds_render.round_two_announcement(opened, tally, shown=shown)

    async def oxford(self, poll: Poll) -> Oxford:
        """A two-round poll's before/after outcome, from the database."""
        before, after = await self.store.before_votes(poll.id), await self.store.votes(poll.id)
        return oxford(poll, before, after, await self.store.picks(poll.id))

    async def discard(self, poll_id: int) -> bool:
        """Close, with no announcement, a poll whose message could not be posted anywhere
        (e.g. the bot is not in the channel), so it leaves App Home and autocomplete.

        Closing rather than deleting keeps "polls are never deleted" true for readers in
        flight; with no message nobody could vote on it. A poll that does have a message
        somewhere is left alone. True if this closed it.
        """
        closing = await self.store.close(poll_id, instant(self.clock), unshown_only=True)
        if closing is not Closing.CLOSED:
            return False
        log.info("poll %d discarded: its message could not be posted", poll_id)
        self._notify(poll_id)
        return True

    async def sweep_deadlines(self) -> list[int]:
        """Close every poll past its deadline (at start-up, on time, and periodically) on
        the platforms this process posts to, and tell each one's channel what a closer's
        hand would have: round 2 is open, or the poll is closed with its result.

        Each close (or round 2 opened) writes its announcement's first attempt in its own
        transaction (`PollStore.close_due`), and the sweep then posts the attempts it takes
        (`AnnouncementRetries.due`), so a process stopped between the two leaves them to
        the next sweeper, of this start or the next or another instance. A poll whose
        round 2 this sweep both opened and closed (after downtime) is announced closed only:
        "round 2 is open" would be stale before anyone could read it.
        """
        started = self.clock.now()
        platforms = self.outbounds.platforms()
        opened = await self.store.open_due_rounds(instant(self.clock), platforms)
        closed = await self.store.close_due(instant(self.clock), platforms)
        self._swept_at = started  # only a sweep that succeeded has looked at the deadlines
        for poll_id in (i for i in opened if i not in closed):
            log.info("poll %d: round 2 opened at its deadline", poll_id)
            self._notify(poll_id)
        for poll_id in closed:
            log.info("poll %d closed at its deadline", poll_id)
            self._notify(poll_id)
        for attempt in await self._retries.due(instant(self.clock), platforms):
            await self._announce(attempt)
        return closed

    def _announcer(
        self, kind: Announcement
    ) -> tuple[Callable[[Poll], Awaitable[Reply]], Callable[[Poll], bool]]:
        """What a `kind` of announcement tells the channel, and whether the poll still is
        as it announces (round 2 open, closed): a round-2 retry is stale once it closed."""
        if kind is Announcement.CLOSED:
            return self._closed_announcement, _closed
        return self._round_two_announcement, _round_two_open

    async def _announce(self, attempt: Retry) -> None:
        """Post a change the sweep made in the poll's channel, through its platform's
        Outbound, the way the daily scheduler posts.

        Only the sweeper whose `DELETE … RETURNING` took the attempt's row calls this
        (`AnnouncementRetries.due`; the first attempt's row is written with the close), so
        each attempt is made at most once across instances and restarts: it is never sent
        again once its outcome is unknown, nor after a refusal retrying cannot help (each
        is logged; the poll's own message still shows the change, and a refusal is told to
        the poll's creator, `unannounced_notice`). A process stopped between the take and
        the post loses that attempt, never sends it twice. A refusal for a passing reason
        posted nothing: it waits in the database to be tried again later, by whichever
        sweeper of its platform sees it due, unless the poll has moved on (a round 2 since
        closed). Each sweeper takes only polls of its own platforms. What it posts is read
        from the database first, which may be away just then: the reading is tried again
        (`retried`), since nothing has been posted yet.
        """
        poll_id = attempt.poll_id
        announcement, still = self._announcer(attempt.kind)
        try:
            poll, reply = await retried(
                lambda: self._announcement(poll_id, announcement),
                log,
                f"poll {poll_id}: reading its deadline announcement",
            )
        except Exception:
            log.exception("poll %d: its deadline announcement failed, not resent", poll_id)
            return
        if not still(poll):
            log.info("poll %d: its waiting announcement is stale now, dropped", poll_id)
            return
        outbound = self.outbounds.get(poll.channel.platform)
        assert outbound is not None  # the sweep took only polls of platforms served here
        try:
            await outbound.post(poll.channel, reply)
        except DeliveryError as error:
            await self._refused(attempt, poll, reply, error)
        except Exception:
            log.exception("poll %d: its deadline announcement failed, not resent", poll_id)

    async def _refused(
        self, attempt: Retry, poll: Poll, reply: Reply, error: DeliveryError
    ) -> None:
        """Keep a refused announcement for a retry (`AnnouncementRetries`) when one may help
        and is left; else give it up, and tell a refusal to the poll's creator. One that
        could not be kept (the database away for longer than `retried` tries) is given up
        the same way: nothing else would ever say it."""
        try:
            kept = await self._retries.refused(attempt, error, instant(self.clock))
        except Exception:
            log.exception("poll %d: its refused announcement could not be kept to retry", poll.id)
            kept = False
        if kept:
            log.warning(
                "poll %d: its deadline announcement failed (attempt %d), tried again later: %s",
                poll.id,
                attempt.number,
                error,
            )
            return
        outcome = "has an unknown outcome" if error.unknown else "failed"
        log.warning(
            "poll %d: its deadline announcement %s, not resent: %s", poll.id, outcome, error
        )
        if tells_creator(error):
            await self._tell_creator(poll, reply, error)

    async def _tell_creator(self, poll: Poll, reply: Reply, error: DeliveryError) -> None:
        """DM the poll's creator the announcement given up (`unannounced_notice`); a DM
        refused (closed, the user gone) is only logged."""
        outbound = self.outbounds.get(poll.creator.platform)
        assert outbound is not None  # the poll's own platform, which announced it
        try:
            await outbound.message_user(poll.creator, unannounced_notice(poll, reply, error))
        except DeliveryError as failure:
            log.warning("poll %d: could not tell its creator either: %s", poll.id, failure)
        except Exception:
            log.exception("poll %d: telling its creator of the announcement failed", poll.id)

    async def _announcement(
        self, poll_id: int, announcement: Callable[[Poll], Awaitable[Reply]]
    ) -> tuple[Poll, Reply]:
        """The poll and what its channel is told, both read from the database."""
        poll = await self.store.get(poll_id)
        assert poll is not None  # polls are never deleted
        return poll, await announcement(poll)

    # -- results and export -------------------------------------------------------------------

    async def results(self, ctx: Context, poll_id: int | None) -> Reply:
        """The tally, a bar chart and (unless anonymous) who voted for what."""
        if poll_id is None:
            poll_id = await self.store.latest_in(ctx.channel_ref)
            if poll_id is None:
                start = start_here(ctx, START_ONE)
                raise UserError(Marked("There is no poll in this channel yet. ", start))
        poll = await self.poll_for(ctx, poll_id)
        tally = await self.store.tally(poll)
        if poll.hide_results and not poll.closed:
            return render.hidden_results(poll, tally)
        if poll.in_round_two or (poll.two_round and poll.closed):
            return await self._oxford_results(poll)
        votes = [] if poll.anonymous else await self.store.votes(poll.id)
        async with self._chart_lock:  # matplotlib's text layout is not thread-safe
            chart = await asyncio.to_thread(self._chart, poll, tally)
        return render.results_reply(poll, tally, votes, chart)

    async def _oxford_results(self, poll: Poll) -> Reply:
        """Before and after side by side, changed minds, the Oxford winner, what moved them."""
        ox = await self.oxford(poll)
        after = [] if poll.anonymous else await self.store.votes(poll.id)
        async with self._chart_lock:  # matplotlib's text layout is not thread-safe
            chart = await asyncio.to_thread(self._rounds_chart, poll, ox)
        return rounds_render.results_reply(poll, ox, after, chart, self.arguments)

    def _rounds_chart(self, poll: Poll, ox: Oxford) -> bytes:
        """The before/after chart, bars in the same colours as the one-round chart's."""
        from bot.polls.rounds_chart import Shift, before_after_chart

        subtitle = (
            f"Poll #{poll.id} · {'closed' if poll.closed else 'open'} · before and after: "
            f"{ox.before_voters} → {ox.after_voters} voters"
        )
        after = Tally(poll.id, {s.number: s.after for s in ox.options}, ox.after_voters)
        shifts = [
            Shift(
                bar.label,
                float(shift.before_share),
                float(shift.after_share),
                shift.points,
                bar.colour,
            )
            for bar, shift in zip(self.chart_bars(poll, after), ox.options, strict=True)
        ]
        winners = [number - 1 for number in ox.winners]
        return before_after_chart(poll.question, subtitle, shifts, winners, final=poll.closed)

    def _chart(self, poll: Poll, tally: Tally) -> bytes:
        """The results chart, with the poll's number and state in its title (the state of
        `poll` as given: the caller's `as_of` view, the same the text beside it shows)."""
        from bot.polls.chart import results_chart

        voters = f"{tally.voters} voter" + ("" if tally.voters == 1 else "s")
        subtitle = f"Poll #{poll.id} · {'closed' if poll.closed else 'open'} · {voters}"
        bars = self.chart_bars(poll, tally)
        return results_chart(poll.question, subtitle, bars, final=poll.closed, voters=tally.voters)

    def chart_bars(self, poll: Poll, tally: Tally) -> list[Bar]:
        """One bar per option; a pack poll's options in their speaker's colour, and its
        other options ("Both", "Neither") grey, so no one is mistaken for a speaker."""
        pack_poll = any(option.speaker for option in poll.options)
        other = NEUTRAL_COLOUR if pack_poll else DEFAULT_COLOUR
        return [
            Bar(
                option.label,
                tally.count(option.number),
                self.speaker_colours.get(option.speaker or "", other),
            )
            for option in poll.options
        ]

    async def export(self, poll_id: int, fmt: str) -> str:
        """Every vote of a poll as CSV or JSON (for the `export-votes` command); a poll past
        its deadline is exported closed at it, whether or not the sweep has run."""
        poll = await self.store.get_as_of(poll_id, instant(self.clock))
        if poll is None:
            raise UserError(f"There is no poll #{poll_id}.")
        votes = await self.store.votes(poll_id)
        if not poll.two_round:
            return export_votes(poll, votes, fmt)
        before, picks = await self.store.before_votes(poll_id), await self.store.picks(poll_id)
        return export_votes(poll, votes, fmt, before, picks)

    # -- live messages --------------------------------------------------------------------------

    async def track(self, reply: Reply, channel: ChannelRef, message_ref: str) -> None:
        """Called by adapters for every message they post: a public poll message is attached,
        so live tallies reach it; anything else is ignored.

        The message is already in the channel, and until it is attached its buttons answer
        "There is no poll #N here.": so while the database is away, the attach is tried
        again (`retried`) rather than given up at the first error."""
        poll_id = reply.poll_id
        if poll_id is None or reply.ephemeral:
            return
        await retried(
            lambda: self.attach_message(poll_id, channel, message_ref),
            log,
            f"poll {poll_id}: attaching message {message_ref} in {channel}",
        )

    async def attach_message(self, poll_id: int, channel: ChannelRef, message_ref: str) -> None:
        """Remember a message showing poll N, so live edits reach it, also after a restart.

        The message is recorded as showing the poll as created (tally version 0). Changes
        committed since (votes between rendering and attaching found nothing to edit) make
        it stale, so listeners hear "changed" and the (coalesced) refresh catches up; a
        fresh poll, the usual case, costs no extra edit.
        """
        await self.store.attach_message(poll_id, channel, message_ref, self.clock.now())
        if await self.store.tally_version(poll_id) > 0:
            self._notify(poll_id)

    async def open_polls_in(self, channel: ChannelRef, limit: int) -> list[Poll]:
        """The newest open polls of one conversation (poll-number autocomplete)."""
        return await self.store.open_polls_in(channel, instant(self.clock), limit)

    async def shown_polls_in(self, channel: ChannelRef, limit: int) -> list[Poll]:
        """The newest polls shown in one conversation, closed ones too (/results'
        poll-number autocomplete)."""
        return await self.store.shown_polls_in(channel, instant(self.clock), limit)

    async def open_polls_of(self, user: UserRef, limit: int) -> list[Poll]:
        """The newest open polls a user started or voted in (Slack's App Home)."""
        return await self.store.open_polls_of(user, instant(self.clock), limit)

    async def detach_message(self, poll_id: int, channel: ChannelRef, message_ref: str) -> None:
        await self.store.detach_message(poll_id, channel, message_ref)

    async def messages(self, poll_id: int) -> list[tuple[ChannelRef, str]]:
        return await self.store.messages(poll_id)

    # -- Service ----------------------------------------------------------------------------

    async def start(self) -> None:
        """Sweep in the background: first what expired while we were down, as soon as the
        adapters can announce it (`Outbounds.wait_ready`), then at each deadline."""
        self._stopping.clear()
        self._sweeper = asyncio.create_task(self._sweep_forever(), name="poll-deadline-sweeper")

    def wake(self) -> None:
        """Sweep now: a deadline may have passed that the sweeper is not awake for."""
        self._deadlines_moved.set()

    async def wait_idle(self) -> None:
        """Return once the sweeper has closed, opened and announced everything due at the
        clock's current time and sleeps until a later instant (at once if it is not
        running). Tests and `:tick` use it instead of sleeping; a TimeoutError after
        IDLE_TIMEOUT real seconds means the sweeper is stuck."""
        await self._idle.wait(self._sweeper)

    async def stop(self) -> None:
        """Stop sweeping and let queued votes commit (their voters are waiting).

        A sweep under way finishes first, so the announcements it took are posted: cut short
        between taking one and posting it, it would lose that attempt (`_announce`)."""
        if self._sweeper is not None:
            self._stopping.set()
            done, _ = await asyncio.wait({self._sweeper}, timeout=STOP_TIMEOUT)
            if not done:
                log.warning(
                    "a deadline sweep did not finish within %.0f s; cancelled", STOP_TIMEOUT
                )
                self._sweeper.cancel()
            await asyncio.gather(self._sweeper, return_exceptions=True)
            self._sweeper = None
        if self._writer is not None:
            await self._writer
        await self._statistics.idle()

    async def _sweep_forever(self) -> None:
        # A poll closed before its platform's adapter has logged in would be announced
        # never (see `_announce`): so nothing is closed until the adapters can post.
        await first_of(self.outbounds.wait_ready(), self._stopping.wait())
        while not self._stopping.is_set():
            self._idle.working()
            try:
                await self.sweep_deadlines()
                at = instant(self.clock)
                oldest = (at if at is not None else await self.store.db.now()) - KEY_TTL
                await self.store.prune_keys(oldest)
                await self.store.prune_retractions(oldest)
            except Exception:
                self._outage.failed(f"every {SWEEP_PERIOD:.0f} s")
            else:
                self._outage.worked()
            self._deadlines_moved.clear()  # before reading deadlines, so no creation is missed
            wake = await self._next_wake()
            self._idle.asleep_until(wake)
            await first_of(
                self.clock.sleep_until(wake), self._deadlines_moved.wait(), self._stopping.wait()
            )
        self._idle.working()
        # Stopped while waiting: nothing is closed yet, the next start-up sweeps and announces.

    async def _next_wake(self) -> float:
        now = self.clock.now()
        platforms = self.outbounds.platforms()
        try:
            deadline = await self.store.next_deadline(platforms)
            retry = await self._retries.next_due(platforms)
        except Exception:
            self._outage.failed(f"every {SWEEP_PERIOD:.0f} s")
            deadline = retry = None
        dues = [due for due in (deadline, retry) if due is not None]
        self.next_due = min(dues, default=None)
        wake = now + SWEEP_PERIOD
        for due in dues:
            if due > self._swept_at:
                # No sweep has looked since this instant: wake at it, or at once when the
                # clock already passed it (it may have moved while the latest sweep ran).
                wake = min(wake, due)
            else:
                # A sweep that began after it by our clock left it waiting: the database's
                # clock lags the machine's. Look again shortly instead of spinning.
                wake = min(wake, now + 1.0)
        return wake


def _may_close(ctx: Context, poll: Poll) -> bool:
    """Whether the caller may close `poll` (or end its round 1): its creator or an admin."""
    return ctx.user_ref == poll.creator or ctx.is_admin


def _unchecked(what: str, advice: str) -> Marked:
    """`Whether <what> cannot be checked just now: <advice>.`, the commands in `advice`
    kept marked."""
    return Marked("Whether ", what, " cannot be checked just now: ", advice, ".")


def _closed(poll: Poll) -> bool:
    return poll.closed


def _in_round_two(poll: Poll) -> bool:
    return poll.in_round_two


def _round_two_open(poll: Poll) -> bool:
    return _in_round_two(poll) and not poll.closed


def _option_key(ctx: Context, option: int) -> str | None:
    """The delivery key of one option of a typed list (`add_votes`): the same in every
    retry of the command, another for each option, since each is a vote of its own and
    one key would let only the first count. None where the request has no key."""
    return f"{ctx.delivery}:{option}" if ctx.delivery else None


def _delivery(ctx: Context) -> tuple[str, str] | None:
    """The request's delivery key as stored (platform, key); None where it has none."""
    return (ctx.platform, ctx.delivery) if ctx.delivery else None


def _already_closed(poll_id: int) -> UserError:
    return UserError(Marked(f"Poll #{poll_id} is already closed. ", see_results(poll_id)))
