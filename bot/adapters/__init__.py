"""Adapters: thin translators between a chat platform and the core. Import only what you run."""
