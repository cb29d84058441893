"""The console adapter: the whole bot in a terminal, scriptable through stdin.

`printf '/baker chips\n/gin drones\n' | python -m bot console`. Meta commands start with a
colon and let one person act as several users in several channels, so every multi-person
flow (polls, admin checks) can be tried alone. Replies go to stdout, logs to stderr; charts
are saved as PNG files and their path printed. On a terminal, `console_terminal` adds line
editing, history and a prompt that live updates redraw.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
import sys
import threading
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Protocol, TextIO

from bot.adapters.terminal_render import WIDTH, local_time, render_reply
from bot.app import BotApp
from bot.clock import ManualClock, OffsetClock, fast_forward
from bot.core.context import ChannelRef, Context, UserRef
from bot.core.durations import format_duration, parse_duration
from bot.core.errors import UserError
from bot.core.ids import full_width_as_ascii, parse_id, typed_number
from bot.core.outbound import Linked
from bot.core.replies import Button, Image, Marked, Reply, When, command_line
from bot.core.sanitize import (
    echo,
    is_blank,
    printable_word,
    stands_alone,
    strip_controls,
    without_isolates,
)
from bot.core.typos import nearest
from bot.polls.model import usable_voter
from bot.storage.message_refs import stored_message_refs

PLATFORM = "console"
WORKSPACE = "local"
#: Who counts as an admin here, for the core's admin refusals (see `Context.admins`).
ADMINS = "type :admin on to be one"

META_HELP = (
    ":as <user> — act as another user   :in <channel> — switch channel\n"
    ":admin on|off — toggle admin for the current user (BOT_ADMINS are admins already)\n"
    ":click <n> (or just <n>) — press button n of the newest message with buttons\n"
    ":tick <duration> — move the clock on (e.g. 1d) to see daily posts   :quit — leave"
)
#: What other programs leave with (a shell's `exit`, vim's `:q`): as controls they leave
#: here too; typed bare they are answered with the control, since a word may be text.
LEAVE_WORDS = frozenset({"exit", "quit", "q"})
#: Said to a line that is neither a command nor a console control: how to find each.
#: `/help` is marked as the core's replies mark the commands they offer (`say`).
NEITHER = Marked(
    "Commands start with / (try ", command_line("help"), "); console controls with : (try :help)."
)
#: The longest channel name `:in` takes: Slack's limit for one (Discord's is 100).
MAX_CHANNEL = 80
#: A line of digits alone, however many: a button number, pressed or refused as one.
_NUMBER = re.compile("[0-9]+")
#: The most one `:tick` moves the clock: a year shows every daily post of a year and every
#: poll's end (a poll runs at most 32 days). `:tick 999999999999w` once took the clock past
#: the year 9999, which no date holds, and the console ended on the error.
MAX_TICK = 366 * 86400
#: The console's message refs: `m` and a number counted on from run to run.
_REF = re.compile(r"m([1-9][0-9]*)")
#: Command and control names typed with a Japanese input method on (`／ＢＡＫＥＲ　chips`,
#: `：ａｓ bob`): the full-width forms of what a name and its leading mark are made of.
_FULL_WIDTH_NAME = full_width_as_ascii(
    "/:-_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)


def typed_channel(typed: str) -> str | None:
    """The channel `:in typed` switches to, read as Slack and Discord read a channel's
    name: trimmed, less the `#` people write before one, then one word that shows
    something, of printable characters (no control or format character, no space of any
    kind, no further `#`) and at most `MAX_CHANNEL` long, not led by a combining mark;
    "" for nothing typed, None for a name no platform would take. `:in # general`
    switched to " general", `:in dev ops` to a channel whose name held a space, and
    `:in ́` (U+0301 alone) to a channel shown as an accent on the `#` before it: a mark
    belongs to the character before it, which in a channel's name is never its own."""
    name = typed.strip().removeprefix("#").strip()
    if not name:
        return ""
    if (
        is_blank(name)
        or not printable_word(name, MAX_CHANNEL)
        or "#" in name
        or not stands_alone(name)
    ):
        return None
    return name


def split_line(text: str) -> tuple[str, str]:
    """A stripped line as its first word, in ASCII if typed in full width, and the rest.

    The word ends at any whitespace: an input method types the ideographic space (U+3000),
    so "/baker　chips" was the unknown command "/baker　chips". Only the name is read as
    ASCII; the rest goes to the grammar as typed, which reads the numbers, durations and
    times in it in either width."""
    word, *rest = text.split(maxsplit=1) or [""]
    return word.translate(_FULL_WIDTH_NAME), "".join(rest)


log = logging.getLogger(__name__)


class Screen(Protocol):
    """Where the console's output goes: plain lines, or a terminal that redraws its prompt."""

    def show(self, text: str) -> None: ...

    @property
    def width(self) -> int:
        """The columns replies are wrapped at."""
        ...

    @property
    def terminal(self) -> bool:
        """Whether a person reads it on a terminal, where a refusal is wrapped too."""
        ...


class PlainScreen:
    """Lines written to a stream (piped mode and tests)."""

    #: A script's output wraps as it always has, whatever terminal it ends up on.
    width = WIDTH
    #: A script's refusals stay one line each, as before: what reads its output (a
    #: test, a grep) finds a refusal whole.
    terminal = False

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def show(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()


class ConsoleAdapter:
    """Reads commands line by line and prints what the bot answers or posts."""

    platform = PLATFORM
    option_fields = False  # typed lines, read by the grammar

    def __init__(
        self,
        app: BotApp,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        screen: Screen | None = None,
    ) -> None:
        self.app = app
        self.stdin = stdin or sys.stdin
        self.screen = screen or PlainScreen(stdout or sys.stdout)
        self.chart_dir = app.settings.charts
        #: `:admin on|off` per user; users not in it are admins when listed in BOT_ADMINS.
        self._admin_flags: dict[str, bool] = {}
        self.ctx = Context(
            platform=PLATFORM,
            workspace=WORKSPACE,
            channel="general",
            user="you",
            display_name="you",
            is_admin=self._is_admin("you"),
            clock=app.clock,
            admins=ADMINS,
        )
        self.buttons: list[Button] = []
        self._buttons_ref: str | None = None
        self._buttons_ephemeral = False
        #: The newest public message's buttons: what numbers press again after `:as`, since
        #: an ephemeral message's buttons (a "which argument moved you?") are its user's.
        self._public: tuple[list[Button], str | None] = ([], None)
        #: The number of the newest message ref handed out; None until the database's
        #: refs were read (on the first message).
        self._last_ref: int | None = None
        self._running = True
        self.meta: dict[str, Callable[[str], Awaitable[None]]] = {
            "as": self._as,
            "in": self._in,
            "admin": self._admin,
            "click": self._click,
            "tick": self._tick,
            "quit": self._quit,
            "help": self._meta_help,
        }
        app.outbounds.add(self)

    # -- the loop -----------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._running

    def prompt(self) -> str:
        return f"{self.ctx.user}@#{self.ctx.channel}> "

    async def run(self) -> int:
        """Serve piped input until its end or `:quit`; returns the process exit code.

        Lines are read by a daemon thread, not the loop's executor: on Ctrl-C the process
        then exits at once instead of waiting for a `readline` that may never return.
        """
        await self.settle_start_up()
        lines: asyncio.Queue[str] = asyncio.Queue()
        loop = asyncio.get_running_loop()

        def read() -> None:
            try:
                for line in itertools.chain(iter(self.stdin.readline, ""), [""]):  # "": the end
                    loop.call_soon_threadsafe(lines.put_nowait, line)
            except RuntimeError:
                return  # the loop closed first (`:quit`, Ctrl-C): nobody wants the rest

        threading.Thread(target=read, name="console-input", daemon=True).start()
        while self._running:
            line = await lines.get()
            if not line:
                break
            await self.handle_line(line)
        return 0

    async def settle_start_up(self) -> None:
        """Wait for the deadline sweep's and the daily scheduler's first passes, so the
        first line, piped or typed at the first prompt, sees what they did at start-up (a
        poll closed and announced, a post made up, a day recorded as skipped) and nothing
        of it prints later, in the middle of a script or over the prompt."""
        await self._settle(self.app.wait_idle())

    async def handle_line(self, line: str) -> None:
        """One line typed or piped in. Its control characters go first, as the dispatcher
        strips them from a command's text: a console control (`:in`, `:as`, an unknown
        `:name`) quoted back what followed it, a terminal escape included, raw."""
        text = strip_controls(line).strip()
        if not text or text.startswith("#"):
            return
        word, rest = split_line(text)
        if word.startswith(":"):
            name, argument = word[1:], rest
            action = self.meta.get("quit" if name.lower() in LEAVE_WORDS else name.lower())
            if action is None:
                close = nearest(name, self.meta)
                hint = f" Did you mean :{close}?" if close else ""
                self._print(f"Unknown console command :{name}.{hint} Type :help.")
            else:
                await action(argument)
        elif word.startswith("/"):
            await self.show(await self.app.dispatcher.run_text(self.ctx, word[1:], rest))
        elif _NUMBER.fullmatch(typed_number(text)):
            await self._click(text)
        elif not rest and word.lower() in LEAVE_WORDS:
            self._print("To leave, type :quit (or press Ctrl-D).")
        else:
            self.say(NEITHER)

    async def show(self, reply: Reply) -> str:
        """Print a reply as a message in the current channel; returns its message id."""
        message_ref = await self._new_ref()
        self._emit(self.ctx.channel_ref, reply, None, message_ref, new=True)
        await self.app.polls.track(reply, self.ctx.channel_ref, message_ref)
        return message_ref

    # -- Outbound: the core posting or editing on its own ---------------------------------

    async def post(self, channel: ChannelRef, reply: Reply) -> str:
        message_ref = await self._new_ref()
        self._emit(channel, reply, f"[#{channel.channel}] new message", message_ref, new=True)
        await self.app.polls.track(reply, channel, message_ref)
        return message_ref

    async def edit(self, channel: ChannelRef, message_ref: str, reply: Reply) -> None:
        heading = f"[#{channel.channel}] message {message_ref} updated"
        self._emit(channel, reply, heading, message_ref, new=False)

    async def message_user(self, user: UserRef, message: Linked) -> None:
        """A direct message from the bot, printed under whom it is for: the console is one
        screen for every user `:as` plays."""
        text = "".join(part if isinstance(part, str) else f"#{part.channel}" for part in message)
        self._print(f"[DM to {user.user}]\n{text}\n")

    async def _new_ref(self) -> str:
        """The next message's ref, numbered on after the highest the database holds (read
        once), so refs never repeat across runs on one database: an old poll's live edit
        must not land on, or be reported as, this run's message of the same name."""
        if self._last_ref is None:
            refs = await stored_message_refs(self.app.db, PLATFORM)
            stored = max((int(m[1]) for ref in refs if (m := _REF.fullmatch(ref))), default=0)
            # Another message may have been numbered while the database was read.
            self._last_ref = max(stored, self._last_ref or 0)
        self._last_ref += 1
        return f"m{self._last_ref}"

    def _emit(
        self, channel: ChannelRef, reply: Reply, heading: str | None, message_ref: str, *, new: bool
    ) -> None:
        """Print a new message, or an edit of one.

        Typed numbers press the buttons of the newest message that has buttons here; an
        edit of an older message (a live tally) never changes what they press.
        """
        if new:
            if reply.buttons() and channel == self.ctx.channel_ref:
                self.buttons, self._buttons_ref = list(reply.buttons()), message_ref
                self._buttons_ephemeral = reply.ephemeral
                if not reply.ephemeral:
                    self._public = (self.buttons, message_ref)
        else:
            if message_ref == self._buttons_ref:
                self.buttons = list(reply.buttons())  # a closed poll's edit drops its buttons
            if message_ref == self._public[1]:
                self._public = (list(reply.buttons()), message_ref)
        text = render_reply(
            reply,
            save_image=self.save_image,
            width=self.screen.width,
            wrap_text=self.screen.terminal,
        )
        self._print((f"{heading}\n{text}" if heading else text) + "\n")

    def save_image(self, image: Image) -> str:
        """Write a chart under the data folder (CHART_DIR) and name the file to open."""
        path = (self.chart_dir / image.filename).resolve()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(image.data)
        except OSError as error:
            log.error("cannot save chart %s: %s", path, error)
            # Named with its setting: "not saved: File exists" left the reader to guess
            # that CHART_DIR named a file.
            return (
                f"[chart {image.filename} not saved in {self.chart_dir} (CHART_DIR): "
                f"{error.strerror or error}]"
            )
        return f"[chart saved to {path} — {image.title or image.alt_text}]"

    # -- meta commands ------------------------------------------------------------------

    async def _as(self, user: str) -> None:
        if not user:
            self._print("Usage: :as <user>, e.g. :as bob")
            return
        usable = usable_voter(UserRef(PLATFORM, WORKSPACE, user))
        if not usable or not stands_alone(user) or is_blank(user):
            # Every vote of such a user would be refused as anonymous ("did not say who you
            # are") while their polls and closes went through: refuse the name instead, and
            # one that shows nothing (a Hangul filler, printable yet blank, as `:in` does).
            # Quoted clipped, as every refusal quotes: a pasted paragraph was printed whole.
            self._print(
                f"A user is one word of printable characters, such as bob, not “{echo(user)}”."
            )
            return
        self.ctx = replace(self.ctx, user=user, display_name=user, is_admin=self._is_admin(user))
        self.buttons, self._buttons_ref = self._public
        self._buttons_ephemeral = False
        admin = ", an admin" if self.ctx.is_admin else ""
        self._print(f"(you are now {user}{admin})")

    async def _in(self, typed: str) -> None:
        channel = typed_channel(typed)
        if channel is None:  # quoted as every refusal quotes: clipped, on one line (`echo`)
            self._print(
                f"Usage: :in <channel>, e.g. :in random (one word of at most {MAX_CHANNEL} "
                f"characters, not “{echo(typed)}”)"
            )
            return
        if not channel:
            self._print("Usage: :in <channel>, e.g. :in random")
            return
        self.ctx = replace(self.ctx, channel=channel)
        self.buttons, self._buttons_ref = [], None
        self._public = ([], None)
        self._print(f"(now in #{channel})")

    async def _admin(self, value: str) -> None:
        if value.lower() not in ("on", "off"):
            self._print("Usage: :admin on|off")
            return
        self._admin_flags[self.ctx.user] = value.lower() == "on"
        self.ctx = replace(self.ctx, is_admin=self._is_admin(self.ctx.user))
        self._print(f"(admin {value.lower()} for {self.ctx.user})")

    def _is_admin(self, user: str) -> bool:
        return self._admin_flags.get(user, user in self.app.settings.bot_admins)

    async def _click(self, value: str) -> None:
        shown = len(self.buttons)
        choice = f"1-{shown}" if shown else "none shown here yet"
        if not value:
            self._print(f"Usage: :click <n> (or just n) presses button n; buttons: {choice}.")
            return
        number = parse_id(typed_number(value), limit=shown)
        if number is None:
            refused = f"No button {echo(value)}: "  # clipped: a pasted page is not said back
            self._print(refused + (f"pick {choice}." if shown else f"{choice}."))
            return
        button = self.buttons[number - 1]
        # The click comes from the message that showed the buttons, as on a real platform.
        clicked = replace(
            self.ctx, message=self._buttons_ref or "", ephemeral_message=self._buttons_ephemeral
        )
        await self.show(await self.app.dispatcher.click(clicked, button.action_id))

    async def _tick(self, value: str) -> None:
        """Let time pass as in real life: the daily scheduler and the deadline sweeper act
        at each instant they have work, in time order, and all of it (posts, closed polls
        and their edited messages) is printed before the clock is said to have moved."""
        clock = self.app.clock
        if not isinstance(clock, ManualClock | OffsetClock):
            self._print("This console runs on the real clock; :tick is not available.")
            return
        try:
            seconds = parse_duration(value) if value else None
        except UserError as error:
            self._print(error.message)
            return
        if not seconds:
            self._print("Usage: :tick <duration>, e.g. :tick 1d, :tick 2h or :tick 30m")
            return
        if seconds > MAX_TICK:
            limit = format_duration(MAX_TICK)
            self._print(f"A :tick moves the clock at most {limit} at once, not {echo(value)}.")
            return
        await self._settle(fast_forward(clock, self.app.timed, seconds, self.app.wait_idle))
        # In this machine's zone, named, as every moment the console shows (`local_time`):
        # in UTC, the time ticked to had to be worked out against the next post's.
        now = local_time(When(clock.now()))
        self._print(f"(clock moved {format_duration(seconds)} on: now {now})")

    async def _settle(self, work: Awaitable[None]) -> None:
        """Wait for `work`, the bot's background services settling; a service that does
        not settle is reported, and the console goes on."""
        try:
            await work
        except TimeoutError:
            self._print("(the bot's background work did not settle in time; see the log)")

    async def _quit(self, _: str) -> None:
        self._running = False

    async def _meta_help(self, _: str) -> None:
        self._print(META_HELP)

    def say(self, text: str) -> None:
        """Print the console's own words as a reply's text is printed (`render_reply`):
        wrapped at the width on a terminal, each command a `Marked` text offers kept whole
        on one line. Printed as they were written, they ran past a narrow terminal's edge
        unlike every refusal beside them."""
        self._print(
            render_reply(Reply(text=text), width=self.screen.width, wrap_text=self.screen.terminal)
        )

    def _print(self, text: str) -> None:
        """Shows `text` without the core's bidi isolates: terminals lay characters out cell
        by cell, and some draw an isolate as a box of its own."""
        self.screen.show(without_isolates(text))
