"""What the Slack adapter remembers of Slack's refusals for want of membership
(`bot/adapters/slack/membership.py`): Slack's last word on each channel, and no more than
its limit of channels."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.adapters.slack.membership import Membership

CHANNELS = st.sampled_from(["C1", "C2", "C3", "G1", "C0NOBOT"])
#: A post or an edit in a channel: refused for want of membership (True) or gone through.
OUTCOMES = st.lists(st.tuples(CHANNELS, st.booleans()), max_size=40)


@given(OUTCOMES, st.integers(min_value=1, max_value=6))
def test_the_last_word_on_a_channel_counts_within_the_limit(
    outcomes: list[tuple[str, bool]], limit: int
) -> None:
    """A channel reads as one the bot is outside of when Slack's last answer there was a
    refusal, unless more channels were refused since than the limit keeps (the oldest
    refusal is forgotten first); a post that went through forgets the refusal at once."""
    membership = Membership(limit=limit)
    last: dict[str, bool] = {}
    refusals: list[str] = []  # the channels kept, by their latest refusal, oldest first
    for channel, refused in outcomes:
        if refused:
            membership.refused(channel)
            refusals = ([c for c in refusals if c != channel] + [channel])[-limit:]
        else:
            membership.posted(channel)
            refusals = [c for c in refusals if c != channel]
        last[channel] = refused
    for channel in ("C1", "C2", "C3", "G1", "C0NOBOT"):
        assert membership.outside(channel) == (last.get(channel, False) and channel in refusals)
