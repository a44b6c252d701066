"""The stakeholder map's data (filters, who moved) and a body's or person's relationship health."""

from __future__ import annotations

from datetime import date

import pytest

from db.engine import Database
from db.programme import PolicyItemKind
from db.stakeholders import Stance, StanceSource
from db.vocabulary import AttendanceRole, BodyRole, MeetingKind, ReportSection
from tracker import duties, meetings
from tracker.lobbying import bills, policy_items, programme
from tracker.meetings import AttendeeEntry, BodyEntry, FollowUpEntry, MeetingDraft
from tracker.stakeholders import health, positions
from tracker.stakeholders.map import PEOPLE, MapFilter, quadrant, stakeholder_map
from tracker.stakeholders.positions import AssessmentDraft, StanceDraft

from .conftest import Directory


@pytest.fixture
def items(database: Database, directory: Directory) -> tuple[int, int]:
    """The national standards (under a CDRP reform work stream) and the Flanagan review."""
    from tracker import boards

    with database.session() as s:
        board = boards.create(s, boards.BoardDraft("Safer Communities Board"))
        intervention = programme.create(
            s,
            programme.InterventionDraft(
                board.id or 0,
                "2006/7",
                "Safer communities",
                work_streams=(programme.WorkStreamEntry("CDRP reform", "", directory.cdrp_reform),),
            ),
        )
        stream = intervention.work_streams[0].id or 0
        standards = policy_items.create(
            s,
            policy_items.PolicyItemDraft(
                PolicyItemKind.NATIONAL_STANDARDS, "National minimum standards", work_stream_ids=(stream,)
            ),
        ).id
        flanagan = policy_items.create(
            s, policy_items.PolicyItemDraft(PolicyItemKind.REVIEW, "Flanagan review")
        ).id
    assert standards is not None and flanagan is not None
    return standards, flanagan


def _stance(on: date, stance: Stance, **who: int | None) -> StanceDraft:
    return StanceDraft(stance, on, StanceSource.PAPER, source_text="Paper 002", **who)  # type: ignore[arg-type]


@pytest.fixture
def assessed(database: Database, directory: Directory, items: tuple[int, int]) -> tuple[int, int]:
    standards, flanagan = items
    with database.session() as s:
        positions.assess(s, AssessmentDraft(5, 5, organisation_id=directory.home_office))
        positions.assess(s, AssessmentDraft(2, 4, organisation_id=directory.home_office, item_id=flanagan))
        positions.assess(s, AssessmentDraft(4, 2, organisation_id=directory.apa))
        positions.assess(s, AssessmentDraft(2, 2, person_id=directory.campbell))
        positions.record_stance(
            s,
            _stance(
                date(2006, 11, 1), Stance.SCEPTICAL, organisation_id=directory.home_office, item_id=standards
            ),
        )
        positions.record_stance(
            s,
            _stance(
                date(2007, 6, 30), Stance.SUPPORTIVE, organisation_id=directory.home_office, item_id=standards
            ),
        )
        positions.record_stance(
            s, _stance(date(2007, 6, 30), Stance.NEUTRAL, organisation_id=directory.home_office)
        )
        positions.record_stance(
            s, _stance(date(2009, 6, 1), Stance.SUPPORTIVE, organisation_id=directory.apa)
        )
    return items


def test_every_assessed_stakeholder_is_a_point_in_its_quadrant(
    database: Database, directory: Directory, assessed: tuple[int, int]
) -> None:
    with database.session() as s:
        points = stakeholder_map(s)
    assert [(p.name, p.quadrant, p.stance) for p in points] == [
        ("Home Office", "Manage closely", Stance.NEUTRAL),  # the overall stance, not the standards'
        ("APA", "Keep satisfied", Stance.SUPPORTIVE),
        ("Alan Campbell MP", "Monitor", Stance.UNKNOWN),
    ]
    assert quadrant(1, 5) == "Keep informed"


def test_on_an_item_its_own_assessment_and_stance_win(
    database: Database, directory: Directory, assessed: tuple[int, int]
) -> None:
    standards, flanagan = assessed
    with database.session() as s:
        on_standards = {p.name: p for p in stakeholder_map(s, MapFilter(item_id=standards))}
        on_flanagan = {p.name: p for p in stakeholder_map(s, MapFilter(item_id=flanagan))}
    assert on_standards["Home Office"].stance == Stance.SUPPORTIVE
    assert (on_standards["Home Office"].influence, on_standards["Home Office"].interest) == (5, 5)
    assert (on_flanagan["Home Office"].influence, on_flanagan["Home Office"].interest) == (2, 4)
    assert on_flanagan["Home Office"].stance == Stance.NEUTRAL  # no stance on the review: the overall one


def test_filters_by_theme_kind_and_period(
    database: Database, directory: Directory, assessed: tuple[int, int]
) -> None:
    with database.session() as s:
        themed = stakeholder_map(s, MapFilter(theme_id=directory.cdrp_reform))
        people_only = stakeholder_map(s, MapFilter(kind=PEOPLE))
        associations = stakeholder_map(s, MapFilter(kind="association"))
        recent = stakeholder_map(s, MapFilter(since=date(2009, 1, 1)))
        then = stakeholder_map(s, MapFilter(until=date(2007, 1, 1), item_id=assessed[0]))
    assert [p.name for p in themed] == ["Home Office"]
    assert [p.name for p in people_only] == ["Alan Campbell MP"]
    assert [p.name for p in associations] == ["APA"]
    assert [p.name for p in recent] == ["APA"]
    assert {p.name: p.stance for p in then}["Home Office"] == Stance.SCEPTICAL


def test_arrows_show_who_moved_since_a_date(
    database: Database, directory: Directory, assessed: tuple[int, int]
) -> None:
    with database.session() as s:
        points = {
            p.name: p
            for p in stakeholder_map(s, MapFilter(item_id=assessed[0], moved_since=date(2007, 1, 1)))
        }
    assert points["Home Office"].moved and points["Home Office"].earlier == Stance.SCEPTICAL
    assert not points["APA"].moved  # no stance held on that day: nothing to move from


def test_relationship_health_of_a_body_and_a_person(
    database: Database, directory: Directory, assessed: tuple[int, int]
) -> None:
    with database.session() as s:
        duties.appoint(
            s, duties.AppointmentDraft(directory.kemp, directory.home_office, term_start=date(2009, 1, 1))
        )
        meetings.log(
            s,
            MeetingDraft(
                "Crime in a recession",
                date(2009, 4, 23),
                MeetingKind.CONFERENCE,
                bodies=(BodyEntry(directory.home_office, BodyRole.PARTICIPANT),),
                attendees=(AttendeeEntry(directory.kemp, AttendanceRole.CHAIRED),),
                report_section=ReportSection.MEMBER_ACTIVITY,
                follow_ups=(FollowUpEntry("Send slides", directory.murray, date(2009, 5, 1)),),
            ),
        )
        meetings.log(
            s,
            MeetingDraft(
                "NCRB",
                date(2009, 1, 14),
                MeetingKind.BOARD,
                bodies=(BodyEntry(directory.home_office, BodyRole.HOST),),
                report_section=ReportSection.OFFICER_ACTIVITY,
            ),
        )
        bills.add_ask(
            s,
            bills.AskDraft(
                None,
                "No routine inspection",
                target_organisation_id=directory.home_office,
                policy_item_ids=(assessed[0],),
            ),
        )
    with database.session() as s:
        body = health.relationship_health(s, organisation_id=directory.home_office, as_of=date(2009, 7, 1))
        member = health.relationship_health(s, person_id=directory.kemp, as_of=date(2009, 7, 1))
        stranger = health.relationship_health(s, person_id=directory.witherick, as_of=date(2009, 7, 1))
    assert body.last_contact_text == "23 Apr 2009"
    assert body.quarters.quarters == ((2009, 1), (2009, 2))
    assert body.quarters.total == 2
    assert [r.stance for r in body.stances] == [Stance.SCEPTICAL, Stance.SUPPORTIVE, Stance.NEUTRAL]
    assert [a.text for a in body.open_asks] == ["No routine inspection"]
    assert [f.text for f in body.open_follow_ups] == ["Send slides"]
    assert body.appointees == ("Cllr Richard Kemp, representative (from 1 Jan 2009)",)
    assert member.quarters.total == 1 and member.appointees == (
        "Home Office, representative (from 1 Jan 2009)",
    )
    assert stranger.last_contact_text == "no meeting recorded" and stranger.quarters.total == 0
