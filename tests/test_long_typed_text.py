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

from bot.knowledge.router import Kind
from bot.knowledge.vocabulary import QuestionWords
from tests.test_knowledge_vocabulary import router

LIMIT = 6000
"""Discord's limit on a command's options; Slack's 4,000 characters are fewer."""
FAR = 200_000
"""A length at which a reader in the square of it takes minutes, a linear one milliseconds."""


def test_a_word_longer_than_any_of_the_pack_is_no_typo_of_one() -> None:
    # Repair tried every deletion of up to two letters: a cube of the word's length.
    assert router().answer("x" * 4000).kind is Kind.NOTHING
    assert router().answer("x" * LIMIT, speaker="baker").kind is Kind.NOTHING
    assert QuestionWords(["what", "should"]).correct("w" * FAR) is None


def test_a_letter_before_a_run_of_number_words_is_no_name_said_aloud() -> None:
    # The run was read as one number, of thousands of digits: Python refused to write it
    # out (ValueError), and each word copied the rest of the question to look for one.
    assert router().answer("h " + "ten " * 2200).kind is Kind.NOTHING
    assert router().answer("a " * 30_000).kind is Kind.NOTHING
