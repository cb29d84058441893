"""Immutable in-memory form of a knowledge pack.

Everything is a frozen dataclass holding tuples so a loaded pack can be shared
freely between adapters, searchers and background tasks without anyone being
able to corrupt it.  Validation lives in :mod:`bot.knowledge.validate`; these
classes assume they are given consistent data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

RESERVED_SPEAKER_IDS: frozenset[str] = frozenset(
    {"help", "topics", "debate", "takeaway", "ask", "poll", "vote", "results", "close", "daily"}
)
"""Speaker ids become slash commands, so they must not shadow built-in commands."""


@dataclass(frozen=True)
class Source:
    """Where the debate comes from; shown with every answer so claims stay attributable."""

    title: str
    show: str
    date: str | None = None
    url: str | None = None
    note: str | None = None

    def citation(self) -> str:
        """One-line attribution; the date appears only when the pack gives one (never guessed,
        and no placeholder either: a footer saying "date not given" on every answer is noise)."""
        text = f"Source: {self.title} — {self.show}"
        if self.date:
            text += f" ({self.date})"
        if self.url:
            text += f" {self.url}"
        return text


Voice = Literal["speaker", "analysis"]
"""Who is talking in a point: a debater (``speaker``), or the source's author weighing the
debate (``analysis``).  Kept apart so the author's conclusions are never put in a debater's
mouth."""

VOICES: tuple[Voice, ...] = ("speaker", "analysis")


@dataclass(frozen=True)
class Speaker:
    """A voice of the pack: a debater, whose ``id`` doubles as the slash command that shows
    their side, or the article's own analysis (``voice="analysis"``), which gets no command
    because it is not a side of the debate."""

    id: str
    name: str
    role: str | None
    colour: int
    stance: str
    voice: Voice = "speaker"

    @property
    def colour_hex(self) -> str:
        """Adapters that take CSS-style colours (Slack) need the string form back."""
        return f"#{self.colour:06x}"

    @property
    def is_analysis(self) -> bool:
        """True for the article's own analysis, which answers must not present as a debater."""
        return self.voice == "analysis"

    @property
    def title(self) -> str:
        """ "Name — role", or just the name when the source gives no role (none is invented)."""
        return f"{self.name} — {self.role}" if self.role else self.name

    @property
    def byline(self) -> str:
        """Who an answer credits a point to: the debater, or the article's analysis, labelled as
        such so the author's conclusions never read as a debater's words."""
        return f"{self.name} (analysis)" if self.is_analysis else self.name


@dataclass(frozen=True)
class Topic:
    """A declared subject; points may only use declared topics so the vocabulary stays closed."""

    id: str
    title: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Point:
    """One argument or fact, attributed to exactly one speaker."""

    id: str
    speaker: str
    topics: tuple[str, ...]
    keywords: tuple[str, ...]
    claim: str
    quote: str | None = None
    rebuts: str | None = None
    strength: int = 2
    evidence: tuple[str, ...] = ()
    """Verbatim sentences of the source that support the claim; ``kb check`` verifies each is
    in the pack's ``source.md`` and that the quote lies inside one of them."""


@dataclass(frozen=True)
class Takeaway:
    """A headline conclusion of the source, linked to the points that support it."""

    id: str
    title: str
    text: str
    points: tuple[str, ...] = ()


@dataclass(frozen=True)
class Synthesis:
    """The "who's right" section; ``by_speaker`` has exactly one entry per speaker."""

    summary: str
    verdict: str
    by_speaker: Mapping[str, str] = field(hash=False)


@dataclass(frozen=True)
class Advice:
    """The "what to do with this" section."""

    summary: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class PollOptionSpec:
    """A poll choice; ``speaker`` is set when the option stands for a speaker."""

    label: str
    speaker: str | None = None


@dataclass(frozen=True)
class PollSpec:
    """The question the pack proposes for ``/poll``."""

    question: str
    options: tuple[PollOptionSpec, ...]


@dataclass(frozen=True)
class Pack:
    """A whole debate, with lookup helpers so callers never scan tuples by hand."""

    id: str
    title: str
    source: Source
    speakers: tuple[Speaker, ...]
    topics: tuple[Topic, ...]
    points: tuple[Point, ...]
    takeaways: tuple[Takeaway, ...]
    synthesis: Synthesis
    advice: Advice
    poll: PollSpec
    source_text: str = field(default="", repr=False)
    """The source document itself (``source.md``), which every point's evidence is quoted from."""
    glossary: Mapping[str, str] = field(default_factory=dict, hash=False)
    """Names kept exactly as the source wrote them (readers take them for typos), explained."""
    origin: Path | None = field(default=None, compare=False)
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    """The pack's word for a concept -> other ways readers say it (query expansion)."""
    unnamed: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    """The pack's word for a concept -> names readers use for it that the source never does
    ("huawei" for its domestic chips): searched as the concept, never counted as covered."""
    idioms: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    """The pack's word -> everyday phrases where it means something else ("drone racing"):
    such a phrase is a subject the pack does not know, never its word."""
    intents: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    """Intent name -> the pack's own phrasings of it, beyond the generic ones in code."""
    setting: tuple[str, ...] = ()
    """Words naming the parties the debate is set between ("china", "us"): in nearly every
    question about it, yet no subject on their own ("what about the us")."""
    _speakers: dict[str, Speaker] = field(init=False, repr=False, compare=False, hash=False)
    _topics: dict[str, Topic] = field(init=False, repr=False, compare=False, hash=False)
    _points: dict[str, Point] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        # Indexes are built once: packs are read far more often than they are built.
        object.__setattr__(self, "_speakers", {s.id: s for s in self.speakers})
        object.__setattr__(self, "_topics", {t.id: t for t in self.topics})
        object.__setattr__(self, "_points", {p.id: p for p in self.points})

    @property
    def speaker_ids(self) -> tuple[str, ...]:
        """Declared order matters: it is the order commands and poll options are shown in."""
        return tuple(s.id for s in self.speakers)

    @property
    def debaters(self) -> tuple[Speaker, ...]:
        """The sides of the debate, in declared order: every voice but the article's analysis."""
        return tuple(s for s in self.speakers if not s.is_analysis)

    def speaker(self, speaker_id: str) -> Speaker:
        """A declared speaker. Validation guarantees every reference in the pack resolves,
        so an unknown id is a programming error (KeyError), never a user's typo."""
        return self._speakers[speaker_id]

    def point(self, point_id: str) -> Point:
        """A declared point; KeyError for unknown ids, like :meth:`speaker`."""
        return self._points[point_id]

    def topic(self, topic_id: str) -> Topic:
        """A declared topic; KeyError for unknown ids, like :meth:`speaker`."""
        return self._topics[topic_id]

    def points_by(self, speaker_id: str) -> tuple[Point, ...]:
        """Strongest first; ties keep file order so curators control presentation."""
        own = [p for p in self.points if p.speaker == speaker_id]
        return tuple(sorted(own, key=lambda p: -p.strength))  # sorted() is stable

    def strongest(self, speaker_id: str, n: int = 3) -> tuple[Point, ...]:
        """The ``n`` most central points of a speaker, for short summaries."""
        return self.points_by(speaker_id)[: max(n, 0)]

    def points_on(self, topic_id: str) -> tuple[Point, ...]:
        """All points tagged with a topic, strongest first, for ``/debate <topic>``."""
        tagged = [p for p in self.points if topic_id in p.topics]
        return tuple(sorted(tagged, key=lambda p: -p.strength))

    def rebuttals_of(self, point_id: str) -> tuple[Point, ...]:
        """Points that answer ``point_id``, so a reply can show the other side next to it."""
        return tuple(p for p in self.points if p.rebuts == point_id)
