"""What a daily post looks like: the takeaway card every `/takeaway` shows, plus a button
that opens the "who's right?" poll.

The button id crosses process boundaries (it sits in channel history for years), so it is
versioned: `daily:v1:poll`. Its handler runs `/poll` through the dispatcher, which keeps the
daily subsystem unaware of how polls work.
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.replies import Button, Buttons, ButtonStyle, Reply
from bot.knowledge.cards import AnswerCards

ACTION_PREFIX = "daily"
POLL_ACTION = f"{ACTION_PREFIX}:v1:poll"
POLL_LABEL = "Who's right? Vote"


#: What a post says above its takeaway; `RERUN` once the channel has seen it before.
HEADING = "Daily takeaway"
POSTED_BEFORE = "posted here before: the takeaways come round in turn"
RERUN = f"{HEADING}, {POSTED_BEFORE}"


def daily_post(
    cards: AnswerCards, takeaway_id: str, *, rerun: bool = False, due_at: str = ""
) -> Reply:
    """The post for one takeaway; a LookupError if the pack no longer has it. A `rerun`
    (shown in this channel before) says so: the pack has a handful of takeaways, and the
    same one again a week later, unannounced, read as the bot repeating itself by mistake.
    A post going out late says when it was due (`due_at`, "09:30 GMT"): the bot back up
    at 14:00 posted the 09:30 takeaway at 14:00 unexplained, which read as the schedule
    having changed."""
    index = _index(cards, takeaway_id)
    if index is None:
        raise LookupError(f"takeaway {takeaway_id!r} is no longer in the knowledge pack")
    card = cards.takeaway_card(index)
    button = Buttons((Button(POLL_ACTION, POLL_LABEL, ButtonStyle.PRIMARY),))
    heading = RERUN if rerun else HEADING
    if due_at:
        heading += f" (due at {due_at}, posted late)"
    return Reply(cards=(replace(card, blocks=(*card.blocks, button)),), text=heading)


#: What status says of a takeaway posted once but since removed from the pack: its id
#: ("chip-gap") is the pack author's key, which nobody in the channel has ever seen.
LEFT_THE_PACK = "a takeaway no longer in the knowledge pack"


def takeaway_title(cards: AnswerCards, takeaway_id: str) -> str:
    """`Takeaway 3: The Chip Gap` for status lines (`LEFT_THE_PACK` if it left the pack)."""
    index = _index(cards, takeaway_id)
    if index is None:
        return LEFT_THE_PACK
    return f"Takeaway {index + 1}: {cards.pack.takeaways[index].title}"


def _index(cards: AnswerCards, takeaway_id: str) -> int | None:
    """Takeaways are stored by id, so editing the pack never shifts what was posted."""
    return next(
        (i for i, item in enumerate(cards.pack.takeaways) if item.id == takeaway_id), None
    )
