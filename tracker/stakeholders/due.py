"""What is due, as Home lists it (follow-ups, consultations closing, Board actions), and the same
lists read straight from a Liaison SQLite file so that Home, the first screen, paints before
SQLAlchemy has loaded.

Loading SQLAlchemy and the services takes longer than everything else in opening the window (see
tracker/meeting_list.py, which does the same for the meetings list). `DueFirst` reads what Home
shows first with the sqlite3 module alone; tracker/stakeholders/home.py reads the same lists through
SQLAlchemy once the database is open, on any backend. Both turn their rows into lines with the
functions below, and tests/tracker/stakeholders/test_due_first.py holds them to the same lines.
Nothing here may import SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from db import migrate
from db.files import DatabaseRefused, read_file_state, read_only, stored_revisions
from tracker.common.dates import short_date
from tracker.directory.names import display_name

DUE_WITHIN_DAYS = 14
DEADLINES_WITHIN_DAYS = 60
LIST_LIMIT = 200  # Home lists at most this many follow-ups, the oldest first


@dataclass(frozen=True)
class FollowUpDue:
    id: int
    text: str
    owner: str
    owner_id: int | None
    due_on: date
    meeting_id: int
    meeting: str
    overdue: bool


@dataclass(frozen=True)
class Deadline:
    """A consultation closing or a Board action due; `record` and `record_id` open it."""

    kind: str  # "consultation closes", "Board action"
    text: str
    due_on: date | None
    record: str  # "policy_item", "board_action"
    record_id: int
    overdue: bool


# A follow-up's row: id, text, owner's title, owner's name, owner's id, due, meeting's id and title.
FollowUpRow = tuple[int, str, str | None, str | None, int | None, date | None, int, str]
# A consultation's row: id, title, closing date. A Board action's: id, text, due, owner as written.
ConsultationRow = tuple[int, str, date | None]
ActionRow = tuple[int, str, date | None, str | None]


def follow_up_lines(rows: Iterable[FollowUpRow], as_of: date) -> list[FollowUpDue]:
    """Home's follow-up lines from the rows either reader found."""
    return [
        FollowUpDue(
            fid,
            text,
            display_name(title or "", name) if name else "",
            owner_id,
            due,
            mid,
            mtitle,
            due < as_of,
        )
        for fid, text, title, name, owner_id, due, mid, mtitle in rows
        if due is not None
    ]


def deadline_lines(
    consultations: Iterable[ConsultationRow], actions: Iterable[ActionRow], as_of: date
) -> list[Deadline]:
    """Home's deadlines, soonest first (an action with no date last), from the rows either reader found."""
    found = [
        Deadline(
            "consultation closes",
            f"{title} closes {short_date(closes_on) if closes_on else ''}",
            closes_on,
            "policy_item",
            item_id,
            False,
        )
        for item_id, title, closes_on in consultations
    ]
    for action_id, text, due_on, owner_text in actions:
        when = f"due {short_date(due_on)}" if due_on else "no date set"
        who = f" ({owner_text})" if owner_text else ""
        found.append(
            Deadline(
                "Board action",
                f"{text}{who}: {when}",
                due_on,
                "board_action",
                action_id,
                bool(due_on and due_on < as_of),
            )
        )
    return sorted(found, key=lambda d: (d.due_on or date.max, d.text))


# The same conditions as tracker/stakeholders/home.py's queries; dates are stored as ISO text.
_FOLLOW_UPS = """
SELECT follow_ups.id, follow_ups.text, people.title, people.name, follow_ups.owner_id, follow_ups.due_on,
    meetings.id, meetings.title
FROM follow_ups
JOIN meetings ON meetings.id = follow_ups.meeting_id
LEFT OUTER JOIN people ON people.id = follow_ups.owner_id
WHERE follow_ups.done = 0 AND follow_ups.due_on <= ?
ORDER BY follow_ups.due_on, follow_ups.id
LIMIT ?
"""
_CONSULTATIONS = """
SELECT id, title, closes_on FROM policy_items
WHERE kind = 'consultation' AND responded_on IS NULL AND closes_on IS NOT NULL
    AND closes_on >= ? AND closes_on <= ?
"""
_ACTIONS = """
SELECT id, text, due_on, owner_text FROM board_actions
WHERE done_on IS NULL AND (due_on IS NULL OR due_on <= ?)
"""
_OWN_MEETINGS = "SELECT EXISTS (SELECT 1 FROM meetings WHERE return_id IS NULL)"


class DueFirst:
    """What Home shows first, read from a Liaison file at the current schema on `as_of`: the
    follow-ups due, the deadlines, and whether the file holds any of the association's own
    meetings (if not, Home shows the welcome)."""

    def __init__(
        self, as_of: date, follow_ups: list[FollowUpDue], deadlines: list[Deadline], holds_meetings: bool
    ) -> None:
        self.as_of = as_of
        self.follow_ups = follow_ups
        self.deadlines = deadlines
        self.holds_meetings = holds_meetings

    @classmethod
    def read(cls, path: Path, as_of: date) -> DueFirst | None:
        """The lists, or None when they cannot be read this way (the file missing, not Liaison's,
        at another schema, or unreadable): the window then waits for the database to open."""
        try:
            if not read_file_state(path).liaison or stored_revisions(path) != [migrate.head_revision()]:
                return None
            with read_only(path) as connection:
                connection.execute("BEGIN")  # one snapshot for the three lists
                follow_ups = connection.execute(
                    _FOLLOW_UPS, ((as_of + timedelta(days=DUE_WITHIN_DAYS)).isoformat(), LIST_LIMIT)
                ).fetchall()
                horizon = (as_of + timedelta(days=DEADLINES_WITHIN_DAYS)).isoformat()
                consultations = connection.execute(_CONSULTATIONS, (as_of.isoformat(), horizon)).fetchall()
                actions = connection.execute(_ACTIONS, (horizon,)).fetchall()
                holds_meetings = bool(connection.execute(_OWN_MEETINGS).fetchone()[0])
                connection.execute("COMMIT")
            return cls(
                as_of,
                follow_up_lines(
                    ((f, t, ti, n, o, _date(d), m, mt) for f, t, ti, n, o, d, m, mt in follow_ups), as_of
                ),
                deadline_lines(
                    ((i, t, _date(c)) for i, t, c in consultations),
                    ((i, t, _date(d), o) for i, t, d, o in actions),
                    as_of,
                ),
                holds_meetings,
            )
        except (DatabaseRefused, sqlite3.Error, OSError, ValueError):
            return None


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)
