"""/poll, /vote, /results, /close and the poll buttons, through the real dispatcher."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.commands.polls import PollCommands
from bot.core.context import Context
from bot.core.dispatch import Dispatcher
from bot.core.registry import Registry
from bot.core.replies import Reply
from bot.core.sanitize import ZERO_WIDTH_SPACE
from bot.knowledge import default_pack_dir, load_pack
from bot.polls.render import close_action, vote_action
from bot.polls.service import PollService
from bot.storage.migrate import migrate
from bot.storage.sqlite import SqliteDatabase

PACK = load_pack(default_pack_dir())


@dataclass
class Bot:
    db: SqliteDatabase
    clock: ManualClock
    dispatcher: Dispatcher

    def person(self, user: str, *, admin: bool = False, workspace: str = "W") -> Context:
        return Context("console", workspace, "general", user, user.title(), admin, self.clock)

    async def say(self, text: str, user: str = "ann", **who: object) -> Reply:
        name, _, rest = text.removeprefix("/").partition(" ")
        return await self.dispatcher.run_text(self.person(user, **who), name, rest)  # type: ignore[arg-type]

    async def click(self, action_id: str, user: str = "ann", **who: object) -> Reply:
        return await self.dispatcher.click(self.person(user, **who), action_id)  # type: ignore[arg-type]

    async def count(self, table: str) -> int:
        return int(await self.db.fetchval(f"SELECT COUNT(*) FROM {table}"))


@pytest.fixture
async def bot(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Bot]:
    db = await SqliteDatabase.open(str(tmp_path / "bot.db"))
    await migrate(db)
    registry = Registry()
    PollCommands(PollService(db, clock), PACK.poll).register(registry)
    yield Bot(db, clock, Dispatcher(registry))
    await db.close()


async def test_poll_alone_posts_the_packs_whos_right_poll(bot: Bot) -> None:
    reply = await bot.say("/poll")
    assert reply.poll_id == 1 and not reply.ephemeral
    labels = [button.label for button in reply.buttons()]
    speakers = [speaker.name for speaker in PACK.debaters]  # the analysis voice is no side
    assert labels[: len(speakers)] == speakers
    assert labels[:-1] == [option.label for option in PACK.poll.options]
    assert labels[-1] == "Close poll"
    assert PACK.poll.question in reply.fallback() and "Poll #1" in reply.fallback()


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
        "at most 10 options",
    ),
    "empty option": ('/poll question:"Q?" options:A || B', "Option 2 is empty"),
    "trailing bar": ('/poll question:"Q?" options:A | B |', "Option 3 is empty"),
    "long question": (f'/poll question:"{"q" * 301}" options:A | B', "limit is 300"),
    "long option": (f'/poll question:"Q?" options:A | {"o" * 81}', "Option 2 is 81 characters"),
    "duplicate options": (
        '/poll question:"Q?" options:Yes | No | yes',
        "Options 1 and 3 are the same",
    ),
    "too short": ('/poll question:"Q?" options:A | B duration:30s', "from 1m to 32 days"),
    "too long": ('/poll question:"Q?" options:A | B duration:33d', "from 1m to 32 days"),
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
    missing = await bot.say("/vote 1 Somebody", "eve")
    assert missing.ephemeral and "is not an option" in missing.text and "4) Neither" in missing.text
    assert "options 1 to 4, not 7" in (await bot.say("/vote 1 7", "eve")).text
    assert "no poll #9" in (await bot.say("/vote 9 1", "eve")).text
    assert "no poll #1 here" in (await bot.say("/vote 1 1", "eve", workspace="other")).text
    assert await bot.count("poll_votes") == 3


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
    reply = await bot.click(action_id, "bob")
    assert reply.ephemeral and "older version" in reply.text


@pytest.mark.parametrize("action_id", ["poll:v1:x:1", "poll:v1:1", "poll:v1:1:open"])
async def test_mangled_buttons_are_refused(bot: Bot, action_id: str) -> None:
    reply = await bot.click(action_id, "bob")
    assert reply.ephemeral and "not valid" in reply.text


async def test_results_default_to_the_channels_latest_poll(bot: Bot) -> None:
    assert "no poll in this channel" in (await bot.say("/results")).text
    await bot.say("/poll")
    await bot.say('/poll question:"Lunch?" options:Pizza | Sushi')
    await bot.say("/vote 2 Sushi", "bob")
    reply = await bot.say("/results")
    assert "Results of poll #2" in reply.fallback() and "Bob" in reply.fallback()
    assert reply.images() and "Results of poll #1" in (await bot.say("/results 1")).fallback()


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
