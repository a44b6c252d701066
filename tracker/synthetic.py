"""A synthetic archive of a realistic shape, the same for the same seed: for benchmarks and load tests.

Twenty years of one team's dealings: bodies with parents, aliases and successors; members,
officers and outside contacts with posts; meetings with their bodies, attendees and roles, themes,
bills, asks and follow-ups; appointments and a board with its meeting dates. Everything is
written with bulk inserts (one executemany per table and batch), never through the unit of work,
and fills the meetings list's labels; the full-text index is kept by migration 0003's triggers.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from db.models import (
    Appointment,
    Ask,
    Attendance,
    Base,
    Bill,
    BillStage,
    Board,
    BoardMeeting,
    FollowUp,
    Meeting,
    MeetingAsk,
    MeetingBill,
    MeetingOrganisation,
    MeetingTheme,
    Organisation,
    OrganisationAlias,
    Person,
    Position,
    Theme,
)
from db.programme import AskPolicyItem, PolicyItem, PolicyItemKind
from db.vocabulary import (
    AppointmentRole,
    AskStatus,
    AttendanceRole,
    BillType,
    BodyRole,
    DatePrecision,
    House,
    MeetingKind,
    OrganisationKind,
    PersonKind,
    ReportSection,
)
from tracker import search
from tracker.common.errors import DomainError
from tracker.meeting_labels import bodies_label, people_label
from tracker.meetings import default_section

BOARD_NAME = "Safer Communities Board"
OWN_NAME, OWN_ACRONYM = "Local Government Association", "LGA"
FIRST_DAY = date(2006, 1, 1)
_BATCH = 20_000

Progress = Callable[[str, int, int], None]  # (what, done, of)


@dataclass(frozen=True)
class Shape:
    """How much to make. `for_meetings` scales the rest to the issue's 100,000-meeting archive."""

    meetings: int = 100_000
    organisations: int = 3_000
    people: int = 10_000
    attendances_per_meeting: float = 3.0
    years: int = 20
    themes: int = 40
    bills: int = 240
    appointments: int = 900

    @classmethod
    def for_meetings(cls, meetings: int) -> Shape:
        share = meetings / 100_000
        return cls(
            meetings=meetings,
            organisations=max(30, round(3_000 * share)),
            people=max(60, round(10_000 * share)),
            themes=max(8, min(40, round(40 * share**0.5))),
            bills=max(6, round(240 * share)),
            appointments=max(10, round(900 * share)),
        )


@dataclass(frozen=True)
class Made:
    """What was written, table by table."""

    counts: dict[str, int]
    first_day: date
    last_day: date


class NotEmpty(DomainError):
    """Synthetic records go into an empty database only: they would bury real ones."""


def _words(text: str) -> tuple[str, ...]:
    """A word list written "; "-separated over several lines."""
    return tuple(" ".join(w.split()) for w in text.split(";") if w.strip())


# Word stock for names: enough combinations for thousands of distinct bodies and people.


_PLACES = _words(
    """
    North West; North East; Yorkshire; East Midlands; West Midlands; Eastern; London; South East; South
    West; Wales; Northumbria; Cumbria; Lancashire; Merseyside; Greater Manchester; Cheshire; Durham;
    Cleveland; Humberside; Lincolnshire; Nottinghamshire; Derbyshire; Leicestershire; Staffordshire;
    Warwickshire; Shropshire; Herefordshire; Worcestershire; Gloucestershire; Avon; Somerset; Devon;
    Cornwall; Dorset; Hampshire; Surrey; Sussex; Kent; Essex; Suffolk; Norfolk; Cambridgeshire;
    Bedfordshire; Hertfordshire; Thames Valley; Wiltshire; Gwent; Dyfed-Powys; Birmingham; Leeds;
    Sheffield; Bristol; Newcastle; Liverpool; Coventry; Bradford
    """
)
_SUBJECTS = _words(
    """
    Police; Fire and Rescue; Probation; Community Safety; Youth Justice; Drug Action; Crime Reduction;
    Victim Support; Trading Standards; Licensing; Road Safety; Anti-Social Behaviour; Domestic Violence;
    Reducing Re-offending; Criminal Justice; Neighbourhood Policing; Community Cohesion; Public Health;
    Housing; Regulatory Services
    """
)
_FORMS: tuple[tuple[str, OrganisationKind], ...] = (
    ("Authority", OrganisationKind.PUBLIC_SERVICE),
    ("Board", OrganisationKind.BOARD_OR_GROUP),
    ("Partnership", OrganisationKind.BOARD_OR_GROUP),
    ("Trust", OrganisationKind.PUBLIC_SERVICE),
    ("Service", OrganisationKind.PUBLIC_SERVICE),
    ("Forum", OrganisationKind.VOLUNTARY_BODY),
    ("Network", OrganisationKind.VOLUNTARY_BODY),
    ("Association", OrganisationKind.ASSOCIATION),
    ("Steering Group", OrganisationKind.BOARD_OR_GROUP),
    ("Panel", OrganisationKind.BOARD_OR_GROUP),
    ("Inspectorate", OrganisationKind.INSPECTORATE),
    ("Research Unit", OrganisationKind.RESEARCH_BODY),
)
_NATIONAL = (
    ("Home Office", "HO", OrganisationKind.GOVERNMENT_DEPARTMENT),
    ("Ministry of Justice", "MoJ", OrganisationKind.GOVERNMENT_DEPARTMENT),
    ("Department for Communities and Local Government", "DCLG", OrganisationKind.GOVERNMENT_DEPARTMENT),
    ("Department of Health", "DH", OrganisationKind.GOVERNMENT_DEPARTMENT),
    ("Cabinet Office", "", OrganisationKind.GOVERNMENT_DEPARTMENT),
    ("National Offender Management Service", "NOMS", OrganisationKind.AGENCY),
    ("Association of Police Authorities", "APA", OrganisationKind.ASSOCIATION),
    ("Association of Chief Police Officers", "ACPO", OrganisationKind.ASSOCIATION),
    ("National Crime Reduction Board", "NCRB", OrganisationKind.BOARD_OR_GROUP),
    ("Improvement and Development Agency", "IDeA", OrganisationKind.AGENCY),
    ("Local Authorities Coordinators of Regulatory Services", "LACORS", OrganisationKind.ASSOCIATION),
    ("Youth Justice Board", "YJB", OrganisationKind.BOARD_OR_GROUP),
    ("Audit Commission", "", OrganisationKind.INSPECTORATE),
    ("Her Majesty's Inspectorate of Constabulary", "HMIC", OrganisationKind.INSPECTORATE),
    ("Chief Fire Officers Association", "CFOA", OrganisationKind.ASSOCIATION),
    ("Local Government Information Unit", "LGiU", OrganisationKind.RESEARCH_BODY),
)
_FIRST = _words(
    """
    Alan; Alison; Andrew; Angela; Anne; Barbara; Brian; Carol; Catherine; Charles; Christine; Claire;
    Colin; David; Deborah; Derek; Elizabeth; Emma; Fiona; Frances; Gareth; Geoffrey; Gillian; Graham;
    Helen; Hilary; Ian; Jacqui; James; Janet; Jennifer; John; Jonathan; Julia; Karen; Keith; Kevin;
    Linda; Margaret; Mark; Martin; Mary; Michael; Nicholas; Nigel; Patricia; Paul; Peter; Philip;
    Rachel; Richard; Robert; Rosemary; Ruth; Sarah; Simon; Stephen; Susan; Thomas; Vernon; Aled;
    Bronwen; Siobhan; Declan; Ayesha; Imran; Priya; Rajesh; Sundeep; Yvonne
    """
)
_SURNAMES = _words(
    """
    Adams; Ahmed; Allen; Bailey; Baker; Barnes; Bell; Bennett; Brown; Campbell; Carter; Clarke; Collins;
    Cook; Cooper; Davies; Edwards; Evans; Fisher; Foster; Graham; Green; Griffiths; Hall; Harris;
    Hughes; Hussain; Jackson; James; Jenkins; Johnson; Jones; Kemp; Khan; King; Lee; Lewis; Marshall;
    Martin; Mason; Mills; Mitchell; Moore; Morgan; Morris; Murray; Owen; Parker; Patel; Phillips;
    Powell; Price; Richards; Roberts; Robinson; Rogers; Scott; Shaw; Singh; Smith; Stewart; Taylor;
    Thomas; Thompson; Turner; Walker; Ward; Watson; White; Williams; Wilson; Witherick; Wood; Wright;
    Young; O'Brien; McAllister; Fitzgerald; Gonzalez; Nowak
    """
)
_PARTIES = _words(
    """
    Labour; Conservative; Liberal Democrat; Independent; Plaid Cymru; Green
    """
)
_CONTACT_TITLES = ("", "", "", "Mr", "Ms", "Dr", "Sir", "MP", "Chief Constable", "Baroness")
_POSTS = _words(
    """
    Director; Chief Executive; Head of Policy; Policy Adviser; Chair; Deputy Director; Programme
    Manager; Minister of State; Under Secretary of State; Chief Inspector
    """
)
_THEMES = _words(
    """
    CDRP reform; Reducing re-offending; Anti-social behaviour; Community cohesion; Fire safety;
    Regulatory services; Policing and crime; Youth crime; Drugs and alcohol; Domestic violence; Violence
    against women; Counter-terrorism; Gangs and guns; Licensing; Trading standards; Road safety;
    Emergency planning; Prisons; Probation; Victims and witnesses; Neighbourhood management; Hate crime;
    Cyber crime; Knife crime; Night-time economy; Youth offending; Troubled families; Immigration;
    Prevent; Community justice; Restorative justice; Alcohol harm; Serious organised crime; Modern
    slavery; Child exploitation; Fraud; Safer streets; Police accountability; Community sentences;
    Resettlement
    """
)
_BILL_SUBJECTS = _words(
    """
    Offender Management; Policing and Crime; Criminal Justice; Police Reform and Social Responsibility;
    Anti-social Behaviour, Crime and Policing; Violent Crime Reduction; Licensing; Serious Crime;
    Localism; Fire and Rescue Services; Regulatory Enforcement and Sanctions; Counter-Terrorism;
    Domestic Abuse; Modern Slavery; Victims and Prisoners; Probation Services
    """
)
_STAGES = _words(
    """
    1st reading; 2nd reading; Committee stage; Report stage; 3rd reading; Royal Assent
    """
)
_EVENTS = _words(
    """
    conference; seminar; workshop; round table; summit; annual meeting
    """
)
_TOPICS = _words(
    """
    partnership working; the funding settlement; neighbourhood policing; the new duty; performance
    frameworks; local accountability; data sharing; the consultation; pilot areas; the spending review;
    guidance for councils; the national strategy
    """
)
_KINDS = (
    (MeetingKind.MEETING, 50),
    (MeetingKind.BOARD, 12),
    (MeetingKind.CONFERENCE, 8),
    (MeetingKind.WORKSHOP, 5),
    (MeetingKind.SEMINAR, 5),
    (MeetingKind.CONSULTATION, 5),
    (MeetingKind.WRITTEN_RESPONSE, 5),
    (MeetingKind.CALL, 7),
    (MeetingKind.EVENT, 3),
)
_ROLES = (
    (AttendanceRole.ATTENDED, 55),
    (AttendanceRole.SPOKE, 12),
    (AttendanceRole.PRESENTED, 8),
    (AttendanceRole.CHAIRED, 6),
    (AttendanceRole.REPRESENTED, 10),
    (AttendanceRole.APOLOGIES, 6),
    (AttendanceRole.WRITTEN_SUBMISSION, 3),
)


def _weighted(rng: random.Random, choices: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([c for c, _w in choices], weights=[w for _c, w in choices])[0]


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.replace("-", " ").split() if word[0].isupper())


def _stamp(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 17, 0)


class _Writer:
    """Bulk inserts, a batch at a time, counted per table."""

    def __init__(self, session: Session, progress: Progress | None) -> None:
        self.session = session
        self.progress = progress
        self.counts: dict[str, int] = {}

    def put(self, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
        table = cast(Table, model.__table__)
        for start in range(0, len(rows), _BATCH):
            self.session.execute(insert(table), rows[start : start + _BATCH])
            if self.progress is not None:
                self.progress(table.name, min(start + _BATCH, len(rows)), len(rows))
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)


def _zipf_picker(rng: random.Random, ids: Sequence[int], skew: float = 1.1) -> Callable[[], int]:
    """A picker favouring a few ids, as real work favours a few bodies and people."""
    weights = [1.0 / (rank + 1) ** skew for rank in range(len(ids))]
    order = list(ids)
    rng.shuffle(order)
    cumulative: list[float] = []
    total = 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)

    def pick() -> int:
        return rng.choices(order, cum_weights=cumulative)[0]

    return pick


def generate(session: Session, shape: Shape, seed: int = 2007, progress: Progress | None = None) -> Made:
    """Fill an empty database with `shape`'s records, drawn from `seed`: the same seed, the same rows."""
    held = session.scalar(select(func.count()).select_from(Meeting)) or 0
    held += session.scalar(select(func.count()).select_from(Organisation)) or 0
    if held:
        raise NotEmpty("Synthetic records go into an empty database; this one already holds records.")
    rng = random.Random(seed)
    out = _Writer(session, progress)
    last_day = FIRST_DAY + timedelta(days=round(365.25 * shape.years) - 1)
    made_at = _stamp(FIRST_DAY)
    stamped = {"version": 1, "created_at": made_at, "updated_at": made_at}

    # Bodies: ours, the national ones, then regional ones; a third hang from an earlier body.
    organisations: list[dict[str, Any]] = [
        {"id": 1, "name": OWN_NAME, "acronym": OWN_ACRONYM, "kind": OrganisationKind.OWN_ASSOCIATION}
    ]
    for name, acronym, kind in _NATIONAL[: max(1, shape.organisations - 1)]:
        organisations.append({"id": len(organisations) + 1, "name": name, "acronym": acronym, "kind": kind})
    national = len(organisations)
    seen = {o["name"] for o in organisations}
    while len(organisations) < shape.organisations:
        form, kind = rng.choice(_FORMS)
        name = f"{rng.choice(_PLACES)} {rng.choice(_SUBJECTS)} {form}"
        if name in seen:
            continue
        seen.add(name)
        organisations.append(
            {"id": len(organisations) + 1, "name": name, "acronym": _initials(name), "kind": kind}
        )
    for body in organisations:
        has_parent = body["id"] > national and rng.random() < 0.3
        body["parent_id"] = rng.randint(2, body["id"] - 1) if has_parent else None
        body["successor_id"] = None
        body["notes"] = ""
        body.update(stamped)
    # A body wound up into another (the successor is an earlier row, so one insert satisfies the key).
    for body in rng.sample(organisations[national + 1 :], k=max(0, shape.organisations // 60)):
        body["successor_id"] = rng.randint(national + 1, body["id"] - 1)
    out.put(Organisation, organisations)
    aliases = [
        {"organisation_id": o["id"], "alias": f"{o['name'].split()[0]} {o['acronym']}".strip()}
        for o in organisations[national:]
        if rng.random() < 0.2 and o["acronym"]
    ]
    aliases += [{"organisation_id": o["id"], "alias": f"the {o['name']}"} for o in organisations[1:national]]
    out.put(OrganisationAlias, aliases)

    # People: members (councillors), officers (staff) and outside contacts with employers and posts.
    people: list[dict[str, Any]] = []
    for number in range(1, shape.people + 1):
        roll = rng.random()
        person_kind = (
            PersonKind.MEMBER if roll < 0.08 else PersonKind.OFFICER if roll < 0.15 else PersonKind.CONTACT
        )
        name = f"{rng.choice(_FIRST)} {rng.choice(_SURNAMES)}"
        person: dict[str, Any] = {
            "id": number,
            "name": name,
            "kind": person_kind,
            "title": "Cllr" if person_kind is PersonKind.MEMBER else "",
            "organisation_id": 1 if person_kind is PersonKind.OFFICER else None,
            "party": rng.choice(_PARTIES) if person_kind is PersonKind.MEMBER else "",
            "email": f"{name.lower().replace(' ', '.').replace(chr(39), '')}.{number}@example.org",
            "phone": "",
            "notes": "",
            "erased_at": None,
        }
        if person_kind is PersonKind.CONTACT:
            person["title"] = rng.choice(_CONTACT_TITLES)
            person["organisation_id"] = rng.randint(2, len(organisations))
        person.update(stamped)
        people.append(person)
    out.put(Person, people)
    contacts = [p for p in people if p["kind"] is PersonKind.CONTACT]
    positions = []
    for person in contacts[: len(contacts) // 3]:
        start = FIRST_DAY + timedelta(days=rng.randint(-2000, 5000))
        positions.append(
            {
                "person_id": person["id"],
                "organisation_id": person["organisation_id"],
                "role": rng.choice(_POSTS),
                "started_on": start,
                "ended_on": start + timedelta(days=rng.randint(400, 3000)) if rng.random() < 0.6 else None,
            }
        )
    out.put(Position, positions)

    themes = [
        {"id": i + 1, "name": _THEMES[i] if i < len(_THEMES) else f"Theme {i + 1}", "description": ""}
        | stamped
        for i in range(shape.themes)
    ]
    out.put(Theme, themes)

    # Bills, two a year or so, each with its stages and three asks.
    bills: list[dict[str, Any]] = []
    stages: list[dict[str, Any]] = []
    asks: list[dict[str, Any]] = []
    for number in range(1, shape.bills + 1):
        introduced = FIRST_DAY + timedelta(days=rng.randint(0, (last_day - FIRST_DAY).days - 200))
        subject = _BILL_SUBJECTS[(number - 1) % len(_BILL_SUBJECTS)]
        session_label = f"{introduced.year}-{str(introduced.year + 1)[-2:]}"
        bills.append(
            {
                "id": number,
                "title": f"{subject} Bill",
                "session": f"{session_label} ({number})",
                "bill_type": BillType.GOVERNMENT,
                "act_title": f"{subject} Act {introduced.year + 1}" if rng.random() < 0.7 else "",
                "notes": "",
            }
            | stamped
        )
        for order, stage in enumerate(_STAGES):
            stages.append(
                {
                    "id": len(stages) + 1,
                    "bill_id": number,
                    "house": House.COMMONS if order < 5 else House.BOTH,
                    "stage": stage,
                    "sitting_on": introduced + timedelta(days=30 * order),
                    "sort_order": order,
                }
            )
        for _ask in range(3):
            status = rng.choice(list(AskStatus))
            asks.append(
                {
                    "id": len(asks) + 1,
                    "bill_id": number,
                    "text": f"That councils are consulted on {rng.choice(_TOPICS)}",
                    "target_organisation_id": rng.randint(2, min(national, len(organisations))),
                    "target_person_id": None,
                    "status": status,
                    "outcome": "" if status is AskStatus.PENDING else "Recorded in the bill's passage.",
                    "decided_on": None if status is AskStatus.PENDING else introduced + timedelta(days=120),
                    "decided_stage_id": None,
                    "notes": "",
                }
                | stamped
            )
    # Each bill's policy item (as the bills service keeps one), and each ask linked to it.
    items = [
        {
            "id": bill["id"],
            "kind": PolicyItemKind.BILL,
            "title": bill["title"],
            "bill_id": bill["id"],
            "opens_precision": DatePrecision.DAY,
            "status": "",
            "summary": "",
            "response": "",
            "notes": "",
        }
        | stamped
        for bill in bills
    ]
    ask_items = [{"ask_id": ask["id"], "item_id": ask["bill_id"], "position": 0} for ask in asks]
    for table, rows in ((Bill, bills), (BillStage, stages), (PolicyItem, items), (Ask, asks)):
        out.put(table, rows)
    out.put(AskPolicyItem, ask_items)

    with search.bulk_load(session):
        _meetings(out, rng, shape, organisations, people, themes, bills, asks, last_day)
    _duties(out, rng, shape, organisations, people, last_day, stamped)
    return Made(dict(out.counts), FIRST_DAY, last_day)


def _meetings(
    out: _Writer,
    rng: random.Random,
    shape: Shape,
    organisations: list[dict[str, Any]],
    people: list[dict[str, Any]],
    themes: list[dict[str, Any]],
    bills: list[dict[str, Any]],
    asks: list[dict[str, Any]],
    last_day: date,
) -> None:
    """Meetings in date order (as they are logged), each with its bodies, attendees and themes."""
    span = (last_day - FIRST_DAY).days + 1
    days = sorted(FIRST_DAY + timedelta(days=rng.randrange(span)) for _ in range(shape.meetings))
    body = _zipf_picker(rng, [o["id"] for o in organisations[1:]])
    ours_ids = [p["id"] for p in people if p["kind"] is not PersonKind.CONTACT]
    contact_ids = [p["id"] for p in people if p["kind"] is PersonKind.CONTACT]
    our_person = _zipf_picker(rng, ours_ids, skew=0.9)
    contact = _zipf_picker(rng, contact_ids, skew=0.8)
    by_id = {p["id"]: p for p in people}
    names = {o["id"]: (o["name"], o["acronym"]) for o in organisations}
    theme_ids = [t["id"] for t in themes]
    meetings: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    attendances: list[dict[str, Any]] = []
    themed: list[dict[str, Any]] = []
    billed: list[dict[str, Any]] = []
    asked: list[dict[str, Any]] = []
    follow_ups: list[dict[str, Any]] = []
    mean_people = shape.attendances_per_meeting
    for number, day in enumerate(days, start=1):
        kind: MeetingKind = _weighted(rng, _KINDS)
        bodies = list(dict.fromkeys(body() for _ in range(1 if rng.random() < 0.6 else 2)))
        first = names[bodies[0]]
        short = first[1] or first[0]
        if kind in (MeetingKind.CONFERENCE, MeetingKind.SEMINAR, MeetingKind.WORKSHOP, MeetingKind.EVENT):
            title = f"{short} {rng.choice(_EVENTS)}: {rng.choice(_THEMES)}"
        elif kind in (MeetingKind.CONSULTATION, MeetingKind.WRITTEN_RESPONSE):
            title = f"Response to the {short} consultation on {rng.choice(_TOPICS)}"
        else:
            title = f"{first[0]} {kind.label.lower()} on {rng.choice(_TOPICS)}"
        count = max(1, min(8, round(rng.gauss(mean_people, 1.2))))
        ours = max(1, round(count * 0.6))
        attendee_ids = list(
            dict.fromkeys([our_person() for _ in range(ours)] + [contact() for _ in range(count - ours)])
        )
        roles: list[AttendanceRole] = [_weighted(rng, _ROLES) for _ in attendee_ids]
        section: ReportSection = default_section(
            [(by_id[i]["kind"], role) for i, role in zip(attendee_ids, roles, strict=True)]
        )
        made = _stamp(day)
        meetings.append(
            {
                "id": number,
                "held_on": day,
                "date_precision": DatePrecision.DAY if rng.random() < 0.95 else DatePrecision.MONTH,
                "starts_at": None,
                "title": title,
                "kind": kind,
                "location": "",
                "summary": (
                    f"Discussed {rng.choice(_TOPICS)} and {rng.choice(_TOPICS)} with {short}."
                    if rng.random() < 0.3
                    else ""
                ),
                "outcome": "",
                "confidential": rng.random() < 0.02,
                "report_section": section,
                "report_heading": "",
                "notes": "",
                "source": "synthetic",
                "external_uid": None,
                "return_id": None,
                "bodies_label": bodies_label(names[b] for b in bodies),
                "people_label": people_label((by_id[i]["title"], by_id[i]["name"]) for i in attendee_ids),
                "version": 1,
                "created_at": made,
                "updated_at": made,
            }
        )
        for position, organisation_id in enumerate(bodies):
            body_role = BodyRole.HOST if position == 0 else BodyRole.PARTICIPANT
            links.append(
                {
                    "meeting_id": number,
                    "organisation_id": organisation_id,
                    "role": body_role,
                    "position": position,
                }
            )
        for position, (person_id, role) in enumerate(zip(attendee_ids, roles, strict=True)):
            attendances.append(
                {
                    "id": len(attendances) + 1,
                    "meeting_id": number,
                    "person_id": person_id,
                    "role": role,
                    "position": position,
                    "reported_back_on": None,
                }
            )
        for theme_id in rng.sample(theme_ids, k=rng.choice((1, 1, 2))):
            themed.append({"meeting_id": number, "theme_id": theme_id})
        if rng.random() < 0.06:
            bill = rng.choice(bills)
            billed.append({"meeting_id": number, "bill_id": bill["id"]})
            ask = asks[(bill["id"] - 1) * 3 + rng.randrange(3)]
            asked.append({"meeting_id": number, "ask_id": ask["id"]})
        if rng.random() < 0.1:
            follow_ups.append(
                {
                    "meeting_id": number,
                    "text": f"Send a note on {rng.choice(_TOPICS)}",
                    "owner_id": attendee_ids[0],
                    "due_on": day + timedelta(days=14),
                    "done": day < last_day - timedelta(days=90),
                    "position": 0,
                }
            )
    out.put(Meeting, meetings)
    out.put(MeetingOrganisation, links)
    out.put(Attendance, attendances)
    out.put(MeetingTheme, themed)
    out.put(MeetingBill, billed)
    out.put(MeetingAsk, asked)
    out.put(FollowUp, follow_ups)


def _duties(
    out: _Writer,
    rng: random.Random,
    shape: Shape,
    organisations: list[dict[str, Any]],
    people: list[dict[str, Any]],
    last_day: date,
    stamped: dict[str, Any],
) -> None:
    """Members' and officers' appointments to bodies over terms, and the board the report goes to."""
    ours = [p for p in people if p["kind"] is not PersonKind.CONTACT]
    appointments = []
    for number in range(1, shape.appointments + 1):
        start = FIRST_DAY + timedelta(days=rng.randint(0, (last_day - FIRST_DAY).days))
        ends = start + timedelta(days=rng.choice((365, 730, 1095)))
        appointments.append(
            {
                "id": number,
                "person_id": rng.choice(ours)["id"],
                "organisation_id": rng.randint(2, len(organisations)),
                "role": rng.choice(list(AppointmentRole)),
                "term_start": start,
                "term_end": ends if rng.random() < 0.85 else None,
                "appointed_by": f"{BOARD_NAME}, {start.year}",
                "appointed_on": start,
                "report_back_expected": rng.random() < 0.7,
                "predecessor_id": None,
                "notes": "",
            }
            | stamped
        )
    out.put(Appointment, appointments)
    officer = next((p["id"] for p in people if p["kind"] is PersonKind.OFFICER), None)
    out.put(
        Board,
        [
            {"id": 1, "name": BOARD_NAME, "organisation_id": 1, "contact_officer_id": officer, "notes": ""}
            | stamped
        ],
    )
    sittings = []
    day = FIRST_DAY + timedelta(days=40)
    while day <= last_day:
        sittings.append({"board_id": 1, "meets_on": day})
        day += timedelta(days=91)
    out.put(BoardMeeting, sittings)
