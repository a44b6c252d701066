"""A pre-meeting brief on an outside body: our dealings with it, our people on it, and what is open."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import FollowUp, Meeting, MeetingBill, MeetingOrganisation
from db.vocabulary import AskStatus, PersonKind
from tracker import duties, meetings
from tracker.common.dates import long_date, short_date
from tracker.directory import organisations
from tracker.directory.names import display_name
from tracker.lobbying import bills
from tracker.reports.figures import STANCE_HISTORY
from tracker.reports.paper import Entry, Figure, Paper, Section
from tracker.stakeholders import home, positions

RECENT = 5


def brief_figures(session: Session, organisation_id: int, label: str, as_of: date) -> tuple[Figure, ...]:
    """Our held meetings with the body per quarter, and its stances over time when any are recorded."""
    upto = f"up to {short_date(as_of)}"
    quarters = home.meetings_per_quarter(session, until=as_of, organisation_id=organisation_id)
    meetings_caption = (
        f"Our held meetings with {label} recorded {upto}, per quarter, by report section:"
        f" {quarters.total} in all."
        if quarters.total
        else f"No held meetings with {label} are recorded {upto}."
    )
    found = [
        Figure(
            "meetings-per-quarter",
            "Our meetings per quarter",
            meetings_caption,
            "meetings-per-quarter",
            quarters,
        )
    ]
    stances = tuple(
        r for r in positions.history(session, organisation_id=organisation_id) if r.stated_on <= as_of
    )
    if stances:
        subjects = sorted({r.subject for r in stances})
        found.append(
            Figure(
                "stance-history",
                "Its stance over time",
                f"The stances of {label} recorded {upto}, {len(stances)} in all, on: {'; '.join(subjects)}."
                " Each point is a stance as recorded, on its date; the line keeps its colour until the next.",
                STANCE_HISTORY,
                stances,
                aspect=min(1.2, 0.3 + 0.07 * len(subjects)),
            )
        )
    return tuple(found)


def brief_paper(session: Session, organisation_id: int, as_of: date, *, charts: bool = True) -> Paper:
    """Everything to know before meeting a body: last meetings and who went, appointees,
    open follow-ups, open asks aimed at it, and the current stage of the bills in play; with
    `charts`, our meetings with it per quarter and its stance over time (brief_figures)."""
    page = organisations.page(session, organisation_id)
    body = page.draft
    label = f"{body.name} ({body.acronym})" if body.acronym and body.acronym != body.name else body.name
    recent = [m for m in page.meetings if m.held_on <= as_of][:RECENT]
    meeting_entries = []
    for link in recent:
        meeting = meetings.get(session, link.id)
        ours = [
            f"{a.name} ({a.role.label})"
            for a in meeting.attendees
            if a.kind is not None and a.kind.value != "contact"
        ]
        theirs = [a.name for a in meeting.attendees if a.kind is PersonKind.CONTACT]
        lines = [f"Our people: {', '.join(ours) if ours else 'officers (not named)'}."]
        if theirs:
            lines.append(f"Also there: {', '.join(theirs)}.")
        if meeting.summary:
            lines.append(
                meeting.summary if len(meeting.summary) <= 400 else meeting.summary[:397].rstrip() + "…"
            )
        meeting_entries.append(
            Entry(
                f"meeting:{link.id}",
                f"{link.title}, {short_date(link.held_on, link.date_precision)}",
                "\n".join(lines),
                (link.id,),
            )
        )

    appointees = [
        Entry(
            f"appointment:{a.id}",
            f"{a.person}, {a.role.label}",
            f"Term: {short_date(a.term_start) if a.term_start else 'start not recorded'} to "
            f"{short_date(a.term_end) if a.term_end else 'open-ended'}."
            + (f" Appointed by {a.appointed_by}." if a.appointed_by else ""),
        )
        for a in duties.all_appointments(session, as_of)
        if a.organisation_id == organisation_id and a.status == "current"
    ]

    meeting_ids = [m.id for m in page.meetings]
    follow_ups = [
        Entry(
            f"follow-up:{f.id}",
            f.text,
            f"From “{f.meeting.title}” ({short_date(f.meeting.held_on, f.meeting.date_precision)})."
            + (f" Owner: {display_name(f.owner.title, f.owner.name)}." if f.owner else "")
            + (f" Due {short_date(f.due_on)}." if f.due_on else ""),
        )
        for f in session.scalars(
            select(FollowUp)
            .where(FollowUp.meeting_id.in_(meeting_ids), FollowUp.done.is_(False))
            .join(Meeting, Meeting.id == FollowUp.meeting_id)
            .order_by(Meeting.held_on)
        )
    ]

    asks = [
        a
        for a in bills.ask_rows(session, target_organisation_id=organisation_id)
        if a.status is AskStatus.PENDING
    ]
    ask_entries = [
        Entry(
            f"ask:{a.id}",
            a.text,
            f"On the {' and the '.join(a.items)}. Still pending."
            if a.items
            else f"Under {a.work_stream or 'no work stream'}. Still pending.",
        )
        for a in asks
    ]

    in_play = set(
        session.scalars(
            select(MeetingBill.bill_id)
            .join(MeetingOrganisation, MeetingOrganisation.meeting_id == MeetingBill.meeting_id)
            .where(MeetingOrganisation.organisation_id == organisation_id)
        )
    ) | {a.bill_id for a in asks if a.bill_id is not None}
    bill_entries = [
        Entry(
            f"bill:{row.id}",
            row.title,
            (f"Furthest stage recorded: {row.current_stage}." if row.current_stage else "No stages recorded.")
            + (f" {row.open_asks} open ask{'s' if row.open_asks != 1 else ''}." if row.open_asks else ""),
        )
        for row in bills.all_rows(session, as_of)
        if row.id in in_play
    ]

    def section(title: str, entries: list[Entry], empty: str) -> Section:
        return Section(title, tuple(entries) or (Entry(f"{title}:none", "Nothing recorded", empty),))

    return Paper(
        board=label,
        item="",
        date=as_of,
        title=f"Brief: {label}",
        summary=(
            f"Before meeting {label}: our last {len(recent)} recorded"
            f" meeting{'s' if len(recent) != 1 else ''} with it, who represents us there,"
            f" and what is still open, as at {long_date(as_of)}."
        ),
        action="For the member or officer attending",
        contact=None,
        sections=(
            section("Our recent meetings", meeting_entries, "No meetings with this body are recorded."),
            section("Our appointees", appointees, "No one holds a current appointment to this body."),
            section("Open follow-ups", follow_ups, "No follow-up actions are open."),
            section("Open asks aimed at it", ask_entries, "No pending asks are aimed at this body."),
            section("Bills in play", bill_entries, "No bills have come up with this body."),
        ),
        figures=brief_figures(session, organisation_id, label, as_of) if charts else (),
    )
