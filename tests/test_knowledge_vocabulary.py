"""The query side fed by users: normalising, tokenising, typo repair, synonyms, intents.

Property tests (hypothesis) cover what any text must satisfy; examples pin the decisions.
"""

from __future__ import annotations

import re
import string
from functools import cache

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.knowledge import Pack, Searcher, default_pack_dir, load_pack
from bot.knowledge.intents import Intent, IntentMatcher
from bot.knowledge.router import Kind, Router
from bot.knowledge.tokens import (
    FILLER,
    SHORTHAND,
    american,
    is_filler,
    normalise,
    stem,
    tokenize,
    words,
    written_out,
)
from bot.knowledge.vocabulary import TWO_EDITS_LENGTH, QuestionWords, Vocabulary


@cache
def pack() -> Pack:
    return load_pack(default_pack_dir())


@cache
def router() -> Router:
    return Router(pack(), Searcher(pack()))


@cache
def pack_words() -> tuple[str, ...]:
    """Words of the points, which typo repair repairs towards, of a length it repairs."""
    texts = [text for p in pack().points for text in (p.claim, *p.keywords)]
    return tuple(sorted({w for text in texts for w in words(text) if len(w) >= 5}))


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@given(st.text(st.characters(max_codepoint=127)))
def test_normalise_reads_ascii_as_it_reads_any_text(text: str) -> None:
    # ASCII takes a short way (its lower case); an accented letter after it, the whole way
    assert normalise(text + "\u00c9") == normalise(text) + "e"


#: A slashed chat spelling ending in a letter with another glued on ("w/ow/", "b/cw/o").
#: The second follows a letter, so it is part of a word and left as typed, but writing out
#: the first puts a space after it, which frees the second for a next pass.
_GLUED_SLASHED = re.compile(
    "(?:"
    + "|".join(re.escape(k) for k in SHORTHAND if "/" in k and k[-1].isalpha())
    + ")(?="
    + "|".join(re.escape(k) for k in SHORTHAND if "/" in k)
    + ")",
    re.IGNORECASE,
)


@given(st.text(alphabet="wWoObBcC/ x", max_size=30) | st.text())
@example("W/OW/")  # drawn: " without W/" once, " without  with " twice
def test_writing_out_chat_spellings_is_idempotent(text: str) -> None:
    """Chat spellings are fed by users: never raise, and "w/o" is "without" whatever follows.
    Writing out twice is writing out once, but for spellings glued together
    (`_GLUED_SLASHED`): nonsense nobody types, and the router writes out once."""
    once = written_out(text)
    if not _GLUED_SLASHED.search(text):
        assert written_out(once) == once
    assert words(written_out(f"chips w/o {text}"))[:2] == ["chips", "without"]


@given(st.text())
def test_tokens_are_single_lowercase_words(text: str) -> None:
    for token in tokenize(text):
        assert token and token == token.strip() and " " not in token
        assert token == normalise(token)


@given(st.text(alphabet=string.ascii_letters + " '’,.!?-", max_size=80))
def test_tokens_ignore_case_and_punctuation(text: str) -> None:
    assert tokenize(text.upper()) == tokenize(text.lower())
    assert tokenize(text) == tokenize(text.replace(",", " ").replace("!", " "))


@given(st.text(max_size=400))
def test_any_question_gets_an_answer_or_a_refusal(text: str) -> None:
    for speaker in (None, "baker", "gin"):
        answer = router().answer(text, speaker=speaker)
        assert answer.kind in Kind
        if answer.kind in (Kind.POINTS, Kind.OTHER_SIDE):
            assert 0 < len(answer.points) <= 3


@given(st.text(max_size=200))
def test_intents_never_raise(text: str) -> None:
    IntentMatcher({"summary": ("in brief",)}).recognise(text)


@given(st.sampled_from(sorted(FILLER)), st.sampled_from(["", "s", "ing", "ed"]))
def test_a_filler_word_with_an_ending_is_filler(word: str, ending: str) -> None:
    """ "what is baker thinking" asks as "what does baker think" does."""
    form = word[:-1] + ending if ending and word[-1] in "ey" else word + ending
    assert is_filler(form) or stem(form) != stem(word)


@given(st.from_regex(r"[a-z]{4,12}", fullmatch=True))
@example("positive")  # QA: cut to "posit", the stem of the filler word "position"
@example("positively")
@example("eyes")  # drawn: known, in the form "eyeing" a point uses, so no unknown subject
def test_a_word_the_pack_does_not_know_is_judged_as_typed(word: str) -> None:
    """A word of no filler's form is a subject, even where Snowball gives it a filler word's
    stem: "power of positive thinking" is a question about "positive" as well as "power",
    and the debate knows only one of the two. A word the pack knows in another form is no
    unknown subject: the stem a point uses ("eyeing": "eye") is known in any form typed,
    which `Vocabulary.knows` (the words as the pack writes them) does not say."""
    searcher = router().searcher
    vocabulary = searcher.vocabulary
    if is_filler(word) or vocabulary.knows(word) or vocabulary.repair(word):
        return
    if vocabulary.expand([stem(word)], [word]).known:
        return
    coverage, _ = searcher.coverage(f"the power of {word}")
    assert coverage.unknown and not coverage.on_topic


def test_plural_ings_nouns_keep_their_noun() -> None:
    """Snowball makes "toppings" "top", which matched "top every leaderboard"."""
    assert stem("toppings") == "topping" and stem("toppings") != stem("top")
    assert stem("findings") == "finding"
    assert stem("topping") == stem("top")  # the verb is still the verb
    assert tokenize("Drones, robots & H200s!") == ["drone", "robot", "h200s"]
    assert words("It doesn’t matter") == ["it", "doesnt", "matter"]


def test_typos_are_repaired_only_towards_the_packs_words() -> None:
    vocabulary = Vocabulary(["distillation", "benchmarks", "drones", "plane", "planes"], {})
    assert vocabulary.repair("distilation") == "distillation"  # one edit
    assert vocabulary.repair("dsitillatoin") == "distillation"  # two, in a long word
    assert vocabulary.repair("bencmarks") == "benchmarks"
    assert vocabulary.repair("plan") is None  # short words are too easy to "repair"
    assert vocabulary.repair("xistillation") is None  # typos rarely hit the first letter
    assert vocabulary.repair("guacamole") is None


def test_a_correctly_spelled_short_word_is_not_repaired_into_a_pack_word() -> None:
    """One changed letter turns many short English words into others: "poker" once became
    the pack's "power" and answered a poker question with Gin's "dirty power" point."""
    vocabulary = Vocabulary(["power", "sovereign", "strategy", "distillation"], {})
    assert vocabulary.repair("poker") is None  # a changed letter
    assert vocabulary.repair("powr") is None  # under five letters: never
    assert vocabulary.repair("pwoer") == "power"  # a swap is a slip...
    assert vocabulary.repair("soverign") == "sovereign"
    assert vocabulary.repair("stratgy") == "strategy"  # ...and so is a letter left out
    assert vocabulary.repair("distillarion") == "distillation"  # long words: any two edits


def test_a_letter_typed_twice_or_extra_is_repaired_in_a_short_word() -> None:
    """ "/ask chipps" was refused once only dropped and swapped letters were repaired: an
    extra letter is as common a slip, and it rarely makes another English word."""
    vocabulary = Vocabulary(["chips", "drones", "power"], {})
    assert vocabulary.repair("chipps") == "chips"  # a letter typed twice
    assert vocabulary.repair("dronres") == "drones"  # a stray letter
    assert vocabulary.repair("powerr") == "power"
    assert router().answer("chipps").kind is Kind.POINTS


def test_a_pack_word_with_an_ending_is_a_word_of_its_own() -> None:
    """QA: "customers for my bakery" was repaired to "baker", and answered that Baker says
    nothing on customers."""
    vocabulary = Vocabulary(["baker", "power"], {})
    assert vocabulary.repair("bakery") is None
    assert vocabulary.repair("powered") is None
    assert vocabulary.repair("bakerr") == "baker"  # the last letter typed twice
    assert router().answer("customers for my bakery").kind is Kind.NOTHING


@given(st.sampled_from(pack_words()), st.sampled_from(string.ascii_lowercase))
def test_a_letter_after_a_short_pack_word_is_a_slip_only_when_it_repeats(
    word: str, letter: str
) -> None:
    typed = word + letter
    vocabulary = router().searcher.vocabulary
    if len(typed) < TWO_EDITS_LENGTH and letter != word[-1] and not vocabulary.knows(typed):
        assert vocabulary.repair(typed) != word


def test_common_misspellings_of_names_reach_the_pack_as_synonyms() -> None:
    """A changed letter stays unrepaired in short words ("poker" is no "power"), so the
    commonest misspellings ("nvidea", "drines") are the pack's synonyms, and still answered."""
    answer = router().answer("nvidea", speaker="baker")
    assert answer.points[0].id == "baker-terrible-mistake"
    assert router().answer("drines", speaker="gin").points[0].id == "gin-robotics-drones"


def test_the_poker_question_is_not_about_power() -> None:
    assert router().spelled("is poker a game of skill") == "is poker a game of skill"
    assert router().answer("high stakes poker game").kind is Kind.NOTHING


@given(st.data())
def test_short_words_are_repaired_only_for_a_slip(data: st.DataObject) -> None:
    """Whatever one edit does to a pack word, a short result is repaired only when it is a
    letter dropped from or added to, or two neighbours swapped in, the word it is repaired
    to: never a changed letter."""
    vocabulary = router().searcher.vocabulary
    word = data.draw(st.sampled_from(pack_words()))
    at = data.draw(st.integers(0, len(word) - 1))
    letter = data.draw(st.sampled_from(string.ascii_lowercase))
    typed = data.draw(
        st.sampled_from(
            [
                word[:at] + word[at + 1 :],
                word[:at] + letter + word[at + 1 :],
                word[:at] + letter + word[at:],
                word[:at] + word[at + 1 : at + 2] + word[at : at + 1] + word[at + 2 :],
            ]
        )
    )
    repaired = vocabulary.repair(typed)
    if repaired is not None and len(typed) < TWO_EDITS_LENGTH:
        dropped = any(repaired[:i] + repaired[i + 1 :] == typed for i in range(len(repaired)))
        swapped = any(
            repaired[:i] + repaired[i + 1] + repaired[i] + repaired[i + 2 :] == typed
            for i in range(len(repaired) - 1)
        )
        added = any(typed[:i] + typed[i + 1 :] == repaired for i in range(len(typed)))
        assert dropped or added or swapped, (typed, repaired)


def test_a_pack_word_typed_without_its_inner_vowels_is_repaired() -> None:
    """QA (held-out set 12, on a phone): "custmrs care abt wat per gin" was refused, two
    letters left out of a seven-letter word being too many for the edit rule; vowels left
    out are how phones and chat shorten a word, and change no word into another."""
    vocabulary = router().searcher.vocabulary
    assert vocabulary.repair("custmrs") == "customers"
    assert vocabulary.repair("mdls") == "models"
    assert vocabulary.repair("bnchmrks") == "benchmarks"
    assert vocabulary.repair("refs") is None  # "refuse" less its final "e": another word
    assert vocabulary.repair("pwr") is None  # three letters fit too many words
    assert vocabulary.repair("cstmrs") == "customers"  # every inner vowel left out
    assert vocabulary.repair("ustmrs") is None  # the first letter is kept
    assert_answer("custmrs care abt wat per gin", Kind.POINTS, "gin-customers-care")


def _inner_vowels(word: str) -> list[int]:
    return [at for at in range(1, len(word) - 1) if word[at] in "aeiou"]


@st.composite
def inner_vowels_left_out(draw: st.DrawFn) -> tuple[str, frozenset[int]]:
    """A pack word, and the places of two or more of its inner vowels, to leave out."""
    word = draw(st.sampled_from([w for w in pack_words() if len(_inner_vowels(w)) >= 2]))
    return word, frozenset(draw(st.sets(st.sampled_from(_inner_vowels(word)), min_size=2)))


@given(inner_vowels_left_out())
@example(("customers", frozenset({4, 6})))  # "custmrs"
@example(("training", frozenset({2, 3})))  # "trning": "turning" by one slip, so a guess
def test_a_pack_word_less_some_inner_vowels_is_never_read_as_another_word(
    typing: tuple[str, frozenset[int]],
) -> None:
    """Whichever two or more of a pack word's inner vowels are left out, the word typed is
    read as that word (in some form of its stem) or left as typed: never as another."""
    word, left_out = typing
    typed = "".join(ch for at, ch in enumerate(word) if at not in left_out)
    repaired = router().searcher.vocabulary.repair(typed)
    assert repaired is None or stem(repaired) == stem(word), (typed, repaired)


def test_asking_words_are_repaired_for_swaps_and_missing_letters_only() -> None:
    words = QuestionWords(["what", "think", "about", "the", "does", "done", "should", "plain"])
    assert [words.correct(w) for w in ("waht", "thnik", "abuot", "teh", "shoud")] == [
        "what",
        "think",
        "about",
        "the",
        "should",
    ]
    assert words.correct("dose") == "does"  # a swap beats a changed letter ("done")
    assert words.correct("wat") is None  # three letters with one missing: too little to go on
    assert words.correct("plan") == "plain"  # one letter missing from four: repaired...
    assert words.correct("pizza") is None and words.correct("whet") is None  # ...no guesses
    assert words.correct("what") is None  # already right


def test_a_typo_in_the_asking_words_does_not_sink_the_question() -> None:
    answer = router().answer("waht does baker thnik about distilation")
    assert answer.kind is Kind.POINTS and answer.speaker == "baker"
    assert "distillation" in answer.points[0].topics
    assert router().answer("who is rihgt").kind is Kind.SYNTHESIS


def test_an_ambiguous_repair_is_no_repair() -> None:
    vocabulary = Vocabulary(["chipper", "chopper"], {})
    assert vocabulary.repair("chapper") is None


def test_synonym_phrases_add_the_packs_word_and_count_as_known() -> None:
    vocabulary = Vocabulary(["drones"], {"drones": ("unmanned aircraft",)})
    raw = ["cheap", "unmanned", "aircraft"]
    expansion = vocabulary.expand([stem(w) for w in raw], raw)
    assert stem("drones") in expansion.terms
    assert expansion.known == {f"{stem('unmanned')} {stem('aircraft')}"}  # one concept
    assert expansion.unknown == {stem("cheap")}


def test_intent_phrasings_count_only_near_the_start() -> None:
    matcher = IntentMatcher({})
    assert matcher.recognise("ok so who is right?").intent is Intent.SYNTHESIS
    assert matcher.recognise("so what does baker say about drones") is None
    assert matcher.recognise("what should founders do").intent is Intent.ADVICE
    recognised = matcher.recognise("give me both sides in a nutshell")
    assert recognised.intent is Intent.SUMMARY and recognised.rest == "give me"


def test_a_packs_own_intent_phrasings_are_recognised() -> None:
    matcher = IntentMatcher({"synthesis": ("mistake or pivot",)})
    assert matcher.recognise("Mistake or pivot?").intent is Intent.SYNTHESIS


@given(
    st.sampled_from(["tl;dr", "who is right", "what should we do", "sovereign ai", "drones"]),
    st.sampled_from(["pls", "plz", "please", "now"]),
    st.booleans(),
)
def test_please_and_now_change_no_answer(question: str, asking: str, first: bool) -> None:
    """QA: "tldr pls" and "who is right now" were refused, "pls" and "now" being subjects
    the pack does not know; they are words of asking, as "please" is."""
    asked = f"{asking} {question}" if first else f"{question} {asking}"
    assert router().answer(asked).kind is router().answer(question).kind
    assert router().answer(asked).points == router().answer(question).points


@given(
    st.sampled_from(
        ["what is", "what does gin say about", "what about", "what does baker think of"]
    ),
    st.sampled_from(["distilation", "sovereign ai", "drones", "the gap"]),
)
def test_wat_asks_as_what_does(asking: str, subject: str) -> None:
    """QA: "wat is distilation" was refused, "wat" (too short to repair) being taken for a
    subject the pack does not know."""
    typed = router().answer(f"{asking.replace('what', 'wat')} {subject}")
    meant = router().answer(f"{asking} {subject}")
    assert (typed.kind, typed.speaker, typed.points) == (meant.kind, meant.speaker, meant.points)


@given(
    st.sampled_from(["what happens", "what happened", "what will happen"]),
    st.sampled_from(["without blackwell", "to chinas models", "to drones", "if china catches up"]),
)
def test_what_happens_asks_about_its_subject(asking: str, subject: str) -> None:
    """QA: "what happens without blackwell" was refused, "happens" being taken for a subject
    the pack does not know; it asks about the rest, as "what about" does."""
    assert router().answer(f"{asking} {subject}").kind is Kind.POINTS


@pytest.mark.parametrize(
    ("question", "word", "known"),
    [
        ("can smaller models compete", "compet", True),  # the prose's "competing"
        ("what fixes it", "fix", True),  # the advice's "fixes"
        ("nvidia gpu for gaming", "game", False),  # the prose's "game" only: no "gaming"
        ("is china gaming the system", "game", False),
    ],
)
def test_a_word_only_the_prose_uses_is_known_but_in_an_ing_form_it_never_writes(
    question: str, word: str, known: bool
) -> None:
    coverage, _ = router().searcher.coverage(question)
    assert (word in coverage.known, word in coverage.unknown) == (known, not known)


@pytest.mark.parametrize(
    ("british", "us"),
    [
        ("prioritising", "prioritizing"),
        ("prioritisation", "prioritization"),
        ("optimise", "optimize"),
        ("organisation", "organization"),
        ("recognised", "recognized"),
        ("analysing", "analyzing"),
        ("colour", "color"),
        ("favourite", "favorite"),
        ("behaviours", "behaviors"),
        ("centre", "center"),
        ("centred", "centered"),
        ("fibres", "fibers"),
    ],
)
def test_british_and_american_spellings_are_one_word(british: str, us: str) -> None:
    """QA: the claims write the article's analysis in British English ("prioritising"),
    readers type American, and Snowball stems the two apart."""
    assert stem(british) == stem(us)


@pytest.mark.parametrize(
    ("word", "related"),
    [("precise", "precision"), ("promise", "promising"), ("advertise", "advertising")],
)
def test_an_ending_that_is_part_of_the_word_is_no_spelling(word: str, related: str) -> None:
    """ "-ise" is a British spelling only where American writes "-ize": "precise" is no
    "precize", and still matches "precision"; "four" and "your" keep their "-our"."""
    assert american(word) == word and stem(word) == stem(related)
    assert [american(w) for w in ("four", "your", "hour", "genre")] == [
        "four",
        "your",
        "hour",
        "genre",
    ]


#: British and American spellings of one word, as readers type them.
SPELLINGS = [
    pair.split("/")
    for pair in """prioritise/prioritize prioritising/prioritizing organise/organize
    realised/realized optimising/optimizing minimise/minimize recognise/recognize
    modernised/modernized standardise/standardize apologise/apologize emphasise/emphasize
    memorising/memorizing analyse/analyze paralysed/paralyzed colour/color labour/labor
    favourite/favorite behaviour/behavior honours/honors centre/center theatres/theaters
    fibre/fiber""".split()
]


@given(
    st.lists(st.sampled_from(sorted(pack_words())), max_size=4),
    st.sampled_from(SPELLINGS),
    st.sampled_from([None, "baker", "gin"]),
)
@example(["china", "adoption", "performance"], ["prioritising", "prioritizing"], None)  # QA
def test_a_question_is_answered_alike_in_either_spelling(
    question: list[str], spellings: list[str], speaker: str | None
) -> None:
    """Whichever spelling a reader uses, the answer is the same: "is china prioritizing
    adoption over performance" missed the adoption point, whose claim says "prioritising"."""
    british, us = spellings
    typed = router().answer(" ".join([*question, british]), speaker=speaker)
    meant = router().answer(" ".join([*question, us]), speaker=speaker)
    assert (typed.kind, typed.speaker, typed.points) == (meant.kind, meant.speaker, meant.points)


@given(st.text(alphabet=string.ascii_lowercase, max_size=20))
def test_american_spelling_is_idempotent(word: str) -> None:
    assert american(american(word)) == american(word)


@cache
def _action_nouns() -> list[str]:
    """The pack's "-ation" words (generation, integration, distillation)."""
    texts = [pack().source_text, *(p.claim for p in pack().points)]
    return sorted({w for t in texts for w in words(t) if w.endswith("ation") and len(w) > 7})


@given(st.sampled_from(_action_nouns()), st.sampled_from(["", "s"]))
@example("generation", "")  # QA: "ai art generator" was answered with the next generation
def test_an_ator_noun_is_not_the_action_it_does(action: str, plural: str) -> None:
    """Whoever or whatever does a thing ("generator") is no form of the doing
    ("generation"), neither by its stem nor as a typo of it."""
    noun = action.removesuffix("ion") + "or" + plural
    vocabulary = router().searcher.vocabulary
    assert stem(noun) != stem(action) and vocabulary.repair(noun) is None


PLAIN_WORDS = st.sampled_from(["frontier", "training", "nvidia", "out", "ut", "o", "w", "chips"])


@given(
    st.sampled_from(sorted(k for k in SHORTHAND if "/" in k)),
    st.lists(PLAIN_WORDS, max_size=4),
    st.lists(PLAIN_WORDS, max_size=4),
)
@example("w/o", ["w"], ["out"])
def test_a_slashed_chat_spelling_is_written_out_whole(
    spelling: str, before: list[str], after: list[str]
) -> None:
    text = " ".join([*before, spelling, *after])
    assert words(written_out(text)) == [*before, *words(SHORTHAND[spelling]), *after]


def test_w_out_is_without() -> None:
    """QA (left from an earlier session): read as "w/o" and the rest, "frontier training
    w/out nvidia" was written out "without ut"."""
    assert words(written_out("frontier training w/out nvidia")) == [
        "frontier",
        "training",
        "without",
        "nvidia",
    ]


def assert_asked_of(question: str, speaker: str | None, first: str | None) -> None:
    """``question`` is answered in ``speaker``'s name (None: no one's), led by ``first``
    (None: whatever leads): the check of every table of whom a question asks."""
    answer = router().answer(question)
    assert answer.speaker == speaker
    if first is not None:
        assert answer.points[0].id == first


def assert_answer(question: str, kind: Kind, first: str | set[str] | None) -> None:
    """``question`` gets an answer of ``kind``, led by ``first`` (one point id, or any of a
    set; None: whatever leads): the check of every table of questions and answers."""
    answer = router().answer(question)
    assert answer.kind is kind
    if first is not None:
        assert answer.points[0].id in ({first} if isinstance(first, str) else first)


def _model_names() -> list[str]:
    """The source's names of letters and digits ("h200s", "o13", "p30s")."""
    named = words(pack().source_text)
    return sorted({w for w in named if w[:1].isalpha() and any(c.isdigit() for c in w)})


def test_a_model_name_typed_without_its_plural_s_is_the_packs_name() -> None:
    """QA (held-out set 12, on a phone): "h200 p30 blackwell wat r those" and "what is p30"
    were refused, the article writing "P30s"; a reader names one chip."""
    assert router().searcher.vocabulary.repair("p30") == "p30s"
    assert_answer("h200 p30 blackwell wat r those", Kind.POINTS, "baker-terrible-mistake")
    assert router().searcher.vocabulary.repair("80s") is None  # no name: a decade, a figure


@given(st.sampled_from(_model_names()), st.sampled_from(["what is {}", "{} per baker", "{}?"]))
def test_a_model_name_with_its_s_added_or_left_out_is_answered_as_written(
    name: str, frame: str
) -> None:
    """Whichever of a name's forms the pack writes ("p30s", "o13"), the other is read as it."""
    toggled = name.removesuffix("s") if name.endswith("s") else f"{name}s"
    typed, written = router().answer(frame.format(toggled)), router().answer(frame.format(name))
    assert (typed.kind, typed.points) == (written.kind, written.points)
