"""No reply, whatever users put in it, can ping anyone on Slack or Discord.

User text reaches every part of a reply: poll questions and options (titles, fields,
buttons), quoted input in refusals (text, notes), names learnt from display names
(fields, footers), typed takeaways and exports. The property draws a reply with hostile
text in every one of those places and renders it as each adapter does, then reads every
string the platform would receive."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.adapters.discord.embeds import split_reply
from bot.adapters.slack.blocks import render_message
from bot.app import BotApp
from bot.core.replies import Button, Buttons, Card, Field, Fields, Image, Note, Quote, Reply, Text
from tests.discord_fake import FakeDiscord
from tests.test_discord_e2e import message_of
from tests.test_slack_e2e import Slack

#: Pieces of every mention form of both platforms, and their near misses, to be combined.
PIECES = st.sampled_from(
    [
        "<",
        ">",
        "@",
        "!",
        "#",
        "&",
        "^",
        "|",
        " ",
        "\n",
        "\u200b",
        "U0ALICE",
        "123456",
        "everyone",
        "here",
        "channel",
        "EVERYONE",
        "Here",
        "subteam",
        "<@",
        "<!",
        "<#",
        "<@&",
        "<@!",
        "&lt;",
        "&gt;",
        "&amp;",
        "@everyone",
        "@here",
        "@channel",
        "<!here>",
        "<!channel>",
        "<!everyone>",
        "<!subteam^S1|@team>",
        "<@U0ALICE>",
        "<@&123456>",
        "<#C0GENERAL|general>",
        "a",
        "é",
        "*",
        "_",
        "~",
        "`",
        "\\",
        ":",
        "x@here.com",
    ]
)
USER_TEXT = st.lists(PIECES, max_size=12).map("".join) | st.text(max_size=40)

BLOCKS = st.one_of(
    st.builds(Text, USER_TEXT),
    st.builds(Quote, USER_TEXT, USER_TEXT),
    st.builds(Note, USER_TEXT, USER_TEXT),
    st.builds(Image, st.just(b"PNG"), st.just("poll-1.png"), USER_TEXT),  # a chart's alt text
    st.builds(
        Fields,
        st.lists(st.builds(Field, USER_TEXT, USER_TEXT, st.booleans()), max_size=3).map(tuple),
    ),
    st.builds(
        Buttons,
        st.lists(st.builds(Button, st.just("poll:v1:1:1"), USER_TEXT), min_size=1, max_size=3).map(
            tuple
        ),
    ),
)
CARDS = st.builds(
    Card,
    title=USER_TEXT,
    blocks=st.lists(BLOCKS, max_size=4).map(tuple),
    footer=USER_TEXT,
)
REPLIES = st.builds(
    Reply,
    cards=st.lists(CARDS, max_size=2).map(tuple),
    text=USER_TEXT,
    ephemeral=st.booleans(),
)

#: A mention either platform would turn into a ping: a bracketed form (`<@U…>`, `<@&…>`,
#: `<!here>`, `<!subteam^…>`, `<#…>`), or a broadcast word after an `@`, whatever follows
#: it (Discord reads "@everyone_" as @everyone). Slack's `<!date^…>` is a moment the reader
#: sees in their own zone (a poll's deadline), not a ping.
LIVE_MENTION = re.compile(r"<(?:[@#]|!(?!date\^))|@(?:everyone|here|channel)", re.IGNORECASE)


def strings(value: Any) -> list[str]:
    """Every string in a JSON-like value, keys aside."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in strings(item)]
    return []


def slack_strings(reply: Reply) -> list[str]:
    payload = render_message(reply).payload()
    return strings(payload)


def discord_strings(reply: Reply) -> list[str]:
    """What discord.py sends for each message of the reply that Discord reads markup in:
    content and embeds, and (checked here) `allowed_mentions` that allow none. Button
    labels are left out: Discord shows them as plain text, `<@…>` and `@here` included,
    and never pings from them."""
    shown: list[str] = []
    for message in split_reply(reply):
        kwargs = message.send_kwargs()
        assert kwargs["allowed_mentions"].to_dict() == {"parse": []}
        assert message.edit_kwargs()["allowed_mentions"].to_dict() == {"parse": []}
        shown += strings(kwargs["content"])
        shown += strings([embed.to_dict() for embed in kwargs["embeds"]])
    return shown


RENDERERS = {"slack": slack_strings, "discord": discord_strings}


@settings(max_examples=300)
@given(reply=REPLIES, platform=st.sampled_from(sorted(RENDERERS)))
@example(reply=Reply(text="@everyone_ @here1 @channel_"), platform="discord")
@example(reply=Reply(text="@everyone_ @here1 @channel_"), platform="slack")
def test_no_reply_pings_anyone(reply: Reply, platform: str) -> None:
    live = [s for s in RENDERERS[platform](reply) if LIVE_MENTION.search(s)]
    assert live == []


#: User text with a mention in every form, glued ones included, for the end-to-end runs.
HOSTILE_QUESTION = "@everyone_ <!here> lunch <@&123456789012345678>?"
HOSTILE_OPTIONS = "@here1 pizza | <@U0ALICE>sushi | @channel_ tacos"


def message_strings(body: dict[str, Any]) -> list[str]:
    """What a platform reads markup in from a message call: everything but button labels
    and ids (plain text), and fields that are no text (channel ids, urls)."""
    kept = {
        k: v for k, v in body.items() if k not in ("components", "channel", "ts", "response_url")
    }
    return strings(kept)


async def test_user_text_reaches_discord_inert_with_no_mention_allowed(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """A poll, a refused vote quoting its option and a question the debate does not cover,
    each full of mentions, through the real discord.py: every message call the fake
    received allows no mention and holds no live one."""
    await fake.answer(
        await fake.command("poll", {"question": HOSTILE_QUESTION, "options": HOSTILE_OPTIONS})
    )
    await fake.answer(await fake.command("vote", {"poll": 1, "option": "@everyone_ or <@U1>"}))
    await fake.answer(await fake.command("ask", {"question": "@here_ pizza toppings <!channel>"}))
    sent = [call for call in fake.calls if isinstance(call.json, dict)]
    bodies = [message_of(call) for call in sent if call.method in ("POST", "PATCH")]
    messages = [b for b in bodies if isinstance(b, dict) and ("content" in b or "embeds" in b)]
    assert len(messages) >= 3
    assert [b.get("allowed_mentions") for b in messages] == [{"parse": []}] * len(messages)
    shown = [s for body in messages for s in message_strings(body)]
    assert any("lunch" in s for s in shown) and any("pizza" in s for s in shown)
    assert [s for s in shown if LIVE_MENTION.search(s)] == []


async def test_user_text_reaches_slack_inert(slack_bot: Slack) -> None:
    """The same on Slack, through Bolt and slack_sdk: the poll message, the refusal quoting
    the option and the answer to an uncovered question hold no live mention."""
    await slack_bot.command("/poll", f'question:"{HOSTILE_QUESTION}" options:"{HOSTILE_OPTIONS}"')
    poll_id, _, _ = await slack_bot.posted_poll()
    _, refused = await slack_bot.command("/vote", f"{poll_id} @everyone_")
    _, asked = await slack_bot.command("/ask", "@here_ pizza toppings")
    await slack_bot.answer(refused)
    await slack_bot.answer(asked)
    calls = [c for c in slack_bot.fake.calls if c.method in ("chat.postMessage", "response_url")]
    shown = [s for call in calls for s in message_strings(call.args)]
    assert any("lunch" in s for s in shown) and any("pizza" in s for s in shown)
    assert [s for s in shown if LIVE_MENTION.search(s)] == []
