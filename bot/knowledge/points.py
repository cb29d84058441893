"""Validate the points (the arguments themselves) and the links between them.

Points may come from several files and refer to speakers, topics and each
other, so besides building :class:`~bot.knowledge.model.Point`s this module
keeps a :class:`PointRefs` for every point with a usable id: later checks
(rebuttals, takeaway links, speakers without points) need those even when a
point's other fields were wrong, so one typo does not cascade into more errors.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from bot.knowledge.evidence import SourceText, check_evidence, check_traceable
from bot.knowledge.fields import Checker, did_you_mean, lookup
from bot.knowledge.limits import CLAIM_MAX, QUOTE_MAX, REF_MAX, SPEAKER_ID, WORD_MAX
from bot.knowledge.model import Point
from bot.knowledge.positions import Loc


@dataclass
class PointRefs:
    """What cross-reference checks need from a point, even when other fields were invalid."""

    loc: Loc
    speaker: str | None
    rebuts: str | None


def check_points(
    c: Checker,
    items: Sequence[tuple[Loc, Any]],
    speaker_ids: dict[str, Loc],
    topic_ids: dict[str, Loc],
    source: SourceText | None,
) -> tuple[list[Point], dict[str, PointRefs]]:
    """Valid points in file order, plus references for every point with a unique id.

    ``source`` is None when the pack's source document is missing (already reported); the
    evidence is then checked for shape only.
    """
    points: list[Point] = []
    refs: dict[str, PointRefs] = {}
    ids: dict[str, Loc] = {}
    for here, item in items:
        label = _label(here, item)
        m = c.mapping(
            here,
            item,
            label,
            ("id", "speaker", "topics", "keywords", "claim", "evidence"),
            ("quote", "rebuts", "strength"),
        )
        ident = c.slug(here.at("id"), lookup(m, "id"), "point id")
        unique = c.unique("point", ids, ident, here.at("id"))
        speaker = c.slug(here.at("speaker"), lookup(m, "speaker"), "point speaker", SPEAKER_ID)
        if speaker is not None and speaker not in speaker_ids:
            known = ", ".join(speaker_ids) or "none"
            c.report(
                here.at("speaker"),
                f"point '{ident}' names unknown speaker '{speaker}' (declared: {known})",
            )
            speaker = None
        topics = _point_topics(c, here.at("topics"), lookup(m, "topics"), topic_ids, ident)
        keywords = c.text_list(here.at("keywords"), lookup(m, "keywords"), "keywords", WORD_MAX, 1)
        claim = c.text(here.at("claim"), lookup(m, "claim"), "claim", CLAIM_MAX)
        quote = c.optional_text(here.at("quote"), lookup(m, "quote"), "quote", QUOTE_MAX)
        rebuts = c.optional_text(here.at("rebuts"), lookup(m, "rebuts"), "rebuts", REF_MAX)
        strength = c.integer(
            here.at("strength"), lookup(m, "strength"), "strength", 1, 3, default=2
        )
        evidence = check_evidence(c, here.at("evidence"), lookup(m, "evidence"), ident)
        if evidence is not None and source is not None:
            evidence, quote = check_traceable(c, here, ident, evidence, quote, source)
        if not unique or ident is None:
            continue
        refs[ident] = PointRefs(here, speaker, rebuts)
        if speaker and topics and keywords is not None and claim and strength is not None:
            if evidence:
                point = Point(
                    ident, speaker, topics, keywords, claim, quote, rebuts, strength, evidence
                )
                points.append(point)
    return points, refs


def _label(loc: Loc, item: Any) -> str:
    """How problems name a point: by its id when it has one (the author searches for that),
    always with its place, since ids may repeat or be missing."""
    place = f"#{int(loc.path[-1]) + 1} in {loc.doc.file.name}"
    ident = item.get("id") if isinstance(item, dict) else None
    return f"point '{ident}' ({place})" if isinstance(ident, str) and ident else f"point {place}"


def _point_topics(
    c: Checker, loc: Loc, value: Any, topic_ids: dict[str, Loc], point_id: str | None
) -> tuple[str, ...] | None:
    """Topics must be declared (the vocabulary is closed) and listed once each."""
    out: list[str] = []
    ok = isinstance(value, list)
    for index, item in enumerate(c.items(loc, value, "point topics", 1, of_words=True)):
        topic = c.slug(loc.at(index), item, "topic")
        if topic is None:
            ok = False
        elif topic not in topic_ids:
            c.report(
                loc.at(index),
                f"point '{point_id}' uses undeclared topic '{topic}'"
                f"{did_you_mean(topic, topic_ids)}; declare it under topics:",
            )
            ok = False
        elif topic in out:
            c.report(loc.at(index), f"point '{point_id}' lists topic '{topic}' twice")
            ok = False
        else:
            out.append(topic)
    return tuple(out) if ok and out else None


def check_point_links(
    c: Checker,
    refs: dict[str, PointRefs],
    speaker_ids: dict[str, Loc],
    analysis: Collection[str] = (),
) -> None:
    """Checks that need all points at once: rebuttal targets, and every speaker having a say.

    A rebuttal answers one debater with another.  The article's analysis (the voices in
    ``analysis``) weighs the debate rather than taking a side, so it neither rebuts nor is
    rebutted; a link to or from it would pair a debater with the author as if they had argued.
    """
    for ident, ref in refs.items():
        if ref.rebuts is None:
            continue
        target = refs.get(ref.rebuts)
        loc = ref.loc.at("rebuts")
        if target is None:
            c.report(
                loc,
                f"point '{ident}' rebuts '{ref.rebuts}', which is not a point in this pack"
                f"{did_you_mean(ref.rebuts, refs)}",
            )
        elif ref.speaker in analysis:
            c.report(
                loc,
                f"point '{ident}' is the article's analysis (voice: analysis) and cannot rebut "
                "a debater; remove rebuts:",
            )
        elif target.speaker in analysis:
            c.report(
                loc,
                f"point '{ident}' rebuts '{ref.rebuts}', which is the article's analysis; "
                "rebut another speaker's point",
            )
        elif ref.speaker is not None and target.speaker == ref.speaker:
            c.report(
                loc,
                f"point '{ident}' rebuts '{ref.rebuts}' by the same speaker; "
                "rebut another speaker's point",
            )
    for speaker, loc in speaker_ids.items():
        if not any(ref.speaker == speaker for ref in refs.values()):
            c.report(
                loc,
                f"speaker '{speaker}' has no points; give them one (a point with speaker: "
                f"{speaker}) or remove the speaker",
            )
