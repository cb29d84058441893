"""A poll's deadline and close time in each reader's own time zone: Discord's `<t:N:f>` and
Slack's `<!date^N^…|…>` in what those platforms render as markup, and exactly the UTC text
shown before everywhere else (the console, Slack's notification `text`, plain fallbacks).

The properties render the poll message for any moment and any question; the end-to-end
tests that the markup crosses the wire are in `test_slack_e2e.py` and `test_discord_e2e.py`.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import example, given
from hypothesis import strategies as st

from bot.adapters.discord.embeds import CONTENT_LIMIT, card_embeds, discord_time, split_reply
from bot.adapters.slack.blocks import MAX_SECTION_TEXT, date_token, render_message
from bot.adapters.terminal_render import WIDTH, render_reply
from bot.core.replies import Marked, Reply, When
from bot.polls.model import PollOption, Tally
from bot.polls.render import poll_message, status_line
from bot.polls.rounds_render import round_two_announcement
from tests.test_polls_options import poll_of

#: From 2001 to 2100, in seconds, fractions included (deadlines are `now + duration`).
INSTANTS = st.floats(min_value=978307200, max_value=4102444800, allow_nan=False)
#: Text that looks like either platform's time markup, or anything at all.
MARKUP_TEXT = st.text(alphabet=st.sampled_from("<>!^|{}t:date_short0123456789 f*")) | st.text()
DISCORD_TIME = re.compile(r"<t:-?\d+(?::[A-Za-z])?>")

POLL = replace(poll_of("Baker | Gin"), question="Who wins?")
NO_VOTES = Tally(POLL.id, {}, 0)


def utc(instant: float) -> str:
    """A moment as every poll text wrote it before: to the minute, in UTC."""
    return datetime.fromtimestamp(instant, UTC).strftime("%Y-%m-%d %H:%M UTC")


@given(closes=INSTANTS, round_one=INSTANTS, closed=st.none() | INSTANTS)
@example(closes=1772449200.0, round_one=1772445600.0, closed=None)
def test_the_status_line_reads_in_utc_exactly_as_before(
    closes: float, round_one: float, closed: float | None
) -> None:
    """Wherever text is shown as it is (the console, fallbacks), nothing changed."""
    poll = replace(POLL, rounds=2, closes_at=closes, round2_at=round_one, closed_at=closed)
    if closed is not None:
        before = f"Closed {utc(closed)} · single choice"
    else:
        before = (
            f"Open · round 1 ends {utc(round_one)} · the poll closes {utc(closes)} · "
            "single choice: click again to retract"
        )
    assert status_line(poll) == before
    reply = poll_message(poll, NO_VOTES)
    assert reply.fallback().endswith("\n" + before)
    console = textwrap.wrap(before, WIDTH, initial_indent="-- ", subsequent_indent="-- ")
    assert render_reply(reply).endswith("\n".join(console))


@given(closes=INSTANTS)
def test_slack_shows_the_deadline_as_date_markup_and_notifies_in_utc(closes: float) -> None:
    """The poll's footer (a context block, mrkdwn) carries the date token; the `text` a
    notification shows carries the UTC text, which markup would show as typed there."""
    message = render_message(poll_message(replace(POLL, closes_at=closes), NO_VOTES))
    [footer] = message.blocks[-1]["elements"]
    token = f"<!date^{int(closes)}^{{date_short_pretty}} at {{time}}|{utc(closes)}>"
    assert footer["type"] == "mrkdwn"
    assert footer["text"] == f"Open · closes {token} · single choice: click again to retract"
    assert f"closes {utc(closes)}" in message.text and "<!date" not in message.text


@given(closes=INSTANTS)
def test_discord_shows_the_deadline_as_timestamp_markup_in_the_description(closes: float) -> None:
    """An embed's footer shows markup as typed, so the status line goes last in the
    description, as small print, and no footer is left."""
    card = poll_message(replace(POLL, closes_at=closes), NO_VOTES).cards[0]
    [(embed, _)] = card_embeds(card)
    assert embed.footer.text is None
    assert embed.description is not None
    assert embed.description.endswith(
        f"\n\n-# Open · closes <t:{int(closes)}:f> · single choice: click again to retract"
    )


@given(question=MARKUP_TEXT, label=MARKUP_TEXT, closes=INSTANTS)
@example(question="Closes <!date^1^{time}|x>?", label="<t:1:f>", closes=1772449200.0)
def test_user_text_never_shows_as_a_time(question: str, label: str, closes: float) -> None:
    """Only the poll's own moments are markup: a question or option typed as a time token
    is shown as typed on both platforms, in the poll and in the round-2 announcement."""
    options = (PollOption(1, label.strip() or "A"), PollOption(2, "Gin"))
    poll = replace(
        POLL, question=question, options=options, closes_at=closes, rounds=2, round2_at=closes
    )
    for reply in (poll_message(poll, NO_VOTES), round_two_announcement(poll, NO_VOTES)):
        slack = str(render_message(reply).blocks)
        assert set(re.findall(r"<!date\^(-?\d+)", slack)) == {str(int(closes))}
        discord = "".join(
            (message.content or "") + "".join(e.description or "" for e in message.embeds)
            for message in split_reply(reply)
        )
        assert set(DISCORD_TIME.findall(discord)) == {f"<t:{int(closes)}:f>"}


def test_a_timed_text_too_long_for_its_block_is_shown_whole_in_utc() -> None:
    """A date token is never cut (cut, it shows as markup): text that fits only without
    its tokens is shown as UTC text, cut where the block's limit says."""
    words = "x" * (MAX_SECTION_TEXT - 30)
    text = Marked(words, " closes ", When(1772449200.0))
    assert len(text) <= MAX_SECTION_TEXT < len(words) + len(date_token(When(1772449200.0)))
    [section] = render_message(Reply(text=text)).blocks
    assert section["text"]["text"] == f"{words} closes 2026-03-02 11:00 UTC"


@given(INSTANTS)
def test_discord_time_markup_is_never_longer_than_the_utc_text(instant: float) -> None:
    """Discord's limits are measured on the UTC text, which is as long or longer: a message
    that fitted in UTC fits with the markup, so Discord needs no fallback for length."""
    assert len(discord_time(When(instant))) <= len(When(instant).fallback())
    [message] = split_reply(
        Reply(text=Marked("x" * (CONTENT_LIMIT - 28), " closes ", When(instant)))
    )
    assert message.content is not None and message.content.endswith(f" closes <t:{int(instant)}:f>")
