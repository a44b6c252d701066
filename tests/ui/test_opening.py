"""The window on a local file: Home, and the newest meetings when chosen, at once, read from the
file; the database opened behind them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import ui.app
from db import backups
from db.engine import Database, open_database
from db.files import DatabaseRefused, check_integrity
from tracker import meetings
from tracker.common.listing import ListQuery
from tracker.meeting_list import FIRST_VIEW, NewestMeetings
from tracker.meetings import FollowUpEntry, MeetingDraft
from tracker.stakeholders import home
from tracker.stakeholders.due import DueFirst
from ui.changes import MEETINGS
from ui.main_window import AREAS, OPENING, MainWindow
from ui.meetings.editor import MeetingEditor
from ui.settings import connection as connection_settings


@pytest.fixture
def demo_file(tmp_path: Path, _sqlite_demo_template: Path) -> Path:
    path = tmp_path / "liaison.db"
    shutil.copyfile(_sqlite_demo_template, path)
    return path


@pytest.fixture(autouse=True)
def no_saved_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = QSettings(str(tmp_path / "liaison.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(connection_settings, "user_settings", lambda: settings)


def _follow_ups_due(path: Path) -> None:
    """The papers give the demo's follow-ups no dates; an officer's meeting gives two, one overdue."""
    db = open_database(path, actor="officer.test")
    with db.session() as s:
        meetings.log(
            s,
            MeetingDraft(
                "APA: police authority funding",
                date.today() - timedelta(days=20),
                follow_ups=(
                    FollowUpEntry(
                        "Send the APA our note on precepts", None, date.today() - timedelta(days=3)
                    ),
                    FollowUpEntry("Brief the Board's chair", None, date.today() + timedelta(days=5)),
                ),
            ),
        )
    db.close()


def _window_opening(demo_file: Path, first_area: str) -> MainWindow:
    newest = NewestMeetings.read(demo_file)
    due = DueFirst.read(demo_file, date.today())
    assert newest is not None and due is not None
    return MainWindow(newest=newest, due=due, first_area=first_area)


@pytest.fixture
def opening_window(qtbot: QtBot, demo_file: Path) -> Iterator[MainWindow]:
    """Opening on the meetings list (an officer who chose it as the database opened)."""
    window = _window_opening(demo_file, "Meetings")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    if window.is_attached():
        window.colleagues.stop()
        window.database.close()


def _service_count(path: Path, query: ListQuery) -> int:
    db = open_database(path, create=False)
    try:
        with db.session() as s:
            return meetings.count(s, query)
    finally:
        db.close()


def test_while_the_database_opens_the_list_shows_and_scrolls_and_nothing_else_acts(
    qtbot: QtBot, opening_window: MainWindow, demo_file: Path, no_real_dialogs: list[str]
) -> None:
    window = opening_window
    table = window.meetings_list
    assert table.model.rowCount() == _service_count(demo_file, FIRST_VIEW) > 0
    assert table.model.index(0, 0).data()  # a date, read from the file
    assert window.stack.currentWidget() is table
    assert not window.is_attached() and not window.is_built("meetings")
    assert window.statusBar().currentMessage() == OPENING
    for action in (
        window.log_meeting_action,
        window.undo_action,
        window.calendar_import_action,
        window.sheet_import_action,
        window.return_import_action,
    ):
        assert not action.isEnabled()
    assert not window.export_menu.isEnabled()
    assert not table.new_button.isEnabled() and not table.open_button.isEnabled()
    assert not table.table.horizontalHeader().sectionsClickable()

    table.table.scrollToBottom()  # rows further down come from the file too
    last = table.model.rowCount() - 1
    assert table.model.index(last, 1).data()
    table.table.selectRow(0)
    with qtbot.assertNotEmitted(table.delete_requested), qtbot.assertNotEmitted(table.open_requested):
        qtbot.keyClick(table.table, Qt.Key.Key_Delete)
        qtbot.keyClick(table.table, Qt.Key.Key_Return)
        table.open_button.click()
        table.delete_button.click()
    assert no_real_dialogs == []
    qtbot.keyClicks(table.filter, "Kemp")
    qtbot.wait(400)  # past the filter's delay: the words wait for the database
    assert table.model.query == FIRST_VIEW
    assert table.count_label.text() == "finds once open…"
    window.navigation.setCurrentRow(AREAS.index("People"))
    assert window.stack.currentWidget() is table


def test_once_open_the_window_takes_over_the_same_list_with_what_was_typed(
    qtbot: QtBot, opening_window: MainWindow, demo_file: Path
) -> None:
    window = opening_window
    table = window.meetings_list
    window.activateWindow()
    table.filter.setFocus()
    qtbot.waitUntil(table.filter.hasFocus)
    qtbot.keyClicks(table.filter, "Kemp")
    with qtbot.waitSignal(window.attached):
        window.attach(open_database(demo_file, actor="officer.test"))
    assert table.filter.hasFocus()  # whoever was typing goes on typing

    assert window.is_attached() and window.meetings.list is table and window.meetings_list is table
    found = _service_count(demo_file, ListQuery(text="Kemp", sort="held_on", descending=True))
    assert table.model.query.text == "Kemp"
    assert 0 < table.model.rowCount() == found
    assert window.stack.currentWidget() is window.meetings_area and window.meetings.isVisible()
    assert window.log_meeting_action.isEnabled() and window.export_menu.isEnabled()
    assert table.new_button.isEnabled() and table.table.horizontalHeader().sectionsClickable()
    assert window.statusBar().currentMessage() == ""
    assert window.undo_action.shortcut().matches(Qt.KeyboardModifier.ControlModifier | Qt.Key.Key_Z)

    table.filter.clear()
    table.apply_filter_now()
    assert table.isVisible() and table.table.viewport().isVisible()  # on screen, not only in place
    before = table.model.rowCount()
    first = table.model.row_at(0)
    assert first is not None
    window.changes.deleted(MEETINGS, _delete(window.database, first.id), "Delete meeting")
    assert table.model.rowCount() == before - 1
    window.undo_action.trigger()  # the undo stack's own action, in the toolbar's place
    assert table.model.rowCount() == before


def test_an_area_chosen_while_the_database_opens_is_shown_once_it_is_open(
    opening_window: MainWindow, demo_file: Path
) -> None:
    window = opening_window
    window.navigation.setCurrentRow(AREAS.index("Bills"))
    assert not window.is_built("bills")
    window.attach(open_database(demo_file, actor="officer.test"))
    assert window.stack.currentWidget() is window.bills


def test_the_row_selected_and_the_place_scrolled_to_stay_as_the_database_opens(
    qtbot: QtBot, opening_window: MainWindow, demo_file: Path
) -> None:
    window = opening_window
    window.resize(1280, 500)
    table = window.meetings_list
    table.table.selectRow(14)
    table.table.scrollTo(table.model.index(14, 0))
    chosen, scrolled = table.selected_id(), table.table.verticalScrollBar().value()
    assert chosen is not None
    assert scrolled > 0
    window.attach(open_database(demo_file, actor="officer.test"))
    assert table.table.verticalScrollBar().value() == scrolled
    assert table.table.selectionModel().selectedRows()[0].row() == 14
    row = table.model.row_at(14)
    assert row is not None and table.selected_id() == row.id and table.open_button.isEnabled()


def test_while_the_database_opens_home_shows_what_is_due_from_the_file(
    qtbot: QtBot, demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _follow_ups_due(demo_file)
    window = _window_opening(demo_file, "Home")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    view = window.home
    assert window.stack.currentWidget() is view and window.navigation.currentItem().text() == "Home"
    db = open_database(demo_file, create=False)
    with db.reading() as s:
        due, deadlines = home.follow_ups_due(s, view.as_of), home.deadlines(s, view.as_of)
    db.close()
    assert view.follow_ups_model.rows == due and len(due) > 0
    assert [view.deadlines.item(n).text() for n in range(view.deadlines.count())][: len(deadlines)] == [
        ("Overdue: " if d.overdue else "") + f"{d.kind.capitalize()}: {d.text}" for d in deadlines
    ]
    assert view.duties.item(0).text() == "Reading…"
    assert view.status.text().endswith("Opening the database…")
    assert not window.is_attached() and view.pictures == {}
    tick = view.follow_ups_model.index(0, 0)
    assert not view.follow_ups_model.flags(tick) & Qt.ItemFlag.ItemIsUserCheckable
    assert not view.follow_ups_model.setData(
        tick, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    with qtbot.assertNotEmitted(view.meeting_open_requested):
        view.follow_ups.doubleClicked.emit(view.follow_ups_model.index(0, 3))
    # The meetings list, chosen now, shows from the file too; and Home again.
    window.show_area("Meetings")
    assert window.stack.currentWidget() is window.meetings_list and window.meetings_list.model.rowCount() > 0
    window.show_area("Home")
    assert window.stack.currentWidget() is view

    with qtbot.waitSignal(view.refreshed, timeout=60_000):
        window.attach(open_database(demo_file, actor="officer.test"))
    try:
        assert window.stack.currentWidget() is window.home_area and window.home_area.currentWidget() is view
        assert not view.status.text().endswith("Opening the database…")
        assert view.duties.item(0).text() != "Reading…"
        assert len(view.pictures) == 4 and all(p.rendered is not None for p in view.pictures.values())
        assert view.follow_ups_model.flags(tick) & Qt.ItemFlag.ItemIsUserCheckable
        opened: list[int] = []
        monkeypatch.setattr(
            MeetingEditor, "ask", lambda _parent, _db, _changes, meeting_id: opened.append(meeting_id)
        )
        view.follow_ups.doubleClicked.emit(view.follow_ups_model.index(0, 3))
        assert opened == [view.follow_ups_model.rows[0].meeting_id]  # the window opens the meeting
    finally:
        window.colleagues.stop()
        window.database.close()


def _delete(database: Database, meeting_id: int) -> Any:
    with database.session() as s:
        return meetings.delete(s, meeting_id)


def test_colleagues_changes_made_while_the_database_opened_are_picked_up(
    qtbot: QtBot, opening_window: MainWindow, demo_file: Path
) -> None:
    window = opening_window
    shown = window.meetings_list.model.rowCount()
    colleague = open_database(demo_file, actor="colleague")
    with colleague.session() as s:
        meetings.log(s, MeetingDraft("Youth Justice Board: resettlement", date(2009, 5, 6)))
    colleague.close()
    window.attach(open_database(demo_file, actor="officer.test"))
    assert window.meetings_list.model.rowCount() == shown  # not yet: as painted
    assert "meetings" in window.colleagues.poll()
    assert window.meetings_list.model.rowCount() == shown + 1


def test_start_shows_the_window_then_opens_the_file_behind_it(qtbot: QtBot, demo_file: Path) -> None:
    _follow_ups_due(demo_file)
    window = ui.app.start(str(demo_file))
    assert window is not None
    qtbot.addWidget(window)
    try:
        assert window.opening is not None
        assert window.isVisible() and window.stack.currentWidget() is window.home
        assert window.home.follow_ups_model.rowCount() > 0  # read from the file
        qtbot.waitUntil(window.is_attached, timeout=60_000)
        window.show_area("Meetings")
        assert window.database is window.opening.database
        assert window.database.path == demo_file
        table = window.meetings_list
        table.filter.setText("Kemp")
        table.apply_filter_now()
        assert table.model.query.text == "Kemp"
    finally:
        window.close()
        ui.app.finish_work(window)
        if window.opening is not None and window.opening.database is not None:
            window.opening.database.close()
    # The day's backup was written behind the working window, and is a sound copy.
    [daily] = backups.backups_of(demo_file, backups.DAILY)
    assert check_integrity(daily) == "ok"


def test_a_daily_backup_that_fails_is_told_once_the_window_works(
    qtbot: QtBot, demo_file: Path, monkeypatch: pytest.MonkeyPatch, no_real_dialogs: list[str]
) -> None:
    def refuse(path: Path, kind: str, label: str = "") -> Path:
        raise DatabaseRefused(f"cannot back up {path}: No space left on device")

    monkeypatch.setattr(backups, "write", refuse)
    window = ui.app.start(str(demo_file))
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(no_real_dialogs), timeout=60_000)
    assert window.is_attached()
    assert no_real_dialogs == [
        f"Liaison | Today's backup was not written: cannot back up {demo_file}: No space left on device"
    ]
    window.close()
    ui.app.finish_work(window)
    window.database.close()


def test_a_window_closed_at_once_still_has_its_database_closed(qtbot: QtBot, demo_file: Path) -> None:
    window = ui.app.start(str(demo_file))
    assert window is not None and window.opening is not None
    qtbot.addWidget(window)
    window.opening.start()  # before the first paint, as a window closed at once would leave it
    window.close()
    ui.app.finish_work(window)
    assert window.opening.database is not None and window.opening.refusal is None
    window.opening.database.close()


def test_a_file_that_cannot_be_shown_at_once_is_opened_before_the_window(
    qtbot: QtBot, demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older file (upgraded first), a missing one (created) and the like: NewestMeetings says None."""
    monkeypatch.setattr(NewestMeetings, "read", classmethod(lambda cls, path: None))
    window = ui.app.start(str(demo_file))
    assert window is not None
    qtbot.addWidget(window)
    assert window.opening is None and window.is_attached()
    assert window.stack.currentWidget() is window.home_area and window.home.isVisible()
    window.colleagues.stop()
    window.database.close()


@pytest.fixture
def refused_behind(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, list[str]]:
    """The file passes the first read, but opening it behind the window is refused (damaged, say);
    the refusal, and the message boxes' texts as they are said."""
    refusal = f"{demo_file} is damaged (page 7: btreeInitPage() returns error code 11)"
    said: list[str] = []

    def refuse(*_args: object, **_kwargs: object) -> Database:
        raise DatabaseRefused(refusal)

    monkeypatch.setattr("db.engine.open_database", refuse)
    monkeypatch.setattr(ui.app.QMessageBox, "critical", lambda _parent, _title, text: said.append(text))
    return refusal, said


def test_a_refusal_found_behind_the_window_is_said_and_the_window_closes(
    qtbot: QtBot, demo_file: Path, refused_behind: tuple[str, list[str]]
) -> None:
    refusal, said = refused_behind
    window = ui.app.start(str(demo_file))
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(said), timeout=60_000)
    ui.app.finish_work(window)
    assert said == [refusal]
    assert not window.isVisible() and not window.is_attached()


def test_run_leaves_with_exit_2_when_the_file_is_refused_behind_the_window(
    qapp: Any, demo_file: Path, refused_behind: tuple[str, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    refusal, said = refused_behind
    safety = QTimer()  # should the window never close, the test fails rather than waits for ever
    safety.setSingleShot(True)
    safety.timeout.connect(qapp.quit)
    safety.start(60_000)
    try:
        assert ui.app.run(str(demo_file)) == ui.app.EXIT_REFUSED
    finally:
        safety.stop()
    assert said == [refusal]
    assert capsys.readouterr().err.strip().endswith(f"liaison: {refusal}")


def test_run_closes_a_database_that_opened_after_the_window_was_closed(
    qapp: Any, demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed: list[Path | None] = []
    close = Database.close

    def spy(database: Database) -> None:
        closed.append(database.path)
        close(database)

    monkeypatch.setattr(Database, "close", spy)
    start = ui.app.start

    def start_and_close(db_target: str | None) -> MainWindow | None:
        window = start(db_target)
        assert window is not None and window.opening is not None
        window.opening.start()  # opening as the window closes
        QTimer.singleShot(0, window.close)
        return window

    monkeypatch.setattr(ui.app, "start", start_and_close)
    assert ui.app.run(str(demo_file)) == 0
    assert closed == [demo_file]


def test_a_keyboard_user_on_home_keeps_their_place_as_the_database_opens(
    qtbot: QtBot, demo_file: Path
) -> None:
    _follow_ups_due(demo_file)
    window = _window_opening(demo_file, "Home")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    table = window.home.follow_ups
    table.setFocus()
    table.setCurrentIndex(window.home.follow_ups_model.index(1, 2))
    chosen = window.home.follow_ups_model.rows[1].id
    with qtbot.waitSignal(window.home.refreshed, timeout=60_000):
        window.attach(open_database(demo_file, actor="officer.test"))
    try:
        assert table.hasFocus()
        current = table.currentIndex()
        assert (current.row(), current.column()) == (1, 2)
        assert window.home.follow_ups_model.rows[1].id == chosen
    finally:
        window.colleagues.stop()
        window.database.close()
