"""The console's rendering of the parts that are not exercised by a whole command."""

from __future__ import annotations

from bot.adapters.terminal_render import render_reply
from bot.core.replies import Card, Note, Quote, Reply, Text


def test_a_note_is_an_indented_line_kept_under_what_it_annotates() -> None:
    card = Card("T", (Text("claim"), Quote("q", "Ann"), Note("From the article", "It said so.")))
    assert render_reply(Reply(cards=(card,))).splitlines() == [
        "== T ==",
        "claim",
        "  > “q” — Ann",
        "  · From the article: It said so.",
    ]
