"""How the core speaks first (live poll edits, daily posts) without knowing the platform."""

from __future__ import annotations

from typing import Protocol

from bot.core.context import ChannelRef
from bot.core.replies import Reply


class DeliveryError(Exception):
    """A post or edit the platform refused (channel gone, bot removed, missing permission).

    `permanent` separates "retrying cannot help" from transient failures such as rate limits
    or timeouts, so schedulers can back off or pause accordingly. `gone` says more: the
    message or channel no longer exists, so a reference to it can be dropped for good. A
    permanent refusal that is not `gone` (revoked token, missing scope, a block the platform
    rejects) may heal after an operator's fix, so references must survive it. `gone`
    implies `permanent`.

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
        unknown: bool = False,
        hint: str = "",
    ) -> None:
        super().__init__(message)
        self.permanent = permanent or gone
        self.gone = gone
        self.unknown = unknown
        self.hint = hint


class Outbound(Protocol):
    """Implemented by each adapter for its platform."""

    platform: str

    async def post(self, channel: ChannelRef, reply: Reply) -> str:
        """Post a message; returns the platform's reference to it (for later edits)."""
        ...

    async def edit(self, channel: ChannelRef, message_ref: str, reply: Reply) -> None:
        """Replace a message the bot posted earlier."""
        ...


class Outbounds:
    """The outbound side of every running adapter, by platform name."""

    def __init__(self) -> None:
        self._by_platform: dict[str, Outbound] = {}

    def add(self, outbound: Outbound) -> None:
        self._by_platform[outbound.platform] = outbound

    def get(self, platform: str) -> Outbound | None:
        return self._by_platform.get(platform)

    def platforms(self) -> tuple[str, ...]:
        """The platforms this process can post to and edit on."""
        return tuple(sorted(self._by_platform))
