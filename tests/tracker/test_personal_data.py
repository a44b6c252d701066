"""Personal data: the subject-access export holds everything about a person; erasure leaves nothing of it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import Enum as SAEnum
from sqlalchemy import String, func, select, text

from db.engine import Database
from db.models import Attendance, AuditEntry, Base, Meeting, Organisation, Person, Position
from db.vocabulary import AppointmentRole, AttendanceRole, AuditAction, PersonKind
from tracker import duties, meetings
from tracker.common import personal_data
from tracker.common.errors import DomainError, EditConflict, NotFound
from tracker.directory import people
from tracker.directory.people import PersonDraft, PositionEntry
from tracker.duties import AppointmentDraft
from tracker.lobbying import bills
from tracker.lobbying.bills import AskDraft, BillDraft
from tracker.meetings import AttendeeEntry, BodyEntry, FollowUpEntry, MeetingDraft

from .conftest import Directory


@pytest.fixture
def murray_everywhere(database: Database, directory: Directory) -> int:
    """Helen Murray with a post, two meetings (one summary naming her), an action, a duty and an ask."""
    with database.session() as s:
        held = people.get(s, directory.murray)
        people.update(
            s,
            replace(
                held,
                notes="Prefers calls after 4pm.",
                positions=(PositionEntry("Senior Adviser", directory.lga, date(2006, 4, 1)),),
            ),
        )
        for day, summary in (
            (date(2009, 3, 3), "Helen Murray presented the LGA's response."),
            (date(2009, 5, 5), ""),
        ):
            meetings.log(
                s,
                MeetingDraft(
                    f"NCRB meeting {day:%B}",
                    day,
                    bodies=(BodyEntry(directory.ncrb),),
                    attendees=(
                        AttendeeEntry(directory.murray, AttendanceRole.PRESENTED),
                        AttendeeEntry(directory.kemp, AttendanceRole.CHAIRED),
                    ),
                    summary=summary,
                    follow_ups=(
                        FollowUpEntry("Send the paper to helen.murray@lga.gov.uk", directory.murray),
                    ),
                ),
            )
        duties.appoint(
            s,
            AppointmentDraft(directory.murray, directory.ncrb, AppointmentRole.OBSERVER, date(2008, 1, 1)),
        )
        bill = bills.create(s, BillDraft("Policing and Crime Bill", "2008-09")).id
        assert bill is not None
        bills.add_ask(s, AskDraft(bill, "Keep CDRPs statutory", target_person_id=directory.murray))
    return directory.murray


def test_subject_access_holds_the_person_and_everything_linked_to_them(
    database: Database, murray_everywhere: int
) -> None:
    with database.session() as s:
        export = personal_data.subject_access(s, murray_everywhere)
    json.dumps(export)  # plain values only
    assert export["person"]["name"] == "Helen Murray"
    assert export["person"]["email"] == "helen.murray@lga.gov.uk"
    assert export["person"]["notes"] == "Prefers calls after 4pm."
    assert [p["role"] for p in export["positions"]] == ["Senior Adviser"]
    assert [(a["meeting"], a["role"]) for a in export["attendances"]] == [
        ("NCRB meeting March", "presented"),
        ("NCRB meeting May", "presented"),
    ]
    assert [a["role"] for a in export["appointments"]] == ["observer"]
    assert [a["text"] for a in export["asks_targeted"]] == ["Keep CDRPs statutory"]
    assert len(export["follow_ups_owned"]) == 2
    # Her record's creation, its update, and her post's creation.
    actions = [(e["table"], e["action"]) for e in export["audit"]]
    assert actions == [("people", "create"), ("people", "update"), ("positions", "create")]


def test_erase_anonymises_in_place_and_keeps_the_counts(database: Database, murray_everywhere: int) -> None:
    with database.session() as s:
        attendances_before = s.scalar(select(func.count()).select_from(Attendance))
        label = personal_data.erase(s, murray_everywhere)
    assert label == "an officer"
    with database.session() as s:
        person = s.get(Person, murray_everywhere)
        assert person is not None
        assert (person.name, person.title, person.email, person.phone, person.notes) == (
            "an officer",
            "",
            "",
            "",
            "",
        )
        assert person.organisation_id is None and person.erased_at is not None
        assert s.scalar(select(func.count()).select_from(Position)) == 0
        assert s.scalar(select(func.count()).select_from(Attendance)) == attendances_before
        listed = meetings.rows(s, meetings.ListQuery(), 0, 10)
        assert {row.people for row in listed} == {"an officer; Cllr Richard Kemp"}
        march = next(row for row in listed if row.title == "NCRB meeting March")
        assert meetings.get(s, march.id).summary == "an officer presented the LGA's response."
        assert all(f.text == "Send the paper to an officer" for f in meetings.get(s, march.id).follow_ups)


def test_after_erasure_no_row_anywhere_holds_what_was_erased(
    database: Database, murray_everywhere: int
) -> None:
    with database.session() as s:
        personal_data.erase(s, murray_everywhere)
    with database.engine.connect() as connection:
        dump = "\n".join(
            repr(tuple(row))
            for table in Base.metadata.sorted_tables
            for row in connection.execute(select(table))
        )
    for erased in (
        "Helen Murray",
        "helen.murray@lga.gov.uk",
        "020 7664 3266",
        "Prefers calls",
        "Senior Adviser",
    ):
        assert erased not in dump


def test_erasure_writes_one_erase_row_with_no_personal_data(
    database: Database, murray_everywhere: int
) -> None:
    with database.session() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
        personal_data.erase(s, murray_everywhere)
    with database.session() as s:
        erase_rows = list(s.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.ERASE)))
        after = s.scalar(select(func.count()).select_from(AuditEntry))
    assert after == (before or 0) + 1
    assert len(erase_rows) == 1
    row = erase_rows[0]
    assert (row.actor, row.table_name, row.row_id, row.before) == (
        "officer.test",
        "people",
        str(murray_everywhere),
        None,
    )
    assert "Murray" not in (row.after or "") and "lga.gov.uk" not in (row.after or "")
    assert json.loads(row.after or "{}")["texts_rewritten"] == {"follow_ups": 2, "meetings": 1}


def test_erasing_twice_is_refused_clearly(database: Database, directory: Directory) -> None:
    with database.session() as s:
        personal_data.erase(s, directory.campbell)
    with (
        database.session() as s,
        pytest.raises(personal_data.AlreadyErased, match="already|nothing left to erase"),
    ):
        personal_data.erase(s, directory.campbell)
    with database.session() as s:
        assert people.get(s, directory.campbell).display_name == "an official"


def test_an_editor_opened_before_the_erasure_cannot_save_the_name_back(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        opened = people.get(s, directory.kemp)
    with database.session() as s:
        personal_data.erase(s, directory.kemp)
    with database.session() as s, pytest.raises(EditConflict):
        people.update(s, replace(opened, notes="x"))


def test_find_takes_an_id_or_a_name_of_any_kind(database: Database, directory: Directory) -> None:
    with database.session() as s:
        assert personal_data.find(s, str(directory.campbell)) == directory.campbell
        assert personal_data.find(s, "alan campbell") == directory.campbell
        assert personal_data.find(s, "#" + str(directory.kemp)) == directory.kemp
        with pytest.raises(NotFound, match="Closest"):
            personal_data.find(s, "Jacqui Smith")
        with pytest.raises(DomainError, match="does not exist"):
            personal_data.find(s, "9999")


def _text_columns() -> list[tuple[str, str]]:
    return [
        (table.name, column.name)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, String) and not isinstance(column.type, SAEnum)
    ]


_STAMPS = "'2009-04-01 00:00:00', '2009-04-01 00:00:00', 1"
_EMPTY_IN_THE_DEMO = (
    (
        "papers",
        "INSERT INTO papers (board_id, item, meets_on, period_start, period_end, notes, created_at,"
        f" updated_at, version) SELECT min(id), 'Item 3', '2009-06-13', '2009-03-01', '2009-06-12', '',"
        f" {_STAMPS} FROM boards",
    ),
    (
        "paper_entries",
        "INSERT INTO paper_entries (paper_id, key, included, position, text)"
        " SELECT max(id), 'meeting:1', true, 0, '' FROM papers",
    ),
    (
        "organisation_foundings",
        "INSERT INTO organisation_foundings (organisation_id, founded_on, source)"
        " VALUES (:ncrb, '1998-01-01', '')",
    ),
    (
        "stakeholder_stances",
        "INSERT INTO stakeholder_stances (organisation_id, stance, stated_on, source_kind, source_text,"
        " notes, created_at, updated_at, version)"
        f" VALUES (:ncrb, 'neutral', '2009-01-01', 'other', '', '', {_STAMPS})",
    ),
    (
        "stakeholder_assessments",
        "INSERT INTO stakeholder_assessments (organisation_id, influence, interest, planned_action, notes,"
        f" created_at, updated_at, version) VALUES (:ncrb, 3, 3, '', '', {_STAMPS})",
    ),
)


def test_erasure_reaches_every_text_column_of_every_table(demo_database: Database) -> None:
    """The name planted in every text column the models declare (found from the schema, so a column
    added later is planted too) is gone from every one of them after the erasure."""
    with demo_database.session() as s:
        kemp = personal_data.find(s, "Richard Kemp")
        ncrb = s.scalar(select(Organisation.id).where(Organisation.acronym == "NCRB"))
    with demo_database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO import_mappings (kind, signature, headers, mapping, used_at)"
                " VALUES ('people', 'sig', '[]', '{}', '2009-01-01 00:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO transparency_returns (department_id, period_start, period_end, source_name,"
                " notes, created_at, updated_at, version) VALUES (:ncrb, '2009-01-01', '2009-03-31',"
                " '', '', '2009-04-01 00:00:00', '2009-04-01 00:00:00', 1)"
            ),
            {"ncrb": ncrb},
        )
        # A row to plant in for the tables the demo leaves empty, each with the rows it needs.
        for table, insert in _EMPTY_IN_THE_DEMO:
            if not connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar():
                connection.execute(text(insert), {"ncrb": ncrb, "kemp": kemp})
        for table, column in _text_columns():
            key = Base.metadata.tables[table].primary_key.columns[0].name
            other = " AND id <> :kemp" if table == "people" else ""
            planted = "Cllr Richard Kemp"
            if table == "audit_log" and column in ("before", "after"):
                planted = json.dumps({"said": "Cllr Richard Kemp"})
            changed = connection.execute(
                text(
                    f'UPDATE "{table}" SET "{column}" = :planted'
                    f' WHERE {key} = (SELECT max({key}) FROM "{table}" WHERE 1 = 1{other})'
                ),
                {"planted": planted, "kemp": kemp},
            )
            assert changed.rowcount == 1, f"{table}.{column} holds no row to plant the name in"
    with demo_database.session() as s:
        personal_data.erase(s, kemp)
    with demo_database.engine.connect() as connection:
        for table, column in _text_columns():
            held = connection.execute(
                text(f'SELECT count(*) FROM "{table}" WHERE lower("{column}") LIKE :name'),
                {"name": "%richard kemp%"},
            ).scalar()
            assert held == 0, f"{table}.{column} still holds the erased name"


def test_an_email_is_erased_as_a_whole_address_only(database: Database, directory: Directory) -> None:
    lookalikes = "Copy helen.murray@lga.gov.uk.uk and bhelen.murray@lga.gov.uk and x.helen.murray@lga.gov.uk"
    with database.session() as s:
        meeting = meetings.log(
            s,
            MeetingDraft(
                "Copies",
                date(2009, 3, 3),
                summary=f"{lookalikes}; write to helen.murray@lga.gov.uk.",
                notes=lookalikes,
            ),
        ).id
        personal_data.erase(s, directory.murray)
    with database.session() as s:
        held = meetings.get(s, meeting)
        assert held.summary == f"{lookalikes}; write to an officer."
        assert held.notes == lookalikes


def test_the_search_for_mentions_in_sql_keeps_to_whole_addresses_and_words(
    database: Database, directory: Directory
) -> None:
    texts = {
        "helen.murray@lga.gov.uk": True,
        "mail helen.murray@lga.gov.uk.": True,
        "<HELEN.MURRAY@LGA.GOV.UK>": True,
        "helen.murray@lga.gov.uk.uk": False,
        "bhelen.murray@lga.gov.uk": False,
        "Helen Murrays": False,
        "with Helen Murray, chair": True,
    }
    with database.session() as s:
        ids = {
            meetings.log(s, MeetingDraft(f"Meeting {n}", date(2009, 3, 3), notes=t)).id: found
            for n, (t, found) in enumerate(texts.items())
        }
        selected = set(
            s.scalars(
                select(Meeting.id).where(
                    personal_data.mentioning(Meeting.notes, ["helen.murray@lga.gov.uk", "Helen Murray"])
                )
            )
        )
    assert selected == {i for i, found in ids.items() if found}


def test_the_search_index_holds_no_copy_of_an_erased_name(database: Database, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("the FTS5 index is SQLite's; PostgreSQL's GIN index is computed from the rows")
    with database.session() as s:
        person = people.create(s, PersonDraft("Zephyrine Quillfeather", PersonKind.CONTACT)).id
        for month in (3, 4, 5):
            meetings.log(
                s,
                MeetingDraft(
                    f"Zephyrine Quillfeather on sprinklers {month}",
                    date(2009, month, 3),
                    attendees=(AttendeeEntry(person, AttendanceRole.ATTENDED),),
                ),
            )
    with database.session() as s:
        personal_data.erase(s, person)
    with database.engine.connect() as connection:
        found = connection.exec_driver_sql(
            "SELECT count(*) FROM meetings_fts WHERE meetings_fts MATCH 'quillfeather'"
        ).scalar()
        assert found == 0
        shadow = [
            str(name)
            for (name,) in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'meetings_fts_%'"
            )
        ]
        assert "meetings_fts_data" in shadow
        for table in shadow:
            for row in connection.exec_driver_sql(f'SELECT * FROM "{table}"'):
                for value in row:
                    held = value if isinstance(value, bytes) else str(value).encode()
                    assert b"illfeather" not in held.lower(), f"{table} still holds the erased name"
