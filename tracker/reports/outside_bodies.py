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
from db.vocabulary import (
    AttendanceRole,
    BodyRole,
    DatePrecision,
    MeetingKind,
    MeetingStatus,
    OrganisationKind,
    PaperSection,
    PersonKind,
    ReportSection,
)
from tracker import activity, boards
from tracker.common.dates import long_date, paper_date
from tracker.common.errors import InvalidRecord
from tracker.directory.names import display_name
from tracker.directory.organisations import own_association_name
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
    precision: DatePrecision
    date_written: str
    status: MeetingStatus
    represented_unnamed: bool
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


_APPROXIMATE = re.compile(r"^(?:c\.|ca\.|c\s|circa\b|about\b|around\b|approx\.?|approximately\b)\s*", re.I)
_AT_THE = re.compile(r"^(?:the\s+)?(start|beginning|end|middle)\s+of\b", re.I)


def when(held_on: date, precision: DatePrecision, written: str = "") -> str:
    """The date in running text at its recorded precision, keeping the words it was written in:
    "on 23 April", "in March", "in spring 2007", "at the start of June", "around March 2007",
    "in 2007/08"; "" when nothing but an approximate day is known."""
    written = " ".join(written.split())
    # "13/06/2009" is written as the papers write a day; "2007/08" and words are kept as written.
    if any(c.isalpha() for c in written) or ("/" in written and precision is DatePrecision.YEAR):
        approximate = _APPROXIMATE.match(written)
        if approximate and written[approximate.end() :]:
            inner = written[approximate.end() :]
            if precision is DatePrecision.APPROXIMATE and not any(c.isalpha() for c in inner):
                return f"around {paper_date(held_on)[3:]}"
            return f"around {inner}"
        if precision is DatePrecision.DAY:
            return paper_date(held_on, precision)
        if _AT_THE.match(written):
            return f"at the {written.removeprefix('the ').removeprefix('The ')}"
        return f"in {written}"
    if precision is DatePrecision.APPROXIMATE:
        return f"around {paper_date(held_on)[3:]}"
    return paper_date(held_on, precision)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def draft_paragraph(meeting: _Meeting, us: str) -> str:
    """A paragraph composed from the record alone, for a meeting with no written summary. It states
    only what is recorded: who of ours took part and how, who else chaired, spoke or attended, the
    body and the date at its precision. With no one of ours recorded it claims no attendance."""
    moment = when(meeting.held_on, meeting.precision, meeting.date_written)
    moment = f" {moment}" if moment else ""
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
            sentences.append(f"{join_names(names)} {verbs[role]}{moment}.")
        else:
            sentences.append(f"{join_names(names)} also {again[role]}.")
    if not sentences and meeting.represented_unnamed:
        sentences.append(f"{_capital(us)} was represented at {event}{moment}.")
    elif not sentences:
        # Nothing recorded says anyone of ours went: state only the event, its body and its date
        # (a held meeting took place; a written response was sent, by whom is not recorded).
        if meeting.kind is MeetingKind.WRITTEN_RESPONSE:
            sentences.append(f"A written response was sent to {event}{moment}.")
        else:
            sentences.append(f"{_capital(event)} took place{moment}.")

    def described(person: _Person) -> str:
        return f"{person.name} ({person.post})" if person.post else person.name

    chairs = [described(p) for p in outside if p.role is AttendanceRole.CHAIRED]
    if chairs:
        sentences.append(f"It was chaired by {join_names(chairs)}.")
    speakers = [described(p) for p in outside if p.role in (AttendanceRole.SPOKE, AttendanceRole.PRESENTED)]
    if speakers:
        sentences.append(f"Speakers included {join_names(speakers)}.")
    written = [described(p) for p in outside if p.role is AttendanceRole.WRITTEN_SUBMISSION]
    if written:
        sentences.append(f"{join_names(written)} submitted written evidence.")
    present = [
        described(p) for p in outside if p.role in (AttendanceRole.ATTENDED, AttendanceRole.REPRESENTED)
    ]
    if present:
        took_part = ours or meeting.represented_unnamed or chairs or speakers
        sentences.append(f"{join_names(present)} {'also ' if took_part else ''}attended.")
    apologies = [p.name for p in ours if p.role is AttendanceRole.APOLOGIES]
    if apologies:
        sentences.append(f"{join_names(apologies)} sent apologies.")
    if meeting.outcome:
        sentences.append(meeting.outcome)
    return " ".join(sentences)


def draft_forthcoming(meeting: _Meeting) -> str:
    """A planned or postponed meeting, for the paper's forthcoming meetings: what, of whom, when."""
    moment = when(meeting.held_on, meeting.precision, meeting.date_written)
    moment = f" for {moment[3:]}" if moment.startswith("on ") else f" {moment}" if moment else ""
    if meeting.status is MeetingStatus.POSTPONED:
        return f"{_capital(_event(meeting))}, planned{moment}, has been postponed."
    return f"{_capital(_event(meeting))} is planned{moment}."


def _needs_summary(meeting: _Meeting) -> bool:
    """Drafted from the title, body and date alone: nobody of ours recorded as taking part."""
    took_part = any(
        p.kind is not PersonKind.CONTACT and p.role is not AttendanceRole.APOLOGIES for p in meeting.people
    )
    return not meeting.summary and not took_part and not meeting.represented_unnamed


def _in_period(since: date, until: date) -> tuple[ColumnElement[bool], ...]:
    """The meetings the paper reports: held (not planned, cancelled or postponed), dated in the
    period, and not read from a department's return (an outside meeting the association was not at)."""
    # coalesce, not "IS NULL": SQLite without statistics would take "return_id IS NULL" as selective
    # and walk its index over nearly every meeting, instead of the held_on index over the period's.
    return (
        Meeting.held_on >= since,
        Meeting.held_on <= until,
        func.coalesce(Meeting.return_id, 0) == 0,
        activity.held(),
    )


FORTHCOMING_AHEAD = boards.DEFAULT_PERIOD


def _forthcoming(since: date, until: date) -> tuple[ColumnElement[bool], ...]:
    """Meetings still planned (or postponed) from the period's start to a board cycle past its end."""
    return (
        Meeting.held_on >= since,
        Meeting.held_on <= until + FORTHCOMING_AHEAD,
        func.coalesce(Meeting.return_id, 0) == 0,
        Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.POSTPONED)),
    )


def _load(session: Session, in_period: tuple[ColumnElement[bool], ...]) -> tuple[list[_Meeting], int]:
    """The meetings `in_period` picks as plain values, read in four queries of columns (no ORM
    objects: a year of a busy archive is tens of thousands of rows)."""
    records = session.execute(
        select(
            Meeting.id,
            Meeting.held_on,
            Meeting.date_precision,
            Meeting.date_written,
            Meeting.status,
            Meeting.represented_unnamed,
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
            m.date_written,
            m.status,
            m.represented_unnamed,
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


def entries(
    session: Session, since: date, until: date, *, forthcoming: bool = False
) -> tuple[dict[PaperSection, list[Entry]], int]:
    """The period's held meetings as headed entries per section (meetings under one heading merge),
    and with `forthcoming` the meetings still planned, under their own heading."""
    if until < since:
        raise InvalidRecord(
            {"period": f"The period ends ({long_date(until)}) before it starts ({long_date(since)})."}
        )
    meetings, confidential = _load(session, _in_period(since, until))
    us = own_association_name(session)
    grouped: dict[PaperSection, dict[str, list[_Meeting]]] = {s: {} for s in PaperSection}
    for meeting in meetings:
        heading = meeting.heading or _default_heading(meeting)
        grouped[PaperSection(meeting.section.value)].setdefault(heading, []).append(meeting)
    if forthcoming:
        planned, _kept_out = _load(session, _forthcoming(since, until))
        for meeting in planned:
            heading = meeting.heading or _default_heading(meeting)
            grouped[PaperSection.FORTHCOMING].setdefault(heading, []).append(meeting)
    result: dict[PaperSection, list[Entry]] = {}
    for section, by_heading in grouped.items():
        result[section] = []
        for heading, group in by_heading.items():
            if section is PaperSection.FORTHCOMING:
                texts = [draft_forthcoming(m) for m in group]
            else:
                texts = [m.summary or draft_paragraph(m, us) for m in group]
            result[section].append(
                Entry(
                    key=f"{section.value}:{heading.lower()}",
                    heading=heading,
                    text="\n\n".join(texts),
                    meeting_ids=tuple(m.id for m in group),
                    drafted=any(not m.summary for m in group) or section is PaperSection.FORTHCOMING,
                    needs_summary=section is not PaperSection.FORTHCOMING
                    and any(_needs_summary(m) for m in group),
                )
            )
    return result, confidential


def contact_officer(session: Session, person_id: int | None) -> ContactOfficer | None:
    person = session.get(Person, person_id) if person_id is not None else None
    if person is None:
        return None
    return ContactOfficer(display_name(person.title, person.name), person.phone, person.email)


def draft_paper(
    session: Session,
    board_id: int,
    since: date,
    until: date,
    *,
    item: str = "Item x",
    paper_date_: date | None = None,
    contact_officer_id: int | None = None,
    use_board_officer: bool = True,
) -> Paper:
    """The paper for `board_id` covering `since`..`until` (both inclusive), dated the board's meeting
    (`paper_date_`, else the period's end), in the board's conventions. Its contact officer is
    `contact_officer_id`, else (with `use_board_officer`) whoever was the board's on the paper's date."""
    board = boards.get(session, board_id)
    on = paper_date_ or until
    by_section, confidential = entries(
        session, since, until, forthcoming=PaperSection.FORTHCOMING in board.sections
    )
    officer = contact_officer_id
    if officer is None and use_board_officer:
        officer = boards.officer_on(board, on)
    return Paper(
        board=board.name,
        item=item,
        date=on,
        title=TITLE,
        summary=SUMMARY,
        action=ACTION,
        contact=contact_officer(session, officer),
        sections=tuple(Section(s.label, tuple(by_section[s])) for s in board.sections),
        period_start=since,
        period_end=until,
        left_out_confidential=confidential,
        numbered=board.numbered_paragraphs,
        action_heading=board.action_heading,
        template=board.template_path,
    )


def meeting_count(session: Session, since: date, until: date) -> int:
    return session.scalar(select(func.count()).select_from(Meeting).where(*_in_period(since, until))) or 0
