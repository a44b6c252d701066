"""People: members, officers and outside contacts, and each person's page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.areas import Area, Page

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.areas import Wiring


def _build(window: Wiring) -> QWidget:
    from ui.people.editor import PersonEditor
    from ui.people.list_view import PeopleView

    view = PeopleView(window.database, window.changes)
    view.open_requested.connect(window.open_person)
    view.new_requested.connect(lambda: PersonEditor.ask(window, window.database, window.changes))
    return view


def _build_page(window: Wiring) -> QWidget:
    from ui.people.page import PersonPage

    page = PersonPage(window.database, window.changes)
    page.organisation_open_requested.connect(window.open_organisation)
    page.person_open_requested.connect(window.open_person)
    page.meeting_open_requested.connect(window.open_meeting)
    page.back_requested.connect(lambda: window.show_area("People"))
    return page


AREA = Area("People", "people", _build, (Page("person_page", _build_page),))
