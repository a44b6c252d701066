"""Measures on the relationship graph: who is central, who holds the links to a body, who can introduce us."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import networkx as nx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Meeting, MeetingOrganisation, Organisation
from db.vocabulary import OrganisationKind
from tracker.activity import held
from tracker.directory.names import body_label

PEOPLE = frozenset({"member", "officer", "contact"})
# networkx's betweenness is pure Python: 9 s for 5,000 nodes even on a 300-node sample; above this
# many nodes igraph's (C, exact, 1.3 s) gives the same figures.
NETWORKX_BETWEENNESS_UP_TO = 1000


@dataclass(frozen=True)
class Ranked:
    node: str
    label: str
    score: float


@dataclass(frozen=True)
class QuietBody:
    organisation_id: int
    label: str
    last_contact: date


def _top(g: nx.Graph, scores: dict[str, float], keep: Callable[[str], bool], n: int) -> list[Ranked]:
    ranked = [
        Ranked(node, str(g.nodes[node].get("label", node)), float(score))
        for node, score in scores.items()
        if keep(node) and score > 0
    ]
    ranked.sort(key=lambda r: (-r.score, r.label.lower(), r.node))
    return ranked[:n]


def _betweenness(g: nx.Graph) -> dict[str, float]:
    """The share of shortest paths between others that pass through each node (normalised as networkx's)."""
    if len(g) <= NETWORKX_BETWEENNESS_UP_TO:
        return dict(nx.betweenness_centrality(g))
    import igraph

    nodes = list(g)
    index = {node: i for i, node in enumerate(nodes)}
    counted = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in g.edges()])
    scale = 2 / ((len(nodes) - 1) * (len(nodes) - 2))
    return {
        node: float(v) * scale for node, v in zip(nodes, counted.betweenness(directed=False), strict=True)
    }


def _central(g: nx.Graph, kinds: frozenset[str], n: int) -> tuple[list[Ranked], list[Ranked]]:
    def keep(node: str) -> bool:
        return g.nodes[node].get("kind") in kinds

    degree = {node: float(value) for node, value in g.degree(weight="weight")}
    return _top(g, degree, keep, n), _top(g, _betweenness(g), keep, n)


# What each of the "Central" measures counts, in words (the window shows it under its choice).
MEASURE_WORDS = (
    "Most connections: each person's or body's ties added up. A meeting held today counts 1, one held"
    " a year before 0.5 (halving each year); an appointment, a post, a parent or successor body or an"
    " ask counts 1, an employer 0.5.",
    "Go-betweens: how often someone lies on the shortest way between two others, from 0 (never) to"
    " 1 (on every such way): who can carry a message or make an introduction.",
)


def explain(measure: int, label: str, score: float) -> str:
    """A score in words, for its tooltip: "8.65" alone said nothing."""
    if measure == 0:
        return (
            f"{label}: {score:.2f}, about as much contact as {score:.0f} meetings held today"
            " (older meetings count less; appointments, posts and asks count 1 each)."
        )
    return f"{label}: {score:.2f}, on {score:.0%} of the shortest ways between two others in the network."


def central_people(g: nx.Graph, n: int = 10) -> tuple[list[Ranked], list[Ranked]]:
    """The people with the most weighted ties, and those most often on the shortest way between others."""
    return _central(g, PEOPLE, n)


def central_bodies(g: nx.Graph, n: int = 10) -> tuple[list[Ranked], list[Ranked]]:
    """The same for bodies."""
    return _central(g, frozenset({"body"}), n)


def strongest_links(g: nx.Graph, body_node: str, n: int = 10) -> list[Ranked]:
    """Our members and officers ranked by their meetings with the body, recent meetings counting most."""
    if body_node not in g:
        return []
    scores = {
        other: float(data.get("contact", 0.0))
        for other, data in g[body_node].items()
        if g.nodes[other].get("ours", False)
    }
    return _top(g, scores, lambda _node: True, n)


def introduction_path(g: nx.Graph, target: str) -> list[str] | None:
    """The shortest chain of ties from one of our people to `target`, fewest hops first and, among
    those, the strongest (highest total weight). Bills do not introduce anyone, so a chain never runs
    through one. None when no chain reaches the target."""
    if target not in g:
        return None
    if g.nodes[target].get("ours", False):
        return [target]
    # Breadth first from the target: each node keeps its strongest shortest way on towards it.
    distance = {target: 0}
    best = {target: 0.0}
    onward: dict[str, str] = {}
    layer = [target]
    while layer:
        following: list[str] = []
        for node in layer:
            if node != target and g.nodes[node].get("kind") == "bill":
                continue
            for other, data in g[node].items():
                strength = best[node] + float(data.get("weight", 0.0))
                if other not in distance:
                    distance[other] = distance[node] + 1
                    following.append(other)
                elif distance[other] != distance[node] + 1 or strength <= best[other]:
                    continue
                best[other], onward[other] = strength, node
        ours = [node for node in following if g.nodes[node].get("ours", False)]
        if ours:
            start = min(ours, key=lambda node: (-best[node], str(g.nodes[node].get("label", node)), node))
            path = [start]
            while path[-1] != target:
                path.append(onward[path[-1]])
            return path
        layer = following
    return None


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for last_day in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, last_day)
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")


def gone_quiet(session: Session, as_of: date, months: int = 12) -> list[QuietBody]:
    """Outside bodies we met before the last `months` months and not since, the most lately silent first."""
    cutoff = _months_before(as_of, months)
    last = func.max(Meeting.held_on)
    # Our own association and its boards and groups are not outside bodies.
    own = select(Organisation.id).where(Organisation.kind == OrganisationKind.OWN_ASSOCIATION)
    rows = session.execute(
        select(Organisation.id, Organisation.name, Organisation.acronym, last)
        .join(MeetingOrganisation, MeetingOrganisation.organisation_id == Organisation.id)
        .join(Meeting, Meeting.id == MeetingOrganisation.meeting_id)
        .where(
            Meeting.held_on <= as_of,
            held(),
            # A minister meeting a body (a department's return) is not our contact with it.
            Meeting.return_id.is_(None),
            Organisation.kind != OrganisationKind.OWN_ASSOCIATION,
            Organisation.parent_id.is_(None) | Organisation.parent_id.not_in(own),
        )
        .group_by(Organisation.id, Organisation.name, Organisation.acronym)
        .having(last < cutoff)
    )
    quiet = [QuietBody(i, body_label(name, acronym), held_on) for i, name, acronym, held_on in rows]
    quiet.sort(key=lambda q: (-q.last_contact.toordinal(), q.label.lower()))
    return quiet
