"""Slack conversations beyond a public channel, end to end through Bolt against the fake:
group DMs, private channels, threads, and channels shared between workspaces.

Slack describes a conversation differently in each payload: a slash command's
`channel_name` is `directmessage` in a DM, `mpdm-…` in a group DM and sometimes
`privategroup` in a private channel, and private conversations the bot is not in answer
`channel_not_found` where a public channel answers `not_in_channel`.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.adapters.slack.context import REQUEST_CHANNEL, Conversation, conversation

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
