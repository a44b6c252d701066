"""Long work off the GUI thread: a job on the thread pool that reports back only by signal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from tracker.common.errors import DomainError

Progress = Callable[[int, int], None]


class JobSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    """Runs `work(progress)` on a pool thread; never touches a widget. A DomainError's message
    (a file that cannot be written, say) reaches `failed`; anything else is a bug and is re-raised."""

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.signals = JobSignals()
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(self.signals.progress.emit)
        except DomainError as error:
            self.signals.failed.emit(error.message)
        except OSError as error:
            self.signals.failed.emit(f"{error.filename or 'the file'}: {error.strerror}")
        else:
            self.signals.finished.emit(result)


def start(job: Job) -> None:
    QThreadPool.globalInstance().start(job)
