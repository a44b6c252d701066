"""Opening database files: new ones are marked and migrated; anything not ours is left untouched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from db import migrate
from db.engine import APPLICATION_ID, DatabaseRefused, backup_sqlite, open_database


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_file_is_marked_as_liaisons_and_migrated_to_head(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.db"
    db = open_database(path)
    with db.engine.connect() as connection:
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("application_id", "journal_mode", "foreign_keys", "synchronous")
        }
    assert pragma == {
        "application_id": APPLICATION_ID,
        "journal_mode": "wal",
        "foreign_keys": 1,
        "synchronous": 2,
    }
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    db.close()


def test_the_migrated_schema_matches_the_models(database) -> None:  # type: ignore[no-untyped-def]
    assert migrate.differences(database.engine) == []


def test_an_empty_file_is_taken_as_new(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    db = open_database(path)
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    db.close()


def test_another_programs_sqlite_file_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "firefox.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        connection.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    connection.close()
    before = digest(path)
    with pytest.raises(DatabaseRefused, match="not a Liaison database: it belongs to another application"):
        open_database(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["firefox.sqlite"]


def test_a_file_that_is_not_sqlite_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "minutes.db"
    path.write_text("Minutes of the Safer Communities Board\n" * 20)
    before = digest(path)
    with pytest.raises(DatabaseRefused, match="it is not an SQLite file"):
        open_database(path)
    assert digest(path) == before


def test_a_file_from_a_newer_liaison_is_refused_and_left_unchanged(database_path: Path) -> None:
    with sqlite3.connect(database_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.close()
    before = digest(database_path)
    with pytest.raises(DatabaseRefused, match="newer version of Liaison"):
        open_database(database_path)
    assert digest(database_path) == before


def test_a_damaged_file_is_refused_and_left_unchanged(database_path: Path) -> None:
    data = bytearray(database_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for offset in range(page_size * 2, min(len(data), page_size * 6)):
        data[offset] = 0x5A
    database_path.write_bytes(bytes(data))
    before = digest(database_path)
    with pytest.raises(DatabaseRefused, match="damaged"):
        open_database(database_path)
    assert digest(database_path) == before


def test_an_older_file_is_backed_up_then_upgraded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    db = open_database(path)
    with db.session() as session:
        session.execute(
            text(
                "INSERT INTO themes (name, description, version, created_at, updated_at)"
                " VALUES ('CDRP reform', '', 1, '2009-01-01', '2009-01-01')"
            )
        )
    db.close()
    old_head = migrate.head_revision()
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.SCRIPTS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9000_next.py").write_text(
        f'revision = "9000"\ndown_revision = "{old_head}"\nbranch_labels = None\ndepends_on = None\n'
        "from alembic import op\nimport sqlalchemy as sa\n"
        "def upgrade():\n    op.add_column('themes', sa.Column('colour', sa.String(20)))\n"
        "def downgrade():\n    op.drop_column('themes', 'colour')\n"
    )
    monkeypatch.setattr(migrate, "SCRIPTS", scripts)

    db = open_database(path)

    assert migrate.current_revision(db.engine) == "9000"
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT name, colour FROM themes")).all() == [("CDRP reform", None)]
    db.close()
    backups = list(tmp_path.glob(f"old.before-upgrade-{old_head}-*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [(old_head,)]
        assert copy.execute("SELECT name FROM themes").fetchall() == [("CDRP reform",)]
    copy.close()


def test_a_backup_holds_the_same_rows_and_passes_its_check(database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with database.session() as session:
        session.execute(
            text(
                "INSERT INTO themes (name, description, version, created_at, updated_at)"
                " VALUES ('Community cohesion', 'x', 1, '2009-01-01', '2009-01-01')"
            )
        )
    copy = backup_sqlite(database.path, tmp_path / "copy.db")
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT name, description FROM themes").fetchall() == [
            ("Community cohesion", "x")
        ]
        assert connection.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    connection.close()
