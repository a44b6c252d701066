"""Control characters and lone surrogates: never stored from an import, and never breaking an export,
even from an older database that stored them before the rule (issue 15)."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest
from openpyxl import load_workbook

from cli import main

# What XML 1.0 cannot hold, and what the rule removes besides (DEL, C1, a lone carriage return).
_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\r]")


def _stored_texts(db: Path) -> list[str]:
    """Every text value in the database's own tables, read straight from the file."""
    found: list[str] = []
    with sqlite3.connect(db) as connection:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith(("meetings_fts", "sqlite_"))
        ]
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                found.extend(v for v in row if isinstance(v, str))
    connection.close()
    return found


def _meetings_csv(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(
            [
                ["Date", "Title", "Outside bodies", "Members", "Summary"],
                [
                    "23/04/2009",
                    "National Crime\x07 Reduction Board\x01",
                    "Home\x1b Office",
                    "Cllr Richard\x07 Kemp",
                    "Raised CDRP reform.\x1b[0m\r\nThe Board\x01 agreed to write.",
                ],
                [
                    "14/05/2009",
                    "Sprinklers\x1b round table",
                    "Chief Fire\x01 Officers Association",
                    "",
                    "\x07",
                ],
            ]
        )
    return path


def test_an_imported_csv_and_a_command_line_name_are_stored_clean_and_every_export_parses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "liaison.db"
    assert main(["import", "csv", str(_meetings_csv(tmp_path / "meetings.csv")), "--db", str(db)]) == 0
    assert "2 were imported" in capsys.readouterr().out
    # A name given on the command line in a wrong encoding reaches Python as a lone surrogate.
    ministers = tmp_path / "return.csv"
    with ministers.open("w", newline="", encoding="cp1252") as stream:
        csv.writer(stream).writerows(
            [
                ["Minister", "Date", "Name of External Organisation", "Purpose of meeting"],
                ["Alan Campbell MP", "12-Jan", "APA and\x07 ACPO", "Police\x1b reform"],
            ]
        )
    department = ["--department", "Ministry\udcff of\x07 Justice", "--quarter", "2009Q1"]
    assert main(["import", "transparency", str(ministers), *department, "--db", str(db)]) == 0
    capsys.readouterr()

    stored = _stored_texts(db)
    assert not [t for t in stored if _UNFIT.search(t)]
    assert {"National Crime Reduction Board", "Sprinklers round table", "Home Office"} <= set(stored)
    assert {"Chief Fire Officers Association", "Ministry of Justice", "Police reform"} <= set(stored)
    assert "Raised CDRP reform.[0m\nThe Board agreed to write." in stored

    _check_every_export(tmp_path, db, capsys, board=False)


def _check_every_export(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str], *, board: bool) -> None:
    """Each export exits 0 and writes a file its own kind of reader parses, with no unfit text."""
    run = ["--db", str(db)]
    for suffix in (".gexf", ".graphml"):
        out = tmp_path / f"g{suffix}"
        assert main(["export", "graph", "-o", str(out), *run]) == 0, capsys.readouterr().err
        ElementTree.parse(out)  # raises on invalid XML
        g = nx.read_gexf(out) if suffix == ".gexf" else nx.read_graphml(out)
        labels = {data["label"] for _n, data in g.nodes(data=True)}
        assert "Home Office" in labels and not [t for t in labels if _UNFIT.search(t)]
    for what in ("meetings", "organisations", "people"):
        book = tmp_path / f"{what}.xlsx"
        assert main(["export", "xlsx", "--what", what, "-o", str(book), *run]) == 0, capsys.readouterr().err
        cells = [c for row in load_workbook(book).active.iter_rows(values_only=True) for c in row]
        assert not [c for c in cells if isinstance(c, str) and _UNFIT.search(c)]
        table = tmp_path / f"{what}.csv"
        assert main(["export", "csv", "--what", what, "-o", str(table), *run]) == 0
        assert not _UNFIT.search(table.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
    popolo = tmp_path / "popolo.json"
    assert main(["export", "popolo", "-o", str(popolo), *run]) == 0
    names = [o["name"] for o in json.loads(popolo.read_text(encoding="utf-8"))["organizations"]]
    assert "Home Office" in names and not [n for n in names if _UNFIT.search(n)]
    if board:
        _check_papers(tmp_path, run, capsys)
    capsys.readouterr()


def _check_papers(tmp_path: Path, run: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    import docx
    from icalendar import Calendar

    period = ["--board", "Safer Communities Board", "--since", "2009-03-14", "--until", "2009-06-13"]
    for suffix in (".docx", ".pdf", ".html", ".md"):
        paper = tmp_path / f"paper{suffix}"
        assert main([*run, "report", "outside-bodies", *period, "-o", str(paper)]) == 0, (
            capsys.readouterr().err
        )
        if suffix == ".docx":
            text = "\n".join(p.text for p in docx.Document(str(paper)).paragraphs)
            assert "National Crime Reduction Board" in text and not _UNFIT.search(text)
        elif suffix == ".pdf":
            assert paper.read_bytes().startswith(b"%PDF")
        else:
            text = paper.read_text(encoding="utf-8")
            assert "National Crime Reduction Board" in text and not _UNFIT.search(text)
    sheet, calendar = tmp_path / "kemp.docx", tmp_path / "kemp.ics"
    duties = [
        "duties",
        "Cllr Richard Kemp",
        "--as-of",
        "2009-01-01",
        "-o",
        str(sheet),
        "--ics",
        str(calendar),
    ]
    assert main([*run, *duties]) == 0, capsys.readouterr().err
    docx.Document(str(sheet))
    held = calendar.read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert "BEGIN:VEVENT" in held and not _UNFIT.search(held)
    Calendar.from_ical(calendar.read_bytes())
    subject_access = tmp_path / "kemp.json"
    assert main([*run, "person", "export", "Cllr Richard Kemp", "-o", str(subject_access)]) == 0
    json.loads(subject_access.read_text(encoding="utf-8"))


@pytest.fixture
def old_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The demo, with control characters written into its text by raw SQL, as a database written
    before the rule holds them: no service sees them go in."""
    db = tmp_path / "old.db"
    assert main(["demo", "--db", str(db)]) == 0
    capsys.readouterr()
    with sqlite3.connect(db) as connection:
        bell, escape, start = "char(7)", "char(27)", "char(1)"
        connection.executescript(
            f"""
            UPDATE meetings SET title = title || {bell},
                                summary = {start} || summary || {escape} || '[0m' || char(13),
                                location = location || char(11);
            UPDATE organisations SET name = replace(name, ' ', ' ' || {bell}), notes = notes || char(12);
            UPDATE people SET name = name || {escape} WHERE name != 'Richard Kemp';
            UPDATE people SET phone = phone || {start};
            UPDATE themes SET name = name || char(31);
            """
        )
    connection.close()
    assert [t for t in _stored_texts(db) if _UNFIT.search(t)]
    return db


def test_an_older_database_holding_control_characters_still_exports_valid_files(
    tmp_path: Path, old_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _check_every_export(tmp_path, old_database, capsys, board=True)
