"""Exporting records: meetings, organisations or people to CSV or Excel, and the directory as Popolo
JSON; the user picks the file, and the file is written on the thread pool."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from db.engine import Database
from tracker.io.exports import What, counts, popolo, sheet, write_popolo, write_sheet
from ui.common import prompts
from ui.common.worker import Job, Progress, start

_SHEET_FILTERS = "Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"


class Exports(QObject):
    """Asks where to write, writes off the GUI thread, and says what was written (`written`)."""

    written = Signal(str)

    def __init__(self, database: Database, parent: QWidget) -> None:
        super().__init__(parent)
        self._database = database
        self._parent = parent
        self._jobs: set[Job] = set()

    def export_sheet(self, what: What) -> None:
        """Ask for a .xlsx or .csv file and write the records there (.xlsx when no suffix is given)."""
        path = prompts.ask_save_path(
            self._parent, f"Export {what.value}", Path.home() / f"liaison-{what.value}.xlsx", _SHEET_FILTERS
        )
        if path is None:
            return
        if path.suffix.lower() not in (".csv", ".xlsx"):
            path = path.with_name(path.name + ".xlsx")
        database = self._database

        def work(_progress: Progress) -> str:
            with database.session() as session:
                table = sheet(session, what)
            written = write_sheet(table, path)
            return f"Wrote {written}: {len(table.rows)} {what.value}."

        self._start(work)

    def export_popolo(self) -> None:
        path = prompts.ask_save_path(
            self._parent, "Export Popolo JSON", Path.home() / "liaison-popolo.json", "Popolo JSON (*.json)"
        )
        if path is None:
            return
        if path.suffix.lower() != ".json":
            path = path.with_name(path.name + ".json")
        database = self._database

        def work(_progress: Progress) -> str:
            with database.session() as session:
                document = popolo(session)
            written = write_popolo(document, path)
            return f"Wrote {written}: {counts(document)}."

        self._start(work)

    def _start(self, work: Callable[[Progress], str]) -> None:
        job = Job(work)
        self._jobs.add(job)
        job.signals.finished.connect(lambda message: self._on_job_done(job, message))
        job.signals.failed.connect(lambda message: self._on_job_failed(job, message))
        start(job)

    def _on_job_done(self, job: Job, message: str) -> None:
        self._jobs.discard(job)
        self.written.emit(message)

    def _on_job_failed(self, job: Job, message: str) -> None:
        self._jobs.discard(job)
        prompts.tell(self._parent, "Export", message)
