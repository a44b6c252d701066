"""The main window's wiring: areas by click or Ctrl+number, Ctrl+N, Ctrl+Z, pages that open records."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db.engine import Database
from tests.tracker.conftest import Directory
from tracker import meetings
from tracker.meetings import BodyEntry, MeetingDraft
from ui.main_window import AREAS, MainWindow
from ui.meetings.editor import MeetingEditor


@pytest.fixture
def window(qtbot: QtBot, database: Database, directory: Directory) -> MainWindow:
    with database.session() as s:
        meetings.log(
            s,
            MeetingDraft(
                "National Crime Reduction Board", date(2009, 3, 19), bodies=(BodyEntry(directory.ncrb),)
            ),
        )
    main = MainWindow(database)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_the_areas_are_reached_by_click_and_by_ctrl_number(qtbot: QtBot, window: MainWindow) -> None:
    assert [window.navigation.item(i).text() for i in range(window.navigation.count())] == list(AREAS)
    assert AREAS[0] == "Home" and window.navigation.currentRow() == 0  # the first screen
    assert window.stack.currentWidget() is window.home_area and window.home.isVisible()
    window.navigation.setCurrentRow(AREAS.index("People"))
    assert window.stack.currentWidget() is window.people
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.reports
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.organisations
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.meetings_area and window.meetings.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.home_area


def test_ctrl_n_logs_a_meeting_and_ctrl_z_takes_it_back(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def log_one(parent, database, changes, meeting_id=None):  # type: ignore[no-untyped-def]
        editor = MeetingEditor(database, changes, meeting_id, parent)
        editor.title.setText("CDRP Steering Group")
        editor.held_on.setText("April 2009")
        assert editor.save()
        return editor.saved_id

    monkeypatch.setattr(MeetingEditor, "ask", log_one)
    assert not window.undo_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.meetings.model.rowCount() == 2
    assert window.meetings.model.index(0, 0).data() == "Apr 2009"
    assert window.undo_action.isEnabled()
    assert window.undo_action.toolTip() == "Undo Log meeting “CDRP Steering Group”"
    window.undo_action.trigger()
    assert window.meetings.model.rowCount() == 1
    window.redo_action.trigger()
    assert window.meetings.model.rowCount() == 2


def test_an_organisation_opens_on_its_page_and_back_returns_to_the_list(
    qtbot: QtBot, window: MainWindow, directory: Directory
) -> None:
    window.navigation.setCurrentRow(AREAS.index("Organisations"))
    window.organisations.list.open_requested.emit(directory.ncrb)
    assert window.stack.currentWidget() is window.organisation_page
    window.organisation_page.back_requested.emit()
    assert window.stack.currentWidget() is window.organisations


def test_an_area_is_built_when_first_shown_and_wired_as_it_is_built(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.is_built("meetings") and window.is_built("home")
    assert not any(window.is_built(name) for name in ("bills", "reports", "crosscheck", "bill_page"))
    window.navigation.setCurrentRow(AREAS.index("Cross-check"))
    assert window.is_built("crosscheck") and window.stack.currentWidget() is window.crosscheck
    assert not window.is_built("reports")
    opened: list[int | None] = []
    monkeypatch.setattr(
        MeetingEditor, "ask", lambda parent, database, changes, meeting_id=None: opened.append(meeting_id)
    )
    window.crosscheck.meeting_open_requested.emit(7)
    assert opened == [7]


def test_the_export_menu_lists_every_export_when_opened(window: MainWindow) -> None:
    from tracker.io.exports import What

    for _ in range(2):  # opening it again lists them once
        window.export_menu.aboutToShow.emit()
    texts = [action.text() for action in window.export_menu.actions()]
    assert texts == [f"{what.value.capitalize()} as CSV or Excel…" for what in What] + ["Popolo JSON…"]
