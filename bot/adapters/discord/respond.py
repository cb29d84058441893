"""Answer an interaction with a Reply within Discord's three seconds, however long work takes.

The work starts at once; if it has not finished `DEFER_AFTER` seconds after Discord created
the interaction (its snowflake's time: gateway lag and queueing count against the budget
too), the interaction is deferred ("thinking…"), which buys fifteen minutes; when that moment
has already passed on arrival, it is deferred at once. Commands defer publicly and button
clicks ephemerally, the usual shape of their answers; when the reply turns out the other way,
the placeholder is deleted and the reply sent as a follow-up, so an ephemeral answer is never
shown to the channel.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from datetime import datetime
from typing import NamedTuple

import aiohttp
import discord

from bot.adapters.discord.embeds import split_reply
from bot.core.replies import Reply

log = logging.getLogger(__name__)

#: Discord's limit is 3 s from when it created the interaction; keep room for the round trip.
DEFER_AFTER = 2.5


def defer_delay(created_at: datetime, now: datetime) -> float:
    """Seconds the work may still run before deferring: `DEFER_AFTER` counted from the
    interaction's creation, never negative, and never more than `DEFER_AFTER` (a clock
    behind Discord's must not stretch the budget)."""
    age = (now - created_at).total_seconds()
    return min(DEFER_AFTER, max(0.0, DEFER_AFTER - age))


class Answered(NamedTuple):
    reply: Reply
    #: The first message's id (None: not known, the answer failed).
    message_id: int | None
    #: Discord refused the interaction's first response: nothing at all was shown.
    unseen: bool = False


async def answer(interaction: discord.Interaction, work: Awaitable[Reply]) -> Answered:
    """Run `work`, answer with its reply; returns the reply and its first message's id.

    The work always runs to completion, even when Discord cannot be answered (the token
    expired, the channel vanished): a vote is never cut off half-way.
    """
    task = asyncio.ensure_future(work)
    deferred_ephemeral: bool | None = None
    try:
        budget = defer_delay(interaction.created_at, discord.utils.utcnow())
        done = (await asyncio.wait({task}, timeout=budget))[0] if budget > 0 else set()
        if not done:
            deferred_ephemeral = interaction.type is discord.InteractionType.component
            await interaction.response.defer(thinking=True, ephemeral=deferred_ephemeral)
        reply = await task
        return Answered(reply, await _deliver(interaction, reply, deferred_ephemeral))
    except (discord.HTTPException, aiohttp.ClientError, TimeoutError) as error:
        log.exception(
            "could not answer interaction %s in channel %s", interaction.id, interaction.channel_id
        )
        return Answered(await task, None, _unseen(interaction, error))


def _unseen(interaction: discord.Interaction, error: Exception) -> bool:
    """Whether Discord refused the interaction's first response (an expired token, say):
    then nothing was shown. A dropped connection or a server error leaves it unknown."""
    refused = isinstance(error, discord.HTTPException)
    server_error = isinstance(error, discord.DiscordServerError)
    return refused and not server_error and not interaction.response.is_done()


async def _deliver(
    interaction: discord.Interaction, reply: Reply, deferred_ephemeral: bool | None
) -> int:
    """Send every message of the reply; returns the first message's id."""
    first, *rest = split_reply(reply)
    if deferred_ephemeral is None:
        response = await interaction.response.send_message(
            **first.send_kwargs(), ephemeral=reply.ephemeral
        )
        message_id = response.message_id
        if message_id is None:
            message_id = (await interaction.original_response()).id
    elif deferred_ephemeral == reply.ephemeral:
        message_id = (await interaction.edit_original_response(**first.edit_kwargs())).id
    else:
        await interaction.delete_original_response()
        sent = await interaction.followup.send(
            **first.send_kwargs(), ephemeral=reply.ephemeral, wait=True
        )
        message_id = sent.id
    for message in rest:
        await interaction.followup.send(**message.send_kwargs(), ephemeral=reply.ephemeral)
    return message_id
