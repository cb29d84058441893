"""Make user-supplied text safe to show on any platform: no pings, no control characters,
bounded length.

Poll questions and options, display names and anything else a user typed is shown by the
bot itself, with the bot's rights. Discord pings `@everyone`, `@here` and `<@id>`-style
mentions; Slack pings `<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^id>`, `<@U…>` and,
with link parsing, `@channel`/`@here`/`@everyone`. A zero-width space after the `@` or `<`
keeps the text readable while breaking every one of those forms.

Control characters are removed where user text enters the core (`strip_controls`, applied by
the dispatcher): an ESC sequence in a poll question would otherwise reach an operator's
terminal through `export-votes`, and a bidirectional override can make text read differently
from what it is. Tabs and newlines stay (free text may have lines); a lone carriage return,
which rewrites a terminal line, does not. A lone surrogate (U+D800-U+DFFF), which a JSON
body may hold (`"\\ud800"` is valid JSON, and Slack's payloads and `users.info` answers are
JSON) but UTF-8 cannot encode, is shown as U+FFFD, as a decoder shows a broken sequence:
kept, SQLite and PostgreSQL refused the whole write, a poll naming such a person failed.

Invisible and look-alike text is a matter of comparison, not of display: `comparison_key`
is what two texts are compared by ("Ａ", "A" and "a\u200b" are one option, "10³" and "103"
are two), and text whose key is empty shows nothing (`is_blank`). Stored text keeps its
format characters, since a zero-width joiner inside an emoji sequence is part of what is shown.
"""

from __future__ import annotations

import re
import unicodedata

from bot.core.chunks import CutRule, cut_between_graphemes
from bot.core.markup import NO_WORDS, readable

ZERO_WIDTH_SPACE = "\u200b"

#: `<@…>`, `<@!…>`, `<@&…>`, `<#…>`, `<!…>`: the bracketed mention forms of both platforms.
_BRACKETED = re.compile(r"<(?=[@#!])")
#: C0 and C1 controls and DEL except tab and newline, and the bidirectional embeddings,
#: overrides and isolates (U+202A-U+202E, U+2066-U+2069). Zero-width characters stay: the
#: mention neutraliser adds one, and joiners build emoji.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: Surrogate code points, which only ever occur alone in a `str` (a pair is decoded into
#: the one character it encodes): no UTF-8 encoder, and so no database, takes one.
_SURROGATES = re.compile("[\ud800-\udfff]")
#: What a lone surrogate is shown as: the replacement character, as a decoder shows bytes
#: that encode no character.
REPLACEMENT_CHARACTER = "\ufffd"
#: The broadcast words that ping without brackets, as a word of their own (`drop_mentions`).
_BROADCAST_WORDS = r"(?:everyone|here|channel)\b"
#: Where the neutraliser breaks them: after any `@` they follow, word boundary or not.
#: Discord reads `@everyone` and `@here` wherever they appear ("@everyone_", "@here1",
#: "@everyoneelse" all show the broadcast mention, and ping where mentions are allowed),
#: as discord.py's own `escape_mentions` assumes; a zero-width space there costs nothing.
_BROADCAST = re.compile(r"@(?=everyone|here|channel)", re.IGNORECASE)
#: A whole mention, label included (`<@U1|ann>`, `<!subteam^S1|@team>`, `<#C1|general>`), a
#: Discord emoji, timestamp or command (`markup.NO_WORDS`), or a broadcast word starting a
#: word ("ann@here.com" mentions no one).
_MENTION = re.compile(rf"{NO_WORDS.pattern}|(?<!\w)@{_BROADCAST_WORDS}", re.IGNORECASE)
#: Unicode's default-ignorable code points that are not format characters (Cf): the Hangul
#: fillers, which render blank, and the variation selectors and grapheme joiner, which only
#: tweak the glyph before them (DerivedCoreProperties.txt, Default_Ignorable_Code_Point).
#: Symbols that are no such code point but render as blank space all the same, and are
#: pasted for that reason: the blank braille pattern and the null notehead.
_IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef"
    "\u2800\U0001d159]"
)
#: Compatibility decompositions whose character looks unlike what it decomposes to: raised,
#: lowered, stacked, enclosed or turned ("10³" is not "103", "½" not "1⁄2", "①" not "1",
#: "🄰" not "A", "︵" not "("), so NFKC would merge options that voters tell apart. The
#: other tags fold: width (`<wide>`, `<narrow>`), style (`<font>`: "𝐀" is a bold "A"),
#: contextual and small forms, no-break spaces and `<compat>` (ligatures, "Ⅳ") look the same.
_DISTINCT_FORMS = ("<super>", "<sub>", "<fraction>", "<circle>", "<square>", "<vertical>")


#: What an adapter may show instead of a markup character its platform offers no escape
#: for (Slack's emphasis marks: `bot/adapters/slack/blocks.py`), and what a refusal shows
#: for a backtick it quotes back (`echo`). They are compared as the character they stand
#: for, so a label copied from such a message still names its option.
MARKUP_LOOK_ALIKES = {"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"}  # ∗ ˍ ∼ ˋ
_STOOD_FOR = str.maketrans({shown: meant for meant, shown in MARKUP_LOOK_ALIKES.items()})


def markup_meant(text: str) -> str:
    """`text` with each markup look-alike read as the mark it stands for: people paste back
    what an adapter showed them (a suggested command), and mean the marks they saw."""
    return text.translate(_STOOD_FOR)


def neutralize_mentions(text: str) -> str:
    """`text` with every mention made inert; applying it twice changes nothing more."""
    text = _BRACKETED.sub("<" + ZERO_WIDTH_SPACE, text)
    return _BROADCAST.sub("@" + ZERO_WIDTH_SPACE, text)


def drop_mentions(text: str) -> str:
    """`text` with every mention replaced by a space: what a message says, not whom it pings
    (a question that @s the bot or the channel is about what follows). Discord's emoji,
    timestamps and command mentions go too (`markup.NO_WORDS`): "<:thinking:1> who is
    right?" asks who is right, and was refused as a question on no topic."""
    return _MENTION.sub(" ", text)


def strip_controls(text: str) -> str:
    """`text` without control characters, its lone surrogates as U+FFFD (see the module
    docstring), so it can be stored and sent as UTF-8; idempotent."""
    return _SURROGATES.sub(REPLACEMENT_CHARACTER, _CONTROLS.sub("", text))


def comparison_key(text: str) -> str:
    """What `text` looks like, for comparing: format characters (Unicode category Cf, such
    as zero-width spaces and joiners) and other invisible characters removed, look-alike
    compatibility forms folded (`_fold`: "Ａ" is "A", "³" stays) as are the look-alikes
    adapters show for markup (`MARKUP_LOOK_ALIKES`), case folded, whitespace runs made one
    space; a platform token compares as what it shows (`readable`), so "#general" typed
    names the option picked as `<#C1|general>`.

    Invisible characters go first because composition cannot cross them; folding runs again
    after casefolding, which can yield characters it folds further. Neither step ever
    yields an invisible character, so the key is idempotent (tests/test_sanitize.py)."""
    return " ".join(readable(_fold(_fold(markup_meant(visible(text))).casefold())).split())


def visible(text: str) -> str:
    """`text` without its invisible characters: format characters (Unicode category Cf,
    such as zero-width spaces and joiners) and the other default-ignorable ones
    (`_IGNORABLE`), which a name pasted from a web page carries unseen."""
    return _IGNORABLE.sub("", "".join(c for c in text if unicodedata.category(c) != "Cf"))


def unaccented(text: str) -> str:
    """`text` decomposed and without its accents (combining marks): what people type for a
    word they cannot or will not type with its accents ("Jose" for "José"). For comparing
    text with text made so too (the knowledge search's words, a typed part of a poll
    label), never for telling options apart: "Café" and "Cafe" stay two labels."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fold(text: str) -> str:
    """NFKC, except for the characters of `_DISTINCT_FORMS`, which stay as they are.

    NFKC is NFC of the compatibility decomposition (NFKD), so decomposing character by
    character, the kept ones aside, and composing the whole gives NFKC everywhere else."""
    return unicodedata.normalize("NFC", "".join(map(_decomposed, text)))


def _decomposed(char: str) -> str:
    tag = unicodedata.decomposition(char).partition(" ")[0]
    return char if tag in _DISTINCT_FORMS else unicodedata.normalize("NFKD", char)


def is_blank(text: str) -> bool:
    """Whether `text` shows nothing: only whitespace and invisible characters."""
    return not comparison_key(text)


def printable_word(text: str, limit: int) -> bool:
    """Whether `text` can be an id: 1 to `limit` printable characters and no space.
    `isprintable` already refuses every whitespace character but the ASCII space (they are
    separators or controls), so that is the only one left to look for: two scans in C
    instead of a Python loop, which matters where it runs for every vote."""
    return 0 < len(text) <= limit and text.isprintable() and " " not in text


def stands_alone(text: str) -> bool:
    """Whether `text` is not led by a combining mark (an accent, a vowel sign), which
    belongs to the character before it: a console channel or user named so shows as a
    mark on the `#` or `@` before it (`:in ́` said "now in #́"). Platform ids never are,
    and are never shown, so `printable_word` leaves them to it."""
    return not text or not unicodedata.category(text[0]).startswith("M")


#: The longest person's name shown: Slack's limit for a display name (Discord's is 32). A
#: longer one, which neither platform would store, would crowd other voters out of a list.
MAX_NAME = 80


def visible_name(*names: object) -> str:
    """The first of a person's `names` (in the platform's order of preference) that shows
    something, on one line and at most `MAX_NAME` long; "" if none does.

    Names are chosen by their owners: one of only invisible characters (a Hangul filler,
    blank on screen though no whitespace to `str.strip`) would list its person as nobody,
    so it gives way to the next; line breaks and tabs become one space, so a name cannot
    write lines of its own into the bot's messages."""
    for name in names:
        if isinstance(name, str) and not is_blank(name):
            return clip(" ".join(name.split()), MAX_NAME)
    return ""


#: How much of a refused value is quoted back (a pasted megabyte is not).
ECHO_LIMIT = 40


def safe(text: str, limit: int | None = None, *, typed: bool = True) -> str:
    """User text as the bot shows it: what people `typed` with its platform tokens as what
    they name (`readable`: `<#C1|general>` is `#general`), cut to `limit` characters (ending
    with `…` when something was cut; None: whole), then with every mention made inert,
    then `isolated`. A name someone chose (`typed=False`) is no markup: shown as it is.

    Cut first, so `limit` counts what people see: making a mention inert adds a zero-width
    space, which cut after would count, and a poll question within its limit that named
    someone (or `@here`) lost its end. Whatever the cut leaves is made inert all the same,
    half a mention included. The core's limits leave platforms room for those spaces and
    isolates (an adapter cuts to a platform's hard limits itself).

    Bidirectional controls go before mentions are made inert: `isolated` drops them from
    right-to-left text, so one between `@` and `everyone` hid the mention from the
    neutraliser and was gone from what was shown, leaving it live. The dispatcher strips them
    from what people type; a name or a pack's text does not pass through it."""
    text = _BIDI_CONTROLS.sub("", readable(text) if typed else text)
    return isolated(neutralize_mentions(text if limit is None else clip(text, limit)))


#: Unicode's first-strong isolate and the pop that ends it (UAX #9, X5c and X6a).
FIRST_STRONG_ISOLATE, POP_ISOLATE = "\u2068", "\u2069"
#: Characters that make the bidirectional algorithm lay text right to left: Hebrew and
#: other right-to-left letters (R), Arabic letters (AL), Arabic-Indic digits (AN).
_RIGHT_TO_LEFT = frozenset(("R", "AL", "AN"))
#: The explicit embeddings, overrides and isolates, which the dispatcher strips from what
#: users type already: one left inside an isolate could end it early.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: The paragraph separators (class B) that `strip_controls` leaves: each ends every isolate.
_PARAGRAPH_BREAK = re.compile("([\n\u2029])")


def isolated(text: str) -> str:
    """`text` between a first-strong isolate and its pop when it holds right-to-left
    characters, else as it is.

    Chat clients lay a line out by the bidirectional algorithm, in which a right-to-left
    label reaches into the bot's sentence around it: in "A → B: 4" between two Hebrew
    labels the arrow points the wrong way, a list "אבי, דנה" reads in reverse order,
    and the "?" ending "מי צודק?" lands at the sentence's start. An isolate is one neutral
    character to what surrounds it, and takes its own direction from its first letter, so
    the label reads as typed and the sentence as written. Text without right-to-left
    characters cannot reorder anything and is left byte for byte. `comparison_key` drops
    the isolates (they are format characters), so a label copied back still names its
    option; the console, whose terminals lay cells left to right, takes them out again.
    Each line is isolated on its own: a line break ends every isolate open on it."""
    if text.isascii() or not any(unicodedata.bidirectional(c) in _RIGHT_TO_LEFT for c in text):
        return text
    lines = _PARAGRAPH_BREAK.split(text)
    if len(lines) > 1:
        return "".join(map(isolated, lines))
    return FIRST_STRONG_ISOLATE + _BIDI_CONTROLS.sub("", text) + POP_ISOLATE


def without_isolates(text: str) -> str:
    """`text` without the isolates `isolated` adds: for output laid out with no
    bidirectional algorithm (a terminal's cells), where they only take room."""
    return text.replace(FIRST_STRONG_ISOLATE, "").replace(POP_ISOLATE, "")


def echo(text: str) -> str:
    """A user's value as quoted back in a message: on one line, clipped, mentions made
    inert, and its backticks as their look-alike (`MARKUP_LOOK_ALIKES`).

    A refused paste of several lines was quoted with its line breaks, a refusal of many
    lines; its whitespace runs are one space now, as `visible_name` writes a name. A
    refusal quotes values in code spans beside its own (“has no option `x`. Its options:
    `question`…”), and an odd backtick quoted paired with the next one on Discord and
    Slack: the words between showed as code, the option names as text."""
    return beside_code(" ".join(text.split()), ECHO_LIMIT)


def beside_code(text: str, limit: int | None = None, *, typed: bool = True) -> str:
    """User text as `safe` shows it (`typed` as there), its backticks as their look-alike,
    for a message that holds code spans (a command offered, an option name quoted) or other
    people's text: Slack has no escape for a backtick, so a label's one paired with the next
    command's, showing the words between as code and the command as plain text, and two
    voters' names with one each, listed side by side, showed the names between as code."""
    return safe(no_code_marks(text), limit, typed=typed)


def no_code_marks(text: str) -> str:
    """`text` with each backtick as its look-alike (`beside_code`), for text shown already
    (a reply's `fallback`, whose commands are bare) quoted in a message of code spans."""
    return text.replace("`", MARKUP_LOOK_ALIKES["`"])


def clip(text: str, limit: int, safe_cut: CutRule = cut_between_graphemes) -> str:
    """`text` cut to at most `limit` characters, ending with `…` when something was cut.

    `safe_cut` moves the cut back so it never splits a platform's escape (the same rules
    `split_at_breaks` takes), nor, as each platform's does (`keeping_graphemes`), what
    people see as one character: a voter list, a label or a question cut inside a flag
    showed a lone letter, an emoji without its skin tone, a letter without its accent."""
    if limit < 1:
        raise ValueError("a clip limit must be at least 1")
    if len(text) <= limit:
        return text
    inner = _isolated_inside(text)
    if inner is not None:
        # A label `isolated` wraps stays whole where the isolates alone push it past the
        # limit (an 80-character button label on Discord); one that must be cut is cut
        # inside them, keeping its closing pop.
        if len(inner) <= limit or limit < 3:
            return clip(inner, limit, safe_cut)
        return FIRST_STRONG_ISOLATE + clip(inner, limit - 2, safe_cut) + POP_ISOLATE
    head = text[: safe_cut(text, limit - 1)].rstrip()
    if _opens_isolate(head):
        # Cut inside one of several isolated pieces (a list of voters' names): left open, the
        # isolate took what follows on the line into the name, right to left. The "…" goes
        # inside, where the piece reads on, as for one label, and the isolate is closed in
        # the room one character less makes; a piece cut before its first letter goes.
        head = text[: safe_cut(text, limit - 2)].rstrip()
        if _opens_isolate(head) and not head.endswith(FIRST_STRONG_ISOLATE):
            return head + "…" + POP_ISOLATE
        head = head.removesuffix(FIRST_STRONG_ISOLATE).rstrip()
    return head + "…"


def _opens_isolate(text: str) -> bool:
    """Whether `text` ends inside an isolate (the isolates `isolated` adds never nest)."""
    return text.rfind(FIRST_STRONG_ISOLATE) > text.rfind(POP_ISOLATE)


def _isolated_inside(text: str) -> str | None:
    """What is between the isolate and pop of text that is one `isolated` piece, else None."""
    inside = text[1:-1]
    if text[:1] == FIRST_STRONG_ISOLATE and text[-1:] == POP_ISOLATE and POP_ISOLATE not in inside:
        return inside
    return None
