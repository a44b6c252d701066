"""Home: what is due (follow-ups, consultation deadlines, Board actions, terms ending, report-backs)
and the aggregates behind its charts, each counted in SQL (grouped by month, a few hundred rows
whatever the archive's size)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, extract, func, or_, select
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
    utc_now,
)
from db.programme import AskPolicyItem, BoardAction, PolicyItem, PolicyItemKind
from db.vocabulary import AskStatus, AttendanceRole, PersonKind, ReportSection
from tracker import activity, duties
from tracker.common.dates import short_date
from tracker.common.errors import NotFound
from tracker.directory.names import body_label, display_name
from tracker.stakeholders.due import (
    DEADLINES_WITHIN_DAYS,
    DUE_WITHIN_DAYS,
    LIST_LIMIT,
    Deadline,
    FollowUpDue,
    deadline_lines,
    follow_up_lines,
)

WON = (AskStatus.CONCEDED, AskStatus.PARTLY_CONCEDED, AskStatus.ASSURANCE_GIVEN)
LOST = (AskStatus.REJECTED,)


def follow_ups_due(
    session: Session, as_of: date, within_days: int = DUE_WITHIN_DAYS, limit: int = LIST_LIMIT
) -> list[FollowUpDue]:
    """Open follow-ups due by `as_of + within_days`, the oldest first (at most `limit` of them)."""
    rows = session.execute(
        select(
            FollowUp.id,
            FollowUp.text,
            Person.title,
            Person.name,
            FollowUp.owner_id,
            FollowUp.due_on,
            Meeting.id,
            Meeting.title,
        )
        .join(Meeting, Meeting.id == FollowUp.meeting_id)
        .outerjoin(Person, Person.id == FollowUp.owner_id)
        .where(FollowUp.done.is_(False), FollowUp.due_on <= as_of + timedelta(days=within_days))
        .order_by(FollowUp.due_on, FollowUp.id)
        .limit(limit)
    )
    return follow_up_lines(rows, as_of)


def set_follow_up_done(session: Session, follow_up_id: int, done: bool) -> bool:
    """Tick a follow-up done (or not); returns what it was, for undo. The meeting's version moves, so
    a form holding the meeting open notices."""
    follow_up = session.get(FollowUp, follow_up_id)
    if follow_up is None:
        raise NotFound(f"Follow-up #{follow_up_id} no longer exists.")
    before = follow_up.done
    follow_up.done = done
    meeting = session.get(Meeting, follow_up.meeting_id)
    assert meeting is not None
    meeting.updated_at = utc_now()
    session.flush()
    return before


def deadlines(session: Session, as_of: date, within_days: int = DEADLINES_WITHIN_DAYS) -> list[Deadline]:
    """Consultations closing (not yet answered) and open Board actions, soonest first."""
    horizon = as_of + timedelta(days=within_days)
    consultations = session.execute(
        select(PolicyItem.id, PolicyItem.title, PolicyItem.closes_on).where(
            PolicyItem.kind == PolicyItemKind.CONSULTATION,
            PolicyItem.responded_on.is_(None),
            PolicyItem.closes_on.is_not(None),
            PolicyItem.closes_on >= as_of,
            PolicyItem.closes_on <= horizon,
        )
    )
    actions = session.execute(
        select(BoardAction.id, BoardAction.text, BoardAction.due_on, BoardAction.owner_text).where(
            BoardAction.done_on.is_(None), or_(BoardAction.due_on.is_(None), BoardAction.due_on <= horizon)
        )
    )
    return deadline_lines(consultations, actions, as_of)


def duties_due(session: Session, as_of: date) -> list[duties.AttentionItem]:
    """Terms ending soon and report-backs owed, as Needs attention words them."""
    return [
        i for i in duties.needs_attention(session, as_of) if i.kind in ("term ending", "report-back overdue")
    ]


def _period(column: Any, since: date | None, until: date | None) -> list[ColumnElement[bool]]:
    conditions = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column <= until)
    return conditions


def _own_held() -> list[ColumnElement[bool]]:
    return [activity.held(), Meeting.return_id.is_(None)]


def quarter_label(year: int, quarter: int) -> str:
    return f"{year} Q{quarter}"


def _quarter(year: int, month: int) -> tuple[int, int]:
    return int(year), (int(month) - 1) // 3 + 1


@dataclass(frozen=True)
class QuarterCounts:
    """Held meetings per quarter, by report section."""

    quarters: tuple[tuple[int, int], ...]
    by_section: dict[ReportSection, tuple[int, ...]]

    @property
    def total(self) -> int:
        return sum(sum(v) for v in self.by_section.values())


def _quarters_between(first: tuple[int, int], last: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    found = []
    year, quarter = first
    while (year, quarter) <= last:
        found.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return tuple(found)


def meetings_per_quarter(
    session: Session,
    since: date | None = None,
    until: date | None = None,
    *,
    organisation_id: int | None = None,
    person_id: int | None = None,
) -> QuarterCounts:
    """Held meetings of the association per quarter by section (those with one body, or attended by
    one person, if given); quarters with none between the first and the last are kept, as zeros."""
    year, month = extract("year", Meeting.held_on), extract("month", Meeting.held_on)
    statement = (
        select(year, month, Meeting.report_section, func.count())
        .where(*_own_held(), *_period(Meeting.held_on, since, until))
        .group_by(year, month, Meeting.report_section)
    )
    if organisation_id is not None:
        statement = statement.join(MeetingOrganisation, MeetingOrganisation.meeting_id == Meeting.id).where(
            MeetingOrganisation.organisation_id == organisation_id
        )
    if person_id is not None:
        statement = statement.join(Attendance, Attendance.meeting_id == Meeting.id).where(
            Attendance.person_id == person_id, Attendance.role != AttendanceRole.APOLOGIES
        )
    counts: Counter[tuple[tuple[int, int], ReportSection]] = Counter()
    for y, m, section, n in session.execute(statement):
        counts[_quarter(y, m), section] += n
    if not counts:
        return QuarterCounts((), {})
    quarters = _quarters_between(min(q for q, _ in counts), max(q for q, _ in counts))
    return QuarterCounts(
        quarters, {section: tuple(counts[q, section] for q in quarters) for section in ReportSection}
    )


@dataclass(frozen=True)
class EngagedBodies:
    """The bodies met most in the period, and their held meetings per quarter."""

    quarters: tuple[tuple[int, int], ...]
    bodies: tuple[tuple[int, str], ...]  # (organisation id, label), most met first
    counts: tuple[tuple[int, ...], ...]  # one row per body, one column per quarter


def engaged_bodies(
    session: Session, since: date | None = None, until: date | None = None, top: int = 12
) -> EngagedBodies:
    year, month = extract("year", Meeting.held_on), extract("month", Meeting.held_on)
    rows = session.execute(
        select(MeetingOrganisation.organisation_id, year, month, func.count())
        .join(Meeting, Meeting.id == MeetingOrganisation.meeting_id)
        .join(Organisation, Organisation.id == MeetingOrganisation.organisation_id)
        .where(*_own_held(), *_period(Meeting.held_on, since, until), Organisation.kind != "own_association")
        .group_by(MeetingOrganisation.organisation_id, year, month)
    ).all()
    per_body: Counter[int] = Counter()
    cells: Counter[tuple[int, tuple[int, int]]] = Counter()
    for body_id, y, m, n in rows:
        per_body[body_id] += n
        cells[body_id, _quarter(y, m)] += n
    if not per_body:
        return EngagedBodies((), (), ())
    chosen = [b for b, _ in sorted(per_body.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    labels = {
        i: body_label(name, acronym)
        for i, name, acronym in session.execute(
            select(Organisation.id, Organisation.name, Organisation.acronym).where(
                Organisation.id.in_(chosen)
            )
        )
    }
    quarters = _quarters_between(min(q for _, q in cells), max(q for _, q in cells))
    return EngagedBodies(
        quarters,
        tuple((b, labels[b]) for b in chosen),
        tuple(tuple(cells[b, q] for q in quarters) for b in chosen),
    )


@dataclass(frozen=True)
class AsksByYear:
    years: tuple[int, ...]
    won: tuple[int, ...]
    lost: tuple[int, ...]
    other: tuple[int, ...]  # withdrawn, or decided some other way

    @property
    def total(self) -> int:
        return sum(self.won) + sum(self.lost) + sum(self.other)


def asks_by_year(
    session: Session, since: date | None = None, until: date | None = None, *, item_id: int | None = None
) -> AsksByYear:
    """Asks decided per year (by their decision date): won (conceded, partly, or an assurance
    given), lost (rejected), and withdrawn. Pending asks are not yet won or lost."""
    year = extract("year", Ask.decided_on)
    outcome = case((Ask.status.in_(WON), "won"), (Ask.status.in_(LOST), "lost"), else_="other")
    statement = (
        select(year, outcome, func.count())
        .where(
            Ask.decided_on.is_not(None),
            Ask.status != AskStatus.PENDING,
            *_period(Ask.decided_on, since, until),
        )
        .group_by(year, outcome)
    )
    if item_id is not None:
        statement = statement.where(
            Ask.id.in_(select(AskPolicyItem.ask_id).where(AskPolicyItem.item_id == item_id))
        )
    found: dict[str, Counter[int]] = defaultdict(Counter)
    for y, kind, n in session.execute(statement):
        found[kind][int(y)] += n
    years = tuple(sorted({y for c in found.values() for y in c}))
    return AsksByYear(
        years,
        tuple(found["won"][y] for y in years),
        tuple(found["lost"][y] for y in years),
        tuple(found["other"][y] for y in years),
    )


@dataclass(frozen=True)
class AttendanceRate:
    person_id: int
    member: str
    held: int  # meetings of their bodies held during their terms, in the period
    attended: int

    @property
    def rate(self) -> float:
        return self.attended / self.held if self.held else 0.0


def attendance_rates(
    session: Session, since: date | None = None, until: date | None = None
) -> list[AttendanceRate]:
    """Each appointed member's attendance: the held meetings of the bodies they sit on, during their
    terms, against those they attended (apologies are not attendance). One query."""
    attended = case(
        (and_(Attendance.id.is_not(None), Attendance.role != AttendanceRole.APOLOGIES), 1), else_=0
    )
    rows = session.execute(
        select(
            Person.id, Person.title, Person.name, func.count(func.distinct(Meeting.id)), func.sum(attended)
        )
        .select_from(Appointment)
        .join(Person, Person.id == Appointment.person_id)
        .join(MeetingOrganisation, MeetingOrganisation.organisation_id == Appointment.organisation_id)
        .join(Meeting, Meeting.id == MeetingOrganisation.meeting_id)
        .outerjoin(
            Attendance,
            and_(Attendance.meeting_id == Meeting.id, Attendance.person_id == Appointment.person_id),
        )
        .where(
            Person.kind == PersonKind.MEMBER,
            *_own_held(),
            *_period(Meeting.held_on, since, until),
            or_(Appointment.term_start.is_(None), Meeting.held_on >= Appointment.term_start),
            or_(Appointment.term_end.is_(None), Meeting.held_on <= Appointment.term_end),
        )
        .group_by(Person.id, Person.title, Person.name)
    )
    found = [
        AttendanceRate(pid, display_name(title, name), int(held), min(int(att or 0), int(held)))
        for pid, title, name, held, att in rows
    ]
    return sorted(found, key=lambda r: (-r.rate, r.member))


@dataclass(frozen=True)
class ChartRecord:
    """One record behind a chart's bar or cell: a meeting (`meeting_id` opens it) or an ask."""

    when: str
    text: str
    meeting_id: int | None = None


def meetings_between(
    session: Session, since: date, until: date, *, organisation_id: int | None = None, limit: int = 500
) -> list[ChartRecord]:
    """The held meetings of the association in a period (with one body, if given), oldest first."""
    statement = (
        select(Meeting.id, Meeting.held_on, Meeting.date_precision, Meeting.title, Meeting.bodies_label)
        .where(*_own_held(), Meeting.held_on >= since, Meeting.held_on <= until)
        .order_by(Meeting.held_on, Meeting.id)
        .limit(limit)
    )
    if organisation_id is not None:
        statement = statement.where(
            Meeting.id.in_(
                select(MeetingOrganisation.meeting_id).where(
                    MeetingOrganisation.organisation_id == organisation_id
                )
            )
        )
    return [
        ChartRecord(short_date(held_on, precision), f"{title} ({bodies})" if bodies else title, meeting_id)
        for meeting_id, held_on, precision, title, bodies in session.execute(statement)
    ]


def asks_decided_in(session: Session, year: int) -> list[ChartRecord]:
    """The asks decided in a year, with what came of each."""
    return [
        ChartRecord(short_date(decided_on), f"{status.label}: {text}")
        for text, status, decided_on in session.execute(
            select(Ask.text, Ask.status, Ask.decided_on)
            .where(
                Ask.decided_on >= date(year, 1, 1),
                Ask.decided_on <= date(year, 12, 31),
                Ask.status != AskStatus.PENDING,
            )
            .order_by(Ask.decided_on, Ask.id)
        )
        if decided_on is not None
    ]
