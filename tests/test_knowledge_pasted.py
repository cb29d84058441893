"""Links, code, emoji and struck-out words pasted around a question are no part of it.

Held-out set 6 (Slack users pasting into a thread): "https://www.youtube.com/watch?v=…
is this the one where gin talks about drones?" was refused, the URL's words ("www",
"youtube", "watch", "v", "abc123") outnumbering the two the debate knows; so were a question
after a Slack link to the show and one after a link to a Slack thread.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.pasted import unpasted
from bot.knowledge.router import Kind
from tests.test_knowledge_mentions import WORDS, _answered
from tests.test_knowledge_vocabulary import router

PATHS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_/.?=&%#", max_size=30)
HOSTS = st.sampled_from(["www.youtube.com", "tbpn.com", "example.slack.com", "github.com"])
PASTED = st.one_of(
    st.builds("https://{}/{}".format, HOSTS, PATHS),
    st.builds("http://{}/{}".format, HOSTS, PATHS),
    st.builds("www.{}/{}".format, HOSTS, PATHS),
    st.builds("<https://{}/{}>".format, HOSTS, PATHS),
    st.builds("{}/{}".format, HOSTS, PATHS),
    st.builds("{}{}".format, HOSTS, st.sampled_from(["", ".", ",", "?"])),
    st.builds("{}@{}".format, st.from_regex(r"[a-z][a-z0-9._+-]{0,10}", fullmatch=True), HOSTS),
    st.sampled_from(
        [
            "```python\nimport torch\nstudent = distill(teacher)\n```",
            '```{ "model": "deepseek" }```',
            "```\nchips = [h200, blackwell];\n```",
            ":thinking_face:",
            ":+1:",
            ":drone:",
            "+1",
            "-1",
            "+100",
            ":+1::skin-tone-2:",
            ":wave::skin-tone-5:",
            "~pizza~",
            "~baker was right~",
        ]
    ),
)


@st.composite
def with_pasted(draw: st.DrawFn) -> tuple[str, str]:
    """A question, and the same question with links, code, emoji or struck-out words pasted
    between any of its words."""
    words = draw(st.lists(WORDS, min_size=1, max_size=8))
    mixed = draw(st.lists(PASTED, max_size=2))
    for word in words:
        mixed += [word, *draw(st.lists(PASTED, max_size=1))]
    return " ".join(words), " ".join(mixed)


@given(with_pasted(), st.sampled_from([None, "baker", "gin"]))
@example(
    ("gin talks about drones ?", "https://www.youtube.com/watch?v=abc123 gin talks about drones ?"),
    None,
)
@example(("who is right ?", "<https://tbpn.com/ep/1> who is right ? :+1:"), None)
@example(("drones", "tbpn.com/ep/1 drones bob@example.slack.com"), None)
@example(("who is right ?", "-1 who is right ? :+1::skin-tone-2: +100"), None)
def test_pasted_links_and_code_never_change_the_answer(
    questions: tuple[str, str], speaker: str | None
) -> None:
    plain, pasted = (_answered(router().answer(q, speaker)) for q in questions)
    assert pasted == plain


def test_a_question_after_a_video_link_is_answered() -> None:
    answer = router().answer(
        "https://www.youtube.com/watch?v=x1y2z3 did gin talk about robots here"
    )
    assert answer.kind is Kind.POINTS
    assert answer.points[0].id == "gin-robotics-drones"


def test_a_labelled_link_keeps_its_label_as_words() -> None:
    assert unpasted("<https://en.wikipedia.org/wiki/Drone|drones> gin?").split() == [
        "drones",
        "gin?",
    ]
    assert unpasted("see [the show](https://tbpn.com/x) now").split() == [
        "see",
        "the",
        "show",
        "now",
    ]
    answer = router().answer("<https://example.com/a/b/c?d=e|drones> what does gin say")
    assert answer.points[0].id == "gin-robotics-drones"


def test_a_code_block_is_dropped_but_plain_words_in_a_fence_are_kept() -> None:
    code = "```python\nimport torch\nstudent = distill(teacher)\n```\nwhy does this throw"
    assert unpasted(code).split() == ["why", "does", "this", "throw"]
    assert router().answer(code).kind is Kind.NOTHING
    assert unpasted("```\nsovereign ai\n```\nexplain").split() == ["sovereign", "ai", "explain"]
    assert unpasted("```text\nsovereign ai\n```").split() == ["sovereign", "ai"]


def test_struck_out_words_are_taken_back() -> None:
    """ "~baker~ gin said it" names Gin alone: the asker struck Baker out."""
    assert unpasted("~baker~ gin said it").split() == ["gin", "said", "it"]
    answer = router().answer("~baker~ gin on the trajectory thing")
    assert answer.points[0].id == "gin-different-trajectory"


def test_a_link_alone_asks_nothing() -> None:
    assert router().without_mentions("https://tbpn.com/episodes/42") == ""


@pytest.mark.parametrize(
    "text",
    ["china.so what", "is the u.s. right", "gin's 1.5x claim", "+10% more chips", "-1.5 points"],
)
def test_words_run_together_are_no_address_and_numbers_no_reaction(text: str) -> None:
    """Only an address's endings make one ("china.so" is two words a space went missing
    from), and a "+10%" or a "-1.5" is a figure, not a reaction."""
    assert unpasted(text) == text


@given(st.text())
@example("```a\nb``` ~c~ :d: <https://e|f> [g](https://h)")
def test_unpasting_only_ever_takes_away(text: str) -> None:
    """Whatever is typed, nothing is made up: every word left was typed."""
    for word in unpasted(text).split():
        assert word in text
