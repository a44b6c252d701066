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
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import (
    Meeting,
    Organisation,
    Person,
    Position,
    TransparencyReturn,
    utc_now,
)
from db.vocabulary import (
    AttendanceRole,
    BodyRole,
    DatePrecision,
    MeetingKind,
    OrganisationKind,
    PersonKind,
    ReportSection,
)
from tracker.common.dates import MONTHS, ReadDate, parse_date, read_date, short_date, span
from tracker.directory.names import Minister, fold, normal_body_name, normal_person_name, read_minister
from tracker.io import spreadsheets
from tracker.io.bulk import NewMeeting, insert_meetings, insert_returning, stamped
from tracker.io.importing import ImportFailed, ImportReport, PossibleMatch, Skip, run_import
from tracker.io.matching import Certainty, Directory, Found
from tracker.io.spreadsheets import Table

SOURCE = "transparency"
UID_PREFIX = "return:"

_MONTHS = MONTHS


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
        """Whether a stored date (its first day and precision) falls in the period, or overlaps it."""
        first, last = span(day, precision)
        return first <= self.end and last >= self.start

    def overlaps(self, when: ReadDate) -> bool:
        return when.first <= self.end and when.last >= self.start

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
    """One meeting as the return lists it, read and cleaned; `joined` are the rows below it that
    only add bodies (a meeting spread over several rows)."""

    row: int
    minister: Minister
    when: ReadDate
    organisations: tuple[str, ...]
    purpose: str
    joined: tuple[int, ...] = ()

    @property
    def held_on(self) -> date:
        return self.when.first

    @property
    def precision(self) -> DatePrecision:
        return self.when.precision


@dataclass(frozen=True)
class SkippedRow:
    """A row that is not a meeting: a nil return, a note, a minister's name on its own, or a row
    that only adds bodies to the meeting above."""

    row: int
    why: str
    kind: Skip = Skip.NOTE


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


def _clean(cell: str) -> str:
    """Spaces evened out; line breaks kept (they separate the bodies in an organisations cell)."""
    lines = (" ".join(line.split()) for line in cell.replace("\u00a0", " ").splitlines())
    return "\n".join(line for line in lines if line)


def read_rows(table: Table, period: Period, known: Callable[[str], bool] | None = None) -> list[Line]:
    """Every non-blank row below the header: a meeting, a row skipped (and why) or rejected (and why).

    A minister named once holds for the rows below that leave the cell blank. A row with no date,
    no minister and no purpose of its own (or the purpose above) continues the meeting above: its
    bodies join that meeting."""
    columns = find_columns(table.headers)
    if columns is None:
        raise ImportFailed(
            "No header row names a date column and an organisation column (looked for words such as"
            " “Date” and “Name of organisation”)."
        )
    lines: list[Line] = []
    minister = ""
    last: int | None = None  # the position in `lines` of the meeting a continuation would join
    for sheet_row in table.rows:
        cells = [_clean(c) for c in sheet_row.cells]
        if not any(cells):
            continue
        number = sheet_row.number
        named = " ".join(_cell(cells, columns.minister).split())
        raw_date = _cell(cells, columns.date)
        purpose = " ".join(_cell(cells, columns.purpose).split())
        bodies = _cell(cells, columns.organisations)
        above = lines[last] if last is not None else None
        if (
            not raw_date
            and bodies
            and (not named or named == minister)
            and isinstance(above, ReturnRow | RejectedRow)
            and (not purpose or (isinstance(above, ReturnRow) and purpose == above.purpose))
            and not _NOTE.match(bodies)
        ):
            if isinstance(above, RejectedRow):
                lines.append(RejectedRow(number, f"continues row {above.row} above, which was rejected"))
                continue
            assert isinstance(above, ReturnRow) and last is not None
            try:
                more = split_organisations(bodies, known)
            except ValueError as error:
                lines.append(RejectedRow(number, str(error)))
                continue
            lines[last] = replace(
                above,
                organisations=tuple(dict.fromkeys((*above.organisations, *more))),
                joined=(*above.joined, number),
            )
            lines.append(SkippedRow(number, f"joined the meeting on row {above.row}", Skip.JOINED))
            continue
        line, named_here = _read_row(number, cells, columns, period, minister, known)
        minister = named_here or minister
        if line is not None:
            lines.append(line)
            if isinstance(line, ReturnRow | RejectedRow):
                last = len(lines) - 1
            elif named_here:
                last = None
    return lines


def _cell(cells: Sequence[str], number: int | None) -> str:
    if number is None or number >= len(cells):
        return ""
    return cells[number]


_NOTE = re.compile(
    r"^(\*|†|‡|#|²|¹|notes?\b|n\.?\s?b\.?\b|source\b|footnotes?\b|please note|does not\b|\(\d+\)|\[\d+\]"
    r"|\d+\s*[.)]\s+\D)",
    re.IGNORECASE,
)
_NIL = re.compile(
    r"(nil\s*(return)?|none|n/?a|no\s+(external\s+)?meetings?(\s+(to\s+(declare|report)|held|this\s+(quarter|period)))?)[.!]?",
    re.IGNORECASE,
)


def _read_row(
    row: int,
    cells: Sequence[str],
    columns: Columns,
    period: Period,
    minister: str,
    known: Callable[[str], bool] | None,
) -> tuple[Line | None, str]:
    """One row after the header, and the minister it names (for the rows below that leave it blank)."""
    filled = [t for t in cells if t]
    named = _cell(cells, columns.minister)
    if _NOTE.match(filled[0]) or (len(filled) == 1 and not named and len(filled[0]) > 40):
        return SkippedRow(row, "a note, not a meeting"), ""
    others = [t for n, t in enumerate(cells) if t and n != columns.minister]
    if named and not others:
        return SkippedRow(row, f"names the minister ({named}) for the rows below"), named
    if any(_NIL.fullmatch(t) for t in others):
        who = named or minister
        why = "a nil return" + (f" for {who}" if who else "") + ": no meetings to list"
        return SkippedRow(row, why, Skip.NIL_RETURN), named
    return _meeting_row(row, cells, columns, period, named or minister, known), named


def _meeting_row(
    row: int,
    cells: Sequence[str],
    columns: Columns,
    period: Period,
    minister: str,
    known: Callable[[str], bool] | None,
) -> Line:
    raw_date = " ".join(_cell(cells, columns.date).split())
    purpose = " ".join(_cell(cells, columns.purpose).split())
    try:
        organisations = split_organisations(_cell(cells, columns.organisations), known)
    except ValueError as error:
        return RejectedRow(row, str(error))
    too_long = next((c for c in (raw_date, purpose, minister) if len(c) > MAX_CELL), None)
    if too_long is not None:
        return RejectedRow(row, f"a cell of {len(too_long):,} characters (at most {MAX_CELL:,} are read)")
    if not raw_date:
        return RejectedRow(row, "no date")
    if not organisations:
        return RejectedRow(row, "no organisation named")
    if not minister:
        return RejectedRow(row, "no minister named on this row or any row above it")
    try:
        when = read_date(raw_date, within=(period.start, period.end))
    except ValueError as error:
        return RejectedRow(row, f"date: {error}")
    if not period.overlaps(when):
        return RejectedRow(
            row,
            f"date {short_date(when.first, when.precision)} is outside the period the return covers"
            f" ({period.label})",
        )
    return ReturnRow(row, read_minister(minister), when, organisations, purpose)


# ---------------------------------------------------------------- dates


def parse_return_date(text: str, period: Period) -> tuple[date, DatePrecision]:
    """A return's date cell: a day, a month, months, a quarter...; a year left out is the period's.

    Raises ValueError with a readable reason."""
    found = read_date(text, within=(period.start, period.end))
    return found.first, found.precision


# ---------------------------------------------------------------- names

_PARENTHESES = re.compile(r"\s*\(([^()]*)\)\s*$")
# Words that introduce a list of bodies and are no body themselves.
_LEAD_IN = re.compile(
    r"^(?:the\s+)?(?:following\s+(?:organisations\s+|people\s+)?(?:attended|were\s+present|took\s+part)"
    r"|representatives?\s+(?:from|of)(?:\s+the\s+following)?|attended\s+by|attendees|including|members\s+of"
    r"|organisations?\s+(?:present|attending)|meeting\s+with|roundtable\s+with|with)\s*:?\s*",
    re.IGNORECASE,
)
MAX_NAME = 200
MAX_CELL = 10_000


def _depth_zero_split(text: str, separators: re.Pattern[str]) -> list[str]:
    """`text` cut where `separators` match outside brackets."""
    pieces: list[str] = []
    start = 0
    for found in separators.finditer(text):
        before = text[: found.start()]
        if before.count("(") > before.count(")"):
            continue
        pieces.append(text[start : found.start()])
        start = found.end()
    pieces.append(text[start:])
    return pieces


_COMMA = re.compile(r",")
_AND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)
# "Department for Culture, Media and Sport": a comma piece that is two plain words joined by "and".
_NAME_TAIL = re.compile(r"[A-Z][a-z]+(?:\s+(?:and|&)\s+[A-Z][a-z]+)")


def split_organisations(cell: str, known: Callable[[str], bool] | None = None) -> tuple[str, ...]:
    """Several organisations in one cell, cut at clear separators and never inside a name.

    Always at new lines, semicolons and " / "; at commas outside brackets, except where the pieces
    together are a name `known` holds or the piece is a name's tail ("Department for Children,
    Schools and Families"); at "and" only between acronyms ("ACPO and LGA"). A lead-in ("The
    following attended:", "Representatives from:") is dropped; "Group: A, B" keeps the group and
    its members. A name longer than MAX_NAME characters raises ValueError (the row is refused)."""
    if len(cell) > MAX_CELL:
        raise ValueError(
            f"the organisations cell holds {len(cell):,} characters (at most {MAX_CELL:,} are read)"
        )
    known = known or (lambda _text: False)
    parts: list[str] = []
    for chunk in re.split(r"[;\n\r]+|\s+/\s+", cell):
        chunk = " ".join(chunk.split()).strip(" ,.-–•")
        chunk = _LEAD_IN.sub("", chunk, count=1).strip(" ,.-–•:")
        if not chunk:
            continue
        head, colon, rest = chunk.partition(":")
        if colon and rest.strip() and "(" not in head and len(head.split()) <= 8:
            head = _LEAD_IN.sub("", head.strip() + ":", count=1).strip(" :")
            if head and not _LEAD_IN.fullmatch(head + ":"):
                parts.append(head.strip())
            chunk = rest.strip(" ,.-–•")
        if known(chunk):
            parts.append(chunk)
            continue
        pieces = [p.strip(" ,.") for p in _depth_zero_split(chunk, _COMMA)]
        pieces = [p for p in pieces if p]
        merged: list[str] = []
        for piece in pieces:
            if merged and (
                known(f"{merged[-1]}, {piece}")
                or (_NAME_TAIL.fullmatch(piece) and len(merged[-1].split()) >= 2 and len(pieces) <= 3)
            ):
                merged[-1] = f"{merged[-1]}, {piece}"
            else:
                merged.append(piece)
        for piece in merged:
            halves = [h.strip() for h in _depth_zero_split(piece, _AND)]
            if len(halves) > 1 and all(_looks_like_acronym(h) and " " not in h for h in halves):
                parts.extend(halves)
            else:
                parts.append(piece)
    for part in parts:
        if len(part) > MAX_NAME:
            raise ValueError(
                f"the organisation name “{part[:40]}…” is {len(part)} characters long (at most {MAX_NAME})"
            )
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


# ---------------------------------------------------------------- storing


@dataclass(frozen=True)
class ReturnSource:
    """Which return a file is: the department that published it and the period it covers."""

    department: str
    period: Period
    source_name: str


def _content_key(department_id: int, period: Period, line: ReturnRow) -> str:
    return "\x1f".join(
        (
            str(department_id),
            period.start.isoformat(),
            period.end.isoformat(),
            normal_person_name(line.minister.name) or fold(" ".join(line.minister.roles)),
            line.held_on.isoformat(),
            line.precision.value,
            "|".join(sorted(normal_body_name(o) for o in line.organisations)),
            " ".join(line.purpose.lower().split()),
        )
    )


def external_uid(department_id: int, period: Period, line: ReturnRow, occurrence: int = 1) -> str:
    """The same row of the same return gives the same id, wherever it sits in the file; the second
    identical row in one file (a minister who met the same body on the same subject twice in the
    month) is a second meeting, with its own id."""
    content = _content_key(department_id, period, line)
    if occurrence > 1:
        content += f"\x1f{occurrence}"
    return UID_PREFIX + hashlib.sha256(content.encode("utf-8")).hexdigest()[:40]


@dataclass(eq=False)
class _NewBody:
    """A body the import makes (one however many rows name it); its id comes when it is written."""

    name: str
    acronym: str
    id: int | None = None

    @property
    def known_id(self) -> int:
        assert self.id is not None, "written before its meetings"
        return self.id


class _Storing:
    """The bodies, people and return one import links its meetings to, found or created once each.

    A close match (a likeness, an acronym that could stand for the name) is never taken on a guess:
    it is reported as "possible match: X?" and a new record made, unless `accept_close`."""

    def __init__(
        self,
        session: Session,
        report: ImportReport,
        source: ReturnSource,
        *,
        accept_close: bool,
        accepted: Collection[str] = (),
        directory: Directory | None = None,
    ) -> None:
        self.session = session
        self.report = report
        self.accept_close = accept_close
        self.accepted = frozenset(accepted)
        self.directory = directory or Directory(session)
        self.meetings: list[NewMeeting] = []
        self.body_refs: list[list[int | _NewBody]] = []
        self.told: set[str] = set()
        # Bodies this import makes, by each of their names folded (a later row naming one finds it
        # exactly), written in bulk with the meetings at the end (`finish`).
        self.new_bodies: dict[str, _NewBody] = {}
        self.new_body_order: list[_NewBody] = []
        self.department_id = self._department(source.department)
        self.period = source.period
        self.return_id = self._return(source)
        self.positions: dict[tuple[int, str], Position] = {}
        for position in session.scalars(
            select(Position).where(Position.organisation_id == self.department_id)
        ):
            self.positions.setdefault((position.person_id, fold(position.role)), position)
        self.people: dict[str, int] = {}
        self.bodies: dict[str, int | _NewBody] = {}

    def _department(self, text: str) -> int:
        found = self.directory.body(text)
        if found.id is not None and (found.exact or self._accepts(found)):
            self._tell_close(found)
            return found.id
        if found.id is not None:
            self._tell_possible(found)
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

    def _accepts(self, found: Found) -> bool:
        """Whether a close match is taken: all of them (--accept-close) or those the user accepted."""
        return self.accept_close or found.text in self.accepted

    def _listed(self, found: Found, kind: str) -> None:
        assert found.id is not None
        self.report.possible.append(PossibleMatch(found.text, kind, found.id, found.label, found.reason))

    def _tell_close(self, found: Found, kind: str = "body") -> None:
        if found.certainty is Certainty.CLOSE and found.text not in self.told:
            self.told.add(found.text)
            self._listed(found, kind)
            how = "(--accept-close)" if self.accept_close else "(accepted)"
            self.report.notes.append(f"“{found.text}” taken as {found.describe()} {how}")

    def _tell_possible(self, found: Found, kind: str = "body") -> None:
        if found.text not in self.told:
            self.told.add(found.text)
            self._listed(found, kind)
            self.report.notes.append(
                f"“{found.text}”: possible match: {found.label}? ({found.reason}); imported as new"
                " unless accepted (--accept-close)"
            )

    def _create_body(self, name: str, acronym: str, kind: OrganisationKind) -> int:
        body = Organisation(name=name, acronym=acronym[:40], kind=kind)
        self.session.add(body)
        self.session.flush()
        self.directory.added_body(body.id, body.name, body.acronym)
        self.report.created.append(f"{kind.label} {body.name}")
        return body.id

    def known_body(self, text: str) -> bool:
        return self.directory.body(text).exact

    def body(self, text: str) -> int | _NewBody:
        """The body a name in the file means: one held (exactly, or closely if accepted), one this
        import already makes, or a new one."""
        held = self.bodies.get(text)
        if held is not None:
            return held
        name, acronym = name_and_acronym(text)
        found = self.directory.body(text)
        if not found.exact and name != text:
            by_name = self.directory.body(name)
            if by_name.id is not None and (by_name.exact or found.id is None):
                found = by_name
        ref: int | _NewBody
        if found.id is not None and found.exact:
            ref = found.id
        else:
            made = self.new_bodies.get(normal_body_name(text)) or self.new_bodies.get(normal_body_name(name))
            if made is not None:
                ref = made
            elif found.id is not None and self._accepts(found):
                self._tell_close(found)
                ref = found.id
            else:
                if found.id is not None:
                    self._tell_possible(found)
                ref = self._new_body(name, "" if acronym == name else acronym)
        self.bodies[text] = ref
        return ref

    def _new_body(self, name: str, acronym: str) -> _NewBody:
        made = _NewBody(name, acronym[:40])
        for text in (name, acronym):
            if text:
                self.new_bodies.setdefault(normal_body_name(text), made)
        self.new_body_order.append(made)
        self.report.created.append(f"{OrganisationKind.OTHER.label} {name}")
        return made

    def minister(self, minister: Minister) -> int | str:
        """The minister's person id (found or created, their roles held as dated positions at the
        department), or why the row cannot be stored."""
        if not minister.name:
            return self._holder(minister.roles)
        person_id = self.people.get(minister.label)
        if person_id is None:
            found = self.directory.person(minister.name)
            found = Found(minister.label, found.id, found.label, found.certainty, found.reason)
            if found.id is not None and (found.exact or self._accepts(found)):
                self._tell_close(found, "person")
                person_id = found.id
            else:
                if found.id is not None:
                    self._tell_possible(found, "person")
                person = Person(
                    title=minister.title[:40],
                    name=minister.name[:MAX_NAME],
                    kind=PersonKind.CONTACT,
                    organisation_id=self.department_id,
                )
                self.session.add(person)
                self.session.flush()
                person_id = person.id
                self.directory.added_person(person.id, person.title, person.name)
                self.report.created.append(f"outside contact {minister.label}")
            self.people[minister.label] = person_id
        for role in minister.roles:
            self._hold(person_id, role)
        return person_id

    def _hold(self, person_id: int, role: str) -> None:
        key = (person_id, fold(role))
        position = self.positions.get(key)
        if position is None:
            position = Position(
                person_id=person_id,
                organisation_id=self.department_id,
                role=role[:MAX_NAME],
                started_on=self.period.start,
                ended_on=self.period.end,
            )
            self.session.add(position)
            self.positions[key] = position
            return
        if position.started_on is None or position.started_on > self.period.start:
            position.started_on = self.period.start
        if position.ended_on is not None and position.ended_on < self.period.end:
            position.ended_on = self.period.end

    def _holder(self, roles: tuple[str, ...]) -> int | str:
        """Who held a role at the department during the period, for a cell that names only the role."""
        wanted = {fold(role) for role in roles}
        self.session.flush()
        holders = {
            person_id
            for (person_id, role), position in self.positions.items()
            if role in wanted
            and (position.started_on is None or position.started_on <= self.period.end)
            and (position.ended_on is None or position.ended_on >= self.period.start)
        }
        if len(holders) == 1:
            return holders.pop()
        named = ", ".join(roles)
        if not holders:
            return f"the minister cell names a role ({named}) but not who held it; add the minister's name"
        return f"the minister cell names a role ({named}) that more than one person held; add the name"

    def meeting(self, line: ReturnRow, minister_id: int, uid: str, source_name: str) -> None:
        """Keep a meeting to write (`finish`): its bodies may be new ones, whose ids come then."""
        refs = list(dict.fromkeys(self.body(o) for o in line.organisations))
        title = line.purpose or "Meeting with " + ", ".join(line.organisations)
        title = " ".join(title.split())
        rows = ", ".join(str(n) for n in (line.row, *line.joined))
        written = f" Date as written: “{line.when.written}”." if line.when.written else ""
        values: dict[str, Any] = {
            "held_on": line.held_on,
            "date_precision": line.precision,
            "title": title if len(title) <= 300 else title[:299] + "…",
            "kind": MeetingKind.MEETING,
            "summary": line.purpose if len(title) > 300 else "",
            "report_section": ReportSection.OFFICER_ACTIVITY,
            "notes": f"From the return {source_name}, row{'s' if line.joined else ''} {rows}.{written}",
            "source": SOURCE,
            "external_uid": uid,
            "return_id": self.return_id,
        }
        self.meetings.append(NewMeeting(values, [], [(minister_id, AttendanceRole.ATTENDED)]))
        self.body_refs.append(refs)

    def finish(self) -> None:
        """Write the new bodies, then the meetings and their links, in bulk."""
        now = utc_now()
        made = [b for b in self.new_body_order if b.id is None]
        rows = [
            stamped({"name": b.name, "acronym": b.acronym, "kind": OrganisationKind.OTHER, "notes": ""}, now)
            for b in made
        ]
        for body, body_id in zip(made, insert_returning(self.session, Organisation, rows), strict=True):
            body.id = body_id
        for meeting, refs in zip(self.meetings, self.body_refs, strict=True):
            ids = dict.fromkeys(r if isinstance(r, int) else r.known_id for r in refs)
            meeting.bodies = [(body_id, BodyRole.PARTICIPANT) for body_id in ids]
        self.session.flush()  # the people and positions made on the way, before their meetings
        insert_meetings(self.session, self.meetings, now)


def store(
    session: Session,
    report: ImportReport,
    lines: Sequence[Line],
    source: ReturnSource,
    *,
    accept_close: bool = False,
    accepted: Collection[str] = (),
    directory: Directory | None = None,
) -> None:
    """Store a return's rows: every row imported, skipped or rejected in `report`. A close match is
    taken when `accept_close`, or when the name as the file writes it is in `accepted`."""
    storing = _Storing(
        session, report, source, accept_close=accept_close, accepted=accepted, directory=directory
    )
    occurrences: dict[str, int] = {}
    uids: dict[int, str] = {}
    for meeting_line in (line for line in lines if isinstance(line, ReturnRow)):
        key = _content_key(storing.department_id, source.period, meeting_line)
        occurrences[key] = occurrences.get(key, 0) + 1
        uids[meeting_line.row] = external_uid(
            storing.department_id, source.period, meeting_line, occurrences[key]
        )
    held = _held_uids(session, list(uids.values()))
    for line in lines:
        if isinstance(line, RejectedRow):
            report.reject(line.row, line.reason)
        elif isinstance(line, SkippedRow):
            report.skip(line.kind)
            report.notes.append(f"row {line.row} skipped: {line.why}")
        elif uids[line.row] in held:
            report.skip(Skip.ALREADY_THERE)
        else:
            minister = storing.minister(line.minister)
            if isinstance(minister, str):
                report.reject(line.row, minister)
                continue
            storing.meeting(line, minister, uids[line.row], source.source_name)
            report.accept()
    storing.finish()


def _held_uids(session: Session, uids: list[str]) -> set[str]:
    held: set[str] = set()
    for start in range(0, len(uids), 500):
        held.update(
            session.scalars(
                select(Meeting.external_uid).where(Meeting.external_uid.in_(uids[start : start + 500]))
            )
        )
    return held


# ---------------------------------------------------------------- which return a file is

# The offices whose returns are named by a short code at the start of the file's name
# ("dpm-meetings-aug-sept-2010.csv", "pmmeetingsjanmar2012.csv", "co-meetings-oct-dec-2010.csv").
OFFICES = {
    "dpm": "Deputy Prime Minister's Office",
    "pm": "Prime Minister's Office",
    "bms": "Leaders and Whips' Offices",
    "bm": "Leaders and Whips' Offices",
    "co": "Cabinet Office",
}
_OFFICE_CODE = re.compile(r"^(dpm|pm|bms|bm|co)(?=[-_ .]|meetings|mtgs|\d|$)", re.IGNORECASE)
# Roles that tell whose return it is when the file's name does not.
_ROLE_OFFICES = (
    (re.compile(r"^deputy prime minister$", re.I), "Deputy Prime Minister's Office"),
    (re.compile(r"^prime minister$", re.I), "Prime Minister's Office"),
    (
        re.compile(r"whip|leader of the house|lord privy seal|vice-chamberlain|lords commissioner", re.I),
        "Leaders and Whips' Offices",
    ),
    (
        re.compile(
            r"cabinet office|without portfolio|paymaster general|civil society|constitutional reform", re.I
        ),
        "Cabinet Office",
    ),
)
_NAME_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)"
)
_NAME_SPAN = re.compile(
    rf"(?<![a-z])({_NAME_MONTH})[-_ ]?(?:to[-_ ]?)?({_NAME_MONTH})(?:[-_ ]?((?:19|20)?\d\d)(?!\d))?",
    re.IGNORECASE,
)


def office_in(stem: str) -> str | None:
    """The office a return's file name names by its code ("dpm-meetings-...": the Deputy Prime
    Minister's Office), or None."""
    found = _OFFICE_CODE.match(stem)
    return OFFICES[found[1].lower()] if found else None


def department_from_roles(lines: Sequence[Line]) -> str | None:
    """The office the ministers' roles in a return point to, if they all point to one."""
    offices: set[str] = set()
    for line in lines:
        if isinstance(line, ReturnRow):
            for role in line.minister.roles:
                for pattern, office in _ROLE_OFFICES:
                    if pattern.search(role):
                        offices.add(office)
                        break
    return offices.pop() if len(offices) == 1 else None


def _months_in_name(stem: str) -> tuple[int, int, int | None] | None:
    """The first and last month, and the year if given, a file name's period names ("janmar2012",
    "jan_mar_14", "aug-sept-2010", "julyseptember")."""
    spaced = re.sub(r"(?<=[a-z])meetings|meetings(?=[a-z])", " ", stem.lower())
    for found in _NAME_SPAN.finditer(spaced):
        first, last = MONTHS[found[1][:3]], MONTHS[found[2][:3]]
        if first == last:
            continue
        year = int(found[3]) if found[3] else None
        return first, last, (year + 2000 if year is not None and year < 100 else year)
    return None


def period_in_name(stem: str, dates: Sequence[str] = ()) -> Period | None:
    """The period a file's name gives; a year it leaves out is the one the file's dates give."""
    found = period_in(stem)
    if found is not None:
        return found
    months = _months_in_name(stem)
    if months is None:
        return None
    first, last, year = months
    if year is None:
        year = _year_in_dates(dates, first, last)
        if year is None:
            return None
    start_year = year if first <= last else year - 1
    return Period(date(start_year, first, 1), _month_end(date(year, last, 1)))


def _year_in_dates(dates: Sequence[str], first: int, last: int) -> int | None:
    years: set[int] = set()
    for text in dates:
        try:
            found = read_date(text)
        except ValueError:
            continue
        month = found.first.month
        in_span = first <= month <= last if first <= last else (month >= first or month <= last)
        if in_span:
            years.add(found.first.year if first <= last or month <= last else found.first.year + 1)
    return years.pop() if len(years) == 1 else None


def period_from_dates(dates: Sequence[str]) -> Period | None:
    """The period a return's own dates span, when each gives its year: the calendar quarter that
    holds them all, or else from the first month to the last."""
    read: list[ReadDate] = []
    for text in dates:
        try:
            read.append(read_date(text))
        except ValueError:
            continue
    if not read or len(read) < len([d for d in dates if d]) / 2:
        return None
    first = min(r.first for r in read)
    last = max(r.last for r in read)
    number = (first.month - 1) // 3 + 1
    candidate = quarter(first.year, number)
    if candidate.start <= first and last <= candidate.end:
        return candidate
    return Period(first.replace(day=1), _month_end(last))


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
    session: Session,
    title: str,
    path: Path,
    department: str | None,
    period: Period | None,
    table: Table | None = None,
) -> ReturnSource:
    """The department and period: as given; else as the file's title rows or name say; else as the
    ministers' roles and the file's own dates say; else ImportFailed asking for them."""
    dates: list[str] = []
    columns = find_columns(table.headers) if table is not None else None
    if table is not None and columns is not None:
        dates = [row.cell(columns.date) for row in table.rows if row.cell(columns.date)]
    period = period or period_in(title) or period_in_name(path.stem, dates) or period_from_dates(dates)
    department = (
        (department or "").strip()
        or department_in(session, title)
        or department_in(session, path.stem)
        or office_in(path.stem)
    )
    if not department and table is not None and period is not None:
        department = department_from_roles(read_rows(table, period)) or ""
    missing = []
    if not department:
        missing.append("which department published it (--department NAME)")
    if period is None:
        missing.append("the period it covers (--quarter 2009Q1, or --from and --to)")
    if not department or period is None:
        raise ImportFailed(
            f"{path.name}: could not tell {' nor '.join(missing)} from its title rows, name, ministers"
            f" or dates; please give {'them' if len(missing) > 1 else 'it'}."
        )
    return ReturnSource(department, period, path.name)


def import_return(
    database: Database,
    path: Path,
    *,
    department: str | None = None,
    period: Period | None = None,
    dry_run: bool,
    accept_close: bool = False,
    accepted: Collection[str] = (),
) -> ImportReport:
    """Read a return from a CSV or .xlsx file and store it (all of it or none; nothing on a dry run).

    Close matches of bodies and people are listed as possible matches and imported as new records
    unless `accept_close`, or the name as written is in `accepted` (the window's preview)."""
    table = read_table(path)

    def work(session: Session, report: ImportReport) -> None:
        source = identify(session, title_of(table), path, department, period, table)
        report.notes.append(f"{source.department}, {source.period.label}")
        directory = Directory(session)
        lines = read_rows(table, source.period, known=directory.knows_body)
        store(
            session, report, lines, source, accept_close=accept_close, accepted=accepted, directory=directory
        )

    return run_import(database, work, source=path.name, dry_run=dry_run)
