"""Start-up refusals: an unusable database, or a token the platform refuses, ends the bot
process at once with a non-zero code and one line that says what to fix, no traceback; so
does a token the platform stops taking while the bot runs.

The bot runs as a real subprocess (`python -m bot ...`) against the loopback fakes, which
refuse any token but their own as Slack (`invalid_auth`) and Discord (HTTP 401) do.
"""

from __future__ import annotations

import asyncio
import signal
import socket
import tempfile
from asyncio.subprocess import Process
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.storage.sqlite import SqliteDatabase
from tests.discord_fake import FakeDiscord
from tests.helpers import BotRun, run_bot, start_bot_process
from tests.slack_client import SIGNING_SECRET
from tests.slack_fake import APP_TOKEN, TOKEN, FakeSlack
from tests.test_slack_e2e import socket_mode_settings


@pytest.fixture
async def slack_fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        yield server


def refused_port() -> int:
    """A loopback port nobody listens on (bound, then closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def assert_one_line_refusal(run: BotRun, *needles: str) -> str:
    assert run.code != 0
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    [line] = run.lines_with("Cannot start")
    for needle in needles:
        assert needle in line, line
    return line


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("sqlite:////proc/forbidden/x.db", "sqlite:////proc/forbidden/x.db"),
        (
            "postgresql://root:hunter2@127.0.0.1:{port}/test",
            "postgresql://root:********@127.0.0.1:{port}/test",
        ),
    ],
)
async def test_an_unusable_database_stops_the_start_in_one_line(
    tmp_path: Path, url: str, shown: str
) -> None:
    port = refused_port()
    run = await run_bot("console", tmp_path, DATABASE_URL=url.format(port=port))
    assert_one_line_refusal(run, "database", shown.format(port=port))
    assert "hunter2" not in run.stderr + run.stdout


@pytest.mark.parametrize(
    ("token", "code"), [("xoxb-revoked", "token_revoked"), ("xoxb-typo", "invalid_auth")]
)
async def test_a_refused_slack_bot_token_stops_the_start(
    tmp_path: Path, slack_fake: FakeSlack, token: str, code: str
) -> None:
    slack_fake.revoked.add("xoxb-revoked")
    run = await run_bot(
        "slack",
        tmp_path,
        SLACK_BOT_TOKEN=token,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack_fake.base_url,
        PORT=str(refused_port()),
    )
    assert_one_line_refusal(run, "SLACK_BOT_TOKEN", code)
    assert token not in run.stderr
    assert [c.method for c in slack_fake.calls] == ["auth.test"]


async def test_a_port_in_use_stops_the_start_in_one_line_naming_port(
    tmp_path: Path, slack_fake: FakeSlack
) -> None:
    """PORT taken by another program (a second bot started by mistake) ended the start with
    an "an adapter stopped" traceback whose last line said "address already in use"."""
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = await run_bot(
            "slack",
            tmp_path,
            SLACK_BOT_TOKEN=TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack_fake.base_url,
            PORT=str(port),
        )
    line = assert_one_line_refusal(run, f"PORT {port}", "address already in use")
    assert run.code == 1 and "Set PORT to a free port" in line


async def test_a_refused_socket_mode_app_token_stops_the_start(
    tmp_path: Path, slack_fake: FakeSlack
) -> None:
    run = await run_bot(
        "slack",
        tmp_path,
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_APP_TOKEN="xapp-wrong",
        SLACK_API_URL=slack_fake.base_url,
    )
    line = assert_one_line_refusal(run, "SLACK_APP_TOKEN", "apps.connections.open")
    assert "SLACK_BOT_TOKEN" not in line
    assert [c.method for c in slack_fake.calls] == ["auth.test", "apps.connections.open"]


async def test_accepted_slack_tokens_start_the_http_server(
    tmp_path: Path, slack_fake: FakeSlack
) -> None:
    """The check passes what Slack accepts: the server comes up (and stops on SIGTERM)."""
    process = await start_bot_process(
        "slack",
        tmp_path,
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack_fake.base_url,
        PORT=str(refused_port()),
    )
    assert process.stderr is not None
    async with asyncio.timeout(30):
        while b"Slack adapter listening" not in (line := await process.stderr.readline()):
            assert line, "the bot exited before listening"
    process.send_signal(signal.SIGTERM)
    _, rest = await process.communicate()
    assert process.returncode == 0, rest.decode()[-2000:]
    assert [c.method for c in slack_fake.calls] == ["auth.test"]


async def test_a_refused_discord_token_stops_the_start(tmp_path: Path) -> None:
    async with FakeDiscord() as fake:
        run = await run_bot(
            "discord",
            tmp_path,
            DISCORD_TOKEN="not-the-bot-token",
            DISCORD_API_BASE=fake.api_base,
            DISCORD_GATEWAY_URL=fake.gateway_url,
        )
    assert_one_line_refusal(run, "DISCORD_TOKEN")
    assert "not-the-bot-token" not in run.stderr


@asynccontextmanager
async def bot_process(command: str, cwd: Path, **settings: str) -> AsyncIterator[Process]:
    """`start_bot_process`, killed on the way out if still running (a test that failed, or
    a bot that never stopped: the defect), never left behind."""
    process = await start_bot_process(command, cwd, **settings)
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def stderr_at_exit(process: Process) -> str:
    """What `process` wrote to stderr, once it ends (within a minute)."""
    async with asyncio.timeout(60):
        _, err = await process.communicate()
    return err.decode()


async def gateway_closed(
    fake: FakeDiscord,
    tmp_path: Path,
    close: Callable[[FakeDiscord], Awaitable[object]],
    settings: dict[str, str],
) -> tuple[int | None, str]:
    """The real `python -m bot discord` against `fake`, ready, then `close`d from
    Discord's side: its exit code and stderr once it ends."""
    endpoints = {"DISCORD_API_BASE": fake.api_base, "DISCORD_GATEWAY_URL": fake.gateway_url}
    async with bot_process(
        "discord", tmp_path, DISCORD_TOKEN=fake.token, **endpoints, **settings
    ) as process:
        await fake.wait_ready()
        await close(fake)
        stderr = await stderr_at_exit(process)
    return process.returncode, stderr


@pytest.mark.parametrize("shards", [{}, {"DISCORD_SHARD_COUNT": "1"}], ids=["one", "sharded"])
async def test_a_discord_token_reset_while_running_stops_the_bot_in_one_line(
    tmp_path: Path, shards: dict[str, str]
) -> None:
    """The token reset in the Developer Portal while the bot ran: the gateway closes with
    4004. The log said "an adapter stopped" and a traceback ending "WebSocket closed with
    4004", naming neither DISCORD_TOKEN nor what to do; one line says both now, and the
    process ends (non-zero, a process manager sees it) without the old token in sight.
    Sharded (AutoShardedClient), the shard's close reaches the client the same way."""

    async def reset(fake: FakeDiscord) -> None:
        fake.token = "the-new-token"
        await fake.drop_gateway(4000)  # the client resumes, then identifies: 4004

    async with FakeDiscord() as fake:
        old_token = fake.token
        returncode, stderr = await gateway_closed(fake, tmp_path, reset, shards)
    assert returncode == 1
    assert "Traceback" not in stderr, stderr[-2000:]
    [line] = [line for line in stderr.splitlines() if "DISCORD_TOKEN" in line]
    assert line.endswith(
        "stopping: Discord stopped taking DISCORD_TOKEN (the gateway closed with 4004, "
        "authentication failed): it was reset, or the application deleted. Set "
        "DISCORD_TOKEN to the bot's new token and start the bot again."
    )
    assert old_token not in stderr


async def test_another_gateway_close_is_not_blamed_on_the_token(tmp_path: Path) -> None:
    """Only 4004 says the token was reset: a gateway closed for good for another reason
    (4011, sharding required, as for a bot grown past 2,500 servers) stops the bot as an
    adapter failure, never with the line telling the operator to replace DISCORD_TOKEN,
    which would send them after the wrong setting."""
    async with FakeDiscord() as fake:
        closed = await gateway_closed(fake, tmp_path, lambda fake: fake.drop_gateway(4011), {})
    returncode, stderr = closed
    assert returncode == 1
    assert "an adapter stopped" in stderr and "4011" in stderr, stderr[-2000:]
    assert "DISCORD_TOKEN" not in stderr, stderr[-2000:]


async def test_a_slack_app_token_revoked_while_running_stops_the_bot_in_one_line(
    tmp_path: Path, slack_fake: FakeSlack
) -> None:
    """SLACK_APP_TOKEN revoked in Socket Mode, then Slack's periodic reconnection: the SDK
    logged an ERROR at every ping for ever, and the process stayed up serving nothing on
    Slack. It stops now, with one line that names the token and what to do."""
    async with bot_process("slack", tmp_path, **socket_mode_settings(slack_fake)) as process:
        await slack_fake.wait_for(lambda fake: fake.sockets_open)
        slack_fake.revoked.add(APP_TOKEN)
        await slack_fake.refresh_connections()
        stderr = await stderr_at_exit(process)
    assert process.returncode == 1
    [line] = [line for line in stderr.splitlines() if "stopping:" in line]
    assert line.endswith(
        "stopping: Slack stopped taking SLACK_APP_TOKEN (apps.connections.open: "
        "token_revoked): it was revoked, or the app uninstalled. Set SLACK_APP_TOKEN to a new "
        "app-level token (connections:write) and start the bot again."
    )
    # The SDK's own ERRORs quoting the refusal, before that line and after it (one with a
    # traceback, once "shutting down"), are left out: the line says it all.
    assert [line for line in stderr.splitlines() if " ERROR " in line] == [line]
    assert "Traceback" not in stderr
    assert APP_TOKEN not in stderr and TOKEN not in stderr
    opened = [c.answer.get("error") for c in slack_fake.calls_to("apps.connections.open")]
    assert opened[:2] == [None, None]  # the start-up check, the connection
    assert set(opened[2:]) == {"token_revoked"}  # the reconnection, not tried for ever


async def test_a_slack_outage_at_reconnection_does_not_stop_the_bot(
    tmp_path: Path, slack_fake: FakeSlack
) -> None:
    """Only a refusal of the app token's access stops the bot: Slack failing
    `apps.connections.open` for a moment (`internal_error`) at its periodic reconnection is
    left to the SDK's retries, and the bot connects again, still up, with no line naming
    SLACK_APP_TOKEN (which would send the operator to replace a good token)."""
    async with bot_process("slack", tmp_path, **socket_mode_settings(slack_fake)) as process:
        await slack_fake.wait_for(lambda fake: fake.sockets_open)
        slack_fake.errors["apps.connections.open"] = ["internal_error"]
        await slack_fake.refresh_connections()
        await slack_fake.wait_for(lambda fake: not fake.errors["apps.connections.open"])
        await slack_fake.wait_for(lambda fake: fake.sockets_open, within=60)
        assert process.returncode is None
        process.send_signal(signal.SIGTERM)
        stderr = await stderr_at_exit(process)
    assert process.returncode == 0, stderr[-2000:]
    assert "SLACK_APP_TOKEN" not in stderr, stderr[-2000:]
    # Only the refusal the bot stops for is left out of the log (`RefusalEchoes`): the
    # SDK's ERROR for an outage it retries is still there.
    errors = [line for line in stderr.splitlines() if " ERROR " in line]
    assert [line for line in errors if "'error': 'internal_error'" in line], stderr[-2000:]


@pytest.mark.parametrize(
    ("where", "says"),
    [
        ("a-file/bot.db", "{tmp}/a-file is a file, not a folder"),
        ("a-file/deeper/bot.db", "{tmp}/a-file is a file, not a folder"),
        ("a-folder", "{tmp}/a-folder is a folder, not a file"),
        ("/proc/forbidden/x.db", "cannot create the folder /proc/forbidden"),
        ("/proc/x.db", "cannot open /proc/x.db"),  # as a folder the bot may not write to
    ],
)
async def test_a_sqlite_path_that_cannot_hold_the_database_says_what_is_in_the_way(
    tmp_path: Path, where: str, says: str
) -> None:
    """Not "[Errno 17] File exists" or "unable to open database file": which path, what is
    wrong with it and what to do, in the one line of the other refusals (and their code)."""
    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "a-folder").mkdir()
    run = await run_bot("console", tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / where}")
    line = assert_one_line_refusal(run, says.format(tmp=tmp_path))
    assert run.code == 1
    assert "DATABASE_URL" in line and "Errno" not in line
    assert (tmp_path / "a-file").read_text() == "not a folder"


async def test_a_file_that_is_no_database_stops_the_start_and_the_process(tmp_path: Path) -> None:
    """The line said "Cannot start: … file is not a database", and the process never ended:
    the connection opened before its first PRAGMA failed was left with aiosqlite's thread,
    which is no daemon, running (a process manager saw a start that hung, not a refusal)."""
    (tmp_path / "notes.db").write_text("meeting notes, not a database " * 10)
    run = await run_bot("console", tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'notes.db'}")
    assert_one_line_refusal(run, "file is not a database")
    assert run.code == 1


async def test_the_folders_of_a_new_sqlite_database_are_created(tmp_path: Path) -> None:
    db = await SqliteDatabase.open(str(tmp_path / "new" / "deeper" / "bot.db"))
    try:
        assert await db.fetchval("PRAGMA journal_mode") == "wal"
    finally:
        await db.close()
    assert (tmp_path / "new" / "deeper" / "bot.db").is_file()


#: A folder or file name: no separators, never `.` or `..` (which would leave the folder).
NAMES = st.text(st.characters(blacklist_characters="/\0"), min_size=1, max_size=12).filter(
    lambda name: name not in {".", ".."}
)


@given(st.lists(NAMES, min_size=1, max_size=4))
def test_any_path_below_a_file_is_refused_naming_that_file(names: list[str]) -> None:
    """However deep DATABASE_URL goes below a file, the refusal names that file, which is
    left as it was."""
    with tempfile.TemporaryDirectory() as folder:
        blocker = Path(folder) / "blocker"
        blocker.write_text("not a folder")
        with pytest.raises(ValueError) as refusal:
            asyncio.run(SqliteDatabase.open(str(blocker.joinpath(*names))))
        assert f"{blocker} is a file, not a folder" in str(refusal.value)
        assert blocker.read_text() == "not a folder"
