"""People a slash command names, labelled with the names Slack shows them by.

A person picked in the composer reaches a slash command as `<@U123>` when Slack escapes
users for the command (the "Escape channels, users, and links" setting, which a workspace
can turn on over the manifest's `should_escape: false`), with no name in it since Slack
dropped usernames from mentions. The core shows a mention by its label
(`markup.readable`), and a poll never pings from user text, so an option naming a
colleague showed as the raw `<@U123>`, in the message, on its button and in the chart.
Labelled here with the name Slack shows (`<@U123|Ann Lee>`), it reads "@Ann Lee" wherever
it is shown, and still compares as typed: `/vote 3 @Ann Lee` names that option.

A name already known costs nothing; an unknown one is one `users.info` call (which
admin checks and voter names share), for at most `MAX_LOOKUPS` people a command, after the
command was acknowledged. A person Slack will not name stays `<@U123>`.
"""

from __future__ import annotations

import re

from bot.adapters.slack.context import SlackPeople
from bot.core.markup import labelled

#: A person's mention without a label, as Slack sends it (user ids start with U or W).
_UNLABELLED = re.compile(r"<@([UW][A-Z0-9]+)>")
#: People named at most in one command: a poll's ten options, each naming one.
MAX_LOOKUPS = 10


async def labelled_mentions(text: str, team: str, people: SlackPeople) -> str:
    """`text`, still escaped as Slack sent it, with each person's mention labelled with their
    name (its `&` escaped in turn, so unescaping the text gives the name as `labelled` has
    it)."""
    names: dict[str, str] = {}
    for user in list(dict.fromkeys(_UNLABELLED.findall(text)))[:MAX_LOOKUPS]:
        name = people.name(team, user) or await people.refresh_name(team, user)
        if name:
            names[user] = name.replace("&", "&amp;")  # escaped as Slack escapes text
    if not names:
        return text
    return _UNLABELLED.sub(
        lambda mention: (
            labelled(f"@{mention[1]}", names[mention[1]]) if mention[1] in names else mention[0]
        ),
        text,
    )
