"""How the core speaks first (live poll edits, daily posts) without knowing the platform."""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from bot.core.context import ChannelRef, UserRef
from bot.core.replies import Reply

log = logging.getLogger(__name__)

#: Real seconds the services' first posts wait for every adapter to be able to post.
READY_TIMEOUT = 60.0
#: Waits before a post the platform refused for a passing reason (not `permanent`, not
#: `unknown`: nothing was posted) is tried again: the 2nd, 3rd and 4th attempt. The daily
#: scheduler and the poll deadline announcements both keep to it.
POST_BACKOFF = (60.0, 300.0, 1500.0)


class DeliveryError(Exception):
    """A post or edit the platform refused (channel gone, bot removed, missing permission).

    `permanent` separates "retrying cannot help" from transient failures such as rate limits
    or timeouts, so schedulers can back off or pause accordingly. `gone` says more: the
    message or channel no longer exists, so a reference to it can be dropped for good. A
    permanent refusal that is not `gone` (revoked token, missing scope, a block the platform
    rejects) may heal after an operator's fix, so references must survive it. `gone`
    implies `permanent`.

    Two permanent refusals are no one's in the channel to fix, so a schedule must not pause
    there for them: `access`, the bot's access to the whole workspace failed (a revoked or
    wrong token, a scope missing: the operator's fix, and every channel of the workspace
    fails alike until it is made), and `malformed`, the platform refused the message as the
    bot built it (too long, invalid blocks: a bug of ours). Both imply `permanent`.

    `removed` says more than `access`: the bot is no longer in the workspace at all (a
    Discord server removed it, or was deleted). That was the workspace's own choice, not
    the operator's fault: it is told quietly, and posts resume if the bot is added back.
    It implies `access`.

    `missing` says the platform knows no such channel for the bot: deleted, or a private one
    the bot was removed from (Slack cannot tell the two apart). What people are told of it
    must not take for granted that the channel is still there. It implies `permanent`.

    `unknown` says the request may have reached the platform before the connection failed
    (dropped mid-answer, timed out): a post may exist. Posts are at most once, so such an
    outcome is recorded as unknown and never sent again blindly: callers check it before
    `permanent` (it is neither a success nor a refusal). Only calls that create something
    (posts) report it; an edit or a read is safe to repeat and is retried instead.

    The message is for logs (the platform's own error code); `hint`, when the adapter knows
    one, tells the people in the channel what they can do about it ("invite me with …"), in
    the platform's terms the core does not know.
    """

    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        gone: bool = False,
        access: bool = False,
        malformed: bool = False,
        missing: bool = False,
        unknown: bool = False,
        removed: bool = False,
        hint: str = "",
    ) -> None:
        super().__init__(message)
        self.permanent = permanent or gone or access or malformed or missing or removed
        self.gone = gone
        self.access = access or removed
        self.removed = removed
        self.malformed = malformed
        self.missing = missing
        self.unknown = unknown
        self.hint = hint


#: A message that names channels: plain text and channels, in order. The adapter writes
#: each channel as a link people can open (Slack and Discord: `<#id>`) and the text as it
#: writes any text (mentions made inert). A link cannot travel in a Reply's text: adapters
#: make every `<#…>` there inert, since user text may hold one.
Linked = tuple[str | ChannelRef, ...]


class Outbound(Protocol):
    """Implemented by each adapter for its platform."""

    platform: str
    #: Whether the platform takes command options as fields of their own
    #: (`Context.option_fields`): how a command line the bot suggests unasked is written.
    option_fields: bool

    async def post(self, channel: ChannelRef, reply: Reply) -> str:
        """Post a message; returns the platform's reference to it (for later edits)."""
        ...

    async def edit(self, channel: ChannelRef, message_ref: str, reply: Reply) -> None:
        """Replace a message the bot posted earlier."""
        ...

    async def message_user(self, user: UserRef, message: Linked) -> None:
        """Send `message` to one person, privately (a direct message from the bot); a
        DeliveryError if the platform refuses (their DMs closed, the user gone)."""
        ...


class Outbounds:
    """The outbound side of every running adapter, by platform name."""

    def __init__(self, ready_timeout: float = READY_TIMEOUT) -> None:
        self._by_platform: dict[str, Outbound] = {}
        self._ready: dict[str, asyncio.Event] = {}
        self.ready_timeout = ready_timeout

    def add(self, outbound: Outbound, *, ready: asyncio.Event | None = None) -> None:
        """Register an adapter's outbound side. `ready`, if given, is set by the adapter
        once it can post (Discord: logged in); without it the outbound can post at once."""
        self._by_platform[outbound.platform] = outbound
        if ready is None:
            self._ready.pop(outbound.platform, None)
        else:
            self._ready[outbound.platform] = ready

    async def wait_ready(self) -> None:
        """Return once every adapter can post, or after `ready_timeout` real seconds.

        The services start before the adapters connect, and their first posts may fall due
        at once: what the start-up deadline sweep closed (announced at most once, so a post
        tried before the login is lost for good), a daily post due while the bot was down
        (which would burn an attempt and wait for a retry). So they wait here first. Past
        the timeout they go on (an adapter that never logs in stops the process anyway),
        and a post it cannot make is logged as any refusal is."""
        waiting = {p: asyncio.ensure_future(e.wait()) for p, e in self._ready.items()}
        if not waiting:
            return
        try:
            await asyncio.wait(waiting.values(), timeout=self.ready_timeout)
        finally:
            late = sorted(p for p, wait in waiting.items() if not wait.done())
            for wait in waiting.values():
                wait.cancel()
            await asyncio.gather(*waiting.values(), return_exceptions=True)
        if late:
            log.warning(
                "%s not ready to post after %g s; posting anyway",
                ", ".join(late),
                self.ready_timeout,
            )

    def get(self, platform: str) -> Outbound | None:
        return self._by_platform.get(platform)

    def platforms(self) -> tuple[str, ...]:
        """The platforms this process can post to and edit on."""
        return tuple(sorted(self._by_platform))
