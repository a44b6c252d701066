"""The names shown and searched in the meetings list, copied onto each meeting and kept current."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import Attendance, Meeting, MeetingOrganisation, Organisation, Person
from tracker.directory.names import body_label, display_name

_BATCH = 500


def bodies_label(names: Iterable[tuple[str, str]]) -> str:
    return "; ".join(body_label(name, acronym) for name, acronym in names)


def people_label(names: Iterable[tuple[str, str]]) -> str:
    return "; ".join(display_name(title, name) for title, name in names)


def refresh(session: Session, meeting_ids: Iterable[int]) -> None:
    """Rewrite the bodies and people labels of these meetings from their links."""
    ids = sorted(set(meeting_ids))
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        bodies: dict[int, list[tuple[str, str]]] = {i: [] for i in batch}
        for meeting_id, name, acronym in session.execute(
            select(MeetingOrganisation.meeting_id, Organisation.name, Organisation.acronym)
            .join(Organisation, Organisation.id == MeetingOrganisation.organisation_id)
            .where(MeetingOrganisation.meeting_id.in_(batch))
            .order_by(MeetingOrganisation.meeting_id, MeetingOrganisation.position)
        ):
            bodies[meeting_id].append((name, acronym))
        people: dict[int, list[tuple[str, str]]] = {i: [] for i in batch}
        for meeting_id, title, name in session.execute(
            select(Attendance.meeting_id, Person.title, Person.name)
            .join(Person, Person.id == Attendance.person_id)
            .where(Attendance.meeting_id.in_(batch))
            .order_by(Attendance.meeting_id, Attendance.position)
        ):
            people[meeting_id].append((title, name))
        for meeting_id in batch:
            session.execute(
                update(Meeting)
                .where(Meeting.id == meeting_id)
                .values(
                    bodies_label=bodies_label(bodies[meeting_id]),
                    people_label=people_label(people[meeting_id]),
                )
                .execution_options(synchronize_session="fetch")
            )


def refresh_for_organisations(session: Session, organisation_ids: Iterable[int]) -> None:
    ids = list(organisation_ids)
    refresh(
        session,
        session.scalars(
            select(MeetingOrganisation.meeting_id).where(MeetingOrganisation.organisation_id.in_(ids))
        ),
    )


def refresh_for_people(session: Session, person_ids: Iterable[int]) -> None:
    ids = list(person_ids)
    refresh(session, session.scalars(select(Attendance.meeting_id).where(Attendance.person_id.in_(ids))))
