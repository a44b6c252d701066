"""Relationship health on a body's or person's page: last contact, meetings per quarter (a small
chart), stance over time, open asks and follow-ups, appointees; and a stance recorded from here."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QWidget

from db.engine import Database
from tracker.charts.drawing import draw_meetings_per_quarter
from tracker.stakeholders import health
from ui.changes import Changes
from ui.common import worker
from ui.home.chart_picture import ChartPicture, Rendered, render
from ui.stakeholders.stance_form import StanceForm

CHART_SIZE = (420, 220)
WATCHED = ("positions", "meetings", "asks", "bills", "appointments")


class RelationshipHealth(QWidget):
    meeting_open_requested = Signal(int)
    refreshed = Signal()

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._changes = changes
        self._record: tuple[str, int] | None = None
        self._name = ""
        self._generation = 0
        self._answered = 0
        self._jobs: dict[int, worker.Job] = {}
        self.last_contact = QLabel()
        self.last_contact.setObjectName("health_last_contact")
        self.chart = ChartPicture()
        self.chart.setMinimumSize(*CHART_SIZE)
        self.chart.setAccessibleName("Meetings per quarter")
        self.stances = QListWidget()
        self.stances.setObjectName("health_stances")
        self.open_items = QListWidget()
        self.open_items.setObjectName("health_open_items")
        self.appointees = QListWidget()
        self.record_stance = QPushButton("Record a stance…")
        layout = QGridLayout(self)
        layout.addWidget(QLabel("<b>Relationship health</b>"), 0, 0)
        layout.addWidget(self.last_contact, 1, 0)
        layout.addWidget(self.chart, 2, 0, 3, 1)
        layout.addWidget(QLabel("Stance over time"), 0, 1)
        layout.addWidget(self.stances, 1, 1, 2, 1)
        layout.addWidget(self.record_stance, 3, 1)
        layout.addWidget(QLabel("Open asks and follow-ups"), 0, 2)
        layout.addWidget(self.open_items, 1, 2, 2, 1)
        layout.addWidget(QLabel("Who represents the association"), 3, 2)
        layout.addWidget(self.appointees, 4, 2)
        for box in (self.stances, self.open_items, self.appointees):
            box.setMaximumHeight(120)
        self.record_stance.clicked.connect(self._on_record_stance_clicked)
        self.open_items.itemActivated.connect(self._on_open_items_item_activated)
        changes.changed.connect(self._on_changes_changed)

    def show_record(self, record: str, record_id: int) -> None:
        """Read and draw the health of one body ("organisation") or person ("person")."""
        self._record = (record, record_id)
        self._generation += 1
        generation = self._generation
        database = self._database
        ratio = self.devicePixelRatioF() or 1.0
        who = {"organisation_id": record_id} if record == "organisation" else {"person_id": record_id}

        def work(_progress: worker.Progress) -> tuple[int, health.Health, Rendered]:
            with database.reading() as session:
                found = health.relationship_health(session, as_of=date.today(), **who)
            return generation, found, render(draw_meetings_per_quarter, found.quarters, *CHART_SIZE, ratio)

        job = worker.Job(work)
        job.signals.finished.connect(self._on_job_finished)
        job.signals.failed.connect(self._on_job_failed)
        self._jobs[generation] = job
        worker.start(job)

    def is_busy(self) -> bool:
        return self._answered != self._generation

    def _on_job_failed(self, message: str) -> None:
        self._answered = self._generation
        self.last_contact.setText(message)

    def _on_job_finished(self, result: tuple[int, health.Health, Rendered]) -> None:
        generation, found, rendered = result
        for done in [g for g in self._jobs if g <= generation]:
            del self._jobs[done]
        if generation != self._generation:
            return
        self._answered = generation
        self._name = found.name
        self.last_contact.setText(f"Last contact: {found.last_contact_text}")
        self.chart.show_rendered(rendered)
        self.stances.clear()
        for row in reversed(found.stances):
            current = " (current)" if row.current else ""
            self.stances.addItem(f"{row.when}: {row.stance.label} on {row.subject}{current} — {row.source}")
        if not found.stances:
            self.stances.addItem("No stance recorded.")
        self.open_items.clear()
        for ask in found.open_asks:
            self.open_items.addItem(f"Ask: {ask.text}")
        for follow_up in found.open_follow_ups:
            item = QListWidgetItem(
                f"Follow-up: {follow_up.text}"
                + (f" (due {follow_up.due_on:%d %b %Y})" if follow_up.due_on else "")
            )
            item.setData(Qt.ItemDataRole.UserRole, follow_up.meeting_id)
            self.open_items.addItem(item)
        if not (found.open_asks or found.open_follow_ups):
            self.open_items.addItem("Nothing open.")
        self.appointees.clear()
        self.appointees.addItems(list(found.appointees) or ["No one appointed."])
        self.refreshed.emit()

    def _on_changes_changed(self, kind: str) -> None:
        if kind in WATCHED and self._record is not None and self.isVisible():
            self.show_record(*self._record)

    def _on_record_stance_clicked(self) -> None:
        if self._record is None:
            return
        record, record_id = self._record
        who = {"organisation_id": record_id} if record == "organisation" else {"person_id": record_id}
        StanceForm.ask(self, self._database, self._changes, name=self._name, **who)

    def _on_open_items_item_activated(self, item: QListWidgetItem) -> None:
        meeting_id = item.data(Qt.ItemDataRole.UserRole)
        if meeting_id is not None:
            self.meeting_open_requested.emit(int(meeting_id))
