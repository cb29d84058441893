"""Command declarations and their handlers, one module per feature."""
