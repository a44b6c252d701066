"""A record's history read from the audit trail: who changed what and when, with names for ids."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Time, func, or_, select
from sqlalchemy import Enum as EnumType
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from db.engine import Database
from db.errors import DomainError
from db.models import (
    Ask,
    Attendance,
    AuditEntry,
    Base,
    Bill,
    BillStage,
    BoardMeeting,
    FollowUp,
    Meeting,
    Organisation,
    OrganisationAlias,
    Person,
    Position,
    Theme,
)
from db.vocabulary import AuditAction, DatePrecision, LabelledEnum
from tracker.common.dates import short_date
from tracker.directory.names import body_label, display_name


class Subject(StrEnum):
    """The records whose history can be read, by the table they are stored in."""

    MEETING = "meetings"
    ORGANISATION = "organisations"
    PERSON = "people"
    BILL = "bills"


@dataclass(frozen=True)
class HistoryLine:
    """One changed value: when, who, what was done, to which part of the record, before and after."""

    entry_id: int
    at: datetime
    actor: str
    action: AuditAction
    what: str
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class _Child:
    """Rows a record owns: found by the column naming their parent, or by a key that starts with its id."""

    table: str
    noun: str
    parent_column: str | None = None  # None: a link table whose key is "<parent id>/<other id>"
    model: type[Base] | None = None


CHILDREN: dict[str, tuple[_Child, ...]] = {
    "meetings": (
        _Child("meeting_organisations", "Outside body"),
        _Child("attendances", "Attendee", "meeting_id", Attendance),
        _Child("meeting_themes", "Theme"),
        _Child("follow_ups", "Follow-up", "meeting_id", FollowUp),
        _Child("meeting_bills", "Bill"),
        _Child("meeting_asks", "Ask"),
    ),
    "organisations": (_Child("organisation_aliases", "Also known as", "organisation_id", OrganisationAlias),),
    "people": (_Child("positions", "Position", "person_id", Position),),
    "bills": (
        _Child("bill_stages", "Stage", "bill_id", BillStage),
        _Child("asks", "Ask", "bill_id", Ask),
    ),
    "boards": (_Child("board_meetings", "Meeting date", "board_id", BoardMeeting),),
}

NOUNS = {
    "meetings": "Meeting",
    "organisations": "Organisation",
    "people": "Person",
    "bills": "Bill",
    "themes": "Theme",
    "boards": "Board",
    "appointments": "Appointment",
    "asks": "Ask",
}

# Which lists and pages (the kinds `ui.changes.Changes` announces) show rows of each table.
TABLE_KINDS: dict[str, str] = {
    "meetings": "meetings",
    "meeting_organisations": "meetings",
    "attendances": "meetings",
    "meeting_themes": "meetings",
    "follow_ups": "meetings",
    "meeting_bills": "meetings",
    "meeting_asks": "meetings",
    "transparency_returns": "meetings",
    "organisations": "organisations",
    "organisation_aliases": "organisations",
    "people": "people",
    "positions": "people",
    "themes": "themes",
    "boards": "boards",
    "board_meetings": "boards",
    "appointments": "appointments",
    "bills": "bills",
    "bill_stages": "bills",
    "asks": "asks",
    "ask_policy_items": "asks",
    "meeting_policy_items": "meetings",
    # The programme: its pages show items with their documents, work streams, positions and the
    # Board's decisions and actions.
    "policy_items": "policy_items",
    "policy_documents": "policy_items",
    "policy_item_work_streams": "policy_items",
    "association_positions": "policy_items",
    "board_decisions": "policy_items",
    "board_actions": "policy_items",
    "interventions": "policy_items",
    "work_streams": "policy_items",
    "progress_notes": "policy_items",
    # Where stakeholders stand (the stakeholder map, Home and the pages' relationship health).
    "stakeholder_stances": "positions",
    "stakeholder_assessments": "positions",
    "organisation_foundings": "organisations",
    "board_officers": "boards",
    "papers": "papers",
    "paper_entries": "papers",
}

# Bookkeeping columns: display copies of other rows' names, counters and sort positions.
_HIDDEN = {
    "id",
    "version",
    "created_at",
    "updated_at",
    "bodies_label",
    "people_label",
    "position",
    "sort_order",
}
_LABELS = {
    "held_on": "Date",
    "starts_at": "Time",
    "date_precision": "Date given as",
    "parent_id": "Part of",
    "successor_id": "Succeeded by",
    "organisation_id": "Organisation",
    "person_id": "Person",
    "owner_id": "Owner",
    "due_on": "Due",
    "report_section": "Report section",
    "report_heading": "Report heading",
    "external_uid": "Calendar entry",
    "target_organisation_id": "Asked of (body)",
    "target_person_id": "Asked of (person)",
    "decided_on": "Decided on",
    "decided_stage_id": "Decided at stage",
    "reported_back_on": "Reported back on",
    "erased_at": "Erased",
    "act_title": "Became the Act",
    "bill_type": "Type",
    "sitting_on": "Sitting",
    "started_on": "From",
    "ended_on": "To",
    "meets_on": "Meets on",
    "alias": "Also known as",
}
# Columns holding another record's id, by the table that record is in.
_REFERENCES = {
    "organisation_id": "organisations",
    "parent_id": "organisations",
    "successor_id": "organisations",
    "department_id": "organisations",
    "target_organisation_id": "organisations",
    "person_id": "people",
    "owner_id": "people",
    "target_person_id": "people",
    "contact_officer_id": "people",
    "theme_id": "themes",
    "themes": "themes",
    "bill_id": "bills",
    "ask_id": "asks",
    "meeting_id": "meetings",
    "decided_stage_id": "bill_stages",
}
ERASED = "(erased)"


def field_label(column: str) -> str:
    if column in _LABELS:
        return _LABELS[column]
    return column.removesuffix("_id").replace("_", " ").capitalize()


class Names:
    """Labels for records named by id, read in one query per table and remembered."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._known: dict[tuple[str, int], str] = {}

    def load(self, wanted: Iterable[tuple[str, int]]) -> None:
        by_table: dict[str, set[int]] = {}
        for table, record_id in wanted:
            if (table, record_id) not in self._known:
                by_table.setdefault(table, set()).add(record_id)
        for table, ids in by_table.items():
            for record_id, label in self._read(table, sorted(ids)):
                self._known[(table, record_id)] = label

    def _read(self, table: str, ids: list[int]) -> Iterable[tuple[int, str]]:
        session = self._session
        if table == "organisations":
            for i, name, acronym in session.execute(
                select(Organisation.id, Organisation.name, Organisation.acronym).where(
                    Organisation.id.in_(ids)
                )
            ):
                yield i, body_label(name, acronym)
        elif table == "people":
            for i, title, name in session.execute(
                select(Person.id, Person.title, Person.name).where(Person.id.in_(ids))
            ):
                yield i, display_name(title, name)
        elif table == "themes":
            yield from session.execute(select(Theme.id, Theme.name).where(Theme.id.in_(ids)))
        elif table == "bills":
            yield from session.execute(select(Bill.id, Bill.title).where(Bill.id.in_(ids)))
        elif table == "asks":
            for i, text in session.execute(select(Ask.id, Ask.text).where(Ask.id.in_(ids))):
                yield i, text if len(text) <= 80 else text[:77].rstrip() + "…"
        elif table == "meetings":
            yield from session.execute(select(Meeting.id, Meeting.title).where(Meeting.id.in_(ids)))
        elif table == "bill_stages":
            yield from session.execute(select(BillStage.id, BillStage.stage).where(BillStage.id.in_(ids)))

    def label(self, table: str, record_id: int) -> str:
        if (table, record_id) not in self._known:
            self.load([(table, record_id)])
        return self._known.get((table, record_id), f"#{record_id} (no longer held)")


def _column_type(table: str, column: str) -> Any:
    found = Base.metadata.tables.get(table)
    if found is None or column not in found.columns:
        return None
    return found.columns[column].type


def show_value(table: str, column: str, value: Any, names: Names) -> str:
    """A stored value as a user reads it: names for ids, words for vocabularies, dates day first."""
    if value is None or value == "":
        return ""
    reference = _REFERENCES.get(column)
    if reference is not None:
        if isinstance(value, list):
            return ", ".join(sorted(names.label(reference, int(v)) for v in value))
        return names.label(reference, int(value))
    kind = _column_type(table, column)
    if (
        isinstance(kind, EnumType)
        and kind.enum_class is not None
        and issubclass(kind.enum_class, LabelledEnum)
    ):
        try:
            return str(kind.enum_class(value).label)
        except ValueError:
            return str(value)
    if isinstance(kind, Boolean) or isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(kind, DateTime) and isinstance(value, str):
        return datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(kind, Date) and isinstance(value, str):
        return short_date(date.fromisoformat(value), DatePrecision.DAY)
    if isinstance(kind, Time) and isinstance(value, str):
        return time.fromisoformat(value).strftime("%H:%M")
    return str(value)


def _references_in(values: Mapping[str, Any]) -> Iterable[tuple[str, int]]:
    for column, value in values.items():
        table = _REFERENCES.get(column)
        if table is None or value is None:
            continue
        for one in value if isinstance(value, list) else [value]:
            yield table, int(one)


def _loads(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    loaded = json.loads(text)
    return loaded if isinstance(loaded, dict) else {}


def _summary(table: str, values: Mapping[str, Any], row_id: str, names: Names) -> str:
    """A child row in a few words: "Cllr Richard Kemp, chaired", "Home Office, host"."""

    def shown(column: str) -> str:
        return show_value(table, column, values.get(column), names)

    if (
        table == "meeting_organisations"
        or table == "meeting_themes"
        or table in ("meeting_bills", "meeting_asks")
    ):
        other = row_id.split("/", 1)[1] if "/" in row_id else ""
        target = {
            "meeting_organisations": "organisations",
            "meeting_themes": "themes",
            "meeting_bills": "bills",
            "meeting_asks": "asks",
        }[table]
        text = names.label(target, int(other)) if other.isdigit() else row_id
        return f"{text}, {shown('role')}" if values.get("role") else text
    if table == "attendances":
        return ", ".join(p for p in (shown("person_id"), shown("role")) if p)
    if table == "follow_ups":
        return str(values.get("text") or "")
    if table == "organisation_aliases":
        return str(values.get("alias") or "")
    if table == "positions":
        return ", ".join(p for p in (shown("role"), shown("organisation_id")) if p)
    if table == "bill_stages":
        return " ".join(p for p in (shown("house"), shown("stage"), shown("sitting_on")) if p)
    if table == "asks":
        return str(values.get("text") or "")
    if table == "board_meetings":
        return shown("meets_on")
    return row_id


@dataclass
class _Reading:
    """What is known of one row while its entries are read oldest first."""

    values: dict[str, Any]


def _child_row_ids(session: Session, child: _Child, record_id: int) -> set[str]:
    """The keys of every row the record owns or owned: held now, or created or deleted in the trail."""
    if child.parent_column is None:
        return set(
            session.scalars(
                select(AuditEntry.row_id).where(
                    AuditEntry.table_name == child.table, AuditEntry.row_id.like(f"{record_id}/%")
                )
            )
        )
    assert child.model is not None
    columns = child.model.__table__.c
    held = {
        str(i) for i in session.scalars(select(columns.id).where(columns[child.parent_column] == record_id))
    }
    # The trail's JSON is written with sorted keys and json.dumps' separators (db/audit.py), so a
    # row naming this parent contains '"meeting_id": 5' followed by "," or "}"; checked again below.
    fragment = json.dumps({child.parent_column: record_id})[1:-1]
    patterns = [f"%{fragment},%", f"%{fragment}}}%"]
    candidates = session.execute(
        select(AuditEntry.row_id, AuditEntry.before, AuditEntry.after).where(
            AuditEntry.table_name == child.table,
            AuditEntry.action.in_([AuditAction.CREATE, AuditAction.DELETE]),
            or_(*(column.like(p) for p in patterns for column in (AuditEntry.before, AuditEntry.after))),
        )
    )
    for row_id, before, after in candidates:
        values = _loads(after) or _loads(before)
        if values.get(child.parent_column) == record_id:
            held.add(row_id)
    return held


def _is_erased(session: Session, subject: Subject, record_id: int) -> bool:
    if subject is not Subject.PERSON:
        return False
    erased_at = session.scalar(select(Person.erased_at).where(Person.id == record_id))
    if erased_at is not None:
        return True
    erasures = select(func.count()).where(
        AuditEntry.table_name == "people",
        AuditEntry.row_id == str(record_id),
        AuditEntry.action == AuditAction.ERASE,
    )
    return bool(session.scalar(erasures))


def lines(session: Session, subject: Subject, record_id: int) -> tuple[HistoryLine, ...]:
    """Every create, change and delete of the record and the rows it owns, newest first.

    A person whose personal data was erased shows when and by whom each change was made, and the
    erasure itself, but none of the values.
    """
    table = subject.value
    children = {c.table: c for c in CHILDREN.get(table, ())}
    keys: list[tuple[str, set[str]]] = [(table, {str(record_id)})]
    keys.extend((c.table, _child_row_ids(session, c, record_id)) for c in children.values())
    conditions = [
        (AuditEntry.table_name == name) & AuditEntry.row_id.in_(sorted(ids)) for name, ids in keys if ids
    ]
    entries = list(
        session.scalars(select(AuditEntry).where(or_(*conditions)).order_by(AuditEntry.at, AuditEntry.id))
    )
    erased = _is_erased(session, subject, record_id)
    names = Names(session)
    names.load(
        reference
        for entry in entries
        for values in (_loads(entry.before), _loads(entry.after))
        for reference in _references_in(values)
    )
    known: dict[tuple[str, str], _Reading] = {}
    # Each line with what orders it: newest save first; in a save, the record before the rows it owns.
    found: list[tuple[HistoryLine, bool, int]] = []
    for entry in entries:
        before, after = _loads(entry.before), _loads(entry.after)
        reading = known.setdefault((entry.table_name, entry.row_id), _Reading({}))
        prior = dict(reading.values)
        reading.values.update(before if entry.action is AuditAction.DELETE else after)
        owned = entry.table_name in children

        def line(
            what: str, field: str, old: str, new: str, *, entry: AuditEntry = entry, owned: bool = owned
        ) -> None:
            if erased and entry.action is not AuditAction.ERASE:
                old, new = (ERASED if old else "", ERASED if new else "")
            shown = HistoryLine(entry.id, entry.at, entry.actor, entry.action, what, field, old, new)
            found.append((shown, owned, len(found)))

        child = children.get(entry.table_name)
        if entry.action is AuditAction.ERASE:
            line(NOUNS.get(entry.table_name, entry.table_name), "", "", "Personal data erased")
        elif child is not None and entry.action in (AuditAction.CREATE, AuditAction.DELETE):
            text = _summary(entry.table_name, reading.values, entry.row_id, names)
            if entry.action is AuditAction.CREATE:
                line(child.noun, "", "", text)
            else:
                line(child.noun, "", text, "")
        else:
            what = NOUNS.get(entry.table_name, entry.table_name)
            if child is not None:
                what = f"{child.noun}: {_summary(entry.table_name, prior, entry.row_id, names)}"
            shown_any = False
            for column in _in_table_order(entry.table_name, {**before, **after}):
                old = show_value(entry.table_name, column, before.get(column), names)
                new = show_value(entry.table_name, column, after.get(column), names)
                if old == new and entry.action is AuditAction.UPDATE:
                    continue
                if not old and not new:
                    continue
                if entry.action is not AuditAction.UPDATE and _unremarkable(column, after or before):
                    continue
                line(what, field_label(column), old, new)
                shown_any = True
            if not shown_any:
                # A change whose values are no longer held (or were all empty) still happened.
                line(what, "", "", "")
    found.sort(key=lambda item: (-item[0].at.timestamp(), item[1], item[2]))
    return tuple(shown for shown, _owned, _order in found)


def _in_table_order(table: str, values: Mapping[str, Any]) -> list[str]:
    known = Base.metadata.tables.get(table)
    order = {c.name: i for i, c in enumerate(known.columns)} if known is not None else {}
    return sorted((c for c in values if c not in _HIDDEN), key=lambda c: (order.get(c, len(order)), c))


def _unremarkable(column: str, values: Mapping[str, Any]) -> bool:
    """A value a new record takes unless told otherwise, left out of its creation to keep it short."""
    value = values.get(column)
    return value is False or (column, value) in (("source", "manual"), ("date_precision", "day"))


@dataclass(frozen=True)
class Newer:
    """What the trail holds past a point: its newest entry, and the kinds of record changed since."""

    latest: int
    kinds: frozenset[str]


def latest_entry(session: Session) -> int:
    """The newest entry's id (0 for an empty trail): one look at the primary key's index."""
    return session.scalar(select(func.max(AuditEntry.id))) or 0


def changed_since(session: Session, seen: int, *, not_by: str | None = None) -> Newer:
    """The kinds of record changed after entry `seen`, leaving out the changes made by `not_by`."""
    latest = latest_entry(session)
    if latest <= seen:
        return Newer(latest, frozenset())
    statement = select(AuditEntry.table_name).where(AuditEntry.id > seen, AuditEntry.id <= latest).distinct()
    if not_by is not None:
        statement = statement.where(AuditEntry.actor != not_by)
    tables = set(session.scalars(statement))
    return Newer(latest, frozenset(TABLE_KINDS.get(t, t) for t in tables))


def poll(database: Database, seen: int | None) -> Newer | None:
    """What was changed after entry `seen`, by anyone, this window included; with `seen` None, only
    where the trail stands now. None while the database cannot be reached (or is busy past its
    timeout), to be asked again at the next poll.

    Changes under this user's own name are not left out: the same name also writes from a command
    line import or a second window on the same file, and those must reach the lists too. The cost
    is one more reading of a list after the user's own saves.
    """
    try:
        with database.reading() as session:
            if seen is None:
                return Newer(latest_entry(session), frozenset())
            return changed_since(session, seen)
    except (DBAPIError, DomainError):
        return None
