"""Plain-text overview of a pack, printed by ``python -m bot kb check`` so a curator
can eyeball balance (points per speaker, empty topics) before shipping."""

from __future__ import annotations

from bot.knowledge.model import Pack


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summarize(pack: Pack) -> str:
    """Multi-line report; unused topics are flagged because they are usually a typo or a gap."""
    lines = [
        f"Pack {pack.id}: {pack.title}",
        pack.source.citation(),
        f"Speakers ({len(pack.speakers)}):",
    ]
    width = max(len(s.id) for s in pack.speakers) + 1
    for speaker in pack.speakers:
        count = len(pack.points_by(speaker.id))
        rebuttals = sum(1 for p in pack.points_by(speaker.id) if p.rebuts)
        role = f" ({speaker.role})" if speaker.role else ""
        if speaker.is_analysis:  # no command, and it takes no side, so nothing to rebut
            lines.append(
                f"   {speaker.id:<{width}} {speaker.name}{role}: "
                f"{_plural(count, 'point')}, the source's own analysis (no command)"
            )
        else:
            lines.append(
                f"  /{speaker.id:<{width}} {speaker.name}{role}: "
                f"{_plural(count, 'point')}, {rebuttals} rebutting"
            )
    lines.append(f"Topics ({len(pack.topics)}):")
    width = max(len(t.id) for t in pack.topics)
    for topic in pack.topics:
        count = len(pack.points_on(topic.id))
        flag = "  <- unused" if count == 0 else ""
        lines.append(f"  {topic.id:<{width}}  {topic.title}: {_plural(count, 'point')}{flag}")
    quotes = sum(1 for p in pack.points if p.quote)
    excerpts = sum(len(p.evidence) for p in pack.points)
    lines.append(
        f"Points: {len(pack.points)} ({quotes} with a verbatim quote, "
        f"{_plural(excerpts, 'evidence excerpt')} found in the source)"
    )
    if pack.glossary:
        lines.append(f"Glossary: {', '.join(pack.glossary)}")
    lines.append(f"Takeaways: {len(pack.takeaways)}")
    lines.append(f"Advice steps: {len(pack.advice.steps)}")
    lines.append(f"Poll: {pack.poll.question} ({_plural(len(pack.poll.options), 'option')})")
    if pack.synonyms:
        phrasings = sum(len(alternatives) for alternatives in pack.synonyms.values())
        lines.append(
            f"Synonyms: {_plural(phrasings, 'reader phrasing')} for "
            f"{_plural(len(pack.synonyms), 'pack word')}"
        )
    if pack.unnamed:
        names = [name for names in pack.unnamed.values() for name in names]
        lines.append(f"Names the source never uses: {', '.join(names)}")
    if pack.idioms:
        idioms = sum(len(phrases) for phrases in pack.idioms.values())
        lines.append(f"Idioms (other senses of its words): {idioms}")
    if pack.intents:
        counts = ", ".join(f"{name} {len(phrases)}" for name, phrases in pack.intents.items())
        lines.append(f"Own intent phrasings: {counts}")
    return "\n".join(lines)
