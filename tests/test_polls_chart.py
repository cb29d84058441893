"""The results chart: percentages, the winner, speaker colours, poll number and state."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text

from bot.core.context import Context
from bot.polls import chart
from bot.polls.chart import (
    NEUTRAL_COLOUR,
    Bar,
    _fill,
    _labels,
    _png,
    results_chart,
    results_figure,
)
from bot.polls.rounds_chart import before_after_chart, before_after_figure
from tests.fonts import forget_font_choices
from tests.helpers import make_app, vote_as
from tests.test_polls_rounds_chart import TYPED_LABELS, shift


@pytest.fixture
def no_fallback_font(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The chart's own font alone, whatever fonts this machine has installed."""
    monkeypatch.setattr(chart, "FALLBACK_FAMILIES", ())
    forget_font_choices()
    yield
    forget_font_choices()


def _texts(figure: Figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(Text) if t.get_text()]


def test_bars_show_votes_and_percentages_and_mark_the_leader() -> None:
    figure = results_figure(
        "Tabs or spaces?", "Poll #4 · open · 4 voters", [Bar("Tabs", 3), Bar("Spaces", 1)],
        final=False,
    )  # fmt: skip
    texts = _texts(figure)
    assert "3 (75%)  ★ leading" in texts and "1 (25%)" in texts
    assert "Poll #4 · open · 4 voters" in texts and "Tabs or spaces?" in texts
    bold = {t.get_text() for t in figure.findobj(Text) if t.get_fontweight() == "bold"}
    assert {"Tabs", "3 (75%)  ★ leading"} <= bold and "Spaces" not in bold


def test_a_tie_is_marked_a_tie_on_each_side_never_two_winners() -> None:
    """A tie was "★ winner" beside both bars, two winners, where the text beside the chart
    says "Tie between “A” and “B”"."""
    bars = [Bar("A", 2), Bar("B", 2), Bar("C", 1)]
    closed = _texts(results_figure("Q", "Poll #1 · closed", bars, final=True))
    assert closed.count("2 (40%)  ★ tie") == 2 and not any("winner" in t for t in closed)
    still_open = _texts(results_figure("Q", "Poll #1 · open", bars, final=False))
    assert still_open.count("2 (40%)  ★ tied") == 2
    assert not any("leading" in t for t in still_open)
    alone = _texts(results_figure("Q", "Poll #1 · closed", bars[1:], final=True))
    assert "2 (67%)  ★ winner" in alone


@settings(max_examples=30)
@given(st.lists(st.integers(0, 5), min_size=2, max_size=10), st.booleans())
def test_the_bars_marked_best_are_the_most_voted_and_one_alone_is_the_winner(
    counts: list[int], final: bool
) -> None:
    """Whatever the counts: each bar with the most votes is marked, no other; one such bar
    is "★ winner" ("★ leading" while open), several are each "★ tie" ("★ tied"). A poll
    without votes marks none."""
    figure = results_figure("Q", "s", [Bar(f"L{k}", n) for k, n in enumerate(counts)],
                            final=final)  # fmt: skip
    [axes] = figure.axes
    labels = [t.get_text() for t in axes.texts if isinstance(t, Annotation)]
    marks = [label.partition("★")[2].strip() for label in labels]
    best = [k for k, n in enumerate(counts) if n == max(counts) and n]
    assert [k for k, mark in enumerate(marks) if mark] == best
    one = "winner" if final else "leading"
    several = "tie" if final else "tied"
    assert {marks[k] for k in best} <= {one if len(best) == 1 else several}


def _assert_bar_labels_inside_the_axes(figure: Figure) -> None:
    """Each bar's "N (P%)  ★ winner" ends inside the axes: past them, the figure's edge cut
    it short."""
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    [axes] = figure.axes
    inside = axes.get_window_extent(renderer)
    labels = [t for t in axes.texts if isinstance(t, Annotation) and t.xycoords == "data"]
    assert len(labels) == len(axes.get_yticks())
    for label in labels:
        box = label.get_window_extent(renderer)
        assert box.x1 <= inside.x1, (label.get_text(), box, inside)


def test_the_winner_beside_a_long_option_label_is_not_cut_off() -> None:
    """A long option label narrows the axes; "334 (33%)  ★ winner" then ran past the
    figure's edge and was cut to "★ winne"."""
    bars = [Bar("Lunch " + "x" * 60, 333), Bar("Pizza", 333), Bar("Sushi", 334)]
    _assert_bar_labels_inside_the_axes(
        results_figure("Q", "Poll #3 · closed · 1000 voters", bars, final=True)
    )


@settings(max_examples=15)
@given(
    st.lists(
        st.builds(
            Bar,
            TYPED_LABELS,
            st.integers(0, 100_000),
        ),
        min_size=2,
        max_size=10,
    ).filter(lambda bars: any(bar.count for bar in bars)),
    st.booleans(),
)
def test_any_options_and_counts_keep_every_bar_label_inside_the_axes(
    bars: list[Bar], final: bool
) -> None:
    """Labels typed by users (`TYPED_LABELS`) and any counts; drawing is slow, so few
    examples."""
    _assert_bar_labels_inside_the_axes(results_figure("Q", "s", bars, final=final))


@pytest.mark.parametrize(("final", "said"), [(False, "no votes yet"), (True, "no votes were cast")])
def test_a_poll_without_votes_says_so_instead_of_an_empty_plot(final: bool, said: str) -> None:
    """A closed poll's chart said "no votes yet" beside "No votes were cast.": votes that
    could no longer come."""
    texts = _texts(results_figure("Q", "Poll #1", [Bar("A", 0), Bar("B", 0)], final=final))
    assert said in texts and not any("yet" in text for text in texts if final)
    assert not any("%" in text for text in texts)


def test_the_png_is_a_png() -> None:
    assert results_chart("Q", "s", [Bar("A", 1)], final=False).startswith(b"\x89PNG")


async def test_pack_poll_bars_use_the_speakers_colours(tmp_path: Path) -> None:
    app = await make_app(tmp_path)
    try:
        ctx = Context("console", "local", "general", "you", "you", False, app.clock)
        created = await app.dispatcher.run_text(ctx, "poll", "")
        assert created.poll_id is not None
        poll = await app.polls.poll_for(ctx, created.poll_id)
        bars = app.polls.chart_bars(poll, await app.polls.store.tally(poll))
        colours = {s.id: s.colour_hex for s in app.pack.speakers}
        for option, bar in zip(poll.options, bars, strict=True):
            expected = colours[option.speaker] if option.speaker else NEUTRAL_COLOUR
            assert to_hex(bar.colour) == to_hex(expected)
        assert any(option.speaker for option in poll.options)
    finally:
        await app.close()


async def test_a_multi_choice_poll_s_chart_gives_the_shares_its_results_text_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two voters, one picking Pizza and Sushi, one Sushi: the text said Sushi 100% (of
    voters, "Leading: “Sushi” with 2 votes (100% of voters)") and the chart beside it
    "2 (67%)", its share of the votes. Both now give shares of voters."""
    figures: list[Figure] = []

    def drawn(*args: object, **kwargs: object) -> bytes:
        figures.append(results_figure(*args, **kwargs))  # type: ignore[arg-type]
        return b"\x89PNG"

    monkeypatch.setattr(chart, "results_chart", drawn)
    app = await make_app(tmp_path)
    try:
        ann, bob = (
            Context("console", "local", "general", name, name, False, app.clock)
            for name in ("ann", "bob")
        )
        created = await app.dispatcher.run_text(ann, "poll", "Lunch? Pizza | Sushi multi:true")
        assert created.poll_id is not None
        for ctx, option in ((ann, 1), (ann, 2), (bob, 2)):
            await vote_as(app, ctx, created.poll_id, option, typed=True)
        reply = await app.dispatcher.run_text(ann, "results", str(created.poll_id))
        text = reply.fallback()
        assert "1) Pizza: 1 vote (50%)" in text and "2) Sushi: 2 votes (100%)" in text
        [figure] = figures
        assert {"1 (50%)", "2 (100%)  ★ leading"} <= set(_texts(figure))
    finally:
        await app.close()


def _drawn_without_missing_glyphs(figure: Figure) -> None:
    """Draw the figure as the bot does; a glyph missing from the font is an error here."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _png(figure)


def _tick_labels(figure: Figure) -> list[str]:
    return [tick.get_text() for tick in figure.axes[0].get_yticklabels()]


@pytest.mark.usefixtures("no_fallback_font")
def test_emoji_and_scripts_the_font_lacks_are_never_drawn_as_empty_boxes() -> None:
    labels = ["🍕 Pizza", "寿司", "👍 Yes", "👎 Yes", "Привет", "👍", "שלום", "x²"]
    figure = results_figure("寿司 or ramen? 🍜", "Poll #3 · open", [Bar(t, 1) for t in labels],
                            final=False)  # fmt: skip
    _drawn_without_missing_glyphs(figure)
    assert _tick_labels(figure) == [
        "Pizza", "Option 2", "Option 3", "Option 4", "Привет", "Option 6", "שלום", "x²",
    ]  # fmt: skip
    assert "Results" in _texts(figure) and "Poll #3 · open" in _texts(figure)


def _laid_out_right_to_left(text: str) -> bool:
    """Whether matplotlib puts the first character of `text` right of its last, as a line
    read right to left has it, in the chart's font."""
    from matplotlib import font_manager
    from matplotlib._text_helpers import layout
    from matplotlib.ft2font import FT2Font

    font = FT2Font(font_manager.findfont(chart.FONT))
    font.set_size(11, 100)
    places = {item.char: item.x for item in layout(text, font)}
    return places[text[0]] > places[text[-1]]


@pytest.mark.usefixtures("no_fallback_font")
def test_hebrew_and_arabic_labels_are_drawn_as_typed_right_to_left() -> None:
    """Right-to-left labels were all "Option N" (and a Hebrew question "Results"), as
    matplotlib once drew every line left to right, unshaped; it lays them out now, shaping
    Arabic, and the chart's font has both scripts."""
    labels = ["בייקר", "جين", "שניהם 2", "🍕 פיצה"]
    figure = results_figure("מי צודק?", "Poll #5 · open", [Bar(t, 1) for t in labels],
                            final=False)  # fmt: skip
    _drawn_without_missing_glyphs(figure)
    assert _tick_labels(figure) == ["בייקר", "جين", "שניהם 2", "פיצה"]
    assert "מי צודק?" in _texts(figure)
    assert _laid_out_right_to_left("בייקר") and _laid_out_right_to_left("جين")
    shifts = [shift("בייקר", 0.5, 0.25), shift("جين", 0.5, 0.75)]
    assert _labels([s.label for s in shifts]) == ["בייקר", "جين"]
    _drawn_without_missing_glyphs(before_after_figure("מי?", "s", shifts, [1], final=True))


@pytest.mark.usefixtures("no_fallback_font")
def test_the_two_round_chart_shows_labels_the_same_way() -> None:
    shifts = [shift("🍕 Pizza", 0.5, 0.25), shift("寿司", 0.5, 0.75)]
    png = before_after_chart("Lunch? 🍱", "Poll #2 · closed", shifts, [1], final=True)
    assert png.startswith(b"\x89PNG")
    assert _labels([s.label for s in shifts]) == ["Pizza", "Option 2"]


def test_a_label_never_reads_like_another_bar_s() -> None:
    """A label typed "Option 2" beside a "🍕" drawn as "Option 2" named two bars alike (the
    wrong one, for the first); so did two long labels cut to the same first words."""
    assert _labels(["Option 2", "🍕"]) == ["Option 1", "Option 2"]
    assert _labels(["Option 3", "Option 1", "🍕"]) == ["Option 1", "Option 2", "Option 3"]
    long = "Baker is right about the chip gap, and about the export rules"
    assert _labels([long + " in 2025", long + " in 2026", "No"]) == [
        "Option 1", "Option 2", "No",
    ]  # fmt: skip


LABEL = st.one_of(
    st.text(min_size=1, max_size=30),
    st.sampled_from(["Option 1", "Option 2", "Option 3", "🍕", "Yes", "👍 Yes"]),
    st.text(alphabet="ab ", min_size=50, max_size=70),  # cut to the same first words
)


@given(st.lists(LABEL, min_size=2, max_size=10, unique=True), st.text(max_size=80))
def test_any_labels_are_drawn_distinct_and_without_missing_glyphs(
    labels: list[str], title: str
) -> None:
    figure = results_figure(title, "Poll #1 · open", [Bar(t, 1) for t in labels], final=False)
    _drawn_without_missing_glyphs(figure)
    shown = _labels(labels)
    assert len(set(shown)) == len(shown)
    for number, (label, text) in enumerate(zip(labels, shown, strict=True), start=1):
        # Shown as typed, less what the font lacks, wrapped (newline, "…", spaces) and with
        # `$` escaped for matplotlib; or replaced by its number.
        assert text == f"Option {number}" or set(text) <= {*label, "\n", "…", " ", "\\"}


@given(
    st.text(st.sampled_from("ab 寿司ラ🍕-"), max_size=120),
    st.integers(2, 60),
    st.integers(1, 3),
)
def test_text_is_wrapped_to_its_width_in_columns(text: str, width: int, max_lines: int) -> None:
    """Lines of at most `width` columns (a wide character takes two), at most `max_lines`
    of them, holding the text in order, ending in "…" only where some was left out."""
    filled = _fill(text, width, max_lines=max_lines)
    lines = filled.split("\n") if filled else []
    assert len(lines) <= max_lines
    assert all(sum(1 + (c in "寿司ラ🍕") for c in line) <= width for line in lines)
    typed, kept = "".join(text.split()), "".join(filled.removesuffix("…").split())
    assert typed.startswith(kept)  # spaces aside: lines break at them
    assert kept == typed or filled.endswith("…")
