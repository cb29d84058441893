"""A custom poll's options as users type them: what counts as empty, what counts as the same,
and which option a typed /vote means."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from itertools import combinations
from typing import cast

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.commands.polls import PollCommands
from bot.core.context import ChannelRef, UserRef
from bot.core.errors import UserError
from bot.core.grammar import parse_arguments
from bot.core.look_alikes import look_alike
from bot.core.sanitize import (
    ECHO_LIMIT,
    MARKUP_LOOK_ALIKES,
    ZERO_WIDTH_SPACE,
    comparison_key,
    is_blank,
    safe,
    strip_controls,
    without_isolates,
)
from bot.knowledge import default_pack_dir, load_pack
from bot.polls.model import MAX_OPTIONS, MIN_OPTIONS, Poll, PollDraft, PollOption
from bot.polls.service import PollService
from tests.test_ids import full_width
from tests.test_sanitize import INVISIBLE

#: Labels that look alike in pairs (full-width, case, zero-width characters, composition).
LOOKALIKE_LABELS = ["A", "a", "\uff21", "A\u200b", "\u2060a", "Tabs", "TABS", "\uff54abs"]
#: Option labels: look-alikes and anything else, but no `|` (it separates options) and no `#`
#: (`#N` labels are checked against option numbers, which is another test's business).
LABELS = st.one_of(
    st.sampled_from(LOOKALIKE_LABELS),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="|｜#"), max_size=12),
)
BLANK = st.text(st.sampled_from(INVISIBLE).filter(lambda c: c != "|"), min_size=1, max_size=8)


def draft(options: str, question: str = "Q?") -> PollDraft:
    return PollDraft.custom(question, options)


@pytest.mark.parametrize(
    "options",
    [
        "A | A\u200b",
        "\uff21 | A",
        "Tabs | \u2060tabs",
        "caf\u00e9 | cafe\u0301",
        "x | \u200dX\ufeff",
    ],
)
def test_look_alike_options_are_refused_as_the_same(options: str) -> None:
    with pytest.raises(UserError, match="Options 1 and 2 are the same"):
        draft(options)


@pytest.mark.parametrize(
    "options", ["10\u00b3 | 103", "x\u00b2 | x2", "\u00bd | 1\u20442", "\u2460 | 1"]
)
def test_options_drawn_differently_are_two_options(options: str) -> None:
    """A superscript, a fraction or a circled digit is no look-alike of plain digits."""
    assert [o.label for o in draft(options).options] == options.split(" | ")


@pytest.mark.parametrize(
    "options", ["\u200b | \u200b\u200b", "A | \u200b", "A | \u2060\ufeff", "A | \u2800"]
)
def test_options_of_invisible_characters_are_empty(options: str) -> None:
    with pytest.raises(UserError, match=r"Option \d is empty"):
        draft(options)


@given(st.integers(MAX_OPTIONS + 1, 40))
def test_too_many_options_are_refused_saying_how_many_to_remove(count: int) -> None:
    """ "A poll can have at most 10 options, not 13." said the limit, not what to type."""
    with pytest.raises(UserError) as refused:
        draft(" | ".join(f"o{n}" for n in range(count)))
    assert str(refused.value) == (
        f"A poll can have at most {MAX_OPTIONS} options, not {count}: "
        f"remove {count - MAX_OPTIONS} of them, or split them over two polls."
    )


@given(
    st.lists(st.from_regex(r"[A-Za-z][a-z]{0,7}", fullmatch=True), min_size=2, max_size=5),
    st.sampled_from([", ", ",", " or ", " / ", "; ", "、"]),
)
@example(["Pizza", "Sushi", "Tacos"], ", ")
def test_options_listed_without_bars_are_refused_with_the_line_meant(
    words: list[str], separator: str
) -> None:
    """`options:"Pizza, Sushi, Tacos"` was told "e.g. options:Tabs | Spaces": someone
    else's poll. The refusal now writes the options typed with bars between them."""
    assume("or" not in [word.lower() for word in words])
    with pytest.raises(UserError) as refused:
        draft(separator.join(words))
    assert str(refused.value).endswith(f"e.g. options:{' | '.join(words)}")


def test_a_question_of_invisible_characters_is_empty() -> None:
    with pytest.raises(UserError, match="needs a question"):
        draft("A | B", question="\u200b")


def test_labels_are_stored_as_typed_emoji_joiners_included() -> None:
    """The key is for comparing only: what is shown keeps its zero-width joiners."""
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert [o.label for o in draft(f"{family} | Caf\u00e9").options] == [family, "Caf\u00e9"]


@given(st.lists(LABELS, min_size=MIN_OPTIONS, max_size=MAX_OPTIONS))
@example(["A", "A\u200b"])
@example(["\uff21", "a"])
def test_a_draft_is_refused_exactly_when_two_options_look_the_same(labels: list[str]) -> None:
    keys = [comparison_key(label) for label in labels]
    if "" in keys:  # a blank label: refused as empty, the next test's business
        return
    if len(set(keys)) < len(keys):
        with pytest.raises(UserError, match="are the same"):
            draft(" | ".join(labels))
    elif any(look_alike(one, other) for one, other in combinations(keys, 2)):
        with pytest.raises(UserError, match="look the same"):  # `Yes | Үes`: the next tests'
            draft(" | ".join(labels))
    else:
        shown = [" ".join(label.split()) for label in labels]
        assert [o.label for o in draft(" | ".join(labels)).options] == shown


#: Latin letters and a letter of another alphabet that looks the same (Cyrillic, Greek).
HOMOGLYPHS = {
    "a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441",
    "x": "\u0445", "y": "\u0443", "i": "\u0456", "Y": "\u04ae", "A": "\u0391",
    "O": "\u039f", "H": "\u041d",
}  # fmt: skip


@given(
    st.text(alphabet="aeopcxyiYAOH" + "bdfgkmnrtuz", min_size=1, max_size=12),
    st.data(),
)
@example("Yes", None)  # `Yes | Үes`: two buttons, two results, alike to every voter
def test_options_alike_but_for_a_letter_of_another_alphabet_are_refused(
    label: str, data: st.DataObject | None
) -> None:
    """`Yes | Үes` (a Cyrillic Ү) made two options voters could not tell apart on the
    buttons, in the results or in /vote: refused, both named as typed, with what to do."""
    swappable = [k for k, letter in enumerate(label) if letter in HOMOGLYPHS]
    assume(swappable)
    at = data.draw(st.sampled_from(swappable)) if data is not None else swappable[0]
    alike = label[:at] + HOMOGLYPHS[label[at]] + label[at + 1 :]
    with pytest.raises(UserError) as refused:
        draft(f"{label} | Neither | {alike}")
    assert str(refused.value) == (
        f"Options 1 and 3 look the same, “{label}” and “{alike}”, but are typed with letters "
        "of different alphabets, so voters could not tell them apart: type both in one "
        "alphabet, or word them differently."
    )


#: Capitals and the Cyrillic capital drawn the same, many of whose small letters are not
#: (`т`, `н`, `в`, `к`, `м`): a label in capitals is compared as typed, not by its key.
CYRILLIC_CAPITALS = str.maketrans("ABCEHIKMOPTX", "АВСЕНІКМОРТХ")


@given(st.text(alphabet="ABCEHIKMOPTX", min_size=1, max_size=12))
@example("TAXI")  # `TAXI | ТАХІ`: Latin I and Cyrillic І name only l, drawn like both
def test_a_label_in_capitals_typed_in_cyrillic_look_alikes_is_refused(label: str) -> None:
    """`TAXI | ТАХІ` made two buttons no voter could tell apart: Unicode's data lists Latin
    `I` and Cyrillic `І` each as alike to `l` only, the letter both are drawn like, not to
    one another, and their keys differ at `t` and `т`."""
    with pytest.raises(UserError, match="look the same"):
        draft(f"{label} | {label.translate(CYRILLIC_CAPITALS)}")


def test_greek_and_cyrillic_letters_drawn_like_one_latin_letter_are_refused() -> None:
    """Greek `Ι` and Cyrillic `І`, each listed as alike to Latin `l` alone."""
    with pytest.raises(UserError, match="look the same"):
        draft("\u0399 | \u0406")


@pytest.mark.parametrize(
    "options",
    ["Option 1 | Option l", "Plan O | Plan 0", "Café | Cafe", "Ναι | Yes", "Да | Yes", "Ρ | P2"],
)
def test_options_readers_of_either_alphabet_tell_apart_stay(options: str) -> None:
    """Only letters of two alphabets alike count: `1` and `l`, `O` and `0` differ to a
    reader of either, an accent is seen, and words of two languages are two words."""
    assert [o.label for o in draft(options).options] == options.split(" | ")


@given(
    st.lists(st.text(alphabet="寿司ラーメンAb 1", min_size=1), min_size=MIN_OPTIONS, max_size=4),
    st.lists(st.sampled_from(["|", "｜", " ｜ "]), min_size=3),
)
@example(["寿司", "ラーメン"], ["｜"] * 3)
def test_options_separated_by_a_full_width_bar_are_the_same_options(
    labels: list[str], bars: list[str]
) -> None:
    """ "寿司｜ラーメン", typed with a Japanese input method on, was one option ("A poll needs
    2 to 10 options separated by |"): `｜` separates options as `|` does."""
    typed = labels[0] + "".join(map("".join, zip(bars, labels[1:], strict=False)))
    try:
        expected = draft(typed.replace("｜", "|"))
    except UserError as refused:
        with pytest.raises(UserError, match=re.escape(str(refused))):
            draft(typed)
        return
    assert draft(typed) == expected


@given(
    st.lists(
        LABELS.filter(lambda label: not is_blank(label)),
        min_size=1,
        max_size=MAX_OPTIONS - 1,
        unique_by=comparison_key,
    ),
    BLANK,
    st.integers(min_value=0),
)
def test_an_option_of_only_format_and_whitespace_characters_is_empty(
    labels: list[str], blank: str, position: int
) -> None:
    at = position % (len(labels) + 1)
    with pytest.raises(UserError, match=f"Option {at + 1} is empty"):
        draft(" | ".join([*labels[:at], blank, *labels[at:]]))


@given(BLANK)
def test_a_question_of_only_format_and_whitespace_characters_is_empty(blank: str) -> None:
    with pytest.raises(UserError, match="needs a question"):
        draft("A | B", question=blank)


def poll_of(options: str) -> Poll:
    """Poll #7 with a custom draft's options, as `/vote` finds it."""
    return poll_with(draft(options).options)


def poll_with(options: tuple[PollOption, ...]) -> Poll:
    """Poll #7 with `options`, as `/vote` finds it."""
    return Poll(
        id=7,
        channel=ChannelRef("console", "W", "general"),
        creator=UserRef("console", "W", "ann"),
        question="Q?",
        options=options,
        multi=False,
        anonymous=False,
        hide_results=False,
        created_at=0.0,
        closes_at=None,
        closed_at=None,
    )


#: /vote as declared: what its grammar makes of a line typed back.
VOTE = PollCommands(cast(PollService, None), load_pack(default_pack_dir()).poll).vote_command
#: A `/vote` line a refusal offers, and the label it is offered for.
OFFERED_LINE = re.compile(r"(?:Type | or )(/vote \S+ \S+) for “")


def typed_back(poll: Poll, refusal: str) -> dict[str, int]:
    """Each `/vote` line `refusal` offers, by the option it picks when typed back: read
    by /vote's grammar, then as /vote reads its option (`find_options`), it names `poll`
    and picks that one option, the one the line is offered for, and no two the same."""
    picked: dict[str, int] = {}
    for line in OFFERED_LINE.findall(refusal):
        arguments = parse_arguments(VOTE, line.removeprefix("/vote "))
        assert arguments["poll"] == str(poll.id), line
        (number,) = poll.find_options(str(arguments["option"]))
        assert f"{line} for “{safe(poll.label(number))}”" in refusal
        picked[line] = number
    assert len(set(picked.values())) == len(picked) >= 2, refusal
    return picked


def test_a_number_that_is_no_option_number_finds_the_option_labelled_so() -> None:
    poll = poll_of("2024 | 2025 | Yes")
    assert poll.find_option("2025") == 2 and poll.find_option("2") == 2
    assert poll.find_option("#3") == 3 and poll.find_option("\uff12\uff10\uff12\uff14") == 1
    with pytest.raises(UserError, match="has options 1 to 3, not 2026"):
        poll.find_option("2026")


def test_a_number_that_is_one_options_number_and_anothers_label_is_refused() -> None:
    poll = poll_of("2 | 1")
    for typed in ("1", "2"):
        with pytest.raises(UserError, match="and also the label of option") as refused:
            poll.find_option(typed)
        picks = "/vote poll:7 option:#1 for “2” or /vote poll:7 option:#2 for “1”"
        assert f"Type {picks}." in str(refused.value)
    assert poll.find_option("#1") == 1 and poll.find_option("#2") == 2
    assert poll.find_option("01") == 1  # a number, and no option's label


def test_numbers_that_label_their_own_option_are_not_ambiguous() -> None:
    poll = poll_of("1 | 2 | 3+")
    assert [poll.find_option(typed) for typed in ("1", "2", "#2", "3", "3+")] == [1, 2, 2, 3, 3]


def test_a_hash_label_naming_another_options_number_is_refused() -> None:
    """`#N` always means option N in /vote, so no label may read as another option."""
    with pytest.raises(UserError, match="Option 1, “#2”, would read as option 2 in /vote"):
        draft("#2 | #1")
    with pytest.raises(UserError, match="would read as option 1"):
        draft("x | \uff03\uff11")  # full-width `#1`
    assert poll_of("#1 | #2").find_option("#2") == 2
    assert poll_of("#5 | x").find_option("#5") == 1  # no option 5: the label


def test_typed_labels_are_compared_like_options() -> None:
    poll = poll_of("Tabs | Spaces")
    assert poll.find_option("\uff34abs") == 1 and poll.find_option("spa\u200bces") == 2
    with pytest.raises(UserError, match="“\u200b” is not an option of poll #7"):
        poll.find_option("\u200b")


#: Option labels that are numbers, some of them also option numbers, and words.
NUMBER_LABELS = st.one_of(st.integers(0, 12).map(str), st.sampled_from(["Yes", "No", "2024"]))
TYPED = st.one_of(
    st.integers(0, 12).map(str),
    st.integers(0, 12).map(lambda n: f"#{n}"),
    st.sampled_from(["Yes", "No", "2024", "01"]),
)


def readings(poll: Poll, typed: str) -> set[int]:
    """The options `typed` could mean: `#N` is option N if there is one, else a label; a bare
    number is option N and any option labelled with it."""
    numbered = {o.number for o in poll.options if typed.lstrip("#").lstrip("0") == str(o.number)}
    labelled = {o.number for o in poll.options if o.label == typed}
    if typed.startswith("#") and numbered:
        return numbered
    return (numbered if typed.lstrip("#").isdigit() else set()) | labelled


@given(st.lists(NUMBER_LABELS, min_size=MIN_OPTIONS, max_size=MAX_OPTIONS, unique=True), TYPED)
@example(["2", "1"], "1")
@example(["Yes", "No"], "#2")
@example(["2024", "2025", "Yes"], "2025")
def test_vote_picks_the_one_option_meant_and_refuses_to_guess(
    labels: list[str], typed: str
) -> None:
    """As typed, and as a Japanese input method types it (`１`, `＃２`): the same."""
    poll = poll_of(" | ".join(labels))
    meant = readings(poll, typed)
    for form in (typed, full_width(typed)):
        if len(meant) == 1:
            assert poll.find_option(form) == next(iter(meant))
        else:
            with pytest.raises(UserError, match="also the label" if meant else "not"):
                poll.find_option(form)


def test_a_vote_names_an_option_by_a_word_of_its_label_in_any_case_and_without_accents() -> None:
    """`/vote 1 baker` answered "“baker” is not an option" though the refusal then listed
    "1) Gavin Baker": only a label's start found it."""
    poll = poll_of("Gavin Baker | Aaron Gin | Both, in their domains | Neither")
    assert [poll.find_option(typed) for typed in ("baker", "GIN", "domains", "in")] == [1, 2, 3, 3]
    assert poll.find_option("Bak") == 1 and poll.find_option("their dom") == 3
    accented = poll_of("José Ruiz | Zoë Núñez")
    assert accented.find_option("jose") == 1 and accented.find_option("NUNEZ") == 2
    assert accented.find_option("zoë") == 2
    refused = r"“aker” is not an option of poll #7. Did you mean /vote poll:7 option:1 for “Gavin"
    with pytest.raises(UserError, match=refused):
        poll.find_option("aker")  # inside a word: no word starts so, a slip of one at most


def test_a_whole_word_comes_before_a_words_start_and_a_labels_start_is_no_better() -> None:
    """`/vote 1 B` in the debate's poll counted for "Both, in their domains" (B starts the
    label) though "Gavin Baker" has a word starting with B too: a guess the voter may
    never have meant. A word's start names every label with such a word, first or not."""
    poll = poll_of("Gavin Baker | Aaron Gin | Both, in their domains | Neither")
    for typed in ("B", "b", "g", "Ｂ"):
        with pytest.raises(UserError, match=r"matches \d options") as refused:
            poll.find_option(typed)
        assert "Gavin Baker" in str(refused.value) or "Aaron Gin" in str(refused.value)
    with pytest.raises(UserError) as refused:
        poll.find_option("B")
    assert str(refused.value) == (
        "“B” matches 2 options of poll #7. Type /vote poll:7 option:1 for “Gavin Baker” or "
        "/vote poll:7 option:3 for “Both, in their domains”."
    )
    assert [poll.find_option(typed) for typed in ("Bo", "Ba", "n", "2")] == [3, 1, 4, 2]
    assert poll_of("Ginger Ale | Aaron Gin").find_option("gin") == 2  # a whole word typed
    assert poll_of("Dry Ginger | Aaron Gin").find_option("gin") == 2
    with pytest.raises(UserError, match="1 for “Gin Tonic” or /vote poll:7 option:2 for “Aaron"):
        poll_of("Gin Tonic | Aaron Gin").find_option("gin")  # a whole word of both
    assert poll_of("Cafe | Café").find_option("cafe") == 1  # the label as typed, exactly
    assert poll_of("Cafe | Café").find_option("CAFÉ") == 2


def test_a_word_several_labels_share_is_refused_with_just_those_labels() -> None:
    poll = poll_of("Gavin Baker | Anne Bakery | Aaron Gin")
    with pytest.raises(UserError) as refused:
        poll.find_option("bak")
    assert str(refused.value) == (
        "“bak” matches 2 options of poll #7. Type /vote poll:7 option:1 for “Gavin Baker” or "
        "/vote poll:7 option:2 for “Anne Bakery”."
    )
    with pytest.raises(UserError, match="1 for “Gavin Baker” or /vote poll:7 option:2 for “Bak"):
        poll_of("Gavin Baker | Bakery staff").find_option("bak")  # a label's start: no better


#: Words of labels: a small alphabet with accents, so labels share words and word starts.
WORD = st.text(st.sampled_from("abAéÉè"), min_size=1, max_size=3)
WORD_LABELS = st.lists(
    st.lists(WORD, min_size=1, max_size=3).map(" ".join),
    min_size=MIN_OPTIONS,
    max_size=5,
    unique_by=comparison_key,
)


def flat_words(text: str) -> list[str]:
    """`text`'s words as people read them: case, accents and spacing aside."""
    decomposed = unicodedata.normalize("NFD", comparison_key(text))
    return "".join(c for c in decomposed if c.isalpha() or c == " ").split()


def meant(labels: list[str], typed: str) -> set[int]:
    """The options a vote typed so means, as people read it: the label typed exactly; else
    every label holding the typed words whole; else every label with a word starting as
    typed (the label's first word no better than its others)."""
    key = comparison_key(typed)
    exact = {n for n, label in enumerate(labels, 1) if comparison_key(label) == key}
    words = [flat_words(label) for label in labels]
    wanted = flat_words(typed)
    whole = {
        n
        for n, have in enumerate(words, 1)
        if any(have[at : at + len(wanted)] == wanted for at in range(len(have)))
    }
    started = {
        n
        for n, have in enumerate(words, 1)
        if any(" ".join(have[at:]).startswith(" ".join(wanted)) for at in range(len(have)))
    }
    return exact or whole or started


@given(WORD_LABELS, st.data())
@example(["Gavin Baker", "Aaron Gin", "Both in their domains", "Neither"], "B")
@example(["Ginger Ale", "Aaron Gin"], "gin")
@example(["Gin Tonic", "Aaron Gin"], "gin")
def test_a_typed_label_votes_for_the_one_option_it_names_or_asks_which_of_those_it_names(
    labels: list[str], data: st.DataObject | str
) -> None:
    """The vote-choice grammar: what is typed counts for the one option it names closest
    (the label itself, else whole words, else words' starts); a typed text naming several
    options equally is refused listing exactly those, never guessed (`/vote 1 B` counted for
    "Both…" over "Gavin Baker"); one naming none is refused listing every option."""
    poll = poll_of(" | ".join(labels))
    if isinstance(data, str):  # an @example's typed text
        typed = data
    else:
        label = data.draw(st.sampled_from(labels))
        words = label.split(" ")
        start = data.draw(st.integers(0, len(words) - 1))
        part = " ".join(words[start:])
        typed = data.draw(
            st.one_of(
                st.just(part[: data.draw(st.integers(1, len(part)))]),
                st.just(label.upper()),
                WORD,
            )
        )
    assume(typed.strip())
    candidates = meant(labels, typed)
    assert poll.find_option(labels[0]) == 1  # a label typed whole: found
    try:
        chosen = poll.find_option(typed)
    except UserError as refusal:
        if len(candidates) > 1:
            assert f"matches {len(candidates)} options" in str(refusal)
            assert set(typed_back(poll, str(refusal)).values()) == candidates
        else:
            assert not candidates and "is not an option" in str(refusal)
            listed = set(map(int, re.findall(r"(\d+)\) ", str(refusal))))
            assert listed == set(range(1, len(labels) + 1))
        return
    assert {chosen} == candidates


#: Labels that share words and word starts, some of them numbers other options have.
SHARING_LABELS = st.lists(
    st.one_of(st.lists(WORD, min_size=1, max_size=3).map(" ".join), st.integers(1, 6).map(str)),
    min_size=MIN_OPTIONS,
    max_size=6,
    unique_by=comparison_key,
)


@given(SHARING_LABELS, st.data())
@example(["2", "a b", "a c"], "a")  # option 2's bare number is option 1's label
@example(["2", "1", "Tacos"], "Tacos, #1")  # a list whose offered `option:1` was refused
def test_each_vote_line_a_refusal_offers_picks_the_option_it_is_offered_for(
    labels: list[str], data: st.DataObject | str
) -> None:
    """`/vote` text matching several options was refused with their numbers and "Type more
    of the label, or the option's number", leaving the voter to work out how a number is
    typed; it now offers the line for each, as a single-choice poll refuses a list. Each
    offered line, typed back, picks exactly the option it is offered for."""
    poll = poll_of(" | ".join(labels))
    if isinstance(data, str):  # an @example's typed text
        typed = data
    else:
        forms = [WORD, st.sampled_from(labels), st.integers(1, len(labels)).map(str)]
        parts = data.draw(st.lists(st.one_of(*forms), min_size=1, max_size=3))
        typed = data.draw(LIST_SEPARATORS).join(parts)
    assume(typed.strip())
    try:
        poll.find_options(typed)
    except UserError as refusal:
        # Every refusal but of text naming no option names the options it could mean.
        if not re.search("is not an option|has options 1 to", str(refusal)):
            assert typed_back(poll, str(refusal))


#: Typed text no label of "Tabs | Spaces" starts, longer than a refusal quotes back.
#: Long text as the dispatcher hands it on: without the controls it strips.
LONG_TYPED = st.text(st.characters(exclude_categories=("Cs", "Z")), min_size=ECHO_LIMIT).map(
    strip_controls
)


@given(LONG_TYPED.map("zz".__add__))
@example("zz" + "0" * 38 + "\n")  # found by hypothesis: quoted less its whitespace, whole
@example("zz" + "0" * 38 + "\n0")  # drawn: its line break quoted as a space (`echo`)
@example("zz" + "0" * 38 + '""')  # drawn: quoted less its quote marks, unclipped
def test_a_refused_vote_quotes_at_most_a_clip_of_what_was_typed(typed: str) -> None:
    """“…” is not an option of poll #7 quoted whatever was typed, whole: a pasted page came
    back as a page-long refusal. It is clipped (`echo`) like every other quoted value."""
    poll = poll_of("Tabs | Spaces")
    with pytest.raises(UserError) as refused:
        poll.find_option(typed)
    quoted = str(refused.value).partition("” is not an option")[0].removeprefix("“")
    # The zero-width spaces that make a mention inert and the isolates around right-to-left
    # text show nothing: they are not counted.
    shown = without_isolates(quoted)
    shown = shown.replace("<" + ZERO_WIDTH_SPACE, "<").replace("@" + ZERO_WIDTH_SPACE, "@")
    # On one line, a backtick as its look-alike (`echo`).
    one_line = " ".join(typed.split()).replace("`", MARKUP_LOOK_ALIKES["`"])
    assert len(shown) <= ECHO_LIMIT and (shown == one_line or shown.endswith("…"))


@given(
    st.one_of(
        WORD_LABELS,
        st.lists(NUMBER_LABELS, min_size=MIN_OPTIONS, max_size=MAX_OPTIONS, unique=True),
        st.lists(LABELS.map(strip_controls), min_size=MIN_OPTIONS, max_size=MAX_OPTIONS),
    ),
    st.data(),
)
def test_a_suggested_option_is_one_the_typed_text_names_and_picking_it_votes_for_it(
    labels: list[str], data: st.DataObject
) -> None:
    """What Discord's /vote option field offers as something is typed, for labels of any
    Unicode (controls stripped, as the dispatcher does): the option the vote would count
    for that text, or every option it would list as matching, each once; nothing for text
    the vote finds no option in; a label typed whole is offered; and each suggestion's
    value, put in the field, votes for that very option."""
    try:
        poll = poll_of(" | ".join(labels))
    except UserError:  # refused when typed (blank, the same twice, a label reading as `#N`)
        return
    label = data.draw(st.sampled_from([option.label for option in poll.options]))
    typed = data.draw(st.one_of(TYPED, WORD, st.just(label), st.just(label.upper()), LABELS))
    offered = poll.suggested(typed)
    assert len(offered) == len(set(offered)) and set(offered) <= {o.number for o in poll.options}
    assert all(poll.find_option(poll.typed_as(number)) == number for number in offered)
    try:
        assert poll.find_option(typed) in offered
    except UserError as refusal:
        if "options of poll #7. Type /vote" in str(refusal):  # it matches several
            assert set(typed_back(poll, str(refusal)).values()) <= set(offered)
        elif "is not an option" in str(refusal) and typed.strip():  # nothing typed: all
            assert offered == []
    whole = next(o.number for o in poll.options if o.label == label)
    assert whole in poll.suggested(label)
    assert [o.number for o in poll.options] == poll.suggested("")


#: What people put between options typed together.
LIST_SEPARATORS = st.sampled_from([", ", ",", " and ", "; ", " & ", "、", " | ", " "])


@given(WORD_LABELS, st.data(), st.booleans())
@example(["Pizza", "Pasta", "Soup"], ["1", "3"], True)
@example(["Pizza", "Pasta", "Soup"], ["pizza", "#2"], False)
def test_several_options_typed_together_are_all_taken_by_a_multi_choice_poll_only(
    labels: list[str], data: st.DataObject | list[str], multi: bool
) -> None:
    """`/vote 2 1 3` in a multiple-choice poll was "“1 3” is not an option": each option
    named by its number, `#N` or whole label, separated as people do, is taken, in order;
    a single-choice poll refuses them with the line that votes for each."""
    poll = replace(poll_of(" | ".join(labels)), multi=multi)
    if isinstance(data, list):  # an @example's typed options
        forms, separator = data, " "
    else:
        numbers = data.draw(
            st.lists(st.integers(1, len(labels)), min_size=2, max_size=len(labels), unique=True)
        )
        separator = data.draw(LIST_SEPARATORS)
        forms = [
            data.draw(
                st.sampled_from(
                    [str(n), f"#{n}"] + ([] if " " in labels[n - 1] else [labels[n - 1]])
                )
            )
            for n in numbers
        ]
    typed = separator.join(forms)
    meant = tuple(poll.find_option(form) for form in forms)
    assume(not poll.suggested(typed))  # the whole text names an option itself
    if multi:
        assert poll.find_options(typed) == meant
        return
    with pytest.raises(UserError, match=f"names {len(meant)} options, and poll #7 takes one"):
        poll.find_options(typed)
    for number in meant:
        with pytest.raises(UserError, match=f"/vote poll:7 option:{number} for"):
            poll.find_options(typed)


@pytest.mark.parametrize("typed", ["1 1", "pizza please", "1, 9", "b a", "1,"])
def test_what_is_no_list_of_distinct_options_is_refused_as_typed(typed: str) -> None:
    """A part naming nothing, or an option twice, makes no list: the refusal of the
    whole text stands, as it was (no vote is guessed from a part)."""
    poll = replace(poll_of("Pizza | Pasta | Soup | Bread | Butter"), multi=True)
    with pytest.raises(UserError) as as_typed:
        poll.find_option(typed)
    with pytest.raises(UserError) as listed:
        poll.find_options(typed)
    assert str(listed.value) == str(as_typed.value)


#: Quote marks people put around one option they type: ASCII, typographic, guillemets.
QUOTE_PAIRS = [("'", "'"), ("\u2018", "\u2019"), ("\u00ab", "\u00bb"), ("\u300c", "\u300d")]


@given(WORD_LABELS, st.data(), st.sampled_from(QUOTE_PAIRS))
@example(["Gavin Baker", "Aaron Gin", "Neither"], 3, ("\u2018", "\u2019"))
def test_an_option_typed_in_quotes_votes_as_typed_without(
    labels: list[str], data: st.DataObject | int, quotes: tuple[str, str]
) -> None:
    """`/vote 1 'Neither'` (or ‘Neither’, as phones curl it) was refused: the grammar groups
    words in double quotes only, and other marks around a label are no part of it."""
    poll = poll_of(" | ".join(labels))
    number = data if isinstance(data, int) else data.draw(st.integers(1, len(labels)))
    for typed in (labels[number - 1], str(number)):
        assert poll.find_option(f"{quotes[0]}{typed}{quotes[1]}") == poll.find_option(typed)


#: Labels that are, start with or only look like "option N" typed with the word, and others.
WORDED_LABELS = st.lists(
    st.sampled_from(
        ["Pizza", "Pasta", "Option 2", "option 1", "2", "1", "Opt 3", "Options", "Optimism"]
    ),
    min_size=MIN_OPTIONS,
    max_size=6,
    unique_by=str.casefold,
)
#: How people type option N with the word, as /vote's help shows its field (`option:2`).
WORDED = st.sampled_from(
    [
        "option {}",
        "Option #{}",
        "opt {}",
        "OPT. {}",
        "option{}",
        "option # {}",
        "opt  #{}",
        "options {}",
    ]
)


def labels_named(poll: Poll, typed: str) -> list[int]:
    """The options whose label is `typed` (any case), else has it at a word's start."""
    wanted = " ".join(typed.casefold().split())
    exact = [o.number for o in poll.options if o.label.casefold() == wanted]
    starts = re.compile(rf"(?<!\w){re.escape(wanted)}")
    return exact or [o.number for o in poll.options if starts.search(o.label.casefold())]


@given(WORDED_LABELS, st.integers(0, 12), WORDED)
@example(["Pizza", "Pasta", "Optimism"], 2, "option {}")
@example(["Option 2", "Pizza"], 2, "option {}")  # the label wins: option 1
@example(["Pizza", "Opt 3", "option 1"], 3, "opt {}")
@example(["Pizza", "Pasta"], 3, "option #{}")
def test_an_option_number_typed_after_the_word_is_that_option_unless_a_label_says_otherwise(
    labels: list[str], number: int, form: str
) -> None:
    """`/vote 1 option 2` was refused "“option 2” is not an option": people type the
    word as the help writes the field (`option:2`). Option N, as `#N` is, unless a label
    is, or starts, what was typed (a poll's option named "Option 2" keeps it); a number
    no option has is refused as one; typed with a Japanese input method, the same."""
    poll = poll_of(" | ".join(labels))
    typed = form.format(number)
    labelled = labels_named(poll, typed)
    for variant in (typed, full_width(typed)):
        if len(labelled) == 1 or (not labelled and 1 <= number <= len(labels)):
            assert poll.find_option(variant) == (labelled or [number])[0]
            continue
        refusal = f"matches {len(labelled)} options" if labelled else "has options 1 to"
        with pytest.raises(UserError, match=refusal):
            poll.find_option(variant)


#: What people type for option N: `#N`, the number after the word, quoted, bare.
NUMBER_FORMS = st.one_of(WORDED, st.sampled_from(["#{}", "{}", "'#{}'", " option {} "]))


@given(
    st.one_of(WORDED_LABELS, NUMBER_LABELS.map(lambda label: [label, "Pizza"]), WORD_LABELS),
    st.integers(0, 12),
    NUMBER_FORMS,
    st.booleans(),
    st.data(),
)
@example(["Pizza", "Pasta"], 2, "option {}", False, None)
@example(["Pizza", "Pasta"], 2, "opt {}", False, None)
@example(["Pizza", "Pasta"], 2, "#{}", True, None)  # ＃２, as a Japanese input method types it
def test_whatever_is_typed_the_option_submitting_it_picks_is_suggested(
    labels: list[str], number: int, form: str, wide: bool, data: st.DataObject | None
) -> None:
    """Discord's /vote option field offered nothing for "option 2", "opt 2" or "＃2",
    which submitted voted for option 2: its suggestions were read apart from the vote.
    Whatever is typed (a number as people write one, a label, a word of one), if
    submitting it picks option k, option k is offered, first."""
    try:
        poll = poll_of(" | ".join(labels))
    except UserError:  # refused when typed (a label reading as another's `#N`)
        return
    typed = form.format(number)
    if data is not None:
        typed = data.draw(st.one_of(st.just(typed), WORD, st.sampled_from(labels), TYPED))
    typed = full_width(typed) if wide else typed
    try:
        picked = poll.find_option(typed)
    except UserError:
        assume(False)  # nothing picked: nothing promised
    assert poll.suggested(typed)[0] == picked


def test_options_typed_with_the_word_together_are_each_taken_by_a_multi_choice_poll() -> None:
    poll = replace(poll_of("Pizza | Pasta | Soup"), multi=True)
    assert poll.find_options("option 1, opt #3") == (1, 3)


#: A list after the word, separated as people do; `{}` is each option's number.
WORDED_LISTS = st.sampled_from(
    [
        "options {} and {}",
        "Options {}, {}",
        "options #{} & #{}",
        "opts {}, {}",
        "options {} {}",
        "Options {} {} {}",
        "option #{} #{}",
        "options # {} {}",
        "opt. {}  {}",
        "option {} option {}",
    ]
)


@given(WORDED_LISTS, st.permutations([1, 2, 3]), st.booleans(), st.booleans())
@example("options {} and {}", [2, 3, 1], True, False)
@example("options {} and {}", [2, 3, 1], False, False)
@example("options {} {}", [1, 3, 2], True, False)  # /vote 1 options 1 3
@example("Options {} {} {}", [3, 1, 2], True, True)
def test_a_list_after_the_plural_word_names_those_options(
    form: str, numbers: list[int], multi: bool, wide: bool
) -> None:
    """`/vote 1 options 2 and 3` was refused "is not an option", though `option 2 and 3`
    was taken: the plural starts a list as the singular does; and `options 1 3`, a list
    at spaces, was refused, "options" alone being no option. A single-choice poll says
    how to type each, as for any list; typed with a Japanese input method, the same."""
    poll = replace(poll_of("Pizza | Pasta | Soup"), multi=multi)
    meant = tuple(numbers[: form.count("{}")])
    typed = form.format(*meant)
    typed = full_width(typed) if wide else typed
    if multi:
        assert poll.find_options(typed) == meant
    else:
        with pytest.raises(UserError, match=f"names {len(meant)} options, and poll #7 takes one"):
            poll.find_options(typed)


@given(
    WORD_LABELS,
    WORDED_LISTS,
    st.permutations([1, 2, 3]),
    st.sampled_from(["", " please", "!", " (all of them)"]),
    st.integers(0, 5),
    st.booleans(),
)
@example(["Pizza", "Pasta"], "options {} {}", [1, 3, 2], "", 2, True)
@example(["Pizza", "Pasta"], "options {} {}", [1, 3, 2], " please", 0, False)
@example(["Options", "Pizza", "Pasta"], "options {} {}", [3, 2, 1], " please", 3, False)
def test_a_label_that_is_or_starts_with_the_typed_list_is_the_option_voted_for(
    labels: list[str], form: str, numbers: list[int], rest: str, at: int, wide: bool
) -> None:
    """Labels win, as for "option 2": in a poll with an option named "options 1 3" (or
    "options 1 3 please"), `/vote 1 options 1 3` votes for it, not for options 1 and 3."""
    typed = form.format(*numbers)
    labels.insert(min(at, len(labels)), typed + rest)
    poll = replace(poll_of(" | ".join(labels)), multi=True)
    named = labels.index(typed + rest) + 1
    assert poll.find_options(full_width(typed) if wide else typed) == (named,)


@pytest.mark.parametrize("label", ["Options", "Optimism", "Opt 3"])
def test_the_word_before_a_list_is_no_option_a_label_starts_with(label: str) -> None:
    """`options 2 3` names 2 and 3 as `option 2` names 2, in a poll with an option the
    word alone would name ("Options", "Optimism", a word's start of "Opt 3")."""
    poll = replace(poll_of(f"{label} | Pizza | Pasta"), multi=True)
    assert poll.find_options("options 2 3") == (2, 3)
    assert poll.find_options("opt 2 3") == (2, 3)


#: Parts of a typed list: numbers, `#N`, labels, an option with the word; repeats likely.
PARTS = st.sampled_from(["1", "2", "3", "#1", "pizza", "Pasta", "option 2"])


@given(st.lists(PARTS, min_size=4, max_size=40), LIST_SEPARATORS, st.booleans())
@example(["1"] * 5000, " ", True)
@example(["1", "2", "3", "1"], ", ", False)
def test_more_parts_than_options_are_answered_as_the_whole_text(
    parts: list[str], separator: str, multi: bool
) -> None:
    """`/vote 1 1 1 1 …`: more parts than the poll has options (or a part twice) cannot
    all be distinct options, so no list is read: answered as the whole text is, as before
    the parts were counted first (thousands of them took half a second to refuse)."""
    poll = replace(poll_of("Pizza | Pasta | Soup"), multi=multi)
    typed = separator.join(parts)
    try:
        alone = (poll.find_option(typed),)
    except UserError as refused:
        with pytest.raises(UserError) as listed:
            poll.find_options(typed)
        assert str(listed.value) == str(refused)
    else:
        assert poll.find_options(typed) == alone


def test_a_list_of_thousands_of_parts_is_refused_without_reading_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The cost of `/vote 1 1 1 1 …`, counted rather than timed: the parts were each read
    as an option (a search of every label) before the repeats refused the list."""
    poll = replace(poll_of("Pizza | Pasta | Soup"), multi=True)
    read: list[str] = []
    find_option = Poll.find_option

    def counted(self: Poll, text: str, *, by_number: bool = True) -> int:
        read.append(text)
        return find_option(self, text, by_number=by_number)

    monkeypatch.setattr(Poll, "find_option", counted)
    with pytest.raises(UserError, match="is not an option of poll #7"):
        poll.find_options(" ".join(["1"] * 5000))
    assert len(read) <= len(poll.options)


#: Labels of two words joined as names of dishes and pairs are: `Fish & Chips`.
JOINED_LABELS = st.lists(
    st.tuples(WORD, st.sampled_from([" & ", " and ", " AND ", "&"]), WORD).map("".join),
    min_size=MIN_OPTIONS,
    max_size=5,
    unique_by=comparison_key,
)


@given(JOINED_LABELS, st.data())
@example(["Fish & Chips", "Salt and Pepper", "Tea"], [1, 2])
def test_labels_holding_and_or_ampersand_are_listed_by_commas(
    labels: list[str], data: st.DataObject | list[int]
) -> None:
    """`/vote 1 fish & chips, tacos` in a multiple-choice poll was "not an option": the
    list was split at its `&` too, into "fish", "chips" and "tacos". A list separated by
    commas and the like keeps each label's own `&` and "and"."""
    poll = replace(poll_of(" | ".join(labels)), multi=True)
    if isinstance(data, list):
        numbers, separator = data, ", "
    else:
        numbers = data.draw(
            st.lists(st.integers(1, len(labels)), min_size=2, max_size=len(labels), unique=True)
        )
        separator = data.draw(st.sampled_from([", ", ",", "; ", "、", " | "]))
    typed = separator.join(labels[n - 1].lower() for n in numbers)
    assume(not poll.suggested(typed))  # the whole text names an option itself
    assert poll.find_options(typed) == tuple(numbers)


@given(
    st.sampled_from([(" & ", " and "), ("&", " AND "), (" and ", " & "), (" And ", "&")]),
    st.lists(WORD, min_size=2 * MIN_OPTIONS, max_size=8),
    st.data(),
)
@example((" & ", " and "), ["Pizza", "x", "Fish", "Chips"], [1, 2])
def test_a_list_joined_by_and_keeps_a_labels_ampersand(
    joins: tuple[str, str], words: list[str], data: st.DataObject | list[int]
) -> None:
    """`/vote 1 pizza and fish & chips` in a multiple-choice poll was "not an option": split
    at both its "and" and its `&`, the list named "fish" and "chips". Labels that hold one
    of the two, listed with the other (and commas before it, as English lists: "a, b and
    c"), read as listed."""
    inner, between = joins
    labels = [inner.join(pair) for pair in zip(words[::2], words[1::2], strict=False)]
    try:
        poll = replace(poll_of(" | ".join(labels)), multi=True)
    except UserError:
        assume(False)
        raise
    if isinstance(data, list):
        numbers = data
    else:
        numbers = data.draw(
            st.lists(st.integers(1, len(labels)), min_size=2, max_size=len(labels), unique=True)
        )
    named = [labels[n - 1].lower() for n in numbers]
    typed = ", ".join(named[:-1]) + between + named[-1]
    assume(not poll.suggested(typed))  # the whole text names an option itself
    assert poll.find_options(typed) == tuple(numbers)


#: Words of labels, in letters people type.
LABEL_WORDS = st.text(st.sampled_from("abcdeéinorst"), min_size=3, max_size=8)


@given(
    labels=st.lists(
        st.lists(LABEL_WORDS, min_size=1, max_size=3).map(" ".join), min_size=2, max_size=5
    ),
    typed=st.text(st.sampled_from("abcdeéinorst "), min_size=1, max_size=12),
)
@example(labels=["Gavin Baker", "Aaron Gin", "Neither"], typed="Bakr")
@example(labels=["Gavin Baker", "Aaron Gin", "Neither"], typed="Neithr")
def test_a_mistyped_label_is_offered_never_voted(labels: list[str], typed: str) -> None:
    """`/vote 1 Bakr` listed the options, leaving the voter to spot the slip. What names
    no option is still refused, never guessed; where one label, or a word of it, is close
    (`typos.nearest`), the refusal offers the line that votes for it, which does."""
    try:
        poll = poll_of(" | ".join(labels))
    except UserError:
        assume(False)
        raise
    try:
        poll.find_option(typed)
    except UserError as refused:
        said = str(refused.message)
    else:
        return  # it names an option: voted as typed, no typo
    offered = re.search(r"Did you mean /vote poll:7 option:(\d+) for “(.*?)”\?", said)
    if offered is not None:
        number = int(offered[1])
        assert poll.find_option(str(number)) == number
        assert offered[2] == poll.label(number)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("Bakr", 1), ("Gim", 2), ("Both in thier domains", 3), ("Neithr", 4), ("Neihter", 4)],
)
def test_a_slip_in_a_label_is_answered_with_the_line_for_it(typed: str, meant: int) -> None:
    poll = poll_of("Gavin Baker | Aaron Gin | Both, in their domains | Neither")
    with pytest.raises(UserError) as refused:
        poll.find_option(typed)
    said = str(refused.value.message)
    assert f" Did you mean /vote poll:7 option:{meant} for “{poll.label(meant)}”? " in said
    assert said.endswith(
        "Options: 1) Gavin Baker; 2) Aaron Gin; 3) Both, in their domains; 4) Neither."
    )
