"""The demo database holds the seed papers' real records, as the June 2009 report gives them."""

from __future__ import annotations

from datetime import date

import pytest

from db.engine import Database
from db.vocabulary import ReportSection
from tracker import demo, meetings
from tracker.common.errors import DomainError
from tracker.common.listing import ListQuery
from tracker.directory import organisations, people


def june_2009(db: Database) -> list[meetings.MeetingDraft]:
    with db.session() as s:
        rows = meetings.rows(s, ListQuery(sort="held_on"), 0, 1000)
        return [meetings.get(s, r.id) for r in rows if date(2009, 3, 14) <= r.held_on <= date(2009, 6, 13)]


def test_the_june_2009_paper_has_8_member_and_9_officer_entries(demo_database: Database) -> None:
    found = june_2009(demo_database)
    member = {m.report_heading for m in found if m.report_section is ReportSection.MEMBER_ACTIVITY}
    officer = {m.report_heading for m in found if m.report_section is ReportSection.OFFICER_ACTIVITY}
    assert len(member) == 8 and len(officer) == 9
    assert "National Crime Reduction Board" in member
    assert "Integrating Neighbourhood Policing and Neighbourhood Services Conference" in officer
    ncrb = [m for m in found if m.report_heading == "National Crime Reduction Board"]
    assert len(ncrb) == 2, "the NCRB entry covers the March and May meetings"


def test_members_and_roles_are_those_the_paper_gives(demo_database: Database) -> None:
    found = {m.report_heading: m for m in june_2009(demo_database)}
    roles = {h: [(a.name, a.role.value) for a in m.attendees] for h, m in found.items()}
    assert ("Cllr Graham Brown", "chaired") in roles["Tackling Crime in a Recession"]
    assert ("Alan Campbell MP", "spoke") in roles["Tackling Crime in a Recession"]
    assert roles["Criminal Justice Council"] == [("Cllr David Smith", "written_submission")]
    assert ("Cllr Stacey", "chaired") in roles["LGA Annual Conference workshop on role of probation"]
    assert ("Phil Wheatley", "spoke") in roles["LGA Annual Conference workshop on role of probation"]
    assert found["Tackling Crime in a Recession"].held_on == date(2009, 4, 23)


def test_bodies_and_people_carry_their_details(demo_database: Database) -> None:
    with demo_database.session() as s:
        ncrb = organisations.rows(s, ListQuery("National Crime Reduction Board"), 0, 1)[0]
        assert (ncrb.acronym, ncrb.parent) == ("NCRB", "Home Office")
        murray = people.get(s, people.rows(s, ListQuery("Helen Murray"), 0, 1)[0].id)
        assert (murray.email, murray.phone) == ("helen.murray@lga.gov.uk", "020 7664 3266")
        wheatley = people.get(s, people.rows(s, ListQuery("Wheatley"), 0, 1)[0].id)
        assert any("Director General" in p.role for p in wheatley.positions)


def test_the_demo_has_no_duplicate_bodies(demo_database: Database) -> None:
    with demo_database.session() as s:
        rows = organisations.rows(s, ListQuery(), 0, 1000)
        for row in rows:
            matches = organisations.find_similar(s, row.name, row.acronym, exclude_id=row.id)
            assert not matches, f"{row.name} looks like {matches[0].label}"


def test_the_demo_is_only_built_into_an_empty_database(demo_database: Database) -> None:
    with pytest.raises(DomainError, match="empty database"), demo_database.session() as s:
        demo.build(s)
