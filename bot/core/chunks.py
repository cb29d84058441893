"""Long text cut into platform-sized pieces at natural breaks."""

from __future__ import annotations

from collections.abc import Callable

#: Where text may be cut at or before a position: platforms move a cut back so it never
#: splits one of their escapes (a Discord backslash, a Slack `&amp;` entity).
CutRule = Callable[[str, int], int]


def cut_anywhere(text: str, cut: int) -> int:
    return cut


def split_at_breaks(text: str, limit: int, hard_cut: CutRule = cut_anywhere) -> list[str]:
    """Chunks of at most `limit` characters, cut at a line break, else a space.

    A run with neither is cut at `hard_cut(rest, limit)`, which a platform moves back so a
    cut never splits its escapes (a Discord backslash, a Slack `&amp;` entity). Never empty:
    empty text gives one empty chunk.
    """
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = hard_cut(rest, limit)
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest.strip() or not chunks:
        chunks.append(rest)
    return chunks
