"""Every record as one JSON document (`export records`), and such a document loaded back (`load`).

The document (docs/records.md, resources/records.schema.json) holds a section a record kind, each
an object from key to record. A record's key is its own id, as a string ("12"): the same database
gives the same file byte for byte (keys sorted, lists in their stored order, the stamps and the
audit trail left out), and a reference names the record it points at by that key. A record's own
rows that nothing else points at (an organisation's aliases, a meeting's attendees) are lists
inside it, in order; a bill's stages, which an ask's decision may name, are keyed like records.

Loading reads any subset of that shape: a key held already is updated (the fields given; a list
given replaces the one held), a key not held is created under that id, a record the same as the
one held is skipped. Everything is checked before anything is written, and any rejection (its
JSON path and the reason) stores nothing. New records go in by bulk inserts (on SQLite the
driver's own executemany), with the text rule and the audit trail applied as the ORM would
(tracker/io/bulk.py); changes go through the ORM.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Integer,
    String,
    Table,
    Time,
    bindparam,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy import Enum as EnumType
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db import audit
from db.engine import Database
from db.models import (
    Appointment,
    Ask,
    Attendance,
    AuditEntry,
    Base,
    Bill,
    BillStage,
    Board,
    BoardMeeting,
    BoardOfficer,
    FollowUp,
    Meeting,
    MeetingAsk,
    MeetingBill,
    MeetingOrganisation,
    MeetingTheme,
    Organisation,
    OrganisationAlias,
    Paper,
    PaperEntry,
    Person,
    Position,
    Stamped,
    Theme,
    TransparencyReturn,
    utc_now,
)
from db.programme import (
    AskPolicyItem,
    AssociationPosition,
    BoardAction,
    BoardDecision,
    Intervention,
    MeetingPolicyItem,
    PolicyDocument,
    PolicyItem,
    PolicyItemWorkStream,
    ProgressNote,
    WorkStream,
)
from db.stakeholders import OrganisationFounding, StakeholderAssessment, StakeholderStance
from db.text import clean
from db.vocabulary import AuditAction
from tracker import meeting_labels, search
from tracker.io.bulk import body_names, people_info
from tracker.io.importing import ImportFailed

FORMAT = "liaison-records"
VERSION = 1
_BATCH = 500
_STAMPS = ("version", "created_at", "updated_at")

Json = Any
Record = dict[str, Json]


@dataclass(frozen=True)
class Ref:
    """A column holding another record's id, written as that record's key under `name`."""

    column: str
    name: str
    table: str


@dataclass(frozen=True)
class Rows:
    """A record's own rows in another table (`parent` is the column pointing back at the record).

    `value`: written as a list of that one column's values (aliases, dates); `link`: as a list of
    the keys it holds (a meeting's themes); otherwise as a list of objects, or, when `keyed`, as an
    object by the rows' own ids (a bill's stages, which other records name). `position`, when the
    table has one, is the row's place in the list and is not written."""

    name: str
    model: Any
    parent: str
    order: tuple[str, ...]
    refs: tuple[Ref, ...] = ()
    value: str | None = None
    link: Ref | None = None
    keyed: bool = False
    position: str | None = None
    most: int | None = None  # how many rows a record may have, if limited

    @property
    def table(self) -> Table:
        return self.model.__table__  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Section:
    """A record kind: its table, its references, its own rows, the columns worked out on load."""

    name: str
    model: Any
    refs: tuple[Ref, ...] = ()
    rows: tuple[Rows, ...] = ()
    derived: tuple[str, ...] = ()
    # Pairs of date fields where the second, if both are given, may not be before the first.
    ordered: tuple[tuple[str, str], ...] = ()

    @property
    def table(self) -> Table:
        return self.model.__table__  # type: ignore[no-any-return]


def _ref(column: str, table: str) -> Ref:
    return Ref(column, column.removesuffix("_id"), table)


# In the order they are written: a record refers only to sections above it (or to its own).
SECTIONS: tuple[Section, ...] = (
    Section(
        "organisations",
        Organisation,
        refs=(_ref("parent_id", "organisations"), _ref("successor_id", "organisations")),
        rows=(
            Rows("aliases", OrganisationAlias, "organisation_id", ("alias",), value="alias"),
            # When the body came into being, if known: a list of at most one.
            Rows("founded", OrganisationFounding, "organisation_id", ("organisation_id",), most=1),
        ),
    ),
    Section(
        "people",
        Person,
        refs=(_ref("organisation_id", "organisations"),),
        rows=(
            Rows(
                "positions",
                Position,
                "person_id",
                ("started_on", "id"),
                refs=(_ref("organisation_id", "organisations"),),
            ),
        ),
    ),
    Section("themes", Theme),
    Section(
        "returns",
        TransparencyReturn,
        refs=(_ref("department_id", "organisations"),),
        ordered=(("period_start", "period_end"),),
    ),
    Section(
        "bills",
        Bill,
        rows=(Rows("stages", BillStage, "bill_id", ("id",), keyed=True),),
    ),
    Section(
        "boards",
        Board,
        refs=(_ref("organisation_id", "organisations"), _ref("contact_officer_id", "people")),
        rows=(
            Rows("meeting_dates", BoardMeeting, "board_id", ("meets_on",), value="meets_on"),
            Rows(
                "officers",
                BoardOfficer,
                "board_id",
                ("position", "id"),
                refs=(Ref("person_id", "person", "people"),),
                position="position",
            ),
        ),
    ),
    Section(
        "interventions",
        Intervention,
        refs=(
            _ref("board_id", "boards"),
            _ref("lead_member_id", "people"),
            _ref("lead_officer_id", "people"),
        ),
        rows=(
            Rows(
                "progress_notes",
                ProgressNote,
                "intervention_id",
                ("noted_on", "id"),
                refs=(_ref("work_stream_id", "work_streams"),),
            ),
        ),
    ),
    Section(
        "work_streams",
        WorkStream,
        refs=(_ref("intervention_id", "interventions"), _ref("theme_id", "themes")),
    ),
    Section(
        "policy_items",
        PolicyItem,
        refs=(_ref("bill_id", "bills"), _ref("responsible_body_id", "organisations")),
        rows=(
            Rows("documents", PolicyDocument, "item_id", ("position", "id"), position="position"),
            Rows(
                "work_streams",
                PolicyItemWorkStream,
                "item_id",
                ("work_stream_id",),
                link=_ref("work_stream_id", "work_streams"),
            ),
        ),
    ),
    Section(
        "asks",
        Ask,
        refs=(
            _ref("work_stream_id", "work_streams"),
            _ref("target_organisation_id", "organisations"),
            _ref("target_person_id", "people"),
            _ref("decided_stage_id", "bill_stages"),
        ),
        rows=(
            Rows(
                "policy_items",
                AskPolicyItem,
                "ask_id",
                ("position", "item_id"),
                link=Ref("item_id", "policy_item", "policy_items"),
                position="position",
            ),
        ),
        derived=("bill_id",),
    ),
    Section(
        "meetings",
        Meeting,
        refs=(_ref("return_id", "transparency_returns"),),
        rows=(
            Rows(
                "bodies",
                MeetingOrganisation,
                "meeting_id",
                ("position", "organisation_id"),
                refs=(_ref("organisation_id", "organisations"),),
                position="position",
            ),
            Rows(
                "attendees",
                Attendance,
                "meeting_id",
                ("position", "id"),
                refs=(_ref("person_id", "people"),),
                position="position",
            ),
            Rows("themes", MeetingTheme, "meeting_id", ("theme_id",), link=_ref("theme_id", "themes")),
            Rows("bills", MeetingBill, "meeting_id", ("bill_id",), link=_ref("bill_id", "bills")),
            Rows("asks", MeetingAsk, "meeting_id", ("ask_id",), link=_ref("ask_id", "asks")),
            Rows(
                "policy_items",
                MeetingPolicyItem,
                "meeting_id",
                ("item_id",),
                link=Ref("item_id", "policy_item", "policy_items"),
            ),
            Rows(
                "follow_ups",
                FollowUp,
                "meeting_id",
                ("position", "id"),
                refs=(_ref("owner_id", "people"),),
                position="position",
            ),
        ),
        derived=("bodies_label", "people_label", "follow_ups_label"),
    ),
    Section(
        "appointments",
        Appointment,
        refs=(
            _ref("person_id", "people"),
            _ref("organisation_id", "organisations"),
            _ref("predecessor_id", "appointments"),
        ),
        ordered=(("term_start", "term_end"),),
    ),
    Section(
        "papers",
        Paper,
        refs=(_ref("board_id", "boards"), _ref("contact_officer_id", "people")),
        rows=(Rows("entries", PaperEntry, "paper_id", ("position", "id"), position="position"),),
        ordered=(("period_start", "period_end"),),
    ),
    Section(
        "association_positions",
        AssociationPosition,
        refs=(
            Ref("item_id", "policy_item", "policy_items"),
            _ref("board_id", "boards"),
            _ref("agreed_by_person_id", "people"),
        ),
    ),
    Section(
        "board_decisions",
        BoardDecision,
        refs=(
            _ref("board_id", "boards"),
            _ref("intervention_id", "interventions"),
            Ref("item_id", "policy_item", "policy_items"),
        ),
    ),
    Section(
        "board_actions",
        BoardAction,
        refs=(
            _ref("board_id", "boards"),
            _ref("owner_id", "people"),
            _ref("decision_id", "board_decisions"),
            _ref("intervention_id", "interventions"),
            Ref("item_id", "policy_item", "policy_items"),
        ),
    ),
)
SECTIONS += (
    Section(
        "stakeholder_stances",
        StakeholderStance,
        refs=(
            _ref("organisation_id", "organisations"),
            _ref("person_id", "people"),
            Ref("item_id", "policy_item", "policy_items"),
            _ref("ask_id", "asks"),
            _ref("source_meeting_id", "meetings"),
        ),
    ),
    Section(
        "stakeholder_assessments",
        StakeholderAssessment,
        refs=(
            _ref("organisation_id", "organisations"),
            _ref("person_id", "people"),
            Ref("item_id", "policy_item", "policy_items"),
            _ref("action_owner_id", "people"),
        ),
    ),
)
BY_NAME = {section.name: section for section in SECTIONS}


# ---------------------------------------------------------------------------------------------
# Fields: what a column holds, as JSON and back


@dataclass(frozen=True)
class Field:
    """One written field: its JSON name, its column, how its values read and write."""

    name: str
    column: str
    kind: str  # text, integer, boolean, date, time, datetime, choice, ref
    nullable: bool
    required: bool  # must be given for a new record
    blank: bool  # may be empty text
    length: int | None = None
    choices: type[Enum] | None = None
    table: str = ""  # a reference's target


def _kind(column: Any) -> tuple[str, type[Enum] | None]:
    kind = column.type
    if isinstance(kind, EnumType):
        return "choice", kind.enum_class
    for sql_type, name in (
        (Boolean, "boolean"),
        (DateTime, "datetime"),
        (Date, "date"),
        (Time, "time"),
        (Integer, "integer"),
        (String, "text"),
    ):
        if isinstance(kind, sql_type):
            return name, None
    raise TypeError(f"{column} has a type records cannot write: {kind}")


def _fields(table: Table, refs: Iterable[Ref], left_out: Iterable[str]) -> tuple[Field, ...]:
    refs_by_column = {ref.column: ref for ref in refs}
    out = []
    for column in table.columns:
        if column.name in left_out:
            continue
        has_default = column.default is not None or column.server_default is not None
        ref = refs_by_column.get(column.name)
        if ref is not None:
            out.append(
                Field(
                    ref.name,
                    column.name,
                    "ref",
                    bool(column.nullable),
                    not column.nullable,
                    False,
                    table=ref.table,
                )
            )
            continue
        kind, choices = _kind(column)
        length = getattr(column.type, "length", None) if kind == "text" else None
        out.append(
            Field(
                column.name,
                column.name,
                kind,
                bool(column.nullable),
                not column.nullable and not has_default,
                not (kind == "text" and not column.nullable and not has_default),
                length,
                choices,
            )
        )
    return tuple(out)


@functools.cache
def _own_fields(section: Section) -> tuple[Field, ...]:
    return _fields(section.table, section.refs, ("id", *_STAMPS, *section.derived))


@functools.cache
def _row_fields(rows: Rows) -> tuple[Field, ...]:
    left_out = ["id", rows.parent, *_STAMPS]
    if rows.keyed:
        left_out.remove("id")
        left_out.append("id")
    if rows.position:
        left_out.append(rows.position)
    return _fields(rows.table, rows.refs, left_out)


def _out(kind: str, value: Any) -> Json:
    """A stored value as the document writes it."""
    if value is None:
        return None
    if kind == "ref":
        return str(value)
    if kind == "choice":
        return value.value if isinstance(value, Enum) else str(value)
    if kind in ("date", "time", "datetime"):
        return value.isoformat()
    return value


class Refused(Exception):
    """A value the document cannot hold where it stands; the message says why."""


def _in(spec: Field, value: Json) -> Any:
    """A document's value as the column stores it, or Refused."""
    if value is None:
        if not spec.nullable:
            raise Refused("must be given (it may not be null)")
        return None
    kind = spec.kind
    if kind == "text":
        if not isinstance(value, str):
            raise Refused(f"must be text, not {_json_type(value)}")
        value = clean(value)
        if not spec.blank and not value.strip():
            raise Refused("must not be blank")
        if spec.length is not None and len(value) > spec.length:
            raise Refused(f"is {len(value)} characters long; at most {spec.length} are kept")
        return value
    if kind == "ref":
        if not isinstance(value, str) or not _is_key(value):
            raise Refused(f'must be a key (a record\'s id as text, such as "12"), not {json.dumps(value)}')
        return int(value)
    if kind == "boolean":
        if not isinstance(value, bool):
            raise Refused(f"must be true or false, not {json.dumps(value)}")
        return value
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise Refused(f"must be a whole number, not {json.dumps(value)}")
        return value
    if kind == "choice":
        assert spec.choices is not None
        try:
            return spec.choices(value)
        except ValueError:
            names = ", ".join(member.value for member in spec.choices)
            raise Refused(f"{json.dumps(value)} is not one of: {names}") from None
    reader: Callable[[str], Any] = {"date": date.fromisoformat, "time": time.fromisoformat}.get(
        kind, datetime.fromisoformat
    )
    shape = {"date": "YYYY-MM-DD", "time": "HH:MM:SS"}.get(kind, "YYYY-MM-DDTHH:MM:SS")
    if not isinstance(value, str):
        raise Refused(f"must be a {kind} written {shape}, not {_json_type(value)}")
    try:
        return reader(value)
    except ValueError:
        raise Refused(f"{json.dumps(value)} is not a {kind} written {shape}") from None


def _json_type(value: Json) -> str:
    for kind, name in ((bool, "true or false"), (str, "text"), (int, "a number"), (float, "a number")):
        if isinstance(value, kind):
            return name
    if isinstance(value, list):
        return "a list"
    return "an object" if isinstance(value, dict) else "null"


# ---------------------------------------------------------------------------------------------
# Export


def _ordered(table: Table, names: Iterable[str]) -> list[Any]:
    return [table.c[name] for name in names]


def _read_rows(session: Session, rows: Rows) -> dict[int, Json]:
    """Every record's rows of one kind, as the document writes them, by the record's id."""
    table = rows.table
    found: dict[int, Any] = defaultdict(dict if rows.keyed else list)
    if rows.value is not None or rows.link is not None:
        column = rows.value or (rows.link.column if rows.link else "")
        kind = "ref" if rows.link else _kind(table.c[column])[0]
        statement = select(table.c[rows.parent], table.c[column]).order_by(
            table.c[rows.parent], *_ordered(table, rows.order)
        )
        for parent, value in session.execute(statement):
            found[parent].append(_out(kind, value))
        return found
    specs = _row_fields(rows)
    statement = select(
        table.c[rows.parent],
        table.c.id if rows.keyed else table.c[rows.parent],
        *(table.c[s.column] for s in specs),
    )
    values: list[Any]
    for parent, own_id, *values in session.execute(
        statement.order_by(table.c[rows.parent], *_ordered(table, rows.order))
    ):
        record = {s.name: _out(s.kind, v) for s, v in zip(specs, values, strict=True)}
        if rows.keyed:
            found[parent][str(own_id)] = record
        else:
            found[parent].append(record)
    return found


def read_section(session: Session, section: Section, ids: Iterable[int] | None = None) -> dict[str, Record]:
    """A section's records as the document writes them, by key (all, or those of `ids`)."""
    table = section.table
    specs = _own_fields(section)
    statement = select(table.c.id, *(table.c[s.column] for s in specs)).order_by(table.c.id)
    wanted = None if ids is None else set(ids)
    if wanted is not None and not wanted:
        return {}
    if wanted is not None and len(wanted) <= _BATCH:
        statement = statement.where(table.c.id.in_(sorted(wanted)))
    out: dict[str, Record] = {}
    for own_id, *values in session.execute(statement):
        if wanted is not None and own_id not in wanted:
            continue
        out[str(own_id)] = {s.name: _out(s.kind, v) for s, v in zip(specs, values, strict=True)}
    for rows in section.rows:
        empty: Json = {} if rows.keyed else []
        held = _read_rows(session, rows)
        for key, record in out.items():
            record[rows.name] = held.get(int(key), empty)
    return out


def export_records(session: Session) -> dict[str, Json]:
    """Every record, as the one document `load` reads (see the module's docstring)."""
    document: dict[str, Json] = {"format": FORMAT, "version": VERSION}
    for section in SECTIONS:
        document[section.name] = read_section(session, section)
    return document


def dumps(document: dict[str, Json]) -> str:
    """The document as written: keys sorted, one field a line, UTF-8 text, a newline at the end."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, indent=1) + "\n"


def counts(document: dict[str, Json]) -> str:
    """How many records of each kind a document holds, as a line says it."""
    parts = [f"{len(document[s.name])} {s.name.replace('_', ' ')}" for s in SECTIONS if document.get(s.name)]
    return ", ".join(parts) or "no records"


# ---------------------------------------------------------------------------------------------
# Load


@dataclass(frozen=True)
class Rejection:
    """A record (or one value of it) not loaded: where it is in the document, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class LoadReport:
    """What a load read and did: `read` records, each created, updated, skipped (the same as held) or
    rejected; any rejection stores nothing."""

    source: str
    dry_run: bool = True
    read: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def summary(self) -> str:
        stored = "nothing was stored" if self.rejections else ("would be" if self.dry_run else "were")
        if self.rejections:
            return (
                f"{self.source}: read {self.read}; {self.rejected} rejected, so {stored}"
                f" ({self.created} would have been created, {self.updated} updated, {self.skipped}"
                " skipped as already there)."
            )
        return (
            f"{self.source}: read {self.read}; {self.created} {stored} created, {self.updated}"
            f" {stored} updated, {self.skipped} skipped (already there), 0 rejected."
        )

    def lines(self) -> list[str]:
        return [self.summary(), *(f"  rejected {rejection}" for rejection in self.rejections)]


def _path(*parts: str | int) -> str:
    out = "$"
    for part in parts:
        out += (
            f"[{part}]" if isinstance(part, int) else (f".{part}" if part.isidentifier() else f'["{part}"]')
        )
    return out


def _key_path(section: str, key: str, *rest: str | int) -> str:
    return _path(section) + f'["{key}"]' + (_path(*rest)[1:] if rest else "")


@dataclass
class _Given:
    """One record of the document, read: its columns as stored, its own rows, and its document form."""

    section: Section
    key: str
    values: dict[str, Any]
    rows: dict[str, Any]
    document: Record


def parse(text_: str, source: str) -> dict[str, Json]:
    """The document in `text_`, or ImportFailed saying in one line why it is not one."""
    try:
        document = json.loads(text_)
    except json.JSONDecodeError as error:
        raise ImportFailed(
            f"{source} is not a whole JSON document: {error.msg} at line {error.lineno},"
            f" column {error.colno}; nothing was stored"
        ) from None
    if not isinstance(document, dict):
        raise ImportFailed(
            f"{source} holds {_json_type(document)}, not an object of records; nothing was stored"
        )
    if "format" in document and document["format"] != FORMAT:
        raise ImportFailed(
            f'{source}: $.format is {json.dumps(document["format"])}, not "{FORMAT}"; nothing was stored'
        )
    if "version" in document and document["version"] != VERSION:
        raise ImportFailed(
            f"{source}: $.version is {json.dumps(document['version'])}; this Liaison reads version {VERSION};"
            " nothing was stored"
        )
    for name, value in document.items():
        if name in ("format", "version"):
            continue
        if name not in BY_NAME:
            known = ", ".join(s.name for s in SECTIONS)
            raise ImportFailed(
                f"{source}: $.{name} is not a kind of record (they are: {known}); nothing was stored"
            )
        if not isinstance(value, dict):
            raise ImportFailed(
                f"{source}: $.{name} is {_json_type(value)}, not an object of records by key;"
                " nothing was stored"
            )
    return document


class _Reader:
    """Reads a document's records against the database, collecting every rejection."""

    def __init__(self, session: Session, document: dict[str, Json], report: LoadReport) -> None:
        self.session = session
        self.document = document
        self.report = report
        self.file_keys: dict[str, set[int]] = defaultdict(set)
        self.held: dict[str, set[int]] = {}
        for section in SECTIONS:
            for key in document.get(section.name, {}):
                if _is_key(key):
                    self.file_keys[section.table.name].add(int(key))
            for rows in section.rows:
                if rows.keyed:
                    for record in document.get(section.name, {}).values():
                        given = record.get(rows.name) if isinstance(record, dict) else None
                        if isinstance(given, dict):
                            self.file_keys[rows.table.name].update(int(k) for k in given if _is_key(k))

    def held_ids(self, table: str) -> set[int]:
        if table not in self.held:
            target = Base.metadata.tables[table]
            self.held[table] = set(self.session.scalars(select(target.c.id)))
        return self.held[table]

    def known(self, table: str, key: int) -> bool:
        return key in self.file_keys[table] or key in self.held_ids(table)

    def reject(self, path: str, reason: str) -> None:
        self.report.rejections.append(Rejection(path, reason))

    def quick_value(self, spec: Field, value: Json) -> Any:
        """A value as its column stores it, or _AMISS: `_in` and the reference check, without the
        reasons (a value amiss is read again by `fields`, which says why)."""
        if value is None:
            return None if spec.nullable else _AMISS
        kind = spec.kind
        if kind == "text":
            if not isinstance(value, str):
                return _AMISS
            value = clean(value)
            if not spec.blank and not value.strip():
                return _AMISS
            if spec.length is not None and len(value) > spec.length:
                return _AMISS
            return value
        if kind == "ref":
            if not isinstance(value, str) or not _is_key(value):
                return _AMISS
            number = int(value)
            if number in self.file_keys[spec.table] or number in self.held_ids(spec.table):
                return number
            return _AMISS
        if kind == "choice":
            # A dict of the vocabulary's values: an Enum called by value is slow.
            member = _members(spec.choices).get(value) if isinstance(value, str) else None
            return _AMISS if member is None else member
        if kind == "date":
            if not isinstance(value, str):
                return _AMISS
            try:
                return date.fromisoformat(value)
            except ValueError:
                return _AMISS
        if kind == "boolean" or kind == "integer":
            if type(value) is not (bool if kind == "boolean" else int):
                return _AMISS
            return value
        try:
            return _in(spec, value)
        except Refused:
            return _AMISS

    def quick_fields(
        self, checks: _Checks, given: dict[str, Json], new: bool, shown: bool
    ) -> tuple[dict[str, Any], dict[str, Json]] | None:
        """`fields` for values with nothing amiss, else None; the written form only if `shown`."""
        if new and not checks.required <= given.keys():
            return None
        stored: dict[str, Any] = {}
        written: dict[str, Json] = {}
        by_name = checks.by_name
        for name, value in given.items():
            spec = by_name.get(name)
            if spec is None:
                return None
            read = self.quick_value(spec, value)
            if read is _AMISS:
                return None
            stored[spec.column] = read
            if shown:
                written[name] = _out(spec.kind, read)
        return stored, written

    def quick_rows(self, spec: Rows, checks: _Checks, given: Json, shown: bool) -> tuple[Any, Json] | None:
        """`rows` for rows with nothing amiss, else None."""
        if spec.keyed:
            if not isinstance(given, dict):
                return None
            stored_rows: dict[int, dict[str, Any]] = {}
            shown_rows: dict[str, Json] = {}
            for row_key, row in given.items():
                if not _is_key(row_key) or not isinstance(row, dict):
                    return None
                read = self.quick_fields(checks, row, True, shown)
                if read is None:
                    return None
                stored_rows[int(row_key)], shown_rows[row_key] = read
            return stored_rows, shown_rows
        if not isinstance(given, list):
            return None
        if checks.item is not None:
            item = checks.item
            values: list[Any] = []
            seen: set[Any] = set()
            for value in given:
                read = self.quick_value(item, value)
                if read is _AMISS or read is None or read in seen:
                    return None
                seen.add(read)
                values.append(read)
            return values, ([_out(item.kind, v) for v in values] if shown else [])
        if spec.most is not None and len(given) > spec.most:
            return None
        stored_list: list[dict[str, Any]] = []
        shown_list: list[Json] = []
        unique = checks.unique
        held: set[Any] = set()
        for row in given:
            if not isinstance(row, dict):
                return None
            read = self.quick_fields(checks, row, True, shown)
            if read is None:
                return None
            if unique is not None:
                if read[0].get(unique) in held:
                    return None
                held.add(read[0].get(unique))
            stored_list.append(read[0])
            shown_list.append(read[1])
        return stored_list, shown_list

    def quick_record(self, section: Section, key: str, given: Json, new: bool) -> _Given | None:
        """A record with nothing amiss, read without building a JSON path or a reason; else None.
        Its document form, which only a record held already is compared by, is left empty for a
        new one."""
        if not _is_key(key) or not isinstance(given, dict):
            return None
        own_checks, row_checks = _section_checks(section)
        shown = not new
        rows: dict[str, Any] = {}
        written_rows: dict[str, Json] = {}
        own: dict[str, Json] = given
        for spec in section.rows:
            if spec.name in given:
                if own is given:
                    own = {k: v for k, v in given.items() if k not in row_checks}
                got = self.quick_rows(spec, row_checks[spec.name], given[spec.name], shown)
                if got is None:
                    return None
                rows[spec.name], written_rows[spec.name] = got
        read = self.quick_fields(own_checks, own, new, shown)
        if read is None:
            return None
        stored, written = read
        for first, second in section.ordered:
            start, end = stored.get(first), stored.get(second)
            if start is not None and end is not None and end < start:
                return None
        if shown:
            written.update(written_rows)
        return _Given(section, key, stored, rows, written)

    def fields(
        self, specs: tuple[Field, ...], given: dict[str, Json], path: Callable[[str], str], new: bool
    ) -> tuple[dict[str, Any], dict[str, Json]] | None:
        """The values given for these fields (as stored, and as written), or None if one is refused."""
        names = _names(specs)
        ok = True
        for name in given:
            if name not in names:
                self.reject(path(name), "is not a field of this record")
                ok = False
        stored: dict[str, Any] = {}
        written: dict[str, Json] = {}
        for spec in specs:
            if spec.name not in given:
                if new and spec.required:
                    self.reject(path(spec.name), "must be given for a new record")
                    ok = False
                continue
            try:
                value = _in(spec, given[spec.name])
            except Refused as refused:
                self.reject(path(spec.name), str(refused))
                ok = False
                continue
            if spec.kind == "ref" and value is not None and not self.known(spec.table, value):
                self.reject(
                    path(spec.name), f'names "{value}", which neither the file nor the database holds'
                )
                ok = False
                continue
            stored[spec.column] = value
            written[spec.name] = _out(spec.kind, value)
        return (stored, written) if ok else None

    def record(self, section: Section, key: str, given: Json, new: bool) -> _Given | None:
        """The record read, or None with its rejections reported. A sound record (nearly all of a
        file) is read by `quick_record`; one it finds anything amiss in is read again here, field
        by field, so that every rejection is reported in order with its JSON path."""
        quick = self.quick_record(section, key, given, new)
        if quick is not None:
            return quick
        where = section.name
        if not _is_key(key):
            self.reject(
                _key_path(where, key), 'is not a key: a record\'s key is its id as text, such as "12"'
            )
            return None
        if not isinstance(given, dict):
            self.reject(_key_path(where, key), f"is {_json_type(given)}, not an object")
            return None
        row_names = _row_names(section)
        own = {k: v for k, v in given.items() if k not in row_names}
        read = self.fields(_own_fields(section), own, lambda name: _key_path(where, key, name), new)
        rows: dict[str, Any] = {}
        ok = read is not None
        for spec in section.rows:
            if spec.name in given:
                got = self.rows(section, key, spec, given[spec.name])
                if got is None:
                    ok = False
                else:
                    rows[spec.name] = got
        if not ok or read is None:
            return None
        stored, written = read
        for first, second in section.ordered:
            start, end = stored.get(first), stored.get(second)
            if start is not None and end is not None and end < start:
                self.reject(_key_path(where, key, second), f"is before {first} ({start.isoformat()})")
                return None
        for name, (_kept, shown) in rows.items():
            written[name] = shown
        return _Given(section, key, stored, {n: kept for n, (kept, _shown) in rows.items()}, written)

    def rows(self, section: Section, key: str, spec: Rows, given: Json) -> tuple[Any, Json] | None:
        """A record's own rows as given: (as stored, as written), or None if refused."""
        where = section.name
        if spec.keyed:
            if not isinstance(given, dict):
                self.reject(_key_path(where, key, spec.name), f"is {_json_type(given)}, not an object by key")
                return None
            stored_rows: dict[int, dict[str, Any]] = {}
            shown_rows: dict[str, Json] = {}
            ok = True
            for row_key, row in given.items():
                # The JSON path is written out only for a refusal (most rows have none).
                keyed_path = _lazy_path(where, key, spec.name, f'["{row_key}"]')
                if not _is_key(row_key) or not isinstance(row, dict):
                    self.reject(keyed_path(), "is not a keyed object (a key is an id as text)")
                    ok = False
                    continue
                read = self.fields(_row_fields(spec), row, _under_lazy(keyed_path), True)
                if read is None:
                    ok = False
                    continue
                stored_rows[int(row_key)], shown_rows[row_key] = read
            return (stored_rows, shown_rows) if ok else None
        if not isinstance(given, list):
            self.reject(_key_path(where, key, spec.name), f"is {_json_type(given)}, not a list")
            return None
        if spec.value is not None or spec.link is not None:
            field_ = _list_field(spec)
            values: list[Any] = []
            shown: list[Json] = []
            ok = True
            for index, item in enumerate(given):
                path_ = _key_path(where, key, spec.name, index)
                try:
                    value = _in(field_, item)
                except Refused as refused:
                    self.reject(path_, str(refused))
                    ok = False
                    continue
                if spec.link is not None and not self.known(spec.link.table, value):
                    self.reject(path_, f'names "{value}", which neither the file nor the database holds')
                    ok = False
                    continue
                if value in values:
                    self.reject(path_, "is listed twice")
                    ok = False
                    continue
                values.append(value)
                shown.append(_out(field_.kind, value))
            return (values, shown) if ok else None
        if spec.most is not None and len(given) > spec.most:
            self.reject(
                _key_path(where, key, spec.name), f"holds {len(given)} rows; at most {spec.most} is kept"
            )
            return None
        stored_list: list[dict[str, Any]] = []
        shown_list: list[Json] = []
        ok = True
        unique = _unique_column(spec)
        seen: set[Any] = set()
        for index, row in enumerate(given):
            listed_path = _lazy_path(where, key, spec.name, f"[{index}]")
            if not isinstance(row, dict):
                self.reject(listed_path(), f"is {_json_type(row)}, not an object")
                ok = False
                continue
            read = self.fields(_row_fields(spec), row, _under_lazy(listed_path), True)
            if read is None:
                ok = False
                continue
            if unique is not None:
                if read[0].get(unique) in seen:
                    self.reject(listed_path(), f"repeats the {unique.removesuffix('_id')} of a row above")
                    ok = False
                    continue
                seen.add(read[0].get(unique))
            stored_list.append(read[0])
            shown_list.append(read[1])
        return (stored_list, shown_list) if ok else None


@functools.cache
def _names(specs: tuple[Field, ...]) -> frozenset[str]:
    return frozenset(s.name for s in specs)


@functools.cache
def _list_field(spec: Rows) -> Field:
    """The one field of a list of values or keys."""
    column = spec.value or (spec.link.column if spec.link else "")
    return next(f for f in _fields(spec.table, (spec.link,) if spec.link else (), ()) if f.column == column)


def _under(prefix: str) -> Callable[[str], str]:
    return lambda name: f"{prefix}.{name}"


def _lazy_path(section: str, key: str, name: str, suffix: str) -> Callable[[], str]:
    """A row's JSON path, written out when asked for (a refusal), not for every row read."""
    return lambda: _key_path(section, key, name) + suffix


def _under_lazy(prefix: Callable[[], str]) -> Callable[[str], str]:
    return lambda name: f"{prefix()}.{name}"


@functools.cache
def _row_names(section: Section) -> frozenset[str]:
    return frozenset(r.name for r in section.rows)


# What `quick_value` returns for a value that is amiss (None is a value: null).
_AMISS: Any = object()


@functools.cache
def _members(choices: type[Enum] | None) -> dict[Any, Enum]:
    """A vocabulary's members by their values."""
    return {member.value: member for member in choices or ()}


@dataclass(frozen=True, eq=False)
class _Checks:
    """A kind's fields by their JSON names, those a new record must give, and, for a record's own
    rows, the field of a list of values and the column its rows may not repeat."""

    by_name: dict[str, Field]
    required: frozenset[str]
    item: Field | None = None
    unique: str | None = None


def _checks(specs: tuple[Field, ...], item: Field | None = None, unique: str | None = None) -> _Checks:
    return _Checks(
        {spec.name: spec for spec in specs},
        frozenset(spec.name for spec in specs if spec.required),
        item,
        unique,
    )


# By section name (a string hashes once; a Section, a tuple of Fields, at every look-up).
_CHECKS: dict[str, tuple[_Checks, dict[str, _Checks]]] = {}


def _section_checks(section: Section) -> tuple[_Checks, dict[str, _Checks]]:
    """A section's own fields' checks, and each of its own rows' by the rows' name."""
    found = _CHECKS.get(section.name)
    if found is None:
        rows = {
            spec.name: (
                _checks((), item=_list_field(spec))
                if spec.value is not None or spec.link is not None
                else _checks(_row_fields(spec), unique=_unique_column(spec))
            )
            for spec in section.rows
        }
        found = _CHECKS[section.name] = (_checks(_own_fields(section)), rows)
    return found


def _unique_column(rows: Rows) -> str | None:
    """The column a record's rows may not repeat (one person once at a meeting, an entry's key once)."""
    return {
        "attendances": "person_id",
        "meeting_organisations": "organisation_id",
        "paper_entries": "key",
    }.get(rows.table.name)


def _is_key(key: str) -> bool:
    # ASCII digits only: "²" is a digit to isdigit() but not a number to int().
    return key.isascii() and key.isdigit() and key == str(int(key)) and int(key) > 0


def _merged(held: Record, given: Record) -> Record:
    """The record held with the fields given laid over it (a list given replaces the list held)."""
    return {**held, **given}


class _Insert:
    """How rows of one table go in by the driver's own executemany (SQLite's: the ORM's and Core's
    building of a parameter set a row cost as much as the insert itself): the columns in order,
    each one's default, the statement, and the converters SQLAlchemy would apply (a date, a
    vocabulary's member, a flag) for the columns the driver cannot take as they are."""

    def __init__(self, table: Table, dialect: Any, order: tuple[str, ...] | None = None) -> None:
        columns = list(table.columns) if order is None else [table.c[name] for name in order]
        self.names = tuple(column.name for column in columns)
        # A column's plain default, or null: a callable one (a stamp's clock) is never called here.
        self.defaults = {
            column.name: None if callable(arg := getattr(column.default, "arg", None)) else arg
            for column in columns
        }
        # A table has two columns at least, so the getter gives a tuple.
        self.pick = operator.itemgetter(*self.names)
        quote = dialect.identifier_preparer.quote
        self.sql = (
            f"INSERT INTO {dialect.identifier_preparer.format_table(table)}"
            f" ({', '.join(quote(name) for name in self.names)}) VALUES ({', '.join('?' * len(columns))})"
        )
        found = []
        for index, column in enumerate(columns):
            convert = column.type.dialect_impl(dialect).bind_processor(dialect)
            if convert is not None:
                found.append((index, convert))
        self.converters: tuple[tuple[int, Callable[[Any], Any]], ...] = tuple(found)

    def values(self, row: dict[str, Any]) -> tuple[Any, ...]:
        """A complete row's values in the statement's order, as the driver takes them."""
        picked: tuple[Any, ...] = self.pick(row)
        if not self.converters:
            return picked
        out = list(picked)
        for index, convert in self.converters:
            out[index] = convert(out[index])
        return tuple(out)


def _plain_or_refuse(value: Any) -> Any:
    """What JSON lacks, as db.audit writes it: a vocabulary's value, a date's ISO text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


# An audit entry's columns as written here: those all of one insert's entries share, then the row's
# key and its values (the id is the table's own).
_AUDIT_ORDER = ("at", "actor", "action", "table_name", "before", "row_id", "after")
# The audit entries' JSON as db.audit.record_created writes it (keys sorted, text as it is), from
# one encoder made once.
_AUDIT_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=_plain_or_refuse)


class _Writer:
    """Writes read records: new ones in bulk with explicit ids, changed ones through the ORM."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.now = utc_now()
        self.tables: set[str] = set()
        self.next_ids: dict[str, int] = {}
        self.connection = session.connection()
        dialect = self.connection.dialect
        # The driver's own executemany where its parameters are positional question marks
        # (SQLite); elsewhere (PostgreSQL) Core's insert and db.audit.record_created.
        self.direct = dialect.paramstyle == "qmark"
        self.inserts: dict[str, _Insert] = {}
        self.actor = str(session.info.get(audit.ACTOR_KEY) or "unknown")

    def new_id(self, table: Table) -> int:
        if table.name not in self.next_ids:
            self.next_ids[table.name] = (
                self.session.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0
            ) + 1
        value = self.next_ids[table.name]
        self.next_ids[table.name] += 1
        return value

    def _insert_of(self, table: Table, order: tuple[str, ...] | None = None) -> _Insert:
        found = self.inserts.get(table.name)
        if found is None:
            found = self.inserts[table.name] = _Insert(table, self.connection.dialect, order)
        return found

    def insert(
        self,
        table: Table,
        rows: list[dict[str, Any]],
        key: Callable[[dict[str, Any]], str],
        audited: list[dict[str, Any]] | None = None,
    ) -> None:
        """Insert rows in bulk, every column given (its default where a row has none), and write
        their audit entries as db.audit.record_created would: a CREATE entry a row, keyed by
        `key`, holding `audited` (the rows as they end up, completed alike) or the rows inserted.
        The rows' text is clean already: every text value read was cleaned as it was read (`_in`),
        and the labels worked out here are cleaned as they are made."""
        if not rows:
            return
        spec = self._insert_of(table)
        defaults = spec.defaults
        full = [defaults | row for row in rows]
        logged = full if audited is None else [defaults | row for row in audited]
        if not self.direct:
            for start in range(0, len(full), _BATCH * 4):
                self.connection.execute(insert(table), full[start : start + _BATCH * 4])
            audit.record_created(self.session, table.name, [(key(row), row) for row in logged])
            self.tables.add(table.name)
            return
        values = spec.values
        for start in range(0, len(full), _BATCH * 20):
            batch = [values(row) for row in full[start : start + _BATCH * 20]]
            self.connection.exec_driver_sql(spec.sql, batch)
        self._audit_created(table.name, logged, key)
        self.tables.add(table.name)

    def _audit_created(
        self, table_name: str, rows: list[dict[str, Any]], key: Callable[[dict[str, Any]], str]
    ) -> None:
        """db.audit.record_created's entries, written by the driver's executemany: the columns all
        entries share converted once, then each row's key and its values dumped by one encoder."""
        spec = self._insert_of(AuditEntry.__table__, _AUDIT_ORDER)  # type: ignore[arg-type]
        shared = spec.values(
            {
                "at": utc_now(),
                "actor": self.actor,
                "action": AuditAction.CREATE,
                "table_name": table_name,
                "before": None,
                "row_id": "",
                "after": "",
            }
        )[:-2]
        encode = _AUDIT_JSON.encode
        for start in range(0, len(rows), _BATCH * 20):
            entries = [(*shared, key(row), encode(row)) for row in rows[start : start + _BATCH * 20]]
            self.connection.exec_driver_sql(spec.sql, entries)

    def child_rows(self, spec: Rows, parent: int, given: Any) -> list[dict[str, Any]]:
        """The rows to insert for one record's list (or keyed object) of its own rows."""
        table = spec.table
        out: list[dict[str, Any]] = []
        if spec.keyed:
            for own_id, values in given.items():
                out.append({"id": own_id, spec.parent: parent, **values})
            return out
        has_id = "id" in table.c
        for index, item in enumerate(given):
            if spec.value is not None:
                row: dict[str, Any] = {spec.parent: parent, spec.value: item}
            elif spec.link is not None:
                row = {spec.parent: parent, spec.link.column: item}
            else:
                row = {spec.parent: parent, **item}
            if spec.position:
                row[spec.position] = index
            if has_id:
                row["id"] = self.new_id(table)
            out.append(row)
        return out

    def children(self, spec: Rows, records: list[_Given]) -> list[dict[str, Any]]:
        """`child_rows` of every one of these new records that gives this list, in one pass."""
        out: list[dict[str, Any]] = []
        name, parent_column, position = spec.name, spec.parent, spec.position
        if spec.keyed:
            for given in records:
                if name in given.rows:
                    out.extend(self.child_rows(spec, int(given.key), given.rows[name]))
            return out
        # A list of values or of keys: each item is that one column's value.
        column = spec.value or (spec.link.column if spec.link else None)
        table = spec.table
        has_id = "id" in table.c
        next_id = self.new_id(table) if has_id else 0
        for given in records:
            listed = given.rows.get(name)
            if not listed:
                continue
            parent = int(given.key)
            for index, item in enumerate(listed):
                row = {parent_column: parent, column: item} if column else {parent_column: parent, **item}
                if position:
                    row[position] = index
                if has_id:
                    row["id"] = next_id
                    next_id += 1
                out.append(row)
        if has_id:
            self.next_ids[table.name] = next_id  # the first id not taken (new_id took one)
        return out

    def create(
        self, section: Section, records: list[_Given], extra: Callable[[_Given], dict[str, Any]]
    ) -> None:
        table = section.table
        stamps = (
            {"version": 1, "created_at": self.now, "updated_at": self.now}
            if issubclass(section.model, Stamped)
            else {}
        )
        rows = [{"id": int(given.key), **given.values, **extra(given), **stamps} for given in records]
        # References to records of the same kind are set once all are in, so they may name each
        # other in any order (a body's parent and its successor's predecessor alike).
        own = [ref.column for ref in section.refs if ref.table == table.name]
        later = [
            {"_id": row["id"], **{c: row.get(c) for c in own}} for row in rows if any(row.get(c) for c in own)
        ]
        if later:
            audited = rows
            rows = [row | dict.fromkeys(own) for row in rows]
            self.insert(table, rows, _id_key, audited)
            statement = (
                update(table).where(table.c.id == bindparam("_id")).values({c: bindparam(c) for c in own})
            )
            self.connection.execute(statement, later)
        else:
            self.insert(table, rows, _id_key)
        for spec in section.rows:
            if not spec.keyed:
                continue
            self.insert_children(spec, self.children(spec, records))

    def insert_children(self, spec: Rows, rows: list[dict[str, Any]]) -> None:
        table = spec.table
        if "id" in table.c:
            self.insert(table, rows, _id_key)
        else:
            keys = tuple(c.name for c in table.primary_key.columns)
            self.insert(table, rows, lambda row: "/".join([str(row[k]) for k in keys]))

    def replace_rows(self, spec: Rows, parent: int, given: Any) -> None:
        """A held record's list of rows, replaced by the one given (through the ORM, so audited)."""
        model = spec.model
        held = self.session.scalars(select(model).where(getattr(model, spec.parent) == parent)).all()
        if spec.keyed:
            kept = {obj.id: obj for obj in held}
            for obj in held:
                if obj.id not in given:
                    self.session.delete(obj)
            for own_id, values in given.items():
                obj = kept.get(own_id)
                if obj is None:
                    self.session.add(model(id=own_id, **{spec.parent: parent}, **values))
                    self.tables.add(spec.table.name)
                else:
                    _assign(obj, values)
            return
        for obj in held:
            self.session.delete(obj)
        self.session.flush()
        for row in self.child_rows(spec, parent, given):
            self.session.add(model(**row))
        self.tables.add(spec.table.name)

    def update(self, given: _Given, extra: dict[str, Any]) -> None:
        obj = self.session.get(given.section.model, int(given.key))
        assert obj is not None
        _assign(obj, {**given.values, **extra})
        for spec in given.section.rows:
            if spec.name in given.rows:
                self.replace_rows(spec, int(given.key), given.rows[spec.name])

    def reset_sequences(self) -> None:
        """On PostgreSQL, move each id sequence past the ids written here (SQLite needs nothing)."""
        if self.session.get_bind().dialect.name != "postgresql":
            return
        for name in sorted(self.tables):
            if "id" not in Base.metadata.tables[name].c:
                continue
            sequence = self.session.execute(
                text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": name}
            ).scalar()
            if sequence is not None:
                self.session.execute(
                    text(f"SELECT setval(:sequence, COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"),
                    {"sequence": sequence},
                )


def _id_key(row: dict[str, Any]) -> str:
    return str(row["id"])


def _assign(obj: Any, values: dict[str, Any]) -> None:
    for column, value in values.items():
        if getattr(obj, column) != value:
            setattr(obj, column, value)


def load_records(session: Session, document: dict[str, Json], report: LoadReport) -> None:
    """Load a parsed document (`parse`) in `session`: everything checked first, rejections reported
    and nothing written if there are any; the caller commits or rolls back."""
    with _no_cycle_collection():
        _load_records(session, document, report)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector kept out of a load: the millions of dicts and tuples a big file
    reads into hold no cycles, yet each full collection walks all of them (a fifth of the time
    the 100,000-meeting archive took to load)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_records(session: Session, document: dict[str, Json], report: LoadReport) -> None:
    reader = _Reader(session, document, report)
    created: dict[str, list[_Given]] = {}
    updated: dict[str, list[_Given]] = {}
    for section in SECTIONS:
        given_section = document.get(section.name, {})
        held_keys = {int(k) for k in given_section if _is_key(k)} & reader.held_ids(section.table.name)
        held = read_section(session, section, held_keys) if held_keys else {}
        created[section.name], updated[section.name] = [], []
        for key, value in given_section.items():
            report.read += 1
            before = len(report.rejections)
            read = reader.record(section, key, value, key not in held)
            if read is None:
                if len(report.rejections) == before:
                    reader.reject(_key_path(section.name, key), "was not read")
                continue
            if key in held:
                if _merged(held[key], read.document) == held[key]:
                    report.skipped += 1
                else:
                    report.updated += 1
                    updated[section.name].append(read)
            else:
                report.created += 1
                created[section.name].append(read)
    stage_owners = _stage_owners(session, document)
    for path_, reason in stage_owners:
        reader.reject(path_, reason)
    if report.rejections:
        return
    writer = _Writer(session)
    try:
        _write(session, writer, document, created, updated)
        writer.reset_sequences()
        session.flush()
    except IntegrityError as error:
        reason = str(error.orig).splitlines()[0]
        raise ImportFailed(
            f"{report.source}: the records break a rule the database keeps ({reason}); nothing was stored"
        ) from None


def _stage_owners(session: Session, document: dict[str, Json]) -> list[tuple[str, str]]:
    """A bill's stage given under one bill but held under another: a stage never moves bills."""
    given: dict[int, tuple[int, str]] = {}
    for key, record in document.get("bills", {}).items():
        if _is_key(key) and isinstance(record, dict) and isinstance(record.get("stages"), dict):
            for stage_key in record["stages"]:
                if _is_key(stage_key):
                    given[int(stage_key)] = (int(key), _key_path("bills", key, "stages") + f'["{stage_key}"]')
    if not given:
        return []
    out = []
    wanted = sorted(given)
    for start in range(0, len(wanted), _BATCH):
        for stage_id, bill_id in session.execute(
            select(BillStage.id, BillStage.bill_id).where(BillStage.id.in_(wanted[start : start + _BATCH]))
        ):
            if given[stage_id][0] != bill_id:
                out.append(
                    (
                        given[stage_id][1],
                        f'is a stage of bill "{bill_id}"; a stage cannot move to another bill',
                    )
                )
    return out


def _write(
    session: Session,
    writer: _Writer,
    document: dict[str, Json],
    created: dict[str, list[_Given]],
    updated: dict[str, list[_Given]],
) -> None:
    ask_bill = _ask_bill(session, document)
    labels = _meeting_labels(session)
    meetings = created["meetings"]
    # New meetings above every id held are indexed for search once, after their follow-ups are in
    # too (whose triggers write the meetings' follow_ups_label: through the index's triggers, a
    # change a follow-up); the block inserts only new rows, so no meeting held is changed in it.
    indexed_once = bool(meetings) and min(int(g.key) for g in meetings) > _max_id(
        session, BY_NAME["meetings"].table
    )
    with search.bulk_load(session) if indexed_once else contextlib.nullcontext():
        for section in SECTIONS:
            new = created[section.name]
            if not new:
                continue
            if section.name == "asks":
                extra: Callable[[_Given], dict[str, Any]] = lambda g: {"bill_id": ask_bill(g)}  # noqa: E731
            elif section.name == "meetings":
                extra = labels(new)
            else:
                extra = lambda _g: {}  # noqa: E731
            writer.create(section, new, extra)
        # Own rows last: a record's rows may name records of kinds written after it (an
        # intervention's progress notes name its work streams).
        for section in SECTIONS:
            for spec in section.rows:
                if spec.keyed:
                    continue
                writer.insert_children(spec, writer.children(spec, created[section.name]))
    session.flush()
    changed_names: set[tuple[str, int]] = set()
    meetings_changed: set[int] = set()
    for section in SECTIONS:
        for given in updated[section.name]:
            extra_values = (
                {"bill_id": ask_bill(given)}
                if section.name == "asks" and "policy_items" in given.rows
                else {}
            )
            writer.update(given, extra_values)
            if section.name in ("organisations", "people"):
                changed_names.add((section.name, int(given.key)))
            if section.name == "meetings":
                meetings_changed.add(int(given.key))
    session.flush()
    meetings_changed |= _meetings_naming(session, changed_names)
    if meetings_changed:
        meeting_labels.refresh(session, meetings_changed)


def _max_id(session: Session, table: Table) -> int:
    return session.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0


def _ask_bill(session: Session, document: dict[str, Json]) -> Callable[[_Given], int | None]:
    """An ask's first bill among its policy items (Ask.bill_id, kept for the readers of one bill)."""
    item_bill: dict[int, int | None] = {}
    for key, record in document.get("policy_items", {}).items():
        if _is_key(key) and isinstance(record, dict) and "bill" in record:
            bill = record["bill"]
            item_bill[int(key)] = int(bill) if isinstance(bill, str) and bill.isdigit() else None

    def first_bill(given: _Given) -> int | None:
        items: list[int] = list(given.rows.get("policy_items", []))
        unknown = [i for i in items if i not in item_bill]
        for start in range(0, len(unknown), _BATCH):
            item_bill.update(
                session.execute(
                    select(PolicyItem.id, PolicyItem.bill_id).where(
                        PolicyItem.id.in_(unknown[start : start + _BATCH])
                    )
                ).tuples()
            )
        return next((bill for bill in (item_bill.get(i) for i in items) if bill is not None), None)

    return first_bill


def _meeting_labels(session: Session) -> Callable[[list[_Given]], Callable[[_Given], dict[str, Any]]]:
    """The bodies and people labels of new meetings, from their lists and the names then held."""

    def for_meetings(new: list[_Given]) -> Callable[[_Given], dict[str, Any]]:
        bodies = {row["organisation_id"] for g in new for row in g.rows.get("bodies", [])}
        people = {row["person_id"] for g in new for row in g.rows.get("attendees", [])}
        # Each body's and person's part of a label, made once: a label is its parts joined as
        # meeting_labels joins them.
        body_part = {
            i: meeting_labels.bodies_label([names]) for i, names in body_names(session, bodies).items()
        }
        person_part = {
            i: meeting_labels.people_label([info[:2]]) for i, info in people_info(session, people).items()
        }

        def labels(given: _Given) -> dict[str, Any]:
            # Cleaned as the ORM would clean them when set (the names they copy are clean when
            # stored through Liaison, but a name written by other means need not be).
            return {
                "bodies_label": clean(
                    "; ".join([body_part[row["organisation_id"]] for row in given.rows.get("bodies", ())])
                ),
                "people_label": clean(
                    "; ".join([person_part[row["person_id"]] for row in given.rows.get("attendees", ())])
                ),
            }

        return labels

    return for_meetings


def _meetings_naming(session: Session, changed: set[tuple[str, int]]) -> set[int]:
    """The meetings whose labels show one of these bodies or people."""
    out: set[int] = set()
    for kind, model, column in (
        ("organisations", MeetingOrganisation, MeetingOrganisation.organisation_id),
        ("people", Attendance, Attendance.person_id),
    ):
        ids = sorted(i for k, i in changed if k == kind)
        for start in range(0, len(ids), _BATCH):
            out.update(
                session.scalars(select(model.meeting_id).where(column.in_(ids[start : start + _BATCH])))
            )
    return out


class _RolledBack(Exception):
    """Ends a load's transaction without committing it (a dry run, or a load with rejections)."""


def load_file(database: Database, path: Path, *, dry_run: bool) -> LoadReport:
    """Load the document in `path` in one transaction of `database`: committed only if nothing was
    rejected and it is not a dry run. A file that is not such a document raises ImportFailed."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFailed(f"cannot read {path}: {error.strerror or error}") from None
    try:
        text_ = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(f"{path} is not UTF-8 text (byte {error.start}); nothing was stored") from None
    document = parse(text_, str(path))
    report = LoadReport(source=str(path), dry_run=dry_run)
    try:
        with database.session() as session:
            load_records(session, document, report)
            if dry_run or report.rejections:
                raise _RolledBack
    except _RolledBack:
        pass
    return report


# ---------------------------------------------------------------------------------------------
# The JSON Schema (resources/records.schema.json is this, written out; a test keeps them the same)

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "resources" / "records.schema.json"
_KEY_PATTERN = "^[1-9][0-9]*$"
_PATTERNS = {
    "date": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "time": "^[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?$",
    "datetime": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?$",
}


def _field_schema(spec: Field) -> dict[str, Json]:
    out: dict[str, Json]
    if spec.kind == "text":
        out = {"type": "string"}
        if spec.length is not None:
            out["maxLength"] = spec.length
        if not spec.blank:
            out["pattern"] = "\\S"
    elif spec.kind == "ref":
        out = {
            "type": "string",
            "pattern": _KEY_PATTERN,
            "description": f"the key of a record of {spec.table}",
        }
    elif spec.kind == "choice":
        assert spec.choices is not None
        out = {"enum": [member.value for member in spec.choices]}
    elif spec.kind in _PATTERNS:
        out = {
            "type": "string",
            "pattern": _PATTERNS[spec.kind],
            "format": spec.kind.replace("datetime", "date-time"),
        }
    else:
        out = {"type": spec.kind}
    if spec.nullable:
        out = {"anyOf": [out, {"type": "null"}]}
    return out


def _object(
    specs: tuple[Field, ...], extra: dict[str, Json] | None = None, new: bool = False
) -> dict[str, Json]:
    properties = {spec.name: _field_schema(spec) for spec in specs}
    properties.update(extra or {})
    out: dict[str, Json] = {"type": "object", "additionalProperties": False, "properties": properties}
    required = sorted(spec.name for spec in specs if spec.required) if new else []
    if required:
        out["required"] = required
    return out


def _rows_schema(spec: Rows) -> dict[str, Json]:
    if spec.value is not None or spec.link is not None:
        column = spec.value or (spec.link.column if spec.link else "")
        field_ = next(
            f for f in _fields(spec.table, (spec.link,) if spec.link else (), ()) if f.column == column
        )
        item = _field_schema(replace(field_, nullable=False))
        return {"type": "array", "items": item, "uniqueItems": True}
    row = _object(_row_fields(spec), new=True)
    if spec.keyed:
        return {"type": "object", "propertyNames": {"pattern": _KEY_PATTERN}, "additionalProperties": row}
    listed: dict[str, Json] = {"type": "array", "items": row}
    if spec.most is not None:
        listed["maxItems"] = spec.most
    return listed


def schema() -> dict[str, Json]:
    """The JSON Schema of the document `export_records` writes and `load` reads (any part of it: a
    record gives any of its fields; a new record must give those marked required in docs/records.md)."""
    properties: dict[str, Json] = {
        "format": {"const": FORMAT},
        "version": {"const": VERSION},
    }
    for section in SECTIONS:
        record = _object(_own_fields(section), {rows.name: _rows_schema(rows) for rows in section.rows})
        properties[section.name] = {
            "type": "object",
            "description": f"records of the {section.table.name} table, each under its id as text",
            "propertyNames": {"pattern": _KEY_PATTERN},
            "additionalProperties": record,
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://liaison.example/records.schema.json",
        "title": "Liaison records",
        "description": "Every record of a Liaison database (`liaison export records`), or any part"
        " of them to load (`liaison load`). See docs/records.md.",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }


def schema_text() -> str:
    return json.dumps(schema(), sort_keys=True, ensure_ascii=False, indent=1) + "\n"
