"""A poll's tally, read in order: each option's figures, then its bar."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bot.polls.model import Tally
from bot.polls.render import tally_lines
from tests.test_polls_bidi import TEXTS, poll_with, unique_labels


@given(TEXTS, unique_labels(3), st.lists(st.integers(0, 50), min_size=3, max_size=3))
@example("Who wins?", ["█ Baker ░", "Gin: 2 votes (100%)", "Both"], [3, 0, 1])
def test_each_options_figures_come_before_its_bar_whatever_its_label(
    question: str, labels: list[str], counts: list[int]
) -> None:
    """Labels are typed by people and may hold anything, bar characters included: every
    option still reads first as its line in words (the tally's spoken form, line for
    line), and its bar follows on a line that holds nothing else."""
    poll = poll_with(question, labels)
    tally = Tally(poll.id, dict(enumerate(counts, start=1)), sum(counts))
    drawn = tally_lines(poll, tally)
    assert drawn[0::2] == tally_lines(poll, tally, drawn=False)
    assert all(bar.startswith("   ") and set(bar.strip()) <= {"█", "░"} for bar in drawn[1::2])
    assert all(len(bar.strip()) == 16 for bar in drawn[1::2])
