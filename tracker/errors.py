"""Domain errors: each carries a message a user can read, and where it applies, the field at fault."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


class DomainError(Exception):
    """Something the user asked for cannot be done; the message says what and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    pass


class InvalidRecord(DomainError):
    """The record was refused; `problems` maps each field at fault to what is wrong with it."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = dict(problems)


class EditConflict(DomainError):
    """The record changed in the database since the caller read it; nothing was saved."""


class InUse(DomainError):
    """The record cannot be deleted while other records point at it."""


@dataclass(frozen=True)
class Match:
    """An existing record that a new name may duplicate, and why it looks the same."""

    id: int
    label: str
    reason: str


class PossibleDuplicate(DomainError):
    """A new or renamed record looks like one already held; the caller may use that one instead."""

    def __init__(self, field: str, candidates: tuple[Match, ...]) -> None:
        best = candidates[0]
        super().__init__(f"This looks like {best.label}, already recorded ({best.reason}).")
        self.field = field
        self.candidates = candidates
