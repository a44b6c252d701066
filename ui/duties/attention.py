"""The "Needs attention" panel: vacant seats, quiet bodies, overdue report-backs, terms ending."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from db.engine import Database
from tracker import duties
from ui.changes import Changes
from ui.common import worker
from ui.common.keyboard import free_tab
from ui.duties.models import attention_model

WATCHED = ("appointments", "meetings", "people", "organisations", "report-backs")


class AttentionPanel(QWidget):
    """Lists what needs a look across the association today; Enter or double-click opens it.

    The list is worked out on the thread pool (it reads every appointment and the bodies' meetings),
    first once the panel is on screen, then after each change to the records it depends on."""

    organisation_open_requested = Signal(int)
    person_open_requested = Signal(int)
    meeting_open_requested = Signal(int)  # an overdue follow-up opens the meeting it came from
    policy_item_open_requested = Signal(int)
    refreshed = Signal()

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._generation = 0
        self._answered = 0
        self._out_of_date = True  # nothing worked out yet
        # Held until each job answers, so that its signals are released on the GUI thread.
        self._jobs: dict[int, worker.Job] = {}
        self.model = attention_model()
        self.title = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().hide()
        self.table.setShowGrid(False)
        free_tab(self.table)
        self.table.setAccessibleName("Needs attention")
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.setColumnWidth(0, 170)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        self.table.activated.connect(self._on_table_activated)
        changes.changed.connect(self._on_changes_changed)
        self.title.setText("<b>Needs attention</b>: looking…")

    def refresh(self, as_of: date | None = None) -> None:
        """Work the list out again on the thread pool; `refreshed` is emitted once it is shown."""
        self._out_of_date = False
        self._generation += 1
        generation = self._generation
        database = self._database
        day = as_of or date.today()

        def work(_progress: worker.Progress) -> tuple[int, list[duties.AttentionItem]]:
            with database.reading() as session:
                return generation, duties.needs_attention(session, day)

        job = worker.Job(work)
        job.signals.finished.connect(self._on_job_finished)
        job.signals.failed.connect(self._on_job_failed)  # a slot of the panel: run on the GUI thread
        self._jobs[generation] = job
        worker.start(job)

    def is_busy(self) -> bool:
        return self._answered != self._generation

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._out_of_date:
            # Once the window has painted: the list is not what the user opened Liaison to see.
            QTimer.singleShot(0, self._refresh_if_out_of_date)

    def _refresh_if_out_of_date(self) -> None:
        if self._out_of_date:
            self.refresh()

    def _on_job_failed(self, message: str) -> None:
        self._answered = self._generation
        self.title.setText(f"<b>Needs attention</b>: {message}")

    def _on_job_finished(self, result: tuple[int, list[duties.AttentionItem]]) -> None:
        generation, items = result
        for done in [g for g in self._jobs if g <= generation]:
            del self._jobs[done]
        if generation != self._generation:
            return  # a newer request is on its way
        self._answered = generation
        self.model.set_rows(items)
        self.title.setText(
            f"<b>Needs attention ({len(items)})</b> — double-click an item to open it"
            if items
            else "<b>Needs attention</b>: nothing at present"
        )
        self.refreshed.emit()

    def _on_changes_changed(self, kind: str) -> None:
        if kind not in WATCHED:
            return
        if self.isVisible():
            self.refresh()
        else:
            self._out_of_date = True  # worked out when the panel is next shown

    def _on_table_activated(self, index: QModelIndex) -> None:
        item = self.model.row(index.row())
        if item is None:
            return
        if item.record == "organisation":
            self.organisation_open_requested.emit(item.record_id)
        elif item.record == "person":
            self.person_open_requested.emit(item.record_id)
        elif item.record == "meeting":
            self.meeting_open_requested.emit(item.record_id)
        elif item.record == "policy item":
            self.policy_item_open_requested.emit(item.record_id)
