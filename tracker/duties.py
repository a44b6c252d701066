"""Representation duties: appointments to outside bodies, and how each is being carried out."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import String, and_, cast, literal, null, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from db.models import Appointment, Attendance, FollowUp, Meeting, MeetingOrganisation, Organisation, Person
from db.programme import BoardAction, PolicyItem, PolicyItemKind
from db.vocabulary import AppointmentRole, AttendanceRole, DatePrecision, PersonKind
from tracker import activity
from tracker.common.dates import short_date
from tracker.common.errors import EditConflict, InvalidRecord, NotFound
from tracker.directory.names import body_label, display_name, normal_person_name, similarity

REPORT_BACK_DAYS = 14
ENDING_SOON_DAYS = 60
QUIET_AFTER_DAYS = 182
# Who may stand in for the appointed member at a body's meeting.
STAND_INS = {AppointmentRole.SUBSTITUTE, AppointmentRole.DEPUTY}


@dataclass(frozen=True)
class AppointmentDraft:
    person_id: int
    organisation_id: int
    role: AppointmentRole = AppointmentRole.REPRESENTATIVE
    term_start: date | None = None
    term_end: date | None = None
    appointed_by: str = ""
    appointed_on: date | None = None
    report_back_expected: bool = True
    predecessor_id: int | None = None
    notes: str = ""
    id: int | None = None
    version: int | None = None
    # The appointments that followed this one; a delete unlinks them and its undo re-links them.
    follower_ids: tuple[int, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class DutyMeeting:
    """One meeting of a body during a term, and how the appointee stood with it."""

    meeting_id: int
    held_on: date
    date_precision: DatePrecision
    title: str
    status: str  # "attended", "apologies", "substitute attended", "missed"
    role: str  # the appointee's role at the meeting, or who stood in
    report_back: str  # "", "written 20 Mar 2009", "written late (...)", "due by ...", "overdue"

    @property
    def when(self) -> str:
        return short_date(self.held_on, self.date_precision)


@dataclass(frozen=True)
class Duty:
    appointment_id: int
    organisation_id: int
    body: str
    role: AppointmentRole
    term_start: date | None
    term_end: date | None
    appointed_by: str
    appointed_on: date | None
    report_back_expected: bool
    meetings: tuple[DutyMeeting, ...]
    ending_soon: bool

    @property
    def held(self) -> int:
        return len(self.meetings)

    @property
    def attended(self) -> int:
        return sum(1 for m in self.meetings if m.status == "attended")

    @property
    def rate(self) -> float | None:
        return self.attended / self.held if self.held else None

    @property
    def rate_text(self) -> str:
        return "–" if self.rate is None else f"{self.rate:.0%}"

    @property
    def last_attended(self) -> date | None:
        return max((m.held_on for m in self.meetings if m.status == "attended"), default=None)

    @property
    def last_attended_when(self) -> str:
        """The last attendance as the record knows it ("May 2009" when only the month is known)."""
        attended = [m for m in self.meetings if m.status == "attended"]
        return max(attended, key=lambda m: m.held_on).when if attended else ""

    @property
    def report_backs_owed(self) -> int:
        return sum(1 for m in self.meetings if m.report_back == "overdue")

    @property
    def term(self) -> str:
        start = short_date(self.term_start) if self.term_start else "date not recorded"
        end = short_date(self.term_end) if self.term_end else "open-ended"
        return f"{start} – {end}"


@dataclass(frozen=True)
class DutiesSheet:
    person_id: int
    person: str
    since: date
    until: date
    as_of: date
    duties: tuple[Duty, ...]

    @property
    def held(self) -> int:
        return sum(d.held for d in self.duties)

    @property
    def attended(self) -> int:
        return sum(d.attended for d in self.duties)

    @property
    def rate_text(self) -> str:
        return "–" if not self.held else f"{self.attended / self.held:.0%}"


@dataclass(frozen=True)
class AppointmentStatus:
    """An appointment as the association-wide list shows it."""

    id: int
    person_id: int
    person: str
    organisation_id: int
    body: str
    role: AppointmentRole
    term_start: date | None
    term_end: date | None
    status: str  # "current", "ended", "not started"
    successor: str
    appointed_by: str
    report_back_expected: bool


@dataclass(frozen=True)
class AttentionItem:
    """Something that needs a look: what, and which record opens it ("organisation", "person", "meeting")."""

    # "vacant seat", "gone quiet", "report-back overdue", "term ending", "follow-up overdue",
    # "consultation closing", "Board action overdue"
    kind: str
    text: str
    record: str
    record_id: int
    since: date | None = None


def _get(session: Session, appointment_id: int) -> Appointment:
    appointment = session.get(Appointment, appointment_id)
    if appointment is None:
        raise NotFound(f"Appointment #{appointment_id} no longer exists.")
    return appointment


def _draft(a: Appointment) -> AppointmentDraft:
    return AppointmentDraft(
        a.person_id,
        a.organisation_id,
        a.role,
        a.term_start,
        a.term_end,
        a.appointed_by,
        a.appointed_on,
        a.report_back_expected,
        a.predecessor_id,
        a.notes,
        a.id,
        a.version,
    )


def _overlaps(a_start: date | None, a_end: date | None, b_start: date | None, b_end: date | None) -> bool:
    return (a_end is None or b_start is None or b_start <= a_end) and (
        b_end is None or a_start is None or a_start <= b_end
    )


def _validate(session: Session, draft: AppointmentDraft) -> AppointmentDraft:
    draft = replace(draft, appointed_by=" ".join(draft.appointed_by.split()), notes=draft.notes.strip())
    problems: dict[str, str] = {}
    person = session.get(Person, draft.person_id)
    body = session.get(Organisation, draft.organisation_id)
    if person is None:
        problems["person_id"] = "Choose who is appointed."
    elif person.kind is PersonKind.CONTACT:
        problems["person_id"] = (
            f"{display_name(person.title, person.name)} is an outside contact; only members and officers"
            " are appointed to represent the association."
        )
    if body is None:
        problems["organisation_id"] = "Choose the outside body."
    if draft.term_start and draft.term_end and draft.term_end < draft.term_start:
        problems["term_end"] = "The term ends before it starts."
    if person is not None and body is not None and "term_end" not in problems:
        for other in session.scalars(
            select(Appointment).where(
                Appointment.person_id == draft.person_id,
                Appointment.organisation_id == draft.organisation_id,
                Appointment.id != (draft.id or -1),
            )
        ):
            if _overlaps(draft.term_start, draft.term_end, other.term_start, other.term_end):
                start = short_date(other.term_start) if other.term_start else "an unrecorded date"
                end = short_date(other.term_end) if other.term_end else "no end date"
                problems["term_start"] = (
                    f"{display_name(person.title, person.name)} is already appointed to {body.name}"
                    f" ({other.role.label}, {start} to {end}); the terms would overlap."
                )
                break
    if draft.predecessor_id is not None and session.get(Appointment, draft.predecessor_id) is None:
        problems["predecessor_id"] = f"Appointment #{draft.predecessor_id} no longer exists."
    if problems:
        raise InvalidRecord(problems)
    return draft


def _apply(appointment: Appointment, draft: AppointmentDraft) -> None:
    for name in (
        "person_id",
        "organisation_id",
        "role",
        "term_start",
        "term_end",
        "appointed_by",
        "appointed_on",
        "report_back_expected",
        "predecessor_id",
        "notes",
    ):
        setattr(appointment, name, getattr(draft, name))


def overlapping_after_merge(session: Session, merged: str, keep_id: int, duplicate_id: int) -> str | None:
    """Why merging two people (`merged` = "person_id") or two bodies ("organisation_id") would leave
    one person with overlapping terms on one body, or None if it would not."""
    other = "organisation_id" if merged == "person_id" else "person_id"
    column = getattr(Appointment, merged)
    kept = list(session.scalars(select(Appointment).where(column == keep_id)))
    for moving in session.scalars(select(Appointment).where(column == duplicate_id)):
        for held in kept:
            same_pair = getattr(held, other) == getattr(moving, other)
            if same_pair and _overlaps(held.term_start, held.term_end, moving.term_start, moving.term_end):
                person = display_name(moving.person.title, moving.person.name)
                return f"{person} would hold two overlapping appointments to {moving.organisation.name}."
    return None


def appoint(session: Session, draft: AppointmentDraft) -> AppointmentDraft:
    """Record an appointment; refused if it overlaps the same person's term on the same body."""
    draft = _validate(session, replace(draft, id=None, version=None))
    appointment = Appointment()
    _apply(appointment, draft)
    session.add(appointment)
    session.flush()
    return _draft(appointment)


def update(session: Session, draft: AppointmentDraft) -> AppointmentDraft:
    if draft.id is None:
        raise NotFound("That appointment has not been saved yet.")
    appointment = _get(session, draft.id)
    if draft.version is not None and draft.version != appointment.version:
        raise EditConflict(
            "The appointment was changed by someone else since you opened it; nothing was saved."
        )
    draft = _validate(session, draft)
    _apply(appointment, draft)
    session.flush()
    return _draft(appointment)


def get(session: Session, appointment_id: int) -> AppointmentDraft:
    return _draft(_get(session, appointment_id))


def delete(session: Session, appointment_id: int) -> AppointmentDraft:
    appointment = _get(session, appointment_id)
    followers = list(session.scalars(select(Appointment).where(Appointment.predecessor_id == appointment_id)))
    snapshot = replace(_draft(appointment), follower_ids=tuple(f.id for f in followers))
    for follower in followers:
        follower.predecessor_id = None
    session.delete(appointment)
    session.flush()
    return snapshot


def restore(session: Session, snapshot: AppointmentDraft) -> AppointmentDraft:
    if snapshot.id is None or session.get(Appointment, snapshot.id) is not None:
        raise InvalidRecord({"form": "That appointment is already present."})
    appointment = Appointment(id=snapshot.id)
    _apply(appointment, snapshot)
    session.add(appointment)
    session.flush()
    for follower in session.scalars(select(Appointment).where(Appointment.id.in_(snapshot.follower_ids))):
        follower.predecessor_id = appointment.id
    session.flush()
    return _draft(appointment)


def appoint_successor(session: Session, appointment_id: int, successor: AppointmentDraft) -> AppointmentDraft:
    """Appoint someone to follow an appointment: same body; the old term ends the day before, if open."""
    old = _get(session, appointment_id)
    if successor.term_start is None:
        raise InvalidRecord({"term_start": "A successor's term needs a start date."})
    if old.term_end is None or old.term_end >= successor.term_start:
        if old.term_start is not None and old.term_start >= successor.term_start:
            raise InvalidRecord(
                {"term_start": "The successor's term must start after the current term began."}
            )
        old.term_end = successor.term_start - timedelta(days=1)
    session.flush()
    return appoint(session, replace(successor, organisation_id=old.organisation_id, predecessor_id=old.id))


def find_person(session: Session, text: str) -> int:
    """A member or officer by name ("Cllr Richard Kemp", "kemp"); NotFound names the closest."""
    wanted = normal_person_name(text)
    candidates = list(
        session.execute(select(Person.id, Person.title, Person.name).where(Person.kind != PersonKind.CONTACT))
    )
    exact = [i for i, _t, n in candidates if normal_person_name(n) == wanted]
    if len(exact) == 1:
        return exact[0]
    partial = [i for i, _t, n in candidates if wanted and wanted in normal_person_name(n)]
    if len(partial) == 1 and not exact:
        return partial[0]
    ranked = sorted(candidates, key=lambda c: -similarity(normal_person_name(c[2]), wanted))[:3]
    names = ", ".join(display_name(t, n) for _i, t, n in ranked)
    if exact or len(partial) > 1:
        raise NotFound(f"“{text}” matches more than one member or officer: {names}. Give the full name.")
    raise NotFound(
        f"No member or officer is called “{text}”. Closest: {names}."
        if names
        else f"No member or officer is called “{text}”."
    )


def report_back_due(held_on: date, precision: DatePrecision, days: int = REPORT_BACK_DAYS) -> date:
    """When a write-up falls due: `days` after the meeting, or after the month's end when only the
    month is known (the record's date is then the 1st, which would make it due too soon)."""
    if precision is DatePrecision.MONTH:
        next_month = (held_on.replace(day=28) + timedelta(days=4)).replace(day=1)
        held_on = next_month - timedelta(days=1)
    return held_on + timedelta(days=days)


def _report_back(
    held_on: date, precision: DatePrecision, reported: date | None, expected: bool, as_of: date, days: int
) -> str:
    if not expected:
        return ""
    due = report_back_due(held_on, precision, days)
    if reported is not None:
        return f"written {short_date(reported)}" + (" (late)" if reported > due else "")
    return "overdue" if as_of > due else f"due by {short_date(due)}"


def duties_of(
    session: Session,
    person_id: int,
    since: date,
    until: date,
    as_of: date,
    *,
    report_back_days: int = REPORT_BACK_DAYS,
) -> DutiesSheet:
    """A member's or officer's duties: for each appointment overlapping since..until, the body's
    meetings during the term (up to `as_of`), attended, stood in for, or missed."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"Person #{person_id} no longer exists.")
    if until < since:
        raise InvalidRecord({"period": "The period ends before it starts."})
    duties = []
    appointments = session.scalars(
        select(Appointment).where(Appointment.person_id == person_id).order_by(Appointment.term_start)
    )
    for appointment in appointments:
        if not _overlaps(appointment.term_start, appointment.term_end, since, until):
            continue
        start = max(d for d in (since, appointment.term_start) if d is not None)
        end = min(d for d in (until, appointment.term_end, as_of) if d is not None)
        body = appointment.organisation
        meetings = session.execute(
            select(Meeting.id, Meeting.held_on, Meeting.date_precision, Meeting.title)
            .join(MeetingOrganisation, MeetingOrganisation.meeting_id == Meeting.id)
            .where(
                MeetingOrganisation.organisation_id == body.id,
                Meeting.return_id.is_(None),  # a minister meeting the body, from a return: not ours
                activity.held(),
                Meeting.held_on >= start,
                Meeting.held_on <= end,
            )
            .order_by(Meeting.held_on, Meeting.id)
        ).all()
        ids = [m[0] for m in meetings]
        attended_by: dict[int, list[tuple[int, AttendanceRole, date | None, str]]] = {i: [] for i in ids}
        for meeting_id, attendee, role, reported, title, name in session.execute(
            select(
                Attendance.meeting_id,
                Attendance.person_id,
                Attendance.role,
                Attendance.reported_back_on,
                Person.title,
                Person.name,
            )
            .join(Person, Person.id == Attendance.person_id)
            .where(Attendance.meeting_id.in_(ids))
        ):
            attended_by[meeting_id].append((attendee, role, reported, display_name(title, name)))
        stand_ins = list(
            session.scalars(
                select(Appointment).where(
                    Appointment.organisation_id == body.id,
                    Appointment.role.in_(STAND_INS),
                    Appointment.person_id != person_id,
                )
            )
        )
        rows = []
        for meeting_id, held_on, precision, title in meetings:
            present = attended_by[meeting_id]
            mine = next((p for p in present if p[0] == person_id), None)
            if mine is not None and mine[1] is not AttendanceRole.APOLOGIES:
                rows.append(
                    DutyMeeting(
                        meeting_id,
                        held_on,
                        precision,
                        title,
                        "attended",
                        mine[1].label,
                        _report_back(
                            held_on,
                            precision,
                            mine[2],
                            appointment.report_back_expected,
                            as_of,
                            report_back_days,
                        ),
                    )
                )
                continue
            standing_in = [
                p
                for p in present
                if p[1] is not AttendanceRole.APOLOGIES
                and any(
                    s.person_id == p[0] and _overlaps(s.term_start, s.term_end, held_on, held_on)
                    for s in stand_ins
                )
            ]
            if standing_in:
                rows.append(
                    DutyMeeting(
                        meeting_id,
                        held_on,
                        precision,
                        title,
                        "substitute attended",
                        ", ".join(p[3] for p in standing_in),
                        "",
                    )
                )
            else:
                status = "apologies" if mine is not None else "missed"
                rows.append(DutyMeeting(meeting_id, held_on, precision, title, status, "", ""))
        ending_soon = appointment.term_end is not None and as_of <= appointment.term_end <= as_of + timedelta(
            days=ENDING_SOON_DAYS
        )
        duties.append(
            Duty(
                appointment.id,
                body.id,
                body_label(body.name, body.acronym),
                appointment.role,
                appointment.term_start,
                appointment.term_end,
                appointment.appointed_by,
                appointment.appointed_on,
                appointment.report_back_expected,
                tuple(rows),
                ending_soon,
            )
        )
    return DutiesSheet(person.id, display_name(person.title, person.name), since, until, as_of, tuple(duties))


def reported_back_on(session: Session, meeting_id: int, person_id: int) -> date | None:
    attendance = session.scalar(
        select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.person_id == person_id)
    )
    if attendance is None:
        raise NotFound("That person is not recorded as attending that meeting.")
    return attendance.reported_back_on


def record_report_back(session: Session, meeting_id: int, person_id: int, on: date | None) -> None:
    """Note that a member wrote up a meeting they attended (None: not written up after all)."""
    attendance = session.scalar(
        select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.person_id == person_id)
    )
    if attendance is None:
        raise NotFound("That person is not recorded as attending that meeting.")
    if on is not None and on < attendance.meeting.held_on:
        raise InvalidRecord({"reported_back_on": "A report-back cannot be written before the meeting."})
    attendance.reported_back_on = on
    session.flush()


def _status(a: Appointment, as_of: date) -> str:
    if a.term_start is not None and a.term_start > as_of:
        return "not started"
    if a.term_end is not None and a.term_end < as_of:
        return "ended"
    return "current"


def all_appointments(session: Session, as_of: date) -> list[AppointmentStatus]:
    """Every appointment with its status on `as_of`, by body then start (two queries, whatever the count)."""
    follower = aliased(Person)
    followers = {
        predecessor_id: display_name(title, name)
        for predecessor_id, title, name in session.execute(
            select(Appointment.predecessor_id, follower.title, follower.name)
            .join(follower, follower.id == Appointment.person_id)
            .where(Appointment.predecessor_id.is_not(None))
            .order_by(Appointment.id)
        )
    }
    rows = []
    for a, title, name, body, acronym in session.execute(
        select(Appointment, Person.title, Person.name, Organisation.name, Organisation.acronym)
        .join(Organisation, Organisation.id == Appointment.organisation_id)
        .join(Person, Person.id == Appointment.person_id)
        .order_by(Organisation.name, Appointment.term_start, Appointment.id)
    ):
        rows.append(
            AppointmentStatus(
                a.id,
                a.person_id,
                display_name(title, name),
                a.organisation_id,
                body_label(body, acronym),
                a.role,
                a.term_start,
                a.term_end,
                _status(a, as_of),
                followers.get(a.id, ""),
                a.appointed_by,
                a.report_back_expected,
            )
        )
    return rows


def _last_attended(
    session: Session, body_ids: set[int], as_of: date
) -> dict[int, tuple[date, DatePrecision]]:
    """For each body, its latest own meeting up to `as_of` that a member or officer attended (not sent
    apologies to): the date and how precisely it is known. One query for all the bodies."""
    if not body_ids:
        return {}
    # Per body, the id of that meeting: a correlated subquery that reads the body's own meetings
    # through its index (a GROUP BY over every body's meetings at once scans the meetings table).
    last_id = (
        select(Meeting.id)
        .join(MeetingOrganisation, MeetingOrganisation.meeting_id == Meeting.id)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .join(Person, Person.id == Attendance.person_id)
        .where(
            MeetingOrganisation.organisation_id == Organisation.id,
            Person.kind != PersonKind.CONTACT,
            Attendance.role != AttendanceRole.APOLOGIES,
            Meeting.return_id.is_(None),
            activity.held(),
            Meeting.held_on <= as_of,
        )
        .order_by(Meeting.held_on.desc())
        .limit(1)
        .correlate(Organisation)
        .scalar_subquery()
    )
    latest = select(Organisation.id.label("body_id"), last_id.label("meeting_id")).where(
        Organisation.id.in_(body_ids)
    )
    last = latest.subquery()
    return {
        body_id: (held_on, precision)
        for body_id, held_on, precision in session.execute(
            select(last.c.body_id, Meeting.held_on, Meeting.date_precision).join(
                Meeting, Meeting.id == last.c.meeting_id
            )
        )
    }


def _unwritten(session: Session, as_of: date) -> dict[int, list[tuple[int, date, DatePrecision]]]:
    """For each appointment that expects report-backs: the meetings of its body its holder attended
    during the term (up to `as_of` when the term is open) and has not written up. One query."""
    found: dict[int, list[tuple[int, date, DatePrecision]]] = {}
    for appointment_id, meeting_id, held_on, precision in session.execute(
        select(Appointment.id, Meeting.id, Meeting.held_on, Meeting.date_precision)
        .join(Attendance, Attendance.person_id == Appointment.person_id)
        .join(
            MeetingOrganisation,
            and_(
                MeetingOrganisation.meeting_id == Attendance.meeting_id,
                MeetingOrganisation.organisation_id == Appointment.organisation_id,
            ),
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(
            Appointment.report_back_expected.is_(True),
            Attendance.role != AttendanceRole.APOLOGIES,
            Attendance.reported_back_on.is_(None),
            activity.held(),
            or_(Appointment.term_start.is_(None), Meeting.held_on >= Appointment.term_start),
            or_(
                and_(Appointment.term_end.is_(None), Meeting.held_on <= as_of),
                Meeting.held_on <= Appointment.term_end,
            ),
        )
    ):
        found.setdefault(appointment_id, []).append((meeting_id, held_on, precision))
    return found


def needs_attention(
    session: Session, as_of: date, *, report_back_days: int = REPORT_BACK_DAYS
) -> list[AttentionItem]:
    """Across the association: vacant seats, bodies gone quiet, overdue report-backs, terms ending soon,
    overdue follow-up actions, consultations closing soon with no response, overdue Board actions.
    A handful of queries, however many appointments and bodies there are."""
    items: list[AttentionItem] = []
    statuses = all_appointments(session, as_of)
    current_bodies = {s.organisation_id for s in statuses if s.status == "current"}
    # The latest ended term first, so a vacant seat is named after whoever held it last.
    for s in sorted(statuses, key=lambda a: a.term_end or date.min, reverse=True):
        if s.status == "ended" and not s.successor and s.organisation_id not in current_bodies:
            items.append(
                AttentionItem(
                    "vacant seat",
                    f"{s.body}: no one appointed since {s.person}'s term ended on {short_date(s.term_end)}"
                    if s.term_end
                    else f"{s.body}: vacant",
                    "organisation",
                    s.organisation_id,
                    s.term_end,
                )
            )
            current_bodies.add(s.organisation_id)  # one line per body
    quiet_since = as_of - timedelta(days=QUIET_AFTER_DAYS)
    held = {s.organisation_id for s in statuses if s.status == "current"}
    last_attended = _last_attended(session, held, as_of)
    for body_id in sorted(held):
        last_meeting = last_attended.get(body_id)
        last = last_meeting[0] if last_meeting else None
        if last_meeting is None or last_meeting[0] < quiet_since:
            body = next(s.body for s in statuses if s.organisation_id == body_id)
            when = f"since {short_date(*last_meeting)}" if last_meeting else "ever recorded"
            items.append(
                AttentionItem("gone quiet", f"{body}: no attendance {when}", "organisation", body_id, last)
            )
    overdue: dict[int, set[int]] = {}
    names: dict[int, str] = {}
    unwritten = _unwritten(session, as_of)
    for s in statuses:
        for meeting_id, held_on, precision in unwritten.get(s.id, ()):
            if as_of > report_back_due(held_on, precision, report_back_days):
                overdue.setdefault(s.person_id, set()).add(meeting_id)
                names[s.person_id] = s.person
    for person_id, meeting_ids in overdue.items():
        count = len(meeting_ids)
        items.append(
            AttentionItem(
                "report-back overdue",
                f"{names[person_id]}: {count} report-back{'s' if count != 1 else ''} overdue",
                "person",
                person_id,
            )
        )
    for s in statuses:
        if s.status == "current" and s.term_end and s.term_end <= as_of + timedelta(days=ENDING_SOON_DAYS):
            items.append(
                AttentionItem(
                    "term ending",
                    f"{s.person}'s term on {s.body} ends on {short_date(s.term_end)}",
                    "person",
                    s.person_id,
                    s.term_end,
                )
            )
    items.extend(_dated_attention(session, as_of))
    return items


CONSULTATION_CLOSING_DAYS = 14
_ORDER = {"follow-up": 0, "consultation": 1, "action": 2}


def _dated_attention(session: Session, as_of: date) -> list[AttentionItem]:
    """Follow-up actions past due and not done; consultations closing within 14 days with no
    response recorded; Board actions past due and not done. One query for the three (a UNION),
    in that order, the earliest date first within each."""
    no_text = cast(null(), String)
    follow_ups = (
        select(
            literal("follow-up").label("what"),
            Meeting.id.label("record_id"),
            FollowUp.text.label("text"),
            FollowUp.due_on.label("day"),
            Person.title.label("owner_title"),
            Person.name.label("owner_name"),
            Meeting.title.label("context"),  # the meeting it came from
            FollowUp.id.label("own_id"),
        )
        .join(Meeting, Meeting.id == FollowUp.meeting_id)
        .outerjoin(Person, Person.id == FollowUp.owner_id)
        .where(FollowUp.done.is_(False), FollowUp.due_on < as_of)
    )
    closing = select(
        literal("consultation").label("what"),
        PolicyItem.id.label("record_id"),
        PolicyItem.title.label("text"),
        PolicyItem.closes_on.label("day"),
        no_text.label("owner_title"),
        no_text.label("owner_name"),
        no_text.label("context"),
        PolicyItem.id.label("own_id"),
    ).where(
        PolicyItem.kind == PolicyItemKind.CONSULTATION,
        PolicyItem.responded_on.is_(None),
        PolicyItem.closes_on >= as_of,
        PolicyItem.closes_on <= as_of + timedelta(days=CONSULTATION_CLOSING_DAYS),
    )
    actions = (
        select(
            literal("action").label("what"),
            # The action opens the policy item it is about, if any (else it is the Board's own).
            BoardAction.item_id.label("record_id"),
            BoardAction.text.label("text"),
            BoardAction.due_on.label("day"),
            Person.title.label("owner_title"),
            Person.name.label("owner_name"),
            BoardAction.owner_text.label("context"),  # a team named rather than a person
            BoardAction.id.label("own_id"),
        )
        .outerjoin(Person, Person.id == BoardAction.owner_id)
        .where(BoardAction.done_on.is_(None), BoardAction.due_on < as_of)
    )
    rows: list[Any] = list(session.execute(union_all(follow_ups, closing, actions)))
    found: list[AttentionItem] = []
    for row in sorted(rows, key=lambda r: (_ORDER[r.what], r.day, r.own_id)):
        person = display_name(row.owner_title, row.owner_name) if row.owner_name else ""
        if row.what == "follow-up":
            owner = f" ({person})" if person else ""
            text = f"{row.text}{owner}: due {short_date(row.day)}, from “{row.context}”"
            found.append(AttentionItem("follow-up overdue", text, "meeting", row.record_id, row.day))
        elif row.what == "consultation":
            text = f"{row.text}: closes {short_date(row.day)}, no response recorded"
            found.append(AttentionItem("consultation closing", text, "policy item", row.record_id, row.day))
        else:
            owner = person or row.context or ""
            text = f"{row.text}{f' ({owner})' if owner else ''}: due {short_date(row.day)}"
            record, opened = (
                ("policy item", row.record_id) if row.record_id is not None else ("board action", row.own_id)
            )
            found.append(AttentionItem("Board action overdue", text, record, opened, row.day))
    return found
