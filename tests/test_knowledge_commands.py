"""The knowledge commands through the real dispatcher and a real (SQLite) app."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import BotApp
from bot.clock import ManualClock
from bot.core.context import Context
from bot.core.dispatch import convert_options
from bot.core.grammar import parse_arguments
from bot.core.replies import Quote, Reply
from bot.knowledge import Pack, Point
from tests.helpers import FIXTURE_PACKS, make_app


@pytest.fixture
async def app(tmp_path: Path, clock: ManualClock) -> AsyncIterator[BotApp]:
    app = await make_app(tmp_path, clock)
    yield app
    await app.close()


def ctx(app: BotApp, channel: str = "general") -> Context:
    return Context("console", "local", channel, "u1", "Ann", False, app.clock)


async def run(app: BotApp, line: str, channel: str = "general") -> Reply:
    name, _, rest = line.lstrip("/").partition(" ")
    return await app.dispatcher.run_text(ctx(app, channel), name, rest)


CITATION = "Baker vs Gin on China's AI chip strategy — TBPN"


async def test_speaker_without_topic_gives_stance_and_strongest_points(app: BotApp) -> None:
    reply = await run(app, "/baker")
    card = reply.cards[0]
    assert card.title == "Gavin Baker — Investor"
    assert card.colour == app.pack.speaker("baker").colour
    assert app.pack.speaker("baker").stance in card.fallback()
    assert "terrible mistake" in [b.text for b in card.blocks if isinstance(b, Quote)]
    assert CITATION in card.footer and not reply.ephemeral


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/baker american chips", "baker-terrible-mistake"),
        ("/baker deepseek", "baker-distillation-impressive"),
        ("/gin robots", "gin-robotics-drones"),
        ("/gin does it matter", "gin-does-it-matter"),
    ],
)
async def test_speaker_topic_ranks_the_right_point_first(
    app: BotApp, line: str, expected: str
) -> None:
    reply = await run(app, line)
    assert reply.cards[0].blocks[0].fallback() == app.pack.point(expected).claim


async def test_nothing_relevant_suggests_topic_titles(app: BotApp) -> None:
    reply = await run(app, "/gin banana smoothie")
    assert reply.ephemeral and not reply.cards
    assert reply.text.startswith("Nothing on “banana smoothie” in this debate. Try: ")
    assert all(topic.title in reply.text for topic in app.pack.topics)
    assert "us-chips" not in reply.text  # titles, not ids


async def test_debate_pairs_point_and_counterpoint_then_one_line_of_verdict(app: BotApp) -> None:
    reply = await run(app, "/debate us chips")
    titles = [c.title for c in reply.cards]
    assert titles[0].startswith("Point — ") and titles[1].startswith("Counterpoint — ")
    speakers = {titles[0].split(" — ")[1], titles[1].split(" — ")[1]}
    assert speakers == {"Gavin Baker", "Aaron Gin"}
    assert titles[-1] == "Who's right"
    verdict = reply.cards[-1].fallback()
    assert app.pack.synthesis.verdict not in verdict  # the full verdict is one command away
    assert "Both are right within their domains." in verdict and "/ask who is right" in verdict
    assert CITATION in reply.cards[-1].footer


async def test_debate_without_topic_ends_with_advice(app: BotApp) -> None:
    reply = await run(app, "/debate")
    assert [c.title for c in reply.cards][-2:] == ["Who's right", "What to do with this"]


async def test_takeaway_rotates_per_channel_and_validates_n(app: BotApp) -> None:
    total = len(app.pack.takeaways)
    titles = [(await run(app, "/takeaway")).cards[0].title for _ in range(total + 1)]
    assert titles[0].startswith(f"Takeaway 1/{total}") and titles[-1] == titles[0]
    assert len(set(titles)) == total
    assert (await run(app, "/takeaway", channel="other")).cards[0].title == titles[0]
    assert (await run(app, "/takeaway 3")).cards[0].title.startswith(f"Takeaway 3/{total}")
    for typed in (0, total + 1):
        bad = await run(app, f"/takeaway n:{typed}")
        assert bad.ephemeral and bad.text == (
            f"`n` must be from 1 to {total}, not {typed}. Usage: /takeaway [n:N], e.g. /takeaway 2"
        )


async def test_ask_labels_each_match_with_its_speaker(app: BotApp) -> None:
    reply = await run(app, "/ask is china making a mistake")
    names = {s.name for s in app.pack.speakers}
    assert reply.cards and all(c.title in names for c in reply.cards)
    assert reply.cards[0].blocks[0].fallback() == app.pack.point("baker-terrible-mistake").claim
    missing = await run(app, "/ask")
    assert missing.ephemeral and "needs `question`" in missing.text


async def test_topics_and_help_come_from_the_pack_and_registry(app: BotApp) -> None:
    topics = (await run(app, "/topics")).fallback()
    assert all(t.id in topics for t in app.pack.topics)
    assert "Try: /baker chips, /gin chips, /debate <topic>" in topics  # typed, by position
    help_text = (await run(app, "/help")).fallback()
    for command in app.registry:
        assert f"/{command.name}" in help_text
        assert command.description in help_text


async def test_topic_autocomplete_suggests_matching_topics(app: BotApp) -> None:
    source = app.registry.autocomplete("topics")
    assert source is not None
    choices = await source(ctx(app), "drone", {})
    assert [c.value for c in choices] == ["robotics"]


async def test_a_second_pack_brings_its_own_speaker_commands(tmp_path: Path) -> None:
    app = await make_app(tmp_path, KNOWLEDGE_DIR=str(FIXTURE_PACKS / "tabs-vs-spaces"))
    try:
        names = {c.name for c in app.registry}
        assert {"tabs", "spaces", "pragmatist"} <= names
        assert not {"baker", "gin"} & names
        reply = await run(app, "/tabs")
        assert reply.cards[0].title.startswith("Tabitha Indent")
    finally:
        await app.close()


async def test_debate_says_so_when_one_side_has_no_answer(app: BotApp) -> None:
    reply = await run(app, "/debate robotics")
    assert reply.cards[0].title == "Point — Aaron Gin"
    assert "no direct answer from Gavin Baker" in reply.cards[1].fallback()


async def test_a_topic_name_finds_points_tagged_with_it(app: BotApp) -> None:
    reply = await run(app, "/gin robotics")
    assert reply.cards[0].blocks[0].fallback() == app.pack.point("gin-robotics-drones").claim


async def test_debate_never_makes_the_article_a_side(app: BotApp) -> None:
    """Gin never mentions distillation; the article's take on it is analysis, not his answer:
    it follows the sides under its own name, never as a point or counterpoint."""
    reply = await run(app, "/debate distillation")
    titles = [c.title for c in reply.cards]
    assert titles[0] == "Point — Gavin Baker"
    no_answer = [c for c in reply.cards if "no direct answer" in c.fallback()]
    assert len(no_answer) == 1 and "no direct answer from Aaron Gin" in no_answer[0].fallback()
    analysis = [t for t in titles if "analysis" in t]
    assert analysis and titles[-1 - len(analysis) : -1] == analysis
    claims = [c.blocks[0].fallback() for c in reply.cards]
    assert app.pack.point("gin-distillation-offset").claim in claims


async def test_a_topics_debate_shows_the_articles_analysis_of_it(app: BotApp) -> None:
    """/debate frontier-research once showed one Baker card, "no direct answer" and the
    verdict, dropping the three frontier points the article makes in its own voice."""
    reply = await run(app, "/debate frontier-research")
    claims = {c.blocks[0].fallback() for c in reply.cards if c.title == "The article (analysis)"}
    frontier = ("baker-frontier-training", "baker-compute-constraint", "baker-next-generation")
    assert claims == {app.pack.point(p).claim for p in frontier}


async def test_no_direct_answer_is_said_once_per_debate(app: BotApp) -> None:
    for topic in app.pack.topics:
        reply = await run(app, f"/debate {topic.id}")
        said = [c for c in reply.cards if "no direct answer" in c.fallback()]
        assert len(said) <= 1, topic.id


async def test_the_articles_analysis_gets_no_command(app: BotApp) -> None:
    assert app.registry.get("article") is None
    assert app.registry.get("baker") is not None and app.registry.get("gin") is not None
    help_text = (await run(app, "/help")).fallback()
    assert "/article" not in help_text


async def test_analysis_points_are_labelled_as_the_articles_analysis(app: BotApp) -> None:
    reply = await run(app, "/ask could distillation offset a raw compute disadvantage")
    card = next(c for c in reply.cards if "offset" in c.fallback())
    assert card.title == "The article (analysis)"
    takeaway = (await run(app, "/takeaway 3")).cards[0].fallback()  # Distillation as a Shortcut
    claim = app.pack.point("gin-distillation-offset").claim
    assert f"The article (analysis): {claim}" in takeaway
    assert f"Aaron Gin: {claim}" not in takeaway


async def test_no_footer_says_the_date_is_not_given(app: BotApp) -> None:
    lines = ["/baker", "/gin robots", "/debate", "/debate chips", "/takeaway 1", "/ask who"]
    for line in lines:
        for card in (await run(app, line)).cards:
            assert "date not given" not in (card.footer or "") + card.fallback(), line
    assert (await run(app, "/takeaway 2")).cards[-1].footer.endswith("— TBPN")


# --- QA of the bundled pack's honesty: each test below failed before its fix -------------


async def test_gin_is_not_made_to_answer_baker_on_distillation(app: BotApp) -> None:
    """Gin never speaks of distillation, and the article has him answer no one on it."""
    reply = await run(app, "/ask what does gin say about distillation?")
    assert reply.text.startswith("Aaron Gin says nothing on ")
    assert "In answer to" not in reply.fallback()
    assert not any(c.title.startswith("Aaron Gin") for c in reply.cards)


@pytest.mark.parametrize(
    "line",
    [
        "/baker sanctions",
        "/ask what did baker say about the h20",
        "/ask is the export ban working?",
        "/ask what does gin think about export controls",
        "/debate export controls",
        "/ask training for a marathon",
    ],
)
async def test_what_the_article_never_mentions_gets_nothing(app: BotApp, line: str) -> None:
    """US export policy, the H20, "marathon": the article covers none of them."""
    reply = await run(app, line)
    assert reply.ephemeral and not reply.cards
    assert reply.text.startswith("Nothing on “")


async def test_the_topic_example_is_a_topic_of_the_pack(app: BotApp) -> None:
    """The help once offered "e.g. export controls", which the article never mentions."""
    help_text = (await run(app, "/help baker")).fallback()
    assert "export controls" not in help_text
    assert f"e.g. {app.pack.topics[0].id}" in help_text


@pytest.mark.parametrize("pack", ["bundled", "tabs-vs-spaces"])
async def test_help_examples_name_what_the_pack_has_and_are_answered_as_written(
    tmp_path: Path, pack: str
) -> None:
    """Help's examples are copied as written. In a three-way pack "/pragmatist
    accessibility" (the first topic, not his) answered "Ed Config says nothing on …",
    "/takeaway 2" was out of range (one takeaway) and "/ask is china making a mistake?"
    was refused, and "/vote #3 Aaron Gin" named no option of its poll: each example now
    names what the pack has, and gets an answer from it."""
    packs = {} if pack == "bundled" else {"KNOWLEDGE_DIR": str(FIXTURE_PACKS / pack)}
    app = await make_app(tmp_path, **packs)
    try:
        speakers = {s.id: s for s in app.pack.debaters}
        for command in (c for c in app.registry if c.category == "knowledge"):
            for example in command.examples:
                reply = await run(app, example)
                assert not reply.ephemeral and reply.cards, (example, reply.text)
                assert "says nothing" not in reply.text, (example, reply.text)
                speaker = speakers.get(command.name)
                if speaker is not None:
                    assert reply.cards[0].title.startswith(speaker.name), example
            if command.name == "topics":
                shown = (await run(app, "/topics")).fallback()
                line = shown.partition("Try: ")[2].splitlines()[0]
                tries = [t.split() for t in line.split(", ") if t.split()[0][1:] in speakers]
                assert len(tries) == 2, line
                for name, topic in tries:
                    reply = await run(app, f"{name} {topic}")
                    assert reply.cards[0].title.startswith(speakers[name[1:]].name), line
        # /vote's example names an option of the pack's own poll ("Aaron Gin" was in all)
        vote = app.registry.get("vote")
        assert vote is not None
        labels = [o.label for o in app.pack.poll.options]
        [typed] = [e for e in vote.examples if "#" in e]
        option = str(convert_options(vote, parse_arguments(vote, typed[len("/vote ") :]))["option"])
        assert option in labels, (typed, labels)
    finally:
        await app.close()


def debate_shape(titles: list[str]) -> bool:
    """Point then counterpoint, once or twice (points one side has no answer to come
    together, before one card saying so); or, where only the article's analysis speaks, a
    card saying so; then any of the article's analysis; then the one-line verdict."""
    *staged, verdict = titles
    if verdict != "Who's right":
        return False
    while staged and staged[-1] == "The article (analysis)":
        staged.pop()
    if staged == ["Point and counterpoint"]:
        return titles[-2] == "The article (analysis)"
    shape = "".join("P" if t.startswith("Point — ") else "C" for t in staged)
    counters = [t for t in staged if not t.startswith("Point — ")]
    return (
        re.fullmatch(r"(P+C)+", shape) is not None
        and shape.count("P") <= 2
        and all(t.startswith("Counterpoint") for t in counters)
    )


async def test_every_topic_is_debated_in_one_shape(app: BotApp) -> None:
    for topic in app.pack.topics:
        for name in (topic.id, topic.title):
            reply = await run(app, f"/debate {name}")
            titles = [c.title for c in reply.cards]
            assert reply.text == f"The debate on “{name}”", name
            assert debate_shape(titles), (name, titles)


def staged(pack: Pack, reply: Reply) -> list[list[Point]]:
    """The points a debate stages, a point with its counterpoint together: no-answer cards
    and the verdict line quote no point's claim and are left out."""
    claims = {p.claim: p for p in pack.points}
    units: list[list[Point]] = []
    for card in reply.cards:
        point = claims.get(card.blocks[0].fallback()) if card.blocks else None
        if point is not None and card.title.startswith("Counterpoint — "):
            units[-1].append(point)
        elif point is not None:
            units.append([point])
    return units


async def test_a_topics_debate_stages_only_that_topics_points(app: BotApp) -> None:
    """A word shared with other topics ("ai" in "sovereign ai") must not stage their points;
    one of a pair may come from another topic: it is what the topic's point answers, or
    the answer to it."""
    for topic in app.pack.topics:
        units = staged(app.pack, await run(app, f"/debate {topic.id}"))
        assert units and all(any(topic.id in p.topics for p in u) for u in units), topic.id


def answered_first(pack: Pack, reply: Reply) -> bool:
    """Every pair as the article stages it: the point answered, then the rebuttal (the
    bundled article's opener, Baker, rebuts no one, so he is never a counterpoint)."""
    pairs = [u for u in staged(pack, reply) if len(u) == 2]
    return all(p.rebuts != c.id for p, c in pairs) and "Counterpoint — Gavin Baker" not in [
        c.title for c in reply.cards
    ]


async def test_every_debate_puts_the_answered_point_before_its_rebuttal(app: BotApp) -> None:
    """QA: "/debate us-chips" opened with Gin's pivot and made Baker's "terrible mistake"
    its counterpoint, though Baker speaks first and Gin answers him. "chips drones" pairs
    two points no rebuts link joins: the opener still comes first."""
    lines = ["/debate", "/debate chips drones"]
    lines += [f"/debate {name}" for t in app.pack.topics for name in (t.id, t.title)]
    for line in lines:
        reply = await run(app, line)
        assert answered_first(app.pack, reply), (line, [c.title for c in reply.cards])


async def test_the_headline_debate_shows_each_point_once_opener_first(app: BotApp) -> None:
    reply = await run(app, "/debate")
    staged = [c for c in reply.cards if c.title.startswith(("Point", "Counterpoint"))]
    claims = [c.blocks[0].fallback() for c in staged]
    assert len(claims) == len(set(claims)) == 4
    assert [c.title for c in staged] == ["Point — Gavin Baker", "Counterpoint — Aaron Gin"] * 2
