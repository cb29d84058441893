"""Words in which held-out set 10's sceptic and teenager ask, which name no subject.

QA (held-out set 10): "'terrible mistake' is hyperbole, what's baker's actual evidence",
"dirty power? so gin is cheering on pollution?", "so gin's whole argument is 'whatever, it
doesn't matter'?", "gin's take is kinda based ngl, what was it" and "what should i do w this
info for my startup bro" were each refused for a word or two counted as a subject the
debate does not cover: a sceptic's judgement of a claim (hyperbole, overblown, nonsense),
his "actual" evidence, a verb of cheering a side on, a placeholder for words not repeated
("whatever"), the teenager's slang of approval and address ("based", "bro") and "info" for
what was said. "who wrote '…'" asks who said it, as a fact-checker asks.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_asking_words import WORDS
from tests.test_knowledge_checking_words import assert_refused_alike
from tests.test_knowledge_vocabulary import assert_answer


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        (
            "'terrible mistake' is hyperbole, what's baker's actual evidence",
            Kind.POINTS,
            {"baker-terrible-mistake", "baker-misplaced-confidence", "baker-performance-gap"},
        ),
        ("dirty power? so gin is cheering on pollution?", Kind.POINTS, "gin-dirty-power"),
        (
            "so gin's whole argument is 'whatever, it doesn't matter'?",
            Kind.POINTS,
            {"gin-does-it-matter", "gin-customers-care"},
        ),
        ("gin's take is kinda based ngl, what was it", Kind.STANCE, None),
        ("what should i do w this info for my startup bro", Kind.ADVICE, None),
        (
            "isn't the performance gap overblown",
            Kind.POINTS,
            {"baker-performance-gap", "gin-not-chasing-benchmarks", "gin-does-it-matter"},
        ),
        ("who wrote 'dirty power, inexpensive chips'", Kind.POINTS, "gin-dirty-power"),
        # the same words around subjects the debate does not cover
        ("the hype about pizza is hyperbole, what's the actual recipe", Kind.NOTHING, None),
        ("who's cheering for the football team", Kind.NOTHING, None),
        ("dude who wrote this sourdough recipe", Kind.NOTHING, None),
        ("any info on the parking garage bro", Kind.NOTHING, None),
    ],
)
def test_a_sceptic_s_and_a_teenager_s_words_are_no_subject(
    question: str, kind: Kind, first: str | set[str] | None
) -> None:
    assert_answer(question, kind, first)


#: What the sceptic and the teenager say before and after a question.
AROUND = [
    ("isn't this hyperbole: ", ", what's the actual evidence"),
    ("whatever, ", " (overblown)"),
    ("bro ", " ngl kinda based"),
    ("who wrote ", ""),
    ("", ", so is he cheering it on?"),
]


@given(
    st.lists(WORDS, min_size=1, max_size=6),
    st.sampled_from(AROUND),
    st.sampled_from([None, "baker", "gin"]),
)
@example(["baker", "mistake"], AROUND[0], None)
@example(["drones"], AROUND[2], "gin")
@example(["pizza", "recipe"], AROUND[3], None)
def test_a_sceptic_s_and_a_teenager_s_words_change_no_refusal(
    question: list[str], around: tuple[str, str], speaker: str | None
) -> None:
    """Answered or refused as without them: they judge or address what is asked, and ask
    about nothing else."""
    assert_refused_alike(question, *around, speaker)
