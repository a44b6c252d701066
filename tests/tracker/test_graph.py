"""The relationship graph: its nodes, ties and weights, filters, measures, layout and export."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from sqlalchemy.orm import Session

from db.engine import Database
from db.vocabulary import AttendanceRole, BodyRole, PersonKind
from tracker import meetings
from tracker.common.errors import DomainError, NotFound
from tracker.directory import people
from tracker.directory.people import PersonDraft
from tracker.graph import build as build_module
from tracker.graph import layout as layout_module
from tracker.graph.build import (
    NODE_KINDS,
    GraphFilter,
    body_node,
    build_graph,
    person_node,
    recency,
    search_nodes,
)
from tracker.graph.export import write_graph
from tracker.graph.layout import layout
from tracker.graph.measures import (
    central_bodies,
    central_people,
    gone_quiet,
    introduction_path,
    strongest_links,
)
from tracker.lobbying import themes
from tracker.meetings import AttendeeEntry, BodyEntry, MeetingDraft

from .conftest import Directory

AS_OF = date(2009, 7, 1)
DEMO_AS_OF = date(2009, 7, 1)


def log(db: Database, on: date, bodies: tuple[int, ...], *attendees: AttendeeEntry, **more: object) -> None:
    with db.session() as s:
        entries = tuple(
            BodyEntry(b, BodyRole.HOST if i == 0 else BodyRole.PARTICIPANT) for i, b in enumerate(bodies)
        )
        meetings.log(s, MeetingDraft(f"Meeting {on}", on, bodies=entries, attendees=attendees, **more))  # type: ignore[arg-type]


def graph(db: Database, flt: GraphFilter | None = None, as_of: date = AS_OF) -> nx.Graph:
    with db.session() as s:
        return build_graph(s, flt or GraphFilter(), as_of)


def contact(db: Database, name: str) -> int:
    with db.session() as s:
        made = people.create(s, PersonDraft(name, PersonKind.CONTACT))
    assert made.id is not None
    return made.id


@pytest.fixture
def demo_db(demo_database: Database) -> Database:
    return demo_database


def labels(g: nx.Graph) -> set[str]:
    return {g.nodes[n]["label"] for n in g}


def by_label(g: nx.Graph, label: str) -> str:
    (node,) = [n for n in g if g.nodes[n]["label"] == label]
    return str(node)


# --- build -----------------------------------------------------------------------------------------


def test_meetings_tie_people_to_bodies_weighted_by_how_many_and_how_recent(
    database: Database, directory: Directory
) -> None:
    d = directory
    log(
        database,
        date(2009, 6, 1),
        (d.ncrb, d.home_office),
        AttendeeEntry(d.kemp),
        AttendeeEntry(d.murray, AttendanceRole.APOLOGIES),
    )
    log(database, date(2008, 7, 1), (d.ncrb,), AttendeeEntry(d.kemp, AttendanceRole.REPRESENTED))
    g = graph(database)

    kemp, ncrb, ho, lga, murray = (
        person_node(d.kemp),
        body_node(d.ncrb),
        body_node(d.home_office),
        body_node(d.lga),
        person_node(d.murray),
    )
    recent = 0.5 ** (30 / 365)
    assert recency(date(2009, 6, 1), AS_OF, 365) == pytest.approx(recent)
    assert {frozenset(e) for e in g.edges} == {
        frozenset(p) for p in ((kemp, ncrb), (kemp, ho), (kemp, lga), (murray, lga), (ncrb, ho))
    }
    assert g.edges[kemp, ncrb] == pytest.approx(
        {
            "weight": recent + 0.5,
            "contact": recent + 0.5,
            "kinds": "meeting",
            "meetings": 2,
            "last": "2009-06-01",
        }
    )
    assert g.edges[kemp, ho]["weight"] == pytest.approx(recent)
    # Helen Murray sent apologies: she is tied to the LGA as its officer, not to the NCRB.
    assert g.edges[murray, lga] == {
        "weight": 0.5,
        "contact": 0.0,
        "kinds": "employer",
        "meetings": 0,
        "last": "",
    }
    assert g.edges[ncrb, ho]["kinds"] == "parent"
    assert g.nodes[kemp] == {
        "label": "Cllr Richard Kemp",
        "kind": "member",
        "record": "person",
        "record_id": d.kemp,
        "importance": 1.0,
        "ours": True,
    }
    assert g.nodes[ncrb]["kind"] == "body" and 0 < g.nodes[ncrb]["importance"] < 1
    assert person_node(d.campbell) not in g  # no tie at all
    # A longer half-life makes the year-old meeting count for more.
    slower = graph(database, GraphFilter(half_life_days=730))
    assert slower.edges[kemp, ncrb]["weight"] == pytest.approx(0.5 ** (30 / 730) + 0.5**0.5)


def test_a_build_holds_off_the_garbage_collector_and_leaves_it_as_it_was(
    database: Database, directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = directory
    log(database, date(2009, 6, 1), (d.ncrb,), AttendeeEntry(d.kemp))
    seen: list[bool] = []
    real_records = build_module._records

    def records(session: Session) -> object:
        seen.append(gc.isenabled())
        return real_records(session)

    monkeypatch.setattr(build_module, "_records", records)
    assert gc.isenabled()
    assert person_node(d.kemp) in graph(database)
    assert seen == [False] and gc.isenabled()
    with pytest.raises(NotFound):
        graph(database, GraphFilter(focus="person:99999"))
    assert gc.isenabled()  # back on after a refused build too
    gc.disable()
    try:
        graph(database)
        assert not gc.isenabled()  # left off where it was off
    finally:
        gc.enable()


def test_min_strength_drops_weak_ties_and_the_nodes_they_leave_alone(
    database: Database, directory: Directory
) -> None:
    d = directory
    log(database, date(2009, 6, 1), (d.ncrb,), AttendeeEntry(d.kemp))
    g = graph(database, GraphFilter(min_strength=0.9))
    assert all(w >= 0.9 for _a, _b, w in g.edges(data="weight"))
    assert person_node(d.murray) not in g and body_node(d.lga) not in g  # employer ties weigh 0.5
    assert g.has_edge(person_node(d.kemp), body_node(d.ncrb))


def test_the_network_during_the_offender_management_bills_passage(demo_db: Database) -> None:
    g = graph(demo_db, GraphFilter(since=date(2006, 11, 1), until=date(2007, 7, 31)), DEMO_AS_OF)
    names = labels(g)
    assert {
        "Offender Management Bill",
        "Coalition on Social and Criminal Justice",
        "Jim Knight MP",
        "DfES",
    } <= names
    # Bodies met only in 2009 are not in the 2006-07 network, nor is the Home Office (only a parent then).
    assert not names & {
        "National Police Improvement Agency",
        "Improvement and Development Agency (IDeA)",
        "Home Office",
        "Local Government Information Unit (LGiU)",
    }
    bill, coalition = (
        by_label(g, "Offender Management Bill"),
        by_label(g, "Coalition on Social and Criminal Justice"),
    )
    # Two asks raised at the Coalition's meeting, and the bill discussed there on 26 February 2007.
    assert g.edges[bill, coalition]["kinds"] == "ask,meeting"
    assert g.edges[bill, coalition]["weight"] == pytest.approx(
        2 + recency(date(2007, 2, 26), DEMO_AS_OF, 365)
    )
    whole = graph(demo_db, as_of=DEMO_AS_OF)
    assert "Home Office" in labels(whole) and len(whole) > len(g)


def test_a_theme_keeps_only_its_meetings(demo_db: Database) -> None:
    with demo_db.session() as s:
        theme = next(t.id for t in themes.all_rows(s) if t.name == "Reducing re-offending")
    g = graph(demo_db, GraphFilter(theme_ids=(theme,)), DEMO_AS_OF)
    names = labels(g)
    assert {"Cllr Stacey", "National Offender Management Service (NOMS)", "Cllr David Smith"} <= names
    # Cllr Kemp's NCRB meetings were on crime reduction: neither he nor the board is in.
    assert not names & {"Cllr Richard Kemp", "National Crime Reduction Board (NCRB)"}
    assert all(data["meetings"] > 0 or "meeting" not in data["kinds"] for *_ends, data in g.edges(data=True))


def test_kinds_keep_only_the_nodes_of_those_kinds(demo_db: Database) -> None:
    g = graph(demo_db, GraphFilter(kinds=frozenset({"body", "bill"})), DEMO_AS_OF)
    assert {g.nodes[n]["kind"] for n in g} == {"body", "bill"}
    everyone = graph(demo_db, GraphFilter(kinds=NODE_KINDS), DEMO_AS_OF)
    assert {everyone.nodes[n]["kind"] for n in everyone} == NODE_KINDS


def test_focus_keeps_a_neighbourhood_to_the_chosen_depth(demo_db: Database) -> None:
    whole = graph(demo_db, as_of=DEMO_AS_OF)
    home_office = by_label(whole, "Home Office")
    near = graph(demo_db, GraphFilter(focus=home_office), DEMO_AS_OF)
    assert set(near) == {home_office, *whole[home_office]}
    wider = graph(demo_db, GraphFilter(focus=home_office, depth=2), DEMO_AS_OF)
    assert set(near) < set(wider) and set(wider) == set(nx.ego_graph(whole, home_office, radius=2))
    assert max(wider.nodes[n]["importance"] for n in wider) == 1.0
    with pytest.raises(NotFound):
        graph(demo_db, GraphFilter(focus="org:99999"), DEMO_AS_OF)


def test_search_finds_nodes_by_any_words_of_their_names_best_first(demo_db: Database) -> None:
    g = graph(demo_db, as_of=DEMO_AS_OF)
    found = [g.nodes[n]["label"] for n in search_nodes(g, "home office")]
    assert found[0] == "Home Office" and len(found) >= 2
    assert all("home office" in f.lower() for f in found)
    assert [g.nodes[n]["label"] for n in search_nodes(g, "NCRB")] == ["National Crime Reduction Board (NCRB)"]
    assert [g.nodes[n]["label"] for n in search_nodes(g, "kemp")] == ["Cllr Richard Kemp"]
    assert search_nodes(g, "  ") == [] and search_nodes(g, "nothing like it") == []


# --- measures --------------------------------------------------------------------------------------


def test_central_people_and_bodies_by_degree_and_betweenness(demo_db: Database) -> None:
    g = graph(demo_db, as_of=DEMO_AS_OF)
    by_degree, by_betweenness = central_people(g, n=5)
    assert by_degree[0].label == "Cllr Richard Kemp" and len(by_degree) == 5
    assert all(
        g.nodes[r.node]["kind"] in {"member", "officer", "contact"} for r in by_degree + by_betweenness
    )
    assert [r.score for r in by_betweenness] == sorted((r.score for r in by_betweenness), reverse=True)
    bodies, bridges = central_bodies(g)
    assert bodies[0].label == bridges[0].label == "Local Government Association (LGA)"
    assert all(g.nodes[r.node]["kind"] == "body" for r in bodies + bridges)


def test_strongest_links_rank_our_people_by_weighted_recent_contact(
    database: Database, directory: Directory
) -> None:
    d = directory
    minister = contact(database, "Vernon Coaker")
    log(database, date(2009, 7, 1), (d.home_office,), AttendeeEntry(d.murray), AttendeeEntry(minister))
    log(database, date(2009, 6, 1), (d.home_office,), AttendeeEntry(d.kemp))
    log(database, date(2007, 7, 1), (d.home_office,), AttendeeEntry(d.witherick))
    log(database, date(2007, 7, 2), (d.home_office,), AttendeeEntry(d.witherick))
    g = graph(database)
    ranked = strongest_links(g, body_node(d.home_office))
    # One meeting today beats one a month ago, which beats two two years ago; the minister is not ours.
    assert [r.label for r in ranked] == ["Helen Murray", "Cllr Richard Kemp", "Cllr Allan Witherick"]
    assert [r.score for r in ranked] == pytest.approx(
        [1.0, 0.5 ** (30 / 365), 0.5 ** (731 / 365) + 0.5 ** (730 / 365)]
    )
    assert strongest_links(g, "org:99999") == []


def test_who_can_introduce_us_runs_from_our_people_through_a_body(
    database: Database, directory: Directory
) -> None:
    d = directory
    stranger = contact(database, "Someone Unconnected")
    log(database, date(2009, 6, 1), (d.ncrb,), AttendeeEntry(d.kemp), AttendeeEntry(d.campbell))
    log(database, date(2008, 1, 1), (d.ncrb,), AttendeeEntry(d.witherick))
    log(database, date(2009, 6, 1), (d.apa,), AttendeeEntry(stranger))
    g = graph(database)
    # Kemp and Witherick are both two steps away; Kemp's tie to the NCRB is the stronger.
    assert introduction_path(g, person_node(d.campbell)) == [
        person_node(d.kemp),
        body_node(d.ncrb),
        person_node(d.campbell),
    ]
    assert introduction_path(g, person_node(stranger)) is None
    assert introduction_path(g, "person:99999") is None
    assert introduction_path(g, person_node(d.kemp)) == [person_node(d.kemp)]


def test_gone_quiet_lists_bodies_met_before_and_not_since(demo_db: Database) -> None:
    with demo_db.session() as s:
        quiet = gone_quiet(s, DEMO_AS_OF, months=12)
        assert gone_quiet(s, DEMO_AS_OF, months=30) == []
    assert [q.label for q in quiet] == [
        "Fire Forum",
        "Fire Suppression and Sustainable Buildings task group",
        "All Party Parliamentary Group on Penal Affairs (APPG)",
        "Coalition on Social and Criminal Justice",
        "DfES",
    ]
    assert quiet[0].last_contact == date(2007, 10, 19) and quiet[-1].last_contact == date(2007, 2, 26)
    # The Safer Communities Board (ours, met July 2007) is not an outside body.


# --- export ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_the_exported_graph_reads_back_the_same(demo_db: Database, tmp_path: Path, suffix: str) -> None:
    g = graph(demo_db, as_of=DEMO_AS_OF)
    path = write_graph(g, tmp_path / f"graph{suffix}")
    back = nx.read_graphml(path) if suffix == ".graphml" else nx.read_gexf(path)
    assert dict(back.nodes(data=True)) == dict(g.nodes(data=True))
    edges = {
        frozenset((a, b)): {k: v for k, v in data.items() if k != "id"}
        for a, b, data in back.edges(data=True)
    }
    assert edges == {frozenset((a, b)): data for a, b, data in g.edges(data=True)}


def test_an_unknown_graph_format_is_refused_and_nothing_written(tmp_path: Path) -> None:
    with pytest.raises(DomainError, match=r"\.graphml or \.gexf"):
        write_graph(nx.Graph(), tmp_path / "graph.csv")
    assert list(tmp_path.iterdir()) == []


# --- layout ----------------------------------------------------------------------------------------


def test_every_node_is_placed_and_filtering_keeps_the_others_in_place(demo_db: Database) -> None:
    whole = graph(demo_db, as_of=DEMO_AS_OF)
    before = layout(whole)
    assert set(before) == set(whole)
    assert all(-1 <= c <= 1 for p in before.values() for c in p)
    narrower = graph(demo_db, GraphFilter(kinds=frozenset({"member", "officer", "body"})), DEMO_AS_OF)
    after = layout(narrower, previous=before)
    assert set(after) == set(narrower)
    assert all(abs(after[n][0] - before[n][0]) + abs(after[n][1] - before[n][1]) < 0.5 for n in narrower)
    assert layout(whole) == before  # seeded: the same picture every time


def test_a_large_graph_is_laid_out_by_igraph(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("networkx's spring layout is too slow for a large graph")

    big = nx.relabel_nodes(nx.gnm_random_graph(3000, 6000, seed=3), lambda i: f"org:{i}")
    nx.set_edge_attributes(big, 1.0, "weight")
    monkeypatch.setattr(layout_module.nx, "spring_layout", refused)
    placed = layout(big)
    assert set(placed) == set(big)
    assert all(-1 <= c <= 1 for p in placed.values() for c in p)
    smaller = big.subgraph([n for n in big if not n.endswith("7")]).copy()
    again = layout(smaller, previous=placed)
    assert set(again) == set(smaller)
    assert all(abs(again[n][0] - placed[n][0]) + abs(again[n][1] - placed[n][1]) < 0.5 for n in smaller)


def test_a_large_graph_lays_its_main_group_out_wide_and_its_lone_groups_in_a_strip_beside() -> None:
    # One big connected group and a few pairs: in one layout the pairs fly to the edges and the big
    # group shrinks to a speck in the middle of the picture.
    big = nx.relabel_nodes(nx.connected_watts_strogatz_graph(600, 6, 0.2, seed=5), lambda i: f"org:{i}")
    for pair in range(5):
        big.add_edge(f"person:{pair}", f"bill:{pair}")
    nx.set_edge_attributes(big, 1.0, "weight")
    placed = layout(big)
    assert set(placed) == set(big)
    main = [placed[n] for n in big if n.startswith("org:")]
    pairs = [placed[n] for n in big if not n.startswith("org:")]
    main_left, main_right = min(x for x, _y in main), max(x for x, _y in main)
    assert main_right - main_left > 1.2  # the main group takes most of the width
    assert min(x for x, _y in pairs) > main_right  # the pairs sit to its right, clear of it
