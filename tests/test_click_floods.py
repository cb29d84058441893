"""A flood of clicks from one person (a held-down mouse, a script replaying clicks) costs
the bot a bounded amount of work and never counts more than that person's one vote."""

from __future__ import annotations

import asyncio

from tests.test_slack_e2e import Slack, all_text, counts_in

CLICKS = 300


async def test_a_flood_of_clicks_from_one_person_counts_one_vote(slack_bot: Slack) -> None:
    """300 clicks at once, alternating between two options: each is answered, one vote is
    stored, the person's name is looked up once, and the poll's message (edited at the
    coalesced pace, not once a click) ends showing exactly what is stored."""
    slack = slack_bot
    await slack.command("/poll")
    poll_id, ts, _ = await slack.posted_poll()
    before = len(slack.fake.calls)
    clicks = [slack.click(f"poll:v1:{poll_id}:{1 + n % 2}", "U0FLOOD", ts) for n in range(CLICKS)]
    answers = await asyncio.gather(*(slack.sender.click(click) for click in clicks))
    assert {status for status, _ in answers} == {200}
    await slack.adapter.idle()
    await slack.app.live.idle()

    rows = await slack.app.db.fetchall(
        "SELECT option_number FROM poll_votes WHERE poll_id = ? AND voter_id = ?",
        poll_id,
        "U0FLOOD",
    )
    assert len(rows) <= 1  # one vote at most: the last switch, or none if taken back
    calls = slack.fake.calls[before:]
    lookups = [c for c in calls if c.method == "users.info" and c.args["user"] == "U0FLOOD"]
    assert len(lookups) <= 1
    assert len([c for c in calls if c.method == "response_url"]) == CLICKS  # each told
    edits = [c for c in calls if c.method == "chat.update"]
    assert edits
    shown = list(counts_in(all_text(edits[-1].args["blocks"])).values())  # option 1, 2, …
    assert len(shown) >= 2
    stored = [sum(1 for (option,) in rows if option == n) for n in range(1, len(shown) + 1)]
    assert shown == stored
