"""Ministers' meetings returns: every quirk of the published files read, stored as outside meetings,
re-imports adding nothing, dry runs storing nothing, bad rows rejected with their row numbers."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from db.engine import Database
from db.models import Attendance, AuditEntry, Meeting, Organisation, Person, TransparencyReturn
from db.vocabulary import AuditAction, DatePrecision, OrganisationKind, PersonKind
from tracker.io.importing import ImportFailed
from tracker.io.transparency import (
    Period,
    import_return,
    parse_quarter,
    parse_return_date,
    period_in,
    quarter,
    split_organisations,
)

from .conftest import Directory

Q1_2009 = quarter(2009, 1)

# A Home Office return with every quirk: title rows, a blank first header over the ministers,
# the minister named once, dates in six forms, a nil return, a note, several bodies in one cell.
RETURN_ROWS: list[list[object]] = [
    ["Home Office: ministers' meetings with external organisations, January to March 2009", "", "", ""],
    ["", "", "", ""],
    ["", "Date", "Name of organisation or individual", "Purpose of meeting"],
    ["Jacqui Smith MP", "12/01/2009", "APA, ACPO and LGA", "Policing Green Paper"],  # row 4
    ["", "2009-01-20", "Association of Police Authorities", "Police authority reform"],  # row 5
    ["", "12-Jan", "Victim Support; Nacro", "Reducing re-offending"],  # row 6
    ["Vernon Coaker", "February 2009", "Department for Children, Schools and Families", "Youth crime"],
    ["", "Jan", "Safer Streets Trust\nACPO", "Knife crime"],  # row 8
    ["Lord West", "Nil return", "", ""],  # row 9
    ["Alan Campbell MP", datetime(2009, 2, 2, 10, 30), "LGA", "Tackling crime in a recession"],  # 10
    ["", "", "LGA", "No date given"],  # row 11
    ["", "31/02/2009", "LGA", "A day that is not"],  # row 12
    ["", "12/05/2009", "LGA", "After the quarter"],  # row 13
    ["", "13/02/2009", "", "Nobody named"],  # row 14
    ["Note: meetings with other government departments are not listed.", "", "", ""],  # row 15
]


def _csv(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as stream:
        writer = csv.writer(stream)
        for row in rows:
            writer.writerow(
                [
                    "" if c is None else (c.strftime("%d/%m/%Y %H:%M") if isinstance(c, datetime) else c)
                    for c in row
                ]
            )
    return path


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append([None if c == "" else c for c in row])
    workbook.save(path)
    return path


def _count(database: Database, table: type) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


@pytest.fixture(params=["csv", "xlsx"])
def return_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "csv":
        return _csv(tmp_path / "ho-return.csv", RETURN_ROWS, encoding="cp1252")
    return _xlsx(tmp_path / "ho-return.xlsx", RETURN_ROWS)


def test_every_quirk_of_a_return_is_read_and_stored_as_outside_meetings(
    database: Database, directory: Directory, return_file: Path
) -> None:
    report = import_return(database, return_file, dry_run=False)

    assert (report.read, report.imported, report.skipped, report.rejected) == (12, 6, 2, 4)
    assert [(r.row, r.reason.split(" ")[0]) for r in report.rejections] == [
        (11, "no"),
        (12, "date:"),
        (13, "date"),
        (14, "no"),
    ]
    assert "outside the period the return covers (Jan–Mar 2009)" in report.rejections[2].reason
    assert report.rejections[3].reason == "no organisation named"
    assert "row 9 skipped: a nil return for Lord West: no meetings to list" in report.notes
    assert "row 15 skipped: a note, not a meeting" in report.notes
    assert "Home Office, Jan–Mar 2009" in report.notes  # department and period from the title row
    with database.session() as s:
        held = s.scalars(select(TransparencyReturn)).one()
        assert (held.department_id, held.period_start, held.period_end) == (
            directory.home_office,
            date(2009, 1, 1),
            date(2009, 3, 31),
        )
        rows = {
            m.title: (m.held_on, m.date_precision, m.bodies_label, m.people_label)
            for m in s.scalars(select(Meeting).where(Meeting.return_id == held.id))
        }
        assert rows["Policing Green Paper"] == (
            date(2009, 1, 12),
            DatePrecision.DAY,
            "Association of Police Authorities (APA); ACPO; Local Government Association (LGA)",
            "Jacqui Smith MP",
        )
        # The minister named once holds for the rows below; "12-Jan" takes its year from the quarter.
        assert rows["Police authority reform"][0] == date(2009, 1, 20)
        assert rows["Reducing re-offending"][:3] == (
            date(2009, 1, 12),
            DatePrecision.DAY,
            "Victim Support; Nacro",
        )
        # A department's name with a comma and "and" stays whole; a month alone keeps its precision.
        assert rows["Youth crime"][:3] == (
            date(2009, 2, 1),
            DatePrecision.MONTH,
            "Department for Children, Schools and Families",
        )
        assert rows["Knife crime"][:4] == (
            date(2009, 1, 1),
            DatePrecision.MONTH,
            "Safer Streets Trust; ACPO",
            "Vernon Coaker",
        )
        # An Excel date-time (in the CSV, written as "02/02/2009 10:30") is a day.
        assert rows["Tackling crime in a recession"][0] == date(2009, 2, 2)
        assert rows["Tackling crime in a recession"][3] == "Alan Campbell MP"  # the existing record
        smith = s.scalars(select(Person).where(Person.name == "Jacqui Smith")).one()
        assert (smith.title, smith.kind, smith.organisation_id) == (
            "MP",
            PersonKind.CONTACT,
            directory.home_office,
        )
        roles = {a.role.value for a in s.scalars(select(Attendance).where(Attendance.person_id == smith.id))}
        assert roles == {"attended"}
        trust = s.scalars(select(Organisation).where(Organisation.name == "Safer Streets Trust")).one()
        assert trust.kind is OrganisationKind.OTHER
        assert {m.source for m in s.scalars(select(Meeting).where(Meeting.return_id.is_not(None)))} == {
            "transparency"
        }
    assert "other Safer Streets Trust" in report.created
    assert "outside contact Jacqui Smith MP" in report.created


def test_importing_the_same_return_again_adds_nothing(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    path = _csv(tmp_path / "ho-return.csv", RETURN_ROWS)
    first = import_return(database, path, dry_run=False)
    counts = (_count(database, Meeting), _count(database, Organisation), _count(database, Person))

    again = import_return(database, path, dry_run=False)

    assert first.imported == 6
    assert (again.read, again.imported, again.skipped, again.rejected) == (12, 0, 8, 4)
    assert again.created == []
    assert (_count(database, Meeting), _count(database, Organisation), _count(database, Person)) == counts
    assert _count(database, TransparencyReturn) == 1


def test_a_dry_run_reports_what_it_would_do_and_stores_nothing(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    path = _xlsx(tmp_path / "return.xlsx", RETURN_ROWS)
    before = (_count(database, Meeting), _count(database, Organisation), _count(database, Person))

    report = import_return(database, path, dry_run=True)

    assert (report.read, report.imported) == (12, 6)
    assert report.lines()[0].startswith("return.xlsx: read 12; 6 would be imported")
    assert (_count(database, Meeting), _count(database, Organisation), _count(database, Person)) == before
    assert _count(database, TransparencyReturn) == 0


def test_other_header_wordings_and_a_department_and_quarter_given(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    rows: list[list[object]] = [
        ["Minister", "Date of meeting", "Name of External Organisation", "Purpose"],
        ["Alan Campbell", "2009-03-03", "Association of Police Authorities (APA)", "Neighbourhood policing"],
        ["Alan Campbell", "03/03/09", "National Crime Reduction Board", "Crime reduction"],
    ]
    path = _csv(tmp_path / "return.csv", rows)

    report = import_return(
        database, path, department="the Home Office", period=parse_quarter("2009Q1"), dry_run=False
    )

    assert (report.read, report.imported, report.rejected) == (2, 2, 0)
    assert report.created == []  # APA (APA) and the NCRB are held already
    with database.session() as s:
        labels = set(s.scalars(select(Meeting.bodies_label).where(Meeting.return_id.is_not(None))))
    assert labels == {"Association of Police Authorities (APA)", "National Crime Reduction Board (NCRB)"}


def test_a_return_that_does_not_say_whose_or_when_asks_for_both(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    # No year in the dates, no office code or months in the file's name, no role for the minister.
    rows: list[list[object]] = [["Minister", "Date", "Organisation"], ["Alan Campbell", "12-Jan", "APA"]]
    path = _csv(tmp_path / "meetings.csv", rows)

    with pytest.raises(ImportFailed) as failed:
        import_return(database, path, dry_run=False)

    assert "--department" in failed.value.message and "--quarter" in failed.value.message
    assert _count(database, Meeting) == 0


def test_a_file_with_no_recognisable_header_is_refused(database: Database, tmp_path: Path) -> None:
    path = _csv(tmp_path / "other.csv", [["Name", "Address"], ["Someone", "Somewhere"]])

    with pytest.raises(ImportFailed):
        import_return(database, path, department="Home Office", period=Q1_2009, dry_run=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/01/2009", (date(2009, 1, 12), DatePrecision.DAY)),
        ("2009-01-12", (date(2009, 1, 12), DatePrecision.DAY)),
        ("2009-01-12T10:30:00", (date(2009, 1, 12), DatePrecision.DAY)),
        ("39825", (date(2009, 1, 12), DatePrecision.DAY)),  # an Excel day number
        ("12-Jan", (date(2009, 1, 12), DatePrecision.DAY)),
        ("Jan 12", (date(2009, 1, 12), DatePrecision.DAY)),
        ("12 January", (date(2009, 1, 12), DatePrecision.DAY)),
        ("12-13 January 2009", (date(2009, 1, 12), DatePrecision.DAY)),
        ("January 2009", (date(2009, 1, 1), DatePrecision.MONTH)),
        ("Jan-09", (date(2009, 1, 1), DatePrecision.MONTH)),
        ("March", (date(2009, 3, 1), DatePrecision.MONTH)),
    ],
)
def test_return_dates(text: str, expected: tuple[date, DatePrecision]) -> None:
    assert parse_return_date(text, Q1_2009) == expected


def test_a_day_and_month_take_the_year_that_puts_them_in_the_period() -> None:
    winter = Period(date(2008, 12, 1), date(2009, 2, 28))

    assert parse_return_date("12-Dec", winter) == (date(2008, 12, 12), DatePrecision.DAY)
    assert parse_return_date("12-Jan", winter) == (date(2009, 1, 12), DatePrecision.DAY)
    with pytest.raises(ValueError, match="not a date"):
        parse_return_date("soon", Q1_2009)


def test_periods_from_titles_file_names_and_the_command_line() -> None:
    assert period_in("Home Office: ministers' meetings, January to March 2009") == Q1_2009
    assert period_in("ho-ministers-meetings-2009-q2") == quarter(2009, 2)
    assert period_in("meetings Oct - Dec 2008") == quarter(2008, 4)
    assert period_in("meetings") is None
    assert parse_quarter("2009Q1") == parse_quarter("Q1 2009") == Q1_2009
    with pytest.raises(ImportFailed):
        parse_quarter("2009Q5")


def test_several_organisations_in_one_cell() -> None:
    assert split_organisations("APA, ACPO and LGA") == ("APA", "ACPO", "LGA")
    assert split_organisations("APA; ACPO") == ("APA", "ACPO")
    assert split_organisations("Victim Support\nCrime Concern") == ("Victim Support", "Crime Concern")
    assert split_organisations("Department for Children, Schools and Families") == (
        "Department for Children, Schools and Families",
    )
    assert split_organisations("  ") == ()


def test_ministers_sharing_a_role_stay_apart_and_a_role_alone_finds_its_holder(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    rows: list[list[object]] = [
        ["Minister", "Date", "Name of Organisation", "Purpose of meeting"],
        ["Minister without Portfolio, Rt Hon Kenneth Clarke QC MP", "Jan-12", "CBI", "Economy"],
        ["Minister without Portfolio, Baroness Warsi", "Feb-12", "Muslim Council of Britain", "Faith"],
        ["Baroness Warsi, Minister without Portfolio", "Mar-12", "CBI", "Economy"],
        ["Minister for the Cabinet Office, Rt Hon Francis Maude MP", "Mar-12", "CBI", "Civil service"],
        ["Minister for the Cabinet Office", "Mar-12", "Reform", "Civil service"],
        ["Minister without Portfolio", "Mar-12", "Reform", "Civil service"],
    ]
    path = _csv(tmp_path / "co-meetings-jan-mar-2012.csv", rows)

    report = import_return(database, path, dry_run=False)

    assert "Cabinet Office, Jan–Mar 2012" in report.notes
    assert (report.imported, report.rejected) == (5, 1)
    assert report.rejections[0].row == 7
    assert "names a role (Minister without Portfolio) that more than one person held" in str(
        report.rejections[0]
    )
    with database.session() as s:
        people = {p.name: p for p in s.scalars(select(Person).where(Person.name != "Alan Campbell"))}
        assert {"Kenneth Clarke", "Warsi", "Francis Maude"} <= set(people)
        assert people["Kenneth Clarke"].title == "Rt Hon QC MP"
        maude = s.scalars(
            select(Meeting).where(Meeting.bodies_label == "Reform", Meeting.people_label.like("%Maude%"))
        ).all()
        assert len(maude) == 1  # the role alone: the one Minister for the Cabinet Office that quarter
        warsi = {p.role for p in people["Warsi"].positions}
        assert warsi == {"Minister without Portfolio"}


def test_a_close_match_is_listed_and_imported_as_new_unless_accepted(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    with database.session() as s:
        s.add(Organisation(name="BT", acronym="BT", kind=OrganisationKind.COMPANY))
        s.add(
            Organisation(
                name="Business Services Association", acronym="BSA", kind=OrganisationKind.ASSOCIATION
            )
        )
    rows: list[list[object]] = [
        ["Minister", "Date", "Name of Organisation", "Purpose of meeting"],
        ["Prime Minister, The Rt Hon David Cameron MP", "Jan-12", "Baker Tilly", "Accounting"],
        ["", "Jan-12", "Business Today", "Press"],
        ["", "Feb-12", "Brazilian Shipbuilding Association", "Trade"],
        ["", "Feb-12", "BT", "Broadband"],
        *[["", "Mar-12", f"Org {n}", "Roundtable"] for n in range(1, 301)],
    ]
    path = _csv(tmp_path / "pmmeetingsjanmar2012.csv", rows)

    dry = import_return(database, path, dry_run=True)
    stored = import_return(database, path, dry_run=False)

    assert (
        "“Baker Tilly”: possible match: BT? (BT stands for Baker Tilly); imported as new unless accepted"
        in (" ".join(dry.notes))
    )
    assert stored.imported == 304
    with database.session() as s:
        names = set(s.scalars(select(Organisation.name)))
        broadband = s.scalars(select(Meeting).where(Meeting.title == "Broadband")).one()
        assert broadband.bodies_label == "BT"  # the whole cell is the acronym: exact
    assert {"Baker Tilly", "Business Today", "Brazilian Shipbuilding Association"} <= names
    assert {f"Org {n}" for n in range(1, 301)} <= names  # never collapsed into a few


def test_accepting_close_matches_takes_them(database: Database, directory: Directory, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Minister", "Date", "Name of Organisation", "Purpose of meeting"],
        ["Alan Campbell MP", "12/01/2009", "Assocation of Police Authorities", "Policing"],
    ]
    path = _csv(tmp_path / "return.csv", rows)

    report = import_return(
        database, path, department="Home Office", period=Q1_2009, dry_run=False, accept_close=True
    )

    assert report.created == []
    assert any("taken as Association of Police Authorities (APA)" in n for n in report.notes)


def test_organisation_cells_split_at_clear_separators_only() -> None:
    assert split_organisations("British Israel Communications and Research Centre") == (
        "British Israel Communications and Research Centre",
    )
    assert split_organisations("The following attended: ACPO") == ("ACPO",)
    assert split_organisations("Representatives from: Greenpeace, WWF, RSPB, E3G, Green Alliance") == (
        "Greenpeace",
        "WWF",
        "RSPB",
        "E3G",
        "Green Alliance",
    )
    assert split_organisations("Alliance Trust, Babcock Marine, DC Thomson & Co, Expro, Wood Group") == (
        "Alliance Trust",
        "Babcock Marine",
        "DC Thomson & Co",
        "Expro",
        "Wood Group",
    )
    assert split_organisations("ITV: Geoff Hill, Tom Bradby") == ("ITV", "Geoff Hill", "Tom Bradby")
    assert split_organisations("The Elders (Mabel van Oranje, Kofi Annan and Mary Robinson)") == (
        "The Elders (Mabel van Oranje, Kofi Annan and Mary Robinson)",
    )
    known = {"Lloyd's, Banking Group"}
    assert split_organisations("Lloyd's, Banking Group, CBI", lambda t: t in known) == (
        "Lloyd's, Banking Group",
        "CBI",
    )
    with pytest.raises(ValueError, match="201 characters long"):
        split_organisations("A" * 201)


def test_a_name_over_the_limit_is_refused_with_its_row(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    rows: list[list[object]] = [
        ["Minister", "Date", "Name of Organisation", "Purpose of meeting"],
        ["Alan Campbell MP", "12/01/2009", "Long " * 50, "Policing"],
        ["Alan Campbell MP", "13/01/2009", "x" * 20_000, "Policing"],
    ]
    path = _csv(tmp_path / "return.csv", rows)

    report = import_return(database, path, department="Home Office", period=Q1_2009, dry_run=True)

    assert [r.row for r in report.rejections] == [2, 3]
    assert "at most 200" in report.rejections[0].reason
    assert "20,000 characters" in report.rejections[1].reason


def test_meetings_and_new_bodies_written_in_bulk_keep_their_audit_trail_and_labels(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    rows: list[list[object]] = [
        ["Minister", "Date", "Name of Organisation", "Purpose of meeting"],
        ["Alan Campbell MP", "12/01/2009", "APA; Safer Streets Trust", "Policing"],
        ["", "13/01/2009", "Safer Streets Trust", "Follow-up"],
    ]
    path = _csv(tmp_path / "return.csv", rows)

    report = import_return(database, path, department="Home Office", period=Q1_2009, dry_run=False)

    assert report.imported == 2
    with database.session() as s:
        trusts = s.scalars(select(Organisation).where(Organisation.name == "Safer Streets Trust")).all()
        assert len(trusts) == 1  # made once, however many rows name it
        meetings = {m.title: m for m in s.scalars(select(Meeting).where(Meeting.return_id.is_not(None)))}
        labelled = meetings["Policing"].bodies_label
        assert labelled == "Association of Police Authorities (APA); Safer Streets Trust"
        assert meetings["Policing"].people_label == "Alan Campbell MP"
        audited = {
            (e.table_name, e.row_id)
            for e in s.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.CREATE))
        }
    assert ("organisations", str(trusts[0].id)) in audited
    assert {("meetings", str(m.id)) for m in meetings.values()} <= audited
