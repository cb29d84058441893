"""A deadline announces what a closer's hand would have: in the poll's channel, once.

A manual `/close N` answers the channel with the result (or, in round 1 of a two-round poll,
that round 2 is open); the deadline sweep posts the same through the poll's platform
`Outbound`. Each due poll's id comes back from the sweep's `UPDATE … RETURNING` to one
instance only, which posts it once: never again after a failure or an unknown outcome, nor
after a restart, and a stop lets a sweep under way finish its posts.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.core.context import ChannelRef, Context
from bot.core.errors import UserError
from bot.core.outbound import DeliveryError, Outbounds
from bot.core.replies import When
from bot.knowledge import load_pack
from bot.polls.announcements import AnnouncementRetries
from bot.polls.model import PollDraft
from bot.polls.rounds import Arguments
from bot.polls.service import PollService
from bot.storage.database import Database
from bot.storage.migrate import migrate
from bot.storage.sqlite import SqliteDatabase
from tests.helpers import ROOT, Login, PostingOutbound

PACK = load_pack(ROOT / "knowledge" / "baker-vs-gin")
CHANNEL = ChannelRef("console", "W", "general")


def service_on(
    database: Database,
    clock: ManualClock,
    outbound: PostingOutbound,
    ready: asyncio.Event | None = None,
) -> PollService:
    outbounds = Outbounds()
    outbounds.add(outbound, ready=ready)
    return PollService(database, clock, arguments=Arguments.from_pack(PACK), outbounds=outbounds)


def person(clock: ManualClock, user: str, platform: str = "console") -> Context:
    return Context(platform, "W", "general", user, user.capitalize(), False, clock)


async def timed_poll(
    service: PollService,
    clock: ManualClock,
    platform: str = "console",
    question: str = "Lunch?",
    **flags: object,
) -> int:
    """An hour's poll by Ann; polls open at once ask different questions, or the second
    /poll is shown the first (`AskedAlready`)."""
    draft = PollDraft.custom(question, "Pizza | Sushi", duration=3600, **flags)  # type: ignore[arg-type]
    poll_id = (await service.create(person(clock, "ann", platform), draft)).poll_id
    assert poll_id is not None
    return poll_id


async def test_a_timed_poll_closed_by_the_sweep_is_announced_once_like_a_close(
    database: Database, clock: ManualClock
) -> None:
    outbound = PostingOutbound()
    service = service_on(database, clock, outbound)
    timed = await timed_poll(service, clock)
    by_hand = await timed_poll(service, clock, question="Dinner?")
    for poll_id in (timed, by_hand):
        await service.vote(person(clock, "bo"), poll_id, 2)
    clock.advance(3600)
    assert await service.sweep_deadlines() == [timed, by_hand]
    assert await service.sweep_deadlines() == []
    channels = [channel for channel, _ in outbound.posts]
    assert channels == [CHANNEL, CHANNEL] and not any(r.ephemeral for _, r in outbound.posts)
    # What /close would have answered, had it come at the deadline (it says the same).
    assert outbound.texts()[0] == (
        "Poll #1 “Lunch?” is closed. Winner: “Sushi” with 1 vote (100% of voters)."
    )
    assert outbound.texts()[1] == outbound.texts()[0].replace("#1 “Lunch?”", "#2 “Dinner?”")


async def test_a_two_round_poll_announces_round_two_and_its_close_by_deadline(
    database: Database, clock: ManualClock
) -> None:
    outbound = PostingOutbound()
    service = service_on(database, clock, outbound)
    draft = PollDraft.from_pack(PACK.poll, rounds=2, duration=3600)
    poll_id = (await service.create(person(clock, "ann"), draft)).poll_id
    assert poll_id is not None
    await service.vote(person(clock, "bo"), poll_id, 1)
    clock.advance(3600)
    assert await service.sweep_deadlines() == []  # round 2 opened; nothing closed
    (opened,) = outbound.texts()
    assert opened.startswith(f"Round 1 (before) of poll #{poll_id}") and "with 1 voter" in opened
    assert opened.endswith(f"\nThe poll closes {When(clock.now() + 3600).fallback()}.")
    await service.vote(person(clock, "bo"), poll_id, 2)
    clock.advance(3600)
    assert await service.sweep_deadlines() == [poll_id]
    assert await service.sweep_deadlines() == []
    _, closed = outbound.texts()
    assert f"Poll #{poll_id} is closed" in closed and "Winner by the Oxford rule" in closed


@pytest.mark.parametrize(
    "error",
    [
        DeliveryError("timed out", unknown=True),
        DeliveryError("no permission", permanent=True),
        RuntimeError("bug"),
    ],
)
async def test_an_announcement_is_never_sent_twice(
    tmp_path: Path, clock: ManualClock, error: Exception
) -> None:
    """Posts are at most once: after an unknown outcome, a refusal retrying cannot help or a
    bug, nothing is resent, by this sweeper or by the next start-up's. (A passing refusal
    posted nothing and is tried again: `test_slack_at_most_once`.)"""
    path = str(tmp_path / "bot.db")
    db = await SqliteDatabase.open(path)
    await migrate(db)
    outbound = PostingOutbound(fail=[error])
    poll_id = await timed_poll(service_on(db, clock, outbound), clock)
    clock.advance(3600)
    assert await service_on(db, clock, outbound).sweep_deadlines() == [poll_id]
    await db.close()

    db = await SqliteDatabase.open(path)  # a restart
    restarted = service_on(db, clock, outbound)
    await restarted.start()
    await restarted.wait_idle()
    await restarted.stop()
    await db.close()
    assert outbound.posts == [] and outbound.fail == []
    # Only a refusal is told to the creator (once): an unknown outcome may have been posted.
    told = 1 if isinstance(error, DeliveryError) and not error.unknown else 0
    assert len(outbound.messages) == told


async def test_a_stop_lets_the_sweep_under_way_post_its_announcement(
    database: Database, clock: ManualClock
) -> None:
    """The poll is closed before its announcement is posted: a stop that cut the sweep
    short there would lose the announcement for good (nothing resends it)."""
    outbound = PostingOutbound()
    service = service_on(database, clock, outbound)
    await timed_poll(service, clock)
    await service.start()
    outbound.gate.clear()  # the platform is slow to answer
    clock.advance(3600)
    await asyncio.wait_for(outbound.posting.wait(), 5)
    stopping = asyncio.create_task(service.stop())
    outbound.gate.set()
    await asyncio.wait_for(stopping, 5)
    assert len(outbound.posts) == 1


async def test_the_start_up_sweep_closes_nothing_until_the_platform_can_post(
    database: Database, clock: ManualClock
) -> None:
    """The services start before the adapters log in (discord.py cannot post before): a
    poll closed then would be announced never, so the start-up sweep waits for the login."""
    outbound = PostingOutbound()
    poll_id = await timed_poll(service_on(database, clock, outbound), clock)
    clock.advance(3600)  # the deadline passed while the bot was down
    login = Login()
    service = service_on(database, clock, outbound, ready=login)
    await service.start()
    try:
        await login.awaited.wait()
        poll = await service.store.get(poll_id)
        assert poll is not None and not poll.closed and outbound.posts == []
        login.set()
        await service.wait_idle()
        assert outbound.texts() == [f"Poll #{poll_id} “Lunch?” is closed. No votes were cast."]
    finally:
        await service.stop()


async def test_a_stop_before_the_platform_can_post_leaves_the_poll_to_the_next_start_up(
    database: Database, clock: ManualClock
) -> None:
    outbound = PostingOutbound()
    poll_id = await timed_poll(service_on(database, clock, outbound), clock)
    clock.advance(3600)
    login = Login()
    service = service_on(database, clock, outbound, ready=login)
    await service.start()
    await login.awaited.wait()
    await asyncio.wait_for(service.stop(), 5)  # not held up by the wait for the login
    await service.wait_idle()  # returns: stopped before it
    poll = await service.store.get(poll_id)
    assert poll is not None and not poll.closed and outbound.posts == []
    restarted = service_on(database, clock, outbound)
    await restarted.start()
    await restarted.wait_idle()
    await restarted.stop()
    assert len(outbound.posts) == 1


async def test_adapters_that_never_log_in_hold_the_services_for_a_bounded_time(
    caplog: pytest.LogCaptureFixture,
) -> None:
    outbounds = Outbounds(ready_timeout=0.01)
    outbounds.add(PostingOutbound(platform="discord"), ready=asyncio.Event())
    outbounds.add(PostingOutbound(platform="slack"), ready=asyncio.Event())
    outbounds.add(PostingOutbound(platform="console"))  # ready at once
    await asyncio.wait_for(outbounds.wait_ready(), 5)
    assert "discord, slack not ready to post after 0.01 s; posting anyway" in caplog.text


async def test_two_instances_sweeping_the_same_polls_announce_each_once(
    two_connections: tuple[Database, Database], clock: ManualClock
) -> None:
    outbound = PostingOutbound()
    first, second = (service_on(db, clock, outbound) for db in two_connections)
    polls = [await timed_poll(first, clock, question=f"Lunch {n}?") for n in range(10)]
    clock.advance(3600)
    swept = await asyncio.gather(
        *(instance.sweep_deadlines() for instance in (first, second, first, second))
    )
    assert sorted(poll_id for ids in swept for poll_id in ids) == polls
    announced = sorted(int(text.split("#")[1].split(" ")[0]) for text in outbound.texts())
    assert announced == polls


async def test_each_instance_sweeps_the_polls_of_its_own_platforms_and_announces_them(
    two_connections: tuple[Database, Database], clock: ManualClock
) -> None:
    """A Slack-only and a Discord-only process on one database: each poll is closed (or its
    round 2 opened) and announced once, by the process that can post on its platform, even
    when the other one sweeps first."""
    slack, discord = PostingOutbound(platform="slack"), PostingOutbound(platform="discord")
    on_slack, on_discord = (
        service_on(db, clock, outbound)
        for db, outbound in zip(two_connections, (slack, discord), strict=True)
    )
    polls = {
        outbound.platform: [
            await timed_poll(service, clock, outbound.platform),
            await timed_poll(service, clock, outbound.platform, rounds=2),
        ]
        for service, outbound in ((on_slack, slack), (on_discord, discord))
    }
    clock.advance(3600)
    for service in (on_slack, on_discord, on_slack, on_discord):
        await service.sweep_deadlines()
    for outbound in (slack, discord):
        closed, opened = polls[outbound.platform]
        assert [channel.platform for channel, _ in outbound.posts] == [outbound.platform] * 2
        assert outbound.texts()[0].startswith(f"Round 1 (before) of poll #{opened} “Lunch?”")
        assert outbound.texts()[1] == f"Poll #{closed} “Lunch?” is closed. No votes were cast."


async def test_a_poll_no_running_process_can_announce_stays_due_until_one_starts(
    two_connections: tuple[Database, Database], clock: ManualClock
) -> None:
    """Past its deadline it takes no vote and shows closed, swept or not; the first process
    of its platform closes it at start-up and announces it once."""
    slack, discord = PostingOutbound(platform="slack"), PostingOutbound(platform="discord")
    on_slack = service_on(two_connections[0], clock, slack)
    poll_id = await timed_poll(service_on(two_connections[1], clock, discord), clock, "discord")
    clock.advance(3600)
    assert await on_slack.sweep_deadlines() == []
    assert await on_slack.store.next_deadline(on_slack.outbounds.platforms()) is None
    stored = await on_slack.store.get(poll_id)
    assert stored is not None and stored.closed_at is None  # still due
    on_discord = service_on(two_connections[1], clock, discord)
    with pytest.raises(UserError, match=rf"^Poll #{poll_id} closed at .* no longer accepted"):
        await on_discord.vote(person(clock, "bo", "discord"), poll_id, 1)
    assert stored.closes_at is not None
    shown = (await on_discord.render(poll_id)).fallback()
    assert f"Closed {When(stored.closes_at).fallback()}" in shown and "No votes were cast." in shown
    await on_discord.start()
    await on_discord.wait_idle()
    await on_discord.stop()
    assert await on_slack.sweep_deadlines() == await on_discord.sweep_deadlines() == []
    assert discord.texts() == [f"Poll #{poll_id} “Lunch?” is closed. No votes were cast."]
    assert slack.posts == []


async def test_a_two_round_poll_past_both_deadlines_is_announced_closed_only(
    database: Database, clock: ManualClock
) -> None:
    """After downtime one sweep opens round 2 and closes it: "round 2 is open" would be
    stale at once, so the channel gets the close alone and the message one edit."""
    outbound = PostingOutbound()
    service = service_on(database, clock, outbound)
    draft = PollDraft.from_pack(PACK.poll, rounds=2, duration=3600)
    poll_id = (await service.create(person(clock, "ann"), draft)).poll_id
    assert poll_id is not None
    notified: list[int] = []
    service.subscribe(notified.append)
    clock.advance(3 * 3600)
    assert await service.sweep_deadlines() == [poll_id]
    (closed,) = outbound.texts()
    assert f"Poll #{poll_id} is closed" in closed
    assert notified == [poll_id]


async def test_a_sweep_whose_close_fails_leaves_the_rounds_it_opened_to_the_next_sweep(
    database: Database, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Round 2 was opened by this sweeper's UPDATE, which wrote its announcement's first
    attempt with it: the next sweep posts it, once."""
    outbound = PostingOutbound()
    service = service_on(database, clock, outbound)
    draft = PollDraft.from_pack(PACK.poll, rounds=2, duration=3600)
    poll_id = (await service.create(person(clock, "ann"), draft)).poll_id

    async def broken(at: float | None, platforms: Sequence[str]) -> list[int]:
        raise RuntimeError("database gone")

    monkeypatch.setattr(service.store, "close_due", broken)
    clock.advance(3600)
    with pytest.raises(RuntimeError):
        await service.sweep_deadlines()
    assert outbound.texts() == []
    monkeypatch.undo()
    assert await service.sweep_deadlines() == []
    await service.sweep_deadlines()
    (opened,) = outbound.texts()
    assert opened.startswith(f"Round 1 (before) of poll #{poll_id}")


async def test_a_refused_round_two_announcement_is_not_retried_once_the_poll_closed(
    database: Database, clock: ManualClock
) -> None:
    """ "Round 2 is open", refused for a moment, would be stale after a /close since; the
    close and the retry may come from other instances, or after a restart, as here."""
    outbound = PostingOutbound(fail=[DeliveryError("rate limited")])
    service = service_on(database, clock, outbound)
    draft = PollDraft.from_pack(PACK.poll, rounds=2, duration=3600)
    poll_id = (await service.create(person(clock, "ann"), draft)).poll_id
    assert poll_id is not None
    clock.advance(3600)
    assert await service.sweep_deadlines() == []  # round 2 opened; its announcement refused
    clock.advance(10)  # past the guard against a close meant for round 1
    await service_on(database, clock, outbound).close(person(clock, "ann"), poll_id)
    clock.advance(50)  # the retry falls due
    later = service_on(database, clock, outbound)
    assert await later.sweep_deadlines() == []
    assert outbound.posts == [] and outbound.fail == [] and outbound.messages == []
    assert await AnnouncementRetries(database).next_due(["console"]) is None  # not waiting
