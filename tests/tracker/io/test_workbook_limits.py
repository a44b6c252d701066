"""Limits on what a file may ask of memory: a workbook that unpacks too far, or holds a huge cell,
is refused with the reason before openpyxl loads it; a cell over 10,000 characters is refused with
its row."""

from __future__ import annotations

import resource
import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.engine import Database
from db.models import Meeting
from tracker.io.importing import ImportFailed
from tracker.io.sheet_import import import_file
from tracker.io.spreadsheets import Limits, read_table

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
        '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
        '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
        'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="Meetings" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _bomb(path: Path, cell_characters: int) -> Path:
    """A workbook whose one sheet has a title row and one cell of `cell_characters` letters A,
    written a megabyte at a time (the test never holds the cell)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Date</t>'
                b'</is></c><c r="B1" t="inlineStr"><is><t>Title</t></is></c></row><row r="2"><c r="A2" '
                b't="inlineStr"><is><t>2009-01-12</t></is></c><c r="B2" t="inlineStr"><is><t>'
            )
            block = b"A" * (1 << 20)
            left = cell_characters
            while left > 0:
                sheet.write(block[: min(left, len(block))])
                left -= len(block)
            sheet.write(b"</t></is></c></row></sheetData></worksheet>")
    return path


def test_a_small_workbook_unpacking_to_300_mb_is_refused_quickly_unopened(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "bomb.xlsx", 300_000_000)
    assert path.stat().st_size < 1_000_000  # a few hundred kilobytes, as the one found was
    memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    started = time.perf_counter()
    with pytest.raises(ImportFailed, match=r"unpacks to 300 MB, more than the 200 MB read"):
        read_table(path)

    assert time.perf_counter() - started < 5  # it took 65 s when openpyxl read the cell
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory_before
    assert grown_kb < 100_000  # not the 2.4 GB it took (kilobytes on Linux)


def test_a_huge_cell_within_the_size_limit_is_refused_naming_the_cell(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "long.xlsx", 3_000_000)

    with pytest.raises(ImportFailed, match=r"cell B2 in sheet1 holds more than 1,000,000 characters"):
        read_table(path)
    # A lower limit, set by the caller, is kept to as well.
    with pytest.raises(ImportFailed, match=r"unpacks to 3 MB, more than the 1 MB read"):
        read_table(path, limits=Limits(unpacked=1_000_000))


def test_a_long_shared_string_is_counted_too(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "shared.xlsx", 10)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Short</t></si>'
            f"<si><r><t>{'B' * 3_000}</t></r><r><t>{'C' * 3_000}</t></r></si></sst>",
        )

    read_table(path, limits=Limits(workbook_cell=6_000))  # the runs of one string, summed: 6,000
    with pytest.raises(ImportFailed, match=r"a shared string \(a cell's text\) in the shared strings holds"):
        read_table(path, limits=Limits(workbook_cell=5_999))


def test_a_cell_over_10000_characters_is_refused_with_its_row(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "meetings.csv"
    path.write_text(
        "Date,Title,Summary\n"
        "12/01/2009,Policing roundtable,Short\n"
        f"13/01/2009,Fire safety,{'x' * 10_001}\n"
        f"14/01/2009,Sprinklers,{'y' * 10_000}\n",
        encoding="utf-8",
    )

    report = import_file(database, path, dry_run=False)

    assert (report.imported, report.rejected) == (2, 1)
    assert report.rejections[0].row == 3
    reason = "the “Summary” cell holds 10,001 characters (at most 10,000 are read)"
    assert report.rejections[0].reason == reason
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Meeting).where(Meeting.title == "Fire safety")) == 0
