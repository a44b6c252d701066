"""Start-up to the first 50 meetings on screen: Liaison's real window, or a bare QTableView window.

Run by `python main.py bench` as a fresh process each time (the start-up is what is measured, so
nothing may be imported or warmed beforehand):

    python -m benchmarks.first_rows app DATABASE    # Liaison's own start, on the meetings list
    python -m benchmarks.first_rows bare            # one QTableView over 50 rows held in Python

When the table's viewport has painted with 50 rows in view, it prints one line of JSON (the rows
in view, the blocks fetched, the modules loaded, resident memory from /proc/self/status). The bare
window then quits; Liaison prints a second line once the database is open behind the rows and the
whole window works (with the memory then), and quits. The caller times from starting the process
to reading each line.
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


def _say(facts: dict[str, Any]) -> None:
    facts.update(memory())
    facts["heavy_modules"] = [m for m in HEAVY if m in sys.modules]
    facts["sqlalchemy_loaded"] = "sqlalchemy" in sys.modules
    print(json.dumps(facts), flush=True)


def _finish(app: Any, facts: dict[str, Any]) -> None:
    _say(facts)
    app.quit()


def app(database: str) -> int:
    """Liaison's own start (ui.app.start): one line when the first rows are painted, a second when
    the database is open behind them and the whole window works."""
    from PySide6.QtCore import QTimer

    from ui.app import application, finish_work, start

    qt = application()
    window = start(database)
    if window is None:
        return 2
    window.resize(*SIZE)
    table = window.meetings_list.table
    model = window.meetings_list.model
    painted = False

    def on_painted(in_view: int) -> None:
        nonlocal painted
        painted = True
        _say({"rows_in_view": in_view, "rows": model.rowCount(), "fetches": model.fetches[:]})
        if window.is_attached():
            on_ready()

    def on_ready() -> None:
        if painted:  # else said once the rows are painted
            _finish(qt, {"ready": True, "held": model.held_rows(), "fetches": model.fetches[:]})

    _when_painted(table, on_painted)
    window.attached.connect(lambda: QTimer.singleShot(0, on_ready))
    try:
        return qt.exec()
    finally:
        finish_work(window)
        if window.is_attached():
            window.database.close()


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
