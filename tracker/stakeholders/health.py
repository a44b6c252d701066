"""A body's or a person's relationship health: last contact, meetings per quarter, stance over
time, open asks and follow-ups, and who represents the association there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from db.models import (
    Appointment,
    Ask,
    Attendance,
    FollowUp,
    Meeting,
    MeetingOrganisation,
    Organisation,
    Person,
)
from db.vocabulary import AskStatus, AttendanceRole, DatePrecision
from tracker import activity
from tracker.common.dates import short_date
from tracker.common.errors import NotFound
from tracker.directory.names import body_label, display_name
from tracker.stakeholders import home, positions


@dataclass(frozen=True)
class OpenItem:
    """An open ask or follow-up; `meeting_id` opens the follow-up's meeting."""

    text: str
    due_on: date | None = None
    meeting_id: int | None = None


@dataclass(frozen=True)
class Health:
    record: str  # "organisation" or "person"
    record_id: int
    name: str
    last_contact: date | None
    last_contact_precision: DatePrecision
    quarters: home.QuarterCounts
    stances: tuple[positions.StanceRow, ...]
    open_asks: tuple[OpenItem, ...]
    open_follow_ups: tuple[OpenItem, ...]
    appointees: tuple[str, ...]  # "Cllr Richard Kemp, representative (from 1 Jan 2009)"

    @property
    def last_contact_text(self) -> str:
        if self.last_contact is None:
            return "no meeting recorded"
        return short_date(self.last_contact, self.last_contact_precision)


def _appointment_text(name: str, role: str, start: date | None, end: date | None) -> str:
    span = []
    if start:
        span.append(f"from {short_date(start)}")
    if end:
        span.append(f"to {short_date(end)}")
    return f"{name}, {role}" + (f" ({' '.join(span)})" if span else "")


def relationship_health(
    session: Session, *, organisation_id: int | None = None, person_id: int | None = None, as_of: date
) -> Health:
    """The health of the association's relationship with one body or one person, as of a day."""
    meetings_of: ColumnElement[bool]
    if organisation_id is not None:
        org = session.get(Organisation, organisation_id)
        if org is None:
            raise NotFound(f"Organisation #{organisation_id} no longer exists.")
        record, record_id, name = "organisation", organisation_id, body_label(org.name, org.acronym)
        meetings_of = Meeting.id.in_(
            select(MeetingOrganisation.meeting_id).where(
                MeetingOrganisation.organisation_id == organisation_id
            )
        )
        asks_of = Ask.target_organisation_id == organisation_id
        appointments = session.execute(
            select(Person.title, Person.name, Appointment.role, Appointment.term_start, Appointment.term_end)
            .join(Person, Person.id == Appointment.person_id)
            .where(
                Appointment.organisation_id == organisation_id,
                or_(Appointment.term_end.is_(None), Appointment.term_end >= as_of),
            )
            .order_by(Appointment.term_start)
        )
        appointees = tuple(
            _appointment_text(display_name(t, n), role.label, start, end)
            for t, n, role, start, end in appointments
        )
    elif person_id is not None:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound(f"Person #{person_id} no longer exists.")
        record, record_id, name = "person", person_id, display_name(person.title, person.name)
        meetings_of = Meeting.id.in_(
            select(Attendance.meeting_id).where(
                Attendance.person_id == person_id, Attendance.role != AttendanceRole.APOLOGIES
            )
        )
        asks_of = Ask.target_person_id == person_id
        appointments = session.execute(
            select(
                Organisation.name,
                Organisation.acronym,
                Appointment.role,
                Appointment.term_start,
                Appointment.term_end,
            )
            .join(Organisation, Organisation.id == Appointment.organisation_id)
            .where(
                Appointment.person_id == person_id,
                or_(Appointment.term_end.is_(None), Appointment.term_end >= as_of),
            )
            .order_by(Appointment.term_start)
        )
        appointees = tuple(
            _appointment_text(body_label(n, a), role.label, start, end)
            for n, a, role, start, end in appointments
        )
    else:
        raise NotFound("Choose a body or a person.")

    last = session.execute(
        select(Meeting.held_on, Meeting.date_precision)
        .where(meetings_of, activity.held(), Meeting.held_on <= as_of)
        .order_by(Meeting.held_on.desc())
        .limit(1)
    ).first()
    # A person's follow-ups: those they own, and those of the meetings they were at.
    follow_ups_of: ColumnElement[bool] = FollowUp.meeting_id.in_(select(Meeting.id).where(meetings_of))
    if person_id is not None:
        follow_ups_of = or_(follow_ups_of, FollowUp.owner_id == person_id)
    follow_ups = session.execute(
        select(FollowUp.text, FollowUp.due_on, FollowUp.meeting_id)
        .where(FollowUp.done.is_(False), follow_ups_of)
        .order_by(FollowUp.due_on.is_(None), FollowUp.due_on, FollowUp.id)
    )
    asks = session.scalars(select(Ask.text).where(asks_of, Ask.status == AskStatus.PENDING).order_by(Ask.id))
    return Health(
        record,
        record_id,
        name,
        last[0] if last else None,
        last[1] if last else DatePrecision.DAY,
        home.meetings_per_quarter(session, organisation_id=organisation_id, person_id=person_id),
        tuple(positions.history(session, organisation_id=organisation_id, person_id=person_id)),
        tuple(OpenItem(text) for text in asks),
        tuple(OpenItem(text, due, meeting_id) for text, due, meeting_id in follow_ups),
        appointees,
    )
