"""Bar-chart PNGs of poll results, drawn headless with matplotlib.

matplotlib takes most of a second to import, so it is imported here, on the first chart,
never at start-up. The object-oriented API (a `Figure` with its own Agg canvas, no pyplot
state) keeps each chart independent, so charts can be drawn in a worker thread.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

LABEL_WIDTH = 28
TITLE_WIDTH = 60


def bar_chart(title: str, labels: Sequence[str], counts: Sequence[int]) -> bytes:
    """A horizontal bar chart (first option on top), counts written at the bar ends."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    wrapped = [
        _literal(textwrap.fill(label, LABEL_WIDTH, max_lines=2, placeholder="…"))
        for label in labels
    ]
    height = 1.2 + 0.6 * len(labels)
    figure = Figure(figsize=(8, height), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = range(len(labels))
    bars = axes.barh(positions, counts, color="#3B82F6")
    axes.set_yticks(list(positions), wrapped, fontsize=11)
    axes.invert_yaxis()
    axes.bar_label(bars, labels=[str(c) for c in counts], padding=4, fontsize=11)
    axes.set_xlim(0, max([*counts, 1]) * 1.15)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.set_xlabel("votes")
    axes.spines[["top", "right"]].set_visible(False)
    title = textwrap.fill(title, TITLE_WIDTH, max_lines=3, placeholder="…")
    axes.set_title(_literal(title), fontsize=13)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _literal(text: str) -> str:
    """Text shown as typed: a `$` would otherwise start matplotlib's math mode."""
    return text.replace("$", r"\$")
