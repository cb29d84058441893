"""Debate bot: a platform-neutral core with console, Slack and Discord adapters."""
