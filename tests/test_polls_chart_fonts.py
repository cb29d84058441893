"""Chart labels in scripts the chart's own font lacks, drawn with an installed fallback font
(Noto Sans CJK in the Docker image). The font here is a tiny one generated for these tests,
installed as the fallback family the charts look for first: no test depends on the fonts of
the machine it runs on."""

from __future__ import annotations

import unicodedata
import warnings
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure
from matplotlib.text import Text

from bot.polls import chart
from bot.polls.chart import Bar, results_figure
from bot.polls.rounds_chart import before_after_figure
from tests.fonts import installed_font, write_font
from tests.test_polls_rounds_chart import shift

#: What the generated font draws ("寿司 | ラーメン", "김치"); DejaVu Sans draws none of it.
CJK = "寿司ラーメン김치"

pytestmark = pytest.mark.usefixtures("cjk_font")


@pytest.fixture(scope="module")
def cjk_font(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    family = chart.FALLBACK_FAMILIES[0]
    path = write_font(tmp_path_factory.mktemp("fonts") / "tiny-cjk.ttf", family, CJK)
    with installed_font(path):
        yield


def _drawn(figure: Figure) -> list[str]:
    """Draw the figure as the bot does, a glyph missing from every font being an error; the
    y-axis labels as drawn."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chart._png(figure)
    return [tick.get_text() for tick in figure.axes[0].get_yticklabels()]


def test_labels_an_installed_fallback_font_draws_are_shown_as_typed() -> None:
    """ "寿司 | ラーメン" was drawn "Option 1", "Option 2" though a font for it was installed;
    what no font has is still left out or numbered, and the chart's own font still draws
    what it has (Hebrew)."""
    labels = ["寿司", "ラーメン", "🍕 Pizza", "김치 Kimchi", "नमस्ते", "שלום"]
    bars = [Bar(label, 3 if label == "寿司" else 1) for label in labels]
    figure = results_figure("寿司 or ラーメン?", "Poll #3 · open", bars, final=False)
    assert _drawn(figure) == ["寿司", "ラーメン", "Pizza", "김치 Kimchi", "Option 5", "שלום"]
    assert "寿司 or ラーメン?" in [text.get_text() for text in figure.findobj(Text)]
    shifts = [shift("寿司", 0.5, 0.25), shift("ラーメン", 0.5, 0.75)]
    assert _drawn(before_after_figure("ラーメン?", "Poll #2", shifts, [1], final=True)) == [
        "寿司",
        "ラーメン",
    ]


@given(
    st.lists(
        st.text(alphabet=CJK + "Ab 1🍕", min_size=1, max_size=12), min_size=2, max_size=4,
        unique=True,
    )
)  # fmt: skip
def test_labels_of_the_fallback_font_s_characters_are_drawn_as_typed(labels: list[str]) -> None:
    """Every glyph is drawn from one font or the other, and a label is shown as typed,
    less the emoji (no font here has it), unless nothing readable is left or it then reads
    like another label: then it is numbered."""
    shown = _drawn(results_figure("寿司?", "Poll #1", [Bar(t, 1) for t in labels], final=True))
    typed = [" ".join(label.replace("🍕", "").split()) for label in labels]
    for number, (text, label) in enumerate(zip(shown, typed, strict=True), start=1):
        readable = any(unicodedata.category(char)[0] in "LN" for char in label)
        assert text == (label if readable and typed.count(label) == 1 else f"Option {number}")


def test_long_text_in_wide_characters_stays_inside_the_chart() -> None:
    """A question or label of wide characters was wrapped as if each took a column:
    "今日のランチは…" ran 60 of them, twice the chart's width, on one line, cut off at its
    right edge, and a label's 28 took half the chart from the bars."""
    question = "寿司ラーメン" * 20 + "？"
    bars = [Bar("寿司" * 20, 2), Bar("ラーメン", 1), Bar("Baker is right about the chip gap", 1)]
    figure = results_figure(question, "Poll #3 · open", bars, final=False)
    labels = _drawn(figure)
    assert labels[0] == "寿司" * 7 + "\n" + "寿司" * 6 + "寿…"  # 28 columns a line
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    shown = [text for text in figure.findobj(Text) if text.get_visible()]
    wide = [text for text in shown if set(text.get_text()) & set(CJK)]
    assert len(wide) == 3  # the question, two labels
    for text in wide:
        box = text.get_window_extent(renderer)
        assert figure.bbox.x0 <= box.x0 and box.x1 <= figure.bbox.x1, text.get_text()
