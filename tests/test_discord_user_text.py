"""User text in the Discord adapter's messages: shown as typed, never as a link or markup
of its own, and a web address in it stays the link it was.

The end-to-end tests send polls through the loopback Discord and read the embed the fake
received; the properties hold `clean` to it for any text, read as Discord reads markup
(`masked_links`).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.adapters.discord.buttons import LABEL_LIMIT, ActionButton
from bot.adapters.discord.embeds import clean
from bot.adapters.slack.blocks import MAX_BUTTON_TEXT
from bot.adapters.slack.blocks import button as slack_button
from bot.app import BotApp
from bot.core.sanitize import neutralize_mentions, strip_controls, without_isolates
from bot.polls.model import MAX_OPTION, PollOption, Tally
from bot.polls.render import poll_message
from tests.discord_fake import FakeDiscord
from tests.test_discord_e2e import bot_settings, message_of, running_bot
from tests.test_polls_options import poll_of


@pytest.fixture
async def bot(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[BotApp]:
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake) as app:
        yield app


async def test_a_masked_link_in_a_poll_is_shown_as_text(fake: FakeDiscord, bot: BotApp) -> None:
    """discord.py's `escape_markdown` escaped only the first `[` of a line, so the second
    link of "[a] or [results](https://…)" stayed a live masked link in the bot's embed."""
    question = "Read [this] or [the results](https://evil.example/login)?"
    options = "[yes](https://evil.example/a) [no](https://evil.example/b) | No"
    answer = await fake.answer(
        await fake.command("poll", {"question": question, "options": options})
    )
    description = message_of(answer)["embeds"][0]["description"]
    assert "the results](https://evil.example/login)" in description
    assert "no](https://evil.example/b)" in description
    assert masked_links(description) == [], description


#: A web address as Discord's autolink rule reads it (before any markup inside it).
DISCORD_URL = re.compile(r"<[^: >]+:/[^ >]+>|https?://[^\s<]+[^<.,:;\"')\]\s]")


#: An inline code span as Discord's rule reads it: a run of backticks, then anything up to
#: the same run, not ended by a backtick.
DISCORD_CODE = re.compile(r"(`+)([\s\S]*?[^`])\1(?!`)")


#: A masked link as Discord's rule (simple-markdown's `link`) reads one where a `[` starts.
DISCORD_LINK = re.compile(
    r"\[((?:\[[^\]]*\]|[^\[\]]|\](?=[^\[]*\]))*)\]\("
    r"\s*<?((?:\([^)]*\)|[^\s\\]|\\.)*?)>?(?:\s+['\"]([\s\S]*?)['\"])?\s*\)"
)


def masked_links(rendered: str) -> list[str]:
    """The masked links Discord would make of `rendered`, reading it as Discord does: a
    backslash escapes the punctuation after it, a web address is a link and a code span
    is code whatever they hold, and a `[` may open a masked link (`DISCORD_LINK`)."""
    links: list[str] = []
    at = 0
    while at < len(rendered):
        verbatim = DISCORD_URL.match(rendered, at) or DISCORD_CODE.match(rendered, at)
        link = DISCORD_LINK.match(rendered, at)
        if verbatim is not None:
            at = verbatim.end()
        elif rendered[at] == "\\" and re.match(r"[^0-9A-Za-z\s]", rendered[at + 1 : at + 2]):
            at += 2
        elif link is not None:
            links.append(link.group())
            at = link.end()
        else:
            at += 1
    return links


async def test_a_web_address_with_brackets_stays_one_link(fake: FakeDiscord, bot: BotApp) -> None:
    """A `[` inside a web address was escaped like any other, so the link Discord made
    of it ended in a backslash (`…?tags\\[]=chips`) and led to another page."""
    url = "https://example.com/search?tags[]=chips&tags[]=export_rules"
    answer = await fake.answer(
        await fake.command("poll", {"question": f"Is {url} right?", "options": "Yes | No"})
    )
    description = message_of(answer)["embeds"][0]["description"]
    assert f"Is {url} right?" in description


#: Pieces of markup and of web addresses, so that drawn text holds both, mixed.
MARKUP_PIECES = st.sampled_from([*"[]()\\ax:/*_`|~>#-\n .<", "https://"])


@given(st.lists(MARKUP_PIECES).map("".join))
def test_cleaned_text_makes_no_masked_link(text: str) -> None:
    assert masked_links(clean(text)) == []


#: What a masked link's parts may hold: words, brackets, parentheses, escapes, addresses.
LINK_PARTS = st.lists(st.sampled_from([*"[]()\\ax /`<>", "https://e.x/", "](", "\n"])).map(
    "".join
)


@given(before=LINK_PARTS, label=LINK_PARTS, url=LINK_PARTS, after=LINK_PARTS)
@example(before="", label="yes", url="https://evil.example/a", after="")
@example(before="[a] or ", label="results", url="https://evil.example/login", after="")
@example(before="[x https://e.x/", label="", url="https://evil.example", after="")
def test_a_masked_link_typed_stays_text_and_other_brackets_as_typed(
    before: str, label: str, url: str, after: str
) -> None:
    """A `[label](url)` in user text is never a link in the bot's message, wherever it
    stands: beside brackets, escapes, addresses and code spans of any kind."""
    assert masked_links(clean(f"{before}[{label}]({url}){after}")) == []


@given(st.text(st.characters(exclude_characters="\\`"), max_size=40))
@example("[time:HH:MM] [tz:Europe/Paris]")
def test_a_bracket_no_link_follows_is_not_escaped(text: str) -> None:
    """Only a `[` with a `](` after it can open a masked link: every other one is shown as
    typed. (No backslash or backtick drawn: those are escaped or code of their own.)"""
    if "](" not in text:
        assert "\\[" not in clean(text)


NO_BACKTICK = st.text(st.characters(exclude_characters="`"), max_size=30)
URL_PATH = st.text(alphabet=st.sampled_from([*"abz09-_~*[]()=&?/%.#`|"]), max_size=40)


@given(path=URL_PATH, before=NO_BACKTICK, after=NO_BACKTICK)
@example(path="[", before="", after="- or # next")
def test_a_web_address_is_shown_as_typed(path: str, before: str, after: str) -> None:
    """What follows an address on its line is no line start: no backslash shows there.
    (Around it, no backtick: one before and one in the address make it code, not a link,
    on Discord as in the rendering.)"""
    url = f"https://example.com/{path}x"
    rendered = clean(f"{before} {url} {after}")
    assert f" {url} " in rendered
    assert rendered.endswith(clean(f"x {after}")[1:])


def code_spans(rendered: str) -> list[str]:
    """What Discord shows as code in `rendered`: the inside of each code span."""
    spans: list[str] = []
    at = 0
    while at < len(rendered):
        code = DISCORD_CODE.match(rendered, at)
        if code is not None:
            spans.append(code.group(2))
            at = code.end()
        else:
            at += 2 if rendered[at] == "\\" else 1
    return spans


#: Text of single backticks and backslashes on one line, where whether a backtick opens a
#: span depends on the backslashes before it (runs of backticks and line breaks aside).
ESCAPED_TICKS = (
    st.lists(st.sampled_from(["`", "\\", "\\`", "a", " ", "*"]), max_size=12)
    .map("".join)
    .filter(lambda text: "``" not in text)
)


@given(ESCAPED_TICKS)
@example("\\`x\\`")  # showed a backslash, then "x\\" as code
@example("\\\\`x`")  # an escaped backslash: the backtick after it opens the span
@example("\\`x`y`")  # the span is the one after the escaped backtick
def test_only_what_the_text_has_as_code_is_shown_as_code(text: str) -> None:
    """A backtick after an odd run of backslashes is escaped, as Discord reads a message,
    and opens no code span: "\\`x\\`" was shown as a backslash and the code "x\\"."""
    assert code_spans(clean(text)) == code_spans(text)


async def test_the_cores_code_spans_show_as_code(fake: FakeDiscord, bot: BotApp) -> None:
    """The core quotes option names in backticks, as code; Discord's adapter escaped the
    backticks, so people saw them: "\\`time\\` and \\`tz\\` go with /daily on"."""
    typed = await fake.command("daily", {"action": "status", "time": "09:30"})
    content = message_of(await fake.answer(typed))["content"]
    # the commands offered, code too (`Pasted`), and the usage line's brackets as typed
    status, on = "/daily action:status", "/daily action:on"
    assert code_spans(content) == [status, "time", "tz", on, "/daily"]
    assert "\\`" not in content and "\\[" not in content and "[" in content, content


@given(
    before=NO_BACKTICK,
    code=st.text(st.characters(exclude_characters="`\n"), min_size=1),
    after=NO_BACKTICK,
)
def test_a_code_span_is_shown_as_code_with_nothing_escaped(
    before: str, code: str, after: str
) -> None:
    """Inside a code span a backslash shows as typed, so nothing in one may be escaped;
    only mentions are made inert (a zero-width space), as everywhere."""
    rendered = clean(f"{before} `{code}` {after}")
    assert neutralize_mentions(code) in code_spans(rendered)


async def test_an_80_character_option_label_is_shown_whole(fake: FakeDiscord, bot: BotApp) -> None:
    """Option labels may have 80 characters (`MAX_OPTION`), as many as a Discord button
    shows, yet they were cut to Slack's 75 on Discord too: "…" where nothing was missing."""
    label = "Export controls held " + "x" * (MAX_OPTION - 21)
    answer = await fake.answer(
        await fake.command("poll", {"question": "Which?", "options": f"{label} | Neither"})
    )
    buttons = [c for row in message_of(answer)["components"] for c in row["components"]]
    assert [b["label"] for b in buttons[:2]] == [label, "Neither"]


def shown_labels(label: str) -> tuple[str, str]:
    """A one-option row's button label as the core writes it for a poll, then as Discord
    and as Slack show it."""
    options = (PollOption(1, label), PollOption(2, "Other"))
    poll = replace(poll_of("A | Other"), options=options)
    [vote, *_] = poll_message(poll, Tally(poll.id, {}, 0)).buttons()
    on_slack = slack_button(vote.label, vote.action_id)["text"]["text"]
    return ActionButton.of(vote).item.label or "", on_slack


#: Option labels, often near the limits (Slack's 75, Discord's and the poll's 80), as
#: stored: without the controls the dispatcher strips from what users type.
LABELS = (
    st.text(min_size=1, max_size=MAX_OPTION) | st.text(min_size=70, max_size=MAX_OPTION)
).map(strip_controls)


@given(LABELS)
@example("@here " + "x" * (MAX_OPTION - 6))  # 81 once the mention is made inert
def test_a_label_is_cut_only_past_its_platforms_limit_and_then_visibly(label: str) -> None:
    """Discord shows 80 characters, Slack 75: a label is shown whole where it fits, and
    where it does not, it is its start and an ellipsis on both platforms. (Right-to-left
    text is isolated where the isolates fit too: tests/test_polls_bidi.py.)"""
    meant = neutralize_mentions(label)
    for shown, limit in zip(shown_labels(label), (LABEL_LIMIT, MAX_BUTTON_TEXT), strict=True):
        if len(meant) <= limit:
            assert without_isolates(shown) == meant
        else:
            visible = without_isolates(shown)
            assert len(shown) <= limit and visible.endswith("…")
            assert meant.startswith(visible[:-1].rstrip())


#: Discord's timestamp markup as Discord reads it: shown as a time, not as the text typed.
DISCORD_TIME = re.compile(r"<t:-?\d+(?::[A-Za-z])?>")


async def test_time_markup_in_a_poll_is_shown_as_text(fake: FakeDiscord, bot: BotApp) -> None:
    """A question saying "closes <t:1:f>" showed Discord's rendering of a time it made up
    (the bot's own deadline is shown in the same markup, so it passed for the poll's)."""
    question = "Who wins? Voting closes <t:1:f>"
    options = "Baker <t:2:R> | Gin"
    answer = await fake.answer(
        await fake.command("poll", {"question": question, "options": options})
    )
    description = message_of(answer)["embeds"][0]["description"]
    assert "closes <\u200bt:1:f>" in description and "Baker <\u200bt:2:R>" in description
    assert DISCORD_TIME.search(description) is None, description


@given(st.text(alphabet=st.sampled_from("<t:-0123456789fR `>\\*x")) | st.text())
@example("<t:1767225600:f>")
@example("`<t:1:R>`")
def test_cleaned_text_shows_no_time_markup(text: str) -> None:
    """Whatever the user types, no part of it is shown as a time."""
    assert DISCORD_TIME.search(clean(text)) is None
