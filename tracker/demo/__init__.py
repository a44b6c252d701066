"""The demonstration database: the seed board papers' real bodies, people, themes and meetings."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Meeting, Organisation, Person
from db.vocabulary import (
    AppointmentRole,
    AskStatus,
    AttendanceRole,
    BillType,
    BodyRole,
    CouncilType,
    DatePrecision,
    House,
    MeetingKind,
    OrganisationKind,
    PersonKind,
    ReportSection,
)
from tracker import boards, duties, meetings
from tracker.common.errors import DomainError
from tracker.demo import programme as demo_programme
from tracker.demo import stakeholders as demo_stakeholders
from tracker.directory import organisations, people
from tracker.lobbying import bills, themes

DEMO_FILE = Path(__file__).resolve().parents[2] / "resources" / "demo" / "safer_communities.json"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class DemoSummary:
    organisations: int
    people: int
    themes: int
    meetings: int
    boards: int
    appointments: int
    bills: int
    asks: int


def _date(text: str | None) -> date | None:
    return None if not text else date.fromisoformat(text)


def _notes(record: dict[str, Any], sources: dict[str, str]) -> str:
    source = record.get("source")
    cited = f"From paper {source}: {sources[source]}" if source in sources else ""
    return "\n\n".join(n for n in (record.get("notes", ""), cited) if n)


def _stored_id(record_id: int | None) -> int:
    assert record_id is not None, "a stored record has an id"
    return record_id


def build(session: Session, data_file: Path = DEMO_FILE, progress: Progress = lambda _: None) -> DemoSummary:
    """Fill an empty database with the seed papers' records, through the same services a user uses."""
    held = session.scalar(select(func.count()).select_from(Organisation)) or 0
    held += session.scalar(select(func.count()).select_from(Meeting)) or 0
    held += session.scalar(select(func.count()).select_from(Person)) or 0
    if held:
        raise DomainError("The demo is built into an empty database, and this one already holds records.")
    data = json.loads(data_file.read_text(encoding="utf-8"))
    sources: dict[str, str] = data["sources"]

    progress("organisations")
    org_ids: dict[str, int] = {}
    for record in data["organisations"]:
        body = organisations.OrganisationDraft(
            name=record["name"],
            kind=OrganisationKind(record["kind"]),
            acronym=record.get("acronym", ""),
            aliases=tuple(record.get("aliases", ())),
            council_type=CouncilType(record["council_type"]) if record.get("council_type") else None,
            notes=_notes(record, sources),
        )
        org_ids[record["key"]] = _stored_id(organisations.create(session, body, allow_similar=True).id)
    for record in data["organisations"]:
        if record.get("parent") or record.get("successor"):
            stored = organisations.get(session, org_ids[record["key"]])
            organisations.update(
                session,
                replace(
                    stored,
                    parent_id=org_ids[record["parent"]] if record.get("parent") else None,
                    successor_id=org_ids[record["successor"]] if record.get("successor") else None,
                ),
                allow_similar=True,
            )

    progress("people")
    person_ids: dict[str, int] = {}
    for record in data["people"]:
        person = people.PersonDraft(
            name=record["name"],
            kind=PersonKind(record["kind"]),
            title=record.get("title", ""),
            organisation_id=org_ids[record["organisation"]] if record.get("organisation") else None,
            party=record.get("party", ""),
            email=record.get("email", ""),
            phone=record.get("phone", ""),
            notes=_notes(record, sources),
            positions=tuple(
                people.PositionEntry(
                    role=p["role"],
                    organisation_id=org_ids[p["organisation"]] if p.get("organisation") else None,
                    started_on=_date(p.get("from")),
                    ended_on=_date(p.get("to")),
                )
                for p in record.get("positions", ())
            ),
        )
        person_ids[record["key"]] = _stored_id(people.create(session, person, allow_similar=True).id)

    progress("themes")
    theme_ids: dict[str, int] = {}
    for record in data["themes"]:
        created = themes.create(session, themes.ThemeDraft(record["name"], record.get("description", "")))
        theme_ids[record["key"]] = _stored_id(created.id)

    progress("meetings")
    for record in data["meetings"]:
        meeting = meetings.MeetingDraft(
            title=record["title"],
            held_on=_date(record["held_on"]),
            kind=MeetingKind(record["kind"]),
            date_precision=DatePrecision(record.get("date_precision", "day")),
            date_written=record.get("date_written", ""),
            location=record.get("location", ""),
            bodies=tuple(
                meetings.BodyEntry(org_ids[b["organisation"]], BodyRole(b["role"])) for b in record["bodies"]
            ),
            attendees=tuple(
                meetings.AttendeeEntry(person_ids[a["person"]], AttendanceRole(a["role"]))
                for a in record["attendees"]
            ),
            theme_ids=tuple(theme_ids[t] for t in record.get("themes", ())),
            summary=record.get("summary", ""),
            outcome=record.get("outcome", ""),
            follow_ups=tuple(
                meetings.FollowUpEntry(
                    f["text"],
                    person_ids[f["owner"]] if f.get("owner") else None,
                    _date(f.get("due_on")),
                    bool(f.get("done", False)),
                )
                for f in record.get("follow_ups", ())
            ),
            confidential=bool(record.get("confidential", False)),
            report_section=ReportSection(record["report_section"]),
            report_heading=record.get("report_heading", ""),
            notes=_notes(record, sources),
        )
        meetings.log(session, meeting)

    progress("boards")
    for record in data.get("boards", ()):
        boards.create(
            session,
            boards.BoardDraft(
                name=record["name"],
                contact_officer_id=person_ids[record["contact_officer"]]
                if record.get("contact_officer")
                else None,
                organisation_id=org_ids[record["organisation"]] if record.get("organisation") else None,
                meeting_dates=tuple(date.fromisoformat(d) for d in record.get("meeting_dates", ())),
                officers=tuple(
                    boards.OfficerTerm(person_ids[o["person"]], _date(o.get("from")), _date(o.get("to")))
                    for o in record.get("officers", ())
                ),
                notes=_notes(record, sources),
            ),
        )

    progress("appointments")
    for record in data.get("appointments", ()):
        duties.appoint(
            session,
            duties.AppointmentDraft(
                person_id=person_ids[record["person"]],
                organisation_id=org_ids[record["organisation"]],
                role=AppointmentRole(record["role"]),
                term_start=_date(record.get("term_start")),
                term_end=_date(record.get("term_end")),
                appointed_by=record.get("appointed_by", ""),
                appointed_on=_date(record.get("appointed_on")),
                report_back_expected=bool(record.get("report_back_expected", True)),
                notes=_notes(record, sources),
            ),
        )

    progress("bills")
    meeting_ids = {m.title: m.id for m in session.scalars(select(Meeting))}
    bill_ids: dict[str, int] = {}
    for record in data.get("bills", ()):
        bill = bills.create(
            session,
            bills.BillDraft(
                title=record["title"],
                session=record.get("session", ""),
                bill_type=BillType(record["bill_type"]),
                act_title=record.get("act_title", ""),
                notes=_notes(record, sources),
                stages=tuple(
                    bills.StageEntry(House(s["house"]), s["stage"], _date(s.get("sitting_on")), n)
                    for n, s in enumerate(record.get("stages", ()), start=1)
                ),
            ),
        )
        bill_ids[record["key"]] = _stored_id(bill.id)
        for title in record.get("meetings", ()):
            bills.set_meeting_links(session, meeting_ids[title], (bill_ids[record["key"]],), ())
    for record in data.get("asks", ()):
        bill = bills.get(session, bill_ids[record["bill"]])
        stage_id = None
        if record.get("decided_stage"):
            wanted = record["decided_stage"]
            stage_id = next(
                s.id for s in bill.stages if s.house is House(wanted["house"]) and s.stage == wanted["stage"]
            )
        bills.add_ask(
            session,
            bills.AskDraft(
                bill_id=_stored_id(bill.id),
                text=record["text"],
                status=AskStatus(record["status"]),
                outcome=record.get("outcome", ""),
                decided_on=_date(record.get("decided_on")),
                decided_stage_id=stage_id,
                notes=_notes(record, sources),
                meeting_ids=tuple(meeting_ids[t] for t in record.get("meetings", ())),
            ),
        )
    demo_programme.build(session, org_ids, person_ids, theme_ids, bill_ids, sources)
    demo_stakeholders.build(session, org_ids, bill_ids, person_ids["emma-varley"])  # 003's contact officer
    return DemoSummary(
        len(org_ids),
        len(person_ids),
        len(theme_ids),
        len(data["meetings"]),
        len(data.get("boards", ())),
        len(data.get("appointments", ())),
        len(bill_ids),
        len(data.get("asks", ())),
    )
