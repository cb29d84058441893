"""Why a poll's messages can no longer be updated, for the people still voting on it.

Removed from a channel (Slack) or refused access to it (Discord), the bot can no longer
edit a poll's message there, yet votes by number and clicks on the old buttons still count:
the tally silently stopped moving. The live tally records the platform's refusal, in
people's words, on the poll's row, which every vote reads already, so each voter's
confirmation says it at no cost; an edit that goes through clears it. Additive only.
"""

from bot.storage.migrations import Migration

MIGRATION = Migration(
    version=11,
    name="poll_edit_refusals",
    statements=("ALTER TABLE polls ADD COLUMN edit_refused TEXT",),
)
