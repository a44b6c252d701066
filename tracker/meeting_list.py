"""The meetings list's lines, and the newest of them read straight from a Liaison SQLite file.

Loading SQLAlchemy takes longer than everything else in opening the window put together. So that
the team sees their meetings at once, `NewestMeetings` reads the list as it first appears (every
meeting of the association's own, newest first, unfiltered) with the sqlite3 module alone, and the
window moves over to `tracker.meetings.count` and `rows` once the database is open behind it.
Both read the same stored columns in the same order; tests/tracker/test_meeting_list.py holds
them to the same rows. Nothing here may import SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from db import migrate
from db.files import DatabaseRefused, read_file_state, read_only, stored_revisions
from db.vocabulary import DatePrecision, MeetingKind, ReportSection
from tracker.common.dates import short_date
from tracker.common.listing import ListQuery


@dataclass(frozen=True)
class MeetingRow:
    """One line of the meetings list."""

    id: int
    held_on: date
    date_precision: DatePrecision
    title: str
    kind: MeetingKind
    bodies: str
    people: str
    report_section: ReportSection
    confidential: bool
    date_written: str = ""  # the date as written ("c. March 2007"), shown so when there is one

    @property
    def when(self) -> str:
        return self.date_written or short_date(self.held_on, self.date_precision)


# The list as the window first shows it.
FIRST_VIEW = ListQuery(sort="held_on", descending=True)

# Own meetings are those not read from a department's return (tracker.meetings._own_meetings
# says why they are tested by id): counted from ix_meetings_return_id, a window picked from
# ix_meetings_held_on, and only then the window's rows read.
_COUNT = "SELECT count(*) FROM meetings WHERE return_id IS NULL"
_WINDOW = """
SELECT id, held_on, date_precision, title, kind, bodies_label, people_label, report_section, confidential,
    date_written
FROM meetings
WHERE id IN (
    SELECT id FROM meetings
    WHERE id NOT IN (SELECT id FROM meetings WHERE return_id IS NOT NULL)
    ORDER BY held_on DESC, id DESC
    LIMIT ? OFFSET ?
)
ORDER BY held_on DESC, id DESC
"""
_LATEST_ENTRY = "SELECT max(id) FROM audit_log"


class NewestMeetings:
    """The unfiltered meetings list, newest first, of a Liaison file at the current schema.

    Each call reads the file afresh through a read-only connection: nothing here can change it.
    The -wal and -shm such a read may create are left in place: the window's own connection may
    be opening meanwhile, and takes them over. Only `FIRST_VIEW` is served; finding and sorting
    wait for the database to open.
    """

    def __init__(self, path: Path, latest_entry: int, count: int) -> None:
        self.path = path
        # The newest history entry when the list was first read: colleagues' changes after it are
        # picked up by the window's watch once the database is open.
        self.latest_entry = latest_entry
        self._count = count

    @classmethod
    def read(cls, path: Path) -> NewestMeetings | None:
        """The file's newest meetings, or None when they cannot be read this way: the file is
        missing, not Liaison's, at an older or newer schema (opening it upgrades or refuses it) or
        unreadable. The window then opens the database before it shows, and says what is wrong."""
        try:
            if not read_file_state(path).liaison or stored_revisions(path) != [migrate.head_revision()]:
                return None
            with read_only(path) as connection:
                # One snapshot: a colleague's change after it is later than `latest_entry`, and is
                # caught by the window's watch; one counted but not yet in the history could not be.
                connection.execute("BEGIN")
                latest = connection.execute(_LATEST_ENTRY).fetchone()[0]
                count = int(connection.execute(_COUNT).fetchone()[0])
                connection.execute("COMMIT")
        except (DatabaseRefused, sqlite3.Error, OSError):
            return None
        return cls(path, int(latest or 0), count)

    def count(self, query: ListQuery) -> int:
        _only_first_view(query)
        return self._count

    def rows(self, query: ListQuery, offset: int, limit: int) -> list[MeetingRow]:
        _only_first_view(query)
        with read_only(self.path) as connection:
            found = connection.execute(_WINDOW, (limit, offset)).fetchall()
        return [_row(*values) for values in found]


def _row(
    meeting_id: int,
    held_on: str,
    precision: str,
    title: str,
    kind: str,
    bodies: str,
    people: str,
    section: str,
    confidential: int,
    written: str,
) -> MeetingRow:
    return MeetingRow(
        id=int(meeting_id),
        held_on=date.fromisoformat(held_on),
        date_precision=DatePrecision(precision),
        title=title,
        kind=MeetingKind(kind),
        bodies=bodies,
        people=people,
        report_section=ReportSection(section),
        confidential=bool(confidential),
        date_written=written,
    )


def _only_first_view(query: ListQuery) -> None:
    if query != FIRST_VIEW:
        raise ValueError(f"the newest meetings are read only as the list first shows them, not {query}")
