"""Enter in the meeting form's entry boxes adds what they hold and never saves the form (issue 20, item 1).

An officer picks a body with Enter, presses Enter again out of habit, and the half-filled meeting
used to be saved and the form closed. Only Ctrl+Enter, the Save button and its Alt key save it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from db.engine import Database
from tests.tracker.conftest import Directory
from tracker import meetings
from tracker.common.listing import ListQuery
from ui.changes import Changes
from ui.meetings.editor import MeetingEditor


@pytest.fixture
def editor(qtbot: QtBot, database: Database, changes: Changes, directory: Directory) -> MeetingEditor:
    form = MeetingEditor(database, changes)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()  # Ctrl+Enter and Alt+S are shortcuts: they work in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    qtbot.keyClicks(form.title, "National Crime Reduction Board")
    qtbot.keyClicks(form.held_on, "19/03/2009")
    return form


def stored_meetings(database: Database) -> int:
    with database.session() as s:
        return meetings.count(s, ListQuery())


def body_names(editor: MeetingEditor) -> list[str]:
    return [editor.bodies.index(r, 0).data() for r in range(editor.bodies.rowCount())]


def test_enter_twice_in_the_body_box_adds_the_body_and_leaves_the_form_open(
    qtbot: QtBot, editor: MeetingEditor, database: Database
) -> None:
    qtbot.keyClicks(editor.body_picker, "NCRB")
    qtbot.keyClick(editor.body_picker, Qt.Key.Key_Return)
    qtbot.keyClick(editor.body_picker, Qt.Key.Key_Return)

    assert body_names(editor) == ["National Crime Reduction Board (NCRB)"]
    assert editor.isVisible() and editor.saved_id is None
    assert stored_meetings(database) == 0


def test_a_suggestion_picked_from_the_list_with_enter_then_enter_again_saves_nothing(
    qtbot: QtBot, editor: MeetingEditor, database: Database
) -> None:
    qtbot.keyClicks(editor.our_picker, "Kemp")
    popup = editor.our_picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert [editor.ours.index(r, 0).data() for r in range(editor.ours.rowCount())] == ["Cllr Richard Kemp"]
    assert editor.our_picker.text() == ""
    qtbot.keyClick(editor.our_picker, Qt.Key.Key_Return)

    assert editor.isVisible() and editor.saved_id is None
    assert stored_meetings(database) == 0


@pytest.mark.parametrize("box", ["body_picker", "our_picker", "outside_picker", "follow_up_owner"])
def test_enter_in_any_empty_entry_box_saves_nothing(
    qtbot: QtBot, editor: MeetingEditor, database: Database, box: str
) -> None:
    field: QLineEdit = getattr(editor, box)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.keyClick(field, Qt.Key.Key_Enter)
    assert editor.isVisible() and editor.saved_id is None
    assert stored_meetings(database) == 0


def test_enter_in_the_follow_up_boxes_adds_the_action_and_a_second_enter_saves_nothing(
    qtbot: QtBot, editor: MeetingEditor, database: Database
) -> None:
    qtbot.keyClicks(editor.follow_up_text, "Send the NCRB our paper")
    qtbot.keyClicks(editor.follow_up_owner, "Helen Murray")
    qtbot.keyClick(editor.follow_up_owner, Qt.Key.Key_Return)
    assert editor.follow_up_owner.text() == "Helen Murray", "Enter on the owner keeps the name"
    qtbot.keyClicks(editor.follow_up_due, "01/04/2009")
    qtbot.keyClick(editor.follow_up_due, Qt.Key.Key_Return)
    added = [editor.follow_ups.index(0, c).data() for c in (0, 1)]
    assert added == ["Send the NCRB our paper", "Helen Murray"]
    qtbot.keyClick(editor.follow_up_due, Qt.Key.Key_Return)
    qtbot.keyClick(editor.follow_up_text, Qt.Key.Key_Return)
    assert editor.isVisible() and editor.saved_id is None
    assert stored_meetings(database) == 0


def test_enter_in_a_plain_field_moves_on_to_the_next_rather_than_saving(
    qtbot: QtBot, editor: MeetingEditor, database: Database
) -> None:
    editor.title.setFocus()
    qtbot.keyClick(editor.title, Qt.Key.Key_Return)
    assert editor.focusWidget() is editor.held_on
    assert editor.isVisible() and stored_meetings(database) == 0
    assert not editor.save_button.isDefault()


def test_ctrl_enter_from_an_entry_box_saves_the_meeting(
    qtbot: QtBot, editor: MeetingEditor, database: Database
) -> None:
    qtbot.keyClicks(editor.body_picker, "NCRB")
    qtbot.keyClick(editor.body_picker, Qt.Key.Key_Return)
    qtbot.keyClick(editor.body_picker, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.saved_id is not None and not editor.isVisible()
    assert stored_meetings(database) == 1
    assert "Ctrl+Enter" in editor.save_button.toolTip()


def test_alt_s_presses_save(qtbot: QtBot, editor: MeetingEditor, database: Database) -> None:
    assert editor.save_button.text().replace("&", "") == "Save"
    assert "&S" in editor.save_button.text()
    qtbot.keyClick(editor.body_picker, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: editor.saved_id is not None)  # a button's Alt key animates the click first
    assert not editor.isVisible()
    assert stored_meetings(database) == 1
