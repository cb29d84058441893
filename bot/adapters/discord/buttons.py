"""Restart-proof buttons: one dynamic item matches every versioned action id we send.

discord.py routes a click on any message whose custom id matches `ActionButton`'s template
to this class, with no view stored per message. So a poll's buttons keep working after a
restart or an upgrade: the id (e.g. `poll:v1:42:3`) carries everything, and the registry's
action routes decide what it means (unknown prefixes get a clear "no longer supported").
"""

from __future__ import annotations

import re
from typing import Any, Protocol, runtime_checkable

import discord

from bot.core.replies import Button, ButtonStyle
from bot.core.sanitize import clip

#: `prefix:rest`, as the registry routes action ids (matched against the whole custom id).
ACTION_TEMPLATE = re.compile(r"[a-z0-9_-]+:\S+")
#: Discord's limit on a button's label; a longer one is cut with an ellipsis, as on Slack.
LABEL_LIMIT = 80

STYLES = {
    ButtonStyle.PRIMARY: discord.ButtonStyle.primary,
    ButtonStyle.SECONDARY: discord.ButtonStyle.secondary,
    ButtonStyle.SUCCESS: discord.ButtonStyle.success,
    ButtonStyle.DANGER: discord.ButtonStyle.danger,
}


@runtime_checkable
class ButtonHost(Protocol):
    """The client that answers clicks (the adapter's discord.py client)."""

    async def run_action(self, interaction: discord.Interaction, action_id: str) -> None: ...


class ActionButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=ACTION_TEMPLATE):
    """A button whose custom id is a registry action id.

    `routable` is False for a component that is not a button but carries an id matching the
    template (the bot only sends buttons: a stale or forged message). It is still answered,
    with the dispatcher's "no longer supported" notice, instead of failing unanswered.
    """

    def __init__(
        self, item: discord.ui.Button[Any], *, row: int | None = None, routable: bool = True
    ) -> None:
        super().__init__(item, row=row)
        self.routable = routable

    @classmethod
    def of(cls, button: Button, *, row: int | None = None) -> ActionButton:
        item: discord.ui.Button[Any] = discord.ui.Button(
            label=clip(button.label, LABEL_LIMIT),
            style=STYLES[button.style],
            custom_id=button.action_id,
        )
        return cls(item, row=row)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ActionButton:
        """Rebuilt from the clicked message's own component: nothing is remembered between."""
        if not isinstance(item, discord.ui.Button):
            return cls(discord.ui.Button(custom_id=match.group(0)), routable=False)
        return cls(item)

    async def callback(self, interaction: discord.Interaction) -> None:
        host = interaction.client
        if not isinstance(host, ButtonHost):
            raise TypeError(f"{type(host).__name__} cannot answer button clicks")
        # An empty id routes nowhere: the dispatcher answers "no longer supported".
        await host.run_action(interaction, self.custom_id if self.routable else "")
