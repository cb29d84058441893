"""A pack's answers as neutral cards: what every adapter and the daily post render.

This lives with the knowledge code, not with the commands, so the daily scheduler can show
a takeaway without importing a command module. Everything the user typed and is shown
back (the question in a title or a refusal) is clipped: an echo is a reminder, not a copy.
Like every piece of user text the bot shows, an echo with right-to-left letters is isolated
(`bot.core.sanitize.isolated`), so that it cannot reorder the sentence quoting it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.core.replies import Block, Card, Field, Fields, Marked, Note, Quote, Reply, Text
from bot.core.sanitize import clip, isolated
from bot.knowledge.evidence import normalise
from bot.knowledge.limits import EVIDENCE_MAX
from bot.knowledge.model import Pack, Point, Speaker
from bot.knowledge.router import Answer, Kind

ECHO_MAX = 100
"""Characters of a user's question shown back to them."""
EVIDENCE_LABEL = "From the article"
QUOTED_ABOVE_LABEL = f"{EVIDENCE_LABEL}, quoted above"
"""Labels the back-reference of a point whose every sentence an earlier card showed."""
BACK_REFERENCE_WORDS = 6
"""Opening words of a sentence enough to find it again above."""
GLOSSARY_TAG = "(glossary)"
"""Follows a glossary term in its footnote's label, so the explanation is not read as one
more sentence of the article."""
GLOSSARY_HEADING = "Names kept as the article wrote them:"
"""Sets the glossary footnotes apart: under the last point, with the same note style,
they once read as that point's evidence."""
STRONGEST = 3
FULL_VERDICT = "/ask who is right"
"""Where the whole verdict is, under a topic's one line of it, written for the platform
(`command_lines.written`) by the handler, which knows it."""
_SENTENCE = re.compile(r"(.+?[.!?][\"'”’)]*)(?:\s|$)", re.DOTALL)


def echo(text: str) -> str:
    """The user's words, on one line and at most ECHO_MAX characters, isolated: "Nothing
    on “מי צודק?”" showed its "?" at the question's start on Slack and Discord, and a list
    of Hebrew parts the debate has nothing on (`coverage_note`) read in reverse order."""
    return isolated(clip(" ".join(text.split()), ECHO_MAX))


def coverage_note(answer: Answer) -> str:
    """Which names of the question the source never uses, so that its nearest points are not
    read as covering them ("should europe build its own chips?"), and which parts of it the
    debate has nothing on ("gin on drones and on tiktok"); empty when none."""
    notes = []
    if answer.unnamed:
        names = ", ".join(f"“{echo(name)}”" for name in answer.unnamed)
        notes.append(f"The article never names {names}.")
    if answer.uncovered:
        parts = ", ".join(f"“{echo(part)}”" for part in answer.uncovered)
        notes.append(f"Nothing on {parts} in this debate.")
    return " ".join(notes)


def first_sentence(text: str) -> str:
    """The opening sentence of a curated paragraph (the whole text if it has one)."""
    match = _SENTENCE.match(text)
    return match.group(1) if match else text


@dataclass
class Shown:
    """What one reply has already shown of the article and of the glossary.

    Points of one debate rest on the same sentences ("He believes this choice stems…" backs
    two of Baker's), so a reply printing each point's evidence in full repeated them, and a
    takeaway doubled in length. A reply shows each sentence and each footnote once; the cards
    building one reply share one ``Shown``.
    """

    excerpts: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)


def _evidence_notes(evidence: tuple[str, ...], shown: Shown) -> list[Note]:
    """The sentences a claim rests on that the reply has not shown yet, whole, then a
    back-reference to those it has, so the point stays traceable to every one of them.

    Gin's trajectory, under his dirty power in one reply, showed only "He suggested China's
    aim isn't to beat the US…" beneath his quote “trajectory”: the sentence with the word
    was above, under another point, and nothing said so."""
    fresh = [e for e in evidence if normalise(e) not in shown.excerpts]
    above = [e for e in evidence if normalise(e) in shown.excerpts]
    shown.excerpts.update(normalise(e) for e in evidence)
    notes = _grouped_notes(tuple(fresh)) if fresh else []
    if above:
        notes.append(Note(QUOTED_ABOVE_LABEL, "; ".join(_opening(e) for e in above)))
    return notes


def _opening(excerpt: str) -> str:
    """The first words of an excerpt, quoted, as a pointer to where it is shown whole."""
    words = excerpt.split()
    more = "…" if len(words) > BACK_REFERENCE_WORDS else ""
    return f"“{' '.join(words[:BACK_REFERENCE_WORDS])}{more}”"


def _grouped_notes(evidence: tuple[str, ...]) -> list[Note]:
    """Every sentence a claim rests on, whole, as few notes as fit.

    A claim says no more than its evidence, so dropping or cutting a sentence leaves part of
    the claim unsupported on screen. The pack's ``evidence:`` holds exactly those sentences.
    A note holds whole excerpts up to EVIDENCE_MAX characters, the longest excerpt a pack may
    have, so no excerpt is ever cut, and a note that long fits one block on every platform
    (a Slack context block takes 3,000 characters; Discord splits a long embed description).
    """
    groups: list[str] = []
    for excerpt in evidence:
        if groups and len(groups[-1]) + 1 + len(excerpt) <= EVIDENCE_MAX:
            groups[-1] = f"{groups[-1]} {excerpt}"
        else:
            groups.append(excerpt)
    return [Note(EVIDENCE_LABEL, group) for group in groups]


def _shown_text(blocks: Iterable[Block]) -> str:
    """What a reader sees of ``blocks``: their text, labels included."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Text | Quote):
            parts.append(block.text)
        elif isinstance(block, Note):
            parts += [block.label, block.text]
    return "\n".join(parts)


class AnswerCards:
    """Renders answers, takeaways and sections of one pack; every reply cites the source."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack

    # -- answers --------------------------------------------------------------------------

    def answer_reply(self, answer: Answer) -> Reply | None:
        """The reply for a routed answer; None when there is nothing (the caller refuses)."""
        # "who's right, and will the us tighten export controls?": the verdict, and that the
        # debate has nothing on the other question (an intent's card has no other place)
        if answer.kind is Kind.SYNTHESIS:
            return self.cited(self.synthesis_card(), text=coverage_note(answer))
        if answer.kind is Kind.ADVICE:
            return self.cited(self.advice_card(), text=coverage_note(answer))
        if answer.kind is Kind.SUMMARY:
            return self.cited(self.summary_card(), text=coverage_note(answer))
        if answer.kind is Kind.STANCE and answer.speaker is not None:
            speaker = self.pack.speaker(answer.speaker)
            text = " ".join(filter(None, [self._no_reply(answer, speaker), coverage_note(answer)]))
            return self.cited(self.stance_card(speaker), text=text)
        if answer.kind is Kind.OTHER_SIDE and answer.speaker is not None:
            return self._other_side(answer, self.pack.speaker(answer.speaker))
        if answer.kind is Kind.POINTS and answer.speaker is not None:
            speaker = self.pack.speaker(answer.speaker)
            title = f"{speaker.name} on “{echo(answer.subject)}”"
            card = self._points_card(title, answer.points, speaker, Shown(), answer.via)
            text = " ".join(filter(None, [self._claimant(answer), coverage_note(answer)]))
            return self.cited(card, text=text)
        if answer.kind is Kind.POINTS:
            shown = Shown()
            cards = [self.voiced_card(p, shown) for p in answer.points]
            text = f"Best matches for “{echo(answer.query)}”"
            notes = " ".join(filter(None, [self._claimant(answer), coverage_note(answer)]))
            if notes:
                text += f". {notes}"
            return self.cited(*cards, text=text)
        return None

    def _other_side(self, answer: Answer, silent: Speaker) -> Reply:
        shown = Shown()
        cards = [self.voiced_card(p, shown) for p in answer.points]
        note = " ".join(
            filter(
                None,
                [
                    f"{silent.name} says nothing on “{echo(answer.subject)}” in this debate.",
                    coverage_note(answer),
                    "Here is what the rest of it says.",
                ],
            )
        )
        return self.cited(*cards, text=note)

    def _claimant(self, answer: Answer) -> str:
        """Whose claim the points are, when the question gave it to another debater
        (``Answer.not_of``): "/gin what's your take on baker's 80% claim" showed Gin's 80%
        point as if Gin were answering Baker; empty otherwise."""
        if answer.not_of is None or not answer.points:
            return ""
        claimant = self._owner(answer.points[0]).name
        other = self.pack.speaker(answer.not_of).name
        return f"The article gives that claim to {claimant}, not {other}."

    def _no_reply(self, answer: Answer, speaker: Speaker) -> str:
        """That the source has no answer from ``speaker`` to those the question asks his
        answer to (empty when it has one, or none was asked), so that his stance below is
        read as what he argues, not as a reply: "how does Baker respond to Gin" showed
        Baker's stance as if it were one."""
        if not answer.unreplied:
            return ""
        others = " or ".join(self.pack.speaker(sid).name for sid in answer.unreplied)
        return (
            f"The source has no answer from {speaker.name} to {others}. "
            f"Here is what {speaker.name} argues, not as a reply."
        )

    def refusal(self, query: str) -> str:
        """Why nothing is shown, and the topic titles that would find something. A speaker
        asked is not named: had anyone in the debate covered it, they would be offered."""
        titles = ", ".join(t.title for t in self.pack.topics)
        return f"Nothing on “{echo(query)}” in this debate. Try: {titles}."

    # -- cards ------------------------------------------------------------------------------

    def point_blocks(self, point: Point, shown: Shown, *, credited: bool = False) -> list[Block]:
        """A point as blocks: the claim, the verbatim quote if the source has one, then the
        source's own sentences behind it, so every answer can be checked against the article.
        ``credited`` names the voice before the claim, for a card whose title names no one
        (a takeaway mixes voices)."""
        claim = f"{self._name(point)}: {point.claim}" if credited else point.claim
        blocks: list[Block] = [Text(claim)]
        if point.quote:
            blocks.append(Quote(point.quote, self._name(point)))
        blocks += _evidence_notes(point.evidence, shown)
        return blocks

    def point_card(self, label: str, point: Point, shown: Shown) -> Card:
        title = f"{label} — {self._name(point)}"
        return self._points_card(title, (point,), self._owner(point), shown)

    def voiced_card(self, point: Point, shown: Shown) -> Card:
        """A point under the name of its voice alone ("The article (analysis)")."""
        return self._points_card(self._name(point), (point,), self._owner(point), shown)

    def _points_card(
        self,
        title: str,
        points: tuple[Point, ...],
        speaker: Speaker,
        shown: Shown,
        via: Mapping[str, str] | None = None,
    ) -> Card:
        blocks = self._points_blocks(points, shown, via=via)
        return Card(title=title, blocks=tuple(blocks), colour=speaker.colour)

    def _points_blocks(
        self,
        points: Iterable[Point],
        shown: Shown,
        *,
        head: tuple[Block, ...] = (),
        credited: bool = False,
        via: Mapping[str, str] | None = None,
    ) -> list[Block]:
        """``head``, then points as blocks (each with what a ``via`` link makes it answer),
        then the glossary footnotes for the names all of them show: the body of every card
        made of points."""
        blocks: list[Block] = list(head)
        for point in points:
            blocks += self.point_blocks(point, shown, credited=credited)
            if via and point.id in via:
                blocks.append(self._reply_note(point, self.pack.point(via[point.id])))
        return blocks + self.glossary_notes(blocks, shown)

    def _reply_note(self, point: Point, other: Point) -> Note:
        """What a point reached through a rebuts link answers (or is answered by), so the
        speaker is never made to say something on a subject they only replied to. "In answer
        to" follows only the point's own ``rebuts:``, which a pack gives only where the source
        shows that speaker replying: the side that opens a debate answers no one, so its
        points are "Answered by" the other side, never "In answer to" it."""
        verb = "In answer to" if point.rebuts == other.id else "Answered by"
        return Note(f"{verb} {self._name(other)}", first_sentence(other.claim))

    def glossary_notes(self, blocks: Iterable[Block], shown: Shown) -> list[Block]:
        """A footnote for each name kept as the article wrote it (O13, P30s) that ``blocks``
        show: readers otherwise take them for typos. Judged on what is shown, not on what the
        points hold, so no footnote explains a name the reader never saw; a name the reply
        explained already is not explained again."""
        text = _shown_text(blocks)
        terms = [
            term
            for term in self.pack.glossary
            if term not in shown.terms and re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text)
        ]
        shown.terms.update(terms)
        notes = [Note(f"{term} {GLOSSARY_TAG}", self.pack.glossary[term]) for term in terms]
        return [Text(GLOSSARY_HEADING), *notes] if notes else []

    def topics_card(self, examples: Marked) -> Card:
        """The topics with their point counts, `examples` (commands to try, marked), then
        the glossary as native fields."""
        lines = []
        for topic in self.pack.topics:
            count = len(self.pack.points_on(topic.id))
            lines.append(f"{topic.id} — {topic.title} ({count} point{'s' if count != 1 else ''})")
        blocks: list[Block] = [Text("\n".join(lines)), Text(Marked("Try: ", examples))]
        if self.pack.glossary:
            blocks.append(Text(GLOSSARY_HEADING))
            blocks.append(
                Fields(tuple(Field(t, m, inline=False) for t, m in self.pack.glossary.items()))
            )
        return Card(title="Topics", blocks=tuple(blocks))

    def stance_card(self, speaker: Speaker) -> Card:
        points = self.pack.strongest(speaker.id, STRONGEST)
        blocks = self._points_blocks(points, Shown(), head=(Text(speaker.stance),))
        return Card(title=speaker.title, blocks=tuple(blocks), colour=speaker.colour)

    def synthesis_card(self) -> Card:
        synthesis = self.pack.synthesis
        blocks: list[Block] = [Text(synthesis.summary)]
        blocks += [
            Text(f"{self.pack.speaker(sid).name}: {text}")
            for sid, text in synthesis.by_speaker.items()
        ]
        blocks.append(Text(f"Verdict: {synthesis.verdict}"))
        return Card(title="Who's right", blocks=tuple(blocks))

    def verdict_line_card(self, full: Marked) -> Card:
        """One line of verdict and where the full one is, `full` (`FULL_VERDICT` as the
        platform takes it): shown under a topic's debate, where the whole synthesis would
        repeat, word for word, under every topic."""
        line = first_sentence(self.pack.synthesis.verdict)
        return Card(title="Who's right", blocks=(Text(Marked(f"{line} Full verdict: ", full)),))

    def advice_card(self) -> Card:
        advice = self.pack.advice
        steps = "\n".join(f"{n}. {step}" for n, step in enumerate(advice.steps, start=1))
        blocks: list[Block] = [Text(advice.summary)]
        if steps:
            blocks.append(Text(steps))
        return Card(title="What to do with this", blocks=tuple(blocks))

    def summary_card(self) -> Card:
        """The short version: each side's stance in a sentence, then the verdict in one."""
        blocks: list[Block] = [
            Text(f"{s.name}: {first_sentence(s.stance)}") for s in self.pack.debaters
        ]
        blocks.append(Text(f"Verdict: {first_sentence(self.pack.synthesis.verdict)}"))
        return Card(title="The short version", blocks=tuple(blocks))

    def takeaway_card(self, index: int) -> Card:
        """Takeaway ``index`` (0-based) with the related point of each voice, each shown as
        every point is: with the article's sentences behind it."""
        item = self.pack.takeaways[index]
        points = (self.pack.point(point_id) for point_id in item.points)
        blocks = self._points_blocks(points, Shown(), head=(Text(item.text),), credited=True)
        return Card(
            title=f"Takeaway {index + 1}/{len(self.pack.takeaways)}: {item.title}",
            blocks=tuple(blocks),
            footer=self.pack.source.citation(),
        )

    def cited(self, *cards: Card, text: str = "") -> Reply:
        """Cards with the source cited on the last one (every answer cites its source)."""
        citation = self.pack.source.citation()
        cited = list(cards)
        last = cited[-1]
        cited[-1] = Card(last.title, last.blocks, last.colour, last.footer or citation)
        return Reply(cards=tuple(cited), text=text)

    def _owner(self, point: Point) -> Speaker:
        return self.pack.speaker(point.speaker)

    def _name(self, point: Point) -> str:
        """The point's voice: a debater, or the article's analysis labelled as such."""
        return self._owner(point).byline
