"""Drafted paragraphs state only what was recorded, and only held meetings count as activity.

The records are entered as an officer would enter paper 000's kind of entries (Safer Communities
Board, 2007): a press release, a proposed working group, a presentation still to come, a Board the
Home Secretary chairs, a group on which "the LGA is represented".
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from db.engine import Database
from db.vocabulary import (
    AttendanceRole,
    BodyRole,
    DatePrecision,
    MeetingKind,
    MeetingStatus,
    OrganisationKind,
    PaperSection,
    PersonKind,
)
from tracker import boards, duties, meetings
from tracker.common.errors import InvalidRecord
from tracker.directory import organisations, people
from tracker.directory.organisations import OrganisationDraft
from tracker.directory.people import PersonDraft
from tracker.meetings import AttendeeEntry, BodyEntry, MeetingDraft
from tracker.reports.outside_bodies import draft_paper, when

from .conftest import Directory

SINCE, UNTIL = date(2007, 1, 1), date(2007, 3, 31)
CLAIMS = ("attended", "Officers", "represented", "spoke", "chaired", "presented", "submitted")


def _board(s, directory: Directory, *sections: PaperSection) -> int:  # type: ignore[no-untyped-def]
    draft = boards.BoardDraft("Safer Communities Board", directory.murray, meeting_dates=(UNTIL,))
    if sections:
        draft = replace(draft, sections=sections)
    created = boards.create(s, draft)
    assert created.id is not None
    return created.id


def _texts(paper) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {e.heading: e.text for section in paper.sections for e in section.entries}


def test_a_meeting_with_no_attendee_recorded_claims_no_attendance(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        board = _board(s, directory)
        meetings.log(
            s,
            MeetingDraft(
                "Respect Action Areas announcement",
                date(2007, 1, 23),
                kind=MeetingKind.EVENT,
                bodies=(BodyEntry(directory.home_office, BodyRole.HOST),),
            ),
        )
        paper = draft_paper(s, board, SINCE, UNTIL)
    entry = next(e for section in paper.sections for e in section.entries)
    assert entry.text == "The Home Office event “Respect Action Areas announcement” took place on 23 January."
    assert not any(word in entry.text for word in CLAIMS)
    assert entry.needs_summary and entry.drafted


def test_a_written_summary_or_an_attendee_means_no_summary_is_needed(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        board = _board(s, directory)
        meetings.log(
            s,
            MeetingDraft(
                "Coalition on Social and Criminal Justice",
                date(2007, 2, 26),
                attendees=(AttendeeEntry(directory.murray, AttendanceRole.ATTENDED),),
            ),
        )
        meetings.log(s, MeetingDraft("Fire Forum", date(2007, 2, 27), summary="The Forum met."))
        paper = draft_paper(s, board, SINCE, UNTIL)
    assert [e.needs_summary for section in paper.sections for e in section.entries] == [False, False]
    assert "Helen Murray attended" in _texts(paper)["Coalition on Social and Criminal Justice"]


def test_an_outside_chair_reads_as_chair_not_as_a_speaker(database: Database, directory: Directory) -> None:
    with database.session() as s:
        board = _board(s, directory)
        smith = people.create(
            s, PersonDraft("Jacqui Smith", PersonKind.CONTACT, title="Rt Hon MP", party="Labour")
        ).id
        assert smith is not None
        meetings.log(
            s,
            MeetingDraft(
                "National Crime Reduction Board",
                date(2007, 3, 8),
                kind=MeetingKind.BOARD,
                bodies=(BodyEntry(directory.ncrb, BodyRole.HOST),),
                attendees=(
                    AttendeeEntry(smith, AttendanceRole.CHAIRED),
                    AttendeeEntry(directory.kemp, AttendanceRole.REPRESENTED),
                ),
            ),
        )
        paper = draft_paper(s, board, SINCE, UNTIL)
    text = _texts(paper)["National Crime Reduction Board"]
    assert text == (
        "Cllr Richard Kemp represented the LGA at the National Crime Reduction Board on 8 March."
        " It was chaired by Rt Hon Jacqui Smith MP."
    )
    assert "Speakers" not in text


def test_an_unnamed_representation_is_recorded_and_drafted_as_such(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        board = _board(s, directory)
        group = organisations.create(
            s, OrganisationDraft("Partnerships Steering Group", OrganisationKind.BOARD_OR_GROUP)
        ).id
        assert group is not None
        stored = meetings.log(
            s,
            MeetingDraft(
                "Partnerships Steering Group",
                date(2007, 2, 1),
                date_precision=DatePrecision.MONTH,
                bodies=(BodyEntry(group, BodyRole.HOST),),
                represented_unnamed=True,
            ),
        )
        paper = draft_paper(s, board, SINCE, UNTIL)
    assert stored.represented_unnamed
    entry = next(e for section in paper.sections for e in section.entries)
    assert entry.text == "The LGA was represented at the Partnerships Steering Group in February."
    assert not entry.needs_summary


def test_a_planned_meeting_is_never_activity_and_shows_as_forthcoming_where_the_board_wants(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        board = _board(s, directory)
        meetings.log(
            s,
            MeetingDraft(
                "Coalition presents Neighbourhood by Neighbourhood to the APPG on Penal Affairs",
                date(2007, 3, 20),
                status=MeetingStatus.PLANNED,
                attendees=(AttendeeEntry(directory.murray, AttendanceRole.PRESENTED),),
            ),
        )
        meetings.log(
            s,
            MeetingDraft(
                "Joint guidance working group",
                date(2007, 4, 20),
                status=MeetingStatus.PLANNED,
                bodies=(BodyEntry(directory.home_office, BodyRole.PARTICIPANT),),
            ),
        )
        meetings.log(s, MeetingDraft("Cancelled seminar", date(2007, 2, 2), status=MeetingStatus.CANCELLED))
        plain = draft_paper(s, board, SINCE, UNTIL)
        boards.update(
            s,
            replace(
                boards.get(s, board),
                sections=(
                    PaperSection.MEMBER_ACTIVITY,
                    PaperSection.OFFICER_ACTIVITY,
                    PaperSection.FORTHCOMING,
                ),
            ),
        )
        with_forthcoming = draft_paper(s, board, SINCE, UNTIL)
    assert [e for section in plain.sections for e in section.entries] == []
    member, officer, forthcoming = with_forthcoming.sections
    assert (member.entries, officer.entries) == ((), ())
    assert forthcoming.title == "Forthcoming meetings"
    assert [e.text for e in forthcoming.entries] == [
        "The Coalition presents Neighbourhood by Neighbourhood to the APPG on Penal Affairs"
        " is planned for 20 March.",
        "The Home Office meeting on “Joint guidance working group” is planned for 20 April.",
    ]
    assert "Cancelled" not in repr(with_forthcoming)


def test_a_meeting_dated_after_today_cannot_be_marked_held(database: Database, directory: Directory) -> None:
    ahead = date.today() + timedelta(days=30)
    with database.session() as s:
        with pytest.raises(InvalidRecord) as refused:
            meetings.log(s, MeetingDraft("Fire Forum", ahead, status=MeetingStatus.HELD))
        assert "has not happened yet" in refused.value.problems["status"]
        stored = meetings.log(s, MeetingDraft("Fire Forum", ahead))
        past = meetings.log(s, MeetingDraft("Fire Forum", date(2007, 10, 19)))
    assert (stored.status, past.status) == (MeetingStatus.PLANNED, MeetingStatus.HELD)


def test_attendance_rates_count_held_meetings_only(database: Database, directory: Directory) -> None:
    with database.session() as s:
        duties.appoint(
            s, duties.AppointmentDraft(directory.kemp, directory.ncrb, term_start=date(2007, 1, 1))
        )
        for day, status in (
            (date(2007, 2, 1), MeetingStatus.HELD),
            (date(2007, 3, 1), MeetingStatus.CANCELLED),
        ):
            meetings.log(
                s,
                MeetingDraft(
                    "National Crime Reduction Board",
                    day,
                    status=status,
                    bodies=(BodyEntry(directory.ncrb, BodyRole.HOST),),
                    attendees=(AttendeeEntry(directory.kemp, AttendanceRole.REPRESENTED),),
                ),
            )
        sheet = duties.duties_of(s, directory.kemp, SINCE, UNTIL, date(2007, 4, 1))
    assert sheet.held == 1


@pytest.mark.parametrize(
    ("written", "precision", "expected"),
    [
        ("", DatePrecision.DAY, "on 13 June"),
        ("13 June", DatePrecision.DAY, "on 13 June"),
        ("c. March 2007", DatePrecision.APPROXIMATE, "around March 2007"),
        ("c. 13/06/2009", DatePrecision.APPROXIMATE, "around 13 June"),
        ("spring 2007", DatePrecision.SEASON, "in spring 2007"),
        ("start of June", DatePrecision.MONTH, "at the start of June"),
        ("early 2007", DatePrecision.YEAR, "in early 2007"),
        ("2007/08", DatePrecision.YEAR, "in 2007/08"),
        ("", DatePrecision.MONTH, "in June"),
    ],
)
def test_a_date_reads_in_the_paper_at_its_precision_as_written(
    written: str, precision: DatePrecision, expected: str
) -> None:
    assert when(date(2009, 6, 13), precision, written) == expected
