"""The association's boards: who their contact officer is, and when they meet (which sets report periods)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Board, BoardMeeting, Organisation, Person, utc_now
from tracker.errors import EditConflict, InUse, InvalidRecord, NotFound
from tracker.names import display_name, similarity

DEFAULT_PERIOD = timedelta(days=91)


@dataclass(frozen=True)
class BoardDraft:
    name: str
    contact_officer_id: int | None = None
    organisation_id: int | None = None
    meeting_dates: tuple[date, ...] = ()
    notes: str = ""
    id: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class BoardRow:
    id: int
    name: str
    contact_officer: str
    meetings: int
    last_meeting: date | None


def _get(session: Session, board_id: int) -> Board:
    board = session.get(Board, board_id)
    if board is None:
        raise NotFound(f"Board #{board_id} no longer exists.")
    return board


def _draft(board: Board) -> BoardDraft:
    return BoardDraft(
        board.name,
        board.contact_officer_id,
        board.organisation_id,
        tuple(sorted(m.meets_on for m in board.meeting_dates)),
        board.notes,
        board.id,
        board.version,
    )


def _validate(session: Session, draft: BoardDraft) -> BoardDraft:
    draft = replace(
        draft,
        name=" ".join(draft.name.split()),
        notes=draft.notes.strip(),
        meeting_dates=tuple(sorted(set(draft.meeting_dates))),
    )
    problems: dict[str, str] = {}
    if not draft.name:
        problems["name"] = "A board needs a name."
    elif session.scalar(
        select(Board.id).where(func.lower(Board.name) == draft.name.lower(), Board.id != (draft.id or -1))
    ):
        problems["name"] = f"There is already a board called “{draft.name}”."
    if draft.contact_officer_id is not None and session.get(Person, draft.contact_officer_id) is None:
        problems["contact_officer_id"] = f"Person #{draft.contact_officer_id} no longer exists."
    if draft.organisation_id is not None and session.get(Organisation, draft.organisation_id) is None:
        problems["organisation_id"] = f"Organisation #{draft.organisation_id} no longer exists."
    if problems:
        raise InvalidRecord(problems)
    return draft


def _apply(board: Board, draft: BoardDraft) -> None:
    board.name = draft.name
    board.contact_officer_id = draft.contact_officer_id
    board.organisation_id = draft.organisation_id
    board.notes = draft.notes
    held = {m.meets_on: m for m in board.meeting_dates}
    board.meeting_dates = [held.get(d) or BoardMeeting(meets_on=d) for d in draft.meeting_dates]


def create(session: Session, draft: BoardDraft) -> BoardDraft:
    draft = _validate(session, replace(draft, id=None, version=None))
    board = Board()
    _apply(board, draft)
    session.add(board)
    session.flush()
    return _draft(board)


def update(session: Session, draft: BoardDraft) -> BoardDraft:
    if draft.id is None:
        raise NotFound("That board has not been saved yet.")
    board = _get(session, draft.id)
    if draft.version is not None and draft.version != board.version:
        raise EditConflict(
            f"{board.name} was changed by someone else since you opened it; nothing was saved."
        )
    draft = _validate(session, draft)
    _apply(board, draft)
    board.updated_at = utc_now()  # a change to the meeting dates alone still bumps the board's version
    session.flush()
    return _draft(board)


def get(session: Session, board_id: int) -> BoardDraft:
    return _draft(_get(session, board_id))


def delete(session: Session, board_id: int) -> BoardDraft:
    snapshot = _draft(_get(session, board_id))
    session.delete(_get(session, board_id))
    session.flush()
    return snapshot


def restore(session: Session, snapshot: BoardDraft) -> BoardDraft:
    if snapshot.id is None or session.get(Board, snapshot.id) is not None:
        raise InUse("That board is already present.")
    board = Board(id=snapshot.id)
    _apply(board, snapshot)
    session.add(board)
    session.flush()
    return _draft(board)


def all_rows(session: Session) -> list[BoardRow]:
    rows = []
    for board in session.scalars(select(Board).order_by(Board.name)):
        contact = session.get(Person, board.contact_officer_id) if board.contact_officer_id else None
        dates = [m.meets_on for m in board.meeting_dates]
        rows.append(
            BoardRow(
                board.id,
                board.name,
                display_name(contact.title, contact.name) if contact else "",
                len(dates),
                max(dates) if dates else None,
            )
        )
    return rows


def find(session: Session, name: str) -> BoardDraft:
    """The board with this name (any case); NotFound names the closest ones held."""
    wanted = " ".join(name.split()).lower()
    boards = list(session.scalars(select(Board)))
    for board in boards:
        if board.name.lower() == wanted:
            return _draft(board)
    close = sorted(boards, key=lambda b: -similarity(b.name.lower(), wanted))[:3]
    hint = f" Boards held: {', '.join(b.name for b in close)}." if close else " No boards are recorded yet."
    raise NotFound(f"There is no board called “{name}”.{hint}")


def period_ending(board: BoardDraft, until: date) -> date:
    """The first day a paper for the meeting on `until` covers: the day after the board last met."""
    earlier = [d for d in board.meeting_dates if d < until]
    return max(earlier) + timedelta(days=1) if earlier else until - DEFAULT_PERIOD


def default_period(board: BoardDraft, today: date) -> tuple[date, date]:
    """The period of the next paper: since the board's previous meeting, up to its next one
    (or, when no meeting is ahead, up to its latest)."""
    ahead = [d for d in board.meeting_dates if d >= today]
    if ahead:
        until = min(ahead)
    elif board.meeting_dates:
        until = max(board.meeting_dates)
    else:
        until = today
    return period_ending(board, until), until
