"""What people type is read in time linear in its length, up to the platforms' limits.

Slack sends up to 4,000 characters of a slash command's text and Discord up to 6,000 of a
command's options, and each reader of a question or a vote (mentions, handles, pasted
links, courtesies, typo repair, speaker names, a poll's lists) runs on the event loop. A
reader that scans the text again from every place a match could start takes time in the
square of its length, and one built on every deletion of a word in its cube: "x" * 400 took
eleven seconds to be refused, "gin " * 1,500 (Discord's limit) almost three.

The worst input found for each reader is run here at a length where the old reading took
minutes or hours and a linear one takes well under a second: without its fix the test
hangs, and no test measures time.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from bot.core.errors import UserError
from bot.knowledge.evaluation import OFF_TOPIC, Case
from bot.knowledge.handles import without_copy_ins
from bot.knowledge.pasted import unpasted
from bot.knowledge.router import Kind
from bot.knowledge.tokens import words
from bot.knowledge.typed_commands import without_command_line
from bot.knowledge.vocabulary import QuestionWords
from bot.polls.model import MAX_OPTIONS, MIN_OPTIONS, PollDraft
from tests.test_knowledge_vocabulary import pack, router
from tests.test_polls_options import poll_of

LIMIT = 6000
"""Discord's limit on a command's options; Slack's 4,000 characters are fewer."""
FAR = 200_000
"""A length at which a reader in the square of it takes minutes, a linear one milliseconds."""


def test_a_word_longer_than_any_of_the_pack_is_no_typo_of_one() -> None:
    # Repair tried every deletion of up to two letters: a cube of the word's length.
    assert router().answer("x" * 4000).kind is Kind.NOTHING
    assert router().answer("x" * LIMIT, speaker="baker").kind is Kind.NOTHING
    assert QuestionWords(["what", "should"]).correct("w" * FAR) is None


def test_a_command_and_field_name_are_looked_for_at_the_start_only() -> None:
    # Read from the start alone: a long name or a long run of spaces after one is read once.
    assert without_command_line("/" + "a" * FAR + "!", lambda _: False) == "/" + "a" * FAR + "!"
    assert without_command_line("topic" + " " * FAR + "x", lambda _: False).endswith("x")
    assert without_command_line("--topic" + " " * FAR + "x", lambda _: False) == "x"
    assert router().answer("/debate " + "topic: " * 3000).kind is Kind.NOTHING


def test_a_run_of_speaker_names_is_read_name_by_name() -> None:
    # Each name copied and searched all the text before it, and counted the words there.
    answer = router().answer("gin " * 30_000)
    assert (answer.kind, answer.speaker) == (Kind.STANCE, "gin")


def test_a_letter_before_a_run_of_number_words_is_no_name_said_aloud() -> None:
    # The run was read as one number, of thousands of digits: Python refused to write it
    # out (ValueError), and each word copied the rest of the question to look for one.
    assert router().answer("h " + "ten " * 2200).kind is Kind.NOTHING
    assert router().answer("a " * 30_000).kind is Kind.NOTHING


def test_a_run_of_dots_after_cc_copies_no_one_in() -> None:
    # From every "cc" the look for an address's "@" ran to the end of the text.
    run = "cc." * (FAR // 3)
    assert without_copy_ins(f"{run} cc bob@corp.com") == f"{run}  bob@corp.com"


def test_a_run_of_brackets_or_a_colon_before_a_long_word_is_no_link_or_emoji() -> None:
    # From every "[" the search for a Markdown link's "](" ran to the end of the line, and
    # a shortcode's name could end its first part at any of its letters.
    run = "[" * FAR
    assert words(unpasted(f"[drones](https://x.com/a) {run}")) == ["drones"]
    long_word = "a" * FAR
    assert words(unpasted(f":{long_word} :wave: drones")) == [long_word, "drones"]


def test_options_voted_for_with_a_long_run_of_spaces_between_are_each_read() -> None:
    # The list separators' pattern started with spaces, so each space of the run was a
    # start from which the rest of the run was read again.
    poll = replace(poll_of("Pizza | Sushi | Tacos"), multi=True)
    assert poll.find_options("1" + " " * FAR + "3") == (1, 3)


#: Pieces that almost make a token, a handle, a link, an emoji, a courtesy, a chat spelling,
#: a list or a speaker's name: repeated, each is a run some reader tries from every place.
ATOMS = st.sampled_from(
    ["<", "<@", "<@U1|", "<#C1|", "<!", "<t:1", "</", "<:a", "|", "||", "||a", ":", ":a",
     "@", "@a.", "#a-", "[", "[a](", "](http://", "~", "~a", "```", "cc.", "cc ", "fyi ",
     "a@", "w/", "w/o", "hi ", "good morning ", "hope you are ", "thank you ", "period ",
     "and ", " or ", ",", " ", "\t", "\u3000", "a", "x", "1", "1h ", "#1 ", "question:",
     '"', "\\", "?", "baker ", "gin's ", "respond to ", "how many ", "deep seek ", "é",
     "\u0301", "\n"]
)  # fmt: skip
RUNS = st.builds(
    lambda pieces, length: "".join(pieces) * length,
    st.lists(ATOMS | st.text(max_size=3), min_size=1, max_size=3),
    st.integers(1, LIMIT),
)
TYPED = st.one_of(
    st.text(max_size=LIMIT),
    RUNS.map(lambda run: run[:LIMIT]),
    st.builds(lambda first, second: (first + second)[:LIMIT], RUNS, RUNS),
)
"""Text up to the platforms' limit, mostly long runs of what readers almost read."""


@given(TYPED, st.sampled_from(["ask", "debate", "baker", "gin"]))
def test_any_question_up_to_the_limit_is_answered_from_the_pack_or_refused(
    text: str, command: str
) -> None:
    answer = Case(command, text, (OFF_TOPIC,), 0).ask(router())
    assert set(answer.points) <= set(pack().points)
    assert bool(answer.points) == (answer.kind in (Kind.POINTS, Kind.OTHER_SIDE))


@given(TYPED)
def test_any_vote_up_to_the_limit_names_options_or_is_refused(text: str) -> None:
    poll = replace(poll_of("Gavin Baker | Aaron Gin | <#C1|dev, ops> | 2 and 3"), multi=True)
    try:
        found = poll.find_options(text)
    except UserError as error:
        assert error.message
    else:
        assert found and set(found) <= {1, 2, 3, 4} and len(set(found)) == len(found)


@given(TYPED, TYPED)
def test_any_poll_typed_up_to_the_limit_is_made_or_refused(question: str, options: str) -> None:
    try:
        draft = PollDraft.custom(question, options)
    except UserError as error:
        assert error.message
    else:
        assert MIN_OPTIONS <= len(draft.options) <= MAX_OPTIONS
