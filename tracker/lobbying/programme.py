"""The work programme: a board's interventions per cycle, their work streams and progress notes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Board, Person, Theme
from db.programme import Intervention, ProgressNote, WorkStream
from tracker.common.errors import EditConflict, InvalidRecord, NotFound
from tracker.directory.names import similarity

CYCLE = re.compile(r"^(\d{4})/(\d{2}|\d{4})$")


@dataclass(frozen=True)
class WorkStreamEntry:
    title: str
    objective: str = ""
    theme_id: int | None = None
    notes: str = ""
    id: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ProgressEntry:
    noted_on: date
    text: str
    work_stream_id: int | None = None
    id: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class InterventionDraft:
    board_id: int
    cycle: str
    title: str
    aim: str = ""
    lead_member_id: int | None = None
    lead_officer_id: int | None = None
    position: int = 0
    notes: str = ""
    work_streams: tuple[WorkStreamEntry, ...] = ()
    progress: tuple[ProgressEntry, ...] = ()
    id: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class InterventionRow:
    id: int
    board: str
    cycle: str
    title: str
    aim: str
    lead_member: str
    lead_officer: str
    work_streams: tuple[tuple[int, str], ...]


def cycle_name(text: str) -> str:
    """A cycle as the papers write it, "2006/07", from "2006/7", "2006-07" or "2006/2007"."""
    cleaned = text.strip().replace("-", "/").replace("–", "/")
    match = CYCLE.match(cleaned) or re.match(r"^(\d{4})/(\d)$", cleaned)
    if match is None:
        raise InvalidRecord({"cycle": f"“{text}” is not a cycle; write it as 2006/07."})
    start = int(match.group(1))
    end = match.group(2)
    if int(end[-1]) != (start + 1) % 10 or (len(end) == 2 and int(end) != (start + 1) % 100):
        raise InvalidRecord({"cycle": f"“{text}” is not a cycle of one year to the next, such as 2006/07."})
    return f"{start}/{(start + 1) % 100:02d}"


def cycle_span(cycle: str) -> tuple[date, date]:
    """The days a cycle covers: April to March, the association's year."""
    start = int(cycle_name(cycle)[:4])
    return date(start, 4, 1), date(start + 1, 3, 31)


def _get(session: Session, intervention_id: int) -> Intervention:
    intervention = session.get(Intervention, intervention_id)
    if intervention is None:
        raise NotFound(f"Intervention #{intervention_id} no longer exists.")
    return intervention


def _draft(intervention: Intervention) -> InterventionDraft:
    return InterventionDraft(
        intervention.board_id,
        intervention.cycle,
        intervention.title,
        intervention.aim,
        intervention.lead_member_id,
        intervention.lead_officer_id,
        intervention.position,
        intervention.notes,
        tuple(
            WorkStreamEntry(w.title, w.objective, w.theme_id, w.notes, w.id)
            for w in intervention.work_streams
        ),
        tuple(
            ProgressEntry(n.noted_on, n.text, n.work_stream_id, n.id)
            for n in sorted(intervention.progress_notes, key=lambda n: (n.noted_on, n.id or 0))
        ),
        intervention.id,
        intervention.version,
    )


def _validate(session: Session, draft: InterventionDraft) -> InterventionDraft:
    problems: dict[str, str] = {}
    try:
        cycle = cycle_name(draft.cycle)
    except InvalidRecord as error:
        problems.update(error.problems)
        cycle = draft.cycle
    draft = replace(
        draft,
        cycle=cycle,
        title=" ".join(draft.title.split()),
        aim=draft.aim.strip(),
        notes=draft.notes.strip(),
        work_streams=tuple(
            replace(w, title=" ".join(w.title.split()), objective=w.objective.strip(), notes=w.notes.strip())
            for w in draft.work_streams
        ),
        progress=tuple(replace(p, text=p.text.strip()) for p in draft.progress),
    )
    if session.get(Board, draft.board_id) is None:
        problems["board_id"] = "Choose the board whose intervention this is."
    if not draft.title:
        problems["title"] = "An intervention needs a title."
    elif session.scalar(
        select(Intervention.id).where(
            Intervention.board_id == draft.board_id,
            Intervention.cycle == draft.cycle,
            func.lower(Intervention.title) == draft.title.lower(),
            Intervention.id != (draft.id or -1),
        )
    ):
        problems["title"] = f"“{draft.title}” is already an intervention of this board for {draft.cycle}."
    for key, person_id in (
        ("lead_member_id", draft.lead_member_id),
        ("lead_officer_id", draft.lead_officer_id),
    ):
        if person_id is not None and session.get(Person, person_id) is None:
            problems[key] = f"Person #{person_id} no longer exists."
    if any(not w.title for w in draft.work_streams):
        problems["work_streams"] = "Each work stream needs a title."
    for stream in draft.work_streams:
        if stream.theme_id is not None and session.get(Theme, stream.theme_id) is None:
            problems["work_streams"] = f"Theme #{stream.theme_id} no longer exists."
    if any(not p.text for p in draft.progress):
        problems["progress"] = "Each progress note needs its text."
    if problems:
        raise InvalidRecord(problems)
    return draft


def _apply(session: Session, intervention: Intervention, draft: InterventionDraft) -> None:
    intervention.board_id, intervention.cycle, intervention.title = draft.board_id, draft.cycle, draft.title
    intervention.aim, intervention.notes, intervention.position = draft.aim, draft.notes, draft.position
    intervention.lead_member_id, intervention.lead_officer_id = draft.lead_member_id, draft.lead_officer_id
    held = {w.id: w for w in intervention.work_streams}
    streams: list[WorkStream] = []
    for position, entry in enumerate(draft.work_streams, start=1):
        stream = held.get(entry.id) if entry.id is not None else None
        stream = stream or WorkStream()
        stream.title, stream.objective, stream.theme_id, stream.notes = (
            entry.title,
            entry.objective,
            entry.theme_id,
            entry.notes,
        )
        stream.position = position
        streams.append(stream)
    intervention.work_streams = streams
    notes_held = {n.id: n for n in intervention.progress_notes}
    notes: list[ProgressNote] = []
    for progress in draft.progress:
        note = notes_held.get(progress.id) if progress.id is not None else None
        note = note or ProgressNote()
        note.noted_on, note.text, note.work_stream_id = (
            progress.noted_on,
            progress.text,
            progress.work_stream_id,
        )
        notes.append(note)
    intervention.progress_notes = notes


def create(session: Session, draft: InterventionDraft) -> InterventionDraft:
    draft = _validate(session, replace(draft, id=None, version=None))
    intervention = Intervention()
    _apply(session, intervention, draft)
    session.add(intervention)
    session.flush()
    return _draft(intervention)


def update(session: Session, draft: InterventionDraft) -> InterventionDraft:
    if draft.id is None:
        raise NotFound("That intervention has not been saved yet.")
    intervention = _get(session, draft.id)
    if draft.version is not None and draft.version != intervention.version:
        raise EditConflict(
            f"“{intervention.title}” was changed by someone else since you opened it; nothing was saved."
        )
    draft = _validate(session, draft)
    _apply(session, intervention, draft)
    intervention.updated_at = datetime.now()  # a change to its work streams alone bumps its version
    session.flush()
    return _draft(intervention)


def get(session: Session, intervention_id: int) -> InterventionDraft:
    return _draft(_get(session, intervention_id))


def add_progress(session: Session, intervention_id: int, entry: ProgressEntry) -> InterventionDraft:
    """A dated progress note added to the intervention's record (earlier notes are kept)."""
    draft = get(session, intervention_id)
    return update(session, replace(draft, progress=(*draft.progress, entry)))


def delete(session: Session, intervention_id: int) -> InterventionDraft:
    intervention = _get(session, intervention_id)
    snapshot = _draft(intervention)
    session.delete(intervention)
    session.flush()
    return snapshot


def rows(session: Session, *, board_id: int | None = None, cycle: str | None = None) -> list[InterventionRow]:
    statement = select(Intervention).order_by(Intervention.cycle, Intervention.position, Intervention.id)
    if board_id is not None:
        statement = statement.where(Intervention.board_id == board_id)
    if cycle is not None:
        statement = statement.where(Intervention.cycle == cycle_name(cycle))
    found = []
    for intervention in session.scalars(statement):
        board = session.get(Board, intervention.board_id)
        member = session.get(Person, intervention.lead_member_id) if intervention.lead_member_id else None
        officer = session.get(Person, intervention.lead_officer_id) if intervention.lead_officer_id else None
        found.append(
            InterventionRow(
                intervention.id,
                board.name if board is not None else "",
                intervention.cycle,
                intervention.title,
                intervention.aim,
                member.name if member is not None else "",
                officer.name if officer is not None else "",
                tuple((w.id, w.title) for w in intervention.work_streams),
            )
        )
    return found


def find(session: Session, title: str, *, cycle: str | None = None) -> InterventionDraft:
    wanted = " ".join(title.split()).lower()
    statement = select(Intervention)
    if cycle is not None:
        statement = statement.where(Intervention.cycle == cycle_name(cycle))
    held = list(session.scalars(statement))
    for intervention in held:
        if intervention.title.lower() == wanted:
            return _draft(intervention)
    close = sorted(held, key=lambda i: -similarity(i.title.lower(), wanted))[:3]
    hint = f" Interventions held: {', '.join(i.title for i in close)}." if close else ""
    raise NotFound(f"There is no intervention called “{title}”.{hint}")


def work_stream_choices(session: Session) -> list[tuple[int, str]]:
    """Every work stream as (id, "cycle: intervention / work stream"), for pickers."""
    return [
        (stream.id, f"{cycle}: {title} / {stream.title}")
        for stream, cycle, title in session.execute(
            select(WorkStream, Intervention.cycle, Intervention.title)
            .join(Intervention, Intervention.id == WorkStream.intervention_id)
            .order_by(Intervention.cycle, Intervention.position, Intervention.id, WorkStream.position)
        )
    ]
