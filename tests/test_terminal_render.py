"""The console's rendering of the parts that are not exercised by a whole command."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from bot.adapters.console_terminal import MIN_WIDTH
from bot.adapters.terminal_render import WIDTH, render_reply
from bot.core.replies import (
    Button,
    Buttons,
    Card,
    Field,
    Fields,
    Marked,
    Note,
    Quote,
    Reply,
    Text,
    command_line,
)


def test_a_note_is_an_indented_line_kept_under_what_it_annotates() -> None:
    card = Card("T", (Text("claim"), Quote("q", "Ann"), Note("From the article", "It said so.")))
    assert render_reply(Reply(cards=(card,))).splitlines() == [
        "== T ==",
        "claim",
        "  > “q” — Ann",
        "  · From the article: It said so.",
    ]


#: Where textwrap may break a line (after tabs are expanded): between words, never inside.
BREAKS = re.compile(r"[\t\n\x0b\x0c\r ]+")


def words(line: str) -> list[str]:
    return [word for word in BREAKS.split(line) if word]


def test_a_long_help_option_hangs_under_its_name_within_the_width() -> None:
    """`/help poll` printed "duration (optional): … (1 minute to 32 days)" as one line of
    121 characters, and the glossary of /topics lines of up to 201, past the width every
    other line of the console keeps to."""
    value = "duration such as 30m, 2h or 1d. " + "Close automatically after it. " * 4
    card = Card("T", (Fields((Field("duration (optional)", value.strip()),)),))
    lines = render_reply(Reply(cards=(card,))).splitlines()
    assert lines[1].startswith("  duration (optional): duration such as 30m")
    hanging = lines[2:]
    assert hanging and all(line.startswith("      ") and line[6] != " " for line in hanging)
    assert all(len(line) <= WIDTH for line in lines)


#: Widths a terminal may give (`PromptScreen.width`): from MIN_WIDTH to WIDTH.
WIDTHS = st.integers(MIN_WIDTH, WIDTH)


@given(
    fields=st.lists(st.tuples(st.text(max_size=40), st.text(max_size=400)), min_size=1, max_size=4),
    width=WIDTHS,
)
def test_a_field_is_wrapped_keeping_every_word_whole(
    fields: list[tuple[str, str]], width: int
) -> None:
    """Field values carry what users typed (a zone, a poll's label): wrapping keeps every
    word, in order and unbroken (a web address stays one word to copy), and a line passes
    the width only to hold one word that alone is longer."""
    block = Fields(tuple(Field(name, value) for name, value in fields))
    lines = render_reply(Reply(cards=(Card("", (block,)),)), width=width).splitlines()
    written = " ".join(f"{name}: {value}" for name, value in fields)
    assert " ".join("\n".join(lines).split()) == " ".join(written.split())
    assert all(line == "" or line.startswith("  ") for line in lines)
    assert all(len(line) <= width or len(words(line)) == 1 for line in lines)


def test_a_web_address_longer_than_a_line_is_not_cut() -> None:
    """textwrap cut words longer than the width, and cut any word at its hyphens: a long
    source address came out in pieces no terminal could open."""
    url = "https://example.invalid/" + "-".join(["a-very-long-path"] * 6)
    card = Card("T", (Text(f"Read it at {url} today"),), footer=f"Source: {url}")
    assert render_reply(Reply(cards=(card,))).splitlines() == [
        "== T ==",
        "Read it at",
        url,
        "today",
        "-- Source:",
        f"-- {url}",
    ]


#: A label as polls take them: one line (options are split from one), no control characters.
LABELS = st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=60)


@given(labels=st.lists(LABELS, min_size=1, max_size=25), width=WIDTHS)
def test_buttons_fill_rows_within_the_width_never_splitting_a_label(
    labels: list[str], width: int
) -> None:
    """A poll's buttons were one line however many and long its labels (typed by users):
    rows now hold whole `[n] label` choices, in order, within the width unless one alone
    is longer."""
    buttons = Buttons(tuple(Button(f"a:{i}", label) for i, label in enumerate(labels)))
    reply = Reply(cards=(Card("", (buttons,)),))
    rows = render_reply(reply, first_button=3, width=width).split("\n")
    choices = [f"[{number}] {label}" for number, label in enumerate(labels, start=3)]
    assert "  ".join(rows) == "  ".join(choices)
    assert all(len(row) <= width or row in choices for row in rows)


def test_a_wrapped_help_line_hangs_under_its_command() -> None:
    """/help's lines wrapped to column 0 on a narrow terminal: "[multi:true|false] … —
    Start the debate's" under "/poll [question:…]" read as a command of its own. The rest
    of an item hangs; a numbered item's under its text; a paragraph alone stays flush."""
    commands = Text(
        "/ask <question> — Ask about the debate: a point, who is right, or the tl;dr\n"
        "/topics — The topics"
    )
    alone = Text("/daily [action:on|off] [time] — A takeaway posted here every day")
    steps = Text("1. Name the problem your users need solved\n2. Choose a model")
    prose = Text("Each view holds up, but they measure different things entirely.")
    card = Card("", (commands, alone, steps, prose))
    assert render_reply(Reply(cards=(card,)), width=44).splitlines() == [
        "/ask <question> — Ask about the debate: a",
        "  point, who is right, or the tl;dr",
        "/topics — The topics",
        "",
        "/daily [action:on|off] [time] — A takeaway",
        "  posted here every day",
        "",
        "1. Name the problem your users need solved",
        "2. Choose a model",
        "",
        "Each view holds up, but they measure",
        "different things entirely.",
    ]


#: A word as lists carry them: any characters but spaces and line breaks.
WORD = st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp", "Zs")), min_size=1)
#: Lines of a list as text blocks carry them, from a word to a few lines' worth.
LIST_LINES = st.lists(st.lists(WORD, min_size=1, max_size=40).map(" ".join), min_size=2, max_size=6)


@given(rows=LIST_LINES, width=WIDTHS)
def test_every_wrapped_item_of_a_list_hangs_and_keeps_its_words(
    rows: list[str], width: int
) -> None:
    """Whatever a list's lines hold (poll labels, typed questions), each keeps its words in
    order and unbroken, every line after an item's first is indented, and none passes the
    width unless it holds one word alone."""
    lines = render_reply(Reply(cards=(Card("", (Text("\n".join(rows)),)),)), width=width)
    assert " ".join(lines.split()) == " ".join(" ".join(rows).split())
    firsts = [row.split()[0] for row in rows]
    for line in lines.splitlines():
        assert line.startswith(" ") or line.split()[0] in firsts or not line.strip()
        assert len(line) <= width or len(words(line)) == 1


#: A word of the prose around a command: any, but not a command's start.
PROSE_WORD = WORD.filter(lambda word: not word.startswith("/"))
PROSE = st.lists(PROSE_WORD, max_size=30).map(" ".join)
#: Text a command repeats from what people typed (a poll's question): anything on one line,
#: sentence ends (". "), quote marks and runs of spaces included.
TYPED = st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1)


@given(before=PROSE, question=TYPED, options=TYPED, after=PROSE, width=WIDTHS)
@example(before="name it:", question="Lunch?", options="A | B", after="If not", width=20)
@example(before="e.g.", question="Who wins. Really?", options="A | B", after="If it", width=20)
@example(before="", question='a." b', options=". .", after="", width=20)
def test_a_refusal_wraps_between_words_never_inside_the_command_it_offers(
    before: str, question: str, options: str, after: str, width: int
) -> None:
    """What a refusal says around a command repeats what users typed: every word is kept
    in order and unbroken, the command (`command_line`, marked) stays whole on one line
    whatever its question holds, and a line passes the width only to hold one word or
    that command, with the "." after it. The console guessed a command's end at the first
    ". ", and wrapped "/poll Who wins. Really? options:…" after "wins."."""
    form = command_line("poll", question, f'options:"{options}"', "duration:1h")
    text = Marked(before, " ", form, ". ", after)
    lines = render_reply(Reply(text=text), width=width).splitlines()
    assert " ".join(" ".join(lines).split()) == " ".join(text.split())
    held = [line for line in lines if form in line]
    assert held and len(held[0].split(form)) == 2  # on one line, and only there
    assert all(len(line) <= width or len(words(line)) == 1 or line in held for line in lines)


def test_a_refusal_opening_with_its_command_wraps_as_the_sentence_it_is() -> None:
    """A refusal is prose even when its first word is the command (not a /help line, whose
    rest hangs): its wrapped rest stays flush, under its first word."""
    text = "/poll has no option `durationn`. Did you mean `duration`? Its options: `question`."
    assert render_reply(Reply(text=text), width=36).splitlines() == [
        "/poll has no option `durationn`. Did",
        "you mean `duration`? Its options:",
        "`question`.",
    ]
