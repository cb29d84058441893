"""The before/after chart of a two-round poll: both rounds side by side per option.

Drawn with `chart.py`'s styling helpers, so it looks like the one-round chart: the same
figure, title and subtitle, labels and colours (a pack poll's options in their speakers'
colours). Each option gets two bars, round 1 ("before") faded and round 2 ("after") solid;
the winner by the Oxford rule is labelled "★ winner" in bold (sides tied for it "★ tie").
Shares, not counts: the rule compares shares of each round's voters, and the rounds may have
different numbers of voters.

Every bar has a label at its end, so nothing else may sit in the axes: the legend is below
them (inside, at lower right, it covered the last option's label), and the x-axis is
widened until the longest label ends inside the axes rather than past the figure's edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.polls.chart import (
    DEFAULT_COLOUR,
    FADED_ALPHA,
    MUTED_COLOUR,
    TEXT_COLOUR,
    _figure,
    _fit_labels,
    _labels,
    _png,
    _set_title,
    best_mark,
    no_votes,
    use_fonts,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

#: Height of one bar; an option's two bars sit side by side around its row.
BAR = 0.38


@dataclass(frozen=True, slots=True)
class Shift:
    """One option: its label, its shares (0..1) of each round's voters, the change in whole
    percentage points as the results text says it (`OptionShift.points`), its colour."""

    label: str
    before: float
    after: float
    points: int
    colour: str = DEFAULT_COLOUR


def before_after_chart(
    title: str, subtitle: str, shifts: Sequence[Shift], winners: Sequence[int], *, final: bool
) -> bytes:
    """The PNG (see `before_after_figure`)."""
    return _png(before_after_figure(title, subtitle, shifts, winners, final=final))


def before_after_figure(
    title: str, subtitle: str, shifts: Sequence[Shift], winners: Sequence[int], *, final: bool
) -> Figure:
    """The chart; `winners` are 0-based indexes of the options whose share grew most
    ("★ winner" once `final`, "★ gaining most" while round 2 is open; `best_mark`)."""
    import matplotlib.patches

    figure, axes = _figure(2 * len(shifts))
    rows = range(len(shifts))
    before = [100 * s.before for s in shifts]
    after = [100 * s.after for s in shifts]
    colours = [s.colour for s in shifts]
    faded = axes.barh([r - BAR / 2 for r in rows], before, BAR, color=colours)
    for patch in faded:
        patch.set_alpha(FADED_ALPHA)
    axes.barh([r + BAR / 2 for r in rows], after, BAR, color=colours)
    mark = best_mark(len(winners), final=final, leading="gaining most")
    labels: list[Text] = []
    if not any(before) and not any(after):  # shares of nobody: no voter in either round
        no_votes(axes, final=final)
    else:
        labels = _bar_labels(axes, shifts, winners, mark)
    axes.set_yticks(list(rows), _labels([s.label for s in shifts]), fontsize=11)
    for row, tick in enumerate(axes.get_yticklabels()):
        tick.set_fontweight("bold" if row in winners else "normal")
    axes.invert_yaxis()
    axes.set_xlim(0, max([*before, *after, 10.0]) * 1.45)
    axes.set_xlabel("share of each round's voters (%)")
    figure.legend(
        handles=[
            matplotlib.patches.Patch(color=MUTED_COLOUR, alpha=FADED_ALPHA, label="before"),
            matplotlib.patches.Patch(color=MUTED_COLOUR, label="after"),
        ],
        loc="outside lower right",  # constrained layout keeps a margin for it
        ncols=2,
        fontsize=9,
        frameon=False,
    )
    _set_title(axes, title, subtitle)
    use_fonts(figure)
    _fit_labels(figure, axes, labels)
    return figure


def _bar_labels(
    axes: Axes, shifts: Sequence[Shift], winners: Sequence[int], mark: str
) -> list[Text]:
    """Each bar's label at its end: the share before; the share after, the change in
    points and, beside the winners, `mark`."""
    labels: list[Text] = []
    for row, shift in enumerate(shifts):
        old, new = 100 * shift.before, 100 * shift.after
        labels.append(axes.text(old + 1, row - BAR / 2, f"{old:.0f}%", va="center",
                                fontsize=10, color=MUTED_COLOUR))  # fmt: skip
        change = shift.points
        note = f"{new:.0f}%  ({change:+d} pts)" if change else f"{new:.0f}%  (±0)"
        if row in winners:
            note += f"  {mark}"
        weight = "bold" if row in winners else "normal"
        labels.append(axes.text(new + 1, row + BAR / 2, note, va="center", fontsize=10,
                                color=TEXT_COLOUR, fontweight=weight))  # fmt: skip
    return labels
