"""Replies rendered as terminal text: cards framed, quotes indented, buttons numbered."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime

from bot.core.replies import Buttons, Card, Fields, Image, Note, Quote, Reply, Text, Timed, When

WIDTH = 88
#: Where the wrapped rest of a list's item starts (`_text_lines`): under its text after a
#: number or bullet ("1. ", "2) ", "- "), else two columns in.
LIST_HANG = "  "
_MARKER = re.compile(r"\s*(?:\d+[.)]|[-•*])\s+(?=\S)")
#: A command a refusal offers to paste (`/poll Lunch? options:"A | B" duration:1h`): from
#: a word starting with "/" to the end of its sentence (a "." before a space or the line's
#: end, kept with it), a quoted value whole whatever it holds. Wrapped as one word: a line
#: break inside it would paste as two lines, the first sent cut short.
_COMMAND = re.compile(r'(?<!\S)/\w(?:"(?:\\.|[^"\\\n])*(?:"|$)|[^."\n]|\.(?=\S))*\.?')

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
    """`text` with each moment it names (a `Timed` text's) in this machine's zone."""
    return text.render(str, local_time) if isinstance(text, Timed) else text


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
        text = _local(reply.text)  # a refusal may name a moment ("closed at …")
        lines = _text_lines(text, width, commands=True) if wrap_text else [text]
        out.append("\n".join(lines))
    number = first_button
    for card in reply.cards:
        lines, number = _card(card, number, save_image, width)
        out.append("\n".join(lines))
    return "\n\n".join(out)


class _CommandWrapper(textwrap.TextWrapper):
    """A wrapper that takes each command to paste (`_COMMAND`) as one word."""

    def _split(self, text: str) -> list[str]:
        chunks: list[str] = []
        at = 0
        for command in _COMMAND.finditer(text):
            chunks += [*super()._split(text[at : command.start()]), command.group()]
            at = command.end()
        return chunks + super()._split(text[at:])


def _wrap(
    text: str,
    width: int,
    indent: str = "",
    hanging: str | None = None,
    *,
    commands: bool = False,
) -> list[str]:
    """Each line of `text` wrapped at `width` after `indent` (later lines after `hanging`,
    by default `indent`). A word is never split, nor at its hyphens: a web address stays
    whole on one line, even past the width; with `commands`, so does each command offered
    to paste (a refusal's), which has spaces."""
    wrapper = (_CommandWrapper if commands else textwrap.TextWrapper)(
        width,
        initial_indent=indent,
        subsequent_indent=indent if hanging is None else hanging,
        break_long_words=False,
        break_on_hyphens=False,
    )
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += wrapper.wrap(paragraph) or [indent.rstrip()]
    return lines


def _text_lines(text: str, width: int, *, commands: bool = False) -> list[str]:
    """A text block wrapped at `width`. An item of a list (a line next to another line, as
    /help's commands or a tally's options are, or a command line alone) hangs its wrapped
    rest (`LIST_HANG`): at column 0 it read as the next item ("[multi:true|false] … —
    Start the debate's" under "/poll [question:…]" looked like a command of its own). A
    paragraph alone stays flush. `commands`: as `_wrap`'s, for a refusal's text."""
    rows = text.splitlines() or [""]
    lines: list[str] = []
    for index, row in enumerate(rows):
        neighbours = rows[max(0, index - 1) : index] + rows[index + 1 : index + 2]
        helped = row.startswith("/") and not commands  # a refusal's "/poll has no …" is prose
        listed = helped or any(neighbour.strip() for neighbour in neighbours)
        marker = _MARKER.match(row)
        hang = " " * marker.end() if marker else LIST_HANG
        lines += _wrap(row, width, hanging=hang if listed else None, commands=commands)
    return lines


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
        if isinstance(block, Text):
            lines += _text_lines(block.text, width)
        elif isinstance(block, Quote):
            lines += _wrap(block.fallback(), width, indent="  > ")
        elif isinstance(block, Note):
            lines += _wrap(block.fallback(), width, indent="  · ")
        elif isinstance(block, Fields):
            for f in block.fields:  # a help option or a glossary entry: its value hangs
                lines += _wrap(f"{f.name}: {f.value}", width, indent="  ", hanging="      ")
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
