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

import asyncio
import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from slack_bolt.context.ack.async_ack import AsyncAck

from bot.adapters.slack.context import Identity, action_identity, clicked_message
from bot.core.context import Context
from bot.core.replies import Reply

if TYPE_CHECKING:
    from bot.adapters.slack.server import SlackAdapter

log = logging.getLogger(__name__)

ANY_ACTION = re.compile(r".+")
#: The only clicks whose answer depends on admin rights: `poll:v1:<poll>:close` and
#: `poll:v1:<poll>:next` (bot/polls/render.py), which the creator or an admin may press.
#: Every other click (votes, hundreds per poll; the daily post's "Who's right?", which
#: anyone may press) spends no `users.info` lookup: they would exhaust that method's rate
#: limit for nothing.
NEEDS_ADMIN = re.compile(r"poll:v1:[0-9]+:(close|next)")


def delivery_key(identity: Identity, action: Mapping[str, Any], body: Mapping[str, Any]) -> str:
    """The same for a delivery and its retries, different for every real click; "" (no key,
    so no de-duplication) when the payload carries neither `action_ts` nor `trigger_id`,
    rather than one constant key that would make a user's later clicks look like retries."""
    stamp = action.get("action_ts") or body.get("trigger_id")
    return f"{identity.team}:{identity.user}:{stamp}" if stamp else ""


class ButtonClicks:
    def __init__(self, adapter: SlackAdapter) -> None:
        self.adapter = adapter

    async def on_action(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        loop = asyncio.get_running_loop()
        handled: asyncio.Future[bool] = loop.create_future()
        acked: asyncio.Future[bool] = loop.create_future()
        self.adapter.spawn(self.run(body, handled, acked))
        try:
            await self.within_budget(handled)
            await ack()
        finally:
            # Returning hands the response to Bolt and aiohttp, which write it before this
            # task next waits; the answers wait for this, so they never delay the ack.
            settle(acked, True)

    async def within_budget(self, handled: asyncio.Future[bool]) -> None:
        """Wait until the click is handled, at most the adapter's `ack_budget` seconds.

        One timer settles the same future the work settles, whichever comes first: no
        extra task or waiter per click.
        """
        loop = asyncio.get_running_loop()
        timer = loop.call_later(self.adapter.ack_budget, settle, handled, False)
        try:
            in_time = await handled
        finally:
            timer.cancel()
        if not in_time:
            budget = self.adapter.ack_budget
            log.info("acknowledging before the work finished (over %.1f s)", budget)

    async def run(
        self, body: dict[str, Any], handled: asyncio.Future[bool], acked: asyncio.Future[bool]
    ) -> None:
        """Handle every action, release the acknowledgement, then answer once it is written:
        one task a click. The answers go out after the ack, so they never count against
        Slack's 3 s, and a burst of committed votes is acknowledged before the CPU work of
        their confirmations begins (run first, that work held every ack of the burst up)."""
        try:
            identity = action_identity(body)
            actions = body.get("actions") or []
            answers = [await self.click(identity, action, body) for action in actions]
        finally:
            settle(handled, True)
        await acked
        for ctx, reply in answers:
            await self.adapter.deliver(ctx, reply, body.get("response_url"))
        if answers:
            await self.adapter.learn_name(answers[0][0])

    async def click(
        self, identity: Identity, action: Mapping[str, Any], body: Mapping[str, Any]
    ) -> tuple[Context, Reply]:
        action_id = str(action.get("action_id", ""))
        message, ephemeral = clicked_message(body)
        ctx = await self.adapter.contexts.build(
            identity,
            check_admin=NEEDS_ADMIN.fullmatch(action_id) is not None,
            delivery=delivery_key(identity, action, body),
            message=message,
            ephemeral_message=ephemeral,
        )
        return ctx, await self.adapter.app.dispatcher.click(ctx, action_id)


def settle(handled: asyncio.Future[bool], in_time: bool) -> None:
    """Let the click be acknowledged (`in_time`: its work finished within the budget)."""
    if not handled.done():
        handled.set_result(in_time)


def register(adapter: SlackAdapter) -> None:
    adapter.bolt.action(ANY_ACTION)(ButtonClicks(adapter).on_action)
