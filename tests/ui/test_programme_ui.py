"""The programme area, driven as the policy team would: a consultation entered with its dates and our
response, an ask on two bills under a work stream, each found on every item's page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from db.engine import Database
from db.programme import PolicyItemKind
from db.vocabulary import House
from tests.tracker.conftest import Directory
from tracker import boards
from tracker.lobbying import bills, decisions, policy_items, positions, programme
from tracker.lobbying.bills import BillDraft, StageEntry
from tracker.lobbying.decisions import ActionDraft, DecisionDraft
from tracker.lobbying.positions import PositionDraft
from tracker.lobbying.programme import InterventionDraft, WorkStreamEntry
from ui.bills.ask_editor import AskEditor
from ui.changes import Changes
from ui.common import prompts
from ui.programme.editor import PolicyItemEditor
from ui.programme.list_view import ProgrammeView
from ui.programme.page import PolicyItemPage

CONSULTATION = "Cutting Crime: A New Partnership 2008-11"
ASK = "Councillors' role in offender management recognised in both bills"


def cells(model: QAbstractItemModel, column: int) -> list[str]:
    return [str(model.index(row, column).data()) for row in range(model.rowCount())]


def error_text(widget: QWidget, field: str) -> str:
    label = widget.findChild(QLabel, f"error_{field}")
    return label.text() if label is not None and not label.isHidden() else ""


def tick(model: QStandardItemModel, text: str) -> None:
    """Tick the line as a click on its box does: through the model, as the view would."""
    row = next(r for r in range(model.rowCount()) if model.item(r).text() == text)
    assert model.setData(model.index(row, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)


def shown(qtbot: QtBot, widget: QWidget) -> Any:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def bill_items(database: Database) -> tuple[int, int]:
    """Two bills the same aim ran across; their policy items' ids."""
    with database.session() as s:
        found = []
        for title, stage_day in (("Offender Management Bill", 28), ("Police and Justice Bill", 20)):
            bill = bills.create(
                s,
                BillDraft(
                    title,
                    "2006-07",
                    stages=(StageEntry(House.COMMONS, "3rd reading", date(2007, 2, stage_day)),),
                ),
            )
            assert bill.id is not None
            found.append(bills.item_of(s, bill.id).id)
    return found[0], found[1]


@pytest.fixture
def board_id(database: Database, directory: Directory) -> int:
    with database.session() as s:
        board = boards.create(
            s, boards.BoardDraft("Safer Communities Board", contact_officer_id=directory.murray)
        )
    assert board.id is not None
    return board.id


@pytest.fixture
def stream_id(database: Database, board_id: int) -> int:
    with database.session() as s:
        intervention = programme.create(
            s,
            InterventionDraft(
                board_id,
                "2006/07",
                "Working together to build safer communities",
                work_streams=(WorkStreamEntry("CDRP reform"), WorkStreamEntry("Reducing re-offending")),
            ),
        )
    stream = intervention.work_streams[1].id
    assert stream is not None
    return stream


STREAM_LABEL = "2006/07: Working together to build safer communities / Reducing re-offending"


@pytest.fixture
def page(qtbot: QtBot, database: Database, changes: Changes) -> PolicyItemPage:
    widget = PolicyItemPage(database, changes)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    return widget


def test_a_consultation_and_an_ask_on_two_bills_are_entered_and_found_on_each_items_page(
    qtbot: QtBot,
    database: Database,
    changes: Changes,
    directory: Directory,
    bill_items: tuple[int, int],
    stream_id: int,
    page: PolicyItemPage,
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: Any,
) -> None:
    view = shown(qtbot, ProgrammeView(database, changes))
    assert sorted(cells(view.proxy, 0)) == ["Offender Management Bill", "Police and Justice Bill"]

    # The consultation, entered from the list's New button with its dates and our response.
    def enter(parent: Any, database: Database, changes: Changes) -> int | None:
        editor = shown(qtbot, PolicyItemEditor(database, changes))
        editor.kind.setCurrentText("Consultation")
        assert editor.body_label.text() == "Issued &by" and editor.opens_label.text() == "O&pens"
        qtbot.keyClicks(editor.title, CONSULTATION)
        qtbot.keyClicks(editor.body, "Home Office")
        qtbot.keyClicks(editor.status, "closed")
        qtbot.keyClicks(editor.opens, "01/12/2007")
        qtbot.keyClicks(editor.closes, "29/02/2008")
        editor.response.setPlainText("The LGA welcomed the move to fewer national targets.")
        qtbot.keyClicks(editor.responded_on, "28/02/2008")
        qtbot.mouseClick(editor.add_document, Qt.MouseButton.LeftButton)
        row = editor.documents.index(0, 0)
        editor.documents.setData(row, "Consultation paper")
        editor.documents.setData(row.siblingAtColumn(1), "https://example.org/cutting-crime.pdf")
        tick(editor.streams, STREAM_LABEL)
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
        assert not editor.isVisible(), [error_text(editor, f) for f in ("form", "title", "closes_on")]
        return editor.saved_id

    monkeypatch.setattr(PolicyItemEditor, "ask", enter)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    consultation = view.selected_id()
    assert consultation is not None
    assert view.selected_row().title == CONSULTATION
    view.kind_filter.setCurrentText("Consultation")
    assert cells(view.proxy, 0) == [CONSULTATION]
    assert cells(view.proxy, 1) == ["Consultation"]
    assert cells(view.proxy, 2) == ["Home Office"]
    assert cells(view.proxy, 4) == ["opens 1 Dec 2007; closes 29 Feb 2008; responded 28 Feb 2008"]
    qtmodeltester.check(view.model)

    page.show_item(consultation)
    assert page.heading.text() == CONSULTATION
    assert page.facts.text() == "Consultation · issued by Home Office · closed"
    assert page.dates.text() == "Opens 1 Dec 2007 · Closes 29 Feb 2008"
    assert page.response.text() == (
        "Our response went on 28 Feb 2008: The LGA welcomed the move to fewer national targets."
    )
    assert page.streams.text() == (
        "Work streams: 2006/07 Working together to build safer communities: Reducing re-offending"
    )
    assert cells(page.documents, 0) == ["Consultation paper"]
    assert cells(page.documents, 1) == ["https://example.org/cutting-crime.pdf"]

    # The ask, from the first bill's page, ticked onto the second bill too, under the work stream.
    first, second = bill_items
    page.show_item(first)
    assert page.bill_button.isVisibleTo(page)
    editor = shown(qtbot, AskEditor(database, changes, item_id=first))
    assert editor.heading.text() == "On the Offender Management Bill (2006-07)"
    tick(editor.items, "Police and Justice Bill (bill)")
    assert editor.heading.text() == (
        "On the Offender Management Bill (2006-07) and the Police and Justice Bill (2006-07)"
    )
    stages = [editor.decided_stage.itemText(i) for i in range(editor.decided_stage.count())]
    assert stages == [
        "not recorded",
        "Offender Management Bill (2006-07): Commons 3rd reading, 28 Feb 2007",
        "Police and Justice Bill (2006-07): Commons 3rd reading, 20 Feb 2007",
    ]
    qtbot.keyClicks(editor.text, ASK)
    editor.work_stream.setCurrentText(STREAM_LABEL)
    qtbot.keyClicks(editor.body, "Home Office")
    editor.status.setCurrentText("Conceded")
    editor.outcome.setPlainText("Recognised in both Acts.")
    qtbot.keyClicks(editor.decided_on, "20/02/2007")
    editor.decided_stage.setCurrentText(stages[2])
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible(), error_text(editor, "form")

    for item_id in (first, second):
        page.show_item(item_id)
        assert cells(page.asks, 0) == [ASK], f"the ask is on item {item_id}'s page"
        assert cells(page.asks, 1) == ["Reducing re-offending"]
        assert cells(page.asks, 3) == ["Conceded"]
        assert cells(page.asks, 4) == ["Recognised in both Acts."]
        assert cells(page.asks, 5) == ["20 Feb 2007, at Commons 3rd reading"]
        assert cells(page.asks, 6) == ["Offender Management Bill; Police and Justice Bill"]
        assert page.tabs.tabText(0) == "Asks (1)"
    page.show_item(consultation)
    assert page.asks.rowCount() == 0, "the ask is not on the consultation"
    qtmodeltester.check(page.asks)

    # Undo takes the ask off both bills' pages.
    changes.undo_stack.undo()
    page.show_item(first)
    assert page.asks.rowCount() == 0


def test_an_item_page_shows_the_positions_history_and_the_boards_decisions_and_actions(
    qtbot: QtBot,
    database: Database,
    changes: Changes,
    directory: Directory,
    board_id: int,
    page: PolicyItemPage,
    qtmodeltester: Any,
) -> None:
    with database.session() as s:
        item = policy_items.create(
            s, policy_items.PolicyItemDraft(PolicyItemKind.REVIEW, "Flanagan review of policing")
        )
        assert item.id is not None
        positions.state(
            s, PositionDraft(item.id, date(2007, 9, 1), "Welcome the review", agreed_by="Lead members")
        )
        positions.state(
            s, PositionDraft(item.id, date(2008, 2, 7), "Support the interim report", board_id=board_id)
        )
        decisions.record_decision(
            s, DecisionDraft(board_id, "The Board agreed the response.", date(2008, 2, 7), item_id=item.id)
        )
        decisions.record_action(
            s,
            ActionDraft(
                board_id,
                "Send the response",
                date(2008, 2, 7),
                owner_id=directory.murray,
                due_on=date(2008, 3, 1),
                item_id=item.id,
            ),
        )
    page.show_item(item.id)
    assert page.facts.text() == "Review"
    assert not page.response.isVisibleTo(page), "no response line for a review with none"
    assert cells(page.positions, 1) == ["Welcome the review", "Support the interim report"]
    assert cells(page.positions, 2) == ["Lead members", "Safer Communities Board"]
    assert cells(page.positions, 3) == ["earlier", "current"]
    assert cells(page.decisions, 1) == ["The Board agreed the response."]
    assert cells(page.board_actions, 0) == ["Send the response"]
    assert cells(page.board_actions, 2) == ["1 Mar 2008"]
    assert page.tabs.tabText(2) == "Our position (2)"
    assert page.tabs.tabText(4) == "Board decisions and actions (2)"
    for model in (page.positions, page.decisions, page.board_actions, page.meetings, page.documents):
        qtmodeltester.check(model)


def test_a_policy_item_that_cannot_be_saved_says_why_and_a_deleted_one_comes_back_with_undo(
    qtbot: QtBot,
    database: Database,
    changes: Changes,
    directory: Directory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    editor = shown(qtbot, PolicyItemEditor(database, changes))
    editor.kind.setCurrentText("Consultation")
    qtbot.keyClicks(editor.body, "Ministry of Silly Walks")
    qtbot.keyClicks(editor.closes, "soon")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert (
        error_text(editor, "responsible_body_id")
        == "“Ministry of Silly Walks” is not a body in the directory."
    )
    assert error_text(editor, "closes_on").startswith("“soon” is not a date")
    editor.body.clear()
    editor.opens.setText("01/03/2008")
    editor.closes.setText("01/02/2008")
    editor.response.setPlainText("Our reply")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert error_text(editor, "title") == "A consultation needs a title."
    assert error_text(editor, "closes_on") == "It closes (1 Feb 2008) before it opens (1 Mar 2008)."
    assert error_text(editor, "responded_on") == "Say when our response went."
    assert editor.isVisible()
    with database.session() as s:
        assert policy_items.rows(s) == []

    editor.title.setText(CONSULTATION)
    editor.closes.setText("01/04/2008")
    editor.responded_on.setText("20/03/2008")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()

    view = shown(qtbot, ProgrammeView(database, changes))
    view.select(editor.saved_id)  # type: ignore[arg-type]
    monkeypatch.setattr(prompts, "confirm", lambda *args: True)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 0
    changes.undo_stack.undo()
    assert cells(view.proxy, 0) == [CONSULTATION]
    with database.session() as s:
        back = policy_items.get(s, editor.saved_id)  # type: ignore[arg-type]
    assert (back.response, back.responded_on) == ("Our reply", date(2008, 3, 20))


def test_a_bills_item_is_edited_here_for_its_work_streams_but_keeps_the_bills_title(
    qtbot: QtBot, database: Database, changes: Changes, bill_items: tuple[int, int], stream_id: int
) -> None:
    editor = shown(qtbot, PolicyItemEditor(database, changes, bill_items[0]))
    assert editor.kind.currentText() == "Bill" and not editor.kind.isEnabled()
    assert editor.title.isReadOnly()
    tick(editor.streams, STREAM_LABEL)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    with database.session() as s:
        assert policy_items.get(s, bill_items[0]).work_stream_ids == (stream_id,)
    changes.undo_stack.undo()
    with database.session() as s:
        assert policy_items.get(s, bill_items[0]).work_stream_ids == ()


def test_the_window_lists_the_programme_opens_an_item_and_goes_from_it_to_its_bill_and_back(
    qtbot: QtBot, database: Database, bill_items: tuple[int, int]
) -> None:
    from ui.main_window import AREAS, MainWindow

    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()
    window.show_area(AREAS.index("Programme"))
    view = window.programme
    assert window.stack.currentWidget() is view
    assert view.count_label.text() == "2 policy items"
    qtbot.keyClicks(view.filter, "police")
    assert cells(view.proxy, 0) == ["Police and Justice Bill"]
    qtbot.keyClick(view.filter, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.policy_item_page
    assert window.navigation.currentItem().text() == "Programme"
    assert window.policy_item_page.heading.text() == "Police and Justice Bill"
    qtbot.mouseClick(window.policy_item_page.bill_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.bill_page
    assert window.bill_page.heading.text() == "Police and Justice Bill"
    window.open_policy_item(bill_items[0])
    qtbot.mouseClick(window.policy_item_page.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is view
    view.filter.clear()
    view.select(bill_items[0])
    view.open_button.click()  # the Open button opens the selected item's page
    assert window.stack.currentWidget() is window.policy_item_page
    assert window.policy_item_page.heading.text() == "Offender Management Bill"
    window.close()


def test_new_selects_the_item_saved_in_the_whole_list(
    qtbot: QtBot,
    database: Database,
    changes: Changes,
    bill_items: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ui.programme.list_view import ProgrammeView

    view = shown(qtbot, ProgrammeView(database, changes))
    qtbot.keyClicks(view.filter, "police")
    monkeypatch.setattr(PolicyItemEditor, "ask", lambda *_args: bill_items[0])  # as if saved
    view.new_button.click()
    assert view.filter.text() == "" and view.selected_id() == bill_items[0]
    monkeypatch.setattr(PolicyItemEditor, "ask", lambda *_args: None)  # cancelled: nothing moves
    view.new_button.click()
    assert view.selected_id() == bill_items[0]
