"""Logging meetings: what the form may save, what the list finds, and what undo can bring back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest
from sqlalchemy import func, select

from db.engine import Database
from db.models import AuditEntry
from db.vocabulary import AttendanceRole, BodyRole, MeetingKind, ReportSection
from tracker import meetings
from tracker.common.errors import EditConflict, InvalidRecord
from tracker.common.listing import ListQuery
from tracker.meetings import AttendeeEntry, BodyEntry, FollowUpEntry, MeetingDraft

from .conftest import Directory


def ncrb_march(d: Directory) -> MeetingDraft:
    return MeetingDraft(
        title="National Crime Reduction Board",
        held_on=date(2009, 3, 19),
        starts_at=time(10, 30),
        kind=MeetingKind.BOARD,
        bodies=(BodyEntry(d.ncrb, BodyRole.HOST), BodyEntry(d.home_office)),
        attendees=(
            AttendeeEntry(d.kemp, AttendanceRole.REPRESENTED),
            AttendeeEntry(d.campbell, AttendanceRole.SPOKE),
        ),
        theme_ids=(d.cdrp_reform,),
        summary="The meeting in March considered the latest crime statistics.",
        follow_ups=(FollowUpEntry("Take a paper to a future NCRB meeting", d.murray, date(2009, 7, 1)),),
    )


def test_a_logged_meeting_comes_back_as_entered(database: Database, directory: Directory) -> None:
    with database.session() as s:
        stored = meetings.log(s, ncrb_march(directory))
    with database.session() as s:
        again = meetings.get(s, stored.id)  # type: ignore[arg-type]
    assert again == stored
    assert [a.name for a in again.attendees] == ["Cllr Richard Kemp", "Alan Campbell MP"]
    assert [b.name for b in again.bodies] == ["National Crime Reduction Board (NCRB)", "Home Office"]
    assert again.follow_ups[0].owner == "Helen Murray"
    assert again.starts_at == time(10, 30)
    assert again.version == 1


def test_every_problem_is_named_against_its_field(database: Database, directory: Directory) -> None:
    draft = MeetingDraft(
        title="  ",
        held_on=None,
        attendees=(AttendeeEntry(directory.kemp), AttendeeEntry(directory.kemp, AttendanceRole.SPOKE)),
    )
    with pytest.raises(InvalidRecord) as caught, database.session() as s:
        meetings.log(s, draft)
    assert caught.value.problems == {
        "title": "A meeting needs a title.",
        "held_on": "A meeting needs a date.",
        "attendees": "Cllr Richard Kemp is listed twice.",
    }


def test_a_follow_up_due_before_the_meeting_is_refused(database: Database, directory: Directory) -> None:
    draft = replace(ncrb_march(directory), follow_ups=(FollowUpEntry("Write up", None, date(2009, 3, 1)),))
    with pytest.raises(InvalidRecord) as caught, database.session() as s:
        meetings.log(s, draft)
    assert caught.value.problems == {
        "follow_ups": "The follow-up “Write up” is due on 1 Mar 2009, before the meeting on 19 Mar 2009."
    }
    with database.session() as s:
        assert meetings.count(s, ListQuery()) == 0


@pytest.mark.parametrize(
    ("attendees", "expected"),
    [
        ("kemp", ReportSection.MEMBER_ACTIVITY),
        ("murray", ReportSection.OFFICER_ACTIVITY),
        ("kemp-apologies", ReportSection.OFFICER_ACTIVITY),
        ("", ReportSection.OFFICER_ACTIVITY),
    ],
)
def test_the_report_section_follows_whether_a_member_took_part(
    database: Database, directory: Directory, attendees: str, expected: ReportSection
) -> None:
    entries = {
        "kemp": (AttendeeEntry(directory.kemp, AttendanceRole.CHAIRED),),
        "murray": (AttendeeEntry(directory.murray),),
        "kemp-apologies": (AttendeeEntry(directory.kemp, AttendanceRole.APOLOGIES),),
        "": (),
    }[attendees]
    with database.session() as s:
        stored = meetings.log(s, MeetingDraft("Board", date(2009, 4, 1), attendees=entries))
    assert stored.report_section is expected


def test_the_report_section_can_be_overridden(database: Database, directory: Directory) -> None:
    """The June 2009 paper files a conference chaired by Cllr Kemp under officer activity."""
    draft = MeetingDraft(
        "Integrating Neighbourhood Policing and Neighbourhood Services Conference",
        date(2009, 6, 11),
        kind=MeetingKind.CONFERENCE,
        attendees=(AttendeeEntry(directory.kemp, AttendanceRole.CHAIRED),),
        report_section=ReportSection.OFFICER_ACTIVITY,
    )
    with database.session() as s:
        assert meetings.log(s, draft).report_section is ReportSection.OFFICER_ACTIVITY


def test_an_edit_replaces_links_and_is_one_audited_change(database: Database, directory: Directory) -> None:
    with database.session() as s:
        stored = meetings.log(s, ncrb_march(directory))
    with database.session() as s:
        before = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.table_name == "meetings")
        )
        changed = meetings.update(
            s,
            replace(
                stored,
                title="NCRB, March meeting",
                attendees=(AttendeeEntry(directory.witherick, AttendanceRole.ATTENDED),),
                bodies=(BodyEntry(directory.ncrb, BodyRole.HOST),),
                theme_ids=(),
            ),
        )
        after = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.table_name == "meetings")
        )
    assert changed.version == 2
    assert after == (before or 0) + 1
    assert [a.name for a in changed.attendees] == ["Cllr Allan Witherick"]
    assert changed.theme_ids == ()
    with database.session() as s:
        row = meetings.rows(s, ListQuery("March meeting"), 0, 1)[0]
    assert (row.bodies, row.people) == ("National Crime Reduction Board (NCRB)", "Cllr Allan Witherick")


def test_a_stale_edit_is_refused_and_the_colleagues_edit_survives(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        stored = meetings.log(s, ncrb_march(directory))
    with database.session() as s:
        meetings.update(s, replace(stored, summary="Colleague's summary"))
    with pytest.raises(EditConflict), database.session() as s:
        meetings.update(s, replace(stored, summary="My summary"))
    with database.session() as s:
        assert meetings.get(s, stored.id).summary == "Colleague's summary"  # type: ignore[arg-type]


def test_a_deleted_meeting_can_be_restored_whole(database: Database, directory: Directory) -> None:
    with database.session() as s:
        stored = meetings.log(s, ncrb_march(directory))
    with database.session() as s:
        snapshot = meetings.delete(s, stored.id)  # type: ignore[arg-type]
    with database.session() as s:
        assert meetings.count(s, ListQuery()) == 0
        restored = meetings.restore(s, snapshot)
    assert replace(restored, version=None) == replace(stored, version=None)


def test_the_list_filters_by_title_body_or_person_and_sorts(database: Database, directory: Directory) -> None:
    with database.session() as s:
        meetings.log(s, ncrb_march(directory))
        meetings.log(
            s,
            MeetingDraft(
                "Local Government Panel meeting with HSE Board Members",
                date(2009, 4, 15),
                attendees=(AttendeeEntry(directory.witherick),),
            ),
        )
        meetings.log(
            s,
            MeetingDraft(
                "Violence Against Women Strategy",
                date(2009, 6, 1),
                bodies=(BodyEntry(directory.home_office, BodyRole.HOST),),
            ),
        )
        titles = lambda q: [r.title for r in meetings.rows(s, q, 0, 50)]  # noqa: E731
        assert titles(ListQuery("ncrb")) == ["National Crime Reduction Board"]
        assert titles(ListQuery("witherick")) == ["Local Government Panel meeting with HSE Board Members"]
        assert titles(ListQuery("home office")) == [
            "National Crime Reduction Board",
            "Violence Against Women Strategy",
        ]
        assert titles(ListQuery("100%_")) == []
        assert titles(ListQuery(sort="held_on", descending=True))[0] == "Violence Against Women Strategy"
        assert titles(ListQuery(sort="title")) == sorted(titles(ListQuery()))
        assert meetings.count(s, ListQuery("board")) == 2
        assert titles(ListQuery(sort="held_on"))[1:2] == [
            r.title for r in meetings.rows(s, ListQuery(sort="held_on"), 1, 1)
        ]


def test_undoing_a_delete_restores_report_backs_and_calendar_identity(
    database: Database, directory: Directory
) -> None:
    from tracker import duties

    with database.session() as s:
        stored = meetings.log(s, replace(ncrb_march(directory), source="ics", external_uid="abc@calendar"))
        duties.record_report_back(s, stored.id, directory.kemp, date(2009, 3, 25))  # type: ignore[arg-type]
    with database.session() as s:
        snapshot = meetings.delete(s, stored.id)  # type: ignore[arg-type]
    with database.session() as s:
        restored = meetings.restore(s, snapshot)
        assert duties.reported_back_on(s, stored.id, directory.kemp) == date(2009, 3, 25)  # type: ignore[arg-type]
    assert (restored.source, restored.external_uid) == ("ics", "abc@calendar")


def test_a_save_from_the_form_keeps_a_report_back_recorded_meanwhile(
    database: Database, directory: Directory
) -> None:
    from tracker import duties

    with database.session() as s:
        stored = meetings.log(s, ncrb_march(directory))
    with database.session() as s:
        duties.record_report_back(s, stored.id, directory.kemp, date(2009, 3, 25))  # type: ignore[arg-type]
    with database.session() as s:
        meetings.update(s, replace(stored, title="NCRB, March", version=meetings.get(s, stored.id).version))  # type: ignore[arg-type]
        assert duties.reported_back_on(s, stored.id, directory.kemp) == date(2009, 3, 25)  # type: ignore[arg-type]
