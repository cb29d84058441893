"""Validate the optional sections about how readers phrase things: synonyms, names the
source never uses, and intents.

All only ever widen what a question finds, so their mistakes are silent at run time: a
synonym for a word the pack never uses leads nowhere, and an intent name with a typo is
never recognised. ``kb check`` reports them instead, at their line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.knowledge.fields import MISSING, Checker, describe
from bot.knowledge.intents import Intent
from bot.knowledge.limits import WORD_MAX
from bot.knowledge.positions import Loc
from bot.knowledge.tokens import STOP_WORDS, tokenize, words


def check_unnamed(
    c: Checker, loc: Loc, value: Any, pack_terms: frozenset[str], source: str
) -> dict[str, tuple[str, ...]]:
    """``the pack's word: [names, ...]``: names readers use for what the source discusses
    without naming it ("huawei" for its domestic chips). A name the source does use is the
    article's own word, for ``synonyms:``: listed here, the answer would say the article
    never names it."""
    unnamed = check_synonyms(c, loc, value, pack_terms, "unnamed")
    in_source = _said_in(source, tokenize)
    for word, names in unnamed.items():
        for index, name in enumerate(names):
            if in_source(name):
                c.report(
                    loc.at(word).at(index),
                    f"'{name}' is in the source: list it under synonyms, not unnamed",
                )
    return unnamed


def check_idioms(
    c: Checker, loc: Loc, value: Any, pack_terms: frozenset[str], source: str
) -> dict[str, tuple[str, ...]]:
    """``the pack's word: [phrases, ...]``: everyday phrases in which the pack's word means
    something else ("drone racing", "gin and tonic", "at work"). One word would be the pack's
    word itself, never recognised again; a phrase the source uses is the source's own sense.
    Idioms are matched as typed, so a stop word counts ("at work" is the workplace, where the
    article's "works reliably" is not), but a phrase of stop words alone says nothing."""
    idioms = check_synonyms(c, loc, value, pack_terms, "idioms", words)
    in_source = _said_in(source, words)
    for word, phrases in idioms.items():
        for index, phrase in enumerate(phrases):
            typed = words(phrase)
            if len(typed) < 2 or set(typed) <= STOP_WORDS:
                c.report(
                    loc.at(word).at(index),
                    f"idiom '{phrase}' needs two words or more, not all stop words",
                )
            elif in_source(phrase):
                c.report(
                    loc.at(word).at(index),
                    f"'{phrase}' is in the source: there it means what the pack means",
                )
    return idioms


def check_setting(c: Checker, loc: Loc, value: Any, pack_terms: frozenset[str]) -> tuple[str, ...]:
    """``[words, ...]``: the parties the debate is set between ("china", "us"), each one word
    the pack uses: one it never uses could put no question on its subject anyway."""
    setting = c.text_list(loc, value, "setting", WORD_MAX, default=()) or ()
    for index, word in enumerate(setting):
        if len(tokenize(word)) != 1 or tokenize(word)[0] not in pack_terms:
            c.report(loc.at(index), f"setting '{word}' must be one word of the pack's points")
    return setting


def _said_in(source: str, matched_as: Callable[[str], list[str]]) -> Callable[[str], bool]:
    """Whether a phrase occurs in `source`, word for word as `matched_as` splits both (stems
    for names, words as typed for idioms)."""
    said = f" {' '.join(matched_as(source))} "
    return lambda phrase: f" {' '.join(matched_as(phrase))} " in said


def check_synonyms(
    c: Checker,
    loc: Loc,
    value: Any,
    pack_terms: frozenset[str],
    section: str = "synonyms",
    matched_as: Callable[[str], list[str]] = tokenize,
) -> dict[str, tuple[str, ...]]:
    """``the pack's word: [readers' words, ...]``; the key must be a word the pack uses.
    Two items are the same when ``matched_as`` makes them so (stems, or words as typed)."""
    if value is MISSING:
        return {}
    if not isinstance(value, dict):
        c.report(
            loc, f"{section} must be a mapping of a pack word to a list, got {describe(value)}"
        )
        return {}
    synonyms: dict[str, tuple[str, ...]] = {}
    seen: dict[tuple[str, ...], tuple[str, Loc]] = {}
    for key, raw in value.items():
        here = loc.at(key)
        word = c.text(here, key, "synonym key", WORD_MAX)
        if word is None:
            continue
        missing = [t for t in tokenize(word) if t not in pack_terms]
        if not tokenize(word) or missing:
            c.report(
                here,
                f"synonym key '{word}' is not a word of this pack's points or topics; "
                "a synonym must lead to words the pack uses",
                on_key=True,
            )
            continue
        alternatives = c.text_list(here, raw, f"synonyms of '{word}'", WORD_MAX, 1)
        if alternatives is None:
            continue
        ok = True
        for index, alternative in enumerate(alternatives):
            terms = tuple(matched_as(alternative))
            at = here.at(index)
            if not terms:
                c.report(at, f"synonym '{alternative}' has only stop words; it can never match")
                ok = False
            elif terms == tuple(tokenize(word)):
                c.report(at, f"synonym '{alternative}' is the key '{word}' itself")
                ok = False
            elif len(terms) == 1 and terms[0] in pack_terms:
                c.report(
                    at,
                    f"synonym '{alternative}' comes down to the pack's own word '{terms[0]}' "
                    "(stop words aside): it would fire on every use of that word",
                )
                ok = False
            elif terms in seen:
                first, first_loc = seen[terms]
                where = "twice" if first == word else f"also under '{first}'"
                c.report(
                    at,
                    f"synonym '{alternative}' is listed {where} ({first_loc.where()}; stop words "
                    "and word endings aside); a phrase may lead to one word only",
                )
                ok = False
            else:
                seen[terms] = (word, at)
        if ok:
            synonyms[word] = alternatives
    return synonyms


def check_intents(c: Checker, loc: Loc, value: Any) -> dict[str, tuple[str, ...]]:
    """``intent name: [phrasings, ...]`` for the pack's own ways to ask the invited questions."""
    if value is MISSING:
        return {}
    names = ", ".join(i.value for i in Intent)
    if not isinstance(value, dict):
        c.report(loc, f"intents must be a mapping of intent ({names}) to phrasings")
        return {}
    intents: dict[str, tuple[str, ...]] = {}
    for key, raw in value.items():
        here = loc.at(key)
        if key not in {i.value for i in Intent}:
            c.report(here, f"unknown intent '{key}' (allowed: {names})", on_key=True)
            continue
        phrases = c.text_list(here, raw, f"intents.{key}", WORD_MAX, 1)
        if phrases is None:
            continue
        useless = [i for i, phrase in enumerate(phrases) if not tokenize(phrase)]
        for index in useless:
            c.report(
                here.at(index),
                f"intent phrasing '{phrases[index]}' has only stop words; it would take over "
                "questions on any subject",
            )
        if not useless:
            intents[key] = phrases
    return intents
