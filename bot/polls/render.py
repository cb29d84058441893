"""Polls as platform-neutral Replies: the live poll message, results, confirmations.

Every piece of user-supplied text (question, options, display names) passes through
`safe` (cut, then mentions made inert) here, the one place poll text leaves the core. A
question, label or voter's name in marked-up text passes through `beside_code` (`safe`, its
backticks as look-alikes): a message shows several (a tie, a tally, a list of voters), and
on Slack, which has no escape for a backtick, and on Discord, which keeps a one-line code
span as it is, one in the question paired with one in a label, showing the words between
as code. A button's label and a chart's alt text, which no platform reads as markup, keep
their backticks (`spoken_label`).

Button ids (they outlive the process, so they are versioned; at most 100 characters, which
is Discord's `custom_id` limit):

    poll:v1:<poll_id>:<option_number>   vote for option <option_number> (1-based)
    poll:v1:<poll_id>:close             close the poll (creator or admin)
    poll:v1:<poll_id>:next              two-round poll: end round 1, open round 2 (same)
    poll:v1:<poll_id>:moved:<point_id>  two-round poll: the pack point that moved the voter
                                        (a pack slug, at most 64 characters)

A future format gets a new version (`poll:v2:...`); the action handler answers ids of a
version it does not know with a clear "this button is from an older version" message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.core.dispatch import FAILED
from bot.core.errors import UserError
from bot.core.ids import parse_id
from bot.core.markup import printable
from bot.core.name_lists import NameList
from bot.core.replies import (
    Block,
    Button,
    Buttons,
    ButtonStyle,
    Card,
    Field,
    Fields,
    Image,
    Marked,
    Reply,
    Text,
    When,
    command_line,
    join_list,
    notice,
)
from bot.core.sanitize import beside_code, clip, comparison_key, safe
from bot.polls.model import (
    MAX_OPTION,
    MAX_OPTIONS,
    REPEAT_CLICK_WINDOW,
    Poll,
    Tally,
    VoteChange,
    VoteResult,
    see_results,
)
from bot.polls.store import VoteRecord

ACTION_PREFIX = "poll"
ACTION_VERSION = "v1"
#: How to vote without a button, each field named (`command_line`).
VOTE_USAGE = command_line("vote", poll="N", option="…")
CLOSE_ACTION = "close"
NEXT_ACTION = "next"
MOVED_ACTION = "moved"
_POINT_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")  # a pack slug (bot/knowledge/limits.py)
#: The longest button label the core writes: a whole option label, which may have
#: `MAX_OPTION` characters. Each adapter cuts a label to its platform's limit (Slack 75,
#: Discord 80) with an ellipsis, so a label is cut only where its platform must.
BUTTON_LABEL = MAX_OPTION
#: The most of a label every platform's button shows whole (Slack's 75): two labels alike
#: that far would be two buttons alike there, so then every option's button is numbered.
SHORTEST_BUTTON = 75
#: Buttons per row on both Discord and Slack.
ROW = 5
BAR_WIDTH = 16
#: Discord field limits (names 256, values 1024): the strictest for the voters list.
FIELD_NAME, FIELD_VALUE = 256, 1024
OPEN_COLOUR, CLOSED_COLOUR = 0x3B82F6, 0x6B7280
#: Why a poll's message can't show new votes once someone deleted it (`LiveTally`).
MESSAGE_DELETED = "it was deleted."
#: The Close button's label, as replies name it to those who press it.
CLOSE_LABEL = "Close poll"
NEXT_LABEL = "End round 1"


@dataclass(frozen=True, slots=True)
class PollButton:
    """A parsed poll button: a vote for `option`, or Close when `option` is None; or, with
    `action` set, a two-round action (`NEXT_ACTION`, or `MOVED_ACTION` with its `point`)."""

    poll_id: int
    option: int | None
    action: str | None = None
    point: str | None = None


def parse_button(parts: Sequence[str]) -> PollButton:
    """The button behind the parts of an id after `poll:`; a UserError for ids this version
    cannot read (an older format, or a mangled id)."""
    if not parts or parts[0] != ACTION_VERSION:
        raise UserError(
            Marked(
                "This button is from an older version of the bot and no longer works here. Use ",
                VOTE_USAGE,
                ", or ",
                command_line("results"),
                " to see the poll.",
            )
        )
    poll_id = parse_id(parts[1]) if len(parts) == 3 else None
    if poll_id is not None:
        if parts[2] == CLOSE_ACTION:
            return PollButton(poll_id, None)
        if parts[2] == NEXT_ACTION:
            return PollButton(poll_id, None, NEXT_ACTION)
        option = parse_id(parts[2], limit=MAX_OPTIONS)
        if option is not None:
            return PollButton(poll_id, option)
    moved = parse_id(parts[1]) if len(parts) == 4 and parts[2] == MOVED_ACTION else None
    if moved is not None and _POINT_ID.fullmatch(parts[3]):
        return PollButton(moved, None, MOVED_ACTION, parts[3])
    raise UserError(Marked("This poll button is not valid. Use ", VOTE_USAGE, " instead."))


def vote_action(poll_id: int, option: int) -> str:
    return f"{ACTION_PREFIX}:{ACTION_VERSION}:{poll_id}:{option}"


def close_action(poll_id: int) -> str:
    return f"{ACTION_PREFIX}:{ACTION_VERSION}:{poll_id}:{CLOSE_ACTION}"


def next_round_action(poll_id: int) -> str:
    return f"{ACTION_PREFIX}:{ACTION_VERSION}:{poll_id}:{NEXT_ACTION}"


def moved_action(poll_id: int, point_id: str) -> str:
    return f"{ACTION_PREFIX}:{ACTION_VERSION}:{poll_id}:{MOVED_ACTION}:{point_id}"


# -- the live poll message ----------------------------------------------------------------


def poll_message(poll: Poll, tally: Tally) -> Reply:
    """The message that shows a poll and is edited as votes arrive (or once it closes)."""
    blocks: list[Block] = [Text(beside_code(poll.question, 300))]
    if poll.two_round:
        blocks.append(Text(round_banner(poll)))
    if poll.hide_results and not poll.closed:
        lines = [f"{o.number}) {beside_code(o.label, 80)}" for o in poll.options]
        lines.append(f"\n{_so_far(poll, tally)} so far; results are shown when it closes.")
        blocks.append(Text("\n".join(lines)))
    else:
        blocks.append(tally_text(poll, tally))
    if poll.closed:
        blocks.append(Text(outcome_line(poll, tally, final=True)))
    else:
        options = [
            Button(vote_action(poll.id, number), label, ButtonStyle.PRIMARY)
            for number, label in option_buttons(poll)
        ]
        blocks += [Buttons(tuple(options[i : i + ROW])) for i in range(0, len(options), ROW)]
        if poll.in_round_one:
            end = Button(next_round_action(poll.id), NEXT_LABEL, ButtonStyle.DANGER)
        else:
            end = Button(close_action(poll.id), CLOSE_LABEL, ButtonStyle.DANGER)
        blocks.append(Buttons((end,)))
    card = Card(
        title=f"Poll #{poll.id}",
        blocks=tuple(blocks),
        colour=CLOSED_COLOUR if poll.closed else OPEN_COLOUR,
        footer=status_line(poll),
    )
    return Reply(cards=(card,), poll_id=poll.id)


def option_buttons(poll: Poll) -> list[tuple[int, str]]:
    """Each option's number and the text of its button: its label, or, where two labels
    begin alike for longer than the shortest button shows (80-character labels that differ
    in their last words, cut to the same 75 on Slack), "N) label" for every option, so no
    two buttons read alike on any platform."""
    shown = [(o.number, safe(o.label, BUTTON_LABEL)) for o in poll.options]
    cut = {comparison_key(clip(label, SHORTEST_BUTTON)) for _, label in shown}
    if len(cut) == len(shown):
        return shown
    return [(o.number, safe(f"{o.number}) {o.label}", BUTTON_LABEL)) for o in poll.options]


def round_banner(poll: Poll) -> str:
    """Where a two-round poll stands, e.g. "Round 1 of 2 · before"."""
    if poll.closed:
        return "Two rounds, before and after · closed: the winner is the side that gained most"
    if poll.in_round_one:
        return "Round 1 of 2 · before"
    return "Round 2 of 2 · after: your round-1 vote stands until you change it"


def tally_lines(poll: Poll, tally: Tally, *, drawn: bool = True) -> list[str]:
    """One line per option in words ("1) Pizza: 2 votes (67%)"), each `drawn` with its bar
    on a line of its own after it. The figures come first: in a Discord embed, which has no
    text for screen readers of its own (Slack's has, `Text.spoken`) and whose markdown can
    hide nothing from them, a bar before its figures was read out first, sixteen "full
    block"s and "light shade"s an option; now a reader hears each option's votes and share
    with its name, and can move on past the bar's line."""
    lines = []
    for option in poll.options:
        share = tally.share(option.number)
        filled = round(share * BAR_WIDTH)
        label = f"{option.number}) {beside_code(option.label, 80)}"
        lines.append(f"{label}: {_plural(tally.count(option.number), 'vote')} ({share:.0%})")
        if drawn:
            lines.append("   " + "█" * filled + "░" * (BAR_WIDTH - filled))
    return lines


def tally_text(poll: Poll, tally: Tally) -> Text:
    """The tally with its bars and totals, and spoken without the bars (`Text.spoken`)."""
    totals = ["", _totals(tally, poll)]
    return Text(
        "\n".join([*tally_lines(poll, tally), *totals]),
        spoken="\n".join([*tally_lines(poll, tally, drawn=False), *totals]),
    )


def status_line(poll: Poll) -> Marked:
    flags = ["multiple choice" if poll.multi else "single choice"]
    if not poll.closed:
        flags[0] += ": click an option to toggle it" if poll.multi else ": click again to retract"
    if poll.anonymous:
        flags.append("anonymous")
    if poll.hide_results and not poll.closed:
        flags.append("results hidden until closed")
    return Marked(_state(poll), " · ", " · ".join(flags))


def _state(poll: Poll) -> Marked:
    """Open or closed, and when the voting now open ends: in round 1 of a timed two-round
    poll that is round 1's end (votes after it count as round 2), said before the poll's."""
    if poll.closed_at is not None:
        return Marked("Closed ", When(poll.closed_at))
    closes = closing(poll)
    if not closes:
        return Marked("Open")
    if poll.in_round_one and poll.round2_at is not None:
        return Marked("Open · round 1 ends ", When(poll.round2_at), " · the poll ", closes)
    return Marked("Open · ", closes)


def closing(poll: Poll) -> Marked:
    """A poll's deadline as `closes <time>` ("" without one): one wording of it wherever a
    poll's end is told (its status line, the round-2 announcement)."""
    return Marked("closes ", When(poll.closes_at)) if poll.closes_at is not None else Marked()


def outcome_line(poll: Poll, tally: Tally, *, final: bool, alt: bool = False) -> str:
    """The winner (or leader, while open); a tie is stated as a tie. `alt`: for a chart's
    alt text, its labels as `spoken_label` says them."""
    leaders = tally.leaders()
    if not leaders:
        return "No votes were cast." if final else "No votes yet."
    count = tally.count(leaders[0])
    if len(leaders) > 1:
        names = join_list([f"“{outcome_label(poll, n, alt=alt)}”" for n in leaders])
        return f"{'Tie' if final else 'Tied'} between {names} with {_plural(count, 'vote')} each."
    label = outcome_label(poll, leaders[0], alt=alt)
    share = tally.share(leaders[0])
    word = "Winner" if final else "Leading"
    return f"{word}: “{label}” with {_plural(count, 'vote')} ({share:.0%} of voters)."


def _totals(tally: Tally, poll: Poll) -> str:
    if poll.multi:
        return f"Total voters: {tally.voters} · {_plural(tally.votes, 'vote')}"
    return f"Total voters: {tally.voters}"


def _so_far(poll: Poll, tally: Tally) -> str:
    """How many have voted while the results are hidden. A multi-choice voter's picks are
    votes each: "2 votes" alone, from one person picking two options, read as two people."""
    if poll.multi:
        return f"{_plural(tally.voters, 'voter')} · {_plural(tally.votes, 'vote')}"
    return _plural(tally.votes, "vote")


# -- results --------------------------------------------------------------------------------


def results_reply(
    poll: Poll, tally: Tally, votes: Sequence[VoteRecord], chart: bytes | None
) -> Reply:
    """The tally as text, the chart (if drawn) and, unless anonymous, who voted for what."""
    blocks: list[Block] = [
        Text(beside_code(poll.question, 300)),
        tally_text(poll, tally),
        Text(outcome_line(poll, tally, final=poll.closed)),
    ]
    if not poll.anonymous and votes:
        blocks.append(Fields(tuple(voter_fields(poll, votes))))
    if chart is not None:
        title = f"Bar chart of poll #{poll.id}"
        blocks.append(Image(chart, f"poll-{poll.id}.png", chart_alt(poll, tally), title))
    card = Card(
        title=f"Results of poll #{poll.id}",
        blocks=tuple(blocks),
        colour=CLOSED_COLOUR if poll.closed else OPEN_COLOUR,
        footer=status_line(poll),
    )
    return Reply(cards=(card,))


#: How much of an option's label the chart's alt text says: ten options fit in Discord's
#: 1,024 characters of alt text with the outcome after them.
ALT_LABEL = 40


def spoken_label(poll: Poll, number: int) -> str:
    """Option `number`'s label as a chart's alt text says it: as the chart draws it
    (`markup.printable`: a custom emoji by its name, a timestamp as a date), not as the
    markup a screen reader would spell out, and with its backticks as typed, since alt
    text is no markup: their look-alikes (`beside_code`) were read out as "modifier
    letter grave accent"."""
    return safe(printable(poll.label(number)), ALT_LABEL)


def outcome_label(poll: Poll, number: int, *, alt: bool) -> str:
    """Option `number`'s label in an outcome: in marked-up text beside others
    (`beside_code`), or in alt text (`spoken_label`)."""
    return spoken_label(poll, number) if alt else beside_code(poll.label(number), 80)


def chart_alt(poll: Poll, tally: Tally) -> str:
    """The chart in words, for whoever cannot see it (a screen reader reads a picture's alt
    text, and "Bar chart of poll #3" told them nothing the picture shows): each bar's votes
    and share, in the chart's order, then the leader or winner, as the chart marks it, each
    label as `spoken_label` says it."""
    bars = "; ".join(
        f"{spoken_label(poll, option.number)}: "
        f"{_plural(tally.count(option.number), 'vote')}"
        f" ({tally.share(option.number):.0%})"
        for option in poll.options
    )
    outcome = outcome_line(poll, tally, final=poll.closed, alt=True)
    return f"Bar chart of poll #{poll.id}: {bars}. {outcome}"


def voter_fields(poll: Poll, votes: Sequence[VoteRecord]) -> list[Field]:
    """Who voted for what, one field per option with votes: a list too long for a field
    ends by saying how many more voted for it (`NameList`)."""
    names: dict[int, list[str]] = {o.number: [] for o in poll.options}
    for vote in votes:
        names[vote.option].append(beside_code(vote.display_name, typed=False))
    return [
        Field(
            clip(f"{number}) {beside_code(poll.label(number))}", FIELD_NAME),
            NameList(people, FIELD_VALUE),
            inline=False,
        )
        for number, people in names.items()
        if people
    ]


def hidden_results(poll: Poll, tally: Tally) -> Reply:
    return notice(
        f"Results of poll #{poll.id} are hidden until it closes; {_so_far(poll, tally)} so far."
    )


# -- confirmations ------------------------------------------------------------------------------


def vote_confirmation(result: VoteResult, *, typed: bool = False) -> Reply:
    """Ephemeral: what the click (or, `typed`, the /vote) did and, above all, what is now
    recorded; the answer to a change of its poll (`Reply.changed_poll`), as every vote's is."""
    return notice(_vote_outcome(result, typed=typed), changed_poll=result.poll.id)


def _vote_outcome(result: VoteResult, *, typed: bool) -> str:
    """The text of `vote_confirmation`."""
    poll = result.poll
    # Beside the command that sends it again, where a typed /vote gets one (`_repeated`).
    label = f"“{beside_code(poll.label(result.option), 80)}”"
    recorded = [f"“{beside_code(poll.label(n), 80)}”" for n in result.choices]
    where = f"poll #{poll.id}"
    twice, again = _repeated(poll.id, result.option, typed=typed)
    if poll.multi:
        chosen = result.option in result.choices
        goal = "remove it from your choices." if chosen else "add it to your choices."
        did = {
            VoteChange.ADDED: f"Added {label} to your choices on {where}.",
            VoteChange.REMOVED: f"Removed {label} from your choices on {where}.",
            VoteChange.UNCHANGED: Marked(f"{label} on {where} {twice}; ", again, f" to {goal}"),
        }.get(result.change, f"Your choices on {where} are unchanged.")
        now = join_list(recorded) if recorded else "nothing"
        return Marked(did, f" Now recorded: {now}.")
    if not recorded:
        if result.change is VoteChange.UNCHANGED:  # a double click that took the vote back
            retracted = f"Your vote on {where} stays retracted: {twice}; "
            return Marked(retracted, again, f" to vote {label}.")
        return f"Your vote on {where} is retracted; nothing is recorded for you now."
    if result.change is VoteChange.UNCHANGED:
        already = f"Your vote on {where} is already {recorded[0]}: {twice}; "
        return Marked(already, again, " to take your vote back.")
    if result.change is VoteChange.REPLAYED:
        return f"Your vote on {where} is {recorded[0]}."
    return f"Your vote on {where} is now {recorded[0]}."


def votes_added(
    poll: Poll, named: Sequence[int], added: Sequence[int], choices: Sequence[int]
) -> Reply:
    """Ephemeral, after a /vote that named several options of a multiple-choice poll
    (`PollService.add_votes`): which were added, which it already had, what is recorded."""

    def quoted(numbers: Sequence[int]) -> str:
        return join_list([f"“{beside_code(poll.label(n), 80)}”" for n in numbers])

    where = f"poll #{poll.id}"
    kept = [n for n in named if n in choices and n not in added]
    were = "was" if len(kept) == 1 else "were"
    if added:
        did = f"Added {quoted(added)} to your choices on {where}"
        did += f"; {quoted(kept)} {were} already chosen." if kept else "."
    elif kept:
        did = f"{quoted(kept)} {were} already among your choices on {where}."
    else:  # each one taken back by a click within the double-click window
        did = f"Your choices on {where} are unchanged."
    now = quoted(choices) if choices else "nothing"
    return notice(f"{did} Now recorded: {now}.", changed_poll=poll.id)


def vote_read_back(poll: Poll, option: int, choices: Sequence[int], *, typed: bool) -> Reply:
    """Ephemeral, after a vote failed: what the voter has recorded, read back, and how to
    cast the vote if it is not among it. Never "try again" alone: the vote may have
    committed, and the same vote again would take it back. Read back as recorded, it is
    the answer to a change (`Reply.changed_poll`), as a confirmation is: an adapter that
    loses it then says the vote was done, not "try again"."""
    where = f"poll #{poll.id}"
    if choices:
        recorded = join_list([f"“{beside_code(poll.label(n), 80)}”" for n in choices])
        now = f"Now recorded for you on {where}: {recorded}."
    else:
        now = f"Nothing is recorded for you on {where}."
    if option in choices:
        return notice(f"{FAILED} {now}").changing(poll.id)
    typed_again = Marked("type ", command_line("vote", poll=poll.id, option=option), " again")
    again = typed_again if typed else "click it again"
    goal = "add" if poll.multi else "vote for"
    label = beside_code(poll.label(option), 80)
    return notice(Marked(f"{FAILED} {now} To {goal} “{label}”, ", again, "."))


def vote_unchecked(poll_id: int, *, typed: bool) -> Reply:
    """Ephemeral, after a vote failed and what it left could not be read back either: no
    invitation to vote again, since that would take the vote back if it did count."""
    again = "typing the same /vote" if typed else "clicking the same option"
    return notice(
        f"{FAILED} Whether your vote on poll #{poll_id} was recorded cannot be checked just "
        f"now: {again} again could take it back."
    )


def refused(reply: Reply, poll: Poll) -> Reply:
    """A vote's confirmation, telling the voter when the platform refuses to update the
    poll's message (`Poll.edit_refused`): their vote counts, but the tally people see
    stopped moving, and only they, voting now, can be told why, what to do, and where the
    tally is meanwhile. The stored refusal is plain text (a database column keeps no
    marks), so the command to paste is added here, shown as every reply shows one."""
    if not poll.edit_refused:
        return reply
    stuck = f" The poll's message can't show new votes: {poll.edit_refused} "
    told = Marked(reply.text, stuck, see_results(poll.id))
    return replace(reply, text=told, poll_unshown=True)


def _repeated(poll_id: int, option: int, *, typed: bool) -> tuple[str, str]:
    """What happened to the same vote sent twice within `REPEAT_CLICK_WINDOW` (counted
    once), and how to send it again on purpose: in the words of a button for a click, of
    the command for a typed /vote, which nobody "clicked"."""
    window = f"within {REPEAT_CLICK_WINDOW:g} s: counted once"
    if typed:
        again = Marked("type ", command_line("vote", poll=poll_id, option=option), " again")
        return f"voted twice {window}", again
    return f"clicked twice {window}", "click again"


def closed_announcement(poll: Poll, tally: Tally) -> Reply:
    """Posted in the channel when someone closes a poll."""
    question = beside_code(poll.question, 120)
    return notice(
        f"Poll #{poll.id} “{question}” is closed. {outcome_line(poll, tally, final=True)}",
        ephemeral=False,
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
