"""A database that takes no writes just now (its disk full, its file or server made
read-only) is an outage whoever runs the bot must fix, not a fault of the statement: each
click is told to try again, nothing is said to be recorded, and the log says it once when it
starts and once when it ends, where every vote logged two tracebacks of its own."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.core.dispatch import FAILURE
from bot.storage.database import Database
from bot.storage.migrate import migrate
from bot.storage.sqlite import SqliteDatabase
from tests.test_database_outages import answers
from tests.test_slack_e2e import CHANNEL, Slack


async def refused_write(database: Database, read_only: str) -> BaseException:
    """The error of a vote-like write refused by a database made read-only by `read_only`."""
    with pytest.raises(Exception) as refused:
        async with database.transaction() as tx:
            await tx.execute(read_only)
            await tx.execute(
                "INSERT INTO leases (name, holder, expires_at, marked_at) VALUES (?, ?, 0, 0)",
                "refused",
                "us",
            )
    return refused.value


async def test_a_read_only_database_is_away_and_a_wrong_statement_is_not(
    database: Database,
) -> None:
    read_only = {"sqlite": "PRAGMA query_only = ON", "postgresql": "SET TRANSACTION READ ONLY"}
    try:
        assert database.unreachable(await refused_write(database, read_only[database.dialect]))
    finally:
        if database.dialect == "sqlite":
            await database.execute("PRAGMA query_only = OFF")
    with pytest.raises(Exception) as wrong:
        await database.execute("INSERT INTO no_such_table VALUES (1)")
    assert not database.unreachable(wrong.value)


async def test_a_full_sqlite_disk_is_away(tmp_path: Path) -> None:
    database = await SqliteDatabase.open(str(tmp_path / "bot.db"))
    await migrate(database)
    pages = await database.fetchval("PRAGMA page_count")
    await database.fetchval(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(Exception) as full:
        async with database.transaction() as tx:
            for n in range(2000):  # more than the pages left can hold
                await tx.execute(
                    "INSERT INTO leases (name, holder, expires_at, marked_at) VALUES (?, ?, 0, 0)",
                    f"lease-{n:04d}-" + "x" * 200,
                    "us",
                )
    try:
        assert "full" in str(full.value)
        assert database.unreachable(full.value)
    finally:
        await database.close()


async def test_votes_on_a_read_only_file_are_refused_and_logged_once(
    slack_bot: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    slack = slack_bot
    await slack.command("/poll")
    poll_id, ts, _ = await slack.posted_poll()
    await slack.app.db.execute("PRAGMA query_only = ON")  # as a file made read-only
    caplog.clear()
    for user in ("U0BOB", "U0CY", "U0DAN"):
        await slack.sender.click(slack.click(f"poll:v1:{poll_id}:1", user, ts))
    assert (await answers(slack))[-3:] == [FAILURE] * 3
    await slack.app.db.execute("PRAGMA query_only = OFF")
    await slack.sender.click(slack.click(f"poll:v1:{poll_id}:1", "U0EVE", ts))
    assert (await answers(slack))[-1] == f"Your vote on poll #{poll_id} is now “Gavin Baker”."
    ours = [r for r in caplog.records if r.name.startswith("bot.") and r.levelno >= logging.WARNING]
    clicks = [r for r in ours if r.name == "bot.core.dispatch"]
    assert [r.getMessage() for r in clicks] == [
        "the database for commands and clicks failed; retrying at each new one (button "
        f"poll:v1:{poll_id}:1 first, platform=slack channel={CHANNEL}) until it works",
        "the database for commands and clicks works again after 3 failed tries",
    ]
    assert clicks[0].exc_info is not None  # the cause, once: SQLite's own words
    assert "readonly database" in str(clicks[0].exc_info[1].__cause__)
    assert not [r for r in ours if r.name == "bot.polls.service"]  # no batch's traceback
    voters = "SELECT voter_id FROM poll_votes WHERE poll_id = ?"
    assert [row[0] for row in await slack.app.db.fetchall(voters, poll_id)] == ["U0EVE"]
