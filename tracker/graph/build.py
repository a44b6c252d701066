"""The relationship graph built from the records: people, bodies and bills, tied by meetings and posts."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple, TypeVarTuple

import networkx as nx
from sqlalchemy import ColumnElement, Row, Select, func, select
from sqlalchemy.orm import Session

from db.models import (
    Appointment,
    Ask,
    Attendance,
    Bill,
    Meeting,
    MeetingAsk,
    MeetingBill,
    MeetingOrganisation,
    MeetingTheme,
    Organisation,
    Person,
    Position,
)
from db.programme import AskPolicyItem, PolicyItem
from db.vocabulary import AttendanceRole
from tracker.activity import held
from tracker.common.errors import DomainError, NotFound
from tracker.directory.names import body_label, display_name, normal_body_name

NODE_KINDS = frozenset({"member", "officer", "contact", "body", "bill"})
_Ts = TypeVarTuple("_Ts")
OUR_KINDS = frozenset({"member", "officer"})
EDGE_KINDS = ("meeting", "appointment", "position", "parent", "successor", "ask", "employer")
# Weights of the ties that are not meetings: one appointment, post, parent or successor link, or ask
# counts as much as a meeting held today; an employer as half of one.
WEIGHT = {"appointment": 1.0, "position": 1.0, "parent": 1.0, "successor": 1.0, "ask": 1.0, "employer": 0.5}


@dataclass(frozen=True)
class GraphFilter:
    since: date | None = None  # meetings/appointments/positions/asks outside the period are left out
    until: date | None = None
    theme_ids: tuple[int, ...] = ()  # only meetings carrying one of these themes (empty: all)
    kinds: frozenset[str] = NODE_KINDS  # node kinds kept
    min_strength: float = 0.0  # weaker edges dropped, then the nodes left without a tie (but the focus)
    focus: str | None = None  # a node id: keep only its neighbourhood
    depth: int = 1  # neighbourhood depth for focus
    half_life_days: int = 365  # recency: a meeting counts 0.5 after this many days before as_of

    @property
    def narrowed(self) -> bool:
        """Whether a period or a theme picks out part of the records."""
        return self.since is not None or self.until is not None or bool(self.theme_ids)


def person_node(person_id: int) -> str:
    return f"person:{person_id}"


def body_node(organisation_id: int) -> str:
    return f"org:{organisation_id}"


def bill_node(bill_id: int) -> str:
    return f"bill:{bill_id}"


def recency(held_on: date, as_of: date, half_life_days: int) -> float:
    """What one meeting adds to a tie: 1 on `as_of` (or after), halving every `half_life_days` before."""
    age = max((as_of - held_on).days, 0)
    return float(0.5 ** (age / max(half_life_days, 1)))


# Each kind of tie as one bit, so that a tie's kinds are an int (no set per tie: thousands of small
# sets made the build wait on the garbage collector), and each combination's text is worked out once.
_KIND_BIT = {kind: 1 << i for i, kind in enumerate(EDGE_KINDS)}


@cache
def _kinds_text(bits: int) -> str:
    """The kinds in a tie's bits, sorted and comma-separated, as the edges carry them."""
    return ",".join(sorted(kind for kind, bit in _KIND_BIT.items() if bits & bit))


class _Tie:
    __slots__ = ("brings_in", "contact", "kinds", "last", "meetings", "weight")

    def __init__(self) -> None:
        self.weight = 0.0
        self.contact = 0.0  # the part of the weight that comes from meetings
        self.kinds = 0  # bits of _KIND_BIT
        self.meetings = 0
        self.last: date | None = None
        # Whether this tie brings its ends into a graph narrowed by period or theme; the others (parent,
        # successor, employer, posts, and under a theme appointments and asks) only join nodes already
        # there.
        self.brings_in = False


class _Ties:
    """The edges as they are gathered, one per pair of nodes, whatever the records behind them."""

    def __init__(self) -> None:
        self.by_pair: dict[tuple[str, str], _Tie] = {}

    def add(
        self,
        a: str,
        b: str,
        kind: str,
        weight: float,
        *,
        brings_in: bool,
        meetings: int = 0,
        last: date | None = None,
    ) -> None:
        if a == b:
            return
        pair = (a, b) if a < b else (b, a)
        tie = self.by_pair.get(pair)
        if tie is None:
            tie = self.by_pair[pair] = _Tie()
        tie.weight += weight
        tie.kinds |= _KIND_BIT[kind]
        tie.brings_in = tie.brings_in or brings_in
        if kind == "meeting":
            tie.contact += weight
            tie.meetings += meetings
            if last is not None and (tie.last is None or last > tie.last):
                tie.last = last


def _rows(session: Session, query: Select[*_Ts]) -> Sequence[Row[*_Ts]]:
    """All the rows of a select of columns, fetched at once on the session's connection: without the
    ORM's result processing and a fetch per row, which over the 50,000 rows of a build added up."""
    return session.connection().execute(query).all()


def _overlaps(start: date | None, end: date | None, flt: GraphFilter) -> bool:
    """Whether a span (open where a date is not recorded) overlaps the filter's period."""
    return (flt.until is None or start is None or start <= flt.until) and (
        flt.since is None or end is None or flt.since <= end
    )


def _meeting_conditions(flt: GraphFilter) -> list[ColumnElement[bool]]:
    # Outside meetings read from a department's return are not the association's relationships.
    # coalesce, not "IS NULL": SQLite without statistics would take "return_id IS NULL" as selective
    # and walk its index over nearly every meeting, instead of the held_on index over the period's.
    conditions: list[ColumnElement[bool]] = [func.coalesce(Meeting.return_id, 0) == 0, held()]
    if flt.since is not None:
        conditions.append(Meeting.held_on >= flt.since)
    if flt.until is not None:
        conditions.append(Meeting.held_on <= flt.until)
    if flt.theme_ids:
        themed = select(MeetingTheme.meeting_id).where(MeetingTheme.theme_id.in_(flt.theme_ids))
        conditions.append(Meeting.id.in_(themed))
    return conditions


def _meeting_ties(session: Session, ties: _Ties, flt: GraphFilter, as_of: date) -> None:
    """Person to body for every meeting attended (apologies do not count), bill to body for every
    meeting where the bill was raised; one row per pair and day, so 100,000 meetings stay light."""
    conditions = _meeting_conditions(flt)
    attended = (
        select(Attendance.person_id, MeetingOrganisation.organisation_id, Meeting.held_on, func.count())
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(MeetingOrganisation, MeetingOrganisation.meeting_id == Meeting.id)
        .where(Attendance.role != AttendanceRole.APOLOGIES, *conditions)
        .group_by(Attendance.person_id, MeetingOrganisation.organisation_id, Meeting.held_on)
    )
    raised = (
        select(MeetingBill.bill_id, MeetingOrganisation.organisation_id, Meeting.held_on, func.count())
        .join(Meeting, Meeting.id == MeetingBill.meeting_id)
        .join(MeetingOrganisation, MeetingOrganisation.meeting_id == Meeting.id)
        .where(*conditions)
        .group_by(MeetingBill.bill_id, MeetingOrganisation.organisation_id, Meeting.held_on)
    )
    # One day's recency is worked out once: a period holds a few hundred days, and thousands of pairs.
    by_day: dict[date, float] = {}
    for query, node in ((attended, person_node), (raised, bill_node)):
        for record_id, organisation_id, held_on, count in _rows(session, query):
            factor = by_day.get(held_on)
            if factor is None:
                factor = by_day[held_on] = recency(held_on, as_of, flt.half_life_days)
            weight = count * factor
            ties.add(
                node(record_id),
                body_node(organisation_id),
                "meeting",
                weight,
                brings_in=True,
                meetings=count,
                last=held_on,
            )


def _ask_ties(session: Session, ties: _Ties, flt: GraphFilter) -> None:
    """Bill to the body or person asked; an ask with no target recorded goes to the bodies at the
    meetings where it was raised. An ask's span runs from its first meeting to its decision."""
    raised_at: dict[int, list[tuple[date, int | None]]] = {}
    for ask_id, held_on, present in _rows(
        session,
        select(MeetingAsk.ask_id, Meeting.held_on, MeetingOrganisation.organisation_id)
        .join(Meeting, Meeting.id == MeetingAsk.meeting_id)
        .outerjoin(MeetingOrganisation, MeetingOrganisation.meeting_id == Meeting.id),
    ):
        raised_at.setdefault(ask_id, []).append((held_on, present))
    # An ask ties each of its bills (an aim across three bills is one ask) to its targets.
    bills_of: dict[int, list[int]] = {}
    for ask_id, bill_id in _rows(
        session,
        select(AskPolicyItem.ask_id, PolicyItem.bill_id)
        .join(PolicyItem, PolicyItem.id == AskPolicyItem.item_id)
        .where(PolicyItem.bill_id.is_not(None))
        .order_by(AskPolicyItem.ask_id, AskPolicyItem.position),
    ):
        if bill_id is not None:
            bills_of.setdefault(ask_id, []).append(bill_id)
    for ask_id, organisation_id, person_id, decided_on in _rows(
        session,
        select(Ask.id, Ask.target_organisation_id, Ask.target_person_id, Ask.decided_on).order_by(Ask.id),
    ):
        meetings = raised_at.get(ask_id, [])
        days = [d for d, _o in meetings] + ([decided_on] if decided_on is not None else [])
        if days and not _overlaps(min(days), max(days), flt):
            continue
        targets = [body_node(organisation_id)] if organisation_id is not None else []
        targets += [person_node(person_id)] if person_id is not None else []
        if not targets:
            targets = sorted({body_node(o) for _d, o in meetings if o is not None})
        for bill_id in bills_of.get(ask_id, []):
            for target in targets:
                ties.add(bill_node(bill_id), target, "ask", WEIGHT["ask"], brings_in=not flt.theme_ids)


def _standing_ties(session: Session, ties: _Ties, flt: GraphFilter) -> None:
    """Appointments and posts over their terms; parent, successor and employer links."""
    for person_id, organisation_id, start, end in _rows(
        session,
        select(
            Appointment.person_id, Appointment.organisation_id, Appointment.term_start, Appointment.term_end
        ),
    ):
        if _overlaps(start, end, flt):
            a, b = person_node(person_id), body_node(organisation_id)
            ties.add(a, b, "appointment", WEIGHT["appointment"], brings_in=not flt.theme_ids)
    for holder_id, post_body_id, start, end in _rows(
        session,
        select(Position.person_id, Position.organisation_id, Position.started_on, Position.ended_on).where(
            Position.organisation_id.is_not(None)
        ),
    ):
        if post_body_id is not None and _overlaps(start, end, flt):
            ties.add(
                person_node(holder_id),
                body_node(post_body_id),
                "position",
                WEIGHT["position"],
                brings_in=False,
            )
    for organisation_id, parent_id, successor_id in _rows(
        session, select(Organisation.id, Organisation.parent_id, Organisation.successor_id)
    ):
        for kind, other in (("parent", parent_id), ("successor", successor_id)):
            if other is not None:
                ties.add(body_node(organisation_id), body_node(other), kind, WEIGHT[kind], brings_in=False)
    for employee_id, employer_id in _rows(
        session, select(Person.id, Person.organisation_id).where(Person.organisation_id.is_not(None))
    ):
        if employer_id is not None:
            ties.add(
                person_node(employee_id),
                body_node(employer_id),
                "employer",
                WEIGHT["employer"],
                brings_in=False,
            )


class _Record(NamedTuple):  # a tuple: thousands are made per build, and frozen dataclasses are slow to make
    label: str
    kind: str
    record: str
    record_id: int


def _records(session: Session) -> dict[str, _Record]:
    records = {
        person_node(i): _Record(display_name(title, name), kind.value, "person", i)
        for i, title, name, kind in _rows(session, select(Person.id, Person.title, Person.name, Person.kind))
    }
    records.update(
        (body_node(i), _Record(body_label(name, acronym), "body", "organisation", i))
        for i, name, acronym in _rows(
            session, select(Organisation.id, Organisation.name, Organisation.acronym)
        )
    )
    records.update(
        (bill_node(i), _Record(title, "bill", "bill", i))
        for i, title in _rows(session, select(Bill.id, Bill.title))
    )
    return records


def _node_attributes(record: _Record) -> dict[str, object]:
    return {
        "label": record.label,
        "kind": record.kind,
        "record": record.record,
        "record_id": record.record_id,
        "importance": 0.0,
        "ours": record.kind in OUR_KINDS,
    }


def set_importance(g: nx.Graph) -> None:
    """Each node's weighted degree as a share of the largest (0..1), for the drawing's node sizes."""
    strength = dict(g.degree(weight="weight"))
    top = max(strength.values(), default=0.0)
    for node, value in strength.items():
        g.nodes[node]["importance"] = float(value / top) if top > 0 else 0.0


def focus_on(g: nx.Graph, node: str, depth: int) -> nx.Graph:
    """The node and everything within `depth` ties of it, importance measured anew."""
    if node not in g:
        raise NotFound(f"{node} is not in the graph.")
    near = nx.ego_graph(g, node, radius=max(depth, 0))
    set_importance(near)
    return near


def build_graph(session: Session, flt: GraphFilter, as_of: date) -> nx.Graph:
    """The graph of the records the filter keeps, tie weights as of `as_of`; a few set-based selects.

    Without a period or theme every record counts. With one, meetings in it (and, for a period alone,
    appointments and asks overlapping it) bring people, bodies and bills in; parent, successor,
    employer links and posts only join nodes already brought in, so a period shows its own network.
    """
    with collector_paused():
        return _build_graph(session, flt, as_of)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off for the block, as it was before afterwards. A build
    makes tens of thousands of tuples and dicts, none of them in a cycle, and each of the collector's
    passes they set off walks every object the program holds: a third of a 5,000-node build."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build_graph(session: Session, flt: GraphFilter, as_of: date) -> nx.Graph:
    ties = _Ties()
    _meeting_ties(session, ties, flt, as_of)
    _ask_ties(session, ties, flt)
    _standing_ties(session, ties, flt)
    records = _records(session)
    if flt.focus is not None and flt.focus not in records:
        raise NotFound(f"{flt.focus} is not a person, body or bill held in the records.")

    pairs = ties.by_pair
    if flt.narrowed:
        present = {n for pair, tie in pairs.items() if tie.brings_in for n in pair}
        pairs = {p: t for p, t in pairs.items() if p[0] in present and p[1] in present}
    # Nodes in the order their first edge brings them, then the edges, each list given to networkx in
    # one call (a call per node and edge was a good part of the build at thousands of them).
    nodes: dict[str, None] = {}
    edges: list[tuple[str, str, dict[str, object]]] = []
    for (a, b), tie in sorted(pairs.items()):
        if a not in records or b not in records:
            continue
        if records[a].kind not in flt.kinds or records[b].kind not in flt.kinds:
            continue
        if tie.weight < flt.min_strength:
            continue
        nodes[a] = nodes[b] = None
        edges.append(
            (
                a,
                b,
                {
                    "weight": float(tie.weight),
                    "contact": float(tie.contact),
                    "kinds": _kinds_text(tie.kinds),
                    "meetings": int(tie.meetings),
                    "last": tie.last.isoformat() if tie.last else "",
                },
            )
        )
    g = nx.Graph()
    g.add_nodes_from((node, _node_attributes(records[node])) for node in nodes)
    g.add_edges_from(edges)
    if flt.focus is None:
        set_importance(g)
        return g
    if flt.focus not in g:
        g.add_node(flt.focus, **_node_attributes(records[flt.focus]))
    return focus_on(g, flt.focus, flt.depth)


def _ranked_match(label: str, words: list[str], wanted: str) -> int | None:
    folded = normal_body_name(label)
    if not all(w in folded for w in words):
        return None
    if folded == wanted:
        return 0
    if folded.startswith(wanted):
        return 1
    tokens = folded.split()
    return 2 if all(any(t.startswith(w) for t in tokens) for w in words) else 3


def search_nodes(g: nx.Graph, text: str) -> list[str]:
    """Node ids whose label holds every word of `text` (any case or accent): the exact name first,
    then names starting with it, then whole-word matches, each by importance."""
    wanted = normal_body_name(text)
    words = wanted.split()
    if not words:
        return []
    found: list[tuple[int, float, str, str]] = []
    for node, data in g.nodes(data=True):
        label = str(data.get("label", node))
        rank = _ranked_match(label, words, wanted)
        if rank is not None:
            found.append((rank, -float(data.get("importance", 0.0)), label.lower(), node))
    return [node for *_key, node in sorted(found)]


def node_kinds(kinds: Iterable[str]) -> frozenset[str]:
    """Node kinds as a filter holds them; an unknown kind is refused with the known ones named."""
    chosen = frozenset(k.strip().lower() for k in kinds if k.strip())
    unknown = chosen - NODE_KINDS
    if unknown:
        known = ", ".join(sorted(NODE_KINDS))
        raise DomainError(f"“{', '.join(sorted(unknown))}” is not a kind of node; the kinds are {known}.")
    return chosen
