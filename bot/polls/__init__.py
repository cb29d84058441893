"""polls (in progress)."""
