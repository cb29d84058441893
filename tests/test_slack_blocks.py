"""Block Kit rendering: every reply shape, Slack's limits, escaping and inert mentions.

The limits are checked with the same validator the fake Slack applies (`block_errors`), so a
rendering that passes here is one the fake, like Slack, accepts.
"""

from __future__ import annotations

from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.adapters.slack.blocks import (
    MAX_FALLBACK,
    MAX_FIELD_TEXT,
    MAX_MESSAGE_TEXT,
    MIN_FIELD_SHARE,
    fallback_text,
    render_message,
    safe_text,
    split_escaped,
    text_length,
)
from bot.core.errors import UserError
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
    notice,
)
from bot.core.sanitize import ZERO_WIDTH_SPACE, comparison_key
from bot.polls.model import MAX_OPTIONS, MIN_OPTIONS, Tally
from bot.polls.render import poll_message, results_reply
from tests.slack_fake import block_errors, blocks_text
from tests.test_discord_choice_names import GRAPHEMES
from tests.test_polls_options import poll_of


def texts(blocks: list[dict]) -> list[str]:
    """Every piece of text in the blocks, in order."""
    found: list[str] = []
    for block in blocks:
        if "text" in block:
            found.append(block["text"]["text"])
        found += [f["text"] for f in block.get("fields", [])]
        found += [e["text"] for e in block.get("elements", []) if e.get("type") == "mrkdwn"]
        found += [e["text"]["text"] for e in block.get("elements", []) if e.get("type") == "button"]
    return found


def test_a_card_becomes_header_sections_quote_fields_buttons_and_a_context_footer() -> None:
    card = Card(
        title="Gavin Baker on chips",
        blocks=(
            Text("Compute decides."),
            Quote("terrible mistake", "Gavin Baker"),
            Fields((Field("Votes", "3"), Field("Voters", "2"))),
            Buttons((Button("poll:v1:7:1", "Baker", ButtonStyle.PRIMARY),)),
        ),
        footer="Source: All-In, 2025",
    )
    message = render_message(Reply(cards=(card,)))
    assert [b["type"] for b in message.blocks] == [
        "header",
        "section",
        "section",
        "section",
        "actions",
        "context",
    ]
    header, text, quote, fields, actions, footer = message.blocks
    assert header["text"] == {"type": "plain_text", "text": "Gavin Baker on chips", "emoji": True}
    assert text["text"] == {"type": "mrkdwn", "text": "Compute decides."}
    assert quote["text"]["text"] == "> terrible mistake\n> — _Gavin Baker_"
    assert [f["text"] for f in fields["fields"]] == ["*Votes*\n3", "*Voters*\n2"]
    assert actions["elements"] == [
        {
            "type": "button",
            "action_id": "poll:v1:7:1",
            "text": {"type": "plain_text", "text": "Baker", "emoji": True},
            "style": "primary",
        }
    ]
    assert footer["elements"] == [{"type": "mrkdwn", "text": "Source: All-In, 2025"}]
    assert message.text == Reply(cards=(card,)).fallback()
    assert block_errors(message.blocks, limit=50) == []


def test_cards_are_separated_by_dividers_after_the_reply_text() -> None:
    reply = Reply(cards=(Card("One"), Card("Two")), text="Intro")
    kinds = [b["type"] for b in render_message(reply).blocks]
    assert kinds == ["section", "divider", "header", "divider", "header"]


def test_text_is_escaped_and_mentions_are_inert() -> None:
    reply = notice("<!channel> & <@U123> say a > b; @here too")
    message = render_message(reply)
    shown = message.blocks[0]["text"]["text"]
    assert "<!" not in shown and "<@" not in shown
    assert shown.startswith("&lt;" + ZERO_WIDTH_SPACE + "!channel&gt; &amp; &lt;")
    assert "@" + ZERO_WIDTH_SPACE + "here" in shown
    assert message.text == shown  # the fallback gets the same treatment


def test_plain_text_parts_neutralise_mentions_without_escaping() -> None:
    card = Card(title="Q&A for @everyone", blocks=(Buttons((Button("x:1", "<!here> & go"),)),))
    header, actions = render_message(Reply(cards=(card,))).blocks
    assert header["text"]["text"] == "Q&A for @" + ZERO_WIDTH_SPACE + "everyone"
    assert actions["elements"][0]["text"]["text"] == "<" + ZERO_WIDTH_SPACE + "!here> & go"


def test_long_text_is_split_into_sections_within_3000_characters() -> None:
    paragraph = " ".join(["word"] * 1500)  # 7,499 characters
    message = render_message(Reply(cards=(Card(blocks=(Text(paragraph),)),)))
    sections = [b["text"]["text"] for b in message.blocks]
    assert len(sections) == 3
    assert all(len(s) <= 3000 for s in sections)
    assert " ".join(sections).split() == paragraph.split()
    assert block_errors(message.blocks, limit=50) == []


def test_splitting_never_cuts_an_escaped_entity() -> None:
    escaped = safe_text("&" * 2000)  # 10,000 characters of `&amp;`
    chunks = split_escaped(escaped, 3000)
    assert all(len(c) <= 3000 for c in chunks)
    assert all(c.startswith("&amp;") and c.endswith("&amp;") for c in chunks)
    assert "".join(chunks) == escaped


@given(
    st.lists(st.sampled_from(GRAPHEMES), min_size=1, max_size=1500),
    st.lists(st.sampled_from(["", ", ", "&"]), max_size=1500),
)
@example(["🇫🇷"] * 1500, [])  # a flag's letters at an odd offset: half a flag before the fix
@example(["e\u0301"] * 1500, ["&"])  # an accent right after an entity's `;`
def test_a_cut_voter_list_keeps_whole_graphemes(graphemes: list[str], glue: list[str]) -> None:
    """A voter list cut to what a Slack field holds (2,000 characters, or its share of a
    message) ends after a whole flag, emoji or accented letter, never inside one, and
    never inside an `&amp;`: Slack showed half a flag as a lone regional letter."""
    pieces = [g + (glue[n] if n < len(glue) else "") for n, g in enumerate(graphemes)]
    value = "".join(pieces)
    [section] = render_message(Reply(cards=(Card(blocks=(Fields((Field("V", value),)),)),))).blocks
    [shown] = texts([section])
    assert len(shown) <= MAX_FIELD_TEXT
    if not shown.endswith("…"):
        assert shown == f"*V*\n{safe_text(value)}"
        return
    kept = shown.removeprefix("*V*\n").removesuffix("…")
    assert kept in {safe_text("".join(pieces[:n])).rstrip() for n in range(len(pieces))}


def test_a_run_of_combining_marks_is_still_split() -> None:
    """A run of accents on no letter is one grapheme to the cut: moved back to its start,
    the cut would keep nothing and a long text would never be split. It is split where
    the limit falls."""
    chunks = split_escaped("\u0301" * 7000, 3000)
    assert [len(chunk) for chunk in chunks] == [3000, 3000, 1000]


def test_limits_header_button_label_fields_and_long_fallback() -> None:
    fields = tuple(Field(f"F{n}", "v" * 100) for n in range(23))
    buttons = tuple(Button(f"x:{n}", "L" * 100) for n in range(30))
    card = Card(title="T" * 200, blocks=(Fields(fields), Buttons(buttons)))
    reply = Reply(cards=(card,), text="x" * 5_000)
    message = render_message(reply)
    assert block_errors(message.blocks, limit=50) == []
    header = next(b for b in message.blocks if b["type"] == "header")
    assert len(header["text"]["text"]) == 150 and header["text"]["text"].endswith("…")
    field_rows = [b for b in message.blocks if "fields" in b]
    assert [len(b["fields"]) for b in field_rows] == [10, 10, 3]
    actions = [b for b in message.blocks if b["type"] == "actions"]
    assert [len(b["elements"]) for b in actions] == [25, 5]
    assert all(len(e["text"]["text"]) == 75 for b in actions for e in b["elements"])
    assert len(message.text) == MAX_FALLBACK


def test_a_field_longer_than_slack_takes_is_cut() -> None:
    card = Card(blocks=(Fields((Field("Voters", "v" * 2500, inline=False),)),))
    [section] = render_message(Reply(cards=(card,))).blocks
    assert len(section["text"]["text"]) == MAX_FIELD_TEXT
    assert section["text"]["text"].endswith("v…")


def test_long_voter_lists_share_what_a_message_may_hold() -> None:
    """Ten full-width fields of 1,280 characters (a results card's voter lists) and a
    tally: past what Slack takes in one message, each list is cut to one share, the
    longest first, and nothing else is cut."""
    tally = Text("\n".join(f"{n}) option {n}: 30 votes" for n in range(1, 11)))
    lists = tuple(Field(f"{n}) option {n}", "name, " * 210, inline=False) for n in range(10))
    short = Field("11) option 11", "ann, bob", inline=False)
    card = Card("Results of poll #1", (tally, Fields((*lists, short))), footer="Open")
    blocks = render_message(Reply(cards=(card,))).blocks
    assert text_length(blocks) <= MAX_MESSAGE_TEXT and blocks_text(blocks) == text_length(blocks)
    assert block_errors(blocks, limit=50) == []
    shown = texts(blocks)
    assert shown[:2] == ["Results of poll #1", tally.text] and shown[-1] == "Open"
    cut = shown[2:-2]
    assert len(cut) == 10 and len({len(text) for text in cut}) == 1
    assert all(text.endswith("…") and MIN_FIELD_SHARE < len(text) < 1000 for text in cut)
    assert shown[-2] == "*11) option 11*\nann, bob"


def test_voter_lists_longer_escaped_than_a_field_holds_are_all_shown() -> None:
    """Ten voter lists of names full of `<`, `>` and `&` (1,024 characters each in the
    core, past Slack's 2,000 a field once escaped): the share was computed from the lists'
    escaped lengths while the excess was measured on lists already cut to 2,000, so the
    lists were hardly cut and options 5 to 10 lost their voters to "6 more parts not
    shown". Every option's list is shown, cut to one share."""
    names = ", ".join(f"<<<>>>&&{n:03d}" for n in range(110))[:1024]
    lists = tuple(Field(f"{n}) option {n}", names, inline=False) for n in range(1, 11))
    card = Card("Results of poll #1", (Text("tally"), Fields(lists)), footer="Open")
    blocks = render_message(Reply(cards=(card,))).blocks
    assert text_length(blocks) <= MAX_MESSAGE_TEXT and block_errors(blocks, limit=50) == []
    shown = texts(blocks)
    assert shown[-1] == "Open" and not any("not shown" in text for text in shown)
    for n in range(1, 11):
        assert sum(text.startswith(f"*{n}) option {n}*\n&lt;&lt;&lt;") for text in shown) == 1


def test_a_reply_too_long_for_one_message_is_cut_from_its_end() -> None:
    """Forty points of 400 characters (a large pack's whole debate): past what Slack
    takes in one message, the last points make way for a line saying so, and the source
    that closes the answer stays."""
    points = tuple(Card(f"Point {n}", (Text("p" * 400),)) for n in range(40))
    cited = Card("Who's right", (Text("verdict"),), footer="Source: The article")
    blocks = render_message(Reply(cards=(*points, cited))).blocks
    assert text_length(blocks) <= MAX_MESSAGE_TEXT and block_errors(blocks, limit=50) == []
    assert texts(blocks[-1:]) == ["Source: The article"]
    [cut] = texts(blocks[-2:-1])
    assert cut.startswith("… ") and cut.endswith(
        " more parts not shown: too long for one Slack message."
    )
    assert texts(blocks)[:3] == ["Point 0", "p" * 400, "Point 1"]


#: Text as users and packs write it, escapes (`&<>`) and emphasis marks included.
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)) | st.sampled_from("&<>*_~"))
BLOCKS = st.one_of(
    st.builds(Text, ANY_TEXT.filter(str.strip) | st.just("x" * 3500)),
    st.builds(Note, ANY_TEXT, ANY_TEXT),
    st.builds(Quote, ANY_TEXT, ANY_TEXT),
    st.builds(
        Fields,
        st.lists(
            st.builds(Field, ANY_TEXT, ANY_TEXT | st.just("&" * 1500), st.booleans()),
            max_size=12,
        ).map(tuple),
    ),
)


@given(
    ANY_TEXT,
    st.lists(
        st.builds(Card, ANY_TEXT, st.lists(BLOCKS, max_size=8).map(tuple), footer=ANY_TEXT),
        max_size=6,
    ),
    st.lists(ANY_TEXT.filter(str.strip), max_size=12),  # a poll's labels are never blank
)
def test_any_reply_is_one_message_slack_takes(
    text: str, cards: list[Card], labels: list[str]
) -> None:
    """Whatever a reply holds, its message keeps within every Block Kit limit the fake
    checks and within what Slack takes in one message in all; every button is kept, and
    so is the footer that closes it."""
    buttons = tuple(Button(f"poll:v1:1:{n}", label) for n, label in enumerate(labels))
    cards = [*cards, Card(blocks=(Buttons(buttons),))] if buttons else cards
    reply = Reply(cards=tuple(cards), text=text)
    blocks = render_message(reply).blocks
    assert block_errors(blocks, limit=50) == []
    assert blocks_text(blocks) <= MAX_MESSAGE_TEXT
    kept = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert kept == [b.action_id for b in buttons]
    if cards and cards[-1].footer and not buttons:
        assert blocks[-1]["type"] == "context"


@given(
    st.lists(
        st.builds(
            Field,
            ANY_TEXT.map(lambda name: name[:40]),
            (ANY_TEXT | st.text("<>&x, ", min_size=500)).map(lambda value: value[:1024]),
            st.booleans(),
        ),
        min_size=1,
        max_size=MAX_OPTIONS,
    )
)
def test_every_voter_list_of_a_results_card_is_shown(lists: list[Field]) -> None:
    """However much escaping lengthens them, a results card's voter lists (one field an
    option, at most 1,024 characters each, as the core cuts them) are all shown in one
    message Slack takes: cut to a share if need be, never dropped."""
    card = Card("Results of poll #1", (Text("tally"), Fields(tuple(lists))), footer="Open")
    blocks = render_message(Reply(cards=(card,))).blocks
    assert text_length(blocks) <= MAX_MESSAGE_TEXT and block_errors(blocks, limit=50) == []
    shown = [field for block in blocks for field in block.get("fields", ())]
    shown += [block for block in blocks if block["type"] == "section" and "text" in block]
    assert len(shown) == len(lists) + 1  # each list, and the tally
    assert not any("not shown" in text for text in texts(blocks))


def test_full_width_fields_get_their_own_section() -> None:
    block = Fields((Field("A", "1"), Field("Voters", "ann, bob", inline=False), Field("B", "2")))
    blocks = render_message(Reply(cards=(Card(blocks=(block,)),))).blocks
    assert blocks == [
        {"type": "section", "fields": [{"type": "mrkdwn", "text": "*A*\n1"}]},
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Voters*\nann, bob"}},
        {"type": "section", "fields": [{"type": "mrkdwn", "text": "*B*\n2"}]},
    ]


def test_more_than_50_blocks_keeps_every_button_and_says_what_was_cut() -> None:
    cards = tuple(Card(title=f"Card {n}", blocks=(Text(f"text {n}"),)) for n in range(40))
    buttons = Card(blocks=(Buttons((Button("poll:v1:1:1", "Vote"),)),))
    message = render_message(Reply(cards=(*cards, buttons)))
    assert len(message.blocks) == 50
    assert message.blocks[-1]["type"] == "actions"
    notice_block = message.blocks[-2]
    assert notice_block["type"] == "context"
    assert "more parts not shown" in notice_block["elements"][0]["text"]
    assert block_errors(message.blocks, limit=50) == []


def test_a_reply_cut_to_50_blocks_still_ends_with_its_source() -> None:
    """A debate in a large pack (points with several excerpts each, a long verdict) ran
    past 50 blocks, and the cut took the citation that closes every answer with it."""
    points = tuple(
        Card(f"Point {n}", (Text(f"claim {n}"), Note("From the article", f"excerpt {n}.")))
        for n in range(20)
    )
    cited = Card("Who's right", (Text("verdict"),), footer="Source: The article — Show")
    message = render_message(Reply(cards=(*points, cited)))
    assert len(message.blocks) == 50 and block_errors(message.blocks, limit=50) == []
    assert texts(message.blocks[-1:]) == ["Source: The article — Show"]
    assert "more parts not shown" in texts(message.blocks[-2:-1])[0]


def test_images_show_their_alt_text_unless_attached_as_files() -> None:
    image = Image(b"\x89PNG", "poll-1.png", "Bar chart of poll #1")
    reply = Reply(cards=(Card(title="Results", blocks=(Text("3 votes"), image)),))
    inline = render_message(reply).blocks
    assert inline[-1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "Chart: Bar chart of poll #1"}],
    }
    attached = render_message(reply, images_attached=True).blocks
    assert [b["type"] for b in attached] == ["header", "section"]


def test_results_text_names_the_chart_and_says_the_tally_once() -> None:
    """The top-level text (a screen reader's whole message) holds the tally in words; the
    chart is named there, not described a second time with the same counts."""
    poll = poll_of("Pizza | Sushi")
    results = results_reply(poll, Tally(7, {1: 2, 2: 1}, 3), [], chart=b"\x89PNG")
    [image] = results.images()
    assert "Pizza: 2 votes (67%)" in image.alt_text  # the chart's own description
    text = render_message(results, images_attached=True).text
    assert text.count("Pizza: 2 votes (67%)") == 1 and "\nBar chart of poll #7\n" in text
    # Not attached (an ephemeral answer), the chart's line under the tally names it too.
    inline = texts(render_message(results).blocks)
    assert "Chart: Bar chart of poll #7" in inline and "".join(inline).count("Pizza: 2") == 1


def test_an_empty_reply_still_has_the_text_slack_requires() -> None:
    assert fallback_text(Reply()) == " "
    assert texts(render_message(notice("ok")).blocks) == ["ok"]


def test_a_note_is_a_context_line_in_place_escaped_and_inert() -> None:
    card = Card("T", (Text("claim"), Note("From the article", "a <b> & @here"), Text("next")))
    blocks = render_message(Reply(cards=(card,))).blocks
    assert [b["type"] for b in blocks] == ["header", "section", "context", "section"]
    [element] = blocks[2]["elements"]
    assert element == {
        "type": "mrkdwn",
        "text": f"*From the article:* a &lt;b&gt; &amp; @{ZERO_WIDTH_SPACE}here",
    }
    assert not block_errors(blocks, limit=50)


#: 72 characters: labels of 80 that begin with it differ only past Slack's 75.
STEM = "Baker is right about Blackwell, the H200s and P30s, and the export rules"
LONG_LABELS = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="|｜#"), max_size=80),
    st.text(st.sampled_from("ab 1寿🍕"), min_size=1, max_size=8).map(STEM.__add__),
)


@given(st.lists(LONG_LABELS, min_size=MIN_OPTIONS, max_size=MAX_OPTIONS))
@example([STEM + " of 2025", STEM + " of 2026"])
def test_no_two_option_buttons_read_alike_on_slack(labels: list[str]) -> None:
    """Any poll's option buttons, as Slack shows them (75 characters at most), are told
    apart as its labels are (`comparison_key`), and stay within Block Kit's limits."""
    try:
        poll = poll_of(" | ".join(labels))
    except UserError:
        assume(False)
    blocks = render_message(poll_message(poll, Tally(poll.id, {}, 0))).blocks
    assert block_errors(blocks, limit=50) == []
    buttons = [e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    keys = [comparison_key(text) for text in buttons[:-1]]  # the Close button last
    assert len(keys) == len(poll.options) and len(set(keys)) == len(keys)
