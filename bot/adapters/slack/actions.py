"""Button clicks (`block_actions`): routed by action id through the core.

A click is acknowledged once the core has handled it (a vote is then committed), or after
the adapter's ack budget at the latest, well inside Slack's 3 seconds; the answer (for a
vote, the ephemeral confirmation) follows through the payload's `response_url`.

Votes carry Slack's delivery identity (team, user and the action's `action_ts`, the same in
every retry of one click) to `PollService.vote` as its idempotency key, so a delivery that
arrives again (`X-Slack-Retry-Num`), even minutes later, is recognised and changes nothing.
The dispatcher has no way to pass such a key, so vote buttons go to the poll service
directly; every other button goes through `Dispatcher.click`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from slack_bolt.context.ack.async_ack import AsyncAck

from bot.adapters.slack.context import Identity, action_identity
from bot.core.context import Context
from bot.core.dispatch import FAILURE
from bot.core.errors import UserError
from bot.core.replies import Reply, notice

if TYPE_CHECKING:
    from bot.adapters.slack.server import SlackAdapter

log = logging.getLogger(__name__)

ANY_ACTION = re.compile(r".+")
#: `poll:v1:<poll>:<option>` (bot/polls/render.py). Voting never depends on admin rights,
#: so no `users.info` lookup is spent on it: hundreds of voters would exhaust that method's
#: rate limit for nothing.
VOTE = re.compile(r"poll:v1:(\d+):(\d+)")


def delivery_key(identity: Identity, action: Mapping[str, Any], body: Mapping[str, Any]) -> str:
    """The same for a delivery and its retries, different for every real click."""
    stamp = action.get("action_ts") or body.get("trigger_id") or ""
    return f"{identity.team}:{identity.user}:{stamp}"


class ButtonClicks:
    def __init__(self, adapter: SlackAdapter) -> None:
        self.adapter = adapter

    async def on_action(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        work = self.adapter.spawn(self.run(body))
        await self.adapter.within_budget(work)
        await ack()

    async def run(self, body: dict[str, Any]) -> None:
        identity = action_identity(body)
        for action in body.get("actions") or []:
            action_id = str(action.get("action_id", ""))
            vote = VOTE.fullmatch(action_id)
            ctx = await self.adapter.contexts.build(identity, check_admin=vote is None)
            if vote is None:
                reply = await self.adapter.app.dispatcher.click(ctx, action_id)
            else:
                key = delivery_key(identity, action, body)
                reply = await self.vote(ctx, int(vote[1]), int(vote[2]), key)
            self.adapter.spawn(self.adapter.deliver(ctx, reply, body.get("response_url")))

    async def vote(self, ctx: Context, poll_id: int, option: int, key: str) -> Reply:
        """A keyed vote, answered like any click: refusals and failures as notices."""
        try:
            return await self.adapter.app.polls.vote(ctx, poll_id, option, key=key)
        except UserError as error:
            return notice(error.message)
        except Exception:
            log.exception("vote on poll %d failed (channel=%s)", poll_id, ctx.channel)
            return notice(FAILURE)


def register(adapter: SlackAdapter) -> None:
    adapter.bolt.action(ANY_ACTION)(ButtonClicks(adapter).on_action)
