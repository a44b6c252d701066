"""`db check` finds a broken search index and a broken audit chain; `db repair` mends what it can."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cli import main
from db import backups, health, search_index
from db.engine import Database, open_database
from db.files import backup_sqlite
from db.models import AuditEntry, Meeting
from tracker import demo, search


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "demo.db"
    database = open_database(path, actor="demo")
    try:
        with database.session() as session:
            demo.build(session)
    finally:
        database.close()
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    return backup_sqlite(demo_template, tmp_path / "d.db")


@pytest.fixture
def opened(demo_path: Path) -> Iterator[Database]:
    database = open_database(demo_path, upgrade=False, create=False)
    yield database
    database.close()


def raw(path: Path, script: str) -> None:
    """Change the file behind Liaison's back."""
    connection = sqlite3.connect(path)
    try:
        connection.executescript(script)
    finally:
        connection.close()


def first_meeting(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT min(id) FROM meetings WHERE return_id IS NULL").fetchone()[0])
    finally:
        connection.close()


def rename_with_triggers_dropped(database: Database, meeting_id: int, title: str) -> None:
    """Rename a meeting through Liaison (audited) while the search triggers are missing."""
    assert database.path is not None
    raw(database.path, "".join(f"DROP TRIGGER {name};" for name in search_index.TRIGGERS))
    with database.session() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.title = title


def found(database: Database, words: str) -> int:
    with database.session() as session:
        return search.count_matches(session, words)


def test_the_demo_database_is_sound(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "check", "--db", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "search index in step with 25 meetings" in out and "audit trail of" in out


def test_dropped_search_triggers_are_named_one_line_each(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw(demo_path, "".join(f"DROP TRIGGER {name};" for name in search_index.TRIGGERS))
    assert main(["db", "check", "--db", str(demo_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    for name in search_index.TRIGGERS:
        assert sum(f"trigger {name} is missing" in line for line in lines) == 1
    assert "meetings added from now on cannot be found by search" in "\n".join(lines)
    assert not any("audit:" in line for line in lines)


def test_an_index_out_of_step_names_the_meeting(opened: Database) -> None:
    meeting_id = first_meeting(opened.path or Path())
    rename_with_triggers_dropped(opened, meeting_id, "Zanzibar summit")
    assert opened.path is not None
    raw(opened.path, ";".join(search_index.TRIGGERS.values()) + ";")
    problems = [str(p) for p in health.check(opened).problems]
    assert problems == [
        "search: 1 meetings are indexed under words their title, bodies, people or notes no longer hold"
        f" (#{meeting_id})"
    ]


def test_repair_mends_dropped_triggers_and_the_index_and_search_finds_the_meeting(
    opened: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    path = opened.path
    assert path is not None
    meeting_id = first_meeting(path)
    rename_with_triggers_dropped(opened, meeting_id, "Zanzibar summit")
    assert found(opened, "zanzibar") == 0
    assert main(["db", "check", "--db", str(path)]) == 1
    capsys.readouterr()

    assert main(["db", "repair", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    copies = backups.backups_of(path, backups.BEFORE_REPAIR)
    assert len(copies) == 1 and f"Backed up {path} to {copies[0]} (checked)" in out
    assert all(f"recreated the search trigger {name}" in out for name in search_index.TRIGGERS)
    assert "rebuilt the search index of 25 meetings" in out
    # The backup is the database as it was: the triggers still missing.
    with sqlite3.connect(copies[0]) as copy:
        held = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'meetings'"
        assert copy.execute(held).fetchone() == (0,)

    assert main(["db", "check", "--db", str(path)]) == 0
    assert found(opened, "zanzibar") == 1
    with opened.session() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.title = "Quetzal conference"
    assert found(opened, "quetzal") == 1 and found(opened, "zanzibar") == 0


def test_repair_of_a_sound_database_changes_nothing_but_the_backup(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def dump() -> list[str]:
        with sqlite3.connect(demo_path) as connection:
            return list(connection.iterdump())

    before = dump()
    assert main(["db", "repair", "--db", str(demo_path)]) == 0
    assert "Nothing to rebuild" in capsys.readouterr().out
    assert dump() == before
    assert len(backups.backups_of(demo_path, backups.BEFORE_REPAIR)) == 1


def test_a_meeting_changed_with_raw_sql_breaks_the_audit_chain_and_repair_leaves_the_trail(
    opened: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    path = opened.path
    assert path is not None
    meeting_id = first_meeting(path)
    raw(path, f"UPDATE meetings SET summary = 'quietly rewritten' WHERE id = {meeting_id}")
    assert main(["db", "check", "--db", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(
        "audit: 1 meetings differ from their recorded values" in line and f"#{meeting_id} (summary)" in line
        for line in lines
    )
    assert not any("search:" in line for line in lines)
    with opened.session() as session:
        entries = session.scalar(select(func.count()).select_from(AuditEntry))

    assert main(["db", "repair", "--db", str(path)]) == 1
    out = capsys.readouterr().out
    assert "a repair cannot rebuild; it has been left as it is" in out
    with opened.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == entries


def test_rows_written_or_deleted_behind_liaisons_back_are_named(opened: Database) -> None:
    path = opened.path
    assert path is not None
    raw(
        path,
        "INSERT INTO themes (name, description, version, created_at, updated_at)"
        " VALUES ('Smuggled', '', 1, '2009-01-01 00:00:00', '2009-01-01 00:00:00');"
        "DELETE FROM follow_ups WHERE id = (SELECT min(id) FROM follow_ups);",
    )
    problems = [str(p) for p in health.check(opened).problems]
    assert len(problems) == 2
    assert problems[0].startswith("audit: 1 themes have no recorded creation")
    assert problems[1].startswith("audit: 1 follow_ups the trail holds are gone without a recorded deletion")


def test_entries_of_unknown_tables_and_time_going_back_are_found(opened: Database) -> None:
    path = opened.path
    assert path is not None
    raw(
        path,
        "INSERT INTO audit_log (at, actor, action, table_name, row_id, after)"
        " VALUES ('2001-01-01 00:00:00', 'x', 'create', 'spells', '1', '{}')",
    )
    problems = [str(p) for p in health.check(opened).problems]
    assert problems[0] == "audit: 1 entries name tables Liaison does not have: spells"
    assert problems[1].startswith("audit: time goes back 1 times along the entries")


def test_a_freshly_imported_database_is_sound(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "i.db"
    calendar = Path(__file__).parents[3] / "shared/data/real-world/calendars/rie_daylight_saving_time.ics"
    assert main(["--db", str(path), "import", "ics", str(calendar)]) == 0
    capsys.readouterr()
    assert main(["db", "check", "--db", str(path)]) == 0, capsys.readouterr().out


def test_repair_refuses_a_file_that_is_not_liaisons_and_leaves_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (x)")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert main(["db", "repair", "--db", str(path)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "not a Liaison database" in error
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


@pytest.mark.postgresql
def test_on_a_server_a_missing_search_index_is_found_and_recreated(
    postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    database = open_database(postgres_url, upgrade=False, create=False)
    try:
        with database.engine.begin() as connection:
            connection.exec_driver_sql(f"DROP INDEX {search_index.POSTGRESQL_INDEX}")
    finally:
        database.close()
    assert main(["db", "check", "--db", postgres_url]) == 1
    assert f"search index {search_index.POSTGRESQL_INDEX} is missing" in capsys.readouterr().out
    assert main(["db", "repair", "--db", postgres_url]) == 0
    assert f"recreated the search index {search_index.POSTGRESQL_INDEX}" in capsys.readouterr().out
    assert main(["db", "check", "--db", postgres_url]) == 0


def test_a_follow_up_copied_wrong_is_found_and_repaired(opened: Database) -> None:
    """meetings.follow_ups_label (what search reads of the follow-ups, migration 0009) must hold the
    meeting's follow-up actions; one changed behind the triggers' back is named and copied again."""
    assert opened.path is not None
    meeting_id = first_meeting(opened.path)
    raw(opened.path, f"UPDATE meetings SET follow_ups_label = 'Zanzibar' WHERE id = {meeting_id};")
    problems = [str(p) for p in health.check(opened).problems]
    assert "search: 1 meetings hold follow-up actions for search that are not their own" in problems
    repaired = health.repair(opened)
    assert "copied the follow-up actions of 1 meetings again for search" in repaired.done
    assert repaired.after.problems == []
    assert found(opened, "zanzibar") == 0
