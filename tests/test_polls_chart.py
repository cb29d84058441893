"""The results chart: percentages, the winner, speaker colours, poll number and state."""

from __future__ import annotations

from pathlib import Path

from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Text

from bot.core.context import Context
from bot.polls.chart import NEUTRAL_COLOUR, Bar, results_chart, results_figure
from tests.helpers import make_app


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


def test_a_closed_poll_names_its_winners_and_a_tie_marks_both() -> None:
    figure = results_figure("Q", "Poll #1 · closed", [Bar("A", 2), Bar("B", 2)], final=True)
    assert _texts(figure).count("2 (50%)  ★ winner") == 2


def test_a_poll_without_votes_says_so_instead_of_an_empty_plot() -> None:
    texts = _texts(results_figure("Q", "Poll #1 · open", [Bar("A", 0), Bar("B", 0)], final=False))
    assert "no votes yet" in texts
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
