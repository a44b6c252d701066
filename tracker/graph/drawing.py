"""The relationship graph drawn on a matplotlib Axes: edges by strength, nodes by kind, the key names."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D

# matplotlib is imported inside draw(): `import matplotlib` alone registers matplotlib.backends.registry,
# and tracker must load no matplotlib.backends module (tests/test_layers.py); it also keeps the
# command line's start-up free of the plotting library until a picture is asked for.

KIND_STYLE: dict[str, tuple[str, str]] = {
    "member": ("#1f77b4", "o"),
    "officer": ("#2ca02c", "o"),
    "contact": ("#ff7f0e", "^"),
    "body": ("#7f7f7f", "s"),
    "bill": ("#9467bd", "D"),
}

KIND_NAMES: dict[str, str] = {
    "member": "Members",
    "officer": "Officers",
    "contact": "Outside people",
    "body": "Bodies",
    "bill": "Bills",
}

# Bodies and bills go down first so that the people who meet them stay visible on top.
_DRAW_ORDER = ("body", "bill", "contact", "officer", "member")
_EDGE_COLOUR = "#9aa4b1"
_PATH_COLOUR = "#d62728"

Position = tuple[float, float]
# How many of the most central nodes are named on the whole picture; more as the view zooms in.
LABELS = 40


def _importance(g: nx.Graph, node: str) -> float:
    return float(g.nodes[node].get("importance", 0.0) or 0.0)


def labelled_nodes(
    g: nx.Graph,
    highlight: Collection[str] = (),
    labelled: Collection[str] | None = None,
    max_labels: int = LABELS,
) -> list[str]:
    """The nodes named: all on a small graph, else the most important; plus those asked for."""
    if len(g) <= max_labels:
        chosen = list(g.nodes)
    else:
        chosen = sorted(g.nodes, key=lambda n: (-_importance(g, n), str(g.nodes[n].get("label", n))))
        chosen = chosen[:max_labels]
    extra = [n for n in (*highlight, *(labelled or ())) if n in g and n not in chosen]
    return chosen + list(dict.fromkeys(extra))


def node_size(g: nx.Graph, node: str) -> float:
    """Marker area in points²: important nodes are bigger; crowded graphs use smaller markers."""
    base = 36.0 if len(g) < 150 else 14.0
    return base + base * 7.0 * _importance(g, node)


def _edge_widths(weights: list[float]) -> list[float]:
    top = max(weights, default=1.0) or 1.0
    # A square root keeps the weak links visible next to a few very strong ones; still ordered by weight.
    return [0.4 + 3.6 * (w / top) ** 0.5 for w in weights]


# Past this many links they are drawn in WIDTH_BANDS widths, a line per band broken between links:
# matplotlib makes an object per line (15,000 links took 0.3 s before anything was drawn), and at
# that density a few widths read the same as a width per link.
BANDED_EDGES = 1000
WIDTH_BANDS = 6


def _banded(
    segments: list[tuple[Position, Position]], widths: list[float]
) -> tuple[list[list[Position]], list[float]]:
    """The links grouped into WIDTH_BANDS equal steps of width, each band one line broken (by a NaN
    point) between its links and drawn at the middle width of its step; the empty bands left out."""
    low, high = min(widths), max(widths)
    step = (high - low) / WIDTH_BANDS or 1.0
    bands: list[list[Position]] = [[] for _ in range(WIDTH_BANDS)]
    gap = (math.nan, math.nan)
    for (a, b), width in zip(segments, widths, strict=True):
        band = bands[min(int((width - low) / step), WIDTH_BANDS - 1)]
        band.extend((a, b, gap))
    kept = [(band, low + step * (i + 0.5)) for i, band in enumerate(bands) if band]
    return [band for band, _w in kept], [width for _b, width in kept]


Box = tuple[float, float, float, float]
Place = tuple[tuple[float, float], tuple[str, str], Box]


def _places(ax: Axes, at: Position, text: str, fontsize: float, marker: float) -> list[Place]:
    """Above, below, right and left of the marker: the offset (points), alignment and the text's box
    on screen (pixels), the width estimated from the characters so that no renderer is needed."""
    x, y = ax.transData.transform(at)
    scale = ax.figure.dpi / 72
    width, height = len(text) * fontsize * 0.56 * scale, fontsize * 1.25 * scale
    gap = 3 + marker**0.5 / 2
    g = gap * scale
    return [
        ((0, gap), ("center", "bottom"), (x - width / 2, y + g, x + width / 2, y + g + height)),
        ((0, -gap), ("center", "top"), (x - width / 2, y - g - height, x + width / 2, y - g)),
        ((gap, 0), ("left", "center"), (x + g, y - height / 2, x + g + width, y + height / 2)),
        ((-gap, 0), ("right", "center"), (x - g - width, y - height / 2, x - g, y + height / 2)),
    ]


def _free_place(
    ax: Axes, at: Position, text: str, fontsize: float, marker: float, taken: list[Box]
) -> Place | None:
    for place in _places(ax, at, text, fontsize, marker):
        x0, y0, x1, y1 = place[2]
        if not any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in taken):
            return place
    return None


def draw(
    g: nx.Graph,
    positions: Mapping[str, Position],
    ax: Axes,
    *,
    highlight: Collection[str] = (),
    labelled: Collection[str] | None = None,
    max_labels: int = LABELS,
) -> None:
    """Draw `g` on `ax` at `positions`; `highlight`ed nodes are ringed (and the links between them
    marked, so an introduction path reads as one line), and always named."""
    import numpy as np
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    marked = {n for n in highlight if n in g}
    edges = [(u, v, d) for u, v, d in g.edges(data=True) if u in positions and v in positions]
    if edges:
        weights = [float(d.get("weight", 1.0) or 0.0) for _u, _v, d in edges]
        widths = _edge_widths(weights)
        on_path = [u in marked and v in marked for u, v, _d in edges]
        segments = [(positions[u], positions[v]) for u, v, _d in edges]
        if len(edges) > BANDED_EDGES:
            plain = [i for i, p in enumerate(on_path) if not p]
            bands, band_widths = _banded([segments[i] for i in plain], [widths[i] for i in plain])
            path = [i for i, p in enumerate(on_path) if p]
            lines = LineCollection(
                [*bands, *(segments[i] for i in path)],
                linewidths=[*band_widths, *(widths[i] + 1.5 for i in path)],
                colors=[_EDGE_COLOUR] * len(bands) + [_PATH_COLOUR] * len(path),
                alpha=0.6,
                zorder=1,
                label="_links",
            )
        else:
            lines = LineCollection(
                segments,
                linewidths=[w + 1.5 if p else w for w, p in zip(widths, on_path, strict=True)],
                colors=[_PATH_COLOUR if p else _EDGE_COLOUR for p in on_path],
                alpha=0.6,
                zorder=1,
                label="_links",
            )
        ax.add_collection(lines)

    legend: list[Line2D] = []
    for kind in _DRAW_ORDER:
        nodes = [n for n in g.nodes if g.nodes[n].get("kind") == kind and n in positions]
        if not nodes:
            continue
        colour, marker = KIND_STYLE[kind]
        # Arrays, not lists: matplotlib checks a list's items for masks one by one.
        at = np.array([positions[n] for n in nodes], dtype=float)
        ax.scatter(
            at[:, 0],
            at[:, 1],
            s=np.array([node_size(g, n) for n in nodes], dtype=float),
            c=colour,
            marker=marker,
            edgecolors="white",
            linewidths=0.8,
            zorder=3 if kind in ("member", "officer", "contact") else 2,
            label=KIND_NAMES[kind],
            gid=kind,
        )
        legend.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker=marker,
                markersize=7,
                markerfacecolor=colour,
                markeredgecolor="white",
                label=KIND_NAMES[kind],
            )
        )
    if marked:
        ring = [n for n in marked if n in positions]
        ax.scatter(
            [positions[n][0] for n in ring],
            [positions[n][1] for n in ring],
            s=[node_size(g, n) * 2.2 + 60 for n in ring],
            facecolors="none",
            edgecolors=_PATH_COLOUR,
            linewidths=2.0,
            zorder=4,
            label="_highlight",
        )

    ax.set_aspect("equal", adjustable="datalim")
    ax.margins(0.16, 0.08)  # room for the names of the nodes at the edges
    ax.autoscale_view()
    ax.apply_aspect()  # the view is settled, so labels can be placed in screen space
    place_labels(g, positions, ax, highlight=highlight, labelled=labelled, max_labels=max_labels)

    if legend:
        legend.extend(_link_keys(bool(edges), bool(marked)))
        # Where it covers fewest nodes; matplotlib's search is slow past a few hundred nodes.
        low = ax.bbox.height < 420  # a small picture: the key in two columns
        options: dict[str, Any] = {
            "loc": "best" if len(g) <= 300 else "upper left",
            "fontsize": 7 if low else 8,
            "ncols": 2 if low else 1,
            "framealpha": 0.85,
            "borderpad": 0.5,
        }
        ax.legend(handles=legend, **options)
    ax.set_axis_off()


LINK_KEY = "Link: meetings, posts, asks (thicker: stronger)"
PATH_KEY = "Introduction path"


def _link_keys(links: bool, path: bool) -> list[Line2D]:
    """The legend's lines for the links: what a grey line means, and the path when one is marked."""
    from matplotlib.lines import Line2D

    keys = [Line2D([], [], color=_EDGE_COLOUR, linewidth=2.5, label=LINK_KEY)] if links else []
    if path:
        keys.append(Line2D([], [], color=_PATH_COLOUR, linewidth=3, label=PATH_KEY))
    return keys


def place_labels(
    g: nx.Graph,
    positions: Mapping[str, Position],
    ax: Axes,
    *,
    highlight: Collection[str] = (),
    labelled: Collection[str] | None = None,
    max_labels: int = LABELS,
) -> int:
    """Name the most central nodes in view without one name over another (a name that would cover
    a more central one is left out: hovering shows it, and zooming in makes room for it). Names
    placed before are taken off first, so this runs again after a zoom. Returns how many were named."""
    from matplotlib import patheffects

    for old in [t for t in ax.texts if t.get_gid() in g]:
        old.remove()
    halo = [patheffects.withStroke(linewidth=3, foreground="white", alpha=0.9)]
    marked = {n for n in highlight if n in g}
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    in_view = g.subgraph(
        n for n in g.nodes if n in positions and x0 <= positions[n][0] <= x1 and y0 <= positions[n][1] <= y1
    )
    # Only these are named even over another name; the rest give way (no name covers another).
    required = set(marked) | set(labelled or ())
    taken: list[tuple[float, float, float, float]] = []
    for node in labelled_nodes(in_view, highlight, labelled, max_labels):
        if node not in positions:
            continue
        data = g.nodes[node]
        text = str(data.get("label", node))
        size = 8 if node in marked or data.get("ours") else 7
        placed = _free_place(ax, positions[node], text, size, node_size(g, node), taken)
        if placed is None:
            if node not in required:
                continue  # it would sit on a more important name; hovering still shows it
            placed = _places(ax, positions[node], text, size, node_size(g, node))[0]
        offset, align, box = placed
        taken.append(box)
        ax.annotate(
            text,
            xy=positions[node],
            xytext=offset,
            textcoords="offset points",
            ha=align[0],
            va=align[1],
            fontsize=size,
            fontweight="bold" if node in marked else "normal",
            color="#1b1b1b",
            path_effects=halo,
            zorder=5,
            gid=node,
        )

    return len(taken)
