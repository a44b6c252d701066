"""Programme: the policy items the association works to influence, and each item's page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.areas import Area, Page

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.areas import Wiring


def _build(window: Wiring) -> QWidget:
    from ui.programme.list_view import ProgrammeView

    view = ProgrammeView(window.database, window.changes)
    view.open_requested.connect(window.open_policy_item)
    return view


def _build_page(window: Wiring) -> QWidget:
    from ui.programme.page import PolicyItemPage

    page = PolicyItemPage(window.database, window.changes)
    page.meeting_open_requested.connect(window.open_meeting)
    page.bill_open_requested.connect(window.open_bill)
    page.back_requested.connect(lambda: window.show_area("Programme"))
    return page


AREA = Area("Programme", "programme", _build, (Page("policy_item_page", _build_page),))
