"""Polls as values: what a poll is, what a vote asks for, and what the count says.

The limits live here because they are part of what a valid poll *is*: every entry point
(slash command, typed text, tests) builds a `PollDraft` and gets the same checks and the same
messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import KW_ONLY, dataclass, replace
from enum import StrEnum

from bot.core.context import ChannelRef, UserRef
from bot.core.durations import format_duration
from bot.core.errors import UserError
from bot.core.grammar import separated
from bot.core.ids import parse_id, typed_number
from bot.core.markup import split_outside, unlabelled
from bot.core.option_labels import OPTION_NUMBER, label_clash
from bot.core.replies import Marked, command_line
from bot.core.sanitize import (
    beside_code,
    clip,
    comparison_key,
    echo,
    is_blank,
    printable_word,
    safe,
    unaccented,
)
from bot.core.typos import nearest
from bot.knowledge import PollSpec

MIN_OPTIONS = 2
MAX_OPTIONS = 10
MAX_QUESTION = 300
MAX_OPTION = 80
MIN_DURATION = 60
MAX_DURATION = 32 * 86400
#: Polls one person may have open in one conversation at once. Each is a message with
#: buttons that people scroll past and the bot keeps editing: without a bound one person
#: (or a script) could bury a channel under hundreds. A bound per conversation leaves
#: anyone's polls elsewhere alone; a timed poll frees its place when it closes.
MAX_OPEN_POLLS = 10
#: Polls one person may start in one conversation within `POLL_WINDOW` seconds: polls
#: given a minute's duration close, and free their place, as fast as they could be started.
MAX_POLLS_PER_WINDOW = 20
POLL_WINDOW = 3600  # an hour, as the refusal says (`store.too_many_started`)
#: A repeat click on an option within this many seconds of your previous effective click on
#: it (the one that recorded it, or the one that took it back) is taken as a double click:
#: nothing changes, so a double click neither takes back a vote just cast nor puts back one
#: just taken back. People who mean to change their mind do it seconds later; double clicks
#: and concurrent retries arrive well inside. (`bot/polls/store.py`, `_apply_one`.) A
#: /close that soon after round 2 opened is the same kind of repeat (`PollStore.close`).
REPEAT_CLICK_WINDOW = 2.0

_SPACES = re.compile(r"\s+")
#: Option N typed with the word, as /vote's help writes the field (`option:2`): "option 2",
#: "Option #2", "opt 2". Read only where no label is named so (`find_option`). The plural
#: too, as a list starts ("options 2 and 3", `find_options`): "option 2 and 3" was taken by
#: a multiple-choice poll, and "options 2 and 3" refused as no option.
_OPTION_WORD = r"opt(?:ion)?s?\.?"
_WORDED_NUMBER = re.compile(rf"{_OPTION_WORD} ?(#?) ?([0-9]+)", re.IGNORECASE)
#: What comes before the number in `_WORDED_NUMBER` ("options", "option #"): a list split at
#: spaces joins it to the word after it (`_worded_numbers`).
_BEFORE_NUMBER = re.compile(rf"{_OPTION_WORD}(?: ?#)?", re.IGNORECASE)
#: What people put between options typed together ("1, 3", "pizza and pasta", "寿司、ラーメン"),
#: the spaces around it left to the parts, which are stripped: a pattern starting with spaces
#: is tried from every space of a run, to its end, and `/vote 1 a` then thousands of spaces
#: took time in the square of their number.
_LIST = re.compile(r"[,;|，、；｜&]|\band\b", re.IGNORECASE)
#: The marks of `_LIST` no label is likely to hold: tried first, so a label's own `&` or
#: "and" ("Fish & Chips, Tacos") stays in it.
_MARKED_LIST = re.compile(r"[,;|，、；｜]")
#: Those marks with "and" alone, then with `&` alone: a list's "and" keeps a label's `&`
#: ("Pizza and Fish & Chips", "Tacos, Pizza and Fish & Chips"), and the other way round.
_WORDED_LIST = re.compile(r"[,;|，、；｜]|\band\b", re.IGNORECASE)
_AMPERSAND_LIST = re.compile(r"[,;|，、；｜&]")
#: How people list a poll's options when they do not know `|` separates them.
_OTHER_LISTS = re.compile(r"\s*(?:[,;/，、；]|\s+or\s+)\s*", re.IGNORECASE)
#: Quote marks around one of them (`"pizza" "pasta"`), which no label needs.
_QUOTES = "\"'“”‘’«»「」"


def see_results(poll_id: int) -> Marked:
    """`See /results poll:N.`, the end of a refusal of a closed poll (`command_line`)."""
    return Marked("See ", command_line("results", poll=poll_id), ".")


def repeats(earlier: float, at: float) -> bool:
    """Whether an action at `at` repeats one at `earlier` (a double click, a retry, two
    people at once) rather than being a new decision: it came within `REPEAT_CLICK_WINDOW`."""
    return at - earlier < REPEAT_CLICK_WINDOW


@dataclass(frozen=True, slots=True)
class PollOption:
    number: int  # 1-based, as shown to users and encoded in button ids
    label: str
    speaker: str | None = None  # the pack speaker this option stands for, if any


@dataclass(frozen=True, slots=True)
class Poll:
    """A stored poll. Times are epoch seconds; `closes_at` is the deadline, if any."""

    id: int
    channel: ChannelRef
    creator: UserRef
    question: str
    options: tuple[PollOption, ...]
    multi: bool
    anonymous: bool
    hide_results: bool
    created_at: float
    closes_at: float | None
    closed_at: float | None
    rounds: int = 1  # 2 for an Oxford-style before/after poll (bot/polls/rounds.py)
    round: int = 1  # the round its messages show (flipped once round 2 opens)
    round2_at: float | None = None  # when round 2 opens (or opened), if decided yet
    #: Why the platform refused the last update of the poll's messages, in people's words
    #: (what to do about it); "" since one went through. See `LiveTally`.
    edit_refused: str = ""

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    @property
    def two_round(self) -> bool:
        """A before/after poll (`bot/polls/rounds.py`): its results compare the rounds."""
        return self.rounds == 2

    @property
    def in_round_one(self) -> bool:
        """Round 1 of a two-round poll: its close ends the round, not the poll, and its
        votes are the "before". False for a one-round poll, which has no rounds to end."""
        return self.two_round and self.round == 1

    @property
    def in_round_two(self) -> bool:
        """Round 2 of a two-round poll: the "after", where round-1 votes stand until changed."""
        return self.two_round and self.round == 2

    def round_at(self, instant: float) -> int:
        """The round a vote at `instant` belongs to: 2 from `round2_at` on, else 1."""
        if self.two_round and self.round2_at is not None and instant >= self.round2_at:
            return 2
        return 1

    def is_open_at(self, instant: float) -> bool:
        """Open means not closed and not past its deadline (even if not yet swept)."""
        if self.closed_at is not None:
            return False
        return self.closes_at is None or instant < self.closes_at

    def as_of(self, instant: float) -> Poll:
        """The poll as it stands at `instant`: what the deadline sweep records then
        (`PollStore.open_due_rounds`, then `close_due`), whether or not it has run yet. Past
        round 1's deadline a two-round poll is in round 2; past its deadline a poll is closed,
        at the deadline, so `closed` agrees with `is_open_at(instant)`.

        The one rule for showing a poll's state: everything that shows one (its message,
        /results and their chart, App Home, the export) shows `as_of` the time votes are
        judged by, so none of them calls a poll open that refuses votes, or the reverse.
        """
        round_ = self.round
        if self.round == 1 and self.closed_at is None and self.round_at(instant) == 2:
            round_ = 2
        closed_at = self.closed_at
        if closed_at is None and not self.is_open_at(instant):
            closed_at = self.closes_at  # past the deadline: closed at it, as the sweep closes
        if (round_, closed_at) == (self.round, self.closed_at):
            return self
        return replace(self, round=round_, closed_at=closed_at)

    def option(self, number: int) -> PollOption | None:
        return self.options[number - 1] if 1 <= number <= len(self.options) else None

    def label(self, number: int) -> str:
        option = self.option(number)
        return option.label if option else f"option {number}"

    def find_option(self, text: str, *, by_number: bool = True) -> int:
        """The option a user typed: its number, its label, or a part of one label that
        starts a word of it (`baker` for "Gavin Baker", `jose` for "José Ruiz"), or, where
        no label says otherwise, its number after the word "option" (`_WORDED_NUMBER`:
        `/vote 1 option 2` was refused, typed as the help shows `option:2`). Without
        `by_number`, labels alone: where a number may be a poll's rather than an option's
        (a vote typed without its poll number, `PollCommands.vote_unnumbered`).

        Labels are compared by `comparison_key`, so what looks like a label finds it. A
        number never matches part of a label, only a whole one (see `_by_number`). Words
        are compared without accents too (`named_by`); a part that several labels share
        is refused with those labels, never guessed."""
        typed = _one_line(text)
        keys = [(o.number, comparison_key(o.label)) for o in self.options]
        unquoted = typed.strip(_QUOTES).strip()
        if unquoted and comparison_key(typed) not in {key for _, key in keys}:
            # Quote marks no label needs, as around options typed together: the grammar
            # groups words in double quotes only, and `/vote 1 'Neither'` was refused.
            typed = unquoted
        wanted = comparison_key(typed)
        labelled = [number for number, key in keys if key == wanted]
        numeral = OPTION_NUMBER.fullmatch(typed_number(typed))
        if numeral is not None and by_number:
            return self._by_number(numeral, labelled)
        # A number names a whole label only, never part of one (see `_by_number`).
        found = labelled if numeral is not None else labelled or named_by(wanted, keys)
        worded = None if found or not by_number else _WORDED_NUMBER.fullmatch(typed_number(typed))
        if worded is not None:
            return self._by_number(worded, [])
        if len(found) == 1:
            return found[0]
        if found:
            # With the line that picks each: the options' numbers alone left the voter to
            # work out how a number is typed (`option:2`, or `#2` where 2 is a label too).
            message = Marked(
                f"“{echo(text.strip())}” matches {len(found)} options of poll #{self.id}. Type ",
                self.vote_lines(found),
                ".",
            )
        else:
            # Backticks as look-alikes: "`a" and "b`" listed showed "a; 2) b" as code.
            listed = "; ".join(f"{o.number}) {beside_code(o.label)}" for o in self.options)
            close = misspelt(wanted, keys)
            message = Marked(
                f"“{echo(text.strip())}” is not an option of poll #{self.id}.",
                Marked(" Did you mean ", self.vote_lines([close]), "?") if close else "",
                f" Options: {listed}.",
            )
        raise UserError(message)

    def find_options(self, text: str, *, by_number: bool = True) -> tuple[int, ...]:
        """The options a typed /vote names: the one `find_option` finds, or, where the
        whole text names no option, several typed together ("1, 3", "pizza and pasta",
        "1 3"), each part naming one option, no two the same. A multiple-choice poll
        takes them all at once (`/vote 2 1 2` was refused "“1 2” is not an option", with
        no word of how to pick two); a single-choice poll refuses them saying how to type
        each. Anything else gets `find_option`'s refusal; `by_number` is its."""
        try:
            return (self.find_option(text, by_number=by_number),)
        except UserError:
            listed = None if self.suggested(text) else self._listed(text, by_number=by_number)
            if listed is None:
                raise
        if self.multi:
            return listed
        raise UserError(
            Marked(
                f"“{echo(text.strip())}” names {len(listed)} options, and poll #{self.id} "
                "takes one. Type ",
                self.vote_lines(listed),
                ".",
            )
        )

    def vote_lines(self, numbers: Iterable[int]) -> Marked:
        """`/vote poll:3 option:1 for “Tabs” or /vote poll:3 option:2 for “Spaces”`: for
        a refusal naming several options, the line that picks each, as typed back. An
        option by its number, short and unmistakable, or `#N` where the bare number is
        another option's label (`1` in `2 | 1`), which `_by_number` would refuse."""
        return Marked(" or ").join(
            Marked(
                command_line("vote", poll=self.id, option=self._number_typed(n)),
                f" for “{beside_code(self.label(n))}”",
            )
            for n in numbers
        )

    def _number_typed(self, number: int) -> str:
        """How to type option `number` in /vote so that it picks that option (`_by_number`)."""
        key = comparison_key(str(number))
        shared = any(o.number != number and comparison_key(o.label) == key for o in self.options)
        return f"#{number}" if shared else str(number)

    def _listed(self, text: str, *, by_number: bool) -> tuple[int, ...] | None:
        """Each option of a list typed in one go (`find_options`), split at commas and
        the like (first without `&` and "and", which a label may hold: "fish & chips,
        tacos" was no list, split into "fish", "chips" and "tacos"; then with one of the
        two, so "pizza and fish & chips" is two), else at spaces
        (first with "option" joined to its number: "options 1 3"), never inside a
        platform's token (`<#C1|dev ops>` is one option, `markup.split_outside`); None
        unless every part names one option, each another."""
        spaced = split_outside(text, _SPACES)
        marked = split_outside(text, _MARKED_LIST)
        joined = (split_outside(text, pattern) for pattern in (_WORDED_LIST, _AMPERSAND_LIST))
        lists = (marked, *joined, split_outside(text, _LIST), _worded_numbers(spaced), spaced)
        for parts in dict.fromkeys(map(tuple, lists)):  # each split once
            words = [part.strip().strip(_QUOTES) for part in parts]
            words = [word for word in words if word]
            if not 2 <= len(words) <= len(self.options) or len(set(words)) < len(words):
                # Not as many distinct options: a part typed twice names one option twice.
                # Checked before reading the parts, each a search of the labels: `/vote 1`
                # then thousands of `1`s took half a second to refuse.
                continue
            try:
                found = tuple(self.find_option(word, by_number=by_number) for word in words)
            except UserError:
                continue
            if len(set(found)) == len(found):
                return found
        return None

    def suggested(self, text: str) -> list[int]:
        """The options to offer while `text` is typed where an option goes (Discord's
        /vote field): every option for nothing yet; else first the option submitting
        `text` votes for, as `find_option` itself reads it, then the option a number
        names and the labels the text names (a label itself, else whole words of labels,
        else words' starts), which a refusal of several would offer. Read apart from
        `find_option`, "option 2", "opt 2" and "＃2" offered nothing, though submitted
        they voted for option 2."""
        typed = _one_line(text)
        if not typed:
            return [option.number for option in self.options]
        try:
            picked = [self.find_option(text)]
        except UserError:
            picked = []
        wanted = comparison_key(typed)
        keys = [(o.number, comparison_key(o.label)) for o in self.options]
        numeral = OPTION_NUMBER.fullmatch(typed_number(typed))
        numbered = parse_id(numeral.group(2), limit=len(self.options)) if numeral else None
        labelled = [number for number, key in keys if key == wanted] or named_by(wanted, keys)
        found = [*picked, *([numbered] if numbered is not None else []), *labelled]
        return list(dict.fromkeys(found))

    def typed_as(self, number: int) -> str:
        """What to put in an option field for option `number`: its label when the label
        finds that option (`find_option`), else `#N`, which always does (a label `1` in
        `2 | 1`, or one that is a word of another's)."""
        label = self.label(number)
        try:
            if self.find_option(label) == number:
                return label
        except UserError:
            pass
        return f"#{number}"

    def _by_number(self, numeral: re.Match[str], labelled: list[int]) -> int:
        """`#N` is option N. A bare number is option N, or else the option it labels (2025
        in `2024 | 2025 | Yes`); one that is option N and another option's label (`1` in
        `2 | 1`) is refused with how to type each, rather than guessed."""
        hashed, digits = numeral.groups()
        number = parse_id(digits, limit=MAX_OPTIONS)
        if number is None or self.option(number) is None:
            if len(labelled) == 1:
                return labelled[0]
            raise UserError(
                f"Poll #{self.id} has options 1 to {len(self.options)}, "
                f"not {clip(numeral.group(), 20)}."
            )
        other = next((n for n in labelled if n != number), None)
        if other is None or hashed:
            return number
        picks = self.vote_lines(sorted((number, other)))
        said = f"“{digits}” is option {number} and also the label of option {other}. Type "
        raise UserError(Marked(said, picks, "."))


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts per option (by option number) and distinct voters, read in one go."""

    poll_id: int
    counts: dict[int, int]
    voters: int

    @property
    def votes(self) -> int:
        """All votes; equals `voters` for single choice, may exceed it for multi."""
        return sum(self.counts.values())

    def count(self, number: int) -> int:
        return self.counts.get(number, 0)

    def share(self, number: int) -> float:
        """Fraction of voters who chose the option (so multi-choice shares can sum past 1)."""
        return self.count(number) / self.voters if self.voters else 0.0

    def leaders(self) -> tuple[int, ...]:
        """Option numbers with the highest count; empty when nobody voted."""
        top = max(self.counts.values(), default=0)
        if top == 0:
            return ()
        return tuple(sorted(n for n, c in self.counts.items() if c == top))


@dataclass(frozen=True, slots=True)
class PollDraft:
    """A validated poll about to be stored: every limit has been checked."""

    question: str
    options: tuple[PollOption, ...]
    multi: bool = False
    anonymous: bool = False
    hide_results: bool = False
    duration: int | None = None  # seconds; of each round in a two-round poll
    rounds: int = 1

    def __post_init__(self) -> None:
        if self.rounds not in (1, 2):
            raise UserError(f"A poll has 1 or 2 rounds, not {self.rounds}.")
        if self.rounds == 2 and self.multi:
            raise UserError(
                "A two-round poll is single choice: its winner is the option whose share "
                "of voters grew most. Drop multi:true or rounds:2."
            )

    def is_asked_by(self, poll: Poll) -> bool:
        """Whether `poll` already asks what this draft would: the same question, options
        and flags, and a deadline as long (none for none). A second `/poll` typed so (a
        second Enter, a teammate bringing the poll up) made a twin that split the votes.
        A person or channel picked is the same whatever name the adapter labelled it with
        (`markup.unlabelled`): Discord knows a name only while its cache holds it, Slack
        only once a lookup answered, and a name can change between the two /polls."""
        if self.duration is None:
            timed_alike = poll.closes_at is None
        else:
            runs = None if poll.closes_at is None else poll.closes_at - poll.created_at
            timed_alike = runs is not None and abs(runs - self.duration * self.rounds) < 1
        return (
            timed_alike
            and _picked(poll.question, poll.options) == _picked(self.question, self.options)
            and (poll.multi, poll.anonymous, poll.hide_results, poll.rounds)
            == (self.multi, self.anonymous, self.hide_results, self.rounds)
        )

    @classmethod
    def custom(
        cls,
        question: str,
        options: str,
        *,
        duration: int | None = None,
        multi: bool = False,
        anonymous: bool = False,
        hide_results: bool = False,
        rounds: int = 1,
    ) -> PollDraft:
        """A poll typed by a user: `options` is `a | b | c`. Raises UserError naming the
        first problem, so nothing half-valid is ever stored."""
        question = _one_line(question)
        if is_blank(question):
            raise UserError("The poll needs a question.")
        if len(question) > MAX_QUESTION:
            raise UserError(
                f"The question is {len(question)} characters; the limit is {MAX_QUESTION}."
            )
        labels = [_one_line(part) for part in separated(options, "|")]
        if len(labels) < MIN_OPTIONS:
            raise UserError(
                f"A poll needs {MIN_OPTIONS} to {MAX_OPTIONS} options separated by |, "
                f"e.g. options:{_barred(labels[0]) if labels else 'Tabs | Spaces'}"
            )
        if len(labels) > MAX_OPTIONS:
            # Said with what to do: the limit alone left people guessing which to drop.
            extra = len(labels) - MAX_OPTIONS
            raise UserError(
                f"A poll can have at most {MAX_OPTIONS} options, not {len(labels)}: "
                f"remove {extra} of them, or split them over two polls."
            )
        for number, label in enumerate(labels, start=1):
            _check_label(number, label)
            if (clash := label_clash(labels, number)) is not None:
                raise UserError(clash)
        return cls(
            question=question,
            options=tuple(PollOption(n, label) for n, label in enumerate(labels, start=1)),
            multi=multi,
            anonymous=anonymous,
            hide_results=hide_results,
            duration=checked_duration(duration),
            rounds=rounds,
        )

    @classmethod
    def from_pack(
        cls,
        spec: PollSpec,
        *,
        duration: int | None = None,
        multi: bool = False,
        anonymous: bool = False,
        hide_results: bool = False,
        rounds: int = 1,
    ) -> PollDraft:
        """The pack's "who's right?" poll, with the same flags a custom poll takes."""
        return cls(
            question=spec.question,
            options=tuple(
                PollOption(n, o.label, o.speaker) for n, o in enumerate(spec.options, start=1)
            ),
            multi=multi,
            anonymous=anonymous,
            hide_results=hide_results,
            duration=checked_duration(duration),
            rounds=rounds,
        )


def checked_duration(seconds: int | None) -> int | None:
    """`seconds` if it is an allowed poll duration (None means no deadline)."""
    if seconds is None:
        return None
    if not MIN_DURATION <= seconds <= MAX_DURATION:
        raise UserError(
            f"A poll can run from {format_duration(MIN_DURATION)} to "
            f"{MAX_DURATION // 86400} days, not {format_duration(seconds)}."
        )
    return seconds


def _check_label(number: int, label: str) -> None:
    """Refuse option `number`'s label if it shows nothing or is too long; how it stands
    beside the other labels is `label_clash`'s to say."""
    if is_blank(label):
        raise UserError(f"Option {number} is empty: remove the extra |.")
    if len(label) > MAX_OPTION:
        raise UserError(f"Option {number} is {len(label)} characters; the limit is {MAX_OPTION}.")


def named_by(wanted: str, keys: list[tuple[int, str]]) -> list[int]:
    """The options (numbers, with their labels' comparison keys) that the typed key
    `wanted` names: those with it as a whole word (or words), else those with a word
    starting with it; accents aside. A whole word typed is a choice ("gin" is "Aaron Gin",
    not "Ginger Ale"); a word's start is only a fragment, and the label's first word is no
    better than another: `/vote 1 B` named "Both, in their domains" (its start) over "Gavin
    Baker" and counted a vote that may not have been meant, where both are now offered."""
    if not wanted:
        return []
    typed = re.escape(unaccented(wanted))
    unmarked = [(number, unaccented(key)) for number, key in keys]
    for pattern in (rf"(?<!\w){typed}(?!\w)", rf"(?<!\w){typed}"):
        found = [number for number, key in unmarked if re.search(pattern, key)]
        if found:
            return found
    return []


def misspelt(wanted: str, keys: list[tuple[int, str]]) -> int | None:
    """The one option whose label, or a word of it, the typed key `wanted` is a typo of
    (`typos.nearest`: "bakr" of "Gavin Baker"), accents aside, for a refusal to offer,
    never to vote for: `/vote 1 Bakr` listed the options and left the voter to spot the
    slip. None where nothing is close, or the closest word is in several labels."""
    if not wanted:
        return None
    numbers: dict[str, set[int]] = {}
    for number, key in keys:
        for name in (key, *re.findall(r"\w+", key)):
            numbers.setdefault(unaccented(name), set()).add(number)
    close = nearest(unaccented(wanted), numbers)
    found = numbers[close] if close is not None else set()
    return min(found) if len(found) == 1 else None


def _picked(question: str, options: tuple[PollOption, ...]) -> tuple[object, ...]:
    """What a poll asks, each mention in it by what it points at (`is_asked_by`)."""
    return unlabelled(question), tuple(
        (option.number, unlabelled(option.label), option.speaker) for option in options
    )


def _barred(label: str) -> str:
    """One option that lists choices as people do without `|` ("Pizza, Sushi or Tacos"),
    written with bars ("Pizza | Sushi | Tacos"), so the refusal of a poll of one option
    shows the line meant, not someone else's example; that example when it lists none,
    or more than a refusal should quote back (`MAX_OPTION` characters). A comma or `/`
    inside a platform's token (`<#C1|dev, ops>`, a link) is part of it, not a list."""
    parts = [part for part in split_outside(label, _OTHER_LISTS) if not is_blank(part)]
    barred = " | ".join(parts)
    if MIN_OPTIONS <= len(parts) <= MAX_OPTIONS and len(barred) <= MAX_OPTION:
        return safe(barred)
    return "Tabs | Spaces"


def _worded_numbers(words: list[str]) -> list[str]:
    """A list split at spaces with the word "option" joined to the number after it:
    `/vote 1 options 1 3` was refused, "options" alone being no option, though "options
    1, 3" was read ("options 1" and "3"). Tried before the words one by one (`_listed`):
    "options 2 3" names 2 and 3 as "option 2" names 2, in a poll with an option "Options"
    or "Optimism" too, which the word alone would name."""
    joined: list[str] = []
    for word in words:
        if joined and _BEFORE_NUMBER.fullmatch(typed_number(joined[-1].strip())):
            joined[-1] = f"{joined[-1].strip()} {word.strip()}"
        else:
            joined.append(word)
    return joined


def _one_line(text: str) -> str:
    """Labels are single-line: runs of whitespace (newlines included) become one space."""
    return _SPACES.sub(" ", text).strip()


class VoteChange(StrEnum):
    """What a vote did, so the confirmation can say it plainly."""

    ADDED = "added"  # a new choice (or a multi option switched on)
    MOVED = "moved"  # single choice: from another option to this one
    REMOVED = "removed"  # retracted (single) or switched off (multi)
    UNCHANGED = "unchanged"  # a repeat click inside the double-click window
    REPLAYED = "replayed"  # a retried delivery (same idempotency key): nothing done again
    PICKED = "picked"  # a persuasive point recorded (or replaced) for a voter who moved


@dataclass(frozen=True, slots=True)
class VoteRequest:
    """One click or /vote, queued for the next group commit.

    `at` is the injected clock's time, or None to let the database clock decide; `key` is
    the platform's delivery id, making a retried delivery a no-op. `where` is the
    conversation the vote was cast in and `message` the message clicked (None for a typed
    /vote): the store counts a vote only in a poll of that conversation, from a message
    showing that poll, so a poll's number alone reaches nothing elsewhere. With `point` set
    it is not a vote but the pick of the pack argument that moved the voter to `option`
    (two-round polls), so picks share the votes' batching, ordering and delivery keys.
    `provisional_name` is the Context's: `display_name` does not replace a recorded name.
    With `keep`, an option the voter has chosen already stays chosen (an option of a typed
    list, `PollService.add_votes`), where a click on it takes it back.
    """

    poll_id: int
    voter: UserRef
    display_name: str
    option: int
    at: float | None = None
    key: str | None = None
    point: str | None = None
    _: KW_ONLY
    where: ChannelRef
    message: str | None = None
    provisional_name: bool = False
    keep: bool = False


#: Longest voter id taken (Slack's are about 11 characters, Discord's snowflakes 20).
MAX_VOTER_ID = 255


def usable_voter(user: UserRef) -> bool:
    """Whether a vote can be attributed: a non-empty id of printable, non-space characters.

    A click whose payload lost its user (absent, null, `{}`) must be refused, not counted
    for "" where every such click would share one ballot (tests/test_polls_voters.py holds
    the check equal to a plain loop over the id)."""
    return printable_word(user.user, MAX_VOTER_ID)


@dataclass(frozen=True, slots=True)
class VoteResult:
    """A committed vote: the poll, what the voter now has recorded, and what changed."""

    poll: Poll
    option: int
    change: VoteChange
    choices: tuple[int, ...]
    #: In round 2 of a two-round poll: the voter's round-1 choices (empty if they were new).
    before: tuple[int, ...] | None = None
    point: str | None = None  # the pick, for a PICKED result
