"""The association's position on a policy item: dated statements and where each was agreed, so the
history of the position is kept (a new statement is added, the earlier ones stay)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Board, Person
from db.programme import AssociationPosition, PolicyItem
from tracker.common.errors import EditConflict, InvalidRecord, NotFound
from tracker.directory.names import display_name


@dataclass(frozen=True)
class PositionDraft:
    item_id: int
    stated_on: date
    statement: str
    agreed_by: str = ""
    board_id: int | None = None
    agreed_by_person_id: int | None = None
    notes: str = ""
    id: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class PositionRow:
    id: int
    item_id: int
    item: str
    stated_on: date
    statement: str
    agreed: str  # where it was agreed, as the page shows it
    current: bool  # the latest statement on its item


def _draft(position: AssociationPosition) -> PositionDraft:
    return PositionDraft(
        position.item_id,
        position.stated_on,
        position.statement,
        position.agreed_by,
        position.board_id,
        position.agreed_by_person_id,
        position.notes,
        position.id,
        position.version,
    )


def _validate(session: Session, draft: PositionDraft) -> PositionDraft:
    draft = replace(
        draft,
        statement=draft.statement.strip(),
        agreed_by=" ".join(draft.agreed_by.split()),
        notes=draft.notes.strip(),
    )
    problems: dict[str, str] = {}
    if session.get(PolicyItem, draft.item_id) is None:
        problems["item_id"] = "Choose the policy item the position is on."
    if not draft.statement:
        problems["statement"] = "Say what the association's position is."
    if draft.board_id is not None and session.get(Board, draft.board_id) is None:
        problems["board_id"] = f"Board #{draft.board_id} no longer exists."
    if draft.agreed_by_person_id is not None and session.get(Person, draft.agreed_by_person_id) is None:
        problems["agreed_by_person_id"] = f"Person #{draft.agreed_by_person_id} no longer exists."
    if problems:
        raise InvalidRecord(problems)
    return draft


def _apply(position: AssociationPosition, draft: PositionDraft) -> None:
    position.item_id, position.stated_on, position.statement = draft.item_id, draft.stated_on, draft.statement
    position.agreed_by, position.board_id = draft.agreed_by, draft.board_id
    position.agreed_by_person_id, position.notes = draft.agreed_by_person_id, draft.notes


def state(session: Session, draft: PositionDraft) -> PositionDraft:
    """A new statement of the position; earlier statements stay in its history."""
    draft = _validate(session, replace(draft, id=None, version=None))
    position = AssociationPosition()
    _apply(position, draft)
    session.add(position)
    session.flush()
    return _draft(position)


def correct(session: Session, draft: PositionDraft) -> PositionDraft:
    """A correction of a statement as recorded (a typing error, the wrong day): not a new position."""
    if draft.id is None:
        raise NotFound("That statement has not been saved yet.")
    position = session.get(AssociationPosition, draft.id)
    if position is None:
        raise NotFound(f"Position #{draft.id} no longer exists.")
    if draft.version is not None and draft.version != position.version:
        raise EditConflict(
            "The statement was changed by someone else since you opened it; nothing was saved."
        )
    draft = _validate(session, draft)
    _apply(position, draft)
    session.flush()
    return _draft(position)


def delete(session: Session, position_id: int) -> PositionDraft:
    position = session.get(AssociationPosition, position_id)
    if position is None:
        raise NotFound(f"Position #{position_id} no longer exists.")
    snapshot = _draft(position)
    session.delete(position)
    session.flush()
    return snapshot


def _agreed(session: Session, position: AssociationPosition) -> str:
    parts = []
    if position.board_id is not None:
        board = session.get(Board, position.board_id)
        if board is not None:
            parts.append(board.name)
    if position.agreed_by_person_id is not None:
        person = session.get(Person, position.agreed_by_person_id)
        if person is not None:
            parts.append(display_name(person.title, person.name))
    if position.agreed_by and position.agreed_by not in parts:
        parts.append(position.agreed_by)
    return "; ".join(parts)


def history(session: Session, item_id: int | None = None) -> list[PositionRow]:
    """The statements on an item (or on every item), oldest first; the latest on each is current."""
    statement = (
        select(AssociationPosition, PolicyItem.title)
        .join(PolicyItem, PolicyItem.id == AssociationPosition.item_id)
        .order_by(PolicyItem.title, AssociationPosition.stated_on, AssociationPosition.id)
    )
    if item_id is not None:
        statement = statement.where(AssociationPosition.item_id == item_id)
    found = list(session.execute(statement))
    latest: dict[int, int] = {}
    for position, _title in found:
        latest[position.item_id] = position.id
    return [
        PositionRow(
            position.id,
            position.item_id,
            title,
            position.stated_on,
            position.statement,
            _agreed(session, position),
            latest[position.item_id] == position.id,
        )
        for position, title in found
    ]


def current(session: Session, item_id: int) -> PositionRow | None:
    held = history(session, item_id)
    return held[-1] if held else None
