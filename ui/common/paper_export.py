"""Writing a paper to a file on the thread pool, with a progress bar, while the window stays usable."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressBar, QPushButton

from tracker.reports import writers
from tracker.reports.paper import Paper
from ui.common import worker


class PaperExport(QObject):
    """Runs `writers.write` in a job: the button is disabled and the bar shows the entries written
    until the job answers with `finished(path)` or `failed(message)`."""

    finished = Signal(Path)
    failed = Signal(str)

    def __init__(self, button: QPushButton, progress: QProgressBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._button = button
        self._progress = progress
        self._job: worker.Job | None = None

    def start(self, paper: Paper, path: Path) -> None:
        self._button.setEnabled(False)
        self._progress.setRange(0, max(1, sum(len(s.entries) for s in paper.sections)))
        self._progress.setValue(0)
        self._progress.show()
        # Held until the job answers, so its signals are released on the GUI thread.
        self._job = worker.Job(lambda progress: writers.write(paper, path, progress))
        self._job.signals.progress.connect(self._on_job_progress)
        self._job.signals.finished.connect(self._on_job_finished)
        self._job.signals.failed.connect(self._on_job_failed)
        worker.start(self._job)

    def _on_job_progress(self, done: int, total: int) -> None:
        self._progress.setRange(0, max(1, total))
        self._progress.setValue(done)

    def _on_job_finished(self, path: object) -> None:
        self._done()
        self.finished.emit(Path(str(path)))

    def _on_job_failed(self, message: str) -> None:
        self._done()
        self.failed.emit(message)

    def _done(self) -> None:
        self._job = None
        self._progress.hide()
        self._button.setEnabled(True)
