"""Logging meetings with outside bodies, and finding them again."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, time
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, bindparam, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from db.models import (
    Attendance,
    FollowUp,
    Meeting,
    MeetingOrganisation,
    MeetingTheme,
    Organisation,
    Person,
    Theme,
)
from db.vocabulary import (
    AttendanceRole,
    BodyRole,
    DatePrecision,
    MeetingKind,
    MeetingStatus,
    PersonKind,
    ReportSection,
)
from tracker import meeting_labels, search
from tracker.common.dates import short_date
from tracker.common.errors import EditConflict, InUse, InvalidRecord, NotFound
from tracker.common.listing import ListQuery
from tracker.common.text import cleaned
from tracker.directory.names import display_name
from tracker.directory.organisations import label as organisation_label
from tracker.lobbying import bills
from tracker.meeting_list import MeetingRow

if TYPE_CHECKING:
    from tracker.common.listing import SortKey


@dataclass(frozen=True)
class BodyEntry:
    """An outside body involved in a meeting, as host or participant."""

    organisation_id: int
    role: BodyRole = BodyRole.PARTICIPANT
    name: str = field(default="", compare=False)


@dataclass(frozen=True)
class AttendeeEntry:
    """One person at the meeting and what they did there."""

    person_id: int
    role: AttendanceRole = AttendanceRole.ATTENDED
    name: str = field(default="", compare=False)
    kind: PersonKind | None = field(default=None, compare=False)
    # Carried so that undoing a delete puts a written report-back back; a save never overwrites
    # the date held on an attendance already stored (it is recorded from "My duties").
    reported_back_on: date | None = field(default=None, compare=False)


@dataclass(frozen=True)
class FollowUpEntry:
    text: str
    owner_id: int | None = None
    due_on: date | None = None
    done: bool = False
    owner: str = field(default="", compare=False)


@dataclass(frozen=True)
class MeetingDraft:
    """A meeting as the form holds it. `report_section` None means: derive it from who attended."""

    title: str
    held_on: date | None
    kind: MeetingKind = MeetingKind.MEETING
    starts_at: time | None = None
    date_precision: DatePrecision = DatePrecision.DAY
    location: str = ""
    bodies: tuple[BodyEntry, ...] = ()
    attendees: tuple[AttendeeEntry, ...] = ()
    theme_ids: tuple[int, ...] = ()
    summary: str = ""
    outcome: str = ""
    follow_ups: tuple[FollowUpEntry, ...] = ()
    confidential: bool = False
    report_section: ReportSection | None = None
    report_heading: str = ""
    notes: str = ""
    bill_ids: tuple[int, ...] = ()
    ask_ids: tuple[int, ...] = ()
    source: str = "manual"
    external_uid: str | None = None
    # None: held when dated today or before, planned when dated after today.
    status: MeetingStatus | None = None
    date_written: str = ""  # the date as typed or read ("c. March 2007"), shown as written
    represented_unnamed: bool = False  # "the LGA was represented", no one named
    id: int | None = None
    version: int | None = None


def default_status(held_on: date, today: date | None = None) -> MeetingStatus:
    """A meeting dated after today is planned; one dated today or before, held."""
    return MeetingStatus.PLANNED if held_on > (today or date.today()) else MeetingStatus.HELD


def default_section(kinds_and_roles: list[tuple[PersonKind, AttendanceRole]]) -> ReportSection:
    """Member activity when a member took part (sent more than apologies), otherwise officer activity."""
    took_part = any(k is PersonKind.MEMBER and r is not AttendanceRole.APOLOGIES for k, r in kinds_and_roles)
    return ReportSection.MEMBER_ACTIVITY if took_part else ReportSection.OFFICER_ACTIVITY


def _clean(draft: MeetingDraft) -> MeetingDraft:
    draft = cleaned(draft)  # before the checks: a title of control characters alone is no title
    return replace(
        draft,
        title=" ".join(draft.title.split()),
        location=draft.location.strip(),
        summary=draft.summary.strip(),
        outcome=draft.outcome.strip(),
        report_heading=draft.report_heading.strip(),
        notes=draft.notes.strip(),
        date_written=" ".join(draft.date_written.split()),
        follow_ups=tuple(replace(f, text=" ".join(f.text.split())) for f in draft.follow_ups),
        theme_ids=tuple(dict.fromkeys(draft.theme_ids)),
    )


def _validate(session: Session, draft: MeetingDraft) -> dict[int, Person]:
    """Refuse a meeting that cannot be right; returns the attendees' records for the caller."""
    problems: dict[str, str] = {}
    if not draft.title:
        problems["title"] = "A meeting needs a title."
    elif len(draft.title) > 300:
        problems["title"] = "The title is longer than 300 characters."
    if draft.held_on is None:
        problems["held_on"] = "A meeting needs a date."
    elif draft.status is MeetingStatus.HELD and draft.held_on > date.today():
        problems["status"] = (
            f"A meeting dated {short_date(draft.held_on, draft.date_precision)} has not happened yet;"
            " mark it planned."
        )
    if len(draft.date_written) > 60:
        problems["held_on"] = "The date as written is longer than 60 characters."
    people = {
        p.id: p
        for p in session.scalars(select(Person).where(Person.id.in_([a.person_id for a in draft.attendees])))
    }
    seen: set[int] = set()
    for attendee in draft.attendees:
        person = people.get(attendee.person_id)
        if person is None:
            problems["attendees"] = f"Person #{attendee.person_id} no longer exists."
        elif attendee.person_id in seen:
            problems["attendees"] = f"{display_name(person.title, person.name)} is listed twice."
        seen.add(attendee.person_id)
    bodies = set(
        session.scalars(
            select(Organisation.id).where(Organisation.id.in_([b.organisation_id for b in draft.bodies]))
        )
    )
    seen.clear()
    for body in draft.bodies:
        if body.organisation_id not in bodies:
            problems["bodies"] = f"Organisation #{body.organisation_id} no longer exists."
        elif body.organisation_id in seen:
            problems["bodies"] = f"{body.name or 'An organisation'} is listed twice."
        seen.add(body.organisation_id)
    known_themes = set(session.scalars(select(Theme.id).where(Theme.id.in_(draft.theme_ids))))
    if set(draft.theme_ids) - known_themes:
        problems["themes"] = "One of the themes no longer exists."
    for follow_up in draft.follow_ups:
        if not follow_up.text:
            problems["follow_ups"] = "Each follow-up action needs some text saying what is to be done."
        elif follow_up.due_on and draft.held_on and follow_up.due_on < draft.held_on:
            problems["follow_ups"] = (
                f"The follow-up “{follow_up.text}” is due on {short_date(follow_up.due_on)},"
                f" before the meeting on {short_date(draft.held_on)}."
            )
        elif follow_up.owner_id is not None and session.get(Person, follow_up.owner_id) is None:
            problems["follow_ups"] = f"Person #{follow_up.owner_id} no longer exists."
    if problems:
        raise InvalidRecord(problems)
    return people


def _apply(session: Session, meeting: Meeting, draft: MeetingDraft, people: dict[int, Person]) -> None:
    """Copy the draft onto the record, so that the save is one UPDATE (and one audit row) per table row."""
    assert draft.held_on is not None
    themes = list(session.scalars(select(Theme).where(Theme.id.in_(draft.theme_ids))))
    names = {
        o.id: (o.name, o.acronym)
        for o in session.scalars(
            select(Organisation).where(Organisation.id.in_([b.organisation_id for b in draft.bodies]))
        )
    }
    with session.no_autoflush:
        _copy(meeting, draft, people, themes, names)


def _copy(
    meeting: Meeting,
    draft: MeetingDraft,
    people: dict[int, Person],
    themes: list[Theme],
    names: dict[int, tuple[str, str]],
) -> None:
    assert draft.held_on is not None
    meeting.title = draft.title
    meeting.held_on = draft.held_on
    meeting.date_precision = draft.date_precision
    meeting.date_written = draft.date_written
    meeting.status = draft.status or default_status(draft.held_on)
    meeting.represented_unnamed = draft.represented_unnamed
    meeting.starts_at = draft.starts_at
    meeting.kind = draft.kind
    meeting.location = draft.location
    meeting.summary = draft.summary
    meeting.outcome = draft.outcome
    meeting.confidential = draft.confidential
    meeting.report_heading = draft.report_heading
    meeting.notes = draft.notes
    meeting.source = draft.source
    meeting.external_uid = draft.external_uid
    meeting.report_section = draft.report_section or default_section(
        [(people[a.person_id].kind, a.role) for a in draft.attendees]
    )
    wanted_bodies = {b.organisation_id for b in draft.bodies}
    for stale_body in [b for b in meeting.bodies if b.organisation_id not in wanted_bodies]:
        meeting.bodies.remove(stale_body)
    links = {b.organisation_id: b for b in meeting.bodies}
    for position, body in enumerate(draft.bodies):
        link: MeetingOrganisation | None = links.get(body.organisation_id)
        if link is None:
            link = MeetingOrganisation(organisation_id=body.organisation_id)
            meeting.bodies.append(link)
        link.role, link.position = body.role, position
    wanted_people = {a.person_id for a in draft.attendees}
    for stale_attendance in [a for a in meeting.attendances if a.person_id not in wanted_people]:
        meeting.attendances.remove(stale_attendance)
    attendances = {a.person_id: a for a in meeting.attendances}
    for position, attendee in enumerate(draft.attendees):
        attendance: Attendance | None = attendances.get(attendee.person_id)
        if attendance is None:
            attendance = Attendance(person_id=attendee.person_id, reported_back_on=attendee.reported_back_on)
            meeting.attendances.append(attendance)
        attendance.role, attendance.position = attendee.role, position
    meeting.themes = themes
    meeting.follow_ups = [
        FollowUp(text=f.text, owner_id=f.owner_id, due_on=f.due_on, done=f.done, position=i)
        for i, f in enumerate(draft.follow_ups)
    ]
    labels_people = [(people[a.person_id].title, people[a.person_id].name) for a in draft.attendees]
    meeting.bodies_label = meeting_labels.bodies_label(names[b.organisation_id] for b in draft.bodies)
    meeting.people_label = meeting_labels.people_label(labels_people)


def _load(session: Session, meeting_id: int) -> Meeting:
    meeting = session.scalar(
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(
            selectinload(Meeting.bodies).selectinload(MeetingOrganisation.organisation),
            selectinload(Meeting.attendances).selectinload(Attendance.person),
            selectinload(Meeting.themes),
            selectinload(Meeting.follow_ups).selectinload(FollowUp.owner),
        )
        .execution_options(populate_existing=True)
    )
    if meeting is None:
        raise NotFound(f"Meeting #{meeting_id} no longer exists.")
    return meeting


def _draft(meeting: Meeting) -> MeetingDraft:
    return MeetingDraft(
        title=meeting.title,
        held_on=meeting.held_on,
        kind=meeting.kind,
        starts_at=meeting.starts_at,
        date_precision=meeting.date_precision,
        location=meeting.location,
        bodies=tuple(
            BodyEntry(b.organisation_id, b.role, organisation_label(b.organisation)) for b in meeting.bodies
        ),
        attendees=tuple(
            AttendeeEntry(
                a.person_id,
                a.role,
                display_name(a.person.title, a.person.name),
                a.person.kind,
                a.reported_back_on,
            )
            for a in meeting.attendances
        ),
        theme_ids=tuple(t.id for t in meeting.themes),
        summary=meeting.summary,
        outcome=meeting.outcome,
        follow_ups=tuple(
            FollowUpEntry(
                f.text,
                f.owner_id,
                f.due_on,
                f.done,
                display_name(f.owner.title, f.owner.name) if f.owner else "",
            )
            for f in meeting.follow_ups
        ),
        confidential=meeting.confidential,
        report_section=meeting.report_section,
        report_heading=meeting.report_heading,
        notes=meeting.notes,
        source=meeting.source,
        external_uid=meeting.external_uid,
        status=meeting.status,
        date_written=meeting.date_written,
        represented_unnamed=meeting.represented_unnamed,
        id=meeting.id,
        version=meeting.version,
    )


def log(session: Session, draft: MeetingDraft) -> MeetingDraft:
    """Record a meeting that took place (or a written response sent); returns it as stored."""
    draft = _clean(replace(draft, version=None))
    people = _validate(session, draft)
    meeting = (
        Meeting(id=draft.id) if draft.id is not None and session.get(Meeting, draft.id) is None else Meeting()
    )
    _apply(session, meeting, draft, people)
    session.add(meeting)
    session.flush()
    bills.set_meeting_links(session, meeting.id, draft.bill_ids, draft.ask_ids)
    return get(session, meeting.id)


def update(session: Session, draft: MeetingDraft) -> MeetingDraft:
    """Save changes to a meeting, refused if someone else changed it since `draft` was read."""
    if draft.id is None:
        raise NotFound("That meeting has not been saved yet.")
    draft = _clean(draft)
    assert draft.id is not None
    meeting = _load(session, draft.id)
    if draft.version is not None and draft.version != meeting.version:
        raise EditConflict(
            f"“{meeting.title}” was changed by someone else since you opened it; nothing was saved."
        )
    people = _validate(session, draft)
    _apply(session, meeting, draft, people)
    session.flush()
    bills.set_meeting_links(session, meeting.id, draft.bill_ids, draft.ask_ids)
    return get(session, meeting.id)


def get(session: Session, meeting_id: int) -> MeetingDraft:
    bill_ids, ask_ids = bills.bills_for_meeting(session, meeting_id)
    return replace(_draft(_load(session, meeting_id)), bill_ids=bill_ids, ask_ids=ask_ids)


def delete(session: Session, meeting_id: int) -> MeetingDraft:
    """Remove a meeting; returns everything it held, so that undo can put it back."""
    snapshot = get(session, meeting_id)
    meeting = _load(session, meeting_id)
    session.delete(meeting)
    session.flush()
    return snapshot


def restore(session: Session, snapshot: MeetingDraft) -> MeetingDraft:
    """Put a deleted meeting back under its old id (undo of a delete)."""
    if snapshot.id is None or session.get(Meeting, snapshot.id) is not None:
        raise InUse("That meeting is already present.")
    return log(session, snapshot)


SORTABLE: dict[str, SortKey] = {
    "held_on": Meeting.held_on,
    "title": Meeting.title,
    "kind": Meeting.kind,
    "bodies": Meeting.bodies_label,
    "people": Meeting.people_label,
    "report_section": Meeting.report_section,
}


def _own_meetings() -> ColumnElement[bool]:
    """The association's own meetings (not read from a department's return), for a window of the
    sorted list. Tested by id against the few meetings from returns, so that SQLite answers it from
    the sort column's index (which holds the id) without reading the meeting: a window far down
    the list skips all the rows above it, and reading each would make scrolling quadratic. Not by
    ix_meetings_return_id either: nearly every meeting passes, so it would mean sorting them all."""
    from_returns = aliased(Meeting)
    return Meeting.id.not_in(select(from_returns.id).where(from_returns.return_id.is_not(None)))


@cache
def _count_statement() -> Select[int]:
    # Counted from ix_meetings_return_id alone (a window of rows must not use it: see _own_meetings).
    return select(func.count()).select_from(Meeting).where(Meeting.return_id.is_(None))


def _filter_conditions(used: frozenset[str]) -> list[ColumnElement[bool]]:
    """The conditions for the filters used (tracker.common.listing.MeetingFilter), on bound values. A link
    (theme, body, person) is tested with EXISTS on its table's index by meeting."""
    table = Meeting.__table__.c
    conditions: dict[str, ColumnElement[bool]] = {
        "since": Meeting.held_on >= bindparam("filter_since", type_=table.held_on.type),
        "until": Meeting.held_on <= bindparam("filter_until", type_=table.held_on.type),
        "kind": Meeting.kind == bindparam("filter_kind", type_=table.kind.type),
        "section": Meeting.report_section == bindparam("filter_section", type_=table.report_section.type),
        "theme_id": select(MeetingTheme.meeting_id)
        .where(MeetingTheme.meeting_id == Meeting.id, MeetingTheme.theme_id == bindparam("filter_theme_id"))
        .exists(),
        "organisation_id": select(MeetingOrganisation.meeting_id)
        .where(
            MeetingOrganisation.meeting_id == Meeting.id,
            MeetingOrganisation.organisation_id == bindparam("filter_organisation_id"),
        )
        .exists(),
        "person_id": select(Attendance.meeting_id)
        .where(Attendance.meeting_id == Meeting.id, Attendance.person_id == bindparam("filter_person_id"))
        .exists(),
    }
    return [conditions[name] for name in sorted(used)]


def _filter_values(query: ListQuery) -> dict[str, Any]:
    values = query.meeting_filter.values()
    chosen = query.meeting_filter
    if chosen.kind is not None:
        values["filter_kind"] = MeetingKind(chosen.kind)
    if chosen.section is not None:
        values["filter_section"] = ReportSection(chosen.section)
    return values


@cache
def _filtered_count_statement(dialect: str, found_by: search.Mode, used: frozenset[str]) -> Select[int]:
    found = search.condition(dialect, found_by)
    own = Meeting.return_id.is_(None) if found is None else found
    return select(func.count()).select_from(Meeting).where(own, *_filter_conditions(used))


def count(session: Session, query: ListQuery) -> int:
    """How many meetings the list shows for `query`: the association's own, found by its words and
    kept by its filters."""
    used = query.meeting_filter.used()
    found_by = search.mode(session, query.text)
    if used:
        dialect = search.dialect_of(session)
        values: dict[str, Any] = _filter_values(query)
        if found_by in (search.Mode.FEW, search.Mode.MANY):
            values |= search.parameters(dialect, query.text)
        return session.scalar(_filtered_count_statement(dialect, found_by, used), values) or 0
    if found_by is not search.Mode.ALL:
        return search.count_matches(session, query.text)
    return session.scalar(_count_statement()) or 0


@cache
def _window_statement(
    dialect: str, sort: str, descending: bool, found_by: search.Mode, used: frozenset[str] = frozenset()
) -> Select[int, date, DatePrecision, str, MeetingKind, str, str, ReportSection, bool, str]:
    """The statement for a window of the list, built once for each way of sorting and finding (the
    offset, limit and words are bound values)."""
    keys: list[SortKey] = [SORTABLE.get(sort, Meeting.held_on)]
    if sort == "kind":
        keys.append(Meeting.held_on)  # within a kind by date: ix_meetings_kind holds the whole order
    keys.append(Meeting.id)  # ties in a stable order, as every index holds the id last
    order = [k.desc() if descending else k.asc() for k in keys]
    found = search.condition(dialect, found_by)
    # A search keeps to own meetings through its index alone; testing return_id as well would
    # read every meeting walked.
    window = (
        select(Meeting.id)
        .where(_own_meetings() if found is None else found, *_filter_conditions(used))
        .order_by(*order)
        .offset(bindparam("window_offset"))
        .limit(bindparam("window_limit"))
    )
    return (
        select(
            Meeting.id,
            Meeting.held_on,
            Meeting.date_precision,
            Meeting.title,
            Meeting.kind,
            Meeting.bodies_label,
            Meeting.people_label,
            Meeting.report_section,
            Meeting.confidential,
            Meeting.date_written,
        )
        .where(Meeting.id.in_(window.scalar_subquery()))
        .order_by(*order)
    )


def rows(session: Session, query: ListQuery, offset: int, limit: int) -> list[MeetingRow]:
    """One window of the meetings list, found (full-text) and sorted by the database.

    The window's ids are picked from the sort column's index alone (it holds the id), and only
    then are its rows read: the rows above a window far down the list are skipped, never read.
    """
    dialect = search.dialect_of(session)
    found_by = search.mode(session, query.text, for_window=True)
    used = query.meeting_filter.used()
    statement = _window_statement(dialect, query.sort, query.descending, found_by, used)
    values: dict[str, Any] = {"window_offset": offset, "window_limit": limit} | _filter_values(query)
    if found_by in (search.Mode.FEW, search.Mode.MANY):
        values |= search.parameters(dialect, query.text)
    return [MeetingRow(*row) for row in session.execute(statement, values)]
