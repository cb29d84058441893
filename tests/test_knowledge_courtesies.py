"""Greetings, thanks and apologies around a question ask nothing of the debate.

QA (held-out set 7): a very polite asker was refused "Hi there! Hope you're having a good
day. Could you tell me what Gavin Baker thinks about China's domestic chips? Thanks so
much!" (for "good day" and "thanks"), "Good morning! Could you kindly remind me what the
article recommends for companies like ours?" and "thanks! one more if you don't mind: what
did they say about sovereign ai?".
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from bot.knowledge.tokens import without_courtesies
from tests.test_knowledge_mentions import WORDS, _answered
from tests.test_knowledge_vocabulary import assert_answer, router

BEFORE = [
    "Hi there! Hope you're having a good day. ",
    "Good morning! ",
    "good afternoon team, ",
    "sorry to bother you, quick question: ",
    "thanks! one more if you don't mind: ",
    "hope you are well. ",
    "explain like i'm five ",
]
AFTER = [" Thanks so much!", " thank you", " many thanks", ", if that's ok", " have a great day!"]


@given(
    st.lists(WORDS, min_size=1, max_size=6),
    st.sampled_from(["", *BEFORE]),
    st.sampled_from(["", *AFTER]),
    st.sampled_from([None, "baker", "gin"]),
)
@example(["what", "does", "gavin", "think", "about", "chips", "?"], BEFORE[0], AFTER[0], None)
@example(["sovereign", "ai", "?"], BEFORE[4], "", None)
def test_courtesies_around_a_question_change_no_answer(
    question: list[str], before: str, after: str, speaker: str | None
) -> None:
    typed = " ".join(question)
    plain = router().answer(typed, speaker)
    polite = router().answer(f"{before}{typed}{after}", speaker)
    assert _answered(polite) == _answered(plain)


@given(st.lists(st.sampled_from([*BEFORE, *AFTER, "thanks", "one", "more", "you", " "])))
def test_leaving_out_courtesies_is_idempotent(parts: list[str]) -> None:
    text = "".join(parts)
    once = without_courtesies(text)
    assert without_courtesies(once) == once


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        (
            "Hi there! Hope you're having a good day. Could you tell me what Gavin Baker "
            "thinks about China's domestic chips? Thanks so much!",
            Kind.POINTS,
            "baker-misplaced-confidence",
        ),
        (
            "thanks! one more if you don't mind: what did they say about sovereign ai?",
            Kind.POINTS,
            "gin-sovereign-ai",
        ),
        ("thank you!", Kind.NOTHING, None),
        ("good morning everyone", Kind.NOTHING, None),
        ("translate thank you into spanish", Kind.NOTHING, None),
        ("have a great day, see you at the pizza place", Kind.NOTHING, None),
    ],
)
def test_a_polite_question_is_answered_and_courtesy_alone_is_not(
    question: str, kind: Kind, first: str | None
) -> None:
    assert_answer(question, kind, first)


#: People, channels and groups as Slack and Discord put them in what is typed.
NAMED = st.sampled_from(
    ["<@U0ANN|ann>", "<@U0ANN>", "<#C0DEV|dev>", "<!here>", "<@123>", "<!subteam^S1|@chips>"]
)


@given(st.lists(WORDS, min_size=1, max_size=6), NAMED, st.sampled_from(["thanks", "hi", "hey"]))
@example(["what", "does", "baker", "say", "about", "drones", "?"], "<@U0ANN|ann>", "thanks")
@example(["we", "drones"], "<@U0ANN|ann>", "hi")  # "hi" hid "we drones" as the asker's own
@example(["drones"] * 4 + ["tl;dr", "drones"], "<@U0ANN|ann>", "hi")  # "hi" hid the tl;dr
def test_a_courtesy_to_someone_named_changes_no_answer(
    question: list[str], named: str, courtesy: str
) -> None:
    """`/ask thanks <@U1|ann>, what does baker say about drones?`: the courtesy is left
    out as a word of no topic, and the person thanked (`markup.NO_WORDS`) with it."""
    typed = " ".join(question)
    plain = router().answer(typed, None)
    for polite in (f"{courtesy} {named}, {typed}", f"{named} {courtesy}! {typed}"):
        assert _answered(router().answer(polite, None)) == _answered(plain), polite


#: What people say before a question to open it: greetings and hesitations. Not "so", which
#: makes a phrase with what follows ("so what?" asks what it means for us: the advice), nor
#: "well", a word of the pack ("well-integrated"), searched where nothing else is asked.
OPENED = ["hi", "hey", "hello", "hiya", "yo", "ok", "okay", "oh", "um", "umm", "uh", "uhh"]
OPENED += ["hmm", "erm", "ah"]


@given(
    st.lists(WORDS, min_size=1, max_size=6),
    st.sampled_from(OPENED),
    st.sampled_from(["", ",", "!", "...", " -"]),
    st.sampled_from([None, "baker", "gin"]),
)
@example(["drones"], "um", ",", None)  # "Nothing on “um, drones” in this debate."
@example(["what", "does", "gin", "say", "about", "drones", "?"], "yo", "", None)
@example(["drones"] * 4 + ["tl;dr", "drones"], "umm", "", None)  # "umm" hid the tl;dr
@example(["is", "right"], "hi", "", None)  # "hi" was read as the side said to be right
@example(["drones", "aaron?", "chips", "gavin"], "hi", ",", None)  # "hi" a third question
def test_a_greeting_or_hesitation_before_a_question_changes_no_answer(
    question: list[str], opener: str, mark: str, speaker: str | None
) -> None:
    """ "um, what does gin say about drones" was refused for "um" (found by fresh draws
    of harmless noise): a hesitation, like a greeting, is said to the bot, of no subject."""
    typed = " ".join(question)
    opened = router().answer(f"{opener}{mark} {typed}", speaker)
    assert _answered(opened) == _answered(router().answer(typed, speaker))
