"""What every import shares: every row accounted for, a dry run first, and then all of it or none.

An import reads the whole file, decides row by row (imported, skipped because it is already
there, or rejected with its row number and reason) inside one transaction, and then either rolls
that transaction back (the dry run, and the preview a window shows) or commits it. So a file read
twice gives the same report, and a file that fails half way stores nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy.orm import Session

from db.engine import Database
from tracker.common.errors import DomainError


class ImportFailed(DomainError):
    """The file as a whole cannot be read (missing, not the format named, unreadable text, no
    recognisable columns); nothing was stored. Single bad rows are rejections, not this."""


@dataclass(frozen=True)
class Rejection:
    """A row that was not imported: its number as the user finds it in the file, and why."""

    row: int
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


class Skip(StrEnum):
    """Why a row read was not imported, and not rejected either."""

    ALREADY_THERE = "already there"
    NIL_RETURN = "nil return"
    NOTE = "note"
    # A row that only adds bodies or people to the meeting on the row above.
    JOINED = "joined the meeting above"


@dataclass(frozen=True)
class PossibleMatch:
    """A name in the file close to a record held ("possible match: X?"), imported as new unless the
    user accepts it: what the file wrote, whether a body or a person, the record and why."""

    text: str
    kind: str  # "body" or "person"
    record_id: int
    label: str
    reason: str


@dataclass
class ImportReport:
    """What an import read, and what became of each row; `read` always equals the other three summed,
    and `skipped` the reasons in `skipped_by` summed."""

    source: str
    dry_run: bool = True
    read: int = 0
    imported: int = 0
    skipped: int = 0
    skipped_by: dict[Skip, int] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    # New bodies and people the import created on the way (names the file held that Liaison did not).
    created: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The close matches met, in the order met, whether taken or not (the preview asks about each).
    possible: list[PossibleMatch] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def accept(self) -> None:
        self.read += 1
        self.imported += 1

    def skip(self, why: Skip = Skip.ALREADY_THERE) -> None:
        self.read += 1
        self.skipped += 1
        self.skipped_by[why] = self.skipped_by.get(why, 0) + 1

    def reject(self, row: int, reason: str) -> None:
        self.read += 1
        self.rejections.append(Rejection(row, reason))

    @property
    def balanced(self) -> bool:
        return self.read == self.imported + self.skipped + self.rejected and self.skipped == sum(
            self.skipped_by.values()
        )

    def _skipped_words(self) -> str:
        reasons = [why for why in Skip if self.skipped_by.get(why)]
        if not reasons or reasons == [Skip.ALREADY_THERE]:
            return f"{self.skipped} skipped (already there)"
        parts = []
        for why in reasons:
            count = self.skipped_by[why]
            words = f"{why.value}s" if why is Skip.NOTE and count > 1 else why.value
            parts.append(f"{count} {words}")
        return f"{self.skipped} skipped ({', '.join(parts)})"

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        return (
            f"{self.source}: read {self.read}; {self.imported} {verb} imported, {self._skipped_words()},"
            f" {self.rejected} rejected."
        )

    def lines(self) -> list[str]:
        """The report as a user reads it: the summary, each rejection, what was created, notes."""
        out = [self.summary()]
        out.extend(f"  rejected {rejection}" for rejection in self.rejections)
        if self.created:
            verb = "would be created" if self.dry_run else "created"
            out.append(f"  {verb}: " + "; ".join(self.created))
        out.extend(f"  note: {note}" for note in self.notes)
        return out


class _DryRun(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__("dry run")
        self.report = report


def run_import(
    database: Database, work: Callable[[Session, ImportReport], None], *, source: str, dry_run: bool
) -> ImportReport:
    """Run `work` in one transaction: rolled back for a dry run, committed otherwise.

    `work` fills the report as it goes and may raise ImportFailed, which stores nothing.
    """
    report = ImportReport(source=source, dry_run=dry_run)
    try:
        with database.session() as session:
            work(session, report)
            if not report.balanced:
                raise AssertionError(f"import report does not add up: {report}")
            if dry_run:
                raise _DryRun(report)
    except _DryRun as finished:
        return finished.report
    return report
