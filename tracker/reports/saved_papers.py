"""Saved board papers: a paper for one board meeting, kept with the team's choices of its entries,
so that last month's paper can be reopened, changed and exported again."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import Board, Paper, PaperEntry, Person
from tracker import boards
from tracker.common.dates import long_date
from tracker.common.errors import EditConflict, InvalidRecord, NotFound
from tracker.directory.names import display_name
from tracker.reports import paper as paper_values
from tracker.reports.outside_bodies import draft_paper

PLACEHOLDER_ITEM = "Item x"


@dataclass(frozen=True)
class EntryChoice:
    """One entry as the team left it: included or not, and its text if rewritten (None: drafted)."""

    key: str
    included: bool = True
    text: str | None = None


@dataclass(frozen=True)
class PaperRecord:
    """A saved paper: the board meeting it goes to (its date is the paper's), item, period, contact
    officer, and its entries in the team's order."""

    board_id: int
    meets_on: date
    period_start: date
    period_end: date
    item: str = PLACEHOLDER_ITEM
    contact_officer_id: int | None = None
    entries: tuple[EntryChoice, ...] = ()
    notes: str = ""
    id: int | None = None
    version: int | None = None
    saved_at: datetime | None = None

    @property
    def arrangement(self) -> paper_values.Arrangement:
        return paper_values.Arrangement(
            left_out=frozenset(e.key for e in self.entries if not e.included),
            order=tuple(e.key for e in self.entries),
            texts=tuple((e.key, e.text) for e in self.entries if e.text is not None),
        )


@dataclass(frozen=True)
class PaperRow:
    id: int
    board: str
    meets_on: date
    item: str
    period_start: date
    period_end: date
    contact_officer: str


def choices(arrangement: paper_values.Arrangement, drafted: paper_values.Paper) -> tuple[EntryChoice, ...]:
    """The team's arrangement of a drafted paper as the entries a saved paper keeps, in order."""
    arranged = paper_values.arrange(drafted, replace(arrangement, left_out=frozenset()))
    texts = dict(arrangement.texts)
    return tuple(
        EntryChoice(e.key, e.key not in arrangement.left_out, texts.get(e.key))
        for section in arranged.sections
        for e in section.entries
    )


def new_record(session: Session, board_id: int, meets_on: date) -> PaperRecord:
    """A paper for the board's meeting on `meets_on`: the period since the board last met, and the
    contact officer who was the board's on that day."""
    board = boards.get(session, board_id)
    return PaperRecord(
        board_id=board_id,
        meets_on=meets_on,
        period_start=boards.period_ending(board, meets_on),
        period_end=meets_on,
        contact_officer_id=boards.officer_on(board, meets_on),
    )


def _clean(record: PaperRecord) -> PaperRecord:
    return replace(
        record,
        item=" ".join(record.item.split()),
        notes=record.notes.strip(),
        entries=tuple({e.key: e for e in record.entries}.values()),
    )


def _validate(session: Session, record: PaperRecord) -> None:
    problems: dict[str, str] = {}
    if session.get(Board, record.board_id) is None:
        problems["board_id"] = f"Board #{record.board_id} no longer exists."
    if not record.item:
        problems["item"] = f"A paper needs its agenda item, such as “Item 4” (or “{PLACEHOLDER_ITEM}”)."
    elif len(record.item) > 40:
        problems["item"] = "The item is longer than 40 characters."
    if record.period_end < record.period_start:
        problems["period"] = (
            f"The period ends ({long_date(record.period_end)}) before it starts"
            f" ({long_date(record.period_start)})."
        )
    if record.contact_officer_id is not None and session.get(Person, record.contact_officer_id) is None:
        problems["contact_officer_id"] = f"Person #{record.contact_officer_id} no longer exists."
    if problems:
        raise InvalidRecord(problems)


def _record(stored: Paper) -> PaperRecord:
    return PaperRecord(
        board_id=stored.board_id,
        meets_on=stored.meets_on,
        period_start=stored.period_start,
        period_end=stored.period_end,
        item=stored.item,
        contact_officer_id=stored.contact_officer_id,
        entries=tuple(EntryChoice(e.key, e.included, e.text) for e in stored.entries),
        notes=stored.notes,
        id=stored.id,
        version=stored.version,
        saved_at=stored.updated_at,
    )


def _load(session: Session, paper_id: int) -> Paper:
    stored = session.scalar(
        select(Paper)
        .where(Paper.id == paper_id)
        .options(selectinload(Paper.entries))
        .execution_options(populate_existing=True)
    )
    if stored is None:
        raise NotFound(f"Paper #{paper_id} no longer exists.")
    return stored


def _apply(stored: Paper, record: PaperRecord) -> None:
    stored.board_id = record.board_id
    stored.meets_on = record.meets_on
    stored.period_start = record.period_start
    stored.period_end = record.period_end
    stored.item = record.item
    stored.contact_officer_id = record.contact_officer_id
    stored.notes = record.notes
    held = {e.key: e for e in stored.entries}
    kept = []
    for position, choice in enumerate(record.entries):
        entry = held.get(choice.key) or PaperEntry(key=choice.key)
        entry.included, entry.text, entry.position = choice.included, choice.text, position
        kept.append(entry)
    stored.entries = kept


def save(session: Session, record: PaperRecord) -> PaperRecord:
    """Store a new paper, or the changes to one (refused if someone saved it since it was read)."""
    record = _clean(record)
    _validate(session, record)
    if record.id is None:
        stored = Paper()
        session.add(stored)
    else:
        stored = _load(session, record.id)
        if record.version is not None and record.version != stored.version:
            raise EditConflict(
                f"The paper for {long_date(stored.meets_on)} was changed by someone else since you"
                " opened it; nothing was saved."
            )
    _apply(stored, record)
    session.flush()
    return _record(_load(session, stored.id))


def get(session: Session, paper_id: int) -> PaperRecord:
    return _record(_load(session, paper_id))


def delete(session: Session, paper_id: int) -> PaperRecord:
    snapshot = get(session, paper_id)
    session.delete(_load(session, paper_id))
    session.flush()
    return snapshot


def rows(session: Session, board_id: int | None = None) -> list[PaperRow]:
    """The saved papers, latest board meeting first."""
    statement = (
        select(Paper, Board.name)
        .join(Board, Board.id == Paper.board_id)
        .order_by(Paper.meets_on.desc(), Paper.id.desc())
    )
    if board_id is not None:
        statement = statement.where(Paper.board_id == board_id)
    found = []
    for stored, board in session.execute(statement):
        officer = session.get(Person, stored.contact_officer_id) if stored.contact_officer_id else None
        found.append(
            PaperRow(
                stored.id,
                board,
                stored.meets_on,
                stored.item,
                stored.period_start,
                stored.period_end,
                display_name(officer.title, officer.name) if officer else "",
            )
        )
    return found


def drafted(session: Session, record: PaperRecord) -> paper_values.Paper:
    """The paper as the records draft it for this record's board, period, item and officer, before
    the team's arrangement."""
    drafted_paper = draft_paper(
        session,
        record.board_id,
        record.period_start,
        record.period_end,
        item=record.item,
        paper_date_=record.meets_on,
        contact_officer_id=record.contact_officer_id,
        use_board_officer=False,
    )
    return replace(drafted_paper, saved_at=record.saved_at)


def compose(session: Session, paper_id: int) -> paper_values.Paper:
    """A saved paper as it is written out: drafted from the records, then arranged as saved."""
    record = get(session, paper_id)
    return paper_values.arrange(drafted(session, record), record.arrangement)
