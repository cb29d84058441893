"""A tiny font generated for a test: square glyphs for the characters it is given, under a
family name of the test's choosing, registered with matplotlib for as long as the test runs.

So the charts' font fallback is tested with a font that really is installed (as a CJK font
would be), on a machine that has none, without depending on the machine's fonts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from matplotlib import font_manager

from bot.polls import chart


def _square() -> object:
    pen = TTGlyphPen(None)
    for point in ((100, 0), (100, 700), (900, 700), (900, 0)):
        (pen.lineTo if point != (100, 0) else pen.moveTo)(point)
    pen.closePath()
    return pen.glyph()


def write_font(path: Path, family: str, characters: str) -> Path:
    """A TrueType font named `family` (regular weight only) that draws `characters`."""
    names = {ord(char): f"uni{ord(char):04X}" for char in characters}
    glyphs = [".notdef", *names.values()]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(glyphs)
    builder.setupCharacterMap(names)
    builder.setupGlyf({name: _square() for name in glyphs})
    builder.setupHorizontalMetrics({name: (1000, 100) for name in glyphs})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    builder.save(str(path))
    return path


@contextmanager
def installed_font(path: Path) -> Iterator[None]:
    """`path` known to matplotlib, then forgotten; the charts' font choice is worked out
    again on the way in and out (it is cached, as the fonts of a running bot do not change)."""
    manager = font_manager.fontManager
    before = list(manager.ttflist)
    manager.addfont(str(path))
    forget_font_choices()
    try:
        yield
    finally:
        manager.ttflist[:] = before
        manager._findfont_cached.cache_clear()  # addfont clears it on the way in
        forget_font_choices()


def forget_font_choices() -> None:
    """Work the charts' fonts out again at the next chart."""
    chart._font_families.cache_clear()
    chart._font_glyphs.cache_clear()
