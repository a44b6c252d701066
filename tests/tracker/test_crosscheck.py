"""The cross-check of a department's return: who met whom, who else on the same subject, which of our
meetings the return leaves out; and outside meetings kept out of the association's own reports."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from db.engine import Database
from db.vocabulary import BodyRole
from tracker import crosscheck, duties, meetings
from tracker.crosscheck import Scope
from tracker.directory import organisations, people
from tracker.duties import AppointmentDraft
from tracker.graph.build import GraphFilter, body_node, build_graph, person_node
from tracker.io.transparency import import_return, quarter
from tracker.meetings import AttendeeEntry, BodyEntry, MeetingDraft
from tracker.reports import outside_bodies

from .conftest import Directory

Q1 = quarter(2009, 1)


def _return(database: Database, tmp_path: Path, rows: list[list[str]]) -> None:
    path = tmp_path / "home-office-2009-q1.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([["Minister", "Date", "Organisation", "Purpose"], *rows])
    report = import_return(database, path, dry_run=False)
    assert report.rejected == 0, report.rejections


def _ours(database: Database, title: str, on: date, *bodies: int, attendee: int) -> int:
    with database.session() as s:
        stored = meetings.log(
            s,
            MeetingDraft(
                title,
                on,
                bodies=tuple(BodyEntry(b, BodyRole.PARTICIPANT) for b in bodies),
                attendees=(AttendeeEntry(attendee),),
            ),
        )
    assert stored.id is not None
    return stored.id


@pytest.fixture
def seeded(database: Database, directory: Directory, tmp_path: Path) -> Directory:
    """Alan Campbell met the APA and ACPO on police reform, the NCRB on crime figures, and the LGA
    on 10 February; we met the Home Office on 12 January and the NCRB (under it) on 9 February."""
    _return(
        database,
        tmp_path,
        [
            ["Alan Campbell MP", "12/01/2009", "APA, ACPO", "Police reform bill"],
            ["", "20/01/2009", "ACPO", "Police reform: neighbourhood policing"],
            ["", "02/02/2009", "Association of Police Authorities", "Crime figures"],
            ["", "10/02/2009", "LGA", "Tackling crime in a recession"],
        ],
    )
    _ours(
        database,
        "Home Office on the Policing Green Paper",
        date(2009, 1, 12),
        directory.home_office,
        attendee=directory.kemp,
    )
    _ours(database, "NCRB", date(2009, 2, 9), directory.ncrb, attendee=directory.kemp)
    _ours(database, "Home Office in April", date(2009, 4, 14), directory.home_office, attendee=directory.kemp)
    return directory


def test_which_ministers_met_which_bodies(database: Database, seeded: Directory) -> None:
    with database.session() as s:
        met = crosscheck.ministers_met(s, Scope(seeded.home_office, Q1.start, Q1.end))
        choices = crosscheck.returns(s)

    assert [c.label for c in choices] == ["Home Office, Jan–Mar 2009"]
    assert [(m.minister, m.body, m.when, m.purpose, m.times) for m in met] == [
        ("Alan Campbell MP", "ACPO", "12 Jan 2009", "Police reform bill", 2),
        ("Alan Campbell MP", "ACPO", "20 Jan 2009", "Police reform: neighbourhood policing", 2),
        (
            "Alan Campbell MP",
            "Association of Police Authorities (APA)",
            "12 Jan 2009",
            "Police reform bill",
            2,
        ),
        ("Alan Campbell MP", "Association of Police Authorities (APA)", "2 Feb 2009", "Crime figures", 2),
        (
            "Alan Campbell MP",
            "Local Government Association (LGA)",
            "10 Feb 2009",
            "Tackling crime in a recession",
            1,
        ),
    ]
    with database.session() as s:
        assert crosscheck.ministers_met(s, Scope(seeded.apa)) == []
        assert len(crosscheck.ministers_met(s, Scope(None, date(2009, 2, 1), date(2009, 2, 28)))) == 2


def test_who_else_met_the_minister_on_the_same_subject(database: Database, seeded: Directory) -> None:
    with database.session() as s:
        met = crosscheck.ministers_met(s, Scope())
        reform = next(m for m in met if m.purpose == "Police reform bill")
        others = crosscheck.same_subject(s, reform.meeting_id)
        figures = next(m for m in met if m.purpose == "Crime figures")
        by_figures = crosscheck.same_subject(s, figures.meeting_id)

    assert [(o.bodies, o.when, o.shared) for o in others] == [("ACPO", "20 Jan 2009", ("police", "reform"))]
    # "Crime" is shared with "Tackling crime in a recession".
    assert [(o.bodies, o.shared) for o in by_figures] == [("Local Government Association (LGA)", ("crime",))]


def test_our_meetings_with_the_department_missing_from_its_return(
    database: Database, seeded: Directory
) -> None:
    with database.session() as s:
        missing = crosscheck.missing_from_return(s, Scope(seeded.home_office))

    # 12 January: the return has no LGA row near it. 9 February (with the NCRB, under the Home
    # Office): the return's LGA row of 10 February shows it. 14 April: no return covers April.
    assert [(m.title, m.when, m.people) for m in missing] == [
        ("Home Office on the Policing Green Paper", "12 Jan 2009", "Cllr Richard Kemp")
    ]
    assert missing[0].why == (
        "no row of the Home Office, Jan–Mar 2009 return names the LGA within 3 days of 12 Jan 2009"
    )


def test_outside_meetings_stay_out_of_our_reports_duties_graph_and_pages(
    database: Database, seeded: Directory
) -> None:
    with database.session() as s:
        duties.appoint(s, AppointmentDraft(seeded.kemp, seeded.apa, term_start=date(2008, 1, 1)))
    with database.session() as s:
        sections, _confidential = outside_bodies.entries(s, Q1.start, Q1.end)
        titles = [e.heading + " " + e.text for entries in sections.values() for e in entries]
        count = outside_bodies.meeting_count(s, Q1.start, Q1.end)
        sheet = duties.duties_of(s, seeded.kemp, Q1.start, Q1.end, as_of=Q1.end)
        apa_page = organisations.page(s, seeded.apa)
        campbell_page = people.page(s, seeded.campbell)
        graph = build_graph(s, GraphFilter(), as_of=Q1.end)

    assert count == 2  # our two meetings in the quarter, not the return's four
    assert not any("Police reform" in t or "Crime figures" in t for t in titles)
    (duty,) = sheet.duties
    assert duty.held == 0  # the minister meeting the APA is not a meeting Cllr Kemp missed
    assert apa_page.meetings == ()
    assert campbell_page.meetings == ()
    assert not graph.has_edge(person_node(seeded.campbell), body_node(seeded.apa))
