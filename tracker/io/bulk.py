"""Writing an import's new records in bulk: one statement per table and batch, the audit trail alongside.

Every importer (spreadsheets, returns, calendars) ends the same way: the bodies and people it
found new, then the meetings with their links. Through the ORM that is a flush and a handful of
statements a meeting, and a session that grows with the file; here it is one Core statement per
batch of rows, with `audit.record_created` writing the trail those rows would have had, and the
search index filled once for all the new meetings (`search.bulk_load`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from db import audit
from db.models import Attendance, Meeting, MeetingOrganisation, MeetingTheme, Organisation, Person
from db.text import clean_rows
from db.vocabulary import AttendanceRole, BodyRole, PersonKind
from tracker import search
from tracker.meeting_labels import bodies_label, people_label
from tracker.meetings import default_status

BATCH = 500


def stamped(values: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A row of a versioned, stamped table (db.models.Stamped) as first written."""
    return {**values, "version": 1, "created_at": now, "updated_at": now}


def insert_returning(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows in bulk, returning their new ids in order, and write their audit entries."""
    if not rows:
        return []
    clean_rows(rows)  # a Core insert: no ORM event cleans its text (db/text.py)
    ids: list[int] = []
    for start in range(0, len(rows), BATCH * 2):
        batch = rows[start : start + BATCH * 2]
        result = session.execute(insert(model).returning(model.id, sort_by_parameter_order=True), batch)
        ids.extend(result.scalars().all())
    audit.record_created(
        session, model.__tablename__, [(str(i), {"id": i, **row}) for i, row in zip(ids, rows, strict=True)]
    )
    return ids


def insert_many(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """One executemany per batch through Core: SQLite cannot return the ids of a many-row insert in
    order, and the ORM then falls back to a statement a row, ten times slower. No audit entries."""
    table = model.__table__
    clean_rows(rows)  # a Core insert: no ORM event cleans its text (db/text.py)
    for start in range(0, len(rows), BATCH * 4):
        session.connection().execute(insert(table), rows[start : start + BATCH * 4])


def insert_meeting_rows(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert the meetings, and find their ids again by their import keys (unique, and set on each)."""
    insert_many(session, Meeting, rows)
    keys = [row["external_uid"] for row in rows]
    ids: dict[str, int] = {}
    for start in range(0, len(keys), BATCH):
        ids.update(
            (key, meeting_id)
            for meeting_id, key in session.execute(
                select(Meeting.id, Meeting.external_uid).where(
                    Meeting.external_uid.in_(keys[start : start + BATCH])
                )
            )
            if key is not None
        )
    found = [ids[key] for key in keys]
    audit.record_created(
        session, "meetings", [(str(i), {"id": i, **row}) for i, row in zip(found, rows, strict=True)]
    )
    return found


def insert_attendances(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert the attendances, and find their ids again by meeting and person (unique together)."""
    if not rows:
        return
    insert_many(session, Attendance, rows)
    meeting_ids = sorted({row["meeting_id"] for row in rows})
    ids: dict[tuple[int, int], int] = {}
    for start in range(0, len(meeting_ids), BATCH):
        ids.update(
            ((meeting_id, person_id), attendance_id)
            for attendance_id, meeting_id, person_id in session.execute(
                select(Attendance.id, Attendance.meeting_id, Attendance.person_id).where(
                    Attendance.meeting_id.in_(meeting_ids[start : start + BATCH])
                )
            )
        )
    audit.record_created(
        session,
        "attendances",
        [
            (
                str(ids[(row["meeting_id"], row["person_id"])]),
                {"id": ids[(row["meeting_id"], row["person_id"])], **row},
            )
            for row in rows
        ],
    )


def insert_links(session: Session, model: Any, rows: list[dict[str, Any]], key: Sequence[str]) -> None:
    """Insert rows of a link table (no id of its own), audited by their key columns."""
    if not rows:
        return
    insert_many(session, model, rows)
    audit.record_created(
        session, model.__tablename__, [("/".join(str(row[k]) for k in key), row) for row in rows]
    )


def body_names(session: Session, ids: set[int]) -> dict[int, tuple[str, str]]:
    """Each body's name and acronym, by id."""
    wanted = sorted(ids)
    found: dict[int, tuple[str, str]] = {}
    for start in range(0, len(wanted), BATCH):
        for body_id, name, acronym in session.execute(
            select(Organisation.id, Organisation.name, Organisation.acronym).where(
                Organisation.id.in_(wanted[start : start + BATCH])
            )
        ):
            found[body_id] = (name, acronym)
    return found


def people_info(session: Session, ids: set[int]) -> dict[int, tuple[str, str, PersonKind]]:
    """Each person's title, name and kind, by id."""
    wanted = sorted(ids)
    found: dict[int, tuple[str, str, PersonKind]] = {}
    for start in range(0, len(wanted), BATCH):
        for person_id, title, name, kind in session.execute(
            select(Person.id, Person.title, Person.name, Person.kind).where(
                Person.id.in_(wanted[start : start + BATCH])
            )
        ):
            found[person_id] = (title, name, kind)
    return found


@dataclass
class NewMeeting:
    """A meeting to insert: its columns (without the stamps and the name labels, which are worked
    out here), its bodies with their roles and its attendees with theirs, in order, each once."""

    values: dict[str, Any]
    bodies: list[tuple[int, BodyRole]] = field(default_factory=list)
    attendees: list[tuple[int, AttendanceRole]] = field(default_factory=list)
    themes: list[int] = field(default_factory=list)


def insert_meetings(session: Session, meetings: Sequence[NewMeeting], now: datetime) -> list[int]:
    """Insert the meetings and their links in bulk, each meeting's labels written from its links;
    returns the new meetings' ids in order. Every `values` holds an `external_uid`."""
    if not meetings:
        return []
    names = body_names(session, {b for m in meetings for b, _role in m.bodies})
    people = people_info(session, {p for m in meetings for p, _role in m.attendees})
    rows = [
        stamped(
            {
                # A meeting dated ahead is planned, as the meeting form has it, unless the importer says.
                "status": default_status(meeting.values["held_on"]),
                **meeting.values,
                "bodies_label": bodies_label(names[b] for b, _role in meeting.bodies),
                "people_label": people_label(people[p][:2] for p, _role in meeting.attendees),
            },
            now,
        )
        for meeting in meetings
    ]
    # The search index is filled once for all the new meetings, not a row at a time.
    with search.bulk_load(session):
        meeting_ids = insert_meeting_rows(session, rows)
    links: list[dict[str, Any]] = []
    attendances: list[dict[str, Any]] = []
    theme_links: list[dict[str, Any]] = []
    for meeting_id, meeting in zip(meeting_ids, meetings, strict=True):
        links.extend(
            {"meeting_id": meeting_id, "organisation_id": body, "role": role, "position": i}
            for i, (body, role) in enumerate(meeting.bodies)
        )
        attendances.extend(
            {
                "meeting_id": meeting_id,
                "person_id": person,
                "role": role,
                "position": i,
                "reported_back_on": None,
            }
            for i, (person, role) in enumerate(meeting.attendees)
        )
        theme_links.extend({"meeting_id": meeting_id, "theme_id": t} for t in meeting.themes)
    insert_links(session, MeetingOrganisation, links, ("meeting_id", "organisation_id"))
    insert_attendances(session, attendances)
    insert_links(session, MeetingTheme, theme_links, ("meeting_id", "theme_id"))
    return meeting_ids
