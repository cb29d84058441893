"""Two-round polls as platform-neutral Replies: before/after results, the Oxford winner,
changed minds, "Which argument moved you?" and the round announcements.

Like `render.py`, every piece of user text passes through `safe` here, and a question or
label in marked-up text through `beside_code` ("`a → b`: 1" showed "a → b" as code on Slack
and Discord). Anonymous polls show aggregates only: counts, shares, moves and picks, never
a name.
"""

from __future__ import annotations

from collections.abc import Sequence

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
    command_line,
    join_list,
    notice,
)
from bot.core.sanitize import beside_code, safe
from bot.polls.model import Poll, Tally, VoteChange, VoteResult, see_results
from bot.polls.render import (
    BUTTON_LABEL,
    CLOSED_COLOUR,
    FIELD_VALUE,
    OPEN_COLOUR,
    _plural,
    closing,
    moved_action,
    outcome_label,
    round_banner,
    spoken_label,
    status_line,
    tally_lines,
    vote_confirmation,
    voter_fields,
)
from bot.polls.rounds import Argument, Arguments, Oxford
from bot.polls.store import VoteRecord

#: An argument's claim as listed in results and in the "what moved you" question.
CLAIM = 160


def percent(share: float) -> str:
    return f"{float(share):.0%}"


def points(value: int) -> str:
    """A change in share in percentage points (`OptionShift.points`), signed: "+15 pts",
    "-10 pts", "±0 pts"."""
    return f"{value:+d} pts" if value else "±0 pts"


def shift_lines(poll: Poll, ox: Oxford) -> list[str]:
    """Two lines per option: the label, then before → after with shares and the change."""
    lines = []
    for shift in ox.options:
        lines.append(f"{shift.number}) {beside_code(poll.label(shift.number), 80)}")
        lines.append(
            f"   before {shift.before} ({percent(shift.before_share)}) → "
            f"after {shift.after} ({percent(shift.after_share)}) · {points(shift.points)}"
        )
    lines.append("")
    lines.append(f"Voters: {ox.before_voters} before · {ox.after_voters} after")
    return lines


def oxford_outcome(poll: Poll, ox: Oxford, *, final: bool, alt: bool = False) -> str:
    """The winner by the Oxford rule (largest gain in share); a tie is stated as one.
    `alt`: for a chart's alt text, its labels as `render.spoken_label` says them."""
    if not ox.winners:
        return "No votes were cast." if final else "No votes yet."
    best = ox.shift(ox.winners[0])
    if len(ox.winners) == len(ox.options) and best.change == 0:
        return "No side gained or lost: a tie by the Oxford rule."
    rule = "by the Oxford rule (the side whose share grew most)"
    if len(ox.winners) > 1:
        names = join_list([f"“{outcome_label(poll, n, alt=alt)}”" for n in ox.winners])
        tie = "Tie" if final else "Tied so far"
        return f"{tie} {rule}: {names}, {points(best.points)} each."
    label = outcome_label(poll, best.number, alt=alt)
    word = "Winner" if final else "Gaining most so far"
    return (
        f"{word} {rule}: “{label}”, {points(best.points)} "
        f"({percent(best.before_share)} → {percent(best.after_share)})."
    )


def mind_lines(poll: Poll, ox: Oxford, arguments: Arguments) -> list[str]:
    """How many changed their mind, from → to, who joined or withdrew, and what moved them."""
    lines = [
        f"{_plural(ox.changed, 'voter')} changed their mind"
        + (f" · {ox.joined} joined in round 2" if ox.joined else "")
        + (f" · {ox.withdrew} withdrew" if ox.withdrew else "")
        + "."
    ]
    for old, new, count in ox.moves:
        was, now = beside_code(poll.label(old), 60), beside_code(poll.label(new), 60)
        lines.append(f"   {was} → {now}: {count}")
    if ox.persuasive:
        lines += ["", "What moved them:"]
        for rank, persuasion in enumerate(ox.persuasive, start=1):
            argument = arguments.get(persuasion.point)
            claim = argument.claim if argument else persuasion.point
            side = beside_code(poll.label(persuasion.option), 60)
            lines.append(
                f"{rank}. “{safe(claim, CLAIM)}” (to {side}) · {_plural(persuasion.count, 'pick')}"
            )
    return lines


def oxford_card(poll: Poll, ox: Oxford, arguments: Arguments, *, title: str) -> Card:
    """The before/after card: shifts, changed minds, the winner (results and close)."""
    blocks: list[Block] = [
        Text(beside_code(poll.question, 300)),
        Text(round_banner(poll)),
        Text("\n".join(shift_lines(poll, ox))),
        Text("\n".join(mind_lines(poll, ox, arguments))),
        Text(oxford_outcome(poll, ox, final=poll.closed)),
    ]
    return Card(
        title=title,
        blocks=tuple(blocks),
        colour=CLOSED_COLOUR if poll.closed else OPEN_COLOUR,
        footer=status_line(poll),
    )


def chart_alt(poll: Poll, ox: Oxford) -> str:
    """The before/after chart in words, for a screen reader (`render.chart_alt`): each
    option's share before and after and the change, then the Oxford winner."""
    bars = "; ".join(
        f"{spoken_label(poll, shift.number)}: {percent(shift.before_share)} before,"
        f" {percent(shift.after_share)} after ({points(shift.points)})"
        for shift in ox.options
    )
    outcome = oxford_outcome(poll, ox, final=poll.closed, alt=True)
    return f"Before and after chart of poll #{poll.id}: {bars}. {outcome}"


def results_reply(
    poll: Poll,
    ox: Oxford,
    after: Sequence[VoteRecord],
    chart: bytes | None,
    arguments: Arguments,
) -> Reply:
    """/results of a two-round poll in round 2 or closed; names unless anonymous."""
    card = oxford_card(poll, ox, arguments, title=f"Results of poll #{poll.id}")
    blocks = list(card.blocks)
    if not poll.anonymous:
        fields = voter_fields(poll, after)
        if ox.movers:
            names = {vote.voter: beside_code(vote.display_name, typed=False) for vote in after}
            moved = [
                f"{names[voter]} ({beside_code(poll.label(old))} → {beside_code(poll.label(new))})"
                for voter, old, new in ox.movers
            ]
            fields.append(Field("Changed their mind", NameList(moved, FIELD_VALUE)))
        if fields:
            blocks.append(Fields(tuple(fields)))
    if chart is not None:
        title = f"Before and after chart of poll #{poll.id}"
        blocks.append(Image(chart, f"poll-{poll.id}.png", chart_alt(poll, ox), title))
    return Reply(cards=(Card(card.title, tuple(blocks), card.colour, card.footer),))


def closed_announcement(poll: Poll, ox: Oxford, arguments: Arguments) -> Reply:
    """Posted in the channel when a two-round poll closes: the whole before/after story."""
    title = f"Poll #{poll.id} is closed"
    return Reply(cards=(oxford_card(poll, ox, arguments, title=title),))


def closed_poll_message(poll: Poll, ox: Oxford, arguments: Arguments) -> Reply:
    """A closed two-round poll's own message: the before/after story, no buttons left."""
    return Reply(
        cards=(oxford_card(poll, ox, arguments, title=f"Poll #{poll.id}"),), poll_id=poll.id
    )


def round_two_announcement(poll: Poll, before: Tally, *, shown: bool = True) -> Reply:
    """Posted in the channel when round 1 ends, by a closer's hand or at its deadline: round
    2 is open, and until when, since the poll's message is not what everyone reads. Not
    `shown` (a moderator deleted its message, found by an edit since), it is open by
    command: "on the same message" would send people looking for one that is gone. Its
    round-1 tally is in words, not bars: a notice is its own notification and screen-reader
    text (Slack's top-level `text`), where bars were read out a block character at a time."""
    stands = "your round-1 vote stands until you change it, and new voters are welcome"
    opened = (
        Marked(f"Round 2 (after) is open on the same message: {stands}.")
        if shown
        else Marked(
            "Round 2 (after) is open, but its message was deleted: vote with ",
            command_line("vote", poll=poll.id, option="…"),
            f" ({stands}). ",
            see_results(poll.id),
        )
    )
    # Beside the commands to type when its message is gone (`beside_code`): a backtick of
    # the question paired with the /vote's on Slack, showing both commands as plain text.
    lines = [
        f"Round 1 (before) of poll #{poll.id} “{beside_code(poll.question, 120)}” is over "
        f"with {_plural(before.voters, 'voter')}.",
        opened,
    ]
    if not poll.hide_results:  # in words: a notice has no other text to read out
        lines.insert(1, "\n".join(tally_lines(poll, before, drawn=False)))
    closes = closing(poll)
    body = Marked("\n").join(lines)
    told = Marked(body, "\nThe poll ", closes, ".") if closes else body
    return notice(told, ephemeral=False)


def round_vote_confirmation(
    result: VoteResult, offer: Sequence[Argument], *, typed: bool = False
) -> Reply:
    """Ephemeral, in round 2: what is recorded, whether that is a change of mind and, if it
    is, up to three arguments of the new side as buttons ("Which argument moved you?").
    `typed`: the vote was a typed /vote, not a click (see `vote_confirmation`). Like every
    vote's answer, the answer to a change of its poll (`Reply.changed_poll`)."""
    poll, before = result.poll, result.before or ()
    if not before or not result.choices:
        reply = vote_confirmation(result, typed=typed)
        if before and not result.choices:
            # Marked, not an f-string: a typed /vote's command offered again (`_repeated`)
            # stays a command, and the label beside it opens no code (`beside_code`).
            kept = beside_code(poll.label(before[0]), 80)
            still = Marked(reply.text, f" Your round-1 vote “{kept}” still counts as before.")
            reply = notice(still, changed_poll=poll.id)
        return reply
    was, now = (beside_code(poll.label(n), 80) for n in (before[0], result.choices[0]))
    if result.choices == before:
        return notice(
            f"Your vote on poll #{poll.id} is “{now}”, as in round 1.", changed_poll=poll.id
        )
    said = f"You changed your mind: {was} → {now}. Your vote on poll #{poll.id} is now “{now}”."
    if not offer:
        return notice(said, changed_poll=poll.id)
    listed = "\n".join(f"{n}. {safe(a.claim, CLAIM)}" for n, a in enumerate(offer, start=1))
    question = (
        "Which argument moved you? Pick one (you can change it while the poll is open):\n" + listed
    )
    buttons = tuple(
        Button(
            moved_action(poll.id, a.id),
            safe(f"{n}. {a.claim}", BUTTON_LABEL),
            ButtonStyle.SECONDARY,
        )
        for n, a in enumerate(offer, start=1)
    )
    card = Card(blocks=(Text(said), Text(question), Buttons(buttons)))
    return Reply(cards=(card,), ephemeral=True, changed_poll=poll.id)


def pick_confirmation(result: VoteResult, argument: Argument) -> Reply:
    """Ephemeral: the argument recorded as what moved the voter."""
    poll = result.poll
    side = beside_code(poll.label(result.option), 80)
    if result.change is VoteChange.REPLAYED:
        return notice(f"Your answer on poll #{poll.id} is recorded.")
    return notice(
        f"Noted: “{safe(argument.claim, CLAIM)}” moved you to {side} (poll #{poll.id}). "
        "Pick another while the poll is open to change it."
    )
