"""SIGTERM in Socket Mode: the bot hangs up its WebSocket first, then finishes its work.

Served while the services flushed, a steady stream of envelopes kept a stopping bot busy
for as long as it lasted; hung up, Slack sends them to the app's other connections. The bot
runs as a real subprocess against the loopback fake; waits are on the fake's record.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.helpers import start_bot_process
from tests.slack_fake import TEAM, FakeSlack
from tests.test_slack_e2e import socket_mode_settings


@pytest.fixture
async def slack_fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        yield server


async def test_sigterm_hangs_up_socket_mode_before_finishing_a_post(
    tmp_path: Path, slack_fake: FakeSlack
) -> None:
    """The poll's post is held at Slack when SIGTERM comes: the socket closes meanwhile,
    then the post goes out and the bot exits 0."""
    held = slack_fake.holds[("", "chat.postMessage")] = asyncio.Event()
    process = await start_bot_process("slack", tmp_path, **socket_mode_settings(slack_fake))
    try:
        command = {
            "token": "legacy-verification-token",
            "team_id": TEAM,
            "channel_id": "C0GENERAL",
            "user_id": "U0ALICE",
            "user_name": "alice",
            "command": "/poll",
            "text": "",
            "response_url": slack_fake.response_url("poll"),
        }
        await slack_fake.send_envelope("slash_commands", command)
        await slack_fake.wait_for(lambda f: f.in_flight[("", "chat.postMessage")] > 0)
        process.terminate()
        await slack_fake.wait_for(lambda f: f.sockets_open == 0, within=20)
    finally:
        held.set()
        _, errors = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, errors.decode(errors="replace")[-3000:]
    posted = slack_fake.calls_to("chat.postMessage")
    assert [call.answer["ok"] for call in posted] == [True]
