"""The "Meetings with outside bodies" paper, drafted from the meetings of a period."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db.models import Attendance, Meeting, MeetingOrganisation, Person, Position
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


def _load(session: Session, since: date, until: date) -> tuple[list[_Meeting], int]:
    records = list(
        session.scalars(
            select(Meeting)
            # Outside meetings read from a department's return (return_id set) are not ours to report.
            .where(Meeting.held_on >= since, Meeting.held_on <= until, Meeting.return_id.is_(None))
            .options(
                selectinload(Meeting.bodies).selectinload(MeetingOrganisation.organisation),
                selectinload(Meeting.attendances)
                .selectinload(Attendance.person)
                .selectinload(Person.positions)
                .selectinload(Position.organisation),
            )
            .order_by(Meeting.held_on, Meeting.id)
        )
    )
    kept = [m for m in records if not m.confidential]

    def post(person: Person, on: date) -> str:
        current = [
            p
            for p in person.positions
            if (p.started_on is None or p.started_on <= on) and (p.ended_on is None or p.ended_on >= on)
        ]
        if not current:
            return ""
        position = current[-1]
        if position.organisation and position.organisation.name.lower() not in position.role.lower():
            return f"{position.role}, {position.organisation.acronym or position.organisation.name}"
        return position.role

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
            tuple(
                _Body(
                    b.organisation.name,
                    b.organisation.acronym,
                    b.role,
                    b.organisation.kind is OrganisationKind.OWN_ASSOCIATION,
                )
                for b in m.bodies
            ),
            tuple(
                _Person(
                    display_name(a.person.title, a.person.name),
                    a.person.kind,
                    a.role,
                    post(a.person, m.held_on) if a.person.kind is PersonKind.CONTACT else "",
                )
                for a in m.attendances
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
    return (
        session.scalar(
            select(func.count())
            .select_from(Meeting)
            .where(Meeting.held_on >= since, Meeting.held_on <= until, Meeting.return_id.is_(None))
        )
        or 0
    )
