"""Stakeholders: the influence-interest map, and recording where a body or person stands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.areas import Area

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.areas import Wiring


def _build(window: Wiring) -> QWidget:
    from ui.stakeholders.map_view import StakeholderMapView

    view = StakeholderMapView(window.database, window.changes)
    view.organisation_open_requested.connect(window.open_organisation)
    view.person_open_requested.connect(window.open_person)
    return view


AREA = Area("Stakeholders", "stakeholder_map", _build)
