"""Platform-neutral replies: handlers return these, each adapter renders them.

A reply is a list of cards (a Discord embed, a run of Slack blocks, a framed block of terminal
text). Every block can render itself as plain text, so a platform that cannot show a part still
shows its meaning, and Slack's required `text` fallback comes for free.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from bot.clock import to_datetime


class ButtonStyle(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    SUCCESS = "success"
    DANGER = "danger"


@dataclass(frozen=True, slots=True)
class Button:
    """A clickable button. `action_id` crosses process boundaries, so it is versioned
    (e.g. `poll:v1:42:3`) and routed by the registry's action handlers. Platforms cap a
    label's length differently, so each adapter cuts `label` to its own limit, with an
    ellipsis (`clip`)."""

    action_id: str
    label: str
    style: ButtonStyle = ButtonStyle.SECONDARY

    def __post_init__(self) -> None:
        if len(self.action_id) > 100:
            raise ValueError(f"action id longer than 100 characters: {self.action_id!r}")


@dataclass(frozen=True, slots=True)
class When:
    """A moment a reply names (a poll's deadline), which a platform that can shows in each
    reader's own time zone; everywhere else it reads as UTC, as `fallback` writes it."""

    instant: float

    def fallback(self) -> str:
        return f"{to_datetime(self.instant):%Y-%m-%d %H:%M} UTC"


@dataclass(frozen=True, slots=True)
class Pasted:
    """A command a reply offers to type or paste (`/close poll:4`), marked as one piece
    (`command_lines.command_line` builds every one): the console never wraps inside it,
    and Slack and Discord show it as inline code, whose copy is the command alone. Guessed
    from the text instead, a command ended at the first ". ", which a question inside it
    ("Who wins. Really?") may hold."""

    line: str

    def fallback(self) -> str:
        return self.line


class Marked(str):
    """Text with marked parts: the moments it names (`When`) and the commands it offers
    to paste (`Pasted`). A `str` equal to its plain form, so every path that takes text
    (fallbacks, length limits, plain notifications) reads it exactly as before, and it
    also keeps its `parts`, which an adapter renders with its platform's time and code
    markup (`render`). Only the core builds one: user text is never `Marked`, so it can
    never carry a moment or a command, whatever markup it contains; and any edit of a
    `Marked` (`+`, slicing, `safe`, an f-string) gives a plain `str`, shown in UTC, its
    commands as plain words, never a broken token."""

    parts: tuple[str | When | Pasted, ...]

    def __new__(cls, *parts: str | When | Pasted) -> Marked:
        """Text of `parts` in order; a `Marked` part lends its own parts, marks kept."""
        flat = tuple(
            inner
            for part in parts
            for inner in (part.parts if isinstance(part, Marked) else (part,))
        )
        words = "".join(p if isinstance(p, str) else p.fallback() for p in flat)
        text = super().__new__(cls, words)
        text.parts = flat
        return text

    def join(self, texts: Iterable[str]) -> Marked:
        """`str.join`, keeping the marks of `texts` and of this separator: `Marked(" or ")
        .join(lines)` lists commands that stay commands."""
        parts: list[str] = []
        for text in texts:
            parts += [self, text] if parts else [text]
        return Marked(*parts)

    def render(
        self,
        words: Callable[[str], str],
        moment: Callable[[When], str],
        command: Callable[[Pasted], str],
    ) -> str:
        """The text for a platform: its words as `words` escapes them, each moment as
        `moment` writes it (its time markup), each command as `command` shows it."""
        return "".join(
            words(p) if isinstance(p, str) else moment(p) if isinstance(p, When) else command(p)
            for p in self.parts
        )


def command_line(command: str, /, *words: str, **options: object) -> Marked:
    """`/vote poll:3 option:2`: a command for people to type, `words` as written, then each
    of `options` named, marked as one piece (`Pasted`) that every renderer keeps whole. The
    one builder of the commands replies offer: compose it into a sentence with `Marked(…)`,
    since an f-string keeps its text and drops the mark.

    A poll's commands name each option, the one form every platform takes as written.
    Discord fills a field per option: a bare `/results 3` copied there lands in no field
    (its `poll` is optional) and shows the channel's latest poll, and `/vote 3 2` lands
    whole in the poll's number field, which refuses it; the console's and Slack's grammar
    reads `name:value` too."""
    named = (f"{name}:{value}" for name, value in options.items())
    return Marked(Pasted(" ".join([f"/{command}", *words, *named])))


@dataclass(frozen=True, slots=True)
class Text:
    """A paragraph of plain text (no markup: adapters escape it for their platform).

    `spoken` says the same in words where `text` draws something (a tally's bars of "█"
    and "░"): the reply's plain form (`fallback`) holds it, so Slack's top-level text,
    which screen readers read instead of the blocks and phones show in a notification,
    no longer spelt out sixteen block characters an option."""

    text: str
    spoken: str = ""

    def fallback(self) -> str:
        return self.spoken or self.text


@dataclass(frozen=True, slots=True)
class Quote:
    """A verbatim quote with who said it."""

    text: str
    attribution: str = ""

    def fallback(self) -> str:
        suffix = f" — {self.attribution}" if self.attribution else ""
        return f"“{self.text}”{suffix}"


@dataclass(frozen=True, slots=True)
class Note:
    """Small print that belongs to the block before it: the source's own sentence behind a
    claim, what a name means. Shown smaller than the body, in place (Slack: a context block;
    Discord: subtext; console: an indented line), so it stays next to what it annotates."""

    label: str
    text: str

    def fallback(self) -> str:
        return f"{self.label}: {self.text}"


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str
    inline: bool = True


@dataclass(frozen=True, slots=True)
class Fields:
    """Label/value pairs (Discord embed fields, Slack section fields)."""

    fields: tuple[Field, ...]

    def fallback(self) -> str:
        return "\n".join(f"{f.name}: {f.value}" for f in self.fields)


@dataclass(frozen=True, slots=True)
class Buttons:
    """One row of buttons; platforms allow five a row, so longer rows are split by adapters."""

    buttons: tuple[Button, ...]

    def fallback(self) -> str:
        return "  ".join(f"[{b.label}]" for b in self.buttons)


@dataclass(frozen=True, slots=True)
class Image:
    """A picture (PNG bytes) with the text it stands for: `alt_text` says what it shows,
    for whoever cannot see it; `title` names it where a platform shows a name above it
    (a Slack file's title), so the whole description is not written out there too."""

    data: bytes = field(repr=False)
    filename: str
    alt_text: str
    title: str = ""

    def fallback(self) -> str:
        """Its name, where it has one: the reply's plain form says in words what a chart
        draws already (the tally), and read out twice there it was the same list again."""
        return self.title or self.alt_text


Block = Text | Quote | Note | Fields | Buttons | Image


@dataclass(frozen=True, slots=True)
class Card:
    """A titled, optionally coloured group of blocks with a footer (the source citation)."""

    title: str = ""
    blocks: tuple[Block, ...] = ()
    colour: int | None = None
    footer: str = ""

    def fallback(self) -> str:
        parts = [self.title] if self.title else []
        parts += [b.fallback() for b in self.blocks if b.fallback()]
        if self.footer:
            parts.append(self.footer)
        return "\n".join(parts)


@dataclass(frozen=True, slots=True)
class Reply:
    """What a command or button returns.

    `poll_id` marks a message that shows a poll's live tally, so the adapter remembers where
    it posted it and can edit it when the poll changes. `changed_poll` marks the answer to
    an action that changed a poll shown in this conversation (a vote, a close, or one read
    back as done after a failure), so an adapter that can tell it may no longer update that
    poll here says so to whoever acted, unless `poll_unshown`: the answer says so already
    (the poll's edits were refused); and an adapter that loses the answer says the action
    was done, where "try again" would repeat it (a vote clicked again is taken back).
    `changed` marks the answer to any other action that changed something (a daily schedule
    set or stopped, a takeaway posted), lost so too (`done`).
    """

    cards: tuple[Card, ...] = ()
    text: str = ""
    ephemeral: bool = False
    poll_id: int | None = None
    changed_poll: int | None = None
    poll_unshown: bool = False
    changed: bool = False

    def changing(self, poll_id: int) -> Reply:
        """This reply, as the answer to an action that changed poll `poll_id`."""
        return replace(self, changed_poll=poll_id)

    @property
    def done(self) -> bool:
        """Whether this answers an action already carried out (`changed`, `changed_poll`):
        if the answer is lost, its user must hear that it was done, not "try again"."""
        return self.changed or self.changed_poll is not None

    def fallback(self) -> str:
        parts = [self.text] if self.text else []
        parts += [c.fallback() for c in self.cards]
        return "\n\n".join(p for p in parts if p)

    def buttons(self) -> tuple[Button, ...]:
        """Every button in the reply, in display order."""
        return tuple(
            button
            for card in self.cards
            for block in card.blocks
            if isinstance(block, Buttons)
            for button in block.buttons
        )

    def images(self) -> tuple[Image, ...]:
        return tuple(
            block for card in self.cards for block in card.blocks if isinstance(block, Image)
        )


def notice(
    message: str,
    *,
    ephemeral: bool = True,
    changed: bool = False,
    changed_poll: int | None = None,
) -> Reply:
    """A short text-only reply, ephemeral by default (errors, confirmations); `changed`
    when it confirms a change (`Reply.changed`). A vote's confirmation names the poll it
    changed here (`Reply.changed_poll`), not through `Reply.changing`, whose copy every
    vote paid for."""
    return Reply(text=message, ephemeral=ephemeral, changed=changed, changed_poll=changed_poll)


def join_list(items: Sequence[str]) -> str:
    """Items as a sentence lists them: "A", "A and B", "A, B and C"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
