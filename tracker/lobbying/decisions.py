"""The Board's decisions ("The Board agreed ...") and the actions its papers require (owner, due),
linked to interventions and policy items."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Board, Person
from db.programme import BoardAction, BoardDecision, Intervention, PolicyItem
from tracker.common.dates import short_date
from tracker.common.errors import EditConflict, InvalidRecord, NotFound
from tracker.directory.names import display_name


@dataclass(frozen=True)
class DecisionDraft:
    board_id: int
    text: str
    decided_on: date | None = None
    paper: str = ""
    intervention_id: int | None = None
    item_id: int | None = None
    position: int = 0
    notes: str = ""
    id: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class ActionDraft:
    board_id: int
    text: str
    agreed_on: date | None = None
    paper: str = ""
    owner_id: int | None = None
    owner_text: str = ""
    due_on: date | None = None
    done_on: date | None = None
    decision_id: int | None = None
    intervention_id: int | None = None
    item_id: int | None = None
    notes: str = ""
    id: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class DecisionRow:
    id: int
    board: str
    decided_on: date | None
    text: str
    paper: str
    intervention_id: int | None
    item_id: int | None


@dataclass(frozen=True)
class ActionRow:
    id: int
    board: str
    agreed_on: date | None
    text: str
    paper: str
    owner: str
    due_on: date | None
    done_on: date | None
    intervention_id: int | None
    item_id: int | None

    def overdue(self, today: date) -> bool:
        return self.done_on is None and self.due_on is not None and self.due_on < today

    @property
    def line(self) -> str:
        due = f", due {short_date(self.due_on)}" if self.due_on else ""
        done = f", done {short_date(self.done_on)}" if self.done_on else ""
        owner = f" ({self.owner})" if self.owner else ""
        return f"{self.text}{owner}{due}{done}"


def _check_links(
    session: Session, board_id: int, intervention_id: int | None, item_id: int | None
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if session.get(Board, board_id) is None:
        problems["board_id"] = "Choose the board."
    if intervention_id is not None and session.get(Intervention, intervention_id) is None:
        problems["intervention_id"] = f"Intervention #{intervention_id} no longer exists."
    if item_id is not None and session.get(PolicyItem, item_id) is None:
        problems["item_id"] = f"Policy item #{item_id} no longer exists."
    return problems


def _decision_draft(decision: BoardDecision) -> DecisionDraft:
    return DecisionDraft(
        decision.board_id,
        decision.text,
        decision.decided_on,
        decision.paper,
        decision.intervention_id,
        decision.item_id,
        decision.position,
        decision.notes,
        decision.id,
        decision.version,
    )


def _action_draft(action: BoardAction) -> ActionDraft:
    return ActionDraft(
        action.board_id,
        action.text,
        action.agreed_on,
        action.paper,
        action.owner_id,
        action.owner_text,
        action.due_on,
        action.done_on,
        action.decision_id,
        action.intervention_id,
        action.item_id,
        action.notes,
        action.id,
        action.version,
    )


def _validate_decision(session: Session, draft: DecisionDraft) -> DecisionDraft:
    draft = replace(
        draft, text=draft.text.strip(), paper=" ".join(draft.paper.split()), notes=draft.notes.strip()
    )
    problems = _check_links(session, draft.board_id, draft.intervention_id, draft.item_id)
    if not draft.text:
        problems["text"] = "Say what the Board agreed."
    if problems:
        raise InvalidRecord(problems)
    return draft


def _apply_decision(decision: BoardDecision, draft: DecisionDraft) -> None:
    decision.board_id, decision.text, decision.decided_on, decision.paper = (
        draft.board_id,
        draft.text,
        draft.decided_on,
        draft.paper,
    )
    decision.intervention_id, decision.item_id = draft.intervention_id, draft.item_id
    decision.position, decision.notes = draft.position, draft.notes


def record_decision(session: Session, draft: DecisionDraft) -> DecisionDraft:
    draft = _validate_decision(session, replace(draft, id=None, version=None))
    decision = BoardDecision()
    _apply_decision(decision, draft)
    session.add(decision)
    session.flush()
    return _decision_draft(decision)


def update_decision(session: Session, draft: DecisionDraft) -> DecisionDraft:
    decision = session.get(BoardDecision, draft.id) if draft.id is not None else None
    if decision is None:
        raise NotFound("That decision no longer exists.")
    if draft.version is not None and draft.version != decision.version:
        raise EditConflict("The decision was changed by someone else since you opened it; nothing was saved.")
    draft = _validate_decision(session, draft)
    _apply_decision(decision, draft)
    session.flush()
    return _decision_draft(decision)


def _validate_action(session: Session, draft: ActionDraft) -> ActionDraft:
    draft = replace(
        draft,
        text=draft.text.strip(),
        paper=" ".join(draft.paper.split()),
        owner_text=" ".join(draft.owner_text.split()),
        notes=draft.notes.strip(),
    )
    problems = _check_links(session, draft.board_id, draft.intervention_id, draft.item_id)
    if not draft.text:
        problems["text"] = "Say what action is required."
    if draft.owner_id is not None and session.get(Person, draft.owner_id) is None:
        problems["owner_id"] = f"Person #{draft.owner_id} no longer exists."
    if draft.decision_id is not None and session.get(BoardDecision, draft.decision_id) is None:
        problems["decision_id"] = f"Decision #{draft.decision_id} no longer exists."
    if draft.agreed_on and draft.due_on and draft.due_on < draft.agreed_on:
        problems["due_on"] = "It falls due before it was agreed."
    if problems:
        raise InvalidRecord(problems)
    return draft


def _apply_action(action: BoardAction, draft: ActionDraft) -> None:
    action.board_id, action.text, action.agreed_on, action.paper = (
        draft.board_id,
        draft.text,
        draft.agreed_on,
        draft.paper,
    )
    action.owner_id, action.owner_text, action.due_on, action.done_on = (
        draft.owner_id,
        draft.owner_text,
        draft.due_on,
        draft.done_on,
    )
    action.decision_id, action.intervention_id, action.item_id, action.notes = (
        draft.decision_id,
        draft.intervention_id,
        draft.item_id,
        draft.notes,
    )


def record_action(session: Session, draft: ActionDraft) -> ActionDraft:
    draft = _validate_action(session, replace(draft, id=None, version=None))
    action = BoardAction()
    _apply_action(action, draft)
    session.add(action)
    session.flush()
    return _action_draft(action)


def update_action(session: Session, draft: ActionDraft) -> ActionDraft:
    action = session.get(BoardAction, draft.id) if draft.id is not None else None
    if action is None:
        raise NotFound("That action no longer exists.")
    if draft.version is not None and draft.version != action.version:
        raise EditConflict("The action was changed by someone else since you opened it; nothing was saved.")
    draft = _validate_action(session, draft)
    _apply_action(action, draft)
    session.flush()
    return _action_draft(action)


def mark_done(session: Session, action_id: int, done_on: date) -> ActionDraft:
    action = session.get(BoardAction, action_id)
    if action is None:
        raise NotFound(f"Action #{action_id} no longer exists.")
    return update_action(session, replace(_action_draft(action), done_on=done_on))


def decision_rows(
    session: Session,
    *,
    board_id: int | None = None,
    intervention_id: int | None = None,
    item_id: int | None = None,
) -> list[DecisionRow]:
    statement = (
        select(BoardDecision, Board.name)
        .join(Board, Board.id == BoardDecision.board_id)
        .order_by(BoardDecision.decided_on, BoardDecision.position, BoardDecision.id)
    )
    if board_id is not None:
        statement = statement.where(BoardDecision.board_id == board_id)
    if intervention_id is not None:
        statement = statement.where(BoardDecision.intervention_id == intervention_id)
    if item_id is not None:
        statement = statement.where(BoardDecision.item_id == item_id)
    return [
        DecisionRow(d.id, name, d.decided_on, d.text, d.paper, d.intervention_id, d.item_id)
        for d, name in session.execute(statement)
    ]


def action_rows(
    session: Session,
    *,
    board_id: int | None = None,
    intervention_id: int | None = None,
    item_id: int | None = None,
) -> list[ActionRow]:
    statement = (
        select(BoardAction, Board.name)
        .join(Board, Board.id == BoardAction.board_id)
        .order_by(BoardAction.agreed_on, BoardAction.id)
    )
    if board_id is not None:
        statement = statement.where(BoardAction.board_id == board_id)
    if intervention_id is not None:
        statement = statement.where(BoardAction.intervention_id == intervention_id)
    if item_id is not None:
        statement = statement.where(BoardAction.item_id == item_id)
    found = []
    for action, name in session.execute(statement):
        owner = action.owner_text
        if action.owner_id is not None:
            person = session.get(Person, action.owner_id)
            if person is not None:
                owner = display_name(person.title, person.name)
        found.append(
            ActionRow(
                action.id,
                name,
                action.agreed_on,
                action.text,
                action.paper,
                owner,
                action.due_on,
                action.done_on,
                action.intervention_id,
                action.item_id,
            )
        )
    return found


def overdue_actions(session: Session, today: date) -> list[ActionRow]:
    """Board actions past their due date and not done, earliest due first."""
    statement = select(BoardAction.id).where(BoardAction.done_on.is_(None), BoardAction.due_on < today)
    wanted = set(session.scalars(statement))
    found = [row for row in action_rows(session) if row.id in wanted]
    return sorted(found, key=lambda r: (r.due_on or today, r.id))
