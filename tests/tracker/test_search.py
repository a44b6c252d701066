"""Finding meetings by the start of any word of their title, bodies or people, on both databases,
kept current by the database itself; and the list's hot queries answered from their indexes."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, insert, text

from db.engine import Database, open_database
from db.models import Meeting, TransparencyReturn
from db.vocabulary import AttendanceRole, BodyRole, MeetingKind, OrganisationKind, ReportSection
from tracker import meetings, search, synthetic
from tracker.common.listing import ListQuery
from tracker.directory import organisations, people
from tracker.directory.organisations import OrganisationDraft
from tracker.meetings import AttendeeEntry, BodyEntry, MeetingDraft

from .conftest import Directory


def recession(d: Directory) -> MeetingDraft:
    return MeetingDraft(
        title="Tackling Crime in a Recession",
        held_on=date(2009, 4, 23),
        kind=MeetingKind.CONFERENCE,
        bodies=(BodyEntry(d.home_office, BodyRole.HOST), BodyEntry(d.apa)),
        attendees=(AttendeeEntry(d.kemp, AttendanceRole.CHAIRED), AttendeeEntry(d.campbell)),
    )


def found(database: Database, words: str) -> list[str]:
    with database.session() as s:
        query = ListQuery(words, sort="held_on")
        titles = [r.title for r in meetings.rows(s, query, 0, 100)]
        assert meetings.count(s, query) == len(titles)
    return titles


def test_a_word_finds_meetings_by_the_start_of_any_word_of_title_body_or_person(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        meetings.log(s, recession(directory))
        meetings.log(s, MeetingDraft("APA Local Accountability Strategy Group", date(2009, 5, 1)))
    title = ["Tackling Crime in a Recession"]
    assert found(database, "tack") == title
    assert found(database, "RECESS") == title
    assert found(database, "home off") == title, "every word, each the start of some word"
    assert found(database, "kem") == title, "an attendee"
    assert found(database, "associ") == title, "a body's name"
    assert found(database, "apa") == [
        "Tackling Crime in a Recession",
        "APA Local Accountability Strategy Group",
    ]
    assert found(database, "rime") == [], "the middle of a word is not the start of one"
    assert found(database, "kemp strategy") == []
    assert found(database, "home-office") == title, "punctuation splits words as the index does"
    assert found(database, "%_*\"'") == [], "only punctuation: nothing to find"
    assert len(found(database, "  ")) == 2, "nothing typed: the whole list"


def test_the_index_follows_every_change_to_a_meeting_and_to_the_names_it_shows(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        stored = meetings.log(s, recession(directory))
    with database.session() as s:
        meetings.update(s, replace(stored, title="Tackling Crime in a Downturn"))
    assert found(database, "recession") == []
    assert found(database, "downturn") == ["Tackling Crime in a Downturn"]
    with database.session() as s:
        home_office = organisations.get(s, directory.home_office)
        organisations.update(s, replace(home_office, name="Ministry of Home Affairs"))
        kemp = people.get(s, directory.kemp)
        people.update(s, replace(kemp, name="Richard Kempson"))
    assert found(database, "ministry affairs") == ["Tackling Crime in a Downturn"]
    assert found(database, "kempson") == ["Tackling Crime in a Downturn"]
    with database.session() as s:
        meetings.delete(s, stored.id)  # type: ignore[arg-type]
    assert found(database, "downturn") == []


def test_meetings_read_from_returns_are_neither_listed_nor_found(database: Database) -> None:
    with database.session() as s:
        meetings.log(s, MeetingDraft("Police funding round table", date(2011, 2, 1)))
        department = organisations.create(
            s, OrganisationDraft("Home Office", OrganisationKind.GOVERNMENT_DEPARTMENT)
        )
        s.execute(
            insert(TransparencyReturn),
            [
                {
                    "id": 1,
                    "department_id": department.id,
                    "period_start": date(2011, 1, 1),
                    "period_end": date(2011, 3, 31),
                }
            ],
        )
        s.execute(
            insert(Meeting),
            [
                {
                    "title": "Police funding with the Police Federation",
                    "held_on": date(2011, 2, 2),
                    "kind": MeetingKind.MEETING,
                    "report_section": ReportSection.OFFICER_ACTIVITY,
                    "return_id": 1,
                }
            ],
        )
    assert found(database, "police") == ["Police funding round table"]
    assert found(database, "federation") == []
    with database.session() as s:
        assert meetings.count(s, ListQuery()) == 1
        assert [r.title for r in meetings.rows(s, ListQuery(), 0, 10)] == ["Police funding round table"]


def test_a_bulk_load_indexes_the_new_meetings_once_and_keeps_the_index_current_after(
    database: Database,
) -> None:
    with database.session() as s:
        meetings.log(s, MeetingDraft("Logged before", date(2010, 1, 1)))
        with search.bulk_load(s):
            s.execute(
                insert(Meeting),
                [
                    {
                        "title": f"Bulk meeting {n}",
                        "held_on": date(2010, 2, 1),
                        "kind": MeetingKind.MEETING,
                        "report_section": ReportSection.OFFICER_ACTIVITY,
                    }
                    for n in range(30)
                ],
            )
    assert len(found(database, "bulk")) == 30
    assert found(database, "logged") == ["Logged before"]
    with database.session() as s:
        meetings.log(s, MeetingDraft("Logged after", date(2010, 3, 1)))
    assert found(database, "logged") == ["Logged before", "Logged after"], "the triggers are back"


# --- SQLite's plans for the list's hot queries (on a synthetic archive) -----------------------------


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, _migrated_template: Path) -> Iterator[Database]:
    """3,000 synthetic meetings, built once for the plan tests (which only read)."""
    path = tmp_path_factory.mktemp("archive") / "archive.db"
    shutil.copyfile(_migrated_template, path)
    db = open_database(path, actor="test")
    with db.session() as s:
        synthetic.generate(s, synthetic.Shape.for_meetings(3000), seed=5)
    yield db
    db.close()


def plans(db: Database, work: Any) -> list[str]:
    """The query plan of every SELECT that `work` runs, one string per statement."""
    statements: list[tuple[str, Any]] = []

    def seen(_c: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        with db.session() as s:
            work(s)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    result = []
    with db.engine.connect() as connection:
        for statement, parameters in statements:
            cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            rows = cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
            result.append(" / ".join(str(r[-1]) for r in rows))
    return result


def full_scans(plan: str) -> list[str]:
    """Steps that read a whole table row by row (a SCAN not through an index)."""
    return [
        step for step in plan.split(" / ") if re.fullmatch(r"SCAN (meetings|attendances|meeting_\w+)", step)
    ]


@pytest.mark.parametrize("sort", ["held_on", "title", "kind", "bodies", "people"])
@pytest.mark.parametrize("descending", [False, True])
def test_a_window_of_the_list_is_picked_from_the_sort_index_without_sorting(
    archive: Database, sort: str, descending: bool
) -> None:
    query = ListQuery(sort=sort, descending=descending)
    [window] = plans(archive, lambda s: meetings.rows(s, query, 2000, 100))
    assert "COVERING INDEX ix_meetings_" in window, window
    # The one sort left is of the 100 rows of the window, after they are picked.
    assert window.count("USE TEMP B-TREE FOR ORDER BY") <= 1, window
    assert window.rstrip().endswith("USE TEMP B-TREE FOR ORDER BY") or "TEMP B-TREE" not in window
    assert full_scans(window) == []
    [count] = plans(archive, lambda s: meetings.count(s, query))
    assert "COVERING INDEX" in count and full_scans(count) == []


@pytest.mark.parametrize("words", ["kemp", "p", "police authority", "zzzz"])
def test_a_search_goes_through_the_full_text_index(archive: Database, words: str) -> None:
    query = ListQuery(words, sort="held_on", descending=True)
    for plan in plans(archive, lambda s: (meetings.count(s, query), meetings.rows(s, query, 0, 100))):
        assert "meetings_fts VIRTUAL TABLE" in plan, plan
        assert full_scans(plan) == [], plan


def test_the_meetings_of_an_organisation_are_found_through_the_link_table_index(archive: Database) -> None:
    found = [p for p in plans(archive, lambda s: organisations.page(s, 5)) if "meeting_organisations" in p]
    assert found, "the page lists the body's meetings"
    for plan in found:
        assert "INDEX ix_meeting_organisations_organisation_id" in plan, plan
        assert full_scans(plan) == []


def test_the_full_text_index_is_kept_by_triggers_on_the_meetings_table(archive: Database) -> None:
    """A migration rebuilding the meetings table (batch mode) drops its triggers: it must make them again."""
    with archive.engine.connect() as connection:
        triggers = {
            row[0]
            for row in connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        }
    assert {"meetings_fts_insert", "meetings_fts_update", "meetings_fts_delete"} <= triggers
