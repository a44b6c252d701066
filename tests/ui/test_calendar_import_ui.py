"""The calendar import preview, driven as an officer would: untick an event with Space, correct a
match, press Enter to import, find the meetings in the list, and undo the import with Ctrl+Z."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from db.engine import Database
from db.vocabulary import PersonKind
from tests.tracker.conftest import Directory
from tests.tracker.io.calendar_files import outlook
from tracker import meetings
from tracker.common.listing import ListQuery
from tracker.directory import people
from tracker.directory.people import PersonDraft
from ui.changes import Changes
from ui.common import prompts
from ui.imports.calendar_dialog import CalendarImportDialog
from ui.imports.calendar_model import BODIES, CLOSE_COLOUR, PEOPLE, STATUS, TITLE
from ui.meetings.list_view import MeetingsView


@pytest.fixture
def diary(tmp_path: Path, database: Database, directory: Directory) -> Path:
    with database.session() as s:
        people.create(
            s,
            PersonDraft(
                "Jo Policy",
                PersonKind.CONTACT,
                email="jo.policy@apa.police.uk",
                organisation_id=directory.apa,
            ),
        )
    path = tmp_path / "diary.ics"
    path.write_bytes(outlook())
    return path


def open_dialog(qtbot: QtBot, database: Database, changes: Changes, path: Path) -> CalendarImportDialog:
    dialog = CalendarImportDialog(database, changes)
    qtbot.addWidget(dialog)
    dialog.since_edit.setDate(QDate(2026, 9, 1))
    dialog.until_edit.setDate(QDate(2026, 12, 31))
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.open_file(path)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 10 and "would be imported" in summary(dialog))
    return dialog


def summary(dialog: CalendarImportDialog) -> str:
    return dialog.report_panel.summary.text()


def row_of(dialog: CalendarImportDialog, title: str, when: str = "") -> int:
    model = dialog.model
    return next(
        r
        for r in range(model.rowCount())
        if model.index(r, TITLE).data() == title and when in str(model.index(r, 1).data())
    )


def cell(dialog: CalendarImportDialog, row: int, column: int) -> str:
    return str(dialog.model.index(row, column).data())


def test_untick_correct_and_import_then_find_the_meetings_in_the_list(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory, diary: Path, qtmodeltester: Any
) -> None:
    meetings_view = MeetingsView(database, changes)
    qtbot.addWidget(meetings_view)
    dialog = open_dialog(qtbot, database, changes, diary)
    qtmodeltester.check(dialog.model)
    assert (
        summary(dialog) == "diary.ics: read 10; 7 would be imported, 0 skipped (already there), 3 rejected."
    )
    assert dialog.import_button.text() == "Import 7 meetings"
    moved = row_of(dialog, "Policing bill catch-up with APA (moved)")
    # The APA is only named by its acronym there: a close match, shown as such and in another colour.
    assert cell(dialog, moved, BODIES) == "Association of Police Authorities (APA) (close)"
    assert dialog.model.index(moved, BODIES).data(Qt.ItemDataRole.ForegroundRole) == CLOSE_COLOUR
    cancelled = row_of(dialog, "ACPO liaison")
    assert cell(dialog, cancelled, STATUS) == "problem: it was cancelled (STATUS:CANCELLED)"

    # Space unticks the conference.
    conference = row_of(dialog, "Safer Communities annual conference")
    dialog.table.selectRow(conference)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert dialog.model.index(conference, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert dialog.import_button.text() == "Import 6 meetings"

    # The stranger at the NCRB was Alan Campbell MP.
    ncrb = row_of(dialog, "National Crime Reduction Board")
    dialog.table.selectRow(ncrb)
    stranger = next(
        n for n in range(dialog.people_list.count()) if "Sam Stranger" in dialog.people_list.item(n).text()
    )
    dialog.people_list.setCurrentRow(stranger)
    assert dialog.people_list.item(stranger).text().endswith("→ not held in Liaison")
    qtbot.keyClicks(dialog.person_picker, "Alan Campbell MP")
    qtbot.keyClick(dialog.person_picker, Qt.Key.Key_Return)
    assert "Alan Campbell MP" in cell(dialog, ncrb, PEOPLE)
    assert (
        dialog.people_list.item(stranger).text() == "Sam Stranger <sam@stranger.example> → Alan Campbell MP"
    )

    # The moved week was with the Home Office, not the APA.
    dialog.table.selectRow(moved)
    dialog.bodies_list.setCurrentRow(0)
    qtbot.mouseClick(dialog.remove_body_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.body_picker, "Home Office")
    qtbot.keyClick(dialog.body_picker, Qt.Key.Key_Return)
    assert cell(dialog, moved, BODIES) == "Home Office"
    qtbot.waitUntil(lambda: "6 would be imported, 1 skipped" in summary(dialog))

    # Enter imports.
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "6 were imported" in summary(dialog))
    qtbot.waitUntil(
        lambda: cell(dialog, row_of(dialog, "National Crime Reduction Board"), STATUS) == "already imported"
    )
    assert dialog.import_button.text() == "Import 0 meetings" and not dialog.import_button.isEnabled()

    titles = {meetings_view.model.index(r, 1).data() for r in range(meetings_view.model.rowCount())}
    assert meetings_view.model.rowCount() == 6
    assert titles == {
        "Policing bill catch-up with APA",
        "Policing bill catch-up with APA (moved)",
        "National Crime Reduction Board",
    }
    with database.session() as s:
        found = meetings.rows(s, ListQuery("National Crime Reduction Board"), 0, 5)
        ncrb_meeting = meetings.get(s, found[0].id)
        moved_meeting = meetings.get(s, meetings.rows(s, ListQuery("moved"), 0, 5)[0].id)
    assert directory.campbell in [a.person_id for a in ncrb_meeting.attendees]
    assert [b.organisation_id for b in moved_meeting.bodies] == [directory.home_office]

    # The whole import is one step to undo.
    assert changes.undo_stack.undoText() == "Import 6 meetings from diary.ics"
    changes.undo_stack.undo()
    assert meetings_view.model.rowCount() == 0
    changes.undo_stack.redo()
    assert meetings_view.model.rowCount() == 6


def test_a_file_that_is_not_a_calendar_is_refused_with_its_reason(
    qtbot: QtBot, database: Database, changes: Changes, tmp_path: Path, no_real_dialogs: list[str]
) -> None:
    path = tmp_path / "notes.ics"
    path.write_text("Subject,Start Date\nPolicing,01/10/2026\n")
    dialog = CalendarImportDialog(database, changes)
    qtbot.addWidget(dialog)
    dialog.open_file(path)

    qtbot.waitUntil(lambda: bool(no_real_dialogs))
    assert "notes.ics: is not an iCalendar file" in no_real_dialogs[0]
    assert dialog.model.rowCount() == 0 and not dialog.import_button.isEnabled()


def test_the_menu_asks_for_a_file_and_escape_cancels(
    qtbot: QtBot, database: Database, changes: Changes, diary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "ask_open_path", lambda *args: None)
    CalendarImportDialog.ask(None, database, changes)  # type: ignore[arg-type]  # cancelled: nothing opens

    dialog = open_dialog(qtbot, database, changes, diary)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    with database.session() as s:
        assert meetings.count(s, ListQuery()) == 0
