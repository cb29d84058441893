"""A debater's concession: the point where he grants the other side something.

QA (held-out set 9): "is there anything baker concedes" got the verdict, which is what the
article concedes; Baker's own concession is his acknowledgement of China's distillation
skill ("He acknowledges the impressive skill of Chinese labs in model distillation").
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.concession import concedes
from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import assert_answer, pack, router

CONCEDING = [("concedes", "concede"), ("admits", "admit"), ("acknowledges", "acknowledge")]
CONCEDING_FRAMES = [
    "is there anything {name} {verbs}",
    "what does {name} {verb}",
    "does {name} {verb} anything",
    "what did {name} ever {verb}",
    "{name}'s concessions?",
]


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("is there anything baker concedes", Kind.POINTS, "baker-distillation-impressive"),
        # what the article concedes is the verdict's
        ("what does the article concede to each side", Kind.SYNTHESIS, None),
        # the source never shows Gin conceding: the verdict says where each is right
        ("what does gin concede", Kind.SYNTHESIS, None),
        ("what are gin's concessions", Kind.SYNTHESIS, None),  # was refused
        # a subject he grants is his concession; one he grants nothing on, searched as ever
        ("does baker admit anything good about chinese labs", Kind.POINTS, None),
        ("does baker admit anything about drones", Kind.OTHER_SIDE, None),
    ],
)
def test_a_debaters_concession_is_the_point_where_he_grants_something(
    question: str, kind: Kind, first: str | None
) -> None:
    assert_answer(question, kind, first)


#: A concession asked as one made, by its maker named after it or before it.
MADE_FRAMES = [
    "what {concession} does {name} make",
    "what {concession} did {name} make to gin",
    "does {name} make any {concession}",
    "did {name} make a {concession}",
    "has {name} made {concession}",
]


@given(
    st.sampled_from(["baker", "gavin baker", "Baker"]),
    st.sampled_from(MADE_FRAMES),
    st.sampled_from(["concession", "concessions"]),
    st.sampled_from(["", "?"]),
)
@example("baker", "what {concession} does {name} make", "concessions", "")  # was refused
@example("baker", "does {name} make any {concession}", "concessions", "?")  # was refused
def test_a_concession_asked_as_one_made_is_his_acknowledgement(
    name: str, frame: str, concession: str, mark: str
) -> None:
    """ "what concessions does baker make" and "does baker make any concessions" were
    refused, though "what does baker concede" got his acknowledgement: a concession made
    is a concession asked."""
    question = frame.format(name=name, concession=concession) + mark
    answer = router().answer(question)
    assert answer.speaker == "baker", question
    assert [p.id for p in answer.points] == ["baker-distillation-impressive"], question


def test_a_concession_made_by_one_never_shown_conceding_is_the_verdicts() -> None:
    """As "what does gin concede": the source never shows Gin conceding."""
    assert router().answer("does gin make any concessions").kind is Kind.SYNTHESIS
    made = router().answer("what does baker make")  # makes no concession: not read as one
    assert "baker-distillation-impressive" not in [p.id for p in made.points]


@given(
    st.sampled_from(["baker", "gavin baker", "Baker", "BAKER"]),
    st.sampled_from(CONCEDING),
    st.sampled_from(CONCEDING_FRAMES),
    st.sampled_from(["", "?"]),
)
@example("baker", ("concedes", "concede"), "is there anything {name} {verbs}", "")  # set 9
def test_what_a_debater_concedes_is_his_acknowledgement(
    name: str, verb: tuple[str, str], frame: str, mark: str
) -> None:
    """However Baker is named and his conceding asked, the answer is his, and every point
    of it shows him granting something (the source's "He acknowledges…")."""
    verbs, base = verb
    question = frame.format(name=name, verbs=verbs, verb=base) + mark
    answer = router().answer(question)
    assert answer.kind is Kind.POINTS, question
    assert answer.speaker == "baker", question
    assert [p.id for p in answer.points] == ["baker-distillation-impressive"], question


def test_every_point_said_to_concede_is_in_the_pack() -> None:
    """The pack's one acknowledgement: the rule reads the evidence, never a list of ids."""
    assert [p.id for p in pack().points if concedes(p)] == ["baker-distillation-impressive"]


ADDRESSED_FRAMES = [
    "what do {you} {verb}",
    "do {you} {verb} anything",
    "is there anything {you} {verb}",
    "what did {you} ever {verb}",
]


@given(
    st.sampled_from(["you", "u", "You"]),
    st.sampled_from(CONCEDING),
    st.sampled_from([*ADDRESSED_FRAMES, "what are your concessions", "ur concessions"]),
    st.sampled_from(["", "?"]),
)
@example("you", ("concedes", "concede"), "what do {you} {verb}", "")  # was the verdict
@example("you", ("concedes", "concede"), "what are your concessions", "")  # was refused
def test_a_concession_asked_of_the_commands_speaker_as_you_is_his(
    you: str, verb: tuple[str, str], frame: str, mark: str
) -> None:
    """ "/baker what do you concede" asks Baker, as "what does baker concede" does; the
    source never shows Gin conceding, so "/gin what do you concede" gets the verdict, as
    "what does gin concede" does."""
    question = frame.format(you=you, verb=verb[1]) + mark
    answer = router().answer(question, "baker")
    assert [p.id for p in answer.points] == ["baker-distillation-impressive"], question
    assert answer.speaker == "baker"
    assert router().answer(question, "gin").kind is Kind.SYNTHESIS


@given(
    st.sampled_from(CONCEDING),
    st.sampled_from(ADDRESSED_FRAMES),
    st.sampled_from(["about pizza toppings", "on the office parking"]),
)
def test_a_concession_on_an_unknown_subject_stays_refused(
    verb: tuple[str, str], frame: str, subject: str
) -> None:
    question = f"{frame.format(you='you', verb=verb[1])} {subject}"
    assert router().answer(question, "baker").kind is Kind.NOTHING


def test_you_without_a_speakers_command_is_the_bot() -> None:
    """Asked with /ask, "you" is the bot, no debater: the verdict says what each side is
    granted."""
    assert router().answer("what do you concede").kind is Kind.SYNTHESIS


@given(
    st.sampled_from(["baker", "gavin baker", "Baker"]),
    st.sampled_from(CONCEDING),
    st.sampled_from(
        [
            "what doesn't {name} {verb}",
            "what doesn’t {name} {verb}",  # a phone's curly apostrophe
            "what won't {name} {verb}",
            "what does {name} not {verb}",
            "what does {name} never {verb}",
            "is there anything {name} doesn't {verb}",
        ]
    ),
)
@example("baker", ("concedes", "concede"), "what doesn't {name} {verb}")  # got it
@example("you", ("concedes", "concede"), "what don't {name} {verb}")  # /baker: got it
def test_what_a_debater_does_not_concede_is_not_his_concession(
    name: str, verb: tuple[str, str], frame: str
) -> None:
    """ "what doesn't baker concede" was answered with what he does concede, his
    acknowledgement of China's distillation skill: the opposite of what was asked. It gets
    the verdict, or nothing, as "what does gin not concede" does; "doesn't baker concede
    anything?" still asks whether he does, and gets it."""
    question = frame.format(name=name, verb=verb[1])
    answer = router().answer(question, "baker" if name == "you" else None)
    assert answer.kind in (Kind.SYNTHESIS, Kind.NOTHING), question
    assert not any(concedes(p) for p in answer.points), question
    whether = router().answer(f"doesn't {name} {verb[1]} anything?", "baker")
    assert [p.id for p in whether.points] == ["baker-distillation-impressive"]


@given(
    st.sampled_from(["baker", "gavin baker", "Baker"]),
    st.sampled_from(CONCEDING),
    st.sampled_from(["gin", "aaron gin", "china", "the chinese", "the other side"]),
    st.sampled_from(["what does {name} {verb} to {whom}", "does {name} {verb} anything to {whom}"]),
)
@example("baker", ("concedes", "concede"), "gin", "what does {name} {verb} to {whom}")
@example("baker", ("concedes", "concede"), "china", "what does {name} {verb} to {whom}")
def test_whom_a_debater_concedes_to_is_no_subject(
    name: str, verb: tuple[str, str], whom: str, frame: str
) -> None:
    """ "what does baker concede to gin" got the verdict and "baker's concession to gin"
    was put to Gin ("Aaron Gin says nothing on…"): the other debater, or the party he
    stands for, is whom Baker grants something, no subject of its own."""
    question = frame.format(name=name, verb=verb[1], whom=whom)
    answer = router().answer(question)
    assert answer.speaker == "baker", question
    assert [p.id for p in answer.points] == ["baker-distillation-impressive"], question


def test_a_possessive_concession_to_the_other_debater_is_the_debaters() -> None:
    answer = router().answer("baker's concession to gin")
    assert (answer.speaker, [p.id for p in answer.points]) == (
        "baker",
        ["baker-distillation-impressive"],
    )


@given(
    st.sampled_from(["baker", "gavin baker", "Baker"]),
    st.sampled_from(CONCEDING),
    st.sampled_from(
        [
            "does {name} {verb} {subject}",
            "isn't it true that {name} {verbs} {subject}",
            "{name} {verbs} {subject}, right?",
            "did {name} ever {verb} {subject}",
        ]
    ),
    st.sampled_from(["distillation", "that china is good at distillation", "chinese labs' skill"]),
)
@example("baker", ("concedes", "concede"), "does {name} {verb} {subject}", "distillation")
@example(  # was refused ("nothing on that")
    "baker", ("concedes", "concede"), "isn't it true that {name} {verbs} {subject}", "distillation"
)
def test_whether_a_debater_grants_a_subject_is_his_concession_on_it(
    name: str, verb: tuple[str, str], frame: str, subject: str
) -> None:
    """ "does baker concede distillation" got the verdict and "isn't it true that baker
    concedes distillation" nothing, yet the source has him grant exactly that: "He
    acknowledges the impressive skill of Chinese labs in model distillation"."""
    question = frame.format(name=name, verbs=verb[0], verb=verb[1], subject=subject)
    answer = router().answer(question)
    assert answer.speaker == "baker", question
    assert [p.id for p in answer.points] == ["baker-distillation-impressive"], question
