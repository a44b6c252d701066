"""Reading a spreadsheet (CSV in any common encoding, or an .xlsx workbook) into rows of text cells.

Every importer of tabular files reads through `read_table`, so they all agree on what a file
holds. What comes back:

- `Table.headers`: the header row's cells, whitespace tidied ("" for a blank header).
- `Table.rows`: the data rows below it, each a `SheetRow(number, cells)`. `number` is the row as
  the user finds it (the line number in a spreadsheet program: the first row of the file is 1),
  so a rejection can say "row 7". Rows whose cells are all blank are left out (they are not
  counted as read by an import); the numbering still counts them. Cells are padded with "" to at
  least the number of headers; a row longer than the headers keeps its extra cells.
- `Table.preamble`: the non-blank rows above the header (a return's title, say), for callers
  that choose their header row with `header=`.
- Every cell is text (`str`), stripped of surrounding whitespace. From an .xlsx, a date cell comes
  back as ISO text "2009-04-23"; a date-time cell as "2009-04-23T10:30:00" (or just the date when
  the time is midnight); a time as "10:30"; a whole number as "12" (not "12.0"); TRUE/FALSE as
  "TRUE"/"FALSE". A CSV's cells are exactly the text the file holds. `excel_serial_date` reads the
  day number Excel writes for a date cell whose formatting was lost.

A file that cannot be read as a table at all raises `ImportFailed` naming the file and why.

Limits, so that a small file cannot take the machine's memory: a workbook is looked at before
openpyxl opens it, and refused with the reason when its parts unpack past `Limits.unpacked`
bytes (as the zip declares them; Python's zipfile yields no more than declared) or when one
cell or shared string holds more than `Limits.workbook_cell` characters (counted by streaming
the XML through expat, nothing kept). A cell over MAX_CELL characters, within those limits, is
the importers' to refuse with its row (`over_long_cell`).
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from xml.parsers import expat

from tracker.io.importing import ImportFailed

DELIMITERS = (",", ";", "\t", "|")
# How many rows the delimiter is judged on.
_SNIFF_ROWS = 50
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old binary .xls (or .doc) file
# Excel's day 0 is 30 December 1899 (its day 60 is the 29 February 1900 that never was).
_EXCEL_EPOCH = date(1899, 12, 30)


# A cell longer than this is refused with its row (`over_long_cell`).
MAX_CELL = 10_000


@dataclass(frozen=True)
class Limits:
    """How much of a workbook is read before it is refused whole, unread by openpyxl."""

    # Bytes the workbook's parts unpack to, in all.
    unpacked: int = 200_000_000
    # Characters in one cell or shared string: far more than any row would be taken with
    # (MAX_CELL), so that a long cell is refused with its row, and a huge one before it is loaded.
    workbook_cell: int = 1_000_000


def over_long_cell(cells: Sequence[str], headers: Sequence[str] = ()) -> str:
    """Why a row is refused for a cell over MAX_CELL characters ("" when none is): which column."""
    for number, cell in enumerate(cells):
        if len(cell) > MAX_CELL:
            heading = headers[number] if number < len(headers) and headers[number] else ""
            column = f"“{heading}”" if heading else f"column {number + 1}"
            return f"the {column} cell holds {len(cell):,} characters (at most {MAX_CELL:,} are read)"
    return ""


@dataclass(frozen=True)
class SheetRow:
    """One row of data: its number as the user sees it, and its cells as text."""

    number: int
    cells: tuple[str, ...]

    def cell(self, index: int) -> str:
        """The cell in that column, "" where the row is short."""
        return self.cells[index] if 0 <= index < len(self.cells) else ""


@dataclass(frozen=True)
class Table:
    """A file's header row and the rows of data under it."""

    headers: tuple[str, ...]
    rows: list[SheetRow]
    # The text encoding a CSV was read in ("utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1");
    # None for a workbook.
    encoding: str | None = None
    # The worksheet read, for a workbook; None for a CSV.
    sheet_name: str | None = None
    # The delimiter a CSV was split on; None for a workbook.
    delimiter: str | None = None
    header_number: int = 1
    preamble: list[SheetRow] = field(default_factory=list)

    @property
    def format(self) -> str:
        return "xlsx" if self.sheet_name is not None else "csv"


def is_workbook(path: Path) -> bool:
    """Whether the file is an .xlsx workbook (by its content, whatever its name says)."""
    try:
        with path.open("rb") as stream:
            return stream.read(4) == _ZIP
    except OSError:
        return False


def read_table(
    path: Path,
    *,
    sheet: str | None = None,
    header: Callable[[tuple[str, ...]], bool] | None = None,
    limits: Limits = Limits(),
) -> Table:
    """The table a CSV file or .xlsx workbook holds; ImportFailed when it cannot be read as one.

    `sheet` names the worksheet of a workbook (by default the first). `header` picks the header
    row: the first non-blank row it accepts (by default, the first non-blank row)."""
    try:
        with path.open("rb") as stream:
            start = stream.read(8)
    except FileNotFoundError as error:
        raise ImportFailed(f"{path}: there is no such file") from error
    except IsADirectoryError as error:
        raise ImportFailed(f"{path}: this is a folder, not a file") from error
    except OSError as error:
        raise ImportFailed(f"{path}: cannot be read ({error.strerror or error})") from error
    if start.startswith(_OLE2):
        raise ImportFailed(
            f"{path}: this is an old Excel (.xls) workbook; save it as .xlsx or CSV and import that"
        )
    if start.startswith(_ZIP):
        check_workbook(path, limits)
        rows, sheet_name = _workbook_rows(path, sheet)
        return _table(path, rows, header, sheet_name=sheet_name)
    if sheet is not None:
        raise ImportFailed(f"{path}: a CSV file has no worksheets (asked for “{sheet}”)")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFailed(f"{path}: cannot be read ({error.strerror or error})") from error
    text, encoding = decode(data, path)
    delimiter = sniff_delimiter(text)
    rows = _csv_rows(text, delimiter, path)
    return _table(path, rows, header, encoding=encoding, delimiter=delimiter)


def sheet_names(path: Path) -> list[str]:
    """The worksheets of a workbook, in order; [] for a CSV file."""
    if not is_workbook(path):
        return []
    workbook = _open_workbook(path)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def decode(data: bytes, path: Path | str = "the file") -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in: a BOM says so; otherwise UTF-8 if it is
    valid UTF-8, else Windows-1252 (what Excel writes as "CSV" on Windows), else Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif _looks_like_utf16(data):
        candidates = ["utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"]
    else:
        candidates = ["utf-8", "cp1252", "latin-1"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, encoding
    raise ImportFailed(f"{path}: this is not a text (CSV) file, nor an .xlsx workbook")


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: text in Latin letters has a zero byte in every other place."""
    sample = data[:400]
    if len(sample) < 4:
        return False
    evens, odds = sample[0::2], sample[1::2]
    little_endian = odds.count(0) > 0.9 * len(odds) and evens.count(0) == 0
    big_endian = evens.count(0) > 0.9 * len(evens) and odds.count(0) == 0
    return little_endian or big_endian


def sniff_delimiter(text: str) -> str:
    """The delimiter (comma, semicolon, tab or bar) that splits the first rows most consistently
    into more than one column; a comma when none does (a file of one column)."""
    best, best_score = ",", (0, 0)
    head = "\n".join(text.splitlines()[:_SNIFF_ROWS])
    for delimiter in DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(head), delimiter=delimiter) if any(r)]
        except csv.Error:
            continue
        if not widths:
            continue
        common = max(set(widths), key=lambda w: (widths.count(w), w))
        if common < 2:
            continue
        # Rows of the usual width first, then more columns (a comma inside a semicolon file's
        # text splits some rows, never most of them the same way).
        score = (widths.count(common), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(text: str, delimiter: str, path: Path) -> list[SheetRow]:
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    number = 0
    try:
        for cells in reader:
            number += 1
            rows.append(SheetRow(number, tuple(c.strip() for c in cells)))
    except csv.Error as error:
        raise ImportFailed(f"{path}: row {number + 1} cannot be read as CSV ({error})") from error
    return rows


def check_workbook(path: Path, limits: Limits = Limits()) -> None:
    """Refuse (ImportFailed, with the reason) a workbook too big to read, before openpyxl loads it."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            unpacked = sum(part.file_size for part in parts)
            if unpacked > limits.unpacked:
                raise ImportFailed(
                    f"{path}: the workbook unpacks to {unpacked / 1e6:,.0f} MB, more than the"
                    f" {limits.unpacked / 1e6:,.0f} MB read; it was not opened (save the sheet alone,"
                    " or as CSV)"
                )
            for part in parts:
                name = part.filename
                if name == "xl/sharedStrings.xml" or (
                    name.startswith("xl/worksheets/") and name.endswith(".xml")
                ):
                    with archive.open(part) as stream:
                        _check_cells(stream, name, limits.workbook_cell, path)
    except zipfile.BadZipFile as error:
        raise ImportFailed(f"{path}: this is not a readable .xlsx workbook (a damaged zip file)") from error
    except (RuntimeError, NotImplementedError, ValueError) as error:  # encrypted, or an unknown compression
        raise ImportFailed(f"{path}: this is not a readable .xlsx workbook ({error})") from error


class _CellCounter:
    """Counts the characters of each cell (<c>) or shared string (<si>) as expat streams them."""

    def __init__(self, most: int) -> None:
        self.most = most
        self.count = 0
        self.inside_text = 0
        self.where = ""
        self.over: str | None = None

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local in ("c", "si"):
            self.count = 0
            self.where = f"cell {attributes['r']}" if local == "c" and "r" in attributes else ""
        elif local in ("t", "v"):
            self.inside_text += 1

    def end(self, name: str) -> None:
        if name.rpartition(":")[2] in ("t", "v"):
            self.inside_text -= 1

    def text(self, data: str) -> None:
        if self.inside_text > 0:
            self.count += len(data)
            if self.count > self.most and self.over is None:
                self.over = self.where or "a shared string (a cell's text)"


def _check_cells(stream: Any, part: str, most: int, path: Path) -> None:
    counter = _CellCounter(most)
    parser = expat.ParserCreate()
    parser.StartElementHandler = counter.start
    parser.EndElementHandler = counter.end
    parser.CharacterDataHandler = counter.text
    try:
        while counter.over is None and (chunk := stream.read(1 << 20)):
            parser.Parse(chunk, False)
        if counter.over is None:
            parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise ImportFailed(f"{path}: this is not a readable .xlsx workbook ({part}: {error})") from error
    if counter.over is not None:
        sheet = "the shared strings" if part.endswith("sharedStrings.xml") else part.rpartition("/")[2][:-4]
        raise ImportFailed(
            f"{path}: {counter.over} in {sheet} holds more than {most:,} characters; the workbook was"
            " not opened"
        )


def _open_workbook(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile as error:
        raise ImportFailed(f"{path}: this is not a readable .xlsx workbook (a damaged zip file)") from error
    except Exception as error:  # openpyxl raises many kinds (KeyError, ValueError...) on a damaged file
        raise ImportFailed(f"{path}: this is not a readable .xlsx workbook ({error})") from error


def _workbook_rows(path: Path, sheet: str | None) -> tuple[list[SheetRow], str]:
    workbook = _open_workbook(path)
    try:
        if not workbook.sheetnames:
            raise ImportFailed(f"{path}: the workbook has no worksheets")
        name = workbook.sheetnames[0] if sheet is None else sheet
        if name not in workbook.sheetnames:
            raise ImportFailed(
                f"{path}: the workbook has no worksheet “{sheet}”; it has {', '.join(workbook.sheetnames)}"
            )
        worksheet = workbook[name]
        if not hasattr(worksheet, "iter_rows"):
            raise ImportFailed(f"{path}: “{name}” is a chart, not a worksheet")
        # Some programs write a wrong size into the sheet; read every row there is.
        if hasattr(worksheet, "reset_dimensions"):
            worksheet.reset_dimensions()
        rows = []
        try:
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                rows.append(SheetRow(number, tuple(cell_text(v) for v in values)))
        except ImportFailed:
            raise
        except Exception as error:  # a damaged sheet fails while it is read, not when opened
            raise ImportFailed(f"{path}: the worksheet “{name}” cannot be read ({error})") from error
        return rows, name
    finally:
        workbook.close()


def cell_text(value: object) -> str:
    """A workbook cell's value as text (see the module's docstring for dates and numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def excel_serial_date(text: str) -> date | None:
    """The date an Excel day number means ("39926" is 23 April 2009), for dates between 1950 and
    2100 only (a smaller or larger number is more likely a count than a date); None otherwise."""
    cleaned = text.strip()
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if not (cleaned.isascii() and cleaned.isdigit()) or not 18264 <= int(cleaned) <= 73415:
        return None
    return _EXCEL_EPOCH + timedelta(days=int(cleaned))


def blank(cells: Iterable[str]) -> bool:
    return not any(c.strip() for c in cells)


def _tidy_header(text: str) -> str:
    return " ".join(text.split())


def _table(
    path: Path,
    rows: Sequence[SheetRow],
    header: Callable[[tuple[str, ...]], bool] | None,
    *,
    encoding: str | None = None,
    sheet_name: str | None = None,
    delimiter: str | None = None,
) -> Table:
    filled = [r for r in rows if not blank(r.cells)]
    if not filled:
        raise ImportFailed(f"{path}: the file is empty (no rows with anything in them)")
    wanted = header or (lambda _cells: True)
    position = next((i for i, r in enumerate(filled) if wanted(r.cells)), None)
    if position is None:
        raise ImportFailed(f"{path}: no row of column headings was found")
    header_row = filled[position]
    # Trailing blank headers are where a workbook's used range runs past the table.
    headers = list(header_row.cells)
    while headers and not headers[-1].strip():
        headers.pop()
    width = len(headers)
    data = []
    for row in filled[position + 1 :]:
        cells = row.cells
        if len(cells) < width:
            cells = cells + ("",) * (width - len(cells))
        elif len(cells) > width:
            # Empty cells past the headings are the used range again, not data.
            last = max(i for i, c in enumerate(cells) if c)
            cells = cells[: max(width, last + 1)]
        data.append(SheetRow(row.number, cells))
    return Table(
        headers=tuple(_tidy_header(h) for h in headers),
        rows=data,
        encoding=encoding,
        sheet_name=sheet_name,
        delimiter=delimiter,
        header_number=header_row.number,
        preamble=list(filled[:position]),
    )
