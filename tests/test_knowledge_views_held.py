"""A debater named as the one who thinks a party right or wrong asks his view, not the
verdict (bot/knowledge/router.py, ``Router._judgement_held``).

QA (held-out set 11, English as a second language): "Baker he thinks China is wrong?" got
the verdict, which weighs both debaters; Baker's stance (China made a terrible mistake) is
what he thinks. "Is Baker wrong?" and "does the author think Baker is right?" still ask the
verdict, and "does gin think baker is wrong" the other's view of him. So does his view
judged after it ("baker thinks china is wrong, is he right?"), which his stance answered.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.app import BotApp
from bot.knowledge.router import Kind
from tests.test_knowledge_commands import run
from tests.test_knowledge_vocabulary import router

HOLDING = [
    "{name} he thinks {party} is {judged}?",
    "does {name} think {party} is {judged}",
    "{name} thinks {party} got it {judged}?",
    "did {name} say {party} was {judged}",
    "so {name} believes {party} is {judged}?",
    "does {name} really feel that {party} was {judged}",
]
"""A debater's view of a party's rightness, asked as people ask it."""
NAMES = {"baker": ["baker", "Gavin Baker", "gavin"], "gin": ["gin", "Aaron Gin", "aaron"]}


@pytest.mark.parametrize(
    ("question", "kind", "speaker"),
    [
        ("Baker he thinks China is wrong?", Kind.STANCE, "baker"),
        ("does gin think china is right", Kind.STANCE, "gin"),
        ("is baker wrong?", Kind.SYNTHESIS, None),
        ("does the author think baker is right", Kind.SYNTHESIS, None),
        ("did the article say baker was wrong", Kind.SYNTHESIS, None),
        ("does the article think china was wrong", Kind.SYNTHESIS, None),  # no debater's
        ("does gin think baker is wrong", Kind.SYNTHESIS, None),
    ],
)
def test_a_debaters_view_of_a_party_is_his_stance(
    question: str, kind: Kind, speaker: str | None
) -> None:
    answer = router().answer(question)
    assert (answer.kind, answer.speaker) == (kind, speaker)


async def test_his_view_is_shown_under_his_name(app: BotApp) -> None:
    reply = await run(app, "/ask Baker he thinks China is wrong?")
    assert reply.cards[0].title == app.pack.speaker("baker").title


@given(
    st.sampled_from(sorted(NAMES)).flatmap(
        lambda sid: st.tuples(st.just(sid), st.sampled_from(NAMES[sid]))
    ),
    st.sampled_from(HOLDING),
    st.sampled_from(["china", "China", "the US", "america"]),
    st.sampled_from(["wrong", "right"]),
)
@example(("baker", "Baker"), HOLDING[0], "China", "wrong")
def test_any_debaters_view_of_a_party_gets_his_view(
    holder: tuple[str, str], asked: str, party: str, judged: str
) -> None:
    """His stance, or his own points where the rest of the question is a subject of his."""
    speaker, name = holder
    answer = router().answer(asked.format(name=name, party=party, judged=judged))
    assert answer.kind in (Kind.STANCE, Kind.POINTS) and answer.speaker == speaker
    assert all(point.speaker == speaker for point in answer.points)


@given(
    st.sampled_from([("baker", "gin"), ("gin", "baker")]),
    st.sampled_from(HOLDING),
    st.sampled_from(["wrong", "right"]),
)
def test_a_debaters_view_of_the_other_is_not_his_stance(
    pair: tuple[str, str], asked: str, judged: str
) -> None:
    """Whom he judges is a speaker: the views of the other (or the verdict) answer that."""
    holder, judged_one = pair
    answer = router().answer(asked.format(name=holder, party=judged_one, judged=judged))
    assert (answer.kind, answer.speaker) != (Kind.STANCE, holder)


JUDGING_HIS_VIEW = ["is he right?", "is he really wrong?", "who is right?", "who is correct?"]
"""A question after a debater's view that judges the view itself: the verdict's."""


@given(
    st.sampled_from(sorted(NAMES)).flatmap(lambda sid: st.sampled_from(NAMES[sid])),
    st.sampled_from(["{name} thinks {party} is {judged}", "{name} says {party} was {judged}"]),
    st.sampled_from(["china", "the US"]),
    st.sampled_from(["wrong", "right"]),
    st.sampled_from([", ", ". ", "; ", " - "]),
    st.sampled_from(JUDGING_HIS_VIEW),
)
@example("baker", "{name} thinks {party} is {judged}", "china", "wrong", ", ", "is he right?")
def test_his_view_then_judged_asks_the_verdict(
    name: str, view: str, party: str, judged: str, gap: str, judging: str
) -> None:
    """ "baker thinks china is wrong, is he right?" asks whether he is: his stance answered
    it, as if he had judged himself; the verdict, which weighs both sides, does."""
    question = view.format(name=name, party=party, judged=judged) + gap + judging
    assert router().answer(question).kind is Kind.SYNTHESIS



@pytest.mark.parametrize("checking", ["is that right?", "is this correct?"])
def test_his_view_reported_then_checked_is_answered_with_his_view(checking: str) -> None:
    """ "baker thinks china is wrong, is that right?" checks the report, as a pasted sentence
    then "is this right?" does: his view answers, as the article gives it. Two rules met
    here on one afternoon's merge, one reading it as the verdict and one as the check, and a
    fresh draw of the property above failed; the check's reading stays, and "is he right?"
    asks the verdict."""
    answer = router().answer(f"baker thinks china is wrong, {checking}")
    assert (answer.kind, answer.speaker) == (Kind.STANCE, "baker")
