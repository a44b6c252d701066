"""Many writers on one SQLite file: real processes at once, many rounds, and nothing they said they
saved is lost; a writer that waits too long is told the database is busy, and nothing changes."""

from __future__ import annotations

import csv
import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cli import main
from db import engine as engine_module
from db.engine import DatabaseBusy, open_database
from db.files import check_integrity, read_file_state, stored_revisions
from db.vocabulary import OrganisationKind
from tracker import search
from tracker.directory import organisations
from tracker.directory.organisations import OrganisationDraft
from tracker.lobbying import themes
from tracker.meeting_list import NewestMeetings

ROOT = Path(__file__).resolve().parents[2]
ROWS = 300
ROUNDS = 6


def _meetings_sheet(folder: Path, tag: str, rows: int = ROWS, *, bodies: str | None = None) -> Path:
    path = folder / f"meetings-{tag}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "title", "organisations"])
        for number in range(rows):
            day = f"2009-{1 + number % 12:02d}-{1 + number % 28:02d}"
            writer.writerow([day, f"Meeting {tag} {number}", f"Body {bodies or tag} {number % 20}"])
    return path


def _liaison(*arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# The reads every opening makes before its own connection (db.engine.open_database): run in a loop
# beside the imports, they are what once removed a -wal and -shm another process was writing through.
_LOOKER = """
import sys, time
from pathlib import Path
from db.files import check_integrity, read_file_state, stored_revisions
path = Path(sys.argv[1])
deadline = time.monotonic() + float(sys.argv[2])
looks = 0
while time.monotonic() < deadline:
    assert check_integrity(path) == "ok"
    stored_revisions(path)
    looks += 1
print(looks)
"""


def _count(path: Path, tag: str) -> int:
    connection = sqlite3.connect(path)
    try:
        found = connection.execute("SELECT count(*) FROM meetings WHERE title LIKE ?", (f"Meeting {tag} %",))
        return int(found.fetchone()[0])
    finally:
        connection.close()


@pytest.mark.slow
def test_three_imports_at_once_beside_a_reader_lose_nothing_round_after_round(tmp_path: Path) -> None:
    tags = ("a", "b", "c")
    sheets = {tag: _meetings_sheet(tmp_path, tag) for tag in tags}
    for number in range(ROUNDS):
        path = tmp_path / f"round-{number}.db"
        # Every other round starts from no file at all: the three then race to create it too.
        if number % 2:
            open_database(path).close()
        looker = (
            subprocess.Popen(
                [sys.executable, "-c", _LOOKER, str(path), "4"],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            if number % 2
            else None
        )
        imports = {
            tag: _liaison("--db", str(path), "import", "csv", str(sheets[tag]), "--kind", "meetings")
            for tag in tags
        }
        for tag, process in imports.items():
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, f"round {number}, import {tag}: {err}"
            assert f"{ROWS} were imported" in out
        if looker is not None:
            out, err = looker.communicate(timeout=60)
            assert looker.returncode == 0, err
        for tag in tags:
            assert _count(path, tag) == ROWS, f"round {number}: import {tag} said it imported {ROWS}"
        assert check_integrity(path) == "ok"
        assert len(stored_revisions(path)) == 1


def test_a_save_that_waits_past_the_timeout_is_told_the_database_is_busy_and_changes_nothing(
    database_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    database = open_database(database_path)
    colleague = sqlite3.connect(database_path, isolation_level=None)
    try:
        colleague.execute("BEGIN IMMEDIATE")  # another Liaison in the middle of a long save
        with (
            pytest.raises(DatabaseBusy, match="the database is busy: another Liaison is saving"),
            database.session() as s,
        ):
            organisations.create(s, OrganisationDraft("LACORS", OrganisationKind.ASSOCIATION))
        colleague.execute("ROLLBACK")
        with database.reading() as s:
            assert [o.name for o in organisations.find_similar(s, "LACORS")] == []
        with database.session() as s:  # once the other save is over, the same save goes through
            organisations.create(s, OrganisationDraft("LACORS", OrganisationKind.ASSOCIATION))
    finally:
        colleague.close()
        database.close()


def test_a_reading_never_waits_for_another_process_saving(
    database_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    database = open_database(database_path)
    colleague = sqlite3.connect(database_path, isolation_level=None)
    try:
        colleague.execute("BEGIN IMMEDIATE")
        colleague.execute(
            "INSERT INTO themes (name, description, version, created_at, updated_at)"
            " VALUES ('Fire safety', '', 1, '2009-01-01', '2009-01-01')"
        )
        with database.reading() as s:  # sees the last commit at once, not the save under way
            assert "Fire safety" not in [theme.name for theme in themes.all_rows(s)]
    finally:
        colleague.execute("ROLLBACK")
        colleague.close()
        database.close()


def test_the_command_line_says_busy_with_exit_2(
    database_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    sheet = _meetings_sheet(tmp_path, "busy", rows=5)
    before = hashlib.sha256(database_path.read_bytes()).hexdigest()
    colleague = sqlite3.connect(database_path, isolation_level=None)
    try:
        colleague.execute("BEGIN IMMEDIATE")
        status = main(["--db", str(database_path), "import", "csv", str(sheet), "--kind", "meetings"])
    finally:
        colleague.execute("ROLLBACK")
        colleague.close()
    assert status == 2
    error = capsys.readouterr().err
    assert "the database is busy" in error and "Traceback" not in error
    assert _count(database_path, "busy") == 0
    assert check_integrity(database_path) == "ok"
    assert hashlib.sha256(database_path.read_bytes()).hexdigest() == before


def test_a_dry_run_leaves_the_schema_as_it_was_and_search_keeps_working(
    database_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dry run once dropped the search index's triggers for good: its DROP TRIGGER ran before the
    driver began a transaction, so the rollback could not bring them back."""
    open_database(database_path).close()
    known = _meetings_sheet(tmp_path, "known", rows=20)
    assert main(["--db", str(database_path), "import", "csv", str(known), "--kind", "meetings"]) == 0
    sheet = _meetings_sheet(tmp_path, "dry", rows=20, bodies="known")  # new meetings, every body known

    def schema() -> list[tuple[str, str, str]]:
        connection = sqlite3.connect(database_path)
        try:
            return connection.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        finally:
            connection.close()

    before = schema()
    assert (
        main(["--db", str(database_path), "import", "csv", str(sheet), "--kind", "meetings", "--dry-run"])
        == 0
    )
    assert schema() == before
    capsys.readouterr()
    later = _meetings_sheet(tmp_path, "later", rows=3)
    assert main(["--db", str(database_path), "import", "csv", str(later), "--kind", "meetings"]) == 0
    database = open_database(database_path)
    try:
        with database.reading() as s:
            assert search.count_matches(s, "Meeting later") == 3
    finally:
        database.close()


_COLLEAGUE_LOOK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
print(connection.execute("SELECT count(*) FROM organisations").fetchone()[0])
connection.close()
"""


def _colleague_count(path: Path) -> int:
    """Another process opens the file, counts the bodies and closes: the last to close removes the -wal."""
    done = subprocess.run(
        [sys.executable, "-c", _COLLEAGUE_LOOK, str(path)], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


def test_reading_the_header_while_this_process_has_the_file_open_loses_no_later_commit(
    database_path: Path,
) -> None:
    """Closing any descriptor of a file drops every POSIX lock the process holds on it, SQLite's too:
    a header read by plain open() once let another process, closing, remove the -wal this process was
    still writing through, and the commits after it were lost to everyone else."""
    database = open_database(database_path)
    try:
        with database.session() as s:
            organisations.create(s, OrganisationDraft("LACORS", OrganisationKind.ASSOCIATION))
        before = _colleague_count(database_path)
        for _ in range(3):
            assert read_file_state(
                database_path
            ).liaison  # as the window's first rows and a second opening do
            NewestMeetings.read(database_path)
        assert _colleague_count(database_path) == before
        with database.session() as s:
            organisations.create(s, OrganisationDraft("IDeA", OrganisationKind.AGENCY))
        assert _colleague_count(database_path) == before + 1
    finally:
        database.close()
    assert _colleague_count(database_path) == before + 1


# A colleague logging meetings with follow-ups due, one save at a time (tracker/meetings.log).
_FOLLOW_UP_WRITER = """
import sys
from datetime import date
from db.engine import open_database
from tracker import meetings
from tracker.meetings import FollowUpEntry, MeetingDraft
database = open_database(sys.argv[1], actor=sys.argv[2])
for number in range(int(sys.argv[3])):
    with database.session() as session:
        meetings.log(session, MeetingDraft(
            f"{sys.argv[2]} meeting {number}", date.today(),
            follow_ups=(FollowUpEntry(f"{sys.argv[2]} action {number}", None, date.today()),),
        ))
    print(number, flush=True)
database.close()
"""


@pytest.mark.slow
def test_home_read_from_the_file_beside_two_writers_never_fails_and_loses_nothing(tmp_path: Path) -> None:
    """Home's first lists are read with sqlite3 (tracker/stakeholders/due.py) while colleagues save:
    every read answers, sees whole saves only, and no save is lost to it, round after round."""
    from datetime import date

    from tracker.stakeholders.due import DueFirst

    saves = 40
    for number in range(3):
        path = tmp_path / f"round-{number}.db"
        open_database(path).close()
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", _FOLLOW_UP_WRITER, str(path), name, str(saves)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in ("alice", "bob")
        ]
        reads = 0
        while any(writer.poll() is None for writer in writers):
            first = DueFirst.read(path, date.today())
            assert first is not None, f"round {number}: a read beside the writers failed"
            # A meeting and its follow-up are one save: no follow-up is seen without its meeting.
            assert all(f.meeting.replace("meeting", "action") == f.text for f in first.follow_ups)
            reads += 1
        for writer in writers:
            out, err = writer.communicate(timeout=120)
            assert writer.returncode == 0, f"round {number}: {err}"
            assert len(out.split()) == saves
        final = DueFirst.read(path, date.today())
        assert final is not None and len(final.follow_ups) == 2 * saves, f"round {number}"
        assert reads > 0 and check_integrity(path) == "ok"
