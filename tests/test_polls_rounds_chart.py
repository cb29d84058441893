"""The two-round chart: every bar label readable, none under the legend or past the axes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure
from matplotlib.text import Annotation

from bot.polls.rounds_chart import Shift, before_after_chart, before_after_figure

LONG = "a label long enough to wrap onto a second line"
#: Labels typed by users, in the font's Latin range: other glyphs are slow to look up and
#: drawn as boxes of the same size.
TYPED_LABELS = st.text(
    st.characters(codec="latin-1", categories=("L", "N", "P", "Zs")), max_size=60
)
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
        [Shift("Baker", 0.2, 0.15), Shift("Gin", 0.3, 0.25), Shift(LONG, 0.5, 0.6)],
        [Shift(f"Option {k}: {LONG}", 0.01 * k, 0.1 - 0.01 * k) for k in range(10)],
        [Shift(LONG, 0.0, 1.0), Shift("Gin", 1.0, 0.0)],
    ],
    ids=["winner last", "ten long labels", "everyone changed sides"],
)
def test_bar_labels_are_clear_of_the_legend_and_inside_the_axes(shifts: list[Shift]) -> None:
    _assert_every_label_is_clear(_figure(shifts))


@settings(max_examples=15)
@given(
    st.lists(
        st.builds(
            Shift,
            TYPED_LABELS,
            st.floats(0, 1),
            st.floats(0, 1),
        ),
        min_size=2,
        max_size=10,
    ),
    st.booleans(),
)
def test_any_options_leave_every_bar_label_clear(shifts: list[Shift], final: bool) -> None:
    """Labels typed by users (`TYPED_LABELS`) and any shares; drawing is slow, so few
    examples."""
    _assert_every_label_is_clear(_figure(shifts, final=final))


def test_the_png_is_a_png() -> None:
    shifts = [Shift("A", 0.5, 0.4), Shift("B", 0.5, 0.6)]
    assert before_after_chart("Q", "s", shifts, [1], final=True).startswith(b"\x89PNG")


def test_sides_tied_by_the_oxford_rule_are_each_marked_a_tie_never_two_winners() -> None:
    """Two sides that gained as much were both "★ winner", where the text says "Tie by the
    Oxford rule"; a side that gained most alone is still the winner."""
    tied = [Shift("A", 0.25, 0.5), Shift("B", 0.25, 0.5), Shift("C", 0.5, 0.0)]
    for final, word in ((True, "tie"), (False, "tied")):
        texts = [t.get_text() for t in _figure(tied, final=final).axes[0].texts]
        assert [t for t in texts if "★" in t] == [f"50%  (+25 pts)  ★ {word}"] * 2
    alone = [Shift("A", 0.25, 0.5), Shift("B", 0.75, 0.5)]
    texts = [t.get_text() for t in _figure(alone).axes[0].texts]
    assert [t for t in texts if "★" in t] == ["50%  (+25 pts)  ★ winner"]
