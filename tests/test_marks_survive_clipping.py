"""A reply too long for a platform's limit is cut before a mark, never inside one: a
command's code span cut in two showed a stray backtick and turned the rest into code, a
timestamp token cut showed its markup (`<t:1767225600`) instead of a time."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from bot.adapters.discord.embeds import (
    DESCRIPTION_LIMIT,
    FIELD_VALUE_LIMIT,
    split_reply,
    with_times,
)
from bot.adapters.slack.blocks import MIN_FIELD_SHARE, card_blocks
from bot.core.context import Context
from bot.core.registry import Command, OptionValue
from bot.core.replies import Card, Field, Fields, Marked, Reply, Text, When, command_line
from tests.discord_fake import FakeDiscord
from tests.test_discord_e2e import bot_settings, message_of, running_bot

#: A timestamp token whole (`discord_time`), and its start anywhere.
_WHOLE_TIME = re.compile(r"<t:-?\d+:f>")
#: A Slack date token whole (`date_token`), and its start anywhere.
_WHOLE_DATE = re.compile(r"<!date\^\d+\^[^<>|]*\|[^<>]*>")

#: A moment of 2026, shown by each platform as its token.
MOMENT = When(1_780_000_000.0)
#: The commands a reply offers, their spaces as a cut might take them for breaks.
COMMANDS = st.sampled_from(
    [
        command_line("poll", 'question:"Tabs or spaces?"', 'options:"Tabs | Spaces"'),
        command_line("close", poll=3),
        command_line("daily", "on", "time:09:30", "tz:Europe/London"),
        command_line("results", poll=12),
    ]
)
#: Words between the marks: plain, some long, none a backtick or a backslash of the
#: user's (those are escaped, as `clean` shows).
WORDS = st.text("abcdefgh ", min_size=1, max_size=400)
PARTS = st.lists(st.one_of(WORDS, COMMANDS, st.just(Marked(MOMENT))), min_size=1, max_size=40)


def assert_no_mark_split(text: str, whole_token: re.Pattern[str], opening: str) -> None:
    """Code spans balanced (no stray backtick: unescaped ones come in pairs) and every
    token that opens also closes, whole."""
    assert len(re.findall(r"(?<!\\)`", text)) % 2 == 0, text[-200:]
    assert text.count(opening) == len(whole_token.findall(text)), text[-200:]


def long_marked(parts: list[str], size: int) -> Marked:
    """The parts repeated until the text is longer than `size`: every draw gets cut."""
    repeated = list(parts)
    while len(Marked(*repeated)) <= size:
        repeated += parts
    return Marked(*repeated)


@given(PARTS, st.integers(0, 40))
@example([Marked(MOMENT)], 0)  # a field of timestamps only, cut after the 64th
@example([" ", command_line("close", poll=3)], 1)  # commands only
def test_a_discord_field_or_description_cut_splits_no_mark(parts: list[str], shift: int) -> None:
    field = long_marked(["x" * shift, *parts], FIELD_VALUE_LIMIT)
    description = long_marked(["x" * shift, *parts], DESCRIPTION_LIMIT)
    card = Card(title="Long", blocks=(Text(description), Fields((Field("Field", field),))))
    for message in split_reply(Reply(cards=(card,))):
        for embed in message.embeds:
            assert_no_mark_split(embed.description or "", _WHOLE_TIME, "<t:")
            for shown in embed.fields:
                assert_no_mark_split(shown.value or "", _WHOLE_TIME, "<t:")


def test_a_cut_discord_field_ends_before_the_command_it_could_not_hold() -> None:
    """The command that would cross the limit is left out whole, the cut marked by `…`."""
    command = command_line("close", poll=3)
    value = Marked("x" * (FIELD_VALUE_LIMIT - 8), " ", command, " and more")
    card = Card(title="Long", blocks=(Fields((Field("Field", value),)),))
    (message,) = split_reply(Reply(cards=(card,)))
    assert message.embeds[0].fields[0].value == "x" * (FIELD_VALUE_LIMIT - 8) + "…"


@given(PARTS, st.integers(MIN_FIELD_SHARE, 2000))
@example([Marked(MOMENT)], MIN_FIELD_SHARE)
@example([" ", command_line("close", poll=3)], MIN_FIELD_SHARE + 1)
def test_a_slack_field_cut_to_its_share_splits_no_mark(parts: list[str], limit: int) -> None:
    """A field is cut to its share of a message (`field_share`) after it is rendered, date
    tokens and code spans in it: the cut kept half a `<!date^…>` or an open code span."""
    value = long_marked(parts, limit)
    blocks = card_blocks(Card(title="", blocks=(Fields((Field("F", value),)),)), field_limit=limit)
    (section,) = blocks
    (shown,) = section["fields"]
    assert_no_mark_split(shown["text"], _WHOLE_DATE, "<!date")


def test_a_cut_slack_field_ends_before_the_date_it_could_not_hold() -> None:
    value = Marked("x" * (MIN_FIELD_SHARE - 20), " closes ", MOMENT)
    blocks = card_blocks(
        Card(title="", blocks=(Fields((Field("F", value),)),)), field_limit=MIN_FIELD_SHARE
    )
    assert blocks[0]["fields"][0]["text"] == "*F*\n" + "x" * (MIN_FIELD_SHARE - 20) + " closes…"


#: A field longer than Discord takes (about 1,400 characters), commands and moments
#: all along it.
LONG = Marked(
    *[Marked("Try ", command_line("close", poll=n), " by ", MOMENT, ". ") for n in range(30)]
)


async def long_reply(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
    return Reply(cards=(Card(title="Long", blocks=(Text(LONG), Fields((Field("More", LONG),)))),))


async def test_a_long_reply_on_discord_shows_whole_commands_and_times(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """Through the real discord.py and the fake's REST: what Discord receives, cut to
    its limits, holds only whole code spans and whole timestamps."""
    command = Command("long", "A reply longer than an embed holds", long_reply)
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake, extra=(command,)):
        answer = message_of(await fake.answer(await fake.command("long")))
    (embed,) = answer["embeds"]
    (field,) = embed["fields"]
    assert FIELD_VALUE_LIMIT - 60 < len(field["value"]) <= FIELD_VALUE_LIMIT
    assert field["value"].endswith("` by…")  # the time that did not fit whole is left out
    for value in (embed["description"], field["value"]):
        assert_no_mark_split(value, _WHOLE_TIME, "<t:")


def _code_spans(text: str) -> tuple[list[tuple[int, int]], bool]:
    """The code spans of Discord text as Discord reads it, left to right: a backslash
    escapes the character after it (an escaped backslash, `\\\\`, escapes nothing more),
    a live backtick opens a span the next backtick closes, whatever is between. And
    whether a backtick is left open (a stray one, turning the rest into code)."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == "`":
            end = text.find("`", i + 1)
            if end < 0:
                return spans, True
            spans.append((i, end + 1))
            i = end + 1
        else:
            i += 1
    return spans, False


#: What people type: backslashes (a Windows path, an escape) and backticks (code) too.
TYPED = st.text("ab \\`", min_size=1, max_size=30)


@given(st.lists(st.one_of(TYPED, COMMANDS), min_size=1, max_size=30), st.integers(0, 40))
@example(["a\\", command_line("close", poll=3)], 7)  # a command right after a backslash
@example(["C:\\`dir` ", command_line("close", poll=3)], 0)  # a code span after one
def test_a_discord_cut_keeps_a_span_after_an_escaped_backslash_whole(
    parts: list[str], shift: int
) -> None:
    """A backtick after an escaped backslash (`\\\\`, a backslash the user typed) opens a
    code span: the cut took it for an escaped one and split the span, a stray backtick
    at the field's end. Wherever a field is cut, the cut is outside every span of the
    whole field as rendered, and leaves none open."""
    value = long_marked(["x" * shift, *parts], FIELD_VALUE_LIMIT)
    whole = with_times(value)
    card = Card(title="Long", blocks=(Fields((Field("Field", value),)),))
    (message,) = split_reply(Reply(cards=(card,)))
    shown = message.embeds[0].fields[0].value or ""
    stray = _code_spans(shown)[1]
    cut = len(shown.removesuffix("…"))
    assert not stray, shown[-80:]
    assert not any(start < cut < end for start, end in _code_spans(whole)[0]), shown[-80:]


#: A field of the user's words, each ending in a backslash, then a command to paste.
BACKSLASHED = Marked(*[Marked(f"path{n}\\", command_line("close", poll=n), " ") for n in range(80)])


async def backslashed_reply(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
    return Reply(cards=(Card(title="Paths", blocks=(Fields((Field("More", BACKSLASHED),)),)),))


async def test_a_cut_discord_field_after_a_users_backslash_leaves_no_stray_backtick(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """Through the real discord.py and the fake's REST: the field Discord receives, cut
    to its limit, ends before the command whose span it could not hold whole."""
    command = Command("paths", "A field of backslashes and commands", backslashed_reply)
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake, extra=(command,)):
        answer = message_of(await fake.answer(await fake.command("paths")))
    (field,) = answer["embeds"][0]["fields"]
    assert len(field["value"]) <= FIELD_VALUE_LIMIT
    assert not _code_spans(field["value"])[1], field["value"][-80:]
