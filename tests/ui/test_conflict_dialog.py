"""Two officers edit one record: the second to save sees both versions and keeps, takes or merges."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from db.engine import Database, open_database
from db.vocabulary import AttendanceRole, BodyRole
from tests.tracker.conftest import Directory
from tracker import meetings
from tracker.directory import organisations
from tracker.meetings import AttendeeEntry, BodyEntry, MeetingDraft
from ui.changes import Changes
from ui.common.conflict import ConflictDialog, VersionsModel
from ui.meetings.editor import MeetingEditor
from ui.organisations.editor import OrganisationEditor


@pytest.fixture
def colleague(database_path: Path, database: Database) -> Iterator[Database]:
    """A second Liaison on the same file, as a colleague's would be."""
    other = open_database(database_path, actor="colleague")
    yield other
    other.close()


@pytest.fixture
def meeting_id(database: Database, directory: Directory) -> int:
    with database.session() as s:
        saved = meetings.log(
            s,
            MeetingDraft(
                title="National Crime Reduction Board",
                held_on=date(2009, 3, 19),
                bodies=(BodyEntry(directory.ncrb, BodyRole.HOST),),
                attendees=(AttendeeEntry(directory.kemp, AttendanceRole.ATTENDED),),
            ),
        )
    assert saved.id is not None
    return saved.id


def cells(model: VersionsModel) -> dict[str, tuple[str, str, bool]]:
    """Each field's row as shown: your version, their version, and whether it is in bold (differs)."""
    shown = {}
    for row in range(model.rowCount()):
        font = model.index(row, 0).data(Qt.ItemDataRole.FontRole)
        shown[model.index(row, 0).data()] = (
            model.index(row, 1).data(),
            model.index(row, 2).data(),
            font is not None and font.bold(),
        )
    return shown


def when_dialog_shows(act: Callable[[ConflictDialog], None]) -> list[dict[str, tuple[str, str, bool]]]:
    """Answer the conflict dialog once it is open (it runs its own event loop); returns what it showed."""
    seen: list[dict[str, tuple[str, str, bool]]] = []

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ConflictDialog):
            QTimer.singleShot(10, attempt)
            return
        seen.append(cells(dialog.model))
        act(dialog)

    QTimer.singleShot(0, attempt)
    return seen


def open_meeting(qtbot: QtBot, database: Database, changes: Changes, meeting_id: int) -> MeetingEditor:
    editor = MeetingEditor(database, changes, meeting_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def colleague_edits_meeting(colleague: Database, meeting_id: int) -> MeetingDraft:
    with colleague.session() as s:
        stored = meetings.get(s, meeting_id)
        return meetings.update(
            s,
            replace(stored, summary="The board heard from the Home Office.", location="2 Marsham Street"),
        )


def stored_meeting(database: Database, meeting_id: int) -> MeetingDraft:
    with database.session() as s:
        return meetings.get(s, meeting_id)


def form_message(editor: Any) -> str:
    label = editor.findChild(QLabel, "error_form")
    return label.text() if label is not None and not label.isHidden() else ""


def test_keep_mine_saves_my_version_over_theirs_and_undo_puts_theirs_back(
    qtbot: QtBot, database: Database, colleague: Database, changes: Changes, meeting_id: int
) -> None:
    editor = open_meeting(qtbot, database, changes, meeting_id)
    theirs = colleague_edits_meeting(colleague, meeting_id)
    editor.title.setText("NCRB: crime statistics")
    editor.summary.setPlainText("The board considered the latest crime statistics.")

    shown = when_dialog_shows(
        lambda dialog: qtbot.mouseClick(dialog.keep_mine_button, Qt.MouseButton.LeftButton)
    )
    assert editor.save()

    assert shown[0]["Title"] == ("NCRB: crime statistics", "National Crime Reduction Board", True)
    assert shown[0]["Summary"] == (
        "The board considered the latest crime statistics.",
        "The board heard from the Home Office.",
        True,
    )
    assert shown[0]["Location"] == ("—", "2 Marsham Street", True)
    assert shown[0]["Attendees"] == ("Cllr Richard Kemp (attended)",) * 2 + (False,)
    stored = stored_meeting(database, meeting_id)
    assert (stored.title, stored.summary, stored.location) == (
        "NCRB: crime statistics",
        "The board considered the latest crime statistics.",
        "",
    )
    assert not editor.isVisible() and editor.saved_id == meeting_id

    changes.undo_stack.undo()
    stored = stored_meeting(database, meeting_id)
    assert (stored.title, stored.summary, stored.location) == (theirs.title, theirs.summary, theirs.location)


def test_take_theirs_shows_their_version_in_the_form_and_saves_nothing_of_mine(
    qtbot: QtBot, database: Database, colleague: Database, changes: Changes, meeting_id: int
) -> None:
    editor = open_meeting(qtbot, database, changes, meeting_id)
    theirs = colleague_edits_meeting(colleague, meeting_id)
    editor.summary.setPlainText("My own account of the meeting.")

    when_dialog_shows(lambda dialog: qtbot.mouseClick(dialog.take_theirs_button, Qt.MouseButton.LeftButton))
    assert not editor.save()

    assert stored_meeting(database, meeting_id) == theirs
    assert editor.isVisible()
    assert editor.summary.toPlainText() == "The board heard from the Home Office."
    assert editor.location.text() == "2 Marsham Street"
    assert "Their version is shown" in form_message(editor)
    assert not editor.has_unsaved_changes()
    assert changes.undo_stack.count() == 0
    # The form now holds their version: a further edit saves over it without a conflict.
    editor.outcome.setPlainText("Statistics to be circulated.")
    assert editor.save()
    assert stored_meeting(database, meeting_id).outcome == "Statistics to be circulated."


def test_merge_takes_each_field_from_the_side_ticked(
    qtbot: QtBot, database: Database, colleague: Database, changes: Changes, meeting_id: int
) -> None:
    editor = open_meeting(qtbot, database, changes, meeting_id)
    colleague_edits_meeting(colleague, meeting_id)
    editor.title.setText("NCRB: crime statistics")
    editor.summary.setPlainText("My own account of the meeting.")

    def merge(dialog: ConflictDialog) -> None:
        model = dialog.model
        rows = [model.index(r, 0).data() for r in range(model.rowCount())]
        summary = rows.index("Summary")
        # Both changed the summary: theirs is ticked in place of mine.
        model.setData(model.index(summary, 2), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    shown = when_dialog_shows(merge)
    assert editor.save()

    assert len(shown) == 1
    stored = stored_meeting(database, meeting_id)
    assert stored.title == "NCRB: crime statistics"  # only I changed it
    assert stored.location == "2 Marsham Street"  # only they changed it
    assert stored.summary == "The board heard from the Home Office."  # both: theirs ticked


def test_going_back_to_the_form_saves_nothing_and_keeps_my_typing(
    qtbot: QtBot, database: Database, colleague: Database, changes: Changes, meeting_id: int
) -> None:
    editor = open_meeting(qtbot, database, changes, meeting_id)
    theirs = colleague_edits_meeting(colleague, meeting_id)
    editor.summary.setPlainText("My own account of the meeting.")

    when_dialog_shows(lambda dialog: qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton))
    assert not editor.save()

    assert stored_meeting(database, meeting_id) == theirs
    assert editor.summary.toPlainText() == "My own account of the meeting."
    assert "Not saved" in form_message(editor)


def test_an_organisation_form_offers_the_same_choice(
    qtbot: QtBot, database: Database, colleague: Database, changes: Changes, directory: Directory
) -> None:
    editor = OrganisationEditor(database, changes, directory.apa)
    qtbot.addWidget(editor)
    editor.show()
    with colleague.session() as s:
        stored = organisations.get(s, directory.apa)
        organisations.update(s, replace(stored, notes="Became the APCC in 2012."))
    editor.aliases.setPlainText("Police authorities' association")

    shown = when_dialog_shows(lambda dialog: qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton))
    assert editor.save()

    assert shown[0]["Notes"] == ("—", "Became the APCC in 2012.", True)
    assert shown[0]["Name"][2] is False
    with database.session() as s:
        merged = organisations.get(s, directory.apa)
    assert merged.aliases == ("Police authorities' association",)
    assert merged.notes == "Became the APCC in 2012."


def test_the_versions_model_passes_the_model_tester(
    qtmodeltester: Any, database: Database, directory: Directory
) -> None:
    from tracker.common import conflicts

    with database.session() as s:
        original = organisations.get(s, directory.apa)
        theirs = organisations.update(s, replace(original, notes="Became the APCC."))
        comparison = conflicts.compare(s, replace(original, acronym="APCC"), theirs, original)
    model = VersionsModel(comparison.rows)
    qtmodeltester.check(model)
    acronym = [r.key for r in comparison.rows].index("acronym")
    assert model.index(acronym, 1).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.index(acronym, 2).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.index(0, 1).flags() & Qt.ItemFlag.ItemIsUserCheckable == Qt.ItemFlag.NoItemFlags
