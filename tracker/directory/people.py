"""The directory of people: members (councillors), officers, and outside contacts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from db.models import Appointment, Ask, Attendance, Board, FollowUp, Meeting, Organisation, Person, Position
from db.stakeholders import StakeholderAssessment, StakeholderStance
from db.vocabulary import AttendanceRole, PersonKind
from tracker import duties, meeting_labels
from tracker.common.errors import EditConflict, InUse, InvalidRecord, Match, NotFound, PossibleDuplicate
from tracker.common.listing import ListQuery, text_filter
from tracker.common.text import cleaned
from tracker.directory.names import (
    PersonNames,
    display_name,
    normal_person_name,
    person_match_reason,
    rank,
    title_and_name,
)
from tracker.directory.organisations import Choice, Link, MeetingLink
from tracker.directory.organisations import label as organisation_label

if TYPE_CHECKING:
    from tracker.common.listing import SortKey


@dataclass(frozen=True)
class PositionEntry:
    """A post held over time: "Director General" at NOMS, from and to (either may be unknown)."""

    role: str
    organisation_id: int | None = None
    started_on: date | None = None
    ended_on: date | None = None
    organisation: str = ""


@dataclass(frozen=True)
class PersonDraft:
    name: str
    kind: PersonKind
    title: str = ""
    organisation_id: int | None = None
    party: str = ""
    email: str = ""
    phone: str = ""
    notes: str = ""
    positions: tuple[PositionEntry, ...] = ()
    id: int | None = None
    version: int | None = None

    @property
    def display_name(self) -> str:
        return display_name(self.title, self.name)


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    kind: PersonKind
    organisation: str
    party: str
    email: str
    meetings: int


@dataclass(frozen=True)
class PersonPage:
    draft: PersonDraft
    organisation: Link | None
    meetings: tuple[MeetingLink, ...]


@dataclass(frozen=True)
class PersonChoice(Choice):
    kind: PersonKind = PersonKind.CONTACT


@dataclass(frozen=True)
class MergeResult:
    kept: int
    removed_label: str
    moved: int


def _get(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"Person #{person_id} no longer exists.")
    return person


def _title_apart(title: str, name: str) -> tuple[str, str]:
    """Honorifics and offices typed with the name ("Rt Hon Alan Johnson MP", "Chief Constable Peter
    Fahy") go to the title, so that the name is the person's name alone."""
    words, bare = title_and_name(name)
    held = title.split()
    added = [w for w in words.split() if w.lower() not in {h.lower() for h in held}]
    return " ".join([*held, *added]), bare


def _clean(draft: PersonDraft) -> PersonDraft:
    draft = cleaned(draft)  # before the checks: a name of control characters alone is no name
    title, name = _title_apart(" ".join(draft.title.split()), " ".join(draft.name.split()))
    return replace(
        draft,
        title=title,
        name=name,
        party=draft.party.strip(),
        email=draft.email.strip(),
        phone=draft.phone.strip(),
        notes=draft.notes.strip(),
        positions=tuple(replace(p, role=" ".join(p.role.split())) for p in draft.positions),
    )


def _validate(session: Session, draft: PersonDraft) -> None:
    problems: dict[str, str] = {}
    if not draft.name:
        problems["name"] = "A person needs a name."
    elif len(draft.name) > 200:
        problems["name"] = "The name is longer than 200 characters."
    if draft.email and ("@" not in draft.email or " " in draft.email or draft.email.startswith("@")):
        problems["email"] = f"“{draft.email}” is not an email address."
    if draft.organisation_id is not None and session.get(Organisation, draft.organisation_id) is None:
        problems["organisation_id"] = f"Organisation #{draft.organisation_id} no longer exists."
    if draft.party and draft.kind is PersonKind.OFFICER:
        problems["party"] = "Officers (staff) have no party; a party is for councillors and politicians."
    for position in draft.positions:
        if not position.role:
            problems["positions"] = "Each position needs a role, such as “Director General”."
        elif position.started_on and position.ended_on and position.ended_on < position.started_on:
            problems["positions"] = f"The position “{position.role}” ends before it starts."
        elif (
            position.organisation_id is not None
            and session.get(Organisation, position.organisation_id) is None
        ):
            problems["positions"] = f"Organisation #{position.organisation_id} no longer exists."
    if problems:
        raise InvalidRecord(problems)


def find_similar(
    session: Session, name: str, email: str = "", *, exclude_id: int | None = None
) -> tuple[Match, ...]:
    """People already held that `name` (or `email`) may duplicate, closest first."""
    wanted = normal_person_name(name).split()
    statement = select(Person.id, Person.title, Person.name, Person.email)
    if wanted and not email:
        # Only people sharing the surname or a first name can be alike; keep the scan small.
        statement = statement.where(
            Person.name.ilike(f"%{wanted[-1]}%") | Person.name.ilike(f"%{wanted[0][:3]}%")
        )
    found = []
    for person_id, title, other_name, other_email in session.execute(statement):
        if person_id == exclude_id:
            continue
        other = PersonNames(person_id, display_name(title, other_name), other_name, other_email)
        reason = person_match_reason(name, email, other)
        if reason:
            found.append((person_id, other.label, reason))
    return tuple(Match(i, lbl, why) for i, lbl, why in rank(found))


def _apply(person: Person, draft: PersonDraft) -> None:
    person.title = draft.title
    person.name = draft.name
    person.kind = draft.kind
    person.organisation_id = draft.organisation_id
    person.party = draft.party
    person.email = draft.email
    person.phone = draft.phone
    person.notes = draft.notes
    person.positions = [
        Position(role=p.role, organisation_id=p.organisation_id, started_on=p.started_on, ended_on=p.ended_on)
        for p in draft.positions
    ]


def _draft(person: Person) -> PersonDraft:
    return PersonDraft(
        name=person.name,
        kind=person.kind,
        title=person.title,
        organisation_id=person.organisation_id,
        party=person.party,
        email=person.email,
        phone=person.phone,
        notes=person.notes,
        positions=tuple(
            PositionEntry(
                p.role,
                p.organisation_id,
                p.started_on,
                p.ended_on,
                organisation_label(p.organisation) if p.organisation else "",
            )
            for p in sorted(person.positions, key=lambda p: (p.started_on or date.min, p.id or 0))
        ),
        id=person.id,
        version=person.version,
    )


def create(session: Session, draft: PersonDraft, *, allow_similar: bool = False) -> PersonDraft:
    draft = _clean(replace(draft, id=None, version=None))
    _validate(session, draft)
    if not allow_similar:
        matches = find_similar(session, draft.name, draft.email)
        if matches:
            raise PossibleDuplicate("name", matches)
    person = Person()
    _apply(person, draft)
    session.add(person)
    session.flush()
    return _draft(person)


def update(session: Session, draft: PersonDraft, *, allow_similar: bool = False) -> PersonDraft:
    if draft.id is None:
        raise NotFound("That person has not been saved yet.")
    draft = _clean(draft)
    assert draft.id is not None
    person = _get(session, draft.id)
    if draft.version is not None and person.version != draft.version:
        raise EditConflict(
            f"{display_name(person.title, person.name)} was changed by someone else since you opened it;"
            " nothing was saved."
        )
    _validate(session, draft)
    renamed = (person.title, person.name) != (draft.title, draft.name)
    if not allow_similar and (renamed or person.email.lower() != draft.email.lower()):
        matches = find_similar(session, draft.name, draft.email, exclude_id=draft.id)
        if matches:
            raise PossibleDuplicate("name", matches)
    _apply(person, draft)
    session.flush()
    if renamed:
        meeting_labels.refresh_for_people(session, [person.id])
    return _draft(person)


def get(session: Session, person_id: int) -> PersonDraft:
    return _draft(_get(session, person_id))


def delete(session: Session, person_id: int) -> PersonDraft:
    """Remove a person nothing points at; returns what was held, so it can be restored."""
    person = _get(session, person_id)
    used = []
    for noun, table, column in (
        ("meeting", Attendance, Attendance.person_id),
        ("follow-up", FollowUp, FollowUp.owner_id),
        ("appointment", Appointment, Appointment.person_id),
        ("lobbying ask", Ask, Ask.target_person_id),
        ("board", Board, Board.contact_officer_id),
        ("stakeholder stance", StakeholderStance, StakeholderStance.person_id),
        ("stakeholder assessment", StakeholderAssessment, StakeholderAssessment.person_id),
        ("planned action", StakeholderAssessment, StakeholderAssessment.action_owner_id),
    ):
        found = session.scalar(select(func.count()).select_from(table).where(column == person_id)) or 0
        if found:
            used.append(f"{found} {noun}{'' if found == 1 else 's'}")
    if used:
        raise InUse(
            f"{display_name(person.title, person.name)} cannot be deleted: {', '.join(used)} refer to them."
            " Merge the record into another instead, or remove those links first."
        )
    snapshot = _draft(person)
    session.delete(person)
    session.flush()
    return snapshot


def restore(session: Session, snapshot: PersonDraft) -> PersonDraft:
    if snapshot.id is None or session.get(Person, snapshot.id) is not None:
        raise InUse("That person is already present.")
    person = Person(id=snapshot.id)
    _apply(person, _clean(snapshot))
    session.add(person)
    session.flush()
    return _draft(person)


_EMPLOYER = aliased(Organisation)
_MEETING_COUNT = (
    select(func.count()).where(Attendance.person_id == Person.id).correlate(Person).scalar_subquery()
)
SORTABLE: dict[str, SortKey] = {
    "name": func.lower(Person.name),
    "kind": Person.kind,
    "organisation": func.lower(func.coalesce(_EMPLOYER.name, "")),
    "party": func.lower(Person.party),
    "email": func.lower(Person.email),
    "meetings": _MEETING_COUNT,
}


def _filtered(query: ListQuery) -> Select[int]:
    statement = select(Person.id).outerjoin(_EMPLOYER, Person.organisation_id == _EMPLOYER.id)
    condition = text_filter(
        query.text,
        [
            Person.name,
            Person.title,
            Person.email,
            Person.party,
            func.coalesce(_EMPLOYER.name, ""),
            func.coalesce(_EMPLOYER.acronym, ""),
        ],
    )
    return statement if condition is None else statement.where(condition)


def count(session: Session, query: ListQuery) -> int:
    return session.scalar(select(func.count()).select_from(_filtered(query).subquery())) or 0


def rows(session: Session, query: ListQuery, offset: int, limit: int) -> list[PersonRow]:
    key = SORTABLE.get(query.sort, SORTABLE["name"])
    statement = (
        select(
            Person.id,
            Person.title,
            Person.name,
            Person.kind,
            func.coalesce(_EMPLOYER.name, ""),
            func.coalesce(_EMPLOYER.acronym, ""),
            Person.party,
            Person.email,
            _MEETING_COUNT,
        )
        .outerjoin(_EMPLOYER, Person.organisation_id == _EMPLOYER.id)
        .where(Person.id.in_(_filtered(query)))
        .order_by(key.desc() if query.descending else key.asc(), Person.id)
        .offset(offset)
        .limit(limit)
    )
    return [
        PersonRow(i, display_name(t, n), k, o_acronym or o_name, party, email, meetings)
        for i, t, n, k, o_name, o_acronym, party, email, meetings in session.execute(statement)
    ]


def choices(session: Session) -> list[PersonChoice]:
    """Everyone, for autocompletion, with their body so that two namesakes can be told apart."""
    statement = (
        select(Person.id, Person.title, Person.name, Person.kind, _EMPLOYER.acronym, _EMPLOYER.name)
        .outerjoin(_EMPLOYER, Person.organisation_id == _EMPLOYER.id)
        .order_by(func.lower(Person.name))
    )
    found = list(session.execute(statement))
    labels = [display_name(t, n) for _i, t, n, _k, _a, _o in found]
    repeated = {label for label, times in Counter(labels).items() if times > 1}
    return [
        PersonChoice(
            i,
            f"{label} ({acronym or org or f'#{i}'})" if label in repeated else label,
            (n,) if t else (),
            kind=k,
        )
        for label, (i, t, n, k, acronym, org) in zip(labels, found, strict=True)
    ]


def page(session: Session, person_id: int) -> PersonPage:
    person = _get(session, person_id)
    meetings = session.execute(
        select(Meeting.id, Meeting.held_on, Meeting.date_precision, Meeting.title, Attendance.role)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        # Our meetings only; a minister's meetings read from a return are in the Cross-check view.
        .where(Attendance.person_id == person_id, Meeting.return_id.is_(None))
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
    )
    org = person.organisation
    return PersonPage(
        draft=_draft(person),
        organisation=None if org is None else Link(org.id, organisation_label(org)),
        meetings=tuple(MeetingLink(i, d, p, t, r.label) for i, d, p, t, r in meetings),
    )


def merge(session: Session, keep_id: int, duplicate_id: int) -> MergeResult:
    """Fold a duplicate person into the one kept: attendances, actions, duties and posts move over."""
    if keep_id == duplicate_id:
        raise InvalidRecord({"merge": "Choose two different people to merge."})
    keep = _get(session, keep_id)
    duplicate = _get(session, duplicate_id)
    moved = 0
    clash = duties.overlapping_after_merge(session, "person_id", keep_id, duplicate_id)
    if clash:
        raise InvalidRecord({"merge": f"Cannot merge: {clash} End or delete one of the appointments first."})
    kept_attendances = {
        a.meeting_id: a for a in session.scalars(select(Attendance).where(Attendance.person_id == keep_id))
    }
    affected = []
    for attendance in session.scalars(select(Attendance).where(Attendance.person_id == duplicate_id)):
        affected.append(attendance.meeting_id)
        kept = kept_attendances.get(attendance.meeting_id)
        if kept is not None:
            # Both records were at one meeting: keep what says most (a part taken beats apologies).
            if kept.role is AttendanceRole.APOLOGIES:
                kept.role = attendance.role
            if kept.reported_back_on is None:
                kept.reported_back_on = attendance.reported_back_on
            session.delete(attendance)
        else:
            attendance.person_id = keep_id
        moved += 1
    for table, column in (
        (FollowUp, FollowUp.owner_id),
        (Appointment, Appointment.person_id),
        (Ask, Ask.target_person_id),
        (Board, Board.contact_officer_id),
        (Position, Position.person_id),
        (StakeholderStance, StakeholderStance.person_id),
        (StakeholderAssessment, StakeholderAssessment.person_id),
        (StakeholderAssessment, StakeholderAssessment.action_owner_id),
    ):
        for record in session.scalars(select(table).where(column == duplicate_id)):
            setattr(record, column.key, keep_id)
            moved += 1
    for field in ("title", "email", "phone", "party"):
        if not getattr(keep, field) and getattr(duplicate, field):
            setattr(keep, field, getattr(duplicate, field))
    if keep.organisation_id is None:
        keep.organisation_id = duplicate.organisation_id
    if duplicate.notes and duplicate.notes not in keep.notes:
        keep.notes = "\n\n".join(n for n in (keep.notes, duplicate.notes) if n)
    removed_label = display_name(duplicate.title, duplicate.name)
    session.flush()
    session.expire(duplicate)
    session.delete(duplicate)
    session.flush()
    meeting_labels.refresh(session, affected)
    return MergeResult(kept=keep_id, removed_label=removed_label, moved=moved)
