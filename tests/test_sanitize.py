"""Mention neutralising, control stripping and clipping: user text can never ping anyone
or drive a terminal, on any platform."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.core.sanitize import (
    ZERO_WIDTH_SPACE,
    clip,
    comparison_key,
    drop_mentions,
    is_blank,
    neutralize_mentions,
    safe,
    strip_controls,
    without_isolates,
)
from tests.test_discord_choice_names import GRAPHEMES

#: What Discord and Slack treat as a ping, written as the platforms parse it: Discord reads
#: `@everyone` and `@here` with anything after them ("@everyone_" pings).
PINGS = re.compile(r"@(everyone|here|channel)|<[@#!]", re.IGNORECASE)

DANGEROUS = [
    "@everyone look",
    "hey @here",
    "@Everyone",
    "@channel now",
    "<@123456789012345678>",
    "<@!123456789012345678>",
    "<@&987654321>",
    "<#555>",
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam^S0123ABC>",
    "<@U024BE7LH> and <@W123>",
    "@everyone<@1><!here>@here",
]
#: Broadcast words glued to what follows: no word of their own (`drop_mentions` keeps them,
#: as they are no mention of the bot's to route by), but Discord still reads the mention.
GLUED = ["@everyone_", "@here1", "@everyoneelse", "@Channels"]


@pytest.mark.parametrize("text", DANGEROUS + GLUED)
def test_every_mention_form_is_made_inert(text: str) -> None:
    safe = neutralize_mentions(text)
    assert PINGS.search(safe) is None
    assert safe.replace(ZERO_WIDTH_SPACE, "") == text  # readable: only invisible characters


@pytest.mark.parametrize("text", DANGEROUS + GLUED)
def test_neutralising_is_idempotent(text: str) -> None:
    once = neutralize_mentions(text)
    assert neutralize_mentions(once) == once


@pytest.mark.parametrize(
    "text", ["alice@example.com", "I <3 tabs", "a < b > c", "@every one", "#general", ""]
)
def test_ordinary_text_is_untouched(text: str) -> None:
    assert neutralize_mentions(text) == text


@pytest.mark.parametrize("text", DANGEROUS)
def test_dropping_mentions_leaves_no_mention(text: str) -> None:
    assert PINGS.search(drop_mentions(text)) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("<@U024BE7LH|ann> what about drones", "what about drones"),
        ("who is right? <!subteam^S01|@chip-team> <#C01|general>", "who is right?"),
        ("@everyone chips", "chips"),
        ("alice@example.com", "alice@example.com"),  # an address, not a mention
        ("ann@here.com @everyoneelse", "ann@here.com @everyoneelse"),
    ],
)
def test_dropping_mentions_keeps_every_other_word(text: str, words: str) -> None:
    assert drop_mentions(text).split() == words.split()


def test_clip_keeps_short_text_and_marks_cuts() -> None:
    assert clip("short", 10) == "short"
    assert clip("exactly10!", 10) == "exactly10!"
    cut = clip("a sentence that is too long", 10)
    assert len(cut) <= 10 and cut.endswith("…")
    with pytest.raises(ValueError):
        clip("x", 0)


#: Text rich in what matters here: mention syntax, broadcast words, controls, any letter.
TEXTS = st.lists(
    st.one_of(
        st.sampled_from(["<", "@", "#", "!", "everyone", "here", "channel", "Here", "\x1b"]),
        st.characters(),
    ),
    max_size=40,
).map("".join)


@given(TEXTS)
@example("<<@1>")
@example("@@everyone")
@example("<!here|here>")
def test_no_text_pings_once_neutralised(text: str) -> None:
    safe = neutralize_mentions(text)
    assert PINGS.search(safe) is None
    assert neutralize_mentions(safe) == safe
    assert safe.replace(ZERO_WIDTH_SPACE, "") == text.replace(ZERO_WIDTH_SPACE, "")


#: What a terminal or a bidirectional renderer acts on.
CONTROLS = re.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]")


@given(TEXTS)
@example("\x1b[2J\x1b]0;title\x07")
@example("a\r\nb\tc\x9b31m\u202eevil")
def test_control_stripping_removes_every_control_and_only_those(text: str) -> None:
    clean = strip_controls(text)
    assert CONTROLS.search(clean) is None
    assert strip_controls(clean) == clean
    assert clean == "".join(c for c in text if not CONTROLS.fullmatch(c))
    # The order matters (`<ESC@` becomes `<@` once stripped): controls go at input, in the
    # dispatcher, mentions at output, so what is shown is always neutralised after stripping.
    assert PINGS.search(neutralize_mentions(clean)) is None


@given(TEXTS, st.integers(min_value=1, max_value=50))
def test_clip_never_exceeds_its_limit(text: str, limit: int) -> None:
    """Within its limit, or cut with `…`; an isolated piece (`isolated`) may shed its
    isolates to fit whole, or be cut inside them."""
    cut = clip(text, limit)
    shown = without_isolates(cut)
    assert len(cut) <= limit
    assert cut == text or shown == without_isolates(text) or shown.endswith("…")


#: The dispatcher strips bidirectional controls from what users type, and `isolated` drops
#: any left, so shown text is compared with typed text without them.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@given(
    TEXTS.filter(lambda text: ZERO_WIDTH_SPACE not in text and not BIDI_CONTROLS.search(text)),
    st.integers(1, 50),
)
@example("x" * 8 + "@here", 13)  # within its limit: shown whole, not "xxxxxxxx@he…"
@example("<@U1> " * 3, 18)
@example("abc<@U1>", 5)  # the cut leaves half a mention
def test_user_text_is_shown_whole_within_its_limit_else_marked_cut(text: str, limit: int) -> None:
    """A poll question of 299 characters naming someone was shown cut off ("…"): making a
    mention inert adds a zero-width space per mention, which the cut then counted. What is
    shown is inert, and it is the whole text when that is within the limit, else a start
    of it (cut at most `limit` visible characters in) ending with `…`."""
    shown = safe(text, limit)
    assert PINGS.search(shown) is None and neutralize_mentions(shown) == shown
    seen = without_isolates(shown).replace(ZERO_WIDTH_SPACE, "")
    if len(text) <= limit:
        assert seen == text
    else:
        assert seen.endswith("…") and len(seen) <= limit
        assert text.startswith(seen.removesuffix("…"))


_SPLICES = st.lists(
    st.tuples(st.integers(0, 40), st.sampled_from(["\u202a", "\u202e", "\u2066", "\u2069"])),
    min_size=1,
    max_size=4,
)


@given(TEXTS, _SPLICES)
@example("@everyone", [(1, "\u202e")])
@example("<@1>", [(1, "\u202a")])
def test_shown_text_pings_no_one_whatever_bidi_controls_it_holds(
    text: str, splices: list[tuple[int, str]]
) -> None:
    """A bidirectional control between `@` and `everyone`, in text with a right-to-left
    letter (a name, which the dispatcher never strips), hid the mention from the
    neutraliser, and `isolated` then dropped it: "@everyone" was shown live."""
    for at, control in splices:
        text = text[:at] + control + text[at:]
    for typed in (True, False):
        shown = safe(text + " \u05d0", typed=typed)
        assert PINGS.search(without_isolates(shown)) is None


#: Every format character (category Cf: zero-width space and joiners, word joiner, BOM, bidi
#: marks...), from a scan of all code points; and with them, every whitespace character.
FORMAT = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
INVISIBLE = FORMAT + [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
#: Text rich in look-alikes: compatibility forms, case pairs, invisible characters.
LOOKALIKES = st.lists(
    st.one_of(
        st.sampled_from(["A", "a", "\uff21", "\u212b", "\u00c5", "e\u0301", "\u00df", "SS"]),
        st.sampled_from(["\u00b2", "2", "\u00bd", "\u2460", "\u24b6", "\u24d0", "\U0001f130"]),
        st.sampled_from(INVISIBLE),
        st.characters(exclude_categories=("Cs",)),
    ),
    max_size=20,
).map("".join)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("A", "A\u200b"),  # a zero-width space
        ("\uff21", "A"),  # full-width A
        ("Tabs", "\u2060t\u200dABS\ufeff"),  # word joiner, zero-width joiner, BOM
        ("caf\u00e9", "cafe\u0301"),  # composed or not
        ("two  words", "two\u00a0words"),  # any run of whitespace
        ("A", "A\ufe0f"),  # a variation selector
        ("~5 *x_", "\u223c5 \u2217x\u02cd"),  # the look-alikes Slack shows for its marks
    ],
)
def test_look_alikes_have_one_comparison_key(one: str, other: str) -> None:
    assert comparison_key(one) == comparison_key(other)


#: Compatibility characters drawn unlike what they decompose to: raised, lowered, stacked,
#: enclosed or turned.
DISTINCT_FORMS = [
    chr(c)
    for c in range(sys.maxunicode + 1)
    if unicodedata.decomposition(chr(c)).partition(" ")[0]
    in ("<super>", "<sub>", "<fraction>", "<circle>", "<square>", "<vertical>")
]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("10\u00b3", "103"),
        ("x\u00b2", "x2"),
        ("H\u2082O", "H2O"),
        ("\u00bd", "1\u20442"),
        ("\u2460", "1"),
    ],
)
def test_characters_drawn_differently_are_not_look_alikes(one: str, other: str) -> None:
    """Superscripts, subscripts, fractions and circled forms are told apart by voters."""
    assert comparison_key(one) != comparison_key(other)


def test_no_distinct_form_is_folded_into_its_decomposition() -> None:
    folded = [
        c
        for c in DISTINCT_FORMS
        if comparison_key(c) == comparison_key(unicodedata.normalize("NFKC", c))
    ]
    assert not folded


@pytest.mark.parametrize(
    "text",
    ["\u200b", "\u200b\u200b", " \u200d\t", "\ufeff\u2060", "\u3164", "\u2800", "\U0001d159"],
)
def test_invisible_text_is_blank(text: str) -> None:
    """U+2800 (blank braille) and U+1D159 (null notehead) are symbols that render blank."""
    assert is_blank(text)


def test_accents_and_emoji_joiners_still_count() -> None:
    """Only what does not show is dropped: "café" is not "cafe", and a ZWJ emoji is text."""
    assert comparison_key("caf\u00e9") != comparison_key("cafe")
    assert not is_blank("\U0001f468\u200d\U0001f469\u200d\U0001f467")


@given(LOOKALIKES)
def test_the_comparison_key_is_idempotent(text: str) -> None:
    key = comparison_key(text)
    assert comparison_key(key) == key


@given(LOOKALIKES, st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(FORMAT))))
def test_format_characters_never_change_the_key(
    text: str, insertions: list[tuple[int, str]]
) -> None:
    """A zero-width character anywhere, even between a letter and its accent, is not seen."""
    padded = text
    for position, char in insertions:
        at = position % (len(padded) + 1)
        padded = padded[:at] + char + padded[at:]
    assert comparison_key(padded) == comparison_key(text)


@given(st.text(alphabet=st.sampled_from(INVISIBLE)))
def test_text_of_only_format_and_whitespace_characters_is_blank(text: str) -> None:
    assert is_blank(text)


@given(
    st.lists(st.sampled_from(GRAPHEMES), max_size=60),
    st.integers(min_value=1, max_value=120),
)
@example(["🇫🇷"] * 10, 6)  # the cut after one letter of the third flag
@example(["e\u0301"] * 10, 4)  # between an "e" and its accent
def test_a_clip_keeps_whole_graphemes(graphemes: list[str], limit: int) -> None:
    """A label, a question or a voter list clipped by the core (`safe`, `clip`) ends after
    a whole flag, emoji or accented letter, never inside one: half a flag showed as a lone
    regional letter. Nothing is cut from text within the limit."""
    text = "".join(graphemes)
    clipped = without_isolates(clip(text, limit))
    assert len(clip(text, limit)) <= limit
    if len(text) <= limit:
        assert clipped == text
        return
    kept = clipped.removesuffix("…")
    assert clipped.endswith("…") and kept in {"".join(graphemes[:n]) for n in range(len(graphemes))}
