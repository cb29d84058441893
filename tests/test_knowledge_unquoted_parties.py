"""A question for what a party the source names but never quotes said ("what did nvidia say
in response") is one the debate cannot answer.

QA (held-out set 7): "what did nvidia say in response" was answered with Baker's terrible
mistake, whose sentence names NVIDIA's chips, as if the article reported NVIDIA's reply. It
reports none: NVIDIA, China and the US are what the debate is about, not voices in it.
Asked about a subject ("what did nvidia say about china"), it has no words of theirs either:
that was answered with Baker's points, which name NVIDIA's chips and China (held-out set
11's brief), while "what did baker say about nvidia" asks a voice and is answered.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.router import Kind, Router
from tests.test_knowledge_dropped_pack import router as remote_work
from tests.test_knowledge_vocabulary import router


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("what did nvidia say in response", Kind.NOTHING, None),
        ("how did nvidia respond", Kind.NOTHING, None),
        ("so what did nvidia say about it", Kind.NOTHING, None),
        # a subject asked of them: still no words of theirs
        ("what did nvidia say about distillation", Kind.NOTHING, None),
        ("what did nvidia say about china", Kind.NOTHING, None),
        ("what did the us say about the chips", Kind.NOTHING, None),
        # a voice asked about a party: his words on it
        ("what did baker say about nvidia", Kind.POINTS, "baker-terrible-mistake"),
        # the voices of the debate, and the source itself, are quoted
        ("what did gin say in response", Kind.STANCE, None),
        ("how did baker respond", Kind.STANCE, None),
        ("what did the writer say", Kind.STANCE, None),
    ],
)
def test_what_a_party_said_is_answered_only_by_its_words(
    question: str, kind: Kind, first: str | None
) -> None:
    answer = router().answer(question)
    assert answer.kind is kind
    assert (answer.points[0].id if answer.points else None) == first


LEADS = st.sampled_from(["", "so ", "ok "])
ASKED = st.sampled_from(["what did", "how did", "what does", "how would", "what has"])
SAID = st.sampled_from(["say", "said", "respond", "reply", "react"])
AFTER = st.sampled_from(["", " in response", " about it", " back", " to that", "?"])


@given(LEADS, ASKED, st.sampled_from(["nvidia", "the us"]), SAID, AFTER)
def test_no_form_of_asking_what_nvidia_said_is_answered(
    lead: str, asked: str, party: str, said: str, after: str
) -> None:
    assert router().answer(f"{lead}{asked} {party} {said}{after}").kind is Kind.NOTHING


@given(LEADS, ASKED, st.sampled_from(["baker", "gin", "gavin baker"]), SAID, AFTER)
def test_every_form_of_asking_what_a_debater_said_is_answered(
    lead: str, asked: str, debater: str, said: str, after: str
) -> None:
    assert router().answer(f"{lead}{asked} {debater} {said}{after}").kind is not Kind.NOTHING


def subjects(router: Router) -> list[str]:
    """What a pack's debate is about, as people type it: its topics' titles and aliases."""
    return [t.title.lower() for t in router.pack.topics] + [
        alias for t in router.pack.topics for alias in t.aliases
    ]


@st.composite
def unquoted_asked_about(draw: st.DrawFn) -> tuple[Router, str, str]:
    """A pack's router, someone its source names but never quotes, and a subject of it:
    baker-vs-gin's parties (``setting:``, NVIDIA), remote-work's shops, offices and firms."""
    asked = draw(
        st.sampled_from(
            [
                (router(), ["nvidia", "the us", "china", "chinese", "american"]),
                (remote_work(), ["shops", "offices", "firms", "juniors", "cities"]),
            ]
        )
    )
    return asked[0], draw(st.sampled_from(asked[1])), draw(st.sampled_from(subjects(asked[0])))


@given(unquoted_asked_about(), LEADS, ASKED, SAID)
@example((router(), "nvidia", "china"), "", "what did", "say")
@example((remote_work(), "shops", "offices"), "", "what did", "say")
def test_what_an_unquoted_party_said_about_a_subject_is_refused(
    asked: tuple[Router, str, str], lead: str, verb: str, said: str
) -> None:
    pack_router, party, subject = asked
    question = f"{lead}{verb} {party} {said} about {subject}"
    assert pack_router.answer(question).kind is Kind.NOTHING


@given(st.sampled_from([router(), remote_work()]), st.data())
def test_what_a_debater_said_about_a_subject_is_still_searched(
    pack_router: Router, data: st.DataObject
) -> None:
    debater = data.draw(st.sampled_from(list(pack_router.pack.debaters)))
    subject = data.draw(st.sampled_from(subjects(pack_router)))
    answer = pack_router.answer(f"what did {debater.id} say about {subject}")
    assert answer.kind is not Kind.NOTHING or not pack_router.answer(f"{subject}").points
