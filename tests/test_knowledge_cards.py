"""How answers are put in chat: echoes cut short, evidence shown whole, glossary footnotes."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from bot.core.replies import Block, Note, Quote, Text
from bot.knowledge import default_pack_dir, load_pack
from bot.knowledge.cards import (
    ECHO_MAX,
    EVIDENCE_LABEL,
    GLOSSARY_TAG,
    AnswerCards,
    echo,
    first_sentence,
)
from bot.knowledge.limits import EVIDENCE_MAX
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


def evidence_shown(blocks: tuple[Block, ...] | list[Block]) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Note) and b.label == EVIDENCE_LABEL]


def test_every_evidence_sentence_is_shown_whole() -> None:
    """A claim rests on all of its evidence: once cut at 320 characters, the drone-fleet
    sentence under the drone-fleet claim and "rather than building bespoke chips" under the
    sovereign-AI claim were dropped. Long excerpts go to notes of their own, never cut."""
    pack = load_pack(default_pack_dir())
    cards = AnswerCards(pack)
    for point in pack.points:
        assert " ".join(evidence_shown(cards.point_blocks(point))) == " ".join(point.evidence)
    drones = " ".join(evidence_shown(cards.point_blocks(pack.point("gin-good-enough-at-scale"))))
    assert "For a founder building a drone fleet" in drones
    point = pack.point("gin-80-percent")
    short, long = "A short sentence.", "x" * EVIDENCE_MAX
    shown = evidence_shown(cards.point_blocks(replace(point, evidence=(short, long, short))))
    assert shown == [short, long, short]  # whole, in order, each note within EVIDENCE_MAX
    assert evidence_shown(cards.point_blocks(replace(point, evidence=(short, short)))) == [
        f"{short} {short}"
    ]


def test_a_stance_shows_the_sentences_its_points_rest_on() -> None:
    """Baker's stance card said "its indigenous chips are insufficient" with only the
    "misguided confidence" sentence under it."""
    pack = load_pack(default_pack_dir())
    shown = " ".join(evidence_shown(AnswerCards(pack).stance_card(pack.speaker("baker")).blocks))
    assert "believing their indigenous chips are insufficient" in shown


def test_a_glossary_note_explains_only_names_shown_and_says_it_is_a_glossary() -> None:
    """Every card's glossary footnotes are exactly the kept-as-written names its other blocks
    show, under a label no reader takes for the article's words."""
    pack = load_pack(default_pack_dir())
    cards = AnswerCards(pack)
    shown = [cards.voiced_card(p) for p in pack.points]
    shown += [cards.stance_card(s) for s in pack.debaters]
    shown += [cards.takeaway_card(i) for i in range(len(pack.takeaways))]
    for gin in (p for p in pack.points if p.rebuts):  # a rebuttal shows what it answers
        answer = Answer(Kind.POINTS, "q", (gin,), gin.speaker, {gin.id: gin.rebuts})
        reply = cards.answer_reply(answer)
        assert reply is not None
        shown += reply.cards
    glossed = 0
    for card in shown:
        notes = [b for b in card.blocks if isinstance(b, Note) and b.label.endswith(GLOSSARY_TAG)]
        rest = " ".join(
            f"{getattr(b, 'label', '')} {b.text}"
            for b in card.blocks
            if isinstance(b, Text | Quote | Note) and b not in notes
        )
        used = {t for t in pack.glossary if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", rest)}
        assert [n.label for n in notes] == [
            f"{t} {GLOSSARY_TAG}" for t in pack.glossary if t in used
        ]
        assert all(n.text == pack.glossary[n.label.removesuffix(f" {GLOSSARY_TAG}")] for n in notes)
        glossed += len(notes)
    assert glossed  # the bundled pack's answers do use O13, Deep Seek and P30s
    stance = cards.stance_card(pack.speaker("baker")).blocks
    assert Note(f"P30s {GLOSSARY_TAG}", pack.glossary["P30s"]) in stance


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
