"""An older file upgraded to this version keeps every row: a table rebuilt by a migration (SQLite's
copy-and-rename) once cascaded its deletion to the rows that referred to it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from db import health, migrate
from db.engine import make_engine, open_database
from db.files import APPLICATION_ID

NOW = "2009-01-01 00:00:00.000000"


def _file_at(path: Path, revision: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.close()
    engine = make_engine(f"sqlite:///{path}")
    try:
        migrate.upgrade(engine, revision)
    finally:
        engine.dispose()


def test_a_file_from_before_saved_papers_keeps_its_board_meetings_and_officer(tmp_path: Path) -> None:
    path = tmp_path / "liaison.db"
    _file_at(path, "0005")
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute(
            "INSERT INTO people (id, title, name, kind, organisation_id, party, email, phone, notes,"
            " version, created_at, updated_at) VALUES (1, '', 'Helen Murray', 'officer', NULL, '', '',"
            f" '', '', 1, '{NOW}', '{NOW}')"
        )
        connection.execute(
            "INSERT INTO boards (id, name, organisation_id, contact_officer_id, notes, version,"
            " created_at, updated_at)"
            f" VALUES (1, 'Safer Communities Board', NULL, 1, '', 1, '{NOW}', '{NOW}')"
        )
        connection.executemany(
            "INSERT INTO board_meetings (id, board_id, meets_on) VALUES (?, 1, ?)",
            [(1, "2009-03-13"), (2, "2009-06-13")],
        )
    connection.close()

    database = open_database(path)  # upgrades to this version, after a backup
    try:
        with database.engine.connect() as connection:
            meets = (
                connection.exec_driver_sql("SELECT meets_on FROM board_meetings ORDER BY id").scalars().all()
            )
            officers = connection.exec_driver_sql("SELECT board_id, person_id FROM board_officers").all()
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert [str(day) for day in meets] == ["2009-03-13", "2009-06-13"]
        assert [tuple(row) for row in officers] == [(1, 1)]
        found = health.check(database).problems
        # The rows typed in above have no audit entries of their own (the check says so); the board's
        # officer the upgrade carried over has one.
        assert not [p for p in found if "board_officers" in p.text]
    finally:
        database.close()
