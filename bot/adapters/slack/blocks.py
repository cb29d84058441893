"""Neutral replies rendered as Slack Block Kit, inside Slack's limits.

Slack refuses a whole message (`invalid_blocks`, `msg_too_long`, `msg_blocks_too_long`) when
one part breaks a limit, so every limit is enforced here rather than hoped for: 50 blocks a
message (100 on the Home tab), 3,000 characters a section, 10 fields of 2,000 characters a
section, 150 for a header, 75 for a button label, 25 elements an actions block, and about
12,000 characters of text in all, a limit Slack does not document (`MAX_MESSAGE_TEXT`).

All text shown comes from the core as plain text: it passes through `safe_text` (mentions made
inert, `&`, `<`, `>` escaped as Slack's mrkdwn requires, and `*`, `_`, `~` kept from pairing
into bold, italics or strikethrough) or `safe_plain` for `plain_text` objects, which Slack
shows verbatim. Backticks stay: the core's messages quote option names and commands in them,
and a code span only shows its text literally.

The moments a `Marked` text names (a poll's deadline) are Slack's date tokens in mrkdwn
(`with_dates`), so each reader sees their own time zone; never in `plain_text`, and the
top-level `text`, which a notification shows as typed, keeps the UTC text.

Images: Slack will not show a bot's private upload in an image block (`invalid_blocks:
invalid slack file`), so a picture travels as a file shared with the message (see
`files.py`, with its alt text); here it is left out when attached, or named by a line when
it cannot be attached (ephemeral replies), under the tally its description would repeat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.core.chunks import keeping_graphemes, keeping_whole, split_at_breaks
from bot.core.name_lists import NameList
from bot.core.replies import (
    Block,
    Buttons,
    ButtonStyle,
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
from bot.core.sanitize import MARKUP_LOOK_ALIKES, clip, markup_meant, neutralize_mentions

SlackBlock = dict[str, Any]

MAX_MESSAGE_BLOCKS = 50
MAX_HOME_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER = 150
MAX_BUTTON_TEXT = 75
MAX_ACTIONS = 25
#: The top-level `text` (notification and screen-reader fallback); Slack advises ≤ 4,000.
MAX_FALLBACK = 4000
#: The text of a message's blocks, all told. Slack refuses more (`msg_blocks_too_long`)
#: at about 12,000 characters, a limit it does not document or explain (bolt-js issues
#: #2509, #2867: one message refused with 11,341 characters of text), so a message keeps
#: well inside it: /results of ten options with long voter lists reached 14,000 and more.
MAX_MESSAGE_TEXT = 10_000
#: The least a field is cut to when a message's fields share out what the limit leaves
#: them (`field_share`); below it, parts are cut from the message's end instead.
MIN_FIELD_SHARE = 200
#: What `fit`'s line saying how many parts were cut takes of a message's text, at most.
NOTICE_ROOM = 60

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
#: Slack has no escape for its emphasis marks, and a zero-width space beside one counts as a
#: word boundary (the way to bold part of a word), so it would not help. A mark that could
#: open or close emphasis, one without a letter or digit on both sides ("~$5k or ~$7k",
#: "5*", "_x_"), is shown as a look-alike Slack never pairs (`MARKUP_LOOK_ALIKES`, which
#: /vote reads as the mark itself); "hide_results" stays as typed. A web address is matched
#: first and kept whole: Slack turns it into a link before it looks for emphasis, and a
#: look-alike inside ("watch?v=ab_-cd", "Foo_(bar)", a pack's source url) broke the link.
_EMPHASIS = re.compile(r"(?P<url>(?i:https?://)[^\W_]\S*)|(?<![^\W_])[*_~]|[*_~](?![^\W_])")
#: Slack's three escapes, undone in one pass: `&amp;lt;` (a user typing `&lt;`) is `&lt;`.
_ESCAPED = re.compile("&(amp|lt|gt);")
_UNESCAPES = {"amp": "&", "lt": "<", "gt": ">"}
_STYLES = {
    ButtonStyle.PRIMARY: "primary",
    ButtonStyle.SUCCESS: "primary",
    ButtonStyle.DANGER: "danger",
}


def safe_text(text: str) -> str:
    """User-visible text for a mrkdwn field: no pings, `&<>` escaped as Slack requires, and
    no emphasis the text did not mean (a label "5*" inside the adapter's own `*bold*`), and
    web addresses as typed, so their links still lead where they did."""
    escaped = neutralize_mentions(text).translate(_ESCAPES)
    return _EMPHASIS.sub(_look_alike, escaped)


def _look_alike(mark: re.Match[str]) -> str:
    """A web address as it is; an emphasis mark as its look-alike."""
    return mark.group() if mark.group("url") else MARKUP_LOOK_ALIKES[mark.group()]


def unescape(text: str) -> str:
    """Text as the user typed it: Slack sends `&`, `<`, `>` in message and slash-command
    text as `&amp;`, `&lt;`, `&gt;`. Undone once on input (here), escaped once on output
    (`safe_text`), so no one ever sees `&amp;`. The look-alikes `safe_text` shows for
    emphasis marks are read as the marks too: a command the bot suggested, copied from its
    message, then makes the poll it showed, not one with look-alikes in its question."""
    return markup_meant(_ESCAPED.sub(lambda match: _UNESCAPES[match.group(1)], text))


def safe_plain(text: str) -> str:
    """Text for a `plain_text` object (shown verbatim by Slack): only pings are neutralised."""
    return neutralize_mentions(text)


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """What `chat.postMessage`, `chat.update` and `response_url` take: text plus blocks."""

    text: str
    blocks: list[SlackBlock]

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


def render_message(reply: Reply, *, images_attached: bool = False) -> SlackMessage:
    """A reply as one message: at most 50 blocks and `MAX_MESSAGE_TEXT` characters of text,
    with the plain-text fallback as `text`.

    Too long, its fields (a results card's voter lists) are cut first, each to an equal
    share of what is left (`field_share`), so every option keeps its tally and its first
    voters; then parts are cut from the end. The footer that closes the reply (an answer's
    source citation, a poll's status) is kept when parts of a long reply are cut: cut with
    them, a long debate in a large pack named no source."""
    blocks = reply_blocks(reply, images_attached=images_attached)
    excess = text_length(blocks) - MAX_MESSAGE_TEXT
    if excess > 0 and (lengths := field_lengths(reply)):
        limit = field_share(lengths, excess)
        blocks = reply_blocks(reply, images_attached=images_attached, field_limit=limit)
    if reply.cards and reply.cards[-1].footer:
        footer = blocks[-1]
        budget = MAX_MESSAGE_TEXT - text_length([footer])
        blocks = [*fit(blocks[:-1], MAX_MESSAGE_BLOCKS - 1, budget), footer]
    return SlackMessage(
        text=fallback_text(reply), blocks=fit(blocks, MAX_MESSAGE_BLOCKS, MAX_MESSAGE_TEXT)
    )


def text_length(blocks: list[SlackBlock]) -> int:
    """The characters of text in `blocks`, as Slack adds them up for its message limit:
    every text object (headers, sections and their fields, context lines, button labels)."""
    total = 0
    for block in blocks:
        total += len((block.get("text") or {}).get("text", ""))
        for part in (*block.get("fields", ()), *block.get("elements", ())):
            text = part.get("text")
            total += len(text.get("text", "") if isinstance(text, dict) else text or "")
    return total


def field_lengths(reply: Reply) -> list[int]:
    """How long each field of the reply is in its blocks: rendered (`field_text`) and cut
    to Slack's `MAX_FIELD_TEXT` as `_fields` cuts it, as the blocks whose excess is shared
    out hold it. Uncut, a list whose escapes (`&lt;`) took it past that limit counted as
    saving what it had already lost, the share came out too large, and whole voter lists
    were dropped."""
    return [
        len(clip(field_text(field), MAX_FIELD_TEXT, _safe_cut))
        for card in reply.cards
        for block in card.blocks
        if isinstance(block, Fields)
        for field in block.fields
    ]


def field_share(lengths: list[int], excess: int) -> int:
    """The longest every field may be for cutting the fields to it to save `excess`
    characters: the longest fields are cut first, to one length, as far as
    `MIN_FIELD_SHARE`. Never more than `MAX_FIELD_TEXT`."""
    low, high = MIN_FIELD_SHARE, MAX_FIELD_TEXT  # `lengths` are cut to it already
    if sum(max(0, length - low) for length in lengths) < excess:
        return low  # cutting every field that far is not enough: `fit` cuts parts too
    while low < high:  # the largest limit that still saves `excess`
        middle = (low + high + 1) // 2
        if sum(max(0, length - middle) for length in lengths) >= excess:
            low = middle
        else:
            high = middle - 1
    return low


def fallback_text(reply: Reply) -> str:
    """The reply's plain-text form, made safe and short enough for the top-level `text`."""
    return clip(safe_text(reply.fallback()), MAX_FALLBACK, _safe_cut) or " "


def reply_blocks(
    reply: Reply, *, images_attached: bool = False, field_limit: int = MAX_FIELD_TEXT
) -> list[SlackBlock]:
    """Every block of the reply, cards separated by dividers (not yet fitted to a limit)."""
    blocks: list[SlackBlock] = []
    if reply.text:
        blocks += text_sections(reply.text)
    for index, card in enumerate(reply.cards):
        if index or reply.text:
            blocks.append({"type": "divider"})
        blocks += card_blocks(card, images_attached=images_attached, field_limit=field_limit)
    return blocks


def card_blocks(
    card: Card, *, images_attached: bool = False, field_limit: int = MAX_FIELD_TEXT
) -> list[SlackBlock]:
    """A card: header, its blocks in order, then the footer as a context line."""
    blocks: list[SlackBlock] = []
    if card.title.strip():
        blocks.append(header(card.title))
    for block in card.blocks:
        blocks += _block(block, images_attached, field_limit)
    if card.footer:
        blocks.append(context(card.footer))
    return blocks


def header(title: str) -> SlackBlock:
    text = clip(safe_plain(" ".join(title.split())), MAX_HEADER)
    return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": True}}


def context(text: str) -> SlackBlock:
    """A small grey line (footers, source citations)."""
    shown = with_dates(text, MAX_SECTION_TEXT) or clip(safe_text(text), MAX_SECTION_TEXT, _safe_cut)
    return {"type": "context", "elements": [_mrkdwn(shown)]}


def text_sections(text: str) -> list[SlackBlock]:
    """A paragraph as sections of at most 3,000 characters each (split at line or word ends)."""
    shown = with_dates(text, MAX_SECTION_TEXT)
    if shown:
        return [_section(shown)]
    return [_section(chunk) for chunk in split_escaped(safe_text(text), MAX_SECTION_TEXT)]


def date_token(moment: When) -> str:
    """A moment as Slack's date markup: each reader sees it in their own time zone, and a
    client that cannot show it shows the UTC text after the `|`."""
    return f"<!date^{int(moment.instant)}^{{date_short_pretty}} at {{time}}|{moment.fallback()}>"


def inline_code(command: Pasted) -> str:
    """A command to paste as inline code, as the option names beside it show: its extent
    unmistakable, its `*`, `_` and `~` as typed where plain text shows look-alikes, and
    copied without the backticks. A backtick in it (a question's), which would end the
    code, as Slack has no escape for it, is its look-alike (`MARKUP_LOOK_ALIKES`), which
    `unescape` reads back as a backtick when the command is pasted. Shown as plain text
    instead, it paired with the backtick of the next command's code."""
    line = neutralize_mentions(command.line).translate(_ESCAPES)
    return f"`{line.replace('`', MARKUP_LOOK_ALIKES['`'])}`"


def with_dates(text: str, limit: int) -> str | None:
    """mrkdwn for a `Marked` text, its moments as `date_token`s and its commands as
    `inline_code`, if the whole of it fits in `limit` (a token is never cut: cut, it would
    show as markup); else None, and the text is shown as any other, in UTC."""
    if not isinstance(text, Marked):
        return None
    shown = text.render(safe_text, date_token, inline_code)
    return shown if len(shown) <= limit else None


def button(label: str, action_id: str, style: ButtonStyle = ButtonStyle.SECONDARY) -> SlackBlock:
    element: SlackBlock = {
        "type": "button",
        "action_id": action_id,
        "text": {
            "type": "plain_text",
            "text": clip(safe_plain(label), MAX_BUTTON_TEXT),
            "emoji": True,
        },
    }
    if style in _STYLES:
        element["style"] = _STYLES[style]
    return element


def _block(block: Block, images_attached: bool, field_limit: int) -> list[SlackBlock]:
    if isinstance(block, Text):
        return text_sections(block.text)
    if isinstance(block, Quote):
        return [_quote(block)]
    if isinstance(block, Note):
        return [_note(block)]
    if isinstance(block, Fields):
        return _fields(block, field_limit)
    if isinstance(block, Buttons):
        return _actions(block)
    if isinstance(block, Image):
        return [] if images_attached else [context(f"Chart: {block.fallback()}")]
    raise TypeError(f"unknown block {block!r}")


def _quote(quote: Quote) -> SlackBlock:
    lines = [f"> {line}" for line in safe_text(quote.text).splitlines()]
    if quote.attribution:
        lines.append(f"> — _{safe_text(quote.attribution)}_")
    return _section(clip("\n".join(lines), MAX_SECTION_TEXT, _safe_cut))


def _note(note: Note) -> SlackBlock:
    """Small grey print under what it annotates, its label in bold."""
    text = f"*{safe_text(note.label)}:* {safe_text(note.text)}"
    return {"type": "context", "elements": [_mrkdwn(clip(text, MAX_SECTION_TEXT, _safe_cut))]}


def field_text(field: Field, limit: int = MAX_FIELD_TEXT) -> str:
    """A field as mrkdwn: its name in bold over its value, whose commands (/daily status's
    "Resume: … run /daily on") are code and moments date tokens (`with_dates`), as in text.
    A list of names is fitted to `limit` escaped, saying how many it leaves out (`NameList`);
    other values are cut by the caller."""
    name = f"*{safe_text(field.name)}*\n"
    if isinstance(field.value, NameList):
        return name + field.value.fitted(limit - len(name), safe_text)
    value = with_dates(field.value, MAX_FIELD_TEXT) or safe_text(field.value)
    return name + value


def _fields(block: Fields, limit: int) -> list[SlackBlock]:
    """Inline fields side by side (10 a section); a full-width field gets its own section.
    Each is cut to `limit` characters (at most Slack's 2,000 a field)."""
    sections: list[SlackBlock] = []
    row: list[SlackBlock] = []
    for field in block.fields:
        text = clip(field_text(field, limit), limit, _safe_cut)
        if not field.inline:
            if row:
                sections.append({"type": "section", "fields": row})
                row = []
            sections.append(_section(text))
            continue
        row.append(_mrkdwn(text))
        if len(row) == MAX_FIELDS:
            sections.append({"type": "section", "fields": row})
            row = []
    if row:
        sections.append({"type": "section", "fields": row})
    return sections


def _actions(block: Buttons) -> list[SlackBlock]:
    elements = [button(b.label, b.action_id, b.style) for b in block.buttons]
    return [
        {"type": "actions", "elements": elements[start : start + MAX_ACTIONS]}
        for start in range(0, len(elements), MAX_ACTIONS)
    ]


def fit(blocks: list[SlackBlock], limit: int, budget: int | None = None) -> list[SlackBlock]:
    """At most `limit` blocks, and (given a `budget`) at most that many characters of text:
    buttons are never dropped; text is cut from the end, and a context line says that the
    rest is missing."""
    length = text_length(blocks) if budget is not None else 0
    if len(blocks) <= limit and (budget is None or length <= budget):
        return blocks
    actions = [b for b in blocks if b["type"] == "actions"]
    room = limit - 1 - len(actions)
    chars = None if budget is None else budget - text_length(actions) - NOTICE_ROOM
    kept: list[SlackBlock] = []
    dropped = 0
    for block in blocks:
        if block["type"] == "actions":
            kept.append(block)
            continue
        size = 0 if chars is None else text_length([block])
        if room > 0 and not dropped and (chars is None or size <= chars):
            kept.append(block)
            room -= 1
            chars = None if chars is None else chars - size
        else:
            dropped += 1
    notice = context(f"… {dropped} more parts not shown: too long for one Slack message.")
    index = max((i for i, b in enumerate(kept) if b["type"] != "actions"), default=-1) + 1
    return [*kept[:index], notice, *kept[index:]][:limit]


def split_escaped(text: str, limit: int) -> list[str]:
    """Escaped text in chunks within `limit`, never cut inside an `&amp;`-style entity or
    a grapheme (`_safe_cut`)."""
    return [chunk or " " for chunk in split_at_breaks(text, limit, _safe_cut)]


def _entity_safe(text: str, cut: int) -> int:
    """`cut`, moved back so that it does not split an entity such as `&amp;`."""
    amp = text.rfind("&", max(0, cut - 5), cut)
    if amp != -1 and text.find(";", amp, cut) == -1:
        return amp
    return cut


#: What a cut must keep whole: a code span (`inline_code`) and a token in angle brackets
#: (`date_token`, a channel link): user text has its `<` and `>` escaped (`safe_text`), so
#: every `<…>` left is one of ours.
_WHOLE = re.compile(r"`[^`\n]+`|<[^<>\n]*>")
#: Where Slack text is cut: never inside an entity or a mark (a field cut to its share of
#: a message showed half a date token or a command's open code span), nor inside what
#: people see as one character (a voter list cut to its share ended in half a flag).
_safe_cut = keeping_graphemes(keeping_whole(_WHOLE, _entity_safe))


def _section(text: str) -> SlackBlock:
    return {"type": "section", "text": _mrkdwn(text)}


def _mrkdwn(text: str) -> SlackBlock:
    return {"type": "mrkdwn", "text": text or " "}
