"""slack (in progress)."""
