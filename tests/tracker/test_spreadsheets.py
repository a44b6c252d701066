"""Reading spreadsheets: CSV in the encodings and delimiters offices use, and .xlsx with real dates."""

from __future__ import annotations

import codecs
from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from tracker.io.importing import ImportFailed
from tracker.io.spreadsheets import excel_serial_date, read_table, sheet_names


def test_a_windows_excel_csv_in_cp1252_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "meetings.csv"
    text = 'Date;Title;Cost\r\n23/04/2009;Réunion café;£40\r\n;;\r\n\r\n24/04/2009;"Home Office; APA";£0\r\n'
    path.write_bytes(text.encode("cp1252"))

    table = read_table(path)

    assert (table.encoding, table.delimiter, table.format) == ("cp1252", ";", "csv")
    assert table.headers == ("Date", "Title", "Cost")
    assert [(r.number, r.cells) for r in table.rows] == [
        (2, ("23/04/2009", "Réunion café", "£40")),
        (5, ("24/04/2009", "Home Office; APA", "£0")),
    ]


@pytest.mark.parametrize(
    ("encoding", "bom", "read_as"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("utf-8", b"", "utf-8"),
    ],
)
def test_unicode_csv_with_or_without_a_byte_order_mark(
    tmp_path: Path, encoding: str, bom: bytes, read_as: str
) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(bom + "Name\tEmail\nJosé Núñez\tjose@example.org\n".encode(encoding))

    table = read_table(path)

    assert (table.encoding, table.delimiter) == (read_as, "\t")
    assert table.rows[0].cells == ("José Núñez", "jose@example.org")


def test_an_xlsx_gives_dates_as_iso_text_and_whole_numbers_without_a_point(tmp_path: Path) -> None:
    workbook = Workbook()
    first = workbook.active
    first.title = "Notes"
    first.append(["not this one"])
    sheet = workbook.create_sheet("Meetings")
    sheet.append(["Date", "Title", "Count", "Starts"])
    sheet.append([datetime(2009, 4, 23), "Tackling Crime", 12.0, time(14, 30)])
    sheet.append([datetime(2009, 4, 24, 10, 15), "Budget £40", 1.5, None])
    path = tmp_path / "book.xlsx"
    workbook.save(path)

    assert sheet_names(path) == ["Notes", "Meetings"]
    table = read_table(path, sheet="Meetings")

    assert (table.sheet_name, table.format, table.encoding) == ("Meetings", "xlsx", None)
    assert [r.cells for r in table.rows] == [
        ("2009-04-23", "Tackling Crime", "12", "14:30"),
        ("2009-04-24T10:15:00", "Budget £40", "1.5", ""),
    ]
    with pytest.raises(ImportFailed, match="no worksheet “Minutes”; it has Notes, Meetings"):
        read_table(path, sheet="Minutes")


def test_a_header_further_down_leaves_a_preamble(tmp_path: Path) -> None:
    path = tmp_path / "return.csv"
    path.write_text("Home Office: ministers' meetings, January to March 2009\n\nMinister,Date\nX,1/1/2009\n")

    table = read_table(path, header=lambda cells: "Minister" in cells)

    assert table.header_number == 3 and table.headers == ("Minister", "Date")
    assert [r.cells[0] for r in table.preamble] == ["Home Office: ministers' meetings"]
    assert table.rows[0].number == 4


def test_excel_day_numbers() -> None:
    assert excel_serial_date("39926") == date(2009, 4, 23)
    assert excel_serial_date("39926.0") == date(2009, 4, 23)
    assert excel_serial_date("12") is None and excel_serial_date("23/04/2009") is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\n\n ,\n", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old Excel"),
        (b"PK\x03\x04 not really a zip", "not a readable .xlsx"),
        (b"\x00\x01\x02\x03\x00\x00\xff", "not a text"),
    ],
)
def test_files_that_are_not_tables_fail_whole(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFailed, match=message):
        read_table(path)


def test_a_missing_file_fails_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="no such file"):
        read_table(tmp_path / "gone.csv")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=400))
def test_any_bytes_give_a_table_or_import_failed(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "any.csv"
    path.write_bytes(content)
    try:
        table = read_table(path)
    except ImportFailed:
        return
    assert all(r.number > table.header_number for r in table.rows)
    assert all(len(r.cells) >= len(table.headers) for r in table.rows)
