"""The people directory: duplicates caught by name, initial or email; merges keep every attendance."""

from __future__ import annotations

from datetime import date

import pytest

from db.engine import Database
from db.vocabulary import AttendanceRole, PersonKind
from tracker import meetings
from tracker.common.errors import InUse, InvalidRecord, PossibleDuplicate
from tracker.common.listing import ListQuery
from tracker.directory import people
from tracker.directory.people import PersonDraft, PositionEntry
from tracker.meetings import AttendeeEntry, MeetingDraft

from .conftest import Directory


@pytest.mark.parametrize(
    ("title", "name", "email", "expected"),
    [
        ("Councillor", "Richard Kemp", "", "Cllr Richard Kemp"),
        ("Cllr", "R Kemp", "", "Cllr Richard Kemp"),
        ("", "richard kemp", "", "Cllr Richard Kemp"),
        ("", "H. Murray", "", "Helen Murray"),
        ("", "Someone Else", "HELEN.MURRAY@lga.gov.uk", "Helen Murray"),
    ],
)
def test_a_person_who_looks_held_already_is_refused(
    database: Database, directory: Directory, title: str, name: str, email: str, expected: str
) -> None:
    with pytest.raises(PossibleDuplicate) as caught, database.session() as s:
        people.create(s, PersonDraft(name, PersonKind.MEMBER, title=title, email=email))
    assert caught.value.candidates[0].label == expected


def test_namesakes_with_other_initials_are_not_duplicates(database: Database, directory: Directory) -> None:
    with database.session() as s:
        people.create(s, PersonDraft("David Kemp", PersonKind.CONTACT))


def test_bad_fields_are_named(database: Database) -> None:
    with pytest.raises(InvalidRecord) as caught, database.session() as s:
        people.create(
            s,
            PersonDraft(
                "",
                PersonKind.OFFICER,
                email="not an email",
                party="Labour",
                positions=(PositionEntry("Director", None, date(2009, 5, 1), date(2009, 1, 1)),),
            ),
        )
    assert set(caught.value.problems) == {"name", "email", "party", "positions"}


def test_positions_over_time_are_kept_in_order(database: Database, directory: Directory) -> None:
    with database.session() as s:
        created = people.create(
            s,
            PersonDraft(
                "Phil Wheatley",
                PersonKind.CONTACT,
                positions=(
                    PositionEntry("Director General", directory.home_office, date(2008, 1, 1)),
                    PositionEntry(
                        "Director General, HM Prison Service", None, date(2003, 1, 1), date(2007, 12, 31)
                    ),
                ),
            ),
        )
        stored = people.get(s, created.id)  # type: ignore[arg-type]
    assert [p.role for p in stored.positions] == ["Director General, HM Prison Service", "Director General"]
    assert stored.positions[1].organisation == "Home Office"


def test_merging_people_keeps_their_meetings_and_fills_blanks(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        twin = people.create(
            s, PersonDraft("R. Kemp", PersonKind.MEMBER, email="richard.kemp@example.org"), allow_similar=True
        ).id
        shared = meetings.log(
            s,
            MeetingDraft(
                "NCRB",
                date(2009, 3, 20),
                attendees=(
                    AttendeeEntry(directory.kemp, AttendanceRole.REPRESENTED),
                    AttendeeEntry(twin, AttendanceRole.ATTENDED),
                ),
            ),
        )
        own = meetings.log(
            s,
            MeetingDraft(
                "NCRB May", date(2009, 5, 20), attendees=(AttendeeEntry(twin, AttendanceRole.REPRESENTED),)
            ),
        )
    with database.session() as s:
        people.merge(s, directory.kemp, twin)  # type: ignore[arg-type]
    with database.session() as s:
        kept = people.get(s, directory.kemp)
        assert kept.email == "richard.kemp@example.org"
        assert [(a.person_id, a.role) for a in meetings.get(s, shared.id).attendees] == [  # type: ignore[arg-type]
            (directory.kemp, AttendanceRole.REPRESENTED)
        ]
        assert meetings.get(s, own.id).attendees[0].name == "Cllr Richard Kemp"  # type: ignore[arg-type]
        assert people.count(s, ListQuery("Kemp")) == 1
        assert people.rows(s, ListQuery("Kemp"), 0, 1)[0].meetings == 2


def test_someone_who_attended_cannot_be_deleted(database: Database, directory: Directory) -> None:
    with database.session() as s:
        meetings.log(s, MeetingDraft("NCRB", date(2009, 3, 20), attendees=(AttendeeEntry(directory.kemp),)))
    with pytest.raises(InUse, match="1 meeting"), database.session() as s:
        people.delete(s, directory.kemp)


def test_renaming_a_person_updates_the_meetings_list(database: Database, directory: Directory) -> None:
    with database.session() as s:
        meetings.log(
            s, MeetingDraft("NCRB", date(2009, 3, 20), attendees=(AttendeeEntry(directory.witherick),))
        )
        person = people.get(s, directory.witherick)
        from dataclasses import replace

        people.update(s, replace(person, name="Allan Witherick-Jones"))
        assert meetings.rows(s, ListQuery("Jones"), 0, 5)[0].people == "Cllr Allan Witherick-Jones"


def test_people_list_filters_by_employer_acronym(database: Database, directory: Directory) -> None:
    with database.session() as s:
        names = [r.name for r in people.rows(s, ListQuery("lga"), 0, 10)]
    assert names == ["Helen Murray", "Cllr Richard Kemp"]


def test_a_merge_keeps_the_part_taken_and_the_report_back_when_both_records_attended(
    database: Database, directory: Directory
) -> None:
    from tracker import duties

    with database.session() as s:
        twin = people.create(s, PersonDraft("R. Kemp", PersonKind.MEMBER), allow_similar=True).id
        meeting = meetings.log(
            s,
            MeetingDraft(
                "NCRB",
                date(2009, 3, 20),
                attendees=(
                    AttendeeEntry(directory.kemp, AttendanceRole.APOLOGIES),
                    AttendeeEntry(twin, AttendanceRole.SPOKE),
                ),
            ),
        )  # type: ignore[arg-type]
        duties.record_report_back(s, meeting.id, twin, date(2009, 3, 27))  # type: ignore[arg-type]
    with database.session() as s:
        people.merge(s, directory.kemp, twin)  # type: ignore[arg-type]
        (attendee,) = meetings.get(s, meeting.id).attendees  # type: ignore[arg-type]
        assert (attendee.person_id, attendee.role) == (directory.kemp, AttendanceRole.SPOKE)
        assert duties.reported_back_on(s, meeting.id, directory.kemp) == date(2009, 3, 27)  # type: ignore[arg-type]
