"""Reading a department's published return of ministers' meetings, and storing it as outside meetings.

Departments publish these quarterly (GOV.UK "Ministerial gifts, hospitality, travel and
meetings"), each in its own shape: a title row or two above the header, header wording that
varies ("Name of organisation or individual", "Name of External Organisation", or a blank first
header over the ministers' names), the minister named once and left blank below, dates in any
form ("12/01/2009", "2009-01-12", an Excel date, "12-Jan" with the year left to the quarter,
"January" alone), "Nil return" rows, notes below the table, and several organisations in one
cell. The reading here works on rows of cells, whatever file they came from; `store` turns the
rows read into one TransparencyReturn and its outside meetings (Meeting.return_id set), which
the association's own reports leave out.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Attendance, Meeting, MeetingOrganisation, Organisation, Person, TransparencyReturn
from db.vocabulary import (
    AttendanceRole,
    BodyRole,
    DatePrecision,
    MeetingKind,
    OrganisationKind,
    PersonKind,
    ReportSection,
)
from tracker import meeting_labels
from tracker.dates import parse_date
from tracker.io import spreadsheets
from tracker.io.importing import ImportFailed, ImportReport, run_import
from tracker.io.matching import Certainty, Directory
from tracker.io.spreadsheets import Table
from tracker.names import POST_NOMINALS, normal_body_name, normal_person_name

SOURCE = "transparency"
UID_PREFIX = "return:"

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9


@dataclass(frozen=True)
class Period:
    """The span of days a return covers, usually a quarter."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ImportFailed(
                f"The period ends ({self.end:%d/%m/%Y}) before it starts ({self.start:%d/%m/%Y})."
            )

    def contains(self, day: date, precision: DatePrecision = DatePrecision.DAY) -> bool:
        if precision is DatePrecision.MONTH:
            return day.replace(day=1) <= self.end and _month_end(day) >= self.start
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        """ "Jan–Mar 2009" for whole months, otherwise "12 Jan 2009 – 3 Feb 2009"."""
        whole = self.start.day == 1 and self.end == _month_end(self.end)
        if whole and self.start.year == self.end.year:
            if self.start.month == self.end.month:
                return self.start.strftime("%b %Y")
            return f"{self.start:%b}–{self.end:%b %Y}"
        if whole:
            return f"{self.start:%b %Y}–{self.end:%b %Y}"
        return f"{self.start.day} {self.start:%b %Y} – {self.end.day} {self.end:%b %Y}"


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def quarter(year: int, number: int) -> Period:
    """Calendar quarter `number` (1: January to March) of `year`."""
    if not 1 <= number <= 4:
        raise ImportFailed(f"There is no quarter {number}; quarters run from 1 (Jan–Mar) to 4 (Oct–Dec).")
    start = date(year, 3 * number - 2, 1)
    return Period(start, _month_end(date(year, 3 * number, 1)))


_QUARTER_FORMS = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)\s*[-_ ]?\s*q(?P<q>[1-4])\b", re.IGNORECASE),
    re.compile(r"\bq(?P<q>[1-4])\s*[-_ ]?\s*(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE),
)
_MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_MONTH_SPAN = re.compile(
    rf"\b(?P<first>{_MONTH_WORD})\.?(?:\s+(?P<first_year>(?:19|20)\d\d))?\s*(?:to|-|–|—|until)\s*"
    rf"(?P<last>{_MONTH_WORD})\.?\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def parse_quarter(text: str) -> Period:
    """ "2009Q1", "2009 Q1", "Q1 2009" (calendar quarters: Q1 is January to March)."""
    for form in _QUARTER_FORMS:
        found = form.fullmatch(text.strip())
        if found:
            return quarter(int(found["year"]), int(found["q"]))
    raise ImportFailed(f"“{text}” is not a quarter; write it as 2009Q1 (January to March 2009).")


def parse_period(text: str) -> Period:
    """A period as a user types it: "2009Q1", "January to March 2009", or "01/01/2009 to 31/03/2009"."""
    days = re.split(r"\s+(?:to|until)\s+|\s+[-–—]\s+", text.strip())
    if len(days) == 2:
        try:
            return Period(parse_date(days[0]), parse_date(days[1]))
        except ValueError:
            pass
    found = period_in(text)
    if found is None:
        raise ImportFailed(
            f"“{text}” is not a period; write a quarter (2009Q1), months (January to March 2009)"
            " or two dates (01/01/2009 to 31/03/2009)."
        )
    return found


def period_in(text: str) -> Period | None:
    """The period a title or file name names, if it names one: "January to March 2009", "2009 Q1"."""
    spaced = re.sub(r"[_]+", " ", text)
    found = _MONTH_SPAN.search(spaced)
    if found:
        first, last = _MONTHS.get(found["first"][:3].lower()), _MONTHS.get(found["last"][:3].lower())
        if first and last:
            year = int(found["year"])
            first_year = (
                int(found["first_year"]) if found["first_year"] else (year if first <= last else year - 1)
            )
            start = date(first_year, first, 1)
            end = _month_end(date(year, last, 1))
            if start <= end:
                return Period(start, end)
    for form in _QUARTER_FORMS:
        found = form.search(spaced)
        if found:
            return quarter(int(found["year"]), int(found["q"]))
    return None


# ---------------------------------------------------------------- the columns


@dataclass(frozen=True)
class Columns:
    """Where the return keeps each thing (column numbers from 0); minister and purpose may be absent."""

    date: int
    organisations: int
    minister: int | None = None
    purpose: int | None = None


def _heading_of(text: str) -> str | None:
    words = " ".join(re.sub(r"[^a-z ]+", " ", text.lower()).split())
    if not words:
        return None
    if re.search(r"organi[sz]ation|individual|external|stakeholder|met with|\bwho\b|attendee", words):
        return "organisations"
    if "minister" in words:
        return "minister"
    if re.search(r"\bdate\b|\bmonth\b|\bwhen\b", words):
        return "date"
    if re.search(r"purpose|subject|nature|reason|topic|issue|agenda|discuss", words):
        return "purpose"
    return None


def find_columns(cells: Sequence[str]) -> Columns | None:
    """The columns a header row names, found by its words; None if this is not a header row."""
    found: dict[str, int] = {}
    for number, text in enumerate(cells):
        heading = _heading_of(text)
        if heading and heading not in found:
            found[heading] = number
    if "date" not in found or "organisations" not in found:
        return None
    minister = found.get("minister")
    if minister is None:
        # A blank header over the first column: the returns that do this put the ministers there.
        blanks = [n for n, text in enumerate(cells) if not text.strip() and n < found["organisations"]]
        minister = blanks[0] if blanks else None
    return Columns(found["date"], found["organisations"], minister, found.get("purpose"))


# ---------------------------------------------------------------- the rows read


@dataclass(frozen=True)
class ReturnRow:
    """One meeting as the return lists it, read and cleaned."""

    row: int
    minister: str
    held_on: date
    precision: DatePrecision
    organisations: tuple[str, ...]
    purpose: str


@dataclass(frozen=True)
class SkippedRow:
    """A row that is not a meeting: a nil return, a note, a minister's name on its own."""

    row: int
    why: str


@dataclass(frozen=True)
class RejectedRow:
    row: int
    reason: str


Line = ReturnRow | SkippedRow | RejectedRow


def is_header(cells: Sequence[str]) -> bool:
    """Whether a row is a return's header row (for `read_table(header=...)`)."""
    return find_columns(cells) is not None


def read_table(path: Path) -> Table:
    """A return's table: the header row found by its words, the title rows above it kept."""
    table = spreadsheets.read_table(path, header=is_header)
    if find_columns(table.headers) is None:  # pragma: no cover - read_table honours `header`
        raise ImportFailed(f"{path}: no header row naming a date and an organisation column")
    return table


def title_of(table: Table) -> str:
    """The return's title rows above its header, as one line."""
    return " / ".join(" ".join(c for c in row.cells if c) for row in table.preamble)


def read_rows(table: Table, period: Period) -> list[Line]:
    """Every non-blank row below the header: a meeting, a row skipped (and why) or rejected (and why)."""
    columns = find_columns(table.headers)
    if columns is None:
        raise ImportFailed(
            "No header row names a date column and an organisation column (looked for words such as"
            " “Date” and “Name of organisation”)."
        )
    lines: list[Line] = []
    minister = ""
    for sheet_row in table.rows:
        cells = [" ".join(c.replace("\u00a0", " ").split(" ")).strip() for c in sheet_row.cells]
        line, named = _read_row(sheet_row.number, cells, columns, period, minister)
        minister = named or minister
        if line is not None:
            lines.append(line)
    return lines


def _cell(cells: Sequence[str], number: int | None) -> str:
    if number is None or number >= len(cells):
        return ""
    return cells[number]


_NOTE = re.compile(
    r"^(\*|†|‡|#|notes?\b|n\.?\s?b\.?\b|source\b|footnotes?\b|please note|\(\d+\)|\[\d+\]|\d+\s*[.)]\s+\D)",
    re.IGNORECASE,
)
_NIL = re.compile(
    r"(nil\s*(return)?|none|no\s+(external\s+)?meetings?(\s+(to\s+(declare|report)|held|this\s+quarter))?)[.!]?",
    re.IGNORECASE,
)


def _read_row(
    row: int, cells: Sequence[str], columns: Columns, period: Period, minister: str
) -> tuple[Line | None, str]:
    """One row after the header, and the minister it names (for the rows below that leave it blank)."""
    filled = [t for t in cells if t]
    if not filled:
        return None, ""
    named = _cell(cells, columns.minister)
    if _NOTE.match(filled[0]) or (len(filled) == 1 and not named and len(filled[0]) > 40):
        return SkippedRow(row, "a note, not a meeting"), ""
    others = [t for n, t in enumerate(cells) if t and n != columns.minister]
    if named and not others:
        return SkippedRow(row, f"names the minister ({named}) for the rows below"), named
    if any(_NIL.fullmatch(t) for t in others):
        who = named or minister
        return SkippedRow(
            row, "a nil return" + (f" for {who}" if who else "") + ": no meetings to list"
        ), named
    return _meeting_row(row, cells, columns, period, named or minister), named


def _meeting_row(row: int, cells: Sequence[str], columns: Columns, period: Period, minister: str) -> Line:
    raw_date = _cell(cells, columns.date)
    organisations = split_organisations(_cell(cells, columns.organisations))
    purpose = " ".join(_cell(cells, columns.purpose).split())
    if not raw_date:
        return RejectedRow(row, "no date")
    if not organisations:
        return RejectedRow(row, "no organisation named")
    if not minister:
        return RejectedRow(row, "no minister named on this row or any row above it")
    try:
        held_on, precision = parse_return_date(raw_date, period)
    except ValueError as error:
        return RejectedRow(row, f"date: {error}")
    if not period.contains(held_on, precision):
        shown = held_on.strftime("%b %Y") if precision is DatePrecision.MONTH else f"{held_on:%d/%m/%Y}"
        return RejectedRow(row, f"date {shown} is outside the period the return covers ({period.label})")
    return ReturnRow(row, clean_minister(minister), held_on, precision, organisations, purpose)


# ---------------------------------------------------------------- dates

_ISO_WITH_TIME = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?Z?")
_DAY_FIRST_WITH_TIME = re.compile(r"(\d{1,2}/\d{1,2}/\d{2,4})\s+\d{1,2}:\d{2}(:\d{2})?")
_DAY_MONTH = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?[\s\-/.]*({_MONTH_WORD})\.?", re.IGNORECASE)
# "Jan 12" is a day; "Jan-09" is how Excel writes a month and year (mmm-yy), so not a day.
_MONTH_DAY = re.compile(rf"({_MONTH_WORD})\.?[\s/.]+(\d{{1,2}})(?:st|nd|rd|th)?", re.IGNORECASE)
_DAY_SLASH_MONTH = re.compile(r"(\d{1,2})[/.](\d{1,2})")
_MONTH_YEAR = re.compile(rf"({_MONTH_WORD})\.?[\s\-/]*((?:19|20)?\d\d)", re.IGNORECASE)
_NUMERIC_MONTH_YEAR = re.compile(r"(\d{1,2})/((?:19|20)\d\d)")
_MONTH_ALONE = re.compile(rf"({_MONTH_WORD})\.?", re.IGNORECASE)
_DAY_RANGE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|&|and|to)\s*\d{1,2}(?:st|nd|rd|th)?\s+(.+)")


def _month(word: str) -> int:
    number = _MONTHS.get(word.lower().rstrip(".")) or _MONTHS.get(word[:3].lower())
    if number is None:
        raise ValueError(f"“{word}” is not a month")
    return number


def _year_for(month: int, day: int, period: Period) -> int:
    """The year that puts this day and month inside the period (or nearest to it)."""
    best: tuple[int, int] | None = None
    for year in range(period.start.year - 1, period.end.year + 2):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        distance = (
            0
            if period.contains(candidate)
            else min(abs((candidate - period.start).days), abs((candidate - period.end).days))
        )
        if best is None or distance < best[0]:
            best = (distance, year)
    if best is None:
        raise ValueError(f"there is no day {day} in {calendar.month_name[month]}")
    return best[1]


def parse_return_date(text: str, period: Period) -> tuple[date, DatePrecision]:
    """A return's date cell: a day, or a month alone (kept as a month); a year left out is the period's.

    Raises ValueError with a readable reason.
    """
    text = " ".join(text.replace("\u00a0", " ").split()).strip().rstrip(",")
    if not text:
        raise ValueError("no date")
    serial = spreadsheets.excel_serial_date(text)
    if serial is not None:
        return serial, DatePrecision.DAY
    for form in (_ISO_WITH_TIME, _DAY_FIRST_WITH_TIME):
        found = form.fullmatch(text)
        if found:
            text = found[1]
    ranged = _DAY_RANGE.fullmatch(text)
    if ranged:
        text = f"{ranged[1]} {ranged[2]}"
    try:
        return parse_date(text), DatePrecision.DAY
    except ValueError:
        pass
    try:
        return _partial_date(text, period)
    except (ValueError, OverflowError) as error:
        raise ValueError(f"“{text}” is not a date ({error})") from None


def _partial_date(text: str, period: Period) -> tuple[date, DatePrecision]:
    found = _DAY_MONTH.fullmatch(text) or _MONTH_DAY.fullmatch(text)
    if found:
        day_text, month_word = (found[1], found[2]) if found.re is _DAY_MONTH else (found[2], found[1])
        month, day = _month(month_word), int(day_text)
        return date(_year_for(month, day, period), month, day), DatePrecision.DAY
    found = _DAY_SLASH_MONTH.fullmatch(text)
    if found:
        day, month = int(found[1]), int(found[2])
        if not 1 <= month <= 12:
            raise ValueError(f"there is no month {month}")
        return date(_year_for(month, day, period), month, day), DatePrecision.DAY
    found = _MONTH_YEAR.fullmatch(text)
    if found:
        year = int(found[2])
        year = year + 2000 if year < 100 else year
        return date(year, _month(found[1]), 1), DatePrecision.MONTH
    found = _NUMERIC_MONTH_YEAR.fullmatch(text)
    if found:
        return date(int(found[2]), int(found[1]), 1), DatePrecision.MONTH
    found = _MONTH_ALONE.fullmatch(text)
    if found:
        month = _month(found[1])
        return date(_year_for(month, 1, period), month, 1), DatePrecision.MONTH
    raise ValueError("write it as 12/01/2009, 2009-01-12, 12 Jan or January 2009")


# ---------------------------------------------------------------- names

_PARENTHESES = re.compile(r"\s*\(([^()]*)\)\s*$")
_LEADING_TITLES = {"rt", "hon", "right", "honourable", "the", "lord", "baroness", "lady", "sir", "dame", "dr"}


def split_organisations(cell: str) -> tuple[str, ...]:
    """Several organisations in one cell: at new lines and semicolons always; at commas and "and"
    unless that would leave a lone ordinary word ("Department for Children, Schools and Families")."""
    parts: list[str] = []
    for chunk in re.split(r"[;\n\r]+|\s+/\s+", cell):
        chunk = " ".join(chunk.split()).strip(" ,.-–•")
        if not chunk:
            continue
        pieces = [p.strip(" ,.") for p in re.split(r",|\s+and\s+|\s+&\s+", chunk)]
        pieces = [p for p in pieces if p]
        lone_words = [p for p in pieces[1:] if " " not in p and not _looks_like_acronym(p)]
        if len(pieces) > 1 and not lone_words:
            parts.extend(pieces)
        else:
            parts.append(chunk)
    return tuple(dict.fromkeys(parts))


def _looks_like_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def name_and_acronym(text: str) -> tuple[str, str]:
    """ "Association of Police Authorities (APA)" -> ("Association of Police Authorities", "APA")."""
    found = _PARENTHESES.search(text)
    if found and _looks_like_acronym(found[1]) and " " not in found[1].strip():
        return text[: found.start()].strip(), found[1].strip()
    if _looks_like_acronym(text) and " " not in text:
        return text, text
    return text, ""


def clean_minister(text: str) -> str:
    """The minister's name as the return gives it, less a role in brackets or after a comma."""
    text = _PARENTHESES.sub("", text)
    text = re.split(r",|\s+[-–—]\s+", text)[0]
    return " ".join(text.split())


def title_and_name(text: str) -> tuple[str, str]:
    """ "Rt Hon Jacqui Smith MP" -> ("Rt Hon MP", "Jacqui Smith"); "Lord West" keeps West as the name."""
    words = text.split()
    before: list[str] = []
    while len(words) > 1 and words[0].lower().rstrip(".") in _LEADING_TITLES:
        before.append(words.pop(0))
    after: list[str] = []
    while len(words) > 1 and words[-1].upper().rstrip(".") in POST_NOMINALS:
        after.insert(0, words.pop())
    return " ".join(before + after), " ".join(words)


# ---------------------------------------------------------------- storing


@dataclass(frozen=True)
class ReturnSource:
    """Which return a file is: the department that published it and the period it covers."""

    department: str
    period: Period
    source_name: str


def external_uid(department_id: int, period: Period, line: ReturnRow) -> str:
    """The same row of the same return gives the same id, wherever it sits in the file."""
    content = "\x1f".join(
        (
            str(department_id),
            period.start.isoformat(),
            period.end.isoformat(),
            normal_person_name(line.minister),
            line.held_on.isoformat(),
            line.precision.value,
            "|".join(sorted(normal_body_name(o) for o in line.organisations)),
            " ".join(line.purpose.lower().split()),
        )
    )
    return UID_PREFIX + hashlib.sha256(content.encode("utf-8")).hexdigest()[:40]


class _Storing:
    """The bodies, people and return one import links its meetings to, found or created once each."""

    def __init__(self, session: Session, report: ImportReport, source: ReturnSource) -> None:
        self.session = session
        self.report = report
        self.directory = Directory(session)
        self.told: set[str] = set()
        self.department_id = self._department(source.department)
        self.period = source.period
        self.return_id = self._return(source)

    def _department(self, text: str) -> int:
        found = self.directory.body(text)
        if found.id is not None:
            self._tell_close(found.text, found.describe(), found.certainty)
            return found.id
        name, acronym = name_and_acronym(text.strip())
        return self._create_body(name, acronym, OrganisationKind.GOVERNMENT_DEPARTMENT)

    def _return(self, source: ReturnSource) -> int:
        held = self.session.scalar(
            select(TransparencyReturn.id).where(
                TransparencyReturn.department_id == self.department_id,
                TransparencyReturn.period_start == source.period.start,
                TransparencyReturn.period_end == source.period.end,
            )
        )
        if held is not None:
            return held
        record = TransparencyReturn(
            department_id=self.department_id,
            period_start=source.period.start,
            period_end=source.period.end,
            source_name=source.source_name[:300],
        )
        self.session.add(record)
        self.session.flush()
        return record.id

    def _tell_close(self, text: str, description: str, certainty: Certainty) -> None:
        if certainty is Certainty.CLOSE and text not in self.told:
            self.told.add(text)
            self.report.notes.append(f"“{text}” taken as {description}")

    def _create_body(self, name: str, acronym: str, kind: OrganisationKind) -> int:
        body = Organisation(name=name[:200], acronym=acronym[:40], kind=kind)
        self.session.add(body)
        self.session.flush()
        self.directory.added_body(body.id, body.name, body.acronym)
        self.report.created.append(f"{kind.label} {body.name}")
        return body.id

    def body(self, text: str) -> int:
        name, acronym = name_and_acronym(text)
        found = self.directory.body(text)
        if found.id is None and name != text:
            found = self.directory.body(name)
        if found.id is not None:
            self._tell_close(text, found.describe(), found.certainty)
            return found.id
        return self._create_body(name, "" if acronym == name else acronym, OrganisationKind.OTHER)

    def minister(self, text: str) -> int:
        title, name = title_and_name(text)
        found = self.directory.person(name)
        if found.id is not None:
            self._tell_close(text, found.describe(), found.certainty)
            return found.id
        person = Person(
            title=title[:40], name=name[:200], kind=PersonKind.CONTACT, organisation_id=self.department_id
        )
        self.session.add(person)
        self.session.flush()
        self.directory.added_person(person.id, person.title, person.name)
        self.report.created.append(f"outside contact {text}")
        return person.id

    def meeting(self, line: ReturnRow, uid: str, source_name: str) -> None:
        body_ids = list(dict.fromkeys(self.body(o) for o in line.organisations))
        minister_id = self.minister(line.minister)
        title = line.purpose or "Meeting with " + ", ".join(line.organisations)
        title = " ".join(title.split())
        meeting = Meeting(
            held_on=line.held_on,
            date_precision=line.precision,
            title=title if len(title) <= 300 else title[:299] + "…",
            kind=MeetingKind.MEETING,
            summary=line.purpose if len(title) > 300 else "",
            report_section=ReportSection.OFFICER_ACTIVITY,
            notes=f"From the return {source_name}, row {line.row}.",
            source=SOURCE,
            external_uid=uid,
            return_id=self.return_id,
            bodies=[
                MeetingOrganisation(organisation_id=b, role=BodyRole.PARTICIPANT, position=n)
                for n, b in enumerate(body_ids)
            ],
            attendances=[Attendance(person_id=minister_id, role=AttendanceRole.ATTENDED, position=0)],
        )
        self.session.add(meeting)
        self.session.flush()
        meeting_labels.refresh(self.session, [meeting.id])


def store(session: Session, report: ImportReport, lines: Sequence[Line], source: ReturnSource) -> None:
    """Store a return's rows: every row imported, skipped or rejected in `report`."""
    storing = _Storing(session, report, source)
    for line in lines:
        if isinstance(line, RejectedRow):
            report.reject(line.row, line.reason)
        elif isinstance(line, SkippedRow):
            report.skip()
            report.notes.append(f"row {line.row} skipped: {line.why}")
        else:
            uid = external_uid(storing.department_id, source.period, line)
            if session.scalar(select(Meeting.id).where(Meeting.external_uid == uid)) is not None:
                report.skip()
            else:
                storing.meeting(line, uid, source.source_name)
                report.accept()


# ---------------------------------------------------------------- which return a file is


def department_in(session: Session, text: str) -> str | None:
    """A government department named in a title or file name ("Home Office: ministers' meetings")."""
    spaced = " " + " ".join(re.sub(r"[^a-z0-9&']+", " ", text.lower()).split()) + " "
    best: str | None = None
    for name, acronym in session.execute(
        select(Organisation.name, Organisation.acronym).where(
            Organisation.kind == OrganisationKind.GOVERNMENT_DEPARTMENT
        )
    ):
        for candidate in (name, acronym):
            words = " ".join(re.sub(r"[^a-z0-9&']+", " ", candidate.lower()).split())
            if words and f" {words} " in spaced and (best is None or len(name) > len(best)):
                best = name
    if best is not None:
        return best
    head, colon, _rest = text.partition(":")
    if colon and head.strip() and len(head) <= 80 and "/" not in head:
        return head.strip()
    return None


def identify(
    session: Session, title: str, path: Path, department: str | None, period: Period | None
) -> ReturnSource:
    """The department and period: as given, else as the file's title rows or name say; else ImportFailed."""
    period = period or period_in(title) or period_in(path.stem)
    department = (
        (department or "").strip() or department_in(session, title) or department_in(session, path.stem)
    )
    missing = []
    if not department:
        missing.append("which department published it (--department NAME)")
    if period is None:
        missing.append("the period it covers (--quarter 2009Q1, or --from and --to)")
    if department is None or period is None:
        raise ImportFailed(
            f"{path.name}: could not tell {' nor '.join(missing)} from its title rows or name; please give"
            f" {'them' if len(missing) > 1 else 'it'}."
        )
    return ReturnSource(department, period, path.name)


def import_return(
    database: Database,
    path: Path,
    *,
    department: str | None = None,
    period: Period | None = None,
    dry_run: bool,
) -> ImportReport:
    """Read a return from a CSV or .xlsx file and store it (all of it or none; nothing on a dry run)."""
    table = read_table(path)

    def work(session: Session, report: ImportReport) -> None:
        source = identify(session, title_of(table), path, department, period)
        report.notes.append(f"{source.department}, {source.period.label}")
        store(session, report, read_rows(table, source.period), source)

    return run_import(database, work, source=path.name, dry_run=dry_run)
