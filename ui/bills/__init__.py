"""Bills: the bills the association follows, their stages and asks, and each bill's page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.areas import Area, Page

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.areas import Wiring


def _build(window: Wiring) -> QWidget:
    from ui.bills.list_view import BillsView

    view = BillsView(window.database, window.changes)
    view.open_requested.connect(window.open_bill)
    return view


def _build_page(window: Wiring) -> QWidget:
    from ui.bills.page import BillPage

    page = BillPage(window.database, window.changes)
    page.meeting_open_requested.connect(window.open_meeting)
    page.back_requested.connect(lambda: window.show_area("Bills"))
    return page


AREA = Area("Bills", "bills", _build, (Page("bill_page", _build_page),))
