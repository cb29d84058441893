"""The Discord adapter end to end: the real discord.py client against a loopback Discord.

Each test starts the whole bot (app, database, adapter) pointed at `FakeDiscord` through
DISCORD_API_BASE and DISCORD_GATEWAY_URL, injects interactions over the gateway as Discord
would, and checks what the bot sent back over REST. Waits are on recorded calls, never time.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import sys
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.discord import client, respond
from bot.adapters.discord.client import (
    PERMISSIONS,
    STOPPING,
    DiscordAdapter,
    invite_url,
)
from bot.adapters.discord.embeds import split_reply
from bot.app import BotApp, create_app
from bot.clock import Clock, OffsetClock
from bot.config import Secret, Settings
from bot.core.context import ChannelRef, Context
from bot.core.outbound import DeliveryError
from bot.core.registry import Command, OptionType, OptionValue, Permission
from bot.core.replies import Card, Reply, Text
from bot.polls.model import REPEAT_CLICK_WINDOW
from tests.discord_fake import (
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    EPHEMERAL,
    LOADING,
    MANAGE_GUILD,
    STRING_SELECT,
    VIEW_CHANNEL,
    FakeDiscord,
    RestCall,
)
from tests.helpers import morning_clock
from tests.oxford_scenario import OFFERED, ROUND_1, ROUND_2, flat, missing

DISCORD_TYPES = {
    OptionType.STRING: 3,
    OptionType.DURATION: 3,
    OptionType.INTEGER: 4,
    OptionType.BOOLEAN: 5,
}
VOTE_ID = re.compile(r"poll:v1:(\d+):(\d+)")


def bot_settings(fake: FakeDiscord, database: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": f"sqlite:///{database}",
        "poll_edit_interval": 0.1,
        "discord_token": Secret(fake.token),
        "discord_api_base": fake.api_base,
        "discord_gateway_url": fake.gateway_url,
        "discord_guild_id": fake.guild_id,
    }
    return Settings(**(values | overrides))


@asynccontextmanager
async def running_bot(
    settings: Settings,
    fake: FakeDiscord,
    extra: tuple[Command, ...] = (),
    clock: Clock | None = None,
) -> AsyncIterator[BotApp]:
    """The bot as `python -m bot discord` runs it, connected to the fake until the block ends."""
    app = await create_app(settings, clock)
    for command in extra:
        app.registry.add(command)
    adapter = DiscordAdapter(app)
    await app.start()
    serving = asyncio.create_task(adapter.serve())
    ready = asyncio.create_task(fake.wait_ready(sessions=len(fake.sessions) + 1))
    await asyncio.wait({serving, ready}, return_when=asyncio.FIRST_COMPLETED)
    if serving.done():
        ready.cancel()
        await app.close()
        serving.result()  # raises why the bot could not start
    await ready
    try:
        yield app
    finally:
        await app.close()  # flushes pending poll edits while still connected
        serving.cancel()
        with suppress(asyncio.CancelledError):
            await serving


@pytest.fixture
async def bot(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[BotApp]:
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake) as app:
        yield app


def message_of(call: RestCall) -> dict[str, Any]:
    """The message fields of a callback (under `data`) or of a webhook/channel message call."""
    return call.json.get("data", call.json) if call.path.endswith("/callback") else call.json


async def whoami(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
    line = f"{ctx.platform} {ctx.workspace} {ctx.channel} {ctx.user} {ctx.display_name}"
    return Reply(text=line)


ADMIN_WHOAMI = Command("whoami", "Who the bot thinks you are", whoami, permission=Permission.ADMIN)


# -- start-up ------------------------------------------------------------------------------


async def test_registered_commands_match_the_registry(fake: FakeDiscord, tmp_path: Path) -> None:
    settings = bot_settings(fake, tmp_path / "bot.db")
    async with running_bot(settings, fake, extra=(ADMIN_WHOAMI,)) as bot:
        registry = list(bot.registry)
    registered = {c["name"]: c for c in fake.commands[fake.guild_id]}
    assert list(registered) == [c.name for c in registry]
    assert None not in fake.commands  # DISCORD_GUILD_ID set: nothing synced globally
    assert registered["whoami"]["default_member_permissions"] == MANAGE_GUILD
    for command in registry:
        sent = registered[command.name]
        assert sent["description"] == command.description
        admin = command.permission is Permission.ADMIN
        assert sent["default_member_permissions"] == (MANAGE_GUILD if admin else None)
        options = {o["name"]: o for o in sent.get("options", [])}
        assert sorted(options) == sorted(o.name for o in command.options)
        for option in command.options:
            declared = options[option.name]
            assert declared["description"] == option.description
            assert declared["type"] == DISCORD_TYPES[option.type]
            assert declared["required"] == option.required
            assert declared.get("choices", []) == [
                {"name": c.name, "value": c.value} for c in option.choices
            ]
            assert declared.get("autocomplete", False) == bool(
                option.autocomplete and not option.choices
            )
            # a number's range is Discord's to enforce; a duration is text there (`30m`),
            # its range in seconds checked by the core as on every platform
            numeric = option.type is OptionType.INTEGER
            assert declared.get("min_value") == (option.min_value if numeric else None)
            assert declared.get("max_value") == (option.max_value if numeric else None)
            assert declared.get("max_length") == option.max_length
    identify = fake.sessions[-1].identify
    assert identify is not None and identify["intents"] == 1  # GUILDS only, nothing privileged
    # discord.py asked for a compressed stream (zstd when `zstandard` is installed) and
    # decoded every frame the fake compressed for it.
    assert fake.sessions[-1].compression in ("zlib-stream", "zstd-stream")


async def test_without_a_guild_id_commands_sync_globally_and_answer(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    settings = bot_settings(fake, tmp_path / "bot.db", discord_guild_id=None)
    async with running_bot(settings, fake) as app:
        assert [c["name"] for c in fake.commands[None]] == [c.name for c in app.registry]
        assert fake.guild_id not in fake.commands
        answer = await fake.answer(await fake.command("topics"))
        assert message_of(answer)["embeds"][0]["title"] == "Topics"


async def test_start_up_logs_the_invite_url(
    fake: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.adapters.discord.client")
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake):
        url = invite_url(fake.application_id)
        assert url in caplog.text
    assert f"client_id={fake.application_id}" in url
    assert "scope=bot+applications.commands" in url
    assert f"permissions={PERMISSIONS.value}" in url
    # View Channel, Send Messages, Embed Links, Attach Files, and Send Messages in Threads:
    # in a thread or forum post, Send Messages does nothing.
    assert PERMISSIONS.value == (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 38)


# -- knowledge commands --------------------------------------------------------------------


async def test_speaker_commands_answer_with_coloured_cited_embeds(
    fake: FakeDiscord, bot: BotApp
) -> None:
    citation = bot.pack.source.citation()
    synced = {c["name"] for scope in fake.commands.values() for c in scope}
    assert {"baker", "gin"} <= synced and "article" not in synced  # analysis: no command
    for speaker in bot.pack.debaters:  # /baker and /gin
        answer = await fake.answer(await fake.command(speaker.id))
        assert answer.json["type"] == CHANNEL_MESSAGE
        message = message_of(answer)
        assert message.get("flags", 0) & EPHEMERAL == 0
        assert message["allowed_mentions"] == {"parse": []}
        [embed] = message["embeds"]
        assert embed["title"] == speaker.title  # "Aaron Gin": the source gives him no role
        assert embed["color"] == speaker.colour
        assert embed["footer"]["text"] == citation
        assert speaker.stance[:40] in embed["description"]
        point = bot.pack.strongest(speaker.id, 1)[0]
        assert point.claim[:40] in embed["description"]

        answer = await fake.answer(await fake.command(speaker.id, {"topic": "american chips"}))
        [embed] = message_of(answer)["embeds"]
        assert embed["title"] == f"{speaker.name} on “american chips”"
        assert embed["color"] == speaker.colour
        assert embed["footer"]["text"] == citation


async def test_topic_autocomplete_suggests_the_pack_topics(fake: FakeDiscord, bot: BotApp) -> None:
    interaction = await fake.autocomplete("baker", "topic", "")
    [call] = await fake.wait_for(
        lambda c: c.path == f"/interactions/{interaction.id}/{interaction.token}/callback"
    )
    assert call.json["type"] == AUTOCOMPLETE_RESULT
    suggested = call.json["data"]["choices"]
    assert suggested == [{"name": t.title, "value": t.id} for t in bot.pack.topics][:25]


async def suggested(
    fake: FakeDiscord, command: str, option: str, typed: str, **filled: Any
) -> list[Any]:
    """What Discord shows under `option` of /`command` as `typed` is typed (`filled`: the
    command's other fields)."""
    interaction = await fake.autocomplete(command, option, typed, filled=filled)
    [call] = await fake.wait_for(lambda c: c.path.startswith(f"/interactions/{interaction.id}/"))
    return list(call.json["data"]["choices"])


async def test_results_suggests_closed_polls_and_vote_and_close_only_open_ones(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """/results' poll field suggested open polls only: once a poll closed, when its results
    are wanted most, its number had to be remembered."""
    closed, _, _ = await create_poll(fake, bot, {"question": "Lunch?", "options": "A | B"})
    await fake.answer(await fake.command("close", {"poll": closed}))
    still_open, _, _ = await create_poll(fake, bot, {"question": "Tea?", "options": "A | B"})
    assert await suggested(fake, "results", "poll", "") == [
        {"name": f"#{still_open} Tea?", "value": still_open},
        {"name": f"#{closed} (closed) Lunch?", "value": closed},
    ]
    assert await suggested(fake, "results", "poll", "lun") == [
        {"name": f"#{closed} (closed) Lunch?", "value": closed}
    ]
    for command in ("vote", "close"):
        assert await suggested(fake, command, "poll", "") == [
            {"name": f"#{still_open} Tea?", "value": still_open}
        ]


async def test_votes_option_field_suggests_the_options_of_the_poll_in_its_poll_field(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """/vote's option field suggested nothing: a label had to be remembered, or read off
    the poll's message, and typed exactly enough. It now offers the options of the poll in
    the poll field that what is typed names, as the vote reads it; each suggestion's value
    votes for its option."""
    labels = {"question": "Who bakes?", "options": "Gavin Baker | Anne Bakery | José Gin"}
    poll_id, _, _ = await create_poll(fake, bot, labels)
    every = await suggested(fake, "vote", "option", "", poll=poll_id)
    assert [c["name"] for c in every] == ["1) Gavin Baker", "2) Anne Bakery", "3) José Gin"]
    assert [c["name"] for c in await suggested(fake, "vote", "option", "bak", poll=poll_id)] == [
        "1) Gavin Baker",
        "2) Anne Bakery",
    ]
    [jose] = await suggested(fake, "vote", "option", "JOSE", poll=poll_id)
    assert jose == {"name": "3) José Gin", "value": "José Gin"}
    assert await suggested(fake, "vote", "option", "") == []  # no poll named yet
    assert await suggested(fake, "vote", "option", "", poll=poll_id + 1) == []
    for user, choice in enumerate(every, start=2):
        vote = await fake.command("vote", {"poll": poll_id, "option": choice["value"]}, user=user)
        label = choice["name"].split(") ", 1)[1]
        assert (
            embed_text(await fake.answer(vote)) == f"Your vote on poll #{poll_id} is now “{label}”."
        )


async def test_votes_option_field_suggests_the_option_a_number_typed_with_the_word_picks(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """Typing "option 2", "opt 2" or "#2" in /vote's option field offered nothing, though
    submitting it voted for option 2 (`Poll.find_option`). Option 2 is now offered first,
    and both the text typed and the suggestion's value, submitted, vote for option 2."""
    poll_id, _, _ = await create_poll(fake, bot, {"question": "Lunch?", "options": "Pizza | Pasta"})
    voters = iter(range(2, 100))
    for typed in ["option 2", "opt 2", "#2", "Option #2", "＃２"]:
        first, *_ = await suggested(fake, "vote", "option", typed, poll=poll_id)
        assert first == {"name": "2) Pasta", "value": "Pasta"}
        for value in (typed, first["value"]):
            vote = await fake.command(
                "vote", {"poll": poll_id, "option": value}, user=next(voters)
            )
            answer = embed_text(await fake.answer(vote))
            assert answer == f"Your vote on poll #{poll_id} is now “Pasta”."


async def test_an_options_suggestion_is_its_number_where_its_label_would_name_another(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """In `2 | 1` the label "1" is also option 1's number: the suggestion's value is #N."""
    poll_id, _, _ = await create_poll(fake, bot, {"question": "Which?", "options": "2 | 1"})
    assert await suggested(fake, "vote", "option", "", poll=poll_id) == [
        {"name": "1) 2", "value": "#1"},
        {"name": "2) 1", "value": "#2"},
    ]


async def test_help_is_ephemeral(fake: FakeDiscord, bot: BotApp) -> None:
    answer = await fake.answer(await fake.command("help"))
    message = message_of(answer)
    assert message["flags"] & EPHEMERAL
    assert message["content"] == "Commands"
    assert any("/baker" in (e.get("description") or "") for e in message["embeds"])


# -- context, admin, deferral --------------------------------------------------------------


#: Who counts as an admin in a server, as every admin refusal there says it.
SERVER_RULE = (
    "(admins are members with Manage Server or Administrator, and people named in the bot's "
    "settings)"
)


async def test_interactions_become_contexts_and_admin_follows_manage_server(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    admins = frozenset({"900000000000000003"})
    settings = bot_settings(fake, tmp_path / "bot.db", bot_admins=admins, discord_guild_id=None)
    async with running_bot(settings, fake, extra=(ADMIN_WHOAMI,)):
        member = message_of(await fake.answer(await fake.command("whoami", user=1)))
        assert member["flags"] & EPHEMERAL
        shown = member["content"].replace("\\_", "_")  # as Discord shows its markdown
        assert shown == f"`/whoami` is for admins only {SERVER_RULE}."

        manager = await fake.command("whoami", user=2, permissions=MANAGE_GUILD)
        expected = f"discord {fake.guild_id} {fake.channel_id} 900000000000000002 User2"
        assert message_of(await fake.answer(manager))["content"] == expected

        listed = message_of(await fake.answer(await fake.command("whoami", user=3)))
        assert listed["content"].endswith("900000000000000003 User3")

        in_dm = message_of(await fake.answer(await fake.command("whoami", user=3, dm=True)))
        assert in_dm["content"] == f"discord dm {fake.dm_channel_id(3)} 900000000000000003 User3"
        stranger = message_of(await fake.answer(await fake.command("whoami", user=1, dm=True)))
        assert stranger["content"].replace("\\_", "_") == (
            "`/whoami` is for admins only (admins are the people named in the bot's settings)."
        )


@pytest.mark.parametrize("ephemeral", [False, True])
async def test_slow_work_is_deferred_then_delivered(
    fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ephemeral: bool
) -> None:
    monkeypatch.setattr(respond, "DEFER_AFTER", 0.05)
    release = asyncio.Event()

    async def slow(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        await release.wait()
        return Reply(
            cards=(Card(title="Done", blocks=(Text("late answer"),)),), ephemeral=ephemeral
        )

    command = Command("slow", "Takes its time", slow)
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake, extra=(command,)):
        interaction = await fake.command("slow")
        [deferral] = await fake.wait_for(
            lambda c: c.path.startswith(f"/interactions/{interaction.id}/")
        )
        assert deferral.json["type"] == DEFERRED_CHANNEL_MESSAGE
        # Commands defer publicly (most answers are public); clicks defer ephemerally.
        assert deferral.json.get("data", {}).get("flags", 0) & EPHEMERAL == 0
        release.set()
        answer = await fake.answer(interaction)
        assert answer.json["embeds"][0]["title"] == "Done"
        methods = [(c.method, c.path.rsplit("/", 1)[-1]) for c in fake.responses(interaction)]
        if ephemeral:  # a public "thinking…" cannot turn ephemeral: replaced by a follow-up
            assert methods == [
                ("POST", "callback"),
                ("DELETE", "@original"),
                ("POST", interaction.token),
            ]
            assert answer.json["flags"] & EPHEMERAL
        else:
            assert methods == [("POST", "callback"), ("PATCH", "@original")]


async def test_an_interaction_past_its_budget_on_arrival_is_deferred_at_once(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """2.8 s old on arrival (gateway lag): even quick work is deferred before it runs, since
    a direct answer would race Discord's 3 s from creation."""
    interaction = await fake.command("baker", age=2.8)
    answer = await fake.answer(interaction)
    first, *_ = fake.responses(interaction)
    assert first.json["type"] == DEFERRED_CHANNEL_MESSAGE
    assert answer.json["embeds"][0]["title"]


def test_the_defer_budget_counts_from_creation() -> None:
    created = datetime(2026, 1, 1, tzinfo=UTC)
    assert respond.defer_delay(created, created + timedelta(seconds=0.5)) == pytest.approx(2.0)
    assert respond.defer_delay(created, created + timedelta(seconds=2.8)) == 0.0
    assert respond.defer_delay(created, created - timedelta(seconds=5)) == respond.DEFER_AFTER


# -- polls ---------------------------------------------------------------------------------


async def create_poll(
    fake: FakeDiscord,
    app: BotApp,
    options: dict[str, Any] | None = None,
    *,
    user: int = 1,
    dm: bool = False,
    channel: int | None = None,
) -> tuple[int, int, list[str]]:
    """Run `/poll` (by `user`, in their DM with `dm`, or in `channel`, a thread) and wait
    until its message is live; returns poll id, message id, buttons.

    The message is live once the adapter has attached it to the poll.
    """
    attached = asyncio.Event()
    attach = app.polls.attach_message

    async def observed_attach(poll_id: int, channel: ChannelRef, message_ref: str) -> None:
        await attach(poll_id, channel, message_ref)
        attached.set()

    app.polls.attach_message = observed_attach  # type: ignore[method-assign]  # observe only
    try:
        interaction = await fake.command("poll", options, user=user, dm=dm, channel=channel)
        answer = await fake.answer(interaction)
        await asyncio.wait_for(attached.wait(), timeout=10)
    finally:
        del app.polls.attach_message
    assert answer.json["data"].get("flags", 0) & EPHEMERAL == 0
    custom_ids = answer.custom_ids()
    match = VOTE_ID.fullmatch(custom_ids[0])
    assert match is not None and interaction.message_id is not None
    poll_id = int(match.group(1))
    assert await app.polls.messages(poll_id)
    return poll_id, interaction.message_id, custom_ids


async def wait_for_tally_edit(
    fake: FakeDiscord, app: BotApp, poll_id: int, message_id: int
) -> RestCall:
    """The edit, in the message's own channel or thread, that shows the poll exactly as the
    database has it now, and that Discord answered (not one whose connection dropped)."""
    [expected] = split_reply(await app.polls.render(poll_id))
    embeds = [e.to_dict() for e in expected.embeds]
    path = f"/channels/{fake.messages[message_id]['channel_id']}/messages/{message_id}"
    [edit] = await fake.wait_for(
        lambda c: (
            c.method == "PATCH"
            and c.path == path
            and c.status == 200
            and not c.dropped
            and c.json["embeds"] == embeds
        )
    )
    return edit


async def test_poll_message_has_versioned_buttons_and_is_attached(
    fake: FakeDiscord, bot: BotApp
) -> None:
    poll_id, message_id, custom_ids = await create_poll(fake, bot)
    options = len(bot.pack.poll.options)
    assert custom_ids == [f"poll:v1:{poll_id}:{n}" for n in range(1, options + 1)] + [
        f"poll:v1:{poll_id}:close"
    ]
    channel = ChannelRef("discord", str(fake.guild_id), str(fake.channel_id))
    assert await bot.polls.messages(poll_id) == [(channel, str(message_id))]
    [embed] = fake.messages[message_id]["embeds"]
    assert f"#{poll_id}" in embed["title"] + embed.get("description", "")


#: An option's line of a tally in words, as a screen reader should hear it first.
_FIGURES = re.compile(r"\d+\) .+: \d+ votes? \(\d+%\)")


async def test_a_tally_gives_each_options_figures_before_its_bar(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """An embed has no text of its own for screen readers (Slack's message has), and
    Discord's markdown can hide nothing from them: each option's bar came first, read out
    as sixteen "full block"s and "light shade"s before its share and votes. Now the option
    says its figures first, and its bar follows on a line of its own."""
    poll_id, message_id, custom_ids = await create_poll(fake, bot)
    await fake.answer(await fake.click(message_id, custom_ids[1], user=5))
    lines = embed_text(await wait_for_tally_edit(fake, bot, poll_id, message_id)).splitlines()
    bars = [n for n, line in enumerate(lines) if {"█", "░"} & set(line)]
    assert len(bars) == len(custom_ids) - 1  # one an option
    for n in bars:
        assert set(lines[n].strip()) <= {"█", "░"}, lines[n]  # a bar alone on its line
        assert _FIGURES.fullmatch(lines[n - 1]), lines[n - 1]  # after the figures
    label = bot.pack.poll.options[1].label
    assert f"2) {label}: 1 vote (100%)" in lines


async def test_300_concurrent_clicks_end_in_an_edit_with_the_exact_tally(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """Each click is acknowledged within `DEFER_AFTER` by the clock the fake keeps
    Discord's deadline by (`unloaded_time`): where the process has a CPU when it needs one,
    that is a direct answer, never "thinking…". On a machine loaded by other processes the
    bot may defer some (it must keep to wall time, as Discord does), and each still ends in
    its own private confirmation."""
    poll_id, message_id, custom_ids = await create_poll(fake, bot)
    options = len(custom_ids) - 1
    voters = range(1, 301)
    clicks = await asyncio.gather(
        *(fake.click(message_id, custom_ids[user % options], user=user) for user in voters)
    )
    await asyncio.gather(*(fake.answer(click) for click in clicks))
    assert not [c for c in fake.calls if c.status >= 400]
    for click in clicks:
        assert click.acknowledged_after is not None
        assert click.acknowledged_after < respond.DEFER_AFTER
        assert click.message_id is not None
        flags = fake.messages[click.message_id]["flags"]
        assert flags & EPHEMERAL and not flags & LOADING

    poll = await bot.polls.store.get(poll_id)
    assert poll is not None
    tally = await bot.polls.store.tally(poll)
    assert [tally.count(n) for n in range(1, options + 1)] == [
        sum(1 for user in voters if user % options == n - 1) for n in range(1, options + 1)
    ]
    assert tally.voters == 300
    edit = await wait_for_tally_edit(fake, bot, poll_id, message_id)
    assert edit.custom_ids() == custom_ids  # buttons survive every edit
    await bot.live.idle()
    edits = [c for c in fake.calls if c.method == "PATCH" and c.path.endswith(f"/{message_id}")]
    assert edits[-1].json == edit.json  # the last edit shows the final tally
    assert len(edits) < 100  # coalesced: nothing like one edit per vote


async def test_a_select_menu_carrying_an_action_id_is_answered_not_counted(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """The bot only sends buttons; a select with a poll's id (stale or forged) gets the
    "no longer supported" notice instead of failing unanswered, and counts nothing."""
    poll_id, message_id, custom_ids = await create_poll(fake, bot)
    select = {
        "type": STRING_SELECT,
        "custom_id": custom_ids[0],
        "options": [{"label": "Pick", "value": "1"}],
        "min_values": 1,
        "max_values": 1,
    }
    fake.messages[message_id]["components"] = [{"type": 1, "components": [select]}]
    answer = await fake.answer(await fake.choose(message_id, custom_ids[0], ["1"], user=7))
    assert answer.json["data"]["flags"] & EPHEMERAL
    assert "no longer supported" in answer.json["data"]["content"]
    assert await bot.db.fetchval("SELECT COUNT(*) FROM poll_votes WHERE poll_id = ?", poll_id) == 0


async def test_old_poll_buttons_count_votes_after_a_restart(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    settings = bot_settings(fake, tmp_path / "bot.db")
    async with running_bot(settings, fake) as first:
        poll_id, message_id, custom_ids = await create_poll(fake, first)
        await fake.answer(await fake.click(message_id, custom_ids[0], user=1))

    async with running_bot(settings, fake) as second:  # a new process: new client, app, cache
        assert len(fake.sessions) == 2
        clicks = [
            await fake.click(message_id, custom_ids[0], user=2),
            await fake.click(message_id, custom_ids[1], user=3),
        ]
        for click in clicks:
            answer = await fake.answer(click)
            assert answer.json["data"]["flags"] & EPHEMERAL
            assert f"poll #{poll_id}" in answer.json["data"]["content"]
        poll = await second.polls.store.get(poll_id)
        assert poll is not None
        tally = await second.polls.store.tally(poll)
        assert (tally.count(1), tally.count(2), tally.voters) == (2, 1, 3)
        await wait_for_tally_edit(fake, second, poll_id, message_id)


async def test_results_upload_the_chart_as_an_attachment(fake: FakeDiscord, bot: BotApp) -> None:
    poll_id, message_id, custom_ids = await create_poll(fake, bot)
    await fake.answer(await fake.click(message_id, custom_ids[0], user=5))
    answer = await fake.answer(await fake.command("results", {"poll": poll_id}))
    [(filename, data)] = answer.files.values()
    assert filename == f"poll-{poll_id}.png" and data.startswith(b"\x89PNG")
    [embed] = message_of(answer)["embeds"]
    assert embed["image"]["url"] == f"attachment://{filename}"


async def test_the_chart_carries_its_alt_text_for_screen_readers(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """Discord's alt text for a picture is its attachment's description: the chart went
    without one, and a screen reader announced it by its file name, "poll-1.png"."""
    poll_id, message_id, custom_ids = await create_poll(fake, bot)
    await fake.answer(await fake.click(message_id, custom_ids[1], user=5))
    await fake.answer(await fake.command("results", {"poll": poll_id}))
    [chart] = [a for m in fake.messages.values() for a in m["attachments"]]
    assert chart["filename"] == f"poll-{poll_id}.png"
    assert chart["description"].startswith(f"Bar chart of poll #{poll_id}: ")
    assert "Aaron Gin: 1 vote (100%)" in chart["description"]


async def test_a_nickname_that_shows_nothing_does_not_list_its_voter_as_nobody(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """Discord lets a member take a nickname of a Hangul filler (U+3164), blank on screen
    though no whitespace: /results listed that voter as a blank before the comma. A name
    that shows nothing gives way to the next one Discord has (global name, username)."""
    fake.nicks[5] = "\u3164"
    fake.nicks[6] = "Bo"
    poll_id, message_id, custom_ids = await create_poll(fake, bot)
    for user in (5, 6):
        await fake.answer(await fake.click(message_id, custom_ids[0], user=user))
    answer = await fake.answer(await fake.command("results", {"poll": poll_id}))
    [embed] = message_of(answer)["embeds"]
    assert [field["value"] for field in embed["fields"]][:1] == ["User5, Bo"]


def filled_fields(line: str) -> dict[str, str]:
    """The fields a command line shown to people fills when typed into Discord: each
    `name:value` word its field; a bare word fills none (Discord drops it)."""
    return dict(word.split(":", 1) for word in line.split()[1:] if ":" in word)


async def test_a_closed_polls_refusal_names_the_results_field_it_means(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """A vote in a closed poll ends "See /results poll:N.": filled in as shown, it is poll
    N's results. "See /results N" filled no field, and showed the channel's latest poll."""
    first, _, _ = await create_poll(fake, bot)
    await create_poll(fake, bot, {"question": "Lunch?", "options": "Pizza | Sushi"})
    await fake.answer(await fake.command("close", {"poll": first}))
    vote = await fake.command("vote", {"poll": first, "option": "1"}, user=5)
    refusal = message_of(await fake.answer(vote))["content"]
    assert refusal.endswith(f" See `/results poll:{first}`.")  # inline code, copied bare
    fields = filled_fields(refusal.rpartition("See ")[2].removesuffix(".").strip("`"))
    results = await fake.answer(await fake.command("results", {"poll": int(fields["poll"])}))
    assert f"Results of poll #{first}" in embed_text(results)


# -- outbound ------------------------------------------------------------------------------


async def test_outbound_posts_with_the_bot_token_and_maps_refusals(
    fake: FakeDiscord, bot: BotApp
) -> None:
    outbound = bot.outbounds.get("discord")
    assert isinstance(outbound, DiscordAdapter)
    channel = ChannelRef("discord", str(fake.guild_id), str(fake.channel_id))
    reply = Reply(text="Daily takeaway @everyone", cards=(bot.knowledge.cards.takeaway_card(0),))
    message_ref = await outbound.post(channel, reply)
    [post] = await fake.wait_for(
        lambda c: c.method == "POST" and c.path == f"/channels/{fake.channel_id}/messages"
    )
    assert post.json["allowed_mentions"] == {"parse": []}
    assert "@everyone" not in post.json["content"]
    assert (
        fake.messages[int(message_ref)]["embeds"][0]["footer"]["text"] == bot.pack.source.citation()
    )

    await outbound.edit(channel, message_ref, Reply(text="edited"))
    assert fake.messages[int(message_ref)]["content"] == "edited"
    assert fake.messages[int(message_ref)]["embeds"] == []

    with pytest.raises(DeliveryError) as gone:
        await outbound.edit(channel, str(fake.snowflake()), Reply(text="x"))
    assert gone.value.permanent and gone.value.gone  # 404 Unknown Message
    fake.revoke(fake.channel_id, VIEW_CHANNEL)
    with pytest.raises(DeliveryError) as forbidden:
        await outbound.post(channel, Reply(text="x"))
    assert forbidden.value.permanent and not forbidden.value.gone  # 403: fixable, not gone
    with pytest.raises(DeliveryError) as forbidden_edit:
        await outbound.edit(channel, message_ref, Reply(text="x"))
    assert forbidden_edit.value.permanent and not forbidden_edit.value.gone
    unknown_channel = ChannelRef("discord", str(fake.guild_id), str(fake.snowflake()))
    with pytest.raises(DeliveryError) as no_channel:
        await outbound.edit(unknown_channel, message_ref, Reply(text="x"))
    assert no_channel.value.gone  # 404 Unknown Channel


#: What a channel that refused the bot View Channel is told it lacks, from the permissions
#: the command arrives with (`Context.cannot_post`), before anything is posted.
LACKS_VIEW_CHANNEL = (
    "I can't run polls or daily takeaways here: a server admin needs to give me View Channel here."
)


async def test_daily_now_where_the_bot_may_not_post_says_what_to_grant(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """It said "Could not post the takeaway here: Discord refused to post in channel …:
    403 Missing Access", the platform's error for logs, and nothing the admin could do."""
    fake.revoke(fake.channel_id, VIEW_CHANNEL)
    answer = message_of(
        await fake.answer(await fake.command("daily", {"action": "now"}, permissions=MANAGE_GUILD))
    )
    assert answer["flags"] & EPHEMERAL
    assert answer["content"] == LACKS_VIEW_CHANNEL


async def test_daily_on_where_the_bot_may_not_post_starts_nothing_and_says_what_to_grant(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """It answered "Daily takeaways on" to the interaction, which needs no permission in
    the channel; the first post then failed with 403 and paused the schedule."""
    fake.revoke(fake.channel_id, VIEW_CHANNEL)
    on = await fake.command("daily", {"action": "on", "time": "09:30"}, permissions=MANAGE_GUILD)
    answer = message_of(await fake.answer(on))
    assert answer["flags"] & EPHEMERAL
    assert answer["content"] == f"Daily takeaways not changed: {LACKS_VIEW_CHANNEL}"
    channel = ChannelRef("discord", str(fake.guild_id), str(fake.channel_id))
    assert await bot.daily.store.subscription(channel) is None


async def test_daily_on_posts_its_schedule_with_the_bot_token(
    fake: FakeDiscord, bot: BotApp
) -> None:
    on = await fake.command("daily", {"action": "on", "time": "09:30"}, permissions=MANAGE_GUILD)
    answer = message_of(await fake.answer(on))
    assert answer["flags"] & EPHEMERAL
    assert answer["content"] == "Daily takeaways on: I posted the schedule in this channel."
    (schedule,) = channel_posts(fake)
    assert embed_text(schedule).startswith("Daily takeaways on: every day at 09:30 UTC.")
    channel = ChannelRef("discord", str(fake.guild_id), str(fake.channel_id))
    assert await bot.daily.store.subscription(channel) is not None


async def test_edits_wait_out_rate_limits_instead_of_failing(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """A tight per-channel edit limit: discord.py paces the edits by the headers; no 429."""
    window = 0.3
    fake.limits["PATCH /api/v10/channels/{channel}/messages/{message}"] = (2, window)
    poll_id, message_id, custom_ids = await create_poll(fake, bot)
    for user in range(1, 6):  # each vote waits for its own edit: five edits, three windows
        await fake.answer(await fake.click(message_id, custom_ids[user % 2], user=user))
        await wait_for_tally_edit(fake, bot, poll_id, message_id)
    assert not [c for c in fake.calls if c.status >= 400]
    edits = [c.at for c in fake.calls if c.method == "PATCH" and c.path.endswith(f"/{message_id}")]
    assert len(edits) == 5
    assert all(third - first >= window for first, third in zip(edits, edits[2:], strict=False))


async def test_work_completes_when_discord_can_no_longer_be_answered(
    fake: FakeDiscord, bot: BotApp, caplog: pytest.LogCaptureFixture
) -> None:
    """An interaction answered too late (10062) still counts the vote and updates the tally."""
    poll_id, message_id, custom_ids = await create_poll(fake, bot)
    fake.ack_deadline = 0.0
    click = await fake.click(message_id, custom_ids[0], user=7)
    [refused] = await fake.wait_for(lambda c: c.path.startswith(f"/interactions/{click.id}/"))
    assert refused.status == 404
    await wait_for_tally_edit(fake, bot, poll_id, message_id)
    poll = await bot.polls.store.get(poll_id)
    assert poll is not None and (await bot.polls.store.tally(poll)).count(1) == 1
    assert f"could not answer interaction {click.id}" in caplog.text


async def start_bot(
    command: str, fake: FakeDiscord, tmp_path: Path, **settings: str
) -> asyncio.subprocess.Process:
    """`python -m bot <command>` in a subprocess, pointed at the fake (no Slack credentials)."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SLACK_")}
    environment.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        DISCORD_TOKEN=fake.token,
        DISCORD_API_BASE=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        **settings,
    )
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        command,
        env=environment,
        cwd=tmp_path,
        stderr=asyncio.subprocess.PIPE,
    )


@pytest.mark.parametrize("command", ["discord", "run"])
async def test_the_command_line_serves_discord(
    fake: FakeDiscord, tmp_path: Path, command: str
) -> None:
    """`python -m bot discord` (and `run`, beside any other adapter) answers commands."""
    process = await start_bot(command, fake, tmp_path, DISCORD_GUILD_ID=str(fake.guild_id))
    try:
        await fake.wait_ready()
        answer = await fake.answer(await fake.command("gin"))
        assert message_of(answer)["embeds"][0]["title"].startswith("Aaron Gin")
    finally:
        process.terminate()
        _, errors = await process.communicate()
    assert f"invite the bot with: {invite_url(fake.application_id)}" in errors.decode()
    assert process.returncode == 0, errors.decode()[-2000:]


async def test_sigterm_flushes_the_last_tally_edit_before_exiting(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """`docker stop` mid-poll: the pending (coalesced) edit still reaches Discord."""
    # only a flush at shutdown can show the second vote
    process = await start_bot("discord", fake, tmp_path, POLL_EDIT_INTERVAL="600")
    try:
        await fake.wait_ready()
        interaction = await fake.command("poll")
        buttons = (await fake.answer(interaction)).custom_ids()
        assert interaction.message_id is not None
        path = f"/channels/{fake.channel_id}/messages/{interaction.message_id}"
        await fake.answer(await fake.click(interaction.message_id, buttons[0], user=1))
        await fake.wait_for(  # the first change is edited at once; the next waits 600 s
            lambda c: c.path == path and "Total voters: 1" in json.dumps(c.json)
        )
        await fake.answer(await fake.click(interaction.message_id, buttons[0], user=2))
    finally:
        process.terminate()
        _, errors = await process.communicate()
    assert process.returncode == 0, errors.decode()[-2000:]
    edits = [c for c in fake.calls if c.method == "PATCH" and c.path == path]
    assert edits and "Total voters: 2" in json.dumps(edits[-1].json)


#: For handlers that ignore their context.
UNUSED_CONTEXT: Any = None


async def long_answer(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
    cards = tuple(
        Card(title=f"Part {n}", blocks=(Text(" ".join(f"w{n}-{i}" for i in range(700))),))
        for n in range(4)
    )
    return Reply(text="A long answer", cards=cards, ephemeral=True)


async def test_long_answers_arrive_as_several_messages_within_limits(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    command = Command("long", "A very long answer", long_answer)
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake, extra=(command,)):
        interaction = await fake.command("long")
        expected = split_reply(await long_answer(UNUSED_CONTEXT, {}))
        assert len(expected) >= 2
        await fake.wait_for(lambda c: c.path.endswith(interaction.token), count=len(expected) - 1)
        sent = [message_of(c) for c in fake.responses(interaction)]
        assert len(sent) == len(expected)
        assert all(m["flags"] & EPHEMERAL for m in sent)  # every part as private as the reply
        for message, rendered in zip(sent, expected, strict=True):
            assert message["embeds"] == [e.to_dict() for e in rendered.embeds]
        titles = [e["title"] for m in sent for e in m["embeds"] if "title" in e]
        assert titles == [f"Part {n}" for n in range(4)]
        assert sent[0]["content"] == "A long answer"


# -- two-round polls -----------------------------------------------------------------------


def embed_text(call: RestCall) -> str:
    """Everything an answer's embeds say, markdown escapes removed."""
    parts = [message_of(call).get("content") or ""]
    for embed in message_of(call).get("embeds", []):
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
    return re.sub(r"\\(.)", r"\1", "\n".join(parts))


async def test_a_two_round_pack_poll_with_a_restart_between_the_rounds(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """20 voters before; a new bot process on the same database; changes and picks through
    the same dynamic button handler (ephemeral `poll:v1:<id>:moved:<point>` buttons)."""
    settings = bot_settings(fake, tmp_path / "bot.db")
    users = {voter: number for number, voter in enumerate([*ROUND_1, "n01", "n02", "n03"], 10)}
    clock = OffsetClock()
    async with running_bot(settings, fake, clock=clock) as first:
        interaction = await fake.command("poll", {"rounds": 2}, user=1)
        posted = await fake.answer(interaction)
        assert "Round 1 of 2 · before" in embed_text(posted)
        message_id, buttons = interaction.message_id, posted.custom_ids()
        assert message_id is not None and buttons[-1].endswith(":next")
        poll_id = int(buttons[0].split(":")[2])
        clicks = await asyncio.gather(
            *(fake.click(message_id, buttons[o - 1], user=users[v]) for v, o in ROUND_1.items())
        )
        await asyncio.gather(*(fake.answer(click) for click in clicks))
        opened = await fake.answer(await fake.click(message_id, buttons[-1], user=1))
        assert "Round 1 (before)" in embed_text(opened) and "with 20 voters" in embed_text(opened)
        assert len(await first.polls.store.before_votes(poll_id)) == len(ROUND_1)

    clock.advance(REPEAT_CLICK_WINDOW)  # the restart takes a while: round 2 is not just opening
    async with running_bot(settings, fake, clock=clock) as second:  # new client, app, cache
        offered: dict[str, tuple[int, list[str]]] = {}
        for kind, voter, value in ROUND_2:
            if kind == "vote":
                click = await fake.click(message_id, buttons[value - 1], user=users[voter])
            else:
                ephemeral, choices = offered[voter]
                click = await fake.click(ephemeral, choices[value - 1], user=users[voter])
            answer = await fake.answer(click)
            assert answer.json["data"]["flags"] & EPHEMERAL
            if kind == "vote" and voter in OFFERED:
                assert "You changed your mind" in embed_text(answer)
                assert click.message_id is not None
                offered[voter] = (click.message_id, answer.custom_ids())
                assert len(offered[voter][1]) == OFFERED[voter]
                assert all(c.startswith(f"poll:v1:{poll_id}:moved:") for c in offered[voter][1])
            if kind == "pick":
                assert "Noted: “" in embed_text(answer)
        closed = await fake.answer(await fake.click(message_id, f"poll:v1:{poll_id}:close", user=1))
        assert missing(embed_text(closed)) == []
        edit = await wait_for_tally_edit(fake, second, poll_id, message_id)
        assert "Winner by the Oxford rule" in flat(embed_text(edit))
        results = await fake.answer(await fake.command("results", {"poll": poll_id}))
        assert missing(embed_text(results)) == []
        [(filename, data)] = results.files.values()
        assert filename == f"poll-{poll_id}.png" and data.startswith(b"\x89PNG")


async def test_two_processes_split_the_shards_and_one_syncs_the_commands(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS: each process identifies as its shards
    (discord.py's AutoShardedClient); only the process running shard 0 syncs commands."""
    first = bot_settings(fake, tmp_path / "bot.db", discord_shard_count=2, discord_shard_ids=(0,))
    second = bot_settings(fake, tmp_path / "bot.db", discord_shard_count=2, discord_shard_ids=(1,))
    async with running_bot(first, fake), running_bot(second, fake):
        shards = sorted(tuple(s.identify["shard"]) for s in fake.sessions if s.identify)
        assert shards == [(0, 2), (1, 2)]
        syncs = [c for c in fake.calls if c.method == "PUT" and c.path.endswith("/commands")]
        assert len(syncs) == 1


async def test_answers_show_evidence_analysis_voice_and_glossary_natively(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """Evidence and glossary as Discord subtext in place; the analysis voice in the title;
    the glossary in /topics as embed fields."""
    answer = await fake.answer(await fake.command("ask", {"question": "p30s"}))
    description = message_of(answer)["embeds"][0]["description"]
    assert "\n-# From the article: " in description
    assert "\n-# P30s (glossary): Spelled as the article writes it" in description
    question = {"question": "training frontier models from scratch"}
    answer = await fake.answer(await fake.command("ask", question))
    titles = [embed["title"] for embed in message_of(answer)["embeds"]]
    assert "The article (analysis)" in titles
    answer = await fake.answer(await fake.command("topics"))
    fields = message_of(answer)["embeds"][0]["fields"]
    assert {f["name"] for f in fields} == set(bot.pack.glossary)


def channel_posts(fake: FakeDiscord, channel: int | None = None) -> list[RestCall]:
    """Messages the bot posted in the channel (or in `channel`, a thread) with its own token,
    not interaction answers."""
    where = f"/channels/{channel or fake.channel_id}/messages"
    return [c for c in fake.calls if c.method == "POST" and c.path.endswith(where)]


async def test_a_deadline_passed_while_the_bot_was_down_is_announced_once_after_start_up(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """The start-up sweep closes what expired while the bot was down: it waits for the
    login, or its announcement (made at most once) fails before discord.py can post."""
    settings = bot_settings(fake, tmp_path / "bot.db")
    clock = OffsetClock()
    async with running_bot(settings, fake, clock=clock):
        poll = await fake.answer(await fake.command("poll", {"duration": "1h"}, user=1))
        poll_id = int(poll.custom_ids()[0].split(":")[2])
    clock.advance(3600)  # the bot was down when the poll's hour ran out
    async with running_bot(settings, fake, clock=clock) as app:
        (announcement,) = await fake.wait_for(lambda c: c in channel_posts(fake))
        assert f"Poll #{poll_id}" in embed_text(announcement)
        assert "is closed" in embed_text(announcement)
        await app.polls.wait_idle()
    async with running_bot(settings, fake, clock=clock) as app:  # a restart never repeats it
        await app.polls.wait_idle()
    assert channel_posts(fake) == [announcement]


async def test_a_daily_post_due_while_the_bot_was_down_goes_out_once_after_start_up(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """Within the grace, the post is made up at start-up, after the login, at its first
    attempt. (Before the fix the scheduler's first pass raced the login: a post tried first
    failed and waited a minute for its retry. test_daily_scheduler pins that down.)"""
    settings = bot_settings(fake, tmp_path / "bot.db")
    clock = morning_clock()
    at = datetime.fromtimestamp(clock.now() + 3600, UTC).strftime("%H:%M")
    async with running_bot(settings, fake, clock=clock):
        subscribed = await fake.command("daily", {"action": "on", "time": at}, permissions=8)
        assert "posted the schedule" in embed_text(await fake.answer(subscribed))
        (schedule,) = channel_posts(fake)
        assert "every day at" in embed_text(schedule)
    clock.advance(2 * 3600)  # down when the post fell due, back within DAILY_GRACE
    async with running_bot(settings, fake, clock=clock) as app:
        (post,) = await fake.wait_for(lambda c: c in channel_posts(fake) and c is not schedule)
        assert "Takeaway 1" in embed_text(post)
        await app.daily.wait_idle()
        attempts = await app.db.fetchval("SELECT attempts FROM daily_claims")
        assert attempts == 1
    assert channel_posts(fake) == [schedule, post]


async def test_every_admin_refusal_on_discord_says_who_is_an_admin(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """`/daily on`, `/close` and the End round 1 and Close buttons refused a member with
    "Only … an admin" and nothing said who is one; each refusal now ends with Discord's rule."""
    two_rounds, first_message, _ = await create_poll(fake, bot, {"rounds": 2}, user=1)
    one_round, second_message, _ = await create_poll(fake, bot, user=1)
    daily = {"action": "on", "time": "09:00", "tz": "Europe/London"}
    asked = [
        await fake.command("daily", daily, user=2),
        await fake.command("close", {"poll": two_rounds}, user=2),
        await fake.click(first_message, f"poll:v1:{two_rounds}:next", user=2),
        await fake.click(second_message, f"poll:v1:{one_round}:close", user=2),
    ]
    told = [embed_text(await fake.answer(interaction)) for interaction in asked]
    closing = f"Only the poll's creator or an admin can {{}} poll #{{}} {SERVER_RULE}."
    assert told == [
        f"Only admins can use `/daily action:on` {SERVER_RULE}. "
        "Anyone can see `/daily action:status`.",
        closing.format("end round 1 of", two_rounds),
        closing.format("end round 1 of", two_rounds),
        closing.format("close", one_round),
    ]


async def test_a_vote_typed_as_a_word_of_a_label_counts_for_the_option_it_names(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """`/vote poll:N option:baker` found no "Gavin Baker": labels matched only from the
    start."""
    labels = {"question": "Who bakes?", "options": "Gavin Baker | Anne Bakery | José Gin"}
    posted = await fake.answer(await fake.command("poll", labels))
    match = VOTE_ID.fullmatch(posted.custom_ids()[0])
    assert match is not None
    poll_id = int(match.group(1))
    answers = {}
    for typed in ("baker", "JOSE", "bak"):
        vote = await fake.command("vote", {"poll": poll_id, "option": typed}, user=2)
        answers[typed] = message_of(await fake.answer(vote))["content"]
    assert answers["baker"] == f"Your vote on poll #{poll_id} is now “Gavin Baker”."
    assert answers["JOSE"] == f"Your vote on poll #{poll_id} is now “José Gin”."
    assert answers["bak"] == (
        f"“bak” matches 2 options of poll #{poll_id}. Type `/vote poll:{poll_id} option:1` for "
        f"“Gavin Baker” or `/vote poll:{poll_id} option:2` for “Anne Bakery”."
    )


async def test_help_on_discord_shows_options_as_the_fields_discord_has(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """Discord's /help showed the typed grammar: "Options go by position or as name:value;
    quotes group words and keep colons.", `[question:"…"]` and the example
    `/poll question:"Tabs or spaces?" options:Tabs | Spaces duration:1d`, whose quote marks,
    copied into Discord's question field, became part of the question. Discord has a field
    per option: help names each, with its value bare. (And `/help command:poll` showed
    "/poll" as the message content above the embed titled "/poll".)"""
    listing = embed_text(await fake.answer(await fake.command("help")))
    assert "`/poll` [question:…] [options:A | B] [duration:1h]" in listing
    assert '"' not in listing
    answer = await fake.answer(await fake.command("help", {"command": "poll"}))
    assert message_of(answer)["content"] is None
    card = embed_text(answer)
    assert "Usage: `/poll` [question:…] [options:A | B]" in card
    assert "`/poll question:Tabs or spaces? options:Tabs | Spaces duration:1d`" in card
    assert "quotes" not in card and '"' not in card
    vote = embed_text(await fake.answer(await fake.command("help", {"command": "vote"})))
    assert "`/vote poll:3 option:1`\n`/vote poll:3 option:Aaron Gin`" in vote  # not `#3`


async def test_refusals_on_discord_show_lines_as_discords_fields_take_them(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """A refusal's example was written for typing (`/poll question:"Tabs or spaces?" …`,
    `/daily on time:09:30 tz:UTC`): on Discord, quotes land in the field and
    `on` is a choice of the `action` field, so each is written field by field there."""
    custom = await fake.command("poll", {"question": "Lunch?"})
    assert embed_text(await fake.answer(custom)) == (
        "A custom poll needs both a question and options, e.g. `/poll question:Tabs or spaces? "
        "options:Tabs | Spaces`. Or type `/poll` alone for the debate's poll."
    )
    daily = await fake.command(
        "daily", {"action": "off", "time": "09:00"}, permissions=MANAGE_GUILD
    )
    assert embed_text(await fake.answer(daily)) == (
        "`/daily action:off` takes nothing more, not “09:00”; `time` and `tz` go with "
        "`/daily action:on`. Usage: `/daily` [action:on|off|status|now] [time:09:00] "
        "[tz:Europe/London]"
    )
    status = embed_text(await fake.answer(await fake.command("daily")))
    assert "can start one with `/daily action:on time:09:00 tz:Europe/London`." in status


async def test_topics_on_discord_suggests_commands_as_discords_fields_take_them(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """/topics ended "Try: /baker chips, /gin chips, /debate <topic>": on Discord `topic`
    is an optional field, which a word typed after the command does not fill."""
    shown = embed_text(await fake.answer(await fake.command("topics")))
    assert "Try: `/baker topic:chips`, `/gin topic:chips`, `/debate topic:<topic>`" in shown


async def test_a_poll_discord_refused_to_show_is_not_left_open(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """Discord refused the /poll's answer (its 3 s had passed): nobody saw the poll, and its
    user, shown "The application did not respond", starts another. The first must not stay
    open with no message, listed beside the second in autocomplete and "Open polls here"."""
    fake.ack_deadline = 0.0
    changed = asyncio.Event()
    bot.polls.subscribe(lambda _: changed.set())
    first = await fake.command("poll", {"question": "Lunch?", "options": "A | B"})
    [refused] = await fake.wait_for(lambda c: c.path.startswith(f"/interactions/{first.id}/"))
    assert refused.status == 404
    fake.ack_deadline = 3.0
    # Its user, told the application did not respond, types it again; by then the bot has
    # heard Discord's refusal out. Sooner, the first is still open and would be shown to them
    # as this question's poll (`PollStore.create`).
    async with asyncio.timeout(10):
        while not (first_poll := await bot.polls.store.get(1)) or not first_poll.closed:
            await changed.wait()  # it is closed, and its listeners told, as it is discarded
            changed.clear()
    poll_id, _, _ = await create_poll(fake, bot, {"question": "Lunch?", "options": "A | B"})
    assert poll_id == 2
    open_polls = await bot.polls.open_polls_in(
        ChannelRef("discord", str(fake.guild_id), str(fake.channel_id)), limit=5
    )
    assert [poll.id for poll in open_polls] == [2]


#: A command line in a poll's answer: `/vote` or `/close`, then its `name:value` words, up
#: to the backtick that ends it as inline code.
OFFERED_LINE = re.compile(r"`/(vote|close)((?: \w+:[^\s`]+)+)`")


def offered(fake: FakeDiscord, text: str) -> tuple[str, dict[str, Any]]:
    """The first /vote or /close line in `text` as someone fills Discord's fields from it:
    each `name:value` in its field, numbers as Discord's number fields send them."""
    line = OFFERED_LINE.search(text)
    assert line is not None, f"no line written field by field in {text!r}"
    _, definition = fake.registered(line.group(1))
    types = {o["name"]: o["type"] for o in definition["options"]}
    pairs = (word.split(":", 1) for word in line.group(2).split())
    fields = {name: int(value) if types[name] == 4 else value for name, value in pairs}
    return line.group(1), fields


async def test_lines_poll_answers_offer_on_discord_work_as_its_fields_take_them(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """ "Type /vote 2 #1 for “2”", "type /vote 1 2 again" and "/close 1 again" are lines for
    typing: on Discord the words after /vote land whole in the poll's number field, which
    refuses them. Each names its fields now, and does what it says once they are filled."""
    clock = OffsetClock()
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake, clock=clock) as app:
        numbers = {"question": "Which?", "options": "2 | 1"}
        posted = await fake.answer(await fake.command("poll", numbers))
        match = VOTE_ID.fullmatch(posted.custom_ids()[0])
        assert match is not None
        poll_id = int(match.group(1))
        refused = await fake.command("vote", {"poll": poll_id, "option": "1"}, user=2)
        name, fields = offered(fake, embed_text(await fake.answer(refused)))
        assert (name, fields) == ("vote", {"poll": poll_id, "option": "#1"})  # the label “2”
        voted = embed_text(await fake.answer(await fake.command(name, fields, user=2)))
        assert voted == f"Your vote on poll #{poll_id} is now “2”."

        pack_poll, _, _ = await create_poll(fake, app)
        vote = {"poll": pack_poll, "option": "2"}
        twice = [await fake.command("vote", vote, user=3) for _ in "ab"]
        answers = [embed_text(await fake.answer(vote)) for vote in twice]
        clock.advance(REPEAT_CLICK_WINDOW)
        name, fields = offered(fake, answers[1])
        taken_back = embed_text(await fake.answer(await fake.command(name, fields, user=3)))
        assert taken_back.endswith("is retracted; nothing is recorded for you now.")

        two_rounds, _, _ = await create_poll(fake, app, {"rounds": 2})
        opened = await fake.answer(await fake.command("close", {"poll": two_rounds}))
        again = await fake.answer(await fake.command("close", {"poll": two_rounds}))
        assert "Round 2" in embed_text(opened)
        clock.advance(REPEAT_CLICK_WINDOW)
        name, fields = offered(fake, embed_text(again))
        await fake.answer(await fake.command(name, fields))
        poll = await app.polls.store.get(two_rounds)
        assert poll is not None and poll.closed


async def test_a_stopping_bot_does_no_new_command_or_click_and_says_so(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """SIGTERM first stops the intake: served while the services flushed, a steady stream
    of clicks kept the last live edits, and the process, going for as long as it lasted.
    A vote clicked before counts; one clicked or typed after is answered privately and
    changes nothing."""
    poll_id, message_id, custom_ids = await create_poll(fake, bot)
    await fake.answer(await fake.click(message_id, custom_ids[0], user=5))
    adapter = bot.outbounds.get("discord")
    assert isinstance(adapter, DiscordAdapter)
    await adapter.stop_intake()
    for late in (
        await fake.click(message_id, custom_ids[1], user=6),
        await fake.command("vote", {"poll": poll_id, "option": "2"}, user=7),
    ):
        answer = message_of(await fake.answer(late))
        assert answer["flags"] & EPHEMERAL
        assert answer["content"] == STOPPING
    voters = "SELECT voter_id FROM poll_votes WHERE poll_id = ?"
    assert [row[0] for row in await bot.db.fetchall(voters, poll_id)] == [fake.user(5)["id"]]


async def test_a_stopping_bot_answers_what_it_took_before_its_services_stop(
    fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM stopped the intake and went straight on to stop the services: a command or
    click taken just before (a vote waiting for its batch) was answered after its services
    stopped, or never ("The application did not respond"), where the Slack adapter answers
    what it took first. The intake now returns once what it took is answered."""
    monkeypatch.setattr(client, "ANSWERING_GRACE", 600.0)  # the test waits on events only
    started, stopping = asyncio.Event(), asyncio.Event()

    async def held(ctx: Context, options: Mapping[str, OptionValue]) -> Reply:
        started.set()
        await stopping.wait()
        return Reply(text="done before the services stopped")

    command = Command("held", "Answers once the bot stops", held)
    async with running_bot(bot_settings(fake, tmp_path / "bot.db"), fake, extra=(command,)) as app:
        interaction = await fake.command("held")
        await started.wait()
        adapter = app.outbounds.get("discord")
        assert isinstance(adapter, DiscordAdapter)
        stopped = asyncio.create_task(adapter.stop_intake())
        stopping.set()
        await stopped
        [answer] = [c for c in fake.responses(interaction) if c.path.endswith("/callback")]
        assert message_of(answer)["content"] == "done before the services stopped"


async def test_a_polls_deadline_and_close_show_in_each_readers_time_zone(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """Discord shows `<t:N:f>` in each reader's own zone, in text and descriptions but not
    in an embed's footer: the poll's status line, which names its deadline, goes last in
    the description as small print; a late vote's refusal names the close the same way."""
    poll = await fake.answer(await fake.command("poll", {"duration": "1h"}, user=1))
    poll_id = int(poll.custom_ids()[0].split(":")[2])
    closes = await bot.db.fetchval("SELECT closes_at FROM polls WHERE id = ?", poll_id)
    [embed] = message_of(poll)["embeds"]
    assert "footer" not in embed
    status = f"-# Open · closes <t:{int(closes)}:f> · single choice: click again to retract"
    assert embed["description"].endswith(f"\n\n{status}")

    await fake.answer(await fake.command("close", {"poll": poll_id}, user=1))
    closed = await bot.db.fetchval("SELECT closed_at FROM polls WHERE id = ?", poll_id)
    late = message_of(
        await fake.answer(await fake.command("vote", {"poll": poll_id, "option": "1"}))
    )
    told = f"Poll #{poll_id} closed at <t:{int(closed)}:f>; votes are no longer accepted."
    assert late["content"].startswith(told) and late["flags"] & EPHEMERAL


async def test_a_voter_list_too_long_for_a_field_says_how_many_more_voted(
    fake: FakeDiscord, bot: BotApp
) -> None:
    """Sixty voters of long nicknames, their `_` escaped: the list, cut to Discord's 1,024
    characters a field, ended in a bare "…". It ends "… and N more" now, the names before
    it the first voters, whole, and N the rest of them."""
    voters = range(10, 70)
    for user in voters:
        fake.nicks[user] = f"voter_{user}_" + "n" * 22
    poll_id, message_id, custom_ids = await create_poll(fake, bot)
    for user in voters:
        await fake.answer(await fake.click(message_id, custom_ids[0], user=user))
    answer = await fake.answer(await fake.command("results", {"poll": poll_id}))
    [value] = [f["value"] for e in message_of(answer)["embeds"] for f in e.get("fields", [])]
    assert len(value) <= 1024
    shown, _, more = value.partition(" … and ")
    names = shown.split(", ")
    assert names == [f"voter\\_{user}\\_" + "n" * 22 for user in voters][: len(names)]
    assert more == f"{len(voters) - len(names)} more", value
