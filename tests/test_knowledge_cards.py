"""How answers are put in chat: echoes cut short, evidence shown whole, glossary footnotes."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import cast

from hypothesis import given
from hypothesis import strategies as st

from bot.clock import ManualClock
from bot.commands.knowledge import KnowledgeCommands
from bot.core.context import Context
from bot.core.replies import Block, Card, Note, Quote, Text
from bot.core.sanitize import strip_controls, without_isolates
from bot.knowledge import Pack, Searcher, default_pack_dir, load_pack
from bot.knowledge.cards import (
    ECHO_MAX,
    EVIDENCE_LABEL,
    GLOSSARY_HEADING,
    GLOSSARY_TAG,
    QUOTED_ABOVE_LABEL,
    AnswerCards,
    Shown,
    echo,
    first_sentence,
)
from bot.knowledge.limits import EVIDENCE_MAX
from bot.knowledge.router import Answer, Kind, Router
from bot.storage.database import Database
from bot.storage.directory import Directory

CONTEXT = Context("console", "local", "general", "u1", "Ann", False, ManualClock(0.0))
PACK = load_pack(default_pack_dir())
ROUTER = Router(PACK, Searcher(PACK))
QUESTION_WORDS = ["china", "chips", "distillation", "baker", "gin", "o13", "deep", "seek", "p30s"]
QUESTION_WORDS += ["mistake", "gap", "cost", "drones", "frontier", "compute", "what", "is"]
ANY_QUESTION = st.lists(st.sampled_from(QUESTION_WORDS), min_size=1, max_size=5).map(" ".join)
ANY_SPEAKER = st.sampled_from([None, *(s.id for s in PACK.debaters)])
"""Whatever is asked, of whomever: what the properties of every reply are drawn from."""


@given(st.text())
def test_an_echo_is_one_short_line(text: str) -> None:
    text = strip_controls(text)  # as the dispatcher hands typed text on
    shown = without_isolates(echo(text))  # what shows: an isolate takes no room
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
        assert " ".join(evidence_shown(cards.point_blocks(point, Shown()))) == " ".join(
            point.evidence
        )
    drones = " ".join(
        evidence_shown(cards.point_blocks(pack.point("gin-good-enough-at-scale"), Shown()))
    )
    assert "For a founder building a drone fleet" in drones
    point = pack.point("gin-80-percent")
    short, long = "A short sentence.", "x" * EVIDENCE_MAX
    shown = evidence_shown(
        cards.point_blocks(replace(point, evidence=(short, long, short)), Shown())
    )
    assert shown == [short, long, short]  # whole, in order, each note within EVIDENCE_MAX
    assert evidence_shown(cards.point_blocks(replace(point, evidence=(short, short)), Shown())) == [
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
    shown = [cards.voiced_card(p, Shown()) for p in pack.points]
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
    """The README's promise: every point shows the article's own sentences under it, or
    points to where this reply showed them already."""
    pack = load_pack(default_pack_dir())
    cards = AnswerCards(pack)
    for index, takeaway in enumerate(pack.takeaways):
        shown = cards.takeaway_card(index).blocks
        for point in (pack.point(point_id) for point_id in takeaway.points):
            at = shown.index(Text(f"{pack.speaker(point.speaker).byline}: {point.claim}"))
            evidence = next(b for b in shown[at + 1 : at + 3] if isinstance(b, Note))
            assert evidence.label in (EVIDENCE_LABEL, QUOTED_ABOVE_LABEL), (takeaway.id, point.id)
            if evidence.label == QUOTED_ABOVE_LABEL:
                above = " ".join(evidence_shown(shown[:at]))
                assert all(" ".join(e.split()) in above for e in point.evidence), point.id


def sentences_shown(cards: tuple[Card, ...]) -> list[str]:
    """Each source sentence a reply shows as evidence, once per time it is shown."""
    text = " ".join(t for card in cards for t in evidence_shown(card.blocks))
    return [m.group(1) for m in re.finditer(r"(.+?[.!?][\"'”’]*)(?:\s|$)", text)]


def glossary_shown(cards: tuple[Card, ...]) -> list[str]:
    return [
        b.label for c in cards for b in c.blocks if isinstance(b, Note) and GLOSSARY_TAG in b.label
    ]


async def every_reply(pack: Pack) -> list[tuple[str, tuple[Card, ...]]]:
    """Each knowledge reply that shows evidence: stances, takeaways, every topic's debate and
    the questions that once printed a sentence twice."""
    app_cards = AnswerCards(pack)
    replies = [(s.id, (app_cards.stance_card(s),)) for s in pack.debaters]
    replies += [
        (f"takeaway {i}", (app_cards.takeaway_card(i),)) for i in range(len(pack.takeaways))
    ]
    commands = KnowledgeCommands(
        pack, Router(pack, Searcher(pack)), app_cards, Directory(cast(Database, None))
    )
    for topic in pack.topics:
        reply = await commands.debate(CONTEXT, {"topic": topic.id})
        replies.append((f"debate {topic.id}", reply.cards))
    for speaker, question in (("baker", "cost"), ("gin", "distillation"), (None, "chips")):
        reply = app_cards.answer_reply(commands.router.answer(question, speaker=speaker))
        assert reply is not None
        replies.append((f"{speaker} {question}", reply.cards))
    return replies


async def test_a_reply_shows_each_source_sentence_and_footnote_once() -> None:
    """/takeaway 1 printed two sentences twice (39 lines instead of 19), /baker "He believes
    this choice stems…" twice, /gin distillation the O13 and Deep Seek footnotes twice:
    points of one reply rest on the same sentences, which are shown under the first."""
    pack = load_pack(default_pack_dir())
    for name, cards in await every_reply(pack):
        sentences = sentences_shown(cards)
        assert len(sentences) == len(set(sentences)), name
        footnotes = glossary_shown(cards)
        assert len(footnotes) == len(set(footnotes)), name


def test_glossary_footnotes_are_set_apart_from_the_last_points_evidence() -> None:
    """The P30s footnote sat under Gin's card in /takeaway 1 looking like his evidence."""
    pack = load_pack(default_pack_dir())
    blocks = AnswerCards(pack).takeaway_card(0).blocks
    first = next(i for i, b in enumerate(blocks) if isinstance(b, Note) and GLOSSARY_TAG in b.label)
    assert blocks[first - 1] == Text(GLOSSARY_HEADING)
    assert all(isinstance(b, Note) and GLOSSARY_TAG in b.label for b in blocks[first:])


@given(ANY_QUESTION, ANY_SPEAKER)
def test_any_answer_shows_each_source_sentence_and_footnote_once(
    question: str, speaker: str | None
) -> None:
    """Whatever is asked, of whomever: one reply never repeats the article or a footnote."""
    reply = AnswerCards(PACK).answer_reply(ROUTER.answer(question, speaker=speaker))
    if reply is not None:
        sentences, footnotes = sentences_shown(reply.cards), glossary_shown(reply.cards)
        assert len(sentences) == len(set(sentences)) and len(footnotes) == len(set(footnotes))


def points_and_their_notes(cards: tuple[Card, ...]) -> list[tuple[str, list[Note]]]:
    """Each point's claim in a reply, with the notes under it until the next claim."""
    found: list[tuple[str, list[Note]]] = []
    for card in cards:
        for block in card.blocks:
            if isinstance(block, Text) and GLOSSARY_HEADING not in block.text:
                found.append((block.text, []))
            elif isinstance(block, Note) and found and GLOSSARY_TAG not in block.label:
                found[-1][1].append(block)
    return found


@given(ANY_QUESTION, ANY_SPEAKER)
def test_every_sentence_a_point_rests_on_is_under_it_or_pointed_to(
    question: str, speaker: str | None
) -> None:
    """QA (held-out set 5): "/gin how do inexpensive chips get you to the same goal" showed
    Gin's quote “trajectory” over "He suggested China's aim isn't to beat the US…" alone:
    the sentence with the word was under his dirty power above, and nothing pointed to it.
    A sentence shown above is now pointed to, as one whose every sentence is above was."""
    reply = AnswerCards(PACK).answer_reply(ROUTER.answer(question, speaker=speaker))
    if reply is None:
        return
    claims = {p.claim: p for p in PACK.points}
    for claim, notes in points_and_their_notes(reply.cards):
        point = claims.get(claim)
        if point is None:
            continue
        whole = " ".join(" ".join(n.text.split()) for n in notes if n.label == EVIDENCE_LABEL)
        pointers = " ".join(n.text for n in notes if n.label == QUOTED_ABOVE_LABEL)
        for sentence in point.evidence:
            opening = " ".join(sentence.split()[:6])
            assert " ".join(sentence.split()) in whole or opening in pointers, (claim, sentence)


def test_a_point_half_shown_above_points_to_the_other_half() -> None:
    answer = ROUTER.answer("how do inexpensive chips get you to the same goal", speaker="gin")
    reply = AnswerCards(PACK).answer_reply(answer)
    assert reply is not None
    trajectory = PACK.point("gin-different-trajectory")
    [notes] = [n for c, n in points_and_their_notes(reply.cards) if c == trajectory.claim]
    assert Note(QUOTED_ABOVE_LABEL, "“Gin pointed to China's leading role…”") in notes
