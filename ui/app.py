"""Starting the window: the Qt application, the database, and a clear message if it cannot open."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from db import backups
from db.engine import Database, DatabaseRefused, needs_password, open_database, shown_url, with_password
from ui.common import prompts
from ui.common.garbage import collect_on_gui_thread
from ui.settings import connection as connection_settings
from ui.settings.dialog import PasswordDialog

PASSWORD_TRIES = 3


def application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Liaison")
    app.setApplicationDisplayName("Liaison")
    app.setStyle("Fusion")
    collect_on_gui_thread(app)
    return app


def open_chosen(db_target: str | None, settings: QSettings) -> Database:
    """The database `--db` names, else the saved connection, else the default file.

    The history names the user by the name saved in the settings, else by their login. A server
    that asks for a password gets one typed by the user (never saved; see ui/settings/connection.py).
    """
    chosen = connection_settings.load(settings)
    target = db_target if db_target is not None else (chosen.target if chosen is not None else None)
    actor = chosen.actor if chosen is not None else None
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


def run(db_target: str | None) -> int:
    app = application()
    try:
        database = open_chosen(db_target, connection_settings.user_settings())
    except DatabaseRefused as error:
        QMessageBox.critical(None, "Liaison cannot open the database", str(error))
        print(f"liaison: {error}", file=sys.stderr)
        return 2
    from ui.main_window import MainWindow

    window = MainWindow(database)
    window.show()
    for notice in database.notices:  # a network drive, a daily backup that failed: said once, at start
        prompts.tell(window, "Liaison", notice)
    try:
        return app.exec()
    finally:
        database.close()
        _back_up_if_due(database)


def _back_up_if_due(database: Database) -> None:
    """The day's backup on closing too, so that a window left open for days still leaves one behind."""
    if database.path is None:
        return
    try:
        backups.backup_if_due(database.path)
    except DatabaseRefused as error:
        print(f"liaison: today's backup was not written: {error}", file=sys.stderr)
