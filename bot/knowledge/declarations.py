"""Validate what a pack declares up front: its source, speakers and topics.

Points, takeaways, the synthesis and the poll all refer back to these ids, so
each validator also returns the ids it saw (with where they were declared),
even for entries that were otherwise invalid, to avoid follow-on noise such as
"unknown speaker" for a speaker that is merely missing a role.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from bot.core.platform_commands import MAX_COMMAND_NAME, SLACK_BUILT_IN_COMMANDS
from bot.knowledge.fields import MISSING, Checker, lookup
from bot.knowledge.limits import (
    COLOUR,
    MAX_SPEAKERS,
    MIN_SPEAKERS,
    NAME_MAX,
    NOTE_MAX,
    SPEAKER_ID,
    STANCE_MAX,
    TITLE_MAX,
    URL,
    URL_MAX,
    WORD_MAX,
)
from bot.knowledge.model import RESERVED_SPEAKER_IDS, VOICES, Source, Speaker, Topic, Voice
from bot.knowledge.positions import Loc


def check_source(c: Checker, loc: Loc, value: Any) -> Source | None:
    """The attribution shown with every answer; title and show are required, the rest optional."""
    m = c.mapping(loc, value, "source", ("title", "show"), ("date", "url", "note"))
    title = c.text(loc.at("title"), lookup(m, "title"), "source title", TITLE_MAX)
    show = c.text(loc.at("show"), lookup(m, "show"), "source show", TITLE_MAX)
    date = _date(c, loc.at("date"), lookup(m, "date"))
    url = c.optional_text(loc.at("url"), lookup(m, "url"), "source url", URL_MAX)
    if url is not None and not URL.match(url):
        c.report(loc.at("url"), f"source url must start with http:// or https://, got '{url}'")
    note = c.optional_text(loc.at("note"), lookup(m, "note"), "source note", NOTE_MAX)
    if m is None or title is None or show is None:
        return None
    return Source(title=title, show=show, date=date, url=url, note=note)


def _date(c: Checker, loc: Loc, value: Any) -> str | None:
    """Accept unquoted YAML dates as well as ISO strings; never guess a missing date."""
    if value is MISSING or value is None:
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


def _colour(c: Checker, loc: Loc, value: Any) -> int | None:
    """``#RRGGBB`` as an int; an unquoted colour parses as null, so that gets its own hint."""
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


def check_speakers(
    c: Checker, loc: Loc, value: Any
) -> tuple[list[Speaker], dict[str, Loc], dict[str, Voice | None]]:
    """Valid speakers, every well-formed unique id (valid or not) for cross-references, and
    each such id's voice (None when the voice itself is invalid, so later checks can stay quiet
    about it instead of guessing).

    ``role`` is optional because a source may not say what someone does, and a pack must not
    invent it.  A debate needs at least two debaters besides any analysis voice.
    """
    speakers: list[Speaker] = []
    ids: dict[str, Loc] = {}
    voices: dict[str, Voice | None] = {}
    items = c.items(loc, value, "speakers", MIN_SPEAKERS, MAX_SPEAKERS)
    for index, item in enumerate(items):
        here = loc.at(index)
        m = c.mapping(
            here,
            item,
            f"speaker #{index + 1}",
            ("id", "name", "colour", "stance"),
            ("role", "voice"),
        )
        ident = c.slug(here.at("id"), lookup(m, "id"), "speaker id", SPEAKER_ID)
        # A clashing id is still recorded below: the points, synthesis and poll that name it
        # are right to, and reporting each as "unknown speaker" would bury the one fix.
        usable = _command_free(c, here.at("id"), ident)
        unique = c.unique("speaker", ids, ident, here.at("id"))
        name = c.text(here.at("name"), lookup(m, "name"), "speaker name", NAME_MAX)
        role = c.optional_text(here.at("role"), lookup(m, "role"), "speaker role", TITLE_MAX)
        colour = _colour(c, here.at("colour"), lookup(m, "colour"))
        stance = c.text(here.at("stance"), lookup(m, "stance"), "speaker stance", STANCE_MAX)
        voice = _voice(c, here.at("voice"), lookup(m, "voice"))
        if unique and ident:
            voices[ident] = voice
        if usable and unique and ident and name and colour is not None and stance and voice:
            speakers.append(
                Speaker(id=ident, name=name, role=role, colour=colour, stance=stance, voice=voice)
            )
    debaters = [s for s in speakers if not s.is_analysis]
    if isinstance(value, list) and len(speakers) == len(value) >= MIN_SPEAKERS > len(debaters):
        c.report(
            loc,
            f"a debate needs at least {MIN_SPEAKERS} speakers with voice: speaker, "
            f"got {len(debaters)}",
        )
    return speakers, ids, voices


def _command_free(c: Checker, loc: Loc, ident: str | None) -> bool:
    """Whether the id can become a slash command: neither one of the bot's own nor one Slack
    keeps for itself, nor longer than Slack takes (reported here, where the author must
    change it: a 32-letter id passed, and Slack refused the manifest it was written into)."""
    if ident is not None and len(ident) > MAX_COMMAND_NAME:
        c.report(
            loc,
            f"speaker id '{ident}' is {len(ident)} characters, and a slash command holds at "
            f"most {MAX_COMMAND_NAME} after its / (Slack's limit); pick a shorter id",
        )
        return False
    if ident is not None and ident in RESERVED_SPEAKER_IDS:
        c.report(loc, f"speaker id '{ident}' is reserved for the /{ident} command; pick another id")
        return False
    if ident is not None and ident in SLACK_BUILT_IN_COMMANDS:
        c.report(
            loc,
            f"speaker id '{ident}' is Slack's own /{ident} command, which no app may "
            "declare; pick another id",
        )
        return False
    return True


def _voice(c: Checker, loc: Loc, value: Any) -> Voice | None:
    """``speaker`` (a debater, the default) or ``analysis`` (the source's own author)."""
    if value is MISSING:
        return "speaker"
    text = c.text(loc, value, "speaker voice", 16)
    for voice in VOICES:
        if text == voice:
            return voice
    if text is not None:
        c.report(loc, f"speaker voice must be one of {', '.join(VOICES)}, got '{text}'")
    return None


def check_topics(c: Checker, loc: Loc, value: Any) -> tuple[list[Topic], dict[str, Loc]]:
    """Valid topics, plus every well-formed unique id (valid or not) for cross-references."""
    topics: list[Topic] = []
    ids: dict[str, Loc] = {}
    names: dict[str, str] = {}
    for index, item in enumerate(c.items(loc, value, "topics", 1)):
        here = loc.at(index)
        m = c.mapping(here, item, f"topic #{index + 1}", ("id", "title"), ("aliases",))
        ident = c.slug(here.at("id"), lookup(m, "id"), "topic id")
        unique = c.unique("topic", ids, ident, here.at("id"))
        title = c.text(here.at("title"), lookup(m, "title"), "topic title", TITLE_MAX)
        raw_aliases = lookup(m, "aliases")
        aliases = c.text_list(here.at("aliases"), raw_aliases, "aliases", WORD_MAX, default=())
        if unique and ident and title and aliases is not None:
            if _claim_topic_names(c, here, ident, (ident, title, *aliases), names):
                topics.append(Topic(id=ident, title=title, aliases=aliases))
    return topics, ids


def _claim_topic_names(
    c: Checker, loc: Loc, ident: str, candidates: Iterable[str], names: dict[str, str]
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
