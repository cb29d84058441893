"""Errors a user can cause, carried as values with a message meant for that user."""

from __future__ import annotations


class UserError(Exception):
    """A problem with what the user asked; adapters answer it ephemerally, nothing is logged.

    The message is shown verbatim, so it must be short, friendly and safe to display.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
