"""Every command a reply of the core offers is marked (`command_line`), never plain text:
the console keeps it whole, Slack and Discord show it as code, and typed back it runs."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.adapters.console import ConsoleAdapter
from bot.app import BotApp
from bot.commands.daily import pause_notice
from bot.core.command_lines import how_to_type
from bot.core.context import ChannelRef, Context, UserRef
from bot.core.errors import UserError
from bot.core.grammar import parse_arguments
from bot.core.replies import Fields, Marked, Note, Pasted, Quote, Reply, Text, command_line
from bot.core.sanitize import strip_controls
from bot.daily.scheduler import Pause
from tests.discord_fake import FakeDiscord
from tests.helpers import make_app
from tests.test_console_commands import NarrowScreen
from tests.test_discord_e2e import embed_text, message_of
from tests.test_pasted_commands import SHOWN, commands_in
from tests.test_slack_e2e import Slack, all_text

#: What a refusal quotes back of the user's own words (“…”): theirs, not an offer.
_ECHOED = re.compile(r"“[^”]*”")


def unmarked(text: str, names: list[str]) -> list[str]:
    """The registry's commands (`/name`) that `text` writes as plain words: outside its
    marked parts (`Pasted`), and outside the user's words it quotes back."""
    plain = [p for p in text.parts if isinstance(p, str)] if isinstance(text, Marked) else [text]
    command = re.compile(rf"(?<![\w/`])/(?:{'|'.join(map(re.escape, names))})(?![\w-])")
    return [found for part in plain for found in command.findall(_ECHOED.sub("", part))]


def texts(reply: Reply) -> Iterator[str]:
    """Every text a reply shows but its titles (a card named after its command, `/poll`)."""
    yield reply.text
    for card in reply.cards:
        yield card.footer
        for block in card.blocks:
            if isinstance(block, Text):
                yield block.text
            elif isinstance(block, Quote | Note):
                yield block.fallback()
            elif isinstance(block, Fields):
                for field in block.fields:
                    yield field.name
                    yield field.value


#: Words people type after a command: its actions, numbers, settings, typos, questions.
WORDS = st.sampled_from(
    [
        "1", "#1", "2", "9", "on", "off", "status", "now", "poll", "vote", "daily", "bakr",
        "question:Lunch?", "options:A | B", "time:9", "tz:Mars", "tz:UTC", "colour:red", "x:y",
        "chips", "who is right?", '"', "option 2", "1h", "true", "rounds:2", "Lunch?", "A | B",
        "n:99", "command:vote", "Pizza", "/poll", "poll:1", "option:1", "action:on",
    ]
)  # fmt: skip
#: A command line: a command of the registry (or a typo of one) and some of `WORDS`.
LINES = st.tuples(
    st.sampled_from(
        ["baker", "gin", "debate", "ask", "topics", "takeaway", "poll", "vote", "results",
         "close", "daily", "help", "polll", "bakr"]
    ),
    st.lists(WORDS, max_size=4).map(" ".join),
)  # fmt: skip


@pytest.fixture
def walked(tmp_path: Path) -> Iterator[tuple[asyncio.AbstractEventLoop, BotApp]]:
    """One bot on its own event loop for every draw: the polls and schedules one line
    makes are there for the next, so later lines meet more of the bot's answers."""
    loop = asyncio.new_event_loop()
    app = loop.run_until_complete(make_app(tmp_path))
    try:
        yield loop, app
    finally:
        loop.run_until_complete(app.close())
        loop.close()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150)
@given(
    lines=st.lists(LINES, min_size=1, max_size=6),
    admin=st.booleans(),
    fields=st.booleans(),
    private=st.booleans(),
)
@example(lines=[("daily", "on")], admin=False, fields=False, private=False)
@example(lines=[("daily", "")], admin=False, fields=True, private=False)
@example(lines=[("polll", ""), ("help", "bakr"), ("help", "")], admin=True, fields=False,
         private=False)  # fmt: skip
@example(lines=[("topics", ""), ("debate", "chips"), ("help", "daily")], admin=False,
         fields=True, private=False)  # fmt: skip
@example(lines=[("daily", "on"), ("daily", "off"), ("daily", "")], admin=True, fields=False,
         private=False)  # fmt: skip
@example(lines=[("poll", "Lunch? A | B"), ("close", "poll:1"), ("close", "poll:1"),
               ("vote", "1 A")], admin=True, fields=False, private=False)  # fmt: skip
@example(lines=[("help", "1 /poll")], admin=False, fields=False, private=False)  # unquoted echo
@example(lines=[("poll", "1 options:A | B /poll")], admin=False, fields=False, private=False)
def test_no_reply_of_the_core_writes_a_command_as_plain_text(
    walked: tuple[asyncio.AbstractEventLoop, BotApp],
    lines: list[tuple[str, str]],
    admin: bool,
    fields: bool,
    private: bool,
) -> None:
    """ "Anyone can see /daily status.", /help's examples, /topics' "Try: …" and the
    verdict's "/ask who is right" were plain words: the console could wrap inside one,
    and Slack and Discord showed them unlike the commands beside them, as code. Whatever
    is typed, as whoever, on a platform of fields or of typed text, every command of the
    registry a reply writes is marked."""
    loop, app = walked
    names = [command.name for command in app.registry]
    ctx = Context("console", "local", "general", "ann", "Ann", admin, app.clock)
    ctx = replace(ctx, option_fields=fields, private=private)
    for name, text in lines:
        command = app.registry.get(name)
        if fields and command is not None:  # a platform of fields: the values as typed
            try:
                raw = parse_arguments(command, text)
            except UserError:
                continue
            reply = loop.run_until_complete(app.dispatcher.run(ctx, name, raw))
        else:
            reply = loop.run_until_complete(app.dispatcher.run_text(ctx, name, text))
        typed = loop.run_until_complete(polls_typed(app))
        for shown in texts(reply):
            assert not unmarked(without(typed, shown), names), (name, text, shown)


async def polls_typed(app: BotApp) -> list[str]:
    """Every poll's question and option labels: words people typed, which a reply shows
    as theirs, a `/poll` among them ("options:A | B /poll" made an option "B /poll")."""
    typed: list[str] = []
    poll_id = 1
    while (poll := await app.polls.store.get(poll_id)) is not None:
        typed += [poll.question, *(option.label for option in poll.options)]
        poll_id += 1
    return typed


def without(typed: list[str], shown: str) -> str:
    """`shown` less the words people typed that it shows (longest first)."""
    if isinstance(shown, Marked):
        return Marked(*(without(typed, p) if isinstance(p, str) else p for p in shown.parts))
    for words in sorted(typed, key=len, reverse=True):
        shown = shown.replace(words, "")
    return shown


def test_the_daily_pause_notice_marks_the_line_that_resumes_it() -> None:
    """The DM to an admin whose schedule paused said "run /daily on in #dev" in plain
    words: the line to type is the one marked part of it."""
    channel = ChannelRef("console", "local", "dev")
    pause = Pause(channel, UserRef("console", "local", "ann"), "refused", "")
    on = command_line("daily", "on")
    told = pause_notice([pause], on)
    assert [part for part in told if isinstance(part, str) and unmarked(part, ["daily"])] == []
    assert on in told and isinstance(on, Marked) and isinstance(on.parts[0], Pasted)


async def test_console_help_examples_typed_back_run(app: BotApp) -> None:
    """/help poll's examples in the console at 30 columns: each on a line of its own,
    whole, and typed back as shown it makes the poll it describes."""
    screen = NarrowScreen(30)
    assert await ConsoleAdapter(app, _lines("/help poll", "/topics"), screen=screen).run() == 0
    shown = "".join(screen.shown).splitlines()
    example = '/poll question:"Tabs or spaces?" options:Tabs | Spaces duration:1d'
    assert any(line.strip() == example for line in shown), shown
    tried = next(line for line in shown if line.startswith("Try:"))
    first = tried.removeprefix("Try: ").split(", ")[0]
    assert first == "/baker chips"
    assert await ConsoleAdapter(app, _lines(example, first), screen=screen).run() == 0
    poll = await app.polls.store.get(1)
    assert poll is not None and poll.question == "Tabs or spaces?"
    assert "== Gavin Baker on “chips” ==" in "".join(screen.shown)


def _lines(*typed: str) -> io.StringIO:
    """What the console reads: `typed`, a line each."""
    return io.StringIO("".join(f"{line}\n" for line in typed))


async def test_slack_shows_the_commands_of_cards_as_code_that_run_typed_back(
    slack_bot: Slack,
) -> None:
    """/topics' "Try: …" and /daily status's "can start one with …" were plain text on
    Slack; now code, and each, typed back as shown, runs."""
    _, url = await slack_bot.command("/topics", "")
    tried = commands_in(all_text((await slack_bot.answer(url)).args["blocks"]))
    assert tried[:2] == ["/baker chips", "/gin chips"]
    _, url = await slack_bot.command("/daily", "status")
    status = all_text((await slack_bot.answer(url)).args["blocks"])
    [start] = commands_in(re.sub("&(lt|gt|amp);", lambda m: SHOWN[m.group()], status))
    assert start == "/daily on time:09:00 tz:Europe/London"
    name, text = tried[0].split(" ", 1)
    _, url = await slack_bot.command(name, text)
    answered = (await slack_bot.answer(url)).args
    assert "chips" in answered["text"] and "Nothing on" not in answered["text"]


async def test_discord_shows_the_commands_of_embeds_as_code_that_run_typed_back(
    fake: FakeDiscord, discord_bot: BotApp
) -> None:
    """Discord's embeds showed /help's examples and the debate's "Full verdict: /ask who
    is right" as plain words (the card renderer marked nothing); now code, written as
    Discord's fields take them, and each, typed back as shown, runs."""
    card = embed_text(await fake.answer(await fake.command("help", {"command": "vote"})))
    assert commands_in(card)[:2] == ["/vote", "/vote poll:3 option:1"]
    debate = await fake.answer(await fake.command("debate", {"topic": "chips"}))
    verdict = next(e for e in message_of(debate)["embeds"] if e.get("title") == "Who's right")
    [full] = commands_in(verdict["description"])
    assert full == "/ask question:who is right"
    name, filled = full.removeprefix("/").split(" ", 1)
    field, value = filled.split(":", 1)
    answer = message_of(await fake.answer(await fake.command(name, {field: value})))
    assert answer["embeds"][0]["title"] == "Who's right"


#: Values people type into a field: empty, blank, words, numbers, durations, yes/no words.
VALUES = st.one_of(
    st.sampled_from(["", " ", "maybe", "xx", "1h 2", "-3", "99999", "0", "soon", "ｔｒｕｅ", "on"]),
    st.text(max_size=20),
)


#: The commands that take options, as the registry declares them.
NAMES = st.sampled_from(
    ["baker", "gin", "debate", "ask", "takeaway", "poll", "vote", "results", "close", "daily",
     "help"]
)  # fmt: skip


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=200)
@given(name=NAMES, index=st.integers(0, 9), value=VALUES, fields=st.booleans())
@example(name="baker", index=0, value="", fields=False)  # "`topic` needs a value."
@example(name="daily", index=0, value="sometimes", fields=True)  # a choice not among them
@example(name="poll", index=3, value="maybe", fields=False)  # a true/false
@example(name="poll", index=2, value="soon", fields=True)  # a duration
def test_every_refusal_of_a_value_ends_with_the_usage_line(
    walked: tuple[asyncio.AbstractEventLoop, BotApp],
    name: str,
    index: int,
    value: str,
    fields: bool,
) -> None:
    """Any command, any of its options, a value it refuses: the refusal ends with the usage
    line (a number's with an example after it, `how_to_type`), written as the platform
    takes it, the command marked; a command's own hint on polls may follow on a line of
    its own."""
    loop, app = walked
    command = app.registry.get(name)
    assert command is not None and command.options
    option = command.options[index % len(command.options)]
    try:
        option.convert(strip_controls(value))
    except UserError:
        pass
    else:
        return  # a value it takes: no refusal to read
    ctx = Context("console", "local", "general", "ann", "Ann", True, app.clock)
    ctx = replace(ctx, option_fields=fields)  # an admin: no refusal for permissions
    reply = loop.run_until_complete(app.dispatcher.run(ctx, command.name, {option.name: value}))
    usage = command.usage_line(fields=fields)
    text = str(reply.text)
    endings = [str(how_to_type(command, fields=fields)), str(usage)]
    after = next((text.rpartition(ending)[2] for ending in endings if ending in text), None)
    assert after is not None, text
    assert after == "" or after.startswith("\n"), text  # nothing after it but a hint's line
    assert isinstance(reply.text, Marked) and usage.parts[1] in reply.text.parts
