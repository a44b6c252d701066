"""Finishing the window once its database is open: the undo stack and colleagues' changes, Home
(or the welcome in its place) and the meetings list, the Needs attention panel, the read-only
banner, and the menus' actions connected. Imported then, not before: it loads SQLAlchemy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QLabel

from db.engine import Database
from ui.changes import Changes, ColleagueWatch
from ui.common.keyboard import put_last
from ui.duties.attention import AttentionPanel
from ui.meetings.list_view import MeetingsView
from ui.menus import follow_undo_stack, wait_for_database
from ui.settings.access_banner import AccessBanner, status_text
from ui.welcome import Welcome, WelcomeHost

if TYPE_CHECKING:
    from tracker.meeting_list import NewestMeetings
    from ui.main_window import MainWindow


def finish(window: MainWindow, database: Database, newest: NewestMeetings | None) -> None:
    """Make the whole window work on `database`; `newest` is what it showed while the file opened."""
    window.database = database
    window.changes = Changes(database, window)
    # Colleagues' changes to a shared database show up in the lists within a few seconds; those
    # made since the first rows were read, too.
    since = None if newest is None else newest.latest_entry
    window.colleagues = ColleagueWatch(window.changes, parent=window, since=since)
    # Whoever is typing into the list's filter as it moves into the finished view keeps typing.
    focused = QApplication.focusWidget()
    window.meetings = MeetingsView(database, window.changes, shown=window.first_table)
    window.views.adopt("meetings_area", window.meetings)
    if focused is not None and window.meetings.isAncestorOf(focused):
        focused.setFocus()
    window.home.attach(database, window.changes)
    window.welcome = Welcome(read_only=database.access.read_only)
    home_shown = window.stack.currentWidget() is window.home
    window.home_area = WelcomeHost(window.welcome, window.home, database, window.changes)
    window.views.adopt("home_area", window.home_area)
    if home_shown:  # moved into its host, Home stays on screen and keeps the keyboard where it was
        window.stack.setCurrentWidget(window.home_area)
        if focused is not None and window.home.isAncestorOf(focused):
            focused.setFocus()
    window.attention = AttentionPanel(database, window.changes)
    window.attention.setMaximumHeight(170)
    waiting = window.attention_dock.widget()
    window.attention_dock.setWidget(window.attention)
    if waiting is not None:
        waiting.deleteLater()
    put_last(window.navigation, window.attention.table)  # Tab in reading order: the area, then the panel
    # A login that may only read sees it said across the top, above everything else.
    window.access_banner = AccessBanner(database.access, database.login)
    window.outer.insertWidget(0, window.access_banner)
    wait_for_database(window, False)
    follow_undo_stack(window, window.changes.undo_stack)
    if database.login is not None:
        window.statusBar().addPermanentWidget(QLabel(status_text(database.access, database.login)))
    if database.access.read_only:
        from ui.main_window import window_title

        window.setWindowTitle(window_title(f"{database.where} (read-only)"))
        for action in (window.log_meeting_action, window.sheet_import_action, window.return_import_action):
            action.setEnabled(False)
    _connect(window)
    window.colleagues.start()


def _connect(window: MainWindow) -> None:
    window.log_meeting_action.triggered.connect(window.log_meeting)
    window.changes.failed.connect(window._on_changes_failed)
    window.calendar_import_action.triggered.connect(window.import_calendar)
    window.sheet_import_action.triggered.connect(window.import_sheet)
    window.return_import_action.triggered.connect(window.import_return)
    window.meetings.open_requested.connect(window.open_meeting)
    window.meetings.new_requested.connect(window.log_meeting)
    window.home.meeting_open_requested.connect(window.open_meeting)
    window.home.organisation_open_requested.connect(window.open_organisation)
    window.home.person_open_requested.connect(window.open_person)
    window.home.policy_item_open_requested.connect(window.open_policy_item)
    window.attention.organisation_open_requested.connect(window.open_organisation)
    window.attention.person_open_requested.connect(window.open_duties)
    window.attention.meeting_open_requested.connect(window.open_meeting)
    window.attention.policy_item_open_requested.connect(window.open_policy_item)
    window.welcome.demo_ready.connect(window.reopen_requested)
    window.welcome.calendar_import_requested.connect(window.import_calendar)
    window.welcome.sheet_import_requested.connect(window.import_sheet)
    window.welcome.log_meeting_requested.connect(window.log_meeting)
