"""Scrolling the meetings list from top to bottom, in a fresh process, counting what it builds.

    python -m benchmarks.scroll DATABASE

The meetings list's own model (a LazyTableModel over ui.meetings.list_view.meetings_rows) is read
the way a table view reads it while scrolled page by page: every cell's text of every row, top to
bottom. Prints one line of JSON: the rows read, the seconds taken, the ORM objects built
(SQLAlchemy's load event on every mapped class), the largest window fetched, the most rows held at
once, and resident memory (VmRSS) before and after, with the peak (VmHWM).
"""

from __future__ import annotations

import json
import sys
import time

from benchmarks.first_rows import memory

PAGE = 40  # rows on one screen


def scroll(database: str) -> dict[str, object]:
    from PySide6.QtCore import QCoreApplication, Qt
    from sqlalchemy import event, select
    from sqlalchemy.orm import Mapper

    from db.engine import open_database
    from db.models import Meeting
    from tracker import meetings
    from tracker.meeting_list import FIRST_VIEW
    from ui.common.lazy_table import LazyTableModel
    from ui.meetings.list_view import meetings_rows
    from ui.meetings.table import COLUMNS

    QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    built = 0

    def loaded(_target: object, _context: object) -> None:
        nonlocal built
        built += 1

    event.listen(Mapper, "load", loaded)
    limits: list[int] = []
    original = meetings.rows

    def counted_rows(session, query, offset, limit):  # type: ignore[no-untyped-def]
        limits.append(limit)
        return original(session, query, offset, limit)

    meetings.rows = counted_rows  # type: ignore[assignment]  # ServiceRows looks it up when built
    db = open_database(database, create=False)
    try:
        with db.session() as session:  # the counter counts: one meeting read as an ORM object
            session.scalars(select(Meeting).limit(1)).all()
        if built != 1:
            raise RuntimeError(f"the ORM load counter saw {built} objects for 1")
        built = 0
        model = LazyTableModel(meetings_rows(db), COLUMNS, FIRST_VIEW)
        model.row_at(0)
        before = memory()
        held = 0
        started = time.perf_counter()
        rows = model.rowCount()
        columns = model.columnCount()
        display = Qt.ItemDataRole.DisplayRole
        for top in range(0, rows, PAGE):
            for row in range(top, min(top + PAGE, rows)):
                for column in range(columns):
                    model.data(model.index(row, column), display)
            held = max(held, model.held_rows())
        seconds = time.perf_counter() - started
        after = memory()
    finally:
        db.close()
        meetings.rows = original  # type: ignore[assignment]
        event.remove(Mapper, "load", loaded)
    return {
        "rows": rows,
        "seconds": seconds,
        "orm_objects": built,
        "fetches": len(limits),
        "largest_fetch": max(limits, default=0),
        "most_held": held,
        "rss_before_mb": before.get("VmRSS"),
        "rss_after_mb": after.get("VmRSS"),
        "peak_mb": after.get("VmHWM"),
    }


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    print(json.dumps(scroll(sys.argv[1])), flush=True)
