"""The stakeholder map's plain data: each assessed body or person at its influence and interest,
with its stance (and the stance it held on a chosen earlier date), filtered by policy item,
theme, kind and period. A handful of queries, however many stakeholders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import Organisation, Person
from db.programme import PolicyItemWorkStream, WorkStream
from db.stakeholders import StakeholderAssessment, StakeholderStance, Stance
from db.vocabulary import OrganisationKind
from tracker.directory.names import body_label, display_name

PEOPLE = "person"  # the kind filter's value for people rather than bodies

# The quadrants of an influence-interest grid, as the team's stakeholder tools name them.
QUADRANTS = {
    (True, True): "Manage closely",
    (True, False): "Keep satisfied",
    (False, True): "Keep informed",
    (False, False): "Monitor",
}


def quadrant(influence: int, interest: int) -> str:
    return QUADRANTS[influence >= 3, interest >= 3]


@dataclass(frozen=True)
class MapFilter:
    item_id: int | None = None
    theme_id: int | None = None
    kind: str | None = None  # an OrganisationKind value, or PEOPLE
    since: date | None = None  # only stakeholders whose stance was recorded in the period
    until: date | None = None  # the map as it stood on this day (stances recorded by then)
    moved_since: date | None = None  # arrows from the stance held on this day


@dataclass(frozen=True)
class MapPoint:
    record: str  # "organisation" or "person"
    record_id: int
    name: str
    influence: int
    interest: int
    stance: Stance
    earlier: Stance | None  # the stance held on `moved_since`, when it differs

    @property
    def quadrant(self) -> str:
        return quadrant(self.influence, self.interest)

    @property
    def moved(self) -> bool:
        return self.earlier is not None and self.earlier != self.stance


def _key(organisation_id: int | None, person_id: int | None) -> tuple[str, int]:
    if organisation_id is not None:
        return "organisation", organisation_id
    assert person_id is not None
    return "person", person_id


def stakeholder_map(session: Session, wanted: MapFilter = MapFilter()) -> list[MapPoint]:
    """The assessed stakeholders as points: on an item, its assessment else the overall one, and the
    stance on the item else the overall one (without an item: the overall stance, else the latest)."""
    themed_items: set[int] | None = None
    if wanted.theme_id is not None:
        themed_items = set(
            session.scalars(
                select(PolicyItemWorkStream.item_id)
                .join(WorkStream, WorkStream.id == PolicyItemWorkStream.work_stream_id)
                .where(WorkStream.theme_id == wanted.theme_id)
            )
        )
    assessments: dict[tuple[str, int], StakeholderAssessment] = {}
    statement = select(StakeholderAssessment)
    if wanted.item_id is not None:
        statement = statement.where(
            or_(StakeholderAssessment.item_id.is_(None), StakeholderAssessment.item_id == wanted.item_id)
        )
    else:
        statement = statement.where(StakeholderAssessment.item_id.is_(None))
    for a in session.scalars(statement.order_by(StakeholderAssessment.item_id.is_(None).desc())):
        # The overall one first, so an item's own assessment replaces it.
        assessments[_key(a.organisation_id, a.person_id)] = a

    stances = select(StakeholderStance).order_by(StakeholderStance.stated_on, StakeholderStance.id)
    if wanted.until is not None:
        stances = stances.where(StakeholderStance.stated_on <= wanted.until)
    if wanted.item_id is not None:
        stances = stances.where(
            or_(StakeholderStance.item_id == wanted.item_id, StakeholderStance.item_id.is_(None))
        ).where(StakeholderStance.ask_id.is_(None))
    # Stances in date order, the later overwriting: on an item, the item's own stance outranks an
    # overall one; without an item, the overall stance outranks those on particular items.
    preferred: dict[tuple[str, int], Stance] = {}
    other: dict[tuple[str, int], Stance] = {}
    preferred_then: dict[tuple[str, int], Stance] = {}
    other_then: dict[tuple[str, int], Stance] = {}
    in_period: set[tuple[str, int]] = set()
    in_theme: set[tuple[str, int]] = set()
    for s in session.scalars(stances):
        key = _key(s.organisation_id, s.person_id)
        if themed_items is not None and s.item_id in themed_items:
            in_theme.add(key)
        if wanted.since is not None and s.stated_on >= wanted.since:
            in_period.add(key)
        overall = s.item_id is None and s.ask_id is None
        first_choice = not overall if wanted.item_id is not None else overall
        (preferred if first_choice else other)[key] = s.stance
        if wanted.moved_since is not None and s.stated_on <= wanted.moved_since:
            (preferred_then if first_choice else other_then)[key] = s.stance
    if themed_items is not None:
        for key, a in assessments.items():
            if a.item_id is not None and a.item_id in themed_items:
                in_theme.add(key)

    keys = [k for k in assessments if (themed_items is None or k in in_theme)]
    if wanted.since is not None:
        keys = [k for k in keys if k in in_period]
    names = _names(session, keys, wanted.kind)
    points = []
    for key in keys:
        if key not in names:
            continue  # not of the kind wanted
        a = assessments[key]
        stance = preferred.get(key) or other.get(key) or Stance.UNKNOWN
        before = preferred_then.get(key) or other_then.get(key)
        points.append(
            MapPoint(
                key[0],
                key[1],
                names[key],
                a.influence,
                a.interest,
                stance,
                before if before != stance else None,
            )
        )
    return sorted(points, key=lambda p: (-p.influence, -p.interest, p.name.casefold()))


def _names(session: Session, keys: list[tuple[str, int]], kind: str | None) -> dict[tuple[str, int], str]:
    names: dict[tuple[str, int], str] = {}
    org_ids = [i for r, i in keys if r == "organisation"]
    person_ids = [i for r, i in keys if r == "person"]
    if org_ids and kind != PEOPLE:
        statement = select(Organisation.id, Organisation.name, Organisation.acronym).where(
            Organisation.id.in_(org_ids)
        )
        if kind is not None:
            statement = statement.where(Organisation.kind == OrganisationKind(kind))
        for org_id, name, acronym in session.execute(statement):
            names["organisation", org_id] = acronym or body_label(name, acronym)
    if person_ids and kind in (None, PEOPLE):
        for person_id, title, name in session.execute(
            select(Person.id, Person.title, Person.name).where(Person.id.in_(person_ids))
        ):
            names["person", person_id] = display_name(title, name)
    return names
