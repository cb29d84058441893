"""Invited questions ("tl;dr", "who is right", "what should we do") as held-out set 6's
askers put them: to one speaker, dictated, in a debate coach's or a thread's words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import router

SHORT_FORMS = ["tl;dr", "in one sentence please", "the quick version", "sum it up", "gist?"]


@given(st.sampled_from(SHORT_FORMS), st.sampled_from(["baker", "gin", "article"]))
def test_the_short_version_asked_of_a_speaker_is_their_stance(asked: str, speaker: str) -> None:
    """QA (held-out set 6): "/baker in one sentence please" and "/gin the quick version"
    answered with both sides' summary: a question put to one speaker, answered for two.
    Their stance is their side in brief. Asked of the whole debate, it stays the summary."""
    answer = router().answer(asked, speaker=speaker)
    assert answer.kind is Kind.STANCE and answer.speaker == speaker
    assert router().answer(asked).kind is Kind.SUMMARY
