"""Replies rendered as terminal text: cards framed, quotes indented, buttons numbered."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from bot.core.replies import (
    Buttons,
    Card,
    Field,
    Fields,
    Image,
    Marked,
    Note,
    Pasted,
    Quote,
    Reply,
    Text,
    When,
)

WIDTH = 88
#: Where the wrapped rest of a list's item starts (`_text_lines`): under its text after a
#: number or bullet ("1. ", "2) ", "- "), else two columns in.
LIST_HANG = "  "
_MARKER = re.compile(r"\s*(?:\d+[.)]|[-•*])\s+(?=\S)")
#: Where a span kept whole (`_KeptWhole`) is widened to, either side: the rest of the
#: words it touches (the "." after a command), which a break there would cut off. Words as
#: `textwrap` splits them: at ASCII whitespace only.
_AFTER = re.compile(r"[^\t\n\x0b\x0c\r ]*")
_BEFORE = re.compile(r"[^\t\n\x0b\x0c\r ]*\Z")
#: Where a command to paste starts and ends in a line of text (`_shown`).
Span = tuple[int, int]

#: Saves an image somewhere the user can open it and says where, as one line of text.
ImageSaver = Callable[[Image], str]


def mention_image(image: Image) -> str:
    """An image named but not saved (when nothing saves images, e.g. in tests)."""
    return f"[image {image.filename}: {image.alt_text}]"


def local_time(when: When) -> str:
    """`2026-03-03 03:00 EST`: a moment in this machine's time zone (`TZ`), named. The
    console's reader sits at this machine, where Slack and Discord show each reader's own
    zone; UTC made them work out the difference themselves."""
    return f"{datetime.fromtimestamp(when.instant, UTC).astimezone():%Y-%m-%d %H:%M %Z}"


def _local(text: str) -> str:
    """`text` with each moment it names (a `Marked` text's) in this machine's zone."""
    return _shown(text)[0]


def _shown(text: str) -> tuple[str, list[Span]]:
    """`text` as the console shows it (`_local`), and where each command it offers to
    paste (a `Marked` text's `Pasted` parts) stands in it, for the wrapper to keep whole:
    a line break inside one would paste as two lines, the first sent cut short."""
    if not isinstance(text, Marked):
        return text, []
    shown, spans = "", []
    for part in text.parts:
        if isinstance(part, When):
            shown += local_time(part)
        elif isinstance(part, Pasted):
            spans.append((len(shown), len(shown) + len(part.line)))
            shown += part.line
        else:
            shown += part
    return shown, spans


def render_reply(
    reply: Reply,
    first_button: int = 1,
    save_image: ImageSaver = mention_image,
    width: int = WIDTH,
    *,
    wrap_text: bool = True,
) -> str:
    """The reply as text; buttons are numbered from `first_button` so the user can pick one.

    Images cannot be drawn in a terminal: `save_image` writes each one to a file and the
    line it returns (the file's path) stands in for it. Cards are wrapped at `width`
    columns (a terminal narrower than WIDTH gives its own), and so is the reply's text (a
    refusal) if `wrap_text`, each command it offers to paste kept whole on one line.
    """
    out: list[str] = []
    if reply.ephemeral:
        out.append("(only you can see this)")
    if reply.text:
        text, commands = _shown(reply.text)  # a refusal may name a moment ("closed at …")
        lines = _text_lines(text, width, commands, prose=True) if wrap_text else [text]
        out.append("\n".join(lines))
    number = first_button
    for card in reply.cards:
        lines, number = _card(card, number, save_image, width)
        out.append("\n".join(lines))
    return "\n\n".join(out)


class _KeptWhole(textwrap.TextWrapper):
    """A wrapper that takes each of `whole`, spans of the one line it wraps (commands to
    paste), as one word, with the words touching it."""

    whole: Sequence[Span] = ()

    def _split(self, text: str) -> list[str]:
        chunks: list[str] = []
        at = 0
        for start, end in self.whole:
            if start < at:
                continue  # inside the words touching the previous one
            start = next(_BEFORE.finditer(text, at, start)).start()
            end = next(_AFTER.finditer(text, end)).end()
            chunks += [*super()._split(text[at:start]), text[start:end]]
            at = end
        return chunks + super()._split(text[at:])


def _wrap(
    text: str,
    width: int,
    indent: str = "",
    hanging: str | None = None,
    *,
    commands: Sequence[Span] = (),
) -> list[str]:
    """Each line of `text` wrapped at `width` after `indent` (later lines after `hanging`,
    by default `indent`). A word is never split, nor at its hyphens: a web address stays
    whole on one line, even past the width; so does each of `commands`, spans of `text`
    (on one line) offered to paste, which have spaces. Around those tabs are not expanded,
    so the spans still point where they did."""
    wrapper = _KeptWhole(
        width,
        initial_indent=indent,
        subsequent_indent=indent if hanging is None else hanging,
        break_long_words=False,
        break_on_hyphens=False,
        expand_tabs=not commands,
    )
    wrapper.whole = commands
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += wrapper.wrap(paragraph) or [indent.rstrip()]
    return lines


def _text_lines(
    text: str, width: int, commands: Sequence[Span] = (), *, prose: bool = False
) -> list[str]:
    """A text block wrapped at `width`. An item of a list (a line next to another line, as
    /help's commands or a tally's options are, or a card's command line alone) hangs its
    wrapped rest (`LIST_HANG`): at column 0 it read as the next item ("[multi:true|false]
    … — Start the debate's" under "/poll [question:…]" looked like a command of its own).
    A paragraph alone stays flush, as does a refusal's line (`prose`) that starts with a
    command. `commands`: the spans of `text` its commands to paste stand in (`_shown`),
    each kept on one line."""
    ended = text.splitlines(keepends=True) or [""]
    rows = [row.splitlines()[0] if row.splitlines() else "" for row in ended]
    lines: list[str] = []
    at = 0
    for index, row in enumerate(rows):
        neighbours = rows[max(0, index - 1) : index] + rows[index + 1 : index + 2]
        helped = row.startswith("/") and not prose  # a refusal's "/poll …" is prose
        listed = helped or any(neighbour.strip() for neighbour in neighbours)
        marker = _MARKER.match(row)
        hang = " " * marker.end() if marker else LIST_HANG
        inside = [(s - at, e - at) for s, e in commands if at <= s and e <= at + len(row)]
        lines += _wrap(row, width, hanging=hang if listed else None, commands=inside)
        at += len(ended[index])
    return lines


def _field_lines(field: Field, width: int) -> list[str]:
    """`name: value`, its value's wrapped rest hanging, a command it offers (/daily
    status's "Resume: … run /daily on") kept whole on one line, its moments local."""
    value, commands = _shown(field.value)
    head = f"{field.name}: "
    if "\n" in value:  # the spans point into one line only
        commands = []
    spans = [(start + len(head), end + len(head)) for start, end in commands]
    return _wrap(head + value, width, indent="  ", hanging="      ", commands=spans)


def _button_rows(labels: list[str], width: int) -> list[str]:
    """`[1] A  [2] B` rows within `width`, never splitting a button's label."""
    rows: list[str] = []
    for label in labels:
        if rows and len(rows[-1]) + 2 + len(label) <= width:
            rows[-1] += "  " + label
        else:
            rows.append(label)
    return rows


def _card(card: Card, number: int, save_image: ImageSaver, width: int) -> tuple[list[str], int]:
    lines = []
    if card.title:
        lines += [f"== {card.title} ==".replace("\n", " ")]
    for index, block in enumerate(card.blocks):
        if index and not isinstance(block, Quote | Note | Buttons):
            lines.append("")
        if isinstance(block, Text):  # /help's examples, /topics' "Try: …": commands kept whole
            text, commands = _shown(block.text)
            lines += _text_lines(text, width, commands)
        elif isinstance(block, Quote):
            lines += _wrap(block.fallback(), width, indent="  > ")
        elif isinstance(block, Note):
            lines += _wrap(block.fallback(), width, indent="  · ")
        elif isinstance(block, Fields):
            for f in block.fields:  # a help option or a glossary entry: its value hangs
                lines += _field_lines(f, width)
        elif isinstance(block, Buttons):
            choices = []
            for button in block.buttons:
                choices.append(f"[{number}] {button.label}")
                number += 1
            lines += _button_rows(choices, width)
        elif isinstance(block, Image):
            lines.append(save_image(block))
    if card.footer:
        lines += _wrap(_local(card.footer), width, indent="-- ")
    return lines, number
