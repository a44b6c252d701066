"""The `import` command's modules import one way: cli/imports.py gathers the kinds, each kind
(cli/import_*.py) uses the shared printing in cli/import_report.py, and nothing imports back."""

from __future__ import annotations

import grimp
import networkx as nx


def _import_modules_graph() -> nx.DiGraph:
    graph = grimp.build_graph("cli", include_external_packages=False)
    modules = {m for m in graph.modules if m == "cli.imports" or m.startswith("cli.import_")}
    directed = nx.DiGraph()
    directed.add_nodes_from(modules)
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported in modules:
                directed.add_edge(module, imported)
    return directed


def test_the_import_commands_modules_form_no_circle() -> None:
    graph = _import_modules_graph()
    kinds = {"cli.import_calendar", "cli.import_sheets", "cli.import_transparency"}
    assert {"cli.imports", *kinds} <= set(graph)
    assert list(nx.simple_cycles(graph)) == []


def test_every_kind_of_import_prints_through_the_shared_report() -> None:
    graph = _import_modules_graph()
    for kind in ("cli.import_calendar", "cli.import_sheets", "cli.import_transparency"):
        assert graph.has_edge("cli.imports", kind)
        assert graph.has_edge(kind, "cli.import_report")
