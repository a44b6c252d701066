"""First run (issue 20, item 2): an empty database opens on a welcome offering the demo, the imports
and the first meeting, on Home, the first screen (issue 19); the demo is built in the data folder
and the window reopens on it, titled so."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

import ui.app
import ui.welcome
from db.engine import Database, open_database
from tracker import meetings
from tracker.common.listing import ListQuery
from tracker.meetings import MeetingDraft
from ui.changes import MEETINGS
from ui.imports.calendar_dialog import CalendarImportDialog
from ui.imports.sheet_dialog import SheetImportDialog
from ui.main_window import MainWindow
from ui.meetings.editor import MeetingEditor
from ui.settings import connection as connection_settings
from ui.welcome import DEMO_TITLE, Welcome, build_demo


@pytest.fixture(autouse=True)
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's data folder, and no saved connection, in the test's own folder."""
    folder = tmp_path / "data"
    monkeypatch.setattr(ui.welcome, "data_folder", lambda: folder)
    settings = QSettings(str(tmp_path / "liaison.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(connection_settings, "user_settings", lambda: settings)
    return folder


@pytest.fixture
def window(qtbot: QtBot, database: Database) -> MainWindow:
    main = MainWindow(database)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def count(database: Database) -> int:
    with database.session() as s:
        return meetings.count(s, ListQuery())


def test_an_empty_database_opens_on_the_welcome_in_homes_place(window: MainWindow) -> None:
    assert window.navigation.currentItem().text() == "Home"
    assert window.stack.currentWidget() is window.home_area
    assert window.home_area.currentWidget() is window.welcome
    assert window.welcome.isVisible() and not window.home.isVisible()
    welcome = window.welcome
    buttons = (welcome.demo_button, welcome.calendar_button, welcome.sheet_button, welcome.log_button)
    assert [b.text() for b in buttons] == [
        "Open the demo",
        "Import a calendar…",
        "Import a spreadsheet…",
        "Log the first meeting…",
    ]
    assert all(b.isEnabled() for b in (window.welcome.calendar_button, window.welcome.log_button))


def test_a_database_holding_meetings_opens_on_home(qtbot: QtBot, database: Database) -> None:
    with database.session() as s:
        meetings.log(s, MeetingDraft("NCRB", date(2009, 3, 19)))
    assert not Welcome.shown_when_empty(database)
    main = MainWindow(database)
    qtbot.addWidget(main)
    main.show()
    assert main.home_area.currentWidget() is main.home and main.home.isVisible()
    main.show_area("Meetings")
    assert main.stack.currentWidget() is main.meetings and main.meetings.isVisible()


def test_the_welcome_opens_the_imports_and_the_meeting_form(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    for name, dialog in (("calendar", CalendarImportDialog), ("sheet", SheetImportDialog)):
        monkeypatch.setattr(dialog, "ask", lambda *_args, name=name: opened.append(name))
    monkeypatch.setattr(MeetingEditor, "ask", lambda *_args: opened.append("meeting"))
    window.welcome.calendar_button.click()
    window.welcome.sheet_button.click()
    window.welcome.log_button.click()
    assert opened == ["calendar", "sheet", "meeting"]


def test_the_first_meeting_logged_puts_home_in_the_welcomes_place(
    window: MainWindow, database: Database
) -> None:
    with database.session() as s:
        saved = meetings.log(s, MeetingDraft("NCRB", date(2009, 3, 19)))
    window.changes.created(MEETINGS, saved, "Log meeting “NCRB”")
    assert window.home_area.currentWidget() is window.home and window.home.isVisible()
    window.changes.undo_stack.undo()  # the only meeting gone again: the welcome is back
    assert window.home_area.currentWidget() is window.welcome


def test_the_demo_is_built_in_the_data_folder_with_progress(
    qtbot: QtBot, data_folder: Path, database: Database
) -> None:
    welcome = Welcome()
    qtbot.addWidget(welcome)
    welcome.show()
    seen: list[tuple[int, int]] = []
    with qtbot.waitSignal(welcome.demo_ready, timeout=120_000) as ready:
        welcome.demo_button.click()
        assert not welcome.demo_button.isEnabled() and welcome.progress.isVisible()
        welcome.progress.valueChanged.connect(lambda v: seen.append((v, welcome.progress.maximum())))
    path = Path(ready.args[0])
    assert path == data_folder / "demo.db" and path.exists()
    assert not path.with_name("demo.db.building").exists()
    assert seen[-1][0] == seen[-1][1] and len(seen) >= 3
    demo = open_database(path, create=False)
    try:
        assert count(demo) > 20
    finally:
        demo.close()
    assert count(database) == 0, "the user's own database is left as it was"


def test_a_demo_already_built_is_opened_as_it_is(data_folder: Path) -> None:
    data_folder.mkdir()
    (data_folder / "demo.db").write_bytes(b"kept")
    steps: list[Any] = []
    assert build_demo(data_folder / "demo.db", lambda *a: steps.append(a)) == data_folder / "demo.db"
    assert (data_folder / "demo.db").read_bytes() == b"kept" and steps == []


def test_a_demo_that_cannot_be_built_says_why_and_the_button_works_again(
    qtbot: QtBot, tmp_path: Path
) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    welcome = Welcome(demo_file=blocked / "demo.db")
    qtbot.addWidget(welcome)
    welcome.demo_button.click()
    qtbot.waitUntil(welcome.demo_button.isEnabled, timeout=20_000)
    assert welcome.status.text() and not welcome.progress.isVisible()


def test_the_window_reopens_on_the_demo_and_says_so_in_its_title(
    qtbot: QtBot, data_folder: Path, database: Database, tmp_path: Path, demo_database: Database
) -> None:
    data_folder.mkdir()
    demo_file = data_folder / "demo.db"
    assert demo_database.path is not None
    shutil.copyfile(demo_database.path, demo_file)
    mine = tmp_path / "mine.db"
    shutil.copyfile(database.path, mine)  # type: ignore[arg-type]
    old = ui.app.start(str(mine))
    assert old is not None
    qtbot.waitUntil(old.is_attached, timeout=20_000)
    assert old.windowTitle() != DEMO_TITLE

    current = ui.app._Current(old)
    old.welcome.demo_ready.emit(str(demo_file))  # as the welcome does once the demo is built
    new = current.window
    assert new is not old and not old.isVisible() and new.isVisible()
    qtbot.addWidget(new)
    qtbot.waitUntil(new.is_attached, timeout=20_000)
    assert new.windowTitle() == DEMO_TITLE
    assert new.database.path == demo_file.resolve()
    assert new.stack.currentWidget() is new.home_area and new.home_area.currentWidget() is new.home
    ui.app.finish_work(new)
    new.colleagues.stop()
    new.close()
    new.database.close()
