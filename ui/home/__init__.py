"""Home: the first screen (follow-ups due, deadlines, duties, and the engagement charts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.areas import Area

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.areas import Wiring


def _build(window: Wiring) -> QWidget:
    from ui.home.view import HomeView

    view = HomeView(window.database, window.changes)
    view.meeting_open_requested.connect(window.open_meeting)
    view.organisation_open_requested.connect(window.open_organisation)
    view.person_open_requested.connect(window.open_person)
    return view


AREA = Area("Home", "home", _build)
