"""Mentions in a question are no part of it: Slack users @ the bot, the channel or a colleague
in the same breath as the question, and the ids must neither sink it below the relevance
floor nor choose its points."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.app import BotApp
from bot.clock import ManualClock
from bot.knowledge.router import Answer
from tests.helpers import make_app
from tests.test_knowledge_commands import run
from tests.test_knowledge_vocabulary import router


@pytest.fixture
async def app(tmp_path: Path, clock: ManualClock) -> AsyncIterator[BotApp]:
    app = await make_app(tmp_path, clock)
    yield app
    await app.close()


@pytest.mark.parametrize(
    ("line", "without"),
    [
        ("/ask <@U123> what about drones", "/ask what about drones"),
        (
            "/ask <!channel> is china wrong about nvidia chips",
            "/ask is china wrong about nvidia chips",
        ),
        ("/ask @everyone who is right?", "/ask who is right?"),
        ("/ask who is right? @everyone", "/ask who is right?"),
        ("/ask <@U0BOT> who is right?", "/ask who is right?"),
        ("/ask @DebateBot what should we do?", "/ask what should we do?"),
        ("/ask <@U0BOT|debatebot> <#C01|general> drones", "/ask drones"),
        ("/gin <@123456789> <@!42> <@&7> <#9> drones", "/gin drones"),
        ("/baker <!subteam^S01|@chips> distillation", "/baker distillation"),
        # typed as plain text, and other chat text (tests/test_knowledge_chat_text.py)
        ("/ask drones @bob", "/ask drones"),
        ("/ask what about drones, @bob.smith?", "/ask what about drones, ?"),
        ("/ask who is right? #general", "/ask who is right?"),
        ("/ask #ai-chips who is right?", "/ask who is right?"),
        ("/gin distillation @Ann_Lee's take", "/gin distillation take"),
        ("/baker blackwell cc @bob", "/baker blackwell"),
        ("/ask drones fyi ann.lee@corp.co.uk", "/ask drones"),
        ("/ask tbpn.com/episodes/baker-gin who is right?", "/ask who is right?"),
        ("/ask drones :+1::skin-tone-2:", "/ask drones"),
        ("/ask -1 is china wrong about nvidia chips", "/ask is china wrong about nvidia chips"),
        ("/ask +100 what should we do?", "/ask what should we do?"),
    ],
)
async def test_a_question_with_mentions_is_answered_as_without_them(
    app: BotApp, line: str, without: str
) -> None:
    reply, plain = await run(app, line), await run(app, without)
    assert not reply.ephemeral and reply.cards
    assert reply.fallback() == plain.fallback()  # the echo too: the ids are not repeated


async def test_a_refusal_echoes_the_question_without_its_mentions(app: BotApp) -> None:
    reply = await run(app, "/ask @everyone <!here> <@U1> best pizza toppings")
    assert reply.text.startswith("Nothing on “best pizza toppings” in this debate.")


async def test_a_leading_speaker_name_is_asked_not_dropped(app: BotApp) -> None:
    """ "@Baker" starting a question addresses Baker, unlike "@DebateBot"."""
    reply = await run(app, "/ask @Baker, what about distillation?")
    assert reply.cards[0].title.startswith("Gavin Baker on ")


def _answered(answer: Answer) -> tuple[object, ...]:
    """What an answer chose, leaving out the echo of the question."""
    return (answer.kind, answer.points, answer.speaker, dict(answer.via))


#: Words the pack's questions are made of: subjects, asking words, names and intents, plus a
#: few the debate does not cover, so refusals are drawn too.
WORDS = st.sampled_from(
    """drones chips distillation nvidia blackwell benchmarks sovereign ai adoption mistake
    compute models what does think about who is right should we do baker gin gin's gavin
    aaron respond to tl;dr summary pizza tonic recipe ? ,""".split()
)
IDS = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=11)
LABELS = st.sampled_from(["ann", "gin", "baker", "debatebot", "@chips", "general", "drones"])
MENTIONS = st.one_of(
    st.sampled_from(["<!here>", "<!channel>", "<!everyone>", "@everyone", "@here", "@channel"]),
    st.builds("<@U{}>".format, IDS),
    st.builds("<@U{}|{}>".format, IDS, LABELS),
    st.builds("<!subteam^S{}|{}>".format, IDS, LABELS),
    st.builds("<#C{}|{}>".format, IDS, LABELS),
    st.builds("<{}{}>".format, st.sampled_from(["@", "@!", "@&", "#"]), st.integers(0, 10**19)),
)


@st.composite
def with_mentions(draw: st.DrawFn) -> tuple[str, str]:
    """A question, and the same question with mention tokens between any of its words (and
    perhaps a leading "@DebateBot" addressing the bot)."""
    words = draw(st.lists(WORDS, min_size=1, max_size=8))
    leading = draw(st.lists(MENTIONS, max_size=2))
    if draw(st.booleans()):
        leading.insert(draw(st.integers(0, len(leading))), "@DebateBot")
    mixed = leading
    for word in words:
        mixed += [word, *draw(st.lists(MENTIONS, max_size=2))]
    return " ".join(words), " ".join(mixed)


@given(with_mentions(), st.sampled_from([None, "baker", "gin"]))
@example(("who is right ?", "<@U0BOT> who is right ?"), None)
@example(("drones", "@DebateBot <!channel> drones"), "gin")
def test_mentions_never_change_which_points_are_chosen(
    questions: tuple[str, str], speaker: str | None
) -> None:
    plain, mentioned = (_answered(router().answer(q, speaker)) for q in questions)
    assert mentioned == plain


#: Every knowledge command that takes a topic or a question.
TOPICAL = ["baker", "gin", "debate", "ask"]


@pytest.mark.parametrize("name", TOPICAL)
@pytest.mark.parametrize("mentions", ["@here", "<@U123>", "@everyone <!channel>", "@DebateBot"])
async def test_a_topic_of_mentions_alone_is_no_topic(app: BotApp, name: str, mentions: str) -> None:
    """ "/debate @here" answered "Nothing on “@here”" while "/baker <@U123>" gave Baker's
    stance: each command answers a topic of mentions alone as it answers none (/ask, whose
    question is required, says it needs one)."""
    reply, bare = await run(app, f"/{name} {mentions}"), await run(app, f"/{name}")
    assert (reply.ephemeral, reply.fallback()) == (bare.ephemeral, bare.fallback())


@given(
    st.lists(
        st.tuples(st.sampled_from(TOPICAL), st.lists(MENTIONS, min_size=1, max_size=3)),
        min_size=1,
        max_size=6,
    )
)
@settings(max_examples=10, deadline=None)
def test_any_mentions_alone_are_answered_as_no_topic(
    tmp_path_factory: pytest.TempPathFactory, lines: list[tuple[str, list[str]]]
) -> None:
    asyncio.run(mentions_alone(tmp_path_factory.mktemp("mentions"), lines))


async def mentions_alone(path: Path, lines: list[tuple[str, list[str]]]) -> None:
    app = await make_app(path, ManualClock(0))
    try:
        for name, mentions in lines:
            reply = await run(app, f"/{name} {' '.join(mentions)}")
            bare = await run(app, f"/{name}")
            assert (reply.ephemeral, reply.fallback()) == (bare.ephemeral, bare.fallback())
    finally:
        await app.close()
