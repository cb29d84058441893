"""Validate merged pack sections and build the immutable :class:`~bot.knowledge.model.Pack`.

Sections are checked in dependency order (declarations, then points, then
conclusions) so each can be checked against the ids of the ones before it.
Every section is checked even after earlier ones failed, so the curator gets
all problems in one run.
"""

from __future__ import annotations

from bot.knowledge.conclusions import check_advice, check_poll, check_synthesis, check_takeaways
from bot.knowledge.declarations import check_source, check_speakers, check_topics
from bot.knowledge.evidence import SourceText
from bot.knowledge.fields import Checker
from bot.knowledge.glossary import check_glossary
from bot.knowledge.limits import TITLE_MAX
from bot.knowledge.model import Pack, Point, Topic
from bot.knowledge.points import check_point_links, check_points
from bot.knowledge.tokens import tokenize
from bot.knowledge.wording import (
    check_idioms,
    check_intents,
    check_setting,
    check_synonyms,
    check_unnamed,
)
from bot.knowledge.yaml_source import Merged


def build_pack(merged: Merged, text: SourceText | None, c: Checker) -> Pack | None:
    """The pack, or None if anything was reported (problems are left in ``c`` for the caller).

    ``text`` is the pack's source document, or None when it is missing (already reported).
    """
    pack_id = c.slug(*merged.section("id"), "pack id")
    title = c.text(*merged.section("title"), "pack title", TITLE_MAX)
    source = check_source(c, *merged.section("source"))
    speakers, speaker_ids, voices = check_speakers(c, *merged.section("speakers"))
    analysis = {sid for sid, voice in voices.items() if voice == "analysis"}
    unsure = {sid for sid, voice in voices.items() if voice is None}  # bad voice: reported
    debater_ids = {sid: loc for sid, loc in speaker_ids.items() if sid not in analysis}
    topics, topic_ids = check_topics(c, *merged.section("topics"))
    points, refs = check_points(c, merged.points, speaker_ids, topic_ids, text)
    if merged.has_points_key and not merged.points:
        c.report_file(merged.folder, "pack has no points")
    check_point_links(c, refs, speaker_ids, analysis)
    takeaways = check_takeaways(c, *merged.section("takeaways"), refs)
    synthesis = check_synthesis(
        c, *merged.section("synthesis"), debater_ids, analysis, optional=unsure
    )
    advice = check_advice(c, *merged.section("advice"))
    names = {s.id: s.name for s in speakers}
    poll = check_poll(c, *merged.section("poll"), debater_ids, names, analysis)
    glossary = check_glossary(c, *merged.section("glossary"), text)
    terms = _terms(points, topics)
    synonyms = check_synonyms(c, *merged.section("synonyms"), terms)
    unnamed = check_unnamed(c, *merged.section("unnamed"), terms, text.text if text else "")
    idioms = check_idioms(c, *merged.section("idioms"), terms, text.text if text else "")
    intents = check_intents(c, *merged.section("intents"))
    setting = check_setting(c, *merged.section("setting"), terms)
    if c.problems or text is None:
        return None
    if not (
        pack_id
        and title
        and source
        and synthesis
        and advice
        and poll
        and takeaways is not None
        and glossary is not None
    ):
        return None
    return Pack(
        id=pack_id,
        title=title,
        source=source,
        speakers=tuple(speakers),
        topics=tuple(topics),
        points=tuple(points),
        takeaways=tuple(takeaways),
        synthesis=synthesis,
        advice=advice,
        poll=poll,
        source_text=text.text,
        glossary=glossary,
        origin=merged.folder,
        synonyms=synonyms,
        unnamed=unnamed,
        idioms=idioms,
        intents=intents,
        setting=setting,
    )


def _terms(points: list[Point], topics: list[Topic]) -> frozenset[str]:
    """Every search term the pack's own text yields: what a synonym may lead to."""
    texts = [text for p in points for text in (*p.keywords, p.claim, p.quote or "")]
    texts += [text for t in topics for text in (t.id.replace("-", " "), t.title, *t.aliases)]
    return frozenset(term for text in texts for term in tokenize(text))
