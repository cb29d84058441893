"""A command's name and a field's name typed before a question are no part of it.

Held-out set 12 (command options typed where the bot does not expect them): Discord's
labelled fields were filled with their label ("/gin" with topic "topic: drones"), an
engineer typed a flag ("/debate --topic chips", "topic=benchmarks"), and a whole command
went into /ask's field ("/debate topic:customers"): each was refused, "Nothing on “topic:
drones”", the field's name counted as a subject the debate does not cover.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.app import BotApp
from bot.knowledge.router import Kind
from bot.knowledge.typed_commands import without_command_line
from tests.discord_fake import FakeDiscord
from tests.test_discord_e2e import message_of
from tests.test_knowledge_mentions import WORDS, _answered
from tests.test_knowledge_vocabulary import router

FIELDS = st.builds(
    "{}{}{}{}".format,
    st.sampled_from(["", "-", "--"]),
    st.sampled_from(["topic", "question", "Topic", "TOPIC", "QUESTION"]),
    st.sampled_from(["", " "]),
    st.sampled_from([":", "=", ": ", " = "]),
)
COMMANDS = st.sampled_from(["", "/ask ", "/debate ", "/topics "])


def _is_speaker(word: str) -> bool:
    return word.lower() in {"baker", "gin"}


@pytest.mark.parametrize(
    ("typed", "question"),
    [
        ("topic: drones", "drones"),
        ("topic:distillation", "distillation"),
        ("TOPIC:BENCHMARKS", "BENCHMARKS"),
        ("--topic chips", "chips"),
        ("--topic=chips", "chips"),
        ("-topic chips", "chips"),
        ("topic=benchmarks", "benchmarks"),
        ('topic:"cheap chips"', '"cheap chips"'),
        ("question: who is right?", "who is right?"),
        ("/debate topic:customers", "customers"),
        ("/ask question: who is right?", "who is right?"),
        ("/baker distillation", "baker distillation"),
        ("/gin topic: drones", "gin drones"),
        ("topic:", ""),
        # the words are the question's anywhere but at the start
        ("what is the topic: chips?", "what is the topic: chips?"),
        ("topical drones", "topical drones"),
        ("topics", "topics"),
        ("/ 3 drones", "/ 3 drones"),
    ],
)
def test_a_command_and_field_name_typed_before_the_question_go(typed: str, question: str) -> None:
    assert without_command_line(typed, _is_speaker) == question


@pytest.mark.parametrize(
    ("speaker", "typed", "expected"),
    [
        ("baker", "topic:distillation", "baker-distillation-workaround"),
        ("gin", "topic: drones", "gin-robotics-drones"),
        (None, "--topic chips", "baker-terrible-mistake"),
        (None, "topic=benchmarks", "gin-not-chasing-benchmarks"),
        ("gin", 'topic:"cheap chips"', "gin-dirty-power"),
        (None, "/debate topic:customers", "gin-customers-care"),
    ],
)
def test_a_question_after_a_field_name_is_answered(
    speaker: str | None, typed: str, expected: str
) -> None:
    answer = router().answer(typed, speaker)
    assert answer.kind is Kind.POINTS
    assert answer.points[0].id == expected


def test_a_field_name_alone_asks_nothing() -> None:
    """ "/gin" with its field filled with "topic:" alone is /gin with no topic: his stance."""
    assert router().without_mentions("topic:") == ""
    assert router().without_mentions("/ask question:") == ""


@given(
    st.lists(WORDS, min_size=1, max_size=8),
    COMMANDS,
    FIELDS,
    st.sampled_from([None, "baker", "gin"]),
)
@example(["drones"], "", "topic: ", "gin")
@example(["who", "is", "right", "?"], "/ask ", "question:", None)
@example(["chips"], "/debate ", "--topic ", None)
def test_a_field_name_typed_before_a_question_never_changes_the_answer(
    words: list[str], command: str, field: str, speaker: str | None
) -> None:
    question = " ".join(words)
    typed = f"{command}{field}{question}"
    assert _answered(router().answer(typed, speaker)) == _answered(
        router().answer(question, speaker)
    )


async def test_a_discord_topic_field_filled_with_its_label_is_answered(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """Discord hands the field over as typed: "topic: drones" reached the router whole."""
    answer = await fake.answer(await fake.command("gin", {"topic": "topic: drones"}))
    [embed] = message_of(answer)["embeds"]
    assert embed["title"] == "Aaron Gin on “drones”"
    assert "robotics and drones" in embed["description"]
