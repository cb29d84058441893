"""User text is escaped for Discord in time linear in its length, and nothing inside
a `[…](…)` escapes the escaping.

discord.py's `escape_markdown` reads a masked link with `\\[.+\\]\\(.+\\)`, which backtracks
in the cube of a line's length: a /results field of 1,024 characters of voters named `[](…`
took about 17 ms, ten such fields 160 ms, the event loop (every user of the bot) waiting
meanwhile. Where that rule matched it escaped the `[` alone, so the `**bold**` or
`||spoiler||` a question put inside showed as markup. The work is counted here (what
`escape_markdown` is given), never timed.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import bot.adapters.discord.embeds as embeds
from bot.adapters.discord.embeds import clean, split_reply
from bot.core.replies import Card, Field, Fields, Reply
from bot.core.sanitize import MAX_NAME
from bot.polls.render import FIELD_VALUE

#: Markdown characters, brackets, line starts and a letter: neither a web address nor
#: a code span (`clean` shows those as typed), so every mark in it must come out escaped.
MARKDOWN = st.text(st.sampled_from("[]()*_~|>#- \n\\a"), max_size=200)
#: An emphasis or spoiler mark Discord would read: one after an even run of backslashes.
_LIVE_MARK = re.compile(r"(?<!\\)(?:\\\\)*[*_~|]")


@given(MARKDOWN)
@example("[**bold**](x)")
@example("a [__u__ ~~s~~ ||spoiler||](y) b")
@example("[a](b) *c*")
def test_no_emphasis_or_spoiler_mark_is_left_live(text: str) -> None:
    assert not _LIVE_MARK.search(clean(text)), clean(text)


@given(MARKDOWN.filter(lambda text: "](" not in text), st.booleans())
@example("> *quote* and [brackets] _here_\n- [x] item\n## heading ||s||", False)
@example("[\n  - a list under a bracket", True)
def test_text_with_no_link_shape_is_escaped_as_a_whole(text: str, mid_line: bool) -> None:
    """Escaping between `[`s changes nothing where no masked link could be read: the
    pieces are escaped as `escape_markdown` escapes the whole text."""
    lead = "x" if mid_line else ""
    whole = embeds.escape_markdown(lead + text)[len(lead) :]
    assert embeds._escaped(text, mid_line=mid_line, openers=0) == whole


def test_a_results_field_of_bracket_names_is_escaped_in_linear_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    given_texts: list[str] = []
    real = embeds.escape_markdown

    def counting(text: str) -> str:
        given_texts.append(text)
        return real(text)

    monkeypatch.setattr(embeds, "escape_markdown", counting)
    name = ("[](" * MAX_NAME)[:MAX_NAME]
    voters = ", ".join([name] * 20)[:FIELD_VALUE]
    fields = tuple(Field(f"{number}) option", voters) for number in range(1, 11))
    split_reply(Reply(cards=(Card(title="Results", blocks=(Fields(fields),)),)))
    # The masked-link rule, the one that backtracks, needs a `[`: none is given to it,
    # and what is given adds up to the text once, each piece with at most one letter before.
    assert not any("[" in text for text in given_texts)
    shown = sum(len(field.name) + len(field.value) for field in fields)
    assert sum(map(len, given_texts)) <= 2 * shown
