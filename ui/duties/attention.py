"""The "Needs attention" panel: vacant seats, quiet bodies, overdue report-backs, terms ending."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from db.engine import Database
from tracker import duties
from ui.changes import Changes
from ui.duties.models import attention_model

WATCHED = ("appointments", "meetings", "people", "organisations", "report-backs")


class AttentionPanel(QWidget):
    """Lists what needs a look across the association today; Enter or double-click opens it."""

    organisation_open_requested = Signal(int)
    person_open_requested = Signal(int)

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.model = attention_model()
        self.title = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().hide()
        self.table.setShowGrid(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.setColumnWidth(0, 170)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        self.table.activated.connect(self._on_table_activated)
        changes.changed.connect(self._on_changes_changed)
        self.refresh()

    def refresh(self, as_of: date | None = None) -> None:
        with self._database.session() as session:
            items = duties.needs_attention(session, as_of or date.today())
        self.model.set_rows(items)
        self.title.setText(
            f"<b>Needs attention ({len(items)})</b> — double-click an item to open it"
            if items
            else "<b>Needs attention</b>: nothing at present"
        )

    def _on_changes_changed(self, kind: str) -> None:
        if kind in WATCHED:
            self.refresh()

    def _on_table_activated(self, index: QModelIndex) -> None:
        item = self.model.row(index.row())
        if item is None:
            return
        if item.record == "organisation":
            self.organisation_open_requested.emit(item.record_id)
        elif item.record == "person":
            self.person_open_requested.emit(item.record_id)
