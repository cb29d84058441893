"""Two questions in one message, each put to a different debater, are each answered.

QA: "what does baker think about distillation and what does gin say about robots?" was
asked whole, and answered with Gin's robots, then the article's view of distillation, then
Baker's; "what does gin say about robots and what does baker think about distillation?"
with Gin's robots alone, Baker's part dropped without a word. The answer now holds each
debater's best point on his part, shown part by part in the order asked (taken in turn and
shown so, the headings alternated: Baker, Gin, Baker).

Review: a debater who says nothing on his part left the message judged whole. "what did
baker say about drones and what did gin say about power" answered "Gavin Baker says
nothing on “drones and what did gin say about power”", the other part quoted as his
subject; with "robots", Gin's robots led a list of best matches with no word that Baker
says nothing on them. That part is now answered as it is alone, with the others' points
and the note naming his part only.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bot.app import BotApp
from bot.knowledge.router import Kind
from tests.test_knowledge_commands import run
from tests.test_knowledge_vocabulary import router

FRAMES = st.sampled_from(
    [
        "what does {} think about {} and what does {} say about {}?",
        "{} on {}, {} on {}",
        "what does {} say about {}? and {} about {}?",
        "what did {} say about {}; what did {} say about {}",
    ]
)


def _put(frame: str, bakers: str, gins: str, baker_first: bool) -> str:
    """`frame` filled with Baker's subject and Gin's, the one asked first first."""
    asked = [("baker", bakers), ("gin", gins)]
    (first, one), (second, other) = asked if baker_first else asked[::-1]
    return frame.format(first, one, second, other)


@given(
    FRAMES,
    st.sampled_from(["distillation", "the chips china turned down", "the gap"]),
    st.sampled_from(["robots", "drones", "customers", "the 80% capability"]),
    st.booleans(),
)
@example(  # Baker's part answered last, after the article's
    "what does {} think about {} and what does {} say about {}?", "distillation", "robots", True
)
@example(  # Baker's part dropped
    "what does {} think about {} and what does {} say about {}?", "distillation", "robots", False
)
def test_each_debater_asked_answers_his_part_in_turn(
    frame: str, bakers: str, gins: str, baker_first: bool
) -> None:
    first, second = ("baker", "gin") if baker_first else ("gin", "baker")
    answer = router().answer(_put(frame, bakers, gins, baker_first))
    assert answer.kind is Kind.POINTS
    speakers = [p.speaker for p in answer.points]
    assert {first, second} <= set(speakers)
    # part by part: each debater's points together, in the order asked
    assert speakers == sorted(speakers, key=[first, second].index)


@given(
    FRAMES,
    st.sampled_from(["hi", "hey", "um", "ok", "thanks"]),
    st.sampled_from([",", "!", "?", ";"]),
    st.booleans(),
)
@example("{} on {}, {} on {}", "hi", ",", False)  # "hi, drones aaron? chips gavin"
def test_a_greeting_before_the_parts_is_no_part_of_its_own(
    frame: str, opener: str, mark: str, baker_first: bool
) -> None:
    """A fresh draw of the courtesy property: "hi, drones aaron? chips gavin" was read as
    three questions, the first "hi", and the two others were no longer each answered of
    its debater. A greeting said before them asks nothing and is no part."""
    asked = _put(frame, "distillation", "robots", baker_first)
    greeted = router().answer(f"{opener}{mark} {asked}")
    plain = router().answer(asked)
    assert (greeted.kind, greeted.points) == (plain.kind, plain.points)


@given(st.sampled_from(["pizza", "huawei's chips", "the fed's rates"]))
def test_a_part_the_debate_has_nothing_on_is_not_passed_over(subject: str) -> None:
    """A part refused leaves the question to be judged whole, as before: it is never
    answered with the other debater's points alone as if both parts were."""
    both = router().answer(
        f"what does baker think about {subject} and what does gin say about drones"
    )
    assert both.kind is Kind.NOTHING or both.uncovered


#: Subjects Baker says nothing on, and Gin's own subjects.
BAKER_SILENT = st.sampled_from(["robots", "drones"])
GINS = st.sampled_from(["customers", "the 80% capability", "power", "the chips china turned down"])


@given(FRAMES, BAKER_SILENT, GINS, st.booleans())
@example(  # the whole message judged: Gin's robots first, Baker's silence unsaid
    "what does {} think about {} and what does {} say about {}?", "robots", "power", True
)
@example(  # "Baker says nothing on “drones and what did gin say about power”"
    "what did {} say about {}; what did {} say about {}", "drones", "power", True
)
def test_a_debater_silent_on_his_part_is_said_to_be_on_that_part_alone(
    frame: str, bakers: str, gins: str, baker_first: bool
) -> None:
    answer = router().answer(_put(frame, bakers, gins, baker_first))
    assert answer.kind is Kind.OTHER_SIDE
    assert (answer.speaker, answer.subject) == ("baker", bakers)
    gin_alone = router().answer(f"what does gin say about {gins}")
    assert gin_alone.points[0] in answer.points  # his part answered too


async def test_the_silent_debaters_note_quotes_his_part_only(app: BotApp) -> None:
    reply = await run(app, "/ask what did baker say about drones and what did gin say about power")
    assert reply.text.startswith("Gavin Baker says nothing on “drones” in this debate.")
    titles = [card.title for card in reply.cards]
    assert any("Gin" in title for title in titles) and not any("Baker" in t for t in titles)


#: One debater's subjects, and the second question about one of them, put as people put it.
GINS_SUBJECTS = ["drones", "power", "robots", "customers"]
SECOND = ["what did {name} say about {subject}", "what does he think about {subject}",
          "what about {subject}", "how about {subject}"]  # fmt: skip


@given(
    st.sampled_from(["gin", "aaron", "Aaron Gin"]),
    st.lists(st.sampled_from(GINS_SUBJECTS), min_size=2, max_size=2, unique=True),
    st.sampled_from(SECOND),
    st.sampled_from([" and ", "? ", ", and "]),
)
@example("gin", ["drones", "power"], SECOND[0], " and ")
def test_two_questions_to_one_debater_are_on_both_subjects_alone(
    name: str, subjects: list[str], second: str, gap: str
) -> None:
    """ "what did gin say about drones and what did gin say about power" was answered as
    Gin on “drones and what did gin say about power”, the second question's asking words
    and his name shown as part of the subject; it is on “drones and power”."""
    first, then = subjects
    question = f"what did {name} say about {first}" + gap + second.format(name=name, subject=then)
    answer = router().answer(question)
    assert (answer.speaker, answer.subject) == ("gin", f"{first} and {then}")
