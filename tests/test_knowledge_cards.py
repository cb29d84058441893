"""How answers are cut down for chat: echoes, first sentences, evidence excerpts."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from bot.core.replies import Note, Text
from bot.knowledge import default_pack_dir, load_pack
from bot.knowledge.cards import (
    ECHO_MAX,
    EVIDENCE_LABEL,
    EVIDENCE_MAX,
    AnswerCards,
    echo,
    first_sentence,
)
from bot.knowledge.router import Answer, Kind


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


def test_the_side_that_opens_the_debate_is_answered_never_answering() -> None:
    """Baker speaks first and Gin counters him: a Baker point reached through a rebuts link
    is "Answered by" Gin, and only Gin's points are "In answer to" Baker."""
    pack = load_pack(default_pack_dir())
    cards = AnswerCards(pack)
    for gin in (p for p in pack.points if p.rebuts):
        baker = pack.point(gin.rebuts)
        labels = {}
        for point, other in ((baker, gin), (gin, baker)):
            answer = Answer(Kind.POINTS, "q", (point,), point.speaker, {point.id: other.id})
            reply = cards.answer_reply(answer)
            assert reply is not None
            notes = [b for b in reply.cards[0].blocks if isinstance(b, Note)]
            labels[point.speaker] = next(n.label for n in notes if n.label != EVIDENCE_LABEL)
        assert labels == {"baker": "Answered by Aaron Gin", "gin": "In answer to Gavin Baker"}


def test_every_takeaway_point_shows_its_source_sentences() -> None:
    """The README's promise: every point shows the article's own sentence under it."""
    pack = load_pack(default_pack_dir())
    cards = AnswerCards(pack)
    for index, takeaway in enumerate(pack.takeaways):
        shown = cards.takeaway_card(index).blocks
        for point in (pack.point(point_id) for point_id in takeaway.points):
            at = shown.index(Text(f"{pack.speaker(point.speaker).byline}: {point.claim}"))
            evidence = next(b for b in cards.point_blocks(point) if isinstance(b, Note))
            assert evidence in shown[at + 1 : at + 3], (takeaway.id, point.id)
