"""The audit trail: every insert, change and delete is written beside it, in the same transaction.

Liaison writes the entries itself, on SQLite and PostgreSQL alike. On PostgreSQL the server also
audits changes made outside Liaison (psql, a script): a trigger (migration 0004) writes the same
entries for any transaction Liaison has not marked as its own with `mark_transaction`.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from sqlalchemy import Connection, event, insert, inspect, text
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker
from sqlalchemy.orm.base import NO_VALUE

from db.models import AuditEntry, Base, Stamped, utc_now
from db.vocabulary import AuditAction

ACTOR_KEY = "actor"
# The transaction-local settings the server's audit trigger reads (migration 0004).
ACTOR_SETTING = "liaison.actor"
AUDIT_SETTING = "liaison.audit"
AUDITED_BY_APPLICATION = "application"


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return value


def _dump(values: dict[str, Any]) -> str:
    return json.dumps({k: _plain(v) for k, v in values.items()}, sort_keys=True, ensure_ascii=False)


def _plain_or_refuse(value: Any) -> Any:
    plain = _plain(value)
    if plain is value:
        raise TypeError(f"{type(value).__name__} is not JSON")
    return plain


# `_dump` for many rows of plain columns: one encoder, called only for what JSON lacks (dates, a
# vocabulary not held as text), so the text is the same; a StrEnum is text to JSON already.
_ROW_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=_plain_or_refuse)


def _row_id(obj: Base) -> str:
    identity = inspect(obj).identity
    if identity is None:
        key = inspect(obj).mapper.primary_key_from_instance(obj)
        return "/".join(str(k) for k in key)
    return "/".join(str(k) for k in identity)


def _columns(obj: Base) -> dict[str, Any]:
    """A whole row's values, with its secondary collections (a meeting's themes) by ids, as an
    update records them; a collection never loaded is left out rather than loaded mid-flush."""
    state = inspect(obj)
    values = {attr.key: getattr(obj, attr.key) for attr in state.mapper.column_attrs}
    for rel in state.mapper.relationships:
        if rel.secondary is None:
            continue
        held = state.attrs[rel.key].loaded_value
        if held is NO_VALUE:
            if state.pending:  # new, and never given any: none
                values[rel.key] = []
            continue
        values[rel.key] = sorted(inspect(o).identity[0] for o in held)
    return values


def _changes(obj: Base) -> tuple[dict[str, Any], dict[str, Any]]:
    """Changed attributes of a dirty object, as (before, after); secondary collections by ids."""
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if history.has_changes() and attr.key not in ("version", "updated_at"):
            before[attr.key] = history.deleted[0] if history.deleted else None
            after[attr.key] = history.added[0] if history.added else None
    for rel in state.mapper.relationships:
        if rel.secondary is None:
            continue
        history = state.attrs[rel.key].history
        if history.has_changes():
            now = [inspect(o).identity[0] for o in getattr(obj, rel.key)]
            removed = [inspect(o).identity[0] for o in history.deleted]
            added = {inspect(o).identity[0] for o in history.added}
            before[rel.key] = sorted([i for i in now if i not in added] + removed)
            after[rel.key] = sorted(now)
    return before, after


def _deleted(session: Session, flush: Any) -> list[Any]:
    """Everything the flush deleted: `session.deleted` misses the orphans a delete-orphan cascade
    removes (an alias dropped from an organisation's list), which the flush's own states hold."""
    found = {id(o): o for o in session.deleted}
    for state, (is_delete, list_only) in getattr(flush, "states", {}).items():
        obj = state.obj()
        if is_delete and not list_only and obj is not None:
            found.setdefault(id(obj), obj)
    return list(found.values())


def _after_flush(session: Session, _context: Any) -> None:
    actor = str(session.info.get(ACTOR_KEY) or "unknown")
    at = utc_now()
    rows: list[dict[str, Any]] = []

    def record(
        obj: Any, action: AuditAction, before: dict[str, Any] | None, after: dict[str, Any] | None
    ) -> None:
        rows.append(
            {
                "at": at,
                "actor": actor,
                "action": action,
                "table_name": obj.__tablename__,
                "row_id": _row_id(obj),
                "before": None if before is None else _dump(before),
                "after": None if after is None else _dump(after),
            }
        )

    for obj in session.new:
        if isinstance(obj, Base) and not isinstance(obj, AuditEntry):
            record(obj, AuditAction.CREATE, None, _columns(obj))
    for obj in session.dirty:
        if isinstance(obj, Base) and not isinstance(obj, AuditEntry) and session.is_modified(obj):
            before, after = _changes(obj)
            if after:
                record(obj, AuditAction.UPDATE, before, after)
    for obj in _deleted(session, _context):
        if isinstance(obj, Base) and not isinstance(obj, AuditEntry):
            record(obj, AuditAction.DELETE, _columns(obj), None)
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


def _owners(obj: Any) -> list[Any]:
    """The versioned records that own `obj` through a delete-orphan collection (a meeting, for an
    attendance; an organisation, for an alias)."""
    found = []
    state = inspect(obj)
    for rel in state.mapper.relationships:
        if rel.direction.name != "MANYTOONE" or rel.back_populates is None:
            continue
        parent_side = rel.mapper.relationships.get(rel.back_populates)
        if parent_side is None or not parent_side.cascade.delete_orphan:
            continue
        owner = state.attrs[rel.key].loaded_value
        if isinstance(owner, Stamped):
            found.append(owner)
    return found


def _touch_owners(session: Session, _context: Any, _instances: Any) -> None:
    """A change to the rows a record owns (an alias, an attendee's role, its themes) is a change to
    the record: its version goes up, so a colleague's stale save of it is refused, not applied.

    SQLAlchemy raises a version only when the row itself is updated; stamping `updated_at` makes
    the flush update it. The audit trail leaves `updated_at` out, so this adds no entry of its own.
    """
    touched: dict[int, Any] = {}
    for obj in [*session.new, *session.dirty, *session.deleted]:
        for owner in _owners(obj):
            touched[id(owner)] = owner
        if (
            isinstance(obj, Stamped)
            and obj in session.dirty
            and not session.is_modified(obj, include_collections=False)
        ):
            touched[id(obj)] = obj  # only a many-to-many collection (its themes) changed
    for owner in touched.values():
        if owner not in session.deleted and inspect(owner).persistent:
            owner.updated_at = utc_now()


def mark_transaction(connection: Connection, actor: str) -> None:
    """Tell a PostgreSQL server's audit trigger that Liaison writes this transaction's entries
    itself, and under what name: for this transaction only (set_config's `is_local`), so a
    connection handed back to the pool carries nothing into the next. A SQLite file: nothing to do.

    Anything a Liaison transaction writes is audited as on SQLite: the flush listener's entries and
    `record_created`'s; the statements that deliberately write none (an erasure's) stay unwritten.
    """
    if connection.dialect.name != "postgresql":
        return
    connection.execute(
        text("SELECT set_config(:actor_setting, :actor, true), set_config(:audit_setting, :audited, true)"),
        {
            "actor_setting": ACTOR_SETTING,
            "actor": actor,
            "audit_setting": AUDIT_SETTING,
            "audited": AUDITED_BY_APPLICATION,
        },
    )


def _after_begin(session: Session, _transaction: SessionTransaction, connection: Connection) -> None:
    mark_transaction(connection, str(session.info.get(ACTOR_KEY) or "unknown"))


def install(sessions: sessionmaker[Session]) -> None:
    event.listen(sessions, "before_flush", _touch_owners)
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "after_begin", _after_begin)


def record_created(session: Session, table_name: str, rows: list[tuple[str, dict[str, Any]]]) -> None:
    """Audit entries for rows inserted in bulk (`session.execute(insert(Model), rows)`), which the
    flush listener never sees: one CREATE entry a row, keyed by its primary key as the listener keys
    it ("12", or "12/7" for a link table), holding the values inserted."""
    if not rows:
        return
    actor = str(session.info.get(ACTOR_KEY) or "unknown")
    at = utc_now()
    entries = [
        {
            "at": at,
            "actor": actor,
            "action": AuditAction.CREATE,
            "table_name": table_name,
            "row_id": row_id,
            "before": None,
            "after": _ROW_ENCODER.encode(values),
        }
        for row_id, values in rows
    ]
    session.connection().execute(insert(AuditEntry), entries)
