"""Representation duties: terms, attendance, stand-ins, report-backs, successors, and what needs a look."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import event

from db.engine import Database
from db.vocabulary import AppointmentRole, AttendanceRole, BodyRole
from tracker import duties, meetings
from tracker.common.errors import InvalidRecord, NotFound
from tracker.duties import AppointmentDraft
from tracker.meetings import AttendeeEntry, BodyEntry, MeetingDraft

from .conftest import Directory


def ncrb_meeting(db: Database, d: Directory, on: date, *attendees: AttendeeEntry) -> int:
    with db.session() as s:
        stored = meetings.log(
            s,
            MeetingDraft(
                f"NCRB {on:%B %Y}", on, bodies=(BodyEntry(d.ncrb, BodyRole.HOST),), attendees=attendees
            ),
        )
    assert stored.id is not None
    return stored.id


def appoint(db: Database, draft: AppointmentDraft) -> AppointmentDraft:
    with db.session() as s:
        return duties.appoint(s, draft)


def test_a_members_duties_count_meetings_attended_missed_and_stood_in_for(
    database: Database, directory: Directory
) -> None:
    appoint(database, AppointmentDraft(directory.kemp, directory.ncrb, term_start=date(2009, 1, 1)))
    appoint(
        database,
        AppointmentDraft(
            directory.witherick, directory.ncrb, AppointmentRole.SUBSTITUTE, term_start=date(2009, 1, 1)
        ),
    )
    ncrb_meeting(
        database, directory, date(2009, 3, 19), AttendeeEntry(directory.kemp, AttendanceRole.REPRESENTED)
    )
    ncrb_meeting(
        database,
        directory,
        date(2009, 5, 21),
        AttendeeEntry(directory.witherick, AttendanceRole.ATTENDED),
        AttendeeEntry(directory.kemp, AttendanceRole.APOLOGIES),
    )
    ncrb_meeting(database, directory, date(2009, 7, 16))
    ncrb_meeting(database, directory, date(2009, 9, 17), AttendeeEntry(directory.kemp, AttendanceRole.SPOKE))

    with database.session() as s:
        sheet = duties.duties_of(
            s, directory.kemp, date(2009, 1, 1), date(2009, 12, 31), as_of=date(2009, 12, 31)
        )
    (duty,) = sheet.duties
    assert [(m.when, m.status, m.role) for m in duty.meetings] == [
        ("19 Mar 2009", "attended", "represented the association"),
        ("21 May 2009", "substitute attended", "Cllr Allan Witherick"),
        ("16 Jul 2009", "missed", ""),
        ("17 Sep 2009", "attended", "spoke"),
    ]
    assert (duty.held, duty.attended, duty.rate_text, duty.last_attended) == (4, 2, "50%", date(2009, 9, 17))
    assert duty.term == "1 Jan 2009 – open-ended"
    assert sheet.rate_text == "50%"


def test_a_term_ending_mid_period_counts_only_the_meetings_within_it(
    database: Database, directory: Directory
) -> None:
    appoint(
        database,
        AppointmentDraft(
            directory.kemp, directory.ncrb, term_start=date(2009, 1, 1), term_end=date(2009, 6, 30)
        ),
    )
    ncrb_meeting(database, directory, date(2009, 3, 19), AttendeeEntry(directory.kemp))
    ncrb_meeting(database, directory, date(2009, 9, 17))
    with database.session() as s:
        (duty,) = duties.duties_of(
            s, directory.kemp, date(2009, 1, 1), date(2009, 12, 31), date(2010, 1, 1)
        ).duties
    assert [m.when for m in duty.meetings] == ["19 Mar 2009"]
    assert duty.rate_text == "100%"


def test_meetings_after_the_as_of_date_are_not_yet_missed(database: Database, directory: Directory) -> None:
    appoint(database, AppointmentDraft(directory.kemp, directory.ncrb))
    ncrb_meeting(database, directory, date(2009, 3, 19), AttendeeEntry(directory.kemp))
    ncrb_meeting(database, directory, date(2009, 9, 17))
    with database.session() as s:
        (duty,) = duties.duties_of(
            s, directory.kemp, date(2009, 1, 1), date(2009, 12, 31), date(2009, 6, 1)
        ).duties
    assert duty.held == 1 and duty.term == "date not recorded – open-ended"


def test_report_backs_written_on_time_late_or_not_at_all(database: Database, directory: Directory) -> None:
    appoint(database, AppointmentDraft(directory.kemp, directory.ncrb))
    on_time = ncrb_meeting(database, directory, date(2009, 3, 19), AttendeeEntry(directory.kemp))
    late = ncrb_meeting(database, directory, date(2009, 5, 21), AttendeeEntry(directory.kemp))
    ncrb_meeting(database, directory, date(2009, 7, 16), AttendeeEntry(directory.kemp))
    ncrb_meeting(database, directory, date(2009, 9, 17), AttendeeEntry(directory.kemp))
    with database.session() as s:
        duties.record_report_back(s, on_time, directory.kemp, date(2009, 3, 25))
        duties.record_report_back(s, late, directory.kemp, date(2009, 6, 30))
        (duty,) = duties.duties_of(
            s, directory.kemp, date(2009, 1, 1), date(2009, 12, 31), date(2009, 9, 20)
        ).duties
    assert [m.report_back for m in duty.meetings] == [
        "written 25 Mar 2009",
        "written 30 Jun 2009 (late)",
        "overdue",
        "due by 1 Oct 2009",
    ]
    assert duty.report_backs_owed == 1
    with pytest.raises(InvalidRecord, match="before the meeting"), database.session() as s:
        duties.record_report_back(s, on_time, directory.kemp, date(2009, 3, 1))


def test_overlapping_terms_on_one_body_are_refused(database: Database, directory: Directory) -> None:
    appoint(
        database,
        AppointmentDraft(
            directory.kemp, directory.ncrb, term_start=date(2009, 1, 1), term_end=date(2009, 12, 31)
        ),
    )
    with pytest.raises(InvalidRecord) as caught:
        appoint(
            database,
            AppointmentDraft(
                directory.kemp, directory.ncrb, AppointmentRole.DEPUTY, term_start=date(2009, 6, 1)
            ),
        )
    assert caught.value.problems["term_start"] == (
        "Cllr Richard Kemp is already appointed to National Crime Reduction Board"
        " (representative, 1 Jan 2009 to 31 Dec 2009); the terms would overlap."
    )
    appoint(database, AppointmentDraft(directory.kemp, directory.ncrb, term_start=date(2010, 1, 1)))
    appoint(database, AppointmentDraft(directory.kemp, directory.apa, term_start=date(2009, 6, 1)))


def test_outside_contacts_are_not_appointed(database: Database, directory: Directory) -> None:
    with pytest.raises(InvalidRecord, match="only members and officers"):
        appoint(database, AppointmentDraft(directory.campbell, directory.ncrb))


def test_a_successor_chain_ends_each_term_and_keeps_the_seat_filled(
    database: Database, directory: Directory
) -> None:
    first = appoint(database, AppointmentDraft(directory.kemp, directory.ncrb, term_start=date(2008, 5, 1)))
    with database.session() as s:
        second = duties.appoint_successor(
            s,
            first.id,
            AppointmentDraft(  # type: ignore[arg-type]
                directory.witherick, 0, term_start=date(2009, 5, 1), term_end=date(2010, 4, 30)
            ),
        )
        third = duties.appoint_successor(
            s,
            second.id,
            AppointmentDraft(  # type: ignore[arg-type]
                directory.murray, 0, term_start=date(2010, 5, 1)
            ),
        )
    with database.session() as s:
        assert duties.get(s, first.id).term_end == date(2009, 4, 30)  # type: ignore[arg-type]
        rows = duties.all_appointments(s, date(2010, 6, 1))
        items = duties.needs_attention(s, date(2010, 6, 1))
    assert [(r.person, r.status, r.successor) for r in rows] == [
        ("Cllr Richard Kemp", "ended", "Cllr Allan Witherick"),
        ("Cllr Allan Witherick", "ended", "Helen Murray"),
        ("Helen Murray", "current", ""),
    ]
    assert third.predecessor_id == second.id and second.organisation_id == directory.ncrb
    assert not [i for i in items if i.kind == "vacant seat"]


def test_needs_attention_finds_vacant_seats_quiet_bodies_overdue_report_backs_and_ending_terms(
    database: Database, directory: Directory
) -> None:
    appoint(database, AppointmentDraft(directory.witherick, directory.apa, term_end=date(2009, 3, 31)))
    appoint(
        database,
        AppointmentDraft(
            directory.kemp, directory.ncrb, term_start=date(2008, 1, 1), term_end=date(2009, 7, 31)
        ),
    )
    appoint(database, AppointmentDraft(directory.murray, directory.home_office, report_back_expected=False))
    ncrb_meeting(database, directory, date(2009, 5, 21), AttendeeEntry(directory.kemp))
    with database.session() as s:
        items = duties.needs_attention(s, date(2009, 6, 13))
    found = {(i.kind, i.text, i.record) for i in items}
    assert (
        "vacant seat",
        "Association of Police Authorities (APA): no one appointed since Cllr Allan Witherick's"
        " term ended on 31 Mar 2009",
        "organisation",
    ) in found
    assert ("gone quiet", "Home Office: no attendance ever recorded", "organisation") in found
    assert ("report-back overdue", "Cllr Richard Kemp: 1 report-back overdue", "person") in found
    assert (
        "term ending",
        "Cllr Richard Kemp's term on National Crime Reduction Board (NCRB) ends on 31 Jul 2009",
        "person",
    ) in found
    assert not any(i.kind == "gone quiet" and "NCRB" in i.text for i in items)


def test_a_person_is_found_by_name_and_the_closest_are_offered(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        assert duties.find_person(s, "Cllr Richard Kemp") == directory.kemp
        assert duties.find_person(s, "kemp") == directory.kemp
        with pytest.raises(NotFound, match="Closest: Cllr Richard Kemp"):
            duties.find_person(s, "Cllr Richard Kempe")
        with pytest.raises(NotFound):
            duties.find_person(s, "Alan Campbell")  # an outside contact has no duties


def test_an_edit_keeps_the_overlap_rule_and_a_delete_can_be_undone(
    database: Database, directory: Directory
) -> None:
    first = appoint(database, AppointmentDraft(directory.kemp, directory.ncrb, term_end=date(2008, 12, 31)))
    second = appoint(database, AppointmentDraft(directory.kemp, directory.ncrb, term_start=date(2009, 1, 1)))
    with pytest.raises(InvalidRecord), database.session() as s:
        duties.update(s, replace(first, term_end=date(2009, 6, 1)))
    with database.session() as s:
        snapshot = duties.delete(s, second.id)  # type: ignore[arg-type]
        duties.restore(s, snapshot)
        assert duties.get(s, second.id).term_start == date(2009, 1, 1)  # type: ignore[arg-type]


def test_upcoming_meetings_go_to_a_calendar_with_stable_ids(database: Database, directory: Directory) -> None:
    from datetime import time

    from icalendar import Calendar

    from db.vocabulary import DatePrecision
    from tracker.io.calendar_export import calendar_bytes, upcoming_meetings

    appoint(
        database,
        AppointmentDraft(
            directory.kemp, directory.ncrb, term_start=date(2009, 1, 1), term_end=date(2009, 12, 31)
        ),
    )
    with database.session() as s:
        board = meetings.log(
            s,
            MeetingDraft(
                "NCRB July",
                date(2009, 7, 16),
                starts_at=time(10, 30),
                location="2 Marsham Street",
                bodies=(BodyEntry(directory.ncrb),),
            ),
        )
        meetings.log(
            s,
            MeetingDraft(
                "NCRB September",
                date(2009, 9, 1),
                date_precision=DatePrecision.MONTH,
                bodies=(BodyEntry(directory.ncrb),),
            ),
        )
        meetings.log(s, MeetingDraft("NCRB 2010", date(2010, 1, 14), bodies=(BodyEntry(directory.ncrb),)))
        meetings.log(
            s, MeetingDraft("APA workshop", date(2009, 8, 3), attendees=(AttendeeEntry(directory.kemp),))
        )
        meetings.log(s, MeetingDraft("NCRB March", date(2009, 3, 19), bodies=(BodyEntry(directory.ncrb),)))
        upcoming = upcoming_meetings(s, directory.kemp, date(2009, 6, 13))
    assert [m.title for m in upcoming] == ["NCRB July", "APA workshop"]
    parsed = Calendar.from_ical(calendar_bytes(upcoming, "Cllr Richard Kemp"))
    events = list(parsed.walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == [f"liaison-meeting-{board.id}@liaison", events[1]["uid"]]
    assert events[0].decoded("dtstart").hour == 10 and str(events[0]["location"]) == "2 Marsham Street"
    assert events[1].decoded("dtstart") == date(2009, 8, 3)


def test_the_duties_sheet_is_a_paper_naming_each_body_and_its_figures(
    database: Database, directory: Directory
) -> None:
    from tracker.reports.duties_sheet import sheet_paper

    appoint(database, AppointmentDraft(directory.kemp, directory.ncrb, term_start=date(2009, 1, 1)))
    ncrb_meeting(database, directory, date(2009, 3, 19), AttendeeEntry(directory.kemp))
    ncrb_meeting(database, directory, date(2009, 5, 21))
    with database.session() as s:
        sheet = duties.duties_of(s, directory.kemp, date(2009, 1, 1), date(2009, 6, 30), date(2009, 6, 30))
    paper = sheet_paper(sheet, "the LGA")
    assert paper.summary.startswith(
        "Cllr Richard Kemp represents the LGA on 1 outside body. From 1 January 2009"
    )
    assert "2 meetings of those bodies were recorded, of which 1 attended (50%)" in paper.summary
    assert paper.action.endswith("1 report-back is overdue.")
    (entry,) = paper.sections[0].entries
    assert entry.heading == "National Crime Reduction Board (NCRB): representative"
    assert "21 May 2009: NCRB May 2009: missed" in entry.text


def test_a_meeting_known_to_the_month_is_due_a_report_back_after_the_months_end(
    database: Database, directory: Directory
) -> None:
    from db.vocabulary import DatePrecision

    appoint(database, AppointmentDraft(directory.kemp, directory.ncrb))
    with database.session() as s:
        meetings.log(
            s,
            MeetingDraft(
                "NCRB March",
                date(2009, 3, 1),
                date_precision=DatePrecision.MONTH,
                bodies=(BodyEntry(directory.ncrb),),
                attendees=(AttendeeEntry(directory.kemp),),
            ),
        )
        early = duties.duties_of(s, directory.kemp, date(2009, 1, 1), date(2009, 12, 31), date(2009, 3, 16))
        late = duties.duties_of(s, directory.kemp, date(2009, 1, 1), date(2009, 12, 31), date(2009, 4, 15))
    assert early.duties[0].meetings[0].report_back == "due by 14 Apr 2009"
    assert late.duties[0].meetings[0].report_back == "overdue"


def test_a_vacant_seat_is_named_after_whoever_held_it_last(database: Database, directory: Directory) -> None:
    appoint(
        database,
        AppointmentDraft(
            directory.kemp, directory.apa, term_start=date(2005, 1, 1), term_end=date(2006, 12, 31)
        ),
    )
    appoint(
        database,
        AppointmentDraft(
            directory.witherick, directory.apa, term_start=date(2007, 1, 1), term_end=date(2008, 12, 31)
        ),
    )
    with database.session() as s:
        (vacant,) = [i for i in duties.needs_attention(s, date(2009, 6, 1)) if i.kind == "vacant seat"]
    assert "Cllr Allan Witherick's term ended on 31 Dec 2008" in vacant.text


def test_undoing_the_delete_of_an_appointment_relinks_its_successor(
    database: Database, directory: Directory
) -> None:
    first = appoint(database, AppointmentDraft(directory.kemp, directory.ncrb, term_start=date(2008, 1, 1)))
    with database.session() as s:
        second = duties.appoint_successor(
            s,
            first.id,
            AppointmentDraft(  # type: ignore[arg-type]
                directory.witherick, 0, term_start=date(2009, 1, 1)
            ),
        )
        snapshot = duties.delete(s, first.id)  # type: ignore[arg-type]
        assert duties.get(s, second.id).predecessor_id is None  # type: ignore[arg-type]
        duties.restore(s, snapshot)
        assert duties.get(s, second.id).predecessor_id == first.id  # type: ignore[arg-type]


def test_needs_attention_asks_the_database_the_same_few_questions_however_many_appointments(
    database: Database, directory: Directory
) -> None:
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    def questions_asked() -> int:
        statements.clear()
        event.listen(database.engine, "before_cursor_execute", record)
        try:
            with database.session() as s:
                items = duties.needs_attention(s, date(2009, 12, 31))
        finally:
            event.remove(database.engine, "before_cursor_execute", record)
        assert items
        return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])

    appoint(database, AppointmentDraft(directory.kemp, directory.ncrb, term_start=date(2009, 1, 1)))
    ncrb_meeting(database, directory, date(2009, 3, 19), AttendeeEntry(directory.kemp))
    few = questions_asked()
    for person, body in (
        (directory.witherick, directory.apa),
        (directory.murray, directory.home_office),
        (directory.witherick, directory.lga),
        (directory.murray, directory.ncrb),
    ):
        appoint(database, AppointmentDraft(person, body, term_start=date(2008, 1, 1)))
    ncrb_meeting(database, directory, date(2009, 5, 21), AttendeeEntry(directory.murray))
    assert questions_asked() == few <= 6  # the sixth: overdue follow-up actions
