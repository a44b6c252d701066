"""A member's known upcoming meetings as an iCalendar (.ics) file for their own calendar."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import IO

from icalendar import Calendar, Event
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import Appointment, Attendance, Meeting, MeetingOrganisation
from db.vocabulary import DatePrecision
from tracker.common.errors import DomainError
from tracker.common.text import clean, cleaned
from tracker.reports.writers import write_whole

PRODUCT = "-//Liaison//Meetings with outside bodies//EN"


@dataclass(frozen=True)
class UpcomingMeeting:
    id: int
    held_on: date
    starts_at: time | None
    title: str
    location: str
    bodies: str


def upcoming_meetings(session: Session, person_id: int, from_date: date) -> list[UpcomingMeeting]:
    """Meetings on or after `from_date` that the person is down for, or that a body holds on which
    they hold an appointment at that date. Dates known only to the month are left out."""
    appointments = list(session.scalars(select(Appointment).where(Appointment.person_id == person_id)))
    own = select(Attendance.meeting_id).where(Attendance.person_id == person_id)
    body_meetings = [
        (MeetingOrganisation.organisation_id == a.organisation_id)
        & (Meeting.held_on >= (a.term_start or date.min))
        & (Meeting.held_on <= (a.term_end or date.max))
        for a in appointments
    ]
    statement = (
        select(Meeting)
        .outerjoin(MeetingOrganisation, MeetingOrganisation.meeting_id == Meeting.id)
        .where(Meeting.held_on >= from_date, Meeting.date_precision == DatePrecision.DAY)
        .where(or_(Meeting.id.in_(own), *body_meetings))
        .order_by(Meeting.held_on, Meeting.id)
        .distinct()
    )
    return [
        UpcomingMeeting(m.id, m.held_on, m.starts_at, m.title, m.location, m.bodies_label)
        for m in session.scalars(statement)
    ]


def calendar_bytes(events: Sequence[UpcomingMeeting], name: str, stamp: datetime | None = None) -> bytes:
    """The calendar file's content; iCalendar allows no control character but tab in a value, so
    one an older database holds is left out."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", clean(name))
    stamped = stamp or datetime.now(UTC)
    for meeting in cleaned(list(events)):
        event = Event()
        # Stable, so that importing a newer file updates the same entries rather than adding more.
        event.add("uid", f"liaison-meeting-{meeting.id}@liaison")
        event.add("dtstamp", stamped)
        event.add("summary", meeting.title)
        if meeting.starts_at is None:
            event.add("dtstart", meeting.held_on)
            event.add("dtend", meeting.held_on + timedelta(days=1))
        else:
            starts = datetime.combine(meeting.held_on, meeting.starts_at)
            event.add("dtstart", starts)
            event.add("dtend", starts + timedelta(hours=2))
        if meeting.location:
            event.add("location", meeting.location)
        if meeting.bodies:
            event.add("description", f"With: {meeting.bodies}")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def write_calendar(events: Sequence[UpcomingMeeting], name: str, path: Path) -> Path:
    """Write the .ics file whole or not at all."""
    if path.suffix.lower() != ".ics":
        raise DomainError(f"{path}: a calendar file is written as .ics; name the file .ics")
    payload = calendar_bytes(events, name)

    def render(stream: IO[bytes]) -> None:
        stream.write(payload)

    return write_whole(path, render)
