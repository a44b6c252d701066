"""Duties: a member's or officer's representation duties, and the Needs attention panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.areas import Area

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.areas import Wiring


def _build(window: Wiring) -> QWidget:
    from ui.duties.view import DutiesView

    view = DutiesView(window.database, window.changes)
    view.meeting_open_requested.connect(window.open_meeting)
    view.organisation_open_requested.connect(window.open_organisation)
    return view


AREA = Area("Duties", "duties", _build)
