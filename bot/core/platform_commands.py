"""Slash commands a chat platform keeps for itself, which no app may declare, and the
longest name one may have.

Known to the core because a pack's speakers become commands: a speaker id that is one of
these must be refused when the pack is checked (`kb check`), not when the Slack manifest
is written after the pack was accepted. Discord keeps no command names from apps.
"""

from __future__ import annotations

#: Slack's built-in commands (slack.com/help/articles/201259356): an app cannot declare
#: them, and Slack refuses a whole manifest that does.
SLACK_BUILT_IN_COMMANDS = frozenset(
    {
        "archive", "away", "collapse", "dm", "dnd", "expand", "feed", "invite", "join",
        "kick", "leave", "me", "msg", "mute", "open", "remind", "remove", "rename", "search",
        "shortcuts", "shrug", "status", "topic", "who",
    }
)  # fmt: skip

#: The longest command name every platform takes: Slack's manifest holds a command of at
#: most 32 characters counting its `/` (Discord's names go to 32 without one), and refuses
#: the whole manifest for one longer.
MAX_COMMAND_NAME = 31
