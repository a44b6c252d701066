"""The relationship graph area of the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.areas import Area

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.areas import Wiring


def _build(window: Wiring) -> QWidget:
    from ui.graph.view import GraphView

    view = GraphView(window.database, window.changes)
    view.organisation_open_requested.connect(window.open_organisation)
    view.person_open_requested.connect(window.open_person)
    view.bill_open_requested.connect(window.open_bill)
    return view


AREA = Area("Graph", "graph", _build)
