"""Clean text on the way out: what an older database stored before db/text.py's rule still writes.

Stored text is cleaned as it is set (db/text.py); a database written before that may still hold a
control character, which would make an XML-based file (GEXF, GraphML, .docx, .xlsx) invalid or
its writer fail. Every writer passes what it writes through `cleaned` (or `cleaned_graph`) first,
so the rule is the same one, applied again.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar, cast

from db.text import clean

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["clean", "cleaned", "cleaned_graph"]

T = TypeVar("T")


def cleaned(value: T) -> T:
    """`value` with every string in it cleaned: a string, or dataclasses, lists, tuples and dicts
    (keys too) holding strings, however deep; other values, a vocabulary's members (StrEnums)
    among them, are returned as they are."""
    return cast(T, _cleaned(value))


def _cleaned(value: Any) -> Any:
    if isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {_cleaned(k): _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    if isinstance(value, tuple):
        items = [_cleaned(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _cleaned(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value


def cleaned_graph(g: nx.Graph) -> nx.Graph:
    """A copy of `g` (of the same kind) with clean node names and clean graph, node and edge
    attributes."""
    copy = g.__class__()
    copy.graph.update(cleaned(dict(g.graph)))
    copy.add_nodes_from((cleaned(n), cleaned(dict(d))) for n, d in g.nodes(data=True))
    if g.is_multigraph():
        copy.add_edges_from(
            (cleaned(u), cleaned(v), k, cleaned(dict(d))) for u, v, k, d in g.edges(keys=True, data=True)
        )
    else:
        copy.add_edges_from((cleaned(u), cleaned(v), cleaned(dict(d))) for u, v, d in g.edges(data=True))
    return copy
