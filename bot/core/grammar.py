"""The typed-command grammar shared by the console and Slack's slash commands.

`/poll question:Tabs or spaces? options:Tabs | Spaces duration:1d` — positional words fill
options in declared order, `name:value` sets an option by name (`name：value` too, the
colon of Chinese and Japanese keyboards, as `？` ends a question), double quotes (straight or
curly, since Slack clients curl them) group words and `\\"` puts a quote inside them. Outside
quotes `\\"` is a quote mark too, and opens no group; other backslashes are text. Unquoted
duration words one after another, each in units smaller than the one before, are one word,
as people type a duration (`1d 12h`, `duration:1h 30m`); `1h 1h` and `1h 1d` are two (a
label `1h` may come first).

Free text runs on, because people type sentences without quotes: an unquoted `name:value` of
a free-text option takes the words after it up to the next `name:` word, and so does the last
free-text option when filled by position. When that option is also the command's last one
(`/ask`, `/vote`'s label), nothing can follow it, so it takes the rest of the text as
written, quotes included (`/ask what does "it" mean`); only a value that is one quoted group,
`"…"`, loses its quotes. Elsewhere these rules keep free text from being misread silently:

- a quoted value ends at its closing quote, so `"Tabs | Spaces" 1h` leaves `1h` alone; a
  word after it that the next option cannot take is refused with the value quoted whole;
- settings typed after a run go to the options after it (`Tabs | Spaces 1h true` sets a
  duration and `anonymous`), only where that reading is clear-cut: the last words of the
  run's last `|`-separated part, none of them its first word (`Pizza | 1h | 2h` is all
  labels), read as the next options' values in declared order up to the end, starting with
  a duration in the units polls run for (`1h`, `2d`: `Early 90s` is a label as well) that
  no setting-like word comes before and no word such as `in` or `for` leads (`In 2d`).
  Where a duration or `true`/`false` there could be either, the text is refused with the
  quoted form (`B 1h 1h`, `Gin true`, `Gin 1h true 2`), as are words left over after the
  last option. Numbers and `yes`/`on`/`off` end labels (`Option 2`, `Turn off`) unless a
  duration before them starts the settings. No duration is taken as the deadline, nor
  left in a label, where its words could as well end the last part: where another part
  ends in a duration (`Pizza | Sushi 2d | Tacos 3d`; a number is none, so `Option 1 |
  Option 2 2h` keeps its deadline), in seconds alone only for seconds (`Late 80s | Early
  90s`, not `Late 80s | Grunge 1h`), and the last would not, or where it is seconds alone
  (`Pizza | Early 90s`: a decade, or 90 seconds) or a phrase a deadline would cut or leave
  behind (`1h and 30m`, `1 h`, `2 hours`); both readings are offered, the words kept in
  the value and named `duration:`, and first, for a duration in words, its last word
  named alone (`Plan 2d | Plan 3d 1h`: `Plan 3d`, 1h). A duration out of the option's
  range (`30s`, `40d`, `5 weeks`) still reads as one, so it never ends a label silently,
  but no form names it: the refusal gives the range and offers the words kept in the value.
  Hours with minutes but no minutes' unit (`1h30`, `1h 30`) end no label by position, yet
  before a setting (`B 1h30 true`) the refusal offers them named as the duration too;
- an option declared with `ends_at` (a poll's question ends at `?`, also typed `？` or `؟`)
  takes the words up to that mark, a word split after a full-width `？` (`ランチは？寿司`);
  typed by position without the mark, or with quoted words before it (`Who "really"
  wins?`), the text is refused with the quoted form, rather than cut short;
- a quoted form suggested is the whole command, ready to paste (`_Form`): it keeps the
  quote marks of quoted words inside a value (`Say "hi"`) and drops those that grouped a
  whole part (`Baker | "Gin and Tonic"`), keeps the words typed before the refused part as
  typed, and every word after it, in place, named by the option it reads as (`/poll Lunch?
  "A | B" yes 1h`: `/poll Lunch? options:"A | B" anonymous:yes duration:1h`), a value
  with a space quoted (`duration:"1d 12h"`). Pasted, a form is accepted: one that would
  leave a word no option reads is not offered, a later split is (`B 1h 1h`: `options:"A |
  B 1h" duration:1h`), or, where none is, a sentence naming the word;

and an unquoted `word:value` whose word is no option of the command is refused with the
command's option list and the nearest name, so a typo is never read as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import takewhile

from bot.core.durations import (
    has_bare_minutes,
    has_units,
    is_duration_word,
    is_seconds_only,
    is_spaced_duration,
    is_unit_letter,
    starts_value,
)
from bot.core.errors import UserError
from bot.core.ids import typed_number
from bot.core.markup import TOKEN, outside_tokens, readable, split_outside
from bot.core.registry import Command, Option, OptionType
from bot.core.replies import Marked, command_line
from bot.core.sanitize import (
    comparison_key,
    echo,
    isolated,
    neutralize_mentions,
    no_code_marks,
)
from bot.core.typos import nearest

#: Each opening quote mark and the one that closes it: ASCII, typographic, and the corner
#: brackets Japanese and Chinese quote with (`「誰が正しい？」`, `『…』` within them).
_QUOTES = {'"': '"', "“": "”", "”": "”", "„": "“", "「": "」", "『": "』"}
#: `name:` at the start of a word; a URL's `https://` is text, not an option name. The
#: colon as Chinese and Japanese keyboards type it (`：`, full width) too, as `？` ends a
#: question: `question：Lunch?` made a poll asking "question：Lunch?" of "options：A".
_NAMED = re.compile(r"([a-z_][a-z0-9_]*)[:：](?!//)", re.IGNORECASE)
_ESCAPABLE = {"\\", *_QUOTES.values()}
#: The forms of a mark (`ends_at`) or separator in the scripts people type: a question typed
#: in Chinese or Japanese ends at the full-width `？` their keyboards type, one in Arabic or
#: Persian at `؟`; options typed with a Japanese input method on are separated by `｜`.
_MARK_FORMS = {"?": ("?", "？", "؟"), "|": ("|", "｜")}
#: Marks that scripts written without spaces put before the next words (`ランチは？寿司`).
_UNSPACED_MARKS = ("？",)


@dataclass(frozen=True, slots=True)
class _Token:
    text: str  # the value: quote marks removed, escapes resolved
    written: str  # the value as typed, quote marks kept, for text taken as written
    gap: str  # the whitespace before the token, so text taken as written keeps its spacing
    name: str | None  # set when the token was written `name:value`
    quoted: bool  # the value held a quoted part, so it ends where the quotes say
    grouped: bool  # the value is exactly one quoted group, `"…"`
    start: int  # where the token, `name:` included, starts in the typed text
    end: int  # where it ends, so a suggestion can repeat it as typed


def quote(text: str) -> str:
    """`text` as one quoted grammar value (the inverse of what the tokenizer reads)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


#: Stands in a suggested form for a part of the user's text too long to repeat whole.
_ELIDED = "…"
#: The longest part of the user's text a suggested form repeats whole: a long poll question
#: (polls take up to 300 characters), where `echo`'s 40 would turn most real questions into
#: a `…` to fill in. Three such parts, twice, still fit one ephemeral message.
_FORM_LIMIT = 300


class _Form:
    """A command line that a refusal offers, written whole (`/poll Lunch? options:"A | B"
    anonymous:yes`), because people paste what they are offered: a form without the
    command or the words typed before it would be refused again. Those words stay as
    typed: every form names the option it rewrites, so they read as before.

    User text is repeated up to `_FORM_LIMIT` characters a part, which keeps a pasted
    megabyte out of a reply; a clipped value, pasted, would make another poll than the one
    meant. So a part too long to repeat whole (the text before, a value, the text after) is
    written as a bare `…`, and `elided` has the message say so: a shape to fill in, never a
    command that looks right and is not. Mentions are made inert even so; the poll shows
    them so anyway. A platform token is written as what it shows (`<#C1|dev>` as `#dev`):
    its markup made inert, pasted back it was shown as raw markup in the poll.
    """

    def __init__(self, command: Command) -> None:
        self._command = command.name
        self._parts: list[str] = []
        self.elided = False

    def part(self, typed: str, written: str, shape: str = _ELIDED) -> _Form:
        """Add `written`, which repeats the user's `typed` text, or `shape` if `typed` is too
        long to repeat whole; nothing if nothing was typed."""
        if not typed.strip():
            return self
        if len(neutralize_mentions(typed)) <= _FORM_LIMIT:
            self._parts.append(neutralize_mentions(readable(written.strip())))
        else:
            self._parts.append(shape)
            self.elided = True
        return self

    def value(self, name: str, text: str, *, quoted: bool = False) -> _Form:
        """Add `name:text`, the text in quotes if `quoted` or if it has a space
        (`duration:"1d 12h"`), since unquoted it would end at the space."""
        if quoted or " " in text:
            # Isolated inside its quotes, so that the name and quotes read left to right
            # around a right-to-left value (`words` says why).
            shown = f'"{isolated(quote(text)[1:-1])}"'
            return self.part(text, f"{name}:{shown}", f"{name}:{quote(_ELIDED)}")
        return self.part(text, f"{name}:{isolated(text)}", f"{name}:{_ELIDED}")

    def words(self, typed: str, written: str) -> _Form:
        """`part`, for words as typed (before or after what a form rewrites), isolated: a
        right-to-left question in a form read backwards around its "?" on Slack. The
        isolates, like every bidi control, are stripped from what is pasted back."""
        return self.part(typed, isolated(written.strip()))

    def line(self) -> Marked:
        """The form as a command to paste, marked as one (`command_line`)."""
        return command_line(self._command, *self._parts)


def _elided_note(*forms: _Form | None) -> str:
    """The sentence that says a form is a shape, when some part of it had to be left out."""
    if any(form is not None and form.elided for form in forms):
        return f". Each {_ELIDED} stands for your own words, too long to repeat here."
    return ""


def _either_reading(
    option: Option,
    duration: Option,
    words: str,
    forms: tuple[_Form, _Form],
    only: Marked | None = None,
    split: _Form | None = None,
) -> UserError:
    """The refusal of `words`, which may end `option`'s last part or be `duration`: the
    form keeping them in the value first (it changes nothing typed), then the one naming
    them, after `only`, a reading of part of them, where there is one (`_split_reading`)."""
    kept, named = forms
    return UserError(
        Marked(
            f"Where does `{option.name}` end? “{echo(words)}” may be part of the last of the "
            f"{option.name} or the {duration.name}. ",
            only or Marked(),
            f"If it belongs to the {option.name}, quote all of it: ",
            kept.line(),
            f". If it is the {duration.name}, name it: ",
            named.line(),
            _elided_note(split, kept, named),
        )
    )


def _unknown_name(command: Command, name: str) -> UserError:
    names = [o.name for o in command.options]
    close = nearest(name, names)
    hint = f" Did you mean `{close}`?" if close else ""
    listed = ", ".join(f"`{n}`" for n in names) or "none"
    return UserError(
        Marked(
            command_line(command.name),
            f" has no option `{echo(name)}`.{hint} Its options: {listed}. "
            "To write a colon in text, put the text in quotes.",
        )
    )


def _read_quoted(text: str, start: int) -> tuple[str, int]:
    """The inside of the quote opened at `start` (escapes resolved) and the index after it."""
    closing = _QUOTES[text[start]]
    chunk: list[str] = []
    i = start + 1
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPABLE:
            chunk.append(text[i + 1])
            i += 2
        elif char == closing:
            return "".join(chunk), i + 1
        else:
            chunk.append(char)
            i += 1
    raise UserError('A double quote is not closed. Close it, or write \\" for a quote mark.')


def _read_token(text: str, i: int, gap: str, name: str | None, start: int) -> tuple[_Token, int]:
    """The token whose value starts at `i` (its `name:` at `start`), and where it ends."""
    value: list[str] = []
    written: list[str] = []
    pieces: list[bool] = []  # per piece of the word: was it a quoted group?
    while i < len(text) and not text[i].isspace():
        whole = TOKEN.match(text, i) if text[i] == "<" else None
        if whole is not None:  # a platform token is one piece, its label's spaces too
            value.append(whole.group())
            written.append(whole.group())
            pieces.append(False)
            i = whole.end()
            continue
        if text[i] in _QUOTES:
            inside, end = _read_quoted(text, i)
            value.append(inside)
            written.append(text[i] + inside + text[end - 1])
            pieces.append(True)
            i = end
            continue
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in _QUOTES:
            i += 1  # `\"` outside quotes: a quote mark that opens no group
        value.append(text[i])
        written.append(text[i])
        pieces.append(False)
        i += 1
    token = _Token(
        "".join(value), "".join(written), gap, name, any(pieces), pieces == [True], start, i
    )
    return token, i


def _tokenize(command: Command, text: str) -> list[_Token]:
    names = {o.name for o in command.options}
    as_written = _taking_the_rest(command)
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        start = i
        while i < n and text[i].isspace():
            i += 1
        if i == n:
            break
        gap = text[start:i]
        begins = i
        name = None
        match = _NAMED.match(text, i)
        if match and match.group(1).lower() in names:
            name = match.group(1).lower()
            i = _value_start(text, match.end(), names, quotes_kept=name == as_written)
        elif match and match.end() < n and not text[match.end()].isspace():
            raise _unknown_name(command, match.group(1))  # `colour:red`, `durationn:1h`
        token, i = _read_token(text, i, gap, name, begins)
        if tokens and _continues_duration(command, tokens[-1], token):
            token = _joined(tokens.pop(), token)
        tokens.append(token)
    return _first_named_by_its_word(command, tokens)


def _value_start(text: str, i: int, names: set[str], *, quotes_kept: bool) -> int:
    """Where the value of a `name:` ending at `i` starts: the next word when a space comes
    first (`poll: 3`, as Discord shows a filled field), unless that word is another `name:`
    (then the value is empty, and refused as such), or opens a quote for an option that
    takes the rest of the text as written (`quotes_kept`, see `_taking_the_rest`: the text
    runs on from the colon, `/ask question: "who" is right`). Read at the colon, `/results
    poll: 3` was "too many words" and `/vote poll: 3 option: 2` "`option` is given twice";
    and a quote so read for every option, `/poll question: "Who wins?" options: "A | B"`
    was refused ("`options` is given twice")."""
    start = i
    while i < len(text) and text[i].isspace():
        i += 1
    if i == start or i == len(text) or (quotes_kept and text[i] in _QUOTES):
        return start
    following = _NAMED.match(text, i)
    return start if following and following.group(1).lower() in names else i


#: A number as an option's value is typed (`Option._integer`), in range or not: `3`, `#3`,
#: `＃３`, `-1`, `－１`.
_TYPED_NUMBER = re.compile("#?[-−－]?[0-9]+")


def _first_named_by_its_word(command: Command, tokens: list[_Token]) -> list[_Token]:
    """`tokens`, with a first word that names the command's first option, a number, then
    a number, read as that option named (`poll 3` as `poll:3`): people type the field as
    help writes it (`/close <poll:N>`) without its colon, and `/close poll 3` was refused
    as "too many words", `/vote poll 3 2` as "`poll` must be a whole number, not “poll”".
    Only there: elsewhere the word may be text (a label "Rounds 2")."""
    first = command.options[0] if command.options else None
    if first is None or first.type is not OptionType.INTEGER or len(tokens) < 2:
        return tokens
    word, number = tokens[0], tokens[1]
    if (
        word.name is None
        and number.name is None
        and not (word.quoted or number.quoted)
        and comparison_key(word.text) == first.name
        and _TYPED_NUMBER.fullmatch(typed_number(number.text))
    ):
        named = replace(number, gap=word.gap, name=first.name, start=word.start)
        return [named, *tokens[2:]]
    return tokens


def _continues_duration(command: Command, previous: _Token, token: _Token) -> bool:
    """Whether `token` goes on the duration `previous` holds (`1d` then `12h`, not `1h` then
    `1d`): people type a duration in words, so every rule reading words by position reads it
    as one word. A value named as a duration goes on as far as it reads as one, units in
    words too (`duration:2 hours 30 min`), as the value itself is read (`parse_duration`)."""
    if token.name is not None or token.quoted or previous.quoted:
        return False
    joined = f"{previous.text} {token.text}"
    named = command.option(previous.name) if previous.name else None
    if named is not None and named.type is OptionType.DURATION and starts_value(joined):
        return True
    return is_duration_word(joined)


def _joined(previous: _Token, token: _Token) -> _Token:
    """One token of the two: its text one space apart, as the duration is read; as typed,
    spacing kept, for text taken as written."""
    written = previous.written + token.gap + token.written
    text = f"{previous.text} {token.text}"
    return _Token(
        text, written, previous.gap, previous.name, False, False, previous.start, token.end
    )


def _forms(mark: str) -> tuple[str, ...]:
    """`mark` as typed in every script (`_MARK_FORMS`)."""
    return _MARK_FORMS.get(mark, (mark,))


def _ends_at(word: str, mark: str) -> bool:
    """Whether `word` ends with `mark` in any of its forms, outside platform markup (a
    link's `?`, a channel token's `|`)."""
    return outside_tokens(word).endswith(_forms(mark))


def _holds(word: str, mark: str) -> bool:
    """Whether `word` holds `mark` in any of its forms, outside platform markup."""
    return any(form in outside_tokens(word) for form in _forms(mark))


def separated(text: str, separator: str) -> list[str]:
    """The parts of `text` between `separator`s in any of their forms (`A | B｜C`: three):
    how a poll's options typed in any script are told apart. A separator inside a
    platform's token or a spoiler (`<#C1|general>`, `||B||`) is part of it (`markup`)."""
    return split_outside(text, _forms(separator))


def _refusal(option: Option, word: str) -> str | None:
    """Why `option` does not take `word` as typed, or None if it does."""
    try:
        option.convert(word)
    except UserError as error:
        return error.message
    return None


def _accepts(option: Option, word: str) -> bool:
    """Whether `word` reads as a value of `option`, in its range or not: `30s` and `40d`
    read as durations, so a poll's settings are never taken into a label; a form names
    only a value in range (`_names`)."""
    return _refusal(option, word) is None or _is_duration(option, word)


def _may_end_label(option: Option, word: str) -> bool:
    """Whether `word` after a label's words may be `option`'s value (`_accepts`), minutes
    after hours without their unit (`1h30`) aside: there `21h30` is as likely a time of
    day, and every line that split before they read as a duration splits the same. Named,
    or after a quoted label, they are read."""
    bare = option.type is OptionType.DURATION and has_bare_minutes(word)
    return not bare and _accepts(option, word)


def _out_of_range(option: Option, word: str) -> str | None:
    """Why `option`, which reads `word` as a duration, does not take it (`duration` must be
    from 1m to 32d, not 30s), or None if it takes it or reads no such value."""
    return _refusal(option, word) if _is_duration(option, word) else None


def _is_duration(option: Option, word: str) -> bool:
    """Whether `option` reads `word` as a duration with its units, in range or not (`40d`,
    and `5 weeks`, which `_deadline_text` keeps in words)."""
    return option.type is OptionType.DURATION and has_units(word)


#: Words after free text that look like a setting: with a duration word, they make the
#: reading unclear unless the settings read in order (`true`/`false` are the spellings the
#: usage shows; `yes`, `no`, `on`, `off` and numbers end labels such as `Turn off`).
_SETTING_LOOKS = {"true", "false"}
#: Words that make a duration after them part of the label (`In 2d`, `After 1h`).
_TIME_LEADS = {"in", "within", "after", "for", "every", "by", "before", "under", "over", "per"}


def _unmistakable(option: Option, word: str) -> bool:
    """Whether a word after free text can only be `option`'s value: a duration with its unit
    in minutes, hours, days or weeks (`1h`). Booleans and numbers (`yes`, `2`) are fine
    labels, and so are seconds (`Early 90s`): no poll runs for a number of seconds."""
    return option.type is OptionType.DURATION and is_duration_word(word) and "s" not in word.lower()


def _looks_like_setting(word: str) -> bool:
    """Whether `word` after a label's first word makes its end unclear (`90s`, `true`)."""
    return is_duration_word(word) or word.lower() in _SETTING_LOOKS


def _reads_as(option: Option, word: str) -> bool:
    """Whether a word after free text reads as `option`'s value; a duration needs its unit,
    since a bare number is a fine label (`Pick one? 1 | 2`)."""
    if option.type is OptionType.DURATION:
        return _unmistakable(option, word)
    return _accepts(option, word)


def _names(option: Option, word: str) -> bool:
    """Whether a suggested form may name `word` as `option`'s value: a valid one, and for a
    duration one with its unit, as `_reads_as` wants, seconds included since the form names
    it (`duration:90s`); a bare number is a label's (`Option 2`), not minutes."""
    if option.type is OptionType.DURATION and not is_duration_word(word):
        return False
    return _refusal(option, word) is None


#: Words that join two durations into one phrase (`1h and 30m`).
_JOINS = {"and", "&"}
#: The most words hours and minutes without the minutes' unit are typed in (`1 hour 30`).
_BARE_MINUTES_WORDS = 3


def _item_start(words: list[str], end: int) -> int | None:
    """Where the duration ending at `words[end - 1]` starts: at the word before if that is
    a number typed apart from its unit (`1 h`), else at that word if it is a duration
    (`1h`, `1d 12h`); None when no duration ends there."""
    if end >= 2 and is_spaced_duration(words[end - 2], words[end - 1]):
        return end - 2
    if end >= 1 and is_duration_word(words[end - 1]):
        return end - 1
    return None


def _phrase_start(words: list[str], end: int, floor: int) -> int:
    """Where the duration phrase ending at `words[end - 1]` starts, at `floor` or after
    (`end` if no duration ends there): durations joined by `and` (`1h and 30m`), or side by
    side where one is typed apart from its unit (`1 h 30m`). Durations side by side
    otherwise are two (`30m | 1h 1d`: a label `1h`), as `is_duration_word` says."""
    start = _item_start(words, end)
    if start is None or start < floor:
        return end
    spaced = end - start == 2
    while True:
        joined = start - 1 >= floor and words[start - 1].lower() in _JOINS
        link = start - 1 if joined else start
        before = _item_start(words, link)
        if before is None or before < floor or not (joined or spaced or link - before == 2):
            return start
        start, spaced = before, link - before == 2


def _bare_minutes_start(words: list[str], end: int) -> int | None:
    """Where the hours and minutes without the minutes' unit that `words[:end]` ends with
    start, after a first word (a label's): one word (`1h30`) or up to three (`1h 30`,
    `1 hour 30`), as `parse_duration` reads them. Only the minutes after the hours were
    looked at, and `1h 30 true` was offered as the label "B 1h 30" alone."""
    for start in range(end - 1, max(0, end - _BARE_MINUTES_WORDS - 1), -1):
        if has_bare_minutes(" ".join(words[start:end])):
            return start
    return None


def _deadline_text(words: list[str], start: int, end: int) -> str:
    """The duration the phrase `words[start:end]` says, as a form names it: `1h and 30m` is
    `1h 30m`, `1 h` is `1h`, `2 hours` stays so, so `duration:` reads it."""
    parts: list[str] = []
    while end > start:
        if words[end - 1].lower() in _JOINS:
            end -= 1
            continue
        begin = _item_start(words, end)
        assert begin is not None  # `_phrase_start` found the phrase by these same steps
        item = words[begin:end]
        parts.append("".join(item) if is_unit_letter(item[-1]) else " ".join(item))
        end = begin
    return " ".join(reversed(parts))


def _ending_duration(text: str) -> str | None:
    """The duration a value's part ends in, as one word (`Plan 2d`: `2d`, `Late 80s`:
    `80s`, `Run 5 m`: `5m`), or None."""
    words = text.split()
    start = _item_start(words, len(words))
    return None if start is None else "".join(words[start:])


def _shows_label_durations(others: list[str], word: str) -> bool:
    """Whether one of the parts `others` ends in a duration, so durations such as `word`
    belong to labels in this poll (`Sushi 2d` for `3d`); a bare number is none (`Option
    1`). One in seconds alone shows it only for seconds (`Late 80s` for `90s`): `Late 80s`
    or `iPhone 5s` is a decade or a model, no sign that `1h` ends a label."""
    endings = [_ending_duration(part) for part in others]
    return any(e is not None and (not is_seconds_only(e) or is_seconds_only(word)) for e in endings)


def _taking_the_rest(command: Command) -> str | None:
    """The option that takes the rest of the text as written, quotes included: the greedy
    one when it is the last one, as nothing can follow it (`/ask`, `/vote`'s label)."""
    greedy = command.greedy_option
    return greedy.name if greedy is not None and greedy is command.options[-1] else None


class _Parser:
    def __init__(self, command: Command, text: str) -> None:
        self.command = command
        self.text = text
        self.tokens = _tokenize(command, text)
        self.free_text = {
            o.name for o in command.options if o.type is OptionType.STRING and not o.choices
        }
        greedy = command.greedy_option
        self.greedy = greedy.name if greedy else None
        #: The greedy option takes the text as written (`_taking_the_rest`).
        self.takes_rest = _taking_the_rest(command) is not None
        self.values: dict[str, str] = {}
        self.last_filled: Option | None = None  # for a word that cannot follow it
        #: Each option filled by position, with the option filled just before it and
        #: whether that one was one quoted group (`_given_twice`).
        self.by_position: dict[str, tuple[Option | None, bool]] = {}
        self.last_grouped = False
        #: The index of the first token of the value being read, or else of the last one
        #: read: where a suggested form starts rewriting what was typed.
        self.last_start = 0
        self.i = 0

    def parse(self) -> dict[str, str]:
        seen: set[str] = set()
        for token in self.tokens:  # said first: a form offered for the rest would repeat both
            if token.name in seen:
                raise UserError(f"`{token.name}` is given twice.")
            if token.name is not None:
                seen.add(token.name)
        while self.i < len(self.tokens):
            token = self.tokens[self.i]
            self.i += 1
            if token.name is not None:
                if token.name in self.values:
                    raise self._given_twice(token.name)
                self._fill(token.name, token, positional=False)
            else:
                target = self._next_free()
                self.by_position[target] = (self.last_filled, self.last_grouped)
                self._fill(target, token, positional=True)
            # Whether the value began with one quoted group, named or by position (`"Who"
            # wins?`): words filling the next option by position most likely end it
            self.last_grouped = token.grouped
        return self.values

    def _given_twice(self, name: str) -> UserError:
        """The refusal of `name:` typed after words that filled it by position. Words after
        a quoted value were its end, most likely, quote marks meant inside it: `question:"Who"
        wins? options: A | B` was "`options` is given twice", with no word of why nor of
        what to type. It says which words filled `name`, and the value they would make. The
        quoted value may have been typed by position too (`"Who" wins? options: A | B`),
        which was told only to name each value."""
        if name not in self.by_position:
            return UserError(f"`{name}` is given twice.")
        words = self.values[name]
        filled = f"“{echo(words)}” filled `{name}` by position, and `{name}:` is typed too."
        before, grouped = self.by_position[name]
        if before is not None and grouped and before.name in self.free_text:
            meant = quote(f'"{self.values[before.name]}" {words}')
            return UserError(
                f"{filled} For quote marks inside the {before.name}, type "
                f"`{before.name}:{neutralize_mentions(no_code_marks(meant))}`."
            )
        return UserError(f"{filled} Type each value after its name, `{name}:` once.")

    def _next_free(self) -> str:
        free = [o.name for o in self.command.options if o.name not in self.values]
        if not free:
            usage = self.command.usage_line()
            named = command_line(self.command.name)
            raise UserError(Marked("Too many words for ", named, ". ", usage))
        return free[0]

    def _convert(self, option: Option, text: str) -> None:
        """Refuse `text` as `option` refuses it, with the command's usage after it, as the
        dispatcher refuses a value (`convert_options`): the user sees what to type."""
        try:
            option.convert(text)
        except UserError as error:
            raise UserError(Marked(error.message, " ", self.command.usage_line())) from None

    def _fill(self, target: str, first: _Token, *, positional: bool) -> None:
        option = self.command.option(target)
        assert option is not None  # names come from the command's own options
        if positional and target not in self.free_text:
            self._check_follows(option, first)
        self.last_start = self.i - 1
        if target == self.greedy and self.takes_rest:
            value = self._rest_as_written(first, positional=positional)
        else:
            value = self._words(option, first, positional=positional)
        self.values[target] = value
        self.last_filled = option

    def _rest_as_written(self, first: _Token, *, positional: bool) -> str:
        """The text up to the next `name:` word as typed, quotes kept, unless it is one
        quoted group; `name:"…"` ends where its quotes do."""
        if first.grouped and not positional:
            return first.text
        run = [first]
        while self.i < len(self.tokens) and self.tokens[self.i].name is None:
            run.append(self.tokens[self.i])
            self.i += 1
        if len(run) > 1 and not first.written:
            run.pop(0)  # `question: Who wins?`: the value starts after the space
        if len(run) == 1 and run[0].grouped:
            return run[0].text
        return _as_written(run)

    def _words(self, option: Option, first: _Token, *, positional: bool) -> str:
        runs_on = option.name in self.free_text and not first.quoted
        if positional and option.name != self.greedy and option.ends_at is None:
            runs_on = False
        if not runs_on:
            return first.text
        run = [first.text]
        while self.i < len(self.tokens) and self.tokens[self.i].name is None:
            if self.tokens[self.i].quoted:
                break
            run.append(self.tokens[self.i].text)
            self.i += 1
        if len(run) > 1 and not run[0]:
            run.pop(0)  # `question: Who wins?`: the value starts after the space
        if option.ends_at is not None:
            kept = self._cut_at_mark(option, run, positional=positional)
        else:
            kept = self._settings_start(option, run, self.i - len(run))
            self._check_deadline(option, run, kept, self.i - len(run))
        self.i -= len(run) - kept
        return " ".join(run[:kept])

    def _cut_at_mark(self, option: Option, run: list[str], *, positional: bool) -> int:
        """How many words end at the first one ending with the option's mark."""
        mark = option.ends_at or ""
        end = next((k for k, word in enumerate(run) if _ends_at(word, mark)), None)
        if end is None:
            end = self._split_after_unspaced_mark(run)
        if end is None:
            if positional:
                self._check_mark_after_quotes(option, len(run))
            if positional and len(run) > 1:
                example = next((e for e in self.command.examples if f'{option.name}:"' in e), "")
                words = example.removeprefix(f"/{self.command.name}").strip()
                shown = Marked(" e.g. ", command_line(self.command.name, words)) if example else ""
                raise UserError(
                    Marked(
                        f"Where does the {option.name} end? End it with “{mark}” or put it in "
                        "quotes,",
                        shown,
                    )
                )
            end = len(run) - 1
        return end + 1

    def _split_after_unspaced_mark(self, run: list[str]) -> int | None:
        """The index in `run` of a word that ends at a mark once split after it, if one has
        a mark of a script written without spaces inside it (`ランチは？寿司`): the word is
        split there, in `run` and in the tokens, so what follows the mark is read on."""
        base = self.i - len(run)
        for k, word in enumerate(run):
            cut = next((j + 1 for j, char in enumerate(word[:-1]) if char in _UNSPACED_MARKS), 0)
            token = self.tokens[base + k]
            if not cut or token.written != word:  # escapes typed in it: left as it is
                continue
            middle = token.end - len(word) + cut
            head = replace(token, text=word[:cut], written=word[:cut], end=middle)
            tail = _Token(word[cut:], word[cut:], "", None, False, False, middle, token.end)
            self.tokens[base + k : base + k + 1] = [head, tail]
            run[k : k + 1] = [head.text, tail.text]
            self.i += 1
            return k
        return None

    def _settings_start(self, option: Option, run: list[str], base: int) -> int:
        """Where the settings typed after `option`'s words start (`len(run)` if none);
        `run[k]` is the text of token `base + k`.

        Re-read by position, given-back words fill the unfilled options in declared order,
        so they must read as those options' values; the module docstring says when the
        reading is clear-cut. `tail` starts the words any unfilled option accepts, the
        only ones that can be settings: a setting-like word before them is text (`In 2h or
        so`) unless settings read from it for a while and then stop (`1h yes no extra`).
        """
        pending = self._pending(option)
        if not pending or pending[0].type is not OptionType.DURATION:
            return len(run)  # settings start with a duration: given back, words land elsewhere
        first = self._first_setting_word(option, run)
        looks = [k for k in range(first, len(run)) if _looks_like_setting(run[k])]
        tail = len(run)
        while tail > first and any(_may_end_label(o, run[tail - 1]) for o in pending):
            tail -= 1
        start = next((k for k in looks if k >= tail), None)
        if start is not None:
            if self._clear_settings(pending, run, start):
                return start
            raise self._unclear_end(option, run, start, base, pending)
        for k in looks:
            if _fitting(pending, run[k:]) > 1:
                raise self._unclear_end(option, run, k, base, pending)
        return len(run)

    def _pending(self, option: Option) -> list[Option]:
        """The options still unfilled once `option` is: those words after it could set."""
        return [o for o in self.command.options if o.name not in self.values and o is not option]

    def _check_deadline(self, option: Option, run: list[str], kept: int, base: int) -> None:
        """Refuse, with both readings, the duration that `option`'s last words end with (a
        deadline read from them, or a phrase left in them) when it could as well be part of
        them: `_doubtful_deadline` says when. Read either way, it would change what was
        typed without a word (`Plan 2d | Plan 3d`: a label "Plan" and a 3-day deadline).
        Not when a word after them could be no option's (`"A | B"`): that is refused anyway,
        and no form could keep it, as `_two_readings` says."""
        refusal = self._doubt(option, run, kept + 1 if kept < len(run) else len(run), base)
        if refusal is not None:
            raise refusal

    def _doubt(self, option: Option, run: list[str], end: int, base: int) -> UserError | None:
        """The refusal with both readings when the duration `run[:end]` ends with could as
        well end `option`'s value (`_doubtful_deadline`); None when it could not."""
        duration = self._deadline_option(option, base + end)
        if duration is None:
            return None
        start = self._doubtful_deadline(option, duration, run, end)
        if start is None:
            return None
        return self._two_readings(option, duration, run, (start, end), base)

    def _deadline_option(self, option: Option, index: int) -> Option | None:
        """The duration option words after `option` would set first, unless named from
        token `index` on: then they are `option`'s words, and no form may name it again."""
        pending = self._pending(option)
        if not pending or pending[0].type is not OptionType.DURATION:
            return None
        return None if pending[0].name in self._named_from(index) else pending[0]

    def _doubtful_deadline(
        self, option: Option, duration: Option, run: list[str], end: int
    ) -> int | None:
        """Where the duration that `run[:end]` ends with starts, if it could as well end
        `option`'s last part: a phrase of several words (`1h and 30m`, `1 h`), which a
        deadline read by position would cut or leave in the label, or a duration whose
        taking would leave the last part alone without one where another part shows such
        durations end labels here, as `_shows_label_durations` says (`Pizza | Sushi 2d |
        Tacos 3d`, `Sleep 8h | Sleep 6h 30m`, `Late 80s | Early 90s`). None when the
        deadline is clear-cut, or `duration` cannot read the words as one."""
        floor = self._first_setting_word(option, run)
        start = _phrase_start(run, end, floor)
        if start == end or not _may_end_label(duration, _deadline_text(run, start, end)):
            return None
        if end - start > 1 or is_seconds_only(run[start]):
            return start
        text = " ".join(run[:start])
        *others, last = separated(text, option.separator) if option.separator else [text]
        shaped = _shows_label_durations(others, _deadline_text(run, start, end))
        return start if shaped and _ending_duration(last) is None else None

    def _two_readings(
        self, option: Option, duration: Option, run: list[str], phrase: tuple[int, int], base: int
    ) -> UserError | None:
        """The refusal of the duration `run[start:end]`, which could end `option`'s value or
        be `duration`: both readings, each a whole form, the one that keeps the words in the
        value first, as it changes nothing typed; before them the reading `_split_form`
        finds in a duration in words, where there is one. None if a word after it could be
        no option's once `duration` is named: that form, pasted, would be refused again."""
        start, end = phrase
        rest = self.tokens[base + end :]
        kept = self._rewritten(option, " ".join(run[:end]), {}, rest)
        deadline = {duration.name: _deadline_text(run, start, end)}
        only, split = self._split_reading(option, duration, run, phrase, rest)
        why = _out_of_range(duration, deadline[duration.name])
        if why is not None and kept is not None:  # no form may name it all as the duration
            return UserError(
                Marked(
                    f"Where does `{option.name}` end? “{echo(' '.join(run[start:end]))}” is "
                    f"no {duration.name} here: {why} ",
                    only,
                    f"If it belongs to the {option.name}, quote all of it: ",
                    kept.line(),
                    _elided_note(split, kept),
                )
            )
        named = self._rewritten(option, " ".join(run[:start]), deadline, rest)
        if kept is None or named is None:
            return None
        return _either_reading(
            option, duration, " ".join(run[start:end]), (kept, named), only, split
        )

    def _split_reading(
        self,
        option: Option,
        duration: Option,
        run: list[str],
        phrase: tuple[int, int],
        rest: list[_Token],
    ) -> tuple[Marked, _Form | None]:
        """The sentence offering the form that names only the last word of the duration in
        words `run[start:end]` as `duration` (`1h` of `Plan 3d 1h`), the words before it
        kept in the value, and that form: `3d 1h` is read as one duration, so neither
        other reading offers "Plan 3d" closing in an hour, though another part ending in a
        duration (`Plan 2d`) says labels here end so. Nothing when the phrase is no
        duration in words, that word is in no unit polls run for (`3d 30s`), or the form
        would not be whole."""
        start, end = phrase
        *label, last = run[start].split(" ")
        if end - start != 1 or not label or not _unmistakable(duration, last):
            return Marked(), None
        if _out_of_range(duration, last) is not None:
            return Marked(), None
        value = " ".join([*run[:start], *label])
        form = self._rewritten(option, value, {duration.name: last}, rest)
        if form is None:
            return Marked(), None
        said = Marked(
            f"If only “{echo(last)}” is the {duration.name}, name it: ", form.line(), ". "
        )
        return said, form

    def _unclear_end(
        self, option: Option, run: list[str], at: int, base: int, pending: list[Option]
    ) -> UserError:
        """The refusal naming the quoted form: the first split from `run[at]` on (of the
        last few, the only ones that can be) whose words a form can name, the word there set
        by the first option it fits and the words typed after it as `_named_rest` gives them
        (`B 1h 1h`: `options:"A | B 1h" duration:1h`), so the form, pasted, is accepted and
        keeps every word in place. When no split can (`1h yes no no 1 extra`), it says which
        word reads as no setting, offering no form, unless the words end in hours and minutes
        without the minutes' unit (`B 2h 30`): then the label's and the duration's readings,
        where "“30” reads as no setting" offered only the label "B 2h 30"."""
        # each word after the split takes an option of its own: only the last few can be whole
        for split in range(max(at, len(run) - len(self.command.options)), len(run)):
            form = self._settings_form(option, run, split, base, pending)
            if form is None:
                continue
            # the duration the form names, or one typed in words just before (`B 1h 30m true`)
            end = split + 1 if is_duration_word(run[split]) else split
            doubt = self._doubt(option, run, end, base) or self._bare_minutes_doubt(
                option, run, split, base
            )
            if doubt is not None:
                return doubt
            return UserError(
                Marked(
                    f"Where does `{option.name}` end? Quote it and name each setting after it: ",
                    form.line(),
                    _elided_note(form),
                )
            )
        # `B 2h 30`: the hours read as the duration, the minutes as no setting
        doubt = self._bare_minutes_doubt(option, run, len(run), base)
        if doubt is not None:
            return doubt
        stray = self._stray_word(option, run[at], base + at, pending)
        whole = self._rewritten(option, " ".join(run), {}, self.tokens[base + len(run) :])
        refused = ((o.name, _out_of_range(o, stray)) for o in pending)
        name, why = next(((n, w) for n, w in refused if w), ("", None))
        command = self.command.name
        reads = (
            Marked(f"is no {name} here: {why}")
            if why
            else Marked("reads as no setting of ", command_line(command), ".")
        )
        return UserError(
            Marked(
                f"Where does `{option.name}` end? “{echo(stray)}” ",
                reads,
                self._quote_all(option, whole),
                _elided_note(whole),
            )
        )

    def _bare_minutes_doubt(
        self, option: Option, run: list[str], split: int, base: int
    ) -> UserError | None:
        """Both readings where the words before the settings' first end in hours and
        minutes without the minutes' unit (`B 1h30 true`, `B 1h 30 true`): by position they
        are a label's (`_may_end_label`), so the one form offered kept them there and a poll
        meant to close in 90 minutes, pasted, got the option "B 1h30" and no deadline. Named
        they are a duration, so that form is offered too. None where no such duration ends
        there, it would be the whole last option (`A | 1h30 true`), or it is named."""
        start = _bare_minutes_start(run, split)
        if start is None:
            return None
        before, typed = " ".join(run[:start]), " ".join(run[start:split])
        if option.separator and not separated(before, option.separator)[-1].strip():
            return None
        duration = self._deadline_option(option, base + start)
        if duration is None or _refusal(duration, typed) is not None:
            return None
        rest = self.tokens[base + split :]
        kept = self._rewritten(option, " ".join(run[:split]), {}, rest)
        named = self._rewritten(option, before, {duration.name: typed}, rest)
        if kept is None or named is None:
            return None
        return _either_reading(option, duration, typed, (kept, named))

    def _quote_all(self, option: Option, form: _Form | None) -> Marked:
        """The sentence offering `form`, which quotes all the words typed as `option`'s
        value, or, if there is none, saying to quote them and name each setting."""
        if form is None:
            return Marked(
                f" Quote the {option.name} and name each setting, as ",
                command_line("help", self.command.name),
                " shows.",
            )
        return Marked(f" If it belongs to the {option.name}, quote all of it: ", form.line())

    def _rewritten(
        self, option: Option, value: str, settings: dict[str, str], rest: list[_Token]
    ) -> _Form | None:
        """A form of `option`'s `value` quoted, `settings` named after it and the words
        typed after them, `rest`, as `_named_rest` gives them; None if one of those is no
        option's, as the form, pasted, would be refused again. A value typed with its name
        that its option refuses (`duration:1h 2`), before the value rewritten or after it, is
        refused here, before any form: the form would repeat it as typed, and pasted, be
        refused for it."""
        for token in (*self.tokens[: self.last_start], *rest):
            named = self.command.option(token.name) if token.name else None
            if named is not None:
                self._convert(named, token.text)
        filled = {*self.values, option.name, *settings}
        if None in self._rest_names(rest, filled):
            return None
        form = self._form_before(self.last_start).value(option.name, value, quoted=True)
        for name, word in settings.items():
            form.value(name, word)
        self._named_rest(form, rest, filled)
        return form

    def _settings_form(
        self, option: Option, run: list[str], split: int, base: int, pending: list[Option]
    ) -> _Form | None:
        """The form that quotes `run[:split]` as `option`'s value and names `run[split]` and
        every word after it, or None if one of them is no value of an option still free."""
        setting, _ = self._setting_at(option, run[split], base + split, pending)
        if setting is None:
            return None
        rest = self.tokens[base + split + 1 :]
        return self._rewritten(option, " ".join(run[:split]), {setting.name: run[split]}, rest)

    def _setting_at(
        self, option: Option, word: str, index: int, pending: list[Option]
    ) -> tuple[Option | None, set[str]]:
        """The first of `pending` a form may name `word`, token `index`, by (None if none
        may), and the options taken then: filled, named after it, and that one."""
        taken = {*self.values, option.name, *self._named_from(index + 1)}
        setting = next((o for o in pending if o.name not in taken and _names(o, word)), None)
        return setting, taken | ({setting.name} if setting else set())

    def _stray_word(self, option: Option, word: str, index: int, pending: list[Option]) -> str:
        """The first word from token `index` on that no option still free reads, once `word`
        there is set by the first option it fits."""
        _, taken = self._setting_at(option, word, index, pending)
        rest = self.tokens[index + 1 :]
        names = self._rest_names(rest, taken)
        return next((t.text for t, name in zip(rest, names, strict=True) if name is None), word)

    def _form_before(self, index: int) -> _Form:
        """A suggested form, started with the text typed before token `index` as typed."""
        before = self.text[: self.tokens[index].start]
        return _Form(self.command).words(before, before)

    def _named_from(self, index: int) -> set[str]:
        """The options named in the text from token `index` on: a suggested form cannot
        name them for another word, or it would be refused as naming one twice."""
        return {t.name for t in self.tokens[index:] if t.name is not None}

    def _named_rest(self, form: _Form, tokens: list[_Token], filled: set[str]) -> None:
        """Add to `form` the words typed after the part it rewrites, in place, so it loses
        none: each as typed, named by the option `_rest_names` gives it (`1h`:
        `duration:1h`), since once the form names an option the words can no longer fill
        options by position. They are one part of the form, too long or not."""
        if not tokens:
            return
        names = self._rest_names(tokens, filled)
        words = [
            _named_word(name, token, self.text[token.start : token.end])
            for token, name in zip(tokens, names, strict=True)
        ]
        form.words(self.text[tokens[0].start : tokens[-1].end], " ".join(words))

    def _rest_names(self, tokens: list[_Token], filled: set[str]) -> list[str | None]:
        """The option a form names each of `tokens` by: its own name if typed with one, else
        the first option not in `filled` nor named among them that reads it; None for a word
        no option reads, which a form cannot place."""
        taken = filled | {t.name for t in tokens if t.name is not None}
        names: list[str | None] = []
        for token in tokens:
            if token.name is not None:
                names.append(token.name)
                continue
            free = (o for o in self.command.options if o.name not in taken)
            name = next((o.name for o in free if _names(o, token.text)), None)
            if name is not None:
                taken.add(name)
            names.append(name)
        return names

    @staticmethod
    def _clear_settings(pending: list[Option], run: list[str], start: int) -> bool:
        """Whether `run[start:]` are settings beyond doubt: in declared order to the end,
        starting with a duration that no word such as `in` leads."""
        return (
            _unmistakable(pending[0], run[start])
            and _fitting(pending, run[start:]) == len(run) - start
            and run[start - 1].lower() not in _TIME_LEADS
        )

    @staticmethod
    def _first_setting_word(option: Option, run: list[str]) -> int:
        """The first word of `run` that could be a setting: after the first word of its last
        separated part, since taking that word would leave the part empty."""
        separator = option.separator
        last_part = max(
            (k + 1 for k, word in enumerate(run) if separator and _holds(word, separator)),
            default=0,
        )
        opens_part = (
            last_part > 0 and separator is not None and _ends_at(run[last_part - 1], separator)
        )
        return max(last_part, 1) + (1 if opens_part else 0)

    def _check_mark_after_quotes(self, option: Option, length: int) -> None:
        """A positional value that stopped at quoted words, its mark after them (`Who
        "really" wins?`), is refused with the words up to the mark quoted whole, quote
        marks kept, and the rest as typed: read on, it would end at the quotes."""
        start = self.i - length
        following = list(takewhile(lambda t: t.name is None, self.tokens[self.i :]))
        if not following or not following[0].quoted:
            return
        mark = option.ends_at or ""
        end = next((k for k, t in enumerate(following) if _ends_at(t.text, mark)), None)
        if end is None:
            return
        meant = _as_written(self.tokens[start : self.i + end + 1])
        after = self.i + end + 1
        rest = self.text[self.tokens[after].start :] if after < len(self.tokens) else ""
        form = self._form_before(start).value(option.name, meant, quoted=True).words(rest, rest)
        raise UserError(
            Marked(
                f"Where does the {option.name} end? Quote it whole, e.g. ",
                form.line(),
                _elided_note(form),
            )
        )

    def _check_follows(self, option: Option, first: _Token) -> None:
        """A word that cannot be `option` after quoted free text is refused with the text
        quoted whole (`"A | B" | C`): it may be part of it. A word a later option takes
        (`"A | B" yes`) was more likely that setting, so its named form is offered first.
        A form is offered only if it can name every word after the part it rewrites
        (`"A | B" yes tea` gets no `anonymous:yes tea`): pasted, it must be accepted."""
        previous = self.last_filled
        if previous is None or previous.name not in self.free_text or _accepts(option, first.text):
            return
        together = self._together_form(previous)
        setting = self._setting_form(option, previous, first)
        named = Marked(" If it is a setting, name it: ", setting.line(), ".") if setting else ""
        raise UserError(
            Marked(
                f"“{echo(first.text)}” is no {option.name}, the option after {previous.name}.",
                named,
                self._quote_all(previous, together),
                _elided_note(setting, together),
            )
        )

    def _together_form(self, previous: Option) -> _Form | None:
        """The form that quotes the refused word with `previous`'s value, and the words after
        it up to where settings start, as `_check_follows` offers it; None if a word after
        those could be no option's."""
        end = self.i + sum(1 for _ in takewhile(lambda t: t.name is None, self.tokens[self.i :]))
        tokens = self.tokens[self.last_start : end]
        kept = self._settings_start(previous, [t.text for t in tokens], self.last_start)
        combined = " ".join(_as_meant(tokens[:kept], previous.separator))
        return self._rewritten(previous, combined, {}, self.tokens[self.last_start + kept :])

    def _setting_form(self, option: Option, previous: Option, first: _Token) -> _Form | None:
        """The form that names the refused word by the first later option that takes it, or
        None if none does, or a word after it could then be no option's."""
        later = self.command.options[self.command.options.index(option) + 1 :]
        taken = {*self.values, *self._named_from(self.i)}
        setting = next((o for o in later if o.name not in taken and _accepts(o, first.text)), None)
        if setting is None:
            return None
        own = " ".join(_as_meant(self.tokens[self.last_start : self.i - 1], previous.separator))
        return self._rewritten(previous, own, {setting.name: first.text}, self.tokens[self.i :])


def _named_word(name: str | None, token: _Token, typed: str) -> str:
    """`token`, typed as `typed`, named `name` in a form; a joined duration is quoted
    (`duration:"1d 12h"`), or it would end at its space when pasted."""
    if name is None or token.name is not None:
        return typed
    if not token.quoted and " " in token.text:
        return f"{name}:{quote(token.text)}"
    return f"{name}:{typed}"


def _fitting(pending: list[Option], words: list[str]) -> int:
    """How many of `words` read as the `pending` options' values, in declared order."""
    return sum(
        1 for _ in takewhile(lambda pair: _reads_as(*pair), zip(pending, words, strict=False))
    )


def _as_written(tokens: list[_Token]) -> str:
    """The values of `tokens` as typed, spacing and quote marks kept, escapes resolved."""
    return "".join(t.gap + t.written for t in tokens).strip()


def _as_meant(tokens: list[_Token], separator: str | None) -> list[str]:
    """The words of `tokens` as meant inside one quoted value: a quoted group that is a
    whole separated part, or holds a separator, grouped words (`Baker | "Gin and Tonic"`);
    one among other words of its part was quoting them (`Say "hi" | Bye`)."""
    words = [t.written if t.quoted else t.text for t in tokens]
    for k, token in enumerate(tokens):
        if not token.grouped:
            continue
        opens = k == 0 or bool(separator and _ends_at(words[k - 1], separator))
        closes = k == len(tokens) - 1 or bool(
            separator and words[k + 1].startswith(_forms(separator))
        )
        if (opens and closes) or bool(separator and _holds(token.text, separator)):
            words[k] = token.text
    return [word for word in words if word]


def parse_arguments(command: Command, text: str) -> dict[str, str]:
    """Raw option values (still strings) from the text typed after the command name."""
    return _Parser(command, text).parse()
