"""The App Home tab: the open polls the user started or voted in, with their tallies,
today's takeaway, and every command, published with `views.publish` whenever someone opens
the tab.

Polls appear without their buttons: a click on the Home tab has no channel and no
`response_url` to confirm a vote in, so the tab links to the channel where the poll lives.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bot.adapters.slack.blocks import MAX_HOME_BLOCKS, SlackBlock, card_blocks, fit, header
from bot.adapters.slack.context import PLATFORM, event_identity
from bot.commands.help import help_cards
from bot.core.context import UserRef
from bot.core.outbound import DeliveryError
from bot.core.replies import Buttons
from bot.polls import render

if TYPE_CHECKING:
    from bot.adapters.slack.server import SlackAdapter

log = logging.getLogger(__name__)

DAY = 86400
#: Open polls shown at most (newest first), so the tab stays within Slack's 100 blocks.
MAX_POLLS = 8
_SLACK_ID = re.compile(r"[A-Z0-9]+")


class AppHome:
    def __init__(self, adapter: SlackAdapter) -> None:
        self.adapter = adapter

    async def on_home_opened(self, body: dict[str, Any]) -> None:
        """Events are acknowledged by Bolt when this returns; publishing happens after."""
        event = body.get("event") or {}
        if event.get("tab", "home") == "home":
            self.adapter.spawn(self.publish(body))

    async def publish(self, body: dict[str, Any]) -> None:
        """Publish the user's tab. Slack refusing it (its rate limit outlasting the client's
        waits, the bot's access) is one WARNING line: it was an ERROR with a traceback at
        each opening, for nothing the bot did wrong, and nobody waits on an answer (the
        next opening publishes anew). A view Slack refused as built is a bug of ours: ERROR."""
        identity = event_identity(body)
        view = {"type": "home", "blocks": await self.blocks(identity.team, identity.user)}
        try:
            await self.adapter.call_api(
                "views.publish",
                self.adapter.client.views_publish(user_id=identity.user, view=view),
            )
        except DeliveryError as error:
            level = logging.ERROR if error.malformed else logging.WARNING
            log.log(level, "App Home of %s not shown: %s", identity.user, error)

    async def blocks(self, team: str, user: str) -> list[SlackBlock]:
        app = self.adapter.app
        blocks: list[SlackBlock] = [header(app.pack.title), {"type": "divider"}]
        blocks += await self.poll_blocks(team, user)
        blocks += self.takeaway_blocks()
        blocks.append(header("Commands"))
        for card in help_cards(app.registry):
            blocks += card_blocks(card)
        return fit(blocks, MAX_HOME_BLOCKS)

    async def poll_blocks(self, team: str, user: str) -> list[SlackBlock]:
        """Each open poll the user started or voted in: its live card without buttons, and
        where to vote. Only those: the tab is the user's, and a poll of a private channel or
        a DM must not be shown to someone outside it (a channel id does not say which
        channels are public, so "polls you have taken part in" is the rule)."""
        polls = self.adapter.app.polls
        blocks: list[SlackBlock] = [header("Open polls")]
        shown = 0
        for poll in await polls.open_polls_of(UserRef(PLATFORM, team, user), limit=MAX_POLLS):
            card = render.poll_message(poll, await polls.store.tally(poll)).cards[0]
            kept = tuple(b for b in card.blocks if not isinstance(b, Buttons))
            blocks += card_blocks(replace(card, blocks=kept))
            if _SLACK_ID.fullmatch(poll.channel.channel):
                # Both ways are in the poll's channel: elsewhere /vote finds no poll #N.
                where = (
                    f"Vote in <#{poll.channel.channel}>, with its buttons or "
                    f"`/vote {poll.id} &lt;option&gt;`"
                )
                if poll.edit_refused:  # the tally shown there stopped moving (`LiveTally`)
                    where += f"\nIts message can't show new votes: {poll.edit_refused}"
                blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": where}]})
            blocks.append({"type": "divider"})
            shown += 1
        if not shown:
            # Not "in any channel": one without the bot refuses the poll.
            invite = f"`/invite @{await self.adapter.bot_name()}`"
            start = f"Start one with `/poll` in a channel I'm in ({invite} adds me)."
            blocks.append(_mrkdwn_section(f"No open polls of yours. {start}"))
            blocks.append({"type": "divider"})
        return blocks

    def takeaway_blocks(self) -> list[SlackBlock]:
        """Today's takeaway: the same for everyone all day (UTC), cycling through the pack."""
        app = self.adapter.app
        count = len(app.pack.takeaways)
        if not count:
            return []
        index = int(app.clock.now() // DAY) % count
        card = app.knowledge.cards.takeaway_card(index)
        return [header("Today's takeaway"), *card_blocks(card), {"type": "divider"}]


def _mrkdwn_section(text: str) -> SlackBlock:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def register(adapter: SlackAdapter) -> None:
    adapter.bolt.event("app_home_opened")(AppHome(adapter).on_home_opened)
