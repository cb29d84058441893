"""Daily schedules paused by an earlier release for a refusal nobody in the channel can fix
are switched back on.

Until 71e0278 and 678262f, a daily post refused because the bot's access to the whole
workspace failed (Slack's `token_revoked`, `invalid_auth`, `not_authed`,
`account_inactive`, `missing_scope`, `team_access_not_granted`; Discord's 401) or because
the platform refused the message as the bot built it (Slack's `msg_too_long`,
`invalid_blocks`, `no_text`; Discord's 400 other than a thread's state) paused the schedule
until an admin of the channel ran `/daily on`. This release gives only that day up and
keeps the schedule on, so posts resume by themselves once the operator has fixed the
token; the schedules paused before it stayed paused for good, although their admins could
fix nothing and were told (once, by DM) to fix it in the channel.

Such a pause is recognised by the reason the scheduler stored, word for word as it wrote
it then ("<platform's error> (the platform says retrying cannot help)[. <hint>]"); pauses
a person must still fix (`not_in_channel`, `channel_not_found`, `restricted_action`,
`is_archived`, Discord's 403, a locked or archived thread) are left as they are. A resumed
schedule starts again from the moment of this migration, as after `/daily on`: the days it
was paused were not the bot's downtime, so they are not recorded as skipped, and a slot
already past today is not posted late. Nobody is told again: the pause was told when it
happened, and resuming it posts nothing but the next takeaway. The codes are written out
here, not imported from the adapters: a released migration never changes.
"""

from bot.storage.migrations import Migration

#: What the scheduler appended to every pause's error, before a hint.
_PAUSED = " (the platform says retrying cannot help)"
#: Slack's codes for the bot's access and for a message built wrong (as of this release).
_SLACK_CODES = (
    "not_authed",
    "invalid_auth",
    "account_inactive",
    "token_revoked",
    "missing_scope",
    "team_access_not_granted",
    "msg_too_long",
    "invalid_blocks",
    "no_text",
)
#: Discord's codes of a 400 about a thread's state (archived, locked), which a moderator
#: can change: still a pause.
_DISCORD_THREAD_STATES = (50083, 160005)


def _escaped(text: str) -> str:
    """`text` matched literally by a LIKE pattern that has `ESCAPE '!'`."""
    return text.replace("!", "!!").replace("_", "!_").replace("%", "!%")


def _like(pattern: str) -> str:
    """`paused_reason` matches `pattern` (its `_` and `%` escaped with `!` where literal)."""
    return "paused_reason LIKE '" + pattern.replace("'", "''") + "' ESCAPE '!'"


def _reason_matches() -> str:
    """The SQL condition on `paused_reason` for a pause this release would not make."""
    paused = _escaped(_PAUSED)
    discord = "Discord refused to % in channel %: {} %" + paused + "%"
    thread_states = [
        f"NOT {_like('%(code ' + str(code) + ')' + paused + '%')}"
        for code in _DISCORD_THREAD_STATES
    ]
    conditions = [
        *(_like(f"Slack % failed: {_escaped(code)}{paused}%") for code in _SLACK_CODES),
        _like(discord.format(401)),
        "(" + " AND ".join([_like(discord.format(400)), *thread_states]) + ")",
    ]
    return "(" + " OR ".join(conditions) + ")"


MIGRATION = Migration(
    version=12,
    name="daily_unpause_access_errors",
    statements=(
        "UPDATE daily_subscriptions SET paused_reason = NULL, paused_at = NULL, "
        f"since = {{now}} WHERE paused_reason IS NOT NULL AND {_reason_matches()}",
    ),
)
