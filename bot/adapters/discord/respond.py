"""Answer an interaction with a Reply within Discord's three seconds, however long work takes.

The work starts at once; if it has not finished `DEFER_AFTER` seconds after Discord created
the interaction (its snowflake's time: gateway lag and queueing count against the budget
too), the interaction is deferred ("thinking…"), which buys fifteen minutes; when that moment
has already passed on arrival, it is deferred at once, before the work starts, so that one
Discord has already given up on (10062) is not done at all. Commands defer publicly and button
clicks ephemerally, the usual shape of their answers; when the reply turns out the other way,
the placeholder is deleted and the reply sent as a follow-up, so an ephemeral answer is never
shown to the channel.

When the answer cannot be delivered (Discord refuses it, the connection drops), the user is
told so where they are looking (`_own_up`): "thinking…" left on screen would spin until
Discord gives up on it, with no word of what happened. An answer of several messages whose
later one fails for good is cut short there, and its user told so privately (`_follow_up`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import aiohttp
import discord

from bot.adapters.discord.embeds import DiscordMessage, split_reply
from bot.core.dispatch import FAILED, FAILURE
from bot.core.replies import Reply

log = logging.getLogger(__name__)

#: Discord's limit is 3 s from when it created the interaction; keep room for the round trip.
DEFER_AFTER = 2.5
#: How answering an interaction fails: Discord refuses, or cannot be reached.
DELIVERY_ERRORS = (discord.HTTPException, aiohttp.ClientError, TimeoutError)
#: Discord's code for an interaction whose token is dead (answered too late, or unknown).
UNKNOWN_INTERACTION = 10062
#: Told when a change (a vote, a close, a daily schedule set or stopped) was made but its
#: answer could not be shown: "try again" would repeat it (a vote clicked again more than
#: 2 s later is taken back, /daily now posts another takeaway).
ANSWER_LOST = f"{FAILED} What you asked for was done, but its answer could not be shown here."


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


@dataclass
class Screen:
    """What the interaction shows so far: where a failure notice can still go."""

    #: The interaction was acknowledged (answered, or deferred): it takes no other response.
    acknowledged: bool = False
    #: Its "thinking…" placeholder is on screen, to be replaced by the answer.
    placeholder: bool = False
    #: The reply's first message is on screen: nothing is left to own up to.
    answered: bool = False


async def answer(
    interaction: discord.Interaction, start: Callable[[], Awaitable[Reply]]
) -> Answered:
    """Run the work `start()` begins, answer with its reply; returns the reply and its first
    message's id.

    The work always runs to completion, even when Discord cannot be answered (the token
    expired, the channel vanished): a vote is never cut off half-way. Only an interaction
    already past the budget on arrival (one replayed after a gateway RESUME, or held up by
    lag) is deferred before its work starts, and if Discord has given up on it (10062) the
    work never starts: its user was shown "This interaction failed", and clicks or types
    again. Done unseen, a vote clicked again was taken back, or told "clicked twice".
    """
    task: asyncio.Future[Reply] | None = None
    screen = Screen()
    deferred_ephemeral: bool | None = None
    try:
        budget = defer_delay(interaction.created_at, discord.utils.utcnow())
        in_time = False
        if budget > 0:
            task = asyncio.ensure_future(start())
            in_time = bool((await asyncio.wait({task}, timeout=budget))[0])
        if not in_time:
            deferred_ephemeral = interaction.type is discord.InteractionType.component
            await interaction.response.defer(thinking=True, ephemeral=deferred_ephemeral)
            screen.acknowledged = screen.placeholder = True
        task = task or asyncio.ensure_future(start())
        reply = await task
        return Answered(reply, await _deliver(interaction, reply, deferred_ephemeral, screen))
    except DELIVERY_ERRORS as error:
        if task is None and getattr(error, "code", None) == UNKNOWN_INTERACTION:
            log.info(
                "interaction %s in channel %s arrived after Discord gave up on it; not done",
                interaction.id,
                interaction.channel_id,
            )
            return Answered(Reply(), None, unseen=True)
        log.exception(
            "could not answer interaction %s in channel %s", interaction.id, interaction.channel_id
        )
        reply = await (task or asyncio.ensure_future(start()))
        return Answered(reply, None, await _own_up(interaction, screen, error, _lost(reply)))
    except Exception as error:  # the work's own failure: told, then raised to be logged
        await _own_up(interaction, screen, error, FAILURE)
        raise


def _lost(reply: Reply) -> str:
    """What someone whose answer could not be shown is told: that it was done, for the
    answer to a change (`Reply.done`: a vote, a close, a daily schedule set or stopped, a
    takeaway posted); else "try again", which repeats nothing (an answer, a refusal) or
    starts the new poll that, unseen, is discarded."""
    return ANSWER_LOST if reply.done else FAILURE


async def _deliver(
    interaction: discord.Interaction,
    reply: Reply,
    deferred_ephemeral: bool | None,
    screen: Screen,
) -> int:
    """Send every message of the reply, keeping `screen` up to date; returns the first
    message's id."""
    first, *rest = split_reply(reply)
    if deferred_ephemeral is None:
        response = await interaction.response.send_message(
            **first.send_kwargs(), ephemeral=reply.ephemeral
        )
        screen.acknowledged = True
        message_id = response.message_id
        if message_id is None:
            message_id = (await interaction.original_response()).id
    elif deferred_ephemeral == reply.ephemeral:
        message_id = (await interaction.edit_original_response(**first.edit_kwargs())).id
    else:
        await interaction.delete_original_response()
        screen.placeholder = False
        sent = await interaction.followup.send(
            **first.send_kwargs(), ephemeral=reply.ephemeral, wait=True
        )
        message_id = sent.id
    screen.answered = True
    await _follow_up(interaction, reply, rest)
    return message_id


def cut_short(shown: int, total: int, *, done: bool) -> str:
    """What someone whose long answer stopped part-way is told: where it stopped, and to
    ask again, unless the answer is to a change (`Reply.done`), which asking again would
    repeat. A message whose connection dropped may have arrived after all: "the rest" is
    then one message fewer than it says, and still missing its end."""
    told = (
        f"This answer was cut short after message {shown} of {total}: the rest could not "
        "be shown here."
    )
    return told if done else f"{told} Ask again to see it whole."


async def _follow_up(
    interaction: discord.Interaction, reply: Reply, rest: list[DiscordMessage]
) -> None:
    """Send the reply's messages after the first, in order. One that fails for good
    (discord.py gave up after five 429s, Discord refused it, the connection failed) ends
    the answer there: the first message is on screen, so `_own_up` has nothing to replace,
    and the user would read a cut answer as whole. They are told once, privately, how much
    they see (`cut_short`), and the operator reads one line, not a traceback, whether
    that notice got through or not."""
    total = len(rest) + 1
    for shown, message in enumerate(rest, start=1):
        try:
            await interaction.followup.send(**message.send_kwargs(), ephemeral=reply.ephemeral)
        except DELIVERY_ERRORS as error:
            notice = cut_short(shown, total, done=reply.done)
            try:
                await interaction.followup.send(notice, ephemeral=True)
            except DELIVERY_ERRORS as failure:
                told = f"nor could its user be told: {failure!r}"
            else:
                told = "its user was told"
            log.warning(
                "interaction %s in channel %s: only %d of its answer's %d messages were sent "
                "(%r); %s",
                interaction.id,
                interaction.channel_id,
                shown,
                total,
                error,
                told,
            )
            return


async def _own_up(
    interaction: discord.Interaction, screen: Screen, error: Exception, notice: str
) -> bool:
    """Tell the user their answer failed (`notice`), where they are looking: in place of the
    placeholder, if it is still "thinking…" (a dropped edit may have arrived: Discord is
    asked), else privately. Nothing when the answer is on screen, or when the interaction's
    token is dead (10062: Discord takes nothing more for it).

    Returns whether the answer is known not to be on screen (`Answered.unseen`): Discord
    refused it (a client error, not a server's), or its placeholder is still loading. A
    dropped connection or a server error leaves that unknown. A failure to tell is only
    logged: the one that led here already was."""
    if screen.answered:
        return False
    if getattr(error, "code", None) == UNKNOWN_INTERACTION:
        return True
    if screen.placeholder:
        try:
            loading = (await interaction.original_response()).flags.loading
        except DELIVERY_ERRORS as failure:
            log.warning("could not read interaction %s's answer: %r", interaction.id, failure)
            return False
        if loading:
            failed = DiscordMessage(notice).edit_kwargs()
            await _tell(interaction, interaction.edit_original_response(**failed))
        return loading
    if screen.acknowledged:
        await _tell(interaction, interaction.followup.send(notice, ephemeral=True))
    else:
        await _tell(interaction, interaction.response.send_message(notice, ephemeral=True))
    return isinstance(error, discord.HTTPException) and not isinstance(
        error, discord.DiscordServerError
    )


async def _tell(interaction: discord.Interaction, notice: Awaitable[object]) -> None:
    """Send the failure notice; a failure here is logged only."""
    try:
        await notice
    except DELIVERY_ERRORS as failure:
        log.warning(
            "could not tell interaction %s that its answer failed: %r", interaction.id, failure
        )
