"""Domain errors: each carries a message a user can read, and where it applies, the field at fault."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Defined with the database layer, which refuses a write to a full disk in the same words.
from db.errors import DomainError as DomainError
from db.errors import EditConflict as EditConflict
from db.errors import StorageFull as StorageFull


class NotFound(DomainError):
    pass


class InvalidRecord(DomainError):
    """The record was refused; `problems` maps each field at fault to what is wrong with it."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = dict(problems)


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
