"""The poll commands (/poll, /vote, /results, /close) and the poll buttons' action handler.

Declarations only: validation of a custom poll is `PollDraft`'s, everything stateful is
`PollService`'s, so the console, Slack and Discord all get the same behaviour.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cached_property
from typing import Any

from bot.core.command_lines import written
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.registry import (
    Choice,
    Command,
    Option,
    OptionType,
    OptionValue,
    Permission,
    Registry,
)
from bot.core.replies import Reply
from bot.knowledge import PollSpec
from bot.polls.model import MAX_DURATION, MAX_OPTIONS, MAX_QUESTION, MIN_DURATION, PollDraft
from bot.polls.render import ACTION_PREFIX, MOVED_ACTION, NEXT_ACTION, parse_button
from bot.polls.service import PollService

CATEGORY = "polls"
#: Autocomplete source: the open polls of the caller's conversation.
OPEN_POLLS = "open-polls"
_POLL_NUMBER = Option(
    "poll",
    "The poll's number, shown as #N",
    OptionType.INTEGER,
    min_value=1,
    autocomplete=OPEN_POLLS,
)
_REQUIRED_POLL_NUMBER = replace(_POLL_NUMBER, required=True)


class PollCommands:
    """Handlers over one PollService; `register` declares them in a Registry."""

    def __init__(self, polls: PollService, pack_poll: PollSpec) -> None:
        self.polls = polls
        self.pack_poll = pack_poll

    @cached_property
    def poll_command(self) -> Command:
        """/poll's declaration; its refusals write the lines they suggest from it."""
        return Command(
            name="poll",
            description="Start the debate's “who's right?” poll, or a custom poll",
            handler=self.poll,
            options=(
                Option(
                    "question",
                    f"Your question (up to {MAX_QUESTION} characters)",
                    max_length=MAX_QUESTION,
                    ends_at="?",
                ),
                Option(
                    "options",
                    f"2 to {MAX_OPTIONS} choices separated by |, e.g. A | B",
                    placeholder="A | B",
                    separator="|",
                ),
                Option(
                    "duration",
                    "Close automatically after e.g. 30m, 2h or 1d (1 minute to 32 days)",
                    OptionType.DURATION,
                    min_value=MIN_DURATION,
                    max_value=MAX_DURATION,
                ),
                Option("anonymous", "Never show who voted for what", OptionType.BOOLEAN),
                Option("multi", "Let voters pick several options", OptionType.BOOLEAN),
                Option(
                    "hide_results",
                    "Show only the number of votes until the poll closes",
                    OptionType.BOOLEAN,
                ),
                Option(
                    "rounds",
                    "2: vote before and after the debate; the side that gains most wins",
                    OptionType.INTEGER,
                    min_value=1,
                    max_value=2,
                ),
            ),
            examples=(
                "/poll",
                '/poll question:"Tabs or spaces?" options:Tabs | Spaces duration:1d',
                '/poll question:"Lunch?" options:Pizza | Sushi | Tacos multi:true',
                "/poll rounds:2 duration:1h",
            ),
            category=CATEGORY,
        )

    def register(self, registry: Registry) -> None:
        registry.add(self.poll_command)
        registry.add(
            Command(
                name="vote",
                description="Vote in a poll by option number or label (again to retract)",
                handler=self.vote,
                options=(
                    _REQUIRED_POLL_NUMBER,
                    Option(
                        "option",
                        "The option's number, its label or a word of it; #N is always option N",
                        required=True,
                    ),
                ),
                examples=("/vote 3 1", "/vote #3 Aaron Gin"),
                category=CATEGORY,
            )
        )
        registry.add(
            Command(
                name="results",
                description="A poll's results with a chart (default: this channel's latest)",
                handler=self.results,
                options=(_POLL_NUMBER,),
                examples=("/results", "/results 3"),
                category=CATEGORY,
            )
        )
        registry.add(
            Command(
                name="close",
                description="Close a poll now, or end round 1 of a two-round poll (creator/admin)",
                handler=self.close,
                options=(_REQUIRED_POLL_NUMBER,),
                permission=Permission.MIXED,
                examples=("/close 3",),
                category=CATEGORY,
            )
        )
        registry.add_action(ACTION_PREFIX, self.click)
        registry.add_autocomplete(OPEN_POLLS, self.suggest_open_polls)

    async def poll(self, ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        question, choices = options.get("question"), options.get("options")
        duration = options.get("duration")
        flags: dict[str, Any] = {
            "duration": int(duration) if duration is not None else None,
            "multi": bool(options.get("multi", False)),
            "anonymous": bool(options.get("anonymous", False)),
            "hide_results": bool(options.get("hide_results", False)),
            "rounds": int(options.get("rounds", 1)),
        }
        if question is None and choices is None:
            draft = PollDraft.from_pack(self.pack_poll, **flags)
        elif question is None or choices is None:
            example = '/poll question:"Tabs or spaces?" options:Tabs | Spaces'
            shown = written(self.poll_command, example, fields=ctx.option_fields)
            raise UserError(
                f"A custom poll needs both a question and options, e.g. {shown}. "
                "Or type /poll alone for the debate's poll."
            )
        else:
            draft = PollDraft.custom(str(question), str(choices), **flags)
        return await self.polls.create(ctx, draft)

    async def vote(self, ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        poll = await self.polls.poll_for(ctx, int(options["poll"]))
        option = poll.find_option(str(options["option"]))
        return await self.polls.vote(ctx, poll.id, option, typed=True)

    async def results(self, ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        poll_id = options.get("poll")
        return await self.polls.results(ctx, int(poll_id) if poll_id is not None else None)

    async def close(self, ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        return await self.polls.close(ctx, int(options["poll"]))

    async def click(self, ctx: Context, parts: Sequence[str]) -> Reply:
        """`poll:v1:<poll>:<option>` votes, `poll:v1:<poll>:close` closes, `...:next` opens
        round 2 and `...:moved:<point>` picks an argument (see render.py)."""
        button = parse_button(parts)
        # A click counts only from a message showing its poll (`ctx.message`, "" when the
        # platform named none, which then matches nothing), or from a private card of it
        # in the poll's own conversation (checked by conversation alone).
        message = None if ctx.ephemeral_message else ctx.message
        key = ctx.delivery or None
        if button.action == MOVED_ACTION and button.point is not None:
            return await self.polls.pick(
                ctx, button.poll_id, button.point, key=key, message=message
            )
        if button.action == NEXT_ACTION:
            return await self.polls.next_round(ctx, button.poll_id, message=message)
        if button.option is None:
            return await self.polls.close(ctx, button.poll_id, message=message)
        return await self.polls.vote(ctx, button.poll_id, button.option, key=key, message=message)

    async def suggest_open_polls(self, ctx: Context, typed: str) -> list[Choice]:
        """Open polls of the caller's conversation whose number or question matches."""
        wanted = typed.strip().lstrip("#").lower()
        return [
            Choice(f"#{poll.id} {poll.question}"[:100], str(poll.id))
            for poll in await self.polls.open_polls_in(ctx.channel_ref, limit=25)
            if wanted in str(poll.id) or wanted in poll.question.lower()
        ]
