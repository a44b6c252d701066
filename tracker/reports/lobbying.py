"""The lobbying outcomes report: per bill, what the association sought, of whom, and what it won."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy.orm import Session

from db.vocabulary import AskStatus, DatePrecision
from tracker import bills
from tracker.dates import long_date, short_date
from tracker.reports.paper import Entry, Paper, Section

TITLE = "Lobbying outcomes"


def _public_meetings(ask: bills.AskRow) -> list[tuple[int, date, DatePrecision, str]]:
    """The meetings where an ask was raised that a board paper may name (not confidential ones)."""
    return [m for m in ask.meetings if m[0] not in ask.confidential_meeting_ids]


def _in_period(ask: bills.AskRow, since: date, until: date) -> bool:
    """Decided in the period, raised at a meeting in it, or still open."""
    if ask.decided_on is not None and since <= ask.decided_on <= until:
        return True
    if any(since <= held_on <= until for _i, held_on, _p, _t in _public_meetings(ask)):
        return True
    return ask.status is AskStatus.PENDING


def _ask_text(ask: bills.AskRow) -> str:
    lines = []
    sought = f"Sought of {ask.target}." if ask.target else ""
    raised = "; ".join(
        f"{short_date(held_on, precision)} ({title})"
        for _i, held_on, precision, title in _public_meetings(ask)
    )
    if raised:
        sought = f"{sought} Raised at: {raised}.".strip()
    if sought:
        lines.append(sought)
    when = f" on {short_date(ask.decided_on)}" if ask.decided_on else ""
    stage = f", at {ask.decided_stage}" if ask.decided_stage else ""
    outcome = f" {ask.outcome}" if ask.outcome else ""
    lines.append(f"Outcome: {ask.status.label}{when}{stage}.{outcome}")
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
        counts.update(a.status for a in asks)
        entries = [
            Entry(f"bill:{bill_id}", "Where the bill stands", _bill_line(row)),
            *(Entry(f"ask:{a.id}", a.text, _ask_text(a)) for a in asks),
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


def _bill_line(row: bills.BillRow) -> str:
    parts = [f"Session {row.session}." if row.session else ""]
    parts.append(
        f"Furthest stage recorded: {row.current_stage}." if row.current_stage else "No stages recorded."
    )
    if row.act_title:
        parts.append(f"Became the {row.act_title}.")
    return " ".join(p for p in parts if p)
