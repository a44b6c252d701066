"""Importing meetings, organisations and people from spreadsheets: matched and created names,
rejections with row numbers, nothing twice, mappings remembered, and all of a file or none."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import func, select

from db.engine import Database
from db.models import Attendance, AuditEntry, Meeting, MeetingOrganisation, Organisation, Person, Theme
from db.vocabulary import AttendanceRole, DatePrecision, MeetingKind, PersonKind, ReportSection
from tracker import meetings, search
from tracker.common.listing import ListQuery
from tracker.directory import organisations, people
from tracker.io import sheet_import
from tracker.io.importing import ImportFailed
from tracker.io.sheet_import import import_file, split_title
from tracker.meeting_list import MeetingRow

from .conftest import Directory

HEADINGS = "Date;Meeting;Type;Organisation(s);Councillors;Officers;Theme;Notes of meeting\r\n"
ROWS = [
    "23/04/2009;Tackling Crime in a Recession;conference;Home Office; APA;Cllr Richard Kemp (chaired);"
    "Helen Murray;CDRP reform;Café £5\r\n",
    "March 2009;Safer Streets round table;;Safer Streets Trust;;Helen Murray;Youth justice;\r\n",
    "2009-05-01;Visit;banquet;;;;;\r\n",
    "31/02/2009;Bad day;;Home Office;;;;\r\n",
    ";No date;;;;;;\r\n",
    "24/04/2009;;;APA;;;;\r\n",
]


def _cp1252_csv(path: Path) -> Path:
    # Quotes around the bodies cell: the delimiter is a semicolon, and so is the list separator.
    lines = [HEADINGS]
    for row in ROWS:
        cells = row.rstrip("\r\n").split(";")
        if len(cells) > 8:  # the bodies cell held a semicolon
            cells = [*cells[:3], f'"{cells[3]};{cells[4]}"', *cells[5:]]
        lines.append(";".join(cells) + "\r\n")
    path.write_bytes("".join(lines).encode("cp1252"))
    return path


MAP = {"Notes of meeting": "summary"}


def _count(database: Database, model: type) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _meetings(database: Database) -> list[MeetingRow]:
    with database.session() as s:
        return meetings.rows(s, ListQuery(sort="held_on"), 0, 100)


def test_a_cp1252_csv_of_meetings_is_imported_with_names_matched_and_created(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    path = _cp1252_csv(tmp_path / "meetings.csv")

    report = import_file(database, path, "meetings", overrides=MAP)

    assert (report.read, report.imported, report.skipped, report.rejected) == (6, 2, 0, 4)
    assert [str(r) for r in report.rejections] == [
        "row 4: “banquet” is not a kind of meeting (one of: meeting, board, conference, workshop, seminar,"
        " consultation, written response, call, event)",
        "row 5: “31/02/2009” is not a date",
        "row 6: there is no date",
        "row 7: there is no title",
    ]
    assert report.created == [
        "body Safer Streets Trust",
        "theme Youth justice",
    ]
    rows = _meetings(database)
    assert [(r.when, r.title, r.kind, r.bodies, r.people, r.report_section) for r in rows] == [
        (
            "Mar 2009",
            "Safer Streets round table",
            MeetingKind.MEETING,
            "Safer Streets Trust",
            "Helen Murray",
            ReportSection.OFFICER_ACTIVITY,
        ),
        (
            "23 Apr 2009",
            "Tackling Crime in a Recession",
            MeetingKind.CONFERENCE,
            "Home Office; Association of Police Authorities (APA)",
            "Cllr Richard Kemp; Helen Murray",
            ReportSection.MEMBER_ACTIVITY,
        ),
    ]
    with database.session() as s:
        crime = meetings.get(s, rows[1].id)
    assert crime.summary == "Café £5" and crime.source == "spreadsheet"
    assert [(a.person_id, a.role) for a in crime.attendees] == [
        (directory.kemp, AttendanceRole.CHAIRED),
        (directory.murray, AttendanceRole.ATTENDED),
    ]
    assert crime.theme_ids == (directory.cdrp_reform,)
    assert crime.external_uid is not None and crime.external_uid.startswith("sheet:")


def test_new_people_get_their_column_s_kind_and_their_title(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        "Date,Title,Members,Officers,Outside attendees\n"
        '23/04/2009,Conference,Cllr Graham Brown (spoke),Jo Bloggs,"Alan Campbell MP, Phil Wheatley"\n',
        encoding="utf-8",
    )

    report = import_file(database, path)

    assert report.created == [
        "member Cllr Graham Brown",
        "officer Jo Bloggs",
        "outside contact Alan Campbell MP",
        "outside contact Phil Wheatley",
    ]
    with database.session() as s:
        held = {(p.title, p.name, p.kind) for p in s.scalars(select(Person))}
    assert held == {
        ("Cllr", "Graham Brown", PersonKind.MEMBER),
        ("", "Jo Bloggs", PersonKind.OFFICER),
        ("MP", "Alan Campbell", PersonKind.CONTACT),
        ("", "Phil Wheatley", PersonKind.CONTACT),
    }


def test_reimporting_the_same_file_adds_nothing(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    path = _cp1252_csv(tmp_path / "meetings.csv")
    import_file(database, path, overrides=MAP)
    counts = [_count(database, m) for m in (Meeting, Organisation, Person, Theme, Attendance)]

    again = import_file(database, path, overrides=MAP)

    assert (again.read, again.imported, again.skipped, again.rejected) == (6, 0, 2, 4)
    assert again.created == []
    assert [_count(database, m) for m in (Meeting, Organisation, Person, Theme, Attendance)] == counts


def test_a_dry_run_reports_the_same_and_stores_nothing(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    path = _cp1252_csv(tmp_path / "meetings.csv")

    report = import_file(database, path, overrides=MAP, dry_run=True)

    assert (report.imported, report.rejected) == (2, 4) and report.dry_run
    assert _count(database, Meeting) == 0 and _count(database, Organisation) == 4


def test_the_mapping_is_remembered_for_the_next_file_of_the_same_shape(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    first = tmp_path / "jan.csv"
    first.write_text("When held,What,Who with\n12/01/2009,Call with APA,APA\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="no column holds the date of the meetings"):
        import_file(database, first)

    report = import_file(
        database, first, overrides={"what": "title", "When held": "date", "Who with": "bodies"}
    )
    assert report.imported == 1

    second = tmp_path / "feb.csv"
    second.write_text("When Held,  What ,Who with\n09/02/2009,Call with NCRB,NCRB\n", encoding="utf-8")
    again = import_file(database, second)
    assert again.imported == 1
    assert again.notes[0] == (
        "columns read: When Held=date; What=title; Who with=bodies (as remembered from an earlier file)"
    )
    assert [r.bodies for r in _meetings(database)] == [
        "Association of Police Authorities (APA)",
        "National Crime Reduction Board (NCRB)",
    ]


def test_a_mapping_naming_an_unknown_heading_or_field_is_refused(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("Date,Title\n23/04/2009,Conference\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="no column headed “Venue”"):
        import_file(database, path, overrides={"Venue": "location"})
    with pytest.raises(ImportFailed, match="“venue” is not a field of meetings"):
        import_file(database, path, overrides={"Title": "venue"})
    with pytest.raises(ImportFailed, match="two columns are read as the date"):
        import_file(database, path, overrides={"Title": "date"})
    assert _count(database, Meeting) == 0


def test_an_xlsx_with_real_dates_and_excel_day_numbers(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Title", "Bodies", "Time", "Confidential"])
    sheet.append([datetime(2009, 4, 23), "Conference", "Home Office", "09:30", "yes"])
    sheet.append([datetime(2009, 4, 24, 14, 0), "Briefing", "APA", None, None])
    sheet.append([39929, "Call", "NCRB", None, "no"])
    sheet.append(["c. 13/06/2009", "Board", "NCRB", None, "maybe"])
    path = tmp_path / "book.xlsx"
    workbook.save(path)

    report = import_file(database, path)

    assert [str(r) for r in report.rejections] == ["row 5: “maybe” is not yes or no (confidential)"]
    with database.session() as s:
        held = [
            (m.held_on, m.date_precision, m.starts_at, m.title, m.confidential)
            for m in s.scalars(select(Meeting).order_by(Meeting.held_on))
        ]
    assert [(h[0], h[2].isoformat() if h[2] else None, h[3], h[4]) for h in held] == [
        (date(2009, 4, 23), "09:30:00", "Conference", True),
        (date(2009, 4, 24), "14:00:00", "Briefing", False),
        (date(2009, 4, 26), None, "Call", False),
    ]
    assert all(h[1] is DatePrecision.DAY for h in held)


def test_a_failure_half_way_stores_nothing(
    database: Database, directory: Directory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _cp1252_csv(tmp_path / "meetings.csv")
    store = sheet_import._store_meetings

    def store_then_fail(*args: object) -> None:
        store(*args)  # type: ignore[arg-type]
        raise ImportFailed("meetings.csv: the disk was taken away")

    monkeypatch.setattr(sheet_import, "_store_meetings", store_then_fail)
    with pytest.raises(ImportFailed, match="taken away"):
        import_file(database, path, overrides=MAP)

    assert (
        _count(database, Meeting) == 0
        and _count(database, Theme) == 1
        and _count(database, Organisation) == 4
    )


def test_bulk_inserted_meetings_and_links_are_in_the_audit_trail(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    path = _cp1252_csv(tmp_path / "meetings.csv")
    import_file(database, path, overrides=MAP)
    with database.session() as s:
        trail = {
            (e.table_name, e.row_id)
            for e in s.scalars(select(AuditEntry).where(AuditEntry.actor == "officer.test"))
        }
        links = s.execute(select(MeetingOrganisation.meeting_id, MeetingOrganisation.organisation_id)).all()
        meeting_ids = s.scalars(select(Meeting.id)).all()
    assert {("meetings", str(i)) for i in meeting_ids} <= trail
    assert {("meeting_organisations", f"{m}/{o}") for m, o in links} <= trail
    assert any(table == "organisations" for table, _row in trail)


def test_organisations_with_parents_and_other_names(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    path = tmp_path / "bodies.csv"
    path.write_text(
        "Name,Acronym,Type,Parent body,Other names\n"
        "Home Office,,government department,,\n"
        "Crime Reduction Unit,CRU,board or group,Home Office,Crime unit; Reduction unit\n"
        "Youth Justice Board,YJB,agency,Ministry of Justice,\n"
        "Some body,,spaceship,,\n",
        encoding="utf-8",
    )

    report = import_file(database, path, "organisations")

    assert (report.imported, report.skipped, report.rejected) == (2, 1, 1)
    assert "spaceship" in report.rejections[0].reason and report.rejections[0].row == 5
    assert report.created == ["body Ministry of Justice (a parent named in the file)"]
    with database.session() as s:
        cru = organisations.get(s, organisations.find(s, "CRU"))
        yjb = organisations.get(s, organisations.find(s, "YJB"))
    assert cru.parent_id == directory.home_office and cru.aliases == ("Crime unit", "Reduction unit")
    assert yjb.parent_id is not None


def test_people_skipped_when_held_and_checked_when_new(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "Name,Kind,Organisation,Party,Email\n"
        "Cllr Richard Kemp,member,,Liberal Democrat,\n"
        "Someone,officer,,,helen.murray@lga.gov.uk\n"
        "Dr Jane Smith,outside contact,Home Office,,jane.smith@example.org\n"
        "Jo Bloggs,officer,,Labour,\n"
        "Ann Other,,Safer Streets Trust,,not-an-address\n",
        encoding="utf-8",
    )

    report = import_file(database, path, "people")

    assert (report.imported, report.skipped, report.rejected) == (1, 2, 2)
    assert [str(r) for r in report.rejections] == [
        "row 5: only members (councillors) have a party",
        "row 6: “not-an-address” is not an email address",
    ]
    with database.session() as s:
        smith = people.get(s, people.find_similar(s, "Jane Smith")[0].id)
    assert (smith.title, smith.name, smith.organisation_id) == ("Dr", "Jane Smith", directory.home_office)


def test_titles_are_split_from_names() -> None:
    assert split_title("Cllr Richard Kemp") == ("Cllr", "Richard Kemp")
    assert split_title("Alan Campbell MP") == ("MP", "Alan Campbell")
    assert split_title("Rt Hon Jack Straw MP") == ("Rt Hon MP", "Jack Straw")
    assert split_title("Helen Murray") == ("", "Helen Murray")


_GOOD = (HEADINGS + "".join(ROWS)).encode("utf-8")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cuts=st.lists(st.tuples(st.integers(0, len(_GOOD)), st.binary(max_size=6)), max_size=4),
)
def test_mutated_csv_gives_a_balanced_report_or_import_failed_and_stores_nothing_then(
    database: Database, tmp_path_factory: pytest.TempPathFactory, cuts: list[tuple[int, bytes]]
) -> None:
    content = bytearray(_GOOD)
    for where, inserted in cuts:
        content[where : where + len(inserted)] = inserted
    path = tmp_path_factory.mktemp("mutated") / "m.csv"
    path.write_bytes(bytes(content))
    before = [_count(database, m) for m in (Meeting, Organisation, Person, Theme, AuditEntry)]
    try:
        report = import_file(database, path, overrides=MAP)
    except ImportFailed:
        assert [_count(database, m) for m in (Meeting, Organisation, Person, Theme, AuditEntry)] == before
        return
    assert report.read == report.imported + report.skipped + report.rejected
    assert _count(database, Meeting) == before[0] + report.imported


def test_imported_meetings_are_found_by_the_list_s_search_and_kept_current_after(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    path = _cp1252_csv(tmp_path / "meetings.csv")
    import_file(database, path, overrides=MAP)

    with database.session() as s:
        assert search.count_matches(s, "recession") == 1
        assert search.count_matches(s, "kemp tackling") == 1
        assert search.count_matches(s, "safer streets") == 1
        # The index's triggers are back once the import is stored: a change later is indexed too.
        (visit,) = meetings.rows(s, ListQuery(text="recession"), 0, 10)
        draft = meetings.get(s, visit.id)
        meetings.update(s, replace(draft, title="Tackling Crime in a Downturn"))
    with database.session() as s:
        assert search.count_matches(s, "recession") == 0
        assert search.count_matches(s, "downturn") == 1


def test_rows_with_the_same_date_read_it_alike_and_the_same_bad_date_is_refused_each_time(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "meetings.csv"
    path.write_text(
        "Date,Title\n23/04/2009,One\n23/04/2009,Two\n31/02/2009,Three\n31/02/2009,Four\nMarch 2009,Five\n",
        encoding="utf-8",
    )

    report = import_file(database, path)

    assert [str(r) for r in report.rejections] == [
        "row 4: “31/02/2009” is not a date",
        "row 5: “31/02/2009” is not a date",
    ]
    held = {m.title: (m.held_on, m.date_precision) for m in _meetings(database)}
    assert held == {
        "One": (date(2009, 4, 23), DatePrecision.DAY),
        "Two": (date(2009, 4, 23), DatePrecision.DAY),
        "Five": (date(2009, 3, 1), DatePrecision.MONTH),
    }


def test_dates_as_the_returns_write_them_are_read_in_a_spreadsheet_too(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    path = tmp_path / "meetings.csv"
    path.write_text(
        "Date,Title,Organisations\n"
        "Jan-14,Housing,Home Office\n"
        "Sep-2014,Policing,Home Office\n"
        "July,Fire safety,Home Office\n"
        "Jan/Feb/Mar 2014,Quarterly review,Home Office\n",
        encoding="utf-8",
    )

    report = import_file(database, path, dry_run=False)

    assert (report.imported, report.rejected) == (4, 0)
    with database.session() as s:
        held = {m.title: (m.held_on, m.date_precision) for m in s.scalars(select(Meeting))}
    assert held["Housing"] == (date(2014, 1, 1), DatePrecision.MONTH)
    assert held["Policing"] == (date(2014, 9, 1), DatePrecision.MONTH)
    assert held["Fire safety"] == (date(2014, 7, 1), DatePrecision.MONTH)  # the year the others give
    assert held["Quarterly review"] == (date(2014, 1, 1), DatePrecision.QUARTER)


def test_close_matches_are_listed_and_only_those_accepted_are_taken(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    path = tmp_path / "meetings.csv"
    path.write_text(
        "Date,Title,With\n"
        "12/01/2009,Policing,Assocation of Police Authorities\n"
        "13/01/2009,Crime,National Crime Reduction Bord\n",
        encoding="utf-8",
    )

    dry = import_file(database, path, dry_run=True)
    report = import_file(database, path, accepted={"Assocation of Police Authorities"})

    assert {(p.text, p.record_id) for p in dry.possible} == {
        ("Assocation of Police Authorities", directory.apa),
        ("National Crime Reduction Bord", directory.ncrb),
    }
    assert report.created == ["body National Crime Reduction Bord"]
    with database.session() as s:
        linked = dict(
            s.execute(
                select(Meeting.title, MeetingOrganisation.organisation_id).join(
                    MeetingOrganisation, MeetingOrganisation.meeting_id == Meeting.id
                )
            ).all()
        )
    assert linked["Policing"] == directory.apa
    assert linked["Crime"] != directory.ncrb


def test_a_name_holding_a_control_character_is_matched_as_it_will_be_stored(
    database: Database, directory: Directory, tmp_path: Path
) -> None:
    path = tmp_path / "meetings.csv"
    path.write_text("Date,Title,Theme\n12/01/2009,Policing,CDRP\x01 reform\n", encoding="utf-8")

    report = import_file(database, path)  # once refused whole: a second theme of the same name

    assert (report.imported, report.created) == (1, [])
    with database.session() as s:
        assert [t.id for t in s.scalars(select(Meeting)).one().themes] == [directory.cdrp_reform]


def test_a_meeting_dated_ahead_is_imported_as_planned_and_one_past_as_held(
    database: Database, tmp_path: Path
) -> None:
    from db.vocabulary import MeetingStatus

    ahead = date.today().replace(year=date.today().year + 1)
    path = tmp_path / "diary.csv"
    path.write_text(
        f"date,title,organisations\n{ahead.isoformat()},NCRB away day,National Crime Reduction Board\n"
        "2009-05-13,NCRB,National Crime Reduction Board\n",
        encoding="utf-8",
    )
    import_file(database, path, kind="meetings")
    with database.reading() as s:
        held = {title: status for title, status in s.execute(select(Meeting.title, Meeting.status))}
    assert held == {"NCRB away day": MeetingStatus.PLANNED, "NCRB": MeetingStatus.HELD}
