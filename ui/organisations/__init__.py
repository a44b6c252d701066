"""Organisations: the outside bodies' list and each body's page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.areas import Area, Page

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.areas import Wiring


def _build(window: Wiring) -> QWidget:
    from ui.organisations.editor import OrganisationEditor
    from ui.organisations.list_view import OrganisationsView

    view = OrganisationsView(window.database, window.changes)
    view.open_requested.connect(window.open_organisation)
    view.new_requested.connect(lambda: OrganisationEditor.ask(window, window.database, window.changes))
    return view


def _build_page(window: Wiring) -> QWidget:
    from ui.organisations.page import OrganisationPage

    page = OrganisationPage(window.database, window.changes)
    page.organisation_open_requested.connect(window.open_organisation)
    page.person_open_requested.connect(window.open_person)
    page.meeting_open_requested.connect(window.open_meeting)
    page.back_requested.connect(lambda: window.show_area("Organisations"))
    return page


AREA = Area("Organisations", "organisations", _build, (Page("organisation_page", _build_page),))
