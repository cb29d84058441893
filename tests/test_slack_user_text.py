"""User text in the Slack adapter's messages: shown as typed, never as emphasis it did not mean.

Slack's mrkdwn pairs `*`, `_` and `~` into bold, italics and strikethrough and has no escape
for them. The end-to-end test reads the Block Kit the fake received; the property holds
`safe_text` to it for any text.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.adapters.slack.blocks import safe_text, unescape
from bot.core.sanitize import comparison_key, neutralize_mentions
from tests.test_slack_e2e import Slack, all_text

#: An emphasis mark Slack could pair: one without a letter or digit on both sides.
PAIRABLE = re.compile(r"(?<![^\W_])[*_~]|[*_~](?![^\W_])")


async def test_emphasis_marks_in_a_poll_are_shown_as_typed(slack_bot: Slack) -> None:
    """A question "Raise ~$5k or ~$7k?" was struck through between the tildes; the voters of
    option "5*" were listed under `*1) 5**`, a bold Slack cannot close."""
    await slack_bot.command("/poll", 'question:"Raise ~$5k or ~$7k?" options:"5* | _x_ | a_b"')
    poll_id, ts, post = await slack_bot.posted_poll()
    shown = all_text(post.args["blocks"])
    assert "Raise ∼$5k or ∼$7k?" in shown and "1) 5∗" in shown and "2) ˍxˍ" in shown
    assert "3) a_b" in shown  # inside a word, `_` is no mark: left as typed
    await slack_bot.sender.click(slack_bot.click(f"poll:v1:{poll_id}:1", "U0BOB", ts))
    await slack_bot.command("/results", str(poll_id))
    [share] = await slack_bot.fake.wait_for(lambda f: f.calls_to("files.completeUploadExternal"))
    voters = [b["text"]["text"] for b in share.args["blocks"] if "u0bob" in str(b)]
    assert voters == ["*1) 5∗*\nu0bob"]
    for text in (shown, all_text(share.args["blocks"])):
        assert PAIRABLE.search(text.replace("*1) 5∗*", "")) is None, text


async def test_a_label_copied_from_the_message_still_votes(slack_bot: Slack) -> None:
    """The message shows option "5*" as "5∗": typed back into /vote, it is option 1."""
    await slack_bot.command("/poll", 'question:"Stars?" options:"5* | 4*"')
    poll_id, _, _ = await slack_bot.posted_poll()
    _, url = await slack_bot.command("/vote", f"{poll_id} 5\u2217", user="U0BOB")
    answer = await slack_bot.answer(url)
    assert answer.args["text"] == f"Your vote on poll #{poll_id} is now “5\u2217”."
    poll = await slack_bot.app.polls.store.get(poll_id)
    assert poll is not None
    assert (await slack_bot.app.polls.store.tally(poll)).count(1) == 1


TYPED = st.text(alphabet=st.sampled_from("*_~ab1 $\n.é"))


@given(TYPED)
def test_no_emphasis_mark_of_the_text_can_pair(text: str) -> None:
    assert PAIRABLE.search(safe_text(text)) is None


@given(TYPED)
def test_what_slack_shows_compares_as_what_was_typed(text: str) -> None:
    assert comparison_key(safe_text(text)) == comparison_key(text)


async def test_a_web_address_in_user_text_stays_a_working_link(slack_bot: Slack) -> None:
    """A look-alike inside a web address changed the address Slack links to: a question
    citing "https://youtu.be/watch?v=ab_-cd" linked to "…abˍ-cd", a page that is not there.
    Slack makes the address a link before it looks for emphasis, so it is kept as typed."""
    url = "https://www.youtube.com/watch?v=ab_-cd&t=1_"
    await slack_bot.command("/poll", f'question:"Seen {url} ?" options:"_yes_ | no"')
    _, _, post = await slack_bot.posted_poll()
    shown = all_text(post.args["blocks"])
    assert f"Seen {url.replace('&', '&amp;')} ?" in shown
    assert "1) ˍyesˍ" in shown  # outside the address, marks still cannot pair


def test_the_sources_web_address_is_linked_as_the_pack_gives_it() -> None:
    """Every knowledge card's footer cites the pack's source, address included."""
    citation = "Source: Debate — Show https://en.wikipedia.org/wiki/Chip_(disambiguation)"
    assert safe_text(citation) == citation


WEB_ADDRESS = st.builds(
    "{}://{}{}".format,
    st.sampled_from(["http", "https", "HTTPS"]),
    st.sampled_from("ab1"),  # a host: Slack links no "https://*"
    st.text(alphabet=st.sampled_from("*_~ab1-./?=#()%")),
)


def test_marks_after_a_scheme_without_a_host_still_cannot_pair() -> None:
    """A "https://" then a mark is no address Slack links, so its marks are text like any."""
    assert safe_text("https://* or https://*") == "https://∗ or https://∗"


@given(TYPED, WEB_ADDRESS, TYPED)
def test_a_web_address_is_kept_whole_and_the_rest_cannot_pair(
    before: str, url: str, after: str
) -> None:
    shown = safe_text(f"{before} {url} {after}")
    assert f" {url} " in shown
    rest = shown.replace(f" {url} ", "  ")
    assert PAIRABLE.search(rest) is None


async def test_a_suggested_form_pasted_back_makes_the_poll_typed(slack_bot: Slack) -> None:
    """A refusal offers the whole command to paste, but Slack showed its `*` and `_` as
    look-alikes: pasted back, "Is *this* _ok_?" became the question "Is ∗this∗ ˍokˍ?", and
    an option "_x_" a label no one typed. Look-alikes typed to the bot are read as marks."""
    _, url = await slack_bot.command("/poll", 'Is *this* _ok_? "_x_ | B" yes 1h')
    refusal = (await slack_bot.answer(url)).args["text"]
    form = refusal.split("name it: ", 1)[1].split(". If it belongs", 1)[0]
    assert "∗" in form and "ˍ" in form  # as Slack shows it, which is what people copy
    command, text = form.split(" ", 1)
    await slack_bot.command(command, text)
    poll_id, _, _ = await slack_bot.posted_poll()
    poll = await slack_bot.app.polls.store.get(poll_id)
    assert poll is not None
    labels = tuple(option.label for option in poll.options)
    assert (poll.question, labels, poll.anonymous) == ("Is *this* _ok_?", ("_x_", "B"), True)


@given(st.text(alphabet=st.sampled_from("*_~ab1 $\n.é&<>@!:/")))
def test_what_slack_shows_typed_back_reads_as_typed(text: str) -> None:
    """Slack sends what it shows (`&`, `<`, `>` escaped again), so undoing the escapes of
    input gives the text typed, mentions kept inert."""
    assert unescape(safe_text(text)) == neutralize_mentions(text)
