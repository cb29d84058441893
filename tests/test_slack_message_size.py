"""The longest messages the bot builds stay within what Slack takes in one message, end to
end through Bolt and slack-sdk against FakeSlack, which refuses a message whose blocks hold
too much text in all (`msg_blocks_too_long`) as Slack does."""

from __future__ import annotations

from bot.adapters.slack.blocks import MAX_MESSAGE_TEXT
from bot.core.context import Context
from bot.core.sanitize import MAX_NAME
from bot.polls.model import MAX_OPTION, MAX_OPTIONS, MAX_QUESTION
from tests.slack_fake import MAX_BLOCKS_TEXT, TEAM, blocks_text
from tests.test_slack_e2e import CHANNEL, Slack, all_text

VOTERS = 300


def label(number: int) -> str:
    """An option label as long as a poll takes, told apart by its number at the start."""
    return f"Option {number:02d} " + "x" * (MAX_OPTION - 10)


async def longest_poll(slack_bot: Slack) -> int:
    """A poll of the longest question, as many options as a poll takes, each as long as a
    label may be, and `VOTERS` voters of the longest names, spread over every option."""
    question = "q" * (MAX_QUESTION - 1) + "?"
    options = " | ".join(label(n) for n in range(1, MAX_OPTIONS + 1))
    await slack_bot.command("/poll", f'question:"{question}" options:"{options}"')
    poll_id, _, _ = await slack_bot.posted_poll()
    for n in range(VOTERS):
        name = f"{n:03d} " + "n" * (MAX_NAME - 4)
        voter = Context("slack", TEAM, CHANNEL, f"U{n:08d}", name, False, slack_bot.app.clock)
        option = str(n % MAX_OPTIONS + 1)
        await slack_bot.app.dispatcher.run(voter, "vote", {"poll": poll_id, "option": option})
    return poll_id


async def test_results_of_the_longest_poll_are_taken_by_slack(slack_bot: Slack) -> None:
    """/results of ten options with long labels and hundreds of named voters held some
    14,000 characters of text (ten voter lists of up to 1,280), and Slack refuses a
    message past about 12,000 (`msg_blocks_too_long`): people read "Slack refused the
    message" and saw no results. Each voter list is now cut to an equal share of what
    the message may still hold, so every option's tally and first voters are shown."""
    poll_id = await longest_poll(slack_bot)
    await slack_bot.command("/results", str(poll_id))
    [share] = await slack_bot.fake.wait_for(lambda f: f.calls_to("files.completeUploadExternal"))
    assert share.answer["ok"], share.answer
    blocks = share.args["blocks"]
    assert blocks_text(blocks) <= MAX_MESSAGE_TEXT < MAX_BLOCKS_TEXT
    shown = all_text(blocks)
    assert f"Total voters: {VOTERS}" in shown
    for number in range(1, MAX_OPTIONS + 1):  # every option's voters, the first named
        assert f"*{number}) {label(number)}*\n{number - 1:03d} nnn" in shown
    await slack_bot.app.live.idle()
    edit = slack_bot.fake.calls_to("chat.update")[-1]  # the live tally of that poll, too
    assert edit.answer["ok"] and f"Total voters: {VOTERS}" in all_text(edit.args["blocks"])


async def test_each_cut_voter_list_says_how_many_more_voted(slack_bot: Slack) -> None:
    """A voter list cut to its share of the message ended in a bare "…": nobody could tell
    whether one name or twenty were missing. Each ends "… and N more", the names before it
    the option's first voters, whole, and N the rest of them."""
    poll_id = await longest_poll(slack_bot)
    await slack_bot.command("/results", str(poll_id))
    [share] = await slack_bot.fake.wait_for(lambda f: f.calls_to("files.completeUploadExternal"))
    assert share.answer["ok"], share.answer
    fields = {
        text.split("*\n", 1)[0]: text.split("*\n", 1)[1]
        for block in share.args["blocks"]
        if block["type"] == "section" and "text" in block
        for text in [block["text"]["text"]]
        if "*\n" in text
    }
    per_option = VOTERS // MAX_OPTIONS
    for number in range(1, MAX_OPTIONS + 1):
        voters = fields[f"*{number}) {label(number)}"]
        shown, _, more = voters.partition(" … and ")
        names = shown.split(", ")
        assert (
            names
            == [f"{n:03d} " + "n" * (MAX_NAME - 4) for n in range(number - 1, VOTERS, MAX_OPTIONS)][
                : len(names)
            ]
        )
        assert more == f"{per_option - len(names)} more", voters
