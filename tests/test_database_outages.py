"""The database goes away for a moment: what users see, and what the bot keeps.

The Slack bot runs end to end (Bolt against the loopback fake) on a fresh PostgreSQL
database reached through a forwarder the test cuts and restores (`DatabaseLine`), at the
instant it chooses: while Slack is answering a post, during a click, between two ticks of
a background loop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.clock import ManualClock, fast_forward
from bot.commands import daily as daily_commands
from bot.core.context import ChannelRef
from bot.core.dispatch import FAILED, FAILURE
from bot.polls.service import SWEEP_PERIOD
from bot.storage import postgres
from tests.database_line import DatabaseLine
from tests.slack_fake import TEAM, FakeSlack
from tests.test_slack_e2e import CHANNEL, Slack, all_text, start_slack, stop_slack, vote_count


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack(admins={"U0ADMIN"}) as server:
        yield server


#: The password in the bot's DATABASE_URL (trust auth: the server never asks for it), which
#: no log line may show.
PASSWORD = "hunter2"


@pytest.fixture
async def slack(
    tmp_path: Path, fake: FakeSlack, line: DatabaseLine, clock: ManualClock
) -> AsyncIterator[Slack]:
    url = line.url.replace("root@", f"root:{PASSWORD}@")
    running = await start_slack(tmp_path, fake, clock, DATABASE_URL=url)
    yield running
    line.restore()
    await stop_slack(running)


def cut_after(
    fake: FakeSlack, method: str, line: DatabaseLine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database goes away once Slack has carried out the next `method` call, before the
    bot hears Slack's answer."""
    handler_name = "_" + method.replace(".", "_")
    original: Callable[[dict[str, Any]], dict[str, Any]] = getattr(fake, handler_name)

    def then_cut(args: dict[str, Any]) -> dict[str, Any]:
        answer = original(args)
        line.cut()
        monkeypatch.setattr(fake, handler_name, original)
        return answer

    monkeypatch.setattr(fake, handler_name, then_cut)


def cut_once_found(
    target: object, method: str, line: DatabaseLine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database goes away once `target.method`, a coroutine method of the bot's that
    returns what it found (polls closed, attempts taken), has found something."""
    real = getattr(target, method)

    async def then_cut(*args: Any) -> Any:
        found = await real(*args)
        if found:
            line.cut()
        return found

    monkeypatch.setattr(target, method, then_cut)


def posts(fake: FakeSlack) -> int:
    return len(fake.calls_to("chat.postMessage"))


async def test_daily_now_whose_record_fails_after_the_post_says_posted(
    slack: Slack, line: DatabaseLine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The takeaway is in the channel: "something went wrong, try again" would be untrue,
    and trying again would post the next takeaway as well."""
    cut_after(slack.fake, "chat.postMessage", line, monkeypatch)
    (status, _), url = await slack.command("/daily", "now", user="U0ADMIN")
    assert status == 200
    answer = (await slack.answer(url)).args["text"]
    assert answer.startswith("Posted ") and "Something went wrong" not in answer
    assert posts(slack.fake) == 1
    line.restore()
    (status, _), again = await slack.command("/daily", "now", user="U0ADMIN")
    assert (await slack.answer(again)).args["text"].startswith("Posted ")
    first, second = (c.args["text"] for c in slack.fake.calls_to("chat.postMessage"))
    assert first != second  # the rotation moved past the first takeaway all the same


@dataclass
class Watched:
    """Set once a call of a watched method has failed, and once one has succeeded."""

    failed: asyncio.Event = field(default_factory=asyncio.Event)
    succeeded: asyncio.Event = field(default_factory=asyncio.Event)


def watch(target: object, method: str, monkeypatch: pytest.MonkeyPatch) -> Watched:
    """Watch the calls of `target.method`, a coroutine method of the bot's."""
    real = getattr(target, method)
    seen = Watched()

    async def watched(*args: Any, **kwargs: Any) -> Any:
        try:
            result = await real(*args, **kwargs)
        except Exception:
            seen.failed.set()
            raise
        seen.succeeded.set()
        return result

    monkeypatch.setattr(target, method, watched)
    return seen


async def test_a_poll_posted_as_the_database_drops_still_takes_clicks(
    slack: Slack, line: DatabaseLine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Slack shows the poll message before the bot can attach it to its poll: its buttons
    must not answer "There is no poll #1 here." for good once the database is back."""
    attach = watch(slack.app.polls.store, "attach_message", monkeypatch)
    cut_after(slack.fake, "chat.postMessage", line, monkeypatch)
    (status, _), _ = await slack.command("/poll")
    assert status == 200
    async with asyncio.timeout(10):
        await attach.failed.wait()
    line.restore()
    poll_id, ts, _ = await slack.posted_poll()  # once the bot has finished with it
    click = slack.click(f"poll:v1:{poll_id}:1", "U0BOB", ts)
    assert await slack.sender.click(click) == (200, "")
    await slack.adapter.idle()
    [answer] = [c.args["text"] for c in slack.fake.calls_to("response_url")]
    assert answer.startswith(f"Your vote on poll #{poll_id} is now")
    await slack.app.live.idle()
    assert "Total voters: 1" in all_text(slack.fake.calls_to("chat.update")[-1].args["blocks"])


#: Every server connection of the bot's database but the caller's (the database is the
#: test's own, `fresh_database`), as an operator or a failover would; each call waits until
#: the sessions have ended (PostgreSQL 14's timeout argument), so what the bot does next
#: meets connections that are gone rather than ones still going.
TERMINATE = (
    "SELECT count(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


async def answers(slack: Slack) -> list[str]:
    """Every `response_url` answer so far, in the order they arrived."""
    await slack.adapter.idle()
    return [call.args["text"] for call in slack.fake.calls_to("response_url")]


async def poll_then_cut(slack: Slack, line: DatabaseLine) -> tuple[int, str]:
    """A poll posted while the database is there, which then goes away: its id and ts.
    The deadline sweeper, woken by the creation, has read the deadlines first: on a busy
    machine its read fell inside the outage, and its own outage line was logged among the
    commands' (`test_commands_log_a_database_outage_once_when_it_starts_and_once_when_it_ends`)."""
    await slack.command("/poll")
    poll_id, ts, _ = await slack.posted_poll()
    await slack.app.polls.wait_idle()
    line.cut()
    return poll_id, ts


async def test_a_click_while_the_database_is_away_is_not_counted_and_its_retry_counts_once(
    slack: Slack, line: DatabaseLine
) -> None:
    poll_id, ts = await poll_then_cut(slack, line)
    click = slack.click(f"poll:v1:{poll_id}:1", "U0BOB", ts)
    assert await slack.sender.click(click) == (200, "")
    assert await answers(slack) == [FAILURE]
    line.restore()
    assert await slack.sender.click(click, retry_num=1) == (200, "")  # Slack's retries
    assert await slack.sender.click(click, retry_num=2) == (200, "")
    label = (await slack.app.polls.store.get(poll_id)).label(1)  # type: ignore[union-attr]
    assert await answers(slack) == [
        FAILURE,
        f"Your vote on poll #{poll_id} is now “{label}”.",
        f"Your vote on poll #{poll_id} is “{label}”.",
    ]
    assert await vote_count(slack.app, poll_id) == 1


async def test_a_vote_whose_connection_is_terminated_mid_transaction_is_not_acknowledged(
    slack: Slack, line: DatabaseLine
) -> None:
    """The vote waits on its poll's row lock, held by a second connection, when its server
    connection is terminated: it is answered "try again", and the next click works."""
    await slack.command("/poll")
    poll_id, ts, _ = await slack.posted_poll()
    blocker = await asyncpg.connect(line.server_url)
    try:
        async with blocker.transaction():
            await blocker.execute("SELECT 1 FROM polls WHERE id = $1 FOR UPDATE", poll_id)
            click = slack.click(f"poll:v1:{poll_id}:1", "U0BOB", ts)
            clicked = asyncio.create_task(slack.sender.click(click))
            await waiting_on_a_lock(blocker)
            assert await blocker.fetchval(TERMINATE) >= 1
        assert await clicked == (200, "")
        assert await answers(slack) == [FAILURE]
        assert await blocker.fetchval("SELECT count(*) FROM poll_votes") == 0
        again = slack.click(f"poll:v1:{poll_id}:1", "U0BOB", ts)
        assert await slack.sender.click(again) == (200, "")
        assert (await answers(slack))[-1].startswith(f"Your vote on poll #{poll_id} is now")
        assert await blocker.fetchval("SELECT count(*) FROM poll_votes") == 1
    finally:
        await blocker.close()


async def waiting_on_a_lock(connection: asyncpg.Connection) -> None:
    """Return once another session of the database waits for a lock (the server waits)."""
    await connection.execute(
        """DO $$ BEGIN
            WHILE NOT EXISTS (SELECT 1 FROM pg_stat_activity
                              WHERE datname = current_database() AND wait_event_type = 'Lock')
            LOOP
                PERFORM pg_stat_clear_snapshot(), pg_sleep(0.01);
            END LOOP;
        END $$""",
        timeout=10,
    )


async def test_background_loops_log_an_outage_once_and_carry_on_after_it(
    slack: Slack,
    line: DatabaseLine,
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An hour without the database: the deadline sweeper (every 5 s), the daily scheduler
    (every minute) and a poll's live edits (every interval) each log it when it starts and
    when it ends, never the password, and do what fell due once the database is back."""
    await slack.command("/poll", 'question:"Soon?" options:"A | B" duration:1m')
    poll_id, ts, _ = await slack.posted_poll()
    await slack.command("/daily", "on time:09:30", user="U0ADMIN")
    await slack.command("/help", "", user="U0BOB")  # his name learnt now, not in the outage
    await slack.adapter.idle()
    await slack.adapter.names.settled()
    caplog.clear()
    cut_after(slack.fake, "chat.update", line, monkeypatch)  # the vote's live edit
    await slack.sender.click(slack.click(f"poll:v1:{poll_id}:1", "U0BOB", ts))
    await slack.fake.wait_for(lambda f: f.calls_to("chat.update"))
    loops = [slack.app.daily, slack.app.polls]
    await fast_forward(clock, loops, 3600)
    line.restore()
    await fast_forward(clock, loops, 120)
    await slack.app.live.idle()
    await slack.adapter.idle()
    ours = sorted(
        r.getMessage().split(" after ")[0]
        for r in caplog.records
        if r.name.startswith("bot.") and r.levelno >= logging.WARNING
    )
    assert ours == sorted(
        [
            "the poll deadline sweep failed; retrying every 5 s until it works",
            "the poll deadline sweep works again",
            "daily scheduler: planning failed; retrying every 60s until it works",
            "daily scheduler: planning works again",
            f"poll {poll_id}: live edits failed; retrying every 0.05 s until it works",
            f"poll {poll_id}: live edits works again",
        ]
    )
    assert PASSWORD not in caplog.text
    posts_since = slack.fake.calls_to("chat.postMessage")[2:]
    posted = sorted(c.args["text"].split("\n")[0] for c in posts_since)
    assert posted == [
        "Daily takeaway (due at 09:30 UTC, posted late)",  # due in the outage
        f"Poll #{poll_id} “Soon?” is closed. Winner: “A” with 1 vote (100% of voters).",
    ]
    assert "Total voters: 1" in all_text(slack.fake.calls_to("chat.update")[-1].args["blocks"])


async def test_a_poll_closed_at_its_deadline_as_the_database_drops_is_still_announced(
    slack: Slack,
    line: DatabaseLine,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The sweep has closed the poll and taken its announcement, and only it may make that
    (at most once): the database going away before it has read what to say must not lose
    the announcement."""
    await slack.command("/poll", 'question:"Soon?" options:"A | B" duration:1m')
    poll_id, _, _ = await slack.posted_poll()
    store = slack.app.polls.store
    # the attempts waiting, written with the close: cut once the sweep took one
    cut_once_found(slack.app.polls._retries, "due", line, monkeypatch)
    read = watch(store, "get", monkeypatch)
    clock.advance(61)
    async with asyncio.timeout(10):
        await read.failed.wait()
    line.restore()
    await slack.app.polls.wait_idle()
    await slack.adapter.idle()
    assert closed_announcements(slack) == [
        f"Poll #{poll_id} “Soon?” is closed. No votes were cast."
    ]


async def test_a_poll_closed_as_the_database_drops_is_announced_by_the_next_sweep(
    slack: Slack,
    line: DatabaseLine,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The database going away right after the close, before the sweep took its
    announcement: the announcement waits in the database with the close, and the next
    sweep makes it, once."""
    await slack.command("/poll", 'question:"Soon?" options:"A | B" duration:1m')
    poll_id, _, _ = await slack.posted_poll()
    cut_once_found(slack.app.polls.store, "close_due", line, monkeypatch)
    take = watch(slack.app.polls._retries, "due", monkeypatch)
    clock.advance(61)
    async with asyncio.timeout(10):
        await take.failed.wait()
    line.restore()
    await fast_forward(clock, [slack.app.polls], SWEEP_PERIOD, slack.app.polls.wait_idle)
    await slack.adapter.idle()
    assert closed_announcements(slack) == [
        f"Poll #{poll_id} “Soon?” is closed. No votes were cast."
    ]


def closed_announcements(slack: Slack) -> list[str]:
    """What the bot posted after the poll itself."""
    return [c.args["text"] for c in slack.fake.calls_to("chat.postMessage")][1:]


async def test_commands_while_the_database_is_away_say_try_again_and_post_nothing(
    slack: Slack, line: DatabaseLine
) -> None:
    poll_id, _ = await poll_then_cut(slack, line)
    for command, text, user in [
        ("/poll", 'question:"Now?" options:"A | B"', "U0ALICE"),
        ("/vote", f"{poll_id} 1", "U0BOB"),
        ("/results", str(poll_id), "U0BOB"),
        ("/daily", "now", "U0ADMIN"),
    ]:
        (status, _), _ = await slack.command(command, text, user=user)
        assert status == 200
    assert await answers(slack) == [FAILURE] * 4
    assert posts(slack.fake) == 1  # the first poll only
    line.restore()
    (status, _), _ = await slack.command("/vote", f"{poll_id} 1", user="U0BOB")
    assert (await answers(slack))[-1].startswith(f"Your vote on poll #{poll_id} is now")


async def test_a_daily_post_recorded_as_the_database_drops_is_still_recorded_as_posted(
    slack: Slack,
    line: DatabaseLine,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The takeaway is in the channel: the day must end up posted, not "posting" for good
    (with /daily status none the wiser), and it is never posted twice."""
    (_, _), url = await slack.command("/daily", "on time:09:30", user="U0ADMIN")
    await slack.answer(url)
    record = watch(slack.app.daily.store, "mark_posted", monkeypatch)
    cut_after(slack.fake, "chat.postMessage", line, monkeypatch)
    clock.advance(1800)  # 09:30
    async with asyncio.timeout(10):
        await record.failed.wait()
    line.restore()
    async with asyncio.timeout(10):
        await record.succeeded.wait()
    await fast_forward(clock, [slack.app.daily], 3600)
    (_, _), url = await slack.command("/daily", "status")
    status = all_text((await slack.answer(url)).args["blocks"])
    assert posts(slack.fake) == 2  # the schedule, then the takeaway once
    assert "*Last post*\nMon 02 Mar 09:30 UTC — Takeaway 1: The Chip Gap" in status


async def test_healthz_logs_an_outage_once_and_answers_honestly_at_every_probe(
    slack: Slack, line: DatabaseLine, caplog: pytest.LogCaptureFixture
) -> None:
    """A load balancer probes every few seconds: each probe hears 503 while the database is
    away, and the log says so when the outage starts and when it ends, not at every probe."""
    url = slack.sender.url.replace("/slack/events", "/healthz")

    async def probe() -> tuple[int, Any]:
        async with slack.sender.session.get(url) as response:
            return response.status, await response.json()

    caplog.clear()
    line.cut()
    for _ in range(5):
        assert await probe() == (503, {"ok": False, "database": "unavailable"})
    line.restore()
    assert await probe() == (200, {"ok": True})
    server = "bot.adapters.slack.server"  # the background loops log their own outages
    ours = [r for r in caplog.records if r.name == server and r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in ours] == [
        "the health check's database query failed; retrying at each probe until it works",
        "the health check's database query works again after 5 failed tries",
    ]
    assert ours[0].exc_info is not None and PASSWORD not in caplog.text


#: Short bounds for the hanging-server test, so it waits seconds rather than the real ones.
CONNECT_BOUND, COMMAND_BOUND = 0.5, 1.0


@pytest.fixture
def short_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bot's pool opened with short time limits (requested before `slack`)."""
    monkeypatch.setattr(postgres, "CONNECT_TIMEOUT", CONNECT_BOUND)
    monkeypatch.setattr(postgres, "COMMAND_TIMEOUT", COMMAND_BOUND)


async def test_a_server_that_accepts_but_never_answers_gets_try_again_within_the_bound(
    short_bounds: None, slack: Slack, line: DatabaseLine
) -> None:
    """A statement on an open connection, then a new connection, meet a server that hangs:
    each command answers "try again" within the bound instead of waiting for good (or 60 s),
    and once the server answers again so does the pool."""
    await slack.command("/poll")
    poll_id, _, _ = await slack.posted_poll()
    line.silence()
    # The statement's limit, then as long again to cancel it and roll back (asyncpg).
    await answers_try_again_within(slack, f"{poll_id} 1", 2 * COMMAND_BOUND)
    line.restore()  # drops every connection: the pool opens a new one, to a hanging server
    line.silence()
    await answers_try_again_within(slack, f"{poll_id} 1", CONNECT_BOUND)
    assert await vote_count_on(line) == 0
    line.restore()
    _, url = await slack.command("/vote", f"{poll_id} 1", user="U0BOB")
    assert (await slack.answer(url)).args["text"].startswith(f"Your vote on poll #{poll_id} is")
    assert await vote_count_on(line) == 1


async def answers_try_again_within(slack: Slack, vote: str, bound: float) -> None:
    """`/vote <vote>` answers "try again" within `bound` seconds, and two seconds for a busy
    machine (its answer goes through the fake Slack)."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    (status, _), url = await slack.command("/vote", vote, user="U0BOB")
    assert status == 200
    assert (await slack.answer(url)).args["text"] == FAILURE
    assert loop.time() - started < bound + 2.0


async def vote_count_on(line: DatabaseLine) -> int:
    """Votes stored, asked of the server itself (never silenced)."""
    return int((await on_server(line, "SELECT count(*) FROM poll_votes"))[0])


async def on_server(line: DatabaseLine, query: str, *args: Any) -> asyncpg.Record:
    """The first row of `query`, asked of the server itself (never cut or silenced)."""
    connection = await asyncpg.connect(line.server_url)
    try:
        return await connection.fetchrow(query, *args)
    finally:
        await connection.close()


async def quiet(slack: Slack) -> None:
    """Return once the bot is idle: no loop of its is between two statements, so the next
    transaction committed is the one the test causes."""
    await slack.app.polls.wait_idle()
    await slack.app.daily.wait_idle()
    await slack.app.live.idle()
    await slack.adapter.idle()


async def test_a_click_whose_commit_is_not_confirmed_says_what_is_recorded(
    slack: Slack, line: DatabaseLine, clock: ManualClock
) -> None:
    """The vote committed, but the connection dropped before the bot heard so. "Please try
    again" was untrue, and the click it asked for, 2 s later or more, took the vote back."""
    await slack.command("/poll")
    poll_id, ts, _ = await slack.posted_poll()
    await quiet(slack)
    line.lose_next_commit_answer()
    await slack.sender.click(slack.click(f"poll:v1:{poll_id}:1", "U0BOB", ts))
    told = f"{FAILED} Now recorded for you on poll #{poll_id}: “Gavin Baker”."
    assert await answers(slack) == [told]
    assert line.commit_lost.is_set() and await vote_count_on(line) == 1
    clock.advance(5)
    await quiet(slack)
    line.lose_next_commit_answer()  # taking it back, which commits too
    await slack.sender.click(slack.click(f"poll:v1:{poll_id}:1", "U0BOB", ts))
    told = f"{FAILED} Nothing is recorded for you on poll #{poll_id}. To vote for “Gavin Baker”, "
    assert (await answers(slack))[-1] == told + "click it again."
    assert await vote_count_on(line) == 0


async def test_a_vote_whose_commit_and_read_back_both_fail_warns_before_a_second_vote(
    slack: Slack, line: DatabaseLine, clock: ManualClock
) -> None:
    """The database went away as it committed the vote: what is recorded cannot be read,
    and the answer must not ask for the vote again, which would take it back."""
    await slack.command("/poll", 'question:"Lunch?" options:"A | B | C" multi:true')
    poll_id, ts, _ = await slack.posted_poll()
    await quiet(slack)
    line.lose_next_commit_answer(then_cut=True)
    await slack.command("/vote", f"{poll_id} 2", user="U0BOB")
    told = f"{FAILED} Whether your vote on poll #{poll_id} was recorded cannot be checked just "
    assert await answers(slack) == [f"{told}now: typing the same /vote again could take it back."]
    # A click while the database is away surely counted for nothing: "try again" is true.
    await slack.sender.click(slack.click(f"poll:v1:{poll_id}:3", "U0CAROL", ts))
    assert (await answers(slack))[-1] == FAILURE
    line.restore()
    assert await vote_count_on(line) == 1
    clock.advance(5)  # as the warning said: the same /vote again takes the vote back
    (_, _), url = await slack.command("/vote", f"{poll_id} 2", user="U0BOB")
    assert (await slack.answer(url)).args["text"].startswith("Removed “B” from your choices")


async def test_a_typed_vote_whose_commit_is_not_confirmed_says_what_is_recorded(
    slack: Slack, line: DatabaseLine
) -> None:
    await slack.command("/poll", 'question:"Lunch?" options:"A | B | C" multi:true')
    poll_id, _, _ = await slack.posted_poll()
    await slack.command("/vote", f"{poll_id} 1", user="U0BOB")
    await quiet(slack)
    line.lose_next_commit_answer()
    await slack.command("/vote", f"{poll_id} 3", user="U0BOB")
    told = f"{FAILED} Now recorded for you on poll #{poll_id}: “A” and “C”."
    assert (await answers(slack))[-1] == told
    assert await vote_count_on(line) == 2


async def closed_in(line: DatabaseLine, poll_id: int) -> tuple[int, bool]:
    """A poll's round and whether it is closed, asked of the server itself."""
    row = await on_server(line, "SELECT round, closed_at FROM polls WHERE id = $1", poll_id)
    return int(row["round"]), row["closed_at"] is not None


async def close_by(slack: Slack, poll_id: int, ts: str, button: str | None) -> dict[str, Any]:
    """The creator's `button` press (`close` or `next`), or /close typed: what answers it."""
    if button is None:
        (_, _), url = await slack.command("/close", str(poll_id))
    else:
        click = slack.click(f"poll:v1:{poll_id}:{button}", "U0ALICE", ts)
        await slack.sender.click(click)
        url = click["response_url"]
    return (await slack.answer(url)).args


@pytest.mark.parametrize("button", [False, True])
async def test_ending_round_one_whose_commit_is_not_confirmed_announces_round_two(
    slack: Slack, line: DatabaseLine, button: bool
) -> None:
    """Round 2 opened, but the connection dropped before the bot heard so. "Please try
    again" was untrue, and the /close it asked for, 2 s later, closed the whole poll."""
    await slack.command("/poll", "rounds:2")
    poll_id, ts, _ = await slack.posted_poll()
    await quiet(slack)
    line.lose_next_commit_answer()
    answer = await close_by(slack, poll_id, ts, "next" if button else None)  # End round 1
    assert answer["response_type"] == "in_channel"
    assert answer["text"].startswith(f"Round 1 (before) of poll #{poll_id} “")
    assert line.commit_lost.is_set() and await closed_in(line, poll_id) == (2, False)


@pytest.mark.parametrize(
    ("button", "advice"),
    [
        (None, "typing /close poll:{} again could close the whole poll"),
        ("next", "pressing “End round 1” again in a minute will tell you"),
    ],
)
async def test_ending_round_one_unreadable_after_its_commit_says_it_cannot_be_checked(
    slack: Slack, line: DatabaseLine, button: str | None, advice: str
) -> None:
    """Round 2 opened and the database went away: "try again" was untrue, and a typed
    /close more than 2 s later closes the whole poll."""
    await slack.command("/poll", "rounds:2")
    poll_id, ts, _ = await slack.posted_poll()
    await quiet(slack)
    line.lose_next_commit_answer(then_cut=True)
    assert (await close_by(slack, poll_id, ts, button))["text"] == (
        f"{FAILED} Whether round 1 of poll #{poll_id} ended cannot be checked just now: "
        f"{advice.format(poll_id)}."
    )
    line.restore()
    assert await closed_in(line, poll_id) == (2, False)


@pytest.mark.parametrize("button", [False, True])
async def test_a_close_whose_commit_is_not_confirmed_announces_the_result(
    slack: Slack, line: DatabaseLine, button: bool
) -> None:
    """The poll closed, but the bot heard only a dropped connection: the channel is told
    the result as a close's would be, not the closer "try again" (it never was told)."""
    await slack.command("/poll", 'question:"Lunch?" options:"A | B"')
    poll_id, ts, _ = await slack.posted_poll()
    await quiet(slack)
    line.lose_next_commit_answer()
    answer = await close_by(slack, poll_id, ts, "close" if button else None)
    assert answer["response_type"] == "in_channel"
    assert answer["text"] == f"Poll #{poll_id} “Lunch?” is closed. No votes were cast."
    assert line.commit_lost.is_set() and await closed_in(line, poll_id) == (1, True)


async def polls_stored(line: DatabaseLine) -> int:
    return int((await on_server(line, "SELECT count(*) FROM polls"))[0])


async def test_a_poll_whose_commit_is_not_confirmed_is_posted_once(
    slack: Slack, line: DatabaseLine
) -> None:
    """The poll was stored, but the bot heard only a dropped connection: "try again" made a
    second poll and left the first open, with no message to vote on, in every list."""
    await quiet(slack)
    line.lose_next_commit_answer()
    await slack.command("/poll", 'question:"Lunch?" options:"A | B"')
    poll_id, ts, _ = await slack.posted_poll()
    assert line.commit_lost.is_set() and await polls_stored(line) == 1
    assert await answers(slack) == []  # no "try again" beside the poll
    click = slack.click(f"poll:v1:{poll_id}:1", "U0BOB", ts)
    await slack.sender.click(click)
    assert (await answers(slack))[-1] == f"Your vote on poll #{poll_id} is now “A”."


async def test_a_poll_unreadable_after_its_commit_says_how_to_find_it(
    slack: Slack, line: DatabaseLine
) -> None:
    await quiet(slack)
    line.lose_next_commit_answer(then_cut=True)
    await slack.command("/poll", 'question:"Lunch?" options:"A | B"')
    assert await answers(slack) == [
        f"{FAILED} Poll #1 may have been created without its message; this cannot be checked "
        "just now. If /results poll:1 shows it later, /close poll:1 before starting another."
    ]
    assert posts(slack.fake) == 0
    line.restore()
    assert await polls_stored(line) == 1


async def test_daily_on_whose_store_fails_after_its_post_stores_the_schedule_it_posted(
    slack: Slack, line: DatabaseLine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The channel has read "Daily takeaways on": the database away just then must not
    leave that untrue, nor answer "try again", which would announce it a second time."""
    subscribe = watch(slack.app.daily.store, "subscribe", monkeypatch)
    cut_after(slack.fake, "chat.postMessage", line, monkeypatch)
    (_, _), url = await slack.command("/daily", "on time:09:30", user="U0ADMIN")
    async with asyncio.timeout(10):
        await subscribe.failed.wait()
    line.restore()
    answer = (await slack.answer(url)).args["text"]
    assert answer == "Daily takeaways on: I posted the schedule in this channel."
    assert posts(slack.fake) == 1
    stored = await slack.app.daily.store.subscription(ChannelRef("slack", TEAM, CHANNEL))
    assert stored is not None and stored.at.isoformat() == "09:30:00"


async def test_daily_on_whose_schedule_cannot_be_stored_after_its_post_says_so(
    slack: Slack, line: DatabaseLine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(daily_commands, "STORE_DELAYS", (0.0,), raising=False)
    cut_after(slack.fake, "chat.postMessage", line, monkeypatch)
    (_, _), url = await slack.command("/daily", "on time:09:30", user="U0ADMIN")
    assert (await slack.answer(url)).args["text"] == (
        f"{FAILED} The schedule I posted in this channel could not be stored just now, so "
        "daily posts may not follow it: run /daily on again in a while."
    )
    line.restore()
    assert await slack.app.db.fetchval("SELECT count(*) FROM daily_subscriptions") == 0


async def test_a_vote_whose_commit_is_not_confirmed_shows_in_the_poll_message_at_once(
    slack: Slack, line: DatabaseLine
) -> None:
    """The voter is told their vote is recorded: the poll's message must say so too, not
    show the old tally until the next vote, or the revisit half a minute later."""
    await slack.command("/poll")
    poll_id, ts, _ = await slack.posted_poll()
    await quiet(slack)
    updates = len(slack.fake.calls_to("chat.update"))
    line.lose_next_commit_answer()
    await slack.sender.click(slack.click(f"poll:v1:{poll_id}:1", "U0BOB", ts))
    assert (await answers(slack))[-1].startswith(f"{FAILED} Now recorded for you")
    await slack.app.live.idle()
    edits = slack.fake.calls_to("chat.update")[updates:]
    assert edits and "Total voters: 1" in all_text(edits[-1].args["blocks"])


async def test_daily_off_whose_answer_is_lost_tells_the_channel_it_is_off(
    slack: Slack, line: DatabaseLine
) -> None:
    """The schedule was turned off, but the bot heard only a dropped connection: told "try
    again", the admin then heard "Daily takeaways were not on in this channel.", and the
    channel was never told."""
    (_, _), url = await slack.command("/daily", "on time:09:30", user="U0ADMIN")
    await slack.answer(url)
    await quiet(slack)
    line.lose_next_answer("UPDATE 1")
    (_, _), url = await slack.command("/daily", "off", user="U0ADMIN")
    answer = (await slack.answer(url)).args
    assert answer["response_type"] == "in_channel"
    assert answer["text"] == "Daily takeaways are off in this channel."
    assert line.commit_lost.is_set()
    assert (await on_server(line, "SELECT enabled FROM daily_subscriptions"))[0] == 0


async def test_daily_off_unreadable_after_its_update_says_it_cannot_be_checked(
    slack: Slack, line: DatabaseLine
) -> None:
    (_, _), url = await slack.command("/daily", "on time:09:30", user="U0ADMIN")
    await slack.answer(url)
    await quiet(slack)
    line.lose_next_answer("UPDATE 1", then_cut=True)
    (_, _), url = await slack.command("/daily", "off", user="U0ADMIN")
    assert (await slack.answer(url)).args["text"] == (
        f"{FAILED} Whether daily takeaways are off here cannot be checked just now: "
        "/daily status in a minute will tell you."
    )


async def test_commands_log_a_database_outage_once_when_it_starts_and_once_when_it_ends(
    slack: Slack, line: DatabaseLine, caplog: pytest.LogCaptureFixture
) -> None:
    """Every command and click during an outage logged its own traceback, burying the rest
    of the log; now the outage is logged as the background loops log theirs: its first
    failure with the traceback, then one line when the database answers again. The users'
    answers are unchanged, and a command that needs no database (/help) ends nothing."""
    for user in ("U0ALICE", "U0BOB"):  # their names learnt now, not in the outage
        await slack.command("/help", "", user=user)
    await slack.adapter.names.settled()
    poll_id, ts = await poll_then_cut(slack, line)
    await slack.adapter.idle()
    caplog.clear()
    for command, text, user in [
        ("/vote", f"{poll_id} 1", "U0BOB"),
        ("/results", str(poll_id), "U0BOB"),
        ("/help", "", "U0BOB"),
        ("/poll", 'question:"Now?" options:"A | B"', "U0ALICE"),
    ]:
        await slack.command(command, text, user=user)
    await slack.sender.click(slack.click(f"poll:v1:{poll_id}:2", "U0BOB", ts))
    answered = (await answers(slack))[2:]  # in the order sent, not the order asked
    assert len(answered) == 5 and answered.count(FAILURE) == 4
    line.restore()
    await slack.command("/help", "", user="U0BOB")
    await answers(slack)
    ours = [r for r in caplog.records if r.name.startswith("bot.") and r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in ours] == [
        "the database for commands and clicks failed; retrying at each new one (command /vote"
        f" first, platform=slack channel={CHANNEL}) until it works",
        "the database for commands and clicks works again after 4 failed tries",
    ]
    assert ours[0].exc_info is not None and PASSWORD not in caplog.text
