"""The before/after chart of a two-round poll: grouped bars per option, winner highlighted.

Drawn like `chart.bar_chart` (matplotlib imported on first use, a standalone `Figure`, so it
can run in a worker thread). Shares, not counts: the Oxford rule compares shares of each
round's voters, and the rounds may have different numbers of voters.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from bot.polls.chart import LABEL_WIDTH, TITLE_WIDTH, _literal

BEFORE_COLOUR, AFTER_COLOUR, WINNER_COLOUR = "#CBD5E1", "#3B82F6", "#16A34A"
BAR = 0.38


def before_after_chart(
    title: str,
    labels: Sequence[str],
    before: Sequence[float],
    after: Sequence[float],
    winners: Sequence[int],
) -> bytes:
    """Shares (0..1) before and after per option, first option on top; `winners` are
    0-based indexes whose after bar (and label) is highlighted."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    wrapped = [
        _literal(textwrap.fill(label, LABEL_WIDTH, max_lines=2, placeholder="…"))
        for label in labels
    ]
    figure = Figure(figsize=(8, 1.6 + 0.9 * len(labels)), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    rows = range(len(labels))
    before_pct = [100 * share for share in before]
    after_pct = [100 * share for share in after]
    axes.barh([r - BAR / 2 for r in rows], before_pct, BAR, color=BEFORE_COLOUR)
    colours = [WINNER_COLOUR if i in winners else AFTER_COLOUR for i in rows]
    axes.barh([r + BAR / 2 for r in rows], after_pct, BAR, color=colours)
    for row, (old, new) in enumerate(zip(before_pct, after_pct, strict=True)):
        axes.text(old + 1, row - BAR / 2, f"{old:.0f}%", va="center", fontsize=10)
        change = round(new - old)  # as the results text rounds it
        note = f"{new:.0f}%  ({change:+d} pts)" if change else f"{new:.0f}%  (±0)"
        weight = "bold" if row in winners else "normal"
        axes.text(new + 1, row + BAR / 2, note, va="center", fontsize=10, fontweight=weight)
    axes.set_yticks(list(rows), wrapped, fontsize=11)
    for row, tick in enumerate(axes.get_yticklabels()):
        if row in winners:
            tick.set_fontweight("bold")
            tick.set_color(WINNER_COLOUR)
    axes.invert_yaxis()
    axes.set_xlim(0, max([*before_pct, *after_pct, 10.0]) * 1.3)
    axes.set_xlabel("share of each round's voters (%)")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(
        handles=[
            Patch(color=BEFORE_COLOUR, label="before (round 1)"),
            Patch(color=AFTER_COLOUR, label="after (round 2)"),
            Patch(color=WINNER_COLOUR, label="winner: largest gain"),
        ],
        loc="lower right",
        fontsize=9,
        frameon=False,
    )
    title = textwrap.fill(title, TITLE_WIDTH, max_lines=3, placeholder="…")
    axes.set_title(_literal(title), fontsize=13)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
