"""Where each node of the relationship graph is drawn: a force-directed layout that keeps its place."""

from __future__ import annotations

import math
import random

import networkx as nx

Positions = dict[str, tuple[float, float]]

# networkx's spring layout is pure Python: ~90 s for 5,000 nodes. igraph's Fruchterman-Reingold is C.
SMALL = 300
# When at least this share of the nodes were already placed, they stay exactly where they were and
# only the newcomers are laid out among them; otherwise the old places only seed the layout.
PINNED_SHARE = 0.5
# igraph's Fruchterman-Reingold passes over a large graph (its default, 500, took 1.4 s at 5,000 nodes
# and 15,000 edges; 200 took 0.8 s and drew the same picture, the start being spread to size already).
ITERATIONS = 200


def _start(g: nx.Graph, previous: Positions, rng: random.Random) -> Positions:
    """Known nodes where they were; a newcomer beside its placed neighbours (in waves, so a chain of
    newcomers follows the placed node it hangs from), or anywhere if nothing near it was placed."""
    start = {node: previous[node] for node in g if node in previous}
    waiting = [node for node in g if node not in start]
    while waiting:
        placed_now: dict[str, tuple[float, float]] = {}
        for node in waiting:
            near = [start[other] for other in g[node] if other in start]
            if near:
                x = sum(p[0] for p in near) / len(near) + rng.uniform(-0.05, 0.05)
                y = sum(p[1] for p in near) / len(near) + rng.uniform(-0.05, 0.05)
                placed_now[node] = (x, y)
        if not placed_now:
            break
        start.update(placed_now)
        waiting = [node for node in waiting if node not in placed_now]
    for node in waiting:
        start[node] = (rng.uniform(-1, 1), rng.uniform(-1, 1))
    return start


def _fit(positions: Positions, *, stretch: bool) -> Positions:
    """Centred in [-1, 1], or, with pinned nodes, only pulled in where a newcomer strayed outside."""
    if not positions:
        return {}
    if not stretch:
        return {n: (max(-1.0, min(1.0, x)), max(-1.0, min(1.0, y))) for n, (x, y) in positions.items()}
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    reach = max(max(abs(x - cx) for x in xs), max(abs(y - cy) for y in ys))
    scale = 1.0 / reach if reach > 0 else 1.0
    return {n: ((x - cx) * scale, (y - cy) * scale) for n, (x, y) in positions.items()}


def _spring(g: nx.Graph, start: Positions | None, pinned: list[str], seed: int) -> Positions:
    if pinned:
        raw = nx.spring_layout(g, pos=start, fixed=pinned, seed=seed, weight="weight")
    else:
        raw = nx.spring_layout(g, pos=start, seed=seed, weight="weight")
    return {str(n): (float(p[0]), float(p[1])) for n, p in raw.items()}


def _igraph(
    g: nx.Graph, start: Positions, iterations: int = ITERATIONS, nodes: list[str] | None = None
) -> Positions:
    """igraph's layout of `g`, or of `nodes` alone when they are one connected group of it (read
    from `g` itself: walking a networkx subgraph view's edges cost more than igraph's layout)."""
    import igraph

    nodes = list(g) if nodes is None else nodes
    index = {node: i for i, node in enumerate(nodes)}
    edges: list[tuple[int, int]] = []
    weights: list[float] = []
    for a, b, weight in g.edges(nodes, data="weight", default=1.0):
        edges.append((index[a], index[b]))
        weights.append(float(weight))
    graph = igraph.Graph(n=len(nodes), edges=edges)
    # igraph settles n nodes within about ±sqrt(n)/2; a start of that size is the quickest (measured
    # on 5,000 nodes: 0.6 s, against 1.3 s from ±sqrt(n) and 3.2 s from ±2 sqrt(n)).
    spread = math.sqrt(len(nodes)) / 2
    seed = [[start[node][0] * spread, start[node][1] * spread] for node in nodes]
    placed = graph.layout_fruchterman_reingold(
        weights=weights or None, seed=seed, grid="auto", niter=iterations
    )
    return {
        node: (float(x) / spread, float(y) / spread)
        for node, (x, y) in zip(nodes, placed.coords, strict=True)
    }


def _kamada_kawai(g: nx.Graph, nodes: list[str]) -> Positions:
    """igraph's Kamada-Kawai layout of `nodes`, one connected group of `g`, from a circle (so the
    same graph is always drawn the same way)."""
    import igraph

    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[a], index[b]) for a, b in g.edges(nodes)]
    circle = [
        [math.cos(2 * math.pi * i / len(nodes)), math.sin(2 * math.pi * i / len(nodes))]
        for i in range(len(nodes))
    ]
    placed = igraph.Graph(n=len(nodes), edges=edges).layout_kamada_kawai(seed=circle)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, placed.coords, strict=True)}


def _into(positions: Positions, left: float, bottom: float, width: float, height: float) -> Positions:
    """The positions scaled, keeping their shape, into a box."""
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    low_x, low_y = min(xs), min(ys)
    span_x, span_y = (max(xs) - low_x) or 1.0, (max(ys) - low_y) or 1.0
    scale = min(width / span_x, height / span_y)
    off_x = left + (width - span_x * scale) / 2
    off_y = bottom + (height - span_y * scale) / 2
    return {n: (off_x + (x - low_x) * scale, off_y + (y - low_y) * scale) for n, (x, y) in positions.items()}


def _packed(g: nx.Graph, seed: int, start: Positions | None = None) -> Positions:
    """Each connected group laid out on its own: the largest fills most of the picture, the small
    ones sit in a strip beside it. In one layout, lone pairs repel to the edges and squeeze the main
    group into a speck (or a corner) of the picture. Given `start` (a large graph), every group is
    laid out by igraph from there; otherwise groups of SMALL nodes or more are."""
    groups = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    main = g.subgraph(groups[0])
    if len(main) >= SMALL:
        begin = start if start is not None else _start(main, {}, random.Random(seed))
        shape = _igraph(g, begin, nodes=groups[0])
    elif len(main) > 2:
        # Kamada-Kawai spreads a hub-and-spoke group evenly; igraph's, in C, from a circle as
        # networkx's starts (networkx's needs scipy, 60 MB of the packaged application for this alone).
        shape = _kamada_kawai(g, groups[0])
    else:
        shape = _spring(main, None, [], seed)
    positions = _into({str(n): (float(p[0]), float(p[1])) for n, p in shape.items()}, -1.0, -1.0, 1.5, 2.0)
    small = groups[1:]
    if not small:
        return positions
    # Two columns from nine groups; more past sixteen, so that hundreds of lone pairs stay visible.
    columns = 1 if len(small) <= 8 else max(2, math.ceil(math.sqrt(len(small) / 4)))
    rows = math.ceil(len(small) / columns)
    cell_w, cell_h = 0.42 / columns, 2.0 / rows
    for number, group in enumerate(small):
        row, column = divmod(number, columns)
        if len(group) > 1 and (len(group) >= SMALL or start is not None):
            # igraph for the groups of a large graph too: hundreds of them through networkx add up.
            begin = start if start is not None else _start(g.subgraph(group), {}, random.Random(seed))
            part = _igraph(g, begin, nodes=group)
        elif len(group) > 1:
            part = _spring(g.subgraph(group), None, [], seed)
        else:
            part = {group[0]: (0.0, 0.0)}
        box_left = 0.58 + column * cell_w + cell_w * 0.1
        box_top = 1.0 - row * cell_h
        positions.update(_into(part, box_left, box_top - cell_h * 0.85, cell_w * 0.8, cell_h * 0.7))
    return positions


def layout(g: nx.Graph, previous: Positions | None = None, seed: int = 7) -> Positions:
    """Positions in [-1, 1] for every node. Nodes placed in `previous` start where they were, and stay
    there when most of the graph was already placed, so that filtering does not scatter the picture."""
    if len(g) == 0:
        return {}
    rng = random.Random(seed)
    known = [node for node in g if previous and node in previous]
    start = _start(g, previous or {}, rng)
    pinned = known if known and len(known) >= PINNED_SHARE * len(g) else []
    if len(g) < SMALL and not pinned and nx.number_connected_components(g) > 1:
        positions = _packed(g, seed)
    elif len(g) < SMALL:
        positions = _spring(g, start if previous else None, pinned, seed)
    elif pinned:
        # Any force-directed pass over thousands of settled nodes costs seconds (igraph's grid slows
        # where they crowd, and its bounds that would pin them turn the grid off): the kept nodes stay,
        # and the newcomers sit beside their neighbours.
        positions = start
    elif nx.number_connected_components(g) > 1:
        positions = _packed(g, seed, start)
    else:
        positions = _igraph(g, start)
    return _fit(positions, stretch=not pinned)
