"""The first screen of an empty database: open the demo, import a calendar or a spreadsheet, or log
the first meeting.

`Welcome` is self-contained: Home shows it in its dashboard's place through `WelcomeHost`, which
asks `Welcome.shown_when_empty(database)`; the window connects its four signals. Nothing
imported here at the top loads SQLAlchemy (the window opens without waiting for it; ui/app.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.about import data_folder
from ui.common import worker

if TYPE_CHECKING:
    from db.engine import Database
    from ui.changes import Changes

DEMO_TITLE = "Demo — Liaison"  # ends with the name, which Qt would otherwise add (ui/main_window.py)
# The steps tracker.demo.build reports, in order; anything it reports beyond them counts as the last.
_DEMO_STEPS = ("organisations", "people", "themes", "meetings", "boards", "appointments", "bills")


def demo_path() -> Path:
    """The demo's own file, beside the user's database in their data folder (never the same file)."""
    return data_folder() / "demo.db"


def is_demo(path: Path | None) -> bool:
    """Whether `path` is the demo's file, so that the title bar can say so."""
    return path is not None and path.expanduser().resolve() == demo_path().resolve()


def build_demo(target: Path, progress: Callable[[int, int], None]) -> Path:
    """The demo's file at `target`, built if it is not there yet; `progress(done, of)` as it goes.

    Built under another name and renamed when whole, so that a build cut short (Liaison closed,
    the disk full) never leaves a half-filled demo that would be opened next time.
    """
    from db.engine import open_database
    from db.files import DatabaseRefused
    from tracker import demo
    from tracker.common.errors import DomainError

    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    building = target.with_name(target.name + ".building")
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    total = len(_DEMO_STEPS) + 1
    done = 0

    def step(_name: str) -> None:
        nonlocal done
        done = min(done + 1, total - 1)
        progress(done, total)

    progress(0, total)
    try:
        database = open_database(str(building), actor="demo")
    except DatabaseRefused as error:
        raise DomainError(f"The demo could not be built: {error}") from error
    try:
        with database.session() as session:
            demo.build(session, progress=step)
    finally:
        database.close()
    os.replace(building, target)
    progress(total, total)
    return target


class Welcome(QWidget):
    """What a new, empty database opens on: four ways to start, each one click."""

    # The demo's file, built (or found) in the data folder: the window reopens on it.
    demo_ready = Signal(str)
    calendar_import_requested = Signal()
    sheet_import_requested = Signal()
    log_meeting_requested = Signal()

    def __init__(
        self, *, read_only: bool = False, demo_file: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self._demo_file = demo_file if demo_file is not None else demo_path()
        heading = QLabel("<h2>Welcome to Liaison</h2>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        intro = QLabel(
            "This database holds no meetings yet. Start with one of these; the Help menu has a short"
            " user guide and the keyboard shortcuts."
        )
        intro.setWordWrap(True)
        self.demo_button = QCommandLinkButton(
            "Open the demo",
            "A separate database holding the Safer Communities Board's real records (2007–2009);"
            " this one stays as it is.",
        )
        self.demo_button.setObjectName("open_demo")
        self.calendar_button = QCommandLinkButton(
            "Import a calendar…", "Meetings from an Outlook or Google calendar file (.ics)."
        )
        self.calendar_button.setObjectName("import_calendar")
        self.sheet_button = QCommandLinkButton(
            "Import a spreadsheet…", "Meetings, bodies or people from a CSV or Excel file."
        )
        self.sheet_button.setObjectName("import_sheet")
        self.log_button = QCommandLinkButton(
            "Log the first meeting…", "Who met whom, when, about what, and what came of it (Ctrl+N)."
        )
        self.log_button.setObjectName("log_first_meeting")
        for button in (self.calendar_button, self.sheet_button, self.log_button):
            button.setEnabled(not read_only)
            if read_only:
                button.setToolTip("Read-only: your login may read records but not add them")
        self.progress = QProgressBar()
        self.progress.setObjectName("demo_progress")
        self.progress.setAccessibleName("Building the demo")
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("demo_status")
        self.status.setWordWrap(True)

        column = QVBoxLayout()
        column.addWidget(heading)
        column.addWidget(intro)
        column.addSpacing(8)
        for button in (self.demo_button, self.calendar_button, self.sheet_button, self.log_button):
            column.addWidget(button)
        column.addWidget(self.progress)
        column.addWidget(self.status)
        column.addStretch(1)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(720)
        centred = QWidget()
        row = QHBoxLayout(centred)
        row.addStretch(0)
        row.addWidget(holder, 1)
        row.addStretch(0)
        # On a small screen (1024x600, the needs-attention panel below) it scrolls rather than clips.
        scroll = QScrollArea()
        scroll.setObjectName("welcome_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(centred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.demo_button.clicked.connect(self._on_demo_button_clicked)
        self.calendar_button.clicked.connect(self.calendar_import_requested)
        self.sheet_button.clicked.connect(self.sheet_import_requested)
        self.log_button.clicked.connect(self.log_meeting_requested)

    @staticmethod
    def shown_when_empty(database: Database) -> bool:
        """The rule every host follows: the welcome shows while the database holds none of our meetings."""
        from tracker import meetings
        from tracker.common.listing import ListQuery

        with database.reading() as session:
            return meetings.count(session, ListQuery()) == 0

    def _on_demo_button_clicked(self) -> None:
        self.demo_button.setEnabled(False)
        building = not self._demo_file.exists()
        self.status.setText("Building the demo…" if building else "Opening the demo…")
        self.progress.setVisible(building)
        job = worker.Job(lambda progress: build_demo(self._demo_file, progress))
        job.signals.progress.connect(self._on_job_progress)
        job.signals.finished.connect(self._on_job_finished)
        job.signals.failed.connect(self._on_job_failed)
        worker.start(job)

    def _on_job_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_job_finished(self, path: Path) -> None:
        self.progress.hide()
        self.status.setText("Opening the demo…")
        self.demo_ready.emit(str(path))

    def _on_job_failed(self, message: str) -> None:
        self.progress.hide()
        self.status.setText(message)
        self.demo_button.setEnabled(True)


class WelcomeHost(QStackedWidget):
    """An area that shows the welcome in its view's place while the database holds no meetings,
    and its view once it holds one (logged, imported, or a colleague's)."""

    def __init__(self, welcome: Welcome, view: QWidget, database: Database, changes: Changes) -> None:
        super().__init__()
        self.welcome = welcome
        self.view = view
        self._database = database
        self.addWidget(welcome)
        self.addWidget(view)
        self.refresh()
        changes.changed.connect(self._on_changes_changed)

    def refresh(self) -> None:
        self.setCurrentWidget(self.welcome if Welcome.shown_when_empty(self._database) else self.view)

    def is_busy(self) -> bool:
        """Whether the view shown is still reading or drawing on the thread pool."""
        is_busy = getattr(self.currentWidget(), "is_busy", None)
        return bool(is_busy()) if is_busy is not None else False

    def _on_changes_changed(self, kind: str) -> None:
        from ui.changes import MEETINGS

        if kind == MEETINGS.name or self.currentWidget() is self.welcome:
            self.refresh()
