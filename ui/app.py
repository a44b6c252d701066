"""Starting the window: the Qt application, the database, and a clear message if it cannot open."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from db.engine import DatabaseRefused, open_database
from ui.common.garbage import collect_on_gui_thread


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


def run(db_target: str | None) -> int:
    app = application()
    try:
        database = open_database(db_target)
    except DatabaseRefused as error:
        QMessageBox.critical(None, "Liaison cannot open the database", str(error))
        print(f"liaison: {error}", file=sys.stderr)
        return 2
    from ui.main_window import MainWindow

    window = MainWindow(database)
    window.show()
    try:
        return app.exec()
    finally:
        database.close()
