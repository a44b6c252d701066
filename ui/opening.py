"""Opening the database behind a window that is already on screen.

Loading SQLAlchemy and the services, and checking the file, take longer than everything else in
opening the window together. On a local file the window shows the newest meetings first (read with
sqlite3, tracker/meeting_list.py); once they are painted, `Opening` does that work on a thread of
its own and hands the window the open database, or the reason it cannot be opened. The day's
backup is written after, on the same thread, while the window works.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from db.files import DatabaseRefused

if TYPE_CHECKING:
    from db.engine import Database

# What the finished window needs that knows nothing of Qt, loaded on the thread so that the window
# stays free; the few Qt modules that build on them load on the GUI thread, when the window attaches.
LOADED_BEHIND = (
    "db.engine",
    "db.models",
    "db.roles",
    "tracker.lobbying.bills",
    "tracker.boards",
    "tracker.duties",
    "tracker.common.history",
    "tracker.meetings",
    "tracker.directory.organisations",
    "tracker.directory.people",
    "tracker.lobbying.themes",
)
# If the window is never painted (opened minimised, say), the database opens after this all the same.
UNPAINTED_MS = 2000


class Opening(QObject):
    """Opens `target` on a thread, once `start` is called; says how it went by `opened` or `refused`.

    The outcome is also kept (`database`, `refusal`) for whoever waits for the thread with `wait`:
    a window closed before the database opened still has it closed properly.
    """

    opened = Signal(object)  # the Database
    refused = Signal(str)
    # Something to tell the user once the window works (the day's backup could not be written).
    noticed = Signal(str)

    def __init__(self, target: str, actor: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._target = target
        self._actor = actor
        self._thread: threading.Thread | None = None
        self.database: Database | None = None
        self.refusal: str | None = None
        self.failed = False  # the refusal came of a fault in Liaison, not of the file

    def start(self) -> None:
        """Begin opening (calling again does nothing)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._open, name="liaison-opening", daemon=True)
        self._thread.start()

    def start_once_painted(self, widget: QWidget) -> None:
        """Begin once `widget` has painted, so that the first screen does not share the processor;
        or, should it not paint (a window opened minimised), a while after the event loop begins."""
        watcher = _FirstPaint(widget, self.start)
        widget.installEventFilter(watcher)
        QTimer.singleShot(0, self, lambda: QTimer.singleShot(UNPAINTED_MS, self, self.start))

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def _open(self) -> None:
        try:
            for name in LOADED_BEHIND:
                import_module(name)
            from db.engine import open_database

            # Not created: the file was there, Liaison's and up to date, a moment ago.
            database = open_database(self._target, create=False, actor=self._actor)
        except DatabaseRefused as error:
            self.refusal = str(error)
        except Exception as error:  # a bug; said, rather than leaving a window that waits for ever
            traceback.print_exc()
            self.refusal = f"Liaison could not open {self._target}: {error!r}"
            self.failed = True
        else:
            self.database = database
            self.opened.emit(database)
            self._back_up_if_due(database)
            return
        self.refused.emit(self.refusal)

    def _back_up_if_due(self, database: Database) -> None:
        """The day's backup, written while the window already works: a snapshot of the file as it
        was when the copy began (SQLite's backup reads in one transaction), however soon the user
        makes a change."""
        from db import backups

        problem = None if database.path is None else backups.daily_backup_problem(database.path)
        if problem is not None:
            self.noticed.emit(problem)


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # After this paint has been delivered: the rows are on the screen.
            QTimer.singleShot(0, self._then)
        return False
