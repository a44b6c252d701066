"""The lobbying outcomes report: per bill, what the association sought, of whom, and what it won."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Ask, BillStage, Meeting, MeetingOrganisation, Organisation
from db.vocabulary import AskStatus, DatePrecision, MeetingStatus
from tracker.common.dates import long_date, short_date
from tracker.directory.names import body_label
from tracker.lobbying import bills
from tracker.reports.paper import Entry, Paper, Section


@dataclass(frozen=True)
class _Known:
    """What the report reads beside the asks: each meeting's status and bodies, each decision's stage
    sitting date."""

    held: frozenset[int]
    bodies: dict[int, tuple[str, ...]]
    stage_dates: dict[int, date]


def _known(session: Session, asks: list[bills.AskRow]) -> _Known:
    meeting_ids = {m[0] for a in asks for m in a.meetings}
    held = frozenset(
        session.scalars(
            select(Meeting.id).where(Meeting.id.in_(meeting_ids), Meeting.status == MeetingStatus.HELD)
        )
    )
    bodies: dict[int, tuple[str, ...]] = {}
    for meeting_id, name, acronym in session.execute(
        select(MeetingOrganisation.meeting_id, Organisation.name, Organisation.acronym)
        .join(Organisation, Organisation.id == MeetingOrganisation.organisation_id)
        .where(MeetingOrganisation.meeting_id.in_(meeting_ids))
        .order_by(MeetingOrganisation.meeting_id, MeetingOrganisation.position)
    ):
        bodies[meeting_id] = (*bodies.get(meeting_id, ()), acronym or body_label(name, ""))
    stage_dates: dict[int, date] = {
        ask_id: sitting_on
        for ask_id, sitting_on in session.execute(
            select(Ask.id, BillStage.sitting_on)
            .join(BillStage, BillStage.id == Ask.decided_stage_id)
            .where(Ask.id.in_([a.id for a in asks]), BillStage.sitting_on.is_not(None))
        )
        if sitting_on is not None
    }
    return _Known(held, bodies, stage_dates)


TITLE = "Lobbying outcomes"


def _public_meetings(
    ask: bills.AskRow, held: frozenset[int] | None = None
) -> list[tuple[int, date, DatePrecision, str]]:
    """The meetings where an ask was raised that a board paper may name (not confidential ones, and
    with `held`, only those held: an ask to be raised at a planned meeting has not been raised)."""
    return [
        m for m in ask.meetings if m[0] not in ask.confidential_meeting_ids and (held is None or m[0] in held)
    ]


def _in_period(ask: bills.AskRow, since: date, until: date) -> bool:
    """Decided in the period, raised at a meeting in it, or still open."""
    if ask.decided_on is not None and since <= ask.decided_on <= until:
        return True
    if any(since <= held_on <= until for _i, held_on, _p, _t in _public_meetings(ask)):
        return True
    return ask.status is AskStatus.PENDING


def _ask_text(ask: bills.AskRow, known: _Known) -> str:
    """Of whom it was sought, where and with whom it was raised, and its outcome: dated by the stage
    it was decided at when that stage's sitting is recorded; otherwise the date recorded is the day
    a paper reported it, so the decision is said to be reported by then, not made on it."""
    lines = []
    sought = f"Sought of {ask.target}." if ask.target else ""

    def met(meeting_id: int, title: str) -> str:
        """The bodies it was raised with that its title does not already name."""
        others = [b for b in known.bodies.get(meeting_id, ()) if b.lower() not in title.lower()]
        return f", with {', '.join(others)}" if others else ""

    raised = "; ".join(
        f"{short_date(held_on, precision)} ({title}{met(meeting_id, title)})"
        for meeting_id, held_on, precision, title in _public_meetings(ask, known.held)
    )
    if raised:
        sought = f"{sought} Raised at: {raised}.".strip()
    if sought:
        lines.append(sought)
    sitting = known.stage_dates.get(ask.id)
    where = ask.decided_stage or ask.decided_where
    if sitting is not None:
        # The stage's own label carries its sitting's date ("Commons 3rd reading, 28 Feb 2007").
        when = f", at {where}" if where else f" on {short_date(sitting)}"
    elif where and ask.decided_on:
        when = f", at {where}; reported by {short_date(ask.decided_on)}"
    elif where:
        when = f", at {where}"
    elif ask.decided_on:
        when = f"; reported by {short_date(ask.decided_on)}"
    else:
        when = ""
    outcome = f" {ask.outcome}" if ask.outcome else ""
    lines.append(f"Outcome: {ask.status.label}{when}.{outcome}")
    return "\n".join(lines)


def lobbying_paper(session: Session, since: date, until: date, as_of: date, *, board: str = "") -> Paper:
    """One section per bill with asks in the period: where the bill stood on `as_of` (usually the
    period's end), then each ask and its outcome."""
    sections = []
    counts: Counter[AskStatus] = Counter()
    rows = {r.id: r for r in bills.all_rows(session, as_of)}
    for bill_id, row in rows.items():
        asks = [a for a in bills.ask_rows(session, bill_id=bill_id) if _in_period(a, since, until)]
        if not asks:
            continue
        known = _known(session, asks)
        counts.update(a.status for a in asks)
        entries = [
            Entry(f"bill:{bill_id}", f"Where the bill stood on {long_date(as_of)}", _bill_line(row, as_of)),
            *(Entry(f"ask:{a.id}", a.text, _ask_text(a, known)) for a in asks),
        ]
        sections.append(Section(row.title, tuple(entries)))
    total = sum(counts.values())
    won = counts[AskStatus.CONCEDED] + counts[AskStatus.PARTLY_CONCEDED] + counts[AskStatus.ASSURANCE_GIVEN]
    tally = ", ".join(f"{n} {status.label}" for status, n in sorted(counts.items(), key=lambda c: c[0].value))
    bills_sought = f"{len(sections)} bill{'s' if len(sections) != 1 else ''}"
    summary = (
        f"This report sets out what the association sought on {bills_sought} between {long_date(since)}"
        f" and {long_date(until)}, and what was won:"
        f" {total} ask{'s' if total != 1 else ''} ({tally or 'none'});"
        f" {won} met in whole or part or with assurances."
    )
    return Paper(
        board=board or "Lobbying",
        item="",
        date=as_of,
        title=TITLE,
        summary=summary,
        action="For Board members to note",
        contact=None,
        sections=tuple(sections),
        period_start=since,
        period_end=until,
    )


def _bill_line(row: bills.BillRow, as_of: date) -> str:
    """The bill's stage as it stood on the report's date (not the furthest ever recorded)."""
    parts = [f"Session {row.session}." if row.session else ""]
    parts.append(
        f"Stage reached by {long_date(as_of)}: {row.current_stage}."
        if row.current_stage
        else f"No stage recorded by {long_date(as_of)}."
    )
    if row.act_title and "royal assent" in row.current_stage.lower():
        parts.append(f"Became the {row.act_title}.")
    return " ".join(p for p in parts if p)
