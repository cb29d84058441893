"""Read a pack's text files, telling the author how to fix one saved in another encoding.

Pack files are hand-edited, and editors on Windows still save as UTF-16 ("Unicode") or a
legacy code page; Python's own error ("'utf-8' codec can't decode byte 0xe9 in position
159") names neither the line nor the fix. A UTF-8 byte order mark is no mistake: it is
dropped, as PyYAML drops it, so the source document's text starts where its author's does.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from bot.knowledge.fields import Checker

_UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SAVE_AS_UTF8 = "save the file as UTF-8"


def read_pack_text(file: Path, checker: Checker) -> str | None:
    """The file's text, or None with the problem reported at the line to look at."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        checker.report_file(file, f"cannot read file: {exc.strerror or exc}")
        return None
    if data.startswith(_UTF16_MARKS):
        checker.report_file(file, f"file is saved as UTF-16; {_SAVE_AS_UTF8}", 1)
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        checker.report_file(
            file, f"byte 0x{data[exc.start]:02x} is not UTF-8 text; {_SAVE_AS_UTF8}", line
        )
        return None
