"""Questions routed to the right part of the debate, through the real dispatcher.

Each case here was a wrong or empty answer before routing, the relevance floor and the
synonyms existed (issue 11's first section), so each is a regression test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.app import BotApp
from bot.clock import ManualClock
from bot.core.replies import Note, Reply
from bot.knowledge.intents import INTENT_WORDS, IntentMatcher
from bot.knowledge.negation import ASKING_WHAT
from bot.knowledge.router import AUTHOR_WORDS, Kind
from bot.knowledge.search import CLAIM_WORDS, QUOTING
from bot.knowledge.tokens import (
    ACTIONS,
    FILLER,
    GRADES,
    IRREGULAR,
    ROLES,
    SHORTHAND,
    STOP_WORDS,
    is_action,
    is_filler,
    normalise,
    stem,
    tokenize,
    words,
)
from tests.helpers import make_app
from tests.test_knowledge_commands import run
from tests.test_knowledge_vocabulary import pack, router


@pytest.fixture
async def app(tmp_path: Path, clock: ManualClock) -> AsyncIterator[BotApp]:
    app = await make_app(tmp_path, clock)
    yield app
    await app.close()


#: Subjects each side covers, the other side does not, or nobody does, and asking words.
QUESTION_WORDS_LIST = """drones robots sovereign ai distillation biggest models founder fleet
    chips nvidia benchmarks adoption compute training frontier what about the is does
    pizza""".split()
QUESTION_WORDS = st.sampled_from(QUESTION_WORDS_LIST)
#: One-word names readers use for what the article discusses without naming it.
UNNAMED = sorted({n for names in pack().unnamed.values() for n in names if " " not in n})

QUESTION_ONLY_WORDS = STOP_WORDS | FILLER | INTENT_WORDS
SURNAMES = {normalise(s.name).split()[-1] for s in pack().speakers}


def first_claim(reply: Reply) -> str:
    return reply.cards[0].blocks[0].fallback()


@pytest.mark.parametrize(
    "line",
    [
        "/gin topping up my phone plan",
        "/baker best chips for guacamole",
        "/ask best pizza toppings",
        "/ask who won the super bowl",
        "/debate tabs or spaces",
        # Near the phrasings and names added for QA's refused questions: still refused.
        "/ask key takeaways from the champions league final",
        "/ask who should my dog listen to",
        "/ask aaron rodgers highlights",
        "/ask a gin and tonic with lime",
        # QA: answered through an idiom ("drone racing", "data plan") or a speaker's name
        # that was the drink ("how is gin distilled?")
        "/ask drone racing",
        "/ask how is gin distilled?",
        # a chip's process node, where the article's "process" is distillation's (set 8)
        "/ask what process node are china's chips on",
        "/ask is gin distilled",
        "/ask generation gap",
        # a business opportunity, not the chip gap
        "/ask the gap in the market",
        # "positive" shares its stem with the filler word "position"
        "/ask power of positive thinking",
        # software licences: the source's "open-source" is one word, not two to "software"
        "/ask closed source vs open source software",
        # the article never says GPU, let alone what one is
        "/ask what is a gpu",
        # "gaming" is no form of the article's "high-stakes game", which no point says
        "/ask nvidia gpu for gaming",
        # the workplace: "at work" is an idiom of the article's "works reliably"
        "/ask terrible mistake at work",
        # "big" carries no subject, but "big data" is one the debate does not cover
        "/ask big data",
        # the US alone, a party the debate is set between, is no subject of it
        "/ask what about the us",
        "/ask cheat codes for gta",
        "/ask us",
        "/ask ai",  # the field the debate is set in, answered with sovereign AI
        # "generator" is no "generation" (the article's next generation of AI)
        "/ask ai art generator",
        # companies as a subject, not whom a question asks for
        "/ask best companies to work for",
        # to grow a business: the article only ever says "at scale"
        "/ask how to scale a startup",
        # the asker's own mistake, not China's
        "/ask i made a terrible mistake",
        "/baker we made a bad call",
    ],
)
async def test_unrelated_questions_are_refused_with_topic_titles(app: BotApp, line: str) -> None:
    reply = await run(app, line)
    assert reply.ephemeral and not reply.cards  # never a card headed with the question
    assert "in this debate. Try: " in reply.text
    assert all(topic.title in reply.text for topic in app.pack.topics)


@given(
    st.sampled_from(
        ["nvidia stock", "Nvidia's stock", "NVIDIA shares", "nvda stock", "nvidia share price"]
    ),
    st.sampled_from(
        ["is {} a buy right now", "should i buy {}", "{} after this debate", "thoughts on {}?"]
    ),
    st.sampled_from([None, "baker", "gin"]),
)
@example("nvidia stock", "is {} a buy right now", None)  # QA (held-out 4): Baker's barrier
def test_the_company_as_an_investment_is_refused(
    stock: str, frame: str, speaker: str | None
) -> None:
    """QA (held-out sets 4 and 5): "is nvidia stock a buy right now" was answered with
    Baker's self-imposed barrier (its "choosing not to buy"): the article names NVIDIA as
    the maker of the chips China forgoes, never its shares."""
    assert router().answer(frame.format(stock), speaker).kind is Kind.NOTHING


@given(
    st.sampled_from(["take place", "took place", "taking place", "takes place"]),
    st.sampled_from(
        ["where did the debate {}", "when did the tbpn conversation {}", "where does it {}"]
    ),
)
@example("take place", "where did the debate {}")  # QA (held-out 5): Gin's "second place"
def test_where_an_event_took_place_is_refused(place: str, frame: str) -> None:
    """QA (held-out sets 4 and 5): "where did the baker gin debate take place" was answered
    with Gin's customers, for whom a model in "second place" will do: the article's place
    is a rank, never where or when the conversation happened."""
    assert router().answer(frame.format(place)).kind is Kind.NOTHING
    second = router().answer("does it matter if the model is in second place")
    assert "gin-customers-care" in [p.id for p in second.points]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/gin unmanned aircraft", "gin-robotics-drones"),
        # QA (held-out set 5): refused for "code"; a cheat code is a shortcut, Baker's
        # workaround
        ("/ask is distillation a cheat code", "baker-distillation-workaround"),
        ("/ask distillation = cheat code or nah", "baker-distillation-workaround"),
        ("/baker tell me about the home-grown GPUs", "baker-misplaced-confidence"),
        ("/baker is china shooting itself in the foot?", "baker-self-imposed-barrier"),
        ("/gin bencmarks", "gin-not-chasing-benchmarks"),  # a typo of the pack's own word
        ("/baker 160k reasoning traces", "baker-distillation-impressive"),  # QA: refused
        # the article's "China's decision to forgo" is the mistake, not the confidence behind it
        ("/ask what did baker call china's decision on the H200s", "baker-terrible-mistake"),
        # Gin's point, not Baker's gap, which once said "top-tier silicon"
        ("/ask is china trying to top the benchmarks", "gin-not-chasing-benchmarks"),
        # Baker's gap, not Gin's "does it matter?", whose claim once said "the gap with the US"
        ("/ask is the gap with the us getting smaller", "baker-performance-gap"),
        # QA: refused for "bad" and "big", words that judge or size, naming no subject
        ("/baker why is rejecting nvidia bad", "baker-terrible-mistake"),
        ("/ask how big is the performance gap", "baker-performance-gap"),
        # QA: refused for "doing", a word of asking now that the US alone is no subject
        ("/ask what are other nations doing about ai", "gin-sovereign-ai"),
        # QA: refused for "companies", whom the question asks for
        ("/ask should companies chase benchmarks", "gin-not-chasing-benchmarks"),
        # QA: said Baker had nothing; China's "own chips" are the domestic chips he doubts
        ("/baker are china's own chips any good", "baker-misplaced-confidence"),
        ("/ask is china too confident in its own chips", "baker-misplaced-confidence"),
    ],
)
async def test_readers_words_reach_the_packs_points(app: BotApp, line: str, expected: str) -> None:
    assert first_claim(await run(app, line)) == app.pack.point(expected).claim


@given(
    st.lists(
        st.sampled_from("salary pizza rent miles followers subscribers".split()),
        min_size=1,
        max_size=3,
    )
)
def test_a_shortened_number_alone_does_not_make_a_question_covered(subject: list[str]) -> None:
    """A "160k" is the article's 160,000 reasoning traces only beside the debate's words:
    "160k salary" is still refused."""
    assert router().answer(" ".join(["160k", *subject])).kind is Kind.NOTHING


@given(
    st.sampled_from(["drone", "drones", "uav", "quadcopter", "robot", "robots", "humanoid robots"]),
    st.sampled_from(
        ["{} race", "the {} race", "is china winning the {} race", "who leads the {} race"]
    ),
    st.sampled_from([None, "gin"]),
)
def test_the_race_in_drones_is_gins_drones_not_his_different_race(
    drones: str, frame: str, speaker: str | None
) -> None:
    """QA: Gin's trajectory point led on "is china winning the drone race" through its keyword
    "different race", the word "race" counting as much as the drones point's own "drones"."""
    answer = router().answer(frame.format(drones), speaker)
    assert answer.points[0].id == "gin-robotics-drones"


@given(
    st.sampled_from(["cheap", "cheap and", "affordable"]),
    st.sampled_from(["reliable ai", "reliable models", "reliable ai at scale"]),
)
def test_cheap_reliable_ai_is_gins_cost_and_reliability_not_his_inexpensive_chips(
    cheap: str, reliable: str
) -> None:
    """QA: "/gin cheap reliable AI at scale" led with dirty power and inexpensive chips, how
    China reaches its goals; what customers care about, cost and reliability, is Gin's point
    on cheap, reliable AI."""
    answer = router().answer(f"{cheap} {reliable}", "gin")
    assert answer.points[0].id == "gin-customers-care"


async def test_copycat_models_find_distillation_not_frontier_training(app: BotApp) -> None:
    reply = await run(app, "/ask copycat models trained on American outputs")
    first = next(p for p in app.pack.points if p.claim == first_claim(reply))
    assert "distillation" in first.topics


@pytest.mark.parametrize(
    "line",
    [
        "/ask who is right",
        "/ask who won?",
        "/debate what's the verdict",
        # QA: refused, though the article's "Who's Right (and When They're Wrong)" answers
        "/ask what does the article conclude",
        "/gin what does baker get wrong",
        "/baker what does gin get wrong",
        "/ask what did baker get right",  # QA: refused
        "/ask what's wrong with baker's argument",
    ],
)
async def test_who_is_right_gives_the_synthesis(app: BotApp, line: str) -> None:
    reply = await run(app, line)
    assert [c.title for c in reply.cards] == ["Who's right"]
    assert app.pack.synthesis.verdict in reply.cards[0].fallback()


@pytest.mark.parametrize(
    "line",
    [
        "/ask what should founders do",
        "/ask so what?",
        "/gin what should my team do",
        "/ask who should a startup founder listen to",  # QA: refused
        "/ask key takeaways for founders",
        "/ask what's the lesson here",  # QA: refused
        "/ask any lessons for us",
        # QA: answered with the analysis' model that "works reliably", and, once "at work" was
        # an idiom, refused: the workplace is where the advice is used
        "/ask what does this mean for my work",
        "/ask how can we use this at work",
    ],
)
async def test_what_should_we_do_gives_the_advice(app: BotApp, line: str) -> None:
    reply = await run(app, line)
    assert [c.title for c in reply.cards] == ["What to do with this"]
    assert all(step in reply.cards[0].fallback() for step in app.pack.advice.steps)


async def test_tldr_gives_a_short_both_sides_summary(app: BotApp) -> None:
    reply = await run(app, "/ask tl;dr")
    [card] = reply.cards
    assert card.title == "The short version"
    text = card.fallback()
    assert all(f"{s.name}: " in text for s in app.pack.debaters)
    assert len(text) < len(app.pack.synthesis.summary) + 600


async def test_a_speaker_asked_in_the_other_sides_words_answers_through_rebuts(
    app: BotApp,
) -> None:
    """ "Gin's 80% claim" matches Gin's point; Baker answers with the point Gin rebutted."""
    reply = await run(app, "/ask what does baker say about gin's 80% capability claim")
    assert reply.cards[0].title.startswith("Gavin Baker on ")
    assert first_claim(reply) == app.pack.point("baker-misplaced-confidence").claim
    note = next(b for b in reply.cards[0].blocks if isinstance(b, Note) and "Gin" in b.label)
    assert note.label == "Answered by Aaron Gin"  # Baker spoke first: Gin replied to him
    assert app.pack.point("gin-80-percent").claim.startswith(note.text)


async def test_a_speaker_with_nothing_on_a_covered_topic_says_so_and_offers_the_rest(
    app: BotApp,
) -> None:
    reply = await run(app, "/baker drones")
    assert not reply.ephemeral
    assert reply.text.startswith("Gavin Baker says nothing on “drones” in this debate.")
    assert first_claim(reply) == app.pack.point("gin-robotics-drones").claim
    assert reply.cards[0].title == "Aaron Gin"


@pytest.mark.parametrize("subject", ["cost", "reliability", "adoption"])
async def test_a_speaker_is_not_shown_on_a_subject_only_the_answer_to_him_raises(
    app: BotApp, subject: str
) -> None:
    """QA: "/baker cost" showed Baker's card "Answered by Aaron Gin". The article has Baker
    say nothing on cost, reliability or adoption: only Gin's answers to him do. Unless the
    question names Gin's claim, Baker says nothing on it and the other voices are offered."""
    reply = await run(app, f"/baker {subject}")
    assert reply.text.startswith(f"Gavin Baker says nothing on “{subject}” in this debate.")
    text = reply.fallback()
    assert reply.cards and all(c.title != "Gavin Baker" for c in reply.cards)
    assert not [p.id for p in app.pack.points if p.speaker == "baker" and p.claim in text]
    assert "Answered by" not in text


@pytest.mark.parametrize("line", ["/baker does the gap matter", "/baker why does the gap matter"])
async def test_a_speaker_outscored_on_the_other_sides_words_answers_for_the_rest(
    app: BotApp, line: str
) -> None:
    """QA: Baker "said nothing" on it, Gin's "does it matter?" outscoring Baker's gap on the
    word "matter", which only Gin uses. The gap is Baker's: he says it widens."""
    reply = await run(app, line)
    assert not reply.text.startswith("Gavin Baker says nothing")
    assert reply.cards[0].title.startswith("Gavin Baker")
    assert first_claim(reply) == app.pack.point("baker-performance-gap").claim


@given(
    st.sampled_from(["the gap", "the performance gap", "the capability gap", "the chip gap"]),
    st.sampled_from(["does {} matter", "why does {} matter", "does {} even matter", "{} matters"]),
)
def test_the_other_sides_framing_of_a_speakers_subject_asks_the_speaker(
    gap: str, frame: str
) -> None:
    """However the question frames Baker's gap in Gin's words, Baker is asked about it and
    answers with his own point, not "nothing"."""
    answer = router().answer(frame.format(gap), speaker="baker")
    assert (answer.kind, answer.speaker) == (Kind.POINTS, "baker")
    assert answer.points[0].id == "baker-performance-gap"


@pytest.mark.parametrize(
    "line",
    [
        "/ask what about huawei's ascend chips?",
        "/ask is qwen better than deepseek",
        "/ask what does india think",
        "/ask smic chips",
        "/ask chatgpt vs deepseek",
        "/baker huawei ascend chips",
    ],
)
async def test_a_name_the_article_never_uses_is_not_answered_from_a_shared_word(
    app: BotApp, line: str
) -> None:
    """QA: these reached "Best matches" through one shared word ("chips", "deepseek"), or
    through the name listed as a synonym of the article's concept."""
    reply = await run(app, line)
    assert reply.ephemeral and not reply.cards
    assert "in this debate. Try: " in reply.text


async def test_an_answer_near_a_name_the_article_never_uses_says_so(app: BotApp) -> None:
    """The article's "other nations" answer Europe's question, but the article never names
    Europe: the reply says so rather than passing the point off as covering it."""
    reply = await run(app, "/ask should europe build its own chips?")
    assert first_claim(reply) == app.pack.point("gin-sovereign-ai").claim
    assert "The article never names “europe”." in reply.text
    reply = await run(app, "/baker openai vs chinese open weights")
    assert first_claim(reply) == app.pack.point("baker-performance-gap").claim
    assert reply.text == "The article never names “openai”."


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("/ask what does sovereign ai mean for europe", "europe"),
        ("/ask middle east sovereign ai", "middle east"),
    ],
)
async def test_two_of_the_articles_words_to_one_name_it_never_uses_are_answered(
    app: BotApp, line: str, name: str
) -> None:
    """QA: refused once "europe" counted as a stray word (two known to one unknown is no
    two-to-one majority), though sovereign AI for other nations is the article's."""
    reply = await run(app, line)
    assert first_claim(reply) == app.pack.point("gin-sovereign-ai").claim
    assert f"The article never names “{name}”." in reply.text


@pytest.mark.parametrize(
    ("subjects", "frames"),
    [
        # QA: "what is a gpu" was answered with Baker's domestic hardware, "gpu" being an
        # alias of the chips topic, though the article never says GPU nor defines one.
        (
            ["gpu", "GPUs", "semiconductors", "a semiconductor"],
            ["what is {}", "what's a {}", "what are {}", "define {}", "{}?"],
        ),
        # QA: "gaming" was known through its stem, "game", a word only the article's prose
        # uses ("the high-stakes game"), so one word of the chips beside it made it covered.
        (
            ["nvidia", "nvidia gpus", "blackwell", "h200s", "chips"],
            ["{} for gaming", "{} gaming", "gaming {}", "is {} good for gaming"],
        ),
        # A mistake made at work is the asker's, not China's.
        (
            ["terrible mistake", "a blunder", "bad call", "mistakes", "wrong move"],
            ["{} at work", "my {} at work", "{} at my work", "{} for work"],
        ),
    ],
    ids=["a chip the article never names", "gaming", "at work"],
)
@given(st.data())
def test_a_subject_beside_the_articles_words_is_refused_whoever_is_asked(
    subjects: list[str], frames: list[str], data: st.DataObject
) -> None:
    question = data.draw(st.sampled_from(frames)).format(data.draw(st.sampled_from(subjects)))
    speaker = data.draw(st.sampled_from([None, "baker", "gin"]))
    assert router().answer(question, speaker).kind is Kind.NOTHING


async def test_a_question_on_the_articles_chips_by_a_name_it_never_uses_says_so(
    app: BotApp,
) -> None:
    reply = await run(app, "/ask why did china refuse nvidia gpus")
    assert first_claim(reply) == app.pack.point("baker-terrible-mistake").claim
    assert "The article never names “gpus”." in reply.text


@given(
    st.sampled_from(UNNAMED),
    st.sampled_from(["{}'s", "{}’s", "{}", "{}!"]),
    st.sampled_from([str.lower, str.title, str.upper]),
)
@example("huawei", "{}'s", str.title)  # QA (held-out 3): "never names “huaweis”"
@example("gpt", "{}'s", str.lower)  # was not known for a name at all
def test_a_name_the_article_never_uses_is_shown_as_the_pack_lists_it(
    name: str, form: str, case: Callable[[str], str]
) -> None:
    """QA (held-out set 3): "china's homegrown chips like huawei's" was answered "The
    article never names “huaweis”", a word no one typed: the possessive lost its
    apostrophe, and "gpt's" was not known for a name at all. The answer names it as the
    pack lists it, however it was typed (a listed plural too: "gpu's" is "gpus")."""
    typed = case(form.format(name))
    answer = router().answer(f"sovereign ai and local data and {typed}")
    [shown] = answer.unnamed
    assert shown in {name, f"{name}s"} & set(UNNAMED)


async def test_a_possessive_name_the_article_never_uses_is_named_as_typed(app: BotApp) -> None:
    line = "/ask does baker think china's homegrown chips like Huawei's are good enough"
    reply = await run(app, line)
    assert first_claim(reply) == app.pack.point("baker-misplaced-confidence").claim
    assert "The article never names “huawei”." in reply.text


@given(
    st.lists(st.sampled_from(UNNAMED), min_size=1, max_size=3),
    st.lists(st.sampled_from(["pizza", "football", "recipe", "weather"]), max_size=2),
    st.lists(st.sampled_from(["sovereign", "ai", "chips", "drones"]), max_size=3),
)
def test_names_the_article_never_uses_need_two_of_its_words_each(
    names: list[str], stray: list[str], known: list[str]
) -> None:
    """A question is answered past its unnamed names only with two of the pack's words for
    each, and never past a stray word with fewer than two to one: "what does india think",
    "gulf states ai" and "europe pizza sovereign ai" are refused."""
    coverage, _ = router().searcher.coverage(" ".join([*names, *stray, *known]))
    if coverage.on_topic:
        assert 2 * len(coverage.unknown) <= len(coverage.known)
        assert not stray or 2 * len(coverage.unknown) < len(coverage.known)


@given(
    st.lists(st.sampled_from([*QUESTION_WORDS_LIST, *UNNAMED]), min_size=1, max_size=6),
    st.sampled_from(["ask", "baker", "gin"]),
)
def test_an_answer_never_passes_over_a_name_the_article_never_uses(
    words: list[str], command: str
) -> None:
    """Whatever else the question says, a name the pack lists as unnamed is either refused
    with it or named in the answer as one the article does not use."""
    answer = router().answer(" ".join(words), None if command == "ask" else command)
    if answer.kind in (Kind.POINTS, Kind.OTHER_SIDE):
        assert {w for w in words if w in UNNAMED} <= set(answer.unnamed)


@pytest.mark.parametrize(
    ("line", "opponent"),
    [
        ("/ask what's the argument against baker", "gin"),
        ("/ask what is the rebuttal to baker?", "gin"),
        ("/ask what's the response to gin", "gin"),  # no one answers Gin: his own stance
        ("/baker what's the argument against baker", "gin"),
        ("/ask the case against gin", "baker"),
        ("/ask what's the counterargument to baker", "gin"),  # QA: refused
        ("/ask counterpoint to baker?", "gin"),
    ],
)
async def test_the_argument_against_a_speaker_is_the_other_sides(
    app: BotApp, line: str, opponent: str
) -> None:
    """QA: "what's the argument against baker" was refused ("against" an unknown word), and
    "the rebuttal to baker" gave Baker's own stance."""
    [card] = (await run(app, line)).cards
    assert card.title == app.pack.speaker(opponent).title


@given(
    st.lists(QUESTION_WORDS, max_size=4).map(" ".join),
    st.sampled_from(
        [
            ("argument against", "baker"),
            ("case against", "gin"),
            ("rebuttal to", "baker"),  # Gin answers Baker; no one answers Gin
            ("response to", "baker"),
            ("counterargument to", "baker"),
            ("counterpoint to", "baker"),
        ]
    ),
    st.sampled_from(["ask", "baker", "gin"]),
)
def test_a_speaker_argued_against_is_never_the_one_answering(
    subject: str, against: tuple[str, str], command: str
) -> None:
    words, speaker = against
    answer = router().answer(
        f"what is the {words} {speaker} on {subject}", None if command == "ask" else command
    )
    assert answer.speaker != speaker


@pytest.mark.parametrize(
    ("line", "point"),
    [
        ("/ask arguments against the 80% idea", "baker-misplaced-confidence"),
        ("/ask what is the argument against the 80% capability", "baker-misplaced-confidence"),
        ("/ask the response to the terrible mistake", "gin-deliberate-pivot"),
        # asked of the side answering: "Baker says nothing on" the claim he is asked to oppose
        ("/baker against the 80% capability", "baker-misplaced-confidence"),
        ("/baker his response to the 80% claim", "baker-misplaced-confidence"),
    ],
)
async def test_the_argument_against_a_claim_is_its_opponents(
    app: BotApp, line: str, point: str
) -> None:
    """QA: once "against" was an asking word, "arguments against the 80% idea" showed Gin's
    80% claim itself, under "Best matches"; the debate's answer to it is Baker's."""
    reply = await run(app, line)
    assert first_claim(reply) == app.pack.point(point).claim


@given(
    st.lists(QUESTION_WORDS, min_size=1, max_size=4).map(" ".join),
    st.sampled_from(["the argument against", "the case against", "arguments against"]),
    st.booleans(),
)
def test_a_claim_argued_against_is_answered_by_the_other_side(
    subject: str, opposing: str, by_command: bool
) -> None:
    """Where the subject's best match is a debater's claim that the other debater's point
    answers or is answered by, opposing it asks that other debater, and that debater's own
    command answers with that point rather than "says nothing"."""
    plain = router().answer(subject)
    debaters = {s.id for s in pack().debaters}
    if plain.kind is not Kind.POINTS or plain.points[0].speaker not in debaters:
        return
    claim = plain.points[0]
    other = {p.speaker for p in router().linked(claim)} & (debaters - {claim.speaker})
    if by_command and other:
        answer = router().answer(f"{opposing} {subject}", next(iter(other)))
    else:
        answer = router().answer(f"{opposing} {subject}")
    if other:
        assert (answer.kind, answer.speaker) == (Kind.POINTS, other.pop())
    else:
        assert answer.speaker != claim.speaker


async def test_a_growing_gap_is_bakers_widening_gap(app: BotApp) -> None:
    """QA: refused, "growing" being a word the pack does not use; the article's is
    "widening the performance gap"."""
    reply = await run(app, "/ask is the chip gap growing")
    assert first_claim(reply) == app.pack.point("baker-performance-gap").claim


@pytest.mark.parametrize(
    "line",
    [
        "/ask is the gap widening or shrinking",
        "/ask is the gap narrowing",
        "/ask is the us pulling ahead",
        "/ask how far behind is china",
    ],
)
async def test_the_gap_asked_either_way_is_bakers_widening_gap(app: BotApp, line: str) -> None:
    """QA: refused for "shrinking", "narrowing", "pulling ahead" and "far behind": the
    gap's other direction asks what Baker answers, that it widens."""
    assert first_claim(await run(app, line)) == app.pack.point("baker-performance-gap").claim


@given(
    st.sampled_from(["widening", "growing", "closing"]),
    st.sampled_from(["shrinking", "narrowing"]),
    st.sampled_from(["the gap", "the chip gap", "the performance gap", "the capability gap"]),
    st.booleans(),
)
def test_either_direction_of_the_gap_asks_about_bakers_gap(
    one: str, other: str, gap: str, swapped: bool
) -> None:
    """Whichever way round the choice is put, the question is Baker's widening gap."""
    first, second = (other, one) if swapped else (one, other)
    answer = router().answer(f"is {gap} {first} or {second}")
    assert answer.points[0].id == "baker-performance-gap"


@given(
    st.sampled_from(["big", "wide", "large", "small"]),
    st.sampled_from(["how {} is the gap", "is it a {} gap", "a {} gap?"]),
)
def test_the_size_of_the_gap_asks_about_bakers_gap(size: str, frame: str) -> None:
    """QA: "how big is the gap" was refused for "big", a word the pack does not use."""
    assert router().answer(frame.format(size)).points[0].id == "baker-performance-gap"


#: Words that judge or size, which the pack never uses, and "doing", a word of asking.
NO_SUBJECT = [
    "doing",
    *sorted(g for g in GRADES if router().searcher.vocabulary.expand([stem(g)], [g]).unknown),
    *"itself themselves himself herself myself ourselves yourself".split(),
    *"lol lmao nah tbh imo btw honestly obviously seriously literally".split(),
    *"anyone everyone anybody everybody somebody anywhere everywhere".split(),
    *"cant wont couldnt shouldnt wouldnt havent though although example examples".split(),
    *"according mention mentioned quote quoted word words phrase praised".split(),
    *"address addressed discuss discussed cover covered".split(),
    "disputed",
    "same",
]


@given(
    st.lists(QUESTION_WORDS, min_size=1, max_size=5),
    st.sampled_from(NO_SUBJECT),
    st.booleans(),
    st.sampled_from([None, "baker", "gin"]),
)
@example(["why", "is", "rejecting", "nvidia"], "bad", False, "baker")  # QA: refused for "bad"
@example(["pizza", "is"], "good", False, None)  # still refused
@example(["what", "are", "other", "nations", "about", "ai"], "doing", False, None)  # QA: refused
@example(["did", "china", "handicap"], "itself", False, None)  # QA: refused for "itself"
@example(["whos", "right"], "lol", False, None)  # QA: refused for "lol"
@example(["why", "is", "china", "rolling", "ai", "out"], "everywhere", False, None)  # QA: refused
@example(["the", "drone", "fleet"], "example", False, None)  # QA (held-out 2): refused
@example(["does", "gin", "think", "benchmarks", "are"], "useless", False, None)  # QA: refused
@example(["where", "does", "gin"], "mention", False, None)  # QA (held-out 3): refused
@example(["did", "gin", "o13"], "dispute", False, None)  # a reply, as "counter" is
@example(["argument", "on", "each", "side"], "strongest", True, None)  # QA (held-out 3)
@example(["question", "for", "other", "countries"], "same", True, None)  # QA (held-out 3)
@example(["does", "baker", "adoption"], "address", False, None)  # QA: refused
@example(["baker", "praised", "the", "chinese", "labs"], "fair", True, None)  # QA (held-out 3)
def test_a_word_that_judges_sizes_or_asks_changes_no_answer(
    question: list[str], word: str, first: bool, speaker: str | None
) -> None:
    """A grade the pack never uses ("bad", "useless", "fair", "strongest"), "doing", a
    reflexive or indefinite pronoun ("itself", "everywhere"), a chat aside ("lol", "tbh"), a
    negated auxiliary ("can't"), "though", "example", a word of attribution ("according",
    "mentioned", "address") or of reply ("disputed"), or the "same" of a follow-up ("same
    question for other countries") names no subject: a question is answered, or refused, as
    it is without it (before or after it, so that it parts no phrase: "drone fleet").

    Nor may it make one: a word of claims after a grade ("biggest" then "quote") makes the
    grade judge the claim ("biggest quote", as "biggest disagreement"), no longer the
    pack's own "biggest" models; found by a random draw (the development profile). But for
    where a case is weak, with no other subject ("/baker what weak"): that is the verdict's
    to say (see test_knowledge_invited.py)."""
    assume(first or question[-1] not in GRADES | QUOTING or word not in CLAIM_WORDS)
    assume(not word.startswith("weak"))
    graded = [word, *question] if first else [*question, word]
    typed = router().answer(" ".join(graded), speaker=speaker)
    plain = router().answer(" ".join(question), speaker=speaker)
    assert (typed.kind, typed.speaker, typed.points) == (plain.kind, plain.speaker, plain.points)


@given(
    st.lists(QUESTION_WORDS, min_size=1, max_size=5),
    st.integers(0, 5),
    st.sampled_from(["doesn't", "doesnt", "doesn’t"]),
)
@example(["china", "care", "about", "benchmarks", "right"], 1, "doesn't")  # QA: refused
@example(["robots", "robots", "drones", "fleet", "pizza"], 3, "doesn't")  # a phrase parted
def test_doesnt_asks_as_does_and_the_other_negated_auxiliaries(
    question: list[str], at: int, negated: str
) -> None:
    """ "china doesn't care about benchmarks, right?" was refused: "doesnt", unlike "isnt",
    "dont" and "didnt", was no word of asking, and a word of the article's prose (Gin's "it
    doesn't matter") made one subject more than any point speaks to. Whether a question is
    answered is as with chat filler in its place (it still ranks: it is Gin's quoted word,
    so a speaker's answer may differ). Not as without it: any word between two others
    parts a phrase of the pack ("drones doesn't fleet" is no "drone fleet"), which
    hypothesis found. Nor where it denies a party of the debate something ("what doesn't
    ai drones", "ai what what ai doesn't drones", random draws): what a party does not do
    is answered by the source's negated sentences alone, and nothing when it has none
    (test_knowledge_negation.py), as "what doesn't baker say" has nothing, where "lol" asks
    for its points."""
    at = min(at, len(question))
    parties = router().pack.setting
    assume(at == len(question) or question[at] not in parties)
    # nor a party right before it, asked what: "ai what what ai doesn't drones", a draw
    asked_what = ASKING_WHAT.intersection(question[:at])
    assume(at == 0 or question[at - 1] not in parties or not asked_what)
    typed = router().answer(" ".join([*question[:at], negated, *question[at:]]))
    assert typed.kind is router().answer(" ".join([*question[:at], "lol", *question[at:]])).kind


@given(
    st.sampled_from(["win", "winning", "wins", "outperform", "outdo", "outcompete"]),
    st.sampled_from(
        [
            "isn't china trying to {} on benchmarks",
            "does china want to {} the us",
            "can china {} the us on every benchmark",
            "{} at poker",
            "{} the lottery",
        ]
    ),
)
@example("win", "isn't china trying to {} on benchmarks")  # QA (held-out 3): refused
def test_winning_is_gins_beating_the_us_on_benchmarks(verb: str, frame: str) -> None:
    """Gin: China's aim isn't "to beat the US on every benchmark". Asked as winning or
    outperforming, the question was refused for a word the article does not use; about
    poker or the lottery it still is."""
    answer = router().answer(frame.format(verb))
    if "china" in frame:
        assert answer.points[0].id == "gin-not-chasing-benchmarks"
    else:
        assert answer.kind is Kind.NOTHING


@given(
    st.sampled_from(sorted(GRADES | QUOTING)),
    st.sampled_from(sorted(CLAIM_WORDS)),
    st.lists(QUESTION_WORDS, min_size=1, max_size=5),
    st.sampled_from([None, "baker", "gin"]),
)
@example("biggest", "disagreement", ["between", "baker", "and", "gin"], None)  # QA (held-out 3)
@example("best", "point", ["what", "is"], "gin")  # was Gin's "best model", on customers
@example("own", "words", ["in", "his"], "gin")  # QA (held-out 3): his own chips and path
@example("exact", "words", ["what", "is"], "gin")  # QA: refused for "exact"
@example("biggest", "point", ["biggest", "models"], None)  # the models' "biggest" unread
def test_a_grade_of_a_word_of_asking_names_no_subject(
    grade: str, noun: str, question: list[str], speaker: str | None
) -> None:
    """ "biggest disagreement between baker and gin" asks what "the disagreement between
    baker and gin" does: "biggest" grades the asking, not the frontier's "biggest models",
    though the pack uses the word; "gin's best point" is not his "best model", nor "in his
    own words" his "own chips". But for where a case is weak, with no other subject ("gin's
    weakest argument"): that is the verdict's to say (see test_knowledge_invited.py)."""
    assume(not grade.startswith("weak"))
    typed = router().answer(f"{grade} {noun} {' '.join(question)}", speaker=speaker)
    plain = router().answer(f"{noun} {' '.join(question)}", speaker=speaker)
    assert (typed.kind, typed.speaker, typed.points) == (plain.kind, plain.speaker, plain.points)


@given(
    st.lists(
        st.sampled_from([*router().pack.setting, "what", "about", "the", "is", "tell", "me"]),
        min_size=1,
        max_size=5,
    ).filter(lambda question: set(question) & set(router().pack.setting)),
    st.sampled_from([None, "baker", "gin"]),
)
@example(["us"], None)  # QA: answered with Gin's pivot, which says the US once
@example(["what", "about", "china"], "baker")  # held-out set 11: "what did baker say about china"
def test_the_parties_of_the_debate_alone_are_no_question_about_it(
    question: list[str], speaker: str | None
) -> None:
    """China and the US are in nearly every question about the debate, and alone ask
    nothing it answers ("what about the us"). Asked of a debater, they ask his whole view,
    as a question with no subject does ("/gin why?"): "what did Baker say about China" was
    refused (held-out set 11), though all Baker says is about China."""
    answer = router().answer(" ".join(question), speaker=speaker)
    assert (answer.kind, answer.speaker) == (
        (Kind.NOTHING, None) if speaker is None else (Kind.STANCE, speaker)
    )
    if speaker is not None:
        named = router().answer(f"what did {speaker} say about {' '.join(question)}")
        assert (named.kind, named.speaker) == (Kind.STANCE, speaker)


@given(
    st.sampled_from(["baker", "gin", "Gavin Baker", "Aaron Gin"]),
    st.sampled_from(["what's {}'s position on {}", "{}'s view of {}", "what are {1} per {0}"]),
    st.sampled_from(["china's ai prospects", "the outlook for china", "chinese ai's prospect"]),
)
@example("Baker", "what's {}'s position on {}", "china's ai prospects")  # held-out set 12
def test_a_partys_prospects_asked_of_a_debater_get_his_view(
    speaker: str, frame: str, prospects: str
) -> None:
    """QA (held-out set 12, an investor): "what's Baker's position on China's AI
    prospects?" was refused for "prospects", as if a subject the debate never covers; how
    a party's future looks is what each debater's whole view is about, as the party alone
    is (above)."""
    answer = router().answer(frame.format(speaker, prospects))
    assert (answer.kind, answer.speaker) == (Kind.STANCE, speaker.split()[-1].lower())


@given(
    st.sampled_from(["baker", "gin", "Gavin Baker", "Aaron Gin"]),
    st.sampled_from(["is {} {}", "{} is {}", "is {} really {}"]),
    st.sampled_from(["long", "short", "bullish on", "bearish about", "optimistic on"]),
    st.sampled_from(["china", "china's approach", "chinese ai", "the us?"]),
)
@example("Gin", "is {} {}", "long", "china's approach")  # held-out set 12
def test_a_debater_long_or_bullish_on_a_party_gets_his_view(
    speaker: str, frame: str, leaning: str, party: str
) -> None:
    """QA (held-out set 12, an investor): "is Gin long China's approach?" was refused for
    "long"; which way a debater leans on a party of the debate is his view of it."""
    answer = router().answer(f"{frame.format(speaker, leaning)} {party}")
    assert (answer.kind, answer.speaker) == (Kind.STANCE, speaker.split()[-1].lower())


@pytest.mark.parametrize(
    "question", ["is baker long nvidia", "is gavin baker short nvidia stock?", "is gin long tesla"]
)
def test_a_debater_long_or_short_a_thing_is_his_money_and_refused(question: str) -> None:
    """Long or short a company is a holding, which the article never reports: "is baker long
    nvidia" got his points on NVIDIA's chips, as if they said."""
    assert router().answer(question).kind is Kind.NOTHING


def test_prospects_of_a_subject_the_debate_never_covers_are_still_refused() -> None:
    assert router().answer("job prospects in ai per baker").kind is Kind.NOTHING


@given(
    st.lists(st.sampled_from(["why", "and", "or", "but", "is", "it", "then"]), max_size=4),
    st.integers(0, 4),
    st.sampled_from([None, "baker", "gin"]),
)
@example(["why"], 1, None)  # QA: "why not?" got Gin's "not chasing benchmarks"
@example(["and", "why"], 2, "gin")  # QA (held-out 3): got his points, not his stance
def test_a_negation_alone_is_no_subject(question: list[str], at: int, speaker: str | None) -> None:
    """ "why not?" and "/gin and why not?" name no subject, though "not" is a word of the
    points ("not a mistake"): refused, or the speaker's stance, as "why?" is."""
    at = min(at, len(question))
    answer = router().answer(" ".join([*question[:at], "not", *question[at:]]), speaker)
    assert (answer.kind, answer.speaker) == (
        (Kind.NOTHING, None) if speaker is None else (Kind.STANCE, speaker)
    )


@given(
    st.sampled_from([("baker", "gin"), ("gin", "baker")]),
    st.sampled_from(
        [
            "where do you disagree with {}",
            "where do you agree with {}",
            "why do you disagree with {}",
            "what's your biggest disagreement with {}",
            "how do you differ from {}",
        ]
    ),
    st.sampled_from(["", " on drones", " about distillation"]),
)
@example(("gin", "baker"), "where do you disagree with {}", "")  # QA: Baker's stance
def test_the_debater_disagreed_with_is_not_the_one_asked(
    sides: tuple[str, str], frame: str, about: str
) -> None:
    """ "/gin where do you disagree with baker" got Baker's stance, under Baker's name, as
    though Gin had asked what Baker thinks: the one agreed or disagreed with is the other
    side of the question, as the one replied to is."""
    asked, other = sides
    assert router().answer(frame.format(other) + about, asked).speaker == asked


@given(
    st.sampled_from(["crux", "point of contention", "clash", "fight", "fighting"]),
    st.sampled_from(["what is the {}", "the {} between baker and gin", "where's the {}?", "{}"]),
    st.sampled_from(["", " at the gym", " club"]),
)
@example("point of contention", "what is the {}", "")  # QA: refused
def test_the_crux_of_their_disagreement_is_both_sides(word: str, frame: str, rest: str) -> None:
    """ "what's the main point of contention", "what are they fighting about" and "the crux
    of the disagreement" ask what "where do they disagree" asks, and were refused; the words
    of a fight about anything else still are."""
    answer = router().answer(frame.format(word) + rest)
    assert answer.kind is (Kind.NOTHING if rest else Kind.SUMMARY)


@given(
    st.sampled_from(["is", "was"]),
    st.sampled_from(["either", "neither", "one", "either of them", "one of the two"]),
    st.sampled_from(["right", "wrong", "correct"]),
    st.sampled_from(["", " about drones", " about pizza"]),
)
@example("is", "either of them", "wrong", "")  # QA: refused
def test_whether_either_is_right_is_the_verdict(
    verb: str, who: str, judged: str, about: str
) -> None:
    """ "is either of them wrong" asks what "are they both wrong" does, and was refused; of
    a subject the debate does not cover, it still is."""
    answer = router().answer(f"{verb} {who} {judged}{about}")
    assert answer.kind is (Kind.NOTHING if "pizza" in about else Kind.SYNTHESIS)


@given(st.sampled_from(sorted(IRREGULAR.items())), st.sampled_from([str.lower, str.title]))
def test_an_irregular_past_is_searched_as_its_verb(
    pair: tuple[str, str], case: Callable[[str], str]
) -> None:
    """Snowball leaves "bought" apart from "buy" and "fell" from "fall"."""
    past, verb = pair
    assert tokenize(case(past)) == tokenize(verb)


@pytest.mark.parametrize(
    ("question", "answers"),
    [
        ("shouldn't china have bought blackwell", {"baker-terrible-mistake"}),
        ("why hasn't china bought h200s", {"baker-terrible-mistake"}),
        ("has china fallen behind", {"baker-performance-gap"}),
    ],
)
def test_a_question_in_the_past_asks_what_the_present_does(
    question: str, answers: set[str]
) -> None:
    """QA: "shouldn't china have bought blackwell" was refused, its "bought" being no word of
    the article's "choosing not to buy"; "has china fallen behind" too."""
    assert answers <= {p.id for p in router().answer(question).points}


ANALYSIS = next(s.id for s in pack().speakers if s.is_analysis)


@given(
    st.sampled_from(["author", "writer", "Author"]),
    st.sampled_from(["what does the {} think", "the {}'s view?", "and the {}?", "{}"]),
    st.sampled_from(["", " about drones", " on distillation"]),
)
@example("author", "what does the {} think", "")  # QA: refused, "article" got the stance
def test_the_author_is_the_analysis_voice(name: str, frame: str, about: str) -> None:
    """Readers call the article's own voice its author or writer: "what does the author
    think" was refused where "what does the article think" got its stance, and "what does
    the writer say about drones" was refused. On a subject, only its own points answer."""
    answer = router().answer(frame.format(name) + about)
    assert answer.speaker == ANALYSIS
    if about:
        assert answer.kind is Kind.POINTS
        assert {p.speaker for p in answer.points} == {ANALYSIS}
    else:
        assert answer.kind is Kind.STANCE


#: Whom a question may ask for, in words the pack never uses.
UNUSED_ROLES = sorted(
    r for r in ROLES if router().searcher.vocabulary.expand([stem(r)], [r]).unknown
)


@given(
    st.sampled_from(["should", "can", "do", "must"]),
    st.sampled_from(["", "my ", "our ", "the "]),
    st.sampled_from(UNUSED_ROLES),
    st.lists(QUESTION_WORDS, min_size=1, max_size=5),
    st.sampled_from([None, "baker", "gin"]),
)
@example("should", "", "companies", ["chase", "benchmarks"], None)  # QA: refused
def test_whom_a_question_asks_for_changes_no_answer(
    modal: str, determiner: str, role: str, question: list[str], speaker: str | None
) -> None:
    """ "should companies chase benchmarks" asks what "should one chase benchmarks" does."""
    rest = " ".join(question)
    typed = router().answer(f"{modal} {determiner}{role} {rest}", speaker=speaker)
    plain = router().answer(f"{modal} {rest}", speaker=speaker)
    assert (typed.kind, typed.speaker, typed.points) == (plain.kind, plain.speaker, plain.points)


#: Common verbs and adverbs of doing or asking, in words the pack never uses.
UNUSED_ACTIONS = sorted(
    a for a in ACTIONS if router().searcher.vocabulary.expand([stem(a)], [a]).unknown
)


@given(
    st.sampled_from(UNUSED_ACTIONS),
    st.lists(QUESTION_WORDS, min_size=1, max_size=5),
    st.booleans(),
    st.sampled_from([None, "baker", "gin"]),
)
@example("skip", ["china", "nvidia"], False, None)  # QA: refused for "skip"
@example("trust", ["chips"], True, "baker")  # QA: refused for "trust"
@example("cope", ["pizza"], False, None)  # still refused
@example("manage", ["drones"], False, None)  # was "corrected" into the role "manager"
@example("learn", ["other", "nations", "china"], False, None)  # QA (held-out 3): refused
def test_a_common_verb_changes_no_answer(
    verb: str, question: list[str], first: bool, speaker: str | None
) -> None:
    """ "why would china skip h200s" asks about the H200s: a common verb the pack never uses
    names no subject, so a question is answered, or refused, as it is without it."""
    typed = " ".join([verb, *question] if first else [*question, verb])
    with_verb = router().answer(typed, speaker=speaker)
    plain = router().answer(" ".join(question), speaker=speaker)
    assert (with_verb.kind, with_verb.speaker, with_verb.points) == (
        plain.kind,
        plain.speaker,
        plain.points,
    )


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("why would china skip h200s", "baker-terrible-mistake"),
        ("is it smart to pass on blackwell", "baker-terrible-mistake"),
        ("should we trust china's domestic chips", "baker-misplaced-confidence"),
        ("does gin approach it from the customer side", "gin-customers-care"),
        ("does it matter tho", "gin-does-it-matter"),
        ("what should other governments learn from china's approach", "gin-sovereign-ai"),
    ],
)
def test_questions_with_a_verb_the_pack_lacks_are_answered(question: str, first: str) -> None:
    """QA (held-out sets 2 and 3): each was refused for one common verb or chat spelling."""
    assert router().answer(question).points[0].id == first


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("did gin use the word trajectory", "gin-different-trajectory"),
        ("where does gin mention robotics", "gin-robotics-drones"),
        ("why isn't distillation enough according to baker", "baker-distillation-workaround"),
        ("quote baker on distillation", "baker-distillation-workaround"),
        ("is it fair to say baker praised the chinese labs", "baker-distillation-impressive"),
    ],
)
def test_a_journalists_words_of_attribution_ask_what_was_said(question: str, first: str) -> None:
    """QA (held-out set 3): a journalist checking who said what was refused for the one word
    that names the saying ("the word", "mention", "according to")."""
    assert router().answer(question).points[0].id == first


@pytest.mark.parametrize(
    "question",
    [
        "cheap flights to china",
        "terrible mistake in chess",
        "skip the line at the chinese restaurant",
    ],
)
def test_a_verb_does_not_carry_an_unknown_noun(question: str) -> None:
    """Only the verb is neutral: the nouns of a question the debate does not cover still
    refuse it."""
    assert router().answer(question).kind is Kind.NOTHING


@given(
    st.sampled_from(sorted(SHORTHAND.items())),
    st.lists(QUESTION_WORDS, min_size=1, max_size=5),
    st.integers(0, 5),
    st.sampled_from([None, "baker", "gin"]),
)
@example(("shld", "should"), ["what", "we", "do"], 1, None)  # QA: refused, not the advice
@example(("w/o", "without"), ["frontier", "training", "nvidia"], 2, None)  # QA: refused
@example(("shud", "should"), ["what", "we", "do"], 1, None)  # QA (held-out set 8): refused
@example(("w", "with"), ["what", "should", "we", "do", "this"], 4, None)  # QA (set 8): refused
@example(("n", "and"), ["baker", "gins", "take", "on", "chips"], 1, None)  # was refused
@example(("n", "and"), ["chips", "drones"], 1, None)  # was refused
def test_a_chat_spelling_asks_what_its_word_asks(
    spelling: tuple[str, str], question: list[str], at: int, speaker: str | None
) -> None:
    """ "what shld we do" is "what should we do", and "abt" is "about"."""
    short, full = spelling
    at = min(at, len(question))

    def asked(word: str) -> tuple[Kind, str | None, tuple[str, ...]]:
        answer = router().answer(" ".join([*question[:at], word, *question[at:]]), speaker)
        return answer.kind, answer.speaker, tuple(p.id for p in answer.points)

    assert asked(short) == asked(full)


@pytest.mark.parametrize(("typo", "name"), [("bakr", "baker"), ("gavn", "gavin")])
def test_a_typo_in_a_speakers_name_still_asks_them(typo: str, name: str) -> None:
    """QA (held-out set 2): "wat did bakr say abt blackwell" was refused for "bakr" (and
    "abt"), words the pack does not know."""
    for subject in ["blackwell", "drones"]:
        typed = router().answer(f"what did {typo} say about {subject}")
        meant = router().answer(f"what did {name} say about {subject}")
        assert (typed.kind, typed.speaker, typed.points) == (
            meant.kind,
            meant.speaker,
            meant.points,
        )
    answer = router().answer("wat did bakr say abt blackwell")
    assert answer.speaker == "baker" and answer.points[0].id == "baker-terrible-mistake"


@pytest.mark.parametrize(
    "question",
    [
        "how much did deepseek cost to train",
        "what did it cost to train deepseek",
        "training costs for frontier models",
    ],
)
def test_what_training_costs_is_not_covered(question: str) -> None:
    """QA (held-out set 2): "how much did deepseek cost to train" got Gin's customers'
    cost and the next generation. The article says what DeepSeek was distilled from, and
    that customers care about cost, never what a model costs to train."""
    assert router().answer(question).kind is Kind.NOTHING


@given(
    st.sampled_from(["blackwell", "h200", "h200s", "p30s", "nvidia", "gpu"]),
    st.sampled_from(
        [
            "how much does a {} cost",
            "how much does an {} cost",
            "{} price",
            "{} gpu price",
            "what is the price of a {}",
            "price of {} chips",
            "{} prices this year",
            "cost of the {}",
        ]
    ),
    st.sampled_from([None, "baker", "gin"]),
)
@example("blackwell", "{} gpu price", None)  # QA (held-out 3): Gin's "inexpensive chips"
def test_what_a_chip_costs_is_not_covered(chip: str, frame: str, speaker: str | None) -> None:
    """The article names NVIDIA's chips, and China's "inexpensive chips", never what any
    chip sells for: "blackwell gpu price" and "how much does an h200 cost" were answered
    with Gin's dirty power and inexpensive chips."""
    assert router().answer(frame.format(chip), speaker).kind is Kind.NOTHING


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("do customers care about cost", "gin-customers-care"),
        ("do customers care about price", "gin-customers-care"),
        ("cost of chips", "gin-dirty-power"),
        ("inexpensive chips", "gin-dirty-power"),
    ],
)
def test_what_customers_pay_and_chips_cost_china_are_still_gins(question: str, first: str) -> None:
    assert router().answer(question).points[0].id == first


@given(
    st.sampled_from(["", "hey ", "hi, ", "ok so ", "Hello! "]),
    st.sampled_from(["i", "we"]),
    st.sampled_from(["made", "built", "chose", "love", "sold", "bought"]),
    st.lists(QUESTION_WORDS, min_size=1, max_size=5),
    st.sampled_from([None, "baker", "gin"]),
)
@example("", "i", "made", ["a", "terrible", "mistake"], None)  # QA: Baker's terrible mistake
@example("", "i", "love", ["what"], "baker")  # was Baker's stance: "love" names no subject
# was Baker's terrible mistake: the greeting hid the statement
@example("hey ", "i", "made", ["a", "terrible", "mistake"], None)
def test_a_statement_of_the_askers_own_doing_is_refused(
    opener: str, asker: str, verb: str, rest: list[str], speaker: str | None
) -> None:
    """ "i made a terrible mistake" tells of the asker's mistake, not China's: whatever else
    it says, unless it names a party of the debate ("i think china made a mistake" asks),
    and whatever greeting is said before it."""
    assume(not set(" ".join(rest).split()) & set(router().pack.setting))
    answer = router().answer(f"{opener}{asker} {verb} {' '.join(rest)}", speaker=speaker)
    assert answer.kind is Kind.NOTHING


@given(
    st.sampled_from(["", "hey ", "ok so ", "hmm "]),
    st.sampled_from(["i", "we"]),
    st.sampled_from(["wonder", "wondered", "missed", "asked", "forget", "forgot"]),
    st.sampled_from(
        [
            "what gin says about drones",
            "what baker thinks of distillation",
            "why china rejected the h200s",
            "whether distillation closes the gap",
            "if baker is right about the h200s",
        ]
    ),
)
@example("", "i", "wonder", "what gin says about drones")  # was refused
@example("hey ", "i", "missed", "what baker thinks of distillation")
@example("", "i", "forgot", "what gin says about drones")  # was refused for "forgot"
def test_a_question_put_indirectly_is_answered_as_asked(
    opener: str, asker: str, verb: str, question: str
) -> None:
    """ "i wonder what gin says about drones" and "i missed what baker said on distillation"
    were refused as statements of the asker's own doing, as "i made a terrible mistake" is;
    they ask what they wonder or missed, as "i was wondering what..." did."""
    answer = router().answer(f"{opener}{asker} {verb} {question}")
    asked = router().answer(question)
    assert answer.kind is asked.kind is not Kind.NOTHING


@given(
    st.sampled_from(["", "hey ", "ok so "]),
    st.sampled_from(["i", "we"]),
    st.sampled_from(["remember", "remembered", "recall", "recalled", "recollect", "heard"]),
    st.sampled_from(
        [
            "a number like 70 percent of capability",
            "gin saying something about drones",
            "baker calling it a terrible mistake",
            "the bit about reasoning traces",
        ]
    ),
)
# QA (held-out set 10): refused as a statement of the asker's own doing
@example("", "i", "remember", "a number like 70 percent of capability")
def test_what_the_asker_recalls_of_the_source_is_asked_about(
    opener: str, asker: str, verb: str, recalled: str
) -> None:
    """A listener half-remembering the episode says what they recall and wants the rest
    ("i remember a number like 70 percent of capability, what was it exactly"): answered
    as what they recall is, not refused as "i made a terrible mistake" is."""
    answer = router().answer(f"{opener}{asker} {verb} {recalled}")
    asked = router().answer(recalled)
    assert answer.kind is asked.kind is Kind.POINTS
    assert answer.points[0] == asked.points[0]


@given(
    st.sampled_from(["", "hey ", "ok so "]),
    st.sampled_from(["i", "we"]),
    st.sampled_from(
        ["forgot", "forgotten", "lost", "left", "kept", "brought", "heard", "remember"]
    ),
    st.sampled_from(["my keys", "the bag at the airport", "our lunch order", "the password"]),
)
@example("", "i", "forgot", "my keys")
def test_an_irregular_verb_of_the_asker_does_not_make_a_question(
    opener: str, asker: str, verb: str, thing: str
) -> None:
    """ "forgot" and its like name no subject (so "i forgot what gin said" asks), but what
    the asker forgot, lost or left is still a subject the debate does not cover."""
    assert router().answer(f"{opener}{asker} {verb} {thing}").kind is Kind.NOTHING


@given(
    st.sampled_from(["distillation", "distilling", "model distillation", "distilation"]),
    st.sampled_from(["is {} enough", "{} enough?", "is {} really enough"]),
)
@example("distillation", "is {} enough")  # QA: led by the 160,000 traces "enough" for DeepSeek
def test_whether_distillation_is_enough_asks_its_limits(subject: str, frame: str) -> None:
    """Whether distillation suffices is Baker's workaround, the article's offset or its
    next generation, not the anecdote: its claim once said the traces "were enough", a word
    the article does not use ("it took only 160,000 reasoning traces")."""
    [first, *_] = router().answer(frame.format(subject)).points
    assert first.id in {
        "baker-distillation-workaround",
        "baker-next-generation",
        "gin-distillation-offset",
    }


async def test_debate_on_a_topic_does_not_repeat_the_verdict(app: BotApp) -> None:
    reply = await run(app, "/debate chips")
    text = reply.fallback()
    assert app.pack.synthesis.verdict not in text and app.pack.synthesis.summary not in text
    [verdict] = [c for c in reply.cards if c.title == "Who's right"]
    [line] = [block.fallback() for block in verdict.blocks]
    assert "\n" not in line and "/ask who is right" in line


async def test_debate_without_a_topic_keeps_its_full_shape(app: BotApp) -> None:
    reply = await run(app, "/debate")
    titles = [c.title for c in reply.cards]
    assert titles[0].startswith("Point — ") and titles[1].startswith("Counterpoint — ")
    assert titles[-2:] == ["Who's right", "What to do with this"]
    assert app.pack.synthesis.verdict in reply.fallback()


@pytest.mark.parametrize("command", ["baker", "gin", "debate", "ask"])
async def test_an_overlong_topic_is_refused_with_the_limit(app: BotApp, command: str) -> None:
    reply = await run(app, f"/{command} " + "chips " * 20_000)
    assert reply.ephemeral and not reply.cards
    assert "the limit is 300" in reply.text
    assert len(reply.text) < 200  # the topic itself is not echoed back


@pytest.mark.parametrize("line", ["/gin ", "/ask ", "/debate ", "/baker "])
async def test_echoes_of_the_question_are_clipped(app: BotApp, line: str) -> None:
    question = "drones and distillation " + "pizza " * 45  # under 300, over 100 characters
    reply = await run(app, line + question.strip())
    shown = reply.text + " ".join(c.title for c in reply.cards)
    assert question.strip() not in shown
    assert "…" in shown
    longest = max(shown.split("“")[1:] or [""], key=len).split("”")[0]
    assert len(longest) <= 100


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("/ask what does baker think?", "baker"),
        ("/ask tell me about Aaron Gin", "gin"),
        ("/ask baker", "baker"),  # the name alone, with nothing left once it is out
        ("/ask Gavin Baker", "baker"),
        ("/ask aaron gin?", "gin"),
        ("/ask baker?", "baker"),
        ("/debate gin", "gin"),
        ("/ask what about gin's claims?", "gin"),  # named only as their claims' owner
        ("/ask responses to gin", "gin"),  # named only as the one replied to
        ("/ask Gavin", "baker"),  # QA: first names were refused
        ("/ask Aaron", "gin"),
        ("/ask what does gavin think?", "baker"),
    ],
)
async def test_a_question_that_only_names_a_speaker_gets_their_stance(
    app: BotApp, line: str, speaker: str
) -> None:
    reply = await run(app, line)
    [card] = reply.cards
    assert card.title == app.pack.speaker(speaker).title
    assert app.pack.speaker(speaker).stance in card.fallback()


@pytest.mark.parametrize(
    ("line", "topic"),
    [
        ("/ask what do both sides say about distillation", "distillation"),
        ("/ask summary of the robots argument", "robotics"),
    ],
)
async def test_a_summary_of_a_subject_gives_that_subjects_points(
    app: BotApp, line: str, topic: str
) -> None:
    reply = await run(app, line)
    assert reply.cards and reply.cards[0].title != "The short version"
    first = next(p for p in app.pack.points if p.claim == first_claim(reply))
    assert topic in first.topics


async def test_debate_on_a_subject_only_the_analysis_covers_shows_it_as_analysis(
    app: BotApp,
) -> None:
    """Neither debater speaks of sovereign AI: no point and counterpoint are staged from
    weaker matches; the debate says so, and the article's analysis answers, labelled as such."""
    reply = await run(app, "/debate sovereign ai")
    assert [c.title for c in reply.cards] == [
        "Point and counterpoint",
        "The article (analysis)",
        "Who's right",
    ]
    assert "no direct answer from Gavin Baker or Aaron Gin" in reply.cards[0].fallback()
    assert first_claim(replace(reply, cards=reply.cards[1:])) == (
        app.pack.point("gin-sovereign-ai").claim
    )


@pytest.mark.parametrize(
    "line",
    [
        "/ask compare baker and gin",
        "/ask where do they disagree?",
        "/ask explain the debate",
        "/ask what are the key takeaways",  # QA: refused, though the article has them
        "/ask what's the key takeaway",
        "/ask give me the takeaways",  # QA: refused
    ],
)
async def test_a_question_about_the_debate_itself_gets_the_short_version(
    app: BotApp, line: str
) -> None:
    assert [c.title for c in (await run(app, line)).cards] == ["The short version"]


@given(
    st.lists(
        st.sampled_from(
            "what does do each of them you think tell me so then honestly really in your".split()
        ),
        min_size=5,
        max_size=9,
    ),
    st.sampled_from(["who is right", "get it wrong", "the verdict", "who wins"]),
)
@example("what does each of them".split(), "get wrong")  # QA (held-out 3): refused
@example("what do you do what".split(), "who is right")  # the lead asks for advice
def test_asking_words_before_the_verdicts_phrasing_still_ask_for_it(
    lead: list[str], phrasing: str
) -> None:
    """However many words ask before it, the verdict's phrasing is the question when they
    name no subject of their own: "what does each of them get wrong" was refused, its
    "get wrong" past the first four words. Unless they phrase a question of their own:
    "what do you do" asks for the advice, and the earliest phrasing is the question."""
    assume(IntentMatcher(pack().intents).recognise(" ".join(lead)) is None)
    assert router().answer(f"{' '.join(lead)} {phrasing}").kind is Kind.SYNTHESIS


@given(
    st.lists(
        st.sampled_from("frontier research adoption chips drones distillation compute".split()),
        min_size=5,
        max_size=8,
    ),
    st.sampled_from(["who wins", "who is right", "whos right?", "who won"]),
    st.booleans(),
)
@example("research frontier versus real-world impact,".split(), "who wins", True)  # QA
def test_the_verdicts_phrasing_after_the_subject_asks_for_it(
    subject: list[str], phrasing: str, on_topic: bool
) -> None:
    """QA (held-out set 3): "research frontier versus real-world impact, who wins" was
    refused, its "who wins" past the first four words; at the end of the question it is
    what is asked, of the subject before it. About anything else it is still refused."""
    about = " ".join(subject) if on_topic else "pizza pasta football marathon recipes"
    assert router().answer(f"{about}, {phrasing}").kind is (
        Kind.SYNTHESIS if on_topic else Kind.NOTHING
    )


@given(
    st.sampled_from(
        [
            "the lesson",
            "lessons",
            "takeaways",
            "the conclusion",
            "what did i get wrong",
            "what did i get right",
            "what's wrong with",
            "counterarguments to",
        ]
    ),
    st.lists(
        st.sampled_from("pizza taxes piano divorce football recipe marathon dog".split()),
        min_size=1,
        max_size=3,
    ),
    st.sampled_from(["from", "of", "on", "about", "in"]),
)
def test_an_intent_phrasing_about_another_subject_is_refused(
    phrase: str, subject: list[str], joint: str
) -> None:
    """The phrasings QA's refused questions added ("what's the lesson here", "give me the
    takeaways", "what does Baker get wrong") are everyday words: about anything but the
    debate ("lessons from my divorce", "takeaway pizza") they are refused."""
    for question in (f"{phrase} {joint} {' '.join(subject)}", f"{' '.join(subject)} {phrase}"):
        assert router().answer(question).kind is Kind.NOTHING


@pytest.mark.parametrize("line", ["/ask how are you?", "/ask hello there", "/ask thanks"])
async def test_small_talk_is_refused_like_any_other_subject(app: BotApp, line: str) -> None:
    reply = await run(app, line)
    assert reply.ephemeral and reply.text.startswith("Nothing on ")


@pytest.mark.parametrize(
    ("line", "silent"),
    [
        ("/gin sovereign ai", "gin"),
        ("/baker the biggest models", "baker"),
        ("/gin a founder building a drone fleet", "gin"),
        ("/baker drones", "baker"),
    ],
)
async def test_a_speaker_said_to_have_nothing_is_not_then_quoted(
    app: BotApp, line: str, silent: str
) -> None:
    """ "Gin says nothing on it" followed by a Gin card contradicts itself: only the other
    voices that match are offered."""
    reply = await run(app, line)
    name = app.pack.speaker(silent).name
    assert reply.text.startswith(f"{name} says nothing on ")
    assert reply.cards and not any(card.title.startswith(name) for card in reply.cards)


@given(st.lists(QUESTION_WORDS, min_size=1, max_size=6), st.sampled_from(["baker", "gin"]))
def test_the_other_side_never_includes_the_silent_speaker(words: list[str], speaker: str) -> None:
    answer = router().answer(" ".join(words), speaker)
    if answer.kind is Kind.OTHER_SIDE:
        assert answer.points and all(p.speaker != speaker for p in answer.points)


@given(st.lists(QUESTION_WORDS, max_size=6).map(" ".join))
def test_a_first_name_asks_as_the_surname_does(question: str) -> None:
    for first, surname in (("gavin", "baker"), ("aaron", "gin")):
        by_first = router().answer(f"what does {first} say about {question}")
        by_surname = router().answer(f"what does {surname} say about {question}")
        assert replace(by_first, query="", subject="") == replace(by_surname, query="", subject="")


#: "against" and "(response) to" ask the opponent of the claim after them, by design ("the
#: argument against the 80% idea" is Baker's): no name, but no question of words alone.
OPPOSING = {"against", "to"}


@given(
    st.lists(
        st.sampled_from(sorted(QUESTION_ONLY_WORDS - SURNAMES - AUTHOR_WORDS - OPPOSING)),
        min_size=1,
        max_size=4,
    )
)
@example(["what", "is", "the"])  # "the" of "The article", among some 300 words
def test_the_words_questions_are_made_of_name_no_one(words: list[str]) -> None:
    """A name's other words count as the name ("Gavin"), but not "the" of "The article"
    (whose last word, "article", names it as "Baker" names Baker, and so do its author and
    writer)."""
    assert router().answer(" ".join(words)).speaker is None


async def test_a_speaker_named_in_the_question_outranks_the_commands(app: BotApp) -> None:
    """/baker asked what Gin thinks gives Gin's stance, under Gin's name (see Router.answer)."""
    [card] = (await run(app, "/baker what does gin think?")).cards
    assert card.title == app.pack.speaker("gin").title
    reply = await run(app, "/baker what does gin say about drones")
    assert reply.cards[0].title.startswith("Aaron Gin on ")
    assert first_claim(reply) == app.pack.point("gin-robotics-drones").claim


@pytest.mark.parametrize(
    "line", ["/baker how do you respond to gin?", "/baker gin's 80% capability claim"]
)
async def test_a_speaker_replied_to_leaves_the_commands_speaker_asked(
    app: BotApp, line: str
) -> None:
    reply = await run(app, line)
    assert reply.cards[0].title.startswith(app.pack.speaker("baker").name)


@given(
    st.sampled_from(sorted({p for phrases in pack().idioms.values() for p in phrases})),
    st.sampled_from(["{}", "how is {}", "what about {}", "{} tips", "baker on {}", "/gin {}"]),
)
def test_an_idiom_of_the_packs_words_is_never_answered_from_them(idiom: str, frame: str) -> None:
    """An everyday phrase in which the pack's word means something else is a subject the
    debate does not cover, whoever is asked and whatever frames it."""
    question = frame.format(idiom)
    speaker, _, question = (
        question.partition(" ") if question.startswith("/") else ("", "", question)
    )
    answer = router().answer(question, speaker=speaker.lstrip("/") or None)
    assert answer.kind is Kind.NOTHING


IDIOM_WORDS = sorted(
    {
        tuple(w for w in words(p) if w not in ("a", "an", "the"))
        for phrases in pack().idioms.values()
        for p in phrases
    }
)


@given(st.data())
def test_an_idiom_is_an_idiom_whatever_articles_are_put_in_it(data: st.DataObject) -> None:
    """ "a gap in a market" is the pack's "gap in the market", and "price of an h200" would
    be "price of h200": articles are no part of an idiom, so a pack need not list each."""
    idiom = list(data.draw(st.sampled_from([i for i in IDIOM_WORDS if len(i) > 1])))
    at = data.draw(st.integers(1, len(idiom) - 1))
    article = data.draw(st.sampled_from(["a", "an", "the"]))
    question = " ".join([*idiom[:at], article, *idiom[at:]])
    assert router().answer(question).kind is Kind.NOTHING


@pytest.mark.parametrize("question", ["a gap in a market", "is there a gap in market"])
def test_a_gap_in_a_market_is_the_gap_in_the_market(question: str) -> None:
    """QA: the idiom was matched only with the article the pack wrote, "the"."""
    assert router().answer(question).kind is Kind.NOTHING


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("gin on distillation", "gin"),
        ("gin distillation", "gin"),
        ("what does gin say about distilled models", "gin"),
    ],
)
def test_a_name_beside_an_idioms_word_still_names_the_speaker(line: str, speaker: str) -> None:
    """Only the idiom as typed ("gin distilled") names no one: Gin asked on distillation is
    still Gin, who says nothing on it."""
    answer = router().answer(line)
    assert (answer.kind, answer.speaker) == (Kind.OTHER_SIDE, speaker)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/ask what does baker think about power", "Gavin Baker says nothing on “power” in"),
        ("/ask waht does Baker thnik about power?", "Gavin Baker says nothing on “power” in"),
        ("/baker what customers want", "Gavin Baker says nothing on “customers” in"),
        ("/ask what is gin's view on distillation?", "Aaron Gin says nothing on “distillation” in"),
    ],
)
async def test_a_silent_speaker_is_said_to_have_nothing_on_the_subject_not_the_question(
    app: BotApp, line: str, expected: str
) -> None:
    """QA: "/ask what does baker think about power" answered "Gavin Baker says nothing on
    “what does baker think about power”": his name inside the quote of what he is silent on.
    The subject, as typed, is what he is said to have nothing on."""
    reply = await run(app, line)
    assert reply.text.startswith(expected)


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("/ask what is baker's view on chips?", "Gavin Baker on “chips”"),
        ("/gin so what about the robots thing?", "Aaron Gin on “robots”"),
        ("/ask what does gin say about robots and drones", "Aaron Gin on “robots and drones”"),
        ("/ask does gin think china messed up?", "Aaron Gin on “china messed up”"),
    ],
)
async def test_a_speakers_answer_is_titled_with_the_subject(
    app: BotApp, line: str, title: str
) -> None:
    """The same for a speaker who does answer: "Gavin Baker on “what is baker's view on
    chips?”" repeated the asking and his name in his own card's title."""
    reply = await run(app, line)
    assert reply.cards[0].title == title


@given(
    st.lists(
        st.sampled_from([*QUESTION_WORDS_LIST, "baker's", "Gin", "?", "drones?", "up"]),
        max_size=8,
    )
)
def test_the_subject_is_the_question_trimmed_of_its_asking_words_and_names(
    typed: list[str],
) -> None:
    """Whatever is typed, the subject is the question itself or one run of its words, as
    typed, that starts with a subject word and ends with one or with the particles after it
    ("messed up")."""
    question = " ".join(typed)
    subject = router().subject(question)
    if subject == question:
        return
    assert f" {subject}" in f" {question}"

    def asks(chunk: str, asking: frozenset[str]) -> bool:
        return all(w in asking or router()._is_speaker(w) for w in words(chunk))

    first, last = subject.split()[0], subject.split()[-1]
    assert not asks(first, STOP_WORDS | FILLER), (question, subject)
    assert not asks(last, FILLER), (question, subject)


@pytest.mark.parametrize(
    "question", ["did china handicap itself", "they shot themselves in the foot"]
)
def test_a_reflexive_pronoun_is_no_subject_of_the_question(question: str) -> None:
    """QA: "did china handicap itself" was refused: "itself" counted as a subject word the
    pack does not know, against China and the handicap, Baker's self-imposed barrier."""
    assert router().answer(question).points[0].id == "baker-self-imposed-barrier"


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("whos right lol", Kind.SYNTHESIS, None),
        ("tbh who won", Kind.SYNTHESIS, None),
        ("y is china behind", Kind.POINTS, "baker-performance-gap"),
        ("honestly what does gin think about drones", Kind.POINTS, "gin-robotics-drones"),
        # QA (held-out set 5): each refused for its slang
        ("lowkey who won this one", Kind.SYNTHESIS, None),
        ("fr tho is the perf gap real", Kind.POINTS, "baker-performance-gap"),
        ("ngl the dirty power thing", Kind.POINTS, "gin-dirty-power"),
        ("idk what trajectory gin means", Kind.POINTS, "gin-different-trajectory"),
        ("baker's h200 rant in 1 line", Kind.POINTS, "baker-terrible-mistake"),
        ("is china's dirty power mid", Kind.POINTS, "gin-dirty-power"),
        ("is 80% good enuf", Kind.POINTS, "gin-80-percent"),
    ],
)
def test_chat_shorthand_is_no_subject_of_the_question(
    question: str, kind: Kind, first: str | None
) -> None:
    """QA: "whos right lol" was refused: "lol" was a subject word the pack does not know, so
    the verdict asked for looked like a question about something else. Chat's shorthand for
    asking words ("y", "u") and its asides ("lol", "tbh", "honestly") ask about nothing."""
    answer = router().answer(question)
    assert answer.kind is kind
    assert [p.id for p in answer.points[:1]] == ([first] if first else [])


@given(
    st.sampled_from(["ngl", "fr", "lowkey", "idk", "tbf", "fwiw", "bruh", "iirc"]),
    st.sampled_from(["{} {}", "{1} {0}", "{1}, {0}"]),
    st.sampled_from(["who won", "what does gin think about drones", "dirty power", "pizza"]),
    st.sampled_from([None, "baker", "gin"]),
)
def test_chat_slang_around_a_question_changes_no_answer(
    slang: str, frame: str, question: str, speaker: str | None
) -> None:
    """QA (held-out set 5): "lowkey who won this one", "ngl ..." and "idk ..." were refused
    for their slang, a word the debate does not know; off-topic questions stay refused."""
    plain = router().answer(question, speaker)
    slangy = router().answer(frame.format(slang, question), speaker)
    assert (slangy.kind, slangy.points) == (plain.kind, plain.points)


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("does china's gap matter", "baker-performance-gap"),
        ("do china's models matter", "baker-performance-gap"),
        ("china's chips for its robots", "baker-terrible-mistake"),
    ],
)
def test_the_debates_parties_do_not_silence_a_speaker(question: str, first: str) -> None:
    """QA: "/baker does the gap matter" was Baker's gap, but "/baker does china's gap
    matter" said Baker has nothing on it: "china", a party the debate is set between and
    no subject on its own, was judged as a subject Baker does not speak to."""
    answer = router().answer(question, "baker")
    assert (answer.kind, answer.points[0].id) == (Kind.POINTS, first)


@given(
    st.sampled_from(["", "so ", "ok so ", "tbh "]),
    st.sampled_from(["baker", "Gavin Baker", "gin", "aaron", "the article", "china"]),
    st.sampled_from(["is", "was"]),
    st.sampled_from(["right", "wrong", "correct"]),
    st.sampled_from(["", "?", "??", " then?"]),
)
def test_a_side_said_to_be_right_asks_for_the_verdict(
    lead: str, side: str, be: str, verdict: str, end: str
) -> None:
    """QA: "so baker was right?" said Baker has nothing on it, and "baker is wrong, china's
    chips are fine" offered sovereign AI as what the rest of the debate says: the question
    "is Baker right?" put as a statement to confirm is still a request for the verdict."""
    answer = router().answer(f"{lead}{side} {be} {verdict}{end}")
    assert answer.kind is Kind.SYNTHESIS


@given(
    st.sampled_from(["does", "would", "can"]),
    st.sampled_from(["this", "it", "the debate"]),
    st.sampled_from(["apply", "relate"]),
    st.sampled_from(["us", "our startup", "my team", "founders", "me"]),
)
def test_how_the_debate_applies_to_us_asks_for_the_advice(
    does: str, this: str, apply: str, us: str
) -> None:
    """QA: "how does this apply to our startup" was refused for "apply", though "how should
    we apply this" got the advice: the same question with the debate as its subject."""
    assert router().answer(f"how {does} {this} {apply} to {us}").kind is Kind.ADVICE


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("baker is wrong, china's chips are fine", Kind.SYNTHESIS),
        ("what is right about distillation", Kind.POINTS),
        ("i was wrong about drones", Kind.POINTS),
        ("my landlord is wrong about rent", Kind.NOTHING),
        ("what should a founder take from this", Kind.ADVICE),
        ("what should we take from it?", Kind.ADVICE),
        ("how does this apply to my pizza shop", Kind.NOTHING),
        ("what should i take for a headache", Kind.NOTHING),
        # QA (held-out set 2): refused for the audience or a name of the summary
        ("tl;dr for the board", Kind.SUMMARY),
        ("executive summary pls", Kind.SUMMARY),
        ("give me the 30 second version", Kind.SUMMARY),
        ("what's the takeaway for our product roadmap", Kind.ADVICE),
        ("how does that apply to us as a company", Kind.ADVICE),
        ("tl;dr for the board meeting", Kind.NOTHING),
        ("summary of the board meeting", Kind.NOTHING),
        # QA (held-out set 2): refused, or distillation for "reason"
        ("does the author side with anyone", Kind.SYNTHESIS),
        ("who have reason in this discussion", Kind.SYNTHESIS),
        ("one line: what is gin's view", Kind.STANCE),
        ("one line of code", Kind.NOTHING),
        ("who has reason to lie about pizza", Kind.NOTHING),
        # QA (held-out set 2): the summary, and the next generation of AI
        ("when did this conversation happen", Kind.NOTHING),
        ("when is the next tbpn episode", Kind.NOTHING),
        ("so when did baker say that", Kind.NOTHING),
        ("what year was the debate", Kind.NOTHING),
        ("when does the gap matter", Kind.POINTS),
        ("when will china catch up", Kind.POINTS),
        ("when is baker right", Kind.SYNTHESIS),
        # QA (held-out set 5): refused, for "have", "recommend" and "actually"
        ("who have right, baker or gin?", Kind.SYNTHESIS),
        ("who has right here", Kind.SYNTHESIS),
        ("what does the article recommend its readers do", Kind.ADVICE),
        ("what is the recommendation for my company", Kind.ADVICE),
        ("what action items does the article suggest", Kind.ADVICE),
        ("ok but what do we actually do w/ this", Kind.ADVICE),
        ("what does the article suggest about drones", Kind.POINTS),
        ("any recommendations for a sushi place", Kind.NOTHING),
        ("who has right of way at a roundabout", Kind.NOTHING),
    ],
)
def test_the_verdict_and_the_advice_asked_in_other_words(question: str, kind: Kind) -> None:
    """QA: "baker is wrong, china's chips are fine" offered sovereign AI as what the rest of
    the debate says, and "what should a founder take from this" got the analysis' founder
    with a drone fleet, where "is baker wrong" got the verdict and "what should founders take
    away" the advice. "What" or the asker before "is right" names no side of the debate, and
    either asked of something else is still refused.

    So is whom it is asked for ("for the board", "as a company"); the author's side and a
    Romance speaker's "who has reason" ask for the verdict, and "one line:" for the brief
    form of what follows it. The article gives no date, so "when" about the source itself
    is not covered, where "when" about a subject of the debate asks about that subject."""
    assert router().answer(question).kind is kind


@given(
    st.sampled_from(
        [
            "what does the article recommend",
            "what does the author suggest we do",
            "the article's recommendations",
            "what do we actually do",
        ]
    ),
    st.sampled_from(["", " for my team", " for our startup", " about pizza toppings"]),
)
def test_what_the_article_recommends_is_the_advice(asked: str, rest: str) -> None:
    """QA (held-out set 5): "what does the article recommend its readers do" was refused;
    the article's recommendation is its advice, for whomever it is asked, and a
    recommendation asked about something else stays refused."""
    answer = router().answer(f"{asked}{rest}")
    assert answer.kind is (Kind.NOTHING if "pizza" in rest else Kind.ADVICE)


@given(
    st.sampled_from(["tl;dr", "who is right", "what should we do", "any advice"]),
    st.sampled_from(["for", "as"]),
    st.sampled_from(["", "the ", "my ", "our ", "a "]),
    st.sampled_from(sorted(ROLES)),
)
def test_whom_an_invited_question_is_for_changes_no_answer(
    question: str, preposition: str, determiner: str, role: str
) -> None:
    """An invited question asked for someone is still the same question."""
    plain = router().answer(question).kind
    assert router().answer(f"{question} {preposition} {determiner}{role}").kind is plain


@given(
    st.sampled_from(["which side", "who", "whom", "which one", "whose argument"]),
    st.sampled_from(["does", "did"]),
    st.sampled_from(["author", "article", "writer"]),
    st.sampled_from(["favour", "favor", "prefer", "back", "support", "lean towards"]),
    st.sampled_from(["", " on pizza"]),
)
@example("which side", "does", "article", "favour", "")  # QA (held-out 3): refused
def test_whom_the_author_favours_is_the_verdict(
    who: str, does: str, author: str, verb: str, about: str
) -> None:
    """ "which side does the article favour" asks for the verdict, as "does the author side
    with anyone" does; it was refused ("article" named the analysis voice, and "favour"
    was a subject it never speaks to). About anything but the debate, it is still refused."""
    answer = router().answer(f"{who} {does} the {author} {verb}{about}")
    assert answer.kind is (Kind.NOTHING if about else Kind.SYNTHESIS)


@given(
    st.sampled_from(
        ["each side", "either side", "both sides", "any common ground", "common ground"]
    ),
    st.sampled_from(["{}", "is there {}", "give me {}", "what is {}?", "{} please"]),
    st.sampled_from(["", " on pizza", " in football"]),
)
@example("any common ground", "is there {}", "")  # QA (held-out 3): refused
def test_each_side_and_their_common_ground_ask_for_both_sides(
    phrasing: str, frame: str, about: str
) -> None:
    """ "is there any common ground" asks what the two sides say, as "both sides" does, and
    was refused; about anything but the debate it still is."""
    answer = router().answer(frame.format(phrasing + about))
    assert answer.kind is (Kind.NOTHING if about else Kind.SUMMARY)


def test_each_side_on_a_subject_is_that_subjects_points() -> None:
    answer = router().answer("each side on distillation")
    assert answer.kind is Kind.POINTS and answer.points[0].topics == ("distillation",)


def test_an_indefinite_pronoun_is_no_subject_of_the_question() -> None:
    """QA: "why is china focused on rolling ai out everywhere" was refused: "everywhere"
    counted as a subject the pack does not know, where "everything" and "someone" did not."""
    answer = router().answer("why is china focused on rolling ai out everywhere")
    assert answer.points[0].id == "gin-adoption-integration"


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ('what does gin mean by "does it matter"?', "does it matter"),
        ("what does baker think of “terrible mistake”", "terrible mistake"),
        ('what about "drones" and robots?', '"drones" and robots'),
        ('what does gin mean by "does it matter', "matter"),
    ],
)
def test_words_in_quotes_are_kept_or_trimmed_together(question: str, subject: str) -> None:
    """The final run found "Aaron Gin on “matter"”": the quoted "does it matter" was cut
    inside its quotes, the asking words of the phrase trimmed and its closing quote left."""
    assert router().subject(question) == subject


@given(
    st.sampled_from(["how many", "how much", "so how many", "ok how much"]),
    st.sampled_from(
        ["drones does china have", "chips does china produce a year", "robots are deployed"]
    ),
    st.sampled_from(["", "?", " exactly?"]),
    st.sampled_from([None, "baker", "gin"]),
)
@example("how many", "drones does china have", "", None)  # QA (held-out 4): Gin's drones
@example("how many", "chips does china produce a year", "", None)  # QA: Deep Seek's traces
def test_a_count_the_article_never_gives_is_refused(
    how: str, counted: str, end: str, speaker: str | None
) -> None:
    """QA: "how many drones does china have" was answered with Gin's drones, whose sentence
    counts nothing, and "how many chips does china produce a year" with the 160,000 traces
    of Deep Seek, a figure of something else: as if the article gave the number."""
    assert router().answer(f"{how} {counted}{end}", speaker).kind is Kind.NOTHING


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("how many reasoning traces did deep seek take", "baker-distillation-impressive"),
        ("how many traces from o13", "baker-distillation-impressive"),
        ("how many chips does baker name", "baker-terrible-mistake"),
        ("how many chip models does baker mention", "baker-terrible-mistake"),
    ],
)
def test_a_count_the_article_gives_or_names_is_answered(question: str, first: str) -> None:
    """The 160,000 traces are the article's figure, and the chips Baker names are counted
    in his own words: both are answered, not refused as figures the article lacks."""
    answer = router().answer(question)
    assert first in [p.id for p in answer.points[:3]]


@given(
    st.sampled_from(
        ["when did", "so when did", "what year did", "which day did", "since when did"]
    ),
    st.sampled_from(
        [
            "china decide to stop buying nvidia chips",
            "china turn down the h200s",
            "chinese labs distill deep seek",
            "china start building drones",
            "gin say it doesn't matter",
        ]
    ),
    st.sampled_from(["", "?"]),
    st.sampled_from([None, "baker", "gin"]),
)
@example("when did", "china decide to stop buying nvidia chips", "", None)  # QA (held-out 5)
def test_a_date_the_article_never_gives_is_refused(
    when: str, done: str, end: str, speaker: str | None
) -> None:
    """QA (held-out set 5): "when did china decide to stop buying nvidia chips" was
    answered with Baker's terrible mistake, whose sentences date nothing, as if the article
    said when. A question for the date of something done is refused unless the answering
    point's sentences give one; "when is baker right" (the conditions) is still answered,
    above."""
    assert router().answer(f"{when} {done}{end}", speaker).kind is Kind.NOTHING


@given(
    st.sampled_from(["", "agenda item: ", "bullet points on ", "for the standup: ", "slide: "]),
    st.sampled_from(
        ["distillation", "sovereign ai", "drones", "dirty power", "pizza toppings", "a good lawyer"]
    ),
    st.sampled_from(
        ["", " for the standup", " on a slide", " in two sentences", " for a 10 minute slot"]
    ),
)
@example("agenda item: ", "sovereign ai", "")  # QA (held-out 4): refused
@example("bullet points on ", "distillation", "")  # QA (held-out 4): refused
@example("", "dirty power", " for a 10 minute slot")
def test_the_occasion_a_question_is_for_changes_no_answer(
    lead: str, subject: str, end: str
) -> None:
    """QA: a team lead prepping a meeting asks for "bullet points on the distillation
    argument" or an "agenda item: sovereign ai": the meeting, the slide and the ten-minute
    slot are where the answer goes, not what it is about, and each was a subject the debate
    does not cover, so on-topic questions were refused (and off-topic ones stay refused)."""
    alone, asked = router().answer(subject), router().answer(f"{lead}{subject}{end}")
    assert asked.kind is alone.kind


@given(
    st.sampled_from(["", "for my essay: ", "im in a meeting, ", "for our class, "]),
    st.sampled_from(
        ["tl;dr", "distillation", "sovereign ai", "who is right", "pizza toppings", "a good lawyer"]
    ),
    st.sampled_from(
        ["", " im in a meeting", " for my essay", " for a meeting in 5", " for an exam"]
    ),
)
@example("", "tl;dr", " im in a meeting")  # QA (held-out 5): refused for the meeting
def test_the_askers_own_occasion_changes_no_answer(lead: str, subject: str, end: str) -> None:
    """QA (held-out sets 4 and 5): "tl;dr pls im in a meeting" and "i have a meeting in 5
    min, what's the one-line version of this debate" were refused: the asker's meeting (or
    essay, class, exam) is where the answer goes, not what it is about. "summary of the
    board meeting" names a meeting of its own, and stays refused (above)."""
    alone, asked = router().answer(subject), router().answer(f"{lead}{subject}{end}")
    assert asked.kind is alone.kind


@given(
    st.sampled_from(["mr", "Mr.", "mister", "Mrs", "ms", "sir"]),
    st.sampled_from(["baker", "gin", "Gavin Baker", "Aaron Gin"]),
    st.sampled_from(["what does {} think about {}", "the opinion of {} about {}", "{}, {}?"]),
    st.sampled_from(["drones", "the chips", "distillation", "pizza toppings"]),
)
@example("mr", "baker", "what does {} think about {}", "drones")  # QA (held-out 5): refused
def test_a_title_before_a_speakers_name_changes_no_answer(
    title: str, name: str, frame: str, subject: str
) -> None:
    """QA (held-out set 5): "what is the opinion of mister gin about the chips of china" and
    "what does mr baker think about drones" were refused for the title, a word the debate
    does not know."""
    plain = router().answer(frame.format(name, subject))
    titled = router().answer(frame.format(f"{title} {name}", subject))
    assert (titled.kind, titled.points, titled.speaker) == (
        plain.kind,
        plain.points,
        plain.speaker,
    )


@given(
    st.sampled_from(
        [
            "how is {} defined",
            "definition of {} for my essay",
            "explain the term {}",
            "what is the thesis on {}",
            "a citation for {}",
            "define {}",
        ]
    ),
    st.sampled_from(["sovereign ai", "performance gulf", "dirty power", "distillation", "pizza"]),
)
@example("define {}", "sovereign ai")  # QA (held-out 5): refused
def test_an_essays_asking_words_change_no_answer(frame: str, subject: str) -> None:
    """QA (held-out set 5): a student writing an essay asked "how does the article define
    sovereign ai" and to "explain the term performance gulf", refused for "define" and
    "term", words that ask and name no subject; "what is baker's thesis" asks his stance."""
    alone, asked = router().answer(subject), router().answer(frame.format(subject))
    assert asked.kind is alone.kind
    assert asked.points[:1] == alone.points[:1]
    assert router().answer("what is baker's thesis").kind is Kind.STANCE
    defined = router().answer("how does the article define sovereign ai")
    assert defined.points[0].id == "gin-sovereign-ai"


@given(st.sampled_from(sorted(FILLER | ACTIONS)), st.sampled_from(["", "s", "ed", "ing"]))
@example("discuss", "ed")  # QA: "drones sovereign discussed" read "dismissed", and refused
def test_a_form_of_an_asking_word_is_never_repaired_into_another(word: str, ending: str) -> None:
    """QA (found by the property that asking words change no answer): "discussed", a form
    of the asking word "discuss", was repaired into the article's "dismissed" (two edits,
    allowed in long words), which then counted as a subject: "drones sovereign discussed"
    was refused where "drones sovereign" is answered. An asking word's forms are spelled
    as typed."""
    form = word + ending
    assume(is_filler(form) or is_action(form))
    assert router().spelled(form) == form


@given(
    st.sampled_from(["", "gin ", "the ", "what about the "]),
    st.sampled_from(["pct", "PCT", "percent"]),
    st.sampled_from(["", " thing", " idea", "?", " capability"]),
)
@example("", "pct", " thing")  # QA (held-out 4): "80 pct thing" was refused
def test_pct_is_typed_for_percent(lead: str, pct: str, end: str) -> None:
    """QA: "80 pct thing" was refused for "pct", a word the debate does not know, though it
    asks for the 80% capability the article quotes Gin on."""
    answer = router().answer(f"{lead}80 {pct}{end}")
    assert [p.id for p in answer.points[:1]] == ["gin-80-percent"]
