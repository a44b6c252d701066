"""Reading a SQLite file without writing to it, while the window's own connection opens."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db.files import read_only


def _wal_file(path: Path) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE meetings (title TEXT)")
    connection.commit()
    connection.close()  # the last connection to close checkpoints and removes -wal and -shm
    assert not path.with_name(path.name + "-wal").exists()
    return path


def _count(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT count(*) FROM meetings").fetchone()[0])
    finally:
        connection.close()


def test_a_look_does_not_hide_a_connection_opened_meanwhile(tmp_path: Path) -> None:
    """The window reads its first rows while its database opens (or a check runs while an import
    starts): the -wal and -shm the read made may by then be the other connection's own, and must
    not be removed from under it."""
    path = _wal_file(tmp_path / "liaison.db")
    with read_only(path) as look:
        look.execute("SELECT count(*) FROM meetings").fetchone()
        writer = sqlite3.connect(path)
        writer.execute("SELECT count(*) FROM meetings").fetchone()
    writer.execute("INSERT INTO meetings VALUES ('National Crime Reduction Board')")
    writer.commit()
    assert _count(path) == 1  # another connection sees the write
    writer.close()
    assert _count(path) == 1


def test_a_look_at_a_file_nobody_has_open_leaves_no_files_of_its_own(tmp_path: Path) -> None:
    path = _wal_file(tmp_path / "liaison.db")
    before = path.read_bytes()
    with read_only(path) as look:
        look.execute("SELECT count(*) FROM meetings").fetchone()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["liaison.db"]
    assert path.read_bytes() == before


def test_a_look_cannot_write(tmp_path: Path) -> None:
    path = _wal_file(tmp_path / "liaison.db")
    with read_only(path) as look, pytest.raises(sqlite3.OperationalError, match="readonly|read-only"):
        look.execute("INSERT INTO meetings VALUES ('Home Office')")
    assert _count(path) == 0


def test_a_look_while_a_writer_has_the_file_open_leaves_its_files_and_its_commits(tmp_path: Path) -> None:
    path = _wal_file(tmp_path / "liaison.db")
    writer = sqlite3.connect(path)
    try:
        writer.execute("INSERT INTO meetings VALUES ('Home Office')")
        writer.commit()
        with read_only(path) as look:
            assert look.execute("SELECT count(*) FROM meetings").fetchone() == (1,)
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "liaison.db",
            "liaison.db-shm",
            "liaison.db-wal",
        ]
        writer.execute("INSERT INTO meetings VALUES ('APA')")
        writer.commit()
        assert _count(path) == 2  # another connection sees the write made after the look
    finally:
        writer.close()
    assert _count(path) == 2
