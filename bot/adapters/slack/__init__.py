"""The Slack adapter (slack-bolt AsyncApp): HTTP or Socket Mode, Block Kit, App Home.

Import `bot.adapters.slack.server.SlackAdapter` only on the path that runs Slack: Bolt takes
a third of a second to import, and the console must start without it.
"""
