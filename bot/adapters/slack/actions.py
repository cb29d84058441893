"""Button clicks (`block_actions`): routed by action id through the core.

A click is acknowledged once the core has handled it (a vote is then committed), or after
the adapter's ack budget at the latest, well inside Slack's 3 seconds; the answer (for a
vote, the ephemeral confirmation) follows through the payload's `response_url`.

Every click carries Slack's delivery identity (team, user and the action's `action_ts`, the
same in every retry of one click) as `Context.delivery`, which votes use as their idempotency
key, so a delivery that arrives again (`X-Slack-Retry-Num`), even minutes later, is
recognised and changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from slack_bolt.context.ack.async_ack import AsyncAck

from bot.adapters.slack.context import Identity, action_identity

if TYPE_CHECKING:
    from bot.adapters.slack.server import SlackAdapter

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
            is_vote = VOTE.fullmatch(action_id) is not None
            ctx = await self.adapter.contexts.build(identity, check_admin=not is_vote)
            ctx = replace(ctx, delivery=delivery_key(identity, action, body))
            reply = await self.adapter.app.dispatcher.click(ctx, action_id)
            self.adapter.spawn(self.adapter.deliver(ctx, reply, body.get("response_url")))


def register(adapter: SlackAdapter) -> None:
    adapter.bolt.action(ANY_ACTION)(ButtonClicks(adapter).on_action)
