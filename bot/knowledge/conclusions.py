"""Validate what a pack concludes: takeaways, the synthesis, advice and the poll.

These sections come last because they refer back to declared speakers and to
points; they receive those ids rather than re-reading the other sections.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from bot.core.option_labels import label_clash
from bot.knowledge.fields import MISSING, Checker, describe, did_you_mean, lookup
from bot.knowledge.limits import (
    LONG_TEXT_MAX,
    MAX_OPTIONS,
    MIN_OPTIONS,
    OPTION_MAX,
    QUESTION_MAX,
    REF_MAX,
    SPEAKER_ID,
    STEP_MAX,
    TEXT_MAX,
    TITLE_MAX,
)
from bot.knowledge.model import Advice, PollOptionSpec, PollSpec, Synthesis, Takeaway
from bot.knowledge.points import PointRefs
from bot.knowledge.positions import Loc


def check_takeaways(
    c: Checker, loc: Loc, value: Any, point_ids: dict[str, PointRefs]
) -> list[Takeaway] | None:
    """All takeaways, or None if any is unusable: a partial list would silently drop one."""
    takeaways: list[Takeaway] = []
    ids: dict[str, Loc] = {}
    ok = isinstance(value, list)
    for index, item in enumerate(c.items(loc, value, "takeaways", 1)):
        here = loc.at(index)
        m = c.mapping(here, item, f"takeaway #{index + 1}", ("id", "title", "text"), ("points",))
        ident = c.slug(here.at("id"), lookup(m, "id"), "takeaway id")
        unique = c.unique("takeaway", ids, ident, here.at("id"))
        title = c.text(here.at("title"), lookup(m, "title"), "takeaway title", TITLE_MAX)
        text = c.text(here.at("text"), lookup(m, "text"), "takeaway text", TEXT_MAX)
        raw_points = lookup(m, "points")
        refs = c.text_list(here.at("points"), raw_points, "takeaway points", REF_MAX, default=())
        for i, ref in enumerate(refs or ()):
            if ref not in point_ids:
                c.report(
                    here.at("points").at(i),
                    f"takeaway '{ident}' links unknown point '{ref}'{did_you_mean(ref, point_ids)}",
                )
                ok = False
        if unique and ident and title and text and refs is not None:
            takeaways.append(Takeaway(id=ident, title=title, text=text, points=refs))
        else:
            ok = False
    return takeaways if ok else None


def check_synthesis(
    c: Checker,
    loc: Loc,
    value: Any,
    speaker_ids: dict[str, Loc],
    analysis: Collection[str] = (),
    optional: Collection[str] = (),
) -> Synthesis | None:
    """The verdict, with exactly one ``by_speaker`` entry per debater (``speaker_ids``).

    The synthesis is itself the article's analysis, so an analysis voice gets no entry.
    Speakers in ``optional`` (whose voice could not be read) are allowed but not required.
    """
    m = c.mapping(loc, value, "synthesis", ("summary", "verdict", "by_speaker"))
    summary = c.text(loc.at("summary"), lookup(m, "summary"), "synthesis summary", LONG_TEXT_MAX)
    verdict = c.text(loc.at("verdict"), lookup(m, "verdict"), "synthesis verdict", TEXT_MAX)
    raw = lookup(m, "by_speaker")
    by_loc = loc.at("by_speaker")
    by_speaker: dict[str, str] = {}
    ok = raw is not MISSING
    if raw is not MISSING and not isinstance(raw, dict):
        c.report(
            by_loc,
            f"synthesis by_speaker must be a mapping of speaker id to text, got {describe(raw)}",
        )
        ok = False
    elif isinstance(raw, dict):
        for key, text in raw.items():
            if key in analysis:
                c.report(
                    by_loc.at(key),
                    f"synthesis by_speaker names '{key}', the article's analysis voice; "
                    "list the debaters only",
                    on_key=True,
                )
                ok = False
                continue
            if key not in speaker_ids:
                c.report(
                    by_loc.at(key),
                    f"synthesis by_speaker names unknown speaker '{key}'",
                    on_key=True,
                )
                ok = False
                continue
            verdict_text = c.text(by_loc.at(key), text, f"synthesis by_speaker.{key}", TEXT_MAX)
            if verdict_text is None:
                ok = False
            else:
                by_speaker[key] = verdict_text
        for speaker in speaker_ids:
            if speaker not in raw and speaker not in optional:
                c.report(
                    by_loc, f"synthesis by_speaker is missing speaker '{speaker}'", on_key=True
                )
                ok = False
    if m is None or summary is None or verdict is None or not ok:
        return None
    # declared speaker order, not file order
    ordered = {s: by_speaker[s] for s in speaker_ids if s in by_speaker}
    return Synthesis(summary=summary, verdict=verdict, by_speaker=ordered)


def check_advice(c: Checker, loc: Loc, value: Any) -> Advice | None:
    """A summary and at least one concrete step."""
    m = c.mapping(loc, value, "advice", ("summary", "steps"))
    summary = c.text(loc.at("summary"), lookup(m, "summary"), "advice summary", TEXT_MAX)
    steps = c.text_list(loc.at("steps"), lookup(m, "steps"), "advice steps", STEP_MAX, 1)
    if m is None or summary is None or steps is None:
        return None
    return Advice(summary=summary, steps=steps)


def check_poll(
    c: Checker,
    loc: Loc,
    value: Any,
    speakers: dict[str, Loc],
    names: dict[str, str],
    analysis: Collection[str] = (),
) -> PollSpec | None:
    """The proposed poll; ``names`` maps valid speakers to the label their option shows.

    Only debaters (``speakers``) can be options: the article's analysis is not a side to vote
    for.
    """
    m = c.mapping(loc, value, "poll", ("question", "options"))
    question = c.text(loc.at("question"), lookup(m, "question"), "poll question", QUESTION_MAX)
    raw_options = lookup(m, "options")
    read = [
        _poll_option(c, loc.at("options").at(index), item, index, speakers, names, analysis)
        for index, item in enumerate(
            c.items(loc.at("options"), raw_options, "poll options", MIN_OPTIONS, MAX_OPTIONS)
        )
    ]
    # The rule a poll typed with /poll keeps: voters must tell every button apart.
    labels = [option.label if option else None for option in read]
    for index in range(len(read)):
        if (clash := label_clash(labels, index + 1)) is not None:
            c.report(loc.at("options").at(index), clash)
            read[index] = None
    options = [option for option in read if option is not None]
    if m is None or question is None or not isinstance(raw_options, list) or None in read:
        return None
    return PollSpec(question=question, options=tuple(options))


def _poll_option(
    c: Checker,
    loc: Loc,
    item: Any,
    index: int,
    speakers: dict[str, Loc],
    names: dict[str, str],
    analysis: Collection[str],
) -> PollOptionSpec | None:
    """Either a free ``label`` or a ``speaker``, whose display name becomes the label."""
    m = c.mapping(loc, item, f"poll option #{index + 1}", (), ("speaker", "label"))
    if m is None:
        return None
    if ("speaker" in m) == ("label" in m):
        c.report(loc, f"poll option #{index + 1} needs exactly one of 'speaker' or 'label'")
        return None
    if "label" in m:
        label = c.text(loc.at("label"), m["label"], "poll option label", OPTION_MAX)
        return PollOptionSpec(label=label) if label else None
    speaker = c.slug(loc.at("speaker"), m["speaker"], "poll option speaker", SPEAKER_ID)
    if speaker is None:
        return None
    if speaker in analysis:
        c.report(
            loc.at("speaker"),
            f"poll option names '{speaker}', the article's analysis voice; "
            "options are debaters or free labels",
        )
        return None
    if speaker not in speakers:
        c.report(loc.at("speaker"), f"poll option names unknown speaker '{speaker}'")
        return None
    name = names.get(speaker)
    if name is None:  # speaker declared but itself invalid: already reported
        return None
    if len(name) > OPTION_MAX:  # cut short, a name on a button would misname its speaker
        c.report(
            loc.at("speaker"),
            f"poll option shows speaker '{speaker}' by name, {len(name)} characters, but an "
            f"option holds at most {OPTION_MAX}; shorten the speaker's name",
        )
        return None
    return PollOptionSpec(label=name, speaker=speaker)
