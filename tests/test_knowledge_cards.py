"""How answers are cut down for chat: echoes, first sentences, evidence excerpts."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from bot.core.replies import Note
from bot.knowledge import default_pack_dir, load_pack
from bot.knowledge.cards import ECHO_MAX, EVIDENCE_MAX, AnswerCards, echo, first_sentence


@given(st.text())
def test_an_echo_is_one_short_line(text: str) -> None:
    shown = echo(text)
    assert len(shown) <= ECHO_MAX and "\n" not in shown
    if len(" ".join(text.split())) <= ECHO_MAX:
        assert shown == " ".join(text.split())


def test_first_sentence_keeps_a_closing_quote() -> None:
    assert first_sentence('The question is "does it matter?" China aims.') == (
        'The question is "does it matter?"'
    )
    assert first_sentence("Both are right. Baker speaks for labs.") == "Both are right."
    assert first_sentence("No full stop") == "No full stop"


def test_evidence_shows_whole_excerpts_while_they_fit() -> None:
    pack = load_pack(default_pack_dir())
    point = pack.point("gin-80-percent")
    short, long = "A short sentence.", "x" * (EVIDENCE_MAX + 10)
    notes = {
        evidence: next(
            b.text
            for b in AnswerCards(pack).point_blocks(replace(point, evidence=evidence))
            if isinstance(b, Note)
        )
        for evidence in [(short, short), (short, long), (long, short)]
    }
    assert notes[(short, short)] == f"{short} {short}"
    assert notes[(short, long)] == short  # the second would not fit: left out, not cut
    assert len(notes[(long, short)]) == EVIDENCE_MAX and notes[(long, short)].endswith("…")
