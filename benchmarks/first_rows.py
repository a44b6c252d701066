"""Start-up to the first screen: Liaison's real window on Home or on the meetings list, or a bare
QTableView window.

Run by `python main.py bench` as a fresh process each time (the start-up is what is measured, so
nothing may be imported or warmed beforehand):

    python -m benchmarks.first_rows app DATABASE        # Liaison's own start, on Home
    python -m benchmarks.first_rows meetings DATABASE   # Liaison's start on the meetings list
    python -m benchmarks.first_rows bare                # one QTableView over 50 rows held in Python

When the first screen has painted (the meetings table with 50 rows in view; Home with its
follow-ups and deadlines), it prints one line of JSON (what is in view, the blocks fetched, the
modules loaded, resident memory from /proc/self/status). The bare window then quits; Liaison prints
a second line once the database is open behind the first screen and the whole window works (with
the memory then), and quits. The caller times from starting the process to reading each line.
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


def _when_first_painted(widget: Any, report: Any) -> None:
    """Call `report` once `widget` has painted (what it shows was set before it was shown)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, report)
            return False

    watcher = Painted(widget)
    widget.installEventFilter(watcher)


def app(database: str, first_area: str = "Home") -> int:
    """Liaison's own start (ui.app.start) on `first_area`: one line when the first screen is
    painted, a second when the database is open behind it and the whole window works."""
    from PySide6.QtCore import QTimer

    from ui.app import application, finish_work, start

    qt = application()
    window = start(database, first_area)
    if window is None:
        return 2
    window.resize(*SIZE)
    painted = False

    def said() -> dict[str, Any]:
        if first_area == "Home":
            home = window.home
            return {"follow_ups": home.follow_ups_model.rowCount(), "deadlines": home.deadlines.count()}
        model = window.meetings_list.model
        return {"rows": model.rowCount(), "fetches": model.fetches[:]}

    def on_painted(in_view: int | None = None) -> None:
        nonlocal painted
        painted = True
        _say(said() | ({"rows_in_view": in_view} if in_view is not None else {}))
        if window.is_attached():
            on_ready()

    def on_ready() -> None:
        if painted:  # else said once the first screen is painted
            facts = said()
            if first_area != "Home":
                facts["held"] = window.meetings_list.model.held_rows()
            _finish(qt, {"ready": True} | facts)

    if first_area == "Home":
        _when_first_painted(window.home.follow_ups.viewport(), on_painted)
    else:
        _when_painted(window.meetings_list.table, on_painted)
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
    if sys.argv[1:2] == ["meetings"] and len(sys.argv) == 3:
        sys.exit(app(sys.argv[2], "Meetings"))
    if sys.argv[1:] == ["bare"]:
        sys.exit(bare())
    print(__doc__, file=sys.stderr)
    sys.exit(2)
