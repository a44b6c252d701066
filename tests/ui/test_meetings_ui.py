"""The meeting form and list, driven as an officer would: typing, Enter, Esc, Ctrl+Z."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from db.engine import Database
from db.models import Meeting
from db.vocabulary import AttendanceRole, BodyRole, MeetingKind, MeetingStatus, ReportSection
from tests.tracker.conftest import Directory
from tracker import meetings
from tracker.common.listing import ListQuery
from tracker.directory import organisations
from tracker.meetings import AttendeeEntry, BodyEntry, MeetingDraft
from ui.changes import Changes
from ui.common import duplicates, prompts
from ui.meetings.editor import MeetingEditor
from ui.meetings.list_view import MeetingsView


def open_editor(
    qtbot: QtBot, database: Database, changes: Changes, meeting_id: int | None = None
) -> MeetingEditor:
    editor = MeetingEditor(database, changes, meeting_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()  # Ctrl+Enter is a shortcut: it works in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    return editor


def cell(view: MeetingsView, row: int, column: int) -> str:
    return str(view.model.index(row, column).data())


def test_an_officer_logs_a_meeting_by_keyboard_and_finds_it_in_the_list(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory
) -> None:
    view = MeetingsView(database, changes)
    qtbot.addWidget(view)
    editor = open_editor(qtbot, database, changes)

    qtbot.keyClicks(editor.title, "National Crime Reduction Board")
    qtbot.keyClicks(editor.held_on, "19/03/2009")
    qtbot.keyClicks(editor.body_picker, "NCRB")
    qtbot.keyClick(editor.body_picker, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.our_picker, "Cllr Richard Kemp")
    qtbot.keyClick(editor.our_picker, Qt.Key.Key_Return)
    editor.outside_role.setCurrentText(AttendanceRole.SPOKE.label)
    qtbot.keyClicks(editor.outside_picker, "Alan Campbell MP")
    qtbot.keyClick(editor.outside_picker, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.summary, "The meeting in March considered the latest crime statistics.")
    assert editor.section.currentText() == "Automatic: Member activity"
    qtbot.keyClick(editor.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter saves

    assert editor.saved_id is not None and not editor.isVisible()
    assert view.model.rowCount() == 1
    assert cell(view, 0, 0) == "19 Mar 2009"
    assert cell(view, 0, 1) == "National Crime Reduction Board"
    assert cell(view, 0, 3) == "National Crime Reduction Board (NCRB)"
    assert cell(view, 0, 4) == "Cllr Richard Kemp; Alan Campbell MP"
    assert cell(view, 0, 5) == "Member activity"
    with database.session() as s:
        stored = meetings.get(s, editor.saved_id)
    assert [(a.name, a.role) for a in stored.attendees] == [
        ("Cllr Richard Kemp", AttendanceRole.ATTENDED),
        ("Alan Campbell MP", AttendanceRole.SPOKE),
    ]


def test_problems_are_shown_beside_their_fields_and_nothing_is_saved(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory
) -> None:
    editor = open_editor(qtbot, database, changes)
    qtbot.keyClicks(editor.held_on, "31/02/2009")
    editor.save()
    assert editor.isVisible()
    assert (
        editor.errors.message("held_on")
        == "“31/02/2009” is not a date; write it as 23/04/2009 or 23 April 2009"
    )

    editor.held_on.setText("19/03/2009")
    editor.save()
    assert editor.errors.message("title") == "A meeting needs a title."
    assert editor.focusWidget() is editor.title

    editor.title.setText("NCRB")
    qtbot.keyClicks(editor.follow_up_text, "Take a paper to the NCRB")
    qtbot.keyClicks(editor.follow_up_due, "01/03/2009")
    qtbot.keyClick(editor.follow_up_due, Qt.Key.Key_Return)
    editor.save()
    assert "is due on 1 Mar 2009, before the meeting on 19 Mar 2009" in editor.errors.message("follow_ups")
    with database.session() as s:
        assert meetings.count(s, ListQuery()) == 0


def test_an_attendee_cannot_be_listed_twice(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory
) -> None:
    editor = open_editor(qtbot, database, changes)
    for _ in range(2):
        qtbot.keyClicks(editor.our_picker, "Cllr Richard Kemp")
        qtbot.keyClick(editor.our_picker, Qt.Key.Key_Return)
    assert editor.ours.rowCount() == 1
    assert editor.errors.message("attendees") == "Cllr Richard Kemp is listed already."


def test_an_unknown_body_is_created_inline_and_a_lookalike_offers_the_existing_one(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *args: True)
    chosen: list[str] = []

    def use_existing(parent, error, noun):  # type: ignore[no-untyped-def]
        chosen.append(error.candidates[0].label)
        return duplicates.UseExisting(error.candidates[0].id, error.candidates[0].label)

    monkeypatch.setattr(duplicates, "ask_duplicate", use_existing)
    editor = open_editor(qtbot, database, changes)
    qtbot.keyClicks(editor.body_picker, "Ministry of Justice")
    qtbot.keyClick(editor.body_picker, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.body_picker, "the Home Office")
    qtbot.keyClick(editor.body_picker, Qt.Key.Key_Return)

    assert [editor.bodies.index(r, 0).data() for r in range(editor.bodies.rowCount())] == [
        "Ministry of Justice",
        "Home Office",
    ]
    assert chosen == ["Home Office"]
    with database.session() as s:
        assert organisations.count(s, ListQuery()) == 5  # four held, plus the Ministry of Justice
    changes.undo_stack.undo()
    with database.session() as s:
        assert organisations.count(s, ListQuery("Justice")) == 0


def test_esc_with_unsaved_changes_asks_first(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [prompts.Unsaved.CANCEL, prompts.Unsaved.DISCARD]
    asked: list[str] = []

    def answer(parent, what):  # type: ignore[no-untyped-def]
        asked.append(what)
        return answers.pop(0)

    monkeypatch.setattr(prompts, "ask_unsaved", answer)
    editor = open_editor(qtbot, database, changes)
    qtbot.keyClicks(editor.title, "Half-typed")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.isVisible()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert asked == ["this meeting", "this meeting"]


def test_esc_on_an_untouched_form_closes_without_asking(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "ask_unsaved", lambda *a: pytest.fail("should not ask"))
    with database.session() as s:
        stored = meetings.log(s, MeetingDraft("NCRB", date(2009, 3, 19), bodies=(BodyEntry(directory.ncrb),)))
    editor = open_editor(qtbot, database, changes, stored.id)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()


def test_an_edit_is_undone_with_ctrl_z(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory
) -> None:
    with database.session() as s:
        stored = meetings.log(
            s,
            MeetingDraft(
                "NCRB",
                date(2009, 3, 19),
                attendees=(AttendeeEntry(directory.kemp, AttendanceRole.REPRESENTED),),
                bodies=(BodyEntry(directory.ncrb, BodyRole.HOST),),
            ),
        )
    view = MeetingsView(database, changes)
    qtbot.addWidget(view)
    editor = open_editor(qtbot, database, changes, stored.id)
    assert editor.held_on.text() == "19/03/2009"
    editor.title.setText("National Crime Reduction Board, March")
    editor.our_table.selectRow(0)
    editor.our_table.remove_selected()
    assert editor.save()
    assert cell(view, 0, 1) == "National Crime Reduction Board, March"
    assert cell(view, 0, 4) == ""

    changes.undo_stack.undo()
    assert cell(view, 0, 1) == "NCRB"
    assert cell(view, 0, 4) == "Cllr Richard Kemp"
    changes.undo_stack.redo()
    assert cell(view, 0, 1) == "National Crime Reduction Board, March"


def test_delete_then_undo_brings_the_meeting_back(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *args: True)
    with database.session() as s:
        for day in (19, 20):
            meetings.log(s, MeetingDraft(f"Meeting on the {day}th", date(2009, 3, day)))
    view = MeetingsView(database, changes)
    qtbot.addWidget(view)
    view.list.table.selectRow(0)
    qtbot.keyClick(view.list.delete_button, Qt.Key.Key_Space)
    assert view.model.rowCount() == 1
    assert cell(view, 0, 1) == "Meeting on the 19th"
    changes.undo_stack.undo()
    assert [cell(view, r, 1) for r in range(2)] == ["Meeting on the 20th", "Meeting on the 19th"]


def test_the_list_filters_as_you_type_and_sorts_by_header(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory
) -> None:
    with database.session() as s:
        meetings.log(
            s,
            MeetingDraft(
                "Violence Against Women Strategy",
                date(2009, 6, 1),
                bodies=(BodyEntry(directory.home_office, BodyRole.HOST),),
            ),
        )
        meetings.log(
            s,
            MeetingDraft(
                "Local Government Panel", date(2009, 4, 15), attendees=(AttendeeEntry(directory.witherick),)
            ),
        )
        meetings.log(
            s,
            MeetingDraft(
                "APA Local Accountability Strategy Group",
                date(2009, 6, 2),
                bodies=(BodyEntry(directory.apa),),
            ),
        )
    view = MeetingsView(database, changes)
    qtbot.addWidget(view)
    qtbot.keyClicks(view.list.filter, "witherick")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert cell(view, 0, 1) == "Local Government Panel"
    assert view.list.count_label.text() == "1 meeting"
    view.list.filter.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    view.list.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
    assert [cell(view, r, 1) for r in range(3)] == [
        "APA Local Accountability Strategy Group",
        "Local Government Panel",
        "Violence Against Women Strategy",
    ]


def test_the_big_list_fetches_only_the_rows_in_view(
    qtbot: QtBot, database: Database, changes: Changes, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:  # bulk rows: this test is about reading them, not logging them
        s.execute(
            insert(Meeting),
            [
                {
                    "title": f"Meeting {n:04d}",
                    "held_on": date(2000 + n % 20, 1, 1),
                    "kind": MeetingKind.MEETING,
                    "report_section": ReportSection.OFFICER_ACTIVITY,
                }
                for n in range(1200)
            ],
        )
    view = MeetingsView(database, changes)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    assert view.model.rowCount() == 1200
    view.list.table.scrollToBottom()
    qtbot.wait(10)
    fetched = {offset for offset, limit in view.model.fetches if limit == view.model.BLOCK}
    assert len(fetched) == len(view.model.fetches), "every fetch asks for one block"
    assert 1100 in fetched
    assert fetched <= {0, 1000, 1100}, "rows never on screen are never fetched"
    assert view.model.held_rows() <= 300
    qtmodeltester.check(view.model)


def test_the_entries_model_passes_the_model_tester(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    editor = open_editor(qtbot, database, changes)
    qtbot.keyClicks(editor.our_picker, "Cllr Richard Kemp")
    qtbot.keyClick(editor.our_picker, Qt.Key.Key_Return)
    qtmodeltester.check(editor.ours)
    index = editor.ours.index(0, 1)
    assert editor.ours.setData(index, AttendanceRole.CHAIRED.label)
    assert index.data() == "chaired"


def test_the_form_keeps_a_date_as_the_papers_write_it_and_the_meetings_status(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory
) -> None:
    editor = open_editor(qtbot, database, changes)
    assert "c. March 2007" in editor.held_on.placeholderText()
    qtbot.keyClicks(editor.title, "Partnerships Steering Group")
    qtbot.keyClicks(editor.held_on, "c. March 2007")
    editor.represented_unnamed.setChecked(True)
    qtbot.keyClick(editor.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.saved_id is not None
    with database.session() as s:
        stored = meetings.get(s, editor.saved_id)
    assert (stored.held_on, stored.date_written) == (date(2007, 3, 1), "c. March 2007")
    assert (stored.status, stored.represented_unnamed) == (MeetingStatus.HELD, True)

    reopened = open_editor(qtbot, database, changes, editor.saved_id)
    assert reopened.held_on.text() == "c. March 2007"
    assert reopened.represented_unnamed.isChecked() and not reopened.has_unsaved_changes()

    ahead = open_editor(qtbot, database, changes)
    qtbot.keyClicks(ahead.title, "Home Office Bill team")
    qtbot.keyClicks(ahead.held_on, f"13/06/{date.today().year + 1}")
    ahead.status.setCurrentIndex(ahead.status.findData(MeetingStatus.HELD))
    qtbot.keyClick(ahead.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert ahead.saved_id is None and ahead.isVisible()
    message = ahead.findChild(QLabel, "error_status")
    assert message is not None and "has not happened yet" in message.text()
