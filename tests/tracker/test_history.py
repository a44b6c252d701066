"""A record's history from the audit trail: each change, who and when, in names and words."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import insert, update

from db.engine import Database, open_database
from db.models import AuditEntry, Person, utc_now
from db.vocabulary import AttendanceRole, AuditAction, BodyRole
from tests.tracker.conftest import Directory
from tracker import meetings
from tracker.common import history
from tracker.common.history import HistoryLine, Subject
from tracker.directory import organisations, people
from tracker.directory.people import PositionEntry
from tracker.meetings import AttendeeEntry, BodyEntry, FollowUpEntry, MeetingDraft


@pytest.fixture
def colleague(database: Database) -> Iterator[Database]:
    """The same database opened by a colleague: their changes are recorded under their name."""
    other = open_database(database.url, actor="colleague")
    yield other
    other.close()


def table(lines: tuple[HistoryLine, ...]) -> list[tuple[str, str, str, str, str, str]]:
    return [(line.actor, line.action.value, line.what, line.field, line.before, line.after) for line in lines]


def test_a_meeting_history_shows_its_changes_and_its_attendees_bodies_and_actions_newest_first(
    database: Database, colleague: Database, directory: Directory
) -> None:
    with database.session() as s:
        logged = meetings.log(
            s,
            MeetingDraft(
                title="National Crime Reduction Board",
                held_on=date(2009, 3, 19),
                bodies=(BodyEntry(directory.ncrb, BodyRole.HOST),),
                attendees=(AttendeeEntry(directory.kemp, AttendanceRole.ATTENDED),),
            ),
        )
        other = meetings.log(
            s,
            MeetingDraft(
                title="APA conference",
                held_on=date(2009, 4, 1),
                attendees=(AttendeeEntry(directory.witherick, AttendanceRole.SPOKE),),
            ),
        )
    assert logged.id is not None and other.id is not None
    with colleague.session() as s:
        meetings.update(
            s,
            replace(
                logged,
                title="NCRB: crime statistics",
                bodies=(*logged.bodies, BodyEntry(directory.home_office, BodyRole.PARTICIPANT)),
                attendees=(AttendeeEntry(directory.kemp, AttendanceRole.CHAIRED),),
                follow_ups=(FollowUpEntry("Circulate the statistics", directory.murray, date(2009, 4, 30)),),
            ),
        )
    with database.session() as s:
        lines = history.lines(s, Subject.MEETING, logged.id)

    changed = [row for row in table(lines) if row[0] == "colleague"]
    assert sorted(changed) == sorted(
        [
            (
                "colleague",
                "update",
                "Meeting",
                "Title",
                "National Crime Reduction Board",
                "NCRB: crime statistics",
            ),
            ("colleague", "create", "Outside body", "", "", "Home Office, participant"),
            ("colleague", "update", "Attendee: Cllr Richard Kemp, attended", "Role", "attended", "chaired"),
            ("colleague", "create", "Follow-up", "", "", "Circulate the statistics"),
        ]
    )
    created = [row for row in table(lines) if row[0] == "officer.test"]
    assert ("officer.test", "create", "Meeting", "Date", "", "19 Mar 2009") in created
    assert ("officer.test", "create", "Meeting", "Kind", "", "meeting") in created
    assert ("officer.test", "create", "Attendee", "", "", "Cllr Richard Kemp, attended") in created
    assert (
        "officer.test",
        "create",
        "Outside body",
        "",
        "",
        "National Crime Reduction Board (NCRB), host",
    ) in created
    # Newest first, and nothing of the other meeting.
    assert lines[0].actor == "colleague" and lines[-1].actor == "officer.test"
    assert all("Witherick" not in line.after and line.after != "APA conference" for line in lines)


def test_an_organisation_history_names_the_bodies_it_points_at_and_its_aliases(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        stored = organisations.get(s, directory.apa)
        organisations.update(
            s, replace(stored, aliases=("Police authorities' association",), parent_id=directory.lga)
        )
    with database.session() as s:
        stored = organisations.get(s, directory.apa)
        organisations.update(s, replace(stored, aliases=()))
    with database.session() as s:
        rows = table(history.lines(s, Subject.ORGANISATION, directory.apa))
    assert rows[0] == ("officer.test", "delete", "Also known as", "", "Police authorities' association", "")
    assert set(rows[1:3]) == {  # one save: its two entries in either order
        ("officer.test", "update", "Organisation", "Part of", "", "Local Government Association (LGA)"),
        ("officer.test", "create", "Also known as", "", "", "Police authorities' association"),
    }
    assert ("officer.test", "create", "Organisation", "Name", "", "Association of Police Authorities") in rows


def test_a_person_history_shows_positions_and_a_deletion_of_a_body_named_in_it(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        stored = people.get(s, directory.campbell)
        people.update(
            s, replace(stored, positions=(PositionEntry("Under Secretary", directory.home_office),))
        )
    with database.session() as s:
        rows = table(history.lines(s, Subject.PERSON, directory.campbell))
    assert rows[0] == ("officer.test", "create", "Position", "", "", "Under Secretary, Home Office")
    assert ("officer.test", "create", "Person", "Title", "", "MP") in rows


def test_an_erased_person_history_shows_the_erasure_and_none_of_the_erased_data(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        stored = people.get(s, directory.murray)
        people.update(s, replace(stored, phone="020 7664 3000"))
    # Erasure as the personal-data service records it: the person anonymised, and an "erase" entry.
    with database.session() as s:
        s.execute(
            update(Person)
            .where(Person.id == directory.murray)
            .values(name="Erased person", email="", phone="", erased_at=utc_now())
        )
        s.execute(
            insert(AuditEntry).values(
                at=utc_now(),
                actor="officer.test",
                action=AuditAction.ERASE,
                table_name="people",
                row_id=str(directory.murray),
            )
        )
    with database.session() as s:
        lines = history.lines(s, Subject.PERSON, directory.murray)
    assert (lines[0].action, lines[0].after) == (AuditAction.ERASE, "Personal data erased")
    shown = " ".join(f"{line.before} {line.after}" for line in lines)
    for erased in ("Helen", "Murray", "helen.murray@lga.gov.uk", "020 7664"):
        assert erased not in shown
    assert any(line.field == "Phone" and line.after == history.ERASED for line in lines)


def test_changed_since_names_the_kinds_a_colleague_changed_and_not_my_own(
    database: Database, colleague: Database, directory: Directory
) -> None:
    with database.session() as s:
        seen = history.latest_entry(s)
        assert history.changed_since(s, seen, not_by="officer.test").kinds == frozenset()
    with database.session() as s:
        stored = people.get(s, directory.kemp)
        people.update(s, replace(stored, phone="0151 233 3000"))
    with colleague.session() as s:
        stored = organisations.get(s, directory.apa)
        organisations.update(s, replace(stored, aliases=("APA",)))
    with database.session() as s:
        newer = history.changed_since(s, seen, not_by="officer.test")
        assert newer.kinds == frozenset({"organisations"})
        assert newer.latest == history.latest_entry(s) > seen
        assert history.changed_since(s, seen).kinds == frozenset({"organisations", "people"})
        assert history.changed_since(s, newer.latest, not_by="officer.test").kinds == frozenset()


def test_every_table_tells_the_window_which_kind_of_record_changed() -> None:
    """A colleague's change reaches the lists by the kind its table maps to; a table left out would
    be announced under its own name, which no view listens for."""
    from db.models import Base

    bookkeeping = {"audit_log", "import_mappings"}
    tables = {table.name for table in Base.metadata.sorted_tables} - bookkeeping
    assert sorted(tables - set(history.TABLE_KINDS)) == []
