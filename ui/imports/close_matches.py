"""The close matches an import's preview found ("possible match: X?"), each accepted or rejected by the user.

A close match is never taken on a guess: each starts rejected (the name is imported as a new body
or person), and the user ticks the ones that are the record named. The import then takes exactly
the ticked ones (the importers' `accepted`, by the name as the file writes it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from tracker.io.importing import PossibleMatch

Index = QModelIndex | QPersistentModelIndex

ACCEPT_COLUMN = 0
_HEADINGS = ("Same?", "In the file", "Possible match", "Why it looks the same")


class CloseMatchesModel(QAbstractTableModel):
    """One row a close match: a check box (accept: the file's name is that record; unticked, the
    default: a new record), the name as written, the record, and why they look alike."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._matches: list[PossibleMatch] = []
        self._accepted: list[bool] = []

    def set_matches(self, matches: Sequence[PossibleMatch]) -> None:
        """Show these matches, each rejected until ticked; a match shown before keeps its choice."""
        kept = {m.text for m, taken in zip(self._matches, self._accepted, strict=True) if taken}
        self.beginResetModel()
        self._matches = list(dict((m.text, m) for m in matches).values())
        self._accepted = [m.text in kept for m in self._matches]
        self.endResetModel()

    def accepted(self) -> frozenset[str]:
        """The names as written whose close match the user accepted."""
        return frozenset(m.text for m, taken in zip(self._matches, self._accepted, strict=True) if taken)

    def set_accepted(self, row: int, accepted: bool) -> None:
        if 0 <= row < len(self._matches) and self._accepted[row] != accepted:
            self._accepted[row] = accepted
            changed = self.index(row, ACCEPT_COLUMN)
            self.dataChanged.emit(changed, changed, [Qt.ItemDataRole.CheckStateRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._matches)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADINGS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(_HEADINGS):
            return _HEADINGS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._matches)):
            return None
        match = self._matches[index.row()]
        taken = self._accepted[index.row()]
        column = index.column()
        if column == ACCEPT_COLUMN:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if taken else Qt.CheckState.Unchecked
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return "Accept" if taken else "Reject (new)"
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == 1:
            return f"{match.text} ({match.kind})"
        if column == 2:
            return match.label
        return match.reason

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != ACCEPT_COLUMN or role != Qt.ItemDataRole.CheckStateRole:
            return False
        if not 0 <= index.row() < len(self._matches):
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        self.set_accepted(index.row(), checked)
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == ACCEPT_COLUMN:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags


class CloseMatchesPanel(QWidget):
    """The close matches of the last preview, to accept or reject; hidden when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CloseMatchesModel(self)
        self.heading = QLabel(
            "Possible matches: tick those that are the record named; the others are imported as new."
        )
        self.heading.setWordWrap(True)
        self.table = QTableView()
        self.table.setObjectName("import_close_matches")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ACCEPT_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        self.show_matches(())

    def show_matches(self, matches: Sequence[PossibleMatch]) -> None:
        self.model.set_matches(matches)
        self.setVisible(bool(matches))

    def accepted(self) -> frozenset[str]:
        return self.model.accepted()
