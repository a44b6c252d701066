"""Issue 20, item 5: every control Tab can reach has a name a screen reader can say, in every area
of the window and in every form."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from db.engine import Database
from tests.tracker.conftest import Directory
from ui.bills.editor import BillEditor
from ui.changes import Changes
from ui.duties.appointment_editor import AppointmentEditor
from ui.main_window import AREAS, MainWindow
from ui.meetings.editor import MeetingEditor
from ui.organisations.editor import OrganisationEditor
from ui.people.editor import PersonEditor
from ui.themes.view import ThemeEditor


def spoken_name(widget: QWidget) -> str:
    """What a screen reader says the control is called, asked of Qt's accessibility itself."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def unnamed(root: QWidget) -> Iterator[str]:
    """The controls Tab can reach under `root` (shown ones) that have no name, described for a message."""
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or not widget.isEnabled():
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if widget.focusProxy() is not None:
            continue  # the proxy is the control
        if not spoken_name(widget).strip():
            holder = type(widget.parentWidget()).__name__
            yield f"{type(widget).__name__} {widget.objectName()!r} in {holder}"


@pytest.fixture
def window(qtbot: QtBot, database: Database, directory: Directory) -> MainWindow:
    main = MainWindow(database)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.mark.parametrize("area", AREAS)
def test_every_control_of_an_area_has_a_name(qtbot: QtBot, window: MainWindow, area: str) -> None:
    view = window.area_view(AREAS.index(area))
    if area == "Graph":  # laid out on the pool: drawn before the test ends
        with qtbot.waitSignal(view.drawn, timeout=30_000):  # type: ignore[attr-defined]
            window.show_area(AREAS.index(area))
    else:
        window.show_area(AREAS.index(area))
    missing = sorted(set(unnamed(window)))
    assert missing == [], f"{area}: controls without a name: {missing}"


@pytest.mark.parametrize("page", ["organisation", "person"])
def test_every_control_of_a_record_page_has_a_name(
    qtbot: QtBot, window: MainWindow, directory: Directory, page: str
) -> None:
    if page == "organisation":
        window.open_organisation(directory.home_office)
    else:
        window.open_person(directory.kemp)
    missing = sorted(set(unnamed(window)))
    assert missing == [], f"{page} page: controls without a name: {missing}"


@pytest.mark.parametrize(
    "form", [MeetingEditor, OrganisationEditor, PersonEditor, BillEditor, AppointmentEditor, ThemeEditor]
)
def test_every_control_of_a_form_has_a_name(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory, form: type[QWidget]
) -> None:
    editor = form(database, changes)  # type: ignore[call-arg]
    qtbot.addWidget(editor)
    editor.show()
    missing = sorted(set(unnamed(editor)))
    assert missing == [], f"{form.__name__}: controls without a name: {missing}"
