"""The real bot (`python -m bot slack`, a subprocess) killed and started again, on SQLite and
PostgreSQL, against the loopback Slack fake: nothing acknowledged is lost, nothing counts
twice, and the poll's message is brought back to equal the database by the restarted bot;
so too `python -m bot discord` against the loopback Discord.

Waits are on the fake's record or on the process's own log lines, never on time.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.adapters.slack.blocks import render_message
from bot.clock import SystemClock
from bot.polls.service import PollService
from bot.storage.database import Database
from bot.storage.factory import open_database
from tests.discord_fake import FakeDiscord
from tests.instances import Instance, fresh_database, start_instance
from tests.slack_client import SlackSender, block_actions_payload
from tests.slack_fake import TEAM, FakeSlack
from tests.test_discord_e2e import start_bot

CHANNEL = "C0GENERAL"
CREATOR = "U0ALICE"
INTERVAL = "0.5"


@dataclass
class Rig:
    """One bot process at a time on one database, and the test's own view of that database."""

    fake: FakeSlack
    db: Database
    database_url: str
    workdir: Path
    session: aiohttp.ClientSession
    instance: Instance | None = None
    sender: SlackSender | None = None

    async def start(self, lane: str) -> Instance:
        """Start the bot, its Web API calls through `lane` of the fake."""
        self.instance = await start_instance(
            self.database_url, self.fake, lane, self.workdir, POLL_EDIT_INTERVAL=INTERVAL
        )
        self.sender = SlackSender(self.session, self.instance.url)
        return self.instance

    @property
    def bot(self) -> SlackSender:
        assert self.sender is not None
        return self.sender

    async def new_poll(self) -> tuple[int, str]:
        """`/poll`: the poll's id and the ts of its message."""
        status, _ = await self.bot.command(
            "/poll", "", team=TEAM, channel=CHANNEL, user=CREATOR,
            response_url=self.fake.response_url(),
        )  # fmt: skip
        assert status == 200
        (post,) = await self.fake.wait_for(lambda f: f.calls_to("chat.postMessage"), within=30)
        action = next(
            e["action_id"]
            for b in post.args["blocks"]
            if b["type"] == "actions"
            for e in b["elements"]
        )
        return int(action.split(":")[2]), str(post.answer["ts"])

    def click(self, poll_id: int, option: int, user: str, ts: str) -> dict[str, Any]:
        return block_actions_payload(
            f"poll:v1:{poll_id}:{option}", team=TEAM, channel=CHANNEL, user=user,
            message_ts=ts, response_url=self.fake.response_url(f"click-{user}"),
        )  # fmt: skip

    async def shown(self, poll_id: int) -> dict[str, Any]:
        """What the poll's message must show: rendered from the database, as Slack gets it."""
        payload = render_message(await PollService(self.db, SystemClock()).render(poll_id))
        body = payload.payload()
        return {"text": body.get("text", ""), "blocks": body.get("blocks") or []}

    def on_slack(self, ts: str) -> dict[str, Any]:
        message = self.fake.messages[(CHANNEL, ts)]
        return {"text": message["text"], "blocks": message["blocks"]}

    async def stream(self, clicks: list[dict[str, Any]], until: int) -> VoteStream:
        """Send `clicks`, a few at a time, until `until` of them are acknowledged; the rest
        go on being sent while the test stops the bot."""
        stream = VoteStream(self.bot, clicks, until)
        await stream.flowing()
        return stream

    async def voters(self, poll_id: int) -> list[tuple[str, int]]:
        rows = await self.db.fetchall(
            "SELECT voter_id, option_number FROM poll_votes WHERE poll_id = ? "
            "ORDER BY voter_id, option_number",
            poll_id,
        )
        return [(str(r[0]), int(r[1])) for r in rows]


class VoteStream:
    """Clicks sent to one bot, 8 at a time, as Slack delivers a busy poll's votes."""

    def __init__(self, bot: SlackSender, clicks: list[dict[str, Any]], until: int) -> None:
        self.bot = bot
        self.clicks = clicks
        #: The clicks the bot answered 200: the ones Slack will not send again.
        self.acknowledged: list[int] = []
        self._enough = asyncio.Event()
        self._until = until
        self._gate = asyncio.Semaphore(8)
        self._tasks = [asyncio.create_task(self._send(n)) for n in range(len(clicks))]

    async def _send(self, n: int) -> None:
        async with self._gate:
            try:
                status, _ = await self.bot.click(self.clicks[n])
            except aiohttp.ClientError:
                return  # the bot went away: Slack retries the delivery
        if status == 200:
            self.acknowledged.append(n)
            if len(self.acknowledged) >= self._until:
                self._enough.set()

    async def flowing(self) -> None:
        async with asyncio.timeout(60):
            await self._enough.wait()

    async def ended(self) -> None:
        await asyncio.gather(*self._tasks)


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest) -> str | None:
    """The PostgreSQL server to make a database on, or None for a SQLite file."""
    if request.param == "sqlite":
        return None
    return str(request.getfixturevalue("postgres_server"))


@asynccontextmanager
async def database_url(server: str | None, tmp_path: Path) -> AsyncIterator[str]:
    if server is None:
        yield f"sqlite:///{tmp_path / 'bot.db'}"
        return
    async with fresh_database(server) as url:
        yield url


@pytest.fixture
async def rig(server: str | None, tmp_path: Path) -> AsyncIterator[Rig]:
    async with FakeSlack() as fake, database_url(server, tmp_path) as url:
        db = await open_database(url)
        session = aiohttp.ClientSession()
        built = Rig(fake, db, url, tmp_path / "bot", session)
        try:
            yield built
        finally:
            if built.instance is not None:
                await built.instance.stop(kill=True)
            for hold in fake.holds.values():
                hold.set()
            await session.close()
            await db.close()


async def test_killed_while_votes_flow_acknowledged_votes_count_once_and_the_message_catches_up(
    rig: Rig,
) -> None:
    first = await rig.start("a")
    poll_id, ts = await rig.new_poll()
    # The first bot's edits never reach Slack: when it dies its message is behind.
    rig.fake.holds[("a", "chat.update")] = asyncio.Event()
    clicks = [rig.click(poll_id, 1 + n % 3, f"U{n:04d}", ts) for n in range(60)]
    stream = await rig.stream(clicks, until=20)
    await rig.fake.wait_for(lambda f: f.in_flight[("a", "chat.update")] > 0, within=30)
    await first.stop(kill=True)
    await stream.ended()
    stored = {voter for voter, _ in await rig.voters(poll_id)}
    assert {f"U{n:04d}" for n in stream.acknowledged} <= stored

    await rig.start("b")
    # Nobody votes: the restarted bot alone brings the message up to the database.
    expected = await rig.shown(poll_id)
    await rig.fake.wait_for(lambda f: rig.on_slack(ts) == expected, within=20)
    # Slack retries every delivery it saw unanswered, and (a network's doing) some it saw
    # answered, a minute on: none changes a vote, whichever bot took the first.
    backdate = "UPDATE poll_votes SET voted_at = voted_at - 60 WHERE poll_id = ?"
    await rig.db.execute(backdate, poll_id)
    for click in clicks:
        assert await rig.bot.click(click, retry_num=1) == (200, "")
    assert await rig.voters(poll_id) == sorted((f"U{n:04d}", 1 + n % 3) for n in range(len(clicks)))
    expected = await rig.shown(poll_id)
    await rig.fake.wait_for(lambda f: rig.on_slack(ts) == expected, within=20)


async def test_a_deadline_passed_while_the_bot_was_killed_closes_and_is_announced_once(
    rig: Rig,
) -> None:
    first = await rig.start("a")
    poll_id, ts = await rig.new_poll()
    assert await rig.bot.click(rig.click(poll_id, 2, "U0BOB", ts)) == (200, "")
    await first.stop(kill=True)
    # The poll's hour ran out while the bot was down (set directly: nothing waits an hour).
    now = await rig.db.now()
    await rig.db.execute("UPDATE polls SET closes_at = ? WHERE id = ?", now - 1, poll_id)

    await rig.start("b")
    announced = await rig.fake.wait_for(
        lambda f: f.calls_to("chat.postMessage")[1:] or None, within=30
    )
    assert f"Poll #{poll_id}" in announced[0].args["text"]
    assert "is closed" in announced[0].args["text"]
    closed_at = await rig.db.fetchval("SELECT closed_at FROM polls WHERE id = ?", poll_id)
    assert closed_at == pytest.approx(now - 1)  # closed at its deadline, not at the restart
    expected = await rig.shown(poll_id)
    await rig.fake.wait_for(lambda f: rig.on_slack(ts) == expected, within=20)
    assert not [b for b in rig.on_slack(ts)["blocks"] if b["type"] == "actions"]
    assert len(rig.fake.calls_to("chat.postMessage")) == 2  # the poll, its announcement


async def test_sigterm_while_votes_flow_finishes_them_flushes_the_message_and_exits_clean(
    rig: Rig,
) -> None:
    bot = await rig.start("a")
    poll_id, ts = await rig.new_poll()
    clicks = [rig.click(poll_id, 1 + n % 3, f"U{n:04d}", ts) for n in range(60)]
    stream = await rig.stream(clicks, until=20)
    bot.process.terminate()
    await stream.ended()
    assert await bot.stop() == 0
    stored = {voter for voter, _ in await rig.voters(poll_id)}
    assert {f"U{n:04d}" for n in stream.acknowledged} <= stored
    assert rig.on_slack(ts) == await rig.shown(poll_id)  # the last edit went out before exit
    log = bot.logged()
    assert "Traceback" not in log and " ERROR " not in log and " WARNING " not in log, log


async def test_discord_killed_with_edits_pending_catches_its_message_up_on_restart(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """`python -m bot discord` killed while its edits were held at Discord: the restarted
    bot edits the message to the database's tally by itself, nobody voting."""
    first = await start_bot("discord", fake, tmp_path, POLL_EDIT_INTERVAL=INTERVAL)
    second: asyncio.subprocess.Process | None = None
    held = fake.holds["edit"] = asyncio.Event()
    try:
        await fake.wait_ready()
        interaction = await fake.command("poll")
        buttons = (await fake.answer(interaction)).custom_ids()
        assert interaction.message_id is not None
        for user in (1, 2):
            await fake.answer(await fake.click(interaction.message_id, buttons[0], user=user))
        first.kill()
        await first.wait()
        del fake.holds["edit"]  # the dead bot's edit stays held; the next one's go through
        second = await start_bot("discord", fake, tmp_path, POLL_EDIT_INTERVAL=INTERVAL)
        await fake.wait_ready(sessions=2)
        path = f"/channels/{fake.channel_id}/messages/{interaction.message_id}"
        await fake.wait_for(
            lambda c: c.path == path and c.status == 200 and "Total voters: 2" in json.dumps(c.json)
        )
    finally:
        if second is not None:
            second.terminate()
            _, errors = await second.communicate()
            assert second.returncode == 0, errors.decode()[-2000:]
        held.set()
