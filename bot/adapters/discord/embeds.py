"""Neutral replies rendered as Discord messages: embeds, attachments and button rows.

A reply can be longer than one Discord message allows, so it is split into as many messages
as needed, each within Discord's limits (content 2,000; per embed a 256 title, 4,096
description, 25 fields, 2,048 footer; 6,000 characters and 10 embeds per message; five
buttons a row, five rows). Text is plain in the core, so everything user-visible is escaped
for markdown (but web addresses, and the code spans the core quotes names in, see `clean`)
and neutralised against mentions, and every message carries `AllowedMentions.none()` as a
second line of defence.

The moments a `Marked` text names (a poll's deadline) are Discord's `<t:N:f>` (`with_times`),
shown in each reader's time zone: in content and descriptions, since a footer shows it as
typed; the same markup in user text is made inert (`clean`).
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import discord
from discord.utils import escape_markdown

from bot.adapters.discord.buttons import ActionButton
from bot.core.chunks import keeping_graphemes, keeping_whole, split_at_breaks
from bot.core.name_lists import NameList
from bot.core.replies import (
    Button,
    Buttons,
    Card,
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
from bot.core.sanitize import ZERO_WIDTH_SPACE, clip, neutralize_mentions

CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELDS_PER_EMBED = 25
FOOTER_LIMIT = 2048
MESSAGE_EMBED_CHARS = 6000
EMBEDS_PER_MESSAGE = 10
BUTTONS_PER_ROW = 5
ROWS_PER_MESSAGE = 5
#: An attachment's description, which Discord's clients give screen readers as its alt text.
ALT_TEXT_LIMIT = 1024

#: Discord rejects empty field names and values; a zero-width space renders as nothing.
BLANK = "\u200b"
#: A web address as Discord links it in text (`_VERBATIM` keeps it whole there).
_WEB_ADDRESS = re.compile(r"https?://\S")
#: The `<` of Discord's timestamp markup (`<t:1767225600:f>`), which Discord shows as a
#: time; in user text a zero-width space after it keeps it text (`neutralize_mentions`' way).
_TIME_MARKUP = re.compile(r"<(?=t:-?\d)")
#: A `[` and the backslashes before it: live (read as markup) when they are even in number.
_BRACKET = re.compile(r"(?<!\\)(\\*)\[")
#: What a masked link's text ends with, and its address starts with: `[text](url)`.
_LINK_MIDDLE = "]("
#: What Discord shows as it is, so nothing in it is escaped: a web address, bare or in
#: `<…>`, as Discord's autolink rule reads it (no trailing punctuation, `)` or `]`); and a
#: code span on one line, the way the core's messages quote option names (`colour`),
#: shown as code as Slack shows it. (A backslash inside a code span shows as typed, so
#: escaping one showed "\`colour\`".) Other backticks are escaped: they open nothing.
#: What a cut must keep whole: a code span (`inline_code`, or one the text quotes, as
#: `_VERBATIM` reads it; a backtick escaped is none), two commands side by side two spans,
#: and a timestamp (`discord_time`). A backtick after escaped backslashes (`\\`, one the
#: user typed) is no escaped one: it opens a span, which a cut split.
_WHOLE = re.compile(r"(?<!\\)(?:\\\\)*`[^`\n]+`|<t:-?\d+(?::[A-Za-z])?>")
#: In what people type, as in a message Discord reads, a backtick after an odd run of
#: backslashes is escaped and opens no span: "\`x\`" showed a backslash and the code "x\".
#: The backslashes before a span are text (`code` starts the span itself).
_VERBATIM = re.compile(
    r"<[^: >]+:/[^ >]+>|https?://[^\s<]+[^<.,:;\"')\]\s]"
    r"|(?<!\\)(?:\\\\)*(?P<code>(?<!`)`[^`\n]+`(?!`))"
)


def no_mentions() -> discord.AllowedMentions:
    """Nothing a reply says may ping anyone: not @everyone, users, roles or replied-to users."""
    return discord.AllowedMentions.none()


@dataclass
class DiscordMessage:
    """One Discord message of a rendered reply, ready to send or to replace another."""

    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    rows: list[list[Button]] = field(default_factory=list)

    def files(self) -> list[discord.File]:
        """Fresh attachments: discord.py consumes a File when it sends it. Each carries its
        image's alt text as its description, the only alt text Discord has for a picture:
        without it a screen reader announced a chart as its file name, "poll-3.png"."""
        return [
            discord.File(
                io.BytesIO(image.data),
                filename=image.filename,
                description=clip(neutralize_mentions(image.alt_text), ALT_TEXT_LIMIT) or None,
            )
            for image in self.images
        ]

    def view(self) -> discord.ui.View:
        """The button rows as one dynamic item per button, so no view is kept per message."""
        view = discord.ui.View(timeout=None)
        for number, row in enumerate(self.rows):
            for button in row:
                view.add_item(ActionButton.of(button, row=number))
        return view

    def send_kwargs(self) -> dict[str, Any]:
        """Arguments for a new message (`send_message`, `followup.send`, `channel.send`)."""
        kwargs: dict[str, Any] = {
            "content": self.content,
            "embeds": self.embeds,
            "files": self.files(),
            "allowed_mentions": no_mentions(),
        }
        if self.rows:
            kwargs["view"] = self.view()
        return kwargs

    def edit_kwargs(self) -> dict[str, Any]:
        """Arguments that replace a whole message: what it had and no longer has is removed."""
        return {
            "content": self.content,
            "embeds": self.embeds,
            "attachments": self.files(),
            "view": self.view() if self.rows else None,
            "allowed_mentions": no_mentions(),
        }


def clean(text: str) -> str:
    """User-visible plain text made safe for Discord: no mentions, no accidental markdown.

    Every `[` that could open a masked link is escaped as well, one before a `](`:
    `escape_markdown` escapes only the first `[` of a line's greedy `[…](…)` match, so in
    "[a] or [results](https://…)" the second was still a masked link, a user's URL shown
    under words of their choosing in the bot's own message. Any other `[` is no markup on
    Discord (a masked link is the one rule that starts with one, and needs its `](`), and
    is left as it is: escaped, usage lines showed "\\[time:HH:MM]" where the backslash
    shows (notifications, and clients that show a message's text as sent).

    Web addresses and code spans are left as they are (`_VERBATIM`): Discord links an
    address before it reads any markup in it, so a `[` in one is part of the link, and a
    backslash put before it became part of the link too, which then led elsewhere; and a
    code span shows everything in it as typed, backslashes too. Timestamp markup is made
    inert as mentions are: a question saying "closes <t:…>" showed a time it made up,
    next to the poll's own."""
    text = _TIME_MARKUP.sub("<" + ZERO_WIDTH_SPACE, neutralize_mentions(text))
    # The last `](` of the whole text, an address's or a code span's too: a `[` before it,
    # in any piece, may open a link that ends there.
    link_end = max(text.rfind(_LINK_MIDDLE), 0)
    parts: list[str] = []
    done = 0
    for verbatim in _VERBATIM.finditer(text):
        start = verbatim.start("code") if verbatim.group("code") else verbatim.start()
        piece = text[done:start]
        openers = text.count("[", done, min(start, link_end))
        parts += [_escaped(piece, mid_line=done > 0, openers=openers), text[start : verbatim.end()]]
        done = verbatim.end()
    openers = text.count("[", done, link_end)
    return "".join([*parts, _escaped(text[done:], mid_line=done > 0, openers=openers)])


def _escaped(text: str, *, mid_line: bool, openers: int) -> str:
    """Text with every markdown character escaped, and its first `openers` `[`s, those
    that could open a masked link (`clean`).

    `escape_markdown` is given the text between `[`s, never a `[`: its masked-link rule
    (`\\[.+\\]\\(.+\\)`) backtracks in the cube of a line's length, and a field of voters
    named `[](…` held the event loop for tens of milliseconds, every option's field as
    long again; and where that rule matched it escaped the `[` alone, so the `**bold**` or
    `||spoiler||` inside showed as markup. `clean` escapes those `[`s itself (`openers`)."""
    pieces = text.split("[")
    escaped = "[".join(
        _escaped_piece(piece, mid_line=mid_line or number > 0)
        for number, piece in enumerate(pieces)
    )
    seen = itertools.count()

    def bracket(found: re.Match[str]) -> str:
        live = len(found.group(1)) % 2 == 0  # escaped backslashes before it, if any
        return found.group(1) + "\\[" if next(seen) < openers and live else found.group()

    return _BRACKET.sub(bracket, escaped)


def _escaped_piece(text: str, *, mid_line: bool) -> str:
    """`escape_markdown` of `text`. It takes the start of what it is given for the start
    of a line, where it escapes a list's `-` with the spaces before it (" -" as "\\ -", a
    backslash people see), so text that goes on a line after a web address, a code span or
    a `[` (`mid_line`) is escaped behind a letter, which is then dropped."""
    lead = "x" if mid_line else ""
    return escape_markdown(lead + text)[len(lead) :]


def discord_time(moment: When) -> str:
    """A moment as Discord's timestamp markup: date and time in each reader's time zone."""
    return f"<t:{int(moment.instant)}:f>"


def inline_code(command: Pasted) -> str:
    """A command to paste as inline code, as the option names beside it show: its extent
    unmistakable, nothing in it escaped (a backslash shows in code), and copied without
    the backticks. A command holding a backtick, which would end the code, is shown as
    plain text (`clean`)."""
    if "`" in command.line:
        return clean(command.line)
    return f"`{neutralize_mentions(command.line)}`"


def with_times(text: str) -> str:
    """`text` made safe (`clean`), a `Marked` text's moments as `discord_time` and its
    commands as `inline_code`. The time markup is shorter than the UTC text it replaces
    (16 characters to 20), so whatever fitted a limit in UTC fits it so, and no token has
    a break inside where a split could cut it."""
    if not isinstance(text, Marked):
        return clean(text)
    return text.render(clean, discord_time, inline_code)


def truncate(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis, never leaving a dangling escape
    nor half a grapheme (`_safe_cut`)."""
    return clip(text, limit, _safe_cut)


def split_text(text: str, limit: int) -> list[str]:
    """Chunks within `limit`, never cutting a markdown escape (`\\*`) or a grapheme in two."""
    return split_at_breaks(text, limit, _safe_cut)


def _escape_safe(text: str, cut: int) -> int:
    """`cut`, moved back one when it would separate a backslash from what it escapes (an
    odd run of backslashes before the cut; `\\\\` is a whole escaped backslash)."""
    run = len(text[:cut]) - len(text[:cut].rstrip("\\"))
    return cut - 1 if run % 2 else cut


#: Where Discord text is cut: never inside an escape, a command's code span or a
#: timestamp, nor inside what people see as one character, as suggestions are cut
#: (`choice_name`) and Slack's text is.
_safe_cut = keeping_graphemes(keeping_whole(_WHOLE, _escape_safe))


def split_reply(reply: Reply) -> list[DiscordMessage]:
    """The reply as one or more Discord messages, in order, each within every limit."""
    texts: list[str | None] = [None]
    if reply.text:
        texts = list(split_text(with_times(reply.text), CONTENT_LIMIT))
    messages = [DiscordMessage(content=text) for text in texts]
    for card in reply.cards:
        for embed, image in card_embeds(card):
            _place_embed(messages, embed, image)
    rows = [
        list(block.buttons[start : start + BUTTONS_PER_ROW])
        for card in reply.cards
        for block in card.blocks
        if isinstance(block, Buttons)
        for start in range(0, len(block.buttons), BUTTONS_PER_ROW)
    ]
    for start in range(0, len(rows), ROWS_PER_MESSAGE):
        if start:
            messages.append(DiscordMessage())
        messages[-1].rows = rows[start : start + ROWS_PER_MESSAGE]
    return messages


def _place_embed(messages: list[DiscordMessage], embed: discord.Embed, image: Image | None) -> None:
    """Append to the last message if it still fits, else start a new message."""
    last = messages[-1]
    used = sum(len(e) for e in last.embeds)
    if len(last.embeds) >= EMBEDS_PER_MESSAGE or used + len(embed) > MESSAGE_EMBED_CHARS:
        last = DiscordMessage()
        messages.append(last)
    last.embeds.append(embed)
    if image is not None:
        last.images.append(image)


def card_embeds(card: Card) -> list[tuple[discord.Embed, Image | None]]:
    """A card as embeds (more than one when it is long), each with the image it shows.

    The title opens the first embed, the footer closes the last; a long description continues
    in embeds of the same colour; the first image shows in the first embed, others after.
    """
    colour = discord.Colour(card.colour) if card.colour is not None else None
    paragraphs = [
        _paragraph(block) for block in card.blocks if isinstance(block, Text | Quote | Note)
    ]
    footer = truncate(neutralize_mentions(card.footer), FOOTER_LIMIT) if card.footer else ""
    if isinstance(card.footer, Marked) and any(isinstance(p, When) for p in card.footer.parts):
        # An embed's footer shows time markup as typed: a footer that names a moment goes
        # last in the description, as small print, where each reader sees their own time.
        paragraphs.append(_small_print(with_times(card.footer).splitlines()))
        footer = ""
    elif _WEB_ADDRESS.search(footer):
        # An embed's footer shows a web address as plain text, never as a link: a source
        # cited with its address goes last in the description, as small print, linked.
        paragraphs.append(_subtext(" ".join(card.footer.split())))
        footer = ""
    fields = [f for block in card.blocks if isinstance(block, Fields) for f in block.fields]
    images = [block for block in card.blocks if isinstance(block, Image)]

    embeds = [
        discord.Embed(colour=colour, description=chunk or None)
        for chunk in _descriptions([p for p in paragraphs if p])
    ]
    if card.title:
        embeds[0].title = truncate(clean(card.title.replace("\n", " ")), TITLE_LIMIT)
    for item in fields:
        name = truncate(clean(item.name), FIELD_NAME_LIMIT) or BLANK
        value = _field_value(item.value) or BLANK
        current = embeds[-1]
        room = MESSAGE_EMBED_CHARS - len(current)
        if len(current.fields) >= FIELDS_PER_EMBED or len(name) + len(value) > room:
            current = discord.Embed(colour=colour)
            embeds.append(current)
        current.add_field(name=name, value=value, inline=item.inline)
    if footer:
        if len(embeds[-1]) + len(footer) > MESSAGE_EMBED_CHARS:
            embeds.append(discord.Embed(colour=colour))
        embeds[-1].set_footer(text=footer)

    attached: list[tuple[discord.Embed, Image | None]] = [(embed, None) for embed in embeds]
    for number, image in enumerate(images):
        if number == 0:
            attached[0] = (embeds[0], image)
            embeds[0].set_image(url=f"attachment://{image.filename}")
        else:
            extra = discord.Embed(colour=colour).set_image(url=f"attachment://{image.filename}")
            attached.append((extra, image))
    return attached


def _field_value(value: str) -> str:
    """A field's value within Discord's limit: a list of names fitted escaped, saying how
    many it leaves out (`NameList`), other text cut."""
    if isinstance(value, NameList):
        return value.fitted(FIELD_VALUE_LIMIT, clean)
    return truncate(with_times(value), FIELD_VALUE_LIMIT)


def _descriptions(paragraphs: list[str]) -> list[str]:
    """Paragraphs as embed descriptions, each as many whole paragraphs as fit: a long card
    cut at the last line break that fit left a quote's attribution (its own line) or a
    claim's evidence at the top of the next embed. Only a paragraph longer than a whole
    description is cut (`split_text`)."""
    descriptions: list[str] = []
    for paragraph in paragraphs:
        if descriptions and len(descriptions[-1]) + 2 + len(paragraph) <= DESCRIPTION_LIMIT:
            descriptions[-1] += "\n\n" + paragraph
        else:
            descriptions += split_text(paragraph, DESCRIPTION_LIMIT)
    return descriptions or [""]


def _paragraph(block: Text | Quote | Note) -> str:
    if isinstance(block, Text):  # /help's examples, /topics' "Try: …": commands as code
        return with_times(block.text)
    if isinstance(block, Note):  # kept in place, as small print
        return _subtext(f"{block.label}: {block.text}")
    lines = [f"> {clean(line)}" if line.strip() else ">" for line in block.text.splitlines()]
    if block.attribution:
        lines.append(f"> — {clean(block.attribution)}")
    return "\n".join(lines)


def _subtext(text: str) -> str:
    """`text` as Discord's subtext, each line made safe (`clean`)."""
    return _small_print(clean(line) for line in text.splitlines())


def _small_print(lines: Iterable[str]) -> str:
    """Lines already made safe as Discord's subtext: small grey lines, one `-# ` each."""
    return "\n".join(f"-# {line}" for line in lines if line.strip())
