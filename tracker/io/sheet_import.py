"""Bringing meetings, organisations and people in from a spreadsheet (CSV or .xlsx).

The user says which column holds which field (a mapping, guessed from the headings and
remembered for the next file with the same headings), and each row becomes a record, is skipped
because it is already held, or is rejected with its row number and the reason.

Meetings:
- a row is already held when a meeting has its import key (the "Import key" column, or a digest of
  the row's mapped values), or when a meeting on the same day has the same title and the same
  outside bodies; so re-importing a file, or importing Liaison's own export, adds nothing;
- a list cell (bodies, members, officers, outside attendees, themes) is split on semicolons and
  line breaks. A cell without either is split on commas only when every piece is a body (or
  theme) already held, or, for people, when every piece is a whole name of two words or more;
  otherwise it is one name. "and" never splits a cell: many bodies have it in their name;
- a person is written "Cllr Richard Kemp" or "Cllr Richard Kemp (chaired)", the role in brackets
  being one of the attendance roles; other bracketed words (an employer) are not part of the name;
- names Liaison does not hold are created: bodies as kind "other", people as members, officers or
  outside contacts by the column they were in, themes by name; all listed in the report; a close
  likeness ("APA" for the Association of Police Authorities) is taken and noted in the report;
- everything is written in bulk (one statement per table and batch, with the audit trail's rows
  written alongside), so ten thousand rows take a moment, not minutes.

Organisations and people: a row whose name (or email) is already held is skipped.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table as SqlTable
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import (
    ImportMapping,
    Meeting,
    MeetingOrganisation,
    Organisation,
    OrganisationAlias,
    Person,
    Theme,
    utc_now,
)
from db.text import clean
from db.vocabulary import (
    AttendanceRole,
    BodyRole,
    DatePrecision,
    MeetingKind,
    OrganisationKind,
    PersonKind,
)
from tracker.common.dates import parse_time, read_date
from tracker.directory.names import (
    POST_NOMINALS,
    TITLES,
    body_label,
    display_name,
    normal_body_name,
    normal_person_name,
)
from tracker.io.bulk import NewMeeting, insert_meetings, insert_returning, people_info, stamped
from tracker.io.cells import FORMULA_STARTS
from tracker.io.importing import ImportFailed, ImportReport, PossibleMatch, run_import
from tracker.io.matching import Certainty, Directory, Found
from tracker.io.spreadsheets import Table, excel_serial_date, over_long_cell, read_table
from tracker.meetings import default_section

Progress = Callable[[int, int], None]
IGNORE = ""
# The source recorded on meetings this import creates.
SOURCE = "spreadsheet"
_BATCH = 500


class Kind(StrEnum):
    """What the rows of a sheet are."""

    MEETINGS = "meetings"
    ORGANISATIONS = "organisations"
    PEOPLE = "people"


@dataclass(frozen=True)
class Field:
    """A field a column can be read into: its key (as --map writes it), the words a user reads,
    whether a row needs it, whether several columns may feed it, and headings that mean it."""

    key: str
    label: str
    required: bool = False
    many: bool = False
    headings: tuple[str, ...] = ()


FIELDS: dict[Kind, tuple[Field, ...]] = {
    Kind.MEETINGS: (
        Field(
            "date", "Date", True, headings=("held on", "meeting date", "when", "day", "start", "start date")
        ),
        Field("time", "Time", headings=("start time", "starts at", "starts")),
        Field(
            "title",
            "Title",
            True,
            headings=(
                "meeting",
                "subject",
                "event",
                "meeting title",
                "name of meeting",
                "purpose of meeting",
            ),
        ),
        Field("kind", "Kind", headings=("type", "meeting type", "kind of meeting", "format")),
        Field(
            "bodies",
            "Outside bodies",
            many=True,
            headings=(
                "bodies",
                "body",
                "outside body",
                "organisation",
                "organisations",
                "organisation s",
                "organization",
                "organizations",
                "external organisation",
                "name of organisation",
                "with",
            ),
        ),
        Field("members", "Members", many=True, headings=("member", "councillors", "councillor", "cllrs")),
        Field("officers", "Officers", many=True, headings=("officer", "staff", "lead officer")),
        Field(
            "outside",
            "Outside attendees",
            many=True,
            headings=("outside attendee", "external attendees", "attendees", "contacts", "met"),
        ),
        Field(
            "themes", "Themes", many=True, headings=("theme", "work stream", "workstream", "topic", "topics")
        ),
        Field("location", "Location", headings=("venue", "place", "where")),
        Field("summary", "Summary", headings=("description", "report", "paragraph")),
        Field("outcome", "Outcome", headings=("outcomes", "result")),
        Field("confidential", "Confidential", headings=("private", "restricted")),
        Field("notes", "Notes", headings=("note", "comments", "remarks")),
        Field("key", "Import key", headings=("key", "uid", "external id", "reference", "ref")),
    ),
    Kind.ORGANISATIONS: (
        Field(
            "name",
            "Name",
            True,
            headings=("organisation", "organization", "body", "organisation name", "name of organisation"),
        ),
        Field("acronym", "Acronym", headings=("abbreviation", "short name", "initials")),
        Field("kind", "Kind", headings=("type", "category", "classification")),
        Field("parent", "Parent body", headings=("parent", "parent organisation", "part of")),
        Field("aliases", "Other names", many=True, headings=("aliases", "alias", "also known as", "aka")),
        Field("notes", "Notes", headings=("note", "comments", "description")),
    ),
    Kind.PEOPLE: (
        Field("name", "Name", True, headings=("full name", "person", "contact")),
        Field("title", "Title", headings=("honorific", "salutation", "prefix")),
        Field("kind", "Kind", headings=("type", "category")),
        Field(
            "organisation",
            "Organisation",
            headings=("organization", "employer", "council", "body", "council or employer"),
        ),
        Field("party", "Party", headings=("political party",)),
        Field("email", "Email", headings=("e mail", "email address", "e mail address")),
        Field("phone", "Phone", headings=("telephone", "tel", "phone number", "mobile")),
        Field("notes", "Notes", headings=("note", "comments")),
    ),
}

ColumnMapping = tuple[str, ...]
"""The field each column is read into, by position ("" for a column left out)."""


@dataclass(frozen=True)
class ProposedMapping:
    """The mapping offered for a sheet, and where it came from."""

    mapping: ColumnMapping
    remembered: bool


def fields(kind: Kind) -> tuple[Field, ...]:
    return FIELDS[Kind(kind)]


def _field(kind: Kind, key: str) -> Field:
    return next(f for f in fields(kind) if f.key == key)


def _normal_heading(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def signature(headers: Sequence[str]) -> str:
    """The same for every sheet with the same headings (in any case and spacing), in order."""
    joined = "\x1f".join(_normal_heading(h) for h in headers)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()


def guess_mapping(kind: Kind, headers: Sequence[str]) -> ColumnMapping:
    """A field for each heading that names one (by its label, key or a usual wording)."""
    taken: set[str] = set()
    guessed = []
    for heading in headers:
        wanted = _normal_heading(heading)
        found = IGNORE
        for candidate in fields(kind):
            names = {_normal_heading(candidate.label), candidate.key, *candidate.headings}
            if wanted in names and (candidate.many or candidate.key not in taken):
                found = candidate.key
                taken.add(found)
                break
        guessed.append(found)
    return tuple(guessed)


def remembered_mapping(session: Session, kind: Kind, headers: Sequence[str]) -> ColumnMapping | None:
    stored = session.scalar(
        select(ImportMapping.mapping).where(
            ImportMapping.kind == str(kind), ImportMapping.signature == signature(headers)
        )
    )
    if stored is None:
        return None
    try:
        mapping = tuple(str(m) for m in json.loads(stored))
    except (ValueError, TypeError):
        return None
    known = {f.key for f in fields(kind)} | {IGNORE}
    if len(mapping) != len(headers) or not set(mapping) <= known:
        return None
    return mapping


def proposed_mapping(session: Session, kind: Kind, headers: Sequence[str]) -> ProposedMapping:
    """The mapping remembered for sheets with these headings, or else one guessed from them."""
    remembered = remembered_mapping(session, kind, headers)
    if remembered is not None:
        return ProposedMapping(remembered, True)
    return ProposedMapping(guess_mapping(kind, headers), False)


def remember_mapping(session: Session, kind: Kind, headers: Sequence[str], mapping: ColumnMapping) -> None:
    key = signature(headers)
    held = session.scalar(
        select(ImportMapping).where(ImportMapping.kind == str(kind), ImportMapping.signature == key)
    )
    if held is None:
        held = ImportMapping(kind=str(kind), signature=key)
        session.add(held)
    held.headers = json.dumps(list(headers), ensure_ascii=False)
    held.mapping = json.dumps(list(mapping))
    held.used_at = utc_now()
    session.flush()


def parse_overrides(texts: Iterable[str]) -> dict[str, str]:
    """`--map` options, "Heading=field" (or "Heading=" to leave a column out), by heading."""
    overrides = {}
    for text in texts:
        heading, sep, key = text.rpartition("=")
        if not sep or not heading.strip():
            raise ImportFailed(f"“{text}” is not a column mapping; write it as “Heading=field”")
        overrides[heading.strip()] = key.strip()
    return overrides


def with_overrides(
    kind: Kind, headers: Sequence[str], mapping: ColumnMapping, overrides: dict[str, str]
) -> ColumnMapping:
    """The mapping with the named headings' fields replaced (headings in any case and spacing)."""
    result = list(mapping)
    known = {f.key: f for f in fields(kind)}
    by_heading = {_normal_heading(h): i for i, h in reversed(list(enumerate(headers)))}
    for heading, key in overrides.items():
        position = by_heading.get(_normal_heading(heading))
        if position is None:
            raise ImportFailed(f"there is no column headed “{heading}”; the headings are: {_list(headers)}")
        cleaned = key.strip().lower()
        if cleaned not in known and cleaned not in ("", "ignore", "-"):
            matched = [k for k, f in known.items() if _normal_heading(f.label) == _normal_heading(key)]
            if not matched:
                raise ImportFailed(
                    f"“{key}” is not a field of {kind}; the fields are: {', '.join(known)}"
                    " (or nothing, to leave the column out)"
                )
            cleaned = matched[0]
        result[position] = cleaned if cleaned in known else IGNORE
    return tuple(result)


def check_mapping(kind: Kind, headers: Sequence[str], mapping: ColumnMapping) -> None:
    """ImportFailed unless every needed field has a column and no single field has two."""
    if len(mapping) != len(headers):
        raise ImportFailed(f"the mapping names {len(mapping)} columns; the sheet has {len(headers)}")
    known = {f.key: f for f in fields(kind)}
    for key in mapping:
        if key and key not in known:
            raise ImportFailed(f"“{key}” is not a field of {kind}")
    for wanted in fields(kind):
        columns = [headers[i] or f"column {i + 1}" for i, key in enumerate(mapping) if key == wanted.key]
        if wanted.required and not columns:
            raise ImportFailed(
                f"no column holds the {wanted.label.lower()} of the {kind}; the headings are"
                f" {_list(headers)}: say which with --map “Heading={wanted.key}”"
            )
        if len(columns) > 1 and not wanted.many:
            raise ImportFailed(
                f"two columns are read as the {wanted.label.lower()}: {_list(columns)}; leave one out"
            )


def describe_mapping(headers: Sequence[str], mapping: ColumnMapping) -> str:
    read = [
        f"{h or f'column {i + 1}'}={m}" for i, (h, m) in enumerate(zip(headers, mapping, strict=True)) if m
    ]
    left = [h or f"column {i + 1}" for i, (h, m) in enumerate(zip(headers, mapping, strict=True)) if not m]
    text = "columns read: " + "; ".join(read)
    if left:
        text += "; left out: " + "; ".join(left)
    return text


def _list(items: Iterable[str]) -> str:
    return ", ".join(f"“{i}”" for i in items)


# --- reading cells -------------------------------------------------------------------------


class _Rejected(Exception):
    """One row cannot be imported; the message says why (without the row number)."""


_YES = {"yes", "y", "true", "1", "x", "confidential"}
_NO = {"no", "n", "false", "0", ""}
_ACRONYM_IN_BRACKETS = re.compile(r"^(?P<name>.+?)\s*\((?P<acronym>[^()\s]{2,12})\)$")
_ROLE_IN_BRACKETS = re.compile(r"^(?P<name>.*?)\s*\((?P<inside>[^()]*)\)\s*$")


def _one(values: dict[str, list[str]], key: str) -> str:
    found = values.get(key)
    return found[0] if found else ""


def _flag(text: str, what: str) -> bool:
    lowered = text.strip().lower()
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    raise _Rejected(f"“{text}” is not yes or no ({what})")


def meeting_date(text: str, year: int | None = None) -> tuple[date, DatePrecision, time | None]:
    """A date cell: dd/mm/yyyy, ISO, an ISO date-time from a workbook, an Excel day number, any form
    tracker.common.dates.read_date reads ("March 2009", "Jan-14", "Sep-2011", "Q1 2009", "c. 13/06/2009");
    "July" or "12-Jan" take `year` (the one year the file's other dates give). `_Rejected` otherwise."""
    cleaned = text.strip()
    if not cleaned:
        raise _Rejected("there is no date")
    serial = excel_serial_date(cleaned)
    if serial is not None:
        return serial, DatePrecision.DAY, None
    if "T" in cleaned and cleaned[:4].isdigit():
        try:
            moment = datetime.fromisoformat(cleaned)
        except ValueError:
            pass
        else:
            return moment.date(), DatePrecision.DAY, moment.time().replace(second=0, microsecond=0)
    try:
        found = read_date(cleaned, year=year)
    except ValueError as error:
        why = " (it gives no year)" if "gives no year" in str(error) else ""
        raise _Rejected(f"“{cleaned}” is not a date{why}") from error
    return found.first, found.precision, None


def year_of_dates(texts: Iterable[str]) -> int | None:
    """The one year a file's dates that give their year agree on, for those that leave it out."""
    years: set[int] = set()
    for text in set(texts):
        try:
            years.add(_meeting_date_once(text)[0].year)
        except _Rejected:
            continue
        if len(years) > 1:
            return None
    return years.pop() if years else None


# A file names the same few hundred days again and again, and reading one tries a dozen formats.
# (A date that is no date raises, and is not kept.)
_meeting_date_once = lru_cache(maxsize=4096)(meeting_date)


def split_title(text: str) -> tuple[str, str]:
    """("Cllr", "Richard Kemp") from "Cllr Richard Kemp"; ("MP", "Alan Campbell") from "Alan Campbell MP"."""
    words = text.split()
    before: list[str] = []
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        before.append(words.pop(0))
    after: list[str] = []
    while len(words) > 1 and words[-1].upper().strip(",") in POST_NOMINALS:
        after.insert(0, words.pop().strip(","))
    return " ".join(before + after), " ".join(words)


def _pieces(cells: list[str]) -> list[list[str]]:
    """Each cell's entries: split on semicolons and line breaks; [cell] when it has neither."""
    result = []
    for cell in cells:
        if not cell.strip():
            continue
        parts = [p.strip() for p in re.split(r"[;\n\r]+", cell) if p.strip()]
        result.append(parts)
    return result


# --- meetings ------------------------------------------------------------------------------


@dataclass(eq=False)
class _New:
    """A body, person or theme this import would create (one object however many rows name it)."""

    table: str
    values: dict[str, Any]
    label: str
    id: int | None = None


_Ref = int | _New


@dataclass
class _MeetingRow:
    number: int
    key: str
    values: dict[str, Any]
    bodies: list[_Ref]
    attendees: list[tuple[_Ref, AttendanceRole]]
    themes: list[_Ref]

    def natural_key(self) -> _NaturalKey:
        when = _when(self.values["held_on"], self.values["date_precision"])
        return (when, _fold_title(self.values["title"]), frozenset(self.bodies))


_NaturalKey = tuple[date | tuple[int, int], str, frozenset[Any]]


def _when(day: date, precision: DatePrecision) -> date | tuple[int, int]:
    """A meeting known only by its month, or by a coarser span ("March to June 2009", "2006/07"), is
    the same whichever day of its first month is stored (a paper's undated meeting is stored on the
    first day of the paper's period, which the span read back from its words need not be)."""
    return day if precision is DatePrecision.DAY else (day.year, day.month)


def _fold_title(title: str) -> str:
    return " ".join(title.casefold().split())


@dataclass
class _Names:
    """Names resolved once per import (a 10,000-row file names the same bodies again and again),
    and the new records the accepted rows need."""

    directory: Directory
    themes: dict[str, int]
    bodies: dict[str, _Ref] = field(default_factory=dict)
    people: dict[tuple[str, PersonKind], _Ref] = field(default_factory=dict)
    new_bodies: dict[str, _New] = field(default_factory=dict)
    new_people: dict[str, _New] = field(default_factory=dict)
    new_themes: dict[str, _New] = field(default_factory=dict)
    close: dict[str, str] = field(default_factory=dict)
    # Whether a close match (a likeness, an acronym that could stand for the name) is taken; if not,
    # it is listed as a possible match and a new record made: never a merge on a guess.
    accept_close: bool = False
    # The close matches the user accepted one by one (the window's preview), by the name as written.
    accepted: frozenset[str] = frozenset()
    # Every close match met, by the name as written, for the preview to ask about.
    possible: dict[str, PossibleMatch] = field(default_factory=dict)
    # The year for a date written without one ("July"), when the file's other dates agree on one.
    default_year: int | None = None

    def _noted(self, found: Found) -> None:
        if found.certainty is Certainty.CLOSE:
            self.close.setdefault(found.text, f"“{found.text}” taken as {found.label} ({found.reason})")

    def _taken(self, found: Found, kind: str = "body") -> bool:
        """Whether a match is used: exact ones always, close ones only when accepted."""
        if found.id is None:
            return False
        if not found.exact:
            self.possible.setdefault(
                found.text, PossibleMatch(found.text, kind, found.id, found.label, found.reason)
            )
        if found.exact or self.accept_close or found.text in self.accepted:
            self._noted(found)
            return True
        self.close.setdefault(
            found.text,
            f"“{found.text}”: possible match: {found.label}? ({found.reason}); imported as new"
            " unless accepted (--accept-close)",
        )
        return False

    def known_body(self, text: str) -> bool:
        return self.directory.knows_body(text)

    def body(self, text: str) -> _Ref:
        """The body a name means: "National Crime Reduction Board (NCRB)", as lists and exports
        write it, is the body of that name, or a new one with that acronym."""
        cleaned = " ".join(text.split())
        if cleaned in self.bodies:
            return self.bodies[cleaned]
        if len(cleaned) > 200:
            raise _Rejected(f"the body name “{cleaned[:40]}…” is longer than 200 characters")
        name, acronym = cleaned, ""
        labelled = _ACRONYM_IN_BRACKETS.match(cleaned)
        if labelled:
            name, acronym = labelled.group("name"), labelled.group("acronym")
        found = self.directory.body(cleaned)
        if not found.exact and labelled:
            by_name = self.directory.body(name)
            found = by_name if by_name.exact else found
        ref: _Ref
        if found.id is not None and self._taken(found):
            ref = found.id
        else:
            key = normal_body_name(name) or name.casefold()
            if key not in self.new_bodies:
                self.new_bodies[key] = _New(
                    "organisations",
                    {"name": name, "acronym": acronym, "kind": OrganisationKind.OTHER, "notes": ""},
                    body_label(name, acronym),
                )
            ref = self.new_bodies[key]
        self.bodies[cleaned] = ref
        return ref

    def person(self, text: str, kind: PersonKind) -> tuple[_Ref, AttendanceRole]:
        cleaned = " ".join(text.split())
        role = AttendanceRole.ATTENDED
        employer = ""
        bracketed = _ROLE_IN_BRACKETS.match(cleaned)
        if bracketed and bracketed.group("name"):
            inside = bracketed.group("inside").strip()
            try:
                role = AttendanceRole(AttendanceRole.from_label(inside))
            except ValueError:
                employer = inside
            cleaned = bracketed.group("name").strip()
        if (cleaned, kind) in self.people:
            return self.people[(cleaned, kind)], role
        found = self.directory.person(cleaned)
        ref: _Ref
        if found.id is not None and self._taken(found, "person"):
            ref = found.id
        else:
            title, name = split_title(cleaned)
            if len(name) > 200 or len(title) > 40:
                raise _Rejected(f"the name “{cleaned[:40]}” is too long for a person")
            key = normal_person_name(name) or name.casefold()
            if key not in self.new_people:
                organisation = self.directory.body(employer) if employer else None
                self.new_people[key] = _New(
                    "people",
                    {
                        "title": title,
                        "name": name,
                        "kind": kind,
                        "organisation_id": organisation.id if organisation and organisation.exact else None,
                        "party": "",
                        "email": "",
                        "phone": "",
                        "notes": "",
                    },
                    display_name(title, name),
                )
            ref = self.new_people[key]
        self.people[(cleaned, kind)] = ref
        return ref, role

    def theme(self, text: str) -> _Ref:
        cleaned = " ".join(text.split())
        held = self.themes.get(cleaned.casefold())
        if held is not None:
            return held
        if len(cleaned) > 200:
            raise _Rejected(f"the theme “{cleaned[:40]}…” is longer than 200 characters")
        key = cleaned.casefold()
        if key not in self.new_themes:
            self.new_themes[key] = _New("themes", {"name": cleaned, "description": ""}, cleaned)
        return self.new_themes[key]


def _split_bodies(names: _Names, cells: list[str]) -> list[str]:
    entries: list[str] = []
    for parts in _pieces(cells):
        if len(parts) == 1 and "," in parts[0]:
            commas = [p.strip() for p in parts[0].split(",") if p.strip()]
            if len(commas) > 1 and all(names.known_body(p) for p in commas):
                parts = commas
        entries.extend(parts)
    return entries


def _split_people(cells: list[str]) -> list[str]:
    entries: list[str] = []
    for parts in _pieces(cells):
        if len(parts) == 1 and "," in parts[0]:
            commas = [p.strip() for p in parts[0].split(",") if p.strip()]
            # "Kemp, Richard" is one person; "Richard Kemp, Helen Murray" is two.
            if len(commas) > 1 and all(len(c.split()) >= 2 for c in commas):
                parts = commas
        entries.extend(parts)
    return entries


def _split_themes(names: _Names, cells: list[str]) -> list[str]:
    entries: list[str] = []
    for parts in _pieces(cells):
        if len(parts) == 1 and "," in parts[0]:
            commas = [p.strip() for p in parts[0].split(",") if p.strip()]
            if len(commas) > 1 and all(c.casefold() in names.themes for c in commas):
                parts = commas
        entries.extend(parts)
    return entries


def row_key(values: dict[str, list[str]]) -> str:
    """The import key of a row without one: a digest of its mapped cells, ignoring case and spacing."""
    parts = [
        f"{key}={' | '.join(' '.join(v.casefold().split()) for v in cells)}"
        for key, cells in sorted(values.items())
        if key != "key"
    ]
    return "sheet:" + hashlib.sha1("\x1e".join(parts).encode("utf-8")).hexdigest()


def _meeting_row(number: int, values: dict[str, list[str]], names: _Names) -> _MeetingRow:
    held_on, precision, starts_at = _meeting_date_once(_one(values, "date"), names.default_year)
    title = " ".join(_one(values, "title").split())
    if not title:
        raise _Rejected("there is no title")
    if len(title) > 300:
        raise _Rejected("the title is longer than 300 characters")
    time_text = _one(values, "time")
    if time_text:
        try:
            starts_at = parse_time(time_text)
        except ValueError as error:
            raise _Rejected(f"“{time_text}” is not a time") from error
    kind_text = _one(values, "kind")
    try:
        kind = MeetingKind(MeetingKind.from_label(kind_text)) if kind_text else MeetingKind.MEETING
    except ValueError as error:
        kinds = ", ".join(k.label for k in MeetingKind)
        raise _Rejected(f"“{kind_text}” is not a kind of meeting (one of: {kinds})") from error
    location = " ".join(_one(values, "location").split())
    if len(location) > 300:
        raise _Rejected("the location is longer than 300 characters")
    key = _one(values, "key").strip() or row_key(values)
    if len(key) > 300:
        raise _Rejected("the import key is longer than 300 characters")
    bodies = list(dict.fromkeys(names.body(t) for t in _split_bodies(names, values.get("bodies", []))))
    attendees: dict[_Ref, AttendanceRole] = {}
    for column, kind_of_person in (
        ("members", PersonKind.MEMBER),
        ("officers", PersonKind.OFFICER),
        ("outside", PersonKind.CONTACT),
    ):
        for text in _split_people(values.get(column, [])):
            ref, role = names.person(text, kind_of_person)
            attendees.setdefault(ref, role)
    themes = list(dict.fromkeys(names.theme(t) for t in _split_themes(names, values.get("themes", []))))
    return _MeetingRow(
        number,
        key,
        {
            "held_on": held_on,
            "date_precision": precision,
            "starts_at": starts_at,
            "title": title,
            "kind": kind,
            "location": location,
            "summary": _one(values, "summary").strip(),
            "outcome": _one(values, "outcome").strip(),
            "confidential": _flag(_one(values, "confidential"), "confidential"),
            "notes": _one(values, "notes").strip(),
        },
        bodies,
        list(attendees.items()),
        themes,
    )


def _restored(cell: str) -> str:
    """A cell as it was before an export neutralised it ("'=x" is written for "=x")."""
    if cell.startswith("'") and cell[1:2] and cell[1:2] in FORMULA_STARTS:
        return cell[1:]
    return cell


def _values(cells: Sequence[str], mapping: ColumnMapping) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for position, key in enumerate(mapping):
        if key:
            # Cleaned as it will be stored (db/text.py), so that names are matched as they will be
            # held: "Youth\x01 justice" is the theme "Youth justice", not a second one refused by
            # the unique name.
            cell = clean(_restored(cells[position])) if position < len(cells) else ""
            values.setdefault(key, []).append(cell)
    return values


def _existing_keys(session: Session, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), _BATCH):
        batch = keys[start : start + _BATCH]
        found.update(
            k
            for k in session.scalars(select(Meeting.external_uid).where(Meeting.external_uid.in_(batch)))
            if k
        )
    return found


def _existing_meetings(session: Session, rows: list[_MeetingRow]) -> set[_NaturalKey]:
    """(day or month, title, bodies) of the meetings held over the days the file covers."""
    if not rows:
        return set()
    days = [r.values["held_on"] for r in rows]
    titles = {_fold_title(r.values["title"]) for r in rows}
    held: dict[int, tuple[date | tuple[int, int], str]] = {}
    # A month's meeting may be stored on any day of it.
    since, until = min(days) - timedelta(days=31), max(days) + timedelta(days=31)
    for meeting_id, held_on, precision, title in session.execute(
        select(Meeting.id, Meeting.held_on, Meeting.date_precision, Meeting.title).where(
            Meeting.held_on >= since, Meeting.held_on <= until
        )
    ):
        if _fold_title(title) in titles:
            held[meeting_id] = (_when(held_on, precision), _fold_title(title))
    bodies: dict[int, set[int]] = {i: set() for i in held}
    ids = list(held)
    for start in range(0, len(ids), _BATCH):
        for meeting_id, organisation_id in session.execute(
            select(MeetingOrganisation.meeting_id, MeetingOrganisation.organisation_id).where(
                MeetingOrganisation.meeting_id.in_(ids[start : start + _BATCH])
            )
        ):
            bodies[meeting_id].add(organisation_id)
    return {(day, title, frozenset(bodies[i])) for i, (day, title) in held.items()}


def _create_new(
    session: Session, news: Iterable[_New], model: Any, now: datetime, with_stamps: bool = True
) -> None:
    wanted = [n for n in news if n.id is None]
    rows = [stamped(n.values, now) if with_stamps else dict(n.values) for n in wanted]
    for new, new_id in zip(wanted, insert_returning(session, model, rows), strict=True):
        new.id = new_id


def _id(ref: _Ref) -> int:
    if isinstance(ref, _New):
        assert ref.id is not None
        return ref.id
    return ref


def _import_meetings(
    session: Session,
    report: ImportReport,
    table: Table,
    mapping: ColumnMapping,
    progress: Progress | None,
    accept_close: bool = False,
    accepted_names: frozenset[str] = frozenset(),
) -> None:
    names = _Names(
        Directory(session),
        {n.casefold(): i for i, n in session.execute(select(Theme.id, Theme.name))},
        accept_close=accept_close,
        accepted=accepted_names,
    )
    date_columns = [n for n, key in enumerate(mapping) if key == "date"]
    names.default_year = year_of_dates(row.cell(n) for row in table.rows for n in date_columns)
    parsed: list[_MeetingRow] = []
    total = len(table.rows)
    for count, row in enumerate(table.rows, start=1):
        too_long = over_long_cell(row.cells, table.headers)
        if too_long:
            report.reject(row.number, too_long)
            continue
        try:
            parsed.append(_meeting_row(row.number, _values(row.cells, mapping), names))
        except _Rejected as rejected:
            report.reject(row.number, str(rejected))
        if progress is not None and count % _BATCH == 0:
            progress(count, total * 2)
    held_keys = _existing_keys(session, [r.key for r in parsed])
    held_meetings = _existing_meetings(session, parsed)
    accepted: list[_MeetingRow] = []
    for candidate in parsed:
        natural = candidate.natural_key()
        if candidate.key in held_keys or natural in held_meetings:
            report.skip()
            continue
        held_keys.add(candidate.key)
        held_meetings.add(natural)
        report.accept()
        accepted.append(candidate)
    _store_meetings(session, report, accepted, names)
    report.notes.extend(sorted(names.close.values()))
    report.possible.extend(names.possible.values())
    if progress is not None:
        progress(total * 2, total * 2)


def _store_meetings(session: Session, report: ImportReport, rows: list[_MeetingRow], names: _Names) -> None:
    now = utc_now()
    bodies = {r for row in rows for r in row.bodies if isinstance(r, _New)}
    people = {r for row in rows for r, _role in row.attendees if isinstance(r, _New)}
    themes = {r for row in rows for r in row.themes if isinstance(r, _New)}
    # In the order the file first names them, so the report and the new ids read like the file.
    new_bodies = [n for n in names.new_bodies.values() if n in bodies]
    new_people = [n for n in names.new_people.values() if n in people]
    new_themes = [n for n in names.new_themes.values() if n in themes]
    _create_new(session, new_bodies, Organisation, now)
    _create_new(session, new_people, Person, now)
    _create_new(session, new_themes, Theme, now)
    report.created.extend(f"body {n.label}" for n in new_bodies)
    report.created.extend(f"{n.values['kind'].label} {n.label}" for n in new_people)
    report.created.extend(f"theme {n.label}" for n in new_themes)
    if not rows:
        return
    kinds = people_info(session, {_id(r) for row in rows for r, _role in row.attendees})
    meetings = []
    for row in rows:
        attendees = [(_id(r), role) for r, role in row.attendees]
        section = default_section([(kinds[p][2], role) for p, role in attendees])
        meetings.append(
            NewMeeting(
                {
                    **row.values,
                    "report_section": section,
                    "report_heading": "",
                    "source": SOURCE,
                    "external_uid": row.key,
                    "return_id": None,
                },
                [(_id(b), BodyRole.PARTICIPANT) for b in row.bodies],
                attendees,
                [_id(t) for t in row.themes],
            )
        )
    insert_meetings(session, meetings, now)


# --- organisations and people --------------------------------------------------------------


def _import_organisations(
    session: Session,
    report: ImportReport,
    table: Table,
    mapping: ColumnMapping,
    progress: Progress | None,
    accept_close: bool = False,
    accepted_names: frozenset[str] = frozenset(),
) -> None:
    names = _Names(Directory(session), {}, accept_close=accept_close, accepted=accepted_names)
    now = utc_now()
    accepted: list[tuple[_New, str, list[str]]] = []
    seen: set[str] = set()
    for row in table.rows:
        too_long = over_long_cell(row.cells, table.headers)
        if too_long:
            report.reject(row.number, too_long)
            continue
        values = _values(row.cells, mapping)
        name = " ".join(_one(values, "name").split())
        acronym = " ".join(_one(values, "acronym").split())
        kind_text = _one(values, "kind")
        if not name:
            report.reject(row.number, "there is no name")
            continue
        if len(name) > 200 or len(acronym) > 40:
            report.reject(row.number, "the name (200) or acronym (40 characters) is too long")
            continue
        try:
            kind = (
                OrganisationKind(OrganisationKind.from_label(kind_text))
                if kind_text
                else OrganisationKind.OTHER
            )
        except ValueError:
            kinds = ", ".join(k.label for k in OrganisationKind)
            report.reject(row.number, f"“{kind_text}” is not a kind of body (one of: {kinds})")
            continue
        key = normal_body_name(name) or name.casefold()
        if key in seen or names.directory.knows_body(name):
            report.skip()
            continue
        seen.add(key)
        new = _New(
            "organisations",
            {"name": name, "acronym": acronym, "kind": kind, "notes": _one(values, "notes").strip()},
            name,
        )
        names.new_bodies[key] = new
        names.bodies[name] = new
        aliases = [a for parts in _pieces(values.get("aliases", [])) for a in parts]
        accepted.append((new, " ".join(_one(values, "parent").split()), aliases))
        report.accept()
    # Parents may be named before they are listed, or not at all (then they are created too).
    parents = {new: names.body(parent) for new, parent, _aliases in accepted if parent}
    new_bodies = [
        n for n in names.new_bodies.values() if n in {a[0] for a in accepted} or n in parents.values()
    ]
    _create_new(session, new_bodies, Organisation, now)
    report.created.extend(
        f"body {n.label} (a parent named in the file)"
        for n in new_bodies
        if n not in {a[0] for a in accepted}
    )
    with_parent = [
        {"b_id": _id(new), "b_parent": _id(parent)}
        for new, parent in parents.items()
        if _id(parent) != _id(new)
    ]
    if with_parent:
        table_ = cast(SqlTable, Organisation.__table__)
        session.execute(
            update(table_).where(table_.c.id == bindparam("b_id")).values(parent_id=bindparam("b_parent")),
            with_parent,
        )
    alias_rows = [
        {"organisation_id": _id(new), "alias": alias[:200]}
        for new, _parent, aliases in accepted
        for alias in dict.fromkeys(aliases)
        if alias.casefold() != new.label.casefold()
    ]
    insert_returning(session, OrganisationAlias, alias_rows)
    report.notes.extend(sorted(names.close.values()))
    report.possible.extend(names.possible.values())
    if progress is not None:
        progress(1, 1)


def _import_people(
    session: Session,
    report: ImportReport,
    table: Table,
    mapping: ColumnMapping,
    progress: Progress | None,
    accept_close: bool = False,
    accepted_names: frozenset[str] = frozenset(),
) -> None:
    names = _Names(Directory(session), {}, accept_close=accept_close, accepted=accepted_names)
    now = utc_now()
    accepted: list[tuple[_New, str]] = []
    seen: set[str] = set()
    for row in table.rows:
        too_long = over_long_cell(row.cells, table.headers)
        if too_long:
            report.reject(row.number, too_long)
            continue
        values = _values(row.cells, mapping)
        title, name = split_title(" ".join(_one(values, "name").split()))
        title = " ".join(_one(values, "title").split()) or title
        email = _one(values, "email").strip()
        kind_text = _one(values, "kind")
        party = _one(values, "party").strip()
        problem = ""
        kind = PersonKind.CONTACT
        if not name:
            problem = "there is no name"
        elif len(name) > 200 or len(title) > 40:
            problem = "the name (200) or title (40 characters) is too long"
        elif email and ("@" not in email or " " in email or email.startswith("@") or len(email) > 200):
            problem = f"“{email}” is not an email address"
        else:
            try:
                kind = PersonKind(PersonKind.from_label(kind_text)) if kind_text else PersonKind.CONTACT
            except ValueError:
                problem = f"“{kind_text}” is not a kind of person (member, officer or outside contact)"
        if not problem and party and kind is not PersonKind.MEMBER:
            problem = "only members (councillors) have a party"
        if problem:
            report.reject(row.number, problem)
            continue
        key = email.lower() or normal_person_name(name) or name.casefold()
        if key in seen or normal_person_name(name) in seen or names.directory.person(name, email).exact:
            report.skip()
            continue
        seen.update({key, normal_person_name(name)})
        new = _New(
            "people",
            {
                "title": title,
                "name": name,
                "kind": kind,
                "organisation_id": None,
                "party": party,
                "email": email,
                "phone": _one(values, "phone").strip()[:60],
                "notes": _one(values, "notes").strip(),
            },
            display_name(title, name),
        )
        accepted.append((new, " ".join(_one(values, "organisation").split())))
        report.accept()
    employers = {new: names.body(organisation) for new, organisation in accepted if organisation}
    new_bodies = [n for n in names.new_bodies.values() if n in employers.values()]
    _create_new(session, new_bodies, Organisation, now)
    report.created.extend(f"body {n.label}" for n in new_bodies)
    for new, employer in employers.items():
        new.values["organisation_id"] = _id(employer)
    _create_new(session, [new for new, _organisation in accepted], Person, now)
    report.notes.extend(sorted(names.close.values()))
    report.possible.extend(names.possible.values())
    if progress is not None:
        progress(1, 1)


_IMPORTERS = {
    Kind.MEETINGS: _import_meetings,
    Kind.ORGANISATIONS: _import_organisations,
    Kind.PEOPLE: _import_people,
}


def import_table(
    session: Session,
    report: ImportReport,
    table: Table,
    kind: Kind,
    mapping: ColumnMapping,
    progress: Progress | None = None,
    *,
    accept_close: bool = False,
    accepted: Collection[str] = (),
) -> None:
    """Read every row of the table into the session (the caller's transaction), filling the report.

    Close matches of bodies and people are listed as possible matches (`report.possible`) and new
    records made, unless `accept_close`, or the name as written is in `accepted`."""
    check_mapping(kind, table.headers, mapping)
    _IMPORTERS[Kind(kind)](session, report, table, mapping, progress, accept_close, frozenset(accepted))


def import_file(
    database: Database,
    path: Path,
    kind: Kind | str = Kind.MEETINGS,
    mapping: ColumnMapping | None = None,
    *,
    dry_run: bool = False,
    sheet: str | None = None,
    overrides: dict[str, str] | None = None,
    progress: Progress | None = None,
    accept_close: bool = False,
    accepted: Collection[str] = (),
) -> ImportReport:
    """Import a CSV or .xlsx file: all its good rows, or (on ImportFailed, or a dry run) nothing."""
    table = read_table(path, sheet=sheet)
    return import_sheet(
        database,
        table,
        source=path.name,
        kind=kind,
        mapping=mapping,
        dry_run=dry_run,
        overrides=overrides,
        progress=progress,
        accept_close=accept_close,
        accepted=accepted,
    )


def import_sheet(
    database: Database,
    table: Table,
    *,
    source: str,
    kind: Kind | str = Kind.MEETINGS,
    mapping: ColumnMapping | None = None,
    dry_run: bool = False,
    overrides: dict[str, str] | None = None,
    progress: Progress | None = None,
    accept_close: bool = False,
    accepted: Collection[str] = (),
) -> ImportReport:
    """Import a table already read, in one transaction (rolled back for a dry run).

    Without `mapping`, the one remembered for sheets with the same headings is used, or else one
    guessed from them; `overrides` ({heading: field}) then replace single columns. The mapping
    used is remembered when the import is stored."""
    kind = Kind(kind)

    def work(session: Session, report: ImportReport) -> None:
        if mapping is not None:
            chosen, remembered = mapping, False
        else:
            proposed = proposed_mapping(session, kind, table.headers)
            chosen, remembered = proposed.mapping, proposed.remembered
        if overrides:
            chosen = with_overrides(kind, table.headers, chosen, overrides)
        import_table(
            session, report, table, kind, chosen, progress, accept_close=accept_close, accepted=accepted
        )
        note = describe_mapping(table.headers, chosen)
        report.notes.insert(0, note + (" (as remembered from an earlier file)" if remembered else ""))
        remember_mapping(session, kind, table.headers, chosen)

    return run_import(database, work, source=source, dry_run=dry_run)
