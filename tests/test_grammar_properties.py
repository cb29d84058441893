"""Property tests of the typed-command grammar: whatever a user types, it either reads every
word into some option or says why not, and quoting always protects a value."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.core.dispatch import convert_options
from bot.core.durations import is_duration_word, is_seconds_only, parse_duration
from bot.core.errors import UserError
from bot.core.grammar import (
    _TIME_LEADS,
    _accepts,
    _looks_like_setting,
    parse_arguments,
    quote,
)
from bot.core.registry import Command, Option, OptionType
from bot.core.sanitize import neutralize_mentions, strip_controls
from bot.polls.model import MAX_DURATION, MIN_DURATION
from tests.test_grammar import ASK, DAILY, POLL, POLL_SETTINGS, VOTE
from tests.test_long_typed_text import TYPED

COMMANDS = st.sampled_from([POLL, VOTE, DAILY])
#: Words a user types without quotes, escapes or colons (those have their own rules).
WORD = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc"),
        blacklist_characters='"“”„「『\\:：',
    ),
    min_size=1,
    max_size=8,
)


@given(st.data())
def test_named_quoted_values_round_trip_in_any_order(data: st.DataObject) -> None:
    names = data.draw(st.permutations([o.name for o in POLL.options]))
    chosen = names[: data.draw(st.integers(0, len(names)))]
    values = {name: data.draw(st.text(max_size=20)) for name in chosen}
    text = " ".join(f"{name}:{quote(value)}" for name, value in values.items())
    assert parse_arguments(POLL, text) == values


@given(st.data())
def test_a_full_width_colon_names_an_option_as_a_colon_does(data: st.DataObject) -> None:
    """`name：value`, the colon as Chinese and Japanese keyboards type it, reads as
    `name:value`, quoted or not: `/poll question：Lunch? options：A | B` made a poll asking
    "question：Lunch?" of "options：A" and "B"."""
    names = data.draw(st.permutations([o.name for o in POLL.options]))
    chosen = names[: data.draw(st.integers(1, len(names)))]
    values = {name: data.draw(st.text(max_size=20)) for name in chosen}
    colons = [data.draw(st.sampled_from([":", "："])) for _ in chosen]
    typed = " ".join(f"{n}{c}{quote(v)}" for (n, v), c in zip(values.items(), colons, strict=True))
    assert parse_arguments(POLL, typed) == values


@given(st.text(max_size=30), st.text(max_size=30))
def test_positional_quoted_values_round_trip(question: str, options: str) -> None:
    assert parse_arguments(POLL, f"{quote(question)} {quote(options)}") == {
        "question": question,
        "options": options,
    }


#: Text inside corner brackets: anything but the closing bracket or a backslash.
CORNERED = st.text(alphabet=st.characters(blacklist_characters="」\\"), max_size=30)


@given(CORNERED, st.lists(WORD, min_size=2, max_size=4))
def test_corner_brackets_quote_a_question_as_japanese_is_written(
    question: str, labels: list[str]
) -> None:
    """`/poll 「誰が正しい？」 Baker｜Gin` made a poll asking "「誰が正しい？" with an option
    "」 Baker": 「…」 are the quote marks Japanese is written with."""
    labels = [label.strip("|｜?？") if _plain(label) else "x" for label in labels]
    labels = [label if label and not any(c.isdigit() for c in label) else "x" for label in labels]
    options = " | ".join(labels)
    for text in (f"「{question}」 {options}", f"question:「{question}」 options:{quote(options)}"):
        assert parse_arguments(POLL, text) == {"question": question, "options": options}


@given(COMMANDS, st.lists(WORD, max_size=10))
@example(POLL, ["ランチは？寿司", "|", "ラーメン"])
@example(POLL, ["a？b？c", "d"])
def test_no_word_is_lost_silently(command, words: list[str]) -> None:
    """Every word is read, whole; a question is split only after a full-width `？` inside
    one of its words (`ランチは？寿司`: `ランチは？` and `寿司`), as scripts without spaces
    are written."""
    try:
        values = parse_arguments(command, " ".join(words))
    except UserError:
        return
    read = sorted(word for value in values.values() for word in value.split())
    splits = [
        [*words[:k], word[: cut + 1], word[cut + 1 :], *words[k + 1 :]]
        for k, word in enumerate(words)
        if (cut := word.find("？", 0, len(word) - 1)) >= 0
    ]
    assert read == sorted(words) or (command is POLL and read in map(sorted, splits[:1]))


DURATION = st.builds(lambda n, unit: f"{n}{unit}", st.integers(1, 99), st.sampled_from("smhdw"))
#: A duration in the units polls run for; seconds (`Early 90s`) read as a label as well.
POLL_DURATION = st.builds(
    lambda n, u: f"{n}{u}", st.integers(1, 99), st.sampled_from("mhdw")
).filter(lambda word: MIN_DURATION <= parse_duration(word) <= MAX_DURATION)


def _plain(word: str) -> bool:
    """Whether a label word leaves a setting after it clear-cut (not `1h`, `true` or `in`)."""
    return not _looks_like_setting(word) and word.lower() not in _TIME_LEADS


@given(st.text(max_size=20), st.lists(WORD, min_size=1, max_size=6), POLL_DURATION)
def test_a_trailing_duration_is_never_swallowed_by_the_options(
    question: str, words: list[str], duration: str
) -> None:
    """...unless it is a whole last option (`a | 1h`): taking it would leave that one empty.
    No word has a digit, so no option ends in a duration (`Run 5 m`), as the rule for
    labels that all end in one wants (`test_a_label_never_silently_loses_or_gains_...`)."""
    words = [w for w in words if _plain(w) and not any(c.isdigit() for c in w)] or ["x"]
    text = f"{quote(question)} {' '.join(words)} {duration}"
    values = parse_arguments(POLL, text)
    if words[-1].endswith("|"):
        assert values["options"].split() == [*words, duration]
    else:
        assert values["duration"] == duration
        assert values["options"].split() == words


def _full_width(text: str) -> str:
    """`text` as a Japanese input method types it: every ASCII digit and letter in full width."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


@given(st.text(max_size=20), st.lists(WORD, min_size=1, max_size=6), POLL_DURATION)
@example("", ["｜"], "1m")
def test_a_duration_typed_in_full_width_reads_as_typed_in_ascii(
    question: str, words: list[str], duration: str
) -> None:
    """`１ｈ` is `1h` in another form: it ends the options and sets the same span."""
    words = [w for w in words if _plain(w) and not any(c.isdigit() for c in w)] or ["x"]
    words[-1] = words[-1].rstrip("|｜") or "x"
    typed = _full_width(duration)
    values = parse_arguments(POLL, f"{quote(question)} {' '.join(words)} {typed}")
    assert values["duration"] == typed
    assert parse_duration(typed) == parse_duration(duration)


#: The sentence a refusal ends with when a form it offers left out a part too long to repeat.
ELIDED = ". Each … stands for your own words, too long to repeat here."
#: What a refusal says where a duration's words could as well end the last option.
TWO_READINGS = "may be part of the last of the options or the duration"
#: What a refusal says where no form naming settings could keep every word in place.
NO_FORM = "reads as no setting of /poll"
#: A part a form left out: a bare `…`, named or quoted as the part would be.
_PLACEHOLDER = re.compile(r'(?<!\S)(?:[a-z_]+:)?"?…"?(?!\S)')


def _check_where_options_end(message: str, question: str, typed: str) -> None:
    """Each form a "Where does `options` end?" refusal offers, pasted whole, is accepted: it
    gives the question as typed and reads every word typed after it in place, none lost,
    the first ones quoted as the options, each other named by the option that reads it.
    Where the duration's words could as well end the last option (`Plan 2d | Plan 3d`,
    `1h and 30m`), one form keeps them there and one names them, as `duration:` reads
    them (`1h 30m`, `1 h` as `1h`). Where no form naming settings keeps every word (a word no
    option reads after them), the message names the word and offers only the form quoting
    them all, if that is whole. A form too long to repeat is a shape whose parts left out
    are bare `…`, never clipped text."""
    forms = _SUGGESTED.findall(message)
    assert message.startswith("Where does `options` end? ")
    assert forms or (NO_FORM in message and message.endswith("as /help poll shows."))
    for form in forms:
        if _PLACEHOLDER.search(form):
            shape = _PLACEHOLDER.sub("", form)
            assert message.endswith(ELIDED) and shape.startswith("/poll ")
            assert shape.count("…") <= typed.count("…")
            continue
        assert strip_controls(form).startswith(f"/poll {neutralize_mentions(question)} options:")
        values = _pasted(form)
        assert values.pop("question") == neutralize_mentions(question)
        read = " ".join(values.values()).split()
        if TWO_READINGS in message:
            assert _squeezed(read) == _squeezed(neutralize_mentions(typed).split())
        else:
            assert read == neutralize_mentions(typed).split()


#: A question's mark as typed in Latin scripts, in Chinese and Japanese, and in Arabic.
MARKS = st.sampled_from(["?", "？", "؟"])


def _markless(word: str) -> str:
    """`word` without a question mark in any form, so it cannot end a question."""
    return "".join(char for char in word if char not in "?？؟") or "x"


#: Words of a script written without spaces (Japanese), and its mark.
UNSPACED_WORD = st.text(alphabet="今日のランチは寿司ラーメン何", min_size=1, max_size=6)


@given(UNSPACED_WORD, st.lists(UNSPACED_WORD, min_size=2, max_size=4), st.sampled_from(["", " "]))
def test_a_full_width_mark_ends_a_question_with_or_without_a_space_after_it(
    question: str, labels: list[str], gap: str
) -> None:
    """`ランチは？寿司 | ラーメン` is question `ランチは？` and options `寿司 | ラーメン`, as with a
    space after the `？` (Japanese and Chinese put none), named or by position."""
    options = " | ".join(labels)
    expected = {"question": question + "？", "options": options}
    assert parse_arguments(POLL, f"{question}？{gap}{options}") == expected
    assert parse_arguments(POLL, f"question:{question}？{gap}{options}") == expected


def _squeezed(words: list[str]) -> str:
    """`words` as a duration named in a form repeats them: `and` left out, spaces closed."""
    return "".join(word for word in words if word.lower() not in {"and", "&"})


@given(st.lists(WORD, min_size=1, max_size=6), st.lists(WORD, min_size=1, max_size=6), MARKS)
@example(["Who", "wins"], ["Baker", "|", "Gin", "1h", "true", "2"], "?")
@example(["今日の", "ランチは"], ["寿司", "|", "ラーメン"], "？")
@example(["ما", "رأيك"], ["نعم", "|", "لا"], "؟")
def test_an_unquoted_question_ends_at_its_mark(
    question: list[str], options: list[str], mark: str
) -> None:
    question = [_markless(w) for w in question]
    options = [_markless(w) for w in options]
    try:
        values = parse_arguments(POLL, f"{' '.join(question)}{mark} {' '.join(options)}")
    except UserError as error:  # settings that stop fitting part-way, such as `1h true 2`
        _check_where_options_end(error.message, " ".join(question) + mark, " ".join(options))
        return
    assert values["question"] == " ".join(question) + mark
    given_back = [values[name] for name in POLL_SETTINGS if name in values]  # a trailing `1h`
    assert " ".join([values["options"], *given_back]).split() == options


def _setting_values(duration: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[str, ...]]:
    """Values of the poll's settings in declared order: a duration, three booleans, rounds."""
    booleans = st.sampled_from(["true", "false", "yes", "no", "on", "off"])
    return st.tuples(duration, booleans, booleans, booleans, st.sampled_from(["1", "2"]))


SETTING_VALUES = _setting_values(POLL_DURATION)
LETTERS = st.text(alphabet=string.ascii_letters, min_size=1, max_size=8).filter(_plain)


def _labels(words: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.lists(words, min_size=1, max_size=3).map(" ".join), min_size=2, max_size=4)


@given(_labels(LETTERS), SETTING_VALUES, st.integers(0, len(POLL_SETTINGS)))
def test_settings_after_plain_labels_are_read_exactly(
    labels: list[str], settings: tuple[str, ...], typed: int
) -> None:
    text = f"Who wins? {' | '.join(labels)} {' '.join(settings[:typed])}"
    assert parse_arguments(POLL, text) == {
        "question": "Who wins?",
        "options": " | ".join(labels),
        **dict(zip(POLL_SETTINGS, settings[:typed], strict=False)),
    }


#: Label words, settings' look-alikes among them.
LABEL_WORD = WORD.filter(lambda w: not {"|", "｜"} & set(w)) | st.sampled_from(
    ["1h", "30m", "90s", "yes", "no", "true", "2", "in", "for"]
)


@given(_labels(LABEL_WORD), _setting_values(DURATION), st.integers(1, len(POLL_SETTINGS)))
@example(["0S", "0 0S 0"], ("1s", "true", "true", "true", "1"), 2)
def test_typed_settings_are_never_merged_into_a_label(
    labels: list[str], settings: tuple[str, ...], typed: int
) -> None:
    """Whatever the labels' words (`1h`, `yes`, `2`, `in`), settings typed after them starting
    with a duration (`90s` too) are read exactly, or the text is refused with the quoted form,
    the whole command."""
    assume(not _goes_on(labels, settings[0]))  # `b 1h` then `30m`: the next tests' case
    after = f"{' | '.join(labels)} {' '.join(settings[:typed])}"
    try:
        values = parse_arguments(POLL, f"Who wins? {after}")
    except UserError as error:
        _check_where_options_end(error.message, "Who wins?", after)
        return
    assert values["options"] == " | ".join(labels)
    assert [values.get(name) for name in POLL_SETTINGS[:typed]] == list(settings[:typed])


#: Text made of the pieces the grammar reacts to, so every rule meets every other one.
PIECES = st.lists(
    st.sampled_from(
        ["question:", "options:", "duration:", "anonymous:", "durationn:", "colour:", '"',
         "“", "”", "„", "\\", "?", " ", "  ", "a", "Who", "1h", "2", "|", "https://x.org",
         "true", "09:30"]
    ),
    max_size=25,
).map("".join)  # fmt: skip


@given(COMMANDS, st.one_of(st.text(max_size=80), PIECES, TYPED))  # TYPED: up to 6,000
def test_any_text_parses_or_raises_a_user_error(command, text: str) -> None:
    try:
        values = parse_arguments(command, text)
    except UserError as error:
        assert error.message
    else:
        assert set(values) <= {o.name for o in command.options}


#: Pieces of a question: (as typed, as meant). Quoted groups keep their quote marks, and `\\"`
#: outside quotes is a quote mark.
QUESTION_PIECES = st.one_of(
    WORD.map(lambda w: (w, w)),
    st.text(max_size=10).map(lambda t: (quote(t), f'"{t}"')),
    st.sampled_from('"“”„').map(lambda q: ("\\" + q, q)),
)
GAPS = st.sampled_from(["", " ", "  ", "\t"])


@given(st.lists(st.tuples(QUESTION_PIECES, GAPS), min_size=1, max_size=8))
def test_a_question_is_read_as_typed(pieces: list[tuple[tuple[str, str], str]]) -> None:
    """/ask's question is its text as typed, quote marks included; only a text that is one
    quoted group loses them."""
    typed = "".join(piece + gap for (piece, _), gap in pieces)
    meant = "".join(piece + gap for (_, piece), gap in pieces).strip()
    one_group = len(pieces) == 1 and typed.startswith('"')
    assert parse_arguments(ASK, typed) == {"question": meant[1:-1] if one_group else meant}


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters='"“”„「『:'))
)
def test_a_question_without_quotes_or_colons_is_the_text(text: str) -> None:
    assert parse_arguments(ASK, text) == ({"question": text.strip()} if text.strip() else {})


@given(st.lists(QUESTION_PIECES, max_size=5), WORD)
def test_an_unclosed_quote_in_a_question_is_named(pieces: list[tuple[str, str]], word: str) -> None:
    typed = " ".join(piece for piece, _ in pieces)
    with pytest.raises(UserError, match=r'A double quote is not closed\. .*write \\" for'):
        parse_arguments(ASK, f'{typed} "{word}')


#: Plain words that no option reads as a setting, so only quoting is at stake.
PLAIN = st.sampled_from(["tea", "gin", "say", "red", "big", "and"])
PHRASE = st.lists(PLAIN, min_size=1, max_size=2).map(" ".join)


def _suggestion(message: str, after: str) -> str:
    assert after in message
    return message.split(after, 1)[1]


def _pasted(form: str) -> dict[str, str]:
    """What a suggested form gives when pasted whole, as people do: it is the whole command,
    each value one the command takes (a form naming `duration:30s` would be refused)."""
    assert form.startswith("/poll "), form
    # Read as the dispatcher reads a pasted line: controls (the isolates around
    # right-to-left words among them) stripped first.
    values = parse_arguments(POLL, strip_controls(form.removeprefix("/poll ")))
    for name, value in values.items():
        option = POLL.option(name)
        assert option is not None
        option.convert(value)
    return values


def _shown(values: dict[str, str]) -> dict[str, str]:
    """Values as a form repeats them: mentions made inert (the poll shows them so anyway)."""
    return {name: neutralize_mentions(value) for name, value in values.items()}


@given(
    st.lists(st.lists(PLAIN, min_size=1, max_size=2), min_size=2, max_size=3),
    st.data(),
    PHRASE,
)
def test_the_suggested_form_for_quotes_in_a_label_reads_as_typed(
    labels: list[list[str]], data: st.DataObject, quoted: str
) -> None:
    """`Say "hi" | Bye`: the quoted form suggested, typed, gives the labels with their quotes."""
    number = data.draw(st.integers(0, len(labels) - 1))
    at = data.draw(st.integers(0, len(labels[number])))
    label = labels[number]
    labels[number] = [*label[:at], f'"{quoted}"', *label[at:]]
    meant = " | ".join(" ".join(words) for words in labels)
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, f"Q? {meant}")
    suggested = _suggestion(caught.value.message, "quote all of it: ")
    assert _pasted(suggested) == {"question": "Q?", "options": meant}


#: Where a refusal names a form to type: up to the end of its sentence, or of the message.
_SUGGESTED = re.compile(
    r"(?:name it: |quote all of it: |setting after it: |e\.g\. )(.*?)(?:\. (?=If |Each )|$)"
)


#: Settings typed after a refused word: a duration by position, one named (or neither).
NAMED_SETTING = st.sampled_from(
    [("rounds", "2"), ("hide_results", "true"), ("multi", "no"), ("anonymous", "no")]
)


@given(
    st.lists(PHRASE, min_size=2, max_size=3).map(" | ".join),
    st.sampled_from(["yes", "no", "true", "false", "on", "off", "Y", "n", "|", "tea"]),
    st.booleans(),
    st.one_of(st.none(), POLL_DURATION),
    st.one_of(st.none(), NAMED_SETTING),
    st.booleans(),
)
@example("tea | gin", "yes", False, "1h", None, False)
@example("tea | gin", "yes", False, None, ("anonymous", "no"), False)
def test_every_form_suggested_for_a_word_after_quoted_options_reads_as_meant(
    options: str,
    word: str,
    named_question: bool,
    duration: str | None,
    named: tuple[str, str] | None,
    named_first: bool,
) -> None:
    """`"A | B" yes 1h`: each form suggested, typed, reads either as the setting a later
    option takes the word for (`anonymous:yes`), offered whenever there is one, or as the
    labels quoted with the word; and loses none of the settings typed after the word, by
    position or by name (`1h`, `rounds:2`), in their place."""
    question = 'question:"Q?"' if named_question else '"Q?"'
    positional = [duration] if duration and word != "|" else []  # `| 1h`: 1h starts a label
    by_name = [f"{name}:{value}" for name, value in [named]] if named else []
    rest = [*by_name, *positional] if named_first else [*positional, *by_name]
    settings = dict([named]) if named else {}
    if positional:
        settings["duration"] = positional[0]
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, " ".join([question, quote(options), word, *rest]))
    forms = _SUGGESTED.findall(caught.value.message)
    readings = [_pasted(form) for form in forms]
    together = {"question": "Q?", "options": f"{options} {word}", **settings}
    takers = [o.name for o in POLL.options[3:] if _accepts(o, word) and o.name not in settings]
    meant = {"question": "Q?", "options": options, takers[0]: word, **settings} if takers else None
    assert readings and all(reading in (together, meant) for reading in readings)
    assert meant is None or meant in readings, "the setting the word most likely was is offered"
    for form in forms:  # what was typed after the word ends every form, in its order
        ending = form.split()[len(form.split()) - len(rest) :]
        assert [w.rpartition(":")[2] for w in ending] == [w.rpartition(":")[2] for w in rest]


@given(PHRASE, PHRASE, st.lists(PLAIN, max_size=2), st.lists(PHRASE, min_size=2, max_size=3))
def test_the_suggested_form_for_quotes_in_a_question_reads_as_typed(
    before: str, quoted: str, after: list[str], labels: list[str]
) -> None:
    """`Who "really" wins? A | B`: the quoted form suggested, typed, gives the question with
    its quotes and the options typed after it."""
    question = " ".join([before, f'"{quoted}"', *after]) + "?"
    options = " | ".join(labels)
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, f"{question} {options}")
    suggested = _suggestion(caught.value.message, "e.g. ")
    assert _pasted(suggested) == {"question": question, "options": options}


@given(_labels(LABEL_WORD))
@example(["Late 80s", "Early 90s"])
@example(["Today", "In 2d"])
@example(["Baker", "Gin true"])
@example(["Pizza", "1h 2h"])
@example(["0", "0H 0M 0H"])
def test_labels_lose_words_only_to_settings_read_in_order(labels: list[str]) -> None:
    """Labels typed alone (`Late 80s | Early 90s`, `Today | In 2d`, `Gin true`) are read
    whole, or refused with the quoted form, the whole command, which ends with every word
    typed after the words it quotes, in place (`/poll Who wins? options:"Gin" duration:1h
    anonymous:true rounds:2`); words are given back as settings only when the rule says
    so: a duration in minutes to weeks starts them, after a kept word that is neither
    setting-like nor a word such as `in`, and they read in order to the end."""
    typed = " | ".join(labels)
    try:
        values = parse_arguments(POLL, f"Who wins? {typed}")
    except UserError as error:
        _check_where_options_end(error.message, "Who wins?", typed)
        return
    given_back = [values[name] for name in POLL_SETTINGS if name in values]
    assert list(values) == ["question", "options", *POLL_SETTINGS[: len(given_back)]]
    assert " ".join([values["options"], *given_back]).split() == typed.split()
    if given_back:
        kept = values["options"].split(" | ")[-1].split()
        assert re.fullmatch(r"([0-9]+[mhdw])+( [0-9]+[mhdw])*", given_back[0].lower())
        assert kept[-1].lower() not in _TIME_LEADS
        first_word = len(kept) == 1 or is_duration_word(" ".join(kept))  # `1h 30m` is one
        assert first_word or not _looks_like_setting(kept[-1])  # a part's first word stays


@given(_labels(LABEL_WORD), st.lists(st.sampled_from([" | ", "｜", " ｜ ", "|"]), min_size=3))
@example(["A", "1h"], [" ｜ "] * 3)
@example(["寿司", "ラーメン 1h"], [" ｜ "] * 3)
def test_options_separated_by_a_full_width_bar_read_as_by_a_bar(
    labels: list[str], bars: list[str]
) -> None:
    """A Japanese input method types `｜` for `|`: a poll typed with it reads as with `|`,
    its settings included (`A ｜ 1h` is two options, as `A | 1h` is, not `A ｜` for 1h)."""
    typed = "Q? " + labels[0] + "".join(map("".join, zip(bars, labels[1:], strict=False)))
    try:
        expected = parse_arguments(POLL, typed.replace("｜", "|"))
    except UserError:
        with pytest.raises(UserError):
            parse_arguments(POLL, typed)
        return
    read = parse_arguments(POLL, typed)
    assert {name: value.replace("｜", "|") for name, value in read.items()} == expected


def _goes_on(labels: list[str], duration: str) -> bool:
    """Whether `duration`, typed after `labels`, goes on a duration their last words hold
    (`b 1h` then `30m`), as the grammar joins duration words: each to the one before while
    no unit comes twice."""
    last = ""
    for word in " | ".join(labels).split():
        last = f"{last} {word}" if last and is_duration_word(f"{last} {word}") else word
    return is_duration_word(f"{last} {duration}")


#: The units polls run for, largest first, as people write a duration in words.
LARGEST_FIRST = "wdhm"
#: A duration in the units polls run for, as words of distinct units largest first, some
#: holding more than one (`1d 12h`, `2w 30m`, `1d12h 30m`): (words, seconds).
DURATION_WORDS = st.sets(st.sampled_from(LARGEST_FIRST), min_size=1).flatmap(
    lambda units: st.tuples(
        st.lists(st.integers(1, 99), min_size=len(units), max_size=len(units)),
        st.integers(1, 4),
    ).map(lambda counts_cut: _in_words(sorted(units, key=LARGEST_FIRST.index), *counts_cut))
)


def _in_words(units: list[str], counts: list[int], cut: int) -> tuple[list[str], int]:
    """`counts` of the first `units`, written as words split after the `cut`-th part."""
    parts = [f"{count}{unit}" for count, unit in zip(counts, units, strict=False)]
    words = ["".join(parts[:cut]), "".join(parts[cut:])]
    return [word for word in words if word], parse_duration("".join(parts))


@given(_labels(LETTERS), DURATION_WORDS, SETTING_VALUES, st.integers(0, len(POLL_SETTINGS) - 1))
@example(["A", "B"], (["1d", "12h"], 129600), ("1h", "true", "no", "no", "2"), 0)
@example(["A", "B"], (["1h", "30m"], 5400), ("1h", "true", "no", "no", "2"), 1)
def test_a_duration_typed_in_words_sets_the_poll_duration(
    labels: list[str], duration: tuple[list[str], int], settings: tuple[str, ...], more: int
) -> None:
    """`A | B 1d 12h true`: duration words of distinct units, largest first, typed after the
    options are one duration, whatever settings follow it in declared order."""
    words, seconds = duration
    after = settings[1 : 1 + more]
    values = parse_arguments(POLL, f"Who wins? {' | '.join(labels)} {' '.join([*words, *after])}")
    assert values["options"] == " | ".join(labels)
    assert parse_duration(values["duration"]) == seconds
    assert [values.get(name) for name in POLL_SETTINGS[1 : 1 + more]] == list(after)


#: Words after a duration: settings that may stop fitting, and a stray word.
AFTER_DURATION = st.lists(st.sampled_from(["true", "no", "2", "tea", "1"]), max_size=3)


@given(_labels(LETTERS), DURATION_WORDS, AFTER_DURATION)
@example(["A", "B"], (["1d", "12h"], 129600), ["true", "2"])
@example(["A", "B"], (["1h", "30m"], 5400), ["tea", "true"])
def test_every_form_naming_a_duration_in_words_pastes_back(
    labels: list[str], duration: tuple[list[str], int], after: list[str]
) -> None:
    """A refusal's form names a duration typed in words quoted (`duration:"1d 12h"`), so,
    pasted, it gives the poll that duration, or keeps the words whole in the labels
    (`A | B 1h 30m tea true`)."""
    words, seconds = duration
    options = f"{' | '.join(labels)} {' '.join([*words, *after])}"
    try:
        values = parse_arguments(POLL, f"Who wins? {options}")
    except UserError as error:
        _check_where_options_end(error.message, "Who wins?", options)
        if NO_FORM in error.message:
            return
        form = _suggestion(error.message, "setting after it: ")
        if "duration:" not in form:
            return
        joined = " ".join(words)
        assert f"duration:{quote(joined) if len(words) > 1 else joined} " in f"{form} "
        assert parse_duration(_pasted(form)["duration"]) == seconds
        return
    if "duration" not in values:  # `A | B 1h tea`: the words are labels
        assert values["options"] == options
        return
    assert values["options"] == " | ".join(labels)
    assert parse_duration(values["duration"]) == seconds


#: A duration word in one unit polls run for: (unit's place in LARGEST_FIRST, word).
ONE_UNIT = st.tuples(st.integers(0, len(LARGEST_FIRST) - 1), st.integers(1, 99)).map(
    lambda place_count: (place_count[0], f"{place_count[1]}{LARGEST_FIRST[place_count[0]]}")
)


@given(_labels(LETTERS), ONE_UNIT, ONE_UNIT)
@example(["30m"], (2, "1h"), (1, "1d"))
def test_a_label_in_a_smaller_unit_keeps_the_duration_after_it(
    labels: list[str], label: tuple[int, str], duration: tuple[int, str]
) -> None:
    """`How long? 30m | 1h 1d`: a last label `1h` then `1d`, a larger unit, is a label and
    a duration, as on the build before durations in words; nobody writes `1h 1d` for 25
    hours, and read as one label it took the poll's deadline away without a word."""
    assume(duration[0] < label[0])  # `1d` after `1h`: a larger unit than the label's
    options = " | ".join([*labels, label[1]])
    values = parse_arguments(POLL, f"How long? {options} {duration[1]}")
    assert values["options"] == options
    assert values["duration"] == duration[1]


#: Words typed after a poll's question, every kind the grammar reacts to after options:
#: labels, settings and their look-alikes, durations in words, quoted groups, named settings.
AFTER_QUESTION = st.sampled_from(
    ["tea", "gin", "|", "1h", "30m", "2h", "1d", "12h", "80s", "90s", "true", "no", "yes",
     "2", "1", "in", "and", "&", "h", "m", "1s", "extra", '"A | B"', '"x"', "anonymous:no",
     "rounds:2", "duration:1h", "hours", "days", "min", "seconds"]
)  # fmt: skip


def _typed_words(text: str) -> list[str]:
    """The words of `text` as a form repeats them: names and quote marks aside."""
    return [w.rpartition(":")[2] for w in text.replace('"', " ").split() if w.rpartition(":")[2]]


@given(st.lists(AFTER_QUESTION, min_size=1, max_size=8))
@example(["A", "|", "B", "1h", "1h"])
@example(["Late", "80s", "|", "Early", "90s", "1h"])
@example(['"A | B"', "yes", "tea"])
@example(["tea", "80s", "anonymous:no", "anonymous:no"])
@example(["tea", "|", "gin", "1s"])
@example(["tea", "|", "gin", "2", "hours", "1", "min", "true"])
@example(["tea", "80s", "duration:1h", "2"])  # a named value refused: no form repeats it
@example(["duration:1h", "2", '"A | B"', "tea"])  # and so before the value rewritten
def test_every_suggested_form_pasted_whole_is_accepted(words: list[str]) -> None:
    """Whatever is refused after a poll's question, each form the refusal offers, pasted
    whole, is accepted, keeps the question, and holds every word typed after it in place
    (a duration named `duration:` as it reads it: `1h and 30m` as `1h 30m`)."""
    typed = " ".join(words)
    try:
        parse_arguments(POLL, f"Q? {typed}")
    except UserError as error:
        for form in _SUGGESTED.findall(error.message):
            values = _pasted(form)
            assert values.pop("question") == "Q?"
            read, meant = _typed_words(" ".join(values.values())), _typed_words(typed)
            if TWO_READINGS in error.message:  # a duration named as `duration:` reads it
                read, meant = [_squeezed(read)], [_squeezed(meant)]
            assert read == meant, form


#: How people end an option with a duration: one word, words, with a space, with `and`.
DURATION_ENDINGS = st.sampled_from(
    ["2d", "3d", "30m", "80s", "6h 30m", "1d 12h", "1 h", "10 m", "2 d", "1h and 30m",
     "2 hours", "1 day 12 hrs"]
)  # fmt: skip
#: Endings whose words a deadline read by position would cut, or leave in the label.
PHRASES = {"1 h", "10 m", "2 d", "1h and 30m", "2 hours", "1 day 12 hrs"}


@given(
    st.lists(
        st.tuples(st.lists(LETTERS, min_size=1, max_size=2), st.none() | DURATION_ENDINGS),
        min_size=2,
        max_size=4,
    ),
    st.none() | POLL_DURATION,
)
@example([(["Plan"], "2d"), (["Plan"], "3d")], None)
@example([(["Sleep"], "8h"), (["Sleep"], "6h 30m")], None)
@example([(["Pizza"], None), (["Sushi"], "1h and 30m")], None)
@example([(["A"], None), (["B"], "1 h")], None)
@example([(["Pizza"], None), (["Sushi"], "2 hours")], None)
@example([(["Plan"], "2d"), (["Plan"], "3d")], "1h")
@example([(["Pizza"], None), (["Sushi"], "2d"), (["Tacos"], "3d")], None)
@example([(["Late"], "80s"), (["Grunge"], "2d")], None)
def test_a_label_never_silently_loses_or_gains_a_duration(
    options: list[tuple[list[str], str | None]], deadline: str | None
) -> None:
    """Options ending in durations, then maybe a deadline: read back, the options and the
    duration are the words typed, and the duration is the typed deadline, or the last
    option's ending (with the deadline, as one duration in words) only where that ending
    is one or more duration words and no other option ends in one, but in seconds alone
    (`Late 80s | Grunge 2d`: a decade); where it could as well be the option's (`Plan 2d
    | Plan 3d`, `Pizza | Sushi 2d | Tacos 3d`, `Sushi 1h and 30m`, `B 1 h`) both readings
    are offered whole, as `_check_where_options_end` checks."""
    labels = [" ".join([*words, ending] if ending else words) for words, ending in options]
    typed = " ".join([" | ".join(labels), *([deadline] if deadline else [])])
    try:
        values = parse_arguments(POLL, f"Q? {typed}")
    except UserError as error:
        _check_where_options_end(error.message, "Q?", typed)
        return
    assert set(values) <= {"question", "options", "duration"}
    assert " ".join([values["options"], values.get("duration", "")]).split() == typed.split()
    if values.get("duration", deadline) == deadline:
        return
    *others, (_, ending) = options
    assert ending is not None and ending not in PHRASES
    assert values["duration"] in (ending, f"{ending} {deadline}")
    shapes = [other for _, other in others if other and not is_seconds_only(other)]
    assert not shapes, "another option shows durations end labels here"


#: Options before the last, one of them at least ending in a duration (`Plan 2d`).
SHAPED_OTHERS = st.tuples(
    st.tuples(LETTERS, POLL_DURATION),
    st.lists(st.tuples(LETTERS, st.none() | POLL_DURATION), max_size=2),
).flatmap(lambda shaped_rest: st.permutations([shaped_rest[0], *shaped_rest[1]]))
#: A duration in words of two units polls run for, largest first (`3d 1h`): the words.
TWO_UNITS = (
    st.lists(st.sampled_from(LARGEST_FIRST), min_size=2, max_size=2, unique=True)
    .flatmap(
        lambda units: st.lists(st.integers(1, 99), min_size=2, max_size=2).map(
            lambda counts: _in_words(sorted(units, key=LARGEST_FIRST.index), counts, 1)[0]
        )
    )
    .filter(lambda words: MIN_DURATION <= parse_duration(words[-1]) <= MAX_DURATION)
)


@given(SHAPED_OTHERS, LETTERS, TWO_UNITS)
@example([("Plan", "2d")], "Plan", ["3d", "1h"])
def test_a_label_ending_as_another_keeps_it_and_the_deadline_after_it_is_offered_first(
    others: list[tuple[str, str | None]], word: str, duration: list[str]
) -> None:
    """`Plan 2d | Plan 3d 1h`: where another option ends in a duration, a last option whose
    duration is followed by one in a smaller unit (one duration in words, `3d 1h`) is
    refused, and the first form offered keeps that option's own duration in its label
    and makes the word after it the deadline; pasted whole, it makes that poll."""
    ending, deadline = duration
    labels = [" ".join([text, *([unit] if unit else [])]) for text, unit in others]
    options = " | ".join([*labels, f"{word} {ending}"])
    with pytest.raises(UserError) as caught:
        parse_arguments(POLL, f"Q? {options} {deadline}")
    first = _SUGGESTED.findall(caught.value.message)[0]
    assert _pasted(first) == {"question": "Q?", "options": options, "duration": deadline}


#: Durations no poll runs for: under a minute, or over 32 days.
OUT_OF_RANGE = st.one_of(
    st.builds(lambda n: f"{n}s", st.integers(1, 59)),
    st.builds(lambda n: f"{n}d", st.integers(33, 999)),
    st.builds(lambda n: f"{n}w", st.integers(5, 99)),
)


@given(st.lists(PHRASE, min_size=2, max_size=3), OUT_OF_RANGE)
@example(["tea", "gin"], "30s")
def test_a_duration_no_poll_runs_for_is_never_named_nor_silently_kept_in_a_label(
    labels: list[str], duration: str
) -> None:
    """After the options, a duration out of the poll's range is its deadline (then refused by
    its range), or is asked about with forms that keep it in the label: none names it, as
    pasted it would be refused again, and it never silently ends a label."""
    typed = f"{' | '.join(labels)} {duration}"
    try:
        values = parse_arguments(POLL, f"Q? {typed}")
    except UserError as error:
        forms = _SUGGESTED.findall(error.message)
        assert forms and "`duration` must be from 1m to 32d" in error.message
        assert all(_pasted(form) == {"question": "Q?", "options": typed} for form in forms)
        return
    assert values == {"question": "Q?", "options": " | ".join(labels), "duration": duration}


#: A command whose only option is a number, as /results, /close and /takeaway declare.
RESULTS = Command(
    name="results",
    description="results",
    handler=VOTE.handler,
    options=(Option("poll", "p", OptionType.INTEGER),),
)
#: A number as people type one: ASCII, full width, after `#`, any size.
NUMBERS = st.builds(
    lambda number, mark, wide: mark + (typed_wide(number) if wide else number),
    st.integers(-3, 10**25).map(str),
    st.sampled_from(["", "#", "＃"]),
    st.booleans(),
)
#: The name of an option as typed, in any case or width.
POLL_WORDS = st.sampled_from(["poll", "Poll", "POLL", "ｐｏｌｌ", "ＰＯＬＬ"])


def typed_wide(text: str) -> str:
    """`text` with its ASCII characters in full width, as a Japanese input method types."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def read(command: Command, text: str) -> dict[str, object] | str:
    """What `text` gives the command: its values read and converted, or the message it is
    refused with."""
    try:
        return convert_options(command, parse_arguments(command, text))
    except UserError as error:
        return error.message


@given(command=st.sampled_from([RESULTS, VOTE]), word=POLL_WORDS, number=NUMBERS, rest=WORD)
@example(command=RESULTS, word="poll", number="3", rest="")  # "too many words"
@example(command=VOTE, word="poll", number="3", rest="2")  # "must be a whole number, not poll"
def test_the_first_option_s_name_then_a_number_reads_as_that_option_named(
    command: Command, word: str, number: str, rest: str
) -> None:
    """`/close poll 3` is `/close poll:3`: people type the field as help writes it, without
    its colon; so is a number that the option then refuses (`poll 0`)."""
    tail = f" {rest}" if command is VOTE else ""
    assert read(command, f"{word} {number}{tail}") == read(command, f"poll:{number}{tail}")


@given(
    command=st.sampled_from([POLL, VOTE, DAILY, ASK, RESULTS]),
    data=st.data(),
    spaces=st.sampled_from([" ", "  ", "\u3000", "\t"]),
)
@example(command=RESULTS, data=None, spaces=" ")
def test_a_name_typed_with_a_space_after_its_colon_names_the_word_after_it(
    command: Command, data: st.DataObject | None, spaces: str
) -> None:
    """`/results poll: 3` (as Discord shows a filled field) was "too many words", and
    `/vote poll: 3 option: 2` "`option` is given twice": a value after the space is that
    option's value, as it is after the colon."""
    if data is None:  # the explicit example: /results poll: 3
        assert read(RESULTS, "poll: 3") == {"poll": 3} == read(RESULTS, "poll:3")
        return
    option = data.draw(st.sampled_from(command.options))
    value = data.draw(NUMBERS if option.type is OptionType.INTEGER else WORD)
    assume(not _NAMED_WORD.match(value))
    assert read(command, f"{option.name}:{spaces}{value}") == read(
        command, f"{option.name}:{value}"
    )


#: A word that itself reads as `name:`, which a `name:` before it leaves empty.
_NAMED_WORD = re.compile(r"[a-z_][a-z0-9_]*:", re.IGNORECASE)


def test_a_name_with_nothing_after_its_colon_still_needs_a_value() -> None:
    for refused in (read(RESULTS, "poll: "), read(VOTE, "poll: option:2")):
        assert str(refused).startswith("`poll` needs a value.")
    assert read(VOTE, "poll: 3 option: Gavin Baker") == {"poll": 3, "option": "Gavin Baker"}
    assert read(VOTE, "poll 3 option 2") == {"poll": 3, "option": "option 2"}
    assert str(read(RESULTS, "poll x")).startswith("Too many words")  # two words, as before


@given(
    command=st.sampled_from([POLL, VOTE, DAILY, ASK, RESULTS]),
    data=st.data(),
    spaces=st.sampled_from([" ", "  ", "\u3000", "\t"]),
    value=st.text(max_size=20),
)
@example(command=POLL, data=None, spaces=" ", value="")
def test_a_quoted_value_after_a_spaced_colon_is_that_options_value(
    command: Command, data: st.DataObject | None, spaces: str, value: str
) -> None:
    """`/poll question: "Who wins?" options: "A | B"` was refused ("`options` is given
    twice"), and `/poll who? options: "A | B"` read "A | B" as a duration: a quote after
    the space was taken for no value. Quoted or not, the value after the space is the
    option's, as it is right after the colon."""
    if data is None:  # the explicit example
        typed = 'question: "Who wins?" options: "A | B"'
        assert read(POLL, typed) == {"question": "Who wins?", "options": "A | B"}
        assert read(POLL, 'who? options: "A | B"') == read(POLL, 'who? options:"A | B"')
        return
    option = data.draw(st.sampled_from(command.options))
    quoted = quote(value)
    assert read(command, f"{option.name}:{spaces}{quoted}") == read(
        command, f"{option.name}:{quoted}"
    )


#: Hours and minutes without the minutes' unit (`1h30`, `1h 30`, `1 hour 30`), as people
#: write a span or a time. Typed apart, minutes `01` and `02` are also a value of `rounds`
#: after a whole duration (`1h 01 true`: `duration:1h rounds:01`), a reading of their own.
BARE_MINUTES = st.one_of(
    st.builds(lambda h, m: f"{h}h{m:02d}", st.integers(0, 99), st.integers(0, 59)),
    st.builds(
        lambda h, unit, m: f"{h}{unit}{m:02d}",
        st.integers(0, 99),
        st.sampled_from(["h ", " h ", " hour ", " hours ", "hrs "]),
        st.integers(3, 59),
    ),
)


@given(_labels(LETTERS), BARE_MINUTES, st.integers(0, len(POLL_SETTINGS) - 1))
@example(["A", "B"], "1h30", 1)  # offered only "B 1h30" as a label, no duration
@example(["A", "B"], "21h30", 4)
@example(["A", "B"], "1h 30", 1)  # only the minutes were looked at: "B 1h 30" alone offered
@example(["A", "B"], "1 hour 30", 2)
@example(["A", "B"], "2h 30", 0)  # "“30” reads as no setting": the label alone offered
def test_minutes_without_their_unit_before_settings_offer_both_readings(
    labels: list[str], duration: str, typed: int
) -> None:
    """`A | B 1h30 true`, `A | B 1h 30 true`: by position `1h30` is a label's (`21h30` is as
    likely a time of day), and a setting after it makes the ending unclear. The refusal
    offered one form, keeping `1h30` in the label, so the poll meant to close in 90
    minutes, pasted, got an option "B 1h30" and no deadline. Both readings are offered
    now, where the duration can be named: each pastes back with every word in place. At
    the end, `1h30` is the label's; `B 2h 30`, its hours read as the duration, was refused
    for "30" with the label's form alone."""
    after = ["true", "no", "true", "2"][:typed]  # the settings after `duration`, in order
    options = f"{' | '.join(labels)} {' '.join([duration, *after])}"
    try:
        parse_arguments(POLL, f"Who wins? {options}")
    except UserError as error:
        _check_where_options_end(error.message, "Who wins?", options)
        in_range = MIN_DURATION <= parse_duration(duration) <= MAX_DURATION
        at_the_end = not typed and " " in duration  # refused for its minutes alone
        if (NO_FORM in error.message and not at_the_end) or not in_range:
            return
        assert TWO_READINGS in error.message, error.message
        named = _suggestion(error.message, "name it: ").partition(". If ")[0]
        assert parse_duration(_pasted(named)["duration"]) == parse_duration(duration)


@given(
    zeros=st.integers(0, 4),
    digit=st.sampled_from(["1", "0"]),
    wide=st.booleans(),
    after=st.sampled_from(["", " true", " no"]),
)
@example(zeros=1, digit="1", wide=False, after=" true")
def test_a_yes_or_no_typed_as_a_number_reads_as_that_number(
    zeros: int, digit: str, wide: bool, after: str
) -> None:
    """`/poll Q? A | B 1h 01 true` was refused, offering `rounds:01` alone, where `1h 1
    true` made an anonymous poll: a yes/no setting reads 1 and 0 as a number does (`01`,
    `００１`), as `rounds:01` and `poll:007` read, by position and by name."""
    number = "0" * zeros + digit
    number = typed_wide(number) if wide else number
    by_position = read(POLL, f"Q? A | B 1h {number}{after}")
    by_name = read(POLL, f'Q? options:"A | B" anonymous:{number}')
    assert isinstance(by_position, dict) and isinstance(by_name, dict), (by_position, by_name)
    assert by_position["anonymous"] is by_name["anonymous"] is (digit == "1")
