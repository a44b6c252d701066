"""The paper's entries as a list the report team ticks, orders and picks to edit."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from tracker.reports.paper import Arrangement, Entry, Paper

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Include", "Heading", "Section", "Meetings")


class ReportEntriesModel(QAbstractTableModel):
    """Rows are the drafted entries in the arranged order; column 0 is a tick box for "include"."""

    arrangement_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, Entry]] = []
        self.arrangement = Arrangement()

    def set_paper(self, paper: Paper, arrangement: Arrangement) -> None:
        """Show a freshly drafted paper, keeping the choices made for entries it still has."""
        keys = {e.key for s in paper.sections for e in s.entries}
        self.arrangement = Arrangement(
            left_out=frozenset(k for k in arrangement.left_out if k in keys),
            order=tuple(k for k in arrangement.order if k in keys),
            texts=tuple((k, t) for k, t in arrangement.texts if k in keys),
        )
        rank = {key: i for i, key in enumerate(self.arrangement.order)}
        self.beginResetModel()
        self._rows = []
        for section in paper.sections:
            ordered = sorted(
                section.entries, key=lambda e: rank.get(e.key, len(rank) + section.entries.index(e))
            )
            self._rows.extend((section.title, e) for e in ordered)
        self.endResetModel()

    def entry(self, row: int) -> Entry | None:
        return self._rows[row][1] if 0 <= row < len(self._rows) else None

    def section_of(self, row: int) -> str:
        return self._rows[row][0] if 0 <= row < len(self._rows) else ""

    def row_of(self, key: str) -> int:
        return next((i for i, (_s, e) in enumerate(self._rows) if e.key == key), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        section, entry = self._rows[index.row()]
        column = index.column()
        if column == 0 and role == Qt.ItemDataRole.CheckStateRole:
            left_out = entry.key in self.arrangement.left_out
            return Qt.CheckState.Unchecked if left_out else Qt.CheckState.Checked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            edited = dict(self.arrangement.texts).get(entry.key) is not None
            return {
                0: "",
                1: entry.heading + (" (edited)" if edited else ""),
                2: section,
                3: str(len(entry.meeting_ids)),
            }[column]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        entry = self._rows[index.row()][1]
        include = Qt.CheckState(value) == Qt.CheckState.Checked
        left_out = set(self.arrangement.left_out)
        (left_out.discard if include else left_out.add)(entry.key)
        self.arrangement = replace(self.arrangement, left_out=frozenset(left_out))
        self.dataChanged.emit(index, self.index(index.row(), len(HEADERS) - 1))
        self.arrangement_changed.emit()
        return True

    def move(self, row: int, step: int) -> int:
        """Move an entry up (-1) or down (+1) within its section; returns its new row."""
        target = row + step
        if not (0 <= row < len(self._rows) and 0 <= target < len(self._rows)):
            return row
        if self._rows[row][0] != self._rows[target][0]:
            return row
        destination = target + 1 if step > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._rows[row], self._rows[target] = self._rows[target], self._rows[row]
        self.endMoveRows()
        self.arrangement = replace(self.arrangement, order=tuple(e.key for _s, e in self._rows))
        self.arrangement_changed.emit()
        return target

    def set_text(self, key: str, text: str | None) -> None:
        """Rewrite an entry's text for this report (None: back to the drafted text)."""
        texts = [(k, t) for k, t in self.arrangement.texts if k != key]
        if text is not None:
            texts.append((key, text))
        self.arrangement = replace(self.arrangement, texts=tuple(texts))
        row = self.row_of(key)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        self.arrangement_changed.emit()
