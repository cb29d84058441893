"""Bar-chart PNGs of poll results, drawn headless with matplotlib.

matplotlib takes most of a second to import, so it is imported here, on the first chart,
never at start-up. The object-oriented API (a `Figure` with its own Agg canvas, no pyplot
state) keeps each chart independent, so charts can be drawn in a worker thread.

A chart is built from small styling helpers (`_figure`, `_draw_bars`, `_set_title`,
`_png`), so another kind of chart (e.g. two rounds side by side) looks the same.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.core.markup import printable

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

#: Widths in columns (`_columns`: a Chinese, Japanese or Korean character takes two).
LABEL_WIDTH = 28
TITLE_WIDTH = 60
#: Bars of a custom poll; the leader keeps its colour, the others fade.
DEFAULT_COLOUR = "#3B82F6"
#: Bars of a pack poll's options that stand for no speaker ("Both, in their domains").
NEUTRAL_COLOUR = "#9CA3AF"
FADED_ALPHA = 0.45
TEXT_COLOUR = "#111827"
MUTED_COLOUR = "#6B7280"
#: The chart's font: matplotlib bundles it, so Latin, Greek and Cyrillic look the same on
#: every machine.
FONT = "DejaVu Sans"
#: Fonts for the Chinese, Japanese and Korean it lacks, the first one installed used (each
#: covers all three; Debian's fonts-noto-cjk, in the Docker image, has them all). matplotlib
#: takes each character from the first family in a text's list that has it.
FALLBACK_FAMILIES = ("Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK KR")
#: Pixels kept free between a bar label's end and the axes' right edge.
LABEL_MARGIN = 6
#: The least share of the axes' width left to the bars, however long a label.
MIN_ROOM = 0.3


@dataclass(frozen=True, slots=True)
class Bar:
    """One option's bar: its label, vote count and colour (`#RRGGBB`; a speaker's for packs)."""

    label: str
    count: int
    colour: str = DEFAULT_COLOUR


def results_chart(
    title: str, subtitle: str, bars: Sequence[Bar], *, final: bool, voters: int | None = None
) -> bytes:
    """One poll's results as a PNG (see `results_figure`)."""
    return _png(results_figure(title, subtitle, bars, final=final, voters=voters))


def results_figure(
    title: str, subtitle: str, bars: Sequence[Bar], *, final: bool, voters: int | None = None
) -> Figure:
    """A bar per option (first on top) with votes and percentages of `voters` (by default
    the votes, one a voter): a multi-choice poll's voters pick several options, so its
    percentages add up past 100%, as the results text beside the chart says them.

    The leading option(s), the winner once `final`, are drawn solid and labelled in bold
    (`best_mark`); a poll without votes says so (`no_votes`) rather than show an empty plot.
    """
    figure, axes = _figure(len(bars))
    labels = _draw_bars(axes, bars, final=final, voters=voters)
    _set_title(axes, title, subtitle)
    use_fonts(figure)
    _fit_labels(figure, axes, labels)
    return figure


def _figure(rows: int) -> tuple[Figure, Axes]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 1.5 + 0.6 * rows), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def best_mark(winners: int, *, final: bool, leading: str) -> str:
    """The mark beside the best bars: "★ winner" (while open, "★ " + `leading`) beside one,
    "★ tie" ("★ tied") beside each of several. A tie marked "★ winner" twice claimed two
    winners, where the text beside the chart says "Tie between …"."""
    if winners > 1:
        return "★ tie" if final else "★ tied"
    return "★ winner" if final else f"★ {leading}"


def _draw_bars(axes: Axes, bars: Sequence[Bar], *, final: bool, voters: int | None) -> list[Text]:
    """Draws the bars and returns the labels at their ends (none without votes)."""
    counts = [bar.count for bar in bars]
    total = sum(counts)
    best = max(counts, default=0)
    winners = {i for i, count in enumerate(counts) if total and count == best}
    positions = list(range(len(bars)))
    drawn = axes.barh(positions, counts, color=[bar.colour for bar in bars])
    for index, patch in enumerate(drawn):
        if winners and index not in winners:
            patch.set_alpha(FADED_ALPHA)
    axes.set_yticks(positions, _labels([bar.label for bar in bars]), fontsize=11)
    for index, tick in enumerate(axes.get_yticklabels()):
        tick.set_fontweight("bold" if index in winners else "normal")
    axes.invert_yaxis()
    axes.set_xlim(0, max(best, 1) * 1.3)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.set_xlabel("votes")
    if not total:
        no_votes(axes, final=final)
        return []
    mark = best_mark(len(winners), final=final, leading="leading")
    shares_of = voters or total
    texts = [
        f"{count} ({count / shares_of:.0%})" + (f"  {mark}" if i in winners else "")
        for i, count in enumerate(counts)
    ]
    labels = axes.bar_label(drawn, labels=texts, padding=4, fontsize=11, color=TEXT_COLOUR)
    for index, text in enumerate(labels):
        text.set_fontweight("bold" if index in winners else "normal")
    return labels


def no_votes(axes: Axes, *, final: bool) -> None:
    """A chart without votes says so across the axes, not as an empty plot: "no votes
    yet", or once `final` "no votes were cast", as the text beside it says ("yet" on a
    closed poll's chart promised votes that can no longer come)."""
    said = "no votes were cast" if final else "no votes yet"
    axes.text(
        0.5, 0.5, said, transform=axes.transAxes, ha="center", va="center",
        fontsize=16, color=MUTED_COLOUR,
    )  # fmt: skip


def _set_title(axes: Axes, title: str, subtitle: str) -> None:
    shown = _drawable(printable(title)) or "Results"
    wrapped = _fill(shown, TITLE_WIDTH, max_lines=3)
    axes.set_title(_literal(wrapped), fontsize=13, loc="left", color=TEXT_COLOUR, pad=18)
    axes.annotate(
        _literal(subtitle), (0, 1), xycoords="axes fraction", xytext=(0, 4),
        textcoords="offset points", fontsize=10, color=MUTED_COLOUR, va="bottom",
    )  # fmt: skip


def _fit_labels(figure: Figure, axes: Axes, labels: Sequence[Text]) -> None:
    """Widen the x-axis so that every bar label ends inside the axes, not past the figure's
    edge (where "★ winner" was cut short beside a long option label, which narrows the
    axes). A label starts at a data x (a bar's end), plus a fixed offset in pixels for
    `bar_label`'s padding, and is so many pixels wide, neither of which changes with the
    scale: so the limit follows from the laid-out axes' width (measured once drawn)."""
    figure.draw_without_rendering()
    renderer = figure.canvas.get_renderer()
    inside = axes.get_window_extent(renderer)
    limit = axes.get_xlim()[1]
    for label in labels:
        start = _anchor(label)
        box = label.get_window_extent(renderer)
        offset = box.x0 - axes.transData.transform((start, 0))[0]
        room = 1 - (offset + box.width + LABEL_MARGIN) / inside.width
        limit = max(limit, start / max(room, MIN_ROOM))
    axes.set_xlim(0, limit)


def _anchor(label: Text) -> float:
    """The data x a bar label is placed from: an annotation's point, else its position."""
    from matplotlib.text import Annotation

    return float(label.xy[0] if isinstance(label, Annotation) else label.get_position()[0])


def use_fonts(figure: Figure) -> None:
    """Draw every text of `figure` in the chart's fonts (`_font_families`), the ones
    `_drawable` judged the text by; before it is measured or saved."""
    from matplotlib.text import Text

    families = list(_font_families())
    for text in figure.findobj(Text):
        text.set_fontfamily(families)


def _labels(texts: Sequence[str]) -> list[str]:
    """Option labels as the chart shows them, in order, no two alike: "Option N" where the
    font cannot draw one (see `_drawable`), or where what it shows reads like another's:
    "👍 Yes" and "👎 Yes" would both be "Yes", two long labels both end in "…" after the
    same words, and a label typed "Option 2" beside a "🍕" drawn as "Option 2" would name
    the wrong bar. Replacing one may clash with a label typed "Option N" in turn, so this
    repeats until none does (each pass replaces one more, and the numbers are distinct).
    Platform markup is drawn as what it names (`printable`): "Ship in #dev", not
    "Ship in <#C0DEV|dev>"."""
    fallbacks = [f"Option {number}" for number in range(1, len(texts) + 1)]
    shown = [_wrapped(_drawable(printable(text))) for text in texts]
    while clashes := [
        index
        for index, text in enumerate(shown)
        if text != fallbacks[index] and (not text or shown.count(text) > 1)
    ]:
        for index in clashes:
            shown[index] = fallbacks[index]
    return [_literal(text) for text in shown]


def _wrapped(text: str) -> str:
    """A label on at most two lines, "…" ending one that is longer."""
    return _fill(text, LABEL_WIDTH, max_lines=2)


def _fill(text: str, width: int, *, max_lines: int) -> str:
    """`text` on at most `max_lines` lines of `width` columns, "…" ending the last when
    more is left. Lines break at spaces, and beside a wide character, as Chinese and
    Japanese break between any two; a word longer than a line is cut. Columns, not
    characters: a line of 60 wide characters would be twice as wide as the chart."""
    lines: list[str] = []
    rest = " ".join(text.split())
    while rest and len(lines) < max_lines:
        end = _line_end(rest, width)
        lines.append(rest[:end].rstrip())
        rest = rest[end:].lstrip()
    if rest:
        last = lines[-1]
        while last and _width(last) + 1 > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return "\n".join(lines)


def _line_end(text: str, width: int) -> int:
    """How many characters of `text` its first line takes (at least one)."""
    used, last_break = 0, 0
    for index, char in enumerate(text):
        if index and (
            text[index - 1] == " " or _columns(text[index - 1]) == 2 or _columns(char) == 2
        ):
            last_break = index
        used += _columns(char)
        if used > width:
            return last_break or max(index, 1)
    return len(text)


def _columns(char: str) -> int:
    """Columns a character takes: two for the wide ones (Chinese, Japanese, Korean)."""
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _width(text: str) -> int:
    return sum(map(_columns, text))


def _drawable(text: str) -> str:
    """`text` without what the chart's fonts cannot draw, or "" when that loses its meaning.

    A character missing from the fonts is drawn as an empty box. Emoji and other symbols
    are decoration, so they are left out ("🍕 Pizza" is drawn "Pizza"); a missing letter
    or digit (Devanagari, Thai and other scripts the fonts lack; Chinese, Japanese and
    Korean where no CJK font is installed) means the text cannot be shown faithfully, and
    neither can text that has no letter or digit left. The message beside the chart shows
    every label as typed. Hebrew and Arabic are drawn: matplotlib (>= 3.11, libraqm) lays
    a line out by the bidirectional algorithm and shapes Arabic, and the chart's font has
    both scripts, in both weights.
    """
    glyphs = _font_glyphs()
    kept = []
    for char in text:
        if ord(char) in glyphs:
            kept.append(char)
        elif unicodedata.category(char)[0] in "LN":
            return ""
    shown = " ".join("".join(kept).split())
    return shown if any(unicodedata.category(c)[0] in "LN" for c in shown) else ""


@functools.cache
def _font_families() -> tuple[str, ...]:
    """The chart's font, then the first of `FALLBACK_FAMILIES` installed here, if any."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    fallback = next((family for family in FALLBACK_FAMILIES if family in installed), None)
    return (FONT,) if fallback is None else (FONT, fallback)


@functools.cache
def _font_glyphs() -> frozenset[int]:
    """Code points the chart's fonts draw in both weights used: in each weight, one of
    its families has the character (a family without a bold face lends its nearest)."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    def drawn(weight: str) -> set[int]:
        faces = [font_manager.FontProperties(family=f, weight=weight) for f in _font_families()]
        paths = {font_manager.findfont(face, fallback_to_default=False) for face in faces}
        fonts = [FT2Font(path, face_index=path.face_index) for path in paths]
        return set().union(*(font.get_charmap() for font in fonts))

    return frozenset(drawn("normal") & drawn("bold"))


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _literal(text: str) -> str:
    """Text shown as typed: a `$` would otherwise start matplotlib's math mode."""
    return text.replace("$", r"\$")
