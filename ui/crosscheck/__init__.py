"""Cross-check: ministers' meetings returns against the association's own meetings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.areas import Area

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.areas import Wiring


def _build(window: Wiring) -> QWidget:
    from ui.crosscheck.view import CrossCheckView

    view = CrossCheckView(window.database, window.changes)
    view.import_button.clicked.connect(window.import_return)
    view.meeting_open_requested.connect(window.open_meeting)
    return view


AREA = Area("Cross-check", "crosscheck", _build)
