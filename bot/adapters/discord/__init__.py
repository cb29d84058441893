"""discord (in progress)."""
