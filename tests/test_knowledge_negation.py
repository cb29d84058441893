"""Negated questions: what someone does not do, answered by what the source says they do not.

QA (held-out set 9): "what does gin NOT worry about" got Gin's stance and "what is china not
trying to do" was refused: the negation was all they asked, and "not" is no subject. The
source says what is not done in negated sentences ("China's aim isn't to beat the US", "it
doesn't matter"), which now answer.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge.negation import Denial, asked_denial, says_in_the_negative
from bot.knowledge.router import Kind
from tests.test_knowledge_vocabulary import assert_answer, router

DEEDS = {
    "does": ["worry about", "try to do", "focus on", "aim for", "fret about"],
    "is": ["worried about", "trying to do", "doing", "focusing on", "aiming for", "fretting about"],
}
"""Deeds a question may ask are not done, after "does" or "is" and its negation ("care" is
a word of the pack's, Gin's "customers care", and is searched as ever)."""
NEGATIONS = ["not", "NOT", "Not", "n't"]
"""How the auxiliary is negated as typed: "does not", "does NOT", "doesn't"."""
ASKED = {
    # whoever is asked, the points that say in the negative what is not done
    "gin": {"gin-not-chasing-benchmarks", "gin-customers-care", "gin-does-it-matter"},
    "aaron gin": {"gin-not-chasing-benchmarks", "gin-customers-care", "gin-does-it-matter"},
    "china": {"gin-not-chasing-benchmarks", "gin-does-it-matter"},
}
OFF_TOPIC = ["the office", "my landlord", "the team", "our manager"]
OFF_SUBJECTS = ["parking", "the printer", "lunch orders", "the holiday rota"]


def _asked_not(auxiliary: str, negation: str, asked: str, deed: str) -> str:
    """ "what does gin not worry about", or with the negation contracted, "what doesn't gin
    worry about"."""
    if negation == "n't":
        return f"what {auxiliary}n't {asked} {deed}"
    return f"what {auxiliary} {asked} {negation} {deed}"


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("what does gin NOT worry about", ASKED["gin"]),  # held-out set 9
        ("what is china not trying to do", ASKED["china"]),  # held-out set 9
        ("what isn't gin focusing on", ASKED["gin"]),
        ("is there anything gin doesn't worry about", ASKED["gin"]),
        # a denied belief is answered by a sentence denying one, not an aim
        ("what doesn't gin think", "gin-deliberate-pivot"),
    ],
)
def test_a_negated_question_gets_the_point_that_says_it_in_the_negative(
    question: str, first: str | set[str]
) -> None:
    assert_answer(question, Kind.POINTS, first)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("what is the office not doing about parking", Kind.NOTHING),
        ("why not?", Kind.NOTHING),
        # the US is not the one the source says does not do anything
        ("what is the us not trying to do", Kind.NOTHING),
        # asks whether, not what: "isn't" is a judgement's tag (held-out set 2)
        ("but isn't that just cope from gin", Kind.STANCE),
        # no one stands by the negation: it denies nothing of anyone, and reads as "what
        # biggest" (a draw of test_knowledge_routing's property)
        ("what doesn't biggest", Kind.NOTHING),
    ],
)
def test_a_negation_without_what_the_source_denies_is_not_answered_by_it(
    question: str, kind: Kind
) -> None:
    assert router().answer(question).kind is kind


@given(
    st.sampled_from(sorted(ASKED)),
    st.sampled_from([(aux, deed) for aux, deeds in DEEDS.items() for deed in deeds]),
    st.sampled_from(NEGATIONS),
    st.sampled_from(["", "?", " ?"]),
)
@example("gin", ("does", "worry about"), "NOT", "")  # held-out set 9
@example("china", ("is", "trying to do"), "not", "")  # held-out set 9
@example("china", ("does", "worry about"), "n't", "?")  # "china" names no speaker
def test_what_someone_does_not_do_is_what_the_source_says_they_do_not(
    asked: str, negated: tuple[str, str], negation: str, mark: str
) -> None:
    """Whoever is asked and however the negation is typed, the answer is led by a point
    the source says it in the negative for, and every point answering is the asked
    speaker's and says something in the negative."""
    auxiliary, deed = negated
    question = _asked_not(auxiliary, negation, asked, deed) + mark
    answer = router().answer(question)
    assert answer.kind is Kind.POINTS, question
    assert answer.points[0].id in ASKED[asked], question
    assert answer.speaker == (None if asked == "china" else "gin"), question
    assert all(says_in_the_negative(p, Denial.DEED) for p in answer.points), question


@given(
    st.sampled_from(OFF_TOPIC),
    st.sampled_from(OFF_SUBJECTS),
    st.sampled_from(["not doing about", "NOT doing about", "doing nothing about"]),
    st.sampled_from(["is", "are"]),
)
@example("the office", "parking", "not doing about", "is")  # the brief's look-alike
def test_an_off_topic_negation_stays_refused(
    who: str, subject: str, negated: str, auxiliary: str
) -> None:
    question = f"what {auxiliary} {who} {negated} {subject}"
    assert router().answer(question).kind is Kind.NOTHING, question


#: Deeds and beliefs a question may ask are not done or held, after "does" (Baker's too).
DENIED_OF_BAKER = [("does", deed) for deed in (*DEEDS["does"], "think", "believe", "accept")]


@given(
    st.sampled_from(["baker", "gavin baker", "Baker", "BAKER"]),
    st.sampled_from([*DENIED_OF_BAKER, *(("is", deed) for deed in DEEDS["is"])]),
    st.sampled_from(NEGATIONS),
)
@example("baker", ("does", "worry about"), "not")  # was his stance
@example("gavin baker", ("is", "worried about"), "not")  # was his stance
@example("baker", ("does", "think"), "n't")  # was his stance
def test_one_the_source_never_quotes_in_the_negative_has_nothing_on_it(
    name: str, negated: tuple[str, str], negation: str
) -> None:
    """The source says nothing in the negative of Baker: "what does baker not worry about"
    got his stance, what he *does* say, as if it were what he does not; the honest answer
    is that he says nothing on it."""
    question = _asked_not(*negated[:1], negation, name, negated[1])
    answer = router().answer(question)
    assert answer.kind is Kind.NOTHING, question
    assert answer.speaker == "baker", question


@given(
    st.sampled_from(["baker", "gin", "aaron gin", "Gavin Baker"]),
    st.sampled_from(["say", "mention", "talk about", "claim", "argue", "discuss"]),
    st.sampled_from(NEGATIONS),
)
@example("baker", "say", "n't")  # "what didn't baker say": was his stance
@example("gin", "talk about", "n't")  # was his stance
def test_what_a_speaker_did_not_say_is_nothing_the_source_shows(
    name: str, verb: str, negation: str
) -> None:
    """The source quotes what was said; what was not, it cannot show, and a speaker's
    stance is no answer to what he left unsaid."""
    question = _asked_not("did", negation, name, verb)
    assert router().answer(question).kind is Kind.NOTHING, question


@given(
    st.sampled_from(["you", "You"]),
    st.sampled_from([("do", deed) for deed in DEEDS["does"]] + [("are", d) for d in DEEDS["is"]]),
    st.sampled_from(NEGATIONS),
)
@example("you", ("do", "worry about"), "n't")  # /baker: was his stance
def test_you_under_a_speakers_command_is_that_speaker_denied(
    you: str, negated: tuple[str, str], negation: str
) -> None:
    """ "/gin what don't you worry about" is asked of Gin, and answered with what he says
    in the negative; "/baker ..." of Baker, who has nothing so said."""
    question = _asked_not(negated[0], negation, you, negated[1])
    gin, baker = router().answer(question, "gin"), router().answer(question, "baker")
    assert gin.kind is Kind.POINTS and gin.speaker == "gin", question
    assert all(says_in_the_negative(p, Denial.DEED) for p in gin.points), question
    assert baker.kind is Kind.NOTHING and baker.speaker == "baker", question


def _parties() -> frozenset[str]:
    """The stems the router reads as a speaker or a party (`Router._not_names`)."""
    return router()._not_names


@given(
    st.sampled_from(["i", "I", "we", "We", "you"]),
    st.sampled_from(["do", "did", "am", "are", "can", "should"]),
    st.sampled_from(NEGATIONS),
    st.sampled_from(["doing", "understand", "get", "worry about", "focus on", "know"]),
)
@example("i", "am", "not", "doing")  # got Gin's benchmarks, as if the asker were Gin
@example("we", "are", "not", "doing")
@example("i", "do", "n't", "get")
@example("you", "do", "n't", "know")  # asked with /ask, "you" is the bot
def test_the_askers_own_negation_denies_nothing_of_the_debate(
    asker: str, auxiliary: str, negation: str, deed: str
) -> None:
    """ "what am i not doing" asks of the asker (and "what don't you know", with /ask, of
    the bot), of whom the source says nothing: no point that says something in the
    negative of China or Gin answers it as if it were theirs."""
    question = _asked_not(auxiliary, negation, asker, deed)
    assert asked_denial(router().spelled(question), _parties()) is None, question


@pytest.mark.parametrize(
    "question", ["what am i not doing", "what do i not understand", "what are we not doing"]
)
def test_the_askers_own_negated_question_is_refused(question: str) -> None:
    """They were answered with Gin's "China's aim isn't to beat the US" and his customers."""
    assert router().answer(question).kind is Kind.NOTHING


@given(
    st.sampled_from(["gin", "china", "aaron gin"]),
    st.sampled_from([(aux, deed) for aux, deeds in DEEDS.items() for deed in deeds]),
    st.sampled_from(["n't {who} not", " {who} not not", " {who} never not", " {who} not never"]),
)
@example("gin", ("does", "worry about"), "n't {who} not")  # got what he does not worry about
def test_a_double_negation_asks_no_denial(asked: str, negated: tuple[str, str], twice: str) -> None:
    """ "what doesn't gin not worry about" asks what he does worry about: it was answered
    with the points saying what he does not."""
    auxiliary, deed = negated
    question = f"what {auxiliary}{twice.format(who=asked)} {deed}"
    assert asked_denial(router().spelled(question), _parties()) is None, question


def test_a_double_negation_is_not_answered_with_the_negative() -> None:
    answer = router().answer("what doesn't gin not worry about")
    assert (answer.kind, answer.speaker) == (Kind.STANCE, "gin")


@given(
    st.sampled_from(["the author", "the article", "the writer", "The Author"]),
    st.sampled_from(["n't", "not", "never"]),
    st.sampled_from(["say", "mention", "cover", "think", "believe", "accept"]),
)
@example("the article", "not", "say")  # got the article's stance
@example("the author", "n't", "think")  # "doesn't the author": was the article's stance
def test_what_the_author_does_not_say_or_hold_is_nothing_the_source_shows(
    author: str, negation: str, verb: str
) -> None:
    """The analysis voice, as readers name it, is asked as a debater is: "what does the
    article not say" got its stance, what it does say; it has nothing so said."""
    question = (
        f"what doesn't {author} {verb}"
        if negation == "n't"
        else f"what does {author} {negation} {verb}"
    )
    answer = router().answer(question)
    assert (answer.kind, answer.speaker) == (Kind.NOTHING, "article"), question


def test_what_the_author_does_not_worry_about_is_the_authors_negative() -> None:
    """ "Most everyday applications … don't require the most powerful AI model"."""
    answer = router().answer("what does the author not worry about")
    assert answer.kind is Kind.POINTS and answer.speaker == "article"
    assert all(says_in_the_negative(p, Denial.DEED) for p in answer.points)
