"""The association's boards: who their contact officer is, and when they meet (which sets report periods)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Board, BoardMeeting, BoardOfficer, Organisation, Person, utc_now
from db.vocabulary import PaperSection
from tracker.common.errors import EditConflict, InUse, InvalidRecord, NotFound
from tracker.directory.names import display_name, similarity

DEFAULT_PERIOD = timedelta(days=91)
ACTION_HEADINGS = ("Action", "Recommendation")
DEFAULT_SECTIONS = (PaperSection.MEMBER_ACTIVITY, PaperSection.OFFICER_ACTIVITY)


@dataclass(frozen=True)
class OfficerTerm:
    """Who was the board's contact officer from and to (either end may be open)."""

    person_id: int
    started_on: date | None = None
    ended_on: date | None = None


@dataclass(frozen=True)
class BoardDraft:
    name: str
    contact_officer_id: int | None = None
    organisation_id: int | None = None
    meeting_dates: tuple[date, ...] = ()
    notes: str = ""
    # The board's paper conventions: numbered paragraphs (the 2007 papers), the wording of the
    # "Action" heading, the sections in use, and the Word template its papers are written into.
    numbered_paragraphs: bool = False
    action_heading: str = "Action"
    sections: tuple[PaperSection, ...] = DEFAULT_SECTIONS
    template_path: str = ""
    officers: tuple[OfficerTerm, ...] = ()
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
        board.numbered_paragraphs,
        board.action_heading,
        tuple(PaperSection(v) for v in board.sections.split(",") if v),
        board.template_path,
        tuple(OfficerTerm(o.person_id, o.started_on, o.ended_on) for o in board.officers),
        board.id,
        board.version,
    )


def _validate(session: Session, draft: BoardDraft) -> BoardDraft:
    draft = replace(
        draft,
        name=" ".join(draft.name.split()),
        notes=draft.notes.strip(),
        meeting_dates=tuple(sorted(set(draft.meeting_dates))),
        action_heading=draft.action_heading.strip(),
        template_path=draft.template_path.strip(),
        sections=tuple(s for s in PaperSection if s in draft.sections),
    )
    problems: dict[str, str] = {}
    if draft.action_heading not in ACTION_HEADINGS:
        problems["action_heading"] = (
            f"“{draft.action_heading}” is not a heading the papers use: write Action or Recommendation."
        )
    if not ({PaperSection.MEMBER_ACTIVITY, PaperSection.OFFICER_ACTIVITY} & set(draft.sections)):
        problems["sections"] = "A paper needs the Member activity or Officer activity section, or both."
    if draft.template_path and not draft.template_path.lower().endswith((".docx", ".dotx")):
        problems["template_path"] = f"“{draft.template_path}” is not a Word template (.docx or .dotx)."
    for term in draft.officers:
        if session.get(Person, term.person_id) is None:
            problems["officers"] = f"Person #{term.person_id} no longer exists."
        elif term.started_on and term.ended_on and term.ended_on < term.started_on:
            problems["officers"] = "A contact officer's term ends before it starts."
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
    board.numbered_paragraphs = draft.numbered_paragraphs
    board.action_heading = draft.action_heading
    board.sections = ",".join(s.value for s in draft.sections)
    board.template_path = draft.template_path
    held_terms = tuple(OfficerTerm(o.person_id, o.started_on, o.ended_on) for o in board.officers)
    if held_terms != draft.officers:
        board.officers = [
            BoardOfficer(person_id=t.person_id, started_on=t.started_on, ended_on=t.ended_on, position=i)
            for i, t in enumerate(draft.officers)
        ]
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


def officer_on(board: BoardDraft, day: date) -> int | None:
    """The person who was the board's contact officer on `day`: the term covering it (the latest
    begun, if terms overlap), else the board's contact officer."""
    covering = [
        t
        for t in board.officers
        if (t.started_on is None or t.started_on <= day) and (t.ended_on is None or day <= t.ended_on)
    ]
    if covering:
        return max(covering, key=lambda t: t.started_on or date.min).person_id
    return board.contact_officer_id
