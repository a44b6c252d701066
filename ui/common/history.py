"""A record's history, read-only: every create, change and delete, who made it and when."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from tracker.common import history
from tracker.common.history import HistoryLine, Subject
from ui.common.keyboard import free_tab

Index = QModelIndex | QPersistentModelIndex
ACTIONS = {"create": "Added", "update": "Changed", "delete": "Removed", "erase": "Erased"}


class HistoryModel(QAbstractTableModel):
    """The lines of a record's history, newest first; nothing in it can be edited."""

    HEADERS = ("When", "Who", "Action", "What", "Field", "Before", "After")

    def __init__(self, lines: tuple[HistoryLine, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines = lines

    def set_lines(self, lines: tuple[HistoryLine, ...]) -> None:
        self.beginResetModel()
        self._lines = lines
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._lines)):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        line = self._lines[index.row()]
        texts = (
            line.at.strftime("%d/%m/%Y %H:%M"),  # stored in UTC, as every audit entry is
            line.actor,
            ACTIONS.get(line.action.value, line.action.value),
            line.what,
            line.field,
            line.before,
            line.after,
        )
        return texts[index.column()]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class HistoryDialog(QDialog):
    """The history of one record; `show_for` opens it."""

    def __init__(
        self,
        database: Database,
        subject: Subject,
        record_id: int,
        heading: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History — {heading}" if heading else "History")
        self.resize(1100, 560)
        with database.reading() as session:
            lines = history.lines(session, subject, record_id)
        self.model = HistoryModel(lines, self)
        # One save writes its entries at one moment: lines sharing a time and a name are one change.
        changes = len({(line.at, line.actor) for line in lines})
        summary = QLabel(
            f"{changes} change{'' if changes == 1 else 's'} recorded, newest first. Times are UTC."
            " The history is written with each change and cannot be edited."
            if lines
            else "No changes are recorded for this record."
        )
        summary.setObjectName("summary")
        summary.setWordWrap(True)
        self.table = QTableView()
        self.table.setObjectName("history")
        self.table.setModel(self.model)
        free_tab(self.table)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((120, 110, 75, 190, 120, 220)):
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    @classmethod
    def show_for(
        cls, parent: QWidget | None, database: Database, subject: Subject, record_id: int, heading: str
    ) -> None:
        cls(database, subject, record_id, heading, parent).exec()


def history_button() -> QPushButton:
    button = QPushButton("History…")
    button.setObjectName("history_button")
    button.setToolTip("Every change to this record: who made it, when, and the values before and after")
    button.setAutoDefault(False)
    return button
