"""Suggestions (autocomplete choices) fit Discord's 100 characters the way the bot clips any
text: between words or graphemes, with an ellipsis, a right-to-left question's isolate kept
closed. End to end through FakeDiscord, which refuses choices past Discord's limits."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bot.adapters.discord.commands import CHOICE_LIMIT, choice_name
from bot.app import BotApp
from bot.core.chunks import WORD_REACH
from bot.core.sanitize import FIRST_STRONG_ISOLATE, POP_ISOLATE, isolated, without_isolates
from tests.discord_fake import FakeDiscord
from tests.test_discord_e2e import create_poll, suggested

#: What people see as one character, each several code points but the first: a letter and
#: its accent, a thumb with its skin tone, a family joined by zero-width joiners, a heart
#: with its emoji variation selector, a flag's two regional letters, Hebrew with a vowel,
#: a Devanagari conjunct (two consonants joined by a virama).
GRAPHEMES = [
    "a",
    "e\u0301",
    "👍🏽",
    "👨\u200d👩\u200d👧",
    "❤\ufe0f",
    "🇫🇷",
    "ש\u05b8",
    "字",
    "क\u094dष",
]


async def test_a_long_hebrew_questions_suggestion_is_clipped_between_words_and_isolated(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """A 200-character Hebrew question: /results' poll field suggested `#1 ⁨…` sliced at
    100 characters, mid-word, with no ellipsis and without the isolate's closing pop, so
    the rest of Discord's line laid out inside it. It now ends with whole words, `…` and
    the pop."""
    words = [f"מילה{n}" for n in range(40)]
    question = " ".join(words) + "?"
    labels = {"question": question, "options": "כן | לא"}
    poll_id, _, _ = await create_poll(fake, discord_bot, labels)
    [choice] = await suggested(fake, "results", "poll", "")
    name = choice["name"]
    assert choice["value"] == poll_id
    assert len(name) <= CHOICE_LIMIT
    assert name.startswith(f"#{poll_id} {FIRST_STRONG_ISOLATE}")
    assert name.endswith(f"…{POP_ISOLATE}")
    kept = name.removeprefix(f"#{poll_id} {FIRST_STRONG_ISOLATE}").removesuffix(f"…{POP_ISOLATE}")
    assert kept.split(" ") == words[: len(kept.split(" "))]


async def test_a_suggestion_of_emoji_is_cut_between_them(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """A question of family emoji (five code points each) lost half an emoji at the cut."""
    family = "👨\u200d👩\u200d👧"
    labels = {"question": family * 50, "options": "A | B"}
    poll_id, _, _ = await create_poll(fake, discord_bot, labels)
    [choice] = await suggested(fake, "results", "poll", "")
    assert choice["name"] == f"#{poll_id} {family * 19}…"


@given(st.lists(st.text("abcשלום字é", min_size=1, max_size=WORD_REACH - 1), max_size=40))
@example(["word"] * 30)
def test_a_clipped_name_keeps_whole_words(words: list[str]) -> None:
    """Whatever the words (each shorter than the reach a cut looks back for a space), a
    name clipped to Discord's limit keeps the first words whole, then `…`."""
    name = " ".join(words)
    clipped = choice_name(name)
    assert len(clipped) <= CHOICE_LIMIT
    if len(name) <= CHOICE_LIMIT:
        assert clipped == name
        return
    kept = clipped.removesuffix("…").split(" ")
    assert clipped.endswith("…") and kept == words[: len(kept)]


@given(st.text("#12 ", max_size=4), st.lists(st.sampled_from(GRAPHEMES), max_size=120))
@example("", ["👨\u200d👩\u200d👧"] * 30)
@example("", ["a"] * 97 + ["क\u094dष", "a"])  # the cut falls right after the virama
@example("", ["ש\u05b8"] * 50)  # fits once its isolates are left off (`clip`'s rule)
def test_a_clipped_name_keeps_whole_graphemes(prefix: str, graphemes: list[str]) -> None:
    """A name of graphemes without spaces to cut at is cut after a whole one, never inside;
    one holding right-to-left letters (isolated, as the bot shows a question) keeps its
    isolate closed, or, when the isolates alone push it past the limit, is shown whole
    without them (`clip`)."""
    name = prefix + isolated("".join(graphemes))
    clipped = choice_name(name)
    assert len(clipped) <= CHOICE_LIMIT
    assert clipped.count(FIRST_STRONG_ISOLATE) == clipped.count(POP_ISOLATE)
    if len(name) <= CHOICE_LIMIT:
        assert clipped == name
        return
    if clipped == without_isolates(name):
        assert len(clipped) == len(name) - 2  # nothing cut: only the isolates left off
        return
    shown = without_isolates(clipped).removeprefix(prefix.rstrip())
    assert shown.endswith("…")
    kept = shown.removesuffix("…").lstrip(" ")
    whole = ["".join(graphemes[:n]) for n in range(len(graphemes) + 1)]
    assert kept in whole
