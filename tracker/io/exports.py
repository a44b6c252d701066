"""Writing meetings, organisations and people out: CSV and .xlsx for spreadsheets, Popolo JSON.

The spreadsheet columns are headed with the import's own field names, so a file exported here
imports again without a mapping, and changes nothing when imported into the same database: a
meeting carries its import key, its day, title and outside bodies (see tracker.io.sheet_import).
Every text cell goes through `safe_cell`, so a value such as "=HYPERLINK(...)" is shown, not run.
CSV is written as UTF-8 with a byte-order mark, which is how Excel knows it is UTF-8.

Popolo (https://www.popoloproject.com) is the open data standard for people, organisations and
their memberships; memberships are the appointments to outside bodies, the posts people hold,
and the body each person works for or sits for.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Appointment,
    Attendance,
    Meeting,
    MeetingOrganisation,
    MeetingTheme,
    Organisation,
    OrganisationAlias,
    Person,
    Position,
    Theme,
)
from db.vocabulary import AttendanceRole, DatePrecision, PersonKind
from tracker.common.dates import editable_date
from tracker.common.errors import DomainError
from tracker.common.text import cleaned
from tracker.directory.names import POST_NOMINALS, body_label, display_name
from tracker.io.cells import safe_cell

# An export holds one kind of record, as an import of the same kind reads it back.
from tracker.io.sheet_import import Kind as What
from tracker.reports.writers import write_whole

Cell = str | int | date | None
SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Sheet:
    """An export as a table: its title, the column headings, and one list of cells a record."""

    title: str
    headers: tuple[str, ...]
    rows: list[list[Cell]]


MEETING_HEADERS = (
    "Liaison id",
    "Date",
    "Time",
    "Title",
    "Kind",
    "Outside bodies",
    "Members",
    "Officers",
    "Outside attendees",
    "Themes",
    "Location",
    "Summary",
    "Outcome",
    "Confidential",
    "Notes",
    "Import key",
)
ORGANISATION_HEADERS = ("Liaison id", "Name", "Acronym", "Kind", "Parent body", "Other names", "Notes")
PEOPLE_HEADERS = ("Liaison id", "Title", "Name", "Kind", "Organisation", "Party", "Email", "Phone", "Notes")


def _attendee(title: str, name: str, role: AttendanceRole) -> str:
    text = display_name(title, name)
    return text if role is AttendanceRole.ATTENDED else f"{text} ({role.label})"


def meetings_sheet(session: Session) -> Sheet:
    """The association's own meetings (not those read from a department's return), oldest first.

    A meeting held on a known day has its date as a date (a date cell in a workbook); a month
    ("March 2009") or an approximate date ("c. 13/06/2009") is written as the editor shows it."""
    bodies: dict[int, list[str]] = {}
    for meeting_id, name, acronym in session.execute(
        select(MeetingOrganisation.meeting_id, Organisation.name, Organisation.acronym)
        .join(Organisation, Organisation.id == MeetingOrganisation.organisation_id)
        .order_by(MeetingOrganisation.meeting_id, MeetingOrganisation.position)
    ):
        bodies.setdefault(meeting_id, []).append(body_label(name, acronym))
    people: dict[tuple[int, PersonKind], list[str]] = {}
    for meeting_id, kind, title, name, role in session.execute(
        select(Attendance.meeting_id, Person.kind, Person.title, Person.name, Attendance.role)
        .join(Person, Person.id == Attendance.person_id)
        .order_by(Attendance.meeting_id, Attendance.position)
    ):
        people.setdefault((meeting_id, kind), []).append(_attendee(title, name, role))
    themes: dict[int, list[str]] = {}
    for meeting_id, name in session.execute(
        select(MeetingTheme.meeting_id, Theme.name)
        .join(Theme, Theme.id == MeetingTheme.theme_id)
        .order_by(MeetingTheme.meeting_id, Theme.name)
    ):
        themes.setdefault(meeting_id, []).append(name)
    rows: list[list[Cell]] = []
    for meeting in session.scalars(
        select(Meeting).where(Meeting.return_id.is_(None)).order_by(Meeting.held_on, Meeting.id)
    ):
        # A day as a date; a coarser date as the papers wrote it ("2006/07", "spring 2007"), which
        # reads back to the same span, or else as Liaison writes that precision.
        day: Cell = (
            meeting.held_on
            if meeting.date_precision is DatePrecision.DAY
            else meeting.date_written or editable_date(meeting.held_on, meeting.date_precision)
        )
        rows.append(
            [
                meeting.id,
                day,
                meeting.starts_at.strftime("%H:%M") if meeting.starts_at else "",
                meeting.title,
                meeting.kind.label,
                "; ".join(bodies.get(meeting.id, [])),
                "; ".join(people.get((meeting.id, PersonKind.MEMBER), [])),
                "; ".join(people.get((meeting.id, PersonKind.OFFICER), [])),
                "; ".join(people.get((meeting.id, PersonKind.CONTACT), [])),
                "; ".join(themes.get(meeting.id, [])),
                meeting.location,
                meeting.summary,
                meeting.outcome,
                "yes" if meeting.confidential else "",
                meeting.notes,
                meeting.external_uid or "",
            ]
        )
    return Sheet("Meetings", MEETING_HEADERS, rows)


def organisations_sheet(session: Session) -> Sheet:
    names = {i: n for i, n in session.execute(select(Organisation.id, Organisation.name))}
    aliases: dict[int, list[str]] = {}
    for organisation_id, alias in session.execute(
        select(OrganisationAlias.organisation_id, OrganisationAlias.alias).order_by(OrganisationAlias.alias)
    ):
        aliases.setdefault(organisation_id, []).append(alias)
    rows: list[list[Cell]] = [
        [
            org.id,
            org.name,
            org.acronym,
            org.kind.label,
            names.get(org.parent_id, "") if org.parent_id else "",
            "; ".join(aliases.get(org.id, [])),
            org.notes,
        ]
        for org in session.scalars(select(Organisation).order_by(Organisation.name, Organisation.id))
    ]
    return Sheet("Organisations", ORGANISATION_HEADERS, rows)


def people_sheet(session: Session) -> Sheet:
    names = {i: n for i, n in session.execute(select(Organisation.id, Organisation.name))}
    rows: list[list[Cell]] = [
        [
            person.id,
            person.title,
            person.name,
            person.kind.label,
            names.get(person.organisation_id, "") if person.organisation_id else "",
            person.party,
            person.email,
            person.phone,
            person.notes,
        ]
        for person in session.scalars(select(Person).order_by(Person.name, Person.id))
    ]
    return Sheet("People", PEOPLE_HEADERS, rows)


SHEETS: dict[What, Callable[[Session], Sheet]] = {
    What.MEETINGS: meetings_sheet,
    What.ORGANISATIONS: organisations_sheet,
    What.PEOPLE: people_sheet,
}


def sheet(session: Session, what: What | str) -> Sheet:
    return SHEETS[What(what)](session)


def _safe(value: Cell) -> Cell:
    return safe_cell(value) if isinstance(value, str) else value


def _csv_text(value: Cell) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def render_csv(table: Sheet, stream: IO[bytes]) -> None:
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([_csv_text(_safe(v)) for v in row])
    stream.write(text.getvalue().encode("utf-8-sig"))


def render_xlsx(table: Sheet, stream: IO[bytes]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(table.title)
    bold = Font(bold=True)
    headings = []
    for heading in table.headers:
        cell = WriteOnlyCell(worksheet, value=safe_cell(heading))
        cell.font = bold
        headings.append(cell)
    worksheet.append(headings)
    for row in table.rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(worksheet, value=_safe(value))
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(value, str):
                # Stored as text, whatever it looks like: never a formula.
                cell.data_type = "s"
            cells.append(cell)
        worksheet.append(cells)
    workbook.save(stream)


def write_sheet(table: Sheet, path: Path) -> Path:
    """Write the table as .csv or .xlsx, by the file's suffix, whole or not at all."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        given = f"“{path.suffix}” files" if path.suffix else "files without a suffix"
        raise DomainError(f"cannot write {path}: a table is written as .csv or .xlsx, not {given}")
    render = render_csv if suffix == ".csv" else render_xlsx
    return write_whole(path, lambda stream: render(table, stream))


# --- Popolo --------------------------------------------------------------------------------


def _person_id(person_id: int) -> str:
    return f"person/{person_id}"


def _organisation_id(organisation_id: int) -> str:
    return f"organization/{organisation_id}"


def _dated(record: dict[str, Any], start: date | None, end: date | None) -> dict[str, Any]:
    if start is not None:
        record["start_date"] = start.isoformat()
    if end is not None:
        record["end_date"] = end.isoformat()
    return record


def popolo(session: Session) -> dict[str, list[dict[str, Any]]]:
    """People, organisations and memberships as Popolo: ids are "person/12", "organization/5" and
    "membership/appointment-3" (or position-, or person- for the body a person works for), the
    same in every export of the same database."""
    aliases: dict[int, list[str]] = {}
    for organisation_id, alias in session.execute(
        select(OrganisationAlias.organisation_id, OrganisationAlias.alias).order_by(OrganisationAlias.alias)
    ):
        aliases.setdefault(organisation_id, []).append(alias)
    organizations = []
    for org in session.scalars(select(Organisation).order_by(Organisation.id)):
        record: dict[str, Any] = {
            "id": _organisation_id(org.id),
            "name": org.name,
            "classification": org.kind.label,
        }
        other_names = [{"name": org.acronym, "note": "acronym"}] if org.acronym else []
        other_names.extend({"name": alias} for alias in aliases.get(org.id, []))
        if other_names:
            record["other_names"] = other_names
        if org.parent_id is not None:
            record["parent_id"] = _organisation_id(org.parent_id)
        organizations.append(record)
    persons = []
    memberships = []
    for person in session.scalars(select(Person).order_by(Person.id)):
        titles = person.title.split()
        entry: dict[str, Any] = {"id": _person_id(person.id), "name": display_name(person.title, person.name)}
        prefix = " ".join(t for t in titles if t.upper() not in POST_NOMINALS)
        suffix = " ".join(t for t in titles if t.upper() in POST_NOMINALS)
        if prefix:
            entry["honorific_prefix"] = prefix
        if suffix:
            entry["honorific_suffix"] = suffix
        if person.email:
            entry["email"] = person.email
        if person.phone:
            entry["contact_details"] = [{"type": "voice", "value": person.phone}]
        persons.append(entry)
        if person.organisation_id is not None:
            memberships.append(
                {
                    "id": f"membership/person-{person.id}",
                    "person_id": _person_id(person.id),
                    "organization_id": _organisation_id(person.organisation_id),
                    "role": person.kind.label,
                }
            )
    for appointment in session.scalars(select(Appointment).order_by(Appointment.id)):
        memberships.append(
            _dated(
                {
                    "id": f"membership/appointment-{appointment.id}",
                    "person_id": _person_id(appointment.person_id),
                    "organization_id": _organisation_id(appointment.organisation_id),
                    "role": appointment.role.label,
                },
                appointment.term_start,
                appointment.term_end,
            )
        )
    for position in session.scalars(select(Position).order_by(Position.id)):
        membership: dict[str, Any] = {
            "id": f"membership/position-{position.id}",
            "person_id": _person_id(position.person_id),
            "role": position.role,
        }
        if position.organisation_id is not None:
            membership["organization_id"] = _organisation_id(position.organisation_id)
        memberships.append(_dated(membership, position.started_on, position.ended_on))
    return {"persons": persons, "organizations": organizations, "memberships": memberships}


def write_popolo(document: dict[str, list[dict[str, Any]]], path: Path) -> Path:
    """Write `popolo(...)`'s document as UTF-8 JSON, whole or not at all."""
    data = json.dumps(cleaned(document), ensure_ascii=False, indent=2).encode("utf-8")

    def render(stream: IO[bytes]) -> None:
        stream.write(data)

    return write_whole(path, render)


def counts(data: dict[str, list[dict[str, Any]]]) -> str:
    return ", ".join(f"{len(v)} {k}" for k, v in data.items())
