"""A Slack user pastes the article's link around a question and names it ("link for
context <url>", "see link", "url:"): the address is gone before anything is read
(bot/knowledge/pasted.py), and the word naming it is no subject either
(bot/knowledge/tokens.py, ``FILLER``).

QA (held-out set 13, a Slack team lead): "link for context https://news.example.org/a/123
what's Gin's view on customers?" was refused for "link".
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.knowledge_frames import assert_answered_as_bare
from tests.test_knowledge_vocabulary import router

ASKED = (
    "what's Gin's view on customers?",
    "who is right?",
    "why does baker call it a terrible mistake?",
    "what does gin think?",
)
"""Questions asked bare and answered."""

FRAMES = (
    "link for context {url} {asked}",
    "link: {url} - {asked}",
    "{asked} (url: {url})",
    "links: {url} {url} {asked}",
    "{asked} link here {url}",
)
"""How a Slack user pastes and names a link around a question."""

URLS = st.builds(
    "https://{}.{}/{}".format,
    st.from_regex(r"[a-z]{1,12}", fullmatch=True),
    st.sampled_from(["com", "org", "news", "co.uk"]),
    st.from_regex(r"[a-z0-9/_-]{0,20}", fullmatch=True),
)


@given(st.sampled_from(ASKED), st.sampled_from(FRAMES), URLS)
@example(
    "what's Gin's view on customers?",
    "link for context {url} {asked}",
    "https://news.example.org/a/123",
)  # set 13
def test_a_named_link_is_answered_as_the_bare_question(asked: str, frame: str, url: str) -> None:
    assert_answered_as_bare(frame.format(asked=asked, url=url), asked)


def test_a_link_with_no_subject_of_the_debate_is_refused() -> None:
    assert router().answer("send me the link to the zoom").kind is Kind.NOTHING
