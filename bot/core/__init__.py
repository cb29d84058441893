"""The platform-neutral core: commands, replies, context. Never imports discord or slack."""
