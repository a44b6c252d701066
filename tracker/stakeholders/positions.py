"""Stakeholders' positions: dated stances with their source (each adding to a history), and the
influence, interest and engagement assessed overall or per policy item."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Ask, Meeting, Organisation, Person
from db.programme import PolicyItem
from db.stakeholders import (
    Engagement,
    OrganisationFounding,
    StakeholderAssessment,
    StakeholderStance,
    Stance,
    StanceSource,
)
from tracker.common.dates import short_date
from tracker.common.errors import EditConflict, InvalidRecord, NotFound
from tracker.directory.names import body_label, display_name

if TYPE_CHECKING:
    from tracker.io.exports import Sheet

SCALE = range(1, 6)


@dataclass(frozen=True)
class StanceDraft:
    """A stance of one body (organisation_id) or one person (person_id), on a policy item, an ask,
    or overall (neither)."""

    stance: Stance
    stated_on: date
    source_kind: StanceSource
    organisation_id: int | None = None
    person_id: int | None = None
    item_id: int | None = None
    ask_id: int | None = None
    source_meeting_id: int | None = None
    source_text: str = ""
    notes: str = ""
    id: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class StanceRow:
    """A stance as the history, the pages and the export show it."""

    id: int
    record: str  # "organisation" or "person"
    record_id: int
    stakeholder: str
    subject: str  # the policy item's or ask's title, or "overall"
    item_id: int | None
    ask_id: int | None
    stance: Stance
    stated_on: date
    source: str  # "meeting: NCRB, 12 Mar 2009", "paper: Paper 002 ..."
    source_meeting_id: int | None
    current: bool  # the latest on its stakeholder and subject

    @property
    def when(self) -> str:
        return short_date(self.stated_on)


@dataclass(frozen=True)
class AssessmentDraft:
    """Influence and interest (1-5) of one body or person, overall (item_id None) or on one item,
    with current and desired engagement and the action planned to close the gap."""

    influence: int
    interest: int
    organisation_id: int | None = None
    person_id: int | None = None
    item_id: int | None = None
    current_engagement: Engagement | None = None
    desired_engagement: Engagement | None = None
    planned_action: str = ""
    action_owner_id: int | None = None
    assessed_on: date | None = None
    notes: str = ""
    id: int | None = None
    version: int | None = None


def _stakeholder_problems(
    session: Session, organisation_id: int | None, person_id: int | None
) -> dict[str, str]:
    if (organisation_id is None) == (person_id is None):
        return {"stakeholder": "Choose one body or one person whose position this is."}
    if organisation_id is not None and session.get(Organisation, organisation_id) is None:
        return {"stakeholder": f"Organisation #{organisation_id} no longer exists."}
    if person_id is not None and session.get(Person, person_id) is None:
        return {"stakeholder": f"Person #{person_id} no longer exists."}
    return {}


def founded_on(session: Session, organisation_id: int) -> date | None:
    """When the body came into being, if that is recorded."""
    founding = session.get(OrganisationFounding, organisation_id)
    return None if founding is None else founding.founded_on


def record_founding(session: Session, organisation_id: int, on: date, source: str = "") -> None:
    """Record (or correct) when a body came into being; refused if a stance is dated before it."""
    if session.get(Organisation, organisation_id) is None:
        raise NotFound(f"Organisation #{organisation_id} no longer exists.")
    earlier = session.scalar(
        select(StakeholderStance.stated_on)
        .where(StakeholderStance.organisation_id == organisation_id, StakeholderStance.stated_on < on)
        .order_by(StakeholderStance.stated_on)
        .limit(1)
    )
    if earlier is not None:
        raise InvalidRecord(
            {"founded_on": f"A stance of this body is dated {short_date(earlier)}, before {short_date(on)}."}
        )
    founding = session.get(OrganisationFounding, organisation_id)
    if founding is None:
        founding = OrganisationFounding(organisation_id=organisation_id)
        session.add(founding)
    founding.founded_on, founding.source = on, " ".join(source.split())
    session.flush()


def _validate_stance(session: Session, draft: StanceDraft) -> StanceDraft:
    draft = replace(draft, source_text=" ".join(draft.source_text.split()), notes=draft.notes.strip())
    problems = _stakeholder_problems(session, draft.organisation_id, draft.person_id)
    try:
        draft = replace(draft, stance=Stance(draft.stance))
    except ValueError:
        problems["stance"] = f"Choose a stance: {', '.join(s.label for s in Stance)}."
    try:
        draft = replace(draft, source_kind=StanceSource(draft.source_kind))
    except ValueError:
        problems["source_kind"] = f"Choose where it was learnt: {', '.join(s.label for s in StanceSource)}."
    if draft.item_id is not None and draft.ask_id is not None:
        problems["item_id"] = "A stance is on one policy item or one ask, not both: record two stances."
    if draft.item_id is not None and session.get(PolicyItem, draft.item_id) is None:
        problems["item_id"] = f"Policy item #{draft.item_id} no longer exists."
    if draft.ask_id is not None and session.get(Ask, draft.ask_id) is None:
        problems["ask_id"] = f"Ask #{draft.ask_id} no longer exists."
    if draft.source_meeting_id is not None:
        meeting = session.get(Meeting, draft.source_meeting_id)
        if meeting is None:
            problems["source_meeting_id"] = f"Meeting #{draft.source_meeting_id} no longer exists."
        elif meeting.held_on > draft.stated_on:
            problems["stated_on"] = (
                f"The stance is dated {short_date(draft.stated_on)}, before the meeting it was learnt at"
                f" ({short_date(meeting.held_on)})."
            )
    elif draft.source_kind == StanceSource.MEETING and not draft.source_text:
        problems["source_meeting_id"] = "Say which meeting the stance was learnt at."
    if (
        draft.source_kind in (StanceSource.LETTER, StanceSource.PUBLIC_STATEMENT, StanceSource.PAPER)
        and (not draft.source_text)
        and "source_kind" not in problems
    ):
        problems["source_text"] = f"Cite the {draft.source_kind.label} the stance comes from."
    if draft.organisation_id is not None and "stakeholder" not in problems:
        founded = founded_on(session, draft.organisation_id)
        if founded is not None and draft.stated_on < founded:
            name = session.get(Organisation, draft.organisation_id)
            assert name is not None
            problems["stated_on"] = (
                f"{name.name} came into being on {short_date(founded)}; a stance cannot be dated"
                f" {short_date(draft.stated_on)}."
            )
    if problems:
        raise InvalidRecord(problems)
    return draft


def _stance_draft(stance: StakeholderStance) -> StanceDraft:
    return StanceDraft(
        stance.stance,
        stance.stated_on,
        stance.source_kind,
        stance.organisation_id,
        stance.person_id,
        stance.item_id,
        stance.ask_id,
        stance.source_meeting_id,
        stance.source_text,
        stance.notes,
        stance.id,
        stance.version,
    )


def _apply_stance(stance: StakeholderStance, draft: StanceDraft) -> None:
    stance.stance, stance.stated_on, stance.source_kind = draft.stance, draft.stated_on, draft.source_kind
    stance.organisation_id, stance.person_id = draft.organisation_id, draft.person_id
    stance.item_id, stance.ask_id = draft.item_id, draft.ask_id
    stance.source_meeting_id, stance.source_text, stance.notes = (
        draft.source_meeting_id,
        draft.source_text,
        draft.notes,
    )


def record_stance(session: Session, draft: StanceDraft) -> StanceDraft:
    """A stance as learnt on a day: added to the stakeholder's history, the earlier ones kept."""
    draft = _validate_stance(session, replace(draft, id=None, version=None))
    stance = StakeholderStance()
    _apply_stance(stance, draft)
    session.add(stance)
    session.flush()
    return _stance_draft(stance)


def _get_stance(session: Session, stance_id: int) -> StakeholderStance:
    stance = session.get(StakeholderStance, stance_id)
    if stance is None:
        raise NotFound(f"Stance #{stance_id} no longer exists.")
    return stance


def get_stance(session: Session, stance_id: int) -> StanceDraft:
    return _stance_draft(_get_stance(session, stance_id))


def update_stance(session: Session, draft: StanceDraft) -> StanceDraft:
    """A correction of a stance as recorded (the wrong day, the wrong source): not a new stance."""
    if draft.id is None:
        raise NotFound("That stance has not been saved yet.")
    stance = _get_stance(session, draft.id)
    if draft.version is not None and draft.version != stance.version:
        raise EditConflict("The stance was changed by someone else since you opened it; nothing was saved.")
    draft = _validate_stance(session, draft)
    _apply_stance(stance, draft)
    session.flush()
    return _stance_draft(stance)


def delete_stance(session: Session, stance_id: int) -> StanceDraft:
    stance = _get_stance(session, stance_id)
    snapshot = _stance_draft(stance)
    session.delete(stance)
    session.flush()
    return snapshot


def restore_stance(session: Session, snapshot: StanceDraft) -> StanceDraft:
    """Put back a deleted stance under its old id (undo of a delete, or of a recording)."""
    if snapshot.id is not None and session.get(StakeholderStance, snapshot.id) is not None:
        raise EditConflict("That stance is already present.")
    draft = _validate_stance(session, snapshot)
    stance = StakeholderStance(id=snapshot.id)
    _apply_stance(stance, draft)
    session.add(stance)
    session.flush()
    return _stance_draft(stance)


def _names(session: Session, rows: list[StakeholderStance]) -> dict[tuple[str, int], str]:
    org_ids = {r.organisation_id for r in rows if r.organisation_id is not None}
    person_ids = {r.person_id for r in rows if r.person_id is not None}
    names: dict[tuple[str, int], str] = {}
    if org_ids:
        for org_id, name, acronym in session.execute(
            select(Organisation.id, Organisation.name, Organisation.acronym).where(
                Organisation.id.in_(org_ids)
            )
        ):
            names["organisation", org_id] = body_label(name, acronym)
    if person_ids:
        for person_id, title, name in session.execute(
            select(Person.id, Person.title, Person.name).where(Person.id.in_(person_ids))
        ):
            names["person", person_id] = display_name(title, name)
    return names


def _subjects(session: Session, rows: list[StakeholderStance]) -> dict[tuple[str, int], str]:
    item_ids = {r.item_id for r in rows if r.item_id is not None}
    ask_ids = {r.ask_id for r in rows if r.ask_id is not None}
    found: dict[tuple[str, int], str] = {}
    if item_ids:
        for item_id, title in session.execute(
            select(PolicyItem.id, PolicyItem.title).where(PolicyItem.id.in_(item_ids))
        ):
            found["item", item_id] = title
    if ask_ids:
        for ask_id, text in session.execute(select(Ask.id, Ask.text).where(Ask.id.in_(ask_ids))):
            found["ask", ask_id] = f"ask: {text}"
    return found


def _meetings(session: Session, rows: list[StakeholderStance]) -> dict[int, str]:
    ids = {r.source_meeting_id for r in rows if r.source_meeting_id is not None}
    if not ids:
        return {}
    return {
        meeting_id: f"{title}, {short_date(held_on, precision)}"
        for meeting_id, title, held_on, precision in session.execute(
            select(Meeting.id, Meeting.title, Meeting.held_on, Meeting.date_precision).where(
                Meeting.id.in_(ids)
            )
        )
    }


def stance_rows(session: Session, stances: list[StakeholderStance]) -> list[StanceRow]:
    """Stances (oldest first) as rows, the latest on each stakeholder and subject marked current."""
    names = _names(session, stances)
    subjects = _subjects(session, stances)
    meetings = _meetings(session, stances)
    latest: dict[tuple[int | None, int | None, int | None, int | None], int] = {}
    for s in sorted(stances, key=lambda s: (s.stated_on, s.id)):
        latest[s.organisation_id, s.person_id, s.item_id, s.ask_id] = s.id
    rows = []
    for s in stances:
        record, record_id = (
            ("organisation", s.organisation_id) if s.organisation_id else ("person", s.person_id)
        )
        assert record_id is not None
        if s.item_id is not None:
            subject = subjects.get(("item", s.item_id), "")
        elif s.ask_id is not None:
            subject = subjects.get(("ask", s.ask_id), "")
        else:
            subject = "overall"
        where = meetings.get(s.source_meeting_id, "") if s.source_meeting_id else ""
        source = "; ".join(p for p in (where, s.source_text) if p)
        rows.append(
            StanceRow(
                s.id,
                record,
                record_id,
                names.get((record, record_id), ""),
                subject,
                s.item_id,
                s.ask_id,
                s.stance,
                s.stated_on,
                f"{s.source_kind.label}: {source}" if source else s.source_kind.label,
                s.source_meeting_id,
                latest[s.organisation_id, s.person_id, s.item_id, s.ask_id] == s.id,
            )
        )
    return rows


def history(
    session: Session,
    *,
    organisation_id: int | None = None,
    person_id: int | None = None,
    item_id: int | None = None,
) -> list[StanceRow]:
    """The stances held, oldest first: of one body or person, on one item, or all of them."""
    statement = select(StakeholderStance).order_by(StakeholderStance.stated_on, StakeholderStance.id)
    if organisation_id is not None:
        statement = statement.where(StakeholderStance.organisation_id == organisation_id)
    if person_id is not None:
        statement = statement.where(StakeholderStance.person_id == person_id)
    if item_id is not None:
        statement = statement.where(StakeholderStance.item_id == item_id)
    return stance_rows(session, list(session.scalars(statement)))


def current(
    session: Session,
    *,
    organisation_id: int | None = None,
    person_id: int | None = None,
    item_id: int | None = None,
) -> list[StanceRow]:
    """The latest stance on each subject."""
    return [
        r
        for r in history(session, organisation_id=organisation_id, person_id=person_id, item_id=item_id)
        if r.current
    ]


def _validate_assessment(session: Session, draft: AssessmentDraft) -> AssessmentDraft:
    draft = replace(draft, planned_action=draft.planned_action.strip(), notes=draft.notes.strip())
    problems = _stakeholder_problems(session, draft.organisation_id, draft.person_id)
    for field in ("influence", "interest"):
        value = getattr(draft, field)
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
            problems[field] = f"{field.capitalize()} is from 1 (least) to 5 (most), not {value}."
    if draft.item_id is not None and session.get(PolicyItem, draft.item_id) is None:
        problems["item_id"] = f"Policy item #{draft.item_id} no longer exists."
    gap = draft.desired_engagement is not None and draft.desired_engagement != draft.current_engagement
    if gap and not draft.planned_action:
        assert draft.desired_engagement is not None
        problems["planned_action"] = (
            f"Say what action is planned to bring them to {draft.desired_engagement.label} engagement."
        )
    if draft.planned_action and draft.desired_engagement is None:
        problems["desired_engagement"] = "Say what engagement the planned action is to bring them to."
    if draft.action_owner_id is not None and session.get(Person, draft.action_owner_id) is None:
        problems["action_owner_id"] = f"Person #{draft.action_owner_id} no longer exists."
    if problems:
        raise InvalidRecord(problems)
    return draft


def _assessment_draft(a: StakeholderAssessment) -> AssessmentDraft:
    return AssessmentDraft(
        a.influence,
        a.interest,
        a.organisation_id,
        a.person_id,
        a.item_id,
        a.current_engagement,
        a.desired_engagement,
        a.planned_action,
        a.action_owner_id,
        a.assessed_on,
        a.notes,
        a.id,
        a.version,
    )


def _held_assessment(
    session: Session, organisation_id: int | None, person_id: int | None, item_id: int | None
) -> StakeholderAssessment | None:
    who = (
        StakeholderAssessment.organisation_id == organisation_id
        if organisation_id is not None
        else StakeholderAssessment.person_id == person_id
    )
    on = (
        StakeholderAssessment.item_id.is_(None)
        if item_id is None
        else StakeholderAssessment.item_id == item_id
    )
    return session.scalar(select(StakeholderAssessment).where(who, on))


def assess(session: Session, draft: AssessmentDraft) -> AssessmentDraft:
    """Record a stakeholder's assessment overall or on an item: one each, a new one replacing it
    (the audit trail keeps the earlier values)."""
    draft = _validate_assessment(session, draft)
    held = _held_assessment(session, draft.organisation_id, draft.person_id, draft.item_id)
    if held is not None and draft.version is not None and held.version != draft.version:
        raise EditConflict(
            "The assessment was changed by someone else since you opened it; nothing was saved."
        )
    assessment = held or StakeholderAssessment()
    if held is None:
        if draft.id is not None:
            assessment.id = draft.id  # an undo putting back a removed assessment under its id
        session.add(assessment)
    for field in (
        "influence",
        "interest",
        "organisation_id",
        "person_id",
        "item_id",
        "current_engagement",
        "desired_engagement",
        "planned_action",
        "action_owner_id",
        "assessed_on",
        "notes",
    ):
        setattr(assessment, field, getattr(draft, field))
    session.flush()
    return _assessment_draft(assessment)


def assessment(
    session: Session,
    *,
    organisation_id: int | None = None,
    person_id: int | None = None,
    item_id: int | None = None,
) -> AssessmentDraft | None:
    held = _held_assessment(session, organisation_id, person_id, item_id)
    return None if held is None else _assessment_draft(held)


def remove_assessment(session: Session, assessment_id: int) -> AssessmentDraft:
    held = session.get(StakeholderAssessment, assessment_id)
    if held is None:
        raise NotFound(f"Assessment #{assessment_id} no longer exists.")
    snapshot = _assessment_draft(held)
    session.delete(held)
    session.flush()
    return snapshot


@dataclass(frozen=True)
class PositionLine:
    """One line of the positions export: a stance, or an assessment with no stance beside it."""

    stakeholder: str
    kind: str  # "organisation" or "person"
    subject: str
    stance: str
    stated_on: date | None
    source: str
    current: bool
    influence: int | None
    interest: int | None
    current_engagement: str
    desired_engagement: str
    planned_action: str
    action_owner: str


def position_lines(session: Session) -> list[PositionLine]:
    """Every stance (its history included) with the influence, interest and engagement assessed for
    its stakeholder on its item (else overall); then any assessment with no stance."""
    stances = history(session)
    assessments = list(session.scalars(select(StakeholderAssessment).order_by(StakeholderAssessment.id)))
    owners = {
        person_id: display_name(title, name)
        for person_id, title, name in session.execute(
            select(Person.id, Person.title, Person.name).where(
                Person.id.in_({a.action_owner_id for a in assessments if a.action_owner_id is not None})
            )
        )
    }
    by_key = {
        ("organisation" if a.organisation_id else "person", a.organisation_id or a.person_id, a.item_id): a
        for a in assessments
    }
    items = {
        item_id: title
        for item_id, title in session.execute(
            select(PolicyItem.id, PolicyItem.title).where(
                PolicyItem.id.in_({a.item_id for a in assessments if a.item_id is not None})
            )
        )
    }
    used: set[int] = set()
    lines = []

    def assessed(a: StakeholderAssessment | None) -> tuple[int | None, int | None, str, str, str, str]:
        if a is None:
            return None, None, "", "", "", ""
        used.add(a.id)
        return (
            a.influence,
            a.interest,
            a.current_engagement.label if a.current_engagement else "",
            a.desired_engagement.label if a.desired_engagement else "",
            a.planned_action,
            owners.get(a.action_owner_id, "") if a.action_owner_id else "",
        )

    for row in sorted(stances, key=lambda r: (r.stakeholder.casefold(), r.subject.casefold(), r.stated_on)):
        found = by_key.get((row.record, row.record_id, row.item_id)) or by_key.get(
            (row.record, row.record_id, None)
        )
        lines.append(
            PositionLine(
                row.stakeholder,
                row.record,
                row.subject,
                row.stance.label,
                row.stated_on,
                row.source,
                row.current,
                *assessed(found),
            )
        )
    rest = [a for a in assessments if a.id not in used]
    if rest:
        names = _names(
            session,
            [StakeholderStance(organisation_id=a.organisation_id, person_id=a.person_id) for a in rest],
        )
        for a in rest:
            record = "organisation" if a.organisation_id else "person"
            record_id = a.organisation_id or a.person_id
            assert record_id is not None
            subject = items.get(a.item_id, "") if a.item_id is not None else "overall"
            lines.append(
                PositionLine(
                    names.get((record, record_id), ""), record, subject, "", None, "", True, *assessed(a)
                )
            )
    return lines


POSITION_HEADERS = (
    "Stakeholder",
    "Kind",
    "On",
    "Stance",
    "Dated",
    "Source",
    "Current",
    "Influence",
    "Interest",
    "Current engagement",
    "Desired engagement",
    "Planned action",
    "Action owner",
)


def positions_sheet(session: Session) -> Sheet:
    """Every stance with its history and the assessments beside them, for `export positions`."""
    from tracker.io.exports import Sheet

    return Sheet(
        "Positions",
        POSITION_HEADERS,
        [
            [
                line.stakeholder,
                line.kind,
                line.subject,
                line.stance,
                line.stated_on,
                line.source,
                "yes" if line.current else "no",
                line.influence,
                line.interest,
                line.current_engagement,
                line.desired_engagement,
                line.planned_action,
                line.action_owner,
            ]
            for line in position_lines(session)
        ],
    )
