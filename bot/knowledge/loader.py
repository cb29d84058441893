"""Load and validate a knowledge pack folder.

Packs are hand-written YAML, so the loader's main job is to tell a curator
exactly what is wrong and where (``file:line: message``), all at once, instead
of failing on the first typo.  It never returns a half-valid pack: either every
check passes or :class:`PackError` is raised with every problem found.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.model import (
    RESERVED_SPEAKER_IDS,
    Advice,
    Pack,
    Point,
    PollOptionSpec,
    PollSpec,
    Source,
    Speaker,
    Synthesis,
    Takeaway,
    Topic,
)

PACK_NAME = "baker-vs-gin"

SPEAKER_ID = re.compile(r"^[a-z][a-z0-9-]{0,31}$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
URL = re.compile(r"^https?://\S+$")

MIN_SPEAKERS, MAX_SPEAKERS = 2, 10
MIN_OPTIONS, MAX_OPTIONS = 2, 10

# Length limits keep chat replies readable; the poll label limit matches Discord's.
TITLE_MAX = 120
NAME_MAX = 80
CLAIM_MAX = 600
QUOTE_MAX = 200
STANCE_MAX = 1200
TEXT_MAX = 1200
LONG_TEXT_MAX = 2000
WORD_MAX = 80
STEP_MAX = 400
QUESTION_MAX = 200
OPTION_MAX = 55
NOTE_MAX = 300

TOP_REQUIRED = (
    "id",
    "title",
    "source",
    "speakers",
    "topics",
    "points",
    "takeaways",
    "synthesis",
    "advice",
    "poll",
)

_MISSING: Any = object()
"""Marks an absent key so a missing field is reported once, by the mapping check."""

PathKey = str | int
YamlPath = tuple[PathKey, ...]


@dataclass(frozen=True)
class PackProblem:
    """One thing a curator must fix; ``line`` is 1-based, or None when no line applies."""

    file: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class PackError(Exception):
    """Raised with every problem of a pack so they can all be fixed in one pass."""

    def __init__(self, problems: Sequence[PackProblem]) -> None:
        self.problems: list[PackProblem] = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


@dataclass
class _Doc:
    """One parsed YAML file plus where each value sits in it."""

    file: Path
    data: Any
    lines: dict[YamlPath, int] = field(default_factory=dict)
    key_lines: dict[YamlPath, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Loc:
    """A position inside a document, resolvable to the closest known line."""

    doc: _Doc
    path: YamlPath

    def at(self, key: PathKey) -> _Loc:
        return _Loc(self.doc, (*self.path, key))

    @property
    def line(self) -> int | None:
        # A missing value has no line of its own: fall back to its parent mapping.
        path = self.path
        while path:
            if path in self.doc.lines:
                return self.doc.lines[path]
            path = path[:-1]
        return self.doc.lines.get((), None)

    @property
    def key_line(self) -> int | None:
        return self.doc.key_lines.get(self.path) or self.line

    def where(self) -> str:
        line = self.line
        return f"{self.doc.file.name}:{line}" if line else self.doc.file.name


def _kind(value: Any) -> str:
    """Name a YAML value the way a curator would, for type-error messages."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()}); quote it if you meant text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, dt.date):
        return f"a date ({value})"
    return "text"


class _Checker:
    """Collects problems and offers typed field validators that never raise."""

    def __init__(self) -> None:
        self.problems: list[PackProblem] = []

    def report(self, loc: _Loc, message: str, *, on_key: bool = False) -> None:
        line = loc.key_line if on_key else loc.line
        self.problems.append(PackProblem(loc.doc.file, line, message))

    def report_file(self, file: Path, message: str, line: int | None = None) -> None:
        self.problems.append(PackProblem(file, line, message))

    def mapping(
        self,
        loc: _Loc,
        value: Any,
        what: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> dict[str, Any] | None:
        if value is _MISSING:
            return None
        if not isinstance(value, dict):
            self.report(loc, f"{what} must be a mapping, got {_kind(value)}")
            return None
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key in value:
            if not isinstance(key, str):
                self.report(loc, f"{what} has a non-text key {key!r}; quote it")
            elif key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.report(
                    loc.at(key), f"unknown key '{key}' in {what} (allowed: {hint})", on_key=True
                )
        for key in required:
            if key not in value:
                self.report(loc, f"{what} is missing required field '{key}'", on_key=True)
        return value

    def text(self, loc: _Loc, value: Any, what: str, max_len: int) -> str | None:
        if value is _MISSING:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.report(loc, f"{what} must be text, got {_kind(value)}")
            return None
        value = value.strip()
        if not value:
            self.report(loc, f"{what} must not be empty")
            return None
        if len(value) > max_len:
            self.report(loc, f"{what} is too long ({len(value)} characters, max {max_len})")
            return None
        return value

    def optional_text(self, loc: _Loc, value: Any, what: str, max_len: int) -> str | None:
        if value is _MISSING or value is None:
            return None
        return self.text(loc, value, what, max_len)

    def slug(self, loc: _Loc, value: Any, what: str, pattern: re.Pattern[str] = SLUG) -> str | None:
        text = self.text(loc, value, what, 64)
        if text is None:
            return None
        if not pattern.match(text):
            self.report(
                loc,
                f"{what} '{text}' must match {pattern.pattern} (lowercase letters, digits, '-')",
            )
            return None
        return text

    def integer(
        self, loc: _Loc, value: Any, what: str, low: int, high: int, default: int | None = None
    ) -> int | None:
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.report(loc, f"{what} must be a whole number {low}..{high}, got {_kind(value)}")
            return None
        if not low <= value <= high:
            self.report(loc, f"{what} must be between {low} and {high}, got {value}")
            return None
        return value

    def items(
        self, loc: _Loc, value: Any, what: str, min_items: int = 0, max_items: int | None = None
    ) -> list[Any]:
        """Items to check one by one; a wrong count is reported but the items are still checked."""
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self.report(loc, f"{what} must be a list, got {_kind(value)}")
            return []
        if len(value) < min_items:
            self.report(loc, f"{what} needs at least {min_items} item(s), got {len(value)}")
        if max_items is not None and len(value) > max_items:
            self.report(loc, f"{what} allows at most {max_items} items, got {len(value)}")
        return value

    def text_list(
        self,
        loc: _Loc,
        value: Any,
        what: str,
        max_len: int,
        min_items: int = 0,
        default: tuple[str, ...] | None = None,
    ) -> tuple[str, ...] | None:
        if value is _MISSING:
            return default
        before = len(self.problems)
        raw = self.items(loc, value, what, min_items)
        out = [self.text(loc.at(i), item, f"{what} item", max_len) for i, item in enumerate(raw)]
        if len(self.problems) != before or not isinstance(value, list):
            return None
        return tuple(t for t in out if t is not None)


def _get(mapping: dict[str, Any] | None, key: str) -> Any:
    if mapping is None:
        return _MISSING
    return mapping.get(key, _MISSING)


# ---------------------------------------------------------------------------
# Reading files


def _index_lines(node: yaml.Node, path: YamlPath, doc: _Doc, checker: _Checker) -> None:
    """Record the line of every value so later checks can point at it."""
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = (
                key_node.value
                if isinstance(key_node, yaml.ScalarNode)
                else str(key_node.start_mark)
            )
            key_line = key_node.start_mark.line + 1
            if key in seen and key != "<<":
                checker.report_file(
                    doc.file,
                    f"duplicate key '{key}' (first on line {seen[key]}); the later one would win",
                    key_line,
                )
            seen.setdefault(key, key_line)
            doc.key_lines.setdefault((*path, key), key_line)
            _index_lines(value_node, (*path, key), doc, checker)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*path, index), doc, checker)


def _read(file: Path, checker: _Checker) -> _Doc | None:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        checker.report_file(file, f"cannot read file: {exc}")
        return None
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        detail = f"{context}: {problem}" if context else problem
        checker.report_file(file, f"invalid YAML: {detail}", line)
        return None
    doc = _Doc(file, data)
    if node is not None:
        _index_lines(node, (), doc, checker)
    if data is None:
        checker.report_file(file, "file is empty (expected a mapping of top-level keys)")
        return None
    if not isinstance(data, dict):
        checker.report_file(
            file, f"top level must be a mapping of keys (id, title, ...), got {_kind(data)}", 1
        )
        return None
    return doc


@dataclass
class _Merged:
    """Top-level keys gathered from all files of a pack."""

    folder: Path
    values: dict[str, tuple[_Loc, Any]] = field(default_factory=dict)
    points: list[tuple[_Loc, Any]] = field(default_factory=list)
    has_points_key: bool = False

    def get(self, key: str) -> tuple[_Loc | None, Any]:
        if key in self.values:
            return self.values[key]
        return None, _MISSING


def _merge(folder: Path, docs: Sequence[_Doc], checker: _Checker) -> _Merged:
    merged = _Merged(folder)
    allowed = set(TOP_REQUIRED)
    for doc in docs:
        root = _Loc(doc, ())
        for key, value in doc.data.items():
            loc = root.at(key)
            if not isinstance(key, str) or key not in allowed:
                hint = ", ".join(TOP_REQUIRED)
                checker.report(loc, f"unknown top-level key '{key}' (allowed: {hint})", on_key=True)
            elif key == "points":
                merged.has_points_key = True
                for index, item in enumerate(checker.items(loc, value, "points")):
                    merged.points.append((loc.at(index), item))
            elif key in merged.values:
                first = merged.values[key][0]
                checker.report(
                    loc, f"top-level key '{key}' is also defined in {first.where()}", on_key=True
                )
            else:
                merged.values[key] = (loc, value)
    if docs:
        names = ", ".join(d.file.name for d in docs)
        for key in TOP_REQUIRED:
            present = merged.has_points_key if key == "points" else key in merged.values
            if not present:
                checker.report_file(
                    folder, f"missing required top-level key '{key}' (looked in: {names})"
                )
    return merged


# ---------------------------------------------------------------------------
# Sections


def _source(c: _Checker, loc: _Loc, value: Any) -> Source | None:
    m = c.mapping(loc, value, "source", ("title", "show"), ("date", "url", "note"))
    title = c.text(loc.at("title"), _get(m, "title"), "source title", TITLE_MAX)
    show = c.text(loc.at("show"), _get(m, "show"), "source show", TITLE_MAX)
    date = _date(c, loc.at("date"), _get(m, "date"))
    url = c.optional_text(loc.at("url"), _get(m, "url"), "source url", 500)
    if url is not None and not URL.match(url):
        c.report(loc.at("url"), f"source url must start with http:// or https://, got '{url}'")
    note = c.optional_text(loc.at("note"), _get(m, "note"), "source note", NOTE_MAX)
    if m is None or title is None or show is None:
        return None
    return Source(title=title, show=show, date=date, url=url, note=note)


def _date(c: _Checker, loc: _Loc, value: Any) -> str | None:
    """Accept unquoted YAML dates as well as ISO strings; never guess a missing date."""
    if value is _MISSING or value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = c.text(loc, value, "source date", 10)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        c.report(loc, f"source date must be an ISO date like 2024-05-31, got '{text}'")
        return None


def _colour(c: _Checker, loc: _Loc, value: Any) -> int | None:
    if value is None:
        c.report(loc, 'colour is empty; quote it ("#1f6feb") because # starts a YAML comment')
        return None
    text = c.text(loc, value, "colour", 7)
    if text is None:
        return None
    if not COLOUR.match(text):
        c.report(loc, f"colour must look like \"#RRGGBB\", got '{text}'")
        return None
    return int(text[1:], 16)


def _check_unique(
    c: _Checker, what: str, seen: dict[str, _Loc], ident: str | None, loc: _Loc
) -> bool:
    """Report a repeated id at the repeat, naming where the first one lives."""
    if ident is None:
        return False
    if ident in seen:
        c.report(loc, f"duplicate {what} id '{ident}' (first declared at {seen[ident].where()})")
        return False
    seen[ident] = loc
    return True


def _speakers(c: _Checker, loc: _Loc, value: Any) -> tuple[list[Speaker], dict[str, _Loc]]:
    speakers: list[Speaker] = []
    ids: dict[str, _Loc] = {}
    items = c.items(loc, value, "speakers", MIN_SPEAKERS, MAX_SPEAKERS)
    for index, item in enumerate(items):
        here = loc.at(index)
        m = c.mapping(
            here, item, f"speaker #{index + 1}", ("id", "name", "role", "colour", "stance")
        )
        ident = c.slug(here.at("id"), _get(m, "id"), "speaker id", SPEAKER_ID)
        if ident is not None and ident in RESERVED_SPEAKER_IDS:
            c.report(
                here.at("id"),
                f"speaker id '{ident}' is reserved for the /{ident} command; pick another id",
            )
            ident = None
        unique = _check_unique(c, "speaker", ids, ident, here.at("id"))
        name = c.text(here.at("name"), _get(m, "name"), "speaker name", NAME_MAX)
        role = c.text(here.at("role"), _get(m, "role"), "speaker role", TITLE_MAX)
        colour = (
            None
            if _get(m, "colour") is _MISSING
            else _colour(c, here.at("colour"), _get(m, "colour"))
        )
        stance = c.text(here.at("stance"), _get(m, "stance"), "speaker stance", STANCE_MAX)
        if unique and ident and name and role and colour is not None and stance:
            speakers.append(Speaker(id=ident, name=name, role=role, colour=colour, stance=stance))
    return speakers, ids


def _topics(c: _Checker, loc: _Loc, value: Any) -> tuple[list[Topic], dict[str, _Loc]]:
    topics: list[Topic] = []
    ids: dict[str, _Loc] = {}
    names: dict[str, str] = {}
    for index, item in enumerate(c.items(loc, value, "topics", 1)):
        here = loc.at(index)
        m = c.mapping(here, item, f"topic #{index + 1}", ("id", "title"), ("aliases",))
        ident = c.slug(here.at("id"), _get(m, "id"), "topic id")
        unique = _check_unique(c, "topic", ids, ident, here.at("id"))
        title = c.text(here.at("title"), _get(m, "title"), "topic title", TITLE_MAX)
        raw_aliases = _get(m, "aliases")
        aliases = c.text_list(here.at("aliases"), raw_aliases, "aliases", WORD_MAX, default=())
        if unique and ident and title and aliases is not None:
            if _claim_topic_names(c, here, ident, (ident, title, *aliases), names):
                topics.append(Topic(id=ident, title=title, aliases=aliases))
    return topics, ids


def _claim_topic_names(
    c: _Checker, loc: _Loc, ident: str, candidates: Iterable[str], names: dict[str, str]
) -> bool:
    """A name shared by two topics would make "/debate <name>" ambiguous, so it is an error."""
    ok = True
    for name in candidates:
        key = " ".join(re.split(r"[\s_-]+", name.casefold())).strip()
        owner = names.setdefault(key, ident)
        if owner != ident:
            c.report(
                loc, f"topic '{ident}' reuses the name '{name}' already used by topic '{owner}'"
            )
            ok = False
    return ok


@dataclass
class _PointRefs:
    """What cross-reference checks need from a point, even when other fields were invalid."""

    loc: _Loc
    speaker: str | None
    rebuts: str | None


def _points(
    c: _Checker,
    items: Sequence[tuple[_Loc, Any]],
    speaker_ids: dict[str, _Loc],
    topic_ids: dict[str, _Loc],
) -> tuple[list[Point], dict[str, _PointRefs]]:
    points: list[Point] = []
    refs: dict[str, _PointRefs] = {}
    ids: dict[str, _Loc] = {}
    for here, item in items:
        label = f"point #{int(here.path[-1]) + 1} in {here.doc.file.name}"
        m = c.mapping(
            here,
            item,
            label,
            ("id", "speaker", "topics", "keywords", "claim"),
            ("quote", "rebuts", "strength"),
        )
        ident = c.slug(here.at("id"), _get(m, "id"), "point id")
        unique = _check_unique(c, "point", ids, ident, here.at("id"))
        speaker = c.slug(here.at("speaker"), _get(m, "speaker"), "point speaker", SPEAKER_ID)
        if speaker is not None and speaker not in speaker_ids:
            known = ", ".join(speaker_ids) or "none"
            c.report(
                here.at("speaker"),
                f"point '{ident}' names unknown speaker '{speaker}' (declared: {known})",
            )
            speaker = None
        topics = _point_topics(c, here.at("topics"), _get(m, "topics"), topic_ids, ident)
        keywords = c.text_list(here.at("keywords"), _get(m, "keywords"), "keywords", WORD_MAX, 1)
        claim = c.text(here.at("claim"), _get(m, "claim"), "claim", CLAIM_MAX)
        quote = c.optional_text(here.at("quote"), _get(m, "quote"), "quote", QUOTE_MAX)
        rebuts = c.optional_text(here.at("rebuts"), _get(m, "rebuts"), "rebuts", 64)
        strength = c.integer(here.at("strength"), _get(m, "strength"), "strength", 1, 3, default=2)
        if not unique or ident is None:
            continue
        refs[ident] = _PointRefs(here, speaker, rebuts)
        if speaker and topics and keywords is not None and claim and strength is not None:
            point = Point(ident, speaker, topics, keywords, claim, quote, rebuts, strength)
            points.append(point)
    return points, refs


def _point_topics(
    c: _Checker, loc: _Loc, value: Any, topic_ids: dict[str, _Loc], point_id: str | None
) -> tuple[str, ...] | None:
    out: list[str] = []
    ok = value is not _MISSING and isinstance(value, list)
    for index, item in enumerate(c.items(loc, value, "point topics", 1)):
        topic = c.slug(loc.at(index), item, "topic")
        if topic is None:
            ok = False
        elif topic not in topic_ids:
            c.report(
                loc.at(index),
                f"point '{point_id}' uses undeclared topic '{topic}'; declare it under topics:",
            )
            ok = False
        elif topic in out:
            c.report(loc.at(index), f"point '{point_id}' lists topic '{topic}' twice")
            ok = False
        else:
            out.append(topic)
    return tuple(out) if ok and out else None


def _check_rebuts(c: _Checker, refs: dict[str, _PointRefs]) -> None:
    for ident, ref in refs.items():
        if ref.rebuts is None:
            continue
        target = refs.get(ref.rebuts)
        loc = ref.loc.at("rebuts")
        if target is None:
            c.report(
                loc, f"point '{ident}' rebuts '{ref.rebuts}', which is not a point in this pack"
            )
        elif ref.speaker is not None and target.speaker == ref.speaker:
            c.report(
                loc,
                f"point '{ident}' rebuts '{ref.rebuts}' by the same speaker; "
                "rebut another speaker's point",
            )


def _takeaways(
    c: _Checker, loc: _Loc, value: Any, point_ids: dict[str, _PointRefs]
) -> list[Takeaway] | None:
    takeaways: list[Takeaway] = []
    ids: dict[str, _Loc] = {}
    ok = isinstance(value, list)
    for index, item in enumerate(c.items(loc, value, "takeaways", 1)):
        here = loc.at(index)
        m = c.mapping(here, item, f"takeaway #{index + 1}", ("id", "title", "text"), ("points",))
        ident = c.slug(here.at("id"), _get(m, "id"), "takeaway id")
        unique = _check_unique(c, "takeaway", ids, ident, here.at("id"))
        title = c.text(here.at("title"), _get(m, "title"), "takeaway title", TITLE_MAX)
        text = c.text(here.at("text"), _get(m, "text"), "takeaway text", TEXT_MAX)
        raw_points = _get(m, "points")
        refs = c.text_list(here.at("points"), raw_points, "takeaway points", 64, default=())
        for i, ref in enumerate(refs or ()):
            if ref not in point_ids:
                c.report(here.at("points").at(i), f"takeaway '{ident}' links unknown point '{ref}'")
                ok = False
        if unique and ident and title and text and refs is not None:
            takeaways.append(Takeaway(id=ident, title=title, text=text, points=refs))
        else:
            ok = False
    return takeaways if ok else None


def _synthesis(
    c: _Checker, loc: _Loc, value: Any, speaker_ids: dict[str, _Loc]
) -> Synthesis | None:
    m = c.mapping(loc, value, "synthesis", ("summary", "verdict", "by_speaker"))
    summary = c.text(loc.at("summary"), _get(m, "summary"), "synthesis summary", LONG_TEXT_MAX)
    verdict = c.text(loc.at("verdict"), _get(m, "verdict"), "synthesis verdict", TEXT_MAX)
    raw = _get(m, "by_speaker")
    by_loc = loc.at("by_speaker")
    by_speaker: dict[str, str] = {}
    ok = raw is not _MISSING
    if raw is not _MISSING and not isinstance(raw, dict):
        c.report(
            by_loc,
            f"synthesis by_speaker must be a mapping of speaker id to text, got {_kind(raw)}",
        )
        ok = False
    elif isinstance(raw, dict):
        for key, text in raw.items():
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
            if speaker not in raw:
                c.report(
                    by_loc, f"synthesis by_speaker is missing speaker '{speaker}'", on_key=True
                )
                ok = False
    if m is None or summary is None or verdict is None or not ok:
        return None
    ordered = {s: by_speaker[s] for s in speaker_ids}  # declared speaker order, not file order
    return Synthesis(summary=summary, verdict=verdict, by_speaker=ordered)


def _advice(c: _Checker, loc: _Loc, value: Any) -> Advice | None:
    m = c.mapping(loc, value, "advice", ("summary", "steps"))
    summary = c.text(loc.at("summary"), _get(m, "summary"), "advice summary", TEXT_MAX)
    steps = c.text_list(loc.at("steps"), _get(m, "steps"), "advice steps", STEP_MAX, 1)
    if m is None or summary is None or steps is None:
        return None
    return Advice(summary=summary, steps=steps)


def _poll(
    c: _Checker, loc: _Loc, value: Any, speakers: dict[str, _Loc], names: dict[str, str]
) -> PollSpec | None:
    m = c.mapping(loc, value, "poll", ("question", "options"))
    question = c.text(loc.at("question"), _get(m, "question"), "poll question", QUESTION_MAX)
    options: list[PollOptionSpec] = []
    labels: set[str] = set()
    ok = isinstance(_get(m, "options"), list)
    raw_options = _get(m, "options")
    for index, item in enumerate(
        c.items(loc.at("options"), raw_options, "poll options", MIN_OPTIONS, MAX_OPTIONS)
    ):
        here = loc.at("options").at(index)
        option = _poll_option(c, here, item, index, speakers, names)
        if option is None:
            ok = False
        elif option.label.casefold() in labels:
            c.report(here, f"poll option '{option.label}' appears twice")
            ok = False
        else:
            labels.add(option.label.casefold())
            options.append(option)
    if m is None or question is None or not ok:
        return None
    return PollSpec(question=question, options=tuple(options))


def _poll_option(
    c: _Checker, loc: _Loc, item: Any, index: int, speakers: dict[str, _Loc], names: dict[str, str]
) -> PollOptionSpec | None:
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
    if speaker not in speakers:
        c.report(loc.at("speaker"), f"poll option names unknown speaker '{speaker}'")
        return None
    name = names.get(speaker)
    if name is None:  # speaker declared but itself invalid: already reported
        return None
    return PollOptionSpec(label=name[:OPTION_MAX], speaker=speaker)


# ---------------------------------------------------------------------------
# Entry points


def _build(merged: _Merged, c: _Checker) -> Pack | None:
    def section(key: str) -> tuple[_Loc, Any]:
        loc, value = merged.get(key)
        if loc is None:  # missing: already reported by _merge; use a dummy location
            return _Loc(_Doc(merged.folder, None), (key,)), _MISSING
        return loc, value

    id_loc, id_value = section("id")
    pack_id = c.slug(id_loc, id_value, "pack id")
    title_loc, title_value = section("title")
    title = c.text(title_loc, title_value, "pack title", TITLE_MAX)
    source = _source(c, *section("source"))
    speakers, speaker_ids = _speakers(c, *section("speakers"))
    topics, topic_ids = _topics(c, *section("topics"))
    points, refs = _points(c, merged.points, speaker_ids, topic_ids)
    if merged.has_points_key and not merged.points:
        c.report_file(merged.folder, "pack has no points")
    _check_rebuts(c, refs)
    for speaker, loc in speaker_ids.items():
        if not any(ref.speaker == speaker for ref in refs.values()):
            c.report(loc, f"speaker '{speaker}' has no points")
    takeaways = _takeaways(c, *section("takeaways"), refs)
    synthesis = _synthesis(c, *section("synthesis"), speaker_ids)
    advice = _advice(c, *section("advice"))
    names = {s.id: s.name for s in speakers}
    poll = _poll(c, *section("poll"), speaker_ids, names)
    if c.problems:
        return None
    if not (
        pack_id and title and source and synthesis and advice and poll and takeaways is not None
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
        origin=merged.folder,
    )


def load_pack(folder: Path) -> Pack:
    """Load a pack folder, or raise :class:`PackError` listing every problem found."""
    folder = Path(folder)
    checker = _Checker()
    if not folder.exists():
        raise PackError([PackProblem(folder, None, "pack folder does not exist")])
    if not folder.is_dir():
        raise PackError([PackProblem(folder, None, "pack path is not a folder")])
    for stray in sorted(folder.glob("*.yml")):
        checker.report_file(
            stray, "pack files must end in .yaml; rename this file or it is ignored"
        )
    files = sorted(p for p in folder.glob("*.yaml") if p.is_file())
    if not files:
        checker.report_file(folder, "pack folder has no .yaml files")
        raise PackError(checker.problems)
    docs = [doc for doc in (_read(f, checker) for f in files) if doc is not None]
    merged = _merge(folder, docs, checker)
    pack = _build(merged, checker) if docs else None
    if checker.problems or pack is None:
        problems = sorted(checker.problems, key=lambda p: (str(p.file), p.line or 0))
        raise PackError(problems or [PackProblem(folder, None, "pack could not be loaded")])
    return pack


def default_pack_dir() -> Path:
    """Prefer the checkout copy so pack edits need no reinstall; else use the wheel copy."""
    checkout = Path(__file__).resolve().parents[2] / "knowledge" / PACK_NAME
    if checkout.is_dir():
        return checkout
    return Path(str(importlib.resources.files("bot") / "packs" / PACK_NAME))
