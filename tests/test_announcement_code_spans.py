"""A closed poll's announcement in the channel opens no code from one person's words into
another's. It quotes the question and the winner's (or the tied) labels in one line, and
a two-round poll's card lists labels side by side ("`a → b`: 1"): on Slack, which has no
escape for a backtick, and on Discord, which keeps a one-line code span as it is, a
backtick typed in the question paired with one in a label, showing the words between as
code. Every label and question these messages show beside another has its backticks as
their look-alike (`beside_code`), as the vote answers and the refusals had already.
So do the refusals that list or quote labels side by side: `/vote` naming no option
(its options listed) and a /poll of two labels that look the same (both quoted).

So has every voter's display name in /results: people choose their own names, and two with a
backtick each, listed side by side for one option or in "Changed their mind", showed the
names between as code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.adapters.discord.embeds import split_reply
from bot.adapters.slack.blocks import render_message
from bot.app import BotApp
from bot.clock import ManualClock
from bot.core.context import UserRef
from bot.core.errors import UserError
from bot.core.replies import Reply, notice
from bot.polls import rounds_render
from bot.polls.model import REPEAT_CLICK_WINDOW, Poll, Tally
from bot.polls.render import closed_announcement, results_reply
from bot.polls.rounds import Arguments, oxford
from bot.polls.store import VoteRecord
from tests.discord_fake import FakeDiscord
from tests.slack_client import as_typed
from tests.slack_fake import Call, FakeSlack
from tests.test_discord_e2e import create_poll, message_of
from tests.test_discord_user_text import code_spans
from tests.test_polls_options import poll_of
from tests.test_refusal_code_spans import PASTED, discord_stray, slack_spans
from tests.test_slack_e2e import Slack, all_text, start_slack, stop_slack

#: The poll of the examples: the question's backtick pairs with the first label's, the
#: second label's with nothing of its own.
QUESTION, LABELS = "Use `tabs?", "`a | b`"
ALICE, BOB = UserRef("console", "W", "alice"), UserRef("console", "W", "bob")


def crossing(shown: list[str], typed: list[str]) -> list[str]:
    """The code spans of `shown` (each a span's inside) that are no one text's own code:
    none of the `typed` texts holds it between two backticks. A backtick left open at
    the end ("`") has nothing after it to pair with: a question's own, alone in its block."""
    return [s for s in shown if s != "`" and not any(f"`{s}`" in text for text in typed)]


def slack_crossing(reply: Reply, typed: list[str]) -> list[str]:
    """`crossing` in each piece of mrkdwn Slack receives: the notification text and each
    block's text (a code span never runs from one block into the next)."""
    message = render_message(reply)
    pieces = [message.text] + [all_text([block]) for block in message.blocks]
    return [span for piece in pieces for span in crossing(slack_spans(piece), typed)]


def discord_crossing(reply: Reply, typed: list[str]) -> list[str]:
    """`crossing` in each text Discord receives (content, descriptions, fields), with a
    backtick that is neither escaped nor a span's as a span left open."""
    found: list[str] = []
    for message in split_reply(reply):
        pieces = [message.content or ""]
        for embed in message.embeds:
            pieces += [embed.title or "", embed.description or ""]
            pieces += [f"{field.name}\n{field.value}" for field in embed.fields]
        for piece in pieces:
            found += crossing(code_spans(piece), typed) + ["`"] * discord_stray(piece)
    return found


def closed_poll(question: str, labels: list[str], rounds: int = 1) -> Poll:
    """A closed poll asking `question` of `labels`, as /poll takes them (refused: assume)."""
    try:
        poll = poll_of(" | ".join(labels))
    except UserError:
        assume(False)  # refused when typed (blank, repeated labels): never announced
        raise
    return replace(poll, question=question, closed_at=1.0, rounds=rounds, round=rounds)


def ballots(votes: dict[UserRef, int]) -> list[VoteRecord]:
    return [VoteRecord(option, voter, voter.user, 0.0) for voter, option in votes.items()]


@given(question=PASTED, labels=st.lists(PASTED, min_size=2, max_size=3), winner=st.booleans())
@example(question=QUESTION, labels=LABELS.split(" | "), winner=False)
@example(question="`", labels=["x`", "`y"], winner=True)
def test_a_closed_announcement_opens_no_code_across_two_typed_texts(
    question: str, labels: list[str], winner: bool
) -> None:
    """Any question and labels, a winner or a tie of the first two: what Slack and Discord
    receive shows no code span running from one of them into another."""
    poll = closed_poll(question, labels)
    tally = Tally(poll.id, {1: 2, 2: 1} if winner else {1: 1, 2: 1}, 3 if winner else 2)
    typed = [question, *labels]
    announced = closed_announcement(poll, tally)
    assert slack_crossing(announced, typed) == []
    assert discord_crossing(announced, typed) == []


@given(question=PASTED, labels=st.lists(PASTED, min_size=2, max_size=3), anonymous=st.booleans())
@example(question=QUESTION, labels=LABELS.split(" | "), anonymous=False)
def test_a_two_round_card_opens_no_code_across_two_typed_texts(
    question: str, labels: list[str], anonymous: bool
) -> None:
    """Two voters trade sides between the rounds: the card shows each label, a move
    from one to the other on one line, and the tie of the two, in the channel when the
    poll closes and in /results (with who moved, unless anonymous)."""
    poll = replace(closed_poll(question, labels, rounds=2), anonymous=anonymous)
    before, after = {ALICE: 1, BOB: 2}, {ALICE: 2, BOB: 1}
    ox = oxford(poll, ballots(before), ballots(after), [])
    typed = [question, *labels]
    for reply in (
        rounds_render.closed_announcement(poll, ox, Arguments([])),
        rounds_render.results_reply(poll, ox, ballots(after), None, Arguments([])),
    ):
        assert slack_crossing(reply, typed) == []
        assert discord_crossing(reply, typed) == []


async def slack_votes(slack: Slack, poll_id: int, ts: str, alice: int, bob: int) -> None:
    """Alice clicks option `alice`, then Bob option `bob`, each answered."""
    for user, option in (("U0ALICE", alice), ("U0BOB", bob)):
        click = slack.click(f"poll:v1:{poll_id}:{option}", user, ts)
        await slack.sender.click(click)
        await slack.answer(click["response_url"])


async def test_slack_closed_announcement_shows_no_code_between_question_and_labels(
    slack_bot: Slack,
) -> None:
    """End to end: "Use `tabs?" tied between "`a" and "b`", closed by /close. The
    announcement read “Use `tabs?” is closed. Tie between “`a” and …, "tabs?” is closed.
    Tie between “" as code, and the second label's backtick opened code to the end."""
    await slack_bot.command("/poll", as_typed(f'question:"{QUESTION}" options:"{LABELS}"'))
    poll_id, ts, _ = await slack_bot.posted_poll()
    await slack_votes(slack_bot, poll_id, ts, alice=1, bob=2)
    _, url = await slack_bot.command("/close", str(poll_id))
    announced = await slack_bot.answer(url)
    assert announced.args["response_type"] == "in_channel"
    shown = [announced.args["text"], all_text(announced.args["blocks"])]
    assert all("“Use ˋtabs?” is closed. Tie between “ˋa” and “bˋ”" in text for text in shown)
    assert [slack_spans(text) for text in shown] == [[], []]


async def closed_two_rounds(slack: Slack, clock: ManualClock) -> Call:
    """The answer to the /close that ends a two-round poll whose voters traded sides."""
    typed = as_typed(f'question:"{QUESTION}" options:"{LABELS}" rounds:2')
    await slack.command("/poll", typed)
    poll_id, ts, _ = await slack.posted_poll()
    await slack_votes(slack, poll_id, ts, alice=1, bob=2)
    _, url = await slack.command("/close", str(poll_id))  # ends round 1
    await slack.answer(url)
    clock.advance(REPEAT_CLICK_WINDOW + 1)  # a /close now is no repeat of that one
    await slack_votes(slack, poll_id, ts, alice=2, bob=1)
    _, url = await slack.command("/close", str(poll_id))
    return await slack.answer(url)


async def test_slack_two_round_close_shows_no_code_between_labels(
    tmp_path: Path, clock: ManualClock
) -> None:
    """End to end, two rounds: Alice and Bob trade sides, so the card posted in the channel
    at /close lists "`a → b`: 1", which showed "a → b" as code, and ties the two."""
    async with FakeSlack() as fake:
        slack = await start_slack(tmp_path, fake, clock)
        try:
            card = await closed_two_rounds(slack, clock)
        finally:
            await stop_slack(slack)
    assert card.args["response_type"] == "in_channel", card.args["text"]
    blocks = [all_text([block]) for block in card.args["blocks"]]
    assert any("ˋa → bˋ: 1" in text for text in blocks), blocks
    assert [text for text in [card.args["text"], *blocks] if "`" in text] == []


async def test_discord_closed_announcement_shows_no_code_between_question_and_labels(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """End to end on Discord: the announcement in the channel kept “`tabs?” is closed. Tie
    between “`” as a code span (one line, one backtick each end), showing it as code."""
    options = {"question": QUESTION, "options": LABELS}
    poll_id, message_id, buttons = await create_poll(fake, discord_bot, options)
    for user, button in ((1, buttons[0]), (2, buttons[1])):
        await fake.answer(await fake.click(message_id, button, user=user))
    closed = message_of(await fake.answer(await fake.command("close", {"poll": poll_id})))
    content = closed["content"]
    assert "“Use ˋtabs?” is closed. Tie between “ˋa” and “bˋ”" in content, content
    assert code_spans(content) == [] and not discord_stray(content)


def refusal_of(work: Callable[[], object]) -> Reply | None:
    """The notice a user is shown when `work` refuses what they typed, or None."""
    try:
        work()
    except UserError as error:
        return notice(error.message)
    return None


#: Labels whose backticks paired when a refusal listed or quoted them side by side.
TICKED = ["use `tabs", "use spaces`"]


@given(labels=st.lists(PASTED, min_size=2, max_size=3), typed=PASTED)
@example(labels=TICKED, typed="zzz")
def test_a_vote_for_no_option_lists_the_labels_with_no_code_between_them(
    labels: list[str], typed: str
) -> None:
    """`/vote 7 zzz` is refused with every option listed: "1) use `tabs; 2) use spaces`"
    showed "tabs; 2) use spaces" as code on Slack and Discord."""
    poll = closed_poll("Q?", labels)
    refusal = refusal_of(lambda: poll.find_options(typed))
    # Named options, or matched several (refused with the bot's own `/vote` lines): no list.
    assume(refusal is not None and "is not an option" in refusal.fallback())
    assert refusal is not None
    # A slip of a label is offered the bot's own line that votes for it ("Did you mean
    # `/vote poll:7 option:1`?"): that code is the bot's, not a span between typed texts.
    offered = [f"`/vote poll:{poll.id} option:{o.number}`" for o in poll.options]
    assert slack_crossing(refusal, [typed, *labels, *offered]) == []
    assert discord_crossing(refusal, [typed, *labels, *offered]) == []


def cyrillic_a(label: str) -> str:
    """`label` with its `a`s Cyrillic (`а`): it looks the same."""
    return label.replace("a", "\u0430")


#: A second label beside the first that /poll refuses beside it: the same, in other
#: capitals, or looking the same.
TWINS = st.sampled_from([str, str.upper, cyrillic_a])


@given(label=PASTED, twin=TWINS)
@example(label="`a", twin=cyrillic_a)  # “`a” and “`а”
def test_labels_refused_side_by_side_show_no_code_between_them(
    label: str, twin: Callable[[str], str]
) -> None:
    """A /poll whose two labels look the same is refused quoting both: "`a" and "`а"
    showed “ and “ as code."""
    labels = [label, twin(label)]
    refusal = refusal_of(lambda: poll_of(" | ".join(labels)))
    assume(refusal is not None)  # taken: nothing quoted back
    assert refusal is not None
    assert slack_crossing(refusal, labels) == []
    assert discord_crossing(refusal, labels) == []


async def test_slack_vote_for_no_option_lists_the_labels_with_no_code_between_them(
    slack_bot: Slack,
) -> None:
    """End to end: the refusal of `/vote N zzz` lists the options, their backticks as
    look-alikes, and Slack receives no code span."""
    options = " | ".join(TICKED)
    await slack_bot.command("/poll", as_typed(f'question:"Indent?" options:"{options}"'))
    poll_id, _, _ = await slack_bot.posted_poll()
    _, url = await slack_bot.command("/vote", f"{poll_id} zzz")
    refused = await slack_bot.answer(url)
    shown = [refused.args["text"], all_text(refused.args.get("blocks", []))]
    assert any("Options: 1) use ˋtabs; 2) use spacesˋ." in text for text in shown), shown
    assert [span for text in shown for span in slack_spans(text)] == []


@given(
    labels=st.lists(PASTED, min_size=2, max_size=3),
    names=st.tuples(PASTED, PASTED, PASTED),
    rounds=st.sampled_from([1, 2]),
)
@example(labels=["x", "y"], names=("al`ice", "b`ob", "c`arol"), rounds=1)
@example(labels=["x", "y"], names=("al`ice", "b`ob", "carol"), rounds=2)
def test_voters_names_in_results_open_no_code_across_two_typed_texts(
    labels: list[str], names: tuple[str, str, str], rounds: int
) -> None:
    """Any three voters' names: /results lists the names by option (two share option 1)
    and, for two rounds, who changed their mind (Alice and Bob trade sides); what Slack and
    Discord receive shows no code span from one name or label into another."""
    poll = closed_poll("Q?", labels, rounds=rounds)
    carol = UserRef("console", "W", "carol")
    people = dict(zip((ALICE, BOB, carol), names, strict=True))

    def votes(chosen: dict[UserRef, int]) -> list[VoteRecord]:
        return [VoteRecord(n, voter, people[voter], 0.0) for voter, n in chosen.items()]

    after = votes({ALICE: 1, BOB: 2, carol: 1} if rounds == 1 else {ALICE: 2, BOB: 1, carol: 1})
    if rounds == 1:
        reply = results_reply(poll, Tally(poll.id, {1: 2, 2: 1}, 3), after, None)
    else:
        ox = oxford(poll, votes({ALICE: 1, BOB: 2, carol: 1}), after, [])
        reply = rounds_render.results_reply(poll, ox, after, None, Arguments([]))
    typed = [*labels, *names]
    assert slack_crossing(reply, typed) == []
    assert discord_crossing(reply, typed) == []


async def test_slack_results_show_no_code_between_two_voters_names(slack_bot: Slack) -> None:
    """End to end: Alice and Bob, whose display names hold a backtick each, vote for one
    option; /results listed them as "al`ice, b`ob", showing "ice, b" as code."""
    slack_bot.fake.display_names.update({"U0ALICE": "al`ice", "U0BOB": "b`ob"})
    await slack_bot.command("/poll", 'question:"Lunch?" options:"Tacos | Soup"')
    poll_id, ts, _ = await slack_bot.posted_poll()
    await slack_votes(slack_bot, poll_id, ts, alice=1, bob=1)
    await slack_bot.adapter.idle()
    await slack_bot.adapter.names.settled()  # the names looked up (`users.info`) recorded
    await slack_bot.command("/results", str(poll_id))  # posted with its chart
    uploads = await slack_bot.fake.wait_for(lambda f: f.calls_to("files.completeUploadExternal"))
    shown = all_text(uploads[0].args["blocks"])
    assert "alˋice, bˋob" in shown, shown
    assert slack_spans(shown) == []


async def test_discord_results_show_no_code_between_two_movers_names(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """End to end on Discord: members nicknamed "al`ice" and "b`ob" trade sides between
    the rounds; /results' "Changed their mind" field kept "al`ice (Tabs → Spaces), b`ob"
    as a one-line code span, where Discord shows it as code."""
    fake.nicks.update({5: "al`ice", 6: "b`ob"})
    options = {"question": "Tabs?", "options": "Tabs | Spaces", "rounds": 2}
    poll_id, message_id, buttons = await create_poll(fake, discord_bot, options)
    for round_votes in ((buttons[0], buttons[1]), (buttons[1], buttons[0])):
        for user, button in zip((5, 6), round_votes, strict=True):
            await fake.answer(await fake.click(message_id, button, user=user))
        if round_votes[0] == buttons[0]:  # end round 1
            await fake.answer(await fake.command("close", {"poll": poll_id}))
    answer = message_of(await fake.answer(await fake.command("results", {"poll": poll_id})))
    [moved] = [f["value"] for e in answer["embeds"] for f in e["fields"] if "mind" in f["name"]]
    assert "alˋice (Tabs → Spaces), bˋob (Spaces → Tabs)" in moved, moved
    assert code_spans(moved) == [] and not discord_stray(moved)
