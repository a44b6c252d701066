"""Opening database files: new ones are marked and migrated; anything not ours is left untouched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from db import migrate
from db.engine import open_database
from db.files import APPLICATION_ID, DatabaseRefused, backup_sqlite, check_integrity


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    """The names in a folder: a refusal must leave no -wal, -shm or partial file behind."""
    return sorted(p.name for p in folder.iterdir())


def test_a_new_file_is_marked_as_liaisons_and_migrated_to_head(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
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
    assert listing(tmp_path) == ["minutes.db"]


def test_a_file_from_a_newer_liaison_is_refused_and_left_unchanged(database_path: Path) -> None:
    with sqlite3.connect(database_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.close()
    before = digest(database_path)
    with pytest.raises(DatabaseRefused, match="newer version of Liaison"):
        open_database(database_path)
    assert digest(database_path) == before
    assert listing(database_path.parent) == ["liaison.db"]


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
    assert listing(database_path.parent) == ["liaison.db"]


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
    backups = list((tmp_path / "backups").glob(f"old.before-upgrade-{old_head}-*.db"))
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


def test_the_check_keeps_the_wal_and_shm_of_a_file_someone_has_open(database_path: Path) -> None:
    colleague = sqlite3.connect(database_path)
    try:
        colleague.execute("SELECT count(*) FROM themes").fetchall()
        assert listing(database_path.parent) == ["liaison.db", "liaison.db-shm", "liaison.db-wal"]
        assert check_integrity(database_path) == "ok"
        assert listing(database_path.parent) == ["liaison.db", "liaison.db-shm", "liaison.db-wal"]
    finally:
        colleague.close()


def _newer_file_with_a_pending_wal(database_path: Path, aside: Path) -> Path:
    """A copy of a file a newer Liaison has open: its last change is still in the -wal, not the file."""
    reader = sqlite3.connect(database_path)  # held open so that no close checkpoints the -wal
    writer = sqlite3.connect(database_path)
    try:
        reader.execute("SELECT count(*) FROM themes").fetchall()
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        with writer:
            writer.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        aside.mkdir()
        shutil.copyfile(database_path, aside / "newer.db")
        shutil.copyfile(database_path.with_name("liaison.db-wal"), aside / "newer.db-wal")
    finally:
        writer.close()
        reader.close()
    assert (aside / "newer.db-wal").stat().st_size > 0
    return aside / "newer.db"


def test_a_newer_file_with_a_pending_wal_is_refused_and_neither_file_changes(
    database_path: Path, tmp_path: Path
) -> None:
    path = _newer_file_with_a_pending_wal(database_path, tmp_path / "aside")
    wal = path.with_name("newer.db-wal")
    before = digest(path), digest(wal)
    with pytest.raises(DatabaseRefused, match="newer version of Liaison .schema 9999_from_the_future"):
        open_database(path)
    assert (digest(path), digest(wal)) == before
    # A -wal there may be another process's, so the read that refused the file left it (and made
    # the -shm it needed): removing either could lose that process's commits.
    assert listing(path.parent) == ["newer.db", "newer.db-shm", "newer.db-wal"]


def test_a_backup_leaves_exactly_the_copy(database_path: Path, tmp_path: Path) -> None:
    copy = backup_sqlite(database_path, tmp_path / "copies" / "copy.db")
    assert copy == tmp_path / "copies" / "copy.db"
    assert listing(tmp_path / "copies") == ["copy.db"]
    assert listing(tmp_path) == ["copies", "liaison.db"]
    assert check_integrity(copy) == "ok"
    assert listing(tmp_path / "copies") == ["copy.db"]


def test_a_backup_to_a_folder_is_refused_and_leaves_nothing(database_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    with pytest.raises(DatabaseRefused, match="it is a folder"):
        backup_sqlite(database_path, folder)
    assert listing(tmp_path) == ["backups", "liaison.db"]
    assert listing(folder) == []


def test_a_backup_onto_the_database_itself_is_refused(database_path: Path) -> None:
    before = digest(database_path)
    with pytest.raises(DatabaseRefused, match="onto itself"):
        backup_sqlite(database_path, database_path)
    assert digest(database_path) == before
    assert listing(database_path.parent) == ["liaison.db"]


def test_a_failed_backup_leaves_no_partial_file(
    database_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse_the_rename(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("db.engine.os.replace", refuse_the_rename)
    with pytest.raises(DatabaseRefused, match="cannot back up .* Permission denied"):
        backup_sqlite(database_path, tmp_path / "copy.db")
    assert listing(tmp_path) == ["liaison.db"]


def test_a_missing_file_is_refused_when_it_is_not_to_be_created(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.db"
    with pytest.raises(DatabaseRefused, match="new.db does not exist; run `demo` or open the app"):
        open_database(path, create=False)
    assert listing(tmp_path) == []
    (tmp_path / "empty.db").touch()
    with pytest.raises(DatabaseRefused, match="empty.db is empty"):
        open_database(tmp_path / "empty.db", create=False)
    assert listing(tmp_path) == ["empty.db"] and (tmp_path / "empty.db").stat().st_size == 0


def test_an_existing_file_opens_when_it_is_not_to_be_created(database_path: Path) -> None:
    db = open_database(database_path, create=False)
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    db.close()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nosuch://x", r"^nosuch://x: Liaison cannot use “nosuch” databases"),
        ("postgresql://u:secret@db.example:notaport/x", r"^postgresql://u:\*\*\*@db.example:notaport/x: "),
        ("mysql://u:secret@127.0.0.1:1/x", r"^mysql://u:\*\*\*@127.0.0.1:1/x: the database driver"),
    ],
)
def test_a_url_liaison_cannot_use_is_refused_in_one_line(url: str, message: str) -> None:
    with pytest.raises(DatabaseRefused, match=message) as refused:
        open_database(url)
    assert "\n" not in str(refused.value) and "secret" not in str(refused.value)


def test_a_postgresql_url_without_its_driver_or_server_is_refused_in_one_line() -> None:
    url = "postgresql+psycopg://u:secret@127.0.0.1:1/x"
    try:
        import psycopg  # noqa: F401
    except ModuleNotFoundError:
        expected = r"the PostgreSQL driver is not installed: pip install 'liaison\[postgresql\]'"
    else:
        expected = "cannot connect: "
    with pytest.raises(DatabaseRefused, match=expected) as refused:
        open_database(url)
    text = str(refused.value)
    assert text.startswith("postgresql+psycopg://u:***@127.0.0.1:1/x: ")
    assert "\n" not in text and "secret" not in text


def test_a_driver_that_is_there_but_cannot_load_says_why_not_that_none_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """psycopg raises an ImportError naming no module when none of its libpq wrappers loads."""
    said = "no pq wrapper available.\nAttempts made:\n- couldn't import psycopg 'binary' implementation: boom"

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise ImportError(said)

    monkeypatch.setattr("db.engine.make_engine", refuse)
    with pytest.raises(DatabaseRefused) as refused:
        open_database("postgresql+psycopg://u:secret@127.0.0.1:1/x")
    text = str(refused.value)
    assert "None" not in text and "\n" not in text and "secret" not in text
    assert text.endswith(
        "the PostgreSQL driver psycopg could not be loaded: no pq wrapper available. Attempts made:"
        " - couldn't import psycopg 'binary' implementation: boom"
    )


def test_a_file_name_with_url_characters_opens_that_file(tmp_path: Path) -> None:
    path = tmp_path / "Minutes? #2 100%.db"
    db = open_database(path)
    assert db.path == path
    db.close()
    assert listing(tmp_path) == ["Minutes? #2 100%.db"]
    assert check_integrity(path) == "ok"
    db = open_database(path, create=False)
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    db.close()
    assert listing(tmp_path) == ["Minutes? #2 100%.db"]


def test_a_path_in_a_missing_folder_is_refused_and_no_folder_is_made(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "folder" / "liaison.db"
    with pytest.raises(DatabaseRefused, match="no such folder"):
        open_database(path)
    assert listing(tmp_path) == []


def test_the_default_file_s_folder_is_made_on_first_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_folder = tmp_path / "data" / "Liaison"
    monkeypatch.setattr("db.engine.default_database_path", lambda: data_folder / "liaison.db")
    open_database(None).close()
    assert (data_folder / "liaison.db").exists()


def test_a_new_file_on_a_network_folder_uses_the_rollback_journal_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No SMB or NFS share can be mounted here; the mount table's answer is what is replaced.
    monkeypatch.setattr("db.engine.network_filesystem", lambda _path: "cifs")
    monkeypatch.setattr("db.files.network_filesystem", lambda _path, **_: "cifs")
    database = open_database(tmp_path / "shared.db")
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
        assert any("rollback journal" in n and "PostgreSQL server" in n for n in database.notices)
    finally:
        database.close()
    assert listing(tmp_path) == ["shared.db"]


def test_a_file_moved_back_to_a_local_disk_returns_to_write_ahead_logging(tmp_path: Path) -> None:
    path = tmp_path / "liaison.db"
    open_database(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()
    database = open_database(path)
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        database.close()
