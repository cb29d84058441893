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

from bot.storage.factory import open_database
from tests.discord_fake import FakeDiscord
from tests.instances import Instance, fresh_database, start_instance
from tests.slack_client import SlackSender
from tests.slack_fake import FakeSlack
from tests.test_discord_e2e import start_bot
from tests.test_slack_instances import Cluster

INTERVAL = "0.5"


@dataclass
class Rig(Cluster):
    """One bot process at a time on one database (the cluster's only instance), and the
    test's own view of that database."""

    session: aiohttp.ClientSession | None = None

    async def start(self, lane: str) -> Instance:
        """Start the bot, its Web API calls through `lane` of the fake."""
        assert self.session is not None
        instance = await start_instance(
            self.database_url, self.fake, lane, self.workdir, POLL_EDIT_INTERVAL=INTERVAL
        )
        self.instances = [instance]
        self.senders = [SlackSender(self.session, instance.url)]
        return instance

    @property
    def bot(self) -> SlackSender:
        return self.senders[0]

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
        built = Rig(fake, db, url, [], [], tmp_path / "bot", session)
        try:
            yield built
        finally:
            for instance in built.instances:
                await instance.stop(kill=True)
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
    await rig.fake.wait_for(lambda f: rig.message(ts) == expected, within=20)
    # Slack retries every delivery it saw unanswered, and (a network's doing) some it saw
    # answered, a minute on: none changes a vote, whichever bot took the first.
    backdate = "UPDATE poll_votes SET voted_at = voted_at - 60 WHERE poll_id = ?"
    await rig.db.execute(backdate, poll_id)
    for click in clicks:
        assert await rig.bot.click(click, retry_num=1) == (200, "")
    assert await rig.voters(poll_id) == sorted((f"U{n:04d}", 1 + n % 3) for n in range(len(clicks)))
    expected = await rig.shown(poll_id)
    await rig.fake.wait_for(lambda f: rig.message(ts) == expected, within=20)


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
    await rig.fake.wait_for(lambda f: rig.message(ts) == expected, within=20)
    assert not [b for b in rig.message(ts)["blocks"] if b["type"] == "actions"]
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
    # Waited for, not stopped: a second SIGTERM as it exits, its handlers gone, kills it (-15).
    assert await bot.process.wait() == 0, bot.logged()
    await bot.stop()
    stored = {voter for voter, _ in await rig.voters(poll_id)}
    assert {f"U{n:04d}" for n in stream.acknowledged} <= stored
    assert rig.message(ts) == await rig.shown(poll_id)  # the last edit went out before exit
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
