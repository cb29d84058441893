"""/daily: a channel's daily takeaway schedule, and the button that opens the poll.

`status` is for everyone and the other actions for admins (in a user's own DM with the
bot, for that user: `Context.private`), so `/daily` is declared with the MIXED permission
and the handler refuses on/off/now to others itself.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import time
from functools import cache, cached_property
from zoneinfo import ZoneInfo

from bot.core.command_lines import written
from bot.core.context import ChannelRef, Context, UserRef, admin_refusal, start_here
from bot.core.dispatch import FAILED as WENT_WRONG
from bot.core.dispatch import Dispatcher
from bot.core.durations import format_wait
from bot.core.errors import UserError
from bot.core.outages import RETRY_DELAYS, retried
from bot.core.outbound import DeliveryError, Linked
from bot.core.registry import (
    ActionHandler,
    Choice,
    Command,
    Option,
    OptionValue,
    Permission,
    Registry,
)
from bot.core.replies import Card, Field, Fields, Marked, Reply, When, command_line, notice
from bot.core.sanitize import echo
from bot.daily.render import POSTED_BEFORE, takeaway_title
from bot.daily.schedule import (
    describe_date,
    describe_instant,
    describe_post,
    describe_schedule,
    format_time,
    gmt_hint,
    parse_time,
    parse_zone,
    spelled_key,
    time_and_zone,
    typed_zone,
    zone_names,
    zones_at_offset,
)
from bot.daily.scheduler import MAX_ATTEMPTS, DailyScheduler, OutcomeUnknown, Pause
from bot.daily.store import FAILED, RETRY, LastPost, Skip, Subscription
from bot.daily.zone_abbreviations import meanings
from bot.knowledge.cards import AnswerCards
from bot.polls.service import PollService
from bot.storage.leases import Leases

ZONE_AUTOCOMPLETE = "timezones"
DEFAULT_TIME = time(9, 0)
DEFAULT_ZONE = "UTC"
#: The longest zone name people may type (tzdata's longest is 32 characters).
ZONE_LENGTH = 64
ADMIN_ACTIONS = ("on", "off", "now")
#: The actions that post in the channel, which a channel the bot cannot post in refuses
#: whoever asks (`Context.cannot_post`); `off` stays possible there.
POSTING_ACTIONS = ("on", "now")
#: How long one click may hold a channel's "starting the pack poll" lease (a click that
#: dies holding it blocks the button this long at most), and how often a waiting click
#: looks whether the poll is there.
START_LEASE = 10.0
START_WAIT = 0.05
#: What /daily status adds to a last post whose outcome is unknown: its connection dropped,
#: or the bot stopped, after the platform may have taken it.
UNKNOWN_OUTCOME_STATUS = "cut off before the platform confirmed it: it may or may not be here"
#: What /daily status's footer says before the next post's moment, which Slack and
#: Discord show in each reader's own time zone (elsewhere, in UTC).
YOUR_TIME = "Next post in your own time zone: "

#: Seconds between tries of storing a schedule `/daily on` has announced (tests shorten it).
STORE_DELAYS = RETRY_DELAYS

log = logging.getLogger(__name__)


class DailyCommands:
    def __init__(self, scheduler: DailyScheduler) -> None:
        self.scheduler = scheduler
        self.store = scheduler.store
        # The wording of a pause notice needs /daily's lines, which the scheduler (in the
        # core, below the commands) cannot know.
        scheduler.tell_pauses(self.tell_paused)

    def register(self, registry: Registry) -> None:
        registry.add(self.command)
        registry.add_autocomplete(ZONE_AUTOCOMPLETE, self.suggest_zones)

    @cached_property
    def command(self) -> Command:
        """/daily's declaration; its answers write the lines they suggest from it (`_line`)."""
        return Command(
            name="daily",
            description="A takeaway posted here every day: on, off, status or now",
            handler=self.daily,
            options=(
                Option(
                    "action",
                    "on, off, status (default) or now; all but status are for admins",
                    choices=tuple(Choice(a, a) for a in ("on", "off", "status", "now")),
                ),
                Option(
                    "time",
                    # What is not typed stays as the channel had it (`_on`), even when off.
                    "With on: local time, HH:MM or 9:30am "
                    "(default: as the channel had it, else 09:00)",
                    # as long as `tz`'s: a zone typed first lands here by position
                    max_length=ZONE_LENGTH,
                    placeholder="09:00",
                ),
                Option(
                    "tz",
                    "With on: IANA time zone, e.g. Europe/London "
                    "(default: as the channel had it, else UTC)",
                    autocomplete=ZONE_AUTOCOMPLETE,
                    max_length=ZONE_LENGTH,
                    placeholder="Europe/London",
                ),
            ),
            examples=(
                "/daily on time:09:30 tz:Europe/London",
                "/daily status",
                "/daily now",
                "/daily off",
            ),
            permission=Permission.MIXED,
            category="daily",
        )

    def _line(self, ctx: Context, line: str) -> Marked:
        """A /daily line to suggest, as the platform takes it (`command_lines.written`)."""
        return written(self.command, line, fields=ctx.option_fields)

    async def daily(self, ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        action = str(options.get("action", "status"))
        if action in POSTING_ACTIONS and ctx.cannot_post:
            # Before the admin check: being an admin would not help here.
            refusal = "Daily takeaways not changed: " if action == "on" else ""
            raise UserError(f"{refusal}{ctx.cannot_post}")
        if action in ADMIN_ACTIONS and not (ctx.is_admin or ctx.private):
            refused = Marked("Only admins can use ", self._line(ctx, f"/daily {action}"))
            status = self._line(ctx, "/daily status")
            raise UserError(Marked(admin_refusal(ctx, refused), " Anyone can see ", status, "."))
        if action != "on" and ("time" in options or "tz" in options):
            # Most often a stray word (`/daily status extra`, `/daily off now`), which a
            # lesson on `time` and `tz` left puzzling: say the action takes nothing more.
            stray = echo(" ".join(str(options[name]) for name in ("time", "tz") if name in options))
            usage = self.command.usage_line(fields=ctx.option_fields)
            raise UserError(
                Marked(
                    self._line(ctx, f"/daily {action}"),
                    f" takes nothing more, not “{stray}”; `time` and `tz` go with ",
                    self._line(ctx, "/daily on"),
                    ". ",
                    usage,
                )
            )
        if action == "on":
            return await self._on(ctx, options)
        if action == "off":
            return await self._off(ctx)
        if action == "now":
            return await self._now(ctx)
        return await self._status(ctx)

    async def _now(self, ctx: Context) -> Reply:
        """Post the next takeaway, and say when the next scheduled post is: "today's
        scheduled post, if any, still happens" was read after today's had gone out, or
        where none was set, as a promise of one more today. A paused one posts
        nothing more until /daily on: an admin trying /daily now after fixing the cause
        must not read that the schedule goes on. The schedule is read before posting: once
        the takeaway is out, a database failing must not turn the answer into "try again"
        (`DailyScheduler._count_shown`)."""
        subscription = await self.store.subscription(ctx.channel_ref)
        # It posts outside the schedule, so it leaves the next scheduled post where it was.
        scheduled = "No daily post is scheduled here."
        if subscription is not None and subscription.active:
            outlook, _ = await self.scheduler.plan_for(subscription, await self.scheduler.now())
            upcoming = describe_post(outlook.next_post, subscription.at, subscription.zone)
            scheduled = f"Next scheduled post: {upcoming}, as before."
        try:
            title = await self.scheduler.post_now(ctx.channel_ref)
        except OutcomeUnknown as error:  # perhaps posted: not to be tried again blindly
            return notice(error.message, changed=True)
        if subscription is not None and subscription.enabled and not subscription.active:
            on = self._line(ctx, "/daily on")
            return notice(
                Marked(
                    f"Posted {title}. Daily takeaways here are still paused: run ",
                    on,
                    " to resume them.",
                ),
                changed=True,
            )
        return notice(f"Posted {title}. {scheduled}", changed=True)

    async def _on(self, ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        """Post the schedule in the channel, then store it unless the post was refused for
        good. Options not given keep the channel's current schedule, else the defaults.

        Only a post tells whether the bot may post in the channel, so it goes first: a
        refusal then leaves nothing to undo, and the channel keeps exactly the schedule it
        had, paused or not. Storing first and undoing after a refusal would have to put the
        old row back, wiping out another admin's `/daily on` or `off` that landed in
        between, and a crash before the undo would leave on a schedule the admin was told
        is off. Storing is one upsert (`DailyStore.subscribe`): admins racing each store a
        whole schedule and the last one stored wins. A post that may have arrived, or that
        failed only for now, is stored too: the channel may have seen it, and daily posts
        are retried like any post. A success resumes a paused schedule: it proves the
        cause gone. The post names who set the schedule: it is the bot's own message, which
        unlike a command's public answer does not show who ran the command, and a channel
        should know whom to ask about (or before stopping) its daily posts.
        """
        current = await self.store.subscription(ctx.channel_ref)
        typed_time, typed_zone = time_and_zone(
            str(options["time"]) if "time" in options else None,
            str(options["tz"]) if "tz" in options else None,
        )
        at = parse_time(typed_time) if typed_time is not None else None
        zone = parse_zone(typed_zone) if typed_zone is not None else None
        if zone is None and current is not None and current.lost_zone is not None:
            example = self._line(ctx, "/daily on tz:Europe/London")
            raise UserError(
                Marked(
                    f"This channel's time zone, {current.lost_zone}, is no longer known to the "
                    "bot, so it cannot be kept: name one, e.g. ",
                    example,
                    ".",
                )
            )
        at = at or (current.at if current else DEFAULT_TIME)
        zone = zone or (current.zone if current else parse_zone(DEFAULT_ZONE))
        now = await self.scheduler.now()
        outlook, since = await self.scheduler.plan_change(current, at, zone, now)
        if outlook.due is not None and outlook.due.instant < now:  # today's, kept: late
            then = describe_post(outlook.wake, at, zone)
            upcoming = f"today's, at once ({format_time(at)} has passed), then {then}"
        else:
            upcoming = describe_post(outlook.next_post, at, zone)
        schedule = (
            f"Daily takeaways on: every day at {describe_schedule(at, zone)}. "
            f"Next post: {upcoming}."
        )
        try:
            posted = f"{schedule} Set by {ctx.display_name}."
            await self.scheduler.announce(ctx.channel_ref, notice(posted, ephemeral=False))
            answer = "Daily takeaways on: I posted the schedule in this channel."
        except DeliveryError as error:
            if error.permanent and not error.unknown:  # refused: nothing stored or changed
                refusal = error.hint or f"I could not post here ({error})."
                raise UserError(f"Daily takeaways not changed: {refusal}") from error
            answer = f"{schedule} {_not_announced(error)}"
        try:
            # The channel may have been told: a store failing now is tried again (one
            # upsert, safe to repeat), or the channel's message would be untrue for good.
            await retried(
                lambda: self.store.subscribe(ctx.channel_ref, at, zone, ctx.user, now, since),
                log,
                f"/daily on in {ctx.channel_ref}: storing the schedule it announced",
                STORE_DELAYS,
            )
        except Exception:
            log.exception("/daily on in %s: its schedule could not be stored", ctx.channel_ref)
            return notice(
                Marked(
                    f"{WENT_WRONG} The schedule I posted in this channel could not be stored "
                    "just now, so daily posts may not follow it: run ",
                    self._line(ctx, "/daily on"),
                    " again in a while.",
                )
            )
        self.scheduler.wake()
        hint = gmt_hint(zone)
        return notice(f"{answer} {hint}" if hint else answer, changed=True)

    async def _off(self, ctx: Context) -> Reply:
        now = await self.scheduler.now()
        try:
            stopped = await self.store.unsubscribe(ctx.channel_ref, ctx.user, now)
        except Exception:
            # Its answer may be what was lost: told "try again", the admin heard "were not
            # on" next, and the channel never heard it is off. So the schedule is read back.
            log.exception("/daily off in %s failed; reading the schedule back", ctx.channel_ref)
            try:
                subscription = await self.store.subscription(ctx.channel_ref)
            except Exception:
                log.warning("/daily off in %s: the schedule could not be read", ctx.channel_ref)
                return notice(
                    Marked(
                        f"{WENT_WRONG} Whether daily takeaways are off here cannot be checked "
                        "just now: ",
                        self._line(ctx, "/daily status"),
                        " in a minute will tell you.",
                    )
                )
            if subscription is not None and subscription.enabled:
                raise  # still on: nothing was done, and "try again" is true
            stopped = True  # off now, whoever did it: the channel is told so
        self.scheduler.wake()
        if not stopped:
            return notice("Daily takeaways were not on in this channel.")
        return notice("Daily takeaways are off in this channel.", ephemeral=False, changed=True)

    async def _status(self, ctx: Context) -> Reply:
        subscription = await self.store.subscription(ctx.channel_ref)
        last = await self.store.last_post(ctx.channel_ref)
        zone = subscription.zone if subscription else parse_zone(DEFAULT_ZONE)
        last_text = _last_post(last, zone, self.scheduler.cards) if last else "none yet"
        if subscription is None:
            start = Marked(
                f"{_manager(ctx).capitalize()} can start one with ",
                self._line(ctx, "/daily on time:09:00 tz:Europe/London"),
                ".",
            )
            return notice(
                Marked(
                    "No daily takeaway in this channel. ",
                    start_here(ctx, start),
                    f" Last post: {last_text}.",
                )
            )
        fields = [Field("Schedule", subscription.schedule)]
        restart = Marked(f"{_manager(ctx)} can run ", self._line(ctx, "/daily on"))
        state, next_post = await self._state_fields(
            subscription, start_here(ctx, restart, clause=True)
        )
        fields += state
        refused = ctx.cannot_post or ctx.join_first
        if refused and subscription.enabled and subscription.paused_reason is None:
            # "on", with a next post that this channel will (or likely will) refuse: say so
            # before it does.
            fields.append(Field("But", refused, inline=False))
        fields.append(Field("Last post", last_text, inline=False))
        if subscription.last_skip is not None:
            fields.append(Field("Last skipped", _skipped(subscription.last_skip), inline=False))
        # The schedule is in the channel's zone; a reader elsewhere sees the next post in
        # their own too, where the platform can show a moment so (`When`).
        footer = Marked(YOUR_TIME, When(next_post)) if next_post is not None else ""
        return Reply(
            cards=(
                Card(title="Daily takeaway", blocks=(Fields(tuple(fields)),), footer=footer),
            ),
            ephemeral=True,
        )

    async def _state_fields(
        self, subscription: Subscription, restart: str
    ) -> tuple[list[Field], float | None]:
        """What the schedule is doing, and the instant of its next post if one is coming;
        `restart` says who can run /daily on here, and how."""
        zone = subscription.zone
        if not subscription.enabled:
            return [Field("State", Marked("off (", restart, ")"))], None
        if subscription.lost_zone is not None:  # noticed, not recorded: since when is unknown
            return [
                Field("State", "paused"),
                Field("Why", subscription.paused_reason or "", inline=False),
                Field("Resume", Marked(restart, " with tz: naming a zone"), inline=False),
            ], None
        if subscription.paused_reason is not None:
            since = describe_instant(subscription.paused_at or subscription.since, zone)
            return [
                Field("State", f"paused since {since}"),
                Field("Why", subscription.paused_reason, inline=False),
                Field("Resume", Marked("fix the cause, then ", restart), inline=False),
            ], None
        now = await self.scheduler.now()
        outlook, claim = await self.scheduler.plan_for(subscription, now)
        fields = [Field("State", "on")]
        if claim is not None and claim.state == RETRY and claim.retry_at is not None:
            fields.append(
                Field(
                    "Today's post",
                    f"attempt {claim.attempts} of {MAX_ATTEMPTS} failed ({claim.error}); "
                    f"retrying at {describe_instant(claim.retry_at, zone)}",
                    inline=False,
                )
            )
        elif claim is not None and claim.state == FAILED and claim.error is not None:
            # given up without a pause (its day's window closed before another attempt)
            fields.append(Field("Today's post", claim.error, inline=False))
        next_post = outlook.next_post
        upcoming = await self.store.upcoming(subscription.channel, self.scheduler.takeaway_ids)
        aside = "due now" if outlook.due else f"in {format_wait(next_post.instant - now)}"
        when = describe_post(next_post, subscription.at, zone, aside=aside)
        title = takeaway_title(self.scheduler.cards, upcoming)
        if await self.store.shown_before(subscription.channel, upcoming):
            title += f", {POSTED_BEFORE}"  # the question "do they run out?" answered
        fields.append(Field("Next post", f"{when} — {title}", inline=False))
        return fields, next_post.instant

    async def tell_paused(self, pauses: Sequence[Pause]) -> None:
        """Tell the admin who last set each schedule, in a DM, that it paused, why, and what
        to do: otherwise only the log and /daily status knew, and days went by without a
        post before anyone looked. Schedules of one round that paused for one cause (the
        same admin, workspace and hint) are told in one DM: a role losing Send Messages
        paused every channel of a server due at that time, and its admin got a DM for
        each. A DM refused (closed, the user gone) is only logged: the pauses themselves
        are recorded, and status still tells them."""
        causes: dict[tuple[UserRef, str, str, bool], list[Pause]] = {}
        for pause in pauses:
            cause = (pause.admin, pause.channel.workspace, pause.hint, pause.missing)
            causes.setdefault(cause, []).append(pause)
        for same in causes.values():
            await self._tell_admin(same)

    async def _tell_admin(self, pauses: Sequence[Pause]) -> None:
        """One DM to the admin of `pauses`, schedules paused for one cause."""
        admin = pauses[0].admin
        outbound = self.scheduler.outbounds.get(admin.platform)
        if outbound is None:
            return
        on = written(self.command, "/daily on", fields=outbound.option_fields)
        try:
            await outbound.message_user(admin, pause_notice(pauses, on))
        except DeliveryError as error:
            log.warning(
                "could not tell %s that daily takeaways paused in %s: %s",
                admin.user,
                ", ".join(pause.channel.channel for pause in pauses),
                error,
            )

    async def suggest_zones(
        self, ctx: Context, partial: str, filled: Mapping[str, OptionValue]
    ) -> list[Choice]:
        """The zones for what the user typed (`suggested_zones`)."""
        return [Choice(name, name) for name in suggested_zones(partial)]


#: Discord shows at most 25 suggestions.
MAX_ZONE_SUGGESTIONS = 25
#: Where a word starts inside a zone name: after its region, or a space (as typed, or
#: written `_` or `-` in the name).
_ZONE_WORD = re.compile(r"[/\s_-]")


def suggested_zones(partial: str) -> list[str]:
    """IANA zones containing what the user typed (`spelled_key`: "Zürich" and "port au
    prince" were offered nothing), after the zones an abbreviation such as
    BST stands for: no zone's name contains those letters. Those that begin with it come
    first, then those with a word that does (`zone_rank`): alphabetical order alone showed
    "us" 25 zones of Australia and no US/Eastern, and "eu" Africa/Ceuta before Europe. An
    offset (UTC+5:30, GMT-3) gets only the zones at it all year (`zones_at_offset`): the
    names containing "GMT-3" are at UTC+3, and one picked from the list posted 6 hours off."""
    partial = typed_zone(partial)
    at_offset = zones_at_offset(partial)
    if at_offset is not None:
        return at_offset[:MAX_ZONE_SUGGESTIONS]
    typed = spelled_key(partial)
    named = [meaning.zone for meaning in meanings(partial)]
    keys = _zone_keys()
    spelled = [name for name, key in keys.items() if typed in key and name not in named]
    spelled.sort(key=lambda name: zone_rank(keys[name], typed))  # stable: A-Z in a rank
    return [*named, *spelled][:MAX_ZONE_SUGGESTIONS]


@cache
def _zone_keys() -> dict[str, str]:
    """Every zone's name as typed names are compared with it (`spelled_key`), worked out
    once: the `tz:` autocomplete asks at every keystroke."""
    return {name: spelled_key(name) for name in zone_names()}


def zone_rank(name: str, typed: str) -> int:
    """How well the lower-cased zone `name` matches `typed`, which it contains: 0 the name
    itself, 1 its start, 2 the start of a word in it (`york` in America/New_York), 3
    elsewhere."""
    if name == typed:
        return 0
    if name.startswith(typed):
        return 1
    starts = (word.end() for word in _ZONE_WORD.finditer(name))
    return 2 if any(name.startswith(typed, start) for start in starts) else 3


def pause_notice(pauses: Sequence[Pause], on: str) -> Linked:
    """The DM telling an admin their channels' schedules paused, for one cause: where, the
    platform's refusal, what to do there (the adapter's hint, written for a channel), then
    `on`, the line that resumes each. A channel the platform no longer finds may have been
    deleted: sent back there to fix it and run /daily on, the admin looked for a channel
    that was gone, so the DM says that a deleted one needs nothing done, and what to do if
    not. Several channels are listed once, then spoken of as "each of them"."""
    pause, several = pauses[0], len(pauses) > 1
    where: Linked = tuple(_linked_list([p.channel for p in pauses]))
    here: Linked = ("each of them",) if several else (pause.channel,)
    error = f"{pause.error}; alike in the others" if several else pause.error
    what = f"my {'posts' if several else 'post'} there could not go out ({error}). "
    fix: Linked = ("Once the cause is fixed, run",)
    if pause.missing:
        plural = ("those channels", "they were", "them")
        those, were, them = plural if several else ("that channel", "it was", "it")
        what = (
            f"I can no longer find {those} ({error}). If {were} deleted, there is nothing "
            f"to do. If not, I was removed from {them}. "
        )
        fix = (f"Once I am back in {them}, run",)
    if pause.hint:
        fix = ("What to do in ", *here, f": {pause.hint} Then run")
    return (
        "Daily takeaways are paused in ",
        *where,
        f": {what}",
        *fix,
        " ",
        on,
        " in ",
        *here,
        " to resume them. You get this because you last set them up there.",
    )


def _linked_list(channels: Sequence[ChannelRef]) -> list[str | ChannelRef]:
    """Channels as a sentence lists them ("A", "A and B", "A, B and C"), kept as links."""
    parts: list[str | ChannelRef] = []
    for number, channel in enumerate(channels):
        if number:
            parts.append(" and " if number == len(channels) - 1 else ", ")
        parts.append(channel)
    return parts


def _manager(ctx: Context) -> str:
    """Who can turn the takeaway on and off here, as status tells the reader: in their own
    DM with the bot (`private`) they can, elsewhere admins can."""
    return "you" if ctx.private else "an admin"


def _not_announced(error: DeliveryError) -> str:
    """What `/daily on` adds for the admin when its post may not have arrived, though the
    schedule is stored: the connection dropped mid-post, or the failure was transient."""
    if error.unknown:
        log.warning("/daily on's post has an unknown outcome: %s", error)
        return (
            "The connection dropped while I posted this in the channel: it may or may not "
            "be there, and it is not sent twice."
        )
    log.warning("/daily on could not post its schedule: %s", error)
    return f"I could not post this in the channel just now ({error}); daily posts are retried."


def _last_post(last: LastPost, zone: ZoneInfo, cards: AnswerCards) -> str:
    """`Mon 02 Mar 09:30 GMT — Takeaway 1: …`, owning up to a post whose outcome is unknown
    (its connection dropped, or the bot stopped, mid-post): it is never sent again, but
    nobody knows it is in the channel."""
    text = f"{describe_instant(last.posted_at, zone)} — {takeaway_title(cards, last.takeaway_id)}"
    if last.unknown:
        text += f" ({UNKNOWN_OUTCOME_STATUS})"
    return text


def _skipped(skip: Skip) -> str:
    """`Mon 02 Mar — why`, or for a run, how many days and from when: an outage of several
    days must not read as one missed post."""
    when = describe_date(skip.last)
    if skip.days > 1:
        when = f"{skip.days} days in a row, {describe_date(skip.first)} to {when}"
    return f"{when} — {skip.reason}"


def poll_action(dispatcher: Dispatcher, polls: PollService) -> ActionHandler:
    """The daily post's button: show the channel's open "who's right?" poll to the clicker,
    or start one by running `/poll` as the clicker when none is open.

    Every click starting a poll would flood the channel with identical polls. A reused poll
    is answered privately with its live card: its vote buttons work from there too. Starting
    one takes the channel's lease in the database (`bot/storage/leases.py`), so simultaneous
    first clicks start one poll however many bot instances receive them; the others wait
    for it, then show it.
    """

    async def open_poll(ctx: Context, parts: Sequence[str]) -> Reply:
        if list(parts) != ["v1", "poll"]:
            raise UserError(
                Marked(
                    "This button is no longer supported. Run ", command_line("poll"), " instead."
                )
            )
        leases = Leases(polls.store.db)  # a holder per click: clicks in one process race too
        name = f"pack-poll:{ctx.platform}:{ctx.workspace}:{ctx.channel}"
        while (poll_id := await polls.open_pack_poll(ctx)) is None:
            if not (await leases.claim(name, START_LEASE)).held:
                await asyncio.sleep(START_WAIT)  # another click is starting it
                continue
            try:
                if (poll_id := await polls.open_pack_poll(ctx)) is None:
                    return await dispatcher.run(ctx, "poll", {})
            finally:
                await leases.release(name)
        return replace(
            await polls.render(poll_id),
            text=f"Poll #{poll_id} is already open in this channel: vote here or on it.",
            ephemeral=True,
        )

    return open_poll
