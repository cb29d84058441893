"""Slack conversations beyond a public channel, end to end through Bolt against the fake:
group DMs, private channels, threads, and channels shared between workspaces.

Slack describes a conversation differently in each payload: a slash command's
`channel_name` is `directmessage` in a DM, `mpdm-…` in a group DM and sometimes
`privategroup` in a private channel, and private conversations the bot is not in answer
`channel_not_found` where a public channel answers `not_in_channel`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.adapters.slack.context import (
    REQUEST_CHANNEL,
    WORKSPACE_ADMINS,
    Conversation,
    action_identity,
    administers,
    command_identity,
    conversation,
)
from bot.core.context import ChannelRef
from tests.slack_client import block_actions_payload, command_body, org_wide
from tests.slack_fake import BOT_NAME, TEAM, FakeSlack
from tests.test_slack_e2e import Slack, all_text, start_slack, stop_slack, vote_count

#: Channel names as people type them (Slack lower-cases them), and the names Slack uses.
CHANNEL_NAMES = st.one_of(
    st.text(alphabet=st.sampled_from("abcdmp-_0123456789"), max_size=40),
    st.sampled_from(["directmessage", "privategroup", "mpdm-a--b-1", "mpdm-"]),
)
IDS = st.text(alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), max_size=11)


@given(IDS, CHANNEL_NAMES)
def test_only_a_g_id_named_mpdm_reads_as_a_group_dm(rest: str, name: str) -> None:
    """A channel's name is chosen by people, so `mpdm-plans` must not make a public or
    private channel (C id) read as a group DM, which would withhold the `/invite` hint;
    a D id is a DM whatever the payload says."""
    token = REQUEST_CHANNEL.set(("C" + rest, name))
    try:
        assert conversation("C" + rest) is Conversation.CHANNEL
    finally:
        REQUEST_CHANNEL.reset(token)
    token = REQUEST_CHANNEL.set(("G" + rest, name))
    try:
        group = conversation("G" + rest)
        assert (group is Conversation.GROUP_DM) == name.startswith("mpdm-")
        assert conversation("G0SOMEWHEREELSE") is Conversation.CHANNEL  # not the request's
    finally:
        REQUEST_CHANNEL.reset(token)
    assert conversation("D" + rest) is Conversation.DM


# -- channels shared between workspaces --------------------------------------------------

ORG = "E0ORG"
WEST = "T0WEST"  # another workspace of the org
PARTNER = "T0PARTNER"  # another organization's workspace, met in a Slack Connect channel
SHARED = "C0SHARED"


@pytest.fixture
async def slack(tmp_path: Path) -> AsyncIterator[Slack]:
    teams = {"U0BOB": WEST, "U0PARTNER": PARTNER}
    async with FakeSlack(admins={"U0ADMIN", "U0PARTNER"}, user_teams=teams) as fake:
        fake.enterprise = ORG
        fake.org_teams.add(WEST)
        running = await start_slack(tmp_path, fake)
        yield running
        await stop_slack(running)


async def send(slack: Slack, command: str, text: str, **fields: Any) -> str:
    """A slash command in the shared channel; returns its `response_url`."""
    url = slack.fake.response_url()
    where = {"team": TEAM, "channel": SHARED, "user": "U0ALICE", **fields}
    status, _ = await slack.sender.command(command, text, response_url=url, **where)
    assert status == 200
    return url


async def run(slack: Slack, command: str, text: str, **fields: Any) -> str:
    """A slash command in the shared channel; its `response_url` answer's text."""
    return str((await slack.answer(await send(slack, command, text, **fields))).args["text"])


async def click(slack: Slack, payload: dict[str, Any]) -> str:
    status, _ = await slack.sender.click(payload)
    assert status == 200
    return str((await slack.answer(payload["response_url"])).args["text"])


def clicked(slack: Slack, action: str, ts: str, user: str, **fields: Any) -> dict[str, Any]:
    """A click in the shared channel, on a message the app posted in workspace TEAM."""
    return slack.click(action, user, ts, SHARED, **fields)


async def test_an_org_wide_install_keeps_one_poll_per_channel_for_every_workspace(
    slack: Slack,
) -> None:
    """Installed for a whole Enterprise Grid org, the app hears each person from the
    workspace they act in, and a click can name no workspace at all (`team` null, the
    person's `team_id` the org's id). Keyed by those, the creator could not vote on her
    own poll and Bob, in another workspace of the org, found "no poll #1 here"."""
    grid = {"enterprise": ORG, "org_install": True}
    await send(slack, "/poll", 'question:"Offsite?" options:Lisbon | Oslo', **grid)
    poll_id, ts, _ = await slack.posted_poll()
    alice = org_wide(clicked(slack, f"poll:v1:{poll_id}:1", ts, "U0ALICE"), ORG, None)
    assert "is now “Lisbon”" in await click(slack, alice)
    bob = org_wide(clicked(slack, f"poll:v1:{poll_id}:2", ts, "U0BOB"), ORG, WEST)
    assert "is now “Oslo”" in await click(slack, bob)
    from_west = {"team": WEST, "user": "U0BOB", **grid}
    assert "is now “Lisbon”" in await run(slack, "/vote", f"{poll_id} Lisbon", **from_west)
    assert await vote_count(slack.app, poll_id) == 2  # Bob once, from either workspace
    await send(slack, "/results", "", **from_west)  # the chart, shared in the channel
    [chart] = await slack.fake.wait_for(lambda f: f.calls_to("files.completeUploadExternal"))
    assert chart.args["channel_id"] == SHARED and "Offsite?" in all_text(chart.args["blocks"])
    event = {"type": "app_home_opened", "user": "U0BOB", "channel": "D0BOB", "tab": "home"}
    status, _ = await slack.sender.event(event, team=WEST, **grid)
    assert status == 200
    [home] = await slack.fake.wait_for(lambda f: f.calls_to("views.publish"))
    assert "Offsite?" in all_text(home.args["view"]["blocks"])


TEAMS = st.sampled_from([TEAM, WEST, PARTNER, ORG])


@given(st.one_of(st.none(), TEAMS), TEAMS, st.booleans())
def test_every_payload_of_an_org_wide_install_names_the_org(
    team: str | None, acting_from: str, org_install: bool
) -> None:
    """Whatever workspace a click or command names (a click perhaps none), an org-wide
    install's identity is the org; a workspace install's stays the payload's team."""
    payload = block_actions_payload(
        "poll:v1:1:1",
        team=acting_from,
        channel=SHARED,
        user="U0BOB",
        message_ts="1.2",
        response_url="https://hooks.slack.com/x",
    )
    command = parse_qs(
        command_body(
            "/vote",
            "1 A",
            team=acting_from,
            channel=SHARED,
            user="U0BOB",
            response_url="https://hooks.slack.com/x",
            enterprise=ORG,
            org_install=org_install,
        )
    )
    fields = {name: values[0] for name, values in command.items()}
    if org_install:
        payload = org_wide(payload, ORG, team)
        assert action_identity(payload).team == ORG
        assert command_identity(fields).team == ORG
    else:
        assert action_identity(payload).team == acting_from
        assert command_identity(fields).team == acting_from


async def test_a_workspace_install_in_a_grid_org_keys_by_workspace_as_before(
    slack: Slack,
) -> None:
    """Installed in one workspace of an org, the app's conversations are that workspace's:
    `enterprise_id` alone changes nothing, so existing polls keep their key."""
    await send(slack, "/poll", 'question:"Lunch?" options:Soup | Salad', enterprise=ORG)
    poll_id, _, _ = await slack.posted_poll()
    poll = await slack.app.polls.store.get(poll_id)
    assert poll is not None and poll.channel == ChannelRef("slack", TEAM, SHARED)


async def test_someone_of_another_organization_votes_once_and_is_no_admin_here(
    slack: Slack,
) -> None:
    """In a Slack Connect channel a click names the app's workspace as `team` and the
    person's own as `user.team_id`. The partner's vote counts once, in the poll's own
    conversation; but `users.info` says they administer their own workspace, which made
    them an admin here, able to close anyone's poll."""
    await send(slack, "/poll", 'question:"Kickoff?" options:Mon | Tue')
    poll_id, ts, _ = await slack.posted_poll()
    for option, label in ((1, "Mon"), (2, "Tue")):
        vote = clicked(slack, f"poll:v1:{poll_id}:{option}", ts, "U0PARTNER", user_team=PARTNER)
        assert f"is now “{label}”" in await click(slack, vote)
    assert await vote_count(slack.app, poll_id) == 1
    close = clicked(slack, f"poll:v1:{poll_id}:close", ts, "U0PARTNER", user_team=PARTNER)
    told = await click(slack, close)
    assert told == (
        f"Only the poll's creator or an admin can close poll #{poll_id} ({WORKSPACE_ADMINS})."
    )
    poll = await slack.app.polls.store.get(poll_id)
    assert poll is not None and not poll.closed
    admin = clicked(slack, f"poll:v1:{poll_id}:close", ts, "U0ADMIN")  # this workspace's
    assert "is closed" in await click(slack, admin)


@pytest.mark.parametrize(
    ("user", "team", "admin"),
    [
        ({"team_id": TEAM, "is_admin": True}, TEAM, True),
        ({"team_id": PARTNER, "is_admin": True}, TEAM, False),
        ({"team_id": TEAM, "is_owner": True}, PARTNER, False),
        ({"team_id": TEAM, "is_admin": False}, TEAM, False),
        (
            {"team_id": WEST, "is_admin": True, "enterprise_user": {"enterprise_id": ORG}},
            ORG,
            True,
        ),
        (
            {"team_id": WEST, "is_admin": True, "enterprise_user": {"teams": [WEST, TEAM]}},
            TEAM,
            True,
        ),
    ],
)
def test_an_admin_counts_only_where_they_administer(
    user: dict[str, Any], team: str, admin: bool
) -> None:
    assert administers(user, team) is admin


# -- private channels --------------------------------------------------------------------

PRIVATE = "C0PRIVATE"
INVITE = "I can't post in this channel because I'm not a member. Invite me with `/invite @{}`"


async def test_a_private_channel_the_bot_is_in_works_like_any_channel(slack: Slack) -> None:
    slack.fake.private.add(PRIVATE)
    here = {"team": TEAM, "channel": PRIVATE, "channel_name": "privategroup"}
    await send(slack, "/poll", 'question:"Quiet?" options:Yes | No', **here)
    poll_id, ts, post = await slack.posted_poll()
    assert post.args["channel"] == PRIVATE and post.answer["ok"]
    vote = slack.click(f"poll:v1:{poll_id}:1", "U0BOB", ts, PRIVATE)
    assert "is now “Yes”" in await click(slack, vote)
    assert await run(slack, "/daily", "on time:09:30", user="U0ADMIN", **here) == (
        "Daily takeaways on: I posted the schedule in this channel."
    )
    assert "Takeaway" in await run(slack, "/daily", "now", user="U0ADMIN", **here)
    await send(slack, "/results", str(poll_id), **here)
    [chart] = await slack.fake.wait_for(lambda f: f.calls_to("files.completeUploadExternal"))
    assert chart.args["channel_id"] == PRIVATE and chart.answer["ok"]
    posted = [c.args["channel"] for c in slack.fake.calls_to("chat.postMessage")]
    assert posted == [PRIVATE] * 3  # the poll, the schedule, the takeaway


async def test_a_poll_survives_the_bot_being_removed_from_its_private_channel(
    slack: Slack,
) -> None:
    """Removed from a private channel, the bot cannot see it: Slack answers the live
    tally's `chat.update` with `channel_not_found`, as it would for a deleted channel. That
    detached the poll from its message for good, so once the bot was invited back every
    click on the poll got "There is no poll #N here". The message stays attached (the
    channel may come back to it, and a deleted one has no one left to click), and the tally
    catches up at the next vote."""
    slack.fake.private.add(PRIVATE)
    here = {"team": TEAM, "channel": PRIVATE, "channel_name": "privategroup"}
    await send(slack, "/poll", 'question:"Quiet?" options:Yes | No', **here)
    poll_id, ts, _ = await slack.posted_poll()
    slack.fake.not_in_channel.add(PRIVATE)  # someone removes the bot
    assert "is now “Yes”" in await click(
        slack, slack.click(f"poll:v1:{poll_id}:1", "U0BOB", ts, PRIVATE)
    )
    await slack.app.live.idle()
    assert slack.fake.calls_to("chat.update")[-1].answer["error"] == "channel_not_found"
    slack.fake.not_in_channel.discard(PRIVATE)  # `/invite @debatebot` again
    vote = slack.click(f"poll:v1:{poll_id}:2", "U0CAROL", ts, PRIVATE)
    assert "is now “No”" in await click(slack, vote)
    await slack.app.live.idle()
    last = slack.fake.calls_to("chat.update")[-1]
    assert last.answer["ok"] and "Total voters: 2" in last.args["text"]


async def test_a_private_channel_the_bot_is_not_in_says_how_to_invite_it(
    slack: Slack,
) -> None:
    """Slack answers `channel_not_found` there (the bot cannot see it), not
    `not_in_channel`; `/invite` does add the bot to a private channel."""
    slack.fake.private.add(PRIVATE)
    here = {"team": TEAM, "channel": PRIVATE, "user": "U0ADMIN"}
    await send(slack, "/poll", 'question:"Quiet?" options:Yes | No', **here)
    poll_id, _, _ = await slack.posted_poll()  # made while the bot was in the channel
    slack.fake.not_in_channel.add(PRIVATE)  # then removed
    invite = INVITE.format(BOT_NAME)
    url = await send(slack, "/poll", 'question:"Again?" options:Yes | No', **here)
    assert (await slack.answer(url)).args["text"] == invite + "."
    assert (await run(slack, "/daily", "now", **here)).startswith(invite)
    on = await run(slack, "/daily", "on", **here)
    assert on == f"Daily takeaways not changed: {invite}."
    results = await run(slack, "/results", str(poll_id), **here)  # the tally, no chart
    assert results.startswith(f"Results of poll #{poll_id}") and invite in results
    refusals = {c.answer.get("error") for c in slack.fake.calls if not c.answer.get("ok", True)}
    assert refusals == {"channel_not_found"}
    assert await slack.app.daily.store.subscription(ChannelRef("slack", TEAM, PRIVATE)) is None


async def test_daily_in_an_org_wide_install_is_for_admins_of_the_org(slack: Slack) -> None:
    """`/daily` looks the person up with `users.info`: with the org as the workspace, an
    admin of one of its workspaces (`enterprise_user` names the org) may run it, and
    anyone else is refused, each with one lookup."""
    grid = {"enterprise": ORG, "org_install": True}
    refused = await run(slack, "/daily", "on time:09:30", user="U0BOB", team=WEST, **grid)
    assert refused == (
        f"Only admins can use /daily on ({WORKSPACE_ADMINS}). Anyone can see /daily status."
    )
    on = await run(slack, "/daily", "on time:09:30", user="U0ADMIN", **grid)
    assert on == "Daily takeaways on: I posted the schedule in this channel."
    assert await slack.app.daily.store.subscription(ChannelRef("slack", ORG, SHARED))
    assert [c.args["user"] for c in slack.fake.calls_to("users.info")] == ["U0BOB", "U0ADMIN"]


# -- threads -----------------------------------------------------------------------------


def in_thread(payload: dict[str, Any], parent: str) -> dict[str, Any]:
    """A click on a message shown in the thread of `parent`, as Slack describes it."""
    return {
        **payload,
        "container": {**payload["container"], "thread_ts": parent},
        "message": {**payload["message"], "thread_ts": parent, "reply_count": 1},
    }


async def test_a_poll_with_a_thread_counts_clicks_on_it_and_only_on_it(slack: Slack) -> None:
    """Someone replied to the poll in a thread, so Slack shows the poll at the top of
    the thread too: a click there names the poll's own message and counts; a message
    of the thread is not the poll's, and a click naming one is refused."""
    await send(slack, "/poll", 'question:"Threaded?" options:Yes | No')
    poll_id, ts, _ = await slack.posted_poll()
    vote = in_thread(clicked(slack, f"poll:v1:{poll_id}:1", ts, "U0BOB"), ts)
    assert "is now “Yes”" in await click(slack, vote)
    reply = in_thread(clicked(slack, f"poll:v1:{poll_id}:2", "1700000000.000002", "U0BOB"), ts)
    assert await click(slack, reply) == f"There is no poll #{poll_id} here."
    assert await vote_count(slack.app, poll_id) == 1
    edits = await slack.fake.wait_for(lambda f: f.calls_to("chat.update"))
    assert {(c.args["channel"], c.args["ts"]) for c in edits} == {(SHARED, ts)}
