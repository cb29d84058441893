"""A pack's speakers become commands on every platform: whatever ids and names a pack
declares, it is refused at load with a message, or the commands written from it (Slack's
manifest, Discord's command tree) are valid there and unique."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any, cast

import discord
import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from bot.adapters.discord.commands import CommandHost, build_tree
from bot.adapters.slack.manifest import render_manifest
from bot.app import declared_registry
from bot.core.platform_commands import SLACK_BUILT_IN_COMMANDS
from bot.knowledge import RESERVED_SPEAKER_IDS, PackError, load_pack
from tests.helpers import settings_for
from tests.test_knowledge_loader import PACK, POINTS, write_pack

#: Slack's manifest: a command is `/` and at most 31 more characters, lowercase, no spaces.
SLACK_COMMAND = re.compile(r"/[a-z0-9_-]{1,31}")
#: Discord's chat-input command names (its docs' `^[-_\p{L}\p{N}...]{1,32}$`, lowercase).
DISCORD_NAME = re.compile(r"[-_\w]{1,32}")

#: Speaker ids as authors write them: command-like ones around the length limits, the
#: bot's own and Slack's commands, and odd ones (capitals, accents, spaces).
speaker_ids = st.one_of(
    st.from_regex(r"[a-z][a-z0-9-]{0,34}", fullmatch=True),
    st.sampled_from(sorted(RESERVED_SPEAKER_IDS | SLACK_BUILT_IN_COMMANDS)),
    st.text(st.sampled_from("aBcÉé-_ 1"), min_size=1, max_size=8),
)
#: Speaker names: any letters, accents, long ones, other scripts.
speaker_names = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=90
)


def pack_with(first: tuple[str, str], second: tuple[str, str]) -> tuple[str, str]:
    """The mini pack's `pack.yaml` and `points.yaml` with its two speakers' ids and names."""
    pack: dict[str, Any] = yaml.safe_load(PACK)
    points: dict[str, Any] = yaml.safe_load(POINTS)
    speakers = zip(("alice", "bob"), (first, second), strict=True)
    for index, (old, (ident, name)) in enumerate(speakers):
        pack["speakers"][index].update(id=ident, name=name)
        pack["synthesis"]["by_speaker"][ident] = pack["synthesis"]["by_speaker"].pop(old)
        pack["poll"]["options"][index]["speaker"] = ident
        points["points"][index]["speaker"] = ident
    dump = {"allow_unicode": True, "sort_keys": False}
    return yaml.safe_dump(pack, **dump), yaml.safe_dump(points, **dump)


@given(
    first=st.tuples(speaker_ids, speaker_names),
    second=st.tuples(speaker_ids, speaker_names),
)
@example(first=("alice", "Alice"), second=("b" * 32, "Bob"))  # a 33-character /command
@example(first=("alice", "Alice"), second=("who", "Bob"))  # Slack's own /who
@example(first=("alice", "Zoë"), second=("zoe", "ZOË"))  # names differing only by case
def test_a_pack_is_refused_or_its_commands_are_valid_on_every_platform(
    first: tuple[str, str], second: tuple[str, str]
) -> None:
    pack_text, points_text = pack_with(first, second)
    with tempfile.TemporaryDirectory() as folder:
        try:
            pack = load_pack(write_pack(Path(folder) / "p", pack=pack_text, points=points_text))
        except PackError as error:
            assert error.problems and all(p.message.strip() for p in error.problems)
            return
        registry = declared_registry(settings_for(Path(folder)), pack)
    manifest = yaml.safe_load(render_manifest(registry, "https://bot.example.com", False))
    slack = [entry["command"] for entry in manifest["features"]["slash_commands"]]
    assert all(SLACK_COMMAND.fullmatch(command) for command in slack), slack
    assert len(set(slack)) == len(slack)
    assert not {command[1:] for command in slack} & SLACK_BUILT_IN_COMMANDS
    tree = build_tree(
        discord.Client(intents=discord.Intents.none()), registry, cast(CommandHost, object())
    )
    declared = [command.to_dict(tree) for command in tree.get_commands()]
    names = [command["name"] for command in declared]
    assert all(DISCORD_NAME.fullmatch(n) and n == n.lower() for n in names), names
    assert len(set(names)) == len(names) == len(slack)
    assert all(0 < len(command["description"]) <= 100 for command in declared)


@pytest.mark.parametrize("ident", ["b" * 31, "b" * 32])
def test_the_longest_speaker_id_a_pack_takes_is_a_command_slack_takes(ident: str) -> None:
    """The boundary itself: 31 letters load and make `/` + 31, 32 are refused at load."""
    pack_text, points_text = pack_with(("alice", "Alice"), (ident, "Bob"))
    with tempfile.TemporaryDirectory() as folder:
        written = write_pack(Path(folder) / "p", pack=pack_text, points=points_text)
        if len(ident) > 31:
            with pytest.raises(PackError, match="pick a shorter id"):
                load_pack(written)
            return
        registry = declared_registry(settings_for(Path(folder)), load_pack(written))
    assert f"command: /{ident}\n" in render_manifest(registry, None, True)
