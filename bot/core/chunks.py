"""Long text cut into platform-sized pieces at natural breaks."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

#: Where text may be cut at or before a position: platforms move a cut back so it never
#: splits one of their escapes (a Discord backslash, a Slack `&amp;` entity).
CutRule = Callable[[str, int], int]


def cut_anywhere(text: str, cut: int) -> int:
    return cut


def split_at_breaks(text: str, limit: int, hard_cut: CutRule = cut_anywhere) -> list[str]:
    """Chunks of at most `limit` characters, cut at a line break, else a space.

    A run with neither is cut at `hard_cut(rest, limit)`, which a platform moves back so a
    cut never splits its escapes (a Discord backslash, a Slack `&amp;` entity), what it
    keeps whole (a code span, a timestamp token: spaces inside a command are no break) or a
    grapheme; where that keeps nothing (one grapheme longer than `limit`: a run of
    combining marks on no letter), at `limit`, or the split would never end. Never empty:
    empty text gives one empty chunk.
    """
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut > 0:
            cut = hard_cut(rest, cut)
        if cut <= 0:
            cut = hard_cut(rest, limit) or limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest.strip() or not chunks:
        chunks.append(rest)
    return chunks


#: Characters that belong to the character before them (Unicode's grapheme cluster rules,
#: UAX #29, GB9 and GB9a): the zero-width joiner, variation selectors, emoji skin tones and
#: tag characters (the subdivision flags). Combining marks (`M*`) are found by category.
_EXTENDERS = frozenset(
    (0x200D, *range(0xFE00, 0xFE10), *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080))
).union(range(0xE0100, 0xE01F0))
ZERO_WIDTH_JOINER = "\u200d"
#: The canonical combining class of a virama, which joins the consonants around it into
#: one conjunct (GB9c: क्ष is one grapheme).
VIRAMA = 9
#: The regional indicator letters, two of which make one flag (GB12, GB13).
_REGIONAL = range(0x1F1E6, 0x1F200)
_REGIONAL_LETTERS = "".join(map(chr, _REGIONAL))
#: A cut this far back from the limit, at most, finds a space to end at (`cut_between_words`):
#: further back, the clip would lose more than the word it keeps whole.
WORD_REACH = 24


def cut_between_graphemes(text: str, cut: int) -> int:
    """`cut`, moved back so it never splits what people see as one character: a letter and
    its accents, an emoji sequence joined by zero-width joiners, with its skin tone or
    variation selector, a flag's two letters. Half of one shows as another character, or as
    a box. (Hangul syllables typed as separate jamo, rare in chat, are not handled.)"""
    while 0 < cut < len(text) and _joined(text, cut):
        cut -= 1
    return cut


def _joined(text: str, cut: int) -> bool:
    """Whether `text[cut - 1]` and `text[cut]` are parts of one grapheme."""
    after = text[cut]
    if ord(after) in _EXTENDERS or unicodedata.category(after).startswith("M"):
        return True
    if text[cut - 1] == ZERO_WIDTH_JOINER or unicodedata.combining(text[cut - 1]) == VIRAMA:
        return True
    if ord(after) in _REGIONAL and ord(text[cut - 1]) in _REGIONAL:
        before = text[:cut]
        run = len(before) - len(before.rstrip(_REGIONAL_LETTERS))
        return run % 2 == 1  # the letter before is a flag's first half
    return False


def keeping_graphemes(rule: CutRule) -> CutRule:
    """`rule` (a platform's: never inside an escape) that also never cuts inside a
    grapheme (`cut_between_graphemes`), each moving the cut back until both hold. Half a
    flag shows as a lone letter, a thumb loses its skin tone, a letter its accent."""

    def cut_whole(text: str, cut: int) -> int:
        while True:
            moved = cut_between_graphemes(text, rule(text, cut))
            if moved == cut:
                return cut
            cut = moved  # a grapheme moved back past may end in an escape: look again

    return cut_whole


def keeping_whole(marks: re.Pattern[str], rule: CutRule) -> CutRule:
    """`rule` that also moves a cut inside a match of `marks` back to the match's start:
    a platform's markup the core's marks render as (a command's code span, a timestamp
    token), which cut in two shows as markup, a stray backtick turning the rest into code."""

    def cut_outside(text: str, cut: int) -> int:
        cut = rule(text, cut)
        return next((m.start() for m in marks.finditer(text) if m.start() < cut < m.end()), cut)

    return cut_outside


def cut_between_words(text: str, cut: int) -> int:
    """`cut`, moved back to the last space within `WORD_REACH` characters so no word is cut
    in two (text without spaces there, as Chinese or Japanese, is cut between graphemes)."""
    space = text.rfind(" ", max(0, cut - WORD_REACH), cut + 1)
    return space if space > 0 else cut_between_graphemes(text, cut)
