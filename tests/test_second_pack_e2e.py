"""Other packs dropped in, end to end: a three-way debate, and one an author wrote from
docs/packs.md alone (ids with a hyphen, a speaker named like /help, accented names), on
Discord, Slack and in the Slack manifest, the source (which gives a web address) cited
where people can follow it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.adapters.slack.manifest import render_manifest
from tests.discord_fake import FakeDiscord
from tests.helpers import FIXTURE_PACKS
from tests.slack_fake import FakeSlack
from tests.test_console_e2e import console
from tests.test_discord_e2e import bot_settings, message_of, running_bot
from tests.test_slack_e2e import start_slack, stop_slack

#: Each pack, its speakers' commands and names, and its source's web address.
PACKS = [
    pytest.param(
        FIXTURE_PACKS / "tabs-vs-spaces",
        {"tabs": "Tabitha Indent", "spaces": "Spencer Blank", "pragmatist": "Ed Config"},
        "https://example.invalid/indentation",
        id="tabs-vs-spaces",
    ),
    pytest.param(
        FIXTURE_PACKS / "remote-work",
        {"zoe": "Zoë Ångström-Dupré", "nunez": "Rafael Núñez", "help-desk": "Help Desk"},
        "https://example.invalid/remote-work",
        id="remote-work",
    ),
]


def linked(url: str) -> re.Pattern[str]:
    """A line of Discord's subtext with the address bare, as Discord links it."""
    return re.compile(rf"^-# Source: .+ {re.escape(url)}$", re.MULTILINE)


@pytest.mark.parametrize(("pack", "speakers", "source_url"), PACKS)
async def test_each_speaker_is_a_discord_command_citing_a_linked_source(
    fake: FakeDiscord, tmp_path: Path, pack: Path, speakers: dict[str, str], source_url: str
) -> None:
    """An embed's footer shows a web address as plain text: the source's address, cited in
    the footer of every answer, was never a link on Discord (it was on Slack)."""
    settings = bot_settings(fake, tmp_path / "bot.db", knowledge_dir=pack)
    async with running_bot(settings, fake):
        registered = {c["name"] for scope in fake.commands.values() for c in scope}
        assert set(speakers) <= registered and not {"baker", "gin"} & registered
        for command, name in speakers.items():
            answer = message_of(await fake.answer(await fake.command(command)))
            [embed] = answer["embeds"]
            assert embed["title"].startswith(name)
            assert linked(source_url).search(embed["description"]), embed["description"]
            assert "footer" not in embed


@pytest.mark.parametrize(("pack", "speakers", "source_url"), PACKS)
async def test_each_speaker_is_a_slack_command_manifest_entry_and_help_page(
    tmp_path: Path, pack: Path, speakers: dict[str, str], source_url: str
) -> None:
    async with FakeSlack() as fake:
        slack = await start_slack(tmp_path, fake, KNOWLEDGE_DIR=str(pack))
        try:
            manifest = yaml.safe_load(render_manifest(slack.app.registry, None, True))
            listed = {c["command"] for c in manifest["features"]["slash_commands"]}
            assert {f"/{command}" for command in speakers} <= listed
            assert not {"/baker", "/gin"} & listed
            for command, name in speakers.items():
                (status, _), url = await slack.command(f"/{command}")
                answer = (await slack.answer(url)).args
                assert status == 200 and answer["response_type"] == "in_channel"
                assert answer["blocks"][0]["text"]["text"].startswith(name)
                citation = answer["blocks"][-1]["elements"][0]["text"]
                assert citation.endswith(f" {source_url}")  # Slack links it as it is
                (status, _), url = await slack.command("/help", command)
                page = (await slack.answer(url)).args
                assert page["response_type"] == "ephemeral"
                assert f"Usage: /{command} [topic:" in page["text"] and name in page["text"]
        finally:
            await stop_slack(slack)


ONE_TAKEAWAY = FIXTURE_PACKS / "remote-work"


def test_a_pack_with_one_takeaway_says_so_in_the_console(tmp_path: Path) -> None:
    """Help said "whole number 1-1. Takeaway number (1-1)" and `/takeaway n:2` "must be
    from 1 to 1": a range of one read as a typo. Both now say 1 is the only number."""
    result = console("/help takeaway\n/takeaway n:2\n", tmp_path, KNOWLEDGE_DIR=str(ONE_TAKEAWAY))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "n (optional): only 1. Takeaway number: this debate has one takeaway\n" in out
    assert "`n` can only be 1 here, not 2. Usage: /takeaway [n:N], e.g. /takeaway 1\n" in out
    assert "1-1" not in out and "from 1 to 1" not in out


async def test_a_pack_with_one_takeaway_says_so_on_discord(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """Discord shows the option's description under `n` and enforces its range itself."""
    settings = bot_settings(fake, tmp_path / "bot.db", knowledge_dir=ONE_TAKEAWAY)
    async with running_bot(settings, fake):
        [takeaway] = [c for s in fake.commands.values() for c in s if c["name"] == "takeaway"]
    [n] = takeaway["options"]
    assert n["description"] == "Takeaway number: this debate has one takeaway"
    assert (n["min_value"], n["max_value"]) == (1, 1)
