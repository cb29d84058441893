"""The registry and the dispatcher: one declaration, validated everywhere."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping, Sequence

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.clock import ManualClock
from bot.core.context import Context
from bot.core.dispatch import Dispatcher
from bot.core.errors import UserError
from bot.core.registry import Choice, Command, Option, OptionType, OptionValue, Permission, Registry
from bot.core.replies import Reply
from bot.core.sanitize import ECHO_LIMIT, ZERO_WIDTH_SPACE, without_isolates


async def _echo(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
    return Reply(text=repr(sorted(options.items())))


async def _broken(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
    raise RuntimeError("bug")


def _ctx(admin: bool = False) -> Context:
    return Context("console", "local", "general", "u1", "Ann", admin, ManualClock(0))


@pytest.fixture
def dispatcher() -> Dispatcher:
    return counting()


def counting() -> Dispatcher:
    """/count (a number, a flag, a choice), an admin command, a failing one and a button."""
    registry = Registry()
    registry.add(
        Command(
            "count",
            "Count to n",
            _echo,
            options=(
                Option(
                    "n", "how far", OptionType.INTEGER, required=True, min_value=1, max_value=10
                ),
                Option("loud", "shout", OptionType.BOOLEAN),
                Option("colour", "pick", choices=(Choice("Red", "red"), Choice("Blue", "blue"))),
            ),
            examples=("/count", "/count 3 loud:yes"),
        )
    )
    registry.add(Command("reset", "Admins only", _echo, permission=Permission.ADMIN))
    registry.add(Command("broken", "Always fails", _broken))

    async def press(ctx: Context, parts: Sequence[str]) -> Reply:
        if parts[0] != "v1":
            raise UserError("old button")
        return Reply(text=f"pressed {parts[1:]}", ephemeral=True)

    registry.add_action("demo", press)
    return Dispatcher(registry)


async def test_typed_text_is_converted(dispatcher: Dispatcher) -> None:
    reply = await dispatcher.run_text(_ctx(), "count", "#3 loud:yes colour:RED")
    assert reply.text == "[('colour', 'red'), ('loud', True), ('n', 3)]"


async def test_typed_platform_values_get_the_same_checks(dispatcher: Dispatcher) -> None:
    assert (await dispatcher.run(_ctx(), "count", {"n": 4})).text == "[('n', 4)]"
    reply = await dispatcher.run(_ctx(), "count", {"n": 11})
    assert reply.ephemeral and reply.text.startswith("`n` must be from 1 to 10, not 11. Usage: ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "needs `n`"),
        ("zero", "whole number"),
        ("0", "from 1 to 10, not 0"),
        ("2 loud:maybe", "true or false"),
        ("2 colour:green", "one of: red, blue"),
    ],
)
async def test_bad_input_gets_a_short_ephemeral_explanation(
    dispatcher: Dispatcher, text: str, message: str
) -> None:
    reply = await dispatcher.run_text(_ctx(), "count", text)
    assert reply.ephemeral
    assert message in reply.text


WORDS = st.text(st.characters(categories=["L"]), min_size=1, max_size=12)


@given(word=WORDS)
def test_a_word_where_a_number_goes_is_answered_with_the_order_to_type(word: str) -> None:
    """`/vote Aaron Gin` (no poll number) answered only "`poll` must be a whole number":
    a word typed where a number goes now also gets the usage and a line that works."""
    reply = asyncio.run(counting().run_text(_ctx(), "count", f"{word} loud:yes"))
    assert reply.ephemeral and reply.text.startswith("`n` must be a whole number, not “")
    assert reply.text.endswith(
        ". Usage: /count <n:N> [loud:true|false] [colour:red|blue], e.g. /count 3 loud:yes"
    )


@given(
    typed=st.text(min_size=ECHO_LIMIT + 1, max_size=400),
    kind=st.sampled_from([OptionType.BOOLEAN, OptionType.DURATION]),
)
@example(typed="0" * 37 + "<#00", kind=OptionType.DURATION)
def test_a_refused_value_quotes_what_was_typed_short(typed: str, kind: OptionType) -> None:
    """`anonymous:` or `duration:` (or `:tick`) followed by a pasted page quoted it back
    whole in the refusal; it is clipped now, as a refused number is."""
    option = Option("x", "a setting", kind)
    try:
        option.convert(typed)
    except UserError as refused:
        quoted = refused.message.partition("“")[2].rpartition("”")[0]
        # Isolates and the zero-width space that makes a mention inert show nothing:
        # `safe` cuts to the limit first, then adds them.
        shown = without_isolates(quoted).replace(ZERO_WIDTH_SPACE, "")
        assert len(shown) <= ECHO_LIMIT


#: The ASCII of a word as typed with an input method on (`ＴＲＵＥ`), and in other cases.
TYPED_FORMS = st.sampled_from(
    [
        str.upper,
        str.title,
        lambda word: word.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}),
        lambda word: f" {word.upper().translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})} ",
    ]
)


@given(
    st.sampled_from([("loud", w) for w in ("true", "yes", "on", "1", "y", "false", "no", "off")])
    | st.sampled_from([("colour", w) for w in ("red", "Red", "blue", "Blue")]),
    TYPED_FORMS,
)
@example(("loud", "true"), lambda word: "ＴＲＵＥ")  # "`loud` must be true or false"
@example(("colour", "red"), lambda word: "ｒｅｄ")
def test_a_setting_typed_in_any_case_or_width_reads_as_typed_in_ascii(
    typed: tuple[str, str], form: Callable[[str], str]
) -> None:
    """`/daily ｓｔａｔｕｓ` and `anonymous:ＴＲＵＥ` (an input method left on) were refused,
    where `n:２` reads as 2: a choice or a yes/no word compares as it looks."""
    name, word = typed
    command = counting().registry.get("count")
    option = command.option(name) if command else None
    assert option is not None
    assert option.convert(form(word)) == option.convert(word)


BOUNDS = st.one_of(st.none(), st.integers(-3, 12))


@given(low=BOUNDS, high=BOUNDS, typed=st.integers(-20, 30), hashed=st.booleans())
def test_a_number_out_of_range_is_refused_with_numbers_that_work(
    low: int | None, high: int | None, typed: int, hashed: bool
) -> None:
    """A range refusal (`/takeaway n:0`) names both ends and what was typed, so nobody
    learns the range one refusal at a time; and every number it names is taken. A range of
    one value names it once, in help and refusal alike: a pack with one takeaway said
    "whole number 1-1" and "must be from 1 to 1", which read as a typo."""
    assume(low is None or high is None or low <= high)
    option = Option("n", "how far", OptionType.INTEGER, min_value=low, max_value=high)
    bounds = list(dict.fromkeys(bound for bound in (low, high) if bound is not None))
    assert numbers_in(option.kind()) == bounds
    text = f"#{typed}" if hashed else str(typed)
    if (low is None or typed >= low) and (high is None or typed <= high):
        assert option.convert(text) == typed
        return
    with pytest.raises(UserError) as refused:
        option.convert(text)
    said = re.fullmatch(r"`n` (?:must|can only) be (.+), not (.+)", refused.value.message)
    assert said is not None, refused.value.message
    allowed, shown = said.groups()
    assert shown == f"{typed}."
    named = numbers_in(allowed)
    assert named == bounds
    assert all(option.convert(str(number)) == number for number in named)


def numbers_in(text: str) -> list[int]:
    """The numbers written in `text`; the `-` of a range (`1-10`) is no minus sign."""
    return [int(number) for number in re.findall(r"(?<![0-9])-?[0-9]+", text)]


def test_a_range_of_one_number_is_said_as_that_number() -> None:
    """`/takeaway` over a pack with one takeaway: "only 1", not "whole number 1-1"."""
    option = Option("n", "Takeaway number", OptionType.INTEGER, min_value=1, max_value=1)
    assert option.kind() == "only 1"
    with pytest.raises(UserError) as refused:
        option.convert("2")
    assert refused.value.message == "`n` can only be 1 here, not 2."


async def test_admin_commands_refuse_others(dispatcher: Dispatcher) -> None:
    assert "admins only" in (await dispatcher.run_text(_ctx(), "reset", "")).text
    assert (await dispatcher.run_text(_ctx(admin=True), "reset", "")).text == "[]"


async def test_unknown_command_and_failures_are_answered(
    dispatcher: Dispatcher, caplog: pytest.LogCaptureFixture
) -> None:
    assert "Unknown command /nope" in (await dispatcher.run_text(_ctx(), "nope", "")).text
    reply = await dispatcher.run_text(_ctx(), "broken", "")
    assert reply.ephemeral and "went wrong" in reply.text
    assert "command /broken failed" in caplog.text


#: The bot's commands, as README lists them.
COMMANDS = ("baker", "gin", "debate", "takeaway", "ask", "topics", "poll", "vote", "results")
COMMANDS += ("close", "daily", "help")


def the_bots_commands() -> Dispatcher:
    registry = Registry()
    for name in COMMANDS:
        registry.add(Command(name, "a command", _echo))
    return Dispatcher(registry)


def one_typo(name: str) -> st.SearchStrategy[str]:
    """`name` with one letter dropped, changed, or swapped with the next."""
    at = st.integers(0, len(name) - 1)
    dropped = at.map(lambda i: name[:i] + name[i + 1 :])
    changed = st.tuples(at, st.sampled_from("abcdefghijklmnopqrstuvwxyz")).map(
        lambda edit: name[: edit[0]] + edit[1] + name[edit[0] + 1 :]
    )
    swapped = st.integers(0, len(name) - 2).map(
        lambda i: name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    )
    return st.one_of(dropped, changed, swapped)


@given(typed=st.sampled_from(COMMANDS).flatmap(one_typo))
def test_a_mistyped_command_is_answered_with_the_one_meant(typed: str) -> None:
    """`/bakr` answered "Unknown command /bakr. Type /help for the list." and no more,
    though a misspelt option name was met with the nearest one. One typo away from a
    command, the answer now names a command, one that runs."""
    assume(typed not in COMMANDS)
    dispatcher = the_bots_commands()
    reply = asyncio.run(dispatcher.run_text(_ctx(), typed, ""))
    unknown = rf"Unknown command /{re.escape(typed)}\. Did you mean /([a-z]+)\? Type /help"
    suggested = re.match(unknown, reply.text)
    assert suggested is not None and reply.text.endswith(" for the list."), reply.text
    assert dispatcher.registry.get(suggested.group(1)) is not None


@pytest.mark.parametrize(
    ("typed", "meant"), [("bakr", "baker"), ("reslts", "results"), ("takeaways", "takeaway")]
)
async def test_common_typos_name_the_command_meant(typed: str, meant: str) -> None:
    reply = await the_bots_commands().run_text(_ctx(), typed, "")
    assert f"Did you mean /{meant}?" in reply.text


async def test_buttons_route_by_prefix(dispatcher: Dispatcher) -> None:
    assert (await dispatcher.click(_ctx(), "demo:v1:7:2")).text == "pressed ['7', '2']"
    assert (await dispatcher.click(_ctx(), "demo:v0:7")).text == "old button"
    assert "no longer supported" in (await dispatcher.click(_ctx(), "gone:v1:1")).text


def test_declarations_respect_platform_limits() -> None:
    registry = Registry()
    with pytest.raises(ValueError, match="valid slash command"):
        registry.add(Command("Bad Name", "x", _echo))
    with pytest.raises(ValueError, match="valid slash command"):
        registry.add(Command("c" * 32, "x", _echo))  # Slack's 32 characters count the `/`
    registry.add(Command("c" * 31, "x", _echo))
    with pytest.raises(ValueError, match="1-100"):
        registry.add(Command("long", "x" * 101, _echo))
    registry.add(Command("once", "x", _echo))
    with pytest.raises(ValueError, match="twice"):
        registry.add(Command("once", "x", _echo))


def test_usage_is_derived_from_options() -> None:
    command = Command(
        "vote",
        "Vote",
        _echo,
        options=(Option("poll", "p", OptionType.INTEGER, required=True), Option("option", "o")),
    )
    assert command.usage() == '<poll:N> [option:"…"]'
    assert command.greedy_option is not None and command.greedy_option.name == "option"
