"""The bills screens, driven as the policy team would: stages, asks, meetings, the report and the brief."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from db.engine import Database
from db.vocabulary import AskStatus, House
from tests.tracker.conftest import Directory
from tracker import meetings
from tracker.lobbying import bills
from tracker.lobbying.bills import AskDraft, BillDraft, StageEntry
from tracker.meetings import BodyEntry, MeetingDraft
from ui.bills.ask_editor import AskEditor
from ui.bills.editor import BillEditor
from ui.bills.list_view import BillsView
from ui.bills.page import BillPage
from ui.changes import Changes
from ui.common import prompts
from ui.main_window import AREAS, MainWindow
from ui.meetings.editor import MeetingEditor
from ui.organisations.brief_preview import BriefPreview
from ui.organisations.page import OrganisationPage

OFFENDER_ASK = "Recognise the role of councillors on probation trusts"


# -- helpers -------------------------------------------------------------------------------


def cells(model: QAbstractItemModel, column: int) -> list[str]:
    return [str(model.index(row, column).data()) for row in range(model.rowCount())]


def row_texts(model: QAbstractItemModel) -> list[tuple[str, ...]]:
    return [
        tuple(str(model.index(row, column).data()) for column in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def error_text(widget: QWidget, field: str) -> str:
    label = widget.findChild(QLabel, f"error_{field}")
    return label.text() if label is not None and not label.isHidden() else ""


def tick(model: QStandardItemModel, text: str) -> None:
    """Tick the line as a click on its box does: through the model, as the view would."""
    row = next(r for r in range(model.rowCount()) if model.item(r).text() == text)
    assert model.setData(model.index(row, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)


def ticked(model: QStandardItemModel) -> list[str]:
    return [
        model.item(r).text()
        for r in range(model.rowCount())
        if model.item(r).checkState() == Qt.CheckState.Checked
    ]


def shown(qtbot: QtBot, widget: QWidget) -> Any:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def stages_file(tmp_path: Path, items: Any, name: str = "stages.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


# The shape of GET /api/v1/Bills/{id}/Stages from the UK Parliament Bills API, cut down.
BILLS_API_STAGES = {
    "items": [
        {
            "id": 101,
            "stageId": 6,
            "sessionId": 20,
            "description": "1st reading",
            "abbreviation": "1R",
            "house": "Commons",
            "stageSittings": [
                {"id": 1, "stageId": 6, "billStageId": 101, "billId": 7, "date": "2006-11-22T00:00:00"}
            ],
            "sortOrder": 1,
        },
        {
            "id": 102,
            "stageId": 7,
            "description": "2nd reading",
            "abbreviation": "2R",
            "house": "Commons",
            "stageSittings": [{"date": "2006-12-11T00:00:00"}],
            "sortOrder": 2,
        },
        {
            "id": 103,
            "stageId": 8,
            "description": "Committee stage",
            "abbreviation": "CS",
            "house": "Commons",
            "stageSittings": [{"date": "2007-01-30T00:00:00"}, {"date": "2007-01-09T00:00:00"}],
            "sortOrder": 3,
        },
        {
            "id": 104,
            "stageId": 11,
            "description": "1st reading",
            "abbreviation": "1R",
            "house": "Lords",
            "stageSittings": [{"date": "2007-03-01T00:00:00"}],
            "sortOrder": 4,
        },
        {
            "id": 105,
            "stageId": 26,
            "description": "Royal Assent",
            "abbreviation": "RA",
            "house": "Unassigned",
            "stageSittings": [{"date": "2007-07-26T00:00:00"}],
            "sortOrder": 5,
        },
    ],
    "totalResults": 5,
    "itemsPerPage": 20,
}


@pytest.fixture
def bill_id(database: Database) -> int:
    with database.session() as s:
        bill = bills.create(
            s,
            BillDraft(
                "Offender Management Bill",
                "2006-07",
                stages=(
                    StageEntry(House.COMMONS, "2nd reading", date(2006, 12, 11)),
                    StageEntry(House.COMMONS, "3rd reading", date(2007, 2, 28)),
                ),
            ),
        )
    assert bill.id is not None
    return bill.id


@pytest.fixture
def meeting_id(database: Database, directory: Directory) -> int:
    with database.session() as s:
        meeting = meetings.log(
            s,
            MeetingDraft(
                "Coalition on Social and Criminal Justice",
                date(2007, 2, 26),
                bodies=(BodyEntry(directory.apa),),
            ),
        )
    assert meeting.id is not None
    return meeting.id


@pytest.fixture
def ask_id(database: Database, directory: Directory, bill_id: int) -> int:
    with database.session() as s:
        ask = bills.add_ask(s, AskDraft(bill_id, OFFENDER_ASK, target_organisation_id=directory.home_office))
    assert ask.id is not None
    return ask.id


@pytest.fixture
def page(qtbot: QtBot, database: Database, changes: Changes) -> BillPage:
    widget = BillPage(database, changes)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    return widget


# -- the meeting form links a meeting to bills and asks ------------------------------------


def test_a_meeting_is_linked_to_an_ask_from_the_meeting_form_and_shows_on_the_bills_timeline(
    qtbot: QtBot,
    database: Database,
    changes: Changes,
    meeting_id: int,
    ask_id: int,
    bill_id: int,
    page: BillPage,
) -> None:
    page.show_bill(bill_id)
    assert "Meeting" not in cells(page.timeline, 1)
    editor = shown(qtbot, MeetingEditor(database, changes, meeting_id))
    assert ticked(editor.bill_model) == [] and ticked(editor.ask_model) == []

    tick(editor.ask_model, f"Offender Management Bill: {OFFENDER_ASK}")
    assert ticked(editor.bill_model) == ["Offender Management Bill (2006-07)"], (
        "an ask's bill is ticked with it"
    )
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert not editor.isVisible()
    with database.session() as s:
        assert bills.get_ask(s, ask_id).meeting_ids == (meeting_id,)
        assert meetings.get(s, meeting_id).bill_ids == (bill_id,)
    assert ("26 Feb 2007", "Meeting", "Coalition on Social and Criminal Justice") in row_texts(page.timeline)
    assert (
        row_texts(page.timeline).index(("26 Feb 2007", "Meeting", "Coalition on Social and Criminal Justice"))
        == 1
    )

    reopened = shown(qtbot, MeetingEditor(database, changes, meeting_id))
    assert ticked(reopened.ask_model) == [f"Offender Management Bill: {OFFENDER_ASK}"]
    reopened.done(0)

    changes.undo_stack.undo()
    assert "Meeting" not in cells(page.timeline, 1)
    with database.session() as s:
        assert bills.get_ask(s, ask_id).meeting_ids == ()


def test_unticking_a_bill_unticks_its_asks_and_an_unsaved_tick_is_asked_about(
    qtbot: QtBot,
    database: Database,
    changes: Changes,
    meeting_id: int,
    ask_id: int,
    no_real_dialogs: list[str],
) -> None:
    editor = shown(qtbot, MeetingEditor(database, changes, meeting_id))
    tick(editor.ask_model, f"Offender Management Bill: {OFFENDER_ASK}")
    bill_row = editor.bill_model.index(0, 0)
    editor.bill_model.setData(bill_row, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert ticked(editor.ask_model) == []

    tick(editor.bill_model, "Offender Management Bill (2006-07)")
    assert editor.has_unsaved_changes()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert no_real_dialogs == ["this meeting"]  # asked, and the safe answer discards
    with database.session() as s:
        assert meetings.get(s, meeting_id).bill_ids == ()


# -- the bill form -------------------------------------------------------------------------


def test_stages_load_from_a_bills_api_file_and_the_current_stage_follows(
    qtbot: QtBot, database: Database, changes: Changes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = stages_file(tmp_path, BILLS_API_STAGES, "offender-management-stages.json")
    monkeypatch.setattr(prompts, "ask_open_path", lambda *args: path)
    editor = shown(qtbot, BillEditor(database, changes))
    assert editor.current_stage.text() == "Current stage: none reached yet"
    qtbot.keyClicks(editor.title, "Offender Management Bill")
    qtbot.keyClicks(editor.session, "2006-07")

    qtbot.mouseClick(editor.load_stages, Qt.MouseButton.LeftButton)

    assert row_texts(editor.stages) == [
        ("Commons", "1st reading", "22/11/2006"),
        ("Commons", "2nd reading", "11/12/2006"),
        ("Commons", "Committee stage", "09/01/2007"),
        ("Lords", "1st reading", "01/03/2007"),
        ("Both", "Royal Assent", "26/07/2007"),
    ]
    assert editor.current_stage.text() == "Current stage: Royal Assent, 26 Jul 2007"
    assert (
        editor.loaded.text() == "5 stages loaded from offender-management-stages.json. Check them, then save."
    )
    # The stages are the form's until saved: a date changed in the table moves the current stage.
    editor.stages.setData(editor.stages.index(4, 2), "", Qt.ItemDataRole.EditRole)
    assert editor.current_stage.text() == "Current stage: Lords 1st reading, 1 Mar 2007"

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.saved_id is not None
    with database.session() as s:
        saved = bills.get(s, editor.saved_id)
    assert [s.label for s in saved.stages] == [
        "Commons 1st reading, 22 Nov 2006",
        "Commons 2nd reading, 11 Dec 2006",
        "Commons Committee stage, 9 Jan 2007",
        "Lords 1st reading, 1 Mar 2007",
        "Royal Assent",
    ]
    changes.undo_stack.undo()
    with database.session() as s:
        assert bills.all_rows(s, date.today()) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{ items: [", "broken.json is not JSON"),
        (json.dumps({"bill": 7}), "broken.json has no list of stages"),
        (
            json.dumps({"items": [{"description": "2nd reading", "house": "Stormont", "sortOrder": 1}]}),
            "broken.json, stage 1: “house” is 'Stormont'; expected Commons or Lords.",
        ),
    ],
)
def test_a_malformed_bills_api_file_is_refused_and_the_stages_stay_as_they_were(
    qtbot: QtBot,
    database: Database,
    changes: Changes,
    bill_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: str,
    message: str,
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    monkeypatch.setattr(prompts, "ask_open_path", lambda *args: path)
    editor = shown(qtbot, BillEditor(database, changes, bill_id))
    before = row_texts(editor.stages)

    qtbot.mouseClick(editor.load_stages, Qt.MouseButton.LeftButton)

    assert message in error_text(editor, "stages")
    assert (
        row_texts(editor.stages)
        == before
        == [
            ("Commons", "2nd reading", "11/12/2006"),
            ("Commons", "3rd reading", "28/02/2007"),
        ]
    )
    assert editor.current_stage.text() == "Current stage: Commons 3rd reading, 28 Feb 2007"
    assert not editor.has_unsaved_changes()


def test_loading_over_stages_already_held_asks_first_and_keeps_the_stages_if_refused(
    qtbot: QtBot,
    database: Database,
    changes: Changes,
    bill_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_real_dialogs: list[str],
) -> None:
    monkeypatch.setattr(prompts, "ask_open_path", lambda *args: stages_file(tmp_path, BILLS_API_STAGES))
    editor = shown(qtbot, BillEditor(database, changes, bill_id))
    qtbot.mouseClick(editor.load_stages, Qt.MouseButton.LeftButton)
    assert no_real_dialogs == [
        "Replace the stages | Replace the 2 stages in the form with the 5 in stages.json? | Replace"
    ]
    assert editor.stages.rowCount() == 2


def test_a_bill_is_typed_with_its_stages_and_a_bad_sitting_date_is_shown_beside_the_table(
    qtbot: QtBot, database: Database, changes: Changes
) -> None:
    editor = shown(qtbot, BillEditor(database, changes))
    qtbot.keyClicks(editor.title, "Police and Justice Bill")
    editor.act.setText("Police and Justice Act 2006")
    qtbot.mouseClick(editor.add_stage, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.add_stage, Qt.MouseButton.LeftButton)
    assert row_texts(editor.stages) == [("Commons", "1st reading", ""), ("Commons", "2nd reading", "")]
    qtbot.mouseClick(editor.add_stage, Qt.MouseButton.LeftButton)
    assert cells(editor.stages, 1)[2] == "Committee stage"
    qtbot.mouseClick(editor.remove_stage, Qt.MouseButton.LeftButton)  # the new line is the one selected
    assert editor.stages.rowCount() == 2
    editor.stages.setData(editor.stages.index(0, 2), "25/01/2006", Qt.ItemDataRole.EditRole)
    editor.stages.setData(editor.stages.index(1, 2), "31/02/2006", Qt.ItemDataRole.EditRole)
    editor.stages.setData(
        editor.stages.index(1, 1), "Second reading (re-committed)", Qt.ItemDataRole.EditRole
    )
    assert editor.current_stage.text() == "Current stage: Commons 1st reading, 25 Jan 2006"

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert error_text(editor, "stages").startswith(
        "Stage 2 (Second reading (re-committed)): “31/02/2006” is not a date"
    )

    editor.stages.setData(editor.stages.index(1, 2), "7/2/2006", Qt.ItemDataRole.EditRole)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    with database.session() as s:
        (row,) = bills.all_rows(s, date.today())
    assert (row.title, row.act_title, row.current_stage) == (
        "Police and Justice Bill",
        "Police and Justice Act 2006",
        "Commons Second reading (re-committed), 7 Feb 2006",
    )


def test_the_stages_table_passes_the_model_tester(
    qtbot: QtBot, database: Database, changes: Changes, bill_id: int, qtmodeltester: Any
) -> None:
    editor = shown(qtbot, BillEditor(database, changes, bill_id))
    qtmodeltester.check(editor.stages)


# -- asks ----------------------------------------------------------------------------------


def test_an_ask_is_recorded_as_conceded_at_a_stage_and_shows_on_the_bills_page(
    qtbot: QtBot,
    database: Database,
    changes: Changes,
    directory: Directory,
    bill_id: int,
    page: BillPage,
    qtmodeltester: Any,
) -> None:
    page.show_bill(bill_id)
    assert page.asks.rowCount() == 0
    editor = shown(qtbot, AskEditor(database, changes, bill_id=bill_id))
    assert editor.heading.text() == "On the Offender Management Bill (2006-07)"
    assert [editor.decided_stage.itemText(i) for i in range(editor.decided_stage.count())] == [
        "not recorded",
        "Commons 2nd reading, 11 Dec 2006",
        "Commons 3rd reading, 28 Feb 2007",
    ]
    qtbot.keyClicks(editor.text, OFFENDER_ASK)
    qtbot.keyClicks(editor.body, "Home Office")
    qtbot.keyClicks(editor.person, "Alan Campbell MP")
    editor.status.setCurrentText("Conceded")
    editor.outcome.setPlainText("The role of councillors on probation trusts has been recognised.")
    qtbot.keyClicks(editor.decided_on, "28/02/2007")
    editor.decided_stage.setCurrentText("Commons 3rd reading, 28 Feb 2007")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert not editor.isVisible()
    with database.session() as s:
        saved = bills.get_ask(s, editor.saved_id)  # type: ignore[arg-type]
    assert (saved.status, saved.target_organisation_id, saved.target_person_id) == (
        AskStatus.CONCEDED,
        directory.home_office,
        directory.campbell,
    )
    assert row_texts(page.asks) == [
        (
            OFFENDER_ASK,
            "Alan Campbell MP, Home Office",
            "Conceded",
            "The role of councillors on probation trusts has been recognised.",
            "28 Feb 2007, at Commons 3rd reading",
        )
    ]
    assert ("28 Feb 2007", "Decision", f"Conceded: {OFFENDER_ASK}") in row_texts(page.timeline)
    assert page.ask_box.title() == "Our asks (1)"
    qtmodeltester.check(page.asks)
    qtmodeltester.check(page.timeline)

    changes.undo_stack.undo()
    assert page.asks.rowCount() == 0


def test_an_ask_that_cannot_be_saved_says_why_beside_the_fields(
    qtbot: QtBot, database: Database, changes: Changes, bill_id: int
) -> None:
    editor = shown(qtbot, AskEditor(database, changes, bill_id=bill_id))
    qtbot.keyClicks(editor.person, "Jack Straw")
    qtbot.keyClicks(editor.decided_on, "next Tuesday")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert error_text(editor, "target_person_id") == "“Jack Straw” is not a person in the directory."
    assert error_text(editor, "decided_on").startswith("“next Tuesday” is not a date")

    editor.person.clear()
    editor.decided_on.setText("16/07/2007")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert error_text(editor, "text") == "Say what was asked for."
    assert error_text(editor, "status") == (
        "A pending ask has no decision date or stage; choose what was decided."
    )
    assert editor.isVisible()


def test_an_ask_is_edited_and_deleted_from_the_bills_page_with_undo(
    qtbot: QtBot,
    database: Database,
    changes: Changes,
    bill_id: int,
    ask_id: int,
    meeting_id: int,
    page: BillPage,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with database.session() as s:
        bills.update_ask(s, replace(bills.get_ask(s, ask_id), meeting_ids=(meeting_id,)))
    page.show_bill(bill_id)
    page.ask_table.selectRow(0)
    assert page.edit_ask_button.isEnabled() and page.delete_ask_button.isEnabled()

    def edit(parent: Any, database: Database, changes: Changes, **which: int) -> int | None:
        editor = AskEditor(database, changes, **which)
        assert editor.meetings.text() == "26 Feb 2007: Coalition on Social and Criminal Justice"
        assert editor.body.text() == "Home Office"
        editor.status.setCurrentText("Withdrawn")
        editor.decided_on.setText("01/03/2007")
        assert editor.save()
        return editor.saved_id

    monkeypatch.setattr(AskEditor, "ask", edit)
    qtbot.mouseClick(page.edit_ask_button, Qt.MouseButton.LeftButton)
    assert cells(page.asks, 2) == ["Withdrawn"]

    monkeypatch.setattr(prompts, "confirm", lambda *args: True)
    qtbot.mouseClick(page.delete_ask_button, Qt.MouseButton.LeftButton)
    assert page.asks.rowCount() == 0
    changes.undo_stack.undo()
    assert cells(page.asks, 0) == [OFFENDER_ASK]
    with database.session() as s:
        assert bills.get_ask(s, ask_id).meeting_ids == (meeting_id,), "undo puts back its meetings too"
    changes.undo_stack.undo()
    assert cells(page.asks, 2) == ["Pending"]


def test_a_meeting_on_the_timeline_opens_with_enter_or_a_double_click(
    qtbot: QtBot, database: Database, changes: Changes, bill_id: int, meeting_id: int, page: BillPage
) -> None:
    with database.session() as s:
        bills.set_meeting_links(s, meeting_id, (bill_id,), ())
    page.show_bill(bill_id)
    shown(qtbot, page)
    row = cells(page.timeline, 1).index("Meeting")
    page.timeline_table.setFocus()
    page.timeline_table.setCurrentIndex(page.timeline.index(row, 2))
    with qtbot.waitSignal(page.meeting_open_requested) as opened:
        qtbot.keyClick(page.timeline_table, Qt.Key.Key_Return)
    assert opened.args == [meeting_id]


# -- the bills list ------------------------------------------------------------------------


@pytest.fixture
def window(qtbot: QtBot, database: Database, bill_id: int) -> MainWindow:
    with database.session() as s:
        bills.create(
            s, BillDraft("Police and Justice Bill", "2005-06", act_title="Police and Justice Act 2006")
        )
    main = MainWindow(database)
    return shown(qtbot, main)  # type: ignore[no-any-return]


def test_the_bills_list_filters_and_opens_a_bill_on_its_page(
    qtbot: QtBot, window: MainWindow, qtmodeltester: Any
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    view = window.bills
    assert window.stack.currentWidget() is view and AREAS[5] == "Bills"
    assert row_texts(view.proxy) == [
        (
            "Offender Management Bill",
            "2006-07",
            "Government",
            "Commons 3rd reading, 28 Feb 2007",
            "0",
            "0",
            "",
        ),
        ("Police and Justice Bill", "2005-06", "Government", "", "0", "0", "Police and Justice Act 2006"),
    ]
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)

    qtbot.keyClicks(view.filter, "justice act")
    assert cells(view.proxy, 0) == ["Police and Justice Bill"]
    assert view.count_label.text() == "1 of 2 bills"
    view.filter.clear()
    qtbot.keyClicks(view.filter, "offender")
    view.table.selectRow(0)
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)

    assert window.stack.currentWidget() is window.bill_page
    assert window.navigation.currentItem().text() == "Bills"
    assert window.bill_page.heading.text() == "Offender Management Bill"
    assert window.bill_page.facts.text() == "Government bill · session 2006-07 · not yet an Act"
    assert window.bill_page.current_stage.text() == "Current stage: Commons 3rd reading, 28 Feb 2007"
    assert cells(window.bill_page.timeline, 2) == ["Commons 2nd reading", "Commons 3rd reading"]
    qtbot.mouseClick(window.bill_page.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is view


def test_a_bill_deleted_from_the_list_comes_back_with_undo_and_one_with_asks_is_refused(
    qtbot: QtBot, window: MainWindow, ask_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = window.bills
    window.show_area(AREAS.index("Bills"))
    told: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda *args: True)
    monkeypatch.setattr(prompts, "tell", lambda parent, title, text: told.append(text))
    view.refresh()
    assert cells(view.proxy, 4) == ["1", "0"] and cells(view.proxy, 5) == ["1", "0"]

    view.table.selectRow(cells(view.proxy, 0).index("Police and Justice Bill"))
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert cells(view.proxy, 0) == ["Offender Management Bill"]
    assert window.undo_action.toolTip() == "Undo Delete bill “Police and Justice Bill”"
    window.undo_action.trigger()
    assert cells(view.proxy, 0) == ["Offender Management Bill", "Police and Justice Bill"]

    view.table.selectRow(0)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert told == ["The Offender Management Bill has 1 asks recorded; delete those first."]
    assert view.model.rowCount() == 2


def test_a_new_bill_from_the_list_is_selected_in_it(
    qtbot: QtBot, database: Database, changes: Changes, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = shown(qtbot, BillsView(database, changes))

    def add(parent: Any, database: Database, changes: Changes) -> int | None:
        editor = BillEditor(database, changes)
        editor.title.setText("Criminal Justice Bill")
        editor.session.setText("2006-07")
        assert editor.save()
        return editor.saved_id

    monkeypatch.setattr(BillEditor, "ask", add)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    assert cells(view.proxy, 0) == ["Criminal Justice Bill"]
    assert view.selected_id() is not None and view.open_button.isEnabled()
    changes.undo_stack.undo()
    assert view.model.rowCount() == 0


# -- the lobbying report and the brief -----------------------------------------------------


def answers(*given: str | None) -> Any:
    queue: Iterator[str | None] = iter(given)
    return lambda *args: next(queue)


def test_the_lobbying_report_is_written_from_the_bills_list_off_the_gui_thread(
    qtbot: QtBot,
    database: Database,
    changes: Changes,
    ask_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view = shown(qtbot, BillsView(database, changes))
    target = tmp_path / "lobbying.md"
    monkeypatch.setattr(prompts, "ask_text", answers("01/01/2007", "31/12/2007"))
    monkeypatch.setattr(prompts, "ask_save_path", lambda *args: target)

    with qtbot.waitSignal(view.exported, timeout=20_000) as exported:
        qtbot.mouseClick(view.report_button, Qt.MouseButton.LeftButton)
        assert not view.report_button.isEnabled()

    assert exported.args == [target]
    text = target.read_text(encoding="utf-8")
    assert "Lobbying outcomes" in text and "Offender Management Bill" in text
    assert OFFENDER_ASK in text and "Sought of Home Office." in text
    assert view.report_button.isEnabled() and view.progress.isHidden()
    assert view.status.text() == f"Lobbying report written to {target}"


def test_a_lobbying_period_that_cannot_be_read_is_explained_and_nothing_is_written(
    qtbot: QtBot, database: Database, changes: Changes, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = shown(qtbot, BillsView(database, changes))
    told: list[str] = []
    monkeypatch.setattr(prompts, "tell", lambda parent, title, text: told.append(f"{title}: {text}"))
    asked_for_a_file: list[Any] = []
    monkeypatch.setattr(prompts, "ask_save_path", lambda *args: asked_for_a_file.append(args))

    monkeypatch.setattr(prompts, "ask_text", answers("01/01/2007", "31/13/2007"))
    qtbot.mouseClick(view.report_button, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(prompts, "ask_text", answers("01/01/2008", "31/12/2007"))
    qtbot.mouseClick(view.report_button, Qt.MouseButton.LeftButton)

    assert told == [
        "Not a date: “31/13/2007” is not a date; write it as 23/04/2009 or 23 April 2009.",
        "Not a period: The period ends (31 December 2007) before it starts (1 January 2008).",
    ]
    assert asked_for_a_file == []


def test_the_organisation_pages_brief_writes_a_file_about_the_body(
    qtbot: QtBot,
    database: Database,
    changes: Changes,
    directory: Directory,
    ask_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = shown(qtbot, OrganisationPage(database, changes))
    page.show_organisation(directory.home_office)
    suggested: list[Path] = []
    target = tmp_path / "brief.md"

    def save_path(parent: Any, title: str, default: Path, filters: str) -> Path:
        suggested.append(default)
        return target

    monkeypatch.setattr(prompts, "ask_save_path", save_path)
    monkeypatch.setattr(BriefPreview, "ask", _save_at_once)
    qtbot.mouseClick(page.brief_button, Qt.MouseButton.LeftButton)

    assert [p.name for p in suggested] == ["Home Office - brief.pdf"]
    text = target.read_text(encoding="utf-8")
    assert "Brief: Home Office" in text
    assert OFFENDER_ASK in text, "the open ask aimed at the body is in its brief"


def _save_at_once(parent: QWidget, paper: Any, suggested: Path) -> Path | None:
    """The brief's preview, its Save as… clicked at once (ui/organisations/brief_preview.py)."""
    preview = BriefPreview(paper, suggested, parent)
    preview.save()
    return preview.written


def test_a_brief_that_cannot_be_written_is_explained(
    qtbot: QtBot,
    database: Database,
    changes: Changes,
    directory: Directory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = shown(qtbot, OrganisationPage(database, changes))
    page.show_organisation(directory.home_office)
    told: list[str] = []
    monkeypatch.setattr(prompts, "ask_save_path", lambda *args: tmp_path / "brief.txt")
    monkeypatch.setattr(prompts, "tell", lambda parent, title, text: told.append(title))
    monkeypatch.setattr(BriefPreview, "ask", _save_at_once)
    qtbot.mouseClick(page.brief_button, Qt.MouseButton.LeftButton)
    assert told == ["Brief not written"]
    assert not (tmp_path / "brief.txt").exists()
