"""`import ics`: what a reviewer sees on the command line, and the database as it was on bad input."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from cli import main
from db.engine import open_database
from tests.tracker.io.calendar_files import outlook
from tracker import meetings
from tracker.common.listing import ListQuery

AUTUMN = ["--from", "2026-09-01", "--to", "2026-12-31"]


def _count(path: Path) -> int:
    database = open_database(path)
    try:
        with database.session() as s:
            return meetings.count(s, ListQuery())
    finally:
        database.close()


def test_a_dry_run_prints_what_would_happen_then_the_import_stores_it_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, diary = tmp_path / "d.db", tmp_path / "diary.ics"
    diary.write_bytes(outlook())
    assert main(["demo", "--db", str(db)]) == 0
    before = _count(db)
    capsys.readouterr()

    assert main(["import", "ics", str(diary), *AUTUMN, "--dry-run", "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "diary.ics: read 10; 7 would be imported, 0 skipped (already there), 3 rejected."
    assert "  rejected row 5: “ACPO liaison” on 4 Nov 2026: it was cancelled (STATUS:CANCELLED)" in out
    assert "  rejected row 6: “A meeting with no start”: it has no start (DTSTART)" in out
    assert out[-1] == "Nothing was stored (dry run)."
    assert _count(db) == before

    assert main(["--db", str(db), "import", "ics", str(diary), *AUTUMN]) == 0
    assert capsys.readouterr().out.startswith("diary.ics: read 10; 7 were imported, 0 skipped")
    assert _count(db) == before + 7

    assert main(["--db", str(db), "import", "ics", str(diary), *AUTUMN]) == 0
    assert capsys.readouterr().out.startswith("diary.ics: read 10; 0 were imported, 7 skipped")
    assert _count(db) == before + 7


def test_a_file_that_is_not_a_calendar_exits_2_with_one_line_and_the_database_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, notes = tmp_path / "d.db", tmp_path / "notes.ics"
    notes.write_bytes(outlook()[:900])
    assert main(["demo", "--db", str(db)]) == 0
    capsys.readouterr()
    fingerprint = hashlib.sha256(db.read_bytes()).hexdigest()

    assert main(["import", "ics", str(notes), "--db", str(db)]) == 2
    error = capsys.readouterr().err
    assert error == "liaison: notes.ics: the file is cut short (it has no END:VCALENDAR)\n"
    assert hashlib.sha256(db.read_bytes()).hexdigest() == fingerprint


def test_a_bad_date_option_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "ics", str(tmp_path / "x.ics"), "--from", "1/9/2026"]) == 2
    assert "“1/9/2026” is not a date; write it as YYYY-MM-DD" in capsys.readouterr().err
