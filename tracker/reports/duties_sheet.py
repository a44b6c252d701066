"""A member's representation duties on one page, as a paper any of the writers can put out."""

from __future__ import annotations

from datetime import date

from tracker.common.dates import long_date, short_date
from tracker.duties import REPORT_BACK_DAYS, DutiesSheet, Duty
from tracker.reports.paper import Entry, Paper, Section

# A period starting this early means "every term, however far back" (the command line's default).
WHOLE_TERMS = date(1901, 1, 1)


def _duty_text(duty: Duty) -> str:
    appointed = ""
    if duty.appointed_by or duty.appointed_on:
        by = f" by {duty.appointed_by}" if duty.appointed_by else ""
        on = f" on {short_date(duty.appointed_on)}" if duty.appointed_on else ""
        appointed = f"; appointed{by}{on}"
    ending = " Term ends within 60 days." if duty.ending_soon else ""
    lines = [f"Term: {duty.term}{appointed}.{ending}"]
    if duty.held:
        last = f"; last attended {duty.last_attended_when}" if duty.last_attended else ""
        lines.append(f"Meetings: {duty.held} held, {duty.attended} attended ({duty.rate_text}){last}.")
        for m in duty.meetings:
            detail = f" ({m.role})" if m.role else ""
            report = f"; report-back {m.report_back}" if m.report_back else ""
            lines.append(f"{m.when}: {m.title}: {m.status}{detail}{report}")
    else:
        lines.append("No meetings of this body are recorded in the period.")
    return "\n".join(lines)


def sheet_paper(sheet: DutiesSheet, association: str = "the association") -> Paper:
    bodies = len(sheet.duties)
    owed = sum(d.report_backs_owed for d in sheet.duties)
    period = (
        f"Over the terms recorded, up to {long_date(sheet.until)}"
        if sheet.since <= WHOLE_TERMS
        else f"From {long_date(sheet.since)} to {long_date(sheet.until)}"
    )
    summary = (
        f"{sheet.person} represents {association} on {bodies} outside bod{'y' if bodies == 1 else 'ies'}."
        f" {period}, {sheet.held} meeting"
        f"{'' if sheet.held == 1 else 's'} of those bodies {'was' if sheet.held == 1 else 'were'} recorded,"
        f" of which {sheet.attended} attended ({sheet.rate_text})."
    )
    action = f"Report back to the board within {REPORT_BACK_DAYS} days of each meeting attended. " + (
        f"{owed} report-back{'s are' if owed != 1 else ' is'} overdue."
        if owed
        else "No report-backs are overdue."
    )
    entries = tuple(
        Entry(
            f"duty:{d.appointment_id}",
            f"{d.body}: {d.role.label}",
            _duty_text(d),
            tuple(m.meeting_id for m in d.meetings),
        )
        for d in sheet.duties
    )
    return Paper(
        board=sheet.person,
        item="",
        date=sheet.as_of,
        title="Representation duties",
        summary=summary,
        action=action,
        contact=None,
        sections=(Section("Outside bodies", entries),),
        period_start=sheet.since,
        period_end=sheet.until,
    )
