"""Any poll people can start renders on Discord within every limit, and pings no one.

A question (up to 300 characters) and labels (up to 80) of any Unicode a user can type,
after the bot's own checks (`PollDraft.custom`), and voters' display names of any Unicode:
every message of the poll, its results (the chart's alt text included), its closing
announcement and a vote's confirmation passes what Discord refuses (the loopback fake's
`_message_problem`: content, embed, attachment and component limits), and no text in it
could ping @everyone, @here or a role.
"""

from __future__ import annotations

from typing import Any

from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.adapters.discord.embeds import DiscordMessage, split_reply
from bot.core.context import ChannelRef, UserRef
from bot.core.errors import UserError
from bot.core.replies import Reply
from bot.core.sanitize import strip_controls
from bot.polls import render
from bot.polls.model import Poll, PollDraft, Tally, VoteChange, VoteResult
from bot.polls.store import VoteRecord
from tests.discord_fake import RestCall, _empty_message, _message_problem

CHANNEL = ChannelRef("discord", "1", "2")
#: Anything typed, markup and mention syntax included; `|` only separates labels.
TYPED = st.characters(codec="utf-8", exclude_characters="|")
#: What could ping in Discord's markdown, once the text is shown.
PINGS = ("@everyone", "@here", "<@&", "<@")


def payload(message: DiscordMessage) -> dict[str, Any]:
    """The message as discord.py sends it: content, embeds and button rows."""
    body: dict[str, Any] = {
        "content": message.content,
        "embeds": [embed.to_dict() for embed in message.embeds],
    }
    if message.rows:
        body["components"] = message.view().to_components()
    if message.images:  # each file's metadata, its alt text included, as discord.py sends it
        body["attachments"] = [file.to_dict(n) for n, file in enumerate(message.files())]
    return body


def texts(body: dict[str, Any]) -> list[str]:
    """Every text a message shows: content, titles, descriptions, fields, footers, labels,
    and the alt text a screen reader reads."""
    shown = [body.get("content") or ""]
    shown += [a.get("description", "") for a in body.get("attachments", [])]
    for embed in body["embeds"]:
        shown += [embed.get("title", ""), embed.get("description", "")]
        shown += [(embed.get("footer") or {}).get("text", "")]
        shown += [text for f in embed.get("fields", []) for text in (f["name"], f["value"])]
    rows = body.get("components", [])
    return shown + [c.get("label", "") for row in rows for c in row["components"]]


def checked(reply: Reply) -> None:
    """Each message of `reply` is one Discord takes, and none of its texts can ping."""
    for message in split_reply(reply):
        body = payload(message)
        call = RestCall("POST", "/channels/2/messages", {}, body, {})
        assert _message_problem(call) is None and not _empty_message(call)
        for text in texts(body):
            assert not any(ping in text for ping in PINGS), text


def typed_poll(
    question: str, labels: list[str], channel: ChannelRef, *, anonymous: bool, closed: bool
) -> Poll:
    """Poll #12345 as people typed it, after the bot's own checks (`PollDraft.custom`);
    a draw the bot refuses is no poll anyone sees, so hypothesis draws again."""
    try:
        draft = PollDraft.custom(
            strip_controls(question),
            " | ".join(strip_controls(label) for label in labels),
            anonymous=anonymous,
        )
    except UserError:
        assume(False)  # refused when typed: never shown
        raise
    return Poll(
        id=12345,
        channel=channel,
        creator=UserRef(channel.platform, channel.workspace, "3"),
        question=draft.question,
        options=draft.options,
        multi=False,
        anonymous=anonymous,
        hide_results=False,
        created_at=0.0,
        closes_at=3600.0,
        closed_at=60.0 if closed else None,
    )


@given(
    question=st.text(TYPED, min_size=1, max_size=300),
    labels=st.lists(st.text(TYPED, min_size=1, max_size=80), min_size=2, max_size=10),
    names=st.lists(st.text(TYPED, max_size=40), max_size=12),
    closed=st.booleans(),
    anonymous=st.booleans(),
)
@example(  # ten long labels tied: the chart's alt text names them all, past 1,024
    question="Q" * 300,
    labels=[f"{n}" + "x" * 79 for n in range(10)],
    names=[f"V{n}" for n in range(10)],
    closed=True,
    anonymous=False,
)
def test_any_poll_renders_within_discords_limits_and_pings_no_one(
    question: str, labels: list[str], names: list[str], closed: bool, anonymous: bool
) -> None:
    poll = typed_poll(question, labels, CHANNEL, anonymous=anonymous, closed=closed)
    count = len(poll.options)
    votes = [
        VoteRecord(n % count + 1, UserRef("discord", "1", str(n)), strip_controls(name), 1.0)
        for n, name in enumerate(names)
    ]
    counts: dict[int, int] = {}
    for vote in votes:
        counts[vote.option] = counts.get(vote.option, 0) + 1
    tally = Tally(poll.id, counts, len(votes))
    checked(render.poll_message(poll, tally))
    checked(render.results_reply(poll, tally, votes, chart=b"\x89PNG"))
    checked(render.closed_announcement(poll, tally))
    for number in range(1, count + 1):
        result = VoteResult(poll, number, VoteChange.MOVED, (number,))
        checked(render.vote_confirmation(result))
