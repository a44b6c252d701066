"""Cross-checking departments' returns of ministers' meetings against each other and against our own records.

Three questions, for a department and period (or all of them): which ministers met which bodies;
for one of those meetings, who else met the same minister on the same subject in that return's
period (the same subject: the purposes share a significant word, shown so the user can judge);
and which of our own meetings with the department (or a body under it) are missing from its
return (no row within three days naming our association; a month-only date matches its month).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Attendance, Meeting, MeetingOrganisation, Organisation, Person, TransparencyReturn
from db.vocabulary import DatePrecision, OrganisationKind
from tracker.common.dates import short_date, span
from tracker.directory.names import body_label, display_name
from tracker.io.transparency import Period

# A meeting of ours is "in the return" when a row naming our association is this close to it.
NEAR_DAYS = 3

# Words that say nothing about what a meeting was about.
_PLAIN_WORDS = frozenset(
    re.findall(
        r"[a-z]+",
        """
    about above after again against also among and any are around back been before being between both
    brief briefing call catch chat courtesy discuss discussed discussion discussions during each
    external from general have held her his initial into introduce introduction introductory issue
    issues its meet meeting meetings minister ministers more most new other over regular round
    stakeholder stakeholders such than that the their them then there these they this those through
    update updates upon various visit was were what when which while who will with within work
    """,
    )
)


@dataclass(frozen=True)
class Scope:
    """A department (None: every one) and a span of days (None at either end: open)."""

    department_id: int | None = None
    start: date | None = None
    end: date | None = None

    def holds(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class ReturnChoice:
    """A return held, for the pickers: its department and the period it covers."""

    id: int
    department_id: int
    department: str
    period: Period

    @property
    def label(self) -> str:
        return f"{self.department}, {self.period.label}"


@dataclass(frozen=True)
class MinisterMeeting:
    """One body a minister met, as a return lists it, and how often the minister met that body in scope."""

    meeting_id: int
    minister_id: int
    minister: str
    body_id: int
    body: str
    held_on: date
    precision: DatePrecision
    purpose: str
    department: str
    times: int

    @property
    def when(self) -> str:
        return short_date(self.held_on, self.precision)


@dataclass(frozen=True)
class SameSubject:
    """Another meeting of the same minister in the same period whose purpose shares words with this one."""

    meeting_id: int
    minister: str
    held_on: date
    precision: DatePrecision
    bodies: str
    purpose: str
    shared: tuple[str, ...]

    @property
    def when(self) -> str:
        return short_date(self.held_on, self.precision)


@dataclass(frozen=True)
class MissingMeeting:
    """A meeting of ours with a department that its return for the period does not show."""

    meeting_id: int
    held_on: date
    precision: DatePrecision
    title: str
    department: str
    period: str
    people: str
    why: str

    @property
    def when(self) -> str:
        return short_date(self.held_on, self.precision)


def returns(session: Session) -> list[ReturnChoice]:
    """Every return held, by department and then period."""
    found = session.execute(
        select(
            TransparencyReturn.id,
            TransparencyReturn.department_id,
            Organisation.name,
            Organisation.acronym,
            TransparencyReturn.period_start,
            TransparencyReturn.period_end,
        ).join(Organisation, Organisation.id == TransparencyReturn.department_id)
    )
    choices = [ReturnChoice(i, d, body_label(n, a), Period(s, e)) for i, d, n, a, s, e in found]
    return sorted(choices, key=lambda c: (c.department.lower(), c.period.start, c.period.end))


def subject_words(text: str) -> set[str]:
    """The words of a purpose that say what it was about: four letters or more, plain words dropped,
    a plural's "s" dropped ("prisons" and "prison" are one subject)."""
    words = set()
    for word in re.findall(r"[a-z]+", text.lower()):
        if len(word) < 4 or word in _PLAIN_WORDS:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return words


def _outside_meetings(session: Session, scope: Scope) -> list[tuple[Meeting, TransparencyReturn]]:
    statement = select(Meeting, TransparencyReturn).join(
        TransparencyReturn, TransparencyReturn.id == Meeting.return_id
    )
    if scope.department_id is not None:
        statement = statement.where(TransparencyReturn.department_id == scope.department_id)
    if scope.start is not None:
        # A quarter, a season or a year is stored as its first day, up to a year before the scope.
        statement = statement.where(Meeting.held_on >= scope.start - timedelta(days=366))
    if scope.end is not None:
        statement = statement.where(Meeting.held_on <= scope.end)
    rows = session.execute(statement.order_by(Meeting.held_on, Meeting.id))
    return [(m, r) for m, r in rows if _in_scope(scope, m.held_on, m.date_precision)]


def _in_scope(scope: Scope, day: date, precision: DatePrecision) -> bool:
    """Whether the days a date covers (a day, a month, a quarter...) meet the scope."""
    first, last = span(day, precision)
    return (scope.start is None or last >= scope.start) and (scope.end is None or first <= scope.end)


def _names(
    session: Session, meeting_ids: Iterable[int]
) -> tuple[dict[int, list[tuple[int, str]]], dict[int, list[tuple[int, str]]]]:
    """The bodies and the people of each meeting, as (id, label), in their order."""
    ids = list(meeting_ids)
    bodies: dict[int, list[tuple[int, str]]] = {i: [] for i in ids}
    people: dict[int, list[tuple[int, str]]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        for meeting_id, body_id, name, acronym in session.execute(
            select(MeetingOrganisation.meeting_id, Organisation.id, Organisation.name, Organisation.acronym)
            .join(Organisation, Organisation.id == MeetingOrganisation.organisation_id)
            .where(MeetingOrganisation.meeting_id.in_(batch))
            .order_by(MeetingOrganisation.position)
        ):
            bodies[meeting_id].append((body_id, body_label(name, acronym)))
        for meeting_id, person_id, title, name in session.execute(
            select(Attendance.meeting_id, Person.id, Person.title, Person.name)
            .join(Person, Person.id == Attendance.person_id)
            .where(Attendance.meeting_id.in_(batch))
            .order_by(Attendance.position)
        ):
            people[meeting_id].append((person_id, display_name(title, name)))
    return bodies, people


def _department_labels(session: Session) -> dict[int, str]:
    return {
        i: body_label(n, a)
        for i, n, a in session.execute(
            select(Organisation.id, Organisation.name, Organisation.acronym).where(
                Organisation.id.in_(select(TransparencyReturn.department_id))
            )
        )
    }


def _purpose(meeting: Meeting) -> str:
    return meeting.summary or meeting.title


def ministers_met(session: Session, scope: Scope) -> list[MinisterMeeting]:
    """Which ministers met which bodies: one line per minister and body at each meeting, by minister."""
    found = _outside_meetings(session, scope)
    bodies, people = _names(session, [m.id for m, _r in found])
    departments = _department_labels(session)
    lines = []
    for meeting, held_return in found:
        for minister_id, minister in people[meeting.id]:
            for body_id, body in bodies[meeting.id]:
                lines.append((meeting, held_return, minister_id, minister, body_id, body))
    times = Counter((minister_id, body_id) for _m, _r, minister_id, _n, body_id, _b in lines)
    out = [
        MinisterMeeting(
            meeting.id,
            minister_id,
            minister,
            body_id,
            body,
            meeting.held_on,
            meeting.date_precision,
            _purpose(meeting),
            departments.get(held_return.department_id, ""),
            times[(minister_id, body_id)],
        )
        for meeting, held_return, minister_id, minister, body_id, body in lines
    ]
    return sorted(out, key=lambda m: (m.minister.lower(), m.body.lower(), m.held_on, m.meeting_id))


def same_subject(session: Session, meeting_id: int) -> list[SameSubject]:
    """Who else met the same minister on the same subject in the period of this meeting's return."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.return_id is None:
        return []
    held_return = session.get(TransparencyReturn, meeting.return_id)
    assert held_return is not None
    words = subject_words(_purpose(meeting))
    minister_ids = set(
        session.scalars(select(Attendance.person_id).where(Attendance.meeting_id == meeting_id))
    )
    if not words or not minister_ids:
        return []
    others = session.scalars(
        select(Meeting)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(
            Meeting.return_id.is_not(None),
            Meeting.id != meeting_id,
            Attendance.person_id.in_(minister_ids),
            Meeting.held_on >= held_return.period_start,
            Meeting.held_on <= held_return.period_end,
        )
        .distinct()
    ).all()
    bodies, people = _names(session, [m.id for m in others])
    out = []
    for other in others:
        shared = words & subject_words(_purpose(other))
        if shared:
            ministers = [name for person_id, name in people[other.id] if person_id in minister_ids]
            out.append(
                SameSubject(
                    other.id,
                    "; ".join(ministers),
                    other.held_on,
                    other.date_precision,
                    "; ".join(label for _i, label in bodies[other.id]),
                    _purpose(other),
                    tuple(sorted(shared)),
                )
            )
    return sorted(out, key=lambda s: (-len(s.shared), s.held_on, s.meeting_id))


def _under(organisations: list[tuple[int, int | None]], roots: set[int]) -> set[int]:
    """These bodies and every body below them (a steering group under its department)."""
    found = set(roots)
    grew = True
    while grew:
        grew = False
        for org_id, parent_id in organisations:
            if parent_id in found and org_id not in found:
                found.add(org_id)
                grew = True
    return found


def _near(ours: tuple[date, DatePrecision], theirs: tuple[date, DatePrecision]) -> bool:
    (day, precision), (row_day, row_precision) = ours, theirs
    days = (DatePrecision.DAY, DatePrecision.APPROXIMATE)
    if precision in days and row_precision in days:
        return abs((day - row_day).days) <= NEAR_DAYS
    # A month, a quarter...: near when the days they cover meet.
    first, last = span(day, precision)
    row_first, row_last = span(row_day, row_precision)
    return first <= row_last and row_first <= last


def missing_from_return(session: Session, scope: Scope) -> list[MissingMeeting]:
    """Our meetings with a department, in a period its return covers, that the return does not show.

    Only periods a return is held for are checked; a meeting is shown by the return when a row
    within NEAR_DAYS of it (or in its month, for a month-only date) names our association."""
    held = [
        r
        for r in returns(session)
        if (scope.department_id is None or r.department_id == scope.department_id)
        and (scope.start is None or r.period.end >= scope.start)
        and (scope.end is None or r.period.start <= scope.end)
    ]
    if not held:
        return []
    organisations = [(i, p) for i, p in session.execute(select(Organisation.id, Organisation.parent_id))]
    own_roots = set(
        session.scalars(select(Organisation.id).where(Organisation.kind == OrganisationKind.OWN_ASSOCIATION))
    )
    own = _under(organisations, own_roots)
    own_name = _own_label(session, own_roots)
    out: dict[int, MissingMeeting] = {}
    for held_return in held:
        departments = _under(organisations, {held_return.department_id})
        naming_us = [
            (d, p)
            for d, p in session.execute(
                select(Meeting.held_on, Meeting.date_precision)
                .join(MeetingOrganisation, MeetingOrganisation.meeting_id == Meeting.id)
                .where(Meeting.return_id == held_return.id, MeetingOrganisation.organisation_id.in_(own))
            )
        ]
        ours = session.scalars(
            select(Meeting)
            .join(MeetingOrganisation, MeetingOrganisation.meeting_id == Meeting.id)
            .where(
                Meeting.return_id.is_(None),
                MeetingOrganisation.organisation_id.in_(departments),
                Meeting.held_on >= held_return.period.start.replace(day=1),
                Meeting.held_on <= held_return.period.end,
            )
            .distinct()
            .order_by(Meeting.held_on, Meeting.id)
        ).all()
        for meeting in ours:
            when = (meeting.held_on, meeting.date_precision)
            if meeting.id in out or not held_return.period.contains(*when) or not _in_scope(scope, *when):
                continue
            if any(_near(when, row) for row in naming_us):
                continue
            closeness = (
                "in that month"
                if meeting.date_precision is DatePrecision.MONTH
                else f"within {NEAR_DAYS} days of {short_date(meeting.held_on)}"
            )
            out[meeting.id] = MissingMeeting(
                meeting.id,
                meeting.held_on,
                meeting.date_precision,
                meeting.title,
                held_return.department,
                held_return.period.label,
                meeting.people_label,
                f"no row of the {held_return.label} return names {own_name} {closeness}",
            )
    return sorted(out.values(), key=lambda m: (m.held_on, m.meeting_id))


def _own_label(session: Session, own_ids: set[int]) -> str:
    names = [
        acronym or name
        for name, acronym in session.execute(
            select(Organisation.name, Organisation.acronym).where(Organisation.id.in_(own_ids))
        )
    ]
    return " or ".join(f"the {n}" for n in sorted(names)) if names else "our association (none is recorded)"
