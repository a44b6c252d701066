"""Errors a user can read as they stand, raised from the database layer as well as the services.

`DomainError` lives here, below the services, so that the database itself can refuse a change in
the same words as a service does (a full disk); `tracker.common.errors` builds the domain's errors on it.
"""

from __future__ import annotations


class DomainError(Exception):
    """Something the user asked for cannot be done; the message says what and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StorageFull(DomainError):
    """The disk (or the database's size limit) is full: the change was rolled back, nothing was saved."""


class EditConflict(DomainError):
    """The record changed in the database since the caller read it; nothing was saved."""
