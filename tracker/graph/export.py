"""The relationship graph written for Gephi and other tools: GraphML or GEXF, chosen by the suffix."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import networkx as nx

from tracker.common.errors import DomainError
from tracker.common.text import cleaned_graph
from tracker.reports.writers import write_whole

SUFFIXES: tuple[str, ...] = (".graphml", ".gexf")


def write_graph(g: nx.Graph, path: Path) -> Path:
    """Write the graph whole (a failed write leaves no file, or the old one untouched); a control
    character an older database holds is left out, as XML cannot carry it."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        given = f"“{path.suffix}” files" if path.suffix else "files without a suffix"
        raise DomainError(f"cannot write {path}: the graph is written as .graphml or .gexf, not {given}")
    g = cleaned_graph(g)

    def render(stream: IO[bytes]) -> None:
        if suffix == ".graphml":
            nx.write_graphml(g, stream)
        else:
            nx.write_gexf(g, stream)

    return write_whole(path, render)
