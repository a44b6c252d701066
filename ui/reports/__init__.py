"""Reports: the board's "Meetings with outside bodies" paper and the end-of-year report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.areas import Area

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.areas import Wiring


def _build(window: Wiring) -> QWidget:
    from ui.reports.view import ReportsView

    return ReportsView(window.database, window.changes)


AREA = Area("Reports", "reports", _build)
