"""Forms and searches under the stored-text rule: a control character typed or pasted into a form is
not stored, and a lone surrogate typed into a list's search is dropped rather than an error."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from db.engine import Database
from db.models import AuditEntry, Meeting
from db.vocabulary import AttendanceRole, BodyRole, MeetingKind, OrganisationKind, PersonKind
from tracker import meetings
from tracker.common.errors import InvalidRecord
from tracker.common.listing import ListQuery
from tracker.directory import organisations, people
from tracker.directory.organisations import OrganisationDraft
from tracker.directory.people import PersonDraft
from tracker.meetings import AttendeeEntry, BodyEntry, FollowUpEntry, MeetingDraft

from .conftest import Directory


def test_a_form_stores_no_control_character_and_returns_what_it_stored(
    database: Database, directory: Directory
) -> None:
    draft = MeetingDraft(
        title="National Crime\x07 Reduction Board",
        held_on=date(2009, 3, 19),
        kind=MeetingKind.BOARD,
        bodies=(BodyEntry(directory.ncrb, BodyRole.HOST),),
        attendees=(AttendeeEntry(directory.kemp, AttendanceRole.REPRESENTED),),
        summary="Crime statistics\x1b[1m.\r\nA paper\x01 to follow.",
        location="Home Office\x0b",
        follow_ups=(FollowUpEntry("Take a paper\x07 to the NCRB", directory.murray, date(2009, 7, 1)),),
    )
    with database.session() as s:
        stored = meetings.log(s, draft)
        meetings.update(s, MeetingDraft(**{**vars(stored), "outcome": "Agreed\x07"}))
    assert stored.title == "National Crime Reduction Board"
    assert stored.summary == "Crime statistics[1m.\nA paper to follow."
    assert stored.location == "Home Office"
    assert stored.follow_ups[0].text == "Take a paper to the NCRB"
    with database.session() as s:
        again = meetings.get(s, stored.id)  # type: ignore[arg-type]
        row = s.scalars(select(Meeting).where(Meeting.id == stored.id)).one()
        audited = [
            e.after or "" for e in s.scalars(select(AuditEntry).where(AuditEntry.table_name == "meetings"))
        ]
    assert (again.title, again.outcome) == ("National Crime Reduction Board", "Agreed")
    assert (row.title, row.summary) == (stored.title, stored.summary)
    assert audited and all("\\u0007" not in a and "\\u001b" not in a for a in audited)
    assert json.loads(audited[0])["title"] == "National Crime Reduction Board"


def test_a_body_named_with_a_lone_surrogate_is_stored_without_it(database: Database) -> None:
    with database.session() as s:
        body = organisations.create(
            s,
            OrganisationDraft(
                "Ministry\ud800 of Justice", OrganisationKind.GOVERNMENT_DEPARTMENT, acronym="MoJ\x07"
            ),
        )
    with database.session() as s:
        assert (organisations.get(s, body.id).name, organisations.get(s, body.id).acronym) == (  # type: ignore[arg-type]
            "Ministry of Justice",
            "MoJ",
        )


@pytest.mark.parametrize("typed", ["\ud800", "Ke\ud800mp", "\udcff\x07"])
def test_a_lone_surrogate_typed_into_a_search_is_dropped_not_an_error(
    database: Database, directory: Directory, typed: str
) -> None:
    with database.session() as s:
        meetings.log(
            s,
            MeetingDraft(
                title="Tackling Crime in a Recession",
                held_on=date(2009, 4, 23),
                bodies=(BodyEntry(directory.home_office, BodyRole.HOST),),
                attendees=(AttendeeEntry(directory.kemp, AttendanceRole.CHAIRED),),
            ),
        )
    query = ListQuery(typed)
    everything = "Ke" not in typed
    with database.session() as s:
        found_meetings = [r.title for r in meetings.rows(s, query, 0, 50)]
        found_bodies = [r.name for r in organisations.rows(s, query, 0, 50)]
        found_people = [r.name for r in people.rows(s, query, 0, 50)]
        counts = (meetings.count(s, query), organisations.count(s, query), people.count(s, query))
    assert counts == (len(found_meetings), len(found_bodies), len(found_people))
    if everything:  # nothing left to search for: the whole list, as for an empty search
        assert found_meetings == ["Tackling Crime in a Recession"]
        assert len(found_bodies) == 4 and len(found_people) == 4
    else:  # "Ke\ud800mp" is "Kemp"
        assert found_meetings == ["Tackling Crime in a Recession"]
        assert found_bodies == [] and [n for n in found_people if "Kemp" in n] == found_people != []


def test_a_title_or_name_of_control_characters_alone_is_refused_as_missing(database: Database) -> None:
    with pytest.raises(InvalidRecord) as meeting, database.session() as s:
        meetings.log(s, MeetingDraft(title="\x07\x1b", held_on=date(2009, 3, 19)))
    assert meeting.value.problems == {"title": "A meeting needs a title."}
    with pytest.raises(InvalidRecord) as body, database.session() as s:
        organisations.create(s, OrganisationDraft("\x07 \ud800", OrganisationKind.GOVERNMENT_DEPARTMENT))
    assert list(body.value.problems) == ["name"]
    with pytest.raises(InvalidRecord) as person, database.session() as s:
        people.create(s, PersonDraft("\x1b", PersonKind.CONTACT))
    assert list(person.value.problems) == ["name"]
    with database.session() as s:
        assert (meetings.count(s, ListQuery()), organisations.count(s, ListQuery())) == (0, 0)
        assert people.count(s, ListQuery()) == 0
