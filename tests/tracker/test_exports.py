"""Exports: meetings, organisations and people to CSV and .xlsx that import again unchanged, cells
that a spreadsheet would run written as text, and Popolo JSON of the directory."""

from __future__ import annotations

import csv
import json
from datetime import date, time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from db.engine import Database, open_database
from db.models import Attendance, AuditEntry, Meeting, MeetingOrganisation, MeetingTheme, Organisation, Person
from db.vocabulary import AppointmentRole, AttendanceRole, BodyRole, DatePrecision, MeetingKind
from tracker import duties, meetings
from tracker.common.listing import ListQuery
from tracker.io.exports import What, popolo, sheet, write_popolo, write_sheet
from tracker.io.sheet_import import Kind, import_file
from tracker.meetings import AttendeeEntry, BodyEntry, MeetingDraft

from .conftest import Directory

RISKY = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def logged(database: Database, directory: Directory) -> Database:
    with database.session() as s:
        meetings.log(
            s,
            MeetingDraft(
                "Tackling Crime in a Recession",
                date(2009, 4, 23),
                kind=MeetingKind.CONFERENCE,
                starts_at=time(9, 30),
                location="Local Government House",
                bodies=(BodyEntry(directory.home_office, BodyRole.HOST), BodyEntry(directory.apa)),
                attendees=(
                    AttendeeEntry(directory.kemp, AttendanceRole.CHAIRED),
                    AttendeeEntry(directory.murray),
                    AttendeeEntry(directory.campbell, AttendanceRole.SPOKE),
                ),
                theme_ids=(directory.cdrp_reform,),
                summary="Cllr Kemp chaired; the minister spoke.",
                confidential=True,
            ),
        )
        meetings.log(
            s,
            MeetingDraft(
                RISKY,
                date(2009, 3, 1),
                date_precision=DatePrecision.MONTH,
                bodies=(BodyEntry(directory.ncrb),),
                summary="+44 20 7664 3000",
                outcome="-5% crime",
                notes="@everyone",
            ),
        )
        meetings.log(s, MeetingDraft("Board", date(2009, 6, 13), date_precision=DatePrecision.APPROXIMATE))
    return database


def _snapshot(database: Database) -> list[tuple[object, ...]]:
    """Every meeting as the list shows it, with its summary and links, independent of ids."""
    with database.session() as s:
        rows = meetings.rows(s, ListQuery(sort="held_on"), 0, 100)
        out = []
        for row in rows:
            draft = meetings.get(s, row.id)
            out.append(
                (
                    row.when,
                    row.title,
                    row.kind,
                    row.bodies,
                    row.people,
                    row.report_section,
                    draft.starts_at,
                    draft.location,
                    draft.summary,
                    draft.outcome,
                    draft.notes,
                    draft.confidential,
                    tuple(a.role for a in draft.attendees),
                    len(draft.theme_ids),
                )
            )
        return out


def _counts(database: Database) -> list[int]:
    with database.session() as s:
        return [
            s.scalar(select(func.count()).select_from(m)) or 0
            for m in (
                Meeting,
                Organisation,
                Person,
                Attendance,
                MeetingOrganisation,
                MeetingTheme,
                AuditEntry,
            )
        ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_exported_meetings_import_into_the_same_database_as_already_there(
    logged: Database, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"meetings{suffix}"
    with logged.session() as s:
        write_sheet(sheet(s, What.MEETINGS), path)
    before, counts = _snapshot(logged), _counts(logged)

    report = import_file(logged, path, Kind.MEETINGS)

    assert (report.read, report.imported, report.skipped, report.rejected) == (3, 0, 3, 0)
    assert _snapshot(logged) == before
    # Only the remembered mapping is new.
    assert _counts(logged)[:-1] == counts[:-1]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_exported_meetings_import_into_an_empty_database_as_the_same_meetings(
    logged: Database, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"meetings{suffix}"
    with logged.session() as s:
        write_sheet(sheet(s, What.MEETINGS), path)
    empty = open_database(tmp_path / "empty.db", actor="test")
    try:
        report = import_file(empty, path)
        assert (report.imported, report.rejected) == (3, 0)
        assert _snapshot(empty) == _snapshot(logged)
        with empty.session() as s:
            names = set(s.scalars(select(Person.name)))
        assert names == {"Richard Kemp", "Helen Murray", "Alan Campbell"}
        again = import_file(empty, path)
        assert (again.imported, again.skipped) == (0, 3)
    finally:
        empty.close()


def test_cells_a_spreadsheet_would_run_are_written_as_text(logged: Database, tmp_path: Path) -> None:
    with logged.session() as s:
        table = sheet(s, What.MEETINGS)
    write_sheet(table, tmp_path / "m.csv")
    write_sheet(table, tmp_path / "m.xlsx")

    with (tmp_path / "m.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    risky = next(r for r in rows if "HYPERLINK" in r["Title"])
    assert (risky["Title"], risky["Summary"], risky["Outcome"], risky["Notes"]) == (
        "'" + RISKY,
        "'+44 20 7664 3000",
        "'-5% crime",
        "'@everyone",
    )
    assert risky["Date"] == "March 2009"
    assert (tmp_path / "m.csv").read_bytes().startswith(b"\xef\xbb\xbf")

    book = load_workbook(tmp_path / "m.xlsx")
    cells = [c for row in book.active.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert {"'" + RISKY, "'+44 20 7664 3000", "'-5% crime", "'@everyone"} <= {c.value for c in cells}
    dates = [c.value for c in book.active["B"][1:]]
    assert dates[1].date() == date(2009, 4, 23)  # a real date cell for a known day


def test_organisations_and_people_round_trip_through_xlsx(logged: Database, tmp_path: Path) -> None:
    for what in (What.ORGANISATIONS, What.PEOPLE):
        path = tmp_path / f"{what.value}.xlsx"
        with logged.session() as s:
            table = sheet(s, what)
        write_sheet(table, path)
        report = import_file(logged, path, Kind(what.value))
        assert (report.read, report.skipped, report.imported) == (len(table.rows), len(table.rows), 0)


def test_popolo_has_people_bodies_and_memberships_with_stable_ids(
    logged: Database, directory: Directory, tmp_path: Path
) -> None:
    with logged.session() as s:
        duties.appoint(
            s,
            duties.AppointmentDraft(
                directory.kemp,
                directory.ncrb,
                AppointmentRole.REPRESENTATIVE,
                date(2008, 6, 1),
                date(2010, 5, 31),
            ),
        )
        document = popolo(s)
    write_popolo(document, tmp_path / "p.json")
    read = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))

    assert read == document
    kemp = next(p for p in read["persons"] if p["id"] == f"person/{directory.kemp}")
    assert kemp == {"id": f"person/{directory.kemp}", "name": "Cllr Richard Kemp", "honorific_prefix": "Cllr"}
    campbell = next(p for p in read["persons"] if p["id"] == f"person/{directory.campbell}")
    assert campbell["honorific_suffix"] == "MP"
    ncrb = next(o for o in read["organizations"] if o["id"] == f"organization/{directory.ncrb}")
    assert ncrb["parent_id"] == f"organization/{directory.home_office}"
    assert ncrb["other_names"] == [{"name": "NCRB", "note": "acronym"}]
    appointment = next(m for m in read["memberships"] if m["id"].startswith("membership/appointment-"))
    assert appointment | {"id": ""} == {
        "id": "",
        "person_id": f"person/{directory.kemp}",
        "organization_id": f"organization/{directory.ncrb}",
        "role": "representative",
        "start_date": "2008-06-01",
        "end_date": "2010-05-31",
    }
    ids = {p["id"] for p in read["persons"]} | {o["id"] for o in read["organizations"]}
    assert all(
        m["person_id"] in ids and m.get("organization_id", "organization/x") for m in read["memberships"]
    )
    with logged.session() as s:
        assert popolo(s) == document
