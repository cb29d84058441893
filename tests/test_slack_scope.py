"""A Slack poll probed from another channel and from another team, end to end through Bolt.

The poll lives in channel C0GENERAL of team T0TEST. Someone in another channel of the same
team, or in a channel of another team (with the same channel id, even), tries it by number,
by clicks (carrying the poll message's ts) and through App Home. Every attempt gets "There is
no poll #N here." and changes nothing; App Home lists only polls the user took part in.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.slack_client import block_actions_payload
from tests.slack_fake import TEAM, FakeSlack
from tests.test_slack_e2e import CHANNEL, Slack, all_text, start_slack, stop_slack, vote_count

OTHER_CHANNEL = "C0PRIVATE"
OTHER_TEAM = "T0OTHER"


@pytest.fixture
async def slack(tmp_path: Path) -> AsyncIterator[Slack]:
    async with FakeSlack(admins={"U0ADMIN"}) as fake:
        running = await start_slack(tmp_path, fake)
        yield running
        await stop_slack(running)


async def ask(slack: Slack, command: str, text: str, *, team: str, channel: str, user: str) -> str:
    """A slash command's ephemeral answer text."""
    url = slack.fake.response_url()
    status, _ = await slack.sender.command(
        command, text, team=team, channel=channel, user=user, response_url=url
    )
    assert status == 200
    answer = await slack.answer(url)
    assert answer.args["response_type"] == "ephemeral"
    return str(answer.args["text"])


async def click(
    slack: Slack, action_id: str, ts: str, *, team: str, channel: str, user: str
) -> str:
    payload: dict[str, Any] = block_actions_payload(
        action_id,
        team=team,
        channel=channel,
        user=user,
        message_ts=ts,
        response_url=slack.fake.response_url(),
    )
    status, _ = await slack.sender.click(payload)
    assert status == 200
    answer = await slack.answer(payload["response_url"])
    return str(answer.args["text"])


PROBES = {
    "another channel": (TEAM, OTHER_CHANNEL),
    "another team": (OTHER_TEAM, CHANNEL),
    "another team's other channel": (OTHER_TEAM, OTHER_CHANNEL),
}


@pytest.mark.parametrize("where", PROBES, ids=list(PROBES))
async def test_a_poll_is_unreachable_from_elsewhere(slack: Slack, where: str) -> None:
    team, channel = PROBES[where]
    await slack.command("/poll", 'question:"Private plans?" options:Go | Stay', user="U0ALICE")
    poll_id, ts, _ = await slack.posted_poll()
    not_here = f"There is no poll #{poll_id} here."
    who = {"team": team, "channel": channel}
    typed = f"{not_here} Start one with /poll."
    assert await ask(slack, "/results", str(poll_id), user="U0EVE", **who) == typed
    assert await ask(slack, "/vote", f"{poll_id} Go", user="U0EVE", **who) == typed
    assert await ask(slack, "/close", str(poll_id), user="U0ADMIN", **who) == typed
    assert await click(slack, f"poll:v1:{poll_id}:1", ts, user="U0EVE", **who) == not_here
    assert await click(slack, f"poll:v1:{poll_id}:close", ts, user="U0ADMIN", **who) == not_here
    assert await vote_count(slack.app, poll_id) == 0
    poll = await slack.app.polls.store.get(poll_id)
    assert poll is not None and not poll.closed


async def test_a_click_must_come_from_the_polls_own_message(slack: Slack) -> None:
    await slack.command("/poll", 'question:"One?" options:A | B', user="U0ALICE")
    first, first_ts, _ = await slack.posted_poll()
    await slack.command("/poll", 'question:"Two?" options:C | D', user="U0ALICE")
    await slack.fake.wait_for(lambda f: len(f.calls_to("chat.postMessage")) == 2)
    second, second_ts, _ = await slack.posted_poll()
    assert second != first
    here = {"team": TEAM, "channel": CHANNEL, "user": "U0BOB"}
    for ts in (second_ts, "1700000000.000001"):
        refused = await click(slack, f"poll:v1:{first}:1", ts, **here)
        assert refused == f"There is no poll #{first} here."
    assert await vote_count(slack.app, first) == 0
    assert "is now “A”" in await click(slack, f"poll:v1:{first}:1", first_ts, **here)


async def test_app_home_lists_only_polls_the_user_took_part_in(slack: Slack) -> None:
    await slack.command(
        "/poll",
        'question:"Secret channel plans?" options:Go | Stay',
        user="U0ALICE",
        channel=OTHER_CHANNEL,
    )
    poll_id, ts, _ = await slack.posted_poll()
    await click(slack, f"poll:v1:{poll_id}:1", ts, team=TEAM, channel=OTHER_CHANNEL, user="U0BOB")
    for user in ("U0ALICE", "U0BOB", "U0EVE"):
        event = {"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"}
        status, _ = await slack.sender.event(event, team=TEAM)
        assert status == 200
    published = await slack.fake.wait_for(
        lambda f: len(f.calls_to("views.publish")) == 3 and f.calls_to("views.publish")
    )
    shown = {call.args["user_id"]: all_text(call.args["view"]["blocks"]) for call in published}
    assert "Secret channel plans?" in shown["U0ALICE"]  # started it
    assert "Secret channel plans?" in shown["U0BOB"]  # voted in it
    assert "Secret channel plans?" not in shown["U0EVE"] and "No open polls" in shown["U0EVE"]


async def test_slack_escapes_are_undone_once_on_input(slack: Slack) -> None:
    """Slack sends `&`, `<`, `>` typed in a command as `&amp;`, `&lt;`, `&gt;`: stored as
    typed (control characters stripped), escaped once again only in mrkdwn, and never shown
    as `&amp;amp;`."""
    text = (
        'question:"Fish &amp; chips \x1b[2J&lt;or&gt; tea?" options:A &amp; B | &amp;lt;raw&amp;gt;'
    )
    await slack.command("/poll", text, user="U0ALICE")
    poll_id, _, post = await slack.posted_poll()
    poll = await slack.app.polls.store.get(poll_id)
    assert poll is not None and poll.question == "Fish & chips [2J<or> tea?"
    assert [o.label for o in poll.options] == ["A & B", "&lt;raw&gt;"]
    shown = all_text(post.args["blocks"])
    assert "Fish &amp; chips [2J&lt;or&gt; tea?" in shown and "&amp;amp;" not in shown
    assert "\x1b" not in str(post.args)
    labels = [
        e["text"]["text"]
        for b in post.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert "A & B" in labels[0]  # plain_text: shown verbatim, so not escaped


async def test_bad_ids_in_clicks_are_answered_alone_and_the_batch_counts(slack: Slack) -> None:
    """Twenty votes clicked at once with clicks naming ids no BIGINT holds, `٣` and `²`:
    each bad click gets its own short answer, every good vote is stored."""
    await slack.command("/poll", 'question:"Batch?" options:A | B', user="U0ALICE")
    poll_id, ts, _ = await slack.posted_poll()
    here = {"team": TEAM, "channel": CHANNEL}
    bad_ids = ["99999999999999999999", "٣", "²", str(2**63)]
    clicks = [
        click(slack, f"poll:v1:{bad}:1", ts, user=f"U0BAD{n}", **here)
        for n, bad in enumerate(bad_ids)
    ]
    clicks += [
        click(slack, f"poll:v1:{poll_id}:1", ts, user=f"U0V{n:02d}", **here) for n in range(20)
    ]
    answers = await asyncio.gather(*clicks)
    assert all("not valid" in answer for answer in answers[: len(bad_ids)]), answers
    assert all("is now “A”" in answer for answer in answers[len(bad_ids) :])
    assert await vote_count(slack.app, poll_id) == 20
    results = await ask(slack, "/results", "1" * 40, team=TEAM, channel=CHANNEL, user="U0EVE")
    assert results == (
        "`poll` is too large: numbers here have 19 digits at most. "
        "Usage: /results [poll:N], e.g. /results 3\nOpen polls here: #1."
    )
