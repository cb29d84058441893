"""Slack's refusals of the bot's access to the whole workspace, and what people are told.

A revoked token, a deactivated bot user, a scope the app was not granted: nobody in a
channel can fix these and no wait helps; whoever runs the bot can, once for every channel.
So wherever such a refusal reaches someone (a post Slack refused, `server.py`; an admin
check it would not answer, `context.py`) they are told that, never to try again later.
"""

from __future__ import annotations

#: The bot's access to the whole workspace failed: the token (revoked, wrong, the app
#: uninstalled or its bot user deactivated) or what it was granted (a scope, an org
#: workspace).
ACCESS_ERRORS = frozenset(
    {
        "not_authed",
        "invalid_auth",
        "account_inactive",
        "token_revoked",
        "missing_scope",
        "team_access_not_granted",
    }
)


def access_hint(code: str, consequence: str = "so nothing was posted") -> str:
    """What people are told when Slack refused a post (or an edit: `consequence` says what
    did not happen) for the bot's access."""
    return (
        f"Slack refused my access to this workspace ({code}), {consequence}. Only "
        "whoever runs the bot can fix that (a new token, or the app reinstalled with its "
        "scopes); nothing in this channel can."
    )


def unchecked_access(code: str) -> str:
    """Why Slack would not say whether someone is an admin, when it refused the bot's
    access: a clause, said inside the admin refusal's parentheses."""
    return (
        f"it refused my access to this workspace ({code}), which only whoever runs the bot can fix"
    )
