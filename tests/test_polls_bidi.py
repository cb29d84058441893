"""Right-to-left user text (Hebrew, Arabic) in what the bot writes around it.

Chat clients lay each line out by Unicode's bidirectional algorithm (UAX #9): a Hebrew or
Arabic label in the bot's English sentence reached into it, so a list of Hebrew names read
in reverse order, the arrow of "בייקר → جين: 1" pointed from the option people left to the
one they chose, and the "?" ending "מי צודק?" stood at the question's start. Every piece of
user text that holds right-to-left characters is now a first-strong isolate (U+2068 …
U+2069), one neutral character to the sentence around it (`bot.core.sanitize.isolated`).

The property behind every test here: outside the isolates, what the bot writes holds no
right-to-left character, so nothing the user typed can reorder it. The end-to-end tests read
it off the loopback Slack and Discord; the console, for a terminal, shows no isolates. The
knowledge commands' echo of a question is user text too.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace
from pathlib import Path

from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.adapters.console import ConsoleAdapter
from bot.app import BotApp
from bot.commands.polls import _poll_choices
from bot.core.context import UserRef
from bot.core.errors import UserError
from bot.core.grammar import parse_arguments
from bot.core.replies import Reply
from bot.core.sanitize import (
    FIRST_STRONG_ISOLATE,
    POP_ISOLATE,
    clip,
    comparison_key,
    isolated,
    safe,
    strip_controls,
    without_isolates,
)
from bot.knowledge.cards import AnswerCards
from bot.polls import rounds_render
from bot.polls.model import MAX_OPTION, Poll, PollDraft, Tally, VoteChange, VoteResult
from bot.polls.render import (
    closed_announcement,
    poll_message,
    results_reply,
    vote_confirmation,
)
from bot.polls.rounds import Arguments, oxford
from bot.polls.store import VoteRecord
from tests.discord_fake import FakeDiscord
from tests.helpers import make_app
from tests.test_discord_e2e import message_of, suggested
from tests.test_grammar import POLL
from tests.test_grammar_properties import _check_where_options_end
from tests.test_knowledge_cards import PACK, ROUTER
from tests.test_polls_options import poll_of
from tests.test_slack_e2e import Slack, all_text

RIGHT_TO_LEFT = {"R", "AL", "AN"}
HEBREW, ARABIC = "בייקר", "جين"


def outside_isolates(text: str) -> str:
    """`text` without its isolated pieces; fails unless every isolate is closed, on the
    line it opens, and none is left open or closed twice."""
    outside, depth = [], 0
    for char in text:
        if char == FIRST_STRONG_ISOLATE:
            depth += 1
        elif char == POP_ISOLATE:
            assert depth, f"an isolate closed that never opened: {text!r}"
            depth -= 1
        elif char == "\n":
            assert not depth, f"an isolate left open at a line's end: {text!r}"
            outside.append(char)
        elif not depth:
            outside.append(char)
    assert not depth, f"an isolate left open: {text!r}"
    return "".join(outside)


def right_to_left(text: str) -> str:
    return "".join(c for c in text if unicodedata.bidirectional(c) in RIGHT_TO_LEFT)


def assert_isolated(text: str) -> None:
    """Nothing outside the isolates can turn the bot's own words right to left."""
    assert right_to_left(outside_isolates(text)) == "", text


#: Words as people type them: Hebrew, Arabic (with its own digits), English, digits and the
#: punctuation that the bidirectional algorithm moves about.
WORDS = st.sampled_from(
    [HEBREW, ARABIC, "מי צודק", "٣", "Baker", "Gin", "42", "?", "!", ",", "(", ")", "→", "@here"]
)
TEXTS = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


def poll_with(question: str, labels: list[str], *, rounds: int = 1) -> Poll:
    """Poll #7 asking `question` (on one line, as a draft takes it) with these labels."""
    poll = poll_of(" | ".join(labels))
    return replace(poll, question=PollDraft.custom(question, "A | B").question, rounds=rounds)


def vote(option: int, name: str, voter: str) -> VoteRecord:
    return VoteRecord(option, UserRef("console", "W", voter), name, 0.0)


def unique_labels(count: int) -> st.SearchStrategy[list[str]]:
    return st.lists(TEXTS, min_size=count, max_size=count, unique_by=comparison_key)


@given(TEXTS, unique_labels(3), st.lists(TEXTS, min_size=1, max_size=4))
@example("מי צודק?", [HEBREW, ARABIC, "Both"], ["אבי", "דנה"])
def test_no_user_text_reorders_a_poll_its_results_or_a_confirmation(
    question: str, labels: list[str], names: list[str]
) -> None:
    poll = poll_with(question, labels)
    votes = [vote(1 + n % 3, name, f"u{n}") for n, name in enumerate(names)]
    tally = Tally(poll.id, {1: 2, 2: 2}, 4)
    closed = replace(poll, closed_at=60.0)
    replies: list[Reply] = [
        poll_message(poll, tally),
        poll_message(closed, tally),
        results_reply(closed, tally, votes, None),
        closed_announcement(closed, tally),
        vote_confirmation(VoteResult(poll, 2, VoteChange.MOVED, (2,))),
    ]
    for reply in replies:
        assert_isolated(reply.fallback())
        for button in reply.buttons():
            assert_isolated(button.label)


@given(TEXTS, unique_labels(2), st.lists(TEXTS, min_size=2, max_size=2))
@example("מי צודק?", [HEBREW, ARABIC], ["אבי", "דנה"])
def test_no_user_text_reorders_who_changed_their_mind_in_a_two_round_poll(
    question: str, labels: list[str], names: list[str]
) -> None:
    """The arrow of "1 → 2" pointed the wrong way between two Hebrew labels."""
    poll = replace(poll_with(question, labels, rounds=2), round=2, closed_at=60.0)
    before = [vote(1, names[0], "u0"), vote(1, names[1], "u1")]
    after = [vote(2, names[0], "u0"), vote(1, names[1], "u1")]
    ox = oxford(poll, before, after, ())
    reply = rounds_render.results_reply(poll, ox, after, None, Arguments(()))
    text = reply.fallback()
    assert_isolated(text)
    assert f"{safe(poll.label(1))} → {safe(poll.label(2))}: 1" in text


@given(TEXTS, unique_labels(2))
def test_a_refused_vote_lists_the_options_isolated(typed: str, labels: list[str]) -> None:
    poll = poll_with("Q?", labels)
    try:
        poll.find_option(typed + " zz")
    except UserError as refused:
        assert_isolated(refused.message)
    else:
        raise AssertionError("a label with “zz” after it names no option")


#: Words of a question or a label, with nothing the grammar reads specially.
PLAIN_WORDS = st.lists(
    st.sampled_from([HEBREW, ARABIC, "מי", "צודק", "Who", "Gin", "42"]), min_size=1, max_size=3
).map(" ".join)


@given(PLAIN_WORDS, st.lists(PLAIN_WORDS, min_size=2, max_size=3, unique=True))
@example("מי צודק", ["א", "ב"])
def test_a_form_a_refusal_offers_reads_as_typed_and_pastes_back(
    question: str, labels: list[str]
) -> None:
    """A refusal asking where `options` ends offered `/poll מי צודק? options:"א | ב" …`,
    shown on Slack with its options reversed ("ב | א") and the "?" at the question's start.
    The words typed and the quoted values are isolated now; pasted back, the dispatcher
    strips the isolates with every other control, and the form reads as before."""
    after = f"{' | '.join(labels)} 1 h"
    try:
        parse_arguments(POLL, f"{question}? {after}")
    except UserError as refused:
        assert_isolated(refused.message)
        _check_where_options_end(refused.message, f"{question}?", after)
    else:
        raise AssertionError("“1 h” after the last option is read as neither, unasked")


@given(st.text())
def test_isolating_changes_nothing_that_compares_or_holds_no_right_to_left_text(
    text: str,
) -> None:
    """A label copied from the bot's message still names its option, and text with no
    right-to-left character is left byte for byte."""
    text = strip_controls(text)
    shown = isolated(text)
    assert comparison_key(shown) == comparison_key(text)
    assert without_isolates(shown) == text
    assert shown == text or right_to_left(text)
    assert_isolated(shown)


@given(st.text(min_size=1, max_size=MAX_OPTION + 4).map(strip_controls), st.integers(3, 90))
@example(HEBREW * 16, 80)  # an 80-character label: whole on Discord's 80-character button
@example(HEBREW * 17, 80)
def test_a_cut_label_is_whole_where_it_fits_and_an_isolate_stays_closed(
    text: str, limit: int
) -> None:
    """Clipped to a platform's limit (Discord's 80-character button), an isolated label is
    isolated where that fits, else whole where that fits, else cut inside its isolate."""
    shown = isolated(text)
    cut = clip(shown, limit)
    assert len(cut) <= limit
    if len(shown) <= limit:
        assert cut == shown
    elif len(text) <= limit:
        assert cut == text
    else:
        assert_isolated(cut)
        assert without_isolates(cut).endswith("…")


@given(st.lists(TEXTS, min_size=2, max_size=8), st.integers(1, 60))
@example([HEBREW, ARABIC], 9)  # cut inside “جين”'s isolate
def test_a_cut_list_of_labels_or_names_leaves_no_isolate_open(
    texts: list[str], limit: int
) -> None:
    """A list of isolated pieces (the voters of an option, who changed their mind) cut to
    a field's limit was cut inside a piece, its isolate left open: whatever the platform
    puts after it read inside that name, right to left. Every isolate the cut leaves is
    closed, and it ends with "…", inside the piece it cut, as one label alone is cut
    (`test_a_cut_label_is_whole_where_it_fits_and_an_isolate_stays_closed`)."""
    joined = ", ".join(safe(text) for text in texts)
    cut = clip(joined, limit)
    assert len(cut) <= limit
    assert_isolated(cut)
    if cut != joined:
        kept = cut.removesuffix(POP_ISOLATE)
        assert kept.endswith("…") and joined.startswith(kept.removesuffix("…"))
        assert kept == cut or kept.rfind(FIRST_STRONG_ISOLATE) > kept.rfind(POP_ISOLATE)


def test_a_long_list_of_hebrew_voters_is_cut_with_its_isolates_closed() -> None:
    poll = poll_with("מי צודק?", [HEBREW, ARABIC])
    votes = [vote(1, f"{HEBREW} {n}", f"U{n}") for n in range(200)]
    reply = results_reply(poll, Tally(poll.id, {1: 200}, 200), votes, None)
    [field] = reply.cards[0].blocks[3].fields
    shown = field.value.count(FIRST_STRONG_ISOLATE)  # each name whole, in its isolate
    assert field.value.endswith(f"{POP_ISOLATE} … and {200 - shown} more")
    assert len(field.value) <= 1024
    assert_isolated(field.value)


# -- end to end ---------------------------------------------------------------------------


async def test_slack_shows_hebrew_and_arabic_labels_isolated(slack_bot: Slack) -> None:
    await slack_bot.command("/poll", f'question:"מי צודק?" options:"{HEBREW} | {ARABIC}"')
    poll_id, ts, post = await slack_bot.posted_poll()
    shown = all_text(post.args["blocks"])
    assert f"1) {isolated(HEBREW)}" in shown and f"{isolated('מי צודק?')}" in shown
    assert_isolated(shown)
    await slack_bot.sender.click(slack_bot.click(f"poll:v1:{poll_id}:2", "U0BOB", ts))
    _, url = await slack_bot.command("/vote", f"{poll_id} {HEBREW}")
    answer = await slack_bot.answer(url)
    assert answer.args["text"] == f"Your vote on poll #{poll_id} is now “{isolated(HEBREW)}”."
    await slack_bot.command("/close", str(poll_id))
    tie = f"Tie between “{isolated(HEBREW)}” and “{isolated(ARABIC)}”"
    [closed, *_] = await slack_bot.fake.wait_for(
        lambda f: [c for c in f.calls_to("chat.update") if tie in all_text(c.args["blocks"])]
    )
    assert_isolated(all_text(closed.args["blocks"]))


CARDS = AnswerCards(PACK)


@given(TEXTS.map(lambda text: f"gin on drones and on {text}") | TEXTS)
@example("מי צודק?")
@example(f"gin on drones and on {HEBREW} and {ARABIC}")
def test_no_question_reorders_what_the_knowledge_commands_say_of_it(question: str) -> None:
    """/ask quotes the question back ("Nothing on “…” in this debate."), a title the
    subject ("Aaron Gin on “…”"), a note the parts the debate has nothing on: "Nothing on
    “מי צודק?”" showed its "?" at the question's start, and Hebrew parts read backwards."""
    answer = ROUTER.answer(question)
    reply = CARDS.answer_reply(answer)
    assert_isolated(CARDS.refusal(answer.query) if reply is None else reply.fallback())


async def test_slack_quotes_a_hebrew_question_back_isolated(slack_bot: Slack) -> None:
    _, url = await slack_bot.command("/ask", "מי צודק?")
    refusal = (await slack_bot.answer(url)).args["text"]
    assert refusal.startswith(f"Nothing on “{isolated('מי צודק?')}” in this debate.")
    assert_isolated(refusal)
    _, url = await slack_bot.command("/ask", f"gin on drones and on {HEBREW}")
    answer = (await slack_bot.answer(url)).args
    assert f"Nothing on “{isolated(HEBREW)}” in this debate." in all_text(answer["blocks"])
    assert_isolated(all_text(answer["blocks"]))


async def test_discord_shows_hebrew_and_arabic_labels_isolated(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    answer = await fake.answer(
        await fake.command("poll", {"question": "מי צודק?", "options": f"{HEBREW} | {ARABIC}"})
    )
    message = message_of(answer)
    [embed] = message["embeds"]
    assert f"1) {isolated(HEBREW)}" in embed["description"]
    assert_isolated(embed["description"])
    labels = [c["label"] for row in message["components"] for c in row["components"]]
    assert labels[:2] == [isolated(HEBREW), isolated(ARABIC)]
    custom = message["components"][0]["components"][0]["custom_id"]
    poll_id = int(custom.split(":")[2])  # poll:v1:<poll>:<option>
    typed = await fake.command("vote", {"poll": poll_id, "option": ARABIC})
    told = message_of(await fake.answer(typed))
    assert told["content"] == f"Your vote on poll #{poll_id} is now “{isolated(ARABIC)}”."


@given(TEXTS, st.data())
@example("מי צודק?", None)
def test_a_question_copied_off_the_bots_message_finds_its_poll(
    question: str, data: st.DataObject | None
) -> None:
    """Discord's poll field suggests the polls whose question holds what is typed: a piece
    of a question copied off the poll's message (its isolates, a mention's zero-width space
    in it) found nothing, compared as typed."""
    poll = poll_with(question, ["A", "B"])
    shown = safe(poll.question)
    start, end = (
        (0, len(shown))
        if data is None
        else sorted(data.draw(st.lists(st.integers(0, len(shown)), min_size=2, max_size=2)))
    )
    piece = shown[start:end]
    assume(comparison_key(piece).lstrip("#"))
    assert [choice.value for choice in _poll_choices([poll], piece)] == [str(poll.id)]


async def test_discord_finds_a_hebrew_poll_by_its_question_as_shown(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    options = {"question": "מי צודק?", "options": f"{HEBREW} | {ARABIC}"}
    message = message_of(await fake.answer(await fake.command("poll", options)))
    poll_id = int(message["components"][0]["components"][0]["custom_id"].split(":")[2])
    [shown] = message["embeds"]
    copied = isolated("מי צודק?")
    assert copied in shown["description"]
    assert await suggested(fake, "results", "poll", copied) == [
        {"name": f"#{poll_id} {copied}", "value": poll_id}
    ]


async def test_a_form_slack_offers_for_a_hebrew_poll_pastes_back_as_that_poll(
    slack_bot: Slack,
) -> None:
    """The form is shown with its Hebrew isolated; copied with its isolates and pasted back,
    it makes the poll it names (the dispatcher strips them with every other control)."""
    _, url = await slack_bot.command("/poll", f"מי צודק? {HEBREW} | {ARABIC} 1 h")
    refusal = (await slack_bot.answer(url)).args["text"]
    form = refusal.split("name it: ", 1)[1]
    assert f'options:"{isolated(f"{HEBREW} | {ARABIC}")}" duration:1h' in form
    command, text = form.split(" ", 1)
    await slack_bot.command(command, text)
    poll_id, _, _ = await slack_bot.posted_poll()
    poll = await slack_bot.app.polls.store.get(poll_id)
    assert poll is not None and poll.closes_at is not None
    labels = tuple(option.label for option in poll.options)
    assert (poll.question, labels) == ("מי צודק?", (HEBREW, ARABIC))
    assert poll.closes_at - poll.created_at == 3600


async def test_the_console_shows_right_to_left_labels_without_isolates(tmp_path: Path) -> None:
    """A terminal lays its cells left to right; some draw an isolate as a box of its own."""
    app = await make_app(tmp_path)
    out = io.StringIO()
    script = io.StringIO(f'/poll question:"מי צודק?" options:"{HEBREW} | {ARABIC}"\n1\n')
    try:
        await app.start()
        assert await ConsoleAdapter(app, script, out).run() == 0
    finally:
        await app.close()
    shown = out.getvalue()
    assert f"1) {HEBREW}" in shown and f"now “{HEBREW}”" in shown
    assert FIRST_STRONG_ISOLATE not in shown and POP_ISOLATE not in shown
