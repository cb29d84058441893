"""The poll commands (/poll, /vote, /results, /close) and the poll buttons' action handler.

Declarations only: validation of a custom poll is `PollDraft`'s, everything stateful is
`PollService`'s, so the console, Slack and Discord all get the same behaviour.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cached_property
from typing import Any

from bot.core.command_lines import written
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.grammar import parse_arguments, quote
from bot.core.ids import parse_id
from bot.core.markup import printable
from bot.core.registry import (
    Choice,
    Command,
    Option,
    OptionType,
    OptionValue,
    Permission,
    Registry,
)
from bot.core.replies import Marked, Reply, command_line
from bot.core.sanitize import beside_code, comparison_key, isolated, neutralize_mentions
from bot.core.typos import nearest
from bot.knowledge import PollSpec
from bot.polls.model import (
    MAX_DURATION,
    MAX_OPTIONS,
    MAX_QUESTION,
    MIN_DURATION,
    Poll,
    PollDraft,
    named_by,
)
from bot.polls.render import ACTION_PREFIX, MOVED_ACTION, NEXT_ACTION, parse_button
from bot.polls.service import POLLS_LISTED, PollService

CATEGORY = "polls"
#: Autocomplete sources: the open polls of the caller's conversation (to vote in or
#: close), and every poll shown there, closed ones too (whose results people look up most).
OPEN_POLLS = "open-polls"
SHOWN_POLLS = "shown-polls"
#: Autocomplete source: the options of the poll named in the command's poll field.
POLL_OPTIONS = "poll-options"
_POLL_NUMBER = Option(
    "poll",
    "The poll's number, shown as #N",
    OptionType.INTEGER,
    min_value=1,
    autocomplete=SHOWN_POLLS,
)
_REQUIRED_POLL_NUMBER = replace(_POLL_NUMBER, required=True, autocomplete=OPEN_POLLS)
#: Discord shows at most 25 suggestions (its adapter cuts each name to its limit).
MAX_SUGGESTIONS = 25
#: The open polls a vote typed without its poll's number is read against: all of a
#: conversation's, short of a flood; with this many, one more may name the same option,
#: so the vote is refused with suggestions (`vote_hint`), never cast on a guess. Discord's
#: poll suggestions read as many, so the poll `/vote Tacos` finds is offered there too.
UNNUMBERED_READ = 100


class PollCommands:
    """Handlers over one PollService; `register` declares them in a Registry."""

    def __init__(self, polls: PollService, pack_poll: PollSpec) -> None:
        self.polls = polls
        self.pack_poll = pack_poll

    def _example_label(self) -> str:
        """An option of the pack's own poll, as /vote takes it typed: "Aaron Gin" named no
        option in any other pack."""
        label = self.pack_poll.options[min(1, len(self.pack_poll.options) - 1)].label
        return label if re.fullmatch(r"\w+(?: \w+)*", label) else quote(label)

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

    @cached_property
    def vote_command(self) -> Command:
        """/vote's declaration; a vote typed without its poll's number is told the lines
        that name one (`vote_hint`), written from it."""
        return Command(
            name="vote",
            description="Vote in a poll by option number or label (again to retract)",
            handler=self.vote,
            options=(
                _REQUIRED_POLL_NUMBER,
                Option(
                    "option",
                    "The option's number, label or a word of it (#N is option N); "
                    "in a multi-choice poll, several: 1, 3",
                    required=True,
                    autocomplete=POLL_OPTIONS,
                ),
            ),
            examples=("/vote 3 1", f"/vote #3 {self._example_label()}"),
            category=CATEGORY,
            refusal_hint=self.vote_hint,
            second_reading=self.vote_unnumbered,
        )

    def register(self, registry: Registry) -> None:
        registry.add(self.poll_command)
        registry.add(self.vote_command)
        registry.add(
            Command(
                name="results",
                description="A poll's results with a chart (default: this channel's latest)",
                handler=self.results,
                options=(_POLL_NUMBER,),
                examples=("/results", "/results 3"),
                category=CATEGORY,
                refusal_hint=self.polls_hint,
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
                refusal_hint=self.polls_hint,
            )
        )
        registry.add_action(ACTION_PREFIX, self.click)
        registry.add_autocomplete(OPEN_POLLS, self.suggest_open_polls)
        registry.add_autocomplete(SHOWN_POLLS, self.suggest_shown_polls)
        registry.add_autocomplete(POLL_OPTIONS, self.suggest_options)

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
                Marked(
                    "A custom poll needs both a question and options, e.g. ",
                    shown,
                    ". Or type ",
                    command_line("poll"),
                    " alone for the debate's poll.",
                )
            )
        else:
            draft = PollDraft.custom(str(question), str(choices), **flags)
        return await self.polls.create(ctx, draft)

    async def vote(self, ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        poll = await self.polls.poll_for(ctx, int(options["poll"]))
        return await self._cast(ctx, poll, poll.find_options(str(options["option"])))

    async def _cast(self, ctx: Context, poll: Poll, chosen: tuple[int, ...]) -> Reply:
        """A typed vote for the options read (`Poll.find_options`): several, in a
        multiple-choice poll, are added (again, nothing); one is voted as a click on it
        is. Both under the command's delivery key, so a platform's retry of the command
        counts once whenever it comes, where a second vote would take one back and a
        second list would add again what the voter took back since."""
        if len(chosen) > 1:
            return await self.polls.add_votes(ctx, poll, chosen)
        return await self.polls.vote(ctx, poll.id, chosen[0], key=ctx.delivery or None, typed=True)

    async def vote_unnumbered(self, ctx: Context, raw: Mapping[str, OptionValue]) -> Reply | None:
        """`/vote Tacos`, its poll's number left out (words fill options in order, so
        "Tacos" was read as the number and refused): cast when the words name an option
        of only one open poll of this conversation (as `vote_hint` reads them), and name
        it by its label; the answer says which poll it went to. Two such polls are left to
        `vote_hint`'s suggestions (both may have a "Tacos"), and so is a number among
        words: in `/vote 1, 3` or `/vote option 2`, 1 may well be the poll meant, and a
        number that is some poll's must never be read as an option.

        A number typed alone (`/vote 2`) was always refused "needs `option`", though with
        one poll open here and no poll #2 in this conversation it can only be option 2 of
        that poll (a poll elsewhere cannot be voted in from here): cast there
        (`_lone_number_poll`)."""
        number = _lone_number(raw)
        if number is not None:
            poll = await self._lone_number_poll(ctx, number)
            return None if poll is None else await self._cast_in(ctx, poll, number, by_number=True)
        words = _unnumbered_words(raw)
        if not words:
            return None
        open_here = await self.polls.open_polls_in(ctx.channel_ref, limit=UNNUMBERED_READ)
        meant = [poll for poll in open_here if _names_an_option(poll, words)]
        if len(open_here) >= UNNUMBERED_READ or len(meant) != 1:
            return None
        return await self._cast_in(ctx, meant[0], words, by_number=False)

    async def _cast_in(
        self, ctx: Context, found: Poll, words: str, *, by_number: bool
    ) -> Reply | None:
        """The vote `words` name in `found`, typed without its number, cast as `/vote N
        words` would be, with the poll's question after the answer (the voter never named
        the poll); None where they name no option of it (`Poll.find_options`)."""
        try:
            chosen = found.find_options(words, by_number=by_number)
        except UserError:
            return None
        poll = await self.polls.poll_for(ctx, found.id)  # as `/vote N Tacos` reads it
        reply = await self._cast(ctx, poll, chosen)
        asked = f" Poll #{poll.id} asks “{beside_code(poll.question, 60)}”."
        return replace(reply, text=Marked(reply.text, asked))

    async def _lone_number_poll(self, ctx: Context, number: str) -> Poll | None:
        """The poll a number typed alone after /vote can only mean an option of: the one
        poll open here, when no poll of this conversation, open or closed, has that
        number (`/vote 1` may be poll #1 with its option left out). None otherwise."""
        open_here = await self.polls.open_polls_in(ctx.channel_ref, limit=2)
        if len(open_here) != 1 or await self.polls.poll_here(ctx, _poll_number(number)):
            return None
        return open_here[0]

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

    async def polls_hint(self, ctx: Context, raw: Mapping[str, OptionValue]) -> str:
        """After a refused poll number (`/close` alone, `/results Lunch`): the polls of
        this conversation one could name."""
        if _reads_as_poll_number(raw):
            return ""  # the refusal is of another value
        return await self._open_here(ctx)

    async def vote_hint(self, ctx: Context, raw: Mapping[str, OptionValue]) -> str:
        """After a vote typed without its poll's number (`/vote Pizza`: words fill options
        in order, so "Pizza" was read as the number), the vote meant in each open poll of
        this conversation that has an option the words name, else the option their label
        is a typo of (`typos.nearest`: `/vote piza` was told of poll numbers, never of
        Pizza), else the polls one could name. Suggested where `vote_unnumbered` did not
        cast it: two polls may both have a "Pizza", and a typo is a guess.
        A number typed alone gets `_lone_number_hint`."""
        number = _lone_number(raw)
        if number is not None:
            return await self._lone_number_hint(ctx, number)
        words = _unnumbered_words(raw)
        if not words:
            return "" if words is None else await self._open_here(ctx)
        open_here = await self.polls.open_polls_in(ctx.channel_ref, limit=POLLS_LISTED)
        meant = [(poll, words) for poll in open_here if _names_an_option(poll, words)]
        near = [(poll, poll.typed_as(n)) for poll in open_here for n in _near_options(poll, words)]
        return self._did_you_mean(ctx, meant or near) or await self._open_here(ctx)

    async def _lone_number_hint(self, ctx: Context, number: str) -> str:
        """After `/vote N` was not cast (`vote_unnumbered`): what to type, never with N
        read as an option where N is an open poll here (its options, each line typed out);
        else N as an option of each open poll here that has one; else how many options
        the one poll open here has, each line typed out; else the polls one could name."""
        named = await self.polls.poll_here(ctx, _poll_number(number))
        if named is not None and not named.closed:
            return _options_of(named)
        open_here = await self.polls.open_polls_in(ctx.channel_ref, limit=POLLS_LISTED)
        meant = [(poll, number) for poll in open_here if _names_an_option(poll, number)]
        if meant:
            return self._did_you_mean(ctx, meant)
        if len(open_here) == 1:
            return _options_of(open_here[0])
        return await self._open_here(ctx)

    def _did_you_mean(self, ctx: Context, votes: list[tuple[Poll, str]]) -> str:
        """The suggestion "Did you mean /vote 1 Pizza (“Lunch?”) or …?", a line for each
        (poll, words) in `votes`, typed as this platform takes it; "" for none."""
        lines = [
            Marked(
                written(
                    self.vote_command,
                    # No ping, and the marks of the lines kept.
                    vote_line(self.vote_command, poll.id, neutralize_mentions(words)),
                    fields=ctx.option_fields,
                ),
                f" (“{beside_code(poll.question, 60)}”)",
            )
            for poll, words in votes
        ]
        return Marked("Did you mean ", Marked(" or ").join(lines), "?") if lines else ""

    async def _open_here(self, ctx: Context) -> str:
        """The polls open in the caller's conversation, by number, or that none is."""
        if not await self.polls.open_polls_in(ctx.channel_ref, limit=1):
            return "No poll is open here."
        return await self.polls.polls_here(ctx)

    async def suggest_open_polls(
        self, ctx: Context, typed: str, filled: Mapping[str, OptionValue]
    ) -> list[Choice]:
        """Open polls of the caller's conversation whose number, question or an option's
        label matches (`_poll_choices`), among as many as a typed `/vote Tacos` reads: only
        the 25 newest were, so a poll the typed vote found was never offered here."""
        polls = await self.polls.open_polls_in(ctx.channel_ref, limit=UNNUMBERED_READ)
        return _poll_choices(polls, typed)

    async def suggest_shown_polls(
        self, ctx: Context, typed: str, filled: Mapping[str, OptionValue]
    ) -> list[Choice]:
        """Polls of the caller's conversation, closed ones too, whose number or question
        matches: /results suggested only open polls, so a closed poll's number had to be
        remembered just when its results are wanted. As many are read as open ones are."""
        polls = await self.polls.shown_polls_in(ctx.channel_ref, limit=UNNUMBERED_READ)
        return _poll_choices(polls, typed)

    async def suggest_options(
        self, ctx: Context, typed: str, filled: Mapping[str, OptionValue]
    ) -> list[Choice]:
        """The options of the poll in /vote's poll field that what is typed names, as the
        vote will read it (`Poll.suggested`), each as `2) Aaron Gin`: /vote's option field
        suggested nothing, so a label had to be remembered, or read off the poll's message
        and typed exactly enough. Nothing while the poll field names no open poll here."""
        number = parse_id(str(filled.get("poll", "")).strip().lstrip("#"))
        if number is None:
            return []
        try:
            poll = await self.polls.poll_for(ctx, number)
        except UserError:
            return []
        if poll.closed:
            return []
        return [
            Choice(f"{n}) {isolated(printable(poll.label(n)))}", poll.typed_as(n))
            for n in poll.suggested(typed)[:MAX_SUGGESTIONS]
        ]


def _poll_choices(polls: list[Poll], typed: str) -> list[Choice]:
    """`#3 Lunch?` (`#2 (closed) Tabs or spaces?`) for each poll whose number or question
    holds what was typed, compared as text looks (`comparison_key`): a Hebrew question
    copied off the bot's message carries the isolates it is shown in, and found nothing.
    Or whose option it names by label: on Discord, `Tacos` typed in /vote's poll field,
    which takes only a number, found nothing, where typed text votes in the one open poll
    with a Tacos (`PollCommands.vote_unnumbered`); a number names no option here.
    A suggestion is plain text, so its tokens show as the chart draws them (`printable`).

    Discord shows `MAX_SUGGESTIONS`: the poll whose number was typed comes first, then
    those whose number starts with it, then the rest, each newest first as `polls` come;
    "7" among a hundred polls matched #70 to #79 and #17 before #7, and could leave it out."""
    wanted = comparison_key(typed).lstrip("#").strip()
    matching = [
        poll
        for poll in polls
        if wanted in str(poll.id)
        or wanted in comparison_key(poll.question)
        or _names_an_option(poll, typed, by_number=False)
    ]

    def rank(poll: Poll) -> int:
        number = str(poll.id)
        return 0 if number == wanted else 1 if wanted and number.startswith(wanted) else 2

    return [
        Choice(
            f"#{poll.id} {'(closed) ' if poll.closed else ''}{isolated(printable(poll.question))}",
            str(poll.id),
        )
        for poll in sorted(matching, key=rank)[:MAX_SUGGESTIONS]
    ]


def vote_line(vote: Command, poll_id: int, words: str) -> str:
    """`/vote N words`, typed so that `vote` reads it as poll N and the option `words`: as
    they are, or quoted where they would read otherwise (`poll:3`, a lone `"`)."""
    line = f"{poll_id} {words}"
    try:
        if parse_arguments(vote, line) == {"poll": str(poll_id), "option": words}:
            return f"/vote {line}"
    except UserError:
        pass
    return f"/vote {poll_id} {quote(words)}"


def _lone_number(raw: Mapping[str, OptionValue]) -> str | None:
    """The number typed alone after /vote (`/vote 2`, `/vote #2`), as typed, or None."""
    if "option" in raw or not _reads_as_poll_number(raw):
        return None
    return str(raw["poll"])


def _poll_number(typed: str) -> int:
    """A poll number that `_reads_as_poll_number` has read, as the poll field converts it."""
    return int(_POLL_NUMBER.convert(typed))


def _options_of(poll: Poll) -> Marked:
    """`Poll #1 (“Lunch?”) has 3 options. Type …`: each option's line, for a vote that
    named none of them."""
    return Marked(
        f"Poll #{poll.id} (“{beside_code(poll.question, 60)}”) has {len(poll.options)} "
        "options. Type ",
        poll.vote_lines(option.number for option in poll.options),
        ".",
    )


def _near_options(poll: Poll, words: str) -> list[int]:
    """The options of `poll` whose label, or a word of it, `words` is most likely a typo
    of (`typos.nearest`, the rule of mistyped command and option names): "piza" is
    Pizza, "bakr" Gavin Baker. Only offered, never voted: a typo is a guess."""
    keys = [(option.number, comparison_key(option.label)) for option in poll.options]
    names = {name for _, key in keys for name in (key, *key.split())}
    close = nearest(comparison_key(words), sorted(names))
    return [] if close is None else named_by(close, keys)


def _reads_as_poll_number(raw: Mapping[str, OptionValue]) -> bool:
    """Whether the values typed hold a poll number that converts (a refusal is then of
    something else)."""
    if "poll" not in raw:
        return False
    try:
        _POLL_NUMBER.convert(str(raw["poll"]))
    except UserError:
        return False
    return True


def _unnumbered_words(raw: Mapping[str, OptionValue]) -> str | None:
    """The words of a vote typed without its poll's number, the poll's and the option's
    values together (`/vote Aaron Gin` fills both); None when a poll number was read: a
    refusal is then of something else."""
    if _reads_as_poll_number(raw):
        return None
    return " ".join(str(raw[name]) for name in ("poll", "option") if name in raw)


def _names_an_option(poll: Poll, words: str, *, by_number: bool = True) -> bool:
    """Whether `words` name what /vote takes in `poll`: one of its options, or several
    typed together in a multiple-choice poll (`Poll.find_options`, `by_number` its)."""
    try:
        poll.find_options(words, by_number=by_number)
    except UserError:
        return False
    return True
