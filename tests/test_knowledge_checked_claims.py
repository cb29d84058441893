"""A journalist checking what a speaker said: the answer is titled with what was said.

"is it accurate that gin said china will reach 80 percent?" was titled "Aaron Gin on
“accurate that gin said china will reach 80 percent”", and "is it true that gin thinks
customers dont care" "…on “true that gin thinks customers dont care”": the words that
check a claim ("is it accurate that", "is it fair to say that") ask, as "can i quote baker
as saying" does, and the subject echoed is what the speaker is said to have said.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.app import BotApp
from bot.knowledge.router import Router
from tests.test_knowledge_commands import run
from tests.test_knowledge_dropped_pack import router as remote_work
from tests.test_knowledge_vocabulary import router as baker_vs_gin

CHECKS = [
    "is it accurate that",
    "is it true that",
    "Is it true",
    "is it really true that",
    "is it fair to say that",
    "is it correct to say",
    "was it right that",
    "would it be accurate to say that",
    "so is it accurate that",
]
"""How a fact-checker opens a claim to check."""
SAID = ["said", "says", "thinks", "claimed", "argued"]
CLAIMS = {
    "baker-vs-gin": {
        "baker": ["china made a terrible mistake", "distillation is a workaround"],
        "gin": ["china will reach 80 percent", "customers dont care"],
    },
    "remote-work": {
        "zoe": ["commuting wastes time", "hiring matches get better"],
        "nunez": ["offices teach juniors", "city centres need offices"],
    },
}
"""Claims put in each debater's mouth, as typed."""
ROUTERS = {"baker-vs-gin": baker_vs_gin, "remote-work": remote_work}


@st.composite
def claimed(draw: st.DrawFn) -> tuple[Router, str, str]:
    """A pack's router, how the question names a debater, and a claim put to him."""
    pack = draw(st.sampled_from(sorted(CLAIMS)))
    router = ROUTERS[pack]()
    speaker = router.pack.speaker(draw(st.sampled_from(sorted(CLAIMS[pack]))))
    name = draw(st.sampled_from([speaker.id, speaker.name, speaker.name.split()[-1]]))
    return router, name, draw(st.sampled_from(CLAIMS[pack][speaker.id]))


@given(claimed(), st.sampled_from(CHECKS), st.sampled_from(SAID), st.sampled_from(["", "?"]))
@example((baker_vs_gin(), "gin", "china will reach 80 percent"), CHECKS[0], "said", "?")
@example((baker_vs_gin(), "gin", "customers dont care"), CHECKS[1], "thinks", "")
def test_a_checked_claim_is_the_subject(
    drawn: tuple[Router, str, str], check: str, verb: str, mark: str
) -> None:
    router, name, claim = drawn
    assert router.subject(f"{check} {name} {verb} {claim}{mark}") == claim


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        # a word of checking with a subject of its own stays in it
        ("is distillation accurate", "distillation accurate"),
        # nothing but the check: the question is shown whole
        ("is it true?", "is it true?"),
    ],
)
def test_a_check_with_nothing_after_it_frames_no_subject(question: str, subject: str) -> None:
    """Only the opening "is it <check> [that]" asks: "accurate" after a subject is the
    subject's, and a check of nothing ("is it true?") was echoed as on “true”."""
    assert baker_vs_gin().subject(question) == subject


@pytest.mark.parametrize(
    ("line", "title"),
    [
        (
            "/ask is it accurate that gin said china will reach 80 percent?",
            "Aaron Gin on “china will reach 80 percent”",
        ),
        (
            "/ask is it true that gin thinks customers dont care",
            "Aaron Gin on “customers dont care”",
        ),
        ("/gin is it fair to say that customers dont care", "Aaron Gin on “customers dont care”"),
        (
            "/ask can i quote baker as saying china made a terrible mistake?",
            "Gavin Baker on “china made a terrible mistake”",
        ),
    ],
)
async def test_the_answer_is_titled_with_the_claim_checked(
    app: BotApp, line: str, title: str
) -> None:
    reply = await run(app, line)
    assert reply.cards[0].title == title
