"""The "Meetings with outside bodies" paper, drafted from the meetings of a period."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement

from db.models import Attendance, Meeting, MeetingOrganisation, Organisation, Person, Position
from db.vocabulary import AttendanceRole, BodyRole, MeetingKind, OrganisationKind, PersonKind, ReportSection
from tracker import boards
from tracker.dates import long_date, paper_date
from tracker.errors import InvalidRecord
from tracker.names import display_name
from tracker.organisations import own_association_name
from tracker.reports.paper import ContactOfficer, Entry, Paper, Section

TITLE = "Meetings with outside bodies"
SUMMARY = (
    "This paper is to inform the members of the Board of the activities that have been undertaken"
    " since the last meeting by Board members and officers."
)
ACTION = "For Board members to note"

# Meetings of a body are reported under the body's name; events under their own title.
_BODY_MEETINGS = {
    MeetingKind.MEETING,
    MeetingKind.BOARD,
    MeetingKind.CALL,
    MeetingKind.WRITTEN_RESPONSE,
    MeetingKind.CONSULTATION,
}
_ROLE_ORDER = [
    AttendanceRole.CHAIRED,
    AttendanceRole.PRESENTED,
    AttendanceRole.SPOKE,
    AttendanceRole.REPRESENTED,
    AttendanceRole.WRITTEN_SUBMISSION,
    AttendanceRole.ATTENDED,
]


@dataclass(frozen=True)
class _Person:
    name: str
    kind: PersonKind
    role: AttendanceRole
    post: str


@dataclass(frozen=True)
class _Body:
    name: str
    acronym: str
    role: BodyRole
    ours: bool


@dataclass(frozen=True)
class _Meeting:
    id: int
    held_on: date
    precision: object
    title: str
    kind: MeetingKind
    section: ReportSection
    heading: str
    summary: str
    outcome: str
    bodies: tuple[_Body, ...]
    people: tuple[_Person, ...]


def join_names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _short(body: _Body) -> str:
    return body.acronym or body.name


def _default_heading(meeting: _Meeting) -> str:
    outside = [b for b in meeting.bodies if not b.ours]
    hosts = [b for b in outside if b.role is BodyRole.HOST] or outside
    if meeting.kind in _BODY_MEETINGS and hosts:
        return hosts[0].name
    return meeting.title


def _event(meeting: _Meeting) -> str:
    """The meeting as the object of a sentence: "the National Crime Reduction Board",
    "the LGiU conference on violence against women", "the LGA conference “Tackling Crime in a Recession”"."""
    hosts = [b for b in meeting.bodies if b.role is BodyRole.HOST] or list(meeting.bodies)
    title = meeting.title
    bare_title = re.sub(r"\s*\([^)]*\)", "", title).strip()
    if meeting.kind in _BODY_MEETINGS:
        body = next((b for b in hosts if not b.ours), None)
        if body is None:
            return f"the {bare_title}"
        if bare_title.lower() in (body.name.lower(), body.acronym.lower()):
            return f"the {body.name}"
        if body.name.lower() in title.lower():
            return f"the {bare_title}"
        return f"the {body.name} meeting on “{title}”"
    host = hosts[0] if hosts else None
    names_host = host is not None and title.lower().startswith((host.name.lower(), _short(host).lower()))
    if names_host or meeting.kind.label in title.lower():
        return f"the {title}"
    kind = meeting.kind.label
    return f"the {_short(host)} {kind} “{title}”" if host else f"the {kind} “{title}”"


def draft_paragraph(meeting: _Meeting, us: str) -> str:
    """A paragraph composed from the record, for a meeting with no written summary."""
    when = paper_date(meeting.held_on, meeting.precision)  # type: ignore[arg-type]
    when = f" {when}" if when else ""
    event = _event(meeting)
    ours = [p for p in meeting.people if p.kind is not PersonKind.CONTACT]
    outside = [p for p in meeting.people if p.kind is PersonKind.CONTACT]
    verbs = {
        AttendanceRole.CHAIRED: f"chaired {event}",
        AttendanceRole.PRESENTED: f"presented to {event}",
        AttendanceRole.SPOKE: f"spoke at {event}",
        AttendanceRole.REPRESENTED: f"represented {us} at {event}",
        AttendanceRole.WRITTEN_SUBMISSION: f"submitted a written response to {event}",
        AttendanceRole.ATTENDED: f"attended {event}",
    }
    again = {
        AttendanceRole.CHAIRED: "chaired",
        AttendanceRole.PRESENTED: "presented",
        AttendanceRole.SPOKE: "spoke",
        AttendanceRole.REPRESENTED: f"represented {us}",
        AttendanceRole.WRITTEN_SUBMISSION: "submitted a written response",
        AttendanceRole.ATTENDED: "attended",
    }
    sentences: list[str] = []
    for role in _ROLE_ORDER:
        names = [p.name for p in ours if p.role is role]
        if not names:
            continue
        if not sentences:
            sentences.append(f"{join_names(names)} {verbs[role]}{when}.")
        else:
            sentences.append(f"{join_names(names)} also {again[role]}.")
    if not sentences:
        verb = (
            "submitted a written response to" if meeting.kind is MeetingKind.WRITTEN_RESPONSE else "attended"
        )
        sentences.append(f"Officers {verb} {event}{when}.")

    def described(person: _Person) -> str:
        return f"{person.name} ({person.post})" if person.post else person.name

    speaking = (AttendanceRole.SPOKE, AttendanceRole.PRESENTED, AttendanceRole.CHAIRED)
    speakers = [described(p) for p in outside if p.role in speaking]
    if speakers:
        sentences.append(f"Speakers included {join_names(speakers)}.")
    present = [described(p) for p in outside if p.role is AttendanceRole.ATTENDED]
    if present:
        sentences.append(f"{join_names(present)} also attended.")
    apologies = [p.name for p in ours if p.role is AttendanceRole.APOLOGIES]
    if apologies:
        sentences.append(f"{join_names(apologies)} sent apologies.")
    if meeting.outcome:
        sentences.append(meeting.outcome)
    return " ".join(sentences)


def _in_period(since: date, until: date) -> tuple[ColumnElement[bool], ...]:
    """The meetings the paper reports: held in the period, and not read from a department's return
    (return_id set: an outside meeting the association was not at)."""
    # coalesce, not "IS NULL": SQLite without statistics would take "return_id IS NULL" as selective
    # and walk its index over nearly every meeting, instead of the held_on index over the period's.
    return (Meeting.held_on >= since, Meeting.held_on <= until, func.coalesce(Meeting.return_id, 0) == 0)


def _load(session: Session, since: date, until: date) -> tuple[list[_Meeting], int]:
    """The period's meetings as plain values, read in four queries of columns (no ORM objects: a
    year of a busy archive is tens of thousands of rows)."""
    in_period = _in_period(since, until)
    records = session.execute(
        select(
            Meeting.id,
            Meeting.held_on,
            Meeting.date_precision,
            Meeting.title,
            Meeting.kind,
            Meeting.report_section,
            Meeting.report_heading,
            Meeting.summary,
            Meeting.outcome,
            Meeting.confidential,
        )
        .where(*in_period)
        .order_by(Meeting.held_on, Meeting.id)
    ).all()
    kept = [m for m in records if not m.confidential]
    reported = (*in_period, Meeting.confidential.is_(False))

    bodies: dict[int, list[_Body]] = {}
    for meeting_id, name, acronym, body_role, body_kind in session.execute(
        select(
            MeetingOrganisation.meeting_id,
            Organisation.name,
            Organisation.acronym,
            MeetingOrganisation.role,
            Organisation.kind,
        )
        .join(Organisation, Organisation.id == MeetingOrganisation.organisation_id)
        .join(Meeting, Meeting.id == MeetingOrganisation.meeting_id)
        .where(*reported)
        .order_by(
            MeetingOrganisation.meeting_id, MeetingOrganisation.position, MeetingOrganisation.organisation_id
        )
    ):
        bodies.setdefault(meeting_id, []).append(
            _Body(name, acronym, body_role, body_kind is OrganisationKind.OWN_ASSOCIATION)
        )

    attendances: dict[int, list[tuple[int, str, PersonKind, AttendanceRole]]] = {}
    for meeting_id, person_id, title, name, person_kind, person_role in session.execute(
        select(Attendance.meeting_id, Person.id, Person.title, Person.name, Person.kind, Attendance.role)
        .join(Person, Person.id == Attendance.person_id)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(*reported)
        .order_by(Attendance.meeting_id, Attendance.position, Attendance.id)
    ):
        attendances.setdefault(meeting_id, []).append(
            (person_id, display_name(title, name), person_kind, person_role)
        )

    # The posts of the outside contacts who came, to describe them ("Jane Doe (Chief Executive, NOMS)").
    contacts = (
        select(Attendance.person_id)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(Person, Person.id == Attendance.person_id)
        .where(*reported, Person.kind == PersonKind.CONTACT)
    )
    positions: dict[int, list[tuple[str, date | None, date | None, str, str]]] = {}
    for person_id, post_role, started_on, ended_on, body_name, body_acronym in session.execute(
        select(
            Position.person_id,
            Position.role,
            Position.started_on,
            Position.ended_on,
            Organisation.name,
            Organisation.acronym,
        )
        .outerjoin(Organisation, Organisation.id == Position.organisation_id)
        .where(Position.person_id.in_(contacts))
        .order_by(Position.person_id, Position.started_on, Position.id)
    ):
        positions.setdefault(person_id, []).append(
            (post_role, started_on, ended_on, body_name or "", body_acronym or "")
        )

    def post(person_id: int, on: date) -> str:
        current = [
            p
            for p in positions.get(person_id, ())
            if (p[1] is None or p[1] <= on) and (p[2] is None or p[2] >= on)
        ]
        if not current:
            return ""
        role, _, _, body_name, body_acronym = current[-1]
        if body_name and body_name.lower() not in role.lower():
            return f"{role}, {body_acronym or body_name}"
        return role

    meetings = [
        _Meeting(
            m.id,
            m.held_on,
            m.date_precision,
            m.title,
            m.kind,
            m.report_section,
            m.report_heading,
            m.summary,
            m.outcome,
            tuple(bodies.get(m.id, ())),
            tuple(
                _Person(name, kind, role, post(person_id, m.held_on) if kind is PersonKind.CONTACT else "")
                for person_id, name, kind, role in attendances.get(m.id, ())
            ),
        )
        for m in kept
    ]
    return meetings, len(records) - len(kept)


def entries(session: Session, since: date, until: date) -> tuple[dict[ReportSection, list[Entry]], int]:
    """The period's meetings as headed entries per section; meetings under one heading merge."""
    if until < since:
        raise InvalidRecord(
            {"period": f"The period ends ({long_date(until)}) before it starts ({long_date(since)})."}
        )
    meetings, confidential = _load(session, since, until)
    us = own_association_name(session)
    grouped: dict[ReportSection, dict[str, list[_Meeting]]] = {s: {} for s in ReportSection}
    for meeting in meetings:
        heading = meeting.heading or _default_heading(meeting)
        grouped[meeting.section].setdefault(heading, []).append(meeting)
    result: dict[ReportSection, list[Entry]] = {}
    for section, by_heading in grouped.items():
        result[section] = []
        for heading, group in by_heading.items():
            texts = [m.summary or draft_paragraph(m, us) for m in group]
            result[section].append(
                Entry(
                    key=f"{section.value}:{heading.lower()}",
                    heading=heading,
                    text="\n\n".join(texts),
                    meeting_ids=tuple(m.id for m in group),
                    drafted=any(not m.summary for m in group),
                )
            )
    return result, confidential


def draft_paper(
    session: Session,
    board_id: int,
    since: date,
    until: date,
    *,
    item: str = "Item x",
    paper_date_: date | None = None,
) -> Paper:
    """The paper for `board_id` covering `since`..`until` (both inclusive), dated the board's meeting."""
    board = boards.get(session, board_id)
    by_section, confidential = entries(session, since, until)
    contact = None
    if board.contact_officer_id is not None:
        person = session.get(Person, board.contact_officer_id)
        if person is not None:
            contact = ContactOfficer(display_name(person.title, person.name), person.phone, person.email)
    return Paper(
        board=board.name,
        item=item,
        date=paper_date_ or until,
        title=TITLE,
        summary=SUMMARY,
        action=ACTION,
        contact=contact,
        sections=tuple(Section(s.label, tuple(by_section[s])) for s in ReportSection),
        period_start=since,
        period_end=until,
        left_out_confidential=confidential,
    )


def meeting_count(session: Session, since: date, until: date) -> int:
    return session.scalar(select(func.count()).select_from(Meeting).where(*_in_period(since, until))) or 0
