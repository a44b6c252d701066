"""`person export|erase` on the command line: the JSON written, the confirmation asked, the erasure done."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli import main
from db import backups
from db.engine import open_database
from tracker import meetings
from tracker.common import personal_data
from tracker.common.listing import ListQuery


@pytest.fixture
def demo_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "d.db"
    assert main(["demo", "--db", str(path)]) == 0
    capsys.readouterr()
    return path


def test_export_writes_everything_held_about_a_person(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "kemp.json"
    assert main(["--db", str(demo_path), "person", "export", "Cllr Richard Kemp", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["person"]["name"] == "Richard Kemp" and data["person"]["title"] == "Cllr"
    assert data["attendances"] and data["appointments"]
    assert data["audit"][0]["action"] == "create"
    said = capsys.readouterr().out
    assert said.startswith(f"Wrote everything held about person #{data['person']['id']} to {out}: ")
    assert f"{len(data['attendances'])} meetings attended" in said


def test_export_refuses_an_unknown_person_or_a_file_not_named_json(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--db", str(demo_path), "person", "export", "Jacqui Smith", "-o", str(tmp_path / "x.json")])
        == 2
    )
    assert "No one is called “Jacqui Smith”" in capsys.readouterr().err
    assert main(["--db", str(demo_path), "person", "export", "Kemp", "-o", str(tmp_path / "x.txt")]) == 2
    assert "name the file .json" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.db"]


def test_erase_asks_for_yes_then_anonymises_and_refuses_a_second_time(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(demo_path), "person", "erase", "Richard Kemp"]) == 2
    assert "cannot be undone; add --yes" in capsys.readouterr().err
    database = open_database(demo_path)
    with database.session() as s:
        attended = meetings.count(s, ListQuery("Kemp"))
    database.close()
    assert attended > 0

    assert main(["--db", str(demo_path), "person", "erase", "Richard Kemp", "--yes"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Erased the personal data of person #") and "“a member”" in said
    database = open_database(demo_path)
    with database.session() as s:
        assert meetings.count(s, ListQuery("Kemp")) == 0
        assert meetings.count(s, ListQuery("a member")) >= attended  # the meetings still count them
    database.close()

    person_id = said.split("#")[1].split(";")[0]
    assert main(["--db", str(demo_path), "person", "erase", person_id, "--yes"]) == 2
    error = capsys.readouterr().err
    assert "nothing left to erase" in error and error.count("\n") == 1


def _bytes_naming(path: Path, *words: bytes) -> list[str]:
    """The files of the database (the file, its -wal) whose raw bytes still hold any of the words."""
    files = [path, path.with_name(path.name + "-wal")]
    return [f.name for f in files if f.exists() and any(w in f.read_bytes().lower() for w in words)]


def test_after_erasure_neither_the_file_nor_its_wal_holds_the_name(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _bytes_naming(demo_path, b"richard kemp", b"kemp")
    assert main(["--db", str(demo_path), "person", "erase", "Richard Kemp", "--yes"]) == 0
    assert _bytes_naming(demo_path, b"richard kemp", b"kemp") == []
    assert "No backup in " in capsys.readouterr().out


@pytest.fixture
def reader(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sqlite3.Connection]:
    """A colleague's connection in the middle of a read (a read transaction held open)."""
    monkeypatch.setattr(personal_data, "READERS_WAIT_SECONDS", 0.2)
    connection = sqlite3.connect(demo_path, isolation_level=None)
    connection.execute("BEGIN")
    connection.execute("SELECT count(*) FROM people").fetchone()
    yield connection
    connection.close()


def test_an_erasure_waits_for_a_reader_then_says_the_text_remains_and_a_second_run_clears_it(
    demo_path: Path, reader: sqlite3.Connection, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(demo_path), "person", "erase", "Richard Kemp", "--yes"]) == 1
    said = capsys.readouterr()
    assert said.out.startswith("Erased the personal data of person #")
    assert "may remain in the file until it closes" in said.err
    assert _bytes_naming(demo_path, b"richard kemp")  # the reader's pages still hold it
    reader.execute("COMMIT")
    person_id = said.out.split("#")[1].split(";")[0]
    assert main(["--db", str(demo_path), "person", "erase", person_id, "--yes"]) == 2
    assert "nothing left to erase" in capsys.readouterr().err
    assert _bytes_naming(demo_path, b"richard kemp", b"kemp") == []


def test_backups_holding_the_person_are_listed_then_erased_with_backups(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    daily = backups.write(demo_path, backups.DAILY)
    older = backups.write(demo_path, backups.BEFORE_UPGRADE, "0002")
    with sqlite3.connect(older) as connection:  # as if taken before an upgrade to this version
        connection.execute("UPDATE alembic_version SET version_num = '0002'")
    connection.close()
    kept = os.stat(daily).st_mtime_ns

    assert main(["--db", str(demo_path), "person", "erase", "Richard Kemp", "--yes"]) == 0
    said = capsys.readouterr().out
    assert f"2 backups in {demo_path.parent / 'backups'} still hold them" in said
    assert daily.name in said and older.name in said and "--backups" in said
    assert _bytes_naming(daily, b"richard kemp")

    person_id = said.split("#")[1].split(";")[0]
    assert main(["--db", str(demo_path), "person", "erase", person_id, "--yes", "--backups"]) == 2
    said = capsys.readouterr().out
    assert f"Erased them from the backup {daily.name}." in said
    assert f"Removed the backup {older.name}: it is at schema 0002" in said
    assert not older.exists()
    assert _bytes_naming(daily, b"richard kemp", b"kemp") == []
    assert os.stat(daily).st_mtime_ns == kept  # the rotation still sees it as the day it was taken
    backup = open_database(daily, upgrade=False, create=False)
    with backup.session() as s:
        assert meetings.count(s, ListQuery("Kemp")) == 0
        assert meetings.count(s, ListQuery("a member")) > 0
    backup.close()

    assert main(["--db", str(demo_path), "person", "erase", person_id, "--yes"]) == 2
    assert "No backup in " in capsys.readouterr().out
