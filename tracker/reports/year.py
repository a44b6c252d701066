"""The end-of-year report on a board's work programme (paper 002's shape): the heading block with
the Decisions and Actions Required, then per intervention what we set out to do, what we sought,
what was achieved and when, what remains, and next steps, drafted only from the records."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Person
from db.programme import Intervention, PolicyItem, PolicyItemKind, PolicyItemWorkStream, ProgressNote
from db.vocabulary import AskStatus, ReportSection
from tracker import boards
from tracker.common.dates import short_date
from tracker.directory.names import display_name
from tracker.lobbying import bills, decisions, programme
from tracker.reports.paper import ContactOfficer, Entry, Figure, Paper, Section
from tracker.stakeholders import home

TITLE = "End of Year Report"
WON = (AskStatus.CONCEDED, AskStatus.PARTLY_CONCEDED, AskStatus.ASSURANCE_GIVEN)
NOTHING = "Nothing recorded."


def _overlaps(cycle: str, since: date, until: date) -> bool:
    start, end = programme.cycle_span(cycle)
    return start <= until and since <= end


def _items(session: Session, stream_ids: list[int]) -> list[PolicyItem]:
    """The policy items of the work streams, in the streams' order, each once."""
    found: dict[int, PolicyItem] = {}
    for stream_id in stream_ids:
        for item in session.scalars(
            select(PolicyItem)
            .join(PolicyItemWorkStream, PolicyItemWorkStream.item_id == PolicyItem.id)
            .where(PolicyItemWorkStream.work_stream_id == stream_id)
            .order_by(PolicyItem.id)
        ):
            found.setdefault(item.id, item)
    return list(found.values())


def _lines(lines: list[str]) -> str:
    return "\n".join(lines) if lines else NOTHING


def _ask_line(ask: bills.AskRow) -> str:
    on = f" On: {'; '.join(ask.items)}." if ask.items else ""
    of = f" Sought of {ask.target}." if ask.target else ""
    return f"{ask.text}.{of}{on}"


def _intervention_section(
    session: Session, intervention: Intervention, number: int, since: date, until: date, as_of: date
) -> Section:
    streams = list(intervention.work_streams)
    stream_ids = [s.id for s in streams]
    items = _items(session, stream_ids)
    asks = [a for stream in streams for a in bills.ask_rows(session, work_stream_id=stream.id)]

    aims = [intervention.aim] if intervention.aim else []
    aims += [f"{s.title}: {s.objective}" if s.objective else s.title for s in streams]
    if items:
        aims.append("Policy items: " + "; ".join(f"{i.title} ({i.kind.label})" for i in items) + ".")

    sought = [_ask_line(a) for a in asks]

    achieved: list[tuple[date, str]] = []
    for ask in asks:
        if ask.status in WON and ask.decided_on is not None and since <= ask.decided_on <= until:
            where = ask.decided_where or ask.decided_stage
            at = f" ({where})" if where else ""
            outcome = f" {ask.outcome}" if ask.outcome else ""
            achieved.append(
                (
                    ask.decided_on,
                    f"{short_date(ask.decided_on)}{at}: {ask.text}: {ask.status.label}.{outcome}",
                )
            )
    for item in items:
        if item.responded_on is not None and since <= item.responded_on <= until:
            achieved.append(
                (
                    item.responded_on,
                    f"{short_date(item.responded_on)}: our response to the {item.title} went.",
                )
            )
    for note in session.scalars(
        select(ProgressNote)
        .where(ProgressNote.intervention_id == intervention.id)
        .order_by(ProgressNote.noted_on, ProgressNote.id)
    ):
        if since <= note.noted_on <= until:
            achieved.append((note.noted_on, f"{short_date(note.noted_on)}: {note.text}"))
    achieved.sort(key=lambda a: a[0])

    remains = [f"{a.text}: {a.status.label}." for a in asks if a.status not in WON]
    remains += [f"{i.title}: {i.status}." for i in items if i.status and i.responded_on is None]

    steps = []
    item_ids = {i.id for i in items}
    for action in decisions.action_rows(session, board_id=intervention.board_id):
        linked = action.intervention_id == intervention.id or (action.item_id in item_ids)
        if linked and action.done_on is None:
            steps.append(action.line + ".")
    for item in items:
        if item.closes_on is not None and item.closes_on > as_of:
            steps.append(
                f"{item.title}: {'closes' if item.kind is PolicyItemKind.CONSULTATION else 'due'}"
                f" {short_date(item.closes_on)}."
            )

    key = f"intervention:{intervention.id}"
    return Section(
        f"{number}. {intervention.title}",
        (
            Entry(f"{key}:aim", "What we set out to do", _lines(aims)),
            Entry(f"{key}:sought", "What we sought", _lines(sought)),
            Entry(f"{key}:achieved", "What was achieved and when", _lines([a for _d, a in achieved])),
            Entry(f"{key}:remains", "What remains", _lines(remains)),
            Entry(f"{key}:next", "Next steps", _lines(steps)),
        ),
    )


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def year_figures(session: Session, since: date, until: date) -> tuple[Figure, ...]:
    """The period's charts: the association's held meetings per quarter by report section, asks
    won and lost per year of decision, and the bodies met most; each caption says what is counted."""
    span = f"from {short_date(since)} to {short_date(until)}"
    quarters = home.meetings_per_quarter(session, since, until)
    member = sum(quarters.by_section.get(ReportSection.MEMBER_ACTIVITY, ()))
    officer = sum(quarters.by_section.get(ReportSection.OFFICER_ACTIVITY, ()))
    meetings_caption = (
        f"The association's held meetings recorded {span}, per quarter, by the report section each"
        f" is in: {_count(quarters.total, 'meeting')} ({member} member activity, {officer} officer activity)."
        if quarters.total
        else f"No held meetings are recorded {span}."
    )
    asks = home.asks_by_year(session, since, until)
    asks_caption = (
        f"Asks decided {span}, by the year of the decision: {sum(asks.won)} won (conceded, partly"
        f" conceded or an assurance given), {sum(asks.lost)} lost (rejected),"
        f" {sum(asks.other)} withdrawn. Asks still pending are not counted."
        if asks.total
        else f"No asks are recorded as decided {span}."
    )
    engaged = home.engaged_bodies(session, since, until)
    engaged_caption = (
        f"The {_count(len(engaged.bodies), 'body', 'bodies')} the association met most often {span},"
        " with their held meetings per quarter."
        if engaged.bodies
        else f"No held meetings with outside bodies are recorded {span}."
    )
    return (
        Figure(
            "meetings-per-quarter", "Meetings per quarter", meetings_caption, "meetings-per-quarter", quarters
        ),
        Figure("asks-won-lost", "Asks won and lost", asks_caption, "asks-won-lost", asks),
        Figure(
            "engaged-bodies",
            "The bodies met most",
            engaged_caption,
            "engaged-bodies",
            engaged,
            aspect=0.5 + 0.03 * len(engaged.bodies),
        ),
    )


def year_paper(
    session: Session, board_id: int, since: date, until: date, as_of: date, *, charts: bool = True
) -> Paper:
    """The end-of-year report for the board's interventions of the cycles the period touches; with
    `charts`, the period's charts (year_figures) after them."""
    board = boards.get(session, board_id)
    interventions = [
        i
        for i in session.scalars(
            select(Intervention)
            .where(Intervention.board_id == board_id)
            .order_by(Intervention.cycle, Intervention.position, Intervention.id)
        )
        if _overlaps(i.cycle, since, until)
    ]
    cycles = sorted({i.cycle for i in interventions})
    sections = tuple(
        _intervention_section(session, intervention, number, since, until, as_of)
        for number, intervention in enumerate(interventions, start=1)
    )
    taken = [d for d in decisions.decision_rows(session, board_id=board_id) if d.decided_on == as_of]
    if taken:
        decided = "\n".join(f"{n}. {d.text}" for n, d in enumerate(taken, start=1))
    elif cycles:
        decided = (
            "Board Members are invited to note progress on the policy interventions agreed for the"
            f" {' and '.join(cycles)} {'cycle' if len(cycles) == 1 else 'cycles'}."
        )
    else:  # nothing recorded for the period: the paper says so rather than inventing a cycle
        decided = "No policy interventions are recorded for this period."
    required = [
        a
        for a in decisions.action_rows(session, board_id=board_id)
        if a.agreed_on == as_of and a.intervention_id is None and a.item_id is None
    ]
    actions = "\n".join(f"{a.text}. Action by: {a.owner}" if a.owner else a.text for a in required)
    contact = None
    officer_id = boards.officer_on(board, as_of)
    person = session.get(Person, officer_id) if officer_id is not None else None
    if person is not None:
        contact = ContactOfficer(display_name(person.title, person.name), person.phone, person.email)
    return Paper(
        board=board.name,
        item="",
        date=as_of,
        title=TITLE,
        summary=f"Decisions\n{decided}",
        action=actions or "Officers to action as necessary.",
        contact=contact,
        sections=sections,
        period_start=since,
        period_end=until,
        numbered=board.numbered_paragraphs,
        action_heading="Actions Required",
        template=board.template_path,
        figures=year_figures(session, since, until) if charts else (),
        figures_heading="The year in figures",
    )
