"""/poll, /vote, /results, /close and the poll buttons, through the real dispatcher."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from bot.clock import ManualClock
from bot.commands.polls import PollCommands, vote_line
from bot.core.context import Context
from bot.core.dispatch import Dispatcher
from bot.core.grammar import parse_arguments
from bot.core.registry import Registry
from bot.core.replies import Reply, join_list
from bot.core.sanitize import ZERO_WIDTH_SPACE
from bot.knowledge import default_pack_dir, load_pack
from bot.polls.model import REPEAT_CLICK_WINDOW
from bot.polls.render import close_action, vote_action
from bot.polls.service import PollService
from bot.storage.migrate import migrate
from bot.storage.sqlite import SqliteDatabase
from tests.conftest import START

PACK = load_pack(default_pack_dir())


@dataclass
class Bot:
    db: SqliteDatabase
    clock: ManualClock
    dispatcher: Dispatcher
    polls: PollService
    posted: list[str] = field(default_factory=list)

    def person(
        self, user: str, *, admin: bool = False, workspace: str = "W", channel: str = "general"
    ) -> Context:
        return Context("console", workspace, channel, user, user.title(), admin, self.clock)

    async def say(self, text: str, user: str = "ann", **who: object) -> Reply:
        """Run a command; a public reply is "posted" (tracked as message m<n>), as the
        adapters do, so its buttons can be clicked."""
        name, _, rest = text.removeprefix("/").partition(" ")
        ctx = self.person(user, **who)  # type: ignore[arg-type]
        reply = await self.dispatcher.run_text(ctx, name, rest)
        if not reply.ephemeral:
            self.posted.append(f"m{len(self.posted) + 1}")
            await self.polls.track(reply, ctx.channel_ref, self.posted[-1])
        return reply

    async def click(
        self, action_id: str, user: str = "ann", *, message: str | None = None, **who: object
    ) -> Reply:
        """Click a button on `message` (default: the latest posted message)."""
        clicked = message if message is not None else (self.posted or [""])[-1]
        ctx = replace(self.person(user, **who), message=clicked)  # type: ignore[arg-type]
        return await self.dispatcher.click(ctx, action_id)

    async def count(self, table: str) -> int:
        return int(await self.db.fetchval(f"SELECT COUNT(*) FROM {table}"))


async def open_bot(path: Path, clock: ManualClock) -> Bot:
    db = await SqliteDatabase.open(str(path))
    await migrate(db)
    registry = Registry()
    polls = PollService(db, clock)
    PollCommands(polls, PACK.poll).register(registry)
    return Bot(db, clock, Dispatcher(registry), polls)


@pytest.fixture
async def bot(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Bot]:
    running = await open_bot(tmp_path / "bot.db", clock)
    yield running
    await running.db.close()


async def test_poll_alone_posts_the_packs_whos_right_poll(bot: Bot) -> None:
    reply = await bot.say("/poll")
    assert reply.poll_id == 1 and not reply.ephemeral
    labels = [button.label for button in reply.buttons()]
    speakers = [speaker.name for speaker in PACK.debaters]  # the analysis voice is no side
    assert labels[: len(speakers)] == speakers
    assert labels[:-1] == [option.label for option in PACK.poll.options]
    assert labels[-1] == "Close poll"
    assert PACK.poll.question in reply.fallback() and "Poll #1" in reply.fallback()


async def test_a_poll_asked_again_while_open_shows_that_poll_instead_of_a_twin(
    bot: Bot,
) -> None:
    """A second `/poll` (a second Enter, a teammate bringing the poll up) made poll #2,
    the same as #1, and split the votes between them: the open poll is shown instead, to
    the caller alone, and a vote on it counts there. Anything else asked is a new poll.
    Only who may close it is told to close it first: a teammate was offered a /close
    that refused them."""
    await bot.say("/poll")
    await bot.say("/vote 1 gin", "bob")
    asked = "Poll #1 asks this already and is open in this channel: vote here or on it. "
    closing = f"{asked}To start it afresh, close it first with /close poll:1."
    for who, admin in (("ann", False), ("dee", True)):
        assert (await bot.say("/poll", who, admin=admin)).text == closing, who
    again = await bot.say("/poll", "cy")
    assert (
        again.ephemeral
        and again.poll_id == 1
        and again.text == (f"{asked}Its creator or an admin can close it to start afresh.")
    )
    assert "Only the poll's creator" in (await bot.say("/close 1", "cy")).text
    assert "Total voters: 1" in again.fallback()
    private_card = replace(bot.person("cy"), message="e1", ephemeral_message=True)
    clicked = await bot.dispatcher.click(private_card, vote_action(1, 1))
    assert "is now “Gavin Baker”" in clicked.text
    timed = '/poll question:"Lunch?" options:"Pizza | Sushi" duration:1h'
    assert (await bot.say(timed)).poll_id == 2
    assert (await bot.say(timed, "bob")).ephemeral  # the same again
    for other in (
        "/poll rounds:2",
        "/poll anonymous:true",
        '/poll question:"Lunch?" options:"Pizza | Sushi"',  # no deadline
        '/poll question:"Lunch?" options:"Pizza | Sushi" duration:2h',
        '/poll question:"Lunch?" options:"Pizza | Sushi | Tacos" duration:1h',
    ):
        assert not (await bot.say(other)).ephemeral, other
    assert not (await bot.say("/poll", channel="random")).ephemeral  # another conversation
    await bot.say("/close 1")
    assert (await bot.say("/poll")).poll_id == 9  # closed: a new one
    assert await bot.count("polls") == 9 and await bot.count("poll_votes") == 2


async def test_a_two_round_poll_asked_again_in_round_1_says_closing_takes_two(bot: Bot) -> None:
    """In round 1 of two, /close ends the round and the poll stays open: "close it first
    with /close poll:1" left it open, asked again as before; the answer says it takes two."""
    assert not (await bot.say("/poll rounds:2")).ephemeral
    assert (await bot.say("/poll rounds:2")).text.endswith(
        "close it first with /close poll:1 twice (the first ends round 1)."
    )
    assert "Round 2 (after) is open" in (await bot.say("/close 1")).text
    bot.clock.advance(REPEAT_CLICK_WINDOW + 1)
    assert (await bot.say("/poll rounds:2")).text.endswith("close it first with /close poll:1.")
    await bot.say("/close 1")
    assert (await bot.say("/poll rounds:2")).poll_id == 2  # closed: a new one


@given(
    asker=st.sampled_from(["ann", "admin", "bob"]),
    rounds=st.sampled_from([1, 2]),
    in_round_two=st.booleans(),
)
@example(asker="bob", rounds=1, in_round_two=False)  # offered a /close that refused him
@example(asker="ann", rounds=2, in_round_two=False)  # offered one /close: it ended round 1
@settings(max_examples=12)
def test_what_a_poll_asked_again_offers_to_type_ends_that_poll_for_whoever_asked(
    tmp_path_factory: pytest.TempPathFactory, asker: str, rounds: int, in_round_two: bool
) -> None:
    """Asked again by its creator, an admin or anyone else, in any round: the /close the
    answer offers, typed as often as it says by who was told, closes the poll (the next
    /poll is a new one); who is offered none is refused a /close."""
    asyncio.run(asked_again(tmp_path_factory.mktemp("again"), asker, rounds, in_round_two))


async def asked_again(path: Path, asker: str, rounds: int, in_round_two: bool) -> None:
    bot = await open_bot(path / "bot.db", ManualClock(START))
    try:
        line = f"/poll rounds:{rounds}"
        await bot.say(line)
        if rounds == 2 and in_round_two:
            await bot.say("/close 1")
        bot.clock.advance(REPEAT_CLICK_WINDOW + 1)
        admin = asker == "admin"
        said = (await bot.say(line, asker, admin=admin)).text
        times = 2 if " twice " in said else 1
        if "/close poll:1" not in said:
            assert asker == "bob"
            assert "Only the poll's creator" in (await bot.say("/close 1", asker)).text
            return
        for _ in range(times):
            bot.clock.advance(REPEAT_CLICK_WINDOW + 1)
            assert "Only" not in (await bot.say("/close poll:1", asker, admin=admin)).text
        assert (await bot.say(line, asker, admin=admin)).poll_id == 2
    finally:
        await bot.db.close()


async def test_a_custom_poll_with_every_flag(bot: Bot) -> None:
    reply = await bot.say(
        '/poll question:"Tabs or spaces?" options:Tabs | Spaces | Both '
        "duration:2h anonymous:true multi:true hide_results:true"
    )
    assert reply.poll_id == 1
    text = reply.fallback()
    assert "closes 2026-03-02 11:00 UTC" in text and "anonymous" in text
    assert "multiple choice" in text and "0 votes so far" in text
    assert [b.action_id for b in reply.buttons()] == [
        vote_action(1, 1),
        vote_action(1, 2),
        vote_action(1, 3),
        close_action(1),
    ]


BAD_POLLS = {
    "one option": ('/poll question:"Q?" options:Only', "2 to 10 options"),
    "eleven options": (
        '/poll question:"Q?" options:' + " | ".join(f"o{n}" for n in range(11)),
        "at most 10 options, not 11: remove 1 of them, or split them over two polls.",
    ),
    "empty option": ('/poll question:"Q?" options:A || B', "Option 2 is empty"),
    "trailing bar": ('/poll question:"Q?" options:A | B |', "Option 3 is empty"),
    "long question": (f'/poll question:"{"q" * 301}" options:A | B', "limit is 300"),
    "long option": (f'/poll question:"Q?" options:A | {"o" * 81}', "Option 2 is 81 characters"),
    "duplicate options": (
        '/poll question:"Q?" options:Yes | No | yes',
        "Options 1 and 3 are the same",
    ),
    "look-alike options": (
        '/poll question:"Q?" options:A | \uff21',
        "Options 1 and 2 are the same",
    ),
    "zero-width look-alike": ('/poll question:"Q?" options:A | A\u200b', "Options 1 and 2 are"),
    "invisible options": (
        '/poll question:"Q?" options:"\u200b | \u200b\u200b"',
        "Option 1 is empty",
    ),
    "hash label": (
        '/poll question:"Q?" options:"#2 | #1"',
        "Option 1, “#2”, would read as option 2 in /vote",
    ),
    "invisible question": ('/poll question:"\u200b" options:A | B', "needs a question"),
    "too short": ('/poll question:"Q?" options:A | B duration:30s', "from 1m to 32d, not 30s"),
    "too long": ('/poll question:"Q?" options:A | B duration:33d', "from 1m to 32d, not 33d"),
    "unreadable duration": ('/poll question:"Q?" options:A | B duration:soon', "not a duration"),
    "question only": ('/poll question:"Q?"', "needs both a question and options"),
    "options only": ("/poll options:A | B", "needs both a question and options"),
    "empty question": ('/poll question:"  " options:A | B', "needs a value"),
    "bad flag": ('/poll question:"Q?" options:A | B multi:maybe', "must be true or false"),
}


@pytest.mark.parametrize("case", BAD_POLLS, ids=list(BAD_POLLS))
async def test_bad_polls_get_a_clear_ephemeral_error_and_store_nothing(bot: Bot, case: str) -> None:
    text, expected = BAD_POLLS[case]
    reply = await bot.say(text)
    assert reply.ephemeral and reply.poll_id is None
    assert expected in reply.text, reply.text
    assert await bot.count("polls") == 0 and await bot.count("poll_options") == 0


async def test_limits_are_inclusive(bot: Bot) -> None:
    options = " | ".join(f"{n}{'o' * 79}" for n in range(10))
    reply = await bot.say(f'/poll question:"{"q" * 300}" options:{options} duration:32d')
    assert reply.poll_id == 1
    assert (await bot.say('/poll question:"Q?" options:A | B duration:1m')).poll_id == 2


async def test_vote_by_number_label_prefix_and_hash(bot: Bot) -> None:
    await bot.say("/poll")
    assert "“Gavin Baker”" in (await bot.say("/vote 1 1", "bob")).text
    assert "“Aaron Gin”" in (await bot.say("/vote #1 aaron gin", "cy")).text
    assert "“Both, in their domains”" in (await bot.say("/vote 1 Both", "di")).text
    asked = await bot.say("/vote 1 B", "eve")  # "Both…" and "Gavin Baker" alike: asked which
    assert asked.ephemeral and asked.text.endswith(
        "Type /vote poll:1 option:1 for “Gavin Baker” or /vote poll:1 option:3 for “Both, in "
        "their domains”."
    )
    assert "“Gavin Baker”" in (await bot.say("/vote poll:1 option:1", "eve")).text  # as offered
    missing = await bot.say("/vote 1 Somebody", "eve")
    assert missing.ephemeral and "is not an option" in missing.text and "4) Neither" in missing.text
    assert "options 1 to 4, not 7" in (await bot.say("/vote 1 7", "eve")).text
    assert "no poll #9" in (await bot.say("/vote 9 1", "eve")).text
    assert "no poll #1 here" in (await bot.say("/vote 1 1", "eve", workspace="other")).text
    assert await bot.count("poll_votes") == 4


async def test_vote_by_a_numeric_label_and_never_a_guess(bot: Bot) -> None:
    await bot.say('/poll question:"Num?" options:"2024 | 2025 | Yes"')
    assert "is now “2025”" in (await bot.say("/vote 1 2025", "bob")).text
    await bot.say('/poll question:"Which?" options:"2 | 1"')
    refused = await bot.say("/vote 2 1", "cy")
    assert refused.ephemeral
    assert refused.text == (
        "“1” is option 1 and also the label of option 2. "
        "Type /vote poll:2 option:#1 for “2” or /vote poll:2 option:#2 for “1”."
    )
    assert "is now “1”" in (await bot.say("/vote poll:2 option:#2", "cy")).text  # as offered
    assert "is now “2”" in (await bot.say("/vote 2 #1", "di")).text
    assert await bot.count("poll_votes") == 3


async def test_a_list_typed_twice_changes_nothing_and_a_closed_poll_refuses_it(bot: Bot) -> None:
    """A list says what the voter wants chosen: typed again (a second Enter, seconds on)
    it takes nothing back, where one option typed again would; a closed poll refuses it
    even when it would add nothing."""
    await bot.say('/poll question:"Lunch?" options:"Pizza | Pasta | Soup" multi:true')
    assert "Added “Pizza” and “Soup”" in (await bot.say("/vote 1 1, 3", "bob")).text
    bot.clock.advance(5)
    again = await bot.say("/vote 1 pizza and soup", "bob")
    assert again.text == (
        "“Pizza” and “Soup” were already among your choices on poll #1. "
        "Now recorded: “Pizza” and “Soup”."
    )
    assert await bot.count("poll_votes") == 2
    await bot.say("/close 1")
    closed = await bot.say("/vote 1 1, 3", "bob")
    assert closed.ephemeral and "votes are no longer accepted" in closed.text
    assert "votes are no longer accepted" in (await bot.say("/vote 1 1, 2", "bob")).text
    assert await bot.count("poll_votes") == 2


async def test_buttons_vote_and_close(bot: Bot) -> None:
    await bot.say('/poll question:"Q?" options:A | B')
    confirmation = await bot.click(vote_action(1, 2), "bob")
    assert confirmation.ephemeral and "is now “B”" in confirmation.text
    refused = await bot.click(close_action(1), "bob")
    assert refused.ephemeral and "Only the poll's creator or an admin" in refused.text
    closed = await bot.click(close_action(1), "ann")
    assert not closed.ephemeral and "Winner: “B”" in closed.text
    late = await bot.click(vote_action(1, 1), "cy")
    assert late.ephemeral and "closed" in late.text


@pytest.mark.parametrize("action_id", ["poll:v0:1:1", "poll:v2:1:1", "poll"])
async def test_buttons_of_another_version_say_so(bot: Bot, action_id: str) -> None:
    """Said with a line that names /vote's fields, which Discord's client fills: "Use
    /vote <poll> <option>" read as words to type after the command, where Discord's poll
    number field takes them all."""
    reply = await bot.click(action_id, "bob")
    assert reply.ephemeral and "older version" in reply.text
    assert "Use /vote poll:N option:…, or /results to see the poll." in reply.text


@pytest.mark.parametrize("action_id", ["poll:v1:x:1", "poll:v1:1", "poll:v1:1:open"])
async def test_mangled_buttons_are_refused(bot: Bot, action_id: str) -> None:
    reply = await bot.click(action_id, "bob")
    assert reply.ephemeral and "not valid" in reply.text
    assert "Use /vote poll:N option:… instead." in reply.text


async def test_results_default_to_the_channels_latest_poll(bot: Bot) -> None:
    assert "no poll in this channel" in (await bot.say("/results")).text
    await bot.say("/poll")
    await bot.say('/poll question:"Lunch?" options:Pizza | Sushi')
    await bot.say("/vote 2 Sushi", "bob")
    reply = await bot.say("/results")
    assert "Results of poll #2" in reply.fallback() and "Bob" in reply.fallback()
    assert reply.images() and "Results of poll #1" in (await bot.say("/results 1")).fallback()


async def test_a_closed_polls_refusals_name_the_poll_field_of_results(bot: Bot) -> None:
    """Voting in or closing a closed poll ends "See /results poll:N.": typed as shown, it
    is poll N's results, not the channel's latest (#2 here). It said "See /results N", which
    Discord, whose /results has an optional poll field, files nowhere."""
    await bot.say("/poll")
    await bot.say('/poll question:"Lunch?" options:Pizza | Sushi')
    await bot.say("/close 1")
    for refused in (await bot.say("/vote 1 1", "bob"), await bot.say("/close 1")):
        assert refused.ephemeral and refused.text.endswith(" See /results poll:1.")
    suggested = refused.text.rpartition("See ")[2].removesuffix(".")
    assert "Results of poll #1" in (await bot.say(suggested)).fallback()


async def test_close_is_for_the_creator_or_an_admin(bot: Bot) -> None:
    await bot.say("/poll")
    assert "Only the poll's creator" in (await bot.say("/close 1", "bob")).text
    assert "is closed" in (await bot.say("/close 1", "root", admin=True)).text
    assert "already closed" in (await bot.say("/close 1")).text


async def test_user_text_can_never_ping(bot: Bot) -> None:
    reply = await bot.say('/poll question:"@everyone vote!" options:<@123> | <!channel> | @here')
    shown = reply.fallback()
    for ping in ("@everyone", "<@123>", "<!channel>", "@here"):
        assert ping not in shown
    assert f"@{ZERO_WIDTH_SPACE}everyone" in shown
    assert all(ZERO_WIDTH_SPACE in b.label for b in reply.buttons()[:3])
    await bot.say("/vote 1 1", "<@&42>")
    duplicate = await bot.say('/poll question:"Dup?" options:@here | @HERE')
    assert "are the same" in duplicate.text and "@here" not in duplicate.text
    missing = await bot.say("/vote 1 @everyone", "bob")
    assert "@everyone" not in missing.text and "<!channel>" not in missing.text
    results = (await bot.say("/results 1")).fallback()
    assert "<@&42>" not in results and f"<{ZERO_WIDTH_SPACE}@&42>" in results


NOT_HERE = "There is no poll #1 here."
#: A typed number from a conversation with no poll: the refusal says how to start one.
NOT_HERE_NOR_ANY = f"{NOT_HERE} Start one with /poll."


async def test_a_poll_is_reached_only_from_its_own_conversation(bot: Bot) -> None:
    """Another channel, another workspace: every way in gets the same refusal, which does
    not reveal that poll #1 exists, and nothing is stored or closed."""
    await bot.say('/poll question:"Secret?" options:A | B', "ann", channel="private")
    for who in ({"channel": "general"}, {"workspace": "other", "channel": "private"}):
        assert (await bot.say("/results 1", "eve", **who)).text == NOT_HERE_NOR_ANY
        assert (await bot.say("/vote 1 1", "eve", **who)).text == NOT_HERE_NOR_ANY
        assert (await bot.say("/close 1", "root", admin=True, **who)).text == NOT_HERE_NOR_ANY
        assert (await bot.click(vote_action(1, 1), "eve", **who)).text == NOT_HERE
        assert (await bot.click(close_action(1), "root", admin=True, **who)).text == NOT_HERE
        assert "no poll in this channel" in (await bot.say("/results", "eve", **who)).text
    assert (await bot.say("/results 2", "eve", channel="private")).text == (
        "There is no poll #2 here. Open polls here: #1."
    )
    assert await bot.count("poll_votes") == 0
    insider = await bot.say("/results 1", "bob", channel="private")
    assert "Results of poll #1" in insider.fallback()


#: Polls made one after another: each in "general" or elsewhere, and closed or left open.
MADE = st.lists(st.tuples(st.booleans(), st.booleans()), max_size=6)


@given(
    made=MADE,
    typed=st.integers(1, 9),
    command=st.sampled_from(["vote {} 1", "results #{}", "close {}"]),
)
@settings(max_examples=30)
def test_a_typed_poll_number_not_here_is_answered_with_what_is_here(
    tmp_path_factory: pytest.TempPathFactory,
    made: list[tuple[bool, bool]],
    typed: int,
    command: str,
) -> None:
    """`/vote 7 1` where there is no poll #7 answered "There is no poll #7 here." and no
    more: nothing said what to type instead. It now names this conversation's open polls,
    else its newest, else how to start one; from nothing but this conversation, so the
    answer is the same whether poll #7 exists elsewhere or not at all."""
    asyncio.run(typed_elsewhere(tmp_path_factory.mktemp("here"), made, typed, command))


async def typed_elsewhere(
    path: Path, made: list[tuple[bool, bool]], typed: int, command: str
) -> None:
    bot = await open_bot(path / "bot.db", ManualClock(START))
    try:
        for number, (here, closed) in enumerate(made, start=1):
            channel = "general" if here else "elsewhere"
            # Each its own question: the same one again, while open, is that poll shown.
            await bot.say(f'/poll question:"Lunch {number}?" options:A | B', channel=channel)
            if closed:
                await bot.say(f"/close {number}", channel=channel)
        ours = [n for n, (here, _) in enumerate(made, start=1) if here]
        assume(typed not in ours)
        still_open = [n for n, (here, closed) in enumerate(made, start=1) if here and not closed]
        if still_open:
            instead = f"Open polls here: {join_list([f'#{n}' for n in still_open])}."
        elif ours:
            instead = f"None is open here; the newest, #{ours[-1]}, is closed."
        else:
            instead = "Start one with /poll."
        reply = await bot.say("/" + command.format(typed), "eve")
        assert reply.ephemeral and reply.text == f"There is no poll #{typed} here. {instead}"
    finally:
        await bot.db.close()


async def test_a_click_counts_only_from_a_message_showing_its_poll(bot: Bot) -> None:
    await bot.say('/poll question:"One?" options:A | B')
    await bot.say('/poll question:"Two?" options:C | D')  # message m2 shows poll #2
    for message in ("m2", "forged", ""):
        assert (await bot.click(vote_action(1, 1), "bob", message=message)).text == NOT_HERE
        assert (await bot.click(close_action(1), "ann", message=message)).text == NOT_HERE
    assert await bot.count("poll_votes") == 0
    assert "is now “A”" in (await bot.click(vote_action(1, 1), "bob", message="m1")).text


async def test_autocomplete_lists_only_the_conversations_polls(bot: Bot) -> None:
    await bot.say('/poll question:"Here?" options:A | B')
    await bot.say('/poll question:"Elsewhere?" options:A | B', channel="dm-of-ann")
    suggest = bot.dispatcher.registry.autocomplete("open-polls")
    assert suggest is not None
    here = await suggest(bot.person("bob"), "", {})
    assert [c.value for c in here] == ["1"]
    assert await suggest(bot.person("eve", channel="dm-of-eve"), "", {}) == []


BAD_IDS = ["²", "٣", "1²", "+1", " 1_0", "99999999999999999999", "1" * 5000, "-1", "0"]


@pytest.mark.parametrize("bad", BAD_IDS, ids=range(len(BAD_IDS)))
async def test_bad_poll_ids_are_answered_cleanly(bot: Bot, bad: str) -> None:
    """Non-ASCII digits, out-of-range and malformed ids: a short answer, never a traceback
    (the dispatcher's "Something went wrong") and never poll #3 for `٣`."""
    await bot.say('/poll question:"Q?" options:A | B')
    await bot.say('/poll question:"Q2?" options:A | B')
    await bot.say('/poll question:"Q3?" options:A | B')
    for reply in (
        await bot.say(f"/results {bad}", "bob"),
        await bot.say(f"/vote {bad} 1", "bob"),
        await bot.say(f"/vote 3 {bad}", "bob"),
        await bot.say(f"/close {bad}"),
        await bot.click(f"poll:v1:{bad}:1", "bob", message="m3"),
        await bot.click(f"poll:v1:3:{bad}", "bob", message="m3"),
    ):
        assert reply.ephemeral and "Something went wrong" not in reply.text, reply.text
        assert "Results of poll" not in reply.fallback() and len(reply.text) < 200
    assert await bot.count("poll_votes") == 0


async def test_a_vote_without_a_usable_voter_is_refused(bot: Bot) -> None:
    await bot.say('/poll question:"Q?" options:A | B')
    for nobody in ("", " ", "a b", "\x1b[2J"):
        reply = await bot.click(vote_action(1, 1), nobody)
        assert reply.ephemeral and "did not say who you are" in reply.text
    assert await bot.count("poll_votes") == 0


async def test_a_private_card_counts_only_in_its_polls_conversation(bot: Bot) -> None:
    """A poll card answered privately (the daily post's button) has no lasting message to
    check, so its clicks are checked by conversation alone: still never from elsewhere."""
    await bot.say('/poll question:"Q?" options:A | B')
    card = {"message": "ephemeral-card", "ephemeral_message": True}
    elsewhere = replace(bot.person("bob", channel="random"), **card)  # type: ignore[arg-type]
    assert (await bot.dispatcher.click(elsewhere, vote_action(1, 1))).text == NOT_HERE
    here = replace(bot.person("bob"), **card)  # type: ignore[arg-type]
    assert "is now “A”" in (await bot.dispatcher.click(here, vote_action(1, 1))).text


async def test_a_vote_typed_without_its_poll_number_suggests_the_votes_meant_here(
    bot: Bot,
) -> None:
    """With several polls in a channel, `/vote Pizza` (the number left out, so "Pizza" is
    read as the number) said how /vote is typed but not which poll holds "Pizza": now it
    suggests the vote in each open poll of this conversation that has it, and no other
    (with one, it is cast: `test_vote_without_poll_number`)."""
    assert (await bot.say("/vote Pizza")).text.endswith("e.g. /vote 3 1\nNo poll is open here.")
    await bot.say('/poll question:"Lunch?" options:Pizza | Sushi')
    await bot.say('/poll question:"Offsite?" options:Paris | Rome')
    await bot.say('/poll question:"Dinner?" options:Pizza | Pasta')
    await bot.say('/poll question:"Supper?" options:Pizza | Soup')
    await bot.say('/poll question:"Elsewhere?" options:Pizza | Tea', channel="random")
    await bot.say("/close 3")
    suggested = (await bot.say("/vote pizza", "bob")).text
    assert suggested.endswith(  # #3 is closed
        "\nDid you mean /vote 4 pizza (“Supper?”) or /vote 1 pizza (“Lunch?”)?"
    )
    here = "\nOpen polls here: #1, #2 and #4."
    assert (await bot.say("/vote Aaron Gin")).text.endswith(here)
    line = suggested.rpartition("Did you mean ")[2].partition(" (")[0]
    assert (await bot.say(line, "bob")).text == "Your vote on poll #4 is now “Pizza”."
    for refused in ("/close", "/results Lunch", "/vote"):
        assert (await bot.say(refused)).text.endswith(here)
    assert (await bot.say("/vote 1")).text.endswith(  # the number read: poll #1's options
        "\nPoll #1 (“Lunch?”) has 2 options. Type /vote poll:1 option:1 for “Pizza” or "
        "/vote poll:1 option:2 for “Sushi”."
    )
    await bot.say('/poll question:"Drinks?" options:Tea | Coffee multi:true')
    await bot.say('/poll question:"Break?" options:Tea | Coffee multi:true')
    listed = (await bot.say("/vote tea, coffee", "bob")).text  # a list, as both take one
    assert listed.endswith(
        "\nDid you mean /vote 7 tea, coffee (“Break?”) or /vote 6 tea, coffee (“Drinks?”)?"
    )


@given(st.integers(1, 10**6), st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1))
def test_a_suggested_vote_line_reads_as_the_poll_and_the_words_it_names(
    poll_id: int, words: str
) -> None:
    """Pasted, a suggested line votes in the poll for the option the words name, whatever
    they hold (`poll:3`, a lone `"`, a `#`), typed as they are or quoted."""
    assume(words == words.strip())
    vote = PollCommands(cast(PollService, None), PACK.poll).vote_command
    line = vote_line(vote, poll_id, words)
    assert line.startswith(f"/vote {poll_id} ")
    assert parse_arguments(vote, line.removeprefix("/vote ")) == {
        "poll": str(poll_id),
        "option": words,
    }


async def test_a_question_within_its_limit_naming_people_is_shown_whole(bot: Bot) -> None:
    """A question of 300 characters that @s the channel and a person was shown cut off
    ("… <@U1> rig…"): making the mentions inert added characters before the cut. The poll
    message and the results show it whole, inert."""
    question = ("Is <@U1> right or is @here wrong? " * 9)[:299] + "?"
    assert len(question) == 300
    posted = await bot.say(f'/poll question:"{question}" options:Yes | No')
    results = await bot.say("/results 1")
    for reply in (posted, results):
        shown = reply.fallback()
        assert "…" not in shown and question in shown.replace(ZERO_WIDTH_SPACE, "")
        assert "<@U1>" not in shown and "@here" not in shown


async def test_a_poll_s_field_typed_as_help_writes_it_without_or_with_a_spaced_colon(
    bot: Bot,
) -> None:
    """`/vote poll 1 2` was refused ("`poll` must be a whole number, not “poll”"), `/results
    poll: 1` as "too many words" and `/vote poll: 1 option: 2` as "`option` is given twice":
    each now does what `poll:1` does."""
    await bot.say("/poll")
    assert (await bot.say("/vote poll 1 2")).text == "Your vote on poll #1 is now “Aaron Gin”."
    voted = await bot.say("/vote poll: 1 option: Gavin")
    assert voted.text == "Your vote on poll #1 is now “Gavin Baker”."
    shown = (await bot.say("/results poll: 1")).fallback()
    assert "Results of poll #1" in shown and "Gavin Baker: 1 vote" in shown
    closed = await bot.say("/close poll 1")
    assert not closed.ephemeral and "Poll #1" in closed.fallback()
    assert "is closed" in closed.fallback()


async def test_a_poll_typed_with_quoted_values_after_spaced_colons(bot: Bot) -> None:
    """`/poll question: "Who wins?" options: "Tea | Coffee"` was refused ("`options` is
    given twice"): a quote after the space read as no value. It makes the poll its
    unspaced form makes."""
    made = await bot.say('/poll question: "Who wins?" options: "Tea | Coffee"')
    shown = made.fallback()
    assert not made.ephemeral and "Who wins?" in shown
    assert "Tea" in shown and "Coffee" in shown
