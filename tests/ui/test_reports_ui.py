"""The Reports view, as the report team uses it: board and period, tick, reorder, rewrite, export."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db.engine import Database
from tracker import meetings
from tracker.common.listing import ListQuery
from ui.changes import Changes
from ui.common import prompts
from ui.reports import view as view_module
from ui.reports.view import ReportsView


@pytest.fixture
def database(demo_database: Database) -> Database:
    """Every test here works on the demo records; `changes` and the view share them."""
    return demo_database


@pytest.fixture
def view(qtbot: QtBot, demo_database: Database, changes: Changes) -> ReportsView:
    widget = ReportsView(demo_database, changes)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()  # the paper is drafted when the view is first shown
    return widget


def headings(view: ReportsView) -> list[str]:
    return [str(view.entries.index(r, 1).data()) for r in range(view.entries.rowCount())]


def row_of(view: ReportsView, heading: str) -> int:
    return headings(view).index(heading)


def test_the_board_and_period_default_to_the_boards_last_meeting(
    view: ReportsView, qtmodeltester: Any
) -> None:
    assert view.board.currentText() == "Safer Communities Board"
    assert (view.since.text(), view.until.text()) == ("14/03/2009", "13/06/2009")
    assert view.entries.rowCount() == 17
    assert view.status.text() == "17 of 17 entries"
    preview = view.preview.toPlainText()
    assert "Meetings with outside bodies" in preview and "For Board members to note" in preview
    assert (
        preview.index("Member activity")
        < preview.index("National Crime Reduction Board")
        < preview.index("Officer activity")
    )
    qtmodeltester.check(view.entries)


def test_the_paper_is_drafted_when_the_view_is_first_shown_not_when_it_is_built(
    qtbot: QtBot, demo_database: Database, changes: Changes, monkeypatch: pytest.MonkeyPatch
) -> None:
    drafted: list[int] = []
    real = view_module.draft_paper

    def counting(*args: Any, **kwargs: Any) -> Any:
        drafted.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(view_module, "draft_paper", counting)
    hidden = ReportsView(demo_database, changes)
    qtbot.addWidget(hidden)
    assert hidden.board.currentText() == "Safer Communities Board"
    assert (hidden.since.text(), hidden.until.text()) == ("14/03/2009", "13/06/2009")
    assert drafted == [] and hidden.entries.rowCount() == 0 and hidden.is_out_of_date()
    hidden.show()
    assert drafted == [1] and hidden.entries.rowCount() == 17 and not hidden.is_out_of_date()
    # A change to the records while another area is shown redrafts once the view is back.
    hidden.hide()
    changes.changed.emit("meetings")
    assert drafted == [1] and hidden.is_out_of_date()
    hidden.show()
    assert drafted == [1, 1] and hidden.entries.rowCount() == 17
    hidden.hide()
    hidden.show()
    assert drafted == [1, 1], "shown again with nothing changed: the paper is not drafted again"


def test_an_unticked_entry_is_left_out_of_the_preview_and_the_exported_file(
    qtbot: QtBot, view: ReportsView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    swine_flu = view.entries.index(row_of(view, "Swine Flu"), 0)
    assert view.entries.setData(swine_flu, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert "Swine Flu" not in view.preview.toPlainText()
    assert view.status.text() == "16 of 17 entries"

    target = tmp_path / "paper.docx"
    monkeypatch.setattr(prompts, "ask_save_path", lambda *args: target)
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _parent, _title, text, _action: asked.append(text) or True)
    with qtbot.waitSignal(view.exported, timeout=20_000) as exported:
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert exported.args == [target]
    assert len(asked) == 1 and "Item x" in asked[0]  # the placeholder item is asked about first
    document = docx.Document(str(target))
    entry_headings = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert "Swine Flu" not in entry_headings
    assert "National Crime Reduction Board" in entry_headings and len(entry_headings) == 16
    assert view.export_button.isEnabled() and view.progress.isHidden()


def test_entries_move_within_their_section_and_text_is_rewritten_for_this_report(
    qtbot: QtBot, view: ReportsView
) -> None:
    view.table.selectRow(1)
    second = headings(view)[1]
    qtbot.mouseClick(view.up, Qt.MouseButton.LeftButton)
    assert headings(view)[0] == second
    last_member = max(
        r for r in range(view.entries.rowCount()) if view.entries.section_of(r) == "Member activity"
    )
    view.table.selectRow(last_member)
    qtbot.mouseClick(view.down, Qt.MouseButton.LeftButton)
    assert view.entries.section_of(last_member) == "Member activity", "an entry stays in its section"

    view.table.selectRow(row_of(view, "Criminal Justice Council"))
    view.text.setPlainText("Cllr David Smith sent the Council a written response on Local Delivery.")
    qtbot.waitUntil(lambda: "sent the Council a written response" in view.preview.toPlainText())
    assert "Criminal Justice Council (edited)" in headings(view)
    qtbot.mouseClick(view.keep_drafted, Qt.MouseButton.LeftButton)
    assert "sent the Council a written response" not in view.preview.toPlainText()


def test_text_written_back_becomes_the_meetings_summary_and_can_be_undone(
    qtbot: QtBot, view: ReportsView, demo_database: Database, changes: Changes
) -> None:
    view.table.selectRow(row_of(view, "CDRP Steering Group"))
    assert view.write_back.isEnabled()
    view.text.setPlainText("The Steering Group met to plan the National Support Framework.")
    qtbot.mouseClick(view.write_back, Qt.MouseButton.LeftButton)
    with demo_database.session() as s:
        found = meetings.rows(s, ListQuery("CDRP Steering Group"), 0, 1)[0]
        assert (
            meetings.get(s, found.id).summary
            == "The Steering Group met to plan the National Support Framework."
        )
    changes.undo_stack.undo()
    with demo_database.session() as s:
        assert meetings.get(s, found.id).summary.startswith("The Home Office's CDRP Steering Group")
    view.table.selectRow(row_of(view, "National Crime Reduction Board"))
    assert not view.write_back.isEnabled(), "an entry merged from two meetings has no single summary"


def test_a_bad_period_is_named_and_blocks_export(qtbot: QtBot, view: ReportsView) -> None:
    view.since.setText("31/02/2009")
    view.redraft()
    assert "From: “31/02/2009” is not a date" in view.errors.message("period")
    assert not view.export_button.isEnabled()
    view.set_period(date(2009, 6, 13), date(2009, 3, 14))
    assert "ends (14 March 2009) before it starts (13 June 2009)" in view.errors.message("period")


def test_a_confidential_meeting_is_counted_but_never_shown(
    qtbot: QtBot, view: ReportsView, demo_database: Database, changes: Changes
) -> None:
    with demo_database.session() as s:
        found = meetings.rows(s, ListQuery("Swine flu"), 0, 1)[0]
        meeting = meetings.get(s, found.id)
        meetings.update(s, replace(meeting, confidential=True))
    changes.announce("meetings")
    assert view.status.text() == "16 of 16 entries; 1 confidential meeting left out"
    assert "Swine" not in view.preview.toPlainText()


def test_a_board_is_added_with_its_contact_and_dates_and_a_bad_date_is_named(
    qtbot: QtBot, demo_database: Database, changes: Changes
) -> None:
    from tracker import boards
    from ui.reports.board_editor import BoardEditor

    editor = BoardEditor(demo_database, changes)
    qtbot.addWidget(editor)
    qtbot.keyClicks(editor.name, "Community Wellbeing Board")
    qtbot.keyClicks(editor.contact, "Emma Varley")
    qtbot.keyClick(editor.contact, Qt.Key.Key_Return)
    assert editor.contact.text() == "Emma Varley"
    editor.dates.setPlainText("16/07/2007\n31 September 2007")
    assert not editor.save()
    assert "“31 September 2007” is not a date" in editor.errors.message("meeting_dates")
    editor.dates.setPlainText("16/07/2007\n30 September 2007")
    assert editor.save()
    with demo_database.session() as s:
        saved = boards.get(s, editor.saved_id)  # type: ignore[arg-type]
    assert saved.meeting_dates == (date(2007, 7, 16), date(2007, 9, 30))
    assert saved.contact_officer_id is not None
    changes.undo_stack.undo()
    with demo_database.session() as s:
        assert [b.name for b in boards.all_rows(s)] == ["Safer Communities Board"]


def test_editing_a_boards_dates_moves_the_default_period(
    qtbot: QtBot,
    view: ReportsView,
    demo_database: Database,
    changes: Changes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ui.reports.board_editor import BoardEditor

    def add_september(parent, database, changes, board_id=None):  # type: ignore[no-untyped-def]
        editor = BoardEditor(database, changes, board_id, parent)
        editor.dates.setPlainText(editor.dates.toPlainText() + "\n10/09/2009")
        assert editor.save()
        return editor.saved_id

    monkeypatch.setattr(BoardEditor, "ask", add_september)
    qtbot.mouseClick(view.edit_board, Qt.MouseButton.LeftButton)
    assert (view.since.text(), view.until.text()) == ("14/06/2009", "10/09/2009")


def test_the_placeholder_item_is_asked_about_and_a_no_exports_nothing(
    view: ReportsView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "paper.docx"
    monkeypatch.setattr(prompts, "ask_save_path", lambda *args: target)
    monkeypatch.setattr(prompts, "confirm", lambda *args: False)
    view.export_button.click()
    assert not target.exists()


def test_a_saved_paper_reopens_in_the_window_with_the_same_entries_in_the_same_order(
    qtbot: QtBot, demo_database: Database, changes: Changes, view: ReportsView
) -> None:
    swine_flu = view.entries.index(row_of(view, "Swine Flu"), 0)
    view.entries.setData(swine_flu, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    view.table.selectRow(row_of(view, "Swine Flu"))
    view.up.click()
    view.item.setText("Item 6")
    saved = view.save_paper()
    assert saved is not None and saved.id is not None
    arranged = headings(view)
    preview = view.preview.toPlainText()

    reopened = ReportsView(demo_database, changes)
    qtbot.addWidget(reopened)
    reopened.show()
    assert reopened.saved.count() == 2 and "Item 6" in reopened.saved.itemText(1)
    reopened.open_paper(saved.id)
    assert headings(reopened) == arranged
    assert reopened.item.text() == "Item 6"
    assert reopened.preview.toPlainText() == preview
    unticked = reopened.entries.index(row_of(reopened, "Swine Flu"), 0)
    assert unticked.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked


def test_the_preview_marks_a_meeting_with_no_attendee_as_needing_a_summary(
    view: ReportsView, demo_database: Database, changes: Changes
) -> None:
    with demo_database.session() as s:
        meetings.log(
            s,
            meetings.MeetingDraft("Home Office launch of the Crime Strategy consultation", date(2009, 5, 20)),
        )
    changes.changed.emit("meetings")
    preview = view.preview.toPlainText()
    assert "Home Office launch of the Crime Strategy consultation (needs a summary)" in preview
    assert "The Home Office launch of the Crime Strategy consultation took place on 20 May." in preview
    assert view.status.text() == "18 of 18 entries; 1 needs a summary"


def test_a_boards_conventions_and_earlier_officers_are_set_in_its_form(
    qtbot: QtBot, demo_database: Database, changes: Changes, view: ReportsView
) -> None:
    from db.vocabulary import PaperSection
    from tracker import boards
    from ui.reports.board_editor import BoardEditor

    board_id = int(view.board.currentData())
    editor = BoardEditor(demo_database, changes, board_id)
    qtbot.addWidget(editor)
    assert not editor.has_unsaved_changes()
    editor.numbered.setChecked(True)
    editor.action_heading.setCurrentText("Recommendation")
    editor.section_boxes[PaperSection.FORTHCOMING].setChecked(True)
    editor.officers.setPlainText("Nobody Known | | 31/12/2008")
    assert not editor.save()
    assert "“Nobody Known” is not a member or officer" in editor.errors.message("officers")
    editor.officers.setPlainText("Emma Varley | | 31/12/2008\nHelen Murray | 01/01/2009 |")
    assert editor.save()
    with demo_database.session() as s:
        saved = boards.get(s, board_id)
    assert (saved.numbered_paragraphs, saved.action_heading) == (True, "Recommendation")
    assert PaperSection.FORTHCOMING in saved.sections
    assert [(t.started_on, t.ended_on) for t in saved.officers] == [
        (None, date(2008, 12, 31)),
        (date(2009, 1, 1), None),
    ]
    view.redraft()
    assert "Forthcoming meetings" in view.preview.toPlainText()
    assert "Recommendation" in view.preview.toPlainText()
