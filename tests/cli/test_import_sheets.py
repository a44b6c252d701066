"""`import csv|xlsx FILE`: the report printed, --dry-run, --map, --kind, and bad input refused whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from cli import main
from db.engine import open_database
from tracker import meetings
from tracker.common.listing import ListQuery


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "meetings.csv"
    path.write_bytes(
        "When;Subject;With;Comment\r\n23/04/2009;Conférence;Home Office;\r\n31/02/2009;Bad;;\r\n".encode(
            "cp1252"
        )
    )
    return path


def _count(path: Path) -> int:
    database = open_database(path)
    try:
        with database.session() as s:
            return meetings.count(s, ListQuery())
    finally:
        database.close()


def test_a_dry_run_prints_the_report_and_stores_nothing(
    tmp_path: Path, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "l.db"
    assert main(["import", "csv", str(csv_file), "--dry-run", "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "meetings.csv: read 2; 1 would be imported, 0 skipped (already there), 1 rejected."
    assert "  rejected row 3: “31/02/2009” is not a date" in out
    assert "  would be created: body Home Office" in out
    assert out[-1] == "Nothing was stored (dry run)."
    assert _count(db) == 0


def test_map_names_a_column_and_the_second_import_skips(
    tmp_path: Path, csv_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "l.db"
    args = ["import", "csv", str(csv_file), "--map", "Comment=summary", "--map", "With=", "--db", str(db)]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert "1 were imported" in first and "left out: With" in first
    assert main(["import", "csv", str(csv_file), "--db", str(db)]) == 0
    assert "0 were imported, 1 skipped (already there), 1 rejected." in capsys.readouterr().out
    assert _count(db) == 1


def test_xlsx_people(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = Workbook()
    book.active.append(["Name", "Kind", "Email"])
    book.active.append(["Cllr Richard Kemp", "member", "richard.kemp@example.org"])
    path = tmp_path / "people.xlsx"
    book.save(path)
    assert main(["import", "xlsx", str(path), "--kind", "people", "--db", str(tmp_path / "l.db")]) == 0
    assert "people.xlsx: read 1; 1 were imported" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["csv", "{dir}/gone.csv"], "no such file"),
        (["csv", "{csv}", "--map", "Nowhere=title"], "no column headed “Nowhere”"),
        (["csv", "{csv}", "--map", "Subject=colour"], "“colour” is not a field of meetings"),
        (["xlsx", "{csv}"], "is not an Excel workbook"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_stores_nothing(
    tmp_path: Path, csv_file: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    db = tmp_path / "l.db"
    filled = [a.format(dir=tmp_path, csv=csv_file) for a in args]
    assert main(["import", *filled, "--db", str(db)]) == 2
    error = capsys.readouterr().err.strip()
    assert message in error and "\n" not in error
    assert not db.exists() or _count(db) == 0
