"""Issue 20, item 4: Tab goes everywhere and out again; Ctrl+Z in a filter undoes the last change;
Enter in a filter opens the highlighted match; red field errors go once the field is changed;
Save, Discard and Cancel have Alt keys."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from db.engine import Database
from tests.tracker.conftest import Directory
from tracker import meetings
from tracker.meetings import BodyEntry, FollowUpEntry, MeetingDraft
from ui.common import prompts
from ui.common.field_errors import FieldErrors
from ui.duties.appointment_editor import AppointmentEditor
from ui.main_window import AREAS, MainWindow
from ui.meetings.editor import MeetingEditor


@pytest.fixture
def window(qtbot: QtBot, database: Database, directory: Directory) -> MainWindow:
    with database.session() as s:
        for title, day in (("National Crime Reduction Board", 19), ("NCRB working group", 20)):
            meetings.log(s, MeetingDraft(title, date(2009, 3, day), bodies=(BodyEntry(directory.ncrb),)))
    main = MainWindow(database)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    return main


def _tab_round(qtbot: QtBot, start: QWidget, limit: int = 80) -> list[QWidget]:
    """The widgets Tab visits from `start` until it comes back to it (or `limit` presses)."""
    start.setFocus()
    qtbot.waitUntil(start.hasFocus)
    visited: list[QWidget] = []
    for _ in range(limit):
        focus = QApplication.focusWidget()
        assert focus is not None
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        if now is start:
            return visited
        visited.append(now)
    raise AssertionError(f"Tab never came back to the start; stuck at {visited[-1]!r}")


@pytest.mark.parametrize("area", ["Meetings", "Reports", "Duties", "Graph"])
def test_tab_from_the_navigation_reaches_the_area_then_the_panel_and_comes_back(
    qtbot: QtBot, window: MainWindow, area: str
) -> None:
    window.show_area(AREAS.index(area))
    view = window.area_view(AREAS.index(area))
    visited = _tab_round(qtbot, window.navigation)
    in_view = [i for i, w in enumerate(visited) if view.isAncestorOf(w)]
    in_panel = [i for i, w in enumerate(visited) if window.attention.isAncestorOf(w)]
    assert len(in_view) >= 2, f"Tab reached only {len(in_view)} controls of {area}"
    assert in_panel, "Tab never reached the Needs attention panel"
    # Reading order: the area's controls first, then the panel below them.
    assert max(in_view) < min(in_panel)


def test_ctrl_z_in_the_filter_takes_back_a_saved_meeting(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *args: True)
    meeting_id = window.meetings.model.row_at(0).id  # type: ignore[union-attr]
    window.meetings.delete_with_undo(meeting_id, lambda m: m.title, lambda m: f"Delete “{m.title}”")
    assert window.meetings.model.rowCount() == 1
    box = window.meetings_list.filter
    box.setFocus()
    qtbot.keyClicks(box, "ncrb")
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.meetings_list.apply_filter_now()
    assert box.text() == "ncrb"  # the words typed stay
    window.meetings_list.filter.clear()
    window.meetings_list.apply_filter_now()
    assert window.meetings.model.rowCount() == 2  # the delete was undone


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """The meetings the window opened in its form (the form itself is not shown)."""
    from ui.meetings.editor import MeetingEditor

    asked: list[int | None] = []

    def ask(parent: object, database: object, changes: object, meeting_id: int | None = None) -> None:
        asked.append(meeting_id)

    monkeypatch.setattr(MeetingEditor, "ask", ask)
    return asked


def test_enter_in_the_filter_opens_the_highlighted_match(
    qtbot: QtBot, window: MainWindow, opened: list[int | None]
) -> None:
    box = window.meetings_list.filter
    box.setFocus()
    qtbot.keyClicks(box, "working")
    window.meetings_list.apply_filter_now()
    assert window.meetings.model.rowCount() == 1
    first = window.meetings.model.row_at(0)
    assert first is not None
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert opened == [first.id]


def test_down_in_the_filter_moves_the_highlight_and_enter_opens_that_one(
    qtbot: QtBot, window: MainWindow, opened: list[int | None]
) -> None:
    box = window.meetings_list.filter
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    second = window.meetings.model.row_at(1)
    assert second is not None
    assert window.meetings_list.selected_id() == second.id
    assert box.hasFocus()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert opened == [second.id]


def test_a_field_error_goes_once_the_field_is_changed(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    field = QLineEdit(holder)
    errors = FieldErrors()
    label = errors.label_for("title", field)
    label.setParent(holder)
    other = errors.label_for("form")
    other.setParent(holder)
    holder.show()
    errors.show({"title": "A meeting needs a title.", "form": "Not saved."})
    assert errors.message("title") == "A meeting needs a title."
    qtbot.keyClicks(field, "NCRB")
    assert errors.message("title") == ""
    assert label.isHidden()
    assert errors.message("form") == "Not saved."  # not about this field: it stays


def test_save_discard_and_cancel_have_alt_keys(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box = prompts.unsaved_box(parent, "this meeting")
    texts = sorted(b.text() for b in box.buttons())
    assert texts == ["&Cancel", "&Discard", "&Save"]
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Save)


def test_a_form_s_save_and_cancel_get_alt_keys_the_form_does_not_use(
    qtbot: QtBot, database: Database, changes: object, directory: Directory
) -> None:
    editor = AppointmentEditor(database, changes)  # type: ignore[arg-type]
    qtbot.addWidget(editor)
    editor.show()
    save = editor.save_button.text()
    cancel = editor.buttons.button(editor.buttons.StandardButton.Cancel).text()
    assert "&" in save and "&" in cancel
    taken = {t[t.index("&") + 1].lower() for t in (save, cancel)}
    assert len(taken) == 2
    # Not a letter a field of the form already answers to (Alt+W for Who, Alt+B for body...).
    assert not taken & {"w", "b", "r", "o", "t"}


def test_the_appointment_form_shows_term_without_an_ampersand(
    qtbot: QtBot, database: Database, changes: object, directory: Directory
) -> None:
    from PySide6.QtWidgets import QLabel

    editor = AppointmentEditor(database, changes)  # type: ignore[arg-type]
    qtbot.addWidget(editor)
    shown = [label.text() for label in editor.findChildren(QLabel)]
    assert "Term" in [t.replace("&", "") for t in shown]
    term = next(label for label in editor.findChildren(QLabel) if label.text().replace("&", "") == "Term")
    # A label with a mnemonic but no buddy shows the ampersand itself.
    assert "&" not in term.text() or term.buddy() is not None


DUE = (("Chase the figures", -2), ("Brief the chair", 3), ("Send the note", 5))


@pytest.fixture
def home_window(qtbot: QtBot, database: Database, directory: Directory) -> MainWindow:
    """Home, the first screen, with three follow-ups due: one overdue, two this week."""
    today = date.today()
    with database.session() as s:
        meetings.log(
            s,
            MeetingDraft(
                "Youth Justice Board: custody places",
                today - timedelta(days=10),
                bodies=(BodyEntry(directory.ncrb),),
                follow_ups=tuple(
                    FollowUpEntry(text, directory.murray, today + timedelta(days=days))
                    for text, days in (
                        ("Chase the figures", -2),
                        ("Brief the chair", 3),
                        ("Send the note", 5),
                    )
                ),
            ),
        )
    main = MainWindow(database)
    qtbot.addWidget(main)
    main.resize(1024, 600)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    qtbot.waitUntil(lambda: not main.home.is_busy(), timeout=30_000)
    return main


def test_tab_goes_through_home_and_out_to_the_panel(qtbot: QtBot, home_window: MainWindow) -> None:
    home = home_window.home
    assert home.follow_ups_model.rowCount() == 3
    visited = _tab_round(qtbot, home_window.navigation)
    assert home.follow_ups in visited and home.deadlines in visited and home.duties in visited
    in_home = [i for i, w in enumerate(visited) if home.isAncestorOf(w)]
    in_panel = [i for i, w in enumerate(visited) if home_window.attention.isAncestorOf(w)]
    assert in_panel and max(in_home) < min(in_panel)


def test_enter_on_a_follow_up_opens_its_meeting_from_any_cell_and_space_keeps_the_place(
    qtbot: QtBot, home_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = home_window.home
    opened: list[int] = []
    monkeypatch.setattr(
        MeetingEditor, "ask", lambda _parent, _db, _changes, meeting_id: opened.append(meeting_id)
    )
    home.follow_ups.setFocus()
    home.follow_ups.setCurrentIndex(home.follow_ups_model.index(1, 0))  # the tick's cell, as Tab leaves it
    qtbot.keyClick(home.follow_ups, Qt.Key.Key_Return)
    assert opened == [home.follow_ups_model.rows[1].meeting_id]
    qtbot.keyClick(home.follow_ups, Qt.Key.Key_Space)  # ticks "Brief the chair" done
    assert [r.text for r in home.follow_ups_model.rows] == ["Chase the figures", "Send the note"]
    assert home.follow_ups.currentIndex().row() == 1  # on the next one, ready for another Space
    home_window.changes.undo_stack.undo()
    qtbot.waitUntil(lambda: home.follow_ups_model.rowCount() == 3, timeout=20_000)


def test_at_1024_pixels_homes_actions_can_be_read(home_window: MainWindow) -> None:
    table = home_window.home.follow_ups
    assert table.columnWidth(3) >= 100 and table.columnWidth(4) >= 100
