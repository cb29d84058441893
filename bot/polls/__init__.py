"""Polls: exactly-once votes, coalesced live tallies, results with charts, and export.

Platform-neutral: adapters render the Replies built here and report where poll messages
were posted (`PollService.attach_message`); `LiveTally` edits them through `Outbounds`.
"""

from bot.polls.live import LiveTally
from bot.polls.model import Poll, PollDraft, PollOption, Tally, VoteChange, VoteRequest, VoteResult
from bot.polls.service import PollService

__all__ = [
    "LiveTally",
    "Poll",
    "PollDraft",
    "PollOption",
    "PollService",
    "Tally",
    "VoteChange",
    "VoteRequest",
    "VoteResult",
]
