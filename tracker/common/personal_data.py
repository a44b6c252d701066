"""Personal data: everything held about a person (a subject-access export), and erasure that keeps counts.

Erasure anonymises the person in place rather than deleting them, so that a meeting still shows
"an official attended" and attendance rates still hold. Their name, contact details, notes and posts
go; so do their name, email and phone wherever free text repeats them (a meeting's summary, an
action's text), and wherever earlier audit rows recorded them. One audit row then records that an
erasure happened, by whom and when, without any of what was erased.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    String,
    Table,
    and_,
    delete,
    false,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import QueryableAttribute, Session

from db import backups, migrate
from db.audit import ACTOR_KEY
from db.engine import open_database
from db.files import DatabaseRefused, connect, read_only, stored_revisions
from db.models import (
    Appointment,
    Ask,
    Attendance,
    AuditEntry,
    Base,
    Bill,
    Board,
    FollowUp,
    Meeting,
    Organisation,
    Person,
    Position,
    utc_now,
)
from db.vocabulary import AuditAction, PersonKind
from tracker import meeting_labels
from tracker.common.errors import DomainError, NotFound
from tracker.directory.names import display_name, normal_person_name, similarity
from tracker.directory.organisations import label as organisation_label
from tracker.search import dialect_of

# What an erased person is called: the papers' own way of naming someone without naming them.
ANONYMOUS = {
    PersonKind.MEMBER: "a member",
    PersonKind.OFFICER: "an officer",
    PersonKind.CONTACT: "an official",
}
# The person's own fields that hold personal data, and what they hold once erased.
_ERASED_FIELDS = ("title", "name", "organisation_id", "party", "email", "phone", "notes")
# Strings shorter than this are not searched for in free text: "Al" would match too much.
_SHORTEST_SEARCHED = 4


class AlreadyErased(DomainError):
    """The person's data has already been erased; there is nothing left to erase or export."""


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return value


def _get(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"Person #{person_id} does not exist.")
    return person


def find(session: Session, text: str) -> int:
    """A person by id ("12", "#12") or by name, of any kind; NotFound names the closest."""
    wanted = text.strip().removeprefix("#")
    if wanted.isdigit():
        return _get(session, int(wanted)).id
    normal = normal_person_name(text)
    candidates = list(session.execute(select(Person.id, Person.title, Person.name)))
    exact = [i for i, _t, n in candidates if normal_person_name(n) == normal]
    partial = [i for i, _t, n in candidates if normal and normal in normal_person_name(n)]
    for found in (exact, partial):
        if len(found) == 1:
            return found[0]
    ranked = sorted(candidates, key=lambda c: -similarity(normal_person_name(c[2]), normal))[:3]
    names = ", ".join(f"{display_name(t, n)} (#{i})" for i, t, n in ranked)
    if len(exact) > 1 or len(partial) > 1:
        raise NotFound(f"“{text}” matches more than one person: {names}. Give the number instead.")
    raise NotFound(f"No one is called “{text}”." + (f" Closest: {names}." if names else ""))


def _position_audit_rows(session: Session, person_id: int) -> list[AuditEntry]:
    """Audit rows of the person's posts, present and past (a removed post is known by its before)."""
    marker = f'"person_id": {person_id}'
    candidates = session.scalars(
        select(AuditEntry).where(
            AuditEntry.table_name == Position.__tablename__,
            or_(AuditEntry.before.contains(marker), AuditEntry.after.contains(marker)),
        )
    )
    found = []
    for entry in candidates:
        values = [json.loads(v) for v in (entry.before, entry.after) if v]
        if any(v.get("person_id") == person_id for v in values):
            found.append(entry)
    return found


def _audit_rows(session: Session, person_id: int) -> list[AuditEntry]:
    own = session.scalars(
        select(AuditEntry).where(
            AuditEntry.table_name == Person.__tablename__, AuditEntry.row_id == str(person_id)
        )
    )
    return sorted([*own, *_position_audit_rows(session, person_id)], key=lambda e: (e.at, e.id))


def subject_access(session: Session, person_id: int) -> dict[str, Any]:
    """Everything held about a person, as plain values ready to be written as JSON."""
    person = _get(session, person_id)
    employer = person.organisation
    attendances = session.execute(
        select(Meeting.id, Meeting.held_on, Meeting.title, Meeting.kind, Attendance.role)
        .add_columns(Attendance.reported_back_on)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(Attendance.person_id == person_id)
        .order_by(Meeting.held_on, Meeting.id)
    )
    appointments = session.execute(
        select(Appointment, Organisation)
        .join(Organisation, Organisation.id == Appointment.organisation_id)
        .where(Appointment.person_id == person_id)
        .order_by(Appointment.term_start, Appointment.id)
    )
    asks = session.execute(
        select(Ask, Bill.title)
        .outerjoin(Bill, Bill.id == Ask.bill_id)  # an ask on no bill is the person's data too
        .where(Ask.target_person_id == person_id)
    )
    follow_ups = session.execute(
        select(FollowUp, Meeting.title, Meeting.held_on)
        .join(Meeting, Meeting.id == FollowUp.meeting_id)
        .where(FollowUp.owner_id == person_id)
        .order_by(Meeting.held_on, FollowUp.position)
    )
    boards = session.scalars(select(Board.name).where(Board.contact_officer_id == person_id))
    return {
        "exported_at": _plain(utc_now().replace(microsecond=0)),
        "person": {
            "id": person.id,
            "title": person.title,
            "name": person.name,
            "kind": person.kind.value,
            "organisation": organisation_label(employer) if employer else None,
            "party": person.party,
            "email": person.email,
            "phone": person.phone,
            "notes": person.notes,
            "created_at": _plain(person.created_at),
            "updated_at": _plain(person.updated_at),
            "erased_at": _plain(person.erased_at),
        },
        "positions": [
            {
                "role": p.role,
                "organisation": organisation_label(p.organisation) if p.organisation else None,
                "started_on": _plain(p.started_on),
                "ended_on": _plain(p.ended_on),
            }
            for p in person.positions
        ],
        "attendances": [
            {
                "meeting_id": meeting_id,
                "held_on": _plain(held_on),
                "meeting": title,
                "meeting_kind": kind.value,
                "role": role.value,
                "reported_back_on": _plain(reported_back_on),
            }
            for meeting_id, held_on, title, kind, role, reported_back_on in attendances
        ],
        "appointments": [
            {
                "id": a.id,
                "organisation": organisation_label(o),
                "role": a.role.value,
                "term_start": _plain(a.term_start),
                "term_end": _plain(a.term_end),
                "appointed_by": a.appointed_by,
                "appointed_on": _plain(a.appointed_on),
                "report_back_expected": a.report_back_expected,
                "notes": a.notes,
            }
            for a, o in appointments
        ],
        "asks_targeted": [
            {
                "id": ask.id,
                "bill": bill_title,
                "text": ask.text,
                "status": ask.status.value,
                "outcome": ask.outcome,
                "decided_on": _plain(ask.decided_on),
            }
            for ask, bill_title in asks
        ],
        "follow_ups_owned": [
            {
                "meeting_id": f.meeting_id,
                "meeting": title,
                "held_on": _plain(held_on),
                "text": f.text,
                "due_on": _plain(f.due_on),
                "done": f.done,
            }
            for f, title, held_on in follow_ups
        ],
        "boards_as_contact_officer": list(boards),
        "audit": [
            {
                "at": _plain(e.at),
                "actor": e.actor,
                "action": e.action.value,
                "table": e.table_name,
                "row_id": e.row_id,
                "before": json.loads(e.before) if e.before else None,
                "after": json.loads(e.after) if e.after else None,
            }
            for e in _audit_rows(session, person_id)
        ],
    }


def export_path(path: Path) -> Path:
    """The file an export is to be written to, refused before anything is read if it cannot be."""
    if path.suffix.lower() != ".json":
        raise DomainError(f"{path}: the export is written as JSON; name the file .json")
    if path.is_dir():
        raise DomainError(f"cannot write {path}: it is a folder")
    if not path.parent.is_dir():
        raise DomainError(f"cannot write {path}: the folder {path.parent} does not exist")
    return path


def write_export(path: Path, export: dict[str, Any]) -> None:
    """Write a subject-access export as JSON, whole or not at all (beside the target, then renamed)."""
    export_path(path)
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(json.dumps(export, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise DomainError(f"cannot write {path}: {error.strerror or error}") from error


def _alternative(text: str) -> str:
    """One erased string as a search for it whole: a word not inside a longer word, an address not
    inside a longer address (al@x.org is not in bal@x.org or al@x.org.uk, but is in "write to al@x.org.")."""
    escaped = re.escape(text)
    if "@" in text:
        return rf"(?<![\w.+-]){escaped}(?![\w-]|\.[\w-])"
    return rf"(?<!\w){escaped}(?!\w)"


def _searched(strings: Iterable[str]) -> list[str]:
    """The strings searched for in free text, longest first ("Cllr Richard Kemp" before "Richard Kemp")."""
    return sorted({s for s in strings if len(s) >= _SHORTEST_SEARCHED}, key=len, reverse=True)


def _expression(strings: Iterable[str]) -> str | None:
    """The search as one regular expression that Python, SQLite (through SQLAlchemy's REGEXP) and
    PostgreSQL (~, whose AREs take the same (?i), lookarounds and \\w) all read alike."""
    wanted = _searched(strings)
    if not wanted:
        return None
    return "(?i)(?:" + "|".join(_alternative(s) for s in wanted) + ")"


def _pattern(strings: Iterable[str]) -> re.Pattern[str] | None:
    expression = _expression(strings)
    return None if expression is None else re.compile(expression)


def _scrub(value: Any, pattern: re.Pattern[str], label: str) -> Any:
    if isinstance(value, str):
        return pattern.sub(label, value)
    if isinstance(value, list):
        return [_scrub(v, pattern, label) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, pattern, label) for k, v in value.items()}
    return value


def mentioning(
    column: ColumnElement[Any] | QueryableAttribute[Any], strings: Iterable[str]
) -> ColumnElement[bool]:
    """Rows whose column holds one of the strings whole (as the erasure's own search finds them).

    A LIKE first, which is cheap, then the regular expression, which keeps to whole words and
    whole addresses, so a row naming only bal@x.org or al@x.org.uk is not even read back.
    """
    wanted = _searched(strings)
    expression = _expression(wanted)
    if expression is None:
        return false()
    return and_(
        or_(*(func.lower(column).contains(s.lower(), autoescape=True) for s in wanted)),
        column.regexp_match(expression),
    )


def free_text_columns() -> list[tuple[Table, list[Column[Any]]]]:
    """Every table's text columns, read from the models (a column added later is covered unasked).

    Enumerations are left out (they hold the vocabulary, never a name), and so are the audit
    trail's before and after, which are JSON and scrubbed value by value (`_scrub_audit`).
    """
    found = []
    for table in Base.metadata.sorted_tables:
        columns = [
            c
            for c in table.columns
            if isinstance(c.type, String)
            and not isinstance(c.type, SAEnum)
            and not (table.name == AuditEntry.__tablename__ and c.name in ("before", "after"))
            # A copy of the follow-ups' text for search, rewritten by its triggers when they are.
            and not (table.name == "meetings" and c.name == "follow_ups_label")
        ]
        if columns:
            found.append((table, columns))
    return found


def _rewrite_table(
    session: Session,
    table: Table,
    columns: list[Column[Any]],
    strings: list[str],
    pattern: re.Pattern[str],
    label: str,
) -> int:
    """Replace the erased strings in one table's text; a record's version moves on, so an edit opened
    before the erasure cannot save the name back. Returns how many rows changed."""
    keys = list(table.primary_key.columns)
    found = session.execute(
        select(*keys, *columns).where(or_(*(mentioning(c, strings) for c in columns)))
    ).all()
    changed = 0
    for row in found:
        key, texts = row[: len(keys)], row[len(keys) :]
        values: dict[str, Any] = {}
        for column, held in zip(columns, texts, strict=True):
            if held is not None and (scrubbed := pattern.sub(label, held)) != held:
                values[column.name] = scrubbed
        if not values:
            continue
        if "version" in table.c:
            values["version"] = table.c.version + 1
        session.execute(
            update(table).where(*(k == v for k, v in zip(keys, key, strict=True))).values(**values)
        )
        changed += 1
    return changed


def _purge_search_index(session: Session) -> None:
    """On SQLite, merge the FTS5 index into one b-tree: a rewritten meeting's old words are only
    marked deleted by the triggers, and stay in the index's shadow tables until merged away."""
    if dialect_of(session) != "sqlite":
        return
    indexed = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meetings_fts'")
    ).first()
    if indexed is not None:
        session.execute(text("INSERT INTO meetings_fts (meetings_fts) VALUES ('optimize')"))


def _scrub_audit(
    session: Session, person_id: int, strings: list[str], pattern: re.Pattern[str], label: str
) -> int:
    """Rewrite earlier audit rows so that neither before nor after still holds what was erased."""
    rows: dict[int, AuditEntry] = {e.id: e for e in _audit_rows(session, person_id)}
    if strings:
        mentions = or_(mentioning(AuditEntry.before, strings), mentioning(AuditEntry.after, strings))
        for entry in session.scalars(select(AuditEntry).where(mentions)):
            rows[entry.id] = entry
    rewritten = 0
    for entry in rows.values():
        new: dict[str, str | None] = {}
        for side in ("before", "after"):
            text = getattr(entry, side)
            if not text:
                continue
            values = _scrub(json.loads(text), pattern, label)
            if entry.table_name == Person.__tablename__ and entry.row_id == str(person_id):
                for key in _ERASED_FIELDS:
                    if key in values:
                        values[key] = label if key == "name" else None if key == "organisation_id" else ""
            elif entry.table_name == Position.__tablename__:
                values = {k: (None if k not in ("id", "person_id") else v) for k, v in values.items()}
            new[side] = json.dumps(values, sort_keys=True, ensure_ascii=False)
        if any(new[side] != getattr(entry, side) for side in new):
            session.execute(
                update(AuditEntry)
                .where(AuditEntry.id == entry.id)
                .values(**new)
                .execution_options(synchronize_session=False)
            )
            rewritten += 1
    return rewritten


def _erased_strings(person: Person) -> list[str]:
    """What free text may call the person by: their name with and without title, title and surname
    as the papers write it ("Cllr Kemp"), their email and their phone."""
    shown = display_name(person.title, person.name)
    words = person.name.split()
    short = f"{person.title} {words[-1]}" if person.title and len(words) > 1 else ""
    return [s for s in dict.fromkeys((shown, person.name, short, person.email, person.phone)) if s]


def erase(session: Session, person_id: int) -> str:
    """Anonymise a person everywhere, keeping the records that count them; returns the name they now bear.

    Refused if the person has already been erased. Cannot be undone: what was erased is kept nowhere.
    """
    person = _get(session, person_id)
    label = ANONYMOUS[person.kind]
    if person.erased_at is not None:
        raise AlreadyErased(
            f"Person #{person_id} ({label}) had their personal data erased on"
            f" {person.erased_at:%d %B %Y}; there is nothing left to erase."
        )
    session.flush()
    if dialect_of(session) == "sqlite":
        # What the erasure deletes or overwrites is overwritten with zeros in the file's pages, not
        # merely marked free (the connection keeps it on: a later deletion is no worse for it).
        session.execute(text("PRAGMA secure_delete = ON"))
    strings = _erased_strings(person)
    searched = _searched(strings)
    pattern = _pattern(strings)
    now = utc_now()
    # Core statements, not the ORM: the ORM's audit hook would write the erased values into new
    # audit rows. The version moves on so that an editor opened before cannot save them back.
    session.execute(delete(Position).where(Position.person_id == person_id))
    session.execute(
        update(Person)
        .where(Person.id == person_id)
        .values(
            title="",
            name=label,
            organisation_id=None,
            party="",
            email="",
            phone="",
            notes="",
            erased_at=now,
            updated_at=now,
            version=Person.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    session.expire(person)
    # The meetings' lists of who attended first, so that the count below is of free text alone.
    meeting_labels.refresh_for_people(session, [person_id])
    rewritten: dict[str, int] = {}
    if pattern is not None:
        for table, columns in free_text_columns():
            count = _rewrite_table(session, table, columns, searched, pattern, label)
            if count:
                rewritten[table.name] = count
    scrubbed = 0
    if pattern is not None:
        scrubbed = _scrub_audit(session, person_id, searched, pattern, label)
    _purge_search_index(session)
    session.execute(
        insert(AuditEntry).values(
            at=now,
            actor=str(session.info.get(ACTOR_KEY) or "unknown"),
            action=AuditAction.ERASE,
            table_name=Person.__tablename__,
            row_id=str(person_id),
            before=None,
            # Counts only: that the erasure happened and how far it reached, none of what was erased.
            after=json.dumps(
                {
                    "erased_at": now.isoformat(),
                    "texts_rewritten": rewritten,
                    "audit_rows_rewritten": scrubbed,
                },
                sort_keys=True,
            ),
        )
    )
    session.expire_all()
    return label


# How long an erasure waits for a colleague's Liaison to finish reading the file.
READERS_WAIT_SECONDS = 5.0


def _checkpoint(connection: sqlite3.Connection) -> bool:
    """Copy the -wal into the file and empty it; False if another connection's reading prevents it."""
    busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return busy is None or busy[0] == 0


def clear_from_file(path: Path, wait: float | None = None) -> bool:
    """After an erasure's commit, leave no copy of what it replaced in the SQLite file or its -wal.

    VACUUM writes every page afresh (so free space, the erasure's and any earlier edit's, holds
    nothing), then the -wal is copied into the file and truncated to nothing. A colleague's Liaison
    in the middle of a read keeps the pages it started with, so the copy waits up to `wait` seconds
    for it; returns False if it was still reading then: the old pages stay in the file until it ends
    (and the next checkpoint, or this again, copies the new ones over them).
    """
    seconds = READERS_WAIT_SECONDS if wait is None else wait
    with contextlib.closing(connect(path, timeout=seconds, isolation_level=None)) as connection:
        connection.execute("PRAGMA secure_delete = ON")
        connection.execute("VACUUM")
        return _checkpoint(connection)


@dataclass(frozen=True)
class Trace:
    """What finds a person in a copy of the database: their number, when their record was made (as
    the file stores it, so another person given a reused number is not taken for them), and the
    strings an erasure searches for (none once the person has been erased)."""

    person_id: int
    created_at: str
    strings: tuple[str, ...]


def trace(session: Session, person_id: int) -> Trace:
    """The trace of a person in a SQLite database, read before they are erased."""
    person = _get(session, person_id)
    created = session.execute(
        text("SELECT created_at FROM people WHERE id = :id"), {"id": person_id}
    ).scalar_one()
    strings: tuple[str, ...] = ()
    if person.erased_at is None:
        strings = tuple(_searched(_erased_strings(person)))
    return Trace(person_id, str(created), strings)


def _file_holds(connection: sqlite3.Connection, person: Trace) -> bool:
    row = connection.execute(
        "SELECT erased_at FROM people WHERE id = ? AND created_at = ?",
        (person.person_id, person.created_at),
    ).fetchone()
    if row is not None and row[0] is None:
        return True
    pattern = _pattern(person.strings)
    if pattern is None:
        return False
    connection.create_function(
        "liaison_erased", 1, lambda v: isinstance(v, str) and pattern.search(v) is not None
    )
    tables = [
        str(r[0])
        for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
        )
    ]
    for table in tables:
        columns = [
            str(c[1])
            for c in connection.execute(f'PRAGMA table_info("{table}")')
            if any(word in str(c[2]).upper() for word in ("CHAR", "TEXT", "CLOB"))
        ]
        if columns:
            condition = " OR ".join(f'liaison_erased("{c}")' for c in columns)
            if connection.execute(f'SELECT 1 FROM "{table}" WHERE {condition} LIMIT 1').fetchone():
                return True
    return False


def holds(copy: Path, person: Trace) -> bool:
    """Whether a copy of the database (a backup) still holds the person, read without writing to it:
    their record not erased, or any text in any table naming them."""
    try:
        with read_only(copy) as connection:
            return _file_holds(connection, person)
    except sqlite3.Error:
        return True  # unreadable: it cannot be shown to be free of them


def backups_holding(path: Path, person: Trace) -> list[Path]:
    """The backups in the database's backups folder that still hold the person, oldest first."""
    return [copy for copy in backups.every_backup(path) if holds(copy, person)]


@dataclass(frozen=True)
class BackupErased:
    """What an erasure did to one backup: erased in place, or removed (and why)."""

    copy: Path
    removed_because: str | None = None


def _erase_in_copy(copy: Path, person: Trace, actor: str) -> None:
    database = open_database(copy, upgrade=False, create=False, actor=actor)
    try:
        with database.session() as session:
            row = session.execute(
                text("SELECT erased_at FROM people WHERE id = :id AND created_at = :at"),
                {"id": person.person_id, "at": person.created_at},
            ).first()
            if row is not None and row[0] is None:
                erase(session, person.person_id)
    finally:
        database.close()
    clear_from_file(copy, wait=0)


def erase_from_backup(copy: Path, person: Trace, actor: str) -> BackupErased:
    """Erase the person from one backup as from the database, or remove the backup if that cannot be done.

    A backup at this version's schema is erased in place (the same erasure, then VACUUM), so the team
    keeps its copies of everything else; its file time is kept, so the rotation still removes the
    oldest first. One at another schema (taken before an upgrade), or one that still holds the person
    afterwards, cannot be erased by this version's code, and is removed.
    """
    revisions = stored_revisions(copy)
    if revisions != [migrate.head_revision()]:
        shown = ", ".join(revisions) or "none"
        reason = f"it is at schema {shown}, not this version's {migrate.head_revision()}"
    else:
        held = copy.stat()
        try:
            _erase_in_copy(copy, person, actor)
        except (DatabaseRefused, DomainError, sqlite3.Error) as error:
            reason = f"it could not be erased in place ({error})"
        else:
            os.utime(copy, ns=(held.st_atime_ns, held.st_mtime_ns))
            if not holds(copy, person):
                return BackupErased(copy)
            reason = "it still held them after the erasure"
    copy.unlink()
    for suffix in ("-wal", "-shm"):
        copy.with_name(copy.name + suffix).unlink(missing_ok=True)
    return BackupErased(copy, reason)
