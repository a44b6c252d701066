"""Home's first paint beside the meetings list's, in one fresh process on the benchmark database:

    python -m benchmarks.home_map home DATABASE

opens the window on the meetings list, times it from the window's making to its first rows painted,
then Home from being chosen to its lists painted (its first paint) and on to its four charts painted
(counted in SQL and drawn with Agg on the thread pool), and prints one line of JSON with the times
and the resident memory with Home open.

The stakeholder map of every body is measured in benchmarks/measures.py (no window needed):
`stakeholder_positions` gives each body of a copy of the database an assessment and a stance (half
of them an earlier, different one, so arrows are drawn).
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STANCES = ("opposed", "sceptical", "neutral", "supportive", "champion", "unknown")


def stakeholder_positions(database: Path, seed: int = 2007) -> int:
    """Give every body an overall assessment and a stance (half also an earlier one); returns how
    many bodies. Written straight to the file: this is benchmark data, not a user's records."""
    chance = random.Random(seed)
    with sqlite3.connect(database) as connection:
        bodies = [row[0] for row in connection.execute("SELECT id FROM organisations ORDER BY id")]
        now = "2026-01-01 00:00:00"
        connection.executemany(
            "INSERT INTO stakeholder_assessments (organisation_id, influence, interest, planned_action,"
            " notes, version, created_at, updated_at) VALUES (?, ?, ?, '', '', 1, ?, ?)",
            [(b, chance.randint(1, 5), chance.randint(1, 5), now, now) for b in bodies],
        )
        stances = []
        for b in bodies:
            if chance.random() < 0.5:
                stances.append((b, chance.choice(STANCES), "2007-01-01"))
            stances.append((b, chance.choice(STANCES), "2009-06-13"))
        connection.executemany(
            "INSERT INTO stakeholder_stances (organisation_id, stance, stated_on, source_kind, source_text,"
            " notes, version, created_at, updated_at) VALUES (?, ?, ?, 'paper', 'benchmark', '', 1, ?, ?)",
            [(b, s, on, now, now) for b, s, on in stances],
        )
    return len(bodies)


def home(database: str) -> int:
    from PySide6.QtCore import QEventLoop, QTimer

    from benchmarks.first_rows import SIZE, _when_painted, memory
    from db.engine import open_database
    from ui.app import application
    from ui.main_window import AREAS, MainWindow

    qt = application()
    db = open_database(database, create=False)
    facts: dict[str, Any] = {}
    loop = QEventLoop()
    started = time.perf_counter()
    window = MainWindow(db, first_area="Meetings")
    window.resize(*SIZE)  # tall enough for the 50 rows the list is timed to

    def on_list_painted(in_view: int) -> None:
        facts["list_seconds"] = time.perf_counter() - started
        facts["rows_in_view"] = in_view
        loop.quit()

    _when_painted(window.meetings_list.table, on_list_painted)
    window.show()
    QTimer.singleShot(120_000, loop.quit)
    loop.exec()

    chosen = time.perf_counter()
    view = window.home

    def on_home_listed() -> None:
        view.repaint()  # painted with its lists, the charts' places waiting
        facts["home_seconds"] = time.perf_counter() - chosen

    def on_home_refreshed() -> None:
        view.repaint()
        facts["charts_seconds"] = time.perf_counter() - chosen
        loop.quit()

    view.listed.connect(on_home_listed)
    view.refreshed.connect(on_home_refreshed)
    window.show_area(AREAS.index("Home"))
    loop.exec()
    facts["follow_ups"] = view.follow_ups_model.rowCount()
    facts["charts_drawn"] = sum(1 for p in view.pictures.values() if p.rendered is not None)
    facts.update(memory())
    print(json.dumps(facts), flush=True)
    window.close()
    db.close()
    qt.processEvents()
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "home":
        raise SystemExit("usage: python -m benchmarks.home_map home DATABASE")
    raise SystemExit(home(sys.argv[2]))
