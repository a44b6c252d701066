"""Start-up to the first 50 meetings on screen: Liaison's real window, or a bare QTableView window.

Run by `python main.py bench` as a fresh process each time (the start-up is what is measured, so
nothing may be imported or warmed beforehand):

    python -m benchmarks.first_rows app DATABASE    # Liaison's MainWindow on the meetings list
    python -m benchmarks.first_rows bare            # one QTableView over 50 rows held in Python

When the table's viewport has painted with 50 rows in view, it prints one line of JSON (the rows
in view, the blocks fetched, the modules loaded, resident memory from /proc/self/status) and quits.
The caller times from starting the process to reading that line.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROWS = 50
SIZE = (1280, 1900)  # tall enough for 50 rows of the meetings list below the toolbar and filter
HEAVY = ("matplotlib", "networkx", "docx", "reportlab", "scipy", "igraph", "openpyxl", "numpy")


def memory() -> dict[str, float]:
    """VmRSS and VmHWM (peak) of this process, in MB (Linux; empty elsewhere)."""
    found: dict[str, float] = {}
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    found[key] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return found


def _when_painted(table: Any, report: Any) -> None:
    """Call `report` once the table's viewport has painted with the wanted rows in view."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and table.model().rowCount() > 0:
                bottom = table.rowAt(table.viewport().height() - 1)
                in_view = (bottom if bottom >= 0 else table.model().rowCount() - 1) - table.rowAt(0) + 1
                if in_view >= min(ROWS, table.model().rowCount()):
                    watched.removeEventFilter(self)
                    # After this paint has been delivered: the rows are on the screen.
                    QTimer.singleShot(0, lambda: report(in_view))
            return False

    watcher = Painted(table)
    table.viewport().installEventFilter(watcher)


def _finish(app: Any, facts: dict[str, Any]) -> None:
    facts.update(memory())
    facts["heavy_modules"] = [m for m in HEAVY if m in sys.modules]
    print(json.dumps(facts), flush=True)
    app.quit()


def app(database: str) -> int:
    from db.engine import open_database
    from ui.app import application

    qt = application()
    db = open_database(database, create=False)
    from ui.main_window import MainWindow

    window = MainWindow(db)
    window.resize(*SIZE)
    table = window.meetings.list.table
    model = window.meetings.model

    def report(in_view: int) -> None:
        _finish(
            qt,
            {
                "rows_in_view": in_view,
                "rows": model.rowCount(),
                "fetches": model.fetches[:],
                "held": model.held_rows(),
            },
        )

    _when_painted(table, report)
    window.show()
    try:
        return qt.exec()
    finally:
        db.close()


def bare() -> int:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    qt = QApplication(sys.argv[:1])
    model = QStandardItemModel(ROWS, 6)
    for row in range(ROWS):
        for column in range(6):
            model.setItem(row, column, QStandardItem(f"Row {row} column {column}"))
    window = QMainWindow()
    table = QTableView()
    table.setModel(model)
    window.setCentralWidget(table)
    window.resize(*SIZE)
    _when_painted(table, lambda in_view: _finish(qt, {"rows_in_view": in_view, "rows": ROWS}))
    window.show()
    return qt.exec()


if __name__ == "__main__":
    if sys.argv[1:2] == ["app"] and len(sys.argv) == 3:
        sys.exit(app(sys.argv[2]))
    if sys.argv[1:] == ["bare"]:
        sys.exit(bare())
    print(__doc__, file=sys.stderr)
    sys.exit(2)
