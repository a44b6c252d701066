"""The directory of organisations: outside bodies and our own association."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from db.models import (
    Appointment,
    Ask,
    Board,
    Meeting,
    MeetingOrganisation,
    Organisation,
    OrganisationAlias,
    Person,
    Position,
)
from db.stakeholders import StakeholderAssessment, StakeholderStance
from db.vocabulary import CouncilType, DatePrecision, OrganisationKind
from tracker import duties, meeting_labels
from tracker.common.errors import EditConflict, InUse, InvalidRecord, Match, NotFound, PossibleDuplicate
from tracker.common.listing import ListQuery, text_filter
from tracker.common.text import cleaned
from tracker.directory.names import (
    BodyNames,
    body_label,
    body_match_reason,
    council_short_name,
    display_name,
    normal_body_name,
    rank,
    similarity,
)

if TYPE_CHECKING:
    from tracker.common.listing import SortKey


@dataclass(frozen=True)
class OrganisationDraft:
    """An organisation as an editor holds it; `id` and `version` are None until it is stored."""

    name: str
    kind: OrganisationKind
    acronym: str = ""
    aliases: tuple[str, ...] = ()
    parent_id: int | None = None
    successor_id: int | None = None
    notes: str = ""
    council_type: CouncilType | None = None  # county, district, unitary, metropolitan or London borough
    id: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class OrganisationRow:
    id: int
    name: str
    acronym: str
    kind: OrganisationKind
    parent: str
    meetings: int


@dataclass(frozen=True)
class Link:
    """Another record a page points at: its id, what to call it, and a detail such as a role."""

    id: int
    label: str
    detail: str = ""


@dataclass(frozen=True)
class MeetingLink:
    id: int
    held_on: date
    date_precision: DatePrecision
    title: str
    detail: str


@dataclass(frozen=True)
class OrganisationPage:
    draft: OrganisationDraft
    parent: Link | None
    successor: Link | None
    predecessors: tuple[Link, ...]
    sub_bodies: tuple[Link, ...]
    people: tuple[Link, ...]
    meetings: tuple[MeetingLink, ...]


@dataclass(frozen=True)
class Choice:
    """An entry for an autocompleting field: the label shown, and the other words it answers to."""

    id: int
    label: str
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class MergeResult:
    kept: int
    removed_label: str
    moved: int


def label(org: Organisation) -> str:
    return body_label(org.name, org.acronym)


def _get(session: Session, organisation_id: int) -> Organisation:
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound(f"Organisation #{organisation_id} no longer exists.")
    return org


def _clean(draft: OrganisationDraft) -> OrganisationDraft:
    draft = cleaned(draft)  # before the checks: a name of control characters alone is no name
    aliases = tuple(dict.fromkeys(a.strip() for a in draft.aliases if a.strip()))
    return replace(
        draft,
        name=" ".join(draft.name.split()),
        acronym=draft.acronym.strip(),
        aliases=aliases,
        notes=draft.notes.strip(),
    )


def _validate(session: Session, draft: OrganisationDraft) -> None:
    problems: dict[str, str] = {}
    if not draft.name:
        problems["name"] = "An organisation needs a name."
    elif len(draft.name) > 200:
        problems["name"] = "The name is longer than 200 characters."
    if len(draft.acronym) > 40:
        problems["acronym"] = "The acronym is longer than 40 characters."
    if draft.council_type is not None and draft.kind is not OrganisationKind.COUNCIL:
        problems["council_type"] = f"Only a council has a council type; this is {draft.kind.label}."
    for field, other in (("parent_id", draft.parent_id), ("successor_id", draft.successor_id)):
        if other is None:
            continue
        if draft.id is not None and other == draft.id:
            problems[field] = "An organisation cannot be its own " + field.removesuffix("_id") + "."
        elif session.get(Organisation, other) is None:
            problems[field] = f"Organisation #{other} no longer exists."
    if draft.id is not None and draft.parent_id is not None and "parent_id" not in problems:
        ancestor: int | None = draft.parent_id
        seen: set[int] = set()
        while ancestor is not None and ancestor not in seen:
            if ancestor == draft.id:
                problems["parent_id"] = "That parent is one of this organisation's own sub-bodies."
                break
            seen.add(ancestor)
            ancestor = session.scalar(select(Organisation.parent_id).where(Organisation.id == ancestor))
    if problems:
        raise InvalidRecord(problems)


def _all_names(session: Session) -> list[BodyNames]:
    aliases: dict[int, list[str]] = {}
    for org_id, alias in session.execute(select(OrganisationAlias.organisation_id, OrganisationAlias.alias)):
        aliases.setdefault(org_id, []).append(alias)
    return [
        BodyNames(org_id, name, acronym, tuple(aliases.get(org_id, ())))
        for org_id, name, acronym in session.execute(
            select(Organisation.id, Organisation.name, Organisation.acronym)
        )
    ]


def find_similar(
    session: Session, name: str, acronym: str = "", *, exclude_id: int | None = None
) -> tuple[Match, ...]:
    """Organisations already held that `name` (and `acronym`) may duplicate, closest first."""
    found = []
    for other in _all_names(session):
        if other.id == exclude_id:
            continue
        reason = body_match_reason(name, acronym, other)
        if reason:
            found.append((other.id, other.label, reason))
    return tuple(Match(i, lbl, why) for i, lbl, why in rank(found))


def _check_duplicates(session: Session, draft: OrganisationDraft) -> None:
    matches = find_similar(session, draft.name, draft.acronym, exclude_id=draft.id)
    if matches:
        raise PossibleDuplicate("name", matches)


def _apply(org: Organisation, draft: OrganisationDraft) -> None:
    org.name = draft.name
    org.acronym = draft.acronym
    org.kind = draft.kind
    org.parent_id = draft.parent_id
    org.successor_id = draft.successor_id
    org.council_type = draft.council_type
    org.notes = draft.notes
    current = {a.alias: a for a in org.aliases}
    org.aliases = [current.get(a) or OrganisationAlias(alias=a) for a in draft.aliases]


def _draft(org: Organisation) -> OrganisationDraft:
    return OrganisationDraft(
        name=org.name,
        kind=org.kind,
        acronym=org.acronym,
        aliases=tuple(a.alias for a in org.aliases),
        parent_id=org.parent_id,
        successor_id=org.successor_id,
        notes=org.notes,
        council_type=org.council_type,
        id=org.id,
        version=org.version,
    )


def create(session: Session, draft: OrganisationDraft, *, allow_similar: bool = False) -> OrganisationDraft:
    """Add an organisation. Refused with `PossibleDuplicate` if it looks like one already held,
    unless the user has seen the likeness and said it is a different body (`allow_similar`)."""
    draft = _clean(replace(draft, id=None, version=None))
    _validate(session, draft)
    if not allow_similar:
        _check_duplicates(session, draft)
    org = Organisation()
    _apply(org, draft)
    session.add(org)
    session.flush()
    return _draft(org)


def update(session: Session, draft: OrganisationDraft, *, allow_similar: bool = False) -> OrganisationDraft:
    if draft.id is None:
        raise NotFound("That organisation has not been saved yet.")
    draft = _clean(draft)
    assert draft.id is not None
    org = _get(session, draft.id)
    if draft.version is not None and org.version != draft.version:
        raise EditConflict(f"{org.name} was changed by someone else since you opened it; nothing was saved.")
    _validate(session, draft)
    renamed = normal_body_name(org.name) != normal_body_name(draft.name) or org.acronym != draft.acronym
    if renamed and not allow_similar:
        _check_duplicates(session, draft)
    _apply(org, draft)
    session.flush()
    if renamed:
        meeting_labels.refresh_for_organisations(session, [org.id])
    return _draft(org)


def get(session: Session, organisation_id: int) -> OrganisationDraft:
    return _draft(_get(session, organisation_id))


def _references(session: Session, organisation_id: int) -> list[str]:
    checks: list[tuple[str, ColumnElement[bool], type]] = [
        ("meeting", MeetingOrganisation.organisation_id == organisation_id, MeetingOrganisation),
        ("person", Person.organisation_id == organisation_id, Person),
        ("position", Position.organisation_id == organisation_id, Position),
        ("sub-body", Organisation.parent_id == organisation_id, Organisation),
        ("appointment", Appointment.organisation_id == organisation_id, Appointment),
        ("lobbying ask", Ask.target_organisation_id == organisation_id, Ask),
        ("board", Board.organisation_id == organisation_id, Board),
        ("predecessor body", Organisation.successor_id == organisation_id, Organisation),
        ("stakeholder stance", StakeholderStance.organisation_id == organisation_id, StakeholderStance),
        (
            "stakeholder assessment",
            StakeholderAssessment.organisation_id == organisation_id,
            StakeholderAssessment,
        ),
    ]
    found = []
    for noun, condition, table in checks:
        count = session.scalar(select(func.count()).select_from(table).where(condition)) or 0
        if count:
            found.append(f"{count} {noun}{'' if count == 1 else 's'}")
    return found


def delete(session: Session, organisation_id: int) -> OrganisationDraft:
    """Remove an organisation nothing points at; returns what it held, so it can be restored."""
    org = _get(session, organisation_id)
    used = _references(session, organisation_id)
    if used:
        raise InUse(
            f"{org.name} cannot be deleted: {', '.join(used)} refer to it."
            " Merge it into another record instead, or remove those links first."
        )
    snapshot = _draft(org)
    session.delete(org)
    session.flush()
    return snapshot


def restore(session: Session, snapshot: OrganisationDraft) -> OrganisationDraft:
    """Put back a deleted organisation under its old id (undo of a delete)."""
    if snapshot.id is None or session.get(Organisation, snapshot.id) is not None:
        raise InUse("That organisation is already present.")
    org = Organisation(id=snapshot.id)
    _apply(org, _clean(snapshot))
    session.add(org)
    session.flush()
    return _draft(org)


_PARENT = aliased(Organisation)
_MEETING_COUNT = (
    select(func.count())
    .where(MeetingOrganisation.organisation_id == Organisation.id)
    .correlate(Organisation)
    .scalar_subquery()
)
SORTABLE: dict[str, SortKey] = {
    "name": func.lower(Organisation.name),
    "acronym": func.lower(Organisation.acronym),
    "kind": Organisation.kind,
    "parent": func.lower(func.coalesce(_PARENT.name, "")),
    "meetings": _MEETING_COUNT,
}


def _alias_like(pattern: str) -> ColumnElement[bool]:
    return Organisation.id.in_(
        select(OrganisationAlias.organisation_id).where(OrganisationAlias.alias.ilike(pattern, escape="\\"))
    )


def _filtered(query: ListQuery) -> Select[int]:
    statement = select(Organisation.id).outerjoin(_PARENT, Organisation.parent_id == _PARENT.id)
    condition = text_filter(
        query.text, [Organisation.name, Organisation.acronym, func.coalesce(_PARENT.name, "")], [_alias_like]
    )
    return statement if condition is None else statement.where(condition)


def count(session: Session, query: ListQuery) -> int:
    return session.scalar(select(func.count()).select_from(_filtered(query).subquery())) or 0


def rows(session: Session, query: ListQuery, offset: int, limit: int) -> list[OrganisationRow]:
    """One window of the organisations list, filtered and sorted by the database."""
    key = SORTABLE.get(query.sort, SORTABLE["name"])
    order = key.desc() if query.descending else key.asc()
    statement = (
        select(
            Organisation.id,
            Organisation.name,
            Organisation.acronym,
            Organisation.kind,
            func.coalesce(_PARENT.name, ""),
            _MEETING_COUNT,
        )
        .outerjoin(_PARENT, Organisation.parent_id == _PARENT.id)
        .where(Organisation.id.in_(_filtered(query)))
        .order_by(order, Organisation.id)
        .offset(offset)
        .limit(limit)
    )
    return [OrganisationRow(*row) for row in session.execute(statement)]


def choices(session: Session) -> list[Choice]:
    """Every organisation, for autocompletion: by name, acronym or alias."""
    aliases: dict[int, list[str]] = {}
    for org_id, alias in session.execute(select(OrganisationAlias.organisation_id, OrganisationAlias.alias)):
        aliases.setdefault(org_id, []).append(alias)
    return [
        Choice(
            org_id,
            body_label(name, acronym),
            tuple(a for a in (name, acronym, *aliases.get(org_id, ())) if a),
        )
        for org_id, name, acronym in session.execute(
            select(Organisation.id, Organisation.name, Organisation.acronym).order_by(
                func.lower(Organisation.name)
            )
        )
    ]


def page(session: Session, organisation_id: int) -> OrganisationPage:
    """An organisation with what surrounds it: parent, sub-bodies, people and meetings."""
    org = _get(session, organisation_id)

    def link(other: Organisation | None) -> Link | None:
        return None if other is None else Link(other.id, label(other))

    predecessors = session.scalars(
        select(Organisation).where(Organisation.successor_id == organisation_id).order_by(Organisation.name)
    )
    subs = session.scalars(
        select(Organisation).where(Organisation.parent_id == organisation_id).order_by(Organisation.name)
    )
    people: dict[int, Link] = {}
    for person in session.scalars(
        select(Person).where(Person.organisation_id == organisation_id).order_by(Person.name)
    ):
        people[person.id] = Link(person.id, display_name(person.title, person.name), person.kind.label)
    for position in session.scalars(
        select(Position)
        .where(Position.organisation_id == organisation_id)
        .options(selectinload(Position.person))
        .order_by(Position.started_on)
    ):
        person = position.person
        people[person.id] = Link(person.id, display_name(person.title, person.name), position.role)
    meetings = session.execute(
        select(Meeting.id, Meeting.held_on, Meeting.date_precision, Meeting.title, MeetingOrganisation.role)
        .join(MeetingOrganisation, MeetingOrganisation.meeting_id == Meeting.id)
        # Our meetings only; a minister meeting the body, read from a return, is in the Cross-check view.
        .where(MeetingOrganisation.organisation_id == organisation_id, Meeting.return_id.is_(None))
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
    )
    return OrganisationPage(
        draft=_draft(org),
        parent=link(org.parent),
        successor=link(org.successor),
        predecessors=tuple(Link(o.id, label(o)) for o in predecessors),
        sub_bodies=tuple(Link(o.id, label(o), o.kind.label) for o in subs),
        people=tuple(sorted(people.values(), key=lambda p: p.label)),
        meetings=tuple(MeetingLink(i, d, p, t, r.label) for i, d, p, t, r in meetings),
    )


def merge(session: Session, keep_id: int, duplicate_id: int) -> MergeResult:
    """Fold a duplicate record into the one kept: every link moves over, its names become aliases."""
    if keep_id == duplicate_id:
        raise InvalidRecord({"merge": "Choose two different organisations to merge."})
    keep = _get(session, keep_id)
    duplicate = _get(session, duplicate_id)
    clash = duties.overlapping_after_merge(session, "organisation_id", keep_id, duplicate_id)
    if clash:
        raise InvalidRecord({"merge": f"Cannot merge: {clash} End or delete one of the appointments first."})
    moved = 0
    already = set(
        session.scalars(
            select(MeetingOrganisation.meeting_id).where(MeetingOrganisation.organisation_id == keep_id)
        )
    )
    affected_meetings: list[int] = []
    for link_row in session.scalars(
        select(MeetingOrganisation).where(MeetingOrganisation.organisation_id == duplicate_id)
    ):
        affected_meetings.append(link_row.meeting_id)
        if link_row.meeting_id in already:
            session.delete(link_row)
        else:
            session.add(
                MeetingOrganisation(
                    meeting_id=link_row.meeting_id,
                    organisation_id=keep_id,
                    role=link_row.role,
                    position=link_row.position,
                )
            )
            session.delete(link_row)
        moved += 1
    session.flush()
    for table, column in (
        (Person, Person.organisation_id),
        (Position, Position.organisation_id),
        (Organisation, Organisation.parent_id),
        (Organisation, Organisation.successor_id),
        (Appointment, Appointment.organisation_id),
        (Ask, Ask.target_organisation_id),
        (Board, Board.organisation_id),
        (StakeholderStance, StakeholderStance.organisation_id),
        (StakeholderAssessment, StakeholderAssessment.organisation_id),
    ):
        for record in session.scalars(select(table).where(column == duplicate_id)):
            if record is keep:
                # The kept body was part of, or succeeded by, the duplicate: that link folds away.
                setattr(keep, column.key, None)
                continue
            setattr(record, column.key, keep_id)
            moved += 1
    names = [duplicate.name, *(a.alias for a in duplicate.aliases)]
    if duplicate.acronym and duplicate.acronym != keep.acronym:
        names.append(duplicate.acronym)
    known = {normal_body_name(n) for n in [keep.name, keep.acronym, *(a.alias for a in keep.aliases)] if n}
    for name in names:
        if normal_body_name(name) not in known:
            keep.aliases.append(OrganisationAlias(alias=name))
            known.add(normal_body_name(name))
    if not keep.acronym and duplicate.acronym:
        keep.acronym = duplicate.acronym
    if duplicate.notes and duplicate.notes not in keep.notes:
        keep.notes = "\n\n".join(n for n in (keep.notes, duplicate.notes) if n)
    removed_label = label(duplicate)
    session.flush()
    session.execute(sa.delete(OrganisationAlias).where(OrganisationAlias.organisation_id == duplicate_id))
    session.expire(duplicate)
    session.delete(duplicate)
    session.flush()
    meeting_labels.refresh(session, affected_meetings)
    return MergeResult(kept=keep_id, removed_label=removed_label, moved=moved)


def find(session: Session, text: str) -> int:
    """A body by name, acronym or alias (any case, "the" or not); NotFound names the closest held."""
    found = ids_by_names(session, [text])
    if found:
        return found[text]
    names = _all_names(session)
    wanted = normal_body_name(text)
    close = sorted(
        names, key=lambda b: -max(similarity(wanted, normal_body_name(n)) for n in (b.name, b.acronym))
    )
    hint = ", ".join(b.label for b in close[:3])
    raise NotFound(f"No organisation is called “{text}”." + (f" Closest: {hint}." if hint else ""))


def own_association_name(session: Session) -> str:
    """How papers name us in running text: "the LGA", or "the association" if none is recorded."""
    own = session.scalar(
        select(Organisation)
        .where(Organisation.kind == OrganisationKind.OWN_ASSOCIATION)
        .order_by(Organisation.id)
    )
    if own is None:
        return "the association"
    return f"the {own.acronym}" if own.acronym else f"the {own.name}"


def ids_by_names(session: Session, names: Sequence[str]) -> dict[str, int]:
    """Exact lookups by name, acronym or alias (case and a leading "the" ignored); a council also by
    its short name as the papers write it ("Bolton council" for Bolton Metropolitan Borough Council),
    when only one council has that short name."""
    table: dict[str, int] = {}
    councils: dict[str, set[int]] = {}
    for body in _all_names(session):
        for n in (body.name, body.acronym, *body.aliases):
            if n:
                table.setdefault(normal_body_name(n), body.id)
                short = council_short_name(n)
                if short:
                    councils.setdefault(short, set()).add(body.id)
    found = {}
    for n in names:
        if normal_body_name(n) in table:
            found[n] = table[normal_body_name(n)]
        elif len(councils.get(council_short_name(n), ())) == 1:
            found[n] = next(iter(councils[council_short_name(n)]))
    return found
