"""Reading a SQLite file without writing to it, while the window's own connection opens."""

from __future__ import annotations

import sqlite3
from pathlib import Path

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


def test_a_look_that_leaves_its_files_does_not_hide_a_connection_opened_meanwhile(tmp_path: Path) -> None:
    """The window reads its first rows while its database opens: the -wal and -shm the read made
    may by then be the open connection's own, and must not be removed from under it."""
    path = _wal_file(tmp_path / "liaison.db")
    with read_only(path, tidy=False) as look:
        look.execute("SELECT count(*) FROM meetings").fetchone()
        writer = sqlite3.connect(path)
        writer.execute("SELECT count(*) FROM meetings").fetchone()
    writer.execute("INSERT INTO meetings VALUES ('National Crime Reduction Board')")
    writer.commit()
    assert _count(path) == 1  # another connection sees the write
    writer.close()
    assert _count(path) == 1


def test_a_tidy_look_leaves_no_files_of_its_own(tmp_path: Path) -> None:
    path = _wal_file(tmp_path / "liaison.db")
    with read_only(path) as look:
        look.execute("SELECT count(*) FROM meetings").fetchone()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["liaison.db"]
