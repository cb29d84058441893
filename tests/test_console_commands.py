"""Commands a refusal offers to paste, in the console at a terminal's width: each one kept
whole on one line, whatever the words it repeats, and run as pasted."""

from __future__ import annotations

import io

from hypothesis import example, given
from hypothesis import strategies as st

from bot.adapters.console import ConsoleAdapter
from bot.adapters.console_terminal import MIN_WIDTH
from bot.adapters.terminal_render import WIDTH, render_reply
from bot.app import BotApp
from bot.core.errors import UserError
from bot.core.grammar import parse_arguments
from bot.core.replies import Marked, Pasted, notice
from tests.test_grammar import POLL


class NarrowScreen:
    """A terminal `width` columns wide, as a person reads the console at it."""

    terminal = True

    def __init__(self, width: int) -> None:
        self.width = width
        self.shown: list[str] = []

    def show(self, text: str) -> None:
        self.shown.append(text)


def offered(text: str) -> list[str]:
    """The commands a refusal's text offers to paste, as marked by the core."""
    parts = text.parts if isinstance(text, Marked) else ()
    return [part.line for part in parts if isinstance(part, Pasted)]


#: A question as people type one before its "?": any characters on one line.
QUESTION = st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1)


@given(question=QUESTION, width=st.integers(MIN_WIDTH, WIDTH))
@example(question="Who wins. Really", width=20)
@example(question="Who wins. Really. Truly. Honestly", width=40)
def test_a_refusal_never_wraps_inside_a_command_whatever_the_question(
    question: str, width: int
) -> None:
    """`/poll <question>? Baker | Gin 1h true 2` is refused with a whole command to paste
    (the next test shows which); at any width each command it offers is on one line of the
    console, even with ". " in the question ("Who wins. Really?"), where the console
    guessed the command had ended."""
    try:
        parse_arguments(POLL, f"{question}? Baker | Gin 1h true 2")
    except UserError as refusal:
        commands = offered(refusal.message)
        lines = render_reply(notice(refusal.message), width=width).splitlines()
        for command in commands:
            assert any(command in line for line in lines), (command, lines)


async def test_a_command_offered_at_a_narrow_width_pastes_back_whole(app: BotApp) -> None:
    """The console at 24 columns: the command the refusal offers sits on a line of its own
    and, pasted as it is, makes the poll it describes."""
    screen = NarrowScreen(24)
    typed = "/poll Who wins. Really? Baker | Gin 1h true 2\n"
    assert await ConsoleAdapter(app, io.StringIO(typed), screen=screen).run() == 0
    form = '/poll Who wins. Really? options:"Baker | Gin" duration:1h anonymous:true rounds:2'
    assert form in "".join(screen.shown).splitlines()
    assert await ConsoleAdapter(app, io.StringIO(form + "\n"), screen=screen).run() == 0
    poll = await app.polls.store.get(1)
    assert poll is not None and poll.question == "Who wins. Really?"
    assert [o.label for o in poll.options] == ["Baker", "Gin"] and poll.rounds == 2


async def test_the_example_of_a_half_custom_poll_stays_whole(app: BotApp) -> None:
    """`/poll question:Lunch?` without options is refused with an example, which the
    console at 30 columns keeps on one line, as typed."""
    screen = NarrowScreen(30)
    typed = "/poll question:Lunch?\n"
    assert await ConsoleAdapter(app, io.StringIO(typed), screen=screen).run() == 0
    example = '/poll question:"Tabs or spaces?" options:Tabs | Spaces.'
    assert example in "".join(screen.shown).splitlines()


async def test_the_vote_suggested_for_a_vote_without_its_number_stays_whole(
    app: BotApp,
) -> None:
    """`/vote Pizza` (no poll number) suggests the vote meant; at 20 columns "Did you mean
    /vote 1" filled a line and "Pizza" went on the next: pasted, a vote for nothing. (Two
    polls have a Pizza: with one, the vote is cast.)"""
    screen = NarrowScreen(20)
    typed = "/poll Lunch? Pizza | Sushi\n/poll Dinner? Pizza | Pasta\n/vote Pizza\n"
    assert await ConsoleAdapter(app, io.StringIO(typed), screen=screen).run() == 0
    lines = "".join(screen.shown).splitlines()
    assert "/vote 1 Pizza" in [line.strip() for line in lines]  # hung under its refusal
