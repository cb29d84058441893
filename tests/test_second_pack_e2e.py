"""A second pack dropped in, end to end: a three-way debate on Discord, Slack and in the
Slack manifest, its source (which gives a web address) cited where people can follow it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.adapters.slack.manifest import render_manifest
from tests.discord_fake import FakeDiscord
from tests.helpers import FIXTURE_PACKS
from tests.slack_fake import FakeSlack
from tests.test_discord_e2e import bot_settings, message_of, running_bot
from tests.test_slack_e2e import start_slack, stop_slack

THREE_WAY = FIXTURE_PACKS / "tabs-vs-spaces"
SPEAKERS = {"tabs": "Tabitha Indent", "spaces": "Spencer Blank", "pragmatist": "Ed Config"}
SOURCE_URL = "https://example.invalid/indentation"
#: A line of Discord's subtext with the address bare, as Discord links it.
LINKED = re.compile(rf"^-# Source: .+ {re.escape(SOURCE_URL)}$", re.MULTILINE)


async def test_three_speakers_are_three_discord_commands_citing_a_linked_source(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """An embed's footer shows a web address as plain text: the source's address, cited in
    the footer of every answer, was never a link on Discord (it was on Slack)."""
    settings = bot_settings(fake, tmp_path / "bot.db", knowledge_dir=THREE_WAY)
    async with running_bot(settings, fake):
        registered = {c["name"] for scope in fake.commands.values() for c in scope}
        assert set(SPEAKERS) <= registered and not {"baker", "gin"} & registered
        for command, name in SPEAKERS.items():
            answer = message_of(await fake.answer(await fake.command(command)))
            [embed] = answer["embeds"]
            assert embed["title"].startswith(name)
            assert LINKED.search(embed["description"]), embed["description"]
            assert "footer" not in embed


async def test_three_speakers_are_three_slack_commands_and_manifest_entries(
    tmp_path: Path,
) -> None:
    async with FakeSlack() as fake:
        slack = await start_slack(tmp_path, fake, KNOWLEDGE_DIR=str(THREE_WAY))
        try:
            manifest = yaml.safe_load(render_manifest(slack.app.registry, None, True))
            listed = {c["command"] for c in manifest["features"]["slash_commands"]}
            assert {f"/{command}" for command in SPEAKERS} <= listed
            assert not {"/baker", "/gin"} & listed
            for command, name in SPEAKERS.items():
                (status, _), url = await slack.command(f"/{command}")
                answer = (await slack.answer(url)).args
                assert status == 200 and answer["response_type"] == "in_channel"
                assert answer["blocks"][0]["text"]["text"].startswith(name)
                citation = answer["blocks"][-1]["elements"][0]["text"]
                assert citation.endswith(f" {SOURCE_URL}")  # Slack links it as it is
        finally:
            await stop_slack(slack)
