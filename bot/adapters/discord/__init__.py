"""The Discord adapter (discord.py): app commands from the registry, restart-proof buttons.

`client.DiscordAdapter(app)` is the entry point; the other modules translate one way each:
`commands` (registry → app command tree), `context` (interaction → Context), `embeds`
(Reply → messages within Discord's limits), `buttons` (the dynamic item behind every button)
and `respond` (answering an interaction within Discord's three seconds).
"""
