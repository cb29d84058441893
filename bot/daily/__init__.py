"""daily (in progress)."""
