"""The graph drawing: one marker set per kind, links as wide as they are strong, names that do not pile up."""

from __future__ import annotations

import io
import random

import networkx as nx
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from PIL import Image

from tracker.graph.drawing import BANDED_EDGES, KIND_NAMES, KIND_STYLE, LINK_KEY, WIDTH_BANDS, draw


def small_graph() -> tuple[nx.Graph, dict[str, tuple[float, float]]]:
    g = nx.Graph()
    nodes = {
        "person:1": ("Cllr Richard Kemp", "member", "person", 0.9),
        "person:2": ("Helen Murray", "officer", "person", 0.5),
        "person:3": ("Alan Campbell MP", "contact", "person", 0.3),
        "org:1": ("Home Office", "body", "organisation", 1.0),
        "org:2": ("National Crime Reduction Board", "body", "organisation", 0.6),
        "bill:1": ("Policing and Crime Bill", "bill", "bill", 0.2),
    }
    for node, (label, kind, record, importance) in nodes.items():
        g.add_node(
            node,
            label=label,
            kind=kind,
            record=record,
            record_id=int(node.split(":")[1]),
            importance=importance,
            ours=kind in ("member", "officer"),
        )
    g.add_edge("person:1", "org:2", weight=3.0, kinds="meeting", meetings=3, last="2009-03-19")
    g.add_edge("person:2", "org:2", weight=1.0, kinds="meeting", meetings=1, last="2009-03-19")
    g.add_edge("person:3", "org:1", weight=0.5, kinds="employer", meetings=0, last="")
    g.add_edge("org:2", "org:1", weight=2.0, kinds="parent", meetings=0, last="")
    g.add_edge("bill:1", "org:1", weight=1.5, kinds="ask", meetings=0, last="")
    positions = {
        "person:1": (-0.8, 0.5),
        "person:2": (-0.6, -0.4),
        "person:3": (0.7, 0.6),
        "org:1": (0.4, 0.0),
        "org:2": (-0.2, 0.1),
        "bill:1": (0.9, -0.7),
    }
    return g, positions


def kind_collections(ax) -> dict[str, PathCollection]:  # type: ignore[no-untyped-def]
    return {
        c.get_gid(): c for c in ax.collections if isinstance(c, PathCollection) and c.get_gid() in KIND_STYLE
    }


def test_a_small_graph_has_a_marker_set_per_kind_links_by_weight_every_name_and_a_legend() -> None:
    g, positions = small_graph()
    figure = Figure(figsize=(6, 4))
    ax = figure.add_subplot()
    draw(g, positions, ax)

    markers = kind_collections(ax)
    assert set(markers) == {"member", "officer", "contact", "body"} | {"bill"}
    assert len(markers["body"].get_offsets()) == 2
    assert np.allclose(markers["member"].get_facecolor()[0][:3], [0x1F / 255, 0x77 / 255, 0xB4 / 255])

    (lines,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    segments = lines.get_segments()
    assert len(segments) == g.number_of_edges()
    weights = [d["weight"] for _u, _v, d in g.edges(data=True)]
    widths = list(lines.get_linewidths())
    by_weight = sorted(range(len(weights)), key=lambda i: weights[i])
    assert [widths[i] for i in by_weight] == sorted(widths)
    assert widths[weights.index(3.0)] > widths[weights.index(0.5)]

    assert sorted(t.get_text() for t in ax.texts) == sorted(d["label"] for _n, d in g.nodes(data=True))
    assert all(t.get_path_effects() for t in ax.texts)
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [
        *(KIND_NAMES[k] for k in ("body", "bill", "contact", "officer", "member")),
        LINK_KEY,  # what a line means, too
    ]
    assert not ax.axison


def test_highlighted_nodes_are_ringed_and_the_links_between_them_marked() -> None:
    g, positions = small_graph()
    ax = Figure().add_subplot()
    draw(g, positions, ax, highlight=["person:1", "org:2"])
    rings = [c for c in ax.collections if isinstance(c, PathCollection) and c.get_label() == "_highlight"]
    assert len(rings) == 1 and len(rings[0].get_offsets()) == 2
    (lines,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    colours = [tuple(np.round(c[:3], 3)) for c in lines.get_colors()]
    red = tuple(np.round([0xD6 / 255, 0x27 / 255, 0x28 / 255], 3))
    assert colours.count(red) == 1


def test_a_big_graph_names_only_the_most_important_and_the_highlighted() -> None:
    rng = random.Random(3)
    g = nx.gnm_random_graph(200, 400, seed=3)
    g = nx.relabel_nodes(g, {i: f"org:{i}" for i in g.nodes})
    for i, node in enumerate(g.nodes):
        g.nodes[node].update(
            label=f"Body {i}", kind="body", record="organisation", record_id=i, importance=i / 199, ours=False
        )
    for _u, _v, d in g.edges(data=True):
        d["weight"] = rng.uniform(0.1, 3)
    positions = {n: (rng.uniform(-1, 1), rng.uniform(-1, 1)) for n in g.nodes}
    ax = Figure().add_subplot()
    draw(g, positions, ax, highlight=["org:0", "org:1"], max_labels=40)
    names = {t.get_text() for t in ax.texts}
    assert len(ax.texts) <= 40 + 2
    assert {"Body 199", "Body 160", "Body 0", "Body 1"} <= names
    assert "Body 100" not in names


def test_the_drawing_renders_to_a_picture_that_is_not_blank() -> None:
    g, positions = small_graph()
    figure = Figure(figsize=(6, 4), dpi=80)
    draw(g, positions, figure.add_subplot())
    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)
    image = np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"))
    assert image.shape == (320, 480, 3)
    not_white = (image < 240).any(axis=2).mean()
    assert 0.01 < not_white < 0.5
    # Each kind's colour shows somewhere in the picture.
    for colour, _marker in KIND_STYLE.values():
        rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
        assert (np.abs(image.astype(int) - rgb).sum(axis=2) < 30).any(), colour


def test_a_dense_graph_draws_its_links_in_a_few_width_bands_and_the_path_apart() -> None:
    rng = random.Random(5)
    g = nx.relabel_nodes(nx.gnm_random_graph(600, BANDED_EDGES + 500, seed=5), lambda i: f"org:{i}")
    for i, node in enumerate(g.nodes):
        g.nodes[node].update(
            label=f"Body {i}", kind="body", record="organisation", record_id=i, importance=0.1
        )
    for _u, _v, d in g.edges(data=True):
        d["weight"] = rng.uniform(0.1, 5)
    path = next(iter(g.edges))
    positions = {n: (rng.uniform(-1, 1), rng.uniform(-1, 1)) for n in g.nodes}
    ax = Figure().add_subplot()
    draw(g, positions, ax, highlight=list(path))

    (lines,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    segments = [p.vertices for p in lines.get_paths()]
    colours = [tuple(np.round(c[:3], 3)) for c in lines.get_colors()]
    red = tuple(np.round([0xD6 / 255, 0x27 / 255, 0x28 / 255], 3))
    assert len(segments) <= WIDTH_BANDS + 1 and colours.count(red) == 1
    bands = [s for s, c in zip(segments, colours, strict=True) if c != red]
    widths = [w for w, c in zip(lines.get_linewidths(), colours, strict=True) if c != red]
    assert widths == sorted(widths) and len(set(widths)) == len(widths)
    # Each band is its links end to end, a gap (NaN) after each; together they are every other link.
    drawn = set()
    for band in bands:
        assert len(band) % 3 == 0 and np.isnan(band[2::3]).all()
        drawn |= {(tuple(band[i]), tuple(band[i + 1])) for i in range(0, len(band), 3)}
    wanted = {(positions[u], positions[v]) for u, v in g.edges if {u, v} != set(path)}
    assert drawn == wanted
    # The strongest link is in the widest band, the weakest in the narrowest.
    strongest = max(g.edges(data=True), key=lambda e: e[2]["weight"])
    weakest = min(g.edges(data=True), key=lambda e: e[2]["weight"])
    assert (positions[strongest[0]], positions[strongest[1]]) in {
        (tuple(bands[-1][i]), tuple(bands[-1][i + 1])) for i in range(0, len(bands[-1]), 3)
    }
    assert (positions[weakest[0]], positions[weakest[1]]) in {
        (tuple(bands[0][i]), tuple(bands[0][i + 1])) for i in range(0, len(bands[0]), 3)
    }
