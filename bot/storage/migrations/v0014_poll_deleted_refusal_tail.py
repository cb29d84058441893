"""A deleted poll message's stored refusal loses the "See /results poll:N." it ended with.

Until this release the live tally stored "it was deleted. See /results poll:N." for a poll
whose message someone deleted, and a vote's confirmation quoted it: the command was plain
words, where every other reply shows a command to paste as code. Now the stored refusal
says only why ("it was deleted."), and the confirmation adds the command for every refusal
(`render.refused`), marked. Without this, a poll recorded so before the upgrade would say
"See /results" twice. The text is written out here: a released migration never changes.
"""

from bot.storage.migrations import Migration

MIGRATION = Migration(
    version=14,
    name="poll_deleted_refusal_tail",
    statements=(
        "UPDATE polls SET edit_refused = 'it was deleted.' "
        "WHERE edit_refused LIKE 'it was deleted. See /results poll:%'",
    ),
)
