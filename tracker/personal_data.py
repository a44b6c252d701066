"""Personal data: everything held about a person (a subject-access export), and erasure that keeps counts.

Erasure anonymises the person in place rather than deleting them, so that a meeting still shows
"an official attended" and attendance rates still hold. Their name, contact details, notes and posts
go; so do their name, email and phone wherever free text repeats them (a meeting's summary, an
action's text), and wherever earlier audit rows recorded them. One audit row then records that an
erasure happened, by whom and when, without any of what was erased.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, insert, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from db.audit import ACTOR_KEY
from db.models import (
    Appointment,
    Ask,
    Attendance,
    AuditEntry,
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
from tracker.errors import DomainError, NotFound
from tracker.names import display_name, normal_person_name, similarity
from tracker.organisations import label as organisation_label

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
        select(Ask, Bill.title).join(Bill, Bill.id == Ask.bill_id).where(Ask.target_person_id == person_id)
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


def _pattern(strings: Iterable[str]) -> re.Pattern[str] | None:
    """The erased strings as one search, longest first ("Cllr Richard Kemp" before "Richard Kemp")."""
    wanted = sorted({s for s in strings if len(s) >= _SHORTEST_SEARCHED}, key=len, reverse=True)
    if not wanted:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in wanted) + r")(?!\w)", re.IGNORECASE)


def _scrub(value: Any, pattern: re.Pattern[str], label: str) -> Any:
    if isinstance(value, str):
        return pattern.sub(label, value)
    if isinstance(value, list):
        return [_scrub(v, pattern, label) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, pattern, label) for k, v in value.items()}
    return value


def _mentions(columns: Iterable[InstrumentedAttribute[Any]], strings: Iterable[str]) -> ColumnElement[bool]:
    return or_(*(func.lower(c).contains(s.lower(), autoescape=True) for c in columns for s in strings))


def _rewrite_texts(
    session: Session,
    model: Any,
    columns: tuple[InstrumentedAttribute[str], ...],
    strings: list[str],
    pattern: re.Pattern[str],
    label: str,
) -> int:
    """Replace the erased strings in free text; the records' versions move on, so an edit opened
    before the erasure cannot save the name back. Returns how many records changed."""
    statement: Select[Any] = select(model.id, *columns).where(_mentions(columns, strings))
    changed = 0
    for row in session.execute(statement).all():
        record_id, texts = row[0], row[1:]
        values = {c.key: pattern.sub(label, t) for c, t in zip(columns, texts, strict=True)}
        if all(values[c.key] == t for c, t in zip(columns, texts, strict=True)):
            continue
        if hasattr(model, "version"):
            values["version"] = model.version + 1
        session.execute(
            update(model)
            .where(model.id == record_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        changed += 1
    return changed


def _scrub_audit(
    session: Session, person_id: int, strings: list[str], pattern: re.Pattern[str], label: str
) -> int:
    """Rewrite earlier audit rows so that neither before nor after still holds what was erased."""
    rows: dict[int, AuditEntry] = {e.id: e for e in _audit_rows(session, person_id)}
    if strings:
        columns = (AuditEntry.before, AuditEntry.after)
        for entry in session.scalars(select(AuditEntry).where(_mentions(columns, strings))):
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
    shown = display_name(person.title, person.name)
    strings = [s for s in dict.fromkeys((shown, person.name, person.email, person.phone)) if s]
    searched = [s for s in strings if len(s) >= _SHORTEST_SEARCHED]
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
    rewritten: dict[str, int] = {}
    if pattern is not None and searched:
        for model, columns in (
            (
                Meeting,
                (Meeting.title, Meeting.summary, Meeting.outcome, Meeting.notes, Meeting.report_heading),
            ),
            (FollowUp, (FollowUp.text,)),
            (Ask, (Ask.text, Ask.outcome, Ask.notes)),
            (Appointment, (Appointment.appointed_by, Appointment.notes)),
            (Person, (Person.notes,)),
        ):
            count = _rewrite_texts(session, model, columns, searched, pattern, label)
            if count:
                rewritten[model.__tablename__] = count
    meeting_labels.refresh_for_people(session, [person_id])
    scrubbed = 0
    if pattern is not None:
        scrubbed = _scrub_audit(session, person_id, searched, pattern, label)
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
