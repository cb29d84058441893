"""A question for a name ("which robots", "what is it called", "who makes them") is answered
only by a point whose source sentences name something.

QA (held-out set 7): "which robots did gin say china builds", "which benchmarks does china
lose on", "which countries are eyeing sovereign ai" and "what is china's own ai chip called"
were answered with points that name none of them, as if the article did; "which chips didn't
china buy" led with Baker's self-imposed barrier, which names none of the chips.

QA (held-out sets 6, 7 and 8): "name the chips china makes itself", "who makes china's chips"
and "who makes china's indigenous chips" were answered with Baker's Blackwell, H200s and
P30s, the US chips China forgoes, named in the sentence that goes on to China's own.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.asked_names import asked_thing, names_in, owners_asked
from bot.knowledge.router import Kind
from bot.knowledge.tokens import stem
from tests.test_knowledge_vocabulary import assert_answer, router

#: Things a question may ask the names of, the article naming only the NVIDIA chips, Deep
#: Seek and O13 among them.
THINGS = st.sampled_from(
    """robots drones chips nvidia benchmarks countries nations models labs customers
    companies""".split()
)
VERBS = st.sampled_from(
    [
        "did gin say china builds",
        "does china lose on",
        "are there",
        "did baker name",
        "did china turn down",
        "are eyeing sovereign ai",
    ]
)


@given(
    st.sampled_from(
        [
            "which {} {}",
            "name the {} that {}",
            "name all the {} that {}",
            "name some of the {} that {}",
            "name a few {} that {}",
        ]
    ),
    THINGS,
    VERBS,
    st.sampled_from([None, "baker", "gin"]),
)
@example("which {} {}", "robots", "did gin say china builds", None)
# was read as asking the names of "the", and answered with Gin's robotics and drones
@example("name all the {} that {}", "robots", "did gin say china builds", None)
@example("which {} {}", "chips", "did china turn down", None)
def test_a_name_asked_for_is_answered_only_with_a_name(
    form: str, thing: str, verb: str, speaker: str | None
) -> None:
    question = form.format(thing, verb)
    assert asked_thing(question) == stem(thing)
    answer = router().answer(question, speaker)
    for point in answer.points:
        assert names_in(point.evidence, router()._not_names, stem(thing)), point.id


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("which robots did gin say china builds", Kind.NOTHING, None),
        ("which benchmarks does china lose on", Kind.NOTHING, None),
        ("which countries are eyeing sovereign ai", Kind.NOTHING, None),
        ("what is china's own ai chip called", Kind.NOTHING, None),
        ("name the chips china makes itself", Kind.NOTHING, None),
        ("who makes china's chips", Kind.NOTHING, None),
        ("who makes china's indigenous chips", Kind.NOTHING, None),
        # the maker of the chips the article does name, and those it names as NVIDIA's
        ("who makes the blackwell", Kind.POINTS, "baker-terrible-mistake"),
        ("which chips does nvidia make", Kind.POINTS, "baker-terrible-mistake"),
        ("name the chips made by nvidia", Kind.POINTS, "baker-terrible-mistake"),
        # QA (today's review): "all the" was no opening; points naming no chip followed
        ("name all the chips nvidia makes", Kind.POINTS, "baker-terrible-mistake"),
        # the maker after the verb: answered with Baker's US chips, as made in China
        ("which chips are made in china", Kind.NOTHING, None),
        ("which chips are built by china", Kind.NOTHING, None),
        ("which chips did baker say china makes", Kind.NOTHING, None),
        # the names the article does give
        ("which nvidia chips did china turn down", Kind.POINTS, "baker-terrible-mistake"),
        ("which chips didn't china buy", Kind.POINTS, "baker-terrible-mistake"),
        ("which model was deep seek distilled from", Kind.POINTS, "baker-distillation-impressive"),
        # no name asked: a choice, an order, an alternative
        ("which model should a founder pick", Kind.POINTS, "gin-good-enough-at-scale"),
        ("which came first, the 80% capability or adoption", Kind.POINTS, "gin-80-percent"),
        ("which of gin's claims does the author agree with", Kind.SYNTHESIS, None),
        ("which matters more, raw compute or integration", Kind.POINTS, None),
    ],
)
def test_names_asked_for(question: str, kind: Kind, first: str | None) -> None:
    assert_answer(question, kind, first)


@given(
    st.sampled_from(
        [
            "who makes china's {}",
            "name the {} china makes itself",
            "which {} does china make itself",
            "who builds china's indigenous {}",
            "which {} are made in china",
            "name the {} built by china",
            "which {} are produced in china",
            "which {} did baker say china makes",
        ]
    ),
    THINGS,
    st.sampled_from([None, "baker", "gin"]),
)
@example("name the {} china makes itself", "chips", None)
@example("who makes china's {}", "chips", None)
@example("which {} are made in china", "chips", None)  # Baker's US chips, as China's
@example("which {} did baker say china makes", "chips", None)
def test_what_china_makes_itself_is_named_nowhere(
    form: str, thing: str, speaker: str | None
) -> None:
    """The article names no thing of China's own making: only the US chips it forgoes."""
    assert router().answer(form.format(thing), speaker).kind is Kind.NOTHING


@given(THINGS, st.sampled_from(["more", "most", "less", "better"]))
@example("matters", "more")
def test_a_comparison_asks_for_no_name(thing: str, comparative: str) -> None:
    """QA (held-out set 8): "which matters more, raw compute or integration" was refused as
    a question for the names of some "matters"."""
    assert asked_thing(f"which {thing} {comparative} raw compute or integration") is None


def test_names_are_read_after_the_thing_the_question_qualifies() -> None:
    sentence = (
        "Baker argues China rejected advanced US chips like Blackwell and H200s, "
        "believing their indigenous chips are insufficient."
    )
    not_names = router()._not_names
    owners = owners_asked("who makes chinas indigenous chips", "chip")
    assert owners == {"china", "indigen"}
    assert names_in([sentence], not_names, "chip", owners) == []
    nvidia = owners_asked("which chips does nvidia make", "chip")
    assert names_in([sentence + " Also US chips like Rubin."], not_names, "chip", nvidia) == []
    assert names_in([sentence], not_names, "chip") == [
        "Blackwell",
        "H200s",
    ]
    assert owners_asked("which chips did china turn down", "chip") == frozenset()


def test_names_are_words_written_as_names_but_the_speakers_and_the_parties() -> None:
    not_names = router()._not_names
    sentence = (
        "Investor Gavin Baker argues China made a \u201cterrible mistake\u201d rejecting "
        "advanced US chips like Blackwell, H200s, and P30s. Gin pointed to China's AI."
    )
    assert names_in([sentence], not_names, "chip") == ["Blackwell", "H200s", "P30s"]
    assert names_in([sentence], not_names, "robot") == []


@given(
    st.sampled_from(["funds", "funded", "finances", "financed", "bankrolls", "sponsors"]),
    st.sampled_from(["the chinese ai labs", "deep seek", "china's chip industry", "the labs"]),
    st.sampled_from(["", "so ", "ok "]),
    st.sampled_from([None, "baker", "gin"]),
)
@example("funds", "the chinese ai labs", "", None)  # held-out set 10: the labs' points
def test_who_funds_something_is_named_nowhere(
    verb: str, what: str, lead: str, speaker: str | None
) -> None:
    """ "who funds the chinese ai labs" was answered with Baker's and Gin's points on the
    labs' distillation, none of which says who pays for anything: the article names no
    funder, as it names no maker of China's chips."""
    assert router().answer(f"{lead}who {verb} {what}", speaker).kind is Kind.NOTHING


def test_a_funder_is_named_only_where_the_source_speaks_of_funding() -> None:
    """The rule reads the sentences, not this pack: a source that names a funder answers."""
    funded = "Chinese labs such as Deep Seek are funded by High-Flyer."
    thing = asked_thing("who funds the chinese ai labs")
    assert thing == "fund"
    assert names_in([funded], router()._not_names, thing) == ["Deep", "Seek", "High-Flyer"]
    assert names_in(["Chinese labs such as Deep Seek distil."], router()._not_names, thing) == []


@pytest.mark.parametrize(
    "question",
    ["who backs the idea that china made a mistake", "who makes the blackwell"],
)
def test_who_holds_a_view_or_makes_a_named_thing_is_still_answered(question: str) -> None:
    assert router().answer(question).kind is Kind.POINTS


@given(
    st.sampled_from(["what's {}'s {} {}", "whats the name of {}'s {} {}", "which is {}'s {} {}"]),
    st.sampled_from(["china", "China"]),
    st.sampled_from(["best", "top", "fastest", "most advanced", "flagship"]),
    st.sampled_from(["chip", "chips", "ai chip", "model"]),
)
@example("what's {}'s {} {}", "china", "best", "chip")  # Baker's US chips, as China's best
@example("whats the name of {}'s {} {}", "china", "best", "ai chip")  # held-out set 8
def test_which_of_a_partys_things_is_its_best_asks_a_name(
    frame: str, party: str, best: str, thing: str
) -> None:
    """ "what's china's best chip" was answered with Baker's terrible mistake, which names
    Blackwell, H200s and P30s, the US chips China forgoes, and "what's the name of china's
    best ai chip" with Gin's customers: the article names no chip of China's. Which of a
    party's things is its best asks one by name, where the source names things of the kind;
    of a kind it names none of, the points answer as before."""
    assert router().answer(frame.format(party, best, thing)).kind is Kind.NOTHING
    assert router().answer(frame.format(party, "best", "strategy")).kind is Kind.POINTS


@given(
    st.sampled_from(["which {} {} is the {}", "which {} {} is {}", "which {} {} are the {}"]),
    st.sampled_from(["american", "American", "us"]),
    st.sampled_from(["model", "models", "ai model"]),
    st.sampled_from(["best", "top", "fastest", "most advanced"]),
)
@example("which {} {} is the {}", "american", "model", "best")  # held-out set 8
def test_which_of_a_partys_things_is_best_asked_with_which_asks_a_name(
    frame: str, party: str, thing: str, best: str
) -> None:
    """ "which american model is the best" was read as asking the names of some "american",
    and answered with Baker's gap, whose sentence names no American model: the source
    names Deep Seek and O13, neither as America's (Deep Seek is the Chinese labs', so
    "which chinese model is the best" is answered with the point that names it, as "which
    us chip is the best" is with Baker's Blackwell, H200s and P30s)."""
    assert router().answer(frame.format(party, thing, best)).kind is Kind.NOTHING


@given(
    st.sampled_from(["what is the name of {}", "whats the names of {}", "name of {}?"]),
    st.sampled_from(
        ["the american closed-source giants", "the closed source giants", "american giants"]
    ),
)
@example("what is the name of {}", "the american closed-source giants")  # held-out set 9
def test_the_names_of_things_the_source_never_names_are_refused(frame: str, things: str) -> None:
    """ "what is the name of the american closed-source giants" was answered with Baker's
    gap, which calls them that and names none."""
    assert router().answer(frame.format(things)).kind is Kind.NOTHING


@pytest.mark.parametrize(
    "question",
    [
        "what are the names of the chips china rejected",
        "what are the names of the nvidia chips",
        "name of the model deep seek came from",
    ],
)
def test_the_names_of_things_the_source_names_are_still_answered(question: str) -> None:
    assert router().answer(question).kind is Kind.POINTS
