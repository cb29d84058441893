"""SIGTERM in Socket Mode: the bot hangs up its WebSocket first, then finishes its work.

Served while the services flushed, a steady stream of envelopes kept a stopping bot busy
for as long as it lasted; hung up, Slack sends them to the app's other connections. The bot
runs as a real subprocess against the loopback fake; waits are on the fake's record.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiohttp import web

from bot.adapters.slack import server
from bot.adapters.slack.intake import Intake
from tests.helpers import start_bot_process
from tests.slack_fake import TEAM, FakeSlack
from tests.test_slack_e2e import socket_mode_settings, start_slack, stop_slack


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


async def test_a_request_that_never_ends_holds_an_http_stop_only_for_the_bound(
    tmp_path: Path, slack_fake: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request whose body never comes held a stopping worker for aiohttp's default of
    60 s, past a process manager's grace (docker stop: 10 s), so it was killed before it
    stored its votes and made its last edits; the wait is bounded by SHUTDOWN_TIMEOUT.
    (Here a short one, and the 10 s limit only stops a hang.)"""
    monkeypatch.setattr(server, "SHUTDOWN_TIMEOUT", 0.2)
    reading = asyncio.Event()
    handle = Intake.handle

    async def announced(intake: Intake, request: web.Request) -> web.StreamResponse:
        reading.set()
        return await handle(intake, request)

    monkeypatch.setattr(Intake, "handle", announced)
    slack = await start_slack(tmp_path, slack_fake)
    _, writer = await asyncio.open_connection("127.0.0.1", urlsplit(slack.sender.url).port)
    try:
        writer.write(
            b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
        )
        await writer.drain()
        async with asyncio.timeout(10):
            await reading.wait()
            await slack.adapter.stop_http()
    finally:
        writer.close()
        await stop_slack(slack)
