"""Prices and the speakers' whereabouts: asked in the debate's words, never given by the
article, so refused rather than answered with a point that names the words.

QA (held-out set 9): "what do chinese drones cost" got Gin's customers (whose sentence
names cost) and "where does aaron gin work" the author's model "that works reliably":
neither gives a price or a place, and each read as if the article did. Held-out set 13's
"where Baker is working now?" got the same model, as "where is gin living" and "where
baker works" did.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import assert_answer, router

PRICED = ["chinese drones", "the h200s", "blackwell chips", "inexpensive chips", "p30s"]


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("what do chinese drones cost", Kind.NOTHING, None),
        ("where does aaron gin work", Kind.NOTHING, None),
        ("where is baker from?", Kind.NOTHING, None),
        # the same words asking what the article does say
        ("what does gin say about cost", Kind.POINTS, {"gin-customers-care", "gin-dirty-power"}),
        ("where does gin disagree with baker", Kind.STANCE, None),
        ("where does distillation work", Kind.POINTS, None),
        ("where is gin working on drones", Kind.POINTS, {"gin-robotics-drones"}),
    ],
)
def test_prices_and_whereabouts_the_article_never_gives(
    question: str, kind: Kind, first: set[str] | None
) -> None:
    assert_answer(question, kind, first)


@given(st.sampled_from(["what do", "what did", "what would"]), st.sampled_from(PRICED))
@example("what do", "chinese drones")  # held-out set 9
def test_a_price_asked_with_cost_as_the_verb_is_refused(asking: str, priced: str) -> None:
    assert router().answer(f"{asking} {priced} cost").kind is Kind.NOTHING


COUNTED = ["the 160,000 traces", "the 160,000 reasoning traces", "80% capability", "it"]
"""Things the article gives a figure of, a count or a share, never a price."""


@given(
    st.sampled_from(["how much did", "how much does", "how much would", "what did"]),
    st.sampled_from(COUNTED),
    st.sampled_from(["cost", "cost to generate", "cost to produce?", "cost in dollars"]),
)
@example("how much did", "the 160,000 traces", "cost to generate?")  # held-out set 12
@example("what did", "the 160,000 reasoning traces", "cost")  # five words before "cost"
def test_a_price_of_something_the_article_counts_is_refused(
    asking: str, counted: str, cost: str
) -> None:
    """ "how much did the 160,000 traces cost to generate?" got Baker's 160,000 traces, a
    count of something else given as if it were the price: the article prices nothing."""
    assert router().answer(f"{asking} {counted} {cost}").kind is Kind.NOTHING


def test_a_count_asked_before_a_price_is_still_answered() -> None:
    """The figure asked first is the traces', which the article gives (held-out set 11)."""
    assert_answer(
        "how many traces made deep seek, and how much did it cost to train?",
        Kind.POINTS,
        "baker-distillation-impressive",
    )


DOINGS = {
    "work": ("works", "working"),
    "live": ("lives", "living"),
    "come from": ("comes from", None),
    "study": ("studies", "studying"),
}
"""What a speaker's whereabouts are asked with: the verb, its -s form and its -ing form
("coming from" is where someone's view comes from, no place)."""
FORMS = (
    "where does {speaker} {verb}",
    "where {speaker} {does}",
    "where is {speaker} {doing}",
    "where {speaker} is {doing}",
    "where was {speaker} {doing}",
)
"""Either word order, any tense: "where Baker is working now?" (held-out set 13) keeps an
indirect question's order."""
WHEREABOUTS = sorted(
    form.format(speaker="{speaker}", verb=verb, does=does, doing=doing)
    for verb, (does, doing) in DOINGS.items()
    for form in FORMS
    if doing is not None or "{doing}" not in form
)


@given(
    st.sampled_from(["baker", "gin", "gavin baker", "aaron gin"]),
    st.sampled_from(WHEREABOUTS),
    st.sampled_from(["", "?", " tho", " now?", " these days"]),
)
@example("aaron gin", "where does {speaker} work", "")  # held-out set 9
@example("baker", "where {speaker} is working", " now?")  # held-out set 13
def test_where_a_speaker_works_or_lives_is_refused(speaker: str, asked: str, mark: str) -> None:
    question = asked.format(speaker=speaker) + mark
    assert router().answer(question).kind is Kind.NOTHING


PRESENT = ["right now", "currently", "at the moment", "these days", "today", "as of now"]


@given(
    st.sampled_from(
        [
            "what's the top model on the leaderboard {now}",
            "which chip is fastest {now}",
            "which model is best {now}",
            "is china behind on chips {now}",
            "{now}, who leads in ai chips",
        ]
    ),
    st.sampled_from(PRESENT),
    st.sampled_from(["", "?"]),
)
@example("what's the top model on the leaderboard {now}", "right now", "")  # held-out set 10
@example("which chip is fastest {now}", "currently", "")  # spelled "correctly", answered
@example("which chip is fastest {now}", "right now", "")  # "right": the verdict
def test_how_things_stand_now_is_refused(frame: str, now: str, mark: str) -> None:
    """ "what's the top model on the leaderboard right now" was answered with Baker's
    frontier training: the article reports one conversation and cannot say how things
    stand now."""
    assert router().answer(frame.format(now=now) + mark).kind is Kind.NOTHING


@pytest.mark.parametrize(
    ("question", "speaker", "kind"),
    [
        ("who is right now", None, Kind.SYNTHESIS),  # "right" is the verdict's word
        ("Who is RIGHT NOW?", None, Kind.SYNTHESIS),
        ("what should founders do right now", None, Kind.ADVICE),
        ("what does baker say about distillation right now", None, Kind.POINTS),
        ("distillation right now", "baker", Kind.POINTS),  # what the source reports of him
    ],
)
def test_a_verdict_or_a_speakers_view_asked_now_is_still_answered(
    question: str, speaker: str | None, kind: Kind
) -> None:
    assert router().answer(question, speaker).kind is kind


@given(
    st.sampled_from(["who is", "who's", "who’s", "whos", "Who's", "so who's", "who was"]),
    st.sampled_from(["right now", "RIGHT NOW", "right right now"]),
    st.sampled_from(["", "?", " ?"]),
)
@example("who's", "right now", "")  # refused as how things stand now, "who is" answered
@example("whos", "right now", "?")
def test_who_is_right_now_asks_the_verdict_however_is_is_written(
    who: str, now: str, mark: str
) -> None:
    """ "who's right now" was refused as a question about the present while "who is right
    now" got the verdict: the "is" that makes "right" the judging word was looked for only
    written out."""
    assert router().answer(f"{who} {now}{mark}").kind is Kind.SYNTHESIS


@given(
    st.sampled_from(
        [
            ("whats the takeaway", Kind.SUMMARY),
            ("who is right", Kind.SYNTHESIS),
            ("what did baker say", Kind.STANCE),
            ("what does gin think about drones", Kind.POINTS),
        ]
    ),
    st.sampled_from(["today", "Today", "today?"]),
)
@example(("whats the takeaway", Kind.SUMMARY), "today")  # refused: "today" a subject
def test_today_asked_of_the_debate_is_no_subject(asked: tuple[str, Kind], today: str) -> None:
    """ "whats the takeaway today", where a daily takeaway is posted, was refused: "today"
    counted as a subject the debate does not cover. Asked of the debate or of a speaker,
    it is when the asker asks; how things stand today is still refused (above)."""
    question, kind = asked
    assert router().answer(question).kind is kind
    assert router().answer(f"{question} {today}").kind is kind


@given(
    st.sampled_from(["whats the takeaway", "what's the takeaway", "takeaway", "the key takeaway"]),
    st.sampled_from(["for today", "for today?", "For today", "for today pls"]),
)
@example("what's the takeaway", "for today")  # refused: "for" read as an audience to come
def test_the_takeaway_for_today_is_the_takeaway(asked: str, today: str) -> None:
    """ "what's the takeaway for today", in a channel that gets a daily takeaway, was
    refused: "takeaway for" was left to the advice ("key takeaways for founders"), yet
    "today" is no audience. Only an audience makes it the advice."""
    assert router().answer(f"{asked} {today}").kind is Kind.SUMMARY
    assert router().answer(f"{asked} for founders").kind is Kind.ADVICE
