"""Replies rendered for Discord: every split stays within Discord's limits, nothing pings."""

from __future__ import annotations

import discord
from hypothesis import given
from hypothesis import strategies as st

from bot.adapters.discord.embeds import (
    CONTENT_LIMIT,
    DESCRIPTION_LIMIT,
    EMBEDS_PER_MESSAGE,
    FIELD_VALUE_LIMIT,
    FIELDS_PER_EMBED,
    MESSAGE_EMBED_CHARS,
    TITLE_LIMIT,
    DiscordMessage,
    split_reply,
    split_text,
    truncate,
)
from bot.core.replies import (
    Button,
    Buttons,
    ButtonStyle,
    Card,
    Field,
    Fields,
    Image,
    Note,
    Quote,
    Reply,
    Text,
)
from tests.test_discord_choice_names import GRAPHEMES

PNG = b"\x89PNG\r\n\x1a\nfake-chart"


def assert_within_limits(messages: list[DiscordMessage]) -> None:
    for message in messages:
        assert message.content is None or 0 < len(message.content) <= CONTENT_LIMIT
        assert len(message.embeds) <= EMBEDS_PER_MESSAGE
        assert sum(len(e) for e in message.embeds) <= MESSAGE_EMBED_CHARS
        assert len(message.images) <= EMBEDS_PER_MESSAGE
        assert len(message.rows) <= 5 and all(len(row) <= 5 for row in message.rows)
        for embed in message.embeds:
            assert len(embed.title or "") <= TITLE_LIMIT
            assert len(embed.description or "") <= DESCRIPTION_LIMIT
            assert len(embed.fields) <= FIELDS_PER_EMBED
            assert all(len(f.value or "") <= FIELD_VALUE_LIMIT for f in embed.fields)
        assert message.content or message.embeds or message.rows


def words(count: int, prefix: str = "w") -> str:
    return " ".join(f"{prefix}{n}" for n in range(count))


def test_card_becomes_a_coloured_embed_with_quote_fields_and_cited_footer() -> None:
    card = Card(
        title="Gavin Baker on chips",
        blocks=(
            Text("China turned away the best chips."),
            Quote("terrible mistake\nreally", "Gavin Baker"),
            Fields((Field("Strength", "5"), Field("Topic", "chips", inline=False))),
        ),
        colour=0x1F6FEB,
        footer="Source: TBPN",
    )
    [message] = split_reply(Reply(cards=(card,)))
    [embed] = message.embeds
    payload = embed.to_dict()
    assert payload["title"] == "Gavin Baker on chips"
    assert payload["color"] == 0x1F6FEB
    assert payload["footer"] == {"text": "Source: TBPN"}
    assert payload["description"] == (
        "China turned away the best chips.\n\n> terrible mistake\n> really\n> — Gavin Baker"
    )
    assert payload["fields"] == [
        {"name": "Strength", "value": "5", "inline": True},
        {"name": "Topic", "value": "chips", "inline": False},
    ]
    assert message.content is None


def test_long_text_is_split_into_contents_of_at_most_2000_characters() -> None:
    text = words(1500)  # 7,389 characters
    messages = split_reply(Reply(text=text))
    assert len(messages) == 4
    assert_within_limits(messages)
    assert " ".join(m.content or "" for m in messages).split() == text.split()


def test_many_long_cards_are_spread_over_messages_within_6000_characters() -> None:
    cards = tuple(
        Card(title=f"Card {n}", blocks=(Text(words(500, f"c{n}-")),), colour=n, footer="cite")
        for n in range(15)
    )
    messages = split_reply(Reply(cards=cards, text="Best matches"))
    assert_within_limits(messages)
    assert messages[0].content == "Best matches"
    titles = [e.title for m in messages for e in m.embeds if e.title]
    assert titles == [f"Card {n}" for n in range(15)]
    described = " ".join(e.description or "" for m in messages for e in m.embeds)
    assert described.split() == " ".join(words(500, f"c{n}-") for n in range(15)).split()


def test_a_huge_card_continues_in_embeds_of_its_colour_title_first_footer_last() -> None:
    card = Card(title="Long", blocks=(Text(words(2500)),), colour=0xABCDEF, footer="Source: X")
    messages = split_reply(Reply(cards=(card,)))
    assert_within_limits(messages)
    embeds = [e for m in messages for e in m.embeds]
    assert len(embeds) >= 4
    assert [e.title for e in embeds] == ["Long"] + [None] * (len(embeds) - 1)
    assert all(e.colour == discord.Colour(0xABCDEF) for e in embeds)
    assert [e.footer.text for e in embeds] == [None] * (len(embeds) - 1) + ["Source: X"]


@given(st.integers(3700, 4090), st.integers(1, 6))
def test_a_long_card_continues_between_its_paragraphs_not_inside_one(
    length: int, lines: int
) -> None:
    """A stance card in a large pack ran past one description, and the cut fell on the last
    line break that fit: between a quote and its "— Gavin Baker", or a claim's lines."""
    opening = ("x" * 9 + " ") * (length // 10)
    quote = Quote("\n".join(f"quoted line {n}" for n in range(lines)), "Gavin Baker")
    evidence = Note("From the article", "The sentence behind it.")
    card = Card(title="Long", blocks=(Text(opening), Text("claim"), quote, evidence))
    messages = split_reply(Reply(cards=(card,)))
    assert_within_limits(messages)
    descriptions = [e.description or "" for m in messages for e in m.embeds]
    quoted = [d for d in descriptions if "> quoted line 0" in d]
    quote_lines = [line for line in quoted[0].splitlines() if line.startswith("> ")]
    assert len(quoted) == 1 and len(quote_lines) == lines + 1  # every line, and who said it
    assert any("-# From the article: The sentence behind it." in d for d in descriptions)


def test_fields_beyond_25_or_6000_characters_continue_in_new_embeds() -> None:
    fields = tuple(Field(f"Option {n}", "x" * 1500) for n in range(60))
    messages = split_reply(Reply(cards=(Card(title="Votes", blocks=(Fields(fields),)),)))
    assert_within_limits(messages)
    shown = [f for m in messages for e in m.embeds for f in e.fields]
    assert [f.name for f in shown] == [f"Option {n}" for n in range(60)]
    assert all(len(f.value or "") == FIELD_VALUE_LIMIT and f.value.endswith("…") for f in shown)


def test_a_maximal_footer_never_pushes_an_embed_past_6000() -> None:
    card = Card(title="T" * 300, blocks=(Text("d" * 4096),), footer="f" * 2048)
    messages = split_reply(Reply(cards=(card,)))
    assert_within_limits(messages)
    embeds = [e for m in messages for e in m.embeds]
    assert embeds[0].title == "T" * (TITLE_LIMIT - 1) + "…"
    assert embeds[-1].footer.text == "f" * 2048


def test_buttons_fill_rows_of_five_and_at_most_five_rows_a_message() -> None:
    row = Buttons(tuple(Button(f"poll:v1:7:{n}", f"Option {n}") for n in range(1, 13)))
    closing = Buttons((Button("poll:v1:7:close", "Close", ButtonStyle.DANGER),))
    messages = split_reply(Reply(cards=(Card(title="Poll #7", blocks=(Text("Q?"), row, closing)),)))
    [message] = messages
    assert [len(r) for r in message.rows] == [5, 5, 2, 1]
    components = message.view().to_components()
    ids = [c["custom_id"] for r in components for c in r["components"]]
    assert ids == [f"poll:v1:7:{n}" for n in range(1, 13)] + ["poll:v1:7:close"]
    assert components[-1]["components"][0]["style"] == discord.ButtonStyle.danger.value

    many = Buttons(tuple(Button(f"poll:v1:8:{n}", str(n)) for n in range(1, 31)))
    messages = split_reply(Reply(cards=(Card(title="Big", blocks=(many,)),)))
    assert_within_limits(messages)
    assert [len(m.rows) for m in messages] == [5, 1]
    assert [b.action_id for m in messages for r in m.rows for b in r] == [
        f"poll:v1:8:{n}" for n in range(1, 31)
    ]


def test_images_become_attachments_shown_by_their_embeds() -> None:
    card = Card(
        title="Results",
        blocks=(Image(PNG, "results.png", "bar chart"), Image(PNG, "second.png", "another")),
    )
    [message] = split_reply(Reply(cards=(card,)))
    assert [e.image.url for e in message.embeds] == [
        "attachment://results.png",
        "attachment://second.png",
    ]
    files = message.files()
    assert [f.filename for f in files] == ["results.png", "second.png"]
    assert files[0].fp.read() == PNG
    assert message.files()[0].fp.read() == PNG  # fresh streams each time: resends work


def test_user_text_cannot_mention_anyone_or_inject_markdown() -> None:
    reply = Reply(
        text="@everyone look <@123> and <@&456> @here",
        cards=(Card(title="**Poll** by <@1>", blocks=(Text("_vote_ @everyone"),), footer="@here"),),
    )
    [message] = split_reply(reply)
    assert message.content is not None
    assert "@everyone" not in message.content and "<@123>" not in message.content
    assert "<@&456>" not in message.content and "@here" not in message.content
    embed = message.embeds[0]
    assert embed.title is not None and embed.title.startswith("\\*\\*Poll\\*\\*")
    assert "<@1>" not in embed.title
    assert embed.description is not None and embed.description.startswith("\\_vote\\_")
    assert "@everyone" not in embed.description
    assert "@here" not in (embed.footer.text or "")
    for kwargs in (message.send_kwargs(), message.edit_kwargs()):
        assert kwargs["allowed_mentions"].to_dict() == {"parse": []}


def test_edits_replace_the_whole_message() -> None:
    [plain] = split_reply(Reply(text="no buttons any more"))
    kwargs = plain.edit_kwargs()
    assert kwargs["view"] is None and kwargs["embeds"] == [] and kwargs["attachments"] == []
    assert "view" not in plain.send_kwargs()


def test_split_text_prefers_line_breaks_then_spaces_and_keeps_escapes_whole() -> None:
    assert split_text("aaa\nbbb ccc", 7) == ["aaa", "bbb ccc"]
    assert split_text("aaaa bbbb", 6) == ["aaaa", "bbbb"]
    assert split_text("abcdefgh", 3) == ["abc", "def", "gh"]
    assert split_text("ab\\*cd", 3) == ["ab", "\\*c", "d"]
    assert split_text("", 5) == [""]


def test_cuts_never_split_an_escape_but_keep_an_escaped_backslash() -> None:
    assert split_text("ab\\\\cd", 4) == ["ab\\\\", "cd"]  # `\\` is whole: no need to move
    assert split_text("abc\\*d", 4) == ["abc", "\\*d"]


@given(
    st.lists(st.sampled_from([*GRAPHEMES, "\\*", " "]), max_size=300),
    st.integers(min_value=6, max_value=50),  # past the longest grapheme, as every limit is
)
def test_cuts_never_split_a_grapheme_nor_an_escape(pieces: list[str], limit: int) -> None:
    """A long description split into embeds, or a field cut to Discord's limit, breaks
    after a whole flag, emoji or accented letter and never between a backslash and what
    it escapes: cut inside a flag, a description showed a lone regional letter on each
    side of the break."""
    text = "".join(pieces)
    ends = {len("".join(pieces[:n])) for n in range(len(pieces) + 1)}
    position = 0
    for chunk in split_text(text, limit):
        assert len(chunk) <= limit and text[position : position + len(chunk)] == chunk
        assert position in ends and position + len(chunk) in ends
        position += len(chunk)
        while text[position : position + 1] == " ":  # the break's spaces are left out
            position += 1
    clipped = truncate(text, limit)
    kept = clipped.removesuffix("…")
    assert len(clipped) <= limit and text.startswith(kept) and len(kept) in ends


def test_a_run_of_combining_marks_is_still_split() -> None:
    """Accents on no letter are one grapheme to the cut: moved back to their start, a cut
    would keep nothing and the split would never end. They are split at the limit."""
    assert [len(chunk) for chunk in split_text("\u0301" * 5000, 2000)] == [2000, 2000, 1000]


def test_a_note_is_discord_subtext_in_place_and_escaped() -> None:
    card = Card("T", (Text("claim"), Note("P30s", "a *name*\nkept"), Text("next")))
    [message] = split_reply(Reply(cards=(card,)))
    description = message.embeds[0].description
    assert description == "claim\n\n-# P30s: a \\*name\\*\n-# kept\n\nnext"
