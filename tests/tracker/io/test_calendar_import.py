"""Calendar import: Outlook's and Google's files read in London time, repeating events expanded,
people and bodies matched, every occurrence accounted for, and a file imported twice adds nothing."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.engine import Database
from db.models import AuditEntry, Meeting
from db.vocabulary import AttendanceRole, AuditAction, BodyRole, MeetingStatus, PersonKind, ReportSection
from tracker import meetings, search
from tracker.directory import people
from tracker.directory.people import PersonDraft
from tracker.io.calendar_import import (
    Choices,
    Status,
    Window,
    chosen,
    import_reading,
    match,
    read_calendar,
    store,
)
from tracker.io.importing import ImportFailed, ImportReport, run_import
from tracker.io.matching import Certainty

from ..conftest import Directory
from .calendar_files import CONFERENCE, WEEKLY, calendar, google, outlook

AUTUMN = Window(date(2026, 9, 1), date(2026, 12, 31))
WEEKLY_UID = "040000008200E00074C5B7101A82E00800000000weekly-apa"


@pytest.fixture
def jo_policy(database: Database, directory: Directory) -> int:
    """An official of the APA, held with her email address."""
    with database.session() as s:
        draft = PersonDraft(
            "Jo Policy", PersonKind.CONTACT, email="jo.policy@apa.police.uk", organisation_id=directory.apa
        )
        person_id = people.create(s, draft).id
    assert person_id is not None
    return person_id


def _meeting_count(database: Database) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(Meeting)) or 0


def _stored(database: Database) -> dict[str, meetings.MeetingDraft]:
    with database.session() as s:
        return {
            m.external_uid or "": meetings.get(s, m.id)
            for m in s.scalars(select(Meeting).where(Meeting.source == "calendar"))
        }


def test_an_outlook_file_is_read_in_london_time_with_its_repeats_expanded() -> None:
    reading = read_calendar(outlook(), AUTUMN, name="diary.ics")

    weekly = [e for e in reading.events if e.uid == WEEKLY_UID]
    # Six Mondays from 5 Oct: 12 Oct deleted (EXDATE), 19 Oct moved to Tuesday 20 Oct at 14:30.
    assert [(e.held_on, e.starts_at) for e in weekly] == [
        (date(2026, 10, 5), time(10, 0)),
        (date(2026, 10, 20), time(14, 30)),
        # The clocks went back on 25 Oct: still 10:00 in London, an hour later in UTC.
        (date(2026, 10, 26), time(10, 0)),
        (date(2026, 11, 2), time(10, 0)),
        (date(2026, 11, 9), time(10, 0)),
    ]
    assert [e.key for e in weekly] == [
        f"{WEEKLY_UID}/20261005T090000Z",
        f"{WEEKLY_UID}/20261019T090000Z",  # known by the week it was moved from
        f"{WEEKLY_UID}/20261026T100000Z",
        f"{WEEKLY_UID}/20261102T100000Z",
        f"{WEEKLY_UID}/20261109T100000Z",
    ]
    assert weekly[1].title == "Policing bill catch-up with APA (moved)"
    first = weekly[0]
    assert first.location == "10 Smith Square, London"
    assert first.description == "Weekly catch-up on the policing bill.\nAgenda to follow."
    # The meeting room (CUTYPE=ROOM) is not a person.
    assert [(i.name, i.email, i.organiser) for i in first.invitees] == [
        ("Helen Murray", "helen.murray@lga.gov.uk", True),
        ("Jo Policy", "jo.policy@apa.police.uk", False),
    ]
    conference = next(e for e in reading.events if e.uid == "conference-2026@lga.gov.uk")
    assert (conference.held_on, conference.starts_at, conference.all_day) == (date(2026, 11, 11), None, True)
    assert conference.key == "conference-2026@lga.gov.uk"
    assert conference.when == "11 Nov 2026 (all day)"
    problems = {e.number: e.problem for e in reading.events if e.problem}
    assert problems == {
        5: "it was cancelled (STATUS:CANCELLED)",
        6: "it has no start (DTSTART)",
        7: "its start (DTSTART) is not a date and time: “20261345T250000”",
    }
    # Dated events come in date order, then those without a date.
    dated = [e.held_on for e in reading.events if e.held_on]
    assert dated == sorted(dated) and reading.events[-1].held_on is None
    assert reading.notes == (
        "read the events from 1 Sep 2026 to 31 Dec 2026",
        "1 event outside that period left unread",
    )


def test_a_google_file_in_utc_is_turned_into_london_time() -> None:
    reading = read_calendar(google(), Window(date(2026, 1, 1), date(2026, 12, 31)))

    assert [(e.held_on, e.starts_at, e.key) for e in reading.events] == [
        (date(2026, 7, 1), time(10, 0), "7kukuqrfedlm2f9t0vfh2k5r4n@google.com"),  # 09:00Z in summer time
        (date(2026, 12, 1), time(9, 0), "0a1b2c3d4e5f@google.com"),
    ]
    # Google writes the address as the organiser's name; it is an address, not a name.
    assert reading.events[0].invitees[0].name == ""


def test_people_are_matched_by_email_then_name_and_bodies_through_them_and_the_title(
    database: Database, directory: Directory, jo_policy: int
) -> None:
    with database.session() as s:
        preview = match(s, read_calendar(outlook(), AUTUMN))

    by_date = {c.event.held_on: c for c in preview.candidates if c.event.held_on}
    weekly = by_date[date(2026, 10, 5)]
    assert [(p.id, p.certainty) for p in weekly.people] == [
        (directory.murray, Certainty.EXACT),
        (jo_policy, Certainty.EXACT),
    ]
    # The APA through its official (exact), and not the LGA, our own association, through Helen.
    assert [(b.id, b.certainty, b.reason) for b in weekly.bodies] == [
        (directory.apa, Certainty.EXACT, "Jo Policy is invited")
    ]
    # The moved week names no one from the APA: the acronym in its title is a close match only.
    moved = by_date[date(2026, 10, 20)]
    assert [(b.id, b.certainty) for b in moved.bodies] == [(directory.apa, Certainty.CLOSE)]
    assert (
        moved.bodies[0].describe()
        == "Association of Police Authorities (APA) (close: “APA” is mentioned in the title)"
    )
    ncrb = by_date[date(2026, 11, 3)]
    assert [(b.id, b.certainty) for b in ncrb.bodies] == [(directory.ncrb, Certainty.EXACT)]
    assert [p.id for p in ncrb.people] == [directory.murray, directory.kemp, directory.witherick]
    assert [i.text for i in ncrb.strangers] == ["Sam Stranger <sam@stranger.example>"]
    # No body is made up from the conference's title or place.
    assert by_date[date(2026, 11, 11)].bodies == ()
    assert preview.count(Status.NEW) == 7 and preview.count(Status.PROBLEM) == 3


def test_a_dry_run_stores_nothing_and_the_import_stores_each_occurrence_as_a_meeting(
    database: Database, directory: Directory, jo_policy: int
) -> None:
    reading = read_calendar(outlook(), AUTUMN, name="diary.ics")

    dry = import_reading(database, reading, dry_run=True)
    assert (dry.read, dry.imported, dry.skipped, dry.rejected) == (10, 7, 0, 3)
    assert _meeting_count(database) == 0

    report = import_reading(database, reading, dry_run=False)
    assert (report.read, report.imported, report.skipped, report.rejected) == (10, 7, 0, 3)
    assert [str(r) for r in report.rejections] == [
        "row 5: “ACPO liaison” on 4 Nov 2026: it was cancelled (STATUS:CANCELLED)",
        "row 6: “A meeting with no start”: it has no start (DTSTART)",
        "row 7: “A meeting on a day that does not exist”: its start (DTSTART) is not a date and time:"
        " “20261345T250000”",
    ]
    assert "1 with no outside body recognised: add the body in the meeting's form" in report.notes
    stored = _stored(database)
    assert len(stored) == 7
    ncrb = stored["ncrb-november@lga.gov.uk"]
    assert (ncrb.held_on, ncrb.starts_at, ncrb.location) == (
        date(2026, 11, 3),
        time(9, 30),
        "2 Marsham Street",
    )
    assert ncrb.source == "calendar"
    assert [(a.person_id, a.role) for a in ncrb.attendees] == [
        (directory.murray, AttendanceRole.ATTENDED),
        (directory.kemp, AttendanceRole.ATTENDED),
        (directory.witherick, AttendanceRole.APOLOGIES),  # declined the invitation
    ]
    assert ncrb.report_section is ReportSection.MEMBER_ACTIVITY  # Cllr Kemp went
    assert "Sam Stranger <sam@stranger.example>" in ncrb.notes
    weekly = stored[f"{WEEKLY_UID}/20261005T090000Z"]
    assert weekly.report_section is ReportSection.OFFICER_ACTIVITY
    assert [(b.organisation_id, b.role) for b in weekly.bodies] == [(directory.apa, BodyRole.PARTICIPANT)]
    assert weekly.summary == "Weekly catch-up on the policing bill.\nAgenda to follow."
    conference = stored["conference-2026@lga.gov.uk"]
    assert (conference.held_on, conference.starts_at, conference.bodies) == (date(2026, 11, 11), None, ())


def test_importing_the_same_file_again_adds_nothing(database: Database, directory: Directory) -> None:
    reading = read_calendar(outlook(), AUTUMN)
    import_reading(database, reading, dry_run=False)
    before = _meeting_count(database)

    again = import_reading(database, read_calendar(outlook(), AUTUMN), dry_run=False)

    assert (again.read, again.imported, again.skipped, again.rejected) == (10, 0, 7, 3)
    assert _meeting_count(database) == before == 7
    with database.session() as s:
        statuses = {c.status for c in match(s, reading).candidates}
    assert statuses == {Status.IMPORTED, Status.PROBLEM}


def test_the_organisers_body_hosts_the_meeting(
    database: Database, directory: Directory, jo_policy: int
) -> None:
    hosted = WEEKLY.split("END:VEVENT")[0].replace(
        'ORGANIZER;CN="Helen Murray":mailto:helen.murray@lga.gov.uk',
        "ORGANIZER;CN=Jo:mailto:jo.policy@apa.police.uk",
    )
    report = import_reading(database, read_calendar(calendar(hosted + "END:VEVENT"), AUTUMN), dry_run=False)

    assert report.imported == 5
    first = _stored(database)[f"{WEEKLY_UID}/20261005T090000Z"]
    assert [(b.organisation_id, b.role) for b in first.bodies] == [(directory.apa, BodyRole.HOST)]


def test_the_users_choices_leave_out_events_and_correct_matches(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        preview = match(s, read_calendar(outlook(), AUTUMN))
    by_key = {c.key: c for c in preview.candidates}
    conference = by_key["conference-2026@lga.gov.uk"]
    ncrb = by_key["ncrb-november@lga.gov.uk"]
    stranger = next(n for n, i in enumerate(ncrb.invitees) if i.name == "Sam Stranger")
    choices = Choices(
        left_out=frozenset({f"{WEEKLY_UID}/20261019T090000Z"}),
        bodies={conference.key: (chosen("Home Office", directory.home_office),)},
        people={(ncrb.key, stranger): chosen("Alan Campbell MP", directory.campbell)},
    )

    report = run_import(database, lambda s, r: store(s, r, preview, choices), source="x.ics", dry_run=False)

    assert (report.imported, report.skipped, report.rejected) == (6, 1, 3)
    assert "1 left out by you (counted as skipped)" in report.notes
    stored = _stored(database)
    assert f"{WEEKLY_UID}/20261019T090000Z" not in stored
    assert [b.organisation_id for b in stored[conference.key].bodies] == [directory.home_office]
    assert directory.campbell in [a.person_id for a in stored[ncrb.key].attendees]
    assert "Sam Stranger" not in stored[ncrb.key].notes


def test_a_person_deleted_since_the_preview_rejects_that_event_only(
    database: Database, directory: Directory, jo_policy: int
) -> None:
    with database.session() as s:
        preview = match(s, read_calendar(calendar(CONFERENCE, WEEKLY), AUTUMN))
    with database.session() as s:
        people.delete(s, jo_policy)

    report = run_import(database, lambda s, r: store(s, r, preview), source="x.ics", dry_run=False)

    # The four weeks Jo was invited to are refused; the moved week and the conference go in.
    assert (report.imported, report.rejected) == (2, 4)
    assert report.rejections[0].row == 2 and "no longer exists" in report.rejections[0].reason


def test_an_event_repeating_without_end_is_expanded_only_within_the_window() -> None:
    daily = """BEGIN:VEVENT
UID:standup
SUMMARY:Team stand-up
DTSTART;TZID="GMT Standard Time":20200106T091500
RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR
END:VEVENT"""
    every_minute = """BEGIN:VEVENT
UID:every-minute
SUMMARY:A mistake
DTSTART:20260901T000000Z
RRULE:FREQ=MINUTELY
END:VEVENT"""

    reading = read_calendar(calendar(daily, every_minute), Window(date(2026, 11, 2), date(2026, 11, 8)))

    standups = [e for e in reading.events if e.uid == "standup"]
    assert [e.held_on.day for e in standups if e.held_on] == [2, 3, 4, 5, 6]
    mistake = next(e for e in reading.events if e.uid == "every-minute")
    assert (
        mistake.problem == "it repeats more than 1,000 times between 2 Nov 2026 to 8 Nov 2026; none was read"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is not an iCalendar file (it has no BEGIN:VCALENDAR)"),
        (b"Subject,Start Date\nPolicing,01/10/2026\n", "is not an iCalendar file"),
        (outlook()[:900], "the file is cut short (it has no END:VCALENDAR)"),
        (outlook().replace(b"Policing bill", "Caf\u00e9".encode("latin-1")), "is not UTF-8 text (byte 0xe9"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "holds binary data"),
        (
            b"BEGIN:VCALENDAR\r\nthis is not a content line\r\nEND:VCALENDAR\r\n",
            "cannot be read as iCalendar",
        ),
        (
            b"BEGIN:VEVENT\r\nUID:1\r\nDESCRIPTION:BEGIN:VCALENDAR to END:VCALENDAR\r\nEND:VEVENT\r\n",
            "holds no VCALENDAR",
        ),
    ],
)
def test_a_file_that_is_not_a_calendar_fails_whole_with_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(ImportFailed, match="^diary.ics: ") as failed:
        read_calendar(data, AUTUMN, name="diary.ics")
    assert message in failed.value.message


def test_a_missing_file_and_a_backwards_period_fail_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="nowhere.ics: cannot be read"):
        read_calendar(tmp_path / "nowhere.ics", AUTUMN)
    with pytest.raises(ImportFailed, match="ends .* before it begins"):
        read_calendar(outlook(), Window(date(2026, 12, 1), date(2026, 11, 1)))


def test_the_default_window_is_the_last_year_and_the_month_ahead() -> None:
    assert Window.default(date(2026, 11, 22)) == Window(date(2025, 11, 22), date(2026, 12, 22))
    assert Window.default(date(2024, 2, 29)) == Window(date(2023, 2, 28), date(2024, 3, 29))
    assert Window.default(date(2026, 12, 31)) == Window(date(2025, 12, 31), date(2027, 1, 31))


def test_the_report_adds_up_on_every_path(database: Database, directory: Directory) -> None:
    report = ImportReport("x.ics")
    with database.session() as s:
        preview = match(s, read_calendar(outlook(), AUTUMN))
        store(s, report, preview, Choices(left_out=frozenset(c.key for c in preview.candidates)))
        s.rollback()
    assert report.balanced and (report.imported, report.skipped, report.rejected) == (0, 7, 3)


def test_meetings_stored_in_bulk_keep_their_audit_trail_labels_status_and_search(
    database: Database, directory: Directory, jo_policy: int
) -> None:
    report = import_reading(database, read_calendar(outlook(), AUTUMN), dry_run=False)

    assert report.imported > 0
    with database.session() as s:
        stored = list(s.scalars(select(Meeting).where(Meeting.source == "calendar")))
        audited = {
            e.row_id
            for e in s.scalars(
                select(AuditEntry).where(
                    AuditEntry.table_name == "meetings", AuditEntry.action == AuditAction.CREATE
                )
            )
        }
        # The weekly catch-ups Jo was invited to (not the moved week, which names only the organiser).
        series = [m for m in stored if (m.external_uid or "").startswith(WEEKLY_UID)]
        weekly = [m for m in series if "moved" not in m.title]
        # The search index was filled for them at the end (tracker.search.bulk_load).
        found = search.count_matches(s, "Jo Policy")
    assert len(stored) == report.imported
    assert {str(m.id) for m in stored} <= audited
    assert weekly and all("Jo Policy" in m.people_label for m in weekly)
    today = date.today()
    planned = {m.id for m in stored if m.status is MeetingStatus.PLANNED}
    assert planned == {m.id for m in stored if m.held_on > today}
    assert found >= len(weekly)
