"""Starting the window: the Qt application, the database, and a clear message if it cannot open.

On a local Liaison file at the current schema that holds meetings, the window shows at once on
Home, what is due read straight from the file (and the newest meetings, when chosen), and the
database (with SQLAlchemy, which takes longest to load) opens behind it (ui/opening.py); should it
be refused then (a damaged file), that is said and the window closes. A server, or a file to
create, upgrade or refuse outright, or one with no meetings yet (which opens on the welcome), is
opened before the window shows: a password is asked and a refusal said before anything else.
Nothing imported here at the top may load SQLAlchemy.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QApplication, QMessageBox

from db.files import DatabaseRefused, default_database_path
from tracker.meeting_list import NewestMeetings
from tracker.stakeholders.due import DueFirst
from ui.common import prompts
from ui.common.garbage import collect_on_gui_thread
from ui.icon import liaison_icon
from ui.opening import Opening
from ui.settings import connection as connection_settings
from ui.welcome import DEMO_TITLE, is_demo

if TYPE_CHECKING:
    from db.engine import Database
    from ui.main_window import MainWindow

PASSWORD_TRIES = 3
EXIT_FAILED = 1  # a fault in Liaison itself
EXIT_REFUSED = 2  # the database cannot be used, as for every bad input


def application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Liaison")
    app.setApplicationDisplayName("Liaison")
    app.setStyle("Fusion")
    app.setWindowIcon(liaison_icon())
    collect_on_gui_thread(app)
    return app


def open_chosen(db_target: str | None, settings: QSettings) -> Database:
    """The database `--db` names, else the saved connection, else the default file.

    The history names the user by the name saved in the settings, else by their login. A server
    that asks for a password gets one typed by the user (never saved; see ui/settings/connection.py).
    """
    from db.engine import needs_password, open_database, shown_url, with_password
    from ui.settings.dialog import PasswordDialog

    target, actor = _chosen(db_target, settings)
    attempt = target
    for _ in range(PASSWORD_TRIES):
        try:
            return open_database(attempt, daily_backup=True, actor=actor)
        except DatabaseRefused as error:
            if target is None or "://" not in target or not needs_password(error):
                raise
            password = PasswordDialog.ask(None, shown_url(target))
            if password is None:
                raise
            attempt = with_password(target, password)
    return open_database(attempt, daily_backup=True, actor=actor)


def _chosen(db_target: str | None, settings: QSettings) -> tuple[str | None, str | None]:
    """Where the database is (None: the default file) and the name the history gives the user."""
    chosen = connection_settings.load(settings)
    target = db_target if db_target is not None else (chosen.target if chosen is not None else None)
    return target, (chosen.actor if chosen is not None else None)


def _local_file(target: str | None) -> Path | None:
    if target is None:
        return default_database_path()
    return None if "://" in target else Path(target).expanduser().resolve()


def start(db_target: str | None, first_area: str = "Home") -> MainWindow | None:
    """The window, shown on `first_area`; None, once the user has been told why, if the database
    cannot be opened.

    Opened behind the window, the database reaches it by `MainWindow.attach`; a refusal found then
    is said and closes the window, and `run` leaves with EXIT_REFUSED. A database or a refusal
    that arrives once the window has been closed is left to `run`.
    """
    from ui.main_window import MainWindow

    settings = connection_settings.user_settings()
    target, actor = _chosen(db_target, settings)
    path = _local_file(target)
    newest = None if path is None else NewestMeetings.read(path)
    due = None if path is None or newest is None else DueFirst.read(path, date.today())
    # An empty file opens first (quickly: it is small), so that it opens on the welcome.
    if path is not None and newest is not None and due is not None and due.holds_meetings:
        window = MainWindow(newest=newest, due=due, first_area=first_area)
        window.opening = Opening(str(path), actor, window)
        window.opening.opened.connect(lambda database: _attach(window, database))
        window.opening.refused.connect(lambda message: _refused(window, message))
        window.opening.noticed.connect(lambda message: _tell(window, message))
        # The database opens once the first screen has painted (any other area: the window has).
        if first_area == "Home":
            window.opening.start_once_painted(window.home.follow_ups.viewport())
        elif first_area == "Meetings":
            window.opening.start_once_painted(window.meetings_list.table.viewport())
        else:
            window.opening.start_once_painted(window)
        _title_the_demo(window, path)
        window.show()
        return window
    try:
        database = open_chosen(db_target, settings)
    except DatabaseRefused as error:
        _say_refused(None, str(error))
        print(f"liaison: {error}", file=sys.stderr)
        return None
    window = MainWindow(database, first_area=first_area)
    _title_the_demo(window, database.path)
    window.show()
    _tell_notices(window, database)
    return window


def _title_the_demo(window: MainWindow, path: Path | None) -> None:
    """The demo's window says so in its title bar, so that nobody logs real meetings into it."""
    if is_demo(path):
        window.setWindowTitle(DEMO_TITLE)
        window.attached.connect(lambda: window.setWindowTitle(DEMO_TITLE))


def reopen(old: MainWindow, target: str) -> MainWindow | None:
    """A window on `target` (the demo, from the welcome) in place of `old`, whose database is closed;
    None, with `old` left open, if `target` cannot be opened (the user has been told why)."""
    window = start(target)
    if window is None:
        return None
    old.close()
    finish_work(old)
    database = old.opening.database if old.opening is not None else old.database
    if database is not None:
        database.close()
    old.deleteLater()
    return window


class _Current:
    """The window open now: reopening on another database (the demo) replaces it."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        window.reopen_requested.connect(self._on_window_reopen_requested)

    def _on_window_reopen_requested(self, target: str) -> None:
        window = reopen(self.window, target)
        if window is not None:
            self.window = window
            window.reopen_requested.connect(self._on_window_reopen_requested)


def _attach(window: MainWindow, database: Database) -> None:
    if window.isVisible():  # else closed while the database opened; `run` closes it
        window.attach(database)
        _tell_notices(window, database)


def _tell_notices(window: MainWindow, database: Database) -> None:
    for notice in database.notices:  # a network drive, a daily backup that failed: said once, at start
        _tell(window, notice)


def _tell(window: MainWindow, notice: str) -> None:
    if window.isVisible():
        prompts.tell(window, "Liaison", notice)


def _refused(window: MainWindow, message: str) -> None:
    # Closing the only window ends the application; `run` then leaves with EXIT_REFUSED.
    if window.isVisible():
        _say_refused(window, message)
        window.close()


def _say_refused(window: MainWindow | None, message: str) -> None:
    QMessageBox.critical(window, "Liaison cannot open the database", message)


def run(db_target: str | None) -> int:
    app = application()
    window = start(db_target)
    if window is None:
        return EXIT_REFUSED
    current = _Current(window)
    try:
        code = app.exec()
    finally:
        window = current.window
        finish_work(window)
        database = window.opening.database if window.opening is not None else window.database
        if database is not None:
            database.close()
            _back_up_if_due(database)
    opening = window.opening
    if opening is None or opening.refusal is None:
        return code
    print(f"liaison: {opening.refusal}", file=sys.stderr)
    return EXIT_FAILED if opening.failed else EXIT_REFUSED


def finish_work(window: MainWindow) -> None:
    """Before leaving: let the thread pool's jobs end (none may report to a window that is gone),
    and wait for a database still opening, so that it is closed all the same."""
    QThreadPool.globalInstance().waitForDone()
    if window.opening is not None:
        window.opening.wait()


def _back_up_if_due(database: Database) -> None:
    """The day's backup on closing too, so that a window left open for days still leaves one behind."""
    from db import backups

    problem = None if database.path is None else backups.daily_backup_problem(database.path)
    if problem is not None:
        print(f"liaison: {problem}", file=sys.stderr)
