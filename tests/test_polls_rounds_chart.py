"""The two-round chart: every bar label readable, none under the legend or past the axes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text

from bot.core.context import Context
from bot.polls import rounds_chart
from bot.polls.rounds_chart import Shift, before_after_chart, before_after_figure
from tests.helpers import make_app, vote_as

LONG = "a label long enough to wrap onto a second line"
#: Labels typed by users, in the font's Latin range: other glyphs are slow to look up and
#: drawn as boxes of the same size.
TYPED_LABELS = st.text(
    st.characters(codec="latin-1", categories=("L", "N", "P", "Zs")), max_size=60
)


def shift(label: str, before: float, after: float) -> Shift:
    """An option's shares, with the change in points they make (the text's own is
    `OptionShift.points`, from exact fractions)."""
    return Shift(label, before, after, round(100 * (after - before)))


QUESTION = "Who is right about China's AI-chip strategy, Baker or Gin? A question that wraps"


def _figure(shifts: list[Shift], *, final: bool = True) -> Figure:
    gains = [s.after - s.before for s in shifts]
    winners = [k for k, gain in enumerate(gains) if gain == max(gains)]
    return before_after_figure(QUESTION, "Two rounds · 12 voters", shifts, winners, final=final)


def _assert_every_label_is_clear(figure: Figure) -> None:
    """No bar label meets the legend, and each ends inside the axes (past them, the
    figure's edge cut "★ winner" short)."""
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    [axes] = figure.axes
    [legend] = [*figure.legends, *([axes.legend_] if axes.legend_ else [])]
    key = legend.get_window_extent(renderer)
    inside = axes.get_window_extent(renderer)
    labels = [text for text in axes.texts if not isinstance(text, Annotation)]  # not the subtitle
    assert len(labels) == 2 * len(axes.get_yticks())
    for label in labels:
        box = label.get_window_extent(renderer)
        assert not box.overlaps(key), (label.get_text(), box, key)
        assert box.x1 <= inside.x1, (label.get_text(), box, inside)
    for bar in axes.patches:
        assert not bar.get_window_extent(renderer).overlaps(key)


@pytest.mark.parametrize(
    "shifts",
    [
        # The case that was covered: the last option's label ran under the legend.
        [shift("Baker", 0.2, 0.15), shift("Gin", 0.3, 0.25), shift(LONG, 0.5, 0.6)],
        [shift(f"Option {k}: {LONG}", 0.01 * k, 0.1 - 0.01 * k) for k in range(10)],
        [shift(LONG, 0.0, 1.0), shift("Gin", 1.0, 0.0)],
    ],
    ids=["winner last", "ten long labels", "everyone changed sides"],
)
def test_bar_labels_are_clear_of_the_legend_and_inside_the_axes(shifts: list[Shift]) -> None:
    _assert_every_label_is_clear(_figure(shifts))


@settings(max_examples=15)
@given(
    st.lists(
        st.builds(shift, TYPED_LABELS, st.floats(0, 1), st.floats(0, 1)),
        min_size=2,
        max_size=10,
    ).filter(lambda shifts: any(s.before or s.after for s in shifts)),  # else no bar labels
    st.booleans(),
)
def test_any_options_leave_every_bar_label_clear(shifts: list[Shift], final: bool) -> None:
    """Labels typed by users (`TYPED_LABELS`) and any shares; drawing is slow, so few
    examples."""
    _assert_every_label_is_clear(_figure(shifts, final=final))


def test_the_png_is_a_png() -> None:
    shifts = [shift("A", 0.5, 0.4), shift("B", 0.5, 0.6)]
    assert before_after_chart("Q", "s", shifts, [1], final=True).startswith(b"\x89PNG")


def test_sides_tied_by_the_oxford_rule_are_each_marked_a_tie_never_two_winners() -> None:
    """Two sides that gained as much were both "★ winner", where the text says "Tie by the
    Oxford rule"; a side that gained most alone is still the winner."""
    tied = [shift("A", 0.25, 0.5), shift("B", 0.25, 0.5), shift("C", 0.5, 0.0)]
    for final, word in ((True, "tie"), (False, "tied")):
        texts = [t.get_text() for t in _figure(tied, final=final).axes[0].texts]
        assert [t for t in texts if "★" in t] == [f"50%  (+25 pts)  ★ {word}"] * 2
    alone = [shift("A", 0.25, 0.5), shift("B", 0.75, 0.5)]
    texts = [t.get_text() for t in _figure(alone).axes[0].texts]
    assert [t for t in texts if "★" in t] == ["50%  (+25 pts)  ★ winner"]


async def test_the_chart_gives_each_change_in_points_as_the_results_text_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One voter for A before, 17 of 40 after: 100% → 42.5%, which the text called "-57
    pts" (the change, a float a hair above -57.5, rounded) and the chart "-58 pts" (the
    difference of the two shares as floats, -57.5, rounded to even). Both now show
    `OptionShift.points`."""
    drawn: list[list[Shift]] = []

    def record(title: str, subtitle: str, shifts: list[Shift], *args: Any, **kwargs: Any) -> bytes:
        drawn.append(shifts)
        return b"\x89PNG"

    monkeypatch.setattr(rounds_chart, "before_after_chart", record)
    app = await make_app(tmp_path)
    try:
        people = [
            Context("console", "local", "general", f"u{n}", f"U{n}", False, app.clock)
            for n in range(40)
        ]
        created = await app.dispatcher.run_text(people[0], "poll", "Q? A | B rounds:2")
        poll_id = created.poll_id
        assert poll_id is not None
        await vote_as(app, people[0], poll_id, 1, typed=True)
        await app.dispatcher.run_text(people[0], "close", str(poll_id))  # round 2 opens
        for n, ctx in enumerate(people[1:], start=1):
            await vote_as(app, ctx, poll_id, 1 if n < 17 else 2, typed=True)
        text = (await app.dispatcher.run_text(people[0], "results", str(poll_id))).fallback()
        assert "before 1 (100%) → after 17 (42%) · -57 pts" in text
        assert "before 0 (0%) → after 23 (57%) · +57 pts" in text
        [shifts] = drawn
        assert [s.points for s in shifts] == [-57, 57]
        figure = before_after_figure("Q?", "s", shifts, [1], final=False)
        assert [t.get_text() for t in figure.axes[0].texts if "pts" in t.get_text()] == [
            "42%  (-57 pts)",
            "57%  (+57 pts)  ★ gaining most",
        ]
    finally:
        await app.close()


def test_a_poll_without_votes_in_either_round_says_so_instead_of_an_empty_plot() -> None:
    """Like the one-round chart: "0%  (±0)" beside empty bars was all it showed."""
    figure = before_after_figure("Q?", "s", [shift("A", 0, 0), shift("B", 0, 0)], [0, 1],
                                 final=True)  # fmt: skip
    texts = [t.get_text() for t in figure.axes[0].texts if not isinstance(t, Annotation)]
    assert texts == ["no votes were cast"]  # no bar labels; closed, no "yet"
    assert not any("★" in t.get_text() for t in figure.findobj(Text))
