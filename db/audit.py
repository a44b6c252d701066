"""The audit trail: every insert, change and delete is written beside it, in the same transaction."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, sessionmaker

from db.models import AuditEntry, Base, utc_now
from db.vocabulary import AuditAction

ACTOR_KEY = "actor"


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return value


def _dump(values: dict[str, Any]) -> str:
    return json.dumps({k: _plain(v) for k, v in values.items()}, sort_keys=True, ensure_ascii=False)


def _row_id(obj: Base) -> str:
    identity = inspect(obj).identity
    if identity is None:
        key = inspect(obj).mapper.primary_key_from_instance(obj)
        return "/".join(str(k) for k in key)
    return "/".join(str(k) for k in identity)


def _columns(obj: Base) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {attr.key: getattr(obj, attr.key) for attr in mapper.column_attrs}


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
    for obj in session.deleted:
        if isinstance(obj, Base) and not isinstance(obj, AuditEntry):
            record(obj, AuditAction.DELETE, _columns(obj), None)
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


def install(sessions: sessionmaker[Session]) -> None:
    event.listen(sessions, "after_flush", _after_flush)
