"""A reply that offers /vote lines beside option labels keeps its commands as code whatever
the labels hold: a refusal picking each option (`Poll.vote_lines`), a repeated typed vote's
answer and a failed vote's read-back (`render`). On Slack, which has no escape for a
backtick, a label's one paired with the next command's, so the words between (“b” or …)
showed as code and the command as plain text, its closing backtick opening code to the end."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.adapters.discord.embeds import with_times
from bot.adapters.slack.blocks import safe_text, with_dates
from bot.app import BotApp
from bot.core.errors import UserError
from bot.core.sanitize import beside_code, comparison_key, safe
from bot.polls.model import Tally, VoteChange, VoteResult
from bot.polls.render import vote_confirmation, vote_read_back
from bot.polls.rounds_render import round_two_announcement, round_vote_confirmation
from tests.discord_fake import FakeDiscord
from tests.slack_client import as_typed
from tests.test_discord_e2e import create_poll, message_of
from tests.test_discord_user_text import code_spans
from tests.test_polls_options import poll_of
from tests.test_refusal_code_spans import PASTED, discord_stray, slack_spans
from tests.test_slack_e2e import CHANNEL, Slack, all_text

#: A /vote line as the refusal offers it.
VOTE_LINE = re.compile(r"/vote poll:\d+ option:#?\d+")


@given(PASTED | st.text())
@example("Who `wins?")
def test_text_beside_code_has_no_backtick_and_compares_as_typed(typed: str) -> None:
    """What a message with code spans quotes of people's words (a label, a question)
    opens no code, and names what they typed: pasted back, it is the same option."""
    shown = beside_code(typed)
    assert "`" not in shown
    assert comparison_key(shown) == comparison_key(safe(typed))


@given(st.lists(PASTED, min_size=2, max_size=4))
@example(["a`b", "c"])
@example(["`", "``", "x`"])
def test_each_offered_vote_line_is_one_code_span_on_slack_and_discord(labels: list[str]) -> None:
    try:
        poll = poll_of(" | ".join(labels))
    except UserError:
        assume(False)  # refused when typed (blank, repeated labels): never offered
        raise
    lines = poll.vote_lines(option.number for option in poll.options)
    slack = slack_spans(with_dates(lines, 3000) or "")
    assert len(slack) == len(poll.options), slack
    assert all(VOTE_LINE.fullmatch(span) for span in slack), slack
    discord = code_spans(with_times(lines))
    assert len(discord) == len(poll.options) and all(map(VOTE_LINE.fullmatch, discord))
    assert not discord_stray(with_times(lines))


@given(
    labels=st.lists(PASTED, min_size=2, max_size=4),
    multi=st.booleans(),
    change=st.sampled_from(VoteChange),
    chosen=st.sets(st.integers(1, 4)),
)
@example(labels=["a`b", "c"], multi=False, change=VoteChange.UNCHANGED, chosen={1})
@example(labels=["a`b", "c"], multi=True, change=VoteChange.UNCHANGED, chosen={1, 2})
def test_a_vote_answer_offering_the_command_again_keeps_it_code_on_slack(
    labels: list[str], multi: bool, change: VoteChange, chosen: set[int]
) -> None:
    try:
        poll = replace(poll_of(" | ".join(labels)), multi=multi)
    except UserError:
        assume(False)  # refused when typed (blank, repeated labels): never offered
        raise
    choices = tuple(sorted(n for n in chosen if n <= len(poll.options)))
    answers = [
        vote_confirmation(VoteResult(poll, 1, change, choices), typed=True).text,
        vote_read_back(poll, 2, choices, typed=True).text,
    ]
    for text in answers:
        slack = slack_spans(with_dates(text, 3000) or safe_text(text))
        assert all(VOTE_LINE.fullmatch(span) for span in slack), slack


async def test_slack_refusal_of_two_options_keeps_both_commands_as_code(slack_bot: Slack) -> None:
    await slack_bot.command("/poll", as_typed('"Which?" a`b | c | d'))
    poll_id, _, _ = await slack_bot.posted_poll()
    _, url = await slack_bot.command("/vote", as_typed(f"{poll_id} 1, 2"))
    answer = await slack_bot.answer(url)
    shown = all_text(answer.args["blocks"])
    assert "names 2 options" in shown, shown
    assert slack_spans(shown) == [
        f"/vote poll:{poll_id} option:1",
        f"/vote poll:{poll_id} option:2",
    ]
    assert "for “aˋb”" in shown


async def test_discord_refusal_of_two_options_keeps_both_commands_as_code(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    options = {"question": "Which?", "options": "a`b | c | d"}
    poll_id, _, _ = await create_poll(fake, discord_bot, options)
    answer = await fake.answer(await fake.command("vote", {"poll": poll_id, "option": "1, 2"}))
    content = message_of(answer)["content"]
    assert "names 2 options" in content, content
    assert code_spans(content) == [
        f"/vote poll:{poll_id} option:1",
        f"/vote poll:{poll_id} option:2",
    ]
    assert not discord_stray(content)


async def test_slack_vote_hint_naming_a_question_with_a_backtick_keeps_its_lines_code(
    slack_bot: Slack,
) -> None:
    """`/vote Pizza` with two open polls that have a Pizza: each line offered names its
    poll's question after its command, newest first, and the newest question's backtick
    opened code up to the next line's command."""
    await slack_bot.command("/poll", as_typed('"Lunch?" Pizza | Tacos'))
    older, _, _ = await slack_bot.posted_poll()
    await slack_bot.command("/poll", as_typed('"Who `wins?" Pizza | Sushi'))
    await slack_bot.fake.wait_for(lambda fake: len(fake.calls_to("chat.postMessage")) == 2)
    newer, _, _ = await slack_bot.posted_poll()
    _, url = await slack_bot.command("/vote", "Pizza")
    shown = all_text((await slack_bot.answer(url)).args["blocks"])
    assert "Did you mean" in shown, shown
    spans = slack_spans(shown)
    assert spans[-2:] == [f"/vote {newer} Pizza", f"/vote {older} Pizza"], spans
    assert "`" not in spans and "(“Who ˋwins?”)" in shown


@given(question=PASTED, hidden=st.booleans())
@example(question="Who `wins?", hidden=False)
@example(question="``", hidden=True)
def test_round_two_open_by_command_keeps_its_commands_code_whatever_the_question(
    question: str, hidden: bool
) -> None:
    """Round 2 of a poll whose message was deleted is announced with the /vote and /results
    to type, after the poll's question: on Slack a backtick in the question paired with
    the /vote's, showing the words between as code and the commands as plain text."""
    poll = replace(poll_of("Pizza | Sushi"), question=question, rounds=2, hide_results=hidden)
    told = round_two_announcement(poll, Tally(poll.id, {1: 1}, 1), shown=False).text
    assert slack_spans(with_dates(told, 3000) or safe_text(told)) == [
        f"/vote poll:{poll.id} option:…",
        f"/results poll:{poll.id}",
    ]


async def test_slack_round_two_of_a_deleted_poll_names_a_backtick_question_beside_code(
    slack_bot: Slack,
) -> None:
    """End to end: the channel is told round 2 is open, by command, and both commands
    offered stay code though the question holds a backtick."""
    await slack_bot.command("/poll", as_typed('"Who `wins?" Pizza | Sushi rounds:2'))
    poll_id, ts, _ = await slack_bot.posted_poll()
    del slack_bot.fake.messages[(CHANNEL, ts)]  # deleted by a workspace admin
    await slack_bot.command("/vote", f"{poll_id} Pizza", user="U0BOB")
    await slack_bot.fake.wait_for(
        lambda fake: [c for c in fake.calls_to("chat.update") if not c.answer["ok"]]
    )
    await slack_bot.app.live.idle()  # its edit found the message gone
    _, url = await slack_bot.command("/close", str(poll_id))
    shown = all_text((await slack_bot.answer(url)).args["blocks"])
    assert "its message was deleted" in shown, shown
    assert slack_spans(shown) == [f"/vote poll:{poll_id} option:…", f"/results poll:{poll_id}"]
    assert "“Who ˋwins?”" in shown


@given(labels=st.lists(PASTED, min_size=2, max_size=4))
@example(labels=["Pizza", "Sushi"])  # the command shown as plain words
@example(labels=["a`b", "c"])  # and the round-1 label's backtick left raw
def test_a_round_two_vote_kept_retracted_offers_its_command_as_code(labels: list[str]) -> None:
    """In round 2 a /vote typed twice that left the vote retracted says to type the
    command again, and that the round-1 vote still counts: the two were joined as plain
    text, the command shown as words (not one to copy) and the round-1 label's backtick
    raw beside it."""
    try:
        poll = replace(poll_of(" | ".join(labels)), rounds=2, round=2)
    except UserError:
        assume(False)  # refused when typed (blank, repeated labels): never offered
        raise
    result = VoteResult(poll, 1, VoteChange.UNCHANGED, (), before=(1,))
    told = round_vote_confirmation(result, [], typed=True).text
    assert "still counts as before" in told
    assert slack_spans(with_dates(told, 3000) or safe_text(told)) == [
        f"/vote poll:{poll.id} option:1"
    ]
